"""After the run: was anything acknowledged lost, or anyone boarded twice?

Checked against the database, which is the truth:
- every enrolment answered 201 exists and belongs to the PNR it was made for;
- every scan answered 200 left its journey event (same id, same decision);
- every `open` at a boarding gate is a `boarded` transition, and no booking
  has more than one `boarded` event.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import Enrolment, JourneyEvent
from simulators.loadtest.ledger import Ledger

__all__ = ["IntegrityReport", "check_integrity"]

_CHUNK = 5_000


@dataclass
class IntegrityReport:
    enrolments_acknowledged: int
    enrolments_missing: int
    scans_acknowledged: int
    scan_events_missing: int
    scan_events_mismatched: int
    boarding_opens: int
    boarding_opens_without_boarded_event: int
    bookings_boarded_twice: int

    @property
    def ok(self) -> bool:
        return not (
            self.enrolments_missing
            or self.scan_events_missing
            or self.scan_events_mismatched
            or self.boarding_opens_without_boarded_event
            or self.bookings_boarded_twice
        )

    def as_dict(self) -> dict[str, int | bool]:
        return {**asdict(self), "ok": self.ok}


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def check_integrity(database_url: str, ledger: Ledger) -> IntegrityReport:
    db = Database.from_url(database_url)
    try:
        with db.read() as session:
            stored_enrolments: dict[int, str] = {}
            for chunk in _chunks(list(ledger.enrolments)):
                stored_enrolments.update(
                    session.execute(
                        select(Enrolment.enrolment_id, Enrolment.pnr).where(Enrolment.enrolment_id.in_(chunk))
                    ).all()
                )
            events: dict[int, tuple[str | None, str | None]] = {}
            for chunk in _chunks(list(ledger.scans)):
                events.update(
                    (r[0], (r[1], r[2]))
                    for r in session.execute(
                        select(JourneyEvent.event_id, JourneyEvent.decision, JourneyEvent.state_to).where(
                            JourneyEvent.event_id.in_(chunk)
                        )
                    ).all()
                )
            twice = session.scalar(
                select(func.count()).select_from(
                    select(JourneyEvent.pnr)
                    .where(JourneyEvent.state_to == "boarded")
                    .group_by(JourneyEvent.pnr)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
    finally:
        db.dispose()
    opens = ledger.boarding_opens()
    return IntegrityReport(
        enrolments_acknowledged=len(ledger.enrolments),
        enrolments_missing=sum(stored_enrolments.get(e) != pnr for e, pnr in ledger.enrolments.items()),
        scans_acknowledged=len(ledger.scans),
        scan_events_missing=sum(e not in events for e in ledger.scans),
        scan_events_mismatched=sum(
            e in events and events[e][0] != d for e, (_, d, _) in ledger.scans.items()
        ),
        boarding_opens=len(opens),
        boarding_opens_without_boarded_event=sum(events.get(e, (None, None))[1] != "boarded" for e in opens),
        bookings_boarded_twice=int(twice or 0),
    )
