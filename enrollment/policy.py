"""Who may enrol, when, and whether the live face is the registry's citizen.

Pure functions of plain values: `app/` loads the booking, the citizen and the
attempt counters from the database, the offline simulation builds them in
memory, and both pass the time as `now` (aware UTC). Every refusal is a
`DomainError` with a stable code and ends in the manual path (the counter).

The checks, in the order a check-in applies them:

1. `require_consent`        — explicit `consent: true`, else `consent_required`
   (422): a face is sensitive personal data (Decree 13/2023/ND-CP); nothing
   is looked at, not even the booking, before the traveller agrees;
2. `check_document`         — a booking on a passport rather than VNeID goes
   manual: `foreign_document` (403);
3. `check_booking_owner`    — the booking belongs to this personal id, else
   `booking_not_found` (404, the same answer as a PNR that does not exist,
   so a kiosk cannot be used to learn whose PNR is whose);
4. `check_citizen`          — VNeID level 2 and an active account, else
   `not_level_2` (403);
5. `check_window`           — 24 h to 1 h before departure by default, else
   `outside_enrolment_window` (409);
6. `check_lockout`          — `too_many_attempts` (409) during a cool-down;
7. (the capture's quality: the face pipeline);
8. `decide_match`           — 1:1 against the reference template; a distance
   over the threshold is `face_mismatch` (409) and counts towards the
   lock-out. The decision is returned, not raised, so the caller can store
   the new attempt counter before refusing (a raised error would roll the
   counter back with the transaction).

Why 409 and not 429 for the lock-out: 429 tells a *client* to slow down and
invites an automatic retry after `Retry-After`; here the *booking* is in a
state that refuses enrolment (whoever asks, from whichever kiosk), and the
remedy is the counter, not a retry. The error carries `locked_until` and
`retry_after_seconds` for the API to show.

The lock-out follows NIST SP 800-63B's biometric rule: at most 5 consecutive
failed comparisons, then a delay that grows exponentially with each further
failure (here the cool-down doubles, capped at `max_lockout`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from matching.errors import Conflict, Forbidden, InvalidInput, NotFound
from matching.templates import check_template

__all__ = [
    "AttemptState",
    "BookingFacts",
    "CitizenFacts",
    "EnrolmentRules",
    "MatchDecision",
    "check_before_capture",
    "check_booking_owner",
    "check_citizen",
    "check_document",
    "check_lockout",
    "check_window",
    "decide_match",
    "face_distance",
    "require_consent",
]

VNEID_DOCUMENT = "vneid"


@dataclass(frozen=True, slots=True)
class CitizenFacts:
    """What the registry says about a citizen."""

    personal_id: str
    vneid_level: int
    status: str = "active"


@dataclass(frozen=True, slots=True)
class BookingFacts:
    """What enrolment needs from a booking and its flight."""

    pnr: str
    personal_id: str | None
    document_type: str
    departure_time: datetime


@dataclass(frozen=True, slots=True)
class AttemptState:
    """Consecutive failed 1:1 attempts on one booking, and any cool-down."""

    failed_attempts: int = 0
    locked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class EnrolmentRules:
    """Tunable rules; the defaults match the service settings.

    `match_threshold` is the 1:1 distance limit chosen in docs/accuracy.md
    (FMR within 1 in 1,000 on the labelled photos).
    """

    opens_before: timedelta = timedelta(hours=24)
    closes_before: timedelta = timedelta(hours=1)
    match_threshold: float = 0.54
    max_failed_attempts: int = 5
    lockout: timedelta = timedelta(minutes=15)
    max_lockout: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if self.closes_before >= self.opens_before:
            raise ValueError("the enrolment window must close after it opens")
        if self.max_failed_attempts < 1:
            raise ValueError("max_failed_attempts must be at least 1")


def require_consent(consent: object) -> None:
    """Only the JSON value `true` is consent: not "yes", not 1, not a missing field."""
    if consent is not True:
        raise InvalidInput(
            "explicit consent to biometric processing is required (consent: true)",
            code="consent_required",
        )


def check_document(booking: BookingFacts) -> None:
    if booking.document_type != VNEID_DOCUMENT:
        raise Forbidden(
            "this booking is on a passport, not a VNeID identity; please check in at the counter",
            code="foreign_document",
        )


def check_booking_owner(booking: BookingFacts, personal_id: str) -> None:
    if booking.personal_id != personal_id:
        raise NotFound(f"no booking {booking.pnr} for this traveller", code="booking_not_found")


def check_citizen(citizen: CitizenFacts) -> None:
    if citizen.vneid_level != 2 or citizen.status != "active":
        raise Forbidden(
            "biometric enrolment needs an active VNeID level-2 account; "
            "please check in at the counter",
            code="not_level_2",
            vneid_level=citizen.vneid_level,
            account_status=citizen.status,
        )


def check_window(departure: datetime, now: datetime, rules: EnrolmentRules) -> None:
    """Enrolment is open from `opens_before` until `closes_before` the departure."""
    opens, closes = departure - rules.opens_before, departure - rules.closes_before
    if not opens <= now < closes:
        when = "not open yet" if now < opens else "closed"
        raise Conflict(
            f"enrolment for this flight is {when}: it is open from {opens.isoformat()} "
            f"to {closes.isoformat()}",
            code="outside_enrolment_window",
            opens_at=opens.isoformat(),
            closes_at=closes.isoformat(),
        )


def check_lockout(attempts: AttemptState, now: datetime) -> None:
    if attempts.locked_until is not None and now < attempts.locked_until:
        wait = attempts.locked_until - now
        raise Conflict(
            f"{attempts.failed_attempts} face checks failed for this booking; try again after "
            f"{attempts.locked_until.isoformat()} or go to the counter",
            code="too_many_attempts",
            locked_until=attempts.locked_until.isoformat(),
            retry_after_seconds=int(np.ceil(wait.total_seconds())),
        )


def check_before_capture(
    *,
    consent: object,
    personal_id: str,
    citizen: CitizenFacts,
    booking: BookingFacts,
    attempts: AttemptState,
    now: datetime,
    rules: EnrolmentRules,
) -> None:
    """Checks 1-6 in order; the first failure raises."""
    require_consent(consent)
    check_document(booking)
    check_booking_owner(booking, personal_id)
    check_citizen(citizen)
    check_window(booking.departure_time, now, rules)
    check_lockout(attempts, now)


def face_distance(live: np.ndarray, reference: np.ndarray) -> float:
    """Euclidean distance between two templates (float64 arithmetic)."""
    a = check_template(live).astype(np.float64)
    b = check_template(reference).astype(np.float64)
    return float(np.sqrt(np.sum((a - b) ** 2)))


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """The 1:1 outcome and the attempt counter to store, whichever way it went."""

    accepted: bool
    distance: float
    threshold: float
    attempts: AttemptState
    attempts_left: int

    def raise_if_rejected(self) -> None:
        """Raise `face_mismatch` after a rejected comparison (store `attempts` first)."""
        if self.accepted:
            return
        left = self.attempts_left
        locked = self.attempts.locked_until
        raise Conflict(
            "the face does not match the registry's reference photo; please go to the counter"
            if left == 0 else
            f"the face does not match the registry's reference photo ({left} attempts left)",
            code="face_mismatch",
            distance=round(self.distance, 4),
            threshold=self.threshold,
            attempts_left=left,
            locked_until=locked.isoformat() if locked else None,
        )


def decide_match(
    *,
    live: np.ndarray,
    reference: np.ndarray | None,
    attempts: AttemptState,
    now: datetime,
    rules: EnrolmentRules,
) -> MatchDecision:
    """Compare the live template with the reference and update the attempt counter.

    Accepts when distance <= `rules.match_threshold`; a success clears the
    counter, a failure adds one and, from `max_failed_attempts` on, locks the
    booking for `lockout` x 2^(failures - max), at most `max_lockout`.
    A citizen without a reference template cannot be verified:
    `no_reference_face` (409), which does not count as an attempt.
    """
    if reference is None:
        raise Conflict(
            "the registry holds no reference face for this citizen; please go to the counter",
            code="no_reference_face",
        )
    distance = face_distance(live, reference)
    if distance <= rules.match_threshold:
        return MatchDecision(True, distance, rules.match_threshold, AttemptState(),
                             rules.max_failed_attempts)
    failed = attempts.failed_attempts + 1
    locked_until = None
    if failed >= rules.max_failed_attempts:
        factor = 2 ** min(failed - rules.max_failed_attempts, 20)
        locked_until = now + min(rules.lockout * factor, rules.max_lockout)
    return MatchDecision(False, distance, rules.match_threshold,
                         AttemptState(failed, locked_until),
                         max(rules.max_failed_attempts - failed, 0))
