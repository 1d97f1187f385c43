"""Manual checks, journeys and flight manifests."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.api.schemas.bookings import JourneyState
from app.api.schemas.common import StrictModel

__all__ = ["JourneyEventOut", "JourneyOut", "ManifestOut", "ManifestRow", "ManualCheckIn"]


class ManualCheckIn(StrictModel):
    pnr: str = Field(min_length=5, max_length=7)
    action: Literal["clear_security", "board"]
    document_checked: Literal[True] = Field(description="The agent checked an ID document.")
    reason: str = Field(min_length=1, max_length=200, examples=["no_match at SGN-SEC-03; CCCD checked"])


class JourneyEventOut(BaseModel):
    event_id: int
    kind: str
    occurred_at: datetime
    touchpoint_id: str | None
    decision: str | None
    reason: str | None
    state_from: str | None
    state_to: str | None
    distance: float | None
    margin: float | None
    latency_ms: float | None
    detail: dict[str, Any] | None


class JourneyOut(BaseModel):
    pnr: str
    state: JourneyState
    flight_id: int
    events: list[JourneyEventOut]


class ManifestRow(BaseModel):
    pnr: str
    personal_id: str | None = Field(None, description="Agents and admins only; never to gates.")
    full_name: str
    seat: str
    document_type: str
    special: bool
    checked_bags: int
    state: JourneyState
    enrolled: bool
    manual: bool = Field(description="Needs or had an agent: manual_review, passport, or a manual decision.")


class ManifestOut(BaseModel):
    flight_id: int
    flight_no: str
    gate: str
    departure_time: datetime
    counts: dict[str, int]
    passengers: list[ManifestRow]
