"""Synthetic galleries for the sizes real photos do not reach."""

from __future__ import annotations

import numpy as np
import pytest

from simulators.accuracy import rates, synthetic
from simulators.accuracy.synthetic import SyntheticSpec


def test_availability_is_reported_not_raised() -> None:
    assert synthetic.available() in (True, False)


def test_synthetic_gallery_searches_have_the_asked_shape_and_fpir_grows_with_size() -> None:
    biometrics = pytest.importorskip("simulators.biometrics")
    source = synthetic.synthetic_source(biometrics.SyntheticFaces(3), mated=300, strangers=1_000)
    small, large = source(SyntheticSpec(300), 0), source(SyntheticSpec(3_000), 0)
    assert (large.gallery_size, large.mated_count, large.nonmated_count) == (3_000, 300, 1_000)
    assert small.mated_count == 300 and np.all(large.nonmated[:, 0] <= large.nonmated[:, 1])
    assert float(rates.pure_fpir(large, 0.6)) > float(rates.pure_fpir(small, 0.6))
    assert large.source == "synthetic, like the photos"


def test_cooperative_captures_bring_travellers_closer_to_their_own_template() -> None:
    biometrics = pytest.importorskip("simulators.biometrics")
    source = synthetic.synthetic_source(biometrics.SyntheticFaces(4), mated=300, strangers=300)
    photos = source(SyntheticSpec(1_000), 0)
    gates = source(SyntheticSpec(1_000, "kiosk", "gate"), 0)
    assert np.median(gates.mate) < np.median(photos.mate)
    assert float(rates.pure_fnir(gates, 0.5)) <= float(rates.pure_fnir(photos, 0.5))


def test_look_alikes_claim_their_twin_and_pass_far_more_often_than_strangers() -> None:
    biometrics = pytest.importorskip("simulators.biometrics")
    source = synthetic.synthetic_source(biometrics.SyntheticFaces(6), mated=200, strangers=400)
    strangers = source(SyntheticSpec(1_000, "kiosk", "gate"), 0)
    twins = source(SyntheticSpec(1_000, "kiosk", "gate", "lookalikes"), 0)
    assert twins.source.endswith("look-alike impostors")
    assert np.median(twins.nonmated_claim) < np.median(strangers.nonmated_claim)
    assert float(rates.pure_fpir(twins, 0.5)) > 2 * float(rates.pure_fpir(strangers, 0.5))
