"""The service clock: read it, or (admin) set a simulated time and speed."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.api.deps import AdminDep, CtxDep, DeviceDep
from app.api.schemas.clock import ClockOut, ClockSet

router = APIRouter(prefix="/v1/clock", tags=["clock"])


def _out(ctx: CtxDep) -> ClockOut:
    return ClockOut(now=ctx.clock.now(), speed=ctx.clock.speed, simulated=ctx.clock.state() is not None)


@router.get("")
def get_clock(ctx: CtxDep, _: DeviceDep) -> ClockOut:
    """The service's current time and speed."""
    return _out(ctx)


@router.put("")
def set_clock(body: ClockSet, ctx: CtxDep, _: AdminDep) -> ClockOut:
    """Set a simulated now and speed (speed 60 = a minute per second) for every worker."""
    ctx.clock.set(body.now, body.speed)
    return _out(ctx)


@router.delete("", status_code=status.HTTP_200_OK)
def reset_clock(ctx: CtxDep, _: AdminDep) -> ClockOut:
    """Return to real time."""
    ctx.clock.reset()
    return _out(ctx)
