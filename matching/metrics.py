"""Biometric performance figures in ISO/IEC 19795-1 terms (numpy only).

Scores here are *distances* (lower = more alike, as with the Euclidean
distance between templates), and a comparison matches when
`distance <= threshold`. So, for a threshold t:

- FMR(t)  = share of impostor comparisons with distance <= t (false match);
- FNMR(t) = share of genuine comparisons with distance > t (false non-match);
- FPIR(t) = share of non-mated 1:N searches whose best candidate has
  distance <= t (someone not enrolled is identified as someone);
- FNIR(t) = share of mated 1:N searches whose mate is not returned at rank 1
  with distance <= t (an enrolled traveller is missed);
- FTE / FTA = failures to enrol / acquire over attempts, counted before any
  comparison (a capture the quality checks refuse never gets a score).

FMR and FNMR are computed over the samples that were enrolled; a system's
whole refusal rate at the kiosk is FTE plus (1 - FTE) x FNMR.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "DetCurve",
    "FailureCounts",
    "count_failures",
    "det_curve",
    "eer",
    "fmr",
    "fnir",
    "fnmr",
    "fpir",
    "threshold_at_rate",
    "zero_error_upper_bound",
]


def _scores(values: Iterable[float] | np.ndarray) -> np.ndarray:
    array = np.sort(np.asarray(values, dtype=np.float64).ravel())
    if np.isnan(array).any():
        raise ValueError("scores must not be NaN")
    return array


def _share_at_or_below(scores: np.ndarray, thresholds: np.ndarray | float) -> np.ndarray:
    """Share of sorted `scores` <= each threshold (0 for an empty score set)."""
    t = np.asarray(thresholds, dtype=np.float64)
    if scores.size == 0:
        return np.zeros_like(t)
    return np.searchsorted(scores, t, side="right") / scores.size


def fmr(impostor: Iterable[float] | np.ndarray, thresholds: np.ndarray | float) -> np.ndarray:
    """False match rate at each threshold: impostor distances <= threshold."""
    return _share_at_or_below(_scores(impostor), thresholds)


def fnmr(genuine: Iterable[float] | np.ndarray, thresholds: np.ndarray | float) -> np.ndarray:
    """False non-match rate at each threshold: genuine distances > threshold."""
    scores = _scores(genuine)
    if scores.size == 0:
        return np.zeros_like(np.asarray(thresholds, dtype=np.float64))
    return 1.0 - _share_at_or_below(scores, thresholds)


def fpir(nonmated_best: Iterable[float] | np.ndarray, thresholds: np.ndarray | float
         ) -> np.ndarray:
    """False positive identification rate: non-mated searches whose best distance <= t.

    `nonmated_best` holds, per search of someone not in the gallery, the
    distance of the closest gallery entry (use +inf for an empty gallery).
    """
    return _share_at_or_below(_scores(nonmated_best), thresholds)


def fnir(
    mated: Iterable[float] | np.ndarray,
    thresholds: np.ndarray | float,
    mate_at_rank1: Iterable[bool] | np.ndarray | None = None,
) -> np.ndarray:
    """False negative identification rate: mated searches that miss their mate.

    `mated[i]` is the distance between search i and its own gallery entry;
    `mate_at_rank1[i]` says whether that entry was the closest (default: all
    True). A search whose mate lost rank 1 to someone else is a miss at every
    threshold, as is a mate with distance > t.
    """
    scores = np.asarray(mated, dtype=np.float64).ravel().copy()
    if mate_at_rank1 is not None:
        rank1 = np.asarray(mate_at_rank1, dtype=bool).ravel()
        if rank1.shape != scores.shape:
            raise ValueError("mated and mate_at_rank1 must have the same length")
        scores[~rank1] = np.inf
    return fnmr(scores, thresholds)


@dataclass(frozen=True, slots=True)
class DetCurve:
    """Detection error trade-off: FMR and FNMR at increasing thresholds."""

    thresholds: np.ndarray
    fmr: np.ndarray
    fnmr: np.ndarray


def det_curve(genuine: Iterable[float] | np.ndarray, impostor: Iterable[float] | np.ndarray
              ) -> DetCurve:
    """The DET curve at every distinct score (plus -inf, where FMR = 0 and FNMR = 1).

    Each point is exact (no binning); plot FNMR against FMR on log axes.
    """
    g, i = _scores(genuine), _scores(impostor)
    if g.size == 0 or i.size == 0:
        raise ValueError("a DET curve needs genuine and impostor scores")
    thresholds = np.concatenate([[-np.inf], np.unique(np.concatenate([g, i]))])
    return DetCurve(thresholds, _share_at_or_below(i, thresholds),
                    1.0 - _share_at_or_below(g, thresholds))


def eer(genuine: Iterable[float] | np.ndarray, impostor: Iterable[float] | np.ndarray
        ) -> tuple[float, float]:
    """Equal error rate and its threshold, as (rate, threshold).

    Found where FMR - FNMR changes sign along the DET curve, interpolating
    linearly between the two neighbouring thresholds.
    """
    curve = det_curve(genuine, impostor)
    diff = curve.fmr - curve.fnmr  # -1 at -inf, rises to 1 past every score
    k = int(np.argmax(diff >= 0))
    if diff[k] == 0 or k == 0:
        return float(curve.fmr[k]), float(curve.thresholds[k])
    alpha = -diff[k - 1] / (diff[k] - diff[k - 1])
    rate = curve.fmr[k - 1] + alpha * (curve.fmr[k] - curve.fmr[k - 1])
    t_lo = curve.thresholds[k - 1]
    t = curve.thresholds[k] if np.isinf(t_lo) else t_lo + alpha * (curve.thresholds[k] - t_lo)
    return float(rate), float(t)


def threshold_at_rate(nonmatch_scores: Iterable[float] | np.ndarray, target: float) -> float:
    """The largest threshold whose FMR (or FPIR) is at most `target`.

    Pass impostor distances for FMR, non-mated best distances for FPIR. With
    n scores, at most floor(target x n) of them may fall at or below the
    threshold, so it is just below the next one (-inf when `target` allows
    none and +inf when it allows all).
    """
    if not 0.0 <= target <= 1.0:
        raise ValueError("target must be a rate in [0, 1]")
    scores = _scores(nonmatch_scores)
    allowed = int(np.floor(target * scores.size + 1e-9))
    if allowed >= scores.size:
        return float("inf")
    return float(np.nextafter(scores[allowed], -np.inf))


def zero_error_upper_bound(trials: int, confidence: float = 0.95) -> float:
    """Upper confidence bound on a rate when no error was seen in `trials` ("rule of 3").

    Exact binomial: the p with (1 - p)^n = 1 - confidence; about 3 / n at 95 %.
    """
    if trials <= 0:
        return 1.0
    return float(1.0 - (1.0 - confidence) ** (1.0 / trials))


@dataclass(frozen=True, slots=True)
class FailureCounts:
    """Failures to enrol (or acquire) over attempts, with the count per error code."""

    attempts: int
    failures: int
    by_code: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.failures / self.attempts if self.attempts else 0.0


def count_failures(outcomes: Iterable[str | None]) -> FailureCounts:
    """FTE or FTA from per-attempt outcomes: None for a success, else the error code."""
    outcomes = list(outcomes)
    codes = Counter(o for o in outcomes if o is not None)
    return FailureCounts(len(outcomes), sum(codes.values()), dict(sorted(codes.items())))
