"""Flights departing the airport."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, status

from app.api.deps import CtxDep, DeviceDep, require_role
from app.api.schemas.flights import FlightCreate, FlightList, FlightOut
from app.services import flights as flight_service
from app.services.touchpoints import Device

router = APIRouter(prefix="/v1/flights", tags=["flights"])


@router.get("")
def list_flights(
    ctx: CtxDep,
    _: DeviceDep,
    day: Annotated[date | None, Query(alias="date", description="Local date; default today.")] = None,
    status_: Annotated[
        Literal["scheduled", "boarding", "closed", "departed"] | None, Query(alias="status")
    ] = None,
    origin: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
) -> FlightList:
    """Departures on a local date (default: today at the airport), optionally by status."""
    now = ctx.clock.now()
    day = day or now.astimezone(flight_service.AIRPORT_TZ).date()
    with ctx.db.read() as session:
        rows = flight_service.list_flights(
            session, origin=origin or ctx.settings.airport, day=day, now=now,
            window=ctx.boarding_window, status=status_,
        )
        flights = [flight_service.flight_out(f, now=now, window=ctx.boarding_window) for f in rows]
    return FlightList(flights=flights, count=len(flights))


@router.get("/{flight_id}")
def get_flight(flight_id: int, ctx: CtxDep, _: DeviceDep) -> FlightOut:
    """One flight with its boarding window and current status."""
    with ctx.db.read() as session:
        flight = flight_service.get_flight(session, flight_id)
        return flight_service.flight_out(flight, now=ctx.clock.now(), window=ctx.boarding_window)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_flight(
    body: FlightCreate, ctx: CtxDep, _: Annotated[Device, Depends(require_role("admin"))]
) -> FlightOut:
    """Add a flight (admin)."""
    now = ctx.clock.now()
    with ctx.db.write() as session:
        flight = flight_service.create_flight(session, body, now=now)
    return flight_service.flight_out(flight, now=now, window=ctx.boarding_window)
