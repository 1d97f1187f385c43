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

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.clock import wall_now
from app.db.models import Booking, JourneyEvent

__all__ = ["events_of", "record_event", "transition"]


def record_event(
    session: Session,
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
) -> JourneyEvent:
    """Append one event; it is never updated or deleted afterwards."""
    event = JourneyEvent(
        kind=kind, pnr=pnr, flight_id=flight_id, touchpoint_id=touchpoint_id, decision=decision,
        reason=reason, state_from=state_from, state_to=state_to, distance=distance, margin=margin,
        latency_ms=latency_ms, detail=detail, occurred_at=occurred_at, recorded_at=wall_now(),
    )
    session.add(event)
    return event


def transition(
    session: Session, *, pnr: str, allowed_from: Iterable[str], to: str, now: datetime
) -> str | None:
    """Move a booking to `to` if its state is in `allowed_from`.

    Returns the state it left, or None if another request moved it first (or
    it was never in an allowed state). The caller records the event.
    """
    allowed = tuple(allowed_from)
    current = session.scalar(select(Booking.state).where(Booking.pnr == pnr))
    if current not in allowed:
        return None
    result = session.execute(
        update(Booking)
        .where(Booking.pnr == pnr, Booking.state == current)
        .values(state=to, state_changed_at=now)
        .execution_options(synchronize_session=False)
    )
    return current if result.rowcount == 1 else None


def events_of(session: Session, pnr: str) -> list[JourneyEvent]:
    """A booking's events in the order they happened."""
    return list(
        session.scalars(
            select(JourneyEvent).where(JourneyEvent.pnr == pnr).order_by(JourneyEvent.event_id)
        ).all()
    )
