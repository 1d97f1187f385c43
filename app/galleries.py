"""The worker's in-memory galleries, kept in step with the database.

The database is the truth. Every change to an enrolment (add, replace,
withdraw, purge) takes a new value of the commit-ordered `gallery` sequence
(app/services/sequences.py). Each worker remembers the last value it applied
and, before every search, reads the counter (one primary-key lookup); only
when it moved does it fetch the enrolment rows with a newer `seq` (an index
range scan). A worker that starts loads everything once; several workers on
one database therefore converge, and a restart loses nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Enrolment, Flight
from app.services.sequences import current_value
from gates.galleries import AirportGalleries, GalleryEntry
from gates.windows import BoardingWindow
from matching.templates import from_bytes

__all__ = ["GalleryService"]

log = logging.getLogger("skygate.galleries")

# Changes committed after `after` up to the counter value `upto` read just before.
_CHANGES = (
    select(Enrolment.enrolment_id, Enrolment.pnr, Enrolment.personal_id, Enrolment.flight_id,
           Enrolment.template, Enrolment.status, Enrolment.seq)
    .where(Enrolment.seq > bindparam("after"), Enrolment.seq <= bindparam("upto"))
    .order_by(Enrolment.seq)
)


class GalleryService:
    """`AirportGalleries` for one airport plus the catch-up from the database."""

    def __init__(self, db: Database, *, airport: str, security_window: timedelta,
                 boarding_window: BoardingWindow) -> None:
        self.db = db
        self.airport = airport
        self.galleries = AirportGalleries(security_window=security_window,
                                          boarding_window=boarding_window,
                                          batch_workers=os.cpu_count() or 1)
        self.last_seq = 0
        self._flights: dict[int, tuple[str, str, datetime]] = {}  # flight -> (origin, gate, departure)
        self._lock = threading.Lock()

    def catch_up(self, session: Session | Connection | None = None) -> int:
        """Apply every change committed since the last call; return how many.

        Pass the caller's read session to save opening one (the scan path does).
        """
        if session is None:
            with self.db.read() as own:
                return self.catch_up(own)
        target = current_value(session)
        if target <= self.last_seq:
            return 0
        with self._lock:
            if target <= self.last_seq:
                return 0  # a thread that queued on the lock with us already applied them
            # Bounded on both sides: the planner then expects a handful of rows
            # and uses the seq index even before the table has statistics.
            rows = session.execute(
                _CHANGES, {"after": self.last_seq, "upto": target}
            ).all()  # under the lock: two threads never apply the same rows twice
            self._learn_flights(session, {row.flight_id for row in rows})
            for row in rows:
                self._apply(row)
                self.last_seq = max(self.last_seq, int(row.seq))
            return len(rows)

    def _learn_flights(self, session: Session | Connection, flight_ids: set[int]) -> None:
        """Cache (origin, gate, departure) of flights not seen before."""
        missing = flight_ids - self._flights.keys()
        for start in range(0, len(missing), 1000):
            chunk = sorted(missing)[start:start + 1000]
            for flight_id, origin, gate, departure in session.execute(
                select(Flight.flight_id, Flight.origin, Flight.gate, Flight.departure_time)
                .where(Flight.flight_id.in_(chunk))
            ):
                self._flights[flight_id] = (origin, gate, departure)

    def load(self) -> None:
        """Build the galleries from scratch (start-up): a catch-up from zero."""
        self.last_seq = 0
        applied = self.catch_up()
        log.info("galleries loaded: %d enrolments (%d changes) for %s",
                 len(self.galleries), applied, self.airport)

    def _apply(self, row) -> None:  # noqa: ANN001 - a result Row
        origin, gate, departure = self._flights[row.flight_id]
        if row.status != "active" or row.template is None or origin != self.airport:
            self.galleries.remove(row.enrolment_id)
            return
        entry = GalleryEntry(row.enrolment_id, row.pnr, row.personal_id, row.flight_id, gate, departure)
        self.galleries.upsert(entry, from_bytes(row.template))

    def sizes(self, now: datetime) -> dict[str, int]:
        """Gallery sizes for readiness and the dashboard."""
        self.galleries.advance(now)
        return {"enrolments": len(self.galleries), "security": self.galleries.security_size}
