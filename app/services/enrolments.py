"""Enrolment at check-in: eligibility, capture, 1:1 against the registry, the
biometric token, the boarding pass; and withdrawal.

Order matters for "nothing half-written": every check that can refuse runs
before the write transaction, the 1:1 decision and its attempt counter are
written together, and galleries are updated from the database only after
the commit (app/galleries.py), so memory never holds what the database lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.context import AppContext
from app.db.models import Booking, Citizen, Enrolment, Flight
from app.services import journeys, sequences
from app.services.captures import LiveTemplate, enrolment_template, store_debug_image
from app.services.flights import AIRPORT_TZ
from app.services.touchpoints import Device
from enrollment import policy
from enrollment.boarding_pass import BoardingPass, issue_boarding_pass
from matching.errors import InvalidInput, NotFound
from matching.templates import MODEL_NAME, from_bytes, to_bytes

__all__ = ["EnrolmentResult", "boarding_pass_of", "enrol", "get_enrolment", "withdraw"]


@dataclass(frozen=True, slots=True)
class EnrolmentResult:
    enrolment: Enrolment
    booking: Booking
    flight: Flight
    boarding_pass: BoardingPass


def consent_value(raw: object) -> object:
    """A form field arrives as text: only "true" means consent there."""
    return True if raw == "true" else raw


def _facts(session: Session, pnr: str, personal_id: str
           ) -> tuple[Booking, Flight, Citizen, policy.BookingFacts]:
    booking = session.get(Booking, pnr.upper())
    if booking is None:
        raise NotFound(f"no booking {pnr}", code="booking_not_found")
    flight = session.get(Flight, booking.flight_id)
    citizen = session.get(Citizen, booking.personal_id) if booking.personal_id else None
    facts = policy.BookingFacts(booking.pnr, booking.personal_id, booking.document_type,
                                flight.departure_time if flight else datetime.max)
    policy.check_document(facts)
    policy.check_booking_owner(facts, personal_id)
    if flight is None or citizen is None:
        raise NotFound(f"no booking {pnr}", code="booking_not_found")
    return booking, flight, citizen, facts


def _check_channel(device: Device, channel: str) -> None:
    if device.role in ("kiosk", "counter", "app") and channel != device.role:
        raise InvalidInput(f"a {device.role} enrols through channel {device.role!r}", code="validation_error")


def _take_checkin_sequence(session: Session, flight_id: int) -> int:
    value = session.scalar(
        update(Flight).where(Flight.flight_id == flight_id)
        .values(checkin_count=Flight.checkin_count + 1).returning(Flight.checkin_count)
    )
    return int(value)


def _store(session: Session, *, booking: Booking, flight: Flight, live: LiveTemplate,
           distance: float, channel: str, device: Device, now: datetime) -> Enrolment:
    """Insert or replace the booking's enrolment and move the journey on, in one transaction."""
    enrolment = session.scalar(select(Enrolment).where(Enrolment.pnr == booking.pnr))
    if booking.checkin_sequence is None:
        booking.checkin_sequence = _take_checkin_sequence(session, flight.flight_id)
    # Taken as late as possible: the gallery counter's row stays locked until
    # commit, so every enrolment in the airport waits behind this one.
    seq = sequences.next_value(session)
    values = dict(template=to_bytes(live.template), model=MODEL_NAME, distance=distance,
                  quality=live.quality, status="active", seq=seq, channel=channel,
                  touchpoint_id=device.touchpoint_id, consent_at=now, updated_at=now,
                  withdrawn_at=None, purged_at=None)
    if enrolment is None:
        enrolment = Enrolment(pnr=booking.pnr, personal_id=booking.personal_id,
                              flight_id=flight.flight_id, created_at=now, **values)
        session.add(enrolment)
    else:
        for key, value in values.items():
            setattr(enrolment, key, value)
    state_from = booking.state
    if booking.state in ("booked", "manual_review"):
        booking.state, booking.state_changed_at = "enrolled", now
    session.flush()
    journeys.record_event(
        session, kind="enrolment", occurred_at=now, pnr=booking.pnr, flight_id=flight.flight_id,
        touchpoint_id=device.touchpoint_id, decision="accepted", reason="enrolled",
        state_from=state_from, state_to=booking.state if booking.state != state_from else None,
        distance=distance, detail={"channel": channel, "enrolment_id": enrolment.enrolment_id},
    )
    return enrolment


