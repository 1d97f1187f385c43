"""Time windows around a departure: when boarding is open, what a flight's status is.

Pure functions of `now`: the service passes its clock's time, the offline
simulation passes SimPy's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

__all__ = ["BoardingWindow", "FlightStatus", "flight_status"]

FlightStatus = Literal["scheduled", "boarding", "closed", "departed"]


@dataclass(frozen=True, slots=True)
class BoardingWindow:
    """Boarding opens `opens` before departure and closes `closes` before it."""

    opens: timedelta = timedelta(minutes=40)
    closes: timedelta = timedelta(minutes=15)

    @classmethod
    def from_minutes(cls, opens: float, closes: float) -> BoardingWindow:
        return cls(timedelta(minutes=opens), timedelta(minutes=closes))

    def opens_at(self, departure: datetime) -> datetime:
        return departure - self.opens

    def closes_at(self, departure: datetime) -> datetime:
        return departure - self.closes

    def is_open(self, departure: datetime, now: datetime) -> bool:
        return self.opens_at(departure) <= now < self.closes_at(departure)


def flight_status(departure: datetime, now: datetime, window: BoardingWindow) -> FlightStatus:
    """Where a flight stands at `now`: before boarding, boarding, doors closed, or gone."""
    if now < window.opens_at(departure):
        return "scheduled"
    if now < window.closes_at(departure):
        return "boarding"
    if now < departure:
        return "closed"
    return "departed"
