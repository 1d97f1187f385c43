"""The web kiosk's server side: the configured kiosk device acting for the page.

The page in the traveller's browser never holds an API key. Its requests
arrive at `/kiosk/api/...`, and this module runs them as the touchpoint
behind `SKYGATE_KIOSK_API_KEY`, through the same services (and the same
checks) as any kiosk calling the device API. Only four things are possible
that way: read the kiosk's settings, find bookings by personal id or PNR,
enrol a face on a booking, and receive that booking's boarding pass.

What the page sees is less than a kiosk device sees: no personal id, no
document number, and a shortened name until the face has matched. Identity
is proven by the 1:1 face check against the registry, so the page sends only
the PNR and the server takes the personal id from the booking.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.api.schemas.kiosk import KioskBooking, KioskConfig, KioskEnrolmentOut
from app.context import AppContext
from app.db.models import Booking, Citizen, Enrolment, Flight
from app.services import enrolments as enrolment_service
from app.services.bookings import get_booking, list_bookings_of
from app.services.flights import flight_out
from app.services.touchpoints import Device
from enrollment import policy
from enrollment.boarding_pass import qr_svg
from matching.errors import DomainError, InvalidInput, Unavailable

__all__ = ["config", "display_name", "enrol", "find_by_personal_id", "find_by_pnr",
           "kiosk_device"]


def kiosk_device(ctx: AppContext) -> Device:
    """The touchpoint the page acts as; 503 `kiosk_not_configured` without a usable kiosk key.

    A key that belongs to any other role (an admin key pasted by mistake) is
    refused: the page must never act with more than the kiosk role.
    """
    secret = ctx.settings.kiosk_api_key
    if secret is None:
        raise Unavailable("the web kiosk is not configured (set SKYGATE_KIOSK_API_KEY)",
                          code="kiosk_not_configured")
    device = ctx.devices.lookup(ctx.db.read, secret.get_secret_value())
    if device is None:
        raise Unavailable("the web kiosk's touchpoint is deactivated", code="kiosk_not_configured")
    if device.role != "kiosk":
        raise Unavailable(f"the configured kiosk key belongs to a {device.role} touchpoint",
                          code="kiosk_not_configured")
    return device


def config(ctx: AppContext) -> KioskConfig:
    s = ctx.settings
    try:
        kiosk_device(ctx)
        ready = True
    except Unavailable:
        ready = False
    return KioskConfig(ready=ready, airport=s.airport, counter=s.kiosk_counter,
                       idle_seconds=s.kiosk_idle_seconds, retention_hours=s.retention_hours,
                       enrolment_opens_hours=s.enrolment_opens_hours,
                       enrolment_closes_hours=s.enrolment_closes_hours, max_upload_bytes=s.max_upload_bytes)


def display_name(full_name: str) -> str:
    """Family name (written first in Vietnamese) and initials: 'Nguyễn Thị Lan' -> 'Nguyễn T. L.'."""
    parts = full_name.split()
    if len(parts) <= 1:
        return full_name
    return " ".join([parts[0], *(f"{p[0]}." for p in parts[1:])])


def _blocked(ctx: AppContext, session: Session, booking: Booking, now: datetime) -> str | None:
    """The code the enrolment would be refused with before any face is taken, if any.

    The same policy functions as `enrol`, so the page can send a passport
    holder or a closed window to the counter without asking for a photo.
    """
    if booking.state == "boarded":
        return "already_boarded"
    flight = session.get(Flight, booking.flight_id)
    try:
        policy.check_document(policy.BookingFacts(booking.pnr, booking.personal_id, booking.document_type,
                                                  flight.departure_time))
        citizen = session.get(Citizen, booking.personal_id)
        policy.check_citizen(policy.CitizenFacts(citizen.personal_id, citizen.vneid_level, citizen.status))
        policy.check_window(flight.departure_time, now, ctx.enrolment_rules)
        policy.check_lockout(policy.AttemptState(booking.failed_attempts, booking.locked_until), now)
        if citizen.reference_template is None:
            return "no_reference_face"
    except DomainError as refusal:
        return refusal.code
    return None


def _kiosk_booking(ctx: AppContext, session: Session, booking: Booking, now: datetime) -> KioskBooking:
    flight = session.get(Flight, booking.flight_id)
    out = flight_out(flight, now=now, window=ctx.boarding_window)
    enrolled = session.scalar(select(Enrolment.enrolment_id).where(
        Enrolment.pnr == booking.pnr, Enrolment.status == "active")) is not None
    return KioskBooking(
        pnr=booking.pnr, display_name=display_name(booking.full_name), flight_no=flight.flight_no,
        origin=flight.origin, destination=flight.destination, departure_time=flight.departure_time,
        boarding_opens_at=out.boarding_opens_at, gate=flight.gate, seat=booking.seat,
        checked_bags=booking.checked_bags, flight_status=out.status, state=booking.state,  # type: ignore[arg-type]
        enrolled=enrolled, blocked=_blocked(ctx, session, booking, now),
    )


def find_by_personal_id(ctx: AppContext, personal_id: str) -> list[KioskBooking]:
    """A citizen's bookings on flights not yet departed (as if read from the chip ID card)."""
    now = ctx.clock.now()
    with ctx.db.read() as session:
        return [_kiosk_booking(ctx, session, b, now) for b in list_bookings_of(session, personal_id, now=now)]


def find_by_pnr(ctx: AppContext, pnr: str) -> KioskBooking:
    now = ctx.clock.now()
    with ctx.db.read() as session:
        return _kiosk_booking(ctx, session, get_booking(session, pnr), now)


def enrol(ctx: AppContext, *, device: Device, pnr: str, consent: object,
          image: bytes | None) -> KioskEnrolmentOut:
    """Consent first (nothing is read before it), then the booking's owner enrols through the
    ordinary enrolment service; returns the boarding pass with its QR code."""
    policy.require_consent(enrolment_service.consent_value(consent))
    if image is None:
        raise InvalidInput("the web kiosk sends a photo as the multipart field `image`",
                           code="validation_error")
    with ctx.db.read() as session:
        owner = get_booking(session, pnr).personal_id
    result = enrolment_service.enrol(
        ctx, device=device, pnr=pnr, personal_id=owner or "", channel="kiosk", consent=True,
        image=image, template_b64=None,
    )
    booking, flight, card = result.booking, result.flight, result.boarding_pass
    bcbp = card.encode()
    return KioskEnrolmentOut(
        enrolment_id=result.enrolment.enrolment_id, pnr=booking.pnr, full_name=booking.full_name,
        flight_no=flight.flight_no, origin=flight.origin, destination=flight.destination,
        departure_time=flight.departure_time,
        boarding_opens_at=ctx.boarding_window.opens_at(flight.departure_time), gate=flight.gate,
        seat=booking.seat, sequence=booking.checkin_sequence or 0, checked_bags=booking.checked_bags,
        bcbp=bcbp, qr_svg=qr_svg(bcbp).decode(), distance=result.enrolment.distance,
        threshold=ctx.settings.enrolment_threshold,
    )
