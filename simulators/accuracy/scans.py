"""Real photos through `gates.scan.decide_scan` itself, per touchpoint kind.

The vectorised rates (`simulators.accuracy.rates`) are exact for the rules
as written; this run is the check that the code the service runs decides
the same way, with its galleries, journey rules and explanations
(`wrong_gate`, `identity_conflict`, ...). One airport holds every identity
of the pool, enrolled on flights of `flight_size` passengers departing in 30
minutes, each at its own gate (boarding open). Then:

- security, face only: every mated probe against the whole airport; every
  probe again as a non-mated search with its own enrolment withdrawn;
- boarding, face only: mated probes at their own flight's gate; non-mated
  probes (withdrawn) at a random flight's gate;
- each again with a boarding pass: the owner's own (genuine), or the pass of
  a random traveller of that gallery shown by someone not enrolled.

A scan *opens for the right traveller* (mated success), *opens for someone
else* (a false positive; in mated searches counted apart as a wrong open),
or does not open (`manual` or `deny`, with its reason).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

import numpy as np

from gates.galleries import AirportGalleries, GalleryEntry
from gates.journey import JourneyState, Traveller
from gates.scan import GatePolicy, ScanDecision, ScanRequest, TouchpointKind, decide_scan
from simulators.accuracy.photos import SearchSet

__all__ = ["ScanRates", "ScanRun", "run_scans"]

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
Mode = Literal["face", "boarding pass"]


@dataclass
class ScanRates:
    """Outcomes of one touchpoint kind and mode; rates are shares of scans."""

    kind: TouchpointKind
    mode: Mode
    gallery_size: int
    mated: int = 0
    mated_open: int = 0
    mated_wrong_open: int = 0
    nonmated: int = 0
    nonmated_open: int = 0
    mated_reasons: Counter[str] = field(default_factory=Counter)
    nonmated_reasons: Counter[str] = field(default_factory=Counter)

    @property
    def fnir(self) -> float:
        return 1.0 - self.mated_open / self.mated if self.mated else 0.0

    @property
    def fpir(self) -> float:
        return self.nonmated_open / self.nonmated if self.nonmated else 0.0

    @property
    def wrong_open_rate(self) -> float:
        return self.mated_wrong_open / self.mated if self.mated else 0.0


@dataclass(frozen=True)
class ScanRun:
    policy: GatePolicy
    flight_size: int
    rates: tuple[ScanRates, ...]


class _Airport:
    """Galleries plus journey states for the pool: the TravellerSource of decide_scan."""

    def __init__(self, data: SearchSet, policy: GatePolicy, flight_size: int, rng: np.random.Generator
                 ) -> None:
        self.data = data
        self.galleries = AirportGalleries(security_window=policy.security_window,
                                          boarding_window=policy.boarding_window)
        self.state: JourneyState = "enrolled"
        departure = NOW + timedelta(minutes=30)
        self.entries: list[GalleryEntry] = []
        for position, j in enumerate(rng.permutation(data.pool_size).tolist()):
            flight = position // flight_size
            entry = GalleryEntry(enrolment_id=j + 1, pnr=f"P{j:05d}", personal_id=data.identities[j],
                                 flight_id=flight + 1, gate=f"G{flight + 1}", departure=departure)
            self.entries.append(entry)
        self.entries.sort(key=lambda e: e.enrolment_id)
        for e in self.entries:
            self.galleries.upsert(e, data.pool[e.enrolment_id - 1])
        self.full_flights = {e.flight_id for e in self.entries
                             if self.galleries.flight_size(e.flight_id) == flight_size}

    def pnr_of(self, enrolment_id: int) -> str:
        return self.galleries.pnr_of(enrolment_id)

    def traveller(self, pnr: str) -> Traveller | None:
        entry = self.entries[int(pnr[1:])]
        if entry.enrolment_id not in self.galleries:
            return None
        return Traveller(entry.pnr, entry.personal_id, self.state, entry.flight_id,
                         f"VN{entry.flight_id}", entry.gate, entry.departure)

    def withdrawn(self, j: int, scan: Callable[[], None]) -> None:
        """Run `scan` with pool entry j out of every gallery (a person not enrolled)."""
        entry = self.entries[j]
        self.galleries.remove(entry.enrolment_id)
        try:
            scan()
        finally:
            self.galleries.upsert(entry, self.data.pool[j])


def _record(rates: ScanRates, decision: ScanDecision, own_pnr: str | None) -> None:
    if own_pnr is not None:
        rates.mated += 1
        rates.mated_reasons[decision.reason] += 1
        if decision.decision == "open":
            if decision.pnr == own_pnr:
                rates.mated_open += 1
            else:
                rates.mated_wrong_open += 1
    else:
        rates.nonmated += 1
        rates.nonmated_reasons[decision.reason] += 1
        rates.nonmated_open += decision.decision == "open"


def run_scans(data: SearchSet, policy: GatePolicy, *, flight_size: int = 400, seed: int = 0
              ) -> ScanRun:
    """Every probe through decide_scan at both kinds, face only and with a boarding pass."""
    rng = np.random.default_rng(seed)
    flight_size = min(flight_size, data.pool_size)  # a small set is one flight
    airport = _Airport(data, policy, flight_size, rng)
    results = []
    for kind in ("security", "boarding"):
        airport.state = "enrolled" if kind == "security" else "security_cleared"
        for mode in ("face", "boarding pass"):
            size = data.pool_size if kind == "security" else flight_size
            rates = ScanRates(kind, mode, size)  # type: ignore[arg-type]
            _scan_all(airport, policy, rates, rng)
            results.append(rates)
    return ScanRun(policy, flight_size, tuple(results))


def _scan_all(airport: _Airport, policy: GatePolicy, rates: ScanRates, rng: np.random.Generator
              ) -> None:
    data, claim = airport.data, rates.mode == "boarding pass"
    gates = sorted({e.gate for e in airport.entries if e.flight_id in airport.full_flights})

    def scan(p: int, gate: str | None, claimed: str | None, own: str | None) -> None:
        req = ScanRequest(kind=rates.kind, probe=data.probes[p], now=NOW,
                          gate=gate if rates.kind == "boarding" else None, claimed_pnr=claimed)
        _record(rates, decide_scan(req, policy, airport.galleries, airport), own)

    for p in np.flatnonzero(data.mated).tolist():
        entry = airport.entries[int(data.own[p])]
        if rates.kind == "boarding" and entry.flight_id not in airport.full_flights:
            continue
        scan(p, entry.gate, entry.pnr if claim else None, entry.pnr)
    for p in range(len(data.own)):
        gate = gates[int(rng.integers(len(gates)))]
        j = int(data.own[p])
        pool = [e for e in airport.entries if e.enrolment_id - 1 != j
                and (rates.kind == "security" or e.gate == gate)] if claim else []
        claimed = pool[int(rng.integers(len(pool)))].pnr if pool else None
        airport.withdrawn(j, lambda p=p, gate=gate, claimed=claimed: scan(p, gate, claimed, None))
