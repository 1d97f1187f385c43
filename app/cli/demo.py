"""`skygate demo`: a seeded airport for today, served, with the gate simulator running on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer

from app.cli.seed import DEFAULT_FACES


def _first_key(keys_out: Path, role: str) -> dict:
    rows = json.loads(keys_out.read_text(encoding="utf-8"))
    return next(row for row in rows if row["role"] == role)


def _seed_once(airport: str, citizens: int, pax: int, keys_out: Path, faces: Path) -> None:
    from app.cli.seed import run_seed
    from app.clock import wall_now
    from app.services.flights import AIRPORT_TZ
    from app.services.seeding import SeedPlan
    from matching.errors import Conflict

    day = wall_now().astimezone(AIRPORT_TZ).date()
    try:
        plan = SeedPlan(airport=airport, day=day, citizens=citizens, target_pax=pax, pre_enrolled=0.3)
        summary = run_seed(plan, keys_out=keys_out, faces=faces, demo_count=6)
        typer.echo(
            f"seeded {airport} {day}: {summary.flights} flights, {summary.bookings:,} bookings, "
            f"{summary.enrolments:,} enrolled in the VNeID app beforehand"
        )
    except Conflict:
        if not keys_out.is_file():
            raise typer.BadParameter(
                f"{airport} {day} is seeded but {keys_out} is gone; "
                "remove the database (var/demo.db) and run again"
            ) from None
        typer.echo(f"{airport} {day} is seeded already; reusing it")


def command(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, help="TCP port."),
    airport: str = typer.Option("SGN", help="IATA code of the demo airport."),
    citizens: int = typer.Option(20_000, min=100, help="Citizens in the demo registry."),
    pax: int = typer.Option(12_000, min=100, help="Departing passengers on the demo day."),
    keys_out: Path = typer.Option(Path("var/keys.json"), help="Where the devices' keys go."),
    faces: Path = typer.Option(DEFAULT_FACES, help="Labelled photos for demo travellers."),
    simulate: bool = typer.Option(True, help="Run the gate simulator against the demo once it is up."),
) -> None:
    """Seed today's departures at AIRPORT (once), serve them, run the gate simulator, keep serving."""
    from simulators.loadtest.server import wait_healthy

    os.environ["SKYGATE_AIRPORT"] = airport.upper()
    _seed_once(airport.upper(), citizens, pax, keys_out, faces)
    kiosk, agent = _first_key(keys_out, "kiosk"), _first_key(keys_out, "agent")
    env = {**os.environ, "SKYGATE_KIOSK_API_KEY": kiosk["api_key"]}
    env.setdefault("SKYGATE_LOG_LEVEL", "WARNING")  # the gate simulator's progress, not every request
    base = f"http://{host}:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", host, "--port", str(port)], env=env
    )
    try:
        wait_healthy(base, server)
        typer.echo(
            f"\n  API docs   {base}/docs\n  kiosk      {base}/kiosk/\n  dashboard  {base}/dashboard/"
            f"  (agent key: {agent['api_key']})\n  health     {base}/healthz\n"
            f"  keys       {keys_out.resolve()}\n"
        )
        _print_demo_travellers(keys_out.with_name("demo-travellers.json"), faces)
        if simulate:
            _simulate(base, keys_out)
        typer.echo("serving; Ctrl-C to stop")
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=30)


def _print_demo_travellers(path: Path, faces: Path) -> None:
    """Who to enrol at the kiosk: citizens whose registry reference is a real photo."""
    if not path.is_file():
        return
    rows = json.loads(path.read_text(encoding="utf-8"))[:3]
    for row in rows:
        typer.echo(
            f"  kiosk demo: personal id {row['personal_id']} ({row['full_name']}, {row['flight_no']}); "
            f"upload {faces / row['live_photos'][0]}"
        )
    typer.echo("")


def _simulate(base: str, keys_out: Path) -> None:
    """Two hours of departures at 30x on the dashboard, then the clock back to real time."""
    import asyncio

    import httpx

    from app.cli.gate_sim import print_summary
    from simulators.gate_sim.run import simulate_gates

    typer.echo("gate simulator: two hours of departures at 60x (watch the dashboard)")
    summary = asyncio.run(simulate_gates(base, keys_out, speed=60, hours=2, limit=400))
    print_summary(summary)
    admin = _first_key(keys_out, "admin")
    httpx.delete(f"{base}/v1/clock", headers={"X-API-Key": admin["api_key"]}, timeout=10)
