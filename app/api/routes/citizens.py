"""The mock VNeID registry: citizens and their reference faces."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from app.api.deps import AdminDep, CtxDep, require_role
from app.api.schemas.citizens import CitizenCreate, CitizenOut, CitizenSummary
from app.services import citizens as citizen_service
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
