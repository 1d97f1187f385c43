"""Turn caller input into the arrays a gallery stores, or refuse it clearly.

Everything is checked before anything is written, so a refused batch leaves
a gallery exactly as it was. One bad vector in a gallery would poison every
search (a NaN row compares false with everything), hence the strictness.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from matching.errors import BadTemplate, Conflict, InvalidInput

__all__ = ["MAX_SQUARED_NORM", "as_ids", "as_k", "as_matrix", "as_max_distance"]

# Squared norms above this would overflow float32 inside `|a|^2 + |b|^2 - 2ab`
# (dlib templates have norms near 1).
MAX_SQUARED_NORM = 1e30


def as_matrix(templates: Any, dim: int, *, what: str = "template",
              allow_zero: bool = True) -> np.ndarray:
    """Return `templates` as a C-contiguous (m, dim) float32 matrix.

    Accepts one vector (dim,) as m = 1. Refuses wrong shapes, non-float
    dtypes (an int array is almost always a caller bug), NaN, inf, norms
    that overflow float32 arithmetic and, when `allow_zero` is false (cosine),
    all-zero vectors, which have no direction.
    """
    array = np.asarray(templates)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2 or array.shape[1] != dim:
        raise BadTemplate(f"a {what} has {dim} values, got shape {np.shape(templates)}")
    if not np.issubdtype(array.dtype, np.floating):
        raise BadTemplate(f"a {what} holds floats, got {array.dtype}")
    matrix = np.ascontiguousarray(array, dtype=np.float32)
    if not np.isfinite(matrix).all():
        raise BadTemplate(f"a {what} must not contain NaN or infinity")
    squared = np.einsum("ij,ij->i", matrix, matrix, dtype=np.float64)
    if (squared > MAX_SQUARED_NORM).any():
        raise BadTemplate(f"a {what} is too large (squared norm above {MAX_SQUARED_NORM:g})")
    if not allow_zero and (squared == 0.0).any():
        raise BadTemplate(f"an all-zero {what} has no direction (cosine metric)")
    return matrix


def as_ids(ids: Any) -> np.ndarray:
    """Return `ids` (one int or many) as a 1-d int64 array of distinct ids >= 0."""
    array = np.asarray(ids)
    if array.ndim == 0:
        array = array[np.newaxis]
    if array.ndim != 1:
        raise InvalidInput(f"ids must be one integer or a 1-d sequence, got shape {array.shape}",
                           code="bad_ids")
    if array.size and (array.dtype == np.bool_ or not np.issubdtype(array.dtype, np.integer)):
        raise InvalidInput(f"ids must be integers, got {array.dtype}", code="bad_ids")
    if array.size and array.dtype == np.uint64 and (array > np.iinfo(np.int64).max).any():
        raise InvalidInput("ids must fit in int64", code="bad_ids")
    array = array.astype(np.int64, copy=False)
    if array.size and array.min() < 0:
        raise InvalidInput("ids must be >= 0 (-1 pads search results)", code="bad_ids")
    if array.size > 1:
        unique, counts = np.unique(array, return_counts=True)
        if (counts > 1).any():
            raise Conflict(f"id {int(unique[counts > 1][0])} is given twice in one call",
                           code="duplicate_id")
    return array


def as_k(k: Any) -> int:
    """Return `k` as a positive int (how many neighbours a search returns)."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InvalidInput(f"k must be a positive integer, got {k!r}", code="bad_k")
    return int(k)


def as_max_distance(max_distance: Any) -> float | None:
    """Return the distance cut-off as a float (None: no cut-off)."""
    if max_distance is None:
        return None
    try:
        value = float(max_distance)
    except (TypeError, ValueError):
        raise InvalidInput(f"max_distance must be a number, got {max_distance!r}",
                           code="bad_max_distance") from None
    if not np.isfinite(value) or value < 0:
        raise InvalidInput(f"max_distance must be finite and >= 0, got {value}",
                           code="bad_max_distance")
    return value
