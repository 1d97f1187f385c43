"""What a search returns, and how results from several galleries merge."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["SearchResult", "merge_topk"]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The k nearest templates for each of B queries, nearest first.

    `ids` is (B, k) int64 and `distances` (B, k) float32 (Euclidean, or
    cosine distance = 1 - cosine similarity). Where fewer than k templates
    qualify (k > gallery size, or beyond `max_distance`) the row is padded
    with id -1 and distance inf. Equal distances are ordered by lower id.
    `version` is the gallery version the search saw (every add, remove or
    update bumps it); None for a search merged over several partitions.
    """

    ids: np.ndarray
    distances: np.ndarray
    version: int | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def found(self) -> np.ndarray:
        """(B, k) bool: which slots hold a real match rather than padding."""
        return self.ids >= 0


def merge_topk(parts: list[tuple[np.ndarray, np.ndarray]], k: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """Merge per-partition top-k lists into one (ids, float64 distances) top-k.

    Each part is (ids (B, k'), distances (B, k') float64) from one gallery.
    An id present in several partitions counts once, at its best distance,
    so the runner-up (the gate's margin) is always a different template id.
    Ranking: distance, then id.
    """
    n_queries = len(parts[0][0])
    ids = np.concatenate([p[0] for p in parts], axis=1)
    dist = np.concatenate([p[1] for p in parts], axis=1)
    rows = np.repeat(np.arange(n_queries), ids.shape[1])
    ids, dist = ids.ravel(), dist.ravel()
    real = ids >= 0
    rows, ids, dist = rows[real], ids[real], dist[real]
    order = np.lexsort((ids, dist, rows))
    rows, ids, dist = rows[order], ids[order], dist[order]
    # Keep the first (best) occurrence of each (query, id) pair.
    pair_order = np.lexsort((np.arange(rows.size), ids, rows))
    first = np.ones(rows.size, dtype=bool)
    same = (rows[pair_order][1:] == rows[pair_order][:-1]) & (
        ids[pair_order][1:] == ids[pair_order][:-1])
    first[pair_order[1:][same]] = False
    rows, ids, dist = rows[first], ids[first], dist[first]
    out_ids = np.full((n_queries, k), -1, dtype=np.int64)
    out_dist = np.full((n_queries, k), np.inf, dtype=np.float64)
    starts = np.searchsorted(rows, np.arange(n_queries))
    rank = np.arange(rows.size) - starts[rows]
    top = rank < k
    out_ids[rows[top], rank[top]] = ids[top]
    out_dist[rows[top], rank[top]] = dist[top]
    return out_ids, out_dist
