"""Group commit: many small write transactions become one, on one writer thread.

Every gate scan writes a little (a conditional state change and a journey
event) and waits for it to be durable before answering. Committed one by
one, those writes queue on SQLite's single writer lock (or pay a WAL flush
each on PostgreSQL). Here request threads hand their write to one writer
thread, which runs everything queued in one transaction and commits once;
each request is answered only after that commit, so nothing acknowledged
can be lost, and a failed commit fails every request in it.

Jobs report expected outcomes (a lost race) as return values, having
changed nothing. A job that raises has perhaps changed something, so the
whole batch is rolled back and each of its jobs is run again in a
transaction of its own: the failure stays with the job that caused it. (A
SAVEPOINT per job would do the same at a cost paid on every job; this one is
paid only when something fails.)
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine

__all__ = ["GroupCommitter"]

log = logging.getLogger("skygate.db")

T = TypeVar("T")


@dataclass(slots=True)
class _Job(Generic[T]):
    work: Callable[[Connection], T]
    key: str = ""
    future: Future[T] = field(default_factory=Future)


class GroupCommitter:
    """Run `work(connection)` jobs in batched transactions on one thread."""

    def __init__(self, engine: Engine, *, turn: AbstractContextManager[Any] | None = None,
                 max_batch: int = 128, name: str = "group-commit") -> None:
        """`turn` is held around each batch (the database's in-process writer lock)."""
        self._engine = engine.execution_options(sqlite_immediate=True)
        self._turn = turn if turn is not None else nullcontext()
        self._max_batch = max_batch
        self._queue: deque[_Job[Any]] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self.batches = 0
        self.jobs = 0
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def run(self, work: Callable[[Connection], T], *, key: str = "", timeout: float | None = 60.0) -> T:
        """Queue `work` and wait until its transaction has committed; its result or its error.

        `key` names the row the job locks (a PNR): each batch runs its jobs in
        key order, so two processes' batches always take row locks in the same
        order and can never deadlock on PostgreSQL.
        """
        job: _Job[T] = _Job(work, key)
        with self._cond:
            if self._closed:
                raise RuntimeError("the group committer is closed")
            self._queue.append(job)
            self._cond.notify()
        return job.future.result(timeout)

    @property
    def mean_batch(self) -> float:
        return self.jobs / self.batches if self.batches else 0.0

    def close(self) -> None:
        """Commit what is queued, then stop."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()

    def _next_batch(self) -> list[_Job[Any]] | None:
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            if not self._queue:
                return None
            batch = [self._queue.popleft() for _ in range(min(self._max_batch, len(self._queue)))]
        return sorted(batch, key=lambda job: job.key)

    def _serve(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                with self._turn, self._engine.begin() as conn:
                    results = [job.work(conn) for job in batch]
            except Exception:  # noqa: BLE001 - find the job that failed; commit the others
                if len(batch) > 1:
                    log.warning("a grouped write failed; retrying its %d jobs one by one", len(batch))
                for job in batch:
                    self._run_alone(job)
                continue
            self.batches += 1
            self.jobs += len(batch)
            for job, value in zip(batch, results, strict=True):
                job.future.set_result(value)

    def _run_alone(self, job: _Job[Any]) -> None:
        try:
            with self._turn, self._engine.begin() as conn:
                value = job.work(conn)
        except Exception as exc:  # noqa: BLE001 - handed to the waiting request
            job.future.set_exception(exc)
            return
        self.batches += 1
        self.jobs += 1
        job.future.set_result(value)
