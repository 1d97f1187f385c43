"""Flights: create, read, list by local date and status."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.api.schemas.flights import FlightCreate, FlightOut
from app.db.models import Flight
from gates.windows import BoardingWindow, FlightStatus, flight_status
from matching.errors import Conflict, NotFound

__all__ = ["create_flight", "flight_out", "get_flight", "list_flights", "local_day_bounds"]

# Every airport SkyGate models is in Vietnam (UTC+7, no daylight saving).
AIRPORT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_day_bounds(day: date, tz: ZoneInfo = AIRPORT_TZ) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day, in UTC."""
    start = datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)
    return start, start + timedelta(days=1)


def create_flight(session: Session, body: FlightCreate, *, now: datetime) -> Flight:
    duplicate = session.scalar(
        select(Flight.flight_id).where(
            Flight.flight_no == body.flight_no, Flight.departure_time == body.departure_time
        )
    )
    if duplicate is not None:
        raise Conflict(
            f"{body.flight_no} departing {body.departure_time.isoformat()} exists",
            code="flight_exists", flight_id=duplicate,
        )
    flight = Flight(**body.model_dump(), checkin_count=0, created_at=now)
    session.add(flight)
    session.flush()
    return flight


def get_flight(session: Session, flight_id: int) -> Flight:
    flight = session.get(Flight, flight_id)
    if flight is None:
        raise NotFound(f"no flight with id {flight_id}", code="flight_not_found")
    return flight


def list_flights(
    session: Session,
    *,
    origin: str,
    day: date,
    now: datetime,
    window: BoardingWindow,
    status: FlightStatus | None = None,
) -> list[Flight]:
    """Departures from `origin` on the local `day`, by departure time."""
    start, end = local_day_bounds(day)
    rows = session.scalars(
        select(Flight)
        .where(Flight.origin == origin, Flight.departure_time >= start, Flight.departure_time < end)
        .order_by(Flight.departure_time, Flight.flight_no)
    ).all()
    if status is None:
        return list(rows)
    return [f for f in rows if flight_status(f.departure_time, now, window) == status]


def flight_out(flight: Flight, *, now: datetime, window: BoardingWindow) -> FlightOut:
    return FlightOut(
        flight_id=flight.flight_id,
        flight_no=flight.flight_no,
        carrier=flight.carrier,
        origin=flight.origin,
        destination=flight.destination,
        departure_time=flight.departure_time,
        gate=flight.gate,
        aircraft=flight.aircraft,
        capacity=flight.capacity,
        status=flight_status(flight.departure_time, now, window),
        boarding_opens_at=window.opens_at(flight.departure_time),
        boarding_closes_at=window.closes_at(flight.departure_time),
    )
