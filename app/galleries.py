"""The worker's in-memory galleries, kept in step with the database.

The database is the truth. Every change to an enrolment (add, replace,
withdraw, purge) takes a new value of the commit-ordered `gallery` sequence
(app/services/sequences.py). Each worker remembers the last value it applied
and, before every search, applies the rows with a newer one — a single
indexed query that returns nothing in the common case. A worker that starts
loads everything once; several workers on one database therefore converge,
and a restart loses nothing.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Enrolment, Flight
from gates.galleries import AirportGalleries, GalleryEntry
from gates.windows import BoardingWindow
from matching.templates import from_bytes

__all__ = ["GalleryService"]

log = logging.getLogger("skygate.galleries")


class GalleryService:
    """`AirportGalleries` for one airport plus the catch-up from the database."""

    def __init__(self, db: Database, *, airport: str, security_window: timedelta,
                 boarding_window: BoardingWindow) -> None:
        self.db = db
        self.airport = airport
        self.galleries = AirportGalleries(security_window=security_window,
                                          boarding_window=boarding_window)
        self.last_seq = 0
        self._lock = threading.Lock()

    def _changes(self, after: int):  # noqa: ANN202 - a SQLAlchemy Select
        return (
            select(Enrolment.enrolment_id, Enrolment.pnr, Enrolment.personal_id, Enrolment.flight_id,
                   Enrolment.template, Enrolment.status, Enrolment.seq, Flight.gate,
                   Flight.departure_time)
            .join(Flight, Flight.flight_id == Enrolment.flight_id)
            .where(Enrolment.seq > after, Flight.origin == self.airport)
            .order_by(Enrolment.seq)
        )

    def catch_up(self) -> int:
        """Apply every change committed since the last call; return how many."""
        with self._lock:
            with self.db.read() as session:
                rows = session.execute(self._changes(self.last_seq)).all()
            for row in rows:
                self._apply(row)
                self.last_seq = max(self.last_seq, int(row.seq))
            return len(rows)

    def load(self) -> None:
        """Build the galleries from scratch (start-up): a catch-up from zero."""
        self.last_seq = 0
        applied = self.catch_up()
        log.info("galleries loaded: %d enrolments (%d changes) for %s",
                 len(self.galleries), applied, self.airport)

    def _apply(self, row) -> None:  # noqa: ANN001 - a result Row
        if row.status != "active" or row.template is None:
            self.galleries.remove(row.enrolment_id)
            return
        entry = GalleryEntry(row.enrolment_id, row.pnr, row.personal_id, row.flight_id, row.gate,
                             row.departure_time)
        self.galleries.upsert(entry, from_bytes(row.template))

    def sizes(self, now: datetime) -> dict[str, int]:
        """Gallery sizes for readiness and the dashboard."""
        self.galleries.advance(now)
        return {"enrolments": len(self.galleries), "security": self.galleries.security_size}
