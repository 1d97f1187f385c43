"""Seed one airport-day: citizens, flights, bookings, touchpoints and their keys.

Everything goes in one write transaction: a failure leaves nothing behind,
and seeding an airport-day that has flights already is refused
(`already_seeded`), so running the command twice is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Booking, Citizen, Enrolment, Flight, SequenceCounter, Touchpoint
from app.registry.population import generate_citizens
from app.schedule import generate_bookings, generate_flights
from app.services import sequences
from app.services.flights import local_day_bounds
from app.services.touchpoints import create_touchpoint, new_api_key
from matching.errors import Conflict
from matching.templates import MODEL_NAME, from_bytes, to_bytes

__all__ = ["DemoTraveller", "SeedPlan", "SeedSummary", "seed_airport_day"]

log = logging.getLogger("skygate.seed")

Progress = Callable[[str, int, int], None]  # (stage, done, total)
ReferenceTemplates = Callable[[Sequence[str]], np.ndarray]  # personal ids -> (n, 128)
# (personal ids, their reference templates) -> live captures, e.g. phone selfies in the VNeID app
Captures = Callable[[Sequence[str], np.ndarray], np.ndarray]

# Devices of a busy terminal (boarding gates come from the day's flights).
DEVICES = (
    ("counter", "COUNTER", 12, "Check-in counter"),
    ("kiosk", "KIOSK", 8, "Self-service kiosk"),
    ("security_gate", "SEC", 8, "Security e-gate lane"),
    ("agent", "AGENT", 4, "Agent desk"),
    ("admin", "ADMIN", 1, "Operations console"),
    ("app", "APP", 1, "VNeID app channel"),
)
_CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class SeedPlan:
    airport: str
    day: date
    citizens: int
    seed: int = 1
    level2_share: float = 0.85
    target_pax: int | None = None
    pre_enrolled: float = 0.0  # share of eligible travellers enrolled beforehand (the VNeID app)


@dataclass(frozen=True, slots=True)
class DemoTraveller:
    """A seeded citizen whose registry reference is a real photo; `live` are other photos of them."""

    personal_id: str
    full_name: str
    pnr: str
    flight_no: str
    departure_time: datetime
    reference_photo: str
    live_photos: tuple[str, ...]


@dataclass
class SeedSummary:
    citizens: int = 0
    flights: int = 0
    bookings: int = 0
    enrolments: int = 0
    keys: list[dict[str, Any]] = field(default_factory=list)
    demo: list[DemoTraveller] = field(default_factory=list)


def _refuse_if_seeded(session: Session, plan: SeedPlan) -> None:
    start, end = local_day_bounds(plan.day)
    existing = session.scalar(
        select(func.count())
        .select_from(Flight)
        .where(Flight.origin == plan.airport, Flight.departure_time >= start, Flight.departure_time < end)
    )
    if existing:
        raise Conflict(
            f"{plan.airport} on {plan.day} has {existing} flights already; nothing was changed",
            code="already_seeded",
        )


def _insert(
    session: Session, model: type, rows: list[dict[str, Any]], stage: str, progress: Progress | None
) -> None:
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(model), rows[start : start + _CHUNK])
        if progress:
            progress(stage, min(start + _CHUNK, len(rows)), len(rows))


def _touchpoints(session: Session, airport: str, gates: set[str], now: datetime) -> list[dict[str, Any]]:
    """Create the devices that do not exist yet; return their keys (existing ones keep theirs)."""
    wanted = [
        (f"{airport}-{tag}-{i:02d}", role, f"{label} {i}", None)
        for role, tag, count, label in DEVICES
        for i in range(1, count + 1)
    ]
    wanted += [
        (f"{airport}-GATE-{gate}", "boarding_gate", f"Boarding gate {gate}", gate) for gate in sorted(gates)
    ]
    existing = set(session.scalars(select(Touchpoint.touchpoint_id)).all())
    keys = []
    for touchpoint_id, role, location, gate in wanted:
        if touchpoint_id in existing:
            continue
        key = create_touchpoint(
            session,
            touchpoint_id=touchpoint_id,
            role=role,
            airport=airport,
            location=location,
            gate=gate,
            now=now,
            api_key=new_api_key(),
        )
        keys.append(
            {"touchpoint_id": touchpoint_id, "role": role, "api_key": key, "location": location, "gate": gate}
        )
    return keys


def _pre_enrolments(
    plan: SeedPlan,
    citizens: list[dict],
    bookings: list[dict],
    captures: Captures,
    first_seq: int,
    now: datetime,
) -> list[dict[str, Any]]:
    """Enrolment rows for a share of eligible travellers, as if made in the VNeID app beforehand.

    Marks their bookings `enrolled` with check-in numbers (insert the bookings after this).
    Demo travellers (real reference photos) are left to enrol at the kiosk.
    """
    eligible_ids = {
        c["personal_id"]
        for c in citizens
        if c["vneid_level"] == 2 and c["status"] == "active" and c["reference_source"] == "synthetic"
    }
    eligible = [b for b in bookings if b["document_type"] == "vneid" and b["personal_id"] in eligible_ids]
    rng = np.random.default_rng([plan.seed, 7])
    picks = rng.choice(len(eligible), int(len(eligible) * plan.pre_enrolled), replace=False)
    chosen = [eligible[i] for i in sorted(picks)]
    if not chosen:
        return []
    reference = {c["personal_id"]: c["reference_template"] for c in citizens}
    live = captures(
        [b["personal_id"] for b in chosen],
        np.stack([from_bytes(reference[b["personal_id"]]) for b in chosen]),
    )
    per_flight: dict[int, int] = {}
    rows = []
    for i, (booking, template) in enumerate(zip(chosen, live, strict=True)):
        per_flight[booking["flight_id"]] = per_flight.get(booking["flight_id"], 0) + 1
        booking.update(state="enrolled", checkin_sequence=per_flight[booking["flight_id"]])
        rows.append(
            dict(
                pnr=booking["pnr"],
                personal_id=booking["personal_id"],
                flight_id=booking["flight_id"],
                channel="app",
                template=to_bytes(template),
                model=MODEL_NAME,
                distance=None,
                status="active",
                seq=first_seq + i,
                consent_at=now,
                created_at=now,
                updated_at=now,
            )
        )
    return rows


def _checkin_counts(rows: list[dict[str, Any]]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for row in rows:
        counts[row["flight_id"]] = counts.get(row["flight_id"], 0) + 1
    return counts


def seed_airport_day(
    db: Database,
    plan: SeedPlan,
    *,
    now: datetime,
    reference_templates: ReferenceTemplates,
    demo_faces: Callable[[list[dict], list[dict], list[dict]], list[DemoTraveller]] | None = None,
    captures: Captures | None = None,
    progress: Progress | None = None,
) -> SeedSummary:
    """Generate and insert a whole airport-day in one transaction."""
    summary = SeedSummary()
    with db.write() as session:
        _refuse_if_seeded(session, plan)
        taken_ids = set(session.scalars(select(Citizen.personal_id)).all())
        taken_pnrs = set(session.scalars(select(Booking.pnr)).all())
        citizens = generate_citizens(
            plan.citizens, seed=plan.seed, level2_share=plan.level2_share, taken=taken_ids
        )
        templates = reference_templates([c["personal_id"] for c in citizens])
        for citizen, template in zip(citizens, templates, strict=True):
            citizen.update(
                reference_template=to_bytes(template),
                reference_source="synthetic",
                reference_updated_at=now,
                created_at=now,
            )
        flights = generate_flights(plan.airport, plan.day, seed=plan.seed, target_pax=plan.target_pax)
        bookings = generate_bookings(flights, citizens, seed=plan.seed, taken_pnrs=taken_pnrs)
        if demo_faces is not None:
            summary.demo = demo_faces(citizens, flights, bookings)
        _insert(session, Citizen, citizens, "citizens", progress)
        for flight in flights:
            flight.update(checkin_count=0, created_at=now)
        flight_ids = session.scalars(
            insert(Flight).returning(Flight.flight_id, sort_by_parameter_order=True), flights
        ).all()
        if progress:
            progress("flights", len(flights), len(flights))
        for booking in bookings:
            booking["flight_id"] = flight_ids[booking.pop("flight_index")]
            booking.update(
                state="booked", state_changed_at=now, failed_attempts=0, created_at=now, checkin_sequence=None
            )
        enrolments = []
        if plan.pre_enrolled and captures is not None:
            first = sequences.next_value(session)
            enrolments = _pre_enrolments(plan, citizens, bookings, captures, first, now)
        _insert(session, Booking, bookings, "bookings", progress)
        if enrolments:
            _insert(session, Enrolment, enrolments, "enrolments", progress)
            session.execute(
                update(SequenceCounter)
                .where(SequenceCounter.name == sequences.GALLERY)
                .values(value=max(row["seq"] for row in enrolments))
            )
            for flight_id, count in _checkin_counts(enrolments).items():
                session.execute(
                    update(Flight).where(Flight.flight_id == flight_id).values(checkin_count=count)
                )
        summary.enrolments = len(enrolments)
        summary.keys = _touchpoints(session, plan.airport, {f["gate"] for f in flights}, now)
    db.analyze()
    summary.citizens, summary.flights, summary.bookings = len(citizens), len(flights), len(bookings)
    log.info(
        "seeded %s %s: %d citizens, %d flights, %d bookings",
        plan.airport,
        plan.day,
        summary.citizens,
        summary.flights,
        summary.bookings,
    )
    return summary


def demo_faces_from(
    faces_dir: Path, *, now: datetime, count: int = 6, max_distance: float = 0.54
) -> Callable[[list[dict], list[dict], list[dict]], list[DemoTraveller]]:
    """Give `count` level-2 travellers real reference faces from the labelled photo set.

    Chosen among bookings whose flight departs 2 to 20 hours after `now`, so
    they can enrol at the kiosk straight away.
    """

    def assign(citizens: list[dict], flights: list[dict], bookings: list[dict]) -> list[DemoTraveller]:
        from enrollment.faceset import load_faceset

        people = load_faceset(faces_dir, subset="named").demo_citizens(limit=count, max_distance=max_distance)
        by_id = {c["personal_id"]: c for c in citizens}
        chosen: list[DemoTraveller] = []
        used: set[str] = set()
        for booking in bookings:
            if len(chosen) == len(people):
                break
            flight = flights[booking["flight_index"]]
            citizen = by_id.get(booking["personal_id"] or "")
            soon = now + timedelta(hours=2) <= flight["departure_time"] <= now + timedelta(hours=20)
            if (
                citizen is None
                or not soon
                or booking["document_type"] != "vneid"
                or citizen["vneid_level"] != 2
                or citizen["status"] != "active"
                or citizen["personal_id"] in used
            ):
                continue
            person = people[len(chosen)]
            citizen.update(reference_template=to_bytes(person.reference.template), reference_source="photo")
            used.add(citizen["personal_id"])
            chosen.append(
                DemoTraveller(
                    citizen["personal_id"],
                    citizen["full_name"],
                    booking["pnr"],
                    flight["flight_no"],
                    flight["departure_time"],
                    person.reference.photo.path,
                    tuple(p.photo.path for p in person.live),
                )
            )
        return chosen

    return assign
