"""Flight bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from app.api.schemas.common import AirportCode, AwareTime, StrictModel

__all__ = ["FlightCreate", "FlightList", "FlightOut"]


class FlightCreate(StrictModel):
    flight_no: str = Field(pattern=r"^[A-Z0-9]{2}\d{1,4}$", examples=["VN213"])
    carrier: str = Field(pattern=r"^[A-Z0-9]{2}$", examples=["VN"])
    origin: AirportCode
    destination: AirportCode
    departure_time: AwareTime = Field(description="ISO 8601 with a UTC offset.")
    gate: str = Field(min_length=1, max_length=8, examples=["12"])
    aircraft: str | None = Field(None, max_length=16, examples=["A321"])
    capacity: int | None = Field(None, ge=1, le=900)

    @model_validator(mode="after")
    def _consistent(self) -> FlightCreate:
        if not self.flight_no.startswith(self.carrier):
            raise ValueError("flight_no must start with the carrier code")
        if self.origin == self.destination:
            raise ValueError("origin and destination must differ")
        return self


class FlightOut(BaseModel):
    flight_id: int
    flight_no: str
    carrier: str
    origin: str
    destination: str
    departure_time: datetime
    gate: str
    aircraft: str | None
    capacity: int | None
    status: Literal["scheduled", "boarding", "closed", "departed"]
    boarding_opens_at: datetime
    boarding_closes_at: datetime


class FlightList(BaseModel):
    flights: list[FlightOut]
    count: int
