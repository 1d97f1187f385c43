"""The manual lane, journeys and manifests: what agents see and do."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, status

from app.api.deps import CtxDep, require_role
from app.api.schemas.journeys import (
    JourneyEventOut,
    JourneyOut,
    ManifestOut,
    ManifestRow,
    ManualCheckIn,
)
from app.services import journeys as journey_service
from app.services import manual as manual_service
from app.services.bookings import get_booking
from app.services.flights import get_flight
from app.services.touchpoints import Device

router = APIRouter(tags=["journeys"])

Agent = Annotated[Device, Depends(require_role("agent", "admin"))]
Staff = Annotated[Device, Depends(require_role("agent", "admin", "boarding_gate"))]


@router.post("/v1/manual-checks", status_code=status.HTTP_201_CREATED)
def manual_check(body: ManualCheckIn, ctx: CtxDep, device: Agent) -> JourneyEventOut:
    """An agent clears security or boards a traveller after checking a document."""
    event = manual_service.resolve(ctx, device=device, pnr=body.pnr, action=body.action, reason=body.reason)
    return JourneyEventOut.model_validate(event, from_attributes=True)


@router.get("/v1/journeys/{pnr}")
def journey(pnr: str, ctx: CtxDep, _: Agent) -> JourneyOut:
    """Every event of one booking's journey, in order."""
    with ctx.db.read() as session:
        booking = get_booking(session, pnr)
        events = journey_service.events_of(session, booking.pnr)
        return JourneyOut(
            pnr=booking.pnr, state=booking.state, flight_id=booking.flight_id,  # type: ignore[arg-type]
            events=[JourneyEventOut.model_validate(e, from_attributes=True) for e in events],
        )


@router.get("/v1/flights/{flight_id}/manifest")
def manifest(flight_id: int, ctx: CtxDep, device: Staff) -> ManifestOut:
    """Per-passenger status of a flight for the gate agent."""
    with ctx.db.read() as session:
        flight = get_flight(session, flight_id)
    rows = manual_service.manifest_rows(ctx, flight_id)
    passengers = [
        ManifestRow(pnr=b.pnr, personal_id=b.personal_id if device.role != "boarding_gate" else None,
                    full_name=b.full_name, seat=b.seat, document_type=b.document_type,
                    special=b.special, checked_bags=b.checked_bags, state=b.state,  # type: ignore[arg-type]
                    enrolled=enrolled, manual=manual)
        for b, enrolled, manual in rows
    ]
    counts = Counter(p.state for p in passengers)
    summary = {"passengers": len(passengers), "enrolled": sum(p.enrolled for p in passengers),
               "security_cleared": counts["security_cleared"] + counts["boarded"],
               "boarded": counts["boarded"], "manual": sum(p.manual for p in passengers)}
    return ManifestOut(flight_id=flight.flight_id, flight_no=flight.flight_no, gate=flight.gate,
                       departure_time=flight.departure_time, counts=summary, passengers=passengers)
