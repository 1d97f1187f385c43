"""A slow, obviously-correct float64 brute force that searches are checked against.

Same definitions as the gallery promises: Euclidean distance
sqrt(sum((g - q)^2)); cosine distance 1 - g.q / sqrt(|g|^2 |q|^2); order by
distance, then lower id; pad with id -1 and distance inf. Plain float64
numpy and a Python sort per query, sharing no code with `matching`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["brute_force", "distance", "unit_templates"]


def distance(metric: str, templates: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Exact float64 distances from each of `templates` (m, d) to one query."""
    g = np.atleast_2d(np.asarray(templates, dtype=np.float64))
    q = np.asarray(query, dtype=np.float64)
    if metric == "euclidean":
        return np.sqrt(np.sum((g - q) ** 2, axis=1))
    return 1.0 - np.sum(g * q, axis=1) / np.sqrt(np.sum(g * g, axis=1) * np.sum(q * q))


def brute_force(ids: np.ndarray, templates: np.ndarray, queries: np.ndarray, k: int,
                metric: str = "euclidean", max_distance: float | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """(ids (B, k) int64, distances (B, k) float64) of the k nearest, exactly."""
    ids = np.asarray(ids, dtype=np.int64)
    queries = np.atleast_2d(queries)
    out_ids = np.full((len(queries), k), -1, dtype=np.int64)
    out_dist = np.full((len(queries), k), np.inf)
    for b, query in enumerate(queries):
        if len(ids) == 0:
            continue
        dist = distance(metric, templates, query)
        order = sorted(range(len(ids)), key=lambda i: (dist[i], ids[i]))
        if max_distance is not None:
            order = [i for i in order if dist[i] <= max_distance]
        order = order[:k]
        out_ids[b, : len(order)] = ids[order]
        out_dist[b, : len(order)] = dist[order]
    return out_ids, out_dist


def unit_templates(rng: np.random.Generator, n: int, dim: int = 128) -> np.ndarray:
    """Random float32 templates of norm 1 (the scale of face embeddings)."""
    raw = rng.standard_normal((n, dim))
    return (raw / np.linalg.norm(raw, axis=1, keepdims=True)).astype(np.float32)
