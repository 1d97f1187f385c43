"""What the load test sends, read from the service's database before the run.

Probes are the travellers' own stored templates plus fresh noise for every
request (a new capture each time), so gates see genuine, matchable faces
without needing the images; kiosk enrolments send the registry reference plus
noise. The harness needs the database anyway, for the integrity check.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Booking, Citizen, Enrolment, Flight
from app.services.clock_store import database_clock
from matching.templates import from_bytes, to_b64

__all__ = ["Device", "LoadPlan", "Traveller", "build_plan"]

CAPTURE_NOISE = 0.012  # per value: a fresh capture ~0.14 from the stored template


@dataclass(frozen=True, slots=True)
class Device:
    touchpoint_id: str
    role: str
    api_key: str
    gate: str | None


@dataclass(frozen=True, slots=True)
class Traveller:
    pnr: str
    personal_id: str
    flight_id: int
    gate: str
    departure: datetime
    template: np.ndarray

    def capture_b64(self, rng: np.random.Generator) -> str:
        noise = rng.normal(0.0, CAPTURE_NOISE, self.template.shape).astype(np.float32)
        return to_b64(self.template + noise)


@dataclass
class LoadPlan:
    now: datetime
    devices: dict[str, list[Device]]
    enrolled: list[Traveller]
    to_enrol: list[Traveller]
    boarding_by_gate: dict[str, list[Traveller]]
    photos: list[tuple[str, str, bytes]] = field(default_factory=list)  # (pnr, personal_id, jpeg)

    def summary(self) -> dict[str, int]:
        """The figures a report needs to be read: how big the galleries were."""
        return {"enrolled_travellers": len(self.enrolled), "to_enrol": len(self.to_enrol),
                "gates_boarding": len(self.boarding_by_gate),
                "devices": sum(len(v) for v in self.devices.values())}

    def describe(self) -> str:
        gates = ", ".join(sorted(self.boarding_by_gate)) or "none"
        return (
            f"{len(self.enrolled):,} enrolled travellers to scan, {len(self.to_enrol):,} to enrol, "
            f"boarding now at gates: {gates}; devices: "
            + ", ".join(f"{len(v)} {k}" for k, v in sorted(self.devices.items()))
        )


def _devices(keys_file: Path) -> dict[str, list[Device]]:
    by_role: dict[str, list[Device]] = defaultdict(list)
    for row in json.loads(keys_file.read_text(encoding="utf-8")):
        by_role[row["role"]].append(
            Device(row["touchpoint_id"], row["role"], row["api_key"], row.get("gate"))
        )
    return dict(by_role)


def _travellers(
    db: Database, now: datetime, window: timedelta, enrolled: bool, limit: int
) -> list[Traveller]:
    template = Enrolment.template if enrolled else Citizen.reference_template
    query = (
        select(
            Booking.pnr, Booking.personal_id, Flight.flight_id, Flight.gate, Flight.departure_time, template
        )
        .join(Flight, Flight.flight_id == Booking.flight_id)
        .join(Citizen, Citizen.personal_id == Booking.personal_id)
        .where(Flight.departure_time > now, Flight.departure_time <= now + window)
    )
    if enrolled:
        query = query.join(Enrolment, Enrolment.pnr == Booking.pnr).where(Enrolment.status == "active")
    else:
        query = query.where(
            Booking.state == "booked",
            Booking.document_type == "vneid",
            Citizen.vneid_level == 2,
            Citizen.status == "active",
            Citizen.reference_template.is_not(None),
            Flight.departure_time > now + timedelta(hours=1, minutes=5),
        )
    with db.read() as session:
        rows = session.execute(query.limit(limit)).all()
    return [Traveller(r[0], r[1], r[2], r[3], r[4], from_bytes(r[5])) for r in rows]


def _photos(demo_file: Path | None, faces_dir: Path | None) -> list[tuple[str, str, bytes]]:
    if demo_file is None or faces_dir is None or not demo_file.is_file():
        return []
    rows = json.loads(demo_file.read_text(encoding="utf-8"))
    return [
        (r["pnr"], r["personal_id"], (faces_dir / r["live_photos"][0]).read_bytes())
        for r in rows
        if r["live_photos"] and (faces_dir / r["live_photos"][0]).is_file()
    ]


def build_plan(
    database_url: str,
    keys_file: Path,
    *,
    security_window_hours: float = 12.0,
    boarding_opens_min: float = 40,
    boarding_closes_min: float = 15,
    demo_file: Path | None = None,
    faces_dir: Path | None = None,
    limit: int = 200_000,
) -> LoadPlan:
    """Read devices, travellers and the service clock; group travellers boarding now by gate."""
    db = Database.from_url(database_url)
    try:
        now = database_clock(db).now()
        window = timedelta(hours=security_window_hours)
        enrolled = _travellers(db, now, window, enrolled=True, limit=limit)
        to_enrol = _travellers(db, now, timedelta(hours=23), enrolled=False, limit=limit)
    finally:
        db.dispose()
    random.Random(1).shuffle(to_enrol)
    boarding: dict[str, list[Traveller]] = defaultdict(list)
    for t in enrolled:
        if (
            t.departure - timedelta(minutes=boarding_opens_min)
            <= now
            < t.departure - timedelta(minutes=boarding_closes_min)
        ):
            boarding[t.gate].append(t)
    return LoadPlan(
        now, _devices(keys_file), enrolled, to_enrol, dict(boarding), _photos(demo_file, faces_dir)
    )
