"""Seeding an airport-day: all or nothing, refused twice, keys that work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import Booking, Citizen, Flight, Touchpoint
from app.services.seeding import SeedPlan, demo_faces_from, seed_airport_day
from app.services.touchpoints import DeviceCache
from matching.errors import Conflict
from matching.templates import from_bytes

DAY = date(2026, 12, 1)
NOW = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)  # 06:00 local on the day


def synthetic(ids: Sequence[str]) -> np.ndarray:
    return np.random.default_rng(len(ids)).normal(0, 0.09, (len(ids), 128)).astype(np.float32)


def counts(db: Database) -> dict[str, int]:
    with db.read() as session:
        return {
            m.__tablename__: int(session.scalar(select(func.count()).select_from(m)))
            for m in (Citizen, Flight, Booking, Touchpoint)
        }


@pytest.fixture
def db(database_url: str) -> Database:
    database = Database.from_url(database_url)
    yield database
    database.dispose()


def test_seed_inserts_a_consistent_day_with_working_keys(db: Database) -> None:
    plan = SeedPlan(airport="DAD", day=DAY, citizens=3000, seed=4, target_pax=2000)
    summary = seed_airport_day(db, plan, now=NOW, reference_templates=synthetic)
    assert counts(db) == {
        "citizens": 3000,
        "flights": summary.flights,
        "bookings": summary.bookings,
        "touchpoints": len(summary.keys),
    }
    assert 1500 < summary.bookings < 2600
    roles = {k["role"] for k in summary.keys}
    assert roles == {"counter", "kiosk", "security_gate", "boarding_gate", "agent", "admin", "app"}
    with db.read() as session:
        gates = set(session.scalars(select(Flight.gate)).all())
        assert {k["gate"] for k in summary.keys if k["role"] == "boarding_gate"} == gates
        citizen = session.scalars(select(Citizen).limit(1)).one()
        assert from_bytes(citizen.reference_template).shape == (128,)
    device = DeviceCache().lookup(db.read, summary.keys[0]["api_key"])
    assert device is not None and device.touchpoint_id == summary.keys[0]["touchpoint_id"]


def test_seeding_the_same_day_twice_is_refused_and_changes_nothing(db: Database) -> None:
    plan = SeedPlan(airport="DAD", day=DAY, citizens=500, seed=4, target_pax=300)
    seed_airport_day(db, plan, now=NOW, reference_templates=synthetic)
    before = counts(db)
    with pytest.raises(Conflict) as refused:
        seed_airport_day(db, plan, now=NOW, reference_templates=synthetic)
    assert refused.value.code == "already_seeded"
    assert counts(db) == before


def test_a_failure_midway_leaves_nothing(db: Database) -> None:
    def broken(ids: Sequence[str]) -> np.ndarray:
        return np.zeros((len(ids) - 1, 128), dtype=np.float32)  # one short: zip(strict) fails

    with pytest.raises(ValueError):
        seed_airport_day(
            db,
            SeedPlan(airport="DAD", day=DAY, citizens=200, target_pax=100),
            now=NOW,
            reference_templates=broken,
        )
    assert counts(db) == {"citizens": 0, "flights": 0, "bookings": 0, "touchpoints": 0}


def test_another_day_adds_flights_and_only_new_devices(db: Database) -> None:
    first = seed_airport_day(
        db,
        SeedPlan(airport="DAD", day=DAY, citizens=500, target_pax=300),
        now=NOW,
        reference_templates=synthetic,
    )
    second = seed_airport_day(
        db,
        SeedPlan(airport="DAD", day=DAY + timedelta(days=1), citizens=500, seed=9, target_pax=300),
        now=NOW,
        reference_templates=synthetic,
    )
    assert counts(db)["citizens"] == 1000
    new_ids = {k["touchpoint_id"] for k in second.keys}
    assert not new_ids & {k["touchpoint_id"] for k in first.keys}


@pytest.mark.realface
def test_demo_travellers_get_real_reference_faces(db: Database, faces_dir) -> None:  # noqa: ANN001
    plan = SeedPlan(airport="SGN", day=DAY, citizens=1500, seed=2, target_pax=1200)
    summary = seed_airport_day(
        db,
        plan,
        now=NOW,
        reference_templates=synthetic,
        demo_faces=demo_faces_from(faces_dir, now=NOW, count=3),
    )
    assert len(summary.demo) == 3
    with db.read() as session:
        for person in summary.demo:
            citizen = session.get(Citizen, person.personal_id)
            booking = session.get(Booking, person.pnr)
            assert citizen.reference_source == "photo" and citizen.vneid_level == 2
            assert booking.personal_id == person.personal_id
            assert person.live_photos and person.reference_photo not in person.live_photos
            assert NOW + timedelta(hours=2) <= person.departure_time <= NOW + timedelta(hours=20)


def test_pre_enrolment_enrols_a_share_of_eligible_travellers(db: Database) -> None:
    from app.db.models import Enrolment
    from app.galleries import GalleryService
    from app.services.sequences import current_value
    from gates.windows import BoardingWindow

    def selfies(ids: Sequence[str], references: np.ndarray) -> np.ndarray:
        return references + np.float32(0.01)

    plan = SeedPlan(airport="DAD", day=DAY, citizens=2000, seed=3, target_pax=1500, pre_enrolled=0.5)
    summary = seed_airport_day(db, plan, now=NOW, reference_templates=synthetic, captures=selfies)
    with db.read() as session:
        eligible = session.scalar(
            select(func.count())
            .select_from(Booking)
            .join(Citizen, Citizen.personal_id == Booking.personal_id)
            .where(Booking.document_type == "vneid", Citizen.vneid_level == 2, Citizen.status == "active")
        )
        enrolled = session.scalar(
            select(func.count()).select_from(Booking).where(Booking.state == "enrolled")
        )
        rows = session.scalar(select(func.count()).select_from(Enrolment))
        assert rows == enrolled == summary.enrolments == int(eligible * 0.5)
        assert current_value(session) == rows
        missing_numbers = session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(Booking.state == "enrolled", Booking.checkin_sequence.is_(None))
        )
        assert missing_numbers == 0
    galleries = GalleryService(
        db, airport="DAD", security_window=timedelta(hours=24), boarding_window=BoardingWindow()
    )
    galleries.load()
    assert len(galleries.galleries) == rows


def test_seeding_leaves_planner_statistics(db: Database) -> None:
    """Without them PostgreSQL guesses a range keeps a third of a table and scans it whole."""
    from sqlalchemy import text

    plan = SeedPlan(airport="DAD", day=DAY, citizens=1500, seed=5, target_pax=1000)
    seed_airport_day(db, plan, now=NOW, reference_templates=synthetic)
    with db.read() as session:
        if db.dialect == "postgresql":
            tables = set(session.scalars(text(
                "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")))
        else:
            tables = set(session.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1")))
    assert {"citizens", "bookings", "flights"} <= tables
