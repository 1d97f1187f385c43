"""Which BLAS numpy uses, with how many threads, and a way to limit them.

Every search is one BLAS call, so the BLAS library and its thread count set
the speed, and they are easy to get wrong: on a 2-core machine, 40 request
threads each starting a 2-thread OpenBLAS call served ~18 searches/s where
one thread per call served ~480 (DESIGN.md, thread oversubscription). The
service logs `describe_blas()` at start-up and the benchmark prints it.

threadpoolctl inspects the libraries loaded in this process; it is imported
inside the functions so that importing `matching` stays numpy-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np  # noqa: F401  (loads the BLAS that threadpoolctl then finds)

__all__ = ["BlasInfo", "blas_info", "blas_threads", "describe_blas", "set_blas_threads"]


@dataclass(frozen=True, slots=True)
class BlasInfo:
    """One BLAS library loaded in this process."""

    library: str  # "openblas", "mkl", "blis", ...
    version: str | None
    threads: int
    architecture: str | None  # the kernel family OpenBLAS picked, e.g. "Haswell"
    threading_layer: str | None  # "pthreads", "openmp", ...
    path: str

    def describe(self) -> str:
        details = ", ".join(x for x in (self.architecture, self.threading_layer) if x)
        suffix = f" ({details})" if details else ""
        plural = "" if self.threads == 1 else "s"
        return f"{self.library} {self.version or '?'}{suffix}, {self.threads} thread{plural}"


def blas_info() -> list[BlasInfo]:
    """The BLAS libraries loaded in this process (normally numpy's one)."""
    from threadpoolctl import threadpool_info

    return [
        BlasInfo(library=entry.get("internal_api", "unknown"),
                 version=entry.get("version"),
                 threads=int(entry.get("num_threads", 0)),
                 architecture=entry.get("architecture"),
                 threading_layer=entry.get("threading_layer"),
                 path=entry.get("filepath", ""))
        for entry in threadpool_info() if entry.get("user_api") == "blas"
    ]


def describe_blas() -> str:
    """One line for logs: e.g. "openblas 0.3.31 (Haswell, pthreads), 2 threads"."""
    found = blas_info()
    return "; ".join(info.describe() for info in found) if found else "no BLAS found"


_controller: Any = None


def _blas_controller() -> Any:
    """One threadpoolctl controller, made on first use (making one scans the
    loaded libraries: ~0.5 ms; using it to set a limit then costs ~10 µs)."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller


@contextmanager
def blas_threads(threads: int | None) -> Iterator[None]:
    """Limit BLAS to `threads` per call inside the block (None: leave as is).

    The limit is process-wide (BLAS has one pool), not per Python thread.
    """
    if threads is None:
        yield
        return
    with _blas_controller().limit(limits=threads, user_api="blas"):
        yield


def set_blas_threads(threads: int) -> None:
    """Set the process-wide BLAS thread count from now on (for start-up)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")
