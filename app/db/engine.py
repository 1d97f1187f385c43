"""Engines and sessions for SQLite (embedded default) and PostgreSQL (deployment).

SQLite runs in WAL mode so readers never wait for the writer. Its default
"deferred" transactions can fail at once with "database is locked" when a
transaction that has read tries to write after another writer committed, so
write sessions begin with `BEGIN IMMEDIATE` (they queue on `busy_timeout`
instead) while read sessions stay deferred and never block. SQLite admits one
writer at a time anyway, and its busy handler waits by sleeping in growing
steps (up to 100 ms), which under load turns into long latency tails; so
within a process, writers first queue on a plain lock and reach SQLite one
at a time (other processes still meet the busy handler).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from app.db.group_commit import GroupCommitter

__all__ = ["Database", "create_db_engine"]

T = TypeVar("T")

_SQLITE_BUSY_MS = 30_000


def _sqlite_engine(url: str, echo: bool, pool_size: int) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": _SQLITE_BUSY_MS / 1000},
        pool_size=pool_size,
        max_overflow=8,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get("sqlite_statement_reads"):
            return  # each SELECT is its own implicit transaction: no BEGIN to pay for
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("sqlite_immediate") else "BEGIN")

    return engine


def create_db_engine(url: str, *, echo: bool = False, pool_size: int = 16) -> Engine:
    """An engine tuned for the backend named by `url`.

    `pool_size` should cover every thread that may hold a connection at once
    (the request threads, the group committer, the purge task): a thread
    waiting for a pooled connection while the holders wait on it would stall
    until the pool's timeout.
    """
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo, pool_size)
    return create_engine(url, echo=echo, pool_size=pool_size, max_overflow=8, pool_pre_ping=True)


@dataclass
class Database:
    """The engine plus two session factories: `read()` and `write()` transactions."""

    engine: Engine

    def __post_init__(self) -> None:
        writer = self.engine
        if self.engine.dialect.name == "sqlite":
            writer = self.engine.execution_options(sqlite_immediate=True)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(writer, expire_on_commit=False)
        self._write_turn = threading.Lock() if self.engine.dialect.name == "sqlite" else nullcontext()
        self._statement_engine = self.engine.execution_options(
            **({"sqlite_statement_reads": True} if self.engine.dialect.name == "sqlite"
               else {"isolation_level": "AUTOCOMMIT"}))
        self._group: GroupCommitter | None = None
        self._group_lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, *, pool_size: int = 16) -> Database:
        return cls(create_db_engine(url, pool_size=pool_size))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads; rolled back at the end."""
        with self._reader() as session:
            yield session

    @contextmanager
    def statements(self) -> Iterator[Connection]:
        """A plain connection for a few independent reads (the scan hot path).

        No transaction is opened (SQLite: no BEGIN; PostgreSQL: autocommit):
        each statement reads the latest committed state on its own, which is
        all a caller that reads in a safe order needs, and saves a BEGIN and a
        ROLLBACK per request.
        """
        with self._statement_engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed if the block succeeds, rolled back if it raises."""
        with self._write_turn, self._writer() as session, session.begin():
            yield session

    def in_group_commit(self, work: Callable[[Connection], T], *, key: str = "") -> T:
        """Run `work` in a transaction shared with other concurrent callers; return once committed.

        For small, frequent writes (gate scans): see app/db/group_commit.py.
        """
        if self._group is None:
            with self._group_lock:
                if self._group is None:
                    self._group = GroupCommitter(self.engine, turn=self._write_turn)
        return self._group.run(work, key=key)

    def analyze(self) -> None:
        """Refresh the planner's statistics: after a bulk load, PostgreSQL has
        none until autovacuum gets round to it, and guesses that a range
        condition keeps a third of the table (seq scans where an index wins)."""
        with self._write_turn, self.engine.begin() as conn:
            conn.execute(text("ANALYZE"))

    def dispose(self) -> None:
        if self._group is not None:
            self._group.close()
            self._group = None
        self.engine.dispose()
