"""Decisions and reason codes at a touchpoint, and which decision each reason means.

`open`   the gate opens: the traveller is identified and allowed through.
`deny`   the gate stays shut for a reason the traveller can act on (wrong gate,
         boarding closed, already boarded, someone following them in).
`manual` the face cannot decide: an agent checks documents. Never a dead end.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["DECISION_OF", "Decision", "MESSAGES", "decision_for"]

Decision = Literal["open", "deny", "manual"]

DECISION_OF: dict[str, Decision] = {
    # open
    "matched": "open",
    "claim_verified": "open",
    # deny: a definite answer
    "already_boarded": "deny",
    "already_cleared": "deny",
    "wrong_gate": "deny",
    "boarding_closed": "deny",
    "no_flight_boarding": "deny",
    "tailgating": "deny",
    "not_security_cleared": "deny",
    "poor_capture": "deny",
    # manual: a person decides
    "no_match": "manual",
    "ambiguous_match": "manual",
    "face_mismatch": "manual",
    "identity_conflict": "manual",
    "not_enrolled": "manual",
    "manual_review": "manual",
    "not_departing": "manual",
    "no_face": "manual",
}

MESSAGES: dict[str, str] = {
    "matched": "Identified: please proceed.",
    "claim_verified": "Boarding pass and face agree: please proceed.",
    "already_boarded": "This passenger has boarded already.",
    "already_cleared": "This passenger has passed security already.",
    "wrong_gate": "This flight boards at another gate.",
    "boarding_closed": "Boarding is not open for this flight now.",
    "no_flight_boarding": "No flight is boarding at this gate now.",
    "tailgating": "One person at a time, please.",
    "not_security_cleared": "Please pass security first.",
    "no_match": "Face not recognised: please see an agent.",
    "ambiguous_match": "Face not recognised with certainty: please see an agent.",
    "face_mismatch": "The face does not match the boarding pass: please see an agent.",
    "identity_conflict": "The face matches another traveller: please see an agent.",
    "not_enrolled": "No biometric enrolment for this booking: please see an agent.",
    "manual_review": "Your journey is with an agent: please see them.",
    "not_departing": "No departure for this traveller in the coming hours.",
    "no_face": "No face seen: please look at the camera or see an agent.",
    "poor_capture": "Capture not usable: please step closer, look at the camera and try again.",
}


def decision_for(reason: str) -> Decision:
    """The decision a reason implies; unknown reasons fail closed to `manual`."""
    return DECISION_OF.get(reason, "manual")
