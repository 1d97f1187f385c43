"""What a run records, and the summary it reports.

Recording is cheap appends during the run; `Recorder.summary` turns them
into the report's figures: queue waits (p50/p95/max) per stage and local
hour, throughput per stage and boarding gate, outcomes, flights completed,
observed FNIR/FPIR with their counts, reason codes and manual fallbacks.

Biometric error rates, as observed at the touchpoints (ISO/IEC 19795-1
vocabulary, per scan, tailgating scans excluded because no face was
compared):

- FNIR: share of a genuine traveller's scans that did not identify *them*
  (no_match, ambiguous_match, or someone else);
- FPIR: share of impostor scans that identified *someone* (an enrolled
  traveller's booking was returned, whatever the journey rules then said);
- false accepts: scans whose gate opened for the wrong person.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from matching.metrics import zero_error_upper_bound

__all__ = ["OUTCOMES", "STAGES", "Recorder", "rate"]

STAGES = ("counter", "kiosk", "bag_drop", "security_egate", "security_manual",
          "boarding_egate", "boarding_manual")
OUTCOMES = ("boarded_biometric", "boarded_manual", "missed_checkin", "missed_boarding")
_LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def rate(events: int, trials: int) -> dict[str, Any]:
    """A rate with its count and a 95% interval (Wilson; rule of three at zero)."""
    if trials == 0:
        return {"rate": None, "events": 0, "trials": 0, "ci95": None}
    p = events / trials
    if events == 0:
        return {"rate": 0.0, "events": 0, "trials": trials,
                "ci95": [0.0, zero_error_upper_bound(trials)]}
    z = 1.96
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return {"rate": p, "events": events, "trials": trials,
            "ci95": [max(0.0, centre - half), min(1.0, centre + half)]}


def _percentiles(values: np.ndarray) -> dict[str, float | int]:
    if values.size == 0:
        return {"n": 0, "mean": None, "p50": None, "p95": None, "max": None}
    return {"n": int(values.size), "mean": float(values.mean()),
            "p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95)),
            "max": float(values.max())}


@dataclass
class Recorder:
    """Appends during the run; `summary` at the end. Times are seconds from `start`."""

    start: datetime
    n_passengers: int
    waits: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    queue_times: list[float] = field(default_factory=list)
    queue_lengths: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    scans: Counter = field(default_factory=Counter)  # (kind, role, reason, identified)
    enrolments: Counter = field(default_factory=Counter)  # (channel, result)
    incidents: Counter = field(default_factory=Counter)
    gate_boarded: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    manual_fallback: Counter = field(default_factory=Counter)  # stage -> biometric travellers sent
    outcome: np.ndarray | None = None
    outcome_at: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.outcome = np.full(self.n_passengers, -1, dtype=np.int8)
        self.outcome_at = np.full(self.n_passengers, np.nan)

    # -- during the run ---------------------------------------------------------------

    def wait(self, stage: str, requested: float, waited: float) -> None:
        self.waits[stage].append((requested, waited))

    def scan(self, kind: str, role: str, reason: str, identified: str) -> None:
        """`identified`: "self", "other" or "none" (genuine); "someone"/"none" (impostor)."""
        self.scans[(kind, role, reason, identified)] += 1

    def finish(self, i: int, outcome: str, at: float) -> None:
        if self.outcome[i] != -1:
            raise RuntimeError(f"passenger {i} finished twice")
        self.outcome[i] = OUTCOMES.index(outcome)
        self.outcome_at[i] = at

    def sample_queues(self, at: float, lengths: dict[str, int]) -> None:
        self.queue_times.append(at)
        for stage in STAGES:
            self.queue_lengths[stage].append(lengths.get(stage, 0))

    # -- the report -----------------------------------------------------------------------

    def _local_hour(self, seconds: np.ndarray) -> np.ndarray:
        offset = self.start.astimezone(_LOCAL).utcoffset() or timedelta(0)
        local = (self.start + offset).replace(tzinfo=None)
        base = local.hour + local.minute / 60
        return np.floor(base + seconds / 3600.0).astype(int) % 24

    def wait_figures(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for stage in STAGES:
            rows = np.array(self.waits.get(stage, []), dtype=np.float64).reshape(-1, 2)
            hours = self._local_hour(rows[:, 0])
            per_hour = {int(h): _percentiles(rows[hours == h, 1]) for h in np.unique(hours)}
            out[stage] = {"overall": _percentiles(rows[:, 1]), "by_local_hour": per_hour}
        return out

    def throughput(self) -> dict[str, Any]:
        """Passengers served per stage and local hour, and boarded per gate."""
        stages = {}
        for stage in STAGES:
            rows = np.array(self.waits.get(stage, []), dtype=np.float64).reshape(-1, 2)
            served = self._local_hour(rows[:, 0] + rows[:, 1])
            counts = np.bincount(served, minlength=24) if served.size else np.zeros(24, int)
            stages[stage] = {"total": int(rows.shape[0]), "by_local_hour": counts.tolist(),
                             "peak_hour": int(counts.max()) if counts.size else 0}
        gates = {g: dict(c) for g, c in sorted(self.gate_boarded.items())}
        return {"stages": stages, "boarding_gates": gates}

    def biometric_errors(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind in ("security", "boarding"):
            genuine = {k: v for k, v in self.scans.items() if k[0] == kind and k[1] == "genuine"
                       and k[2] != "tailgating"}
            impostor = {k: v for k, v in self.scans.items() if k[0] == kind and k[1] == "impostor"
                        and k[2] != "tailgating"}
            g_total = sum(genuine.values())
            missed = sum(v for k, v in genuine.items() if k[3] != "self")
            wrong = sum(v for k, v in genuine.items() if k[3] == "other")
            i_total = sum(impostor.values())
            hits = sum(v for k, v in impostor.items() if k[3] == "someone")
            opened = sum(v for k, v in impostor.items() if k[2] in ("matched", "claim_verified"))
            out[kind] = {"fnir": rate(missed, g_total), "misidentified": rate(wrong, g_total),
                         "fpir": rate(hits, i_total), "impostor_opened": rate(opened, i_total)}
        return out

    def reasons(self) -> dict[str, dict[str, dict[str, int]]]:
        out: dict[str, dict[str, dict[str, int]]] = {}
        for (kind, role, reason, _), count in sorted(self.scans.items()):
            out.setdefault(kind, {}).setdefault(role, Counter())[reason] += count
        return {k: {r: dict(c) for r, c in v.items()} for k, v in out.items()}

    def queue_series(self) -> dict[str, Any]:
        return {"t_seconds": self.queue_times,
                "lengths": {s: self.queue_lengths.get(s, []) for s in STAGES}}
