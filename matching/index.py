"""Many galleries keyed by partition: a flight, an airport-day, a gate's window.

A boarding gate searches the flight(s) boarding there (hundreds of rows);
security searches the airport's departures of the day. Each partition is an
independent `Gallery`, so creating or dropping one is a dict operation
(hundreds a day are cheap), and searches of different partitions never
contend. Keys are any hashable: `"VN213-2025-12-13"`, `("SGN", date)`.

A search over several partitions searches each exactly and merges the
top-k lists (distance, then id). An id present in two searched partitions
counts once, at its best distance, so the runner-up used for a gate's margin
is always a different template. A merged search is not one atomic snapshot
across partitions: each partition is read consistently, one after another.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from matching.errors import Conflict, InvalidInput, NotFound
from matching.gallery import Gallery
from matching.result import SearchResult, merge_topk
from matching.templates import TEMPLATE_DIM
from matching.validation import as_k, as_matrix, as_max_distance

__all__ = ["PartitionedIndex", "partition_keys"]


def partition_keys(keys: Any) -> list[Hashable]:
    """Normalise a search's `keys`: a list, set or frozenset names several
    partitions; anything else (a string, a tuple such as ("SGN", day)) is one key."""
    if isinstance(keys, list | set | frozenset):
        if not keys:
            raise InvalidInput("name at least one partition to search", code="no_partition")
        return list(dict.fromkeys(keys))
    return [keys]


class PartitionedIndex:
    """Galleries by partition key, all with the same dimension and metric."""

    def __init__(self, dim: int = TEMPLATE_DIM, metric: str = "euclidean",
                 initial_capacity: int = 256) -> None:
        Gallery(dim, metric, 1)  # validates the arguments once, here
        self._dim = dim
        self._metric = metric
        self._initial = initial_capacity
        self._galleries: dict[Hashable, Gallery] = {}
        self._lock = threading.Lock()  # guards the dict only, never a search

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def metric(self) -> str:
        return self._metric

    def __contains__(self, key: Hashable) -> bool:
        return key in self._galleries

    def __len__(self) -> int:
        """The number of partitions."""
        return len(self._galleries)

    def keys(self) -> list[Hashable]:
        return list(self._galleries)

    def sizes(self) -> dict[Hashable, int]:
        """Templates per partition."""
        return {key: len(gallery) for key, gallery in list(self._galleries.items())}

    def total(self) -> int:
        """Templates over all partitions."""
        return sum(self.sizes().values())

    def create(self, key: Hashable, *, exist_ok: bool = False,
               initial_capacity: int | None = None) -> Gallery:
        """Create an empty partition (Conflict `partition_exists` unless `exist_ok`)."""
        with self._lock:
            if key in self._galleries:
                if exist_ok:
                    return self._galleries[key]
                raise Conflict(f"partition {key!r} already exists", code="partition_exists")
            gallery = Gallery(self._dim, self._metric, initial_capacity or self._initial)
            self._galleries[key] = gallery
            return gallery

    def drop(self, key: Hashable, *, missing_ok: bool = False) -> None:
        """Forget a partition. Searches already running on it finish normally."""
        with self._lock:
            if self._galleries.pop(key, None) is None and not missing_ok:
                raise NotFound(f"no partition {key!r}", code="partition_not_found")

    def gallery(self, key: Hashable) -> Gallery:
        """The partition's gallery (NotFound `partition_not_found`)."""
        try:
            return self._galleries[key]
        except KeyError:
            raise NotFound(f"no partition {key!r}", code="partition_not_found") from None
        except TypeError:
            raise InvalidInput(f"a partition key must be hashable, got {key!r}",
                               code="bad_partition") from None

    __getitem__ = gallery

    def add(self, key: Hashable, ids: Any, templates: Any, *, create: bool = True) -> int:
        """Add templates to a partition, creating it first unless `create` is False."""
        gallery = self.create(key, exist_ok=True) if create else self.gallery(key)
        return gallery.add(ids, templates)

    def remove(self, key: Hashable, ids: Any) -> int:
        return self.gallery(key).remove(ids)

    def update(self, key: Hashable, template_id: int, template: Any) -> int:
        return self.gallery(key).update(template_id, template)

    def search(self, keys: Any, queries: Any, k: int = 2,
               max_distance: float | None = None) -> SearchResult:
        """Exact top-k over one partition or the union of several (see module doc)."""
        matrix = self.check_queries(queries)
        ids, distances, version = self.search_checked(keys, matrix, as_k(k),
                                                      as_max_distance(max_distance))
        return SearchResult(ids, distances.astype(np.float32), version)

    def check_queries(self, queries: Any) -> np.ndarray:
        """Validate queries into the (B, d) float32 matrix `search_checked` takes."""
        return as_matrix(queries, self._dim, what="query", allow_zero=self._metric != "cosine")

    def search_checked(self, keys: Any, queries: np.ndarray, k: int,
                       max_distance: float | None
                       ) -> tuple[np.ndarray, np.ndarray, int | None]:
        """Search validated queries: (ids, float64 distances, version or None if merged)."""
        galleries = [self.gallery(key) for key in partition_keys(keys)]
        parts = [g.search_checked(queries, k, max_distance) for g in galleries]
        if len(parts) == 1:
            return parts[0]
        ids, distances = merge_topk([(p[0], p[1]) for p in parts], k)
        return ids, distances, None

    def drop_all(self, keys: Iterable[Hashable]) -> None:
        """Drop several partitions (those absent are ignored), e.g. a day's flights."""
        for key in keys:
            self.drop(key, missing_ok=True)
