"""What the operations dashboard shows, computed from the database and the service clock.

Three reads, each an indexed query: today's departures with their counts
(grouped by flight), the newest journey events (primary-key order), and the
gate scans of the last minutes (the `occurred_at` index) reduced per
touchpoint to a match rate and latency percentiles. "Today" and "the last
minutes" are measured on the service clock, so a simulated day looks live.

The counts mean what the flight manifest means (app/services/manual.py):
`security_cleared` includes boarded passengers; `manual` is a passport
holder, a journey in `manual_review`, or a traveller sent to an agent at
least once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.api.schemas.dashboard import DashboardSummary, FlightProgress, RecentEvent, Totals, TouchpointStats
from app.context import AppContext
from app.db.models import Booking, Enrolment, Flight, JourneyEvent
from app.services.flights import AIRPORT_TZ, local_day_bounds
from gates.windows import BoardingWindow, flight_status

__all__ = ["flight_progress", "recent_events", "summary", "touchpoint_stats", "touchpoint_stats_of"]


def _todays_flights(airport: str, day: date):  # noqa: ANN202 - a Select of flight ids
    start, end = local_day_bounds(day)
    return select(Flight.flight_id).where(Flight.origin == airport, Flight.departure_time >= start,
                                          Flight.departure_time < end)


def _per_flight(session: Session, query) -> dict[int, int]:  # noqa: ANN001 - a Select of (flight_id, count)
    return {int(flight_id): int(n) for flight_id, n in session.execute(query)}


# Travellers a gate or an agent sent to the manual lane at least once.
_SENT_TO_AGENT = select(JourneyEvent.pnr).where(
    or_(JourneyEvent.decision == "manual", JourneyEvent.kind == "manual_check"), JourneyEvent.pnr.is_not(None)
)


def flight_progress(session: Session, *, airport: str, day: date, now: datetime,
                    window: BoardingWindow) -> list[FlightProgress]:
    """Departures from `airport` on the local `day`, by departure time, with their counts.

    Three grouped queries over the day's flights (by the `flight_id IN (...)`
    of a subquery, which lets the state count read only the
    `(flight_id, state)` index); measured at 300 flights and 80,000
    passengers in docs/kiosk.md.
    """
    ids = _todays_flights(airport, day)
    flights = session.scalars(
        select(Flight).where(Flight.flight_id.in_(ids)).order_by(Flight.departure_time, Flight.flight_no)
    ).all()
    by_state: dict[int, Counter[str]] = defaultdict(Counter)
    for flight_id, state, n in session.execute(
        select(Booking.flight_id, Booking.state, func.count())
        .where(Booking.flight_id.in_(ids)).group_by(Booking.flight_id, Booking.state)
    ):
        by_state[int(flight_id)][state] = int(n)
    enrolled = _per_flight(session, select(Enrolment.flight_id, func.count())
                           .where(Enrolment.flight_id.in_(ids), Enrolment.status == "active")
                           .group_by(Enrolment.flight_id))
    is_manual = or_(Booking.state == "manual_review", Booking.document_type != "vneid",
                    Booking.pnr.in_(_SENT_TO_AGENT))
    manual = _per_flight(session, select(Booking.flight_id, func.count())
                         .where(Booking.flight_id.in_(ids), is_manual).group_by(Booking.flight_id))
    rows = []
    for f in flights:
        states = by_state[f.flight_id]
        rows.append(FlightProgress(
            flight_id=f.flight_id, flight_no=f.flight_no, destination=f.destination,
            departure_time=f.departure_time, gate=f.gate, status=flight_status(f.departure_time, now, window),
            passengers=sum(states.values()), enrolled=enrolled.get(f.flight_id, 0),
            security_cleared=states["security_cleared"] + states["boarded"], boarded=states["boarded"],
            manual=manual.get(f.flight_id, 0),
        ))
    return rows


def recent_events(session: Session, *, limit: int) -> list[RecentEvent]:
    """The newest `limit` journey events, newest first (by id: the order they were written)."""
    rows = session.execute(
        select(JourneyEvent, Flight.flight_no).outerjoin(Flight, Flight.flight_id == JourneyEvent.flight_id)
        .order_by(JourneyEvent.event_id.desc()).limit(limit)
    ).all()
    return [RecentEvent(event_id=e.event_id, occurred_at=e.occurred_at, kind=e.kind,
                        touchpoint_id=e.touchpoint_id, pnr=e.pnr, flight_no=flight_no, decision=e.decision,
                        reason=e.reason, distance=e.distance, latency_ms=e.latency_ms)
            for e, flight_no in rows]


def touchpoint_stats_of(scans: Iterable[tuple[str, str, str, float | None]]) -> list[TouchpointStats]:
    """Reduce (touchpoint_id, decision, reason, latency_ms) rows to per-touchpoint figures.

    Percentiles interpolate linearly between order statistics (numpy's
    default), over the scans that recorded a latency; None when none did.
    """
    grouped: dict[str, list[tuple[str, str, float | None]]] = defaultdict(list)
    for touchpoint_id, decision, reason, latency in scans:
        grouped[touchpoint_id].append((decision, reason, latency))
    out = []
    for touchpoint_id in sorted(grouped):
        rows = grouped[touchpoint_id]
        decisions = Counter(d for d, _, _ in rows)
        latencies = np.array([lat for _, _, lat in rows if lat is not None], dtype=np.float64)
        p50, p95 = (np.percentile(latencies, [50, 95]) if latencies.size else (None, None))
        out.append(TouchpointStats(
            touchpoint_id=touchpoint_id, scans=len(rows), open=decisions["open"], deny=decisions["deny"],
            manual=decisions["manual"], match_rate=decisions["open"] / len(rows),
            latency_p50_ms=None if p50 is None else round(float(p50), 3),
            latency_p95_ms=None if p95 is None else round(float(p95), 3),
            reasons=dict(Counter(r for _, r, _ in rows).most_common()),
        ))
    return out


def touchpoint_stats(session: Session, *, since: datetime, until: datetime) -> list[TouchpointStats]:
    """Gate scans that occurred in [since, until] (service-clock times), per touchpoint."""
    e = JourneyEvent
    rows = session.execute(
        select(e.touchpoint_id, e.decision, e.reason, e.latency_ms)
        .where(e.kind == "scan", e.occurred_at >= since, e.occurred_at <= until, e.touchpoint_id.is_not(None))
    ).all()
    return touchpoint_stats_of(
        (r.touchpoint_id, r.decision or "manual", r.reason or "", r.latency_ms) for r in rows
    )


def _totals(flights: list[FlightProgress]) -> Totals:
    return Totals(flights=len(flights), passengers=sum(f.passengers for f in flights),
                  enrolled=sum(f.enrolled for f in flights),
                  security_cleared=sum(f.security_cleared for f in flights),
                  boarded=sum(f.boarded for f in flights), manual=sum(f.manual for f in flights))


def summary(ctx: AppContext, *, window_minutes: float, limit: int) -> DashboardSummary:
    """Everything the dashboard shows; at most `dashboard_cache_seconds` old.

    The clock's setting is part of the key: when an admin moves the
    simulated clock, the next refresh shows the new time at once.
    """
    key = (window_minutes, limit, ctx.clock.state())
    return ctx.dashboard_cache.get(key, lambda: _compute(ctx, window_minutes=window_minutes, limit=limit))


def _compute(ctx: AppContext, *, window_minutes: float, limit: int) -> DashboardSummary:
    """Everything the dashboard shows, read in one session at one clock reading."""
    now = ctx.clock.now()
    day = now.astimezone(AIRPORT_TZ).date()
    airport = ctx.settings.airport
    with ctx.db.read() as session:
        flights = flight_progress(session, airport=airport, day=day, now=now, window=ctx.boarding_window)
        events = recent_events(session, limit=limit)
        gates = touchpoint_stats(session, since=now - timedelta(minutes=window_minutes), until=now)
    return DashboardSummary(
        airport=airport, now=now, clock_speed=ctx.clock.speed, simulated=ctx.clock.state() is not None,
        day=day, window_minutes=window_minutes, totals=_totals(flights), flights=flights, events=events,
        touchpoints=gates,
    )
