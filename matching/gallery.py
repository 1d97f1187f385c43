"""One gallery: templates in one contiguous float32 matrix, searched exactly.

A gallery is what a gate searches: the passengers of a flight (hundreds of
rows) or of an airport's day (tens of thousands). Rows live in an (capacity
x d) float32 matrix with int64 ids and per-row norm terms beside it;
`add` appends (capacity doubles, so adding is amortised O(1) and never
re-stacks the matrix), `remove` swap-removes (the last row moves into the
hole, O(1) per id), `update` rewrites one row. Row order is therefore not
insertion order; ids are the only handle.

Concurrency (see `matching.rwlock` for the why): searches share a
readers-writer lock, so any number run at once (numpy releases the GIL in
BLAS) and each sees one consistent version. Mutations are serialised by a
writer mutex and do their slow parts (validation, norms, growing and copying
the matrix, writing appended rows beyond the visible length) before taking
the exclusive side, which they hold only to publish: O(1) for an add, O(m)
vectorised moves for removing m ids. A reader never sees a half-written row.
"""

from __future__ import annotations

import operator
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.distance import METRICS, error_factor, exact_distances, row_terms
from matching.errors import Conflict, InvalidInput, NotFound
from matching.result import SearchResult
from matching.rwlock import RWLock
from matching.templates import TEMPLATE_DIM
from matching.topk import exact_topk
from matching.validation import as_ids, as_k, as_matrix, as_max_distance

__all__ = ["Gallery", "GallerySnapshot"]


@dataclass(frozen=True, slots=True)
class GallerySnapshot:
    """A point-in-time, read-only copy of a gallery (ids[i] owns templates[i])."""

    ids: np.ndarray
    templates: np.ndarray
    metric: str
    version: int

    def __len__(self) -> int:
        return len(self.ids)


