"""Enrolment: a traveller's face bound to one booking, and its withdrawal."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from app.api.deps import CtxDep, require_role
from app.api.schemas.enrolments import BoardingPassOut, EnrolmentOut, EnrolmentRequest
from app.api.uploads import read_capture, upload_openapi
from app.db.models import Booking, Enrolment, Flight
from app.services import enrolments as enrolment_service
from app.services.touchpoints import Device
from enrollment.boarding_pass import BoardingPass, qr_png, qr_svg

router = APIRouter(prefix="/v1/enrolments", tags=["enrolments"])

Enroller = Annotated[Device, Depends(require_role("kiosk", "counter", "app", "admin"))]
Reader = Annotated[Device, Depends(require_role("kiosk", "counter", "app", "agent", "admin"))]


def _pass_out(enrolment_id: int, booking: Booking, card: BoardingPass) -> BoardingPassOut:
    base = f"/v1/enrolments/{enrolment_id}/boarding-pass"
    return BoardingPassOut(bcbp=card.encode(), qr_svg_url=f"{base}?format=svg",
                           qr_png_url=f"{base}?format=png", seat=booking.seat,
                           sequence=booking.checkin_sequence or 0)


def _out(enrolment: Enrolment, booking: Booking, flight: Flight, card: BoardingPass,
         threshold: float) -> EnrolmentOut:
    return EnrolmentOut(
        enrolment_id=enrolment.enrolment_id, pnr=booking.pnr, flight_id=flight.flight_id,
        flight_no=flight.flight_no, channel=enrolment.channel,  # type: ignore[arg-type]
        distance=enrolment.distance, threshold=threshold, quality=enrolment.quality,
        state=booking.state,  # type: ignore[arg-type]
        boarding_pass=_pass_out(enrolment.enrolment_id, booking, card),
        created_at=enrolment.created_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=EnrolmentOut,
             openapi_extra=upload_openapi(EnrolmentRequest))
async def create_enrolment(request: Request, ctx: CtxDep, device: Enroller) -> EnrolmentOut:
    """Enrol a traveller's face for one booking (image or template_b64); returns the boarding pass.

    Refusals: 422 image and quality codes, 403 `not_level_2` / `foreign_document`,
    404 `booking_not_found`, 409 `face_mismatch` / `outside_enrolment_window` /
    `too_many_attempts` / `no_reference_face`.
    """
    capture = await read_capture(request, EnrolmentRequest, max_bytes=ctx.settings.max_upload_bytes)
    body: EnrolmentRequest = capture.fields
    result = await run_in_threadpool(
        enrolment_service.enrol, ctx, device=device, pnr=body.pnr, personal_id=body.personal_id,
        channel=body.channel, consent=body.consent, image=capture.image, template_b64=body.template_b64,
    )
    return _out(result.enrolment, result.booking, result.flight, result.boarding_pass,
                ctx.settings.enrolment_threshold)


@router.get("/{enrolment_id}")
def get_enrolment(enrolment_id: int, ctx: CtxDep, _: Reader) -> EnrolmentOut:
    """An active enrolment with its boarding pass."""
    with ctx.db.read() as session:
        enrolment, booking, flight = enrolment_service.get_enrolment(session, enrolment_id)
        card = enrolment_service.boarding_pass_of(booking, flight)
        return _out(enrolment, booking, flight, card, ctx.settings.enrolment_threshold)


@router.get("/{enrolment_id}/boarding-pass", responses={200: {"content": {
    "image/svg+xml": {}, "image/png": {}, "application/json": {}}}})
def get_boarding_pass(
    enrolment_id: int, ctx: CtxDep, _: Reader,
    format_: Annotated[Literal["json", "svg", "png"], Query(alias="format")] = "json",
) -> Response:
    """The IATA BCBP boarding pass: as data, or its QR code as SVG or PNG."""
    with ctx.db.read() as session:
        enrolment, booking, flight = enrolment_service.get_enrolment(session, enrolment_id)
        card = enrolment_service.boarding_pass_of(booking, flight)
    if format_ == "svg":
        return Response(qr_svg(card.encode()), media_type="image/svg+xml")
    if format_ == "png":
        return Response(qr_png(card.encode()), media_type="image/png")
    return Response(_pass_out(enrolment_id, booking, card).model_dump_json(), media_type="application/json")


@router.delete("/{enrolment_id}")
def withdraw_enrolment(enrolment_id: int, ctx: CtxDep, device: Reader) -> dict[str, object]:
    """The traveller withdraws consent: the template is deleted from the database and every gallery."""
    enrolment = enrolment_service.withdraw(ctx, enrolment_id=enrolment_id, device=device)
    return {"enrolment_id": enrolment.enrolment_id, "status": enrolment.status,
            "withdrawn_at": enrolment.withdrawn_at.isoformat() if enrolment.withdrawn_at else None}
