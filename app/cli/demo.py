"""`skygate demo`: a seeded airport for today, served on one command."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from app.cli.seed import DEFAULT_FACES


def command(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, help="TCP port."),
    airport: str = typer.Option("SGN", help="IATA code of the demo airport."),
    citizens: int = typer.Option(20_000, min=100, help="Citizens in the demo registry."),
    pax: int = typer.Option(12_000, min=100, help="Departing passengers on the demo day."),
    keys_out: Path = typer.Option(Path("var/keys.json"), help="Where the devices' keys go."),
    faces: Path = typer.Option(DEFAULT_FACES, help="Labelled photos for demo travellers."),
) -> None:
    """Seed today's departures at AIRPORT (once), print the URLs and keys, and serve."""
    from app.cli.seed import run_seed
    from app.cli.serve import command as serve
    from app.clock import wall_now
    from app.services.flights import AIRPORT_TZ
    from matching.errors import Conflict

    os.environ.setdefault("SKYGATE_AIRPORT", airport.upper())
    day = wall_now().astimezone(AIRPORT_TZ).date()
    try:
        summary = run_seed(airport=airport, day=day, citizens=citizens, seed=1, level2_share=0.85,
                           pax=pax, keys_out=keys_out, faces=faces, demo_count=6)
        typer.echo(f"seeded {airport} {day}: {summary.flights} flights, {summary.bookings:,} bookings")
    except Conflict:
        typer.echo(f"{airport} {day} is seeded already; reusing it (device keys: {keys_out})")
    base = f"http://{host}:{port}"
    typer.echo(f"\n  API docs   {base}/docs\n  kiosk      {base}/kiosk\n  dashboard  {base}/dashboard\n"
               f"  health     {base}/healthz\n  keys       {keys_out.resolve()}\n")
    serve(host=host, port=port, workers=1, log_level="warning")
