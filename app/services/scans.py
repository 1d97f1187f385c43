"""A scan at a security lane or boarding gate: capture, decide, apply, record.

The decision itself is `gates.scan.decide_scan` (shared with the offline
simulation). This module supplies it with the worker's galleries and the
database's journey states, applies the transition with a conditional update,
and writes the journey event in the same transaction. If another gate moved
the traveller first, the scan is decided again on the fresh state (so a
double boarding becomes `already_boarded`, never a second `boarded`).

It is the service's hot path: one read transaction on a plain connection
(gallery catch-up and journey state), one write that shares its transaction
and its commit with the other scans arriving at the same time (group
commit, app/db/group_commit.py; the answer waits for that commit), and no
per-request touchpoint lookup (the authenticated device carries its role
and gate).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from app.context import AppContext
from app.db.models import Booking, Flight
from app.services import journeys
from app.services.captures import gate_template
from app.services.touchpoints import Device, get_touchpoint
from enrollment.boarding_pass import parse_bcbp
from gates.journey import Traveller
from gates.reasons import MESSAGES
from gates.scan import ScanDecision, ScanRequest, TouchpointKind, decide_scan
from matching.errors import Forbidden

__all__ = ["ScanResult", "message_for", "scan"]

KIND_OF_ROLE: dict[str, TouchpointKind] = {"security_gate": "security", "boarding_gate": "boarding"}
_MAX_RACES = 3


@dataclass(frozen=True, slots=True)
class GateView:
    """What the gate screen may show of a traveller: never the personal id."""

    flight_no: str | None = None
    seat: str | None = None
    given_initial: str | None = None


@dataclass(frozen=True, slots=True)
class ScanResult:
    decision: ScanDecision
    event_id: int
    occurred_at: datetime
    view: GateView
    latency_ms: float


_TRAVELLER = (
    select(
        Booking.pnr,
        Booking.personal_id,
        Booking.state,
        Booking.seat,
        Booking.full_name,
        Flight.flight_id,
        Flight.flight_no,
        Flight.gate,
        Flight.departure_time,
    )
    .join(Flight, Flight.flight_id == Booking.flight_id)
    .where(Booking.pnr == bindparam("pnr"))
)


class _DbTravellers:
    """Journey state straight from the database (the TravellerSource of decide_scan)."""

    def __init__(self, ctx: AppContext, conn: Connection) -> None:
        self._galleries = ctx.galleries.galleries
        self._conn = conn
        self.views: dict[str, GateView] = {}

    def pnr_of(self, enrolment_id: int) -> str:
        return self._galleries.pnr_of(enrolment_id)

    def traveller(self, pnr: str) -> Traveller | None:
        row = self._conn.execute(_TRAVELLER, {"pnr": pnr}).first()
        if row is None:
            return None
        given = row.full_name.split()[-1] if row.full_name.split() else ""
        self.views[row.pnr] = GateView(row.flight_no, row.seat, given[:1].upper() or None)
        return Traveller(
            row.pnr,
            row.personal_id or f"passport:{row.pnr}",
            row.state,
            row.flight_id,
            row.flight_no,
            row.gate,
            row.departure_time,
        )


def _claimed_pnr(boarding_pass: str | None, pnr: str | None) -> str | None:
    if boarding_pass:
        return parse_bcbp(boarding_pass).leg.pnr.strip()
    return pnr.upper() if pnr else None


def _touchpoint_kind(
    ctx: AppContext, device: Device, touchpoint_id: str
) -> tuple[TouchpointKind, str | None]:
    """The touchpoint's kind and gate; a device scans as itself (an admin may act for any)."""
    role, gate = device.role, device.gate
    if device.touchpoint_id != touchpoint_id:
        with ctx.db.read() as session:
            touchpoint = get_touchpoint(session, touchpoint_id)
            role, gate = touchpoint.role, touchpoint.gate
        if device.role != "admin":
            raise Forbidden(
                f"this key belongs to {device.touchpoint_id}, not {touchpoint_id}", code="forbidden_role"
            )
    if role not in KIND_OF_ROLE:
        raise Forbidden(f"{touchpoint_id} is a {role}, not a gate", code="forbidden_role")
    return KIND_OF_ROLE[role], gate


def _record(req: ScanRequest, decision: ScanDecision, touchpoint_id: str, latency_ms: float
            ) -> Callable[[Connection], int | None]:
    """The scan's write: the transition (if any) and its journey event.

    Returns the event id, or None having written nothing when another gate
    moved the traveller first (the conditional update changed no row).
    """

    def write(conn: Connection) -> int | None:
        state_from = state_to = None
        if decision.transition is not None and decision.pnr is not None:
            required, target = decision.transition
            if journeys.transition(conn, pnr=decision.pnr, allowed_from=[required], to=target,
                                   now=req.now) is None:
                return None
            state_from, state_to = required, target
        return journeys.record_event(
            conn, kind="scan", occurred_at=req.now, pnr=decision.pnr,
            flight_id=decision.traveller.flight_id if decision.traveller else None,
            touchpoint_id=touchpoint_id, decision=decision.decision, reason=decision.reason,
            state_from=state_from, state_to=state_to, distance=decision.distance,
            margin=decision.margin, latency_ms=round(latency_ms, 3), detail=decision.extra or None,
        )

    return write


def scan(
    ctx: AppContext,
    *,
    device: Device,
    touchpoint_id: str,
    image: bytes | None,
    template_b64: str | None,
    boarding_pass: str | None,
    pnr: str | None,
    received: float | None = None,
) -> ScanResult:
    """Decide a scan at `touchpoint_id` and record it; `received` is when the request arrived."""
    started = received or time.perf_counter()
    kind, gate = _touchpoint_kind(ctx, device, touchpoint_id)
    claimed = _claimed_pnr(boarding_pass, pnr)
    live = gate_template(ctx.pipeline, image=image, template_b64=template_b64)
    policy = ctx.gate_policy
    for _ in range(_MAX_RACES):
        now = ctx.clock.now()
        req = ScanRequest(
            kind=kind,
            probe=live.template,
            now=now,
            gate=gate,
            claimed_pnr=claimed,
            faces_in_frame=live.faces,
            capture_problem=live.problem,
        )
        with ctx.db.statements() as conn:
            ctx.galleries.catch_up(conn)
            travellers = _DbTravellers(ctx, conn)
            decision = decide_scan(req, policy, ctx.galleries.galleries, travellers)
        latency_ms = (time.perf_counter() - started) * 1000
        event_id = ctx.db.in_group_commit(_record(req, decision, touchpoint_id, latency_ms),
                                          key=decision.pnr or "")
        if event_id is None:
            continue  # another gate moved this traveller first: decide again on the fresh state
        view = travellers.views.get(decision.pnr or "", GateView())
        return ScanResult(decision, event_id, now, view, latency_ms)
    raise RuntimeError("scan kept losing races for one traveller")


def message_for(reason: str) -> str:
    return MESSAGES.get(reason, reason.replace("_", " "))
