"""1:N identification and claimed-identity (1:1) verification rules.

The levers DESIGN.md asks for, in order of strength:
- a claimed identity (boarding pass or PNR) turns the question into 1:1,
  whose error rate does not grow with the gallery;
- otherwise the best candidate must be under the threshold (calibrated for the
  gallery size) AND ahead of the best *other traveller* by `min_margin`: a near
  tie between two people means the camera cannot tell them apart.
Candidates of the same traveller (two bookings, several templates) never
count as each other's runner-up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Candidate", "ClaimCheck", "Identification", "MatchPolicy", "identify", "verify_claim"]

Outcome = Literal["matched", "no_match", "ambiguous_match"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gallery hit: an enrolment, whose traveller it is, and its distance."""

    enrolment_id: int
    traveller: str
    distance: float


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    threshold: float
    min_margin: float


@dataclass(frozen=True, slots=True)
class Identification:
    outcome: Outcome
    best: Candidate | None
    margin: float | None  # distance from best to the best other traveller; None if none

    @property
    def reason(self) -> str:
        return self.outcome


def _runner_up(candidates: Sequence[Candidate], best: Candidate) -> Candidate | None:
    return next((c for c in candidates if c.traveller != best.traveller), None)


def identify(candidates: Sequence[Candidate], policy: MatchPolicy) -> Identification:
    """Decide who this is from top-k candidates sorted by ascending distance."""
    if not candidates or not math.isfinite(candidates[0].distance):
        return Identification("no_match", None, None)
    best = candidates[0]
    runner_up = _runner_up(candidates, best)
    margin = None if runner_up is None or not math.isfinite(runner_up.distance) else (
        runner_up.distance - best.distance
    )
    if best.distance >= policy.threshold:
        return Identification("no_match", best, margin)
    if margin is not None and margin < policy.min_margin:
        return Identification("ambiguous_match", best, margin)
    return Identification("matched", best, margin)


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    reason: Literal["claim_verified", "face_mismatch", "identity_conflict", "not_enrolled"]
    distance: float | None


def verify_claim(
    *,
    claimed_traveller: str,
    claimed_distance: float | None,
    threshold: float,
    identification: Identification,
) -> ClaimCheck:
    """1:1 against the claimed booking's template, cross-checked with the 1:N result.

    Refuses when the face is far from the claimed template, and also when the
    1:N search finds a *different* traveller who matches better: a stolen
    boarding pass shown by someone else who is also enrolled.
    """
    if claimed_distance is None:
        return ClaimCheck("not_enrolled", None)
    if claimed_distance >= threshold:
        return ClaimCheck("face_mismatch", claimed_distance)
    best = identification.best
    if (
        best is not None
        and best.traveller != claimed_traveller
        and identification.outcome == "matched"
        and best.distance < claimed_distance
    ):
        return ClaimCheck("identity_conflict", claimed_distance)
    return ClaimCheck("claim_verified", claimed_distance)