def enrol(ctx: AppContext, *, device: Device, pnr: str, personal_id: str, channel: str,
          consent: object, image: bytes | None, template_b64: str | None) -> EnrolmentResult:
    """The whole check-in: refuse early, capture, decide 1:1, store, issue the pass."""
    rules = ctx.enrolment_rules
    now = ctx.clock.now()
    policy.require_consent(consent_value(consent))
    _check_channel(device, channel)
    with ctx.db.read() as session:
        booking, flight, citizen, facts = _facts(session, pnr, personal_id)
        policy.check_citizen(policy.CitizenFacts(citizen.personal_id, citizen.vneid_level, citizen.status))
        policy.check_window(facts.departure_time, now, rules)
        policy.check_lockout(policy.AttemptState(booking.failed_attempts, booking.locked_until), now)
        reference = from_bytes(citizen.reference_template) if citizen.reference_template else None
    live = enrolment_template(ctx.pipeline, image=image, template_b64=template_b64)
    with ctx.db.write() as session:
        booking = session.get(Booking, booking.pnr, with_for_update=True)
        flight = session.get(Flight, booking.flight_id)
        attempts = policy.AttemptState(booking.failed_attempts, booking.locked_until)
        policy.check_lockout(attempts, now)  # again, under the lock: no parallel retries
        decision = policy.decide_match(live=live.template, reference=reference, attempts=attempts,
                                       now=now, rules=rules)
        booking.failed_attempts = decision.attempts.failed_attempts
        booking.locked_until = decision.attempts.locked_until
        if not decision.accepted:
            journeys.record_event(
                session, kind="enrolment", occurred_at=now, pnr=booking.pnr, flight_id=flight.flight_id,
                touchpoint_id=device.touchpoint_id, decision="refused", reason="face_mismatch",
                distance=decision.distance, detail={"attempts_left": decision.attempts_left},
            )
        else:
            enrolment = _store(session, booking=booking, flight=flight, live=live,
                               distance=decision.distance, channel=channel, device=device, now=now)
    decision.raise_if_rejected()  # after the commit: the failed attempt counts
    if image is not None and ctx.settings.store_images:
        store_debug_image(Path("var/images"), f"enrolment-{enrolment.enrolment_id}.img", image)
    ctx.galleries.catch_up()
    return EnrolmentResult(enrolment, booking, flight, boarding_pass_of(booking, flight))


def boarding_pass_of(booking: Booking, flight: Flight) -> BoardingPass:
    return issue_boarding_pass(
        full_name=booking.full_name, pnr=booking.pnr, origin=flight.origin,
        destination=flight.destination, carrier=flight.carrier, flight_no=flight.flight_no,
        flight_date=flight.departure_time.astimezone(AIRPORT_TZ).date(), seat=booking.seat,
        sequence=booking.checkin_sequence or 0, checked_bags=booking.checked_bags,
    )


def get_enrolment(session: Session, enrolment_id: int) -> tuple[Enrolment, Booking, Flight]:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.status != "active":
        raise NotFound(f"no active enrolment {enrolment_id}", code="enrolment_not_found")
    booking = session.get(Booking, enrolment.pnr)
    flight = session.get(Flight, enrolment.flight_id)
    return enrolment, booking, flight


def withdraw(ctx: AppContext, *, enrolment_id: int, device: Device) -> Enrolment:
    """The traveller withdraws consent: the template is deleted now, the journey goes manual."""
    now = ctx.clock.now()
    with ctx.db.write() as session:
        pnr = session.scalar(select(Enrolment.pnr).where(Enrolment.enrolment_id == enrolment_id))
        if pnr is not None:  # lock the booking first, as enrolment does: the same lock order, no deadlock
            session.get(Booking, pnr, with_for_update=True)
        enrolment, booking, _ = get_enrolment(session, enrolment_id)
        enrolment.template = None
        enrolment.status = "withdrawn"
        enrolment.withdrawn_at = enrolment.updated_at = now
        enrolment.seq = sequences.next_value(session)
        state_from = booking.state
        if booking.state == "enrolled":
            booking.state, booking.state_changed_at = "manual_review", now
        journeys.record_event(
            session, kind="withdrawal", occurred_at=now, pnr=booking.pnr, flight_id=booking.flight_id,
            touchpoint_id=device.touchpoint_id, decision="accepted", reason="consent_withdrawn",
            state_from=state_from, state_to=booking.state if booking.state != state_from else None,
        )
    ctx.galleries.catch_up()
    return enrolment


def reference_template(ctx: AppContext, *, image: bytes | None, template_b64: str | None) -> LiveTemplate:
    """A registry reference face goes through the same pipeline and quality rules as enrolment."""
    return enrolment_template(ctx.pipeline, image=image, template_b64=template_b64)


def set_reference_face(ctx: AppContext, *, personal_id: str, live: LiveTemplate, source: str) -> Citizen:
    from app.services.citizens import get_citizen

    with ctx.db.write() as session:
        citizen = get_citizen(session, personal_id)
        citizen.reference_template = to_bytes(np.asarray(live.template))
        citizen.reference_source = source
        citizen.reference_updated_at = ctx.clock.now()
        return citizen
