"""`skygate seed`: one airport-day of citizens, flights, bookings and devices."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

from app.services.seeding import SeedPlan, SeedSummary

DEFAULT_FACES = Path("../shared/faces")


def write_keys(path: Path, keys: list[dict]) -> None:
    """The devices' API keys, readable only by the owner (they grant access)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(keys, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    path.chmod(0o600)


def write_demo(path: Path, demo: list) -> None:  # noqa: ANN001 - DemoTraveller list
    rows = [
        {
            "personal_id": d.personal_id,
            "full_name": d.full_name,
            "pnr": d.pnr,
            "flight_no": d.flight_no,
            "departure_time": d.departure_time.isoformat(),
            "reference_photo": d.reference_photo,
            "live_photos": list(d.live_photos),
        }
        for d in demo
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def run_seed(plan: SeedPlan, *, keys_out: Path, faces: Path | None, demo_count: int) -> SeedSummary:
    """Seed with a progress display; returns the SeedSummary (used by `skygate demo` too)."""
    import numpy as np
    from rich.progress import Progress

    from app.db.engine import Database
    from app.db.migrate import upgrade
    from app.services.clock_store import database_clock
    from app.services.seeding import demo_faces_from, seed_airport_day
    from app.settings import get_settings
    from simulators.biometrics import SyntheticFaces

    settings = get_settings()
    upgrade(settings.database_url)
    db = Database.from_url(settings.database_url)
    now = database_clock(db).now()
    faces_model = SyntheticFaces(plan.seed)
    demo = demo_faces_from(faces, now=now, count=demo_count) if faces and faces.is_dir() else None
    with Progress(transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"inserting {stage}", total=total)
            bar.update(tasks[stage], completed=done)

        summary = seed_airport_day(
            db,
            plan,
            now=now,
            reference_templates=faces_model.reference,
            captures=lambda ids, _references: faces_model.capture(
                ids, "app", np.random.default_rng([plan.seed, 11])
            ),
            demo_faces=demo,
            progress=progress,
        )
    db.dispose()
    write_keys(keys_out, summary.keys)
    if summary.demo:
        write_demo(keys_out.with_name("demo-travellers.json"), summary.demo)
    return summary


def command(
    airport: str = typer.Option("SGN", help="IATA code of the departure airport."),
    day: str = typer.Option(None, "--date", help="Local date (YYYY-MM-DD); default: today at the airport."),
    citizens: int = typer.Option(50_000, min=1, help="Citizens in the mock VNeID registry."),
    seed: int = typer.Option(1, help="Random seed: the same seed gives the same day."),
    level2_share: float = typer.Option(0.85, min=0, max=1, help="Share of VNeID level-2 citizens."),
    pax: int = typer.Option(None, help="Target departing passengers (default: the airport's busy day)."),
    keys_out: Path = typer.Option(Path("var/keys.json"), help="Where to write the devices' API keys."),
    faces: Path = typer.Option(
        DEFAULT_FACES, help="Labelled photos for demo travellers (skipped if absent)."
    ),
    demo_count: int = typer.Option(6, min=0, help="Travellers given real reference faces."),
    pre_enrolled: float = typer.Option(
        0.0, min=0, max=1, help="Share of eligible travellers enrolled beforehand in the VNeID app."
    ),
) -> None:
    """Seed an airport-day: citizens (synthetic reference faces), flights, bookings, devices.

    Refuses, changing nothing, when the airport-day has flights already.
    """
    from app.clock import wall_now
    from app.services.flights import AIRPORT_TZ
    from matching.errors import Conflict

    local_day = date.fromisoformat(day) if day else wall_now().astimezone(AIRPORT_TZ).date()
    try:
        plan = SeedPlan(airport=airport.upper(), day=local_day, citizens=citizens, seed=seed,
                        level2_share=level2_share, target_pax=pax, pre_enrolled=pre_enrolled)
        summary = run_seed(plan, keys_out=keys_out, faces=faces, demo_count=demo_count)
    except Conflict as exc:
        typer.echo(f"not seeded: {exc.detail}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"seeded {airport} {local_day}: {summary.citizens:,} citizens, {summary.flights} flights, "
        f"{summary.bookings:,} bookings, {summary.enrolments:,} enrolled, "
        f"{len(summary.keys)} new devices"
    )
    typer.echo(f"device keys: {keys_out}")
    if summary.demo:
        typer.echo(f"demo travellers with real faces: {keys_out.with_name('demo-travellers.json')}")
