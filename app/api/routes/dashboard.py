"""The operations dashboard's data (staff: agent or admin keys)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.api.deps import CtxDep, require_role
from app.api.schemas.dashboard import DashboardSummary
from app.services import dashboard as dashboard_service
from app.services.touchpoints import Device

__all__ = ["router"]

router = APIRouter(prefix="/v1/dashboard", tags=["dashboard"])

Staff = Annotated[Device, Depends(require_role("agent", "admin"))]


@router.get("/summary")
def dashboard_summary(
    ctx: CtxDep,
    _: Staff,
    window_minutes: Annotated[float, Query(gt=0, le=1440, description="Gate figures over this window.")] = 15,
    limit: Annotated[int, Query(ge=1, le=200, description="How many recent journey events.")] = 30,
) -> DashboardSummary:
    """Today's departures with their counts, the newest journey events, and per-gate match rate and
    latency over the last `window_minutes` of service time."""
    return dashboard_service.summary(ctx, window_minutes=window_minutes, limit=limit)
