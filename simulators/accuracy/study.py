"""The 1:N accuracy study behind `skygate report accuracy`.

From a measured face set: searches over nested random galleries of growing
size, the claimed-identity threshold at the FMR target, the margin and the
size-aware threshold at the FPIR target, the rates of every rule at every
size, DET curves, and the run through `decide_scan` at the chosen settings.
Rendering (Markdown, plots) lives in `simulators.accuracy.page`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np

from enrollment.faceset import FaceSet
from gates.identification import MatchPolicy
from gates.scan import GatePolicy
from gates.thresholds import (
    BOARDING_REFERENCE_SIZE,
    SECURITY_REFERENCE_SIZE,
    SizeAwareThreshold,
    ThresholdTable,
)
from gates.windows import BoardingWindow
from matching.metrics import fmr
from simulators.accuracy import rates
from simulators.accuracy.calibration import (
    CrossCheck,
    MarginChoice,
    choose_margin,
    claimed_threshold,
    cross_check_counts,
    fit_size_aware,
    thresholds_at_target,
)
from simulators.accuracy.photos import SearchSet
from simulators.accuracy.scans import ScanRun, run_scans
from simulators.accuracy.searches import Searches, nested_searches
from simulators.accuracy.synthetic import SyntheticSource, SyntheticSpec, default_specs

__all__ = ["Operating", "StudyConfig", "StudyResult", "run_study", "study_search_set"]

Progress = Callable[[str], None]
GRID = np.round(np.arange(0.30, 0.701, 0.005), 3)  # thresholds swept for the DET curves
STEP = 0.01  # operating thresholds are stated in steps of 0.01, rounded down (stricter)


@dataclass(frozen=True)
class StudyConfig:
    fpir_target: float = 0.003  # NIST's operating point for paperless travel
    fmr_target: float = 0.001  # 1:1 against a claimed booking, as at enrolment
    sizes: tuple[int, ...] = (50, 100, 200, 400, 800)  # the largest real gallery is added
    repeats: int = 10  # random galleries per probe and size
    seed: int = 0
    flight_size: int = BOARDING_REFERENCE_SIZE
    fixed_thresholds: tuple[float, ...] = (0.5, 0.6)  # pure 1:N at fixed thresholds, vs size


@dataclass(frozen=True)
class Operating:
    """The chosen settings: what `app/settings.py` should hold."""

    margin: float
    boarding_threshold: float  # at BOARDING_REFERENCE_SIZE
    security_threshold: float  # at SECURITY_REFERENCE_SIZE (extrapolated beyond the photos)
    slope: float
    claimed_threshold: float

    def table(self) -> tuple[SizeAwareThreshold, SizeAwareThreshold]:
        """(security, boarding) size-aware thresholds."""
        return (SizeAwareThreshold(self.security_threshold, SECURITY_REFERENCE_SIZE, self.slope,
                                   self.claimed_threshold),
                SizeAwareThreshold(self.boarding_threshold, BOARDING_REFERENCE_SIZE, self.slope,
                                   self.claimed_threshold))

    def threshold_at(self, gallery_size: int) -> float:
        """The 1:N threshold for a gallery of this size (the boarding curve the fit gave)."""
        return self.table()[1].at(gallery_size)

    def policy(self) -> GatePolicy:
        """The gate policy the service runs with these settings (size-aware thresholds)."""
        security, boarding = self.table()
        return GatePolicy(
            security=MatchPolicy(self.security_threshold, self.margin),
            boarding=MatchPolicy(self.boarding_threshold, self.margin),
            claimed_threshold=self.claimed_threshold, security_window=timedelta(hours=12),
            boarding_window=BoardingWindow(), sizes=ThresholdTable(security, boarding),
        )


@dataclass
class StudyResult:
    config: StudyConfig
    data: SearchSet
    searches: dict[int, Searches]
    claimed_fnmr: float
    choice: MarginChoice
    pure_thresholds: dict[int, float]
    pure_fit: SizeAwareThreshold
    margin_fit: SizeAwareThreshold
    operating: Operating
    scans: ScanRun
    cross_check: dict[str, CrossCheck]  # "as implemented" (operating margin), "without margin"
    synthetic: dict[SyntheticSpec, Searches] = field(default_factory=dict)

    @property
    def sizes(self) -> list[int]:
        return sorted(self.searches)

    def rows(self) -> list[tuple[str, Searches]]:
        """Every search set to report: the real sizes, then the synthetic galleries."""
        return ([("real photos", s) for _, s in sorted(self.searches.items())]
                + [(spec.label, s) for spec, s in self.synthetic.items()])

    def rates_at(self, s: Searches) -> dict[str, float]:
        """Every rule's rates at the operating point (and pure 1:N at fixed thresholds)."""
        op = self.operating
        t = op.threshold_at(s.gallery_size)
        policy = MatchPolicy(t, op.margin)
        row = {
            "pure_fpir": float(rates.pure_fpir(s, t)), "pure_fnir": float(rates.pure_fnir(s, t)),
            "margin_fpir": float(rates.margin_fpir(s, t, op.margin)),
            "margin_fnir": float(rates.margin_fnir(s, t, op.margin)),
            "margin_wrong_open": float(rates.wrong_open(s, t, op.margin)),
            "claim_fnir": float(rates.claim_fnir(s, op.claimed_threshold, policy)),
            "claim_fpir": float(rates.claim_fpir(s, op.claimed_threshold, policy)),
            "claim_enrolled_fpir": float(rates.claim_enrolled_fpir(s, op.claimed_threshold, policy)),
            "claim_enrolled_fmr": float(fmr(s.mated_claim, op.claimed_threshold)),
        }
        for fixed in self.config.fixed_thresholds:
            row[f"pure_fpir@{fixed}"] = float(rates.pure_fpir(s, fixed))
            row[f"pure_fnir@{fixed}"] = float(rates.pure_fnir(s, fixed))
        return row

    def to_json(self) -> dict[str, Any]:
        """Numbers only, for tests and for anyone re-plotting."""
        return {
            "config": {k: getattr(self.config, k) for k in self.config.__dataclass_fields__},
            "pool_size": self.data.pool_size,
            "probes": len(self.data.own),
            "mated_probes": int(self.data.mated.sum()),
            "dropped_pairs": [list(p) for p in self.data.dropped],
            "claimed_fnmr": self.claimed_fnmr,
            "cross_check": {k: v.__dict__ for k, v in self.cross_check.items()},
            "margin_table": self.choice.table,
            "thresholds_at_target": {"pure": self.pure_thresholds, "margin": self.choice.thresholds},
            "fits": {"pure": _fit_json(self.pure_fit), "margin": _fit_json(self.margin_fit)},
            "operating": self.operating.__dict__,
            "by_size": {str(n): {"source": s.source, "mated": s.mated_count,
                                 "nonmated": s.nonmated_count, **self.rates_at(s)}
                        for n, s in sorted(self.searches.items())},
            "synthetic": [{"size": spec.size, "enrolment": spec.enrolment, "scan": spec.scan,
                           "mated": s.mated_count, "nonmated": s.nonmated_count, **self.rates_at(s)}
                          for spec, s in self.synthetic.items()],
            "scans": [{"kind": r.kind, "mode": r.mode, "gallery_size": r.gallery_size,
                       "mated": r.mated, "nonmated": r.nonmated, "fnir": r.fnir, "fpir": r.fpir,
                       "wrong_open": r.wrong_open_rate, "mated_reasons": dict(r.mated_reasons),
                       "nonmated_reasons": dict(r.nonmated_reasons)} for r in self.scans.rates],
        }


