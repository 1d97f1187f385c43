"""Touchpoint scan bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.api.schemas.common import StrictModel

__all__ = ["ScanIn", "ScanOut"]


class ScanIn(StrictModel):
    """JSON with `template_b64`, or multipart with an `image`; optionally a claimed identity."""

    template_b64: str | None = Field(None, description="JSON only: template from the gate camera.")
    boarding_pass: str | None = Field(None, description="BCBP string read from the pass's QR code.")
    pnr: str | None = Field(None, min_length=5, max_length=7, description="Claimed booking.")


class ScanOut(BaseModel):
    decision: Literal["open", "deny", "manual"]
    reason: str = Field(description="Reason code (see docs/gates.md).")
    message: str
    distance: float | None = Field(description="Distance to the decisive template (1:N best or claimed 1:1).")
    margin: float | None = Field(description="Distance gap to the best other traveller.")
    flight_no: str | None
    seat: str | None
    given_initial: str | None = Field(
        description="Initial of the traveller's given name, for the gate screen."
    )
    gate: str | None = Field(None, description="With wrong_gate: where the flight boards.")
    touchpoint_id: str
    event_id: int
    occurred_at: datetime
    latency_ms: float
    detail: dict[str, Any] = Field(default_factory=dict)
