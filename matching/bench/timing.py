"""Timing that survives a shared, noisy 2-core machine.

Methods are timed in interleaved rounds (every round runs each method for
about the same wall time), so a burst of load from a neighbour hits all of
them alike and the *ratios* between them stay meaningful even when absolute
numbers wander. The garbage collector is paused while timing.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

__all__ = ["Stats", "measure", "stats_of", "time_once"]


@dataclass(frozen=True, slots=True)
class Stats:
    """Seconds per call: median, 99th percentile, minimum, over `n` calls."""

    median: float
    p99: float
    best: float
    n: int

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def stats_of(samples: list[float] | np.ndarray) -> Stats:
    values = np.asarray(samples, dtype=np.float64)
    return Stats(float(np.median(values)), float(np.percentile(values, 99)),
                 float(values.min()), int(values.size))


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def time_once(call: Callable[[], object]) -> float:
    """Seconds for one call (after one warm-up call)."""
    call()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(methods: dict[str, Callable[[], object]], seconds: float, *,
            round_seconds: float = 0.05, min_samples: int = 5,
            around: dict[str, Callable[[], AbstractContextManager[Any]]] | None = None,
            on_round: Callable[[float], None] | None = None) -> dict[str, Stats]:
    """Time each method for about `seconds`, interleaved; per-call Stats by name.

    `around[name]()` gives a context entered around each block of that
    method's calls and not timed (e.g. a BLAS thread limit).
    `on_round(fraction_done)` is called after every round (progress display).
    """
    around = around or {}
    setting = {name: around.get(name, nullcontext) for name in methods}
    estimates = {}
    for name, call in methods.items():
        with setting[name]():
            estimates[name] = max(time_once(call), 1e-7)
    reps = {name: max(1, int(round_seconds / est)) for name, est in estimates.items()}
    samples: dict[str, list[float]] = {name: [] for name in methods}
    spent = dict.fromkeys(methods, 0.0)
    rounds = max(min_samples, int(seconds / round_seconds))
    with _gc_paused():
        for done in range(1, rounds + 1):
            for name, call in methods.items():
                if spent[name] >= 1.5 * seconds and len(samples[name]) >= min_samples:
                    continue  # a slow method stops once it has enough
                with setting[name]():
                    for _ in range(reps[name]):
                        start = time.perf_counter()
                        call()
                        elapsed = time.perf_counter() - start
                        samples[name].append(elapsed)
                        spent[name] += elapsed
            if on_round is not None:
                on_round(done / rounds)
    return {name: stats_of(values) for name, values in samples.items()}
