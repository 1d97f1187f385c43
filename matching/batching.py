"""Micro-batching: many threads ask for one search each; one matrix product answers them.

A single-query search is a matrix-vector product: it streams the whole
gallery from memory (25 MB at 50,000 rows) to do 2 flops per byte. When 30
gates scan at once, 30 such passes fight over the same memory bandwidth and,
if each BLAS call starts its own threads, over the same 2 cores (DESIGN.md:
~18 searches/s instead of ~480). Batched, the 30 queries become one
(30 x d) x (d x N) product that reads the gallery once.

`BatchSearcher` owns one dispatcher thread. Callers `submit` (or `search`,
which waits) from any thread; queries are validated in the caller's thread,
so a bad one fails alone. The dispatcher takes everything queued (up to
`max_batch` queries), groups it by partition keys, runs one exact search per
group with the largest k asked and splits the answers: each caller gets
exactly what `Gallery.search` would have returned (its k, its
`max_distance`). With `max_wait` = 0 (the default) nothing waits for a batch
to fill: a lone query runs at once, and queries that arrive while a batch is
running form the next one, so batches grow only under load.

Two ways to use the cores, measured by `skygate bench matching`: one
dispatcher (`workers=1`) with BLAS at its full thread count, or one
dispatcher per core (`workers=2` on this machine) with BLAS limited to one
thread per call (`matching.blas.set_blas_threads(1)`), which degrades more
gracefully when other processes compete for the cores. Either way the
request threads only wait on a future.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Hashable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching.errors import InvalidInput, Unavailable
from matching.gallery import Gallery
from matching.index import PartitionedIndex, partition_keys
from matching.result import SearchResult
from matching.validation import as_k, as_max_distance

__all__ = ["BatchSearcher"]


@dataclass(slots=True)
class _Request:
    queries: np.ndarray
    k: int
    max_distance: float | None
    group: tuple[Hashable, ...] | None
    future: Future[SearchResult] = field(default_factory=Future)


class BatchSearcher:
    """Serve concurrent searches of one gallery or index with batched products."""

    def __init__(self, target: Gallery | PartitionedIndex, *, max_batch: int = 64,
                 max_wait: float = 0.0, workers: int = 1,
                 name: str = "matching-batcher") -> None:
        if max_batch < 1 or max_wait < 0 or workers < 1:
            raise InvalidInput("max_batch and workers must be >= 1, max_wait >= 0",
                               code="bad_batcher")
        self._target = target
        self._partitioned = isinstance(target, PartitionedIndex)
        self._max_batch = max_batch
        self._max_wait = max_wait
        self._queue: deque[_Request] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self.batches = 0  # searches run (one per group per batch)
        self.queries = 0  # queries answered
        self._threads = [threading.Thread(target=self._serve, name=f"{name}-{i}", daemon=True)
                         for i in range(workers)]
        for thread in self._threads:
            thread.start()

    @property
    def mean_batch(self) -> float:
        """Queries per search run so far (1.0 means no batching happened)."""
        return self.queries / self.batches if self.batches else 0.0

    def submit(self, queries: Any, k: int = 2, max_distance: float | None = None,
               keys: Any = None) -> Future[SearchResult]:
        """Queue a search; the future holds what `search` on the target would return.

        `keys` names the partition(s) when the target is a `PartitionedIndex`
        (same rules as `PartitionedIndex.search`), and must be None otherwise.
        """
        request = _Request(self._target.check_queries(queries), as_k(k),
                           as_max_distance(max_distance), self._group(keys))
        with self._cond:
            if self._closed:
                raise Unavailable("the matcher is shutting down", code="matcher_closed")
            self._queue.append(request)
            self._cond.notify()
        return request.future

    def search(self, queries: Any, k: int = 2, max_distance: float | None = None,
               keys: Any = None, timeout: float | None = None) -> SearchResult:
        """`submit` and wait for the answer."""
        return self.submit(queries, k, max_distance, keys).result(timeout)

    def close(self) -> None:
        """Answer what is queued, then stop the dispatcher; later submits fail."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> BatchSearcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- dispatcher ----------------------------------------------------------------

    def _group(self, keys: Any) -> tuple[Hashable, ...] | None:
        if not self._partitioned:
            if keys is not None:
                raise InvalidInput("keys only apply to a partitioned index", code="bad_partition")
            return None
        if keys is None:
            raise InvalidInput("name the partition(s) to search", code="no_partition")
        return tuple(partition_keys(keys))

    def _serve(self) -> None:
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            groups: dict[tuple[Hashable, ...] | None, list[_Request]] = {}
            for request in batch:
                if request.future.set_running_or_notify_cancel():
                    groups.setdefault(request.group, []).append(request)
            for group, requests in groups.items():
                self._run(group, requests)

    def _next_batch(self) -> list[_Request] | None:
        """Block until work is queued; take up to `max_batch` queries of it."""
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            if not self._queue:
                return None
            if self._max_wait and not self._closed:
                self._cond.wait_for(lambda: self._queued_rows() >= self._max_batch
                                    or self._closed, timeout=self._max_wait)
            batch, rows = [], 0
            while self._queue and (not batch or rows + len(self._queue[0].queries)
                                   <= self._max_batch):
                request = self._queue.popleft()
                batch.append(request)
                rows += len(request.queries)
            return batch

    def _queued_rows(self) -> int:
        return sum(len(request.queries) for request in self._queue)

    def _run(self, group: tuple[Hashable, ...] | None, requests: list[_Request]) -> None:
        """One exact search for the group, split back into each request's answer."""
        try:
            queries = np.concatenate([r.queries for r in requests]) if len(requests) > 1 \
                else requests[0].queries
            k = max(r.k for r in requests)
            cutoffs = [r.max_distance for r in requests]
            cutoff = None if None in cutoffs else max(cutoffs)  # type: ignore[type-var]
            if self._partitioned:
                ids, distances, version = self._target.search_checked(  # type: ignore[call-arg]
                    list(group or ()), queries, k, cutoff)
            else:
                ids, distances, version = self._target.search_checked(  # type: ignore[call-arg]
                    queries, k, cutoff)
        except BaseException as exc:  # noqa: BLE001  (every caller must hear of it)
            for request in requests:
                request.future.set_exception(exc)
            return
        with self._cond:
            self.batches += 1
            self.queries += len(queries)
        start = 0
        for request in requests:
            stop = start + len(request.queries)
            request.future.set_result(_slice(ids[start:stop], distances[start:stop],
                                             request, version))
            start = stop


def _slice(ids: np.ndarray, distances: np.ndarray, request: _Request,
           version: int | None) -> SearchResult:
    """One request's answer out of a batch searched with a larger k and cut-off."""
    ids = ids[:, : request.k].copy()
    distances = distances[:, : request.k].copy()
    if request.max_distance is not None:
        beyond = distances > request.max_distance
        ids[beyond] = -1
        distances[beyond] = np.inf
    return SearchResult(ids, distances.astype(np.float32), version)
