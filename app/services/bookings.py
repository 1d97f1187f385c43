"""Bookings: a citizen (or passport holder) on a flight, and their journey state."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.api.schemas.bookings import BookingCreate, BookingOut
from app.db.models import Booking, Enrolment, Flight
from app.schedule.pnr import generate_pnrs
from app.services.citizens import get_citizen
from app.services.flights import flight_out, get_flight
from gates.windows import BoardingWindow
from matching.errors import Conflict, NotFound

__all__ = ["STAFF_ROLES", "booking_out", "create_booking", "get_booking", "list_bookings_of"]

STAFF_ROLES = frozenset({"admin", "counter", "agent"})


def create_booking(session: Session, body: BookingCreate, *, now: datetime) -> Booking:
    """Book a traveller on a flight; the PNR is drawn from OS entropy and redrawn on a clash."""
    flight = get_flight(session, body.flight_id)
    if body.personal_id is not None:
        citizen = get_citizen(session, body.personal_id)
        identity = {
            "personal_id": citizen.personal_id,
            "full_name": citizen.full_name,
            "document_type": "vneid",
            "document_no": citizen.personal_id,
            "nationality": "VN",
        }
    else:
        identity = {
            "personal_id": None,
            "full_name": body.full_name,
            "document_type": "passport",
            "document_no": body.passport_no,
            "nationality": body.nationality,
        }
    if session.scalar(
        select(Booking.pnr).where(Booking.flight_id == flight.flight_id, Booking.seat == body.seat)
    ):
        raise Conflict(f"seat {body.seat} on {flight.flight_no} is taken", code="seat_taken")
    for _ in range(8):
        booking = Booking(
            pnr=generate_pnrs(np.random.default_rng(), 1)[0],
            flight_id=flight.flight_id,
            seat=body.seat,
            checked_bags=body.checked_bags,
            special=body.special,
            state="booked",
            state_changed_at=now,
            failed_attempts=0,
            created_at=now,
            **identity,
        )
        try:
            with session.begin_nested():
                session.add(booking)
            return booking
        except IntegrityError as exc:
            if "seat" in str(exc.orig).lower():
                raise Conflict(
                    f"seat {body.seat} on {flight.flight_no} is taken", code="seat_taken"
                ) from None
    raise RuntimeError("could not draw a free PNR in 8 tries")


def get_booking(session: Session, pnr: str) -> Booking:
    booking = session.get(Booking, pnr.upper())
    if booking is None:
        raise NotFound(f"no booking {pnr}", code="booking_not_found")
    return booking


def list_bookings_of(session: Session, personal_id: str, *, now: datetime) -> list[Booking]:
    """A citizen's bookings on flights that have not yet departed (the kiosk's choice list)."""
    get_citizen(session, personal_id)
    return list(
        session.scalars(
            select(Booking)
            .join(Flight, Flight.flight_id == Booking.flight_id)
            .where(Booking.personal_id == personal_id, Flight.departure_time > now - timedelta(hours=1))
            .order_by(Flight.departure_time)
        ).all()
    )


def booking_out(
    session: Session, booking: Booking, *, role: str, now: datetime, window: BoardingWindow
) -> BookingOut:
    """A booking as `role` may see it: staff get document numbers, others do not."""
    flight = session.get(Flight, booking.flight_id)
    assert flight is not None  # enforced by the foreign key
    enrolment_id = session.scalar(
        select(Enrolment.enrolment_id).where(Enrolment.pnr == booking.pnr, Enrolment.status == "active")
    )
    staff = role in STAFF_ROLES
    return BookingOut(
        pnr=booking.pnr,
        flight=flight_out(flight, now=now, window=window),
        full_name=booking.full_name,
        seat=booking.seat,
        checked_bags=booking.checked_bags,
        special=booking.special,
        document_type=booking.document_type,  # type: ignore[arg-type]
        nationality=booking.nationality,
        state=booking.state,  # type: ignore[arg-type]
        checkin_sequence=booking.checkin_sequence,
        enrolment_id=enrolment_id,
        personal_id=booking.personal_id if staff or role in ("kiosk", "app") else None,
        document_no=booking.document_no if staff else None,
    )
