"""Choosing thresholds and the margin from measured searches."""

from __future__ import annotations

import math

import numpy as np
import pytest

from matching.metrics import fmr
from simulators.accuracy import rates
from simulators.accuracy.calibration import (
    choose_margin,
    claimed_threshold,
    fit_size_aware,
    impostor_pairs,
    thresholds_at_target,
)
from simulators.accuracy.searches import Searches, fixed_gallery_searches, nested_searches
from simulators.accuracy.study import StudyConfig, operating_point, study_search_set
from simulators.accuracy.synthetic import SyntheticSpec
from tests.simulators.synthetic import synthetic_search_set

DATA = synthetic_search_set(identities=120, mated=40, seed=5)
SEARCHES = nested_searches(DATA, [10, 30, 60, DATA.max_gallery], repeats=4, seed=2)


@pytest.mark.parametrize("margin", [None, 0.0, 0.05])
def test_threshold_at_target_holds_fpir_and_one_step_more_would_not(margin: float | None) -> None:
    target = 0.05
    for n, t in thresholds_at_target(SEARCHES, target, margin, cap=0.9).items():
        s = SEARCHES[n]
        fpir = rates.pure_fpir if margin is None else (lambda s, t: rates.margin_fpir(s, t, margin))
        assert float(fpir(s, t)) <= target
        assert float(fpir(s, t + 0.01)) > target or t + 0.01 > 0.9


def test_thresholds_never_exceed_the_cap() -> None:
    assert max(thresholds_at_target(SEARCHES, 0.5, 0.2, cap=0.42).values()) <= 0.42


def test_pure_thresholds_fall_as_the_gallery_grows() -> None:
    t = thresholds_at_target(SEARCHES, 0.05, None, cap=0.9)
    values = [t[n] for n in sorted(t)]
    assert values == sorted(values, reverse=True) and values[0] > values[-1]


def test_chosen_margin_has_the_lowest_mean_fnir_of_those_tried() -> None:
    choice = choose_margin(SEARCHES, 0.05, cap=0.9, margins=(0.0, 0.03, 0.06, 0.1), min_size=30)
    assert choice.table[choice.margin] == min(choice.table.values())
    counted = [n for n in SEARCHES if n >= 30]
    recomputed = np.mean([float(rates.margin_fnir(SEARCHES[n], choice.thresholds[n], choice.margin))
                          for n in counted])
    assert choice.table[choice.margin] == pytest.approx(recomputed)


def test_fit_recovers_a_log_linear_curve_and_states_it_at_the_reference() -> None:
    points = {n: 0.5 - 0.02 * math.log(n) for n in (50, 100, 400, 1000)}
    fit = fit_size_aware(points, reference_size=400, cap=0.6)
    assert fit.slope == pytest.approx(0.02)
    assert fit.threshold == pytest.approx(0.5 - 0.02 * math.log(400))
    assert fit.at(1000) == pytest.approx(points[1000])


def test_fit_of_rising_thresholds_is_flat_never_negative() -> None:
    fit = fit_size_aware({50: 0.45, 400: 0.47, 1000: 0.5}, reference_size=400, cap=0.6)
    assert fit.slope == 0.0
    assert fit.threshold == pytest.approx(np.mean([0.45, 0.47, 0.5]))


def test_operating_thresholds_are_steps_of_a_hundredth_under_every_measured_point() -> None:
    choice = choose_margin(SEARCHES, 0.05, cap=0.9, margins=(0.05,))
    fit = fit_size_aware(choice.thresholds, reference_size=400, cap=0.9)
    op = operating_point(choice, fit, claimed=0.9)
    assert round(op.boarding_threshold * 100) == pytest.approx(op.boarding_threshold * 100)
    for n, t in choice.thresholds.items():
        assert op.threshold_at(n) <= t + 1e-9
    assert op.security_threshold <= op.boarding_threshold


def test_claimed_threshold_holds_the_fmr_target_over_every_impostor_pair() -> None:
    t, fnmr = claimed_threshold(DATA, 0.01)
    genuine, impostor = impostor_pairs(DATA)
    assert float(fmr(impostor, t)) <= 0.01 < float(fmr(impostor, t + 0.01))
    assert fnmr == pytest.approx(float(np.mean(genuine > t)))
    assert len(impostor) == DATA.distances.size - len(DATA.own)


def test_synthetic_galleries_are_reported_beside_the_real_ones_without_moving_the_calibration() -> None:
    big = synthetic_search_set(identities=300, mated=50, seed=9)
    rows = np.flatnonzero(big.mated)
    strangers = ~np.isin(big.own, np.arange(200))

    def source(spec: SyntheticSpec, seed: int) -> Searches:
        return fixed_gallery_searches(big.pool[:spec.size], big.probes[rows], big.own[rows],
                                      big.probes[strangers], seed=seed, source=spec.label)

    config = StudyConfig(sizes=(10, 30), repeats=2)
    plain = study_search_set(DATA, config)
    spec = SyntheticSpec(200)
    both = study_search_set(DATA, config, synthetic=source, synthetic_specs=[spec])
    assert list(both.synthetic) == [spec] and both.synthetic[spec].gallery_size == 200
    assert both.operating == plain.operating
    assert [row["size"] for row in both.to_json()["synthetic"]] == [200]
    assert [source for source, _ in both.rows()][-1] == "synthetic, like the photos"
