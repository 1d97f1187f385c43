"""Exact top-k over a float32 matrix: BLAS keys, a proven candidate window,
float64 re-ranking, ties to the lower id.

The gallery is scanned in chunks of rows so that the (queries x chunk) key
block stays in cache and a batch of 64 queries over a million rows never
needs a 256 MB score matrix. Per query it keeps U, an upper bound on the
true k-th best key: seeded from the k-th smallest key among the first 2,048
rows, then tightened to the k-th smallest upper bound among the candidates
kept. A row stays a candidate while its key's lower bound is <= U, which the
true k nearest always satisfy (see `matching.distance`). A chunk costs one
GEMM/GEMV, one add, one row minimum and, only for queries whose minimum
beats U, one comparison: there is no sort or partition over N.

Ranking order, everywhere in SkyGate: distance ascending, then id
ascending (the tie rule). Distances are the float64 exact ones.
"""

from __future__ import annotations

import math

import numpy as np

from matching.distance import exact_distances, key_limit, query_terms

__all__ = ["CHUNK_ELEMENTS", "exact_topk"]

# Size of the key block (queries x rows): 2**20 float32 = 4 MB, which sits in
# L2/L3 and keeps GEMM efficient (>= 16,384 rows for a batch of 64).
CHUNK_ELEMENTS = 1 << 20
_MIN_CHUNK_ROWS = 4096
_RERANK_ROWS = 1 << 15  # float64 re-ranking in pieces of this many pairs
_SEED_COLUMNS = 2048  # columns partitioned to seed the bound U


