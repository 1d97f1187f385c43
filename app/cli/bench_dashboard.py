"""`skygate bench dashboard`: the dashboard summary on a busy airport-day, against the manifest way.

Builds a synthetic day (flights, passengers in every journey state,
enrolments and the journey events they left) in a fresh database, then
times `GET /v1/dashboard/summary`'s service function and, as the baseline,
what a dashboard built on the existing per-flight manifest would cost (one
manifest per departure). Prints a table and optionally writes JSON.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

STATES = ("booked", "enrolled", "security_cleared", "boarded", "manual_review")
STATE_SHARES = (0.30, 0.20, 0.20, 0.25, 0.05)


def _event(kind: str, pnr: str, flight_id: int, touchpoint_id: str, decision: str, reason: str,
           at: datetime, latency_ms: float | None = None) -> dict[str, Any]:
    return dict(kind=kind, pnr=pnr, flight_id=flight_id, touchpoint_id=touchpoint_id, decision=decision,
                reason=reason, latency_ms=latency_ms, occurred_at=at, recorded_at=at)


def _rows(flights: int, pax: int, now: datetime, seed: int) -> dict[str, list[dict[str, Any]]]:
    """Plain rows for one airport-day: every 20th passenger on a passport."""
    import numpy as np

    rng = np.random.default_rng(seed)
    first = now - timedelta(hours=9)
    out: dict[str, list[dict[str, Any]]] = {key: [] for key in ("flights", "citizens", "bookings",
                                                                 "enrolments", "events")}
    for f in range(flights):
        out["flights"].append(dict(flight_id=f + 1, flight_no=f"VN{f + 1}", carrier="VN", origin="SGN",
                                   destination="HAN", departure_time=first + timedelta(minutes=3 * f),
                                   gate=str(f % 40 + 1), checkin_count=0, created_at=now))
    states = rng.choice(STATES, pax, p=STATE_SHARES)
    born = datetime(1990, 1, 1).date()
    for i in range(pax):
        pid, pnr, flight_id, state = f"079190{i:06d}", f"P{i:05d}", i % flights + 1, str(states[i])
        out["citizens"].append(dict(personal_id=pid, full_name="NGUYEN AN", date_of_birth=born, sex="male",
                                    province_code="079", vneid_level=2, status="active", created_at=now))
        seat = f"{i // flights % 60 + 1}{'ABCDEF'[i // flights // 60 % 6]}"
        out["bookings"].append(dict(pnr=pnr, flight_id=flight_id, personal_id=pid, full_name="NGUYEN AN",
                                    document_type="passport" if i % 20 == 0 else "vneid", document_no=pid,
                                    nationality="VN", seat=seat, checked_bags=0, special=False, state=state,
                                    state_changed_at=now, failed_attempts=0, created_at=now))
        if state == "booked":
            continue
        at = now - timedelta(minutes=float(rng.uniform(0, 600)))
        out["enrolments"].append(dict(pnr=pnr, personal_id=pid, flight_id=flight_id, channel="kiosk",
                                      template=None, model="dlib_resnet_v1", status="active", seq=i + 1,
                                      consent_at=at, created_at=at, updated_at=at))
        out["events"].append(_event("enrolment", pnr, flight_id, "SGN-KIOSK-01", "accepted", "enrolled", at))
        if state != "enrolled":
            decision = "manual" if state == "manual_review" else "open"
            out["events"].append(_event(
                "scan", pnr, flight_id, f"SGN-SEC-{i % 8:02d}", decision,
                "matched" if decision == "open" else "no_match", min(at + timedelta(minutes=30), now),
                float(rng.gamma(2.0, 2.0))))
        if state == "boarded":
            out["events"].append(_event(
                "scan", pnr, flight_id, f"SGN-GATE-{i % 40 + 1:02d}", "open", "matched",
                min(at + timedelta(minutes=60), now), float(rng.gamma(2.0, 1.0))))
    return out


def _insert_day(url: str, flights: int, pax: int, now: datetime, seed: int) -> int:
    """Insert the day in one transaction (refusing a database that has flights); returns the event count."""
    from sqlalchemy import create_engine, func, insert, select, text

    from app.db.models import Booking, Citizen, Enrolment, Flight, JourneyEvent

    rows = _rows(flights, pax, now, seed)
    engine = create_engine(url)
    with engine.begin() as conn:
        if conn.scalar(select(func.count()).select_from(Flight)):
            raise typer.BadParameter("the database has flights already; give an empty one")
        for model, key in ((Flight, "flights"), (Citizen, "citizens"), (Booking, "bookings"),
                           (Enrolment, "enrolments"), (JourneyEvent, "events")):
            for start in range(0, len(rows[key]), 5000):
                conn.execute(insert(model), rows[key][start:start + 5000])
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()
    return len(rows["events"])


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm the caches once
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _measure(url: str, now: datetime, runs: int) -> dict[str, float]:
    from app.context import build_context
    from app.services import dashboard, manual
    from app.services.flights import AIRPORT_TZ
    from app.settings import Settings

    ctx = build_context(Settings(database_url=url, environment="test", log_level="WARNING"))
    ctx.clock.set(now)
    day = now.astimezone(AIRPORT_TZ).date()
    try:
        with ctx.db.read() as session:
            ids = [f.flight_id for f in dashboard.flight_progress(session, airport="SGN", day=day, now=now,
                                                                  window=ctx.boarding_window)]

        def parts(name: str) -> Callable[[], object]:
            def run() -> object:
                with ctx.db.read() as session:
                    if name == "flights":
                        return dashboard.flight_progress(session, airport="SGN", day=day, now=now,
                                                         window=ctx.boarding_window)
                    if name == "events":
                        return dashboard.recent_events(session, limit=30)
                    return dashboard.touchpoint_stats(session, since=now - timedelta(minutes=15), until=now)
            return run

        return {
            "summary": _median_ms(lambda: dashboard.summary(ctx, window_minutes=15, limit=30), runs),
            "flight counts": _median_ms(parts("flights"), runs),
            "recent events": _median_ms(parts("events"), runs),
            "touchpoint figures": _median_ms(parts("touchpoints"), runs),
            "baseline: one manifest per flight": _median_ms(
                lambda: [manual.manifest_rows(ctx, i) for i in ids], max(1, runs // 3)),
        }
    finally:
        ctx.close()


def command(
    flights: Annotated[int, typer.Option(min=1, help="Departures in the day.")] = 300,
    pax: Annotated[int, typer.Option(min=1, help="Passengers in the day.")] = 80_000,
    runs: Annotated[int, typer.Option(min=1, help="Timed runs per figure (median reported).")] = 7,
    database_url: Annotated[str | None, typer.Option(
        help="An empty, migrated database; default: a temporary SQLite file.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed for the journey states.")] = 0,
    json_file: Annotated[Path | None, typer.Option("--json", help="Also write the results here.")] = None,
) -> None:
    """Time the operations dashboard's summary on a busy airport-day."""
    from rich.console import Console
    from rich.table import Table

    from app.db.migrate import upgrade

    console = Console()
    now = datetime(2026, 3, 14, 7, 0, tzinfo=UTC)  # 14:00 at the airport: a day in full swing
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{tmp}/dashboard.db"
        upgrade(url)
        with console.status(f"building a day of {flights} flights and {pax:,} passengers"):
            events = _insert_day(url, flights, pax, now, seed)
        with console.status("timing"):
            figures = _measure(url, now, runs)
    table = Table(title=f"dashboard summary: {flights} flights, {pax:,} passengers, "
                        f"{events:,} journey events")
    table.add_column("query")
    table.add_column("median ms", justify="right")
    table.add_column("x summary", justify="right")
    for name, ms in figures.items():
        table.add_row(name, f"{ms:.1f}", f"{ms / figures['summary']:.2f}")
    console.print(table)
    if json_file is not None:
        report = {"flights": flights, "pax": pax, "events": events, "runs": runs,
                  "database": (database_url or "sqlite").split(":")[0], "median_ms": figures}
        json_file.parent.mkdir(parents=True, exist_ok=True)
        json_file.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {json_file}")
