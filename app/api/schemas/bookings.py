"""Booking bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from app.api.schemas.common import PersonalIdStr, StrictModel
from app.api.schemas.flights import FlightOut

__all__ = ["BookingCreate", "BookingList", "BookingOut", "JourneyState"]

JourneyState = Literal["booked", "enrolled", "security_cleared", "boarded", "manual_review"]


class BookingCreate(StrictModel):
    """A VNeID citizen (`personal_id`) or a passport holder (`passport_no`, `full_name`, `nationality`)."""

    flight_id: int
    seat: str = Field(pattern=r"^[1-9][0-9]?[A-K]$", examples=["12A"])
    personal_id: PersonalIdStr | None = None
    passport_no: str | None = Field(None, pattern=r"^[A-Z0-9]{6,12}$")
    full_name: str | None = Field(None, min_length=1, max_length=120)
    nationality: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    checked_bags: int = Field(0, ge=0, le=10)
    special: bool = Field(False, description="Child, assistance or another ID document: counter only.")

    @model_validator(mode="after")
    def _one_identity(self) -> BookingCreate:
        if (self.personal_id is None) == (self.passport_no is None):
            raise ValueError("give either personal_id (VNeID) or passport_no, not both")
        if self.passport_no is not None and (self.full_name is None or self.nationality is None):
            raise ValueError("a passport booking needs full_name and nationality")
        if self.personal_id is not None and self.full_name is not None:
            raise ValueError("a VNeID booking takes the name from the registry; omit full_name")
        return self


class BookingOut(BaseModel):
    pnr: str
    flight: FlightOut
    full_name: str
    seat: str
    checked_bags: int
    special: bool
    document_type: Literal["vneid", "passport"]
    nationality: str
    state: JourneyState
    checkin_sequence: int | None
    enrolment_id: int | None = None
    personal_id: str | None = Field(None, description="Staff roles and the traveller's own kiosk only.")
    document_no: str | None = Field(None, description="Staff roles only.")


class BookingList(BaseModel):
    bookings: list[BookingOut]
    count: int
