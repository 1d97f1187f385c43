"""The run's settings, passed from `skygate loadtest` to the harness process as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["LoadConfig"]


@dataclass
class LoadConfig:
    url: str
    database_url: str
    keys: str
    users: int = 200
    spawn_rate: float = 50.0
    duration_s: float = 60.0
    out_json: str = "var/loadtest/report.json"
    out_prefix: str = "var/loadtest/locust"
    mix: dict[str, float] = field(default_factory=lambda: {
        "security": 0.55, "boarding": 0.25, "kiosk": 0.15, "agent": 0.05})
    image_share: float = 0.05  # of kiosk enrolments, when demo travellers with photos exist
    demo_travellers: str | None = None
    faces_dir: str | None = None
    shape: str = "flat"  # or "morning_peak"
    only: str | None = None  # "security_scan" or "trivial": one request type, for ceilings
    seed: int = 1
    security_window_hours: float = 12.0
    workers: int | None = None  # the service's worker processes, when the harness started it

    def dump(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LoadConfig:
        return cls(**json.loads(path.read_text(encoding="utf-8")))
