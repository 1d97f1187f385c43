"""Touchpoints: the devices (kiosks, counters, gates, desks) and their keys."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy import select

from app.api.deps import AdminDep, CtxDep, DeviceDep
from app.api.problems import ApiError
from app.api.schemas.touchpoints import TouchpointCreate, TouchpointCreated, TouchpointOut
from app.db.models import Touchpoint
from app.services import touchpoints as touchpoint_service

router = APIRouter(prefix="/v1/touchpoints", tags=["touchpoints"])


def _out(row: Touchpoint) -> TouchpointOut:
    return TouchpointOut(
        touchpoint_id=row.touchpoint_id, role=row.role, airport=row.airport,  # type: ignore[arg-type]
        location=row.location, gate=row.gate, active=row.active,
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def create_touchpoint(body: TouchpointCreate, ctx: CtxDep, _: AdminDep) -> TouchpointCreated:
    """Register a device (admin); the response carries its API key, shown only once."""
    if body.role == "boarding_gate" and not body.gate:
        raise ApiError(422, "validation_error", "a boarding_gate touchpoint needs its gate number")
    with ctx.db.write() as session:
        api_key = touchpoint_service.create_touchpoint(
            session, touchpoint_id=body.touchpoint_id, role=body.role, airport=ctx.settings.airport,
            location=body.location, gate=body.gate, now=ctx.clock.now(),
        )
        row = touchpoint_service.get_touchpoint(session, body.touchpoint_id)
        return TouchpointCreated(**_out(row).model_dump(), api_key=api_key)


@router.get("")
def list_touchpoints(ctx: CtxDep, _: AdminDep) -> list[TouchpointOut]:
    """Every registered device (admin)."""
    with ctx.db.read() as session:
        rows = session.scalars(select(Touchpoint).order_by(Touchpoint.touchpoint_id)).all()
        return [_out(r) for r in rows]


@router.get("/me")
def whoami(device: DeviceDep) -> TouchpointOut:
    """The calling device, as its key identifies it."""
    return TouchpointOut(
        touchpoint_id=device.touchpoint_id, role=device.role, airport=device.airport,  # type: ignore[arg-type]
        location=device.location, gate=device.gate, active=True,
    )
