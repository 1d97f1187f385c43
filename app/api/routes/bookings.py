"""Bookings: who flies on what, and where their journey stands."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from app.api.deps import CtxDep, require_role
from app.api.schemas.bookings import BookingCreate, BookingList, BookingOut
from app.api.schemas.common import PersonalIdStr
from app.services import bookings as booking_service
from app.services.touchpoints import Device

router = APIRouter(prefix="/v1/bookings", tags=["bookings"])

Reader = Annotated[Device, Depends(require_role("admin", "counter", "agent", "kiosk", "app"))]
Writer = Annotated[Device, Depends(require_role("admin", "counter"))]


@router.get("")
def list_bookings(
    ctx: CtxDep, device: Reader, personal_id: Annotated[PersonalIdStr, Query()]
) -> BookingList:
    """A citizen's bookings on flights not yet departed (the kiosk's "choose your flight")."""
    now = ctx.clock.now()
    with ctx.db.read() as session:
        rows = booking_service.list_bookings_of(session, personal_id, now=now)
        out = [booking_service.booking_out(session, b, role=device.role, now=now,
                                           window=ctx.boarding_window) for b in rows]
    return BookingList(bookings=out, count=len(out))


@router.get("/{pnr}")
def get_booking(pnr: str, ctx: CtxDep, device: Reader) -> BookingOut:
    """One booking by PNR."""
    with ctx.db.read() as session:
        booking = booking_service.get_booking(session, pnr)
        return booking_service.booking_out(session, booking, role=device.role, now=ctx.clock.now(),
                                           window=ctx.boarding_window)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_booking(body: BookingCreate, ctx: CtxDep, device: Writer) -> BookingOut:
    """Book a citizen or passport holder on a flight (admin, counter)."""
    now = ctx.clock.now()
    with ctx.db.write() as session:
        booking = booking_service.create_booking(session, body, now=now)
        return booking_service.booking_out(session, booking, role=device.role, now=now,
                                           window=ctx.boarding_window)
