"""Group commit: shared transactions, answers only after the commit, failures kept apart."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Connection, func, insert, select, text

from app.db.engine import Database
from app.db.group_commit import GroupCommitter
from app.db.models import SequenceCounter


@pytest.fixture
def db(database_url: str) -> Database:
    database = Database.from_url(database_url)
    yield database
    database.dispose()


def _count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(SequenceCounter)))


def test_concurrent_writes_share_commits_and_all_land(db: Database) -> None:
    def write(i: int) -> int:
        def work(conn: Connection) -> int:
            conn.execute(insert(SequenceCounter).values(name=f"c{i}", value=i))
            return i
        return db.in_group_commit(work)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(write, range(200)))
    assert results == list(range(200))
    assert _count(db) == 200
    committer = db._group  # noqa: SLF001 - the batching is the point of the test
    assert committer is not None and committer.jobs == 200
    assert committer.batches <= 200


def test_a_failing_job_fails_alone_and_leaves_nothing(db: Database) -> None:
    gate = threading.Barrier(3)

    def ok(name: str):  # noqa: ANN202
        def work(conn: Connection) -> str:
            conn.execute(insert(SequenceCounter).values(name=name, value=1))
            return name
        return work

    def broken(conn: Connection) -> None:
        conn.execute(insert(SequenceCounter).values(name="half", value=1))
        raise RuntimeError("boom")

    def run(work) -> object:  # noqa: ANN001
        gate.wait()
        try:
            return db.in_group_commit(work)
        except RuntimeError as exc:
            return exc

    with ThreadPoolExecutor(3) as pool:
        outcomes = list(pool.map(run, [ok("a"), broken, ok("b")]))
    assert outcomes[0] == "a" and outcomes[2] == "b"
    assert isinstance(outcomes[1], RuntimeError)
    with db.read() as session:
        names = set(session.scalars(select(SequenceCounter.name)).all())
    assert names == {"a", "b"}  # "half" was rolled back with its job


def test_nothing_is_acknowledged_before_the_commit(db: Database) -> None:
    seen_inside: list[int] = []

    def work(conn: Connection) -> int:
        conn.execute(insert(SequenceCounter).values(name="x", value=7))
        seen_inside.append(_count(db))  # another connection cannot see it yet
        return 7

    assert db.in_group_commit(work) == 7
    assert seen_inside == [0]
    assert _count(db) == 1


def test_closed_committer_refuses_new_work(db: Database) -> None:
    committer = GroupCommitter(db.engine)
    assert committer.run(lambda conn: conn.execute(text("SELECT 1")).scalar()) == 1
    committer.close()
    with pytest.raises(RuntimeError):
        committer.run(lambda conn: 1)
