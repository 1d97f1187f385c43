"""The manual lane: an agent checks a document and moves the journey on.

The same conditional transitions as the gates, so an agent and a gate
cannot both board one traveller.
"""

from __future__ import annotations

from sqlalchemy import select

from app.context import AppContext
from app.db.models import Booking, Enrolment, Flight, JourneyEvent
from app.services import journeys
from app.services.bookings import get_booking
from app.services.touchpoints import Device
from matching.errors import Conflict

__all__ = ["ALLOWED_FROM", "manifest_rows", "resolve"]

# Any traveller may be cleared by hand (passport holders always are); boarding by hand
# needs security first, like the gates.
ALLOWED_FROM = {
    "clear_security": (("booked", "enrolled", "manual_review"), "security_cleared"),
    "board": (("security_cleared", "manual_review"), "boarded"),
}


def resolve(ctx: AppContext, *, device: Device, pnr: str, action: str, reason: str) -> JourneyEvent:
    """Apply an agent's decision; 409 with the current state if it does not apply."""
    allowed, target = ALLOWED_FROM[action]
    now = ctx.clock.now()
    with ctx.db.write() as session:
        booking = get_booking(session, pnr)
        flight = session.get(Flight, booking.flight_id)
        if action == "board" and not ctx.boarding_window.is_open(flight.departure_time, now):
            raise Conflict(f"boarding for {flight.flight_no} is not open", code="boarding_closed")
        if booking.state == "boarded":
            raise Conflict("this traveller has boarded already", code="already_boarded")
        left = journeys.transition(session, pnr=booking.pnr, allowed_from=allowed, to=target, now=now)
        if left is None:
            raise Conflict(f"cannot {action.replace('_', ' ')} from state {booking.state}",
                           code="invalid_transition", state=booking.state)
        event_id = journeys.record_event(
            session, kind="manual_check", occurred_at=now, pnr=booking.pnr, flight_id=flight.flight_id,
            touchpoint_id=device.touchpoint_id, decision="open", reason=action,
            state_from=left, state_to=target, detail={"note": reason, "document_checked": True},
        )
        return session.get(JourneyEvent, event_id)


def manifest_rows(ctx: AppContext, flight_id: int) -> list[tuple[Booking, bool, bool]]:
    """(booking, enrolled, manual) for every passenger of a flight, by seat."""
    with ctx.db.read() as session:
        bookings = session.scalars(select(Booking).where(Booking.flight_id == flight_id)).all()
        enrolled = set(session.scalars(select(Enrolment.pnr).where(
            Enrolment.flight_id == flight_id, Enrolment.status == "active")).all())
        manual_seen = set(session.scalars(select(JourneyEvent.pnr).where(
            JourneyEvent.flight_id == flight_id, JourneyEvent.decision == "manual")).all())
        manual_checked = set(session.scalars(select(JourneyEvent.pnr).where(
            JourneyEvent.flight_id == flight_id, JourneyEvent.kind == "manual_check")).all())
    rows = []
    for b in sorted(bookings, key=lambda b: (int(b.seat[:-1]), b.seat[-1])):
        manual = (b.state == "manual_review" or b.document_type != "vneid"
                  or b.pnr in manual_seen or b.pnr in manual_checked)
        rows.append((b, b.pnr in enrolled, manual))
    return rows
