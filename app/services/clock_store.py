"""Keeps the simulated clock in the database so every worker reads the same time."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete

from app.clock import Clock, ClockState
from app.db.engine import Database
from app.db.models import ClockRow

__all__ = ["database_clock"]

_ROW_ID = 1


def _loader(db: Database) -> Callable[[], ClockState | None]:
    def load() -> ClockState | None:
        with db.read() as session:
            row = session.get(ClockRow, _ROW_ID)
            if row is None:
                return None
            return ClockState(sim_anchor=row.sim_anchor, real_anchor=row.real_anchor, speed=row.speed)

    return load


def _saver(db: Database) -> Callable[[ClockState | None], None]:
    def save(state: ClockState | None) -> None:
        with db.write() as session:
            session.execute(delete(ClockRow))
            if state is not None:
                session.add(ClockRow(id=_ROW_ID, sim_anchor=state.sim_anchor,
                                     real_anchor=state.real_anchor, speed=state.speed))

    return save


def database_clock(db: Database, *, refresh_seconds: float = 0.5) -> Clock:
    """A clock shared through the `clock_state` table."""
    return Clock(load=_loader(db), save=_saver(db), refresh_seconds=refresh_seconds)
