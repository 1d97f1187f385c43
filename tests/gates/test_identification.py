"""1:N identification and claimed-identity rules."""

from __future__ import annotations

import math

from gates.identification import Candidate, MatchPolicy, identify, verify_claim

POLICY = MatchPolicy(threshold=0.45, min_margin=0.06)


def cands(*rows: tuple[int, str, float]) -> list[Candidate]:
    return [Candidate(e, t, d) for e, t, d in rows]


def test_clear_best_under_threshold_is_matched() -> None:
    result = identify(cands((1, "a", 0.30), (2, "b", 0.60)), POLICY)
    assert result.outcome == "matched"
    assert result.best is not None and result.best.enrolment_id == 1
    assert math.isclose(result.margin or 0, 0.30)


def test_best_at_threshold_is_no_match() -> None:
    assert identify(cands((1, "a", 0.45), (2, "b", 0.9)), POLICY).outcome == "no_match"


def test_near_tie_between_two_travellers_is_ambiguous() -> None:
    result = identify(cands((1, "a", 0.30), (2, "b", 0.33)), POLICY)
    assert result.outcome == "ambiguous_match"


def test_same_traveller_twice_is_not_a_runner_up() -> None:
    """Two bookings of one person sit next to each other; the margin is to someone else."""
    result = identify(cands((1, "a", 0.30), (7, "a", 0.31), (2, "b", 0.50)), POLICY)
    assert result.outcome == "matched"
    assert math.isclose(result.margin or 0, 0.20)


def test_single_candidate_has_no_margin_and_matches() -> None:
    result = identify(cands((1, "a", 0.2)), POLICY)
    assert result.outcome == "matched"
    assert result.margin is None


def test_empty_gallery_is_no_match() -> None:
    assert identify([], POLICY).outcome == "no_match"
    assert identify(cands((-1, "", math.inf)), POLICY).outcome == "no_match"


def test_claim_far_from_template_is_face_mismatch() -> None:
    ident = identify(cands((1, "a", 0.3)), POLICY)
    check = verify_claim(claimed_traveller="a", claimed_distance=0.55, threshold=0.5, identification=ident)
    assert check.reason == "face_mismatch"


def test_claim_with_someone_else_matching_better_is_identity_conflict() -> None:
    """A boarding pass shown by another enrolled traveller."""
    ident = identify(cands((2, "b", 0.25), (1, "a", 0.45)), POLICY)
    check = verify_claim(claimed_traveller="a", claimed_distance=0.45, threshold=0.5, identification=ident)
    assert check.reason == "identity_conflict"


def test_claim_verified_even_when_1n_is_ambiguous() -> None:
    """1:1 against the claimed template decides; a crowded gallery does not block the owner."""
    ident = identify(cands((1, "a", 0.30), (2, "b", 0.32)), POLICY)
    check = verify_claim(claimed_traveller="a", claimed_distance=0.30, threshold=0.5, identification=ident)
    assert check.reason == "claim_verified"


def test_claim_on_unenrolled_booking() -> None:
    ident = identify([], POLICY)
    check = verify_claim(claimed_traveller="a", claimed_distance=None, threshold=0.5, identification=ident)
    assert check.reason == "not_enrolled"
