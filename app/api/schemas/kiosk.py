"""Bodies of the web kiosk's own endpoints (`/kiosk/api/...`).

They carry less than the device API: no personal id, no document number, a
shortened name before the face check, and the boarding pass's QR code inline
(so no endpoint serves passes by enrolment id to whoever guesses one).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.api.schemas.bookings import JourneyState
from app.api.schemas.common import StrictModel

__all__ = ["KioskBooking", "KioskBookingList", "KioskConfig", "KioskEnrolRequest", "KioskEnrolmentOut"]


class KioskConfig(BaseModel):
    """What the page needs to know; nothing here is secret."""

    ready: bool = Field(description="False when no kiosk key is configured: the page shows 'out of service'.")
    airport: str
    counter: str = Field(description="Where the kiosk sends travellers when the face path ends.")
    idle_seconds: float
    retention_hours: float = Field(description="Templates are deleted this long after departure.")
    enrolment_opens_hours: float
    enrolment_closes_hours: float
    max_upload_bytes: int


class KioskBooking(BaseModel):
    pnr: str
    display_name: str = Field(description="Family name and initials, e.g. 'Nguyễn T. L.'.")
    flight_no: str
    origin: str
    destination: str
    departure_time: datetime
    boarding_opens_at: datetime
    gate: str
    seat: str
    checked_bags: int
    flight_status: Literal["scheduled", "boarding", "closed", "departed"]
    state: JourneyState
    enrolled: bool
    blocked: str | None = Field(
        None, description="An error code when the kiosk cannot enrol this booking (the counter can).",
    )


class KioskBookingList(BaseModel):
    bookings: list[KioskBooking]
    count: int


class KioskEnrolRequest(StrictModel):
    """Multipart form fields next to the `image` file."""

    pnr: str = Field(min_length=5, max_length=7, pattern=r"^[A-Za-z0-9]+$")
    consent: Any = Field(None, description='Must be exactly "true".')


class KioskEnrolmentOut(BaseModel):
    enrolment_id: int
    pnr: str
    full_name: str
    flight_no: str
    origin: str
    destination: str
    departure_time: datetime
    boarding_opens_at: datetime
    gate: str
    seat: str
    sequence: int
    checked_bags: int
    bcbp: str = Field(description="IATA Resolution 792 string, as encoded in the QR code.")
    qr_svg: str = Field(description="The QR code of `bcbp` as an SVG document.")
    distance: float | None
    threshold: float
