"""The run through decide_scan agrees with the vectorised rates on the same gallery."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from gates.identification import MatchPolicy
from gates.scan import GatePolicy
from gates.windows import BoardingWindow
from simulators.accuracy import rates
from simulators.accuracy.scans import run_scans
from simulators.accuracy.searches import fixed_gallery_searches
from tests.simulators.synthetic import synthetic_search_set

DATA = synthetic_search_set(identities=90, mated=40, seed=3)


def _policy(threshold: float, margin: float, claimed: float = 0.5) -> GatePolicy:
    return GatePolicy(security=MatchPolicy(threshold, margin), boarding=MatchPolicy(threshold, margin),
                      claimed_threshold=claimed, security_window=timedelta(hours=12),
                      boarding_window=BoardingWindow())


@pytest.mark.parametrize(("threshold", "margin"), [(0.45, 0.0), (0.5, 0.05), (0.55, 0.1)])
def test_security_scans_decide_like_the_vectorised_margin_rule(threshold: float, margin: float) -> None:
    run = run_scans(DATA, _policy(threshold, margin), flight_size=30)
    security = next(r for r in run.rates if (r.kind, r.mode) == ("security", "face"))
    mated = np.flatnonzero(DATA.mated)
    s = fixed_gallery_searches(DATA.pool, DATA.probes[mated], DATA.own[mated], DATA.probes,
                               nonmated_exclude=DATA.own)
    assert security.mated == len(mated) and security.nonmated == len(DATA.own)
    assert security.fnir == pytest.approx(float(rates.margin_fnir(s, threshold, margin)))
    assert security.fpir == pytest.approx(float(rates.margin_fpir(s, threshold, margin)))
    assert security.wrong_open_rate == pytest.approx(float(rates.wrong_open(s, threshold, margin)))
    # Not a trivial case: some travellers are missed or some strangers let through.
    assert security.mated_open > 0 and (security.mated_open < security.mated
                                        or security.nonmated_open > 0)


def test_a_boarding_pass_beats_the_face_alone_for_owners() -> None:
    run = run_scans(DATA, _policy(0.45, 0.05, claimed=0.5), flight_size=30)
    by = {(r.kind, r.mode): r for r in run.rates}
    for kind in ("security", "boarding"):
        face, claim = by[(kind, "face")], by[(kind, "boarding pass")]
        assert claim.fnir <= face.fnir
        assert set(claim.mated_reasons) <= {"claim_verified", "face_mismatch", "identity_conflict"}
    # Boarding scans only cover travellers of full flights, at their own gate.
    assert 0 < by[("boarding", "face")].mated <= by[("security", "face")].mated
    assert by[("boarding", "face")].gallery_size == 30
