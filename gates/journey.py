"""The journey state machine and the rules each touchpoint applies to it.

    booked ──enrol──> enrolled ──security──> security_cleared ──boarding──> boarded
       │                 │                        │
       └─────────────────┴───── manual_review <───┘   (an agent resolves it)

Rules are pure functions of a traveller's booking and `now`; the service
then applies the transition with a conditional update in the database, so two
gates racing for one traveller cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from gates.windows import BoardingWindow

__all__ = [
    "JOURNEY_STATES",
    "JourneyState",
    "Refusal",
    "Traveller",
    "boarding_refusal",
    "next_state",
    "security_refusal",
]

JourneyState = Literal["booked", "enrolled", "security_cleared", "boarded", "manual_review"]
JOURNEY_STATES: tuple[JourneyState, ...] = (
    "booked", "enrolled", "security_cleared", "boarded", "manual_review",
)

# The state a traveller must be in for each touchpoint kind to move them on.
_REQUIRED: dict[str, tuple[JourneyState, JourneyState]] = {
    "security": ("enrolled", "security_cleared"),
    "boarding": ("security_cleared", "boarded"),
}


@dataclass(frozen=True, slots=True)
class Traveller:
    """What the rules need to know about an identified booking."""

    pnr: str
    personal_id: str
    state: JourneyState
    flight_id: int
    flight_no: str
    gate: str
    departure: datetime


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a touchpoint does not move the traveller on; `extra` goes to the gate screen."""

    reason: str
    extra: dict[str, Any] = field(default_factory=dict)


def next_state(kind: Literal["security", "boarding"]) -> tuple[JourneyState, JourneyState]:
    """(required state, resulting state) for a pass at a touchpoint kind."""
    return _REQUIRED[kind]


def security_refusal(t: Traveller, *, now: datetime, window: timedelta) -> Refusal | None:
    """None if this traveller may pass security now, else why not."""
    if t.state == "boarded":
        return Refusal("already_boarded")
    if t.state == "security_cleared":
        return Refusal("already_cleared")
    if t.state == "manual_review":
        return Refusal("manual_review")
    if t.state != "enrolled":
        return Refusal("not_enrolled")
    if not now < t.departure <= now + window:
        return Refusal("not_departing", {"flight_no": t.flight_no})
    return None


def boarding_refusal(
    t: Traveller, *, gate: str, now: datetime, window: BoardingWindow
) -> Refusal | None:
    """None if this traveller may board at `gate` now, else why not (anti-passback first)."""
    if t.state == "boarded":
        return Refusal("already_boarded")
    if t.gate != gate:
        return Refusal("wrong_gate", {"gate": t.gate, "flight_no": t.flight_no})
    if not window.is_open(t.departure, now):
        return Refusal("boarding_closed", {"flight_no": t.flight_no})
    if t.state == "manual_review":
        return Refusal("manual_review")
    if t.state != "security_cleared":
        return Refusal("not_security_cleared")
    return None
