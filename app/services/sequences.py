"""Named counters whose order is commit order.

`UPDATE ... SET value = value + 1 RETURNING value` takes the counter row's
lock until the transaction ends, so a transaction holding value n commits
before any transaction can take n + 1. A reader that has seen n has therefore
seen everything below n: workers catching up on gallery changes never skip
one that committed late.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.db.models import SequenceCounter

__all__ = ["GALLERY", "current_value", "next_value"]

GALLERY = "gallery"


def _ensure_row(session: Session, name: str) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(SequenceCounter).values(name=name, value=0).on_conflict_do_nothing()
    )


def next_value(session: Session, name: str = GALLERY) -> int:
    """Take the next value of counter `name` inside the caller's transaction."""
    statement = (
        update(SequenceCounter)
        .where(SequenceCounter.name == name)
        .values(value=SequenceCounter.value + 1)
        .returning(SequenceCounter.value)
    )
    value = session.scalar(statement)
    if value is None:
        _ensure_row(session, name)
        value = session.scalar(statement)
    assert value is not None
    return int(value)


_CURRENT = select(SequenceCounter.value).where(SequenceCounter.name == bindparam("name"))


def current_value(session: Session | Connection, name: str = GALLERY) -> int:
    """The last value taken (0 if none); every scan asks, so the statement is built once."""
    value = session.scalar(_CURRENT, {"name": name})
    return int(value or 0)
