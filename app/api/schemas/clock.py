"""Clock bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.api.schemas.common import AwareTime, StrictModel

__all__ = ["ClockOut", "ClockSet"]


class ClockSet(StrictModel):
    now: AwareTime = Field(description="Simulated current time, with a UTC offset.")
    speed: float = Field(1.0, gt=0, le=100_000, description="1 = real time; 60 = a minute per second.")


class ClockOut(BaseModel):
    now: datetime
    speed: float
    simulated: bool