class Gallery:
    """Templates with int64 ids, searchable by exact top-k (Euclidean or cosine).

    Errors (all `matching.errors.DomainError`): BadTemplate `bad_template`
    for wrong shape, non-float dtype, NaN/inf, a zero vector under cosine;
    InvalidInput `bad_ids`, `bad_k`, `bad_max_distance`, `length_mismatch`;
    Conflict `duplicate_id`; NotFound `id_not_found`. A refused call
    changes nothing.
    """

    def __init__(self, dim: int = TEMPLATE_DIM, metric: str = "euclidean",
                 initial_capacity: int = 256) -> None:
        if metric not in METRICS:
            raise InvalidInput(f"metric must be one of {METRICS}, got {metric!r}",
                               code="bad_metric")
        if dim < 1 or initial_capacity < 1:
            raise InvalidInput("dim and initial_capacity must be positive", code="bad_gallery")
        self._dim = int(dim)
        self._metric = metric
        self._eps = error_factor(self._dim)
        self._initial = int(initial_capacity)
        self._lock = RWLock()
        self._writer = threading.Lock()
        self._n = 0
        self._version = 0
        self._slack_max = 0.0  # never lowered while rows remain: a safe, loose bound
        self._pos: dict[int, int] = {}
        self._rows, self._ids, self._term, self._slack = self._allocate(self._initial)

    # -- reading -------------------------------------------------------------------

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def metric(self) -> str:
        return self._metric

    @property
    def version(self) -> int:
        """Bumped by every successful add, remove and update."""
        return self._version

    @property
    def capacity(self) -> int:
        return len(self._rows)

    def __len__(self) -> int:
        return self._n

    def __contains__(self, template_id: object) -> bool:
        try:
            return operator.index(template_id) in self._pos  # type: ignore[arg-type]
        except TypeError:
            return False

    def __repr__(self) -> str:
        return f"Gallery(n={self._n}, dim={self._dim}, metric={self._metric!r})"

    def ids(self) -> np.ndarray:
        """A copy of the ids, in row order (which removals reshuffle)."""
        with self._lock.read():
            return self._ids[: self._n].copy()

    def get(self, template_id: int) -> np.ndarray:
        """A copy of the stored template of `template_id` (NotFound if absent)."""
        with self._lock.read():
            return self._rows[self._position(template_id)].copy()

    def snapshot(self) -> GallerySnapshot:
        """A consistent read-only copy (O(N) copy: for persistence and checks)."""
        with self._lock.read():
            ids = self._ids[: self._n].copy()
            templates = self._rows[: self._n].copy()
            version = self._version
        ids.flags.writeable = False
        templates.flags.writeable = False
        return GallerySnapshot(ids, templates, self._metric, version)

    def search(self, queries: Any, k: int = 2, max_distance: float | None = None
               ) -> SearchResult:
        """The k nearest templates to each query, exactly (see `SearchResult`).

        `queries` is (B, d) or one (d,) vector (B = 1). `max_distance`
        keeps only matches at or below it (exact distance).
        """
        matrix = self.check_queries(queries)
        ids, distances, version = self.search_checked(matrix, as_k(k),
                                                      as_max_distance(max_distance))
        return SearchResult(ids, distances.astype(np.float32), version)

    def check_queries(self, queries: Any) -> np.ndarray:
        """Validate queries into the (B, d) float32 matrix `search_checked` takes."""
        return as_matrix(queries, self._dim, what="query",
                         allow_zero=self._metric != "cosine")

    def search_checked(self, queries: np.ndarray, k: int, max_distance: float | None
                       ) -> tuple[np.ndarray, np.ndarray, int]:
        """Search already-validated queries: (ids, float64 distances, version).

        For the index and the batcher, which validate once and merge results
        exactly in float64.
        """
        with self._lock.read():
            n = self._n
            ids, distances = exact_topk(
                self._rows[:n], self._ids[:n], self._term[:n], self._slack[:n], queries, k,
                metric=self._metric, eps=self._eps, slack_max=self._slack_max,
                max_distance=max_distance)
            return ids, distances, self._version

    def verify(self, template_id: int, template: Any) -> float:
        """1:1 distance between `template` and the stored template of `template_id`."""
        probe = as_matrix(template, self._dim, what="query",
                          allow_zero=self._metric != "cosine")
        if len(probe) != 1:
            raise InvalidInput("verify takes one template", code="bad_template")
        with self._lock.read():
            stored = self._rows[self._position(template_id)].copy()
        return float(exact_distances(self._metric, stored[np.newaxis], probe)[0])

    # -- writing -------------------------------------------------------------------

    def add(self, ids: Any, templates: Any) -> int:
        """Add one template (id, (d,)) or many (ids (m,), (m, d)); return the version."""
        new_ids = as_ids(ids)
        rows = as_matrix(templates, self._dim, allow_zero=self._metric != "cosine")
        if len(new_ids) != len(rows):
            raise InvalidInput(f"{len(new_ids)} ids for {len(rows)} templates",
                               code="length_mismatch")
        if len(rows) == 0:
            return self._version
        term, slack = row_terms(self._metric, rows, self._eps)
        id_list = new_ids.tolist()
        with self._writer:
            taken = next((i for i in id_list if i in self._pos), None)
            if taken is not None:
                raise Conflict(f"id {taken} is already in the gallery", code="duplicate_id")
            start, stop = self._n, self._n + len(rows)
            arrays = self._arrays_for(stop)
            for target, values in zip(arrays, (rows, new_ids, term, slack), strict=True):
                target[start:stop] = values  # beyond the visible length: no reader sees it
            positions = dict(zip(id_list, range(start, stop), strict=True))
            with self._lock.write():
                self._rows, self._ids, self._term, self._slack = arrays
                self._slack_max = max(self._slack_max, float(slack.max()))
                self._pos.update(positions)
                self._n = stop
                self._version += 1
                return self._version

    def remove(self, ids: Any) -> int:
        """Remove templates by id (all must exist); return the version.

        Swap-remove: the surviving last rows move into the holes, so this is
        O(number removed) however large the gallery.
        """
        gone = as_ids(ids)
        with self._writer:
            if gone.size == 0:
                return self._version
            doomed = np.fromiter((self._position(i) for i in gone.tolist()),
                                 dtype=np.int64, count=gone.size)
            keep_n = self._n - gone.size
            tail = np.arange(keep_n, self._n)
            movers = tail[~np.isin(tail, doomed)]  # survivors among the last rows
            holes = np.sort(doomed[doomed < keep_n])  # as many holes below keep_n
            with self._lock.write():
                for array in (self._rows, self._ids, self._term, self._slack):
                    array[holes] = array[movers]
                for template_id in gone.tolist():
                    del self._pos[template_id]
                for hole, moved_id in zip(holes.tolist(), self._ids[holes].tolist(),
                                          strict=True):
                    self._pos[moved_id] = hole
                self._n = keep_n
                if keep_n == 0:
                    self._slack_max = 0.0
                self._version += 1
                version = self._version
            self._maybe_shrink()
            return version

    def update(self, template_id: int, template: Any) -> int:
        """Replace the template of an existing id; return the version."""
        row = as_matrix(template, self._dim, allow_zero=self._metric != "cosine")
        if len(row) != 1:
            raise InvalidInput("update takes one template", code="bad_template")
        term, slack = row_terms(self._metric, row, self._eps)
        with self._writer:
            position = self._position(template_id)
            with self._lock.write():
                self._rows[position] = row[0]
                self._term[position] = term[0]
                self._slack[position] = slack[0]
                self._slack_max = max(self._slack_max, float(slack[0]))
                self._version += 1
                return self._version

    # -- internals -----------------------------------------------------------------

    def _position(self, template_id: int) -> int:
        try:
            return self._pos[operator.index(template_id)]
        except TypeError:
            raise InvalidInput(f"an id is an integer, got {template_id!r}",
                               code="bad_ids") from None
        except KeyError:
            raise NotFound(f"id {template_id} is not in the gallery",
                           code="id_not_found") from None

    def _allocate(self, capacity: int) -> tuple[np.ndarray, ...]:
        return (np.zeros((capacity, self._dim), dtype=np.float32),
                np.zeros(capacity, dtype=np.int64),
                np.zeros(capacity, dtype=np.float32),
                np.zeros(capacity, dtype=np.float32))

    def _arrays_for(self, size: int) -> tuple[np.ndarray, ...]:
        """The current arrays, or doubled copies when `size` rows do not fit.

        Called under the writer mutex, so the rows cannot change while they
        are copied; readers keep using the old arrays until the swap.
        """
        current = (self._rows, self._ids, self._term, self._slack)
        if size <= len(self._rows):
            return current
        capacity = len(self._rows)
        while capacity < size:
            capacity *= 2
        grown = self._allocate(capacity)
        for target, source in zip(grown, current, strict=True):
            target[: self._n] = source[: self._n]
        return grown

    def _maybe_shrink(self) -> None:
        """Halve storage when under a quarter full (amortised O(1); writer mutex held)."""
        capacity = len(self._rows)
        if capacity <= self._initial or self._n * 4 > capacity:
            return
        smaller = self._allocate(max(self._initial, self._n * 2))
        current = (self._rows, self._ids, self._term, self._slack)
        for target, source in zip(smaller, current, strict=True):
            target[: self._n] = source[: self._n]
        with self._lock.write():
            self._rows, self._ids, self._term, self._slack = smaller