def exact_topk(rows: np.ndarray, ids: np.ndarray, term: np.ndarray, slack: np.ndarray,
               queries: np.ndarray, k: int, *, metric: str, eps: float, slack_max: float,
               max_distance: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The k nearest rows to each query: (ids (B, k) int64, distances (B, k) float64).

    `rows` (N x d float32), `ids`, `term` and `slack` are the first N entries
    of a gallery (see `matching.distance.row_terms`), `slack_max` an upper
    bound of `slack`; `queries` is (B x d) float32, checked. Missing results
    (k > N, or beyond `max_distance`) are id -1 and distance inf.
    """
    n_queries = len(queries)
    out_ids = np.full((n_queries, k), -1, dtype=np.int64)
    out_dist = np.full((n_queries, k), np.inf, dtype=np.float64)
    if len(rows) == 0 or n_queries == 0:
        return out_ids, out_dist
    if n_queries == 1 and len(rows) <= _chunk_rows(len(rows), 1):
        _one_query(rows, ids, term, slack, queries, k, metric, eps, slack_max, max_distance,
                   out_ids[0], out_dist[0])
        return out_ids, out_dist
    operand, margin, query_sq = query_terms(metric, queries, eps)
    bound = np.full(n_queries, np.inf)
    if max_distance is not None:
        limit = key_limit(metric, max_distance, query_sq)
        bound = limit + margin + 1e-12 * np.abs(limit)
    cand_q, cand_i, cand_key = _scan(rows, term, slack, slack_max, operand, margin, bound, k,
                                     metric)
    if cand_q.size == 0:
        return out_ids, out_dist
    distances = _rerank(rows, queries, cand_q, cand_i, metric)
    keep = slice(None) if max_distance is None else distances <= max_distance
    _place(cand_q[keep], ids[cand_i[keep]], distances[keep], out_ids, out_dist)
    return out_ids, out_dist


def _one_query(rows: np.ndarray, ids: np.ndarray, term: np.ndarray, slack: np.ndarray,
               queries: np.ndarray, k: int, metric: str, eps: float, slack_max: float,
               max_distance: float | None, out_ids: np.ndarray, out_dist: np.ndarray) -> None:
    """`exact_topk` for one query over one chunk: the same steps, fewer numpy calls.

    A gate's single scan over a flight (400 rows) is dominated by per-call
    overhead, not arithmetic, so this path keeps the calls to about twenty.
    """
    query = queries[0]
    query_sq = float(np.dot(query.astype(np.float64), query.astype(np.float64)))
    if metric == "euclidean":
        keys = rows @ (query * np.float32(-2.0))
        keys += term
        margin = eps * query_sq * (1.0 + eps) + 1e-30
    else:
        keys = rows @ query
        keys *= term
        margin = eps * math.sqrt(query_sq) * (1.0 + eps) + 1e-30
    bound = math.inf
    if max_distance is not None:
        limit = float(key_limit(metric, max_distance, np.float64(query_sq)))
        bound = limit + margin + 1e-12 * abs(limit)
    if len(rows) > k:
        seed = keys[: max(k, _SEED_COLUMNS)]  # as in `_seed`
        kth = float(np.partition(seed, k - 1)[k - 1])
        bound = min(bound, kth + slack_max + margin)
    if math.isinf(bound):
        cand = np.arange(len(rows))
    else:
        cand = np.flatnonzero(keys <= _round_up_f32(np.float64(bound + margin)))
        if cand.size > 4 * k + 64:  # a loose seed, near-duplicates or outlier norms
            upper = keys[cand].astype(np.float64) + slack[cand] + margin
            bound = min(bound, float(np.partition(upper, k - 1)[k - 1]))
            cand = cand[keys[cand].astype(np.float64) - margin <= bound]
    if cand.size == 0:
        return
    distances = exact_distances(metric, rows[cand], queries)
    if max_distance is not None:
        near = distances <= max_distance
        cand, distances = cand[near], distances[near]
    found = ids[cand]
    order = np.lexsort((found, distances))[:k]
    out_ids[: order.size] = found[order]
    out_dist[: order.size] = distances[order]


def _chunk_rows(n_rows: int, n_queries: int) -> int:
    return max(_MIN_CHUNK_ROWS, CHUNK_ELEMENTS // n_queries)


def _keys(rows: np.ndarray, term: np.ndarray, operand: np.ndarray, metric: str,
          out: np.ndarray) -> np.ndarray:
    """Float32 keys (B x c) of one chunk into `out` (one BLAS call, one fused op)."""
    np.matmul(operand, rows.T, out=out)
    if metric == "euclidean":
        out += term
    else:
        out *= term
    return out


def _scan(rows: np.ndarray, term: np.ndarray, slack: np.ndarray, slack_max: float,
          operand: np.ndarray, margin: np.ndarray, bound: np.ndarray, k: int, metric: str
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stream the chunks; return the candidates (query, row index, key)."""
    n_rows, n_queries = len(rows), len(operand)
    step = _chunk_rows(n_rows, n_queries)
    buffer = np.empty((n_queries, min(step, n_rows)), dtype=np.float32)
    cand_q = np.empty(0, np.int64)
    cand_i = np.empty(0, np.int64)
    cand_key = np.empty(0, np.float32)
    for start in range(0, n_rows, step):
        stop = min(start + step, n_rows)
        keys = _keys(rows[start:stop], term[start:stop], operand, metric,
                     buffer[:, : stop - start])
        if start == 0 and k <= stop:
            _seed(keys, slack_max, margin, bound, k)
        new_q, new_j = _below(keys, bound + margin)
        if new_q.size == 0:
            continue
        cand_q = np.concatenate((cand_q, new_q))
        cand_i = np.concatenate((cand_i, new_j + start))
        cand_key = np.concatenate((cand_key, keys[new_q, new_j]))
        cand_q, cand_i, cand_key = _tighten(cand_q, cand_i, cand_key, slack, margin, bound, k)
    return cand_q, cand_i, cand_key


def _seed(keys: np.ndarray, slack_max: float, margin: np.ndarray, bound: np.ndarray,
          k: int) -> None:
    """Set U from the first chunk: the k smallest keys bound the k-th true key.

    Only the first `_SEED_COLUMNS` columns are partitioned: a looser U admits
    a few more candidates (cheap), where a full partition of a wide block
    costs more than the whole comparison pass.
    """
    width = max(k, min(keys.shape[1], _SEED_COLUMNS))
    kth = np.partition(keys[:, :width], k - 1, axis=1)[:, k - 1].astype(np.float64)
    np.minimum(bound, kth + slack_max + margin, out=bound)


def _below(keys: np.ndarray, threshold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query, column) of every key <= its query's threshold."""
    limit = _round_up_f32(threshold)
    if len(keys) == 1:
        cols = np.flatnonzero(keys[0] <= limit[0])
        return np.zeros(cols.size, np.int64), cols
    active = np.flatnonzero(keys.min(axis=1) <= limit)
    if active.size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    block = keys if active.size == len(keys) else keys[active]
    # flatnonzero on the raveled mask is ~10x faster than 2-d nonzero.
    sub_q, cols = np.divmod(np.flatnonzero(block <= limit[active, None]), keys.shape[1])
    return active[sub_q], cols


def _round_up_f32(values: np.ndarray) -> np.ndarray:
    """float64 -> float32 rounding upwards (so a float32 compare never drops a row)."""
    rounded = np.asarray(values, dtype=np.float32)
    return np.where(rounded < values, np.nextafter(rounded, np.float32(np.inf)), rounded)


def _tighten(cand_q: np.ndarray, cand_i: np.ndarray, cand_key: np.ndarray, slack: np.ndarray,
             margin: np.ndarray, bound: np.ndarray, k: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower U to the k-th smallest candidate upper bound; drop rows above it."""
    upper = cand_key.astype(np.float64) + slack[cand_i] + margin[cand_q]
    order = np.lexsort((upper, cand_q))
    sorted_q = cand_q[order]
    rank = _rank_within(sorted_q)
    at_k = rank == k - 1
    hit = sorted_q[at_k]  # one entry per query at most
    bound[hit] = np.minimum(bound[hit], upper[order][at_k])
    keep = cand_key.astype(np.float64) - margin[cand_q] <= bound[cand_q]
    return cand_q[keep], cand_i[keep], cand_key[keep]


def _rank_within(sorted_groups: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal values of a sorted array."""
    index = np.arange(sorted_groups.size)
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    run_start = np.repeat(starts, np.diff(np.r_[starts, sorted_groups.size]))
    return index - run_start


def _rerank(rows: np.ndarray, queries: np.ndarray, cand_q: np.ndarray, cand_i: np.ndarray,
            metric: str) -> np.ndarray:
    """Exact float64 distances of the candidate pairs, in bounded pieces."""
    out = np.empty(cand_q.size, dtype=np.float64)
    for start in range(0, cand_q.size, _RERANK_ROWS):
        part = slice(start, start + _RERANK_ROWS)
        out[part] = exact_distances(metric, rows[cand_i[part]], queries[cand_q[part]])
    return out


def _place(cand_q: np.ndarray, cand_ids: np.ndarray, distances: np.ndarray,
           out_ids: np.ndarray, out_dist: np.ndarray) -> None:
    """Write the k best of each query (distance, then id) into the outputs."""
    order = np.lexsort((cand_ids, distances, cand_q))
    sorted_q = cand_q[order]
    rank = _rank_within(sorted_q)
    top = rank < out_ids.shape[1]
    out_ids[sorted_q[top], rank[top]] = cand_ids[order][top]
    out_dist[sorted_q[top], rank[top]] = distances[order][top]
