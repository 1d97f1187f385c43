"""The vectorised rates decide every search exactly as gates.identification does.

Each search gets a small explicit gallery (labelled candidates); the same
search is summarised into `Searches` and both ways must count the same.
"""

from __future__ import annotations

import numpy as np
import pytest

from gates.identification import Candidate, MatchPolicy, identify, verify_claim
from simulators.accuracy import rates
from simulators.accuracy.searches import Searches

GALLERY = 6  # travellers per search


def _galleries(seed: int, count: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(mated galleries, their claim columns, non-mated galleries, their claim columns).

    Column 0 of a mated gallery is the traveller's own template.
    """
    rng = np.random.default_rng(seed)
    mated = rng.uniform(0.25, 0.75, (count, GALLERY))
    nonmated = rng.uniform(0.3, 0.8, (count, GALLERY))
    return mated, rng.integers(1, GALLERY, count), nonmated, rng.integers(0, GALLERY, count)


def _summarise(mated: np.ndarray, mated_claims: np.ndarray, nonmated: np.ndarray,
               nonmated_claims: np.ndarray) -> Searches:
    rows = np.arange(len(mated))
    return Searches(
        gallery_size=GALLERY, mate=mated[:, 0], mated_others=np.sort(mated[:, 1:], axis=1)[:, :2],
        mated_claim=mated[rows, mated_claims], nonmated=np.sort(nonmated, axis=1)[:, :2],
        nonmated_claim=nonmated[rows, nonmated_claims])


def _candidates(distances: np.ndarray) -> list[Candidate]:
    order = np.argsort(distances)
    return [Candidate(int(i), f"t{i}", float(distances[i])) for i in order]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(("threshold", "margin", "claimed"), [(0.45, 0.0, 0.5), (0.5, 0.06, 0.54),
                                                               (0.6, 0.11, 0.6)])
def test_vectorised_rules_count_what_identify_and_verify_claim_decide(
        seed: int, threshold: float, margin: float, claimed: float) -> None:
    mated, mated_claims, nonmated, nonmated_claims = _galleries(seed)
    s = _summarise(mated, mated_claims, nonmated, nonmated_claims)
    policy = MatchPolicy(threshold, margin)

    own_open = wrong_open = claim_ok = enrolled_accepted = 0
    for row, claim in zip(mated, mated_claims, strict=True):
        ident = identify(_candidates(row), policy)
        if ident.outcome == "matched" and ident.best is not None:
            own_open += ident.best.traveller == "t0"
            wrong_open += ident.best.traveller != "t0"
        own = verify_claim(claimed_traveller="t0", claimed_distance=float(row[0]), threshold=claimed,
                           identification=ident)
        claim_ok += own.reason == "claim_verified"
        other = verify_claim(claimed_traveller=f"t{claim}", claimed_distance=float(row[claim]),
                             threshold=claimed, identification=ident)
        enrolled_accepted += other.reason == "claim_verified"
    opened = stolen_accepted = 0
    for row, claim in zip(nonmated, nonmated_claims, strict=True):
        ident = identify(_candidates(row), policy)
        opened += ident.outcome == "matched"
        check = verify_claim(claimed_traveller=f"t{claim}", claimed_distance=float(row[claim]),
                             threshold=claimed, identification=ident)
        stolen_accepted += check.reason == "claim_verified"

    n = len(mated)
    assert rates.margin_fnir(s, threshold, margin) == pytest.approx(1 - own_open / n)
    assert rates.wrong_open(s, threshold, margin) == pytest.approx(wrong_open / n)
    assert rates.margin_fpir(s, threshold, margin) == pytest.approx(opened / n)
    assert rates.claim_fnir(s, claimed, policy) == pytest.approx(1 - claim_ok / n)
    assert rates.claim_enrolled_fpir(s, claimed, policy) == pytest.approx(enrolled_accepted / n)
    assert rates.claim_fpir(s, claimed, policy) == pytest.approx(stolen_accepted / n)
    assert 0 < opened < n and 0 < own_open < n  # the case is not trivial


def test_pure_rule_is_the_margin_rule_with_no_margin_for_non_mated_searches() -> None:
    s = _summarise(*_galleries(7))
    grid = np.linspace(0.3, 0.8, 11)
    assert np.array_equal(rates.pure_fpir(s, grid), rates.margin_fpir(s, grid, 0.0))


def test_margin_only_ever_refuses_more() -> None:
    s = _summarise(*_galleries(8))
    grid = np.linspace(0.3, 0.8, 11)
    assert np.all(rates.margin_fpir(s, grid, 0.1) <= rates.pure_fpir(s, grid))
    assert np.all(rates.margin_fnir(s, grid, 0.1) >= rates.pure_fnir(s, grid))
