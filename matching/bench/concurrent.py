"""Many gates at once: single-query throughput from T threads, with and without batching.

This is the service's situation (FastAPI runs `def` endpoints on a thread
pool): T threads each ask for one search at a time, back to back. Three
ways to serve them over the same gallery, in the same run:

- direct, BLAS at its default thread count: every request thread starts a
  multi-threaded BLAS call (the oversubscription trap in DESIGN.md);
- direct, BLAS limited to 1 thread per call;
- through `BatchSearcher`: one dispatcher thread, full BLAS, one matrix
  product per batch of whatever queued up;
- through `BatchSearcher` with one dispatcher per core and BLAS limited to
  1 thread per call.

The modes alternate in rounds so that machine noise hits them alike.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from matching.batching import BatchSearcher
from matching.bench.timing import stats_of
from matching.blas import blas_info, blas_threads
from matching.gallery import Gallery

__all__ = ["compare_concurrency", "hammer"]


def hammer(search_one: Callable[[np.ndarray], Any], queries: np.ndarray, threads: int,
           seconds: float) -> tuple[int, float, list[float]]:
    """T threads call `search_one` back to back for `seconds`: (calls, elapsed, latencies)."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    barrier = threading.Barrier(threads + 1)
    deadline = [0.0]

    def worker(slot: int) -> None:
        mine = latencies[slot]
        position = slot * 7919
        barrier.wait()
        while True:
            start = time.perf_counter()
            if start >= deadline[0]:
                return
            search_one(queries[position % len(queries)])
            mine.append(time.perf_counter() - start)
            position += 1

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for thread in pool:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    barrier.wait()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = [x for per_thread in latencies for x in per_thread]
    return len(flat), elapsed, flat


def compare_concurrency(gallery: Gallery, queries: np.ndarray, *, threads: int, k: int,
                        seconds: float, max_batch: int, rounds: int = 2,
                        on_round: Callable[[float], None] | None = None) -> dict[str, Any]:
    """Throughput and latency of the three modes (see module doc), JSON-ready."""
    default_threads = max((info.threads for info in blas_info()), default=1)
    cores = os.cpu_count() or 1
    batcher = BatchSearcher(gallery, max_batch=max_batch)
    per_core = BatchSearcher(gallery, max_batch=max_batch, workers=cores)
    modes: dict[str, tuple[Callable[[np.ndarray], Any], int | None]] = {
        f"direct, BLAS {default_threads} threads/call": (
            lambda q: gallery.search(q, k=k), None),
        "direct, BLAS 1 thread/call": (lambda q: gallery.search(q, k=k), 1),
        f"batched, 1 worker, BLAS {default_threads} threads": (
            lambda q: batcher.search(q, k=k), None),
        f"batched, {cores} workers, BLAS 1 thread": (lambda q: per_core.search(q, k=k), 1),
    }
    totals: dict[str, list] = {name: [0, 0.0, []] for name in modes}
    try:
        for done in range(rounds):
            for name, (search_one, limit) in modes.items():
                with blas_threads(limit):
                    calls, elapsed, latencies = hammer(search_one, queries, threads,
                                                       seconds / rounds)
                totals[name][0] += calls
                totals[name][1] += elapsed
                totals[name][2] += latencies
            if on_round is not None:
                on_round((done + 1) / rounds)
    finally:
        batcher.close()
        per_core.close()
    report = {name: {"queries_per_second": calls / elapsed,
                     "latency": stats_of(lat).as_dict(), "calls": calls}
              for name, (calls, elapsed, lat) in totals.items()}
    batched = [name for name in modes if name.startswith("batched")]
    report[batched[0]]["mean_batch"] = batcher.mean_batch
    report[batched[1]]["mean_batch"] = per_core.mean_batch
    return report
