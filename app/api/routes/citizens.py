"""The mock VNeID registry: citizens and their reference faces."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.concurrency import run_in_threadpool

from app.api.deps import AdminDep, CtxDep, require_role
from app.api.schemas.citizens import CitizenCreate, CitizenOut, CitizenSummary
from app.api.schemas.enrolments import ReferenceFaceRequest
from app.api.uploads import read_capture, upload_openapi
from app.registry import personal_id as pid_codec
from app.services import citizens as citizen_service
from app.services import enrolments as enrolment_service
from app.services.touchpoints import Device

router = APIRouter(prefix="/v1/citizens", tags=["citizens"])

Reader = Annotated[Device, Depends(require_role("admin", "counter", "agent", "kiosk", "app"))]


@router.get("/{personal_id}")
def get_citizen(personal_id: str, ctx: CtxDep, device: Reader) -> CitizenOut | CitizenSummary:
    """A citizen: the full record for staff, a summary for kiosks and the app."""
    with ctx.db.read() as session:
        citizen = citizen_service.get_citizen(session, personal_id)
        if device.role in ("kiosk", "app"):
            return citizen_service.citizen_summary(citizen)
        return citizen_service.citizen_out(citizen)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_citizen(body: CitizenCreate, ctx: CtxDep, _: AdminDep) -> CitizenOut:
    """Register one citizen (admin), e.g. a tester who will enrol their own face."""
    with ctx.db.write() as session:
        citizen = citizen_service.create_citizen(session, body, now=ctx.clock.now())
        return citizen_service.citizen_out(citizen)


@router.put("/{personal_id}/reference-face", openapi_extra=upload_openapi(ReferenceFaceRequest))
async def set_reference_face(
    personal_id: str, request: Request, ctx: CtxDep, _: AdminDep
) -> dict[str, object]:
    """Set the registry's reference face (admin): an image through the enrolment pipeline, or a template."""
    pid_codec.validate(personal_id)
    capture = await read_capture(request, ReferenceFaceRequest, max_bytes=ctx.settings.max_upload_bytes)
    live = await run_in_threadpool(
        enrolment_service.reference_template,
        ctx,
        image=capture.image,
        template_b64=capture.fields.template_b64,
    )
    source = "photo" if capture.image is not None else "template"
    citizen = await run_in_threadpool(
        enrolment_service.set_reference_face, ctx, personal_id=personal_id, live=live, source=source
    )
    return {
        "citizen": citizen_service.citizen_out(citizen).model_dump(mode="json"),
        "source": source,
        "quality": live.quality,
    }
