"""ORM models: the database is the truth; in-memory galleries are rebuilt from it.

Names follow the domain vocabulary (DESIGN.md): citizen, flight, booking,
touchpoint, enrolment, journey event. Templates are 512 bytes of float32.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.db.types import BigId, UTCDateTime

__all__ = [
    "Base",
    "Booking",
    "Citizen",
    "ClockRow",
    "Enrolment",
    "Flight",
    "JourneyEvent",
    "SequenceCounter",
    "Touchpoint",
]

# Stable constraint names, so migrations read the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Citizen(Base):
    """A person in the mock VNeID registry."""

    __tablename__ = "citizens"

    personal_id: Mapped[str] = mapped_column(String(12), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(6))
    province_code: Mapped[str] = mapped_column(String(3))
    vneid_level: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(16), default="active")
    reference_template: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    reference_source: Mapped[str | None] = mapped_column(String(16), nullable=True)
    reference_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Flight(Base):
    """A departure from one airport."""

    __tablename__ = "flights"
    __table_args__ = (
        UniqueConstraint("flight_no", "departure_time"),
        Index("ix_flights_origin_departure", "origin", "departure_time"),
    )

    flight_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    flight_no: Mapped[str] = mapped_column(String(8))
    carrier: Mapped[str] = mapped_column(String(2))
    origin: Mapped[str] = mapped_column(String(3))
    destination: Mapped[str] = mapped_column(String(3))
    departure_time: Mapped[datetime] = mapped_column(UTCDateTime)
    gate: Mapped[str] = mapped_column(String(8))
    aircraft: Mapped[str | None] = mapped_column(String(16), nullable=True)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Check-in sequence numbers printed on boarding passes, per flight.
    checkin_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Booking(Base):
    """One passenger on one flight, and where their journey stands."""

    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("flight_id", "seat"),
        Index("ix_bookings_flight_state", "flight_id", "state"),
    )

    pnr: Mapped[str] = mapped_column(String(6), primary_key=True)
    flight_id: Mapped[int] = mapped_column(ForeignKey("flights.flight_id"))
    personal_id: Mapped[str | None] = mapped_column(
        ForeignKey("citizens.personal_id"), nullable=True, index=True
    )
    full_name: Mapped[str] = mapped_column(String(120))
    document_type: Mapped[str] = mapped_column(String(8))
    document_no: Mapped[str] = mapped_column(String(20))
    nationality: Mapped[str] = mapped_column(String(2))
    seat: Mapped[str] = mapped_column(String(4))
    checked_bags: Mapped[int] = mapped_column(SmallInteger, default=0)
    special: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default="booked")
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    checkin_sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    failed_attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Touchpoint(Base):
    """A device with one role: kiosk, counter, security gate, boarding gate, agent desk, admin."""

    __tablename__ = "touchpoints"

    touchpoint_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    airport: Mapped[str] = mapped_column(String(3))
    location: Mapped[str] = mapped_column(String(80))
    gate: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # SHA-256 of the key: keys are 32 random bytes, so a slow hash buys nothing.
    api_key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Enrolment(Base):
    """A biometric token: one traveller's template bound to one booking.

    `seq` is taken from the `gallery` counter on every change (add, replace,
    withdraw, purge); each worker applies rows with a newer `seq` to its
    in-memory galleries, so all workers converge on the database.
    """

    __tablename__ = "enrolments"

    enrolment_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    pnr: Mapped[str] = mapped_column(ForeignKey("bookings.pnr"), unique=True)
    personal_id: Mapped[str] = mapped_column(ForeignKey("citizens.personal_id"))
    flight_id: Mapped[int] = mapped_column(ForeignKey("flights.flight_id"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    touchpoint_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    template: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    model: Mapped[str] = mapped_column(String(32))
    distance: Mapped[float | None] = mapped_column(Float, nullable=True)
    quality: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="active")
    seq: Mapped[int] = mapped_column(BigId, index=True)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class JourneyEvent(Base):
    """Append-only record of every scan, decision and state transition.

    The partial unique indexes make "boarded twice" and "cleared twice"
    impossible in the database itself, whatever the application does.
    """

    __tablename__ = "journey_events"
    __table_args__ = (
        Index(
            "uq_journey_events_boarded_once",
            "pnr",
            unique=True,
            sqlite_where=text("state_to = 'boarded'"),
            postgresql_where=text("state_to = 'boarded'"),
        ),
        Index("ix_journey_events_occurred", "occurred_at"),
    )

    event_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    pnr: Mapped[str | None] = mapped_column(String(6), nullable=True, index=True)
    flight_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    touchpoint_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str | None] = mapped_column(String(10), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    state_from: Mapped[str | None] = mapped_column(String(20), nullable=True)
    state_to: Mapped[str | None] = mapped_column(String(20), nullable=True)
    distance: Mapped[float | None] = mapped_column(Float, nullable=True)
    margin: Mapped[float | None] = mapped_column(Float, nullable=True)
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SequenceCounter(Base):
    """Named counters whose row lock orders writers (commit order = value order)."""

    __tablename__ = "sequence_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigId, default=0)


class ClockRow(Base):
    """The shared simulated clock; no row means real time."""

    __tablename__ = "clock_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sim_anchor: Mapped[datetime] = mapped_column(UTCDateTime)
    real_anchor: Mapped[datetime] = mapped_column(UTCDateTime)
    speed: Mapped[float] = mapped_column(Float)
