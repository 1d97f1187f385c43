"""Enrolment rules: consent, document, ownership, VNeID level, window, 1:1 and lock-out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from enrollment import policy
from enrollment.policy import AttemptState, BookingFacts, CitizenFacts, EnrolmentRules
from matching.errors import BadTemplate, Conflict, DomainError, Forbidden, InvalidInput, NotFound

NOW = datetime(2025, 12, 15, 8, 0, tzinfo=UTC)
RULES = EnrolmentRules(match_threshold=0.5)
CITIZEN = CitizenFacts(personal_id="079203001234", vneid_level=2)
BOOKING = BookingFacts(pnr="K7XQ2P", personal_id="079203001234", document_type="vneid",
                       departure_time=NOW + timedelta(hours=5))


def _template(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=128)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _at_distance(reference: np.ndarray, distance: float) -> np.ndarray:
    """A template exactly `distance` away from `reference`."""
    direction = _template(99) - reference * float(_template(99) @ reference)
    return (reference + distance * direction / np.linalg.norm(direction)).astype(np.float32)


def _check(**overrides) -> None:
    args = dict(consent=True, personal_id=CITIZEN.personal_id, citizen=CITIZEN,
                booking=BOOKING, attempts=AttemptState(), now=NOW, rules=RULES)
    policy.check_before_capture(**(args | overrides))


def _code(error_type: type[DomainError], **overrides) -> str:
    with pytest.raises(error_type) as caught:
        _check(**overrides)
    return caught.value.code


def test_an_eligible_traveller_passes_every_check_before_capture():
    _check()


@pytest.mark.parametrize("consent", [False, None, "true", "yes", 1])
def test_only_an_explicit_true_counts_as_consent(consent):
    assert _code(InvalidInput, consent=consent) == "consent_required"


def test_consent_is_checked_before_anything_else_is_looked_at():
    assert _code(InvalidInput, consent=False, booking=replace(BOOKING, document_type="passport"),
                 citizen=replace(CITIZEN, vneid_level=1)) == "consent_required"


def test_a_booking_on_a_passport_is_sent_to_the_counter():
    passport = replace(BOOKING, document_type="passport", personal_id=None)
    assert _code(Forbidden, booking=passport) == "foreign_document"


def test_someone_elses_booking_looks_like_a_missing_one():
    assert _code(NotFound, personal_id="001099000001") == "booking_not_found"


@pytest.mark.parametrize("citizen", [replace(CITIZEN, vneid_level=1),
                                     replace(CITIZEN, status="suspended")])
def test_only_active_level_2_citizens_may_enrol(citizen):
    assert _code(Forbidden, citizen=citizen) == "not_level_2"


@pytest.mark.parametrize(
    ("hours_before", "allowed"),
    [(24.01, False), (24, True), (5, True), (1.01, True), (1, False), (0.5, False), (-1, False)],
)
def test_the_enrolment_window_runs_from_24_h_to_1_h_before_departure(hours_before, allowed):
    booking = replace(BOOKING, departure_time=NOW + timedelta(hours=hours_before))
    if allowed:
        _check(booking=booking)
    else:
        assert _code(Conflict, booking=booking) == "outside_enrolment_window"


def test_the_window_error_says_when_enrolment_opens_and_closes():
    booking = replace(BOOKING, departure_time=NOW + timedelta(hours=30))
    with pytest.raises(Conflict) as caught:
        _check(booking=booking)
    assert caught.value.extra["opens_at"] == (NOW + timedelta(hours=6)).isoformat()
    assert caught.value.extra["closes_at"] == (NOW + timedelta(hours=29)).isoformat()


def test_rules_refuse_a_window_that_closes_before_it_opens():
    with pytest.raises(ValueError):
        EnrolmentRules(opens_before=timedelta(hours=1), closes_before=timedelta(hours=2))


def test_a_close_face_is_accepted_and_clears_the_failure_counter():
    ref = _template(1)
    decision = policy.decide_match(live=_at_distance(ref, 0.3), reference=ref,
                                   attempts=AttemptState(3), now=NOW, rules=RULES)
    assert decision.accepted and decision.distance == pytest.approx(0.3, abs=1e-5)
    assert decision.attempts == AttemptState()
    decision.raise_if_rejected()  # no error


def test_the_threshold_itself_is_accepted():
    ref = _template(1)
    live = _at_distance(ref, 0.5)
    distance = policy.face_distance(live, ref)
    rules = replace(RULES, match_threshold=distance)
    assert policy.decide_match(live=live, reference=ref, attempts=AttemptState(), now=NOW,
                               rules=rules).accepted


def test_a_distant_face_is_a_face_mismatch_that_counts_an_attempt():
    ref = _template(1)
    decision = policy.decide_match(live=_template(2), reference=ref, attempts=AttemptState(1),
                                   now=NOW, rules=RULES)
    assert not decision.accepted and decision.distance > 0.5
    assert decision.attempts == AttemptState(2, None)
    with pytest.raises(Conflict) as caught:
        decision.raise_if_rejected()
    assert caught.value.code == "face_mismatch"
    assert caught.value.extra["attempts_left"] == 3


def test_five_consecutive_mismatches_lock_the_booking_for_the_cool_down():
    ref, stranger = _template(1), _template(2)
    attempts, now = AttemptState(), NOW
    for _ in range(5):
        policy.check_lockout(attempts, now)
        decision = policy.decide_match(live=stranger, reference=ref, attempts=attempts, now=now,
                                       rules=RULES)
        attempts = decision.attempts
        now += timedelta(seconds=30)
    assert attempts == AttemptState(5, NOW + timedelta(minutes=2) + RULES.lockout)
    assert decision.attempts_left == 0
    with pytest.raises(Conflict) as caught:
        _check(attempts=attempts, now=now)
    assert caught.value.code == "too_many_attempts"
    assert caught.value.extra["retry_after_seconds"] == 15 * 60 - 30
    # After the cool-down the traveller may try again...
    _check(attempts=attempts, now=attempts.locked_until)


def test_each_failure_after_the_limit_doubles_the_cool_down_up_to_the_cap():
    ref, stranger = _template(1), _template(2)
    rules = replace(RULES, lockout=timedelta(minutes=15), max_lockout=timedelta(hours=1))
    waits = []
    for failed in (5, 6, 7, 8):
        decision = policy.decide_match(live=stranger, reference=ref,
                                       attempts=AttemptState(failed - 1), now=NOW, rules=rules)
        waits.append(decision.attempts.locked_until - NOW)
    assert waits == [timedelta(minutes=m) for m in (15, 30, 60, 60)]


def test_a_citizen_without_a_reference_face_cannot_be_verified():
    with pytest.raises(Conflict) as caught:
        policy.decide_match(live=_template(1), reference=None, attempts=AttemptState(),
                            now=NOW, rules=RULES)
    assert caught.value.code == "no_reference_face"


def test_a_broken_live_template_is_refused_before_comparing():
    bad = _template(1).copy()
    bad[3] = np.nan
    with pytest.raises(BadTemplate):
        policy.decide_match(live=bad, reference=_template(1), attempts=AttemptState(), now=NOW,
                            rules=RULES)
