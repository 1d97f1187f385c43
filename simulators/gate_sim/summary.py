"""What the live simulator saw, against what it knows to be true."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Summary"]


@dataclass
class Summary:
    decisions: Counter = field(default_factory=Counter)  # (touchpoint, decision, reason)
    client_ms: list[float] = field(default_factory=list)
    service_ms: list[float] = field(default_factory=list)
    enrolments: Counter = field(default_factory=Counter)  # status code or error code
    manual_checks: Counter = field(default_factory=Counter)
    genuine_scans: int = 0
    genuine_not_opened: int = 0  # observed false non-matches (the traveller went to an agent)
    misidentified: int = 0  # opened for a traveller, but showed someone else's flight and seat
    wrong_gate_attempts: int = 0
    wrong_gate_opened: int = 0
    impostor_scans: int = 0
    impostors_admitted: int = 0
    errors: Counter = field(default_factory=Counter)
    journeys_checked: int = 0
    journeys_disagreeing: list[str] = field(default_factory=list)
    journeys_hijacked: list[str] = field(default_factory=list)  # explained by an admitted impostor

    def scan(self, touchpoint: str, result: dict[str, Any], client_ms: float) -> None:
        self.decisions[(touchpoint, result["decision"], result["reason"])] += 1
        self.client_ms.append(client_ms)
        self.service_ms.append(result["latency_ms"])

    @staticmethod
    def _percentiles(values: list[float]) -> dict[str, float]:
        if not values:
            return {}
        p50, p95, p99 = np.percentile(values, [50, 95, 99])
        return {"p50": round(float(p50), 1), "p95": round(float(p95), 1), "p99": round(float(p99), 1)}

    def as_dict(self) -> dict[str, Any]:
        return {
            "decisions": {f"{t}:{d}:{r}": n for (t, d, r), n in sorted(self.decisions.items())},
            "client_latency_ms": self._percentiles(self.client_ms),
            "service_latency_ms": self._percentiles(self.service_ms),
            "enrolments": dict(self.enrolments),
            "manual_checks": dict(self.manual_checks),
            "genuine_scans": self.genuine_scans,
            "genuine_not_opened": self.genuine_not_opened,
            "observed_fnir": round(self.genuine_not_opened / self.genuine_scans, 4)
            if self.genuine_scans
            else None,
            "misidentified": self.misidentified,
            "wrong_gate_attempts": self.wrong_gate_attempts,
            "wrong_gate_opened": self.wrong_gate_opened,
            "impostor_scans": self.impostor_scans,
            "impostors_admitted": self.impostors_admitted,
            "errors": dict(self.errors),
            "journeys_checked": self.journeys_checked,
            "journeys_disagreeing": self.journeys_disagreeing[:20],
            "journeys_hijacked": self.journeys_hijacked[:20],
            "journeys_agree": not self.journeys_disagreeing,
        }
