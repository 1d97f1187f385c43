"""The operations dashboard's summary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["DashboardSummary", "FlightProgress", "RecentEvent", "Totals", "TouchpointStats"]


class FlightProgress(BaseModel):
    """One departure and how far its passengers have got (the manifest's counts)."""

    flight_id: int
    flight_no: str
    destination: str
    departure_time: datetime
    gate: str
    status: Literal["scheduled", "boarding", "closed", "departed"]
    passengers: int
    enrolled: int = Field(description="Active biometric enrolments.")
    security_cleared: int = Field(description="Passed security (boarded passengers included).")
    boarded: int
    manual: int = Field(description="Passport holders, manual_review, or sent to an agent at least once.")


class Totals(BaseModel):
    flights: int
    passengers: int
    enrolled: int
    security_cleared: int
    boarded: int
    manual: int


class RecentEvent(BaseModel):
    """One journey event: a gate decision, an enrolment, an agent's check, a withdrawal."""

    event_id: int
    occurred_at: datetime
    kind: str
    touchpoint_id: str | None
    pnr: str | None
    flight_no: str | None
    decision: str | None
    reason: str | None
    distance: float | None
    latency_ms: float | None


class TouchpointStats(BaseModel):
    """Gate scans at one touchpoint over the window."""

    touchpoint_id: str
    scans: int
    open: int
    deny: int
    manual: int
    match_rate: float = Field(description="Share of scans decided `open` (identified and let through).")
    latency_p50_ms: float | None = Field(description="Median server-side decision latency.")
    latency_p95_ms: float | None
    reasons: dict[str, int] = Field(description="Scans per reason code.")


class DashboardSummary(BaseModel):
    airport: str
    now: datetime = Field(description="The service clock (simulated time when set).")
    clock_speed: float
    simulated: bool
    day: date = Field(description="The local date whose departures `flights` lists.")
    window_minutes: float
    totals: Totals
    flights: list[FlightProgress]
    events: list[RecentEvent] = Field(description="Newest first.")
    touchpoints: list[TouchpointStats]
