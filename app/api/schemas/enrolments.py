"""Enrolment bodies: the biometric token bound to one booking."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.api.schemas.bookings import JourneyState
from app.api.schemas.common import PersonalIdStr, StrictModel

__all__ = ["BoardingPassOut", "EnrolmentOut", "EnrolmentRequest", "ReferenceFaceRequest"]

Channel = Literal["counter", "kiosk", "app"]


class EnrolmentRequest(StrictModel):
    """Send as JSON with `template_b64`, or as multipart form fields with an `image` file."""

    pnr: str = Field(min_length=5, max_length=7, examples=["K7XQ2P"])
    personal_id: PersonalIdStr
    channel: Channel
    consent: Any = Field(None, description="Must be exactly true (JSON) or \"true\" (form).")
    template_b64: str | None = Field(None, description="JSON only: a template computed on the device.")


class ReferenceFaceRequest(StrictModel):
    template_b64: str | None = None


class BoardingPassOut(BaseModel):
    bcbp: str = Field(description="IATA Resolution 792 string, as encoded in the QR code.")
    qr_svg_url: str
    qr_png_url: str
    seat: str
    sequence: int


class EnrolmentOut(BaseModel):
    enrolment_id: int
    pnr: str
    flight_id: int
    flight_no: str
    channel: Channel
    distance: float | None = Field(description="1:1 distance to the registry's reference template.")
    threshold: float
    quality: dict[str, float | int] | None
    state: JourneyState
    boarding_pass: BoardingPassOut
    created_at: datetime
