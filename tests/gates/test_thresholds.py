"""Size-aware 1:N thresholds: stricter as the gallery grows, never looser than 1:1."""

from __future__ import annotations

import math

import pytest

from gates.thresholds import (
    BOARDING_REFERENCE_SIZE,
    CALIBRATED,
    SECURITY_REFERENCE_SIZE,
    SizeAwareThreshold,
    ThresholdTable,
    threshold_for,
)

CURVE = SizeAwareThreshold(threshold=0.45, reference_size=400, slope=0.02, ceiling=0.54)


def test_reference_size_gets_the_stated_threshold() -> None:
    assert CURVE.at(400) == pytest.approx(0.45)


def test_each_doubling_of_the_gallery_lowers_the_threshold_by_slope_ln2() -> None:
    assert CURVE.at(800) == pytest.approx(0.45 - 0.02 * math.log(2))
    assert CURVE.at(200) == pytest.approx(0.45 + 0.02 * math.log(2))
    sizes = [1, 10, 100, 400, 1_000, 50_000, 1_000_000]
    values = [CURVE.at(n) for n in sizes]
    assert values == sorted(values, reverse=True)


def test_a_tiny_gallery_is_never_looser_than_the_claimed_threshold() -> None:
    assert CURVE.at(2) == pytest.approx(0.54)
    assert CURVE.at(0) == CURVE.at(1) == pytest.approx(0.54)


def test_zero_slope_is_the_same_threshold_at_every_size() -> None:
    flat = SizeAwareThreshold(0.47, 400)
    assert {flat.at(n) for n in (1, 50, 400, 50_000)} == {0.47}


@pytest.mark.parametrize("kwargs", [
    {"threshold": 0.0, "reference_size": 400},
    {"threshold": 2.5, "reference_size": 400},
    {"threshold": 0.45, "reference_size": 0},
    {"threshold": 0.45, "reference_size": 400, "slope": -0.01},
    {"threshold": 0.45, "reference_size": 400, "ceiling": 0.0},
])
def test_nonsense_curves_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        SizeAwareThreshold(**kwargs)


def test_each_kind_is_stated_at_its_own_reference_size() -> None:
    table = ThresholdTable.from_settings(security_threshold=0.40, boarding_threshold=0.46,
                                         slope=0.02, ceiling=0.54)
    assert table.threshold_for("security", SECURITY_REFERENCE_SIZE) == pytest.approx(0.40)
    assert table.threshold_for("boarding", BOARDING_REFERENCE_SIZE) == pytest.approx(0.46)
    # A security gallery as small as a flight gets its curve carried back to that size.
    assert table.threshold_for("security", 400) == pytest.approx(0.40 + 0.02 * math.log(125))


def test_calibrated_table_is_what_threshold_for_uses_by_default() -> None:
    for kind in ("security", "boarding"):
        for n in (10, 400, 50_000):
            assert threshold_for(kind, n) == CALIBRATED.threshold_for(kind, n)
    assert CALIBRATED.boarding.at(1) <= CALIBRATED.boarding.ceiling
