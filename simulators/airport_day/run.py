"""Run one day, or several scenarios of one day, and assemble the summary.

`run_day` builds the day (flights, passengers, faces) and simulates one
adoption level; `run_scenarios` builds it once and simulates each adoption
on the same passengers, arrival times, service times and templates, so the
differences between scenarios are the adoption's, not the dice's.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from simulators.airport_day.config import DayConfig
from simulators.airport_day.model import AirportDay, DayFaces
from simulators.airport_day.population import CHECKIN, ENROL, Day, build_day
from simulators.airport_day.stats import OUTCOMES, Recorder

__all__ = ["DayResult", "run_day", "run_scenarios", "summarise"]

Progress = Callable[[str, float, float, str], None]  # (label, done, total, local clock "HH:MM")


@dataclass
class DayResult:
    summary: dict[str, Any]
    recorder: Recorder


def _flights(day: Day, rec: Recorder) -> dict[str, Any]:
    missed = np.bincount(day.flight[rec.outcome == OUTCOMES.index("missed_boarding")],
                         minlength=len(day.flights))
    pax = np.bincount(day.flight, minlength=len(day.flights))
    return {"total": len(day.flights), "completed_on_time": int((missed == 0).sum()),
            "with_missed_passengers": int((missed > 0).sum()),
            "on_time_share": float((missed == 0).mean()) if len(day.flights) else None,
            "largest_missed": int(missed.max()) if missed.size else 0,
            "passengers_per_flight": float(pax.mean()) if pax.size else 0.0}


def summarise(sim: AirportDay, seconds: float) -> dict[str, Any]:
    """Everything the report shows, as JSON-ready values."""
    day, rec, cfg = sim.day, sim.rec, sim.cfg
    outcomes = Counter(OUTCOMES[o] for o in rec.outcome.tolist() if o >= 0)
    unfinished = int((rec.outcome < 0).sum())
    enrolled = int(sum(v for (ch, result), v in rec.enrolments.items() if result == "enrolled"))
    return {
        "config": {
            "airport": cfg.airport, "date": cfg.day.isoformat(), "target_pax": cfg.pax,
            "adoption": sim.adoption, "seed": cfg.seed, "registry_size": cfg.registry_size,
            "rules": asdict(cfg.rules), "resources": asdict(cfg.terminal),
            "behaviour": asdict(cfg.behaviour), "start_utc": day.start.isoformat(),
        },
        "runtime_seconds": seconds,
        "timings_seconds": {"simulate": seconds, "decisions": sim.decision_seconds},
        "scans": sum(rec.scans.values()),
        "passengers": {
            "total": day.n, "eligible_biometric": int(day.eligible.sum()),
            "chose_biometric": int(sim.bio.sum()), "enrolled": enrolled,
            "checkin_channel": {name: int((sim.checkin == k).sum()) for k, name in enumerate(CHECKIN)},
            "enrolment_channel": {name: int((sim.enrol_channel == k).sum())
                                  for k, name in enumerate(ENROL) if k},
            "lookalike_pairs": sim.faces.lookalike_pairs,
        },
        "outcomes": {name: outcomes.get(name, 0) for name in OUTCOMES} | {"unfinished": unfinished},
        "flights": _flights(day, rec),
        "waits_seconds": rec.wait_figures(),
        "throughput": rec.throughput(),
        "biometrics": {
            "observed": rec.biometric_errors(),
            "reasons": rec.reasons(),
            "enrolments": {f"{ch}:{result}": v for (ch, result), v in sorted(rec.enrolments.items())},
            "manual_fallbacks": dict(rec.manual_fallback),
            "gallery": {"enrolments": len(sim.galleries), "security_peak": sim.security_peak},
        },
        "incidents": dict(sorted(rec.incidents.items())),
        "queues": rec.queue_series(),
    }


def _simulate(day: Day, faces: DayFaces, adoption: float, label: str,
              progress: Progress | None) -> DayResult:
    started = time.perf_counter()
    sim = AirportDay(day, adoption, faces)
    if progress is None:
        sim.run()
    else:
        sim.run(lambda done, total: progress(label, done, total, sim.local_clock()))
    return DayResult(summarise(sim, time.perf_counter() - started), sim.rec)


def run_day(config: DayConfig, progress: Progress | None = None) -> DayResult:
    """Build and simulate one day at `config.adoption`.

    `summary["timings_seconds"]` splits the wall time: building the day
    (generators, draws), the templates, and the simulation itself (of which
    `decisions` inside decide_scan).
    """
    started = time.perf_counter()
    day = build_day(config)
    built = time.perf_counter()
    faces = DayFaces(day)
    drawn = time.perf_counter()
    result = _simulate(day, faces, config.adoption, f"adoption {config.adoption:g}", progress)
    done = time.perf_counter()
    result.summary["runtime_seconds"] = done - started
    result.summary["timings_seconds"] = {"build_day": built - started, "templates": drawn - built,
                                         "simulate": done - drawn,
                                         "decisions": result.summary["timings_seconds"]["decisions"]}
    return result


def run_scenarios(config: DayConfig, adoptions: Sequence[float],
                  progress: Progress | None = None) -> list[DayResult]:
    """The same day at several adoption levels (common passengers, draws and faces)."""
    day = build_day(config)
    faces = DayFaces(day)
    return [_simulate(day, faces, a, f"adoption {a:g}", progress) for a in adoptions]
