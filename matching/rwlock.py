"""A writer-preferring readers-writer lock for galleries.

Why a lock and not copy-on-write: a gallery removes by swap-remove (the last
row moves into the hole), so a removal rewrites a row that a running search
may be reading. Copy-on-write would make every removal copy the whole matrix
(512 MB at a million rows); a readers-writer lock keeps removal O(1) and lets
any number of searches run together (numpy releases the GIL inside BLAS).

Why writer preference: a busy gate service searches back to back, so some
reader is nearly always inside. If new readers could overtake a waiting
writer, an enrolment could wait forever. Here a waiting writer stops new
readers from entering; it waits at most for the searches already running
(one search: ~0.5 ms at 50,000 rows, ~15 ms at 1,000,000 on 2 cores), and
holds the lock only for its O(rows changed) writes. Readers are therefore
never blocked for longer than one in-flight search plus one small write.

It is not reentrant: a thread holding the read side must not ask for the
write side (it would wait for itself). The standard library has no such
lock, and `matching` imports numpy only, so it lives here (40 lines, tested).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["RWLock"]


class RWLock:
    """Many readers or one writer; a waiting writer goes before new readers."""

    __slots__ = ("_cond", "_readers", "_writer", "_writers_waiting")

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    def acquire_read(self) -> None:
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()

    def acquire_write(self) -> None:
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._writer or self._readers:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writer = True

    def release_write(self) -> None:
        with self._cond:
            self._writer = False
            self._cond.notify_all()

    @contextmanager
    def read(self) -> Iterator[None]:
        """Hold the shared (search) side for the `with` block."""
        self.acquire_read()
        try:
            yield
        finally:
            self.release_read()

    @contextmanager
    def write(self) -> Iterator[None]:
        """Hold the exclusive (mutation) side for the `with` block."""
        self.acquire_write()
        try:
            yield
        finally:
            self.release_write()
