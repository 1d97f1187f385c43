"""One airport's galleries in memory: a partition per flight, and the
security gallery of everyone departing in the coming window.

Both the service (kept in step with the database, see app/galleries.py) and
the offline simulation hold one of these; it implements the
`CandidateSource` and the enrolment half of `TravellerSource` that
`gates.scan.decide_scan` reads.

The security gallery's membership depends on time: an enrolment belongs
while `now < departure <= now + security_window`. Each search first moves
the window to `now` (flights entering are copied in from their partitions,
flights leaving are removed), so a simulated clock may jump either way.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from gates.identification import Candidate
from gates.windows import BoardingWindow
from matching.batching import BatchSearcher
from matching.gallery import Gallery
from matching.index import PartitionedIndex
from matching.result import SearchResult

__all__ = ["AirportGalleries", "GalleryEntry"]


@dataclass(frozen=True, slots=True)
class GalleryEntry:
    """What the galleries know about one enrolment besides its template."""

    enrolment_id: int
    pnr: str
    personal_id: str
    flight_id: int
    gate: str
    departure: datetime


class AirportGalleries:
    """Per-flight partitions plus a time-windowed security gallery."""

    def __init__(self, *, security_window: timedelta, boarding_window: BoardingWindow,
                 dim: int = 128, batch_workers: int = 0) -> None:
        """`batch_workers` > 0 puts a micro-batcher in front of the security gallery.

        Concurrent security scans then share one matrix product (one read of a
        gallery of tens of thousands) instead of streaming it once each; a
        service with many request threads wants it, a single-threaded
        simulation does not (for one query at a time it only adds a hand-off).
        """
        self.security_window = security_window
        self.boarding_window = boarding_window
        self._flights = PartitionedIndex(dim)
        self._security = Gallery(dim, initial_capacity=4096)
        self._entries: dict[int, GalleryEntry] = {}
        self._by_pnr: dict[str, int] = {}
        self._members: dict[int, set[int]] = defaultdict(set)  # flight -> enrolment ids
        self._departures: list[tuple[datetime, int]] = []  # sorted (departure, flight_id)
        self._flight_info: dict[int, tuple[str, datetime]] = {}  # flight -> (gate, departure)
        self._flights_at_gate: dict[str, list[int]] = defaultdict(list)  # each scan reads one gate
        self._in_window: set[int] = set()
        self._window_at: datetime | None = None
        self._lock = threading.RLock()  # membership changes only; searches never take it
        self._batcher = BatchSearcher(self._security, workers=batch_workers) if batch_workers else None

    # -- membership ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, enrolment_id: int) -> bool:
        return enrolment_id in self._entries

    @property
    def security_size(self) -> int:
        return len(self._security)

    def flight_size(self, flight_id: int) -> int:
        return len(self._members.get(flight_id, ()))

    def entry(self, enrolment_id: int) -> GalleryEntry | None:
        return self._entries.get(enrolment_id)

    def upsert(self, entry: GalleryEntry, template: np.ndarray) -> None:
        """Add an enrolment, or replace its template (re-enrolment)."""
        with self._lock:
            if entry.enrolment_id in self._entries:
                self.remove(entry.enrolment_id)
            self._register_flight(entry)
            self._flights.add(entry.flight_id, entry.enrolment_id, template)
            self._entries[entry.enrolment_id] = entry
            self._by_pnr[entry.pnr] = entry.enrolment_id
            self._members[entry.flight_id].add(entry.enrolment_id)
            if entry.flight_id in self._in_window:
                self._security.add(entry.enrolment_id, template)

    def remove(self, enrolment_id: int) -> bool:
        """Forget an enrolment everywhere (withdrawal, purge); False if unknown."""
        with self._lock:
            entry = self._entries.pop(enrolment_id, None)
            if entry is None:
                return False
            self._by_pnr.pop(entry.pnr, None)
            self._members[entry.flight_id].discard(enrolment_id)
            self._flights.remove(entry.flight_id, enrolment_id)
            if enrolment_id in self._security:
                self._security.remove(enrolment_id)
            return True

    def _register_flight(self, entry: GalleryEntry) -> None:
        if entry.flight_id not in self._flight_info:
            self._flight_info[entry.flight_id] = (entry.gate, entry.departure)
            self._flights_at_gate[entry.gate].append(entry.flight_id)
            bisect.insort(self._departures, (entry.departure, entry.flight_id))
            if self._window_at is not None and self._covers(entry.departure, self._window_at):
                self._in_window.add(entry.flight_id)

    def _covers(self, departure: datetime, now: datetime) -> bool:
        return now < departure <= now + self.security_window

    def advance(self, now: datetime) -> None:
        """Make the security gallery hold exactly the flights in the window at `now`."""
        if self._window_at == now:
            return
        with self._lock:
            lo = bisect.bisect_right(self._departures, (now, 2**63))
            hi = bisect.bisect_right(self._departures, (now + self.security_window, 2**63))
            wanted = {flight for _, flight in self._departures[lo:hi]}
            for flight in self._in_window - wanted:
                ids = [e for e in self._members.get(flight, ()) if e in self._security]
                if ids:
                    self._security.remove(ids)
            for flight in wanted - self._in_window:
                ids = sorted(self._members.get(flight, ()))
                if ids:
                    partition = self._flights.gallery(flight)
                    self._security.add(ids, np.stack([partition.get(i) for i in ids]))
            self._in_window = wanted
            self._window_at = now

    # -- CandidateSource -----------------------------------------------------------

    def boarding_flights(self, gate: str, now: datetime) -> list[int]:
        return [
            flight for flight in list(self._flights_at_gate.get(gate, ()))
            if self.boarding_window.is_open(self._flight_info[flight][1], now) and self._members.get(flight)
        ]

    def search_flights(self, flight_ids: Sequence[int], probe: np.ndarray, k: int) -> list[Candidate]:
        keys = [f for f in flight_ids if f in self._flights]
        if not keys:
            return []
        return self._candidates(self._flights.search(keys, probe, k))

    def search_airport(self, probe: np.ndarray, now: datetime, k: int) -> list[Candidate]:
        self.advance(now)
        searcher = self._batcher or self._security
        return self._candidates(searcher.search(probe, k))

    def close(self) -> None:
        """Stop the batcher's threads (if any); searches after this fail."""
        if self._batcher is not None:
            self._batcher.close()

    def claimed_distance(self, pnr: str, probe: np.ndarray) -> float | None:
        enrolment_id = self._by_pnr.get(pnr)
        entry = self._entries.get(enrolment_id) if enrolment_id is not None else None
        if entry is None:
            return None
        return self._flights.gallery(entry.flight_id).verify(enrolment_id, probe)

    def pnr_of(self, enrolment_id: int) -> str:
        return self._entries[enrolment_id].pnr

    def _candidates(self, result: SearchResult) -> list[Candidate]:
        out = []
        for enrolment_id, distance in zip(result.ids[0].tolist(), result.distances[0].tolist(), strict=True):
            entry = self._entries.get(enrolment_id) if enrolment_id >= 0 else None
            if entry is not None:
                out.append(Candidate(enrolment_id, entry.personal_id, float(distance)))
        return out
