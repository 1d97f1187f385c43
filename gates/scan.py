"""One touchpoint scan, decided end to end: the code both the API and the
offline simulation run.

    faces in frame > 1 ─────────────────────────────────► deny  tailgating
    boarding gate with no flight boarding ──────────────► deny  no_flight_boarding
    1:N over the touchpoint's gallery ─┬─ claim given ──► 1:1 vs the claimed booking
                                       └─ no claim ─────► matched / no_match / ambiguous_match
    boarding no_match ──► 1:N over the airport gallery ─► deny wrong_gate / boarding_closed
    identified ──► journey rules (state, gate, window) ─► open (with a transition) / deny / manual

Where the data comes from is the caller's business, behind two small
protocols: `CandidateSource` (galleries) and `TravellerSource` (journey
state). The caller applies the returned transition atomically and, if
another gate won the race, decides again with fresh state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

import numpy as np

from gates.identification import Candidate, Identification, MatchPolicy, identify, verify_claim
from gates.journey import (
    JourneyState,
    Refusal,
    Traveller,
    boarding_refusal,
    next_state,
    security_refusal,
)
from gates.reasons import Decision, decision_for
from gates.thresholds import ThresholdTable
from gates.windows import BoardingWindow

__all__ = [
    "CandidateSource",
    "GateNumbers",
    "GatePolicy",
    "ScanDecision",
    "ScanRequest",
    "TouchpointKind",
    "TravellerSource",
    "decide_scan",
]

TouchpointKind = Literal["security", "boarding"]


class CandidateSource(Protocol):
    """The galleries a scan may search."""

    def boarding_flights(self, gate: str, now: datetime) -> Sequence[int]:
        """Flights whose boarding window is open at `gate` now."""

    def search_flights(self, flight_ids: Sequence[int], probe: np.ndarray, k: int) -> list[Candidate]:
        """Top-k over those flights' enrolments, nearest first."""

    def search_airport(self, probe: np.ndarray, now: datetime, k: int) -> list[Candidate]:
        """Top-k over everyone departing this airport in the security window."""

    def claimed_distance(self, pnr: str, probe: np.ndarray) -> float | None:
        """Distance to the claimed booking's template; None if it has no enrolment."""

    @property
    def security_size(self) -> int:
        """Templates in the security gallery as of the last `search_airport`."""

    def flight_size(self, flight_id: int) -> int:
        """Templates enrolled on this flight."""


class TravellerSource(Protocol):
    def pnr_of(self, enrolment_id: int) -> str: ...

    def traveller(self, pnr: str) -> Traveller | None: ...


class GateNumbers(Protocol):
    """The operating numbers a gate policy is built from (app.settings.Settings has them all)."""

    security_threshold: float
    boarding_threshold: float
    claimed_threshold: float
    min_margin: float
    threshold_slope: float
    security_window_hours: float
    boarding_opens_minutes: float
    boarding_closes_minutes: float


@dataclass(frozen=True, slots=True)
class GatePolicy:
    """Thresholds per touchpoint kind (security searches far more people than a gate).

    With `sizes`, the 1:N threshold follows the size of the gallery each
    search actually ran over (`gates.thresholds`); the margins stay those of
    `security` and `boarding`.
    """

    security: MatchPolicy
    boarding: MatchPolicy
    claimed_threshold: float
    security_window: timedelta
    boarding_window: BoardingWindow
    k: int = 5
    sizes: ThresholdTable | None = None

    @classmethod
    def from_numbers(cls, n: GateNumbers) -> GatePolicy:
        """The policy for a set of operating numbers: the service's settings, or a simulation's."""
        return cls(
            security=MatchPolicy(n.security_threshold, n.min_margin),
            boarding=MatchPolicy(n.boarding_threshold, n.min_margin),
            claimed_threshold=n.claimed_threshold,
            security_window=timedelta(hours=n.security_window_hours),
            boarding_window=BoardingWindow.from_minutes(n.boarding_opens_minutes, n.boarding_closes_minutes),
            sizes=ThresholdTable.from_settings(
                security_threshold=n.security_threshold, boarding_threshold=n.boarding_threshold,
                slope=n.threshold_slope, ceiling=n.claimed_threshold),
        )

    def match_policy(self, kind: TouchpointKind, gallery_size: int | None = None) -> MatchPolicy:
        base = self.security if kind == "security" else self.boarding
        if self.sizes is None or gallery_size is None:
            return base
        return MatchPolicy(self.sizes.threshold_for(kind, gallery_size), base.min_margin)


@dataclass(frozen=True, slots=True)
class ScanRequest:
    kind: TouchpointKind
    probe: np.ndarray
    now: datetime
    gate: str | None = None
    claimed_pnr: str | None = None
    faces_in_frame: int = 1
    capture_problem: str | None = None  # a failed quality check of an image capture (e.g. face_too_small)


