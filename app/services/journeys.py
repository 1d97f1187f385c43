"""Journey events (append-only) and state transitions enforced in the database.

A transition is one conditional UPDATE (`... WHERE pnr = ? AND state IN (...)`):
of two gates racing to board one traveller, exactly one sees a row change.
The partial unique index on `journey_events(pnr) WHERE state_to = 'boarded'`
is the second lock on the same door.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.clock import wall_now
from app.db.models import Booking, JourneyEvent

__all__ = ["events_of", "record_event", "transition"]


# Built once: building a statement per call costs more than executing it on SQLite.
_INSERT_EVENT = insert(JourneyEvent).returning(JourneyEvent.event_id)
_MOVE = (
    update(Booking)
    .where(Booking.pnr == bindparam("p_pnr"), Booking.state == bindparam("p_from"))
    .values(state=bindparam("p_to"), state_changed_at=bindparam("p_now"))
    .execution_options(synchronize_session=False)
)


def record_event(
    session: Session | Connection,
    *,
    kind: str,
    occurred_at: datetime,
    pnr: str | None = None,
    flight_id: int | None = None,
    touchpoint_id: str | None = None,
    decision: str | None = None,
    reason: str | None = None,
    state_from: str | None = None,
    state_to: str | None = None,
    distance: float | None = None,
    margin: float | None = None,
    latency_ms: float | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one event (a single INSERT ... RETURNING: scans call this on every decision).

    Events are never updated or deleted afterwards. Returns the event id.
    """
    values = dict(
        kind=kind, pnr=pnr, flight_id=flight_id, touchpoint_id=touchpoint_id, decision=decision,
        reason=reason, state_from=state_from, state_to=state_to, distance=distance, margin=margin,
        latency_ms=latency_ms, detail=detail, occurred_at=occurred_at, recorded_at=wall_now(),
    )
    return int(session.scalar(_INSERT_EVENT, values))


def transition(
    session: Session | Connection, *, pnr: str, allowed_from: Iterable[str], to: str, now: datetime
) -> str | None:
    """Move a booking to `to` if its state is in `allowed_from`.

    Returns the state it left, or None if another request moved it first (or
    it was never in an allowed state). The caller records the event.
    """
    allowed = tuple(allowed_from)
    if len(allowed) == 1:  # the gates' case: one statement, no read first
        current = allowed[0]
    else:
        current = session.scalar(select(Booking.state).where(Booking.pnr == pnr))
        if current not in allowed:
            return None
    result = session.execute(_MOVE, {"p_pnr": pnr, "p_from": current, "p_to": to, "p_now": now})
    return current if result.rowcount == 1 else None


def events_of(session: Session, pnr: str) -> list[JourneyEvent]:
    """A booking's events in the order they happened."""
    return list(
        session.scalars(
            select(JourneyEvent).where(JourneyEvent.pnr == pnr).order_by(JourneyEvent.event_id)
        ).all()
    )
