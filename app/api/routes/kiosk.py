"""The web kiosk's same-origin endpoints: the page calls these, never the device API.

No `X-API-Key` here: the server acts as the configured kiosk touchpoint
(app/services/kiosk.py). Registered before the static mount at `/kiosk`,
so `/kiosk/api/...` reaches these routes and everything else the page's files.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool

from app.api.deps import CtxDep
from app.api.schemas.common import PersonalIdStr
from app.api.schemas.kiosk import (
    KioskBooking,
    KioskBookingList,
    KioskConfig,
    KioskEnrolmentOut,
    KioskEnrolRequest,
)
from app.api.uploads import read_capture, upload_openapi
from app.services import kiosk as kiosk_service
from app.services.touchpoints import Device

__all__ = ["router"]


async def _no_store(response: Response) -> None:
    """Bookings and boarding passes are personal: no cache keeps them after the traveller leaves."""
    response.headers["Cache-Control"] = "no-store"


async def _rate_limited(request: Request) -> None:
    """The kiosk endpoints need no key: a limit per client address keeps lookups to a traveller's pace
    (the limiter is built with the app, app/main.py)."""
    request.app.state.kiosk_rate_limit(request)


router = APIRouter(prefix="/kiosk/api", tags=["web kiosk"],
                   dependencies=[Depends(_no_store), Depends(_rate_limited)])


def _kiosk(request: Request, ctx: CtxDep) -> Device:
    device = kiosk_service.kiosk_device(ctx)
    request.state.touchpoint_id = device.touchpoint_id
    return device


KioskDep = Annotated[Device, Depends(_kiosk)]


@router.get("/config")
def kiosk_config(ctx: CtxDep) -> KioskConfig:
    """Counter number, idle timeout and the facts the consent screen states."""
    return kiosk_service.config(ctx)


@router.get("/bookings")
def kiosk_bookings(
    ctx: CtxDep, _: KioskDep, personal_id: Annotated[PersonalIdStr, Query()]
) -> KioskBookingList:
    """The traveller's bookings on flights not yet departed, found by personal id."""
    bookings = kiosk_service.find_by_personal_id(ctx, personal_id)
    return KioskBookingList(bookings=bookings, count=len(bookings))


@router.get("/bookings/{pnr}")
def kiosk_booking(pnr: str, ctx: CtxDep, _: KioskDep) -> KioskBooking:
    """One booking, found by its PNR."""
    return kiosk_service.find_by_pnr(ctx, pnr)


@router.post("/enrolments", status_code=status.HTTP_201_CREATED,
             openapi_extra=upload_openapi(KioskEnrolRequest, image_required=True))
async def kiosk_enrol(request: Request, ctx: CtxDep, device: KioskDep) -> KioskEnrolmentOut:
    """Enrol the face in `image` on booking `pnr` (with `consent` = "true"); returns the boarding pass."""
    capture = await read_capture(request, KioskEnrolRequest, max_bytes=ctx.settings.max_upload_bytes)
    return await run_in_threadpool(kiosk_service.enrol, ctx, device=device, pnr=capture.fields.pnr,
                                   consent=capture.fields.consent, image=capture.image)
