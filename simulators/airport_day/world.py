"""The simulated airport's state: journeys in memory beside the real galleries.

`Journeys` is the `TravellerSource` that `gates.scan.decide_scan` reads (the
service reads the same facts from its database), and applies a decision's
transition the way the service's conditional UPDATE does: only from the
required state, so a traveller an impostor already moved on stays moved on.
The galleries are `gates.galleries.AirportGalleries`, the service's own.
Manual-lane resolutions use the service's table of allowed transitions
(`app.services.manual.ALLOWED_FROM`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gates.galleries import AirportGalleries, GalleryEntry
from gates.journey import JourneyState, Traveller
from gates.scan import ScanDecision
from simulators.airport_day.population import Day

__all__ = ["MANUAL_ALLOWED_FROM", "Journeys"]


def _manual_rules() -> dict[str, tuple[tuple[str, ...], str]]:
    from app.services.manual import ALLOWED_FROM

    return ALLOWED_FROM


MANUAL_ALLOWED_FROM = _manual_rules()


class Journeys:
    """Journey states of the day's bookings, keyed by passenger number and PNR."""

    def __init__(self, day: Day, galleries: AirportGalleries) -> None:
        self.day = day
        self.galleries = galleries
        self.state: list[JourneyState] = ["booked"] * day.n
        self.index = {pnr: i for i, pnr in enumerate(day.pnr)}
        self.departure = [day.start + timedelta(seconds=float(s)) for s in day.flight_departure]
        self.gate = [f["gate"] for f in day.flights]
        self.flight_no = [f["flight_no"] for f in day.flights]
        self.transitions = 0

    # -- TravellerSource -------------------------------------------------------------

    def pnr_of(self, enrolment_id: int) -> str:
        return self.galleries.pnr_of(enrolment_id)

    def traveller(self, pnr: str) -> Traveller | None:
        i = self.index.get(pnr)
        if i is None:
            return None
        f = int(self.day.flight[i])
        return Traveller(pnr, self.day.face_key[i], self.state[i], f, self.flight_no[f],
                         self.gate[f], self.departure[f])

    # -- changes -----------------------------------------------------------------------

    def enrol(self, i: int, template, now: datetime) -> None:  # noqa: ANN001 - (128,) float32
        """Put passenger i's enrolment in the galleries and move them to `enrolled`."""
        f = int(self.day.flight[i])
        entry = GalleryEntry(enrolment_id=i + 1, pnr=self.day.pnr[i], personal_id=self.day.face_key[i],
                             flight_id=f, gate=self.gate[f], departure=self.departure[f])
        self.galleries.upsert(entry, template)
        if self.state[i] == "booked":
            self.state[i] = "enrolled"

    def apply(self, decision: ScanDecision) -> bool:
        """Apply a scan's transition if the traveller is still in the required state."""
        if decision.transition is None or decision.pnr is None:
            return False
        i = self.index.get(decision.pnr)
        required, target = decision.transition
        if i is None or self.state[i] != required:
            return False
        self.state[i] = target
        self.transitions += 1
        return True

    def resolve(self, i: int, action: str) -> bool:
        """An agent's document check (`clear_security` or `board`); False if the state forbids it."""
        allowed, target = MANUAL_ALLOWED_FROM[action]
        if self.state[i] not in allowed:
            return False
        self.state[i] = target  # type: ignore[assignment]
        return True
