"""Scans at security lanes and boarding gates."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from app.api.deps import CtxDep, require_role
from app.api.schemas.scans import ScanIn, ScanOut
from app.api.uploads import read_capture, upload_openapi
from app.services import scans as scan_service
from app.services.touchpoints import Device

router = APIRouter(prefix="/v1/touchpoints", tags=["gates"])

Gate = Annotated[Device, Depends(require_role("security_gate", "boarding_gate", "admin"))]


@router.post("/{touchpoint_id}/scan", response_model=ScanOut, openapi_extra=upload_openapi(ScanIn))
async def scan(touchpoint_id: str, request: Request, ctx: CtxDep, device: Gate) -> ScanOut:
    """Identify the traveller in front of a gate and open, deny or send them to an agent.

    Send a template (JSON `template_b64`) or an image (multipart `image`);
    add `boarding_pass` (BCBP) or `pnr` to claim an identity for 1:1.
    """
    received = time.perf_counter()
    capture = await read_capture(request, ScanIn, max_bytes=ctx.settings.max_upload_bytes)
    body: ScanIn = capture.fields
    result = await run_in_threadpool(
        scan_service.scan, ctx, device=device, touchpoint_id=touchpoint_id, image=capture.image,
        template_b64=body.template_b64, boarding_pass=body.boarding_pass, pnr=body.pnr,
        received=received,
    )
    d = result.decision
    return ScanOut(
        decision=d.decision, reason=d.reason, message=scan_service.message_for(d.reason),
        distance=d.distance, margin=d.margin, flight_no=result.view.flight_no, seat=result.view.seat,
        given_initial=result.view.given_initial,
        gate=d.extra.get("gate") if d.reason == "wrong_gate" else None,
        touchpoint_id=touchpoint_id, event_id=result.event_id, occurred_at=result.occurred_at,
        latency_ms=round(result.latency_ms, 3), detail=d.extra,
    )
