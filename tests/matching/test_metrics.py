"""ISO/IEC 19795-1 figures on small cases worked out by hand.

genuine  = 0.1 0.2 0.3 0.4        (4 comparisons of the same person)
impostor = 0.35 0.5 0.6 0.7 0.8   (5 comparisons of different people)
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from matching import metrics

GENUINE = [0.4, 0.1, 0.3, 0.2]  # unsorted on purpose
IMPOSTOR = [0.8, 0.35, 0.6, 0.5, 0.7]


def test_fmr_counts_impostors_at_or_below_the_threshold():
    rates = metrics.fmr(IMPOSTOR, np.array([0.3, 0.35, 0.5, 0.9]))
    np.testing.assert_allclose(rates, [0.0, 0.2, 0.4, 1.0])


def test_fnmr_counts_genuine_pairs_above_the_threshold():
    rates = metrics.fnmr(GENUINE, np.array([0.05, 0.2, 0.35, 0.4]))
    np.testing.assert_allclose(rates, [1.0, 0.5, 0.25, 0.0])


def test_scalar_threshold_gives_a_scalar_rate():
    assert float(metrics.fmr(IMPOSTOR, 0.6)) == pytest.approx(0.6)


def test_det_curve_starts_at_no_false_match_and_ends_at_no_false_non_match():
    curve = metrics.det_curve(GENUINE, IMPOSTOR)
    assert curve.thresholds[0] == -np.inf
    assert (curve.fmr[0], curve.fnmr[0]) == (0.0, 1.0)
    assert (curve.fmr[-1], curve.fnmr[-1]) == (1.0, 0.0)
    assert np.all(np.diff(curve.fmr) >= 0) and np.all(np.diff(curve.fnmr) <= 0)
    # One point per distinct score: 4 + 5 plus the -inf start.
    assert len(curve.thresholds) == 10
    at = list(curve.thresholds).index(0.35)
    assert (curve.fmr[at], curve.fnmr[at]) == (0.2, 0.25)


def test_eer_interpolates_between_the_thresholds_where_the_curves_cross():
    # At 0.35: FMR 0.2, FNMR 0.25 (diff -0.05); at 0.4: FMR 0.2, FNMR 0 (diff 0.2).
    # alpha = 0.05 / 0.25 = 0.2 -> rate 0.2, threshold 0.35 + 0.2 * 0.05 = 0.36.
    rate, threshold = metrics.eer(GENUINE, IMPOSTOR)
    assert rate == pytest.approx(0.2)
    assert threshold == pytest.approx(0.36)


def test_eer_is_zero_when_the_classes_separate():
    rate, threshold = metrics.eer([0.1, 0.2], [0.5, 0.6])
    assert rate == 0.0
    assert 0.2 <= threshold < 0.5


def test_threshold_at_rate_is_the_largest_threshold_within_the_target():
    t = metrics.threshold_at_rate(IMPOSTOR, 0.2)  # one impostor of five may match
    assert 0.35 <= t < 0.5
    assert float(metrics.fmr(IMPOSTOR, t)) == pytest.approx(0.2)
    assert float(metrics.fmr(IMPOSTOR, np.nextafter(t, np.inf))) == pytest.approx(0.4)


def test_threshold_at_rate_below_one_impostor_sits_under_the_closest_impostor():
    t = metrics.threshold_at_rate(IMPOSTOR, 0.1)
    assert t < 0.35 and t == np.nextafter(0.35, -np.inf)
    assert metrics.threshold_at_rate(IMPOSTOR, 1.0) == math.inf


def test_threshold_at_rate_refuses_a_rate_outside_zero_to_one():
    with pytest.raises(ValueError):
        metrics.threshold_at_rate(IMPOSTOR, 1.5)


def test_fpir_counts_non_mated_searches_whose_best_candidate_matches():
    best = [0.3, 0.45, 0.6, np.inf]  # the last search ran against an empty gallery
    np.testing.assert_allclose(metrics.fpir(best, [0.3, 0.5, 1.0]), [0.25, 0.5, 0.75])


def test_fnir_counts_a_mate_beaten_at_rank_one_as_a_miss_at_every_threshold():
    mated = [0.2, 0.3, 0.25]
    rank1 = [True, True, False]
    np.testing.assert_allclose(metrics.fnir(mated, [0.1, 0.25, 0.3, 2.0], rank1),
                               [1.0, 2 / 3, 1 / 3, 1 / 3])
    np.testing.assert_allclose(metrics.fnir(mated, [0.3]), [0.0])


def test_fnir_refuses_rank_flags_of_another_length():
    with pytest.raises(ValueError):
        metrics.fnir([0.2, 0.3], 0.5, [True])


def test_count_failures_gives_fte_with_the_count_per_code():
    counts = metrics.count_failures([None, "no_face", None, "too_blurry", "no_face"])
    assert (counts.attempts, counts.failures) == (5, 3)
    assert counts.rate == pytest.approx(0.6)
    assert counts.by_code == {"no_face": 2, "too_blurry": 1}
    assert metrics.count_failures([]).rate == 0.0


def test_zero_error_upper_bound_follows_the_rule_of_three():
    assert metrics.zero_error_upper_bound(3000) == pytest.approx(3 / 3000, rel=0.01)
    assert metrics.zero_error_upper_bound(0) == 1.0


def test_nan_scores_are_refused():
    with pytest.raises(ValueError):
        metrics.fmr([0.1, float("nan")], 0.5)