def _fit_json(fit: SizeAwareThreshold) -> dict[str, float]:
    return {"threshold": fit.threshold, "reference_size": fit.reference_size, "slope": fit.slope}


def _floor(value: float) -> float:
    return round(math.floor(value / STEP + 1e-9) * STEP, 6)


def operating_point(choice: MarginChoice, fit: SizeAwareThreshold, claimed: float) -> Operating:
    """Thresholds in steps of 0.01 that hold the FPIR target at every size measured.

    The boarding threshold is the largest whose size-aware curve (the fitted
    slope) stays at or under the threshold measured at each size; security
    follows the same curve out to its reference size.
    """
    slope = fit.slope
    at_400 = min(t - slope * math.log(BOARDING_REFERENCE_SIZE / n) for n, t in choice.thresholds.items())
    boarding = _floor(min(at_400, claimed))
    security = _floor(boarding - slope * math.log(SECURITY_REFERENCE_SIZE / BOARDING_REFERENCE_SIZE))
    return Operating(choice.margin, boarding, security, round(slope, 4), claimed)


def run_study(faces: FaceSet, config: StudyConfig = StudyConfig(), progress: Progress | None = None,
              *, synthetic: SyntheticSource | None = None,
              synthetic_specs: Sequence[SyntheticSpec] | None = None) -> StudyResult:
    """The whole study on a measured face set (see `study_search_set`)."""
    (progress or (lambda _: None))("search set")
    return study_search_set(SearchSet.from_faceset(faces), config, progress, synthetic=synthetic,
                            synthetic_specs=synthetic_specs)


