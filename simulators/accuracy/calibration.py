"""Choosing the operating point from measured searches.

1. The claimed-identity threshold t_c: the largest step of 0.01 whose false
   match rate over every 1:1 impostor pair of the photos is at most the FMR
   target (the rule of the enrolment check).
2. The margin m: for each candidate margin, the threshold that holds FPIR at
   the target at each gallery size (never above t_c), and the FNIR it costs;
   the margin with the lowest mean FNIR over the flight-sized and larger
   galleries wins (ties to the smaller margin).
3. The size-aware threshold: a least-squares line of those thresholds
   against ln N (only sizes where the threshold, not the cap, held FPIR),
   stated at the reference size, its slope never negative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from enrollment.calibration import choose_threshold
from gates.identification import MatchPolicy
from gates.thresholds import SizeAwareThreshold
from matching.metrics import fnmr, threshold_at_rate
from simulators.accuracy import rates
from simulators.accuracy.photos import SearchSet
from simulators.accuracy.searches import Searches

__all__ = [
    "CrossCheck",
    "MarginChoice",
    "choose_margin",
    "claimed_threshold",
    "cross_check_counts",
    "fit_size_aware",
    "impostor_pairs",
    "thresholds_at_target",
]

DEFAULT_MARGINS = tuple(np.round(np.arange(0.0, 0.1501, 0.01), 2))


def impostor_pairs(data: SearchSet) -> tuple[np.ndarray, np.ndarray]:
    """(genuine, impostor) 1:1 distances: mated probes to their reference; every other pair."""
    rows = np.arange(len(data.own))
    genuine = data.distances[rows, data.own][data.mated]
    mask = np.ones(data.distances.shape, dtype=bool)
    mask[rows, data.own] = False
    return genuine, data.distances[mask]


def claimed_threshold(data: SearchSet, fmr_target: float) -> tuple[float, float]:
    """(t_c, FNMR at t_c): the largest step of 0.01 within the FMR target over all impostor
    pairs, the rule the enrolment check's threshold follows (`enrollment.calibration`)."""
    genuine, impostor = impostor_pairs(data)
    t = choose_threshold(impostor, fmr_target)
    return t, float(fnmr(genuine, t))


def thresholds_at_target(searches: Mapping[int, Searches], fpir_target: float, margin: float | None,
                         cap: float) -> dict[int, float]:
    """Per gallery size, the threshold holding FPIR at the target (pure 1:N when margin is None)."""
    out = {}
    for n, s in sorted(searches.items()):
        scores = s.nonmated[:, 0] if margin is None else rates.opened_nonmated(s, margin)
        out[n] = min(threshold_at_rate(scores, fpir_target), cap)
    return out


@dataclass(frozen=True)
class MarginChoice:
    margin: float
    thresholds: dict[int, float]  # at the FPIR target, per size
    fnir: dict[int, float]  # at those thresholds
    table: dict[float, float]  # margin -> mean FNIR over the sizes that count


def choose_margin(searches: Mapping[int, Searches], fpir_target: float, cap: float, *,
                  margins: Sequence[float] = DEFAULT_MARGINS, min_size: int = 400) -> MarginChoice:
    """The margin with the lowest mean FNIR at the FPIR target over sizes >= `min_size`."""
    counted = [n for n in searches if n >= min_size] or [max(searches)]
    best: MarginChoice | None = None
    table = {}
    for m in margins:
        t = thresholds_at_target(searches, fpir_target, float(m), cap)
        f = {n: float(rates.margin_fnir(s, t[n], float(m))) for n, s in searches.items()}
        table[float(m)] = float(np.mean([f[n] for n in counted]))
        if best is None or table[float(m)] < table[best.margin] - 1e-12:
            best = MarginChoice(float(m), t, f, table)
    assert best is not None
    return MarginChoice(best.margin, best.thresholds, best.fnir, table)


def fit_size_aware(thresholds: Mapping[int, float], *, reference_size: int, cap: float
                   ) -> SizeAwareThreshold:
    """t(N) = a - b ln N through the uncapped points, stated at `reference_size`."""
    points = [(n, t) for n, t in sorted(thresholds.items()) if t < cap]
    if len(points) < 2:
        value = min(thresholds.values()) if thresholds else cap
        return SizeAwareThreshold(min(value, cap), reference_size, 0.0, cap)
    x = np.log([n for n, _ in points])
    y = np.array([t for _, t in points])
    coef, intercept = np.polyfit(x, y, 1)
    slope = max(0.0, -float(coef))
    at_reference = float(y.mean() + slope * (x.mean() - np.log(reference_size))) if slope == 0.0 else (
        float(intercept + coef * np.log(reference_size)))
    return SizeAwareThreshold(min(at_reference, cap), reference_size, slope, cap)


@dataclass(frozen=True)
class CrossCheck:
    """Claims 1:1 alone would accept, and how many the 1:N cross-check refuses.

    Every (probe, other traveller) pair is a claim, over the whole pool:
    `enrolled` claims come from mated probes (the impostor's own template is
    in the gallery), `strangers` from every probe with its identity left out.
    """

    enrolled_pairs: int
    enrolled_accepted_1to1: int
    enrolled_refused: int
    stranger_pairs: int
    stranger_accepted_1to1: int
    stranger_refused: int


def _claims(d: np.ndarray, exclude: np.ndarray, policy: MatchPolicy, claimed: float
            ) -> tuple[int, int, int]:
    """(pairs, accepted 1:1, refused by the cross-check) for rows of distances to the pool."""
    rows = np.arange(len(d))
    order = np.argsort(d, axis=1)[:, :2]
    b1, b2 = d[rows, order[:, 0]], d[rows, order[:, 1]]
    matched = (b1 < policy.threshold) & (b2 - b1 >= policy.min_margin)
    claim = d.copy()
    claim[rows, exclude] = np.inf  # nobody claims their own booking here
    accepted = claim < claimed
    is_best = np.zeros_like(accepted)
    is_best[rows, order[:, 0]] = True
    conflict = accepted & ~is_best & matched[:, None] & (b1[:, None] < claim)
    return int(np.isfinite(claim).sum()), int(accepted.sum()), int(conflict.sum())


def cross_check_counts(data: SearchSet, policy: MatchPolicy, claimed: float) -> CrossCheck:
    """What the 1:N cross-check of `verify_claim` adds to 1:1, over every claim pair."""
    mated = np.flatnonzero(data.mated)
    enrolled = _claims(data.distances[mated], data.own[mated], policy, claimed)
    hidden = data.distances.copy()
    hidden[np.arange(len(hidden)), data.own] = np.inf  # the stranger is not enrolled
    stranger = _claims(hidden, data.own, policy, claimed)
    return CrossCheck(*enrolled, *stranger)