@dataclass(frozen=True, slots=True)
class ScanDecision:
    decision: Decision
    reason: str
    pnr: str | None = None
    enrolment_id: int | None = None
    distance: float | None = None
    margin: float | None = None
    transition: tuple[JourneyState, JourneyState] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    traveller: Traveller | None = None


def _finite(value: float | None) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _refused(reason: str, **fields: Any) -> ScanDecision:
    return ScanDecision(decision=decision_for(reason), reason=reason, **fields)


def _rules(req: ScanRequest, policy: GatePolicy, t: Traveller) -> Refusal | None:
    if req.kind == "security":
        return security_refusal(t, now=req.now, window=policy.security_window)
    return boarding_refusal(t, gate=req.gate or "", now=req.now, window=policy.boarding_window)


def _explain_boarding_miss(req: ScanRequest, policy: GatePolicy, galleries: CandidateSource,
                           travellers: TravellerSource) -> ScanDecision | None:
    """Nobody at this gate matched: is it a traveller of another flight (wrong gate, too early)?"""
    candidates = galleries.search_airport(req.probe, req.now, policy.k)
    ident = identify(candidates, policy.match_policy("security", galleries.security_size))
    if ident.outcome != "matched" or ident.best is None:
        return None
    pnr = travellers.pnr_of(ident.best.enrolment_id)
    t = travellers.traveller(pnr)
    refusal = _rules(req, policy, t) if t is not None else None
    if refusal is None or refusal.reason not in ("wrong_gate", "boarding_closed", "already_boarded"):
        return None
    return _refused(refusal.reason, pnr=pnr, enrolment_id=ident.best.enrolment_id,
                    distance=_finite(ident.best.distance), margin=_finite(ident.margin),
                    extra=refusal.extra, traveller=t)


def _identify(req: ScanRequest, policy: GatePolicy, galleries: CandidateSource
              ) -> Identification | ScanDecision:
    if req.kind == "boarding":
        flights = galleries.boarding_flights(req.gate or "", req.now)
        if not flights:
            return _refused("no_flight_boarding", extra={"gate": req.gate})
        candidates = galleries.search_flights(flights, req.probe, policy.k)
        size = sum(galleries.flight_size(flight) for flight in flights)
    else:
        candidates = galleries.search_airport(req.probe, req.now, policy.k)
        size = galleries.security_size
    return identify(candidates, policy.match_policy(req.kind, size))


def decide_scan(req: ScanRequest, policy: GatePolicy, galleries: CandidateSource,
                travellers: TravellerSource) -> ScanDecision:
    """Decide one scan; the caller applies `transition` and records the event."""
    if req.faces_in_frame > 1:
        return _refused("tailgating", extra={"faces": req.faces_in_frame})
    if req.capture_problem is not None:  # a blurred or tiny face is not evidence either way
        return _refused("poor_capture", extra={"problem": req.capture_problem})
    ident = _identify(req, policy, galleries)
    if isinstance(ident, ScanDecision):
        return ident
    margin = _finite(ident.margin)
    if req.claimed_pnr is not None:
        pnr = req.claimed_pnr
        t = travellers.traveller(pnr)
        if t is None:
            return _refused("not_enrolled", pnr=pnr)
        check = verify_claim(claimed_traveller=t.personal_id,
                             claimed_distance=galleries.claimed_distance(pnr, req.probe),
                             threshold=policy.claimed_threshold, identification=ident)
        if check.reason != "claim_verified":
            return _refused(check.reason, pnr=pnr, distance=_finite(check.distance), margin=margin,
                            traveller=t)
        reason, distance, enrolment_id = "claim_verified", check.distance, None
    else:
        if ident.outcome != "matched" or ident.best is None:
            if req.kind == "boarding" and ident.outcome == "no_match":
                explained = _explain_boarding_miss(req, policy, galleries, travellers)
                if explained is not None:
                    return explained
            best = ident.best
            return _refused(ident.outcome, distance=_finite(best.distance) if best else None, margin=margin)
        enrolment_id = ident.best.enrolment_id
        pnr = travellers.pnr_of(enrolment_id)
        t = travellers.traveller(pnr)
        if t is None:  # enrolment withdrawn between search and lookup
            return _refused("no_match")
        reason, distance = "matched", ident.best.distance
    refusal = _rules(req, policy, t)
    common = {"pnr": pnr, "enrolment_id": enrolment_id, "distance": _finite(distance), "margin": margin,
              "traveller": t}
    if refusal is not None:
        return _refused(refusal.reason, extra=refusal.extra, **common)
    return ScanDecision(decision="open", reason=reason, transition=next_state(req.kind), **common)