def study_search_set(data: SearchSet, config: StudyConfig = StudyConfig(),
                     progress: Progress | None = None, *, synthetic: SyntheticSource | None = None,
                     synthetic_specs: Sequence[SyntheticSpec] | None = None) -> StudyResult:
    """Searches, calibration, rates and the decide_scan run for one search set.

    `synthetic(spec, seed)`, when given, returns searches of a gallery of
    synthetic templates (`simulators.accuracy.synthetic`) for each spec
    (default: `default_specs`); they are reported beside the real sizes,
    while the calibration stays on the real photos.
    """
    say = progress or (lambda _: None)
    sizes = sorted({n for n in config.sizes if 3 <= n < data.max_gallery} | {data.max_gallery})
    say("searches")
    searches = nested_searches(data, sizes, repeats=config.repeats, seed=config.seed)
    claimed, claimed_fnmr = claimed_threshold(data, config.fmr_target)
    say("calibration")
    choice = choose_margin(searches, config.fpir_target, claimed)
    pure = thresholds_at_target(searches, config.fpir_target, None, claimed)
    pure_fit = fit_size_aware(pure, reference_size=BOARDING_REFERENCE_SIZE, cap=claimed)
    margin_fit = fit_size_aware(choice.thresholds, reference_size=BOARDING_REFERENCE_SIZE, cap=claimed)
    operating = operating_point(choice, margin_fit, claimed)
    say("scans through decide_scan")
    scans = run_scans(data, operating.policy(), flight_size=config.flight_size, seed=config.seed)
    t = operating.threshold_at(data.pool_size)
    cross = {"as implemented": cross_check_counts(data, MatchPolicy(t, operating.margin), claimed),
             "without margin": cross_check_counts(data, MatchPolicy(t, 0.0), claimed)}
    extra = {}
    specs = default_specs(data.max_gallery) if synthetic_specs is None else synthetic_specs
    for spec in specs if synthetic is not None else ():
        say(f"synthetic gallery of {spec.size:,} ({spec.enrolment} -> {spec.scan})")
        extra[spec] = synthetic(spec, config.seed)
    return StudyResult(config, data, searches, claimed_fnmr, choice, pure, pure_fit, margin_fit,
                       operating, scans, cross, extra)


def det_points(s: Searches, operating: Operating) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(FPIR, FNIR) over GRID for each rule; claimed sweeps t_c with the operating cross-check."""
    policy = MatchPolicy(operating.threshold_at(s.gallery_size), operating.margin)
    return {
        "pure 1:N": (rates.pure_fpir(s, GRID), rates.pure_fnir(s, GRID)),
        f"threshold + margin {operating.margin:g}": (rates.margin_fpir(s, GRID, operating.margin),
                                                     rates.margin_fnir(s, GRID, operating.margin)),
        "claimed 1:1 + cross-check": (rates.claim_fpir(s, GRID, policy),
                                      rates.claim_fnir(s, GRID, policy)),
    }
