"""The two metrics, as a fast float32 key for ranking and an exact distance.

A search ranks every row by a *key* computed with one BLAS product, then
recomputes the exact distance (float64) of the few rows that can still be in
the top k. The key is monotone in the distance for a fixed query:

- euclidean: key = |g|^2 - 2 q.g   (distance^2 = key + |q|^2)
- cosine:    key = -(q.g) / |g|    (distance = 1 + key / |q|, i.e. 1 - cos)

Cosine *distance* (1 - cosine similarity, in [0, 2]) is what searches return,
so that smaller is nearer for both metrics and `max_distance` means the same.

Why two stages: in float32, `|a|^2 + |b|^2 - 2ab` loses everything when a is
close to b (a duplicate's distance comes out ~3e-4, not 0) and two equal rows
can get keys that differ in the last bit, which would break the tie rule. The
key's rounding error has a proven bound (`error_factor`), so the candidates
kept are exactly those whose true key may be within the k best, and the
exact float64 distance then decides, ties going to the lower id.

Per-row terms are stored beside the matrix (`row_terms`), so a key costs one
BLAS pass plus one fused add or multiply:

- euclidean: term = |g|^2 (1 - eps), slack = 2 eps |g|^2, key = term + g.(-2q)
  (the (1 - eps) shift makes the float32 key a lower bound of the true key,
  up to eps |q|^2; multiplying q by -2 is exact).
- cosine: term = -1 / |g|, slack = 0, key = (g.q) * term.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = [
    "METRICS",
    "Metric",
    "error_factor",
    "exact_distances",
    "key_limit",
    "query_terms",
    "row_terms",
]

Metric = Literal["euclidean", "cosine"]
METRICS: tuple[str, ...] = ("euclidean", "cosine")

_UNIT_ROUNDOFF = float(np.finfo(np.float32).eps) / 2  # 2**-24


def error_factor(dim: int) -> float:
    """A bound eps on the relative rounding error of a float32 key.

    A float32 dot product of length d errs by at most ~d u |q||g| in any
    summation order (u = 2**-24); the norm term, the add and the scaling add
    a few u more. The factor 2 is head-room for BLAS kernels that block the
    sum differently; a loose bound only admits a few more candidates.
    """
    return 2.0 * (dim + 8) * _UNIT_ROUNDOFF


def row_terms(metric: str, rows: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-row (term, slack) float32 arrays for `rows` (m x d float32)."""
    squared = np.einsum("ij,ij->i", rows, rows, dtype=np.float64)
    if metric == "euclidean":
        term = (squared * (1.0 - eps)).astype(np.float32)
        slack = (2.0 * eps * squared * (1.0 + eps)).astype(np.float32)
    else:
        term = (-1.0 / np.sqrt(squared)).astype(np.float32)
        slack = np.zeros(len(rows), dtype=np.float32)
    return term, slack


def query_terms(metric: str, queries: np.ndarray, eps: float
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(BLAS operand float32, per-query slack a, exact squared norms float64).

    The key of row i for query b satisfies key - a_b <= true key <= key +
    slack_i + a_b.
    """
    squared = np.einsum("ij,ij->i", queries, queries, dtype=np.float64)
    if metric == "euclidean":
        operand = queries * np.float32(-2.0)
        margin = eps * squared * (1.0 + eps) + 1e-30
    else:
        operand = queries
        margin = eps * np.sqrt(squared) * (1.0 + eps) + 1e-30
    return operand, margin, squared


def key_limit(metric: str, max_distance: float, query_squared: np.ndarray) -> np.ndarray:
    """The true key at distance `max_distance` for each query (float64)."""
    if metric == "euclidean":
        return max_distance * max_distance - query_squared
    return -(1.0 - max_distance) * np.sqrt(query_squared)


def exact_distances(metric: str, rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Distances between matching pairs of rows (m x d; one query may broadcast), float64.

    Euclidean: sqrt(sum((g - q)^2)); cosine: 1 - g.q / (|g| |q|). These are
    the distances searches return, so equal templates give equal distances
    and the tie rule (lower id first) is exact.
    """
    rows64 = rows.astype(np.float64)
    queries64 = np.broadcast_to(queries.astype(np.float64), rows64.shape)
    if metric == "euclidean":
        diff = rows64 - queries64
        return np.sqrt(np.einsum("ij,ij->i", diff, diff))
    dots = np.einsum("ij,ij->i", rows64, queries64)
    row_sq = np.einsum("ij,ij->i", rows64, rows64)
    query_sq = np.einsum("ij,ij->i", queries64, queries64)
    return 1.0 - dots / np.sqrt(row_sq * query_sq)
