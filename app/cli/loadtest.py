"""`skygate loadtest`: a departure peak's traffic against a service, then an integrity check."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import typer


def _seconds(text: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    return float(text[:-1]) * units[text[-1]] if text[-1] in units else float(text)


def command(
    url: str = typer.Option(None, help="Service to load (omit with --start-server)."),
    keys: Path = typer.Option(None, exists=True, dir_okay=False, readable=True,
                              help="Device keys file written by `skygate seed`."),
    database_url: str = typer.Option(
        None,
        envvar="SKYGATE_DATABASE_URL",
        help="The service's database, for the plan and the integrity check.",
    ),
    users: int = typer.Option(200, min=1, help="Concurrent simulated devices."),
    spawn_rate: float = typer.Option(50, help="Users started per second."),
    duration: str = typer.Option("60s", help="Run time, e.g. 60s or 5m."),
    json_out: Path = typer.Option(Path("var/loadtest/report.json"), "--json", help="JSON report."),
    shape: str = typer.Option("flat", help="flat, or morning_peak (ramp, hold, ease off)."),
    only: str = typer.Option(None, help="security_scan or trivial: one request type, for ceilings."),
    start_server: bool = typer.Option(False, help="Seed and start a service of its own first."),
    workers: int = typer.Option(1, min=1, help="With --start-server: uvicorn workers."),
    citizens: int = typer.Option(120_000, help="With --start-server: registry size."),
    pax: int = typer.Option(100_000, help="With --start-server: departing passengers."),
    pre_enrolled: float = typer.Option(
        0.95, help="With --start-server: share of eligible travellers enrolled beforehand."
    ),
    server_database_url: str = typer.Option(
        None, help="With --start-server: a PostgreSQL server to create a fresh database on (default: SQLite)."
    ),
    security_window_hours: float = typer.Option(24.0, help="With --start-server: security gallery window."),
    port: int = typer.Option(8765, help="With --start-server: port to serve on."),
    keep: bool = typer.Option(False, help="With --start-server: keep its database and logs afterwards."),
) -> None:
    """Load a service with a departure peak's traffic mix, then check nothing was lost.

    Locust runs headless; the command prints requests/s and p50/p95/p99 per endpoint,
    writes JSON plus Locust's CSV and HTML, and checks the database afterwards
    (exit 3 if anything acknowledged is missing or anyone boarded twice).
    """
    import shutil
    from contextlib import nullcontext

    from app.clock import wall_now
    from app.services.flights import AIRPORT_TZ
    from simulators.loadtest.config import LoadConfig
    from simulators.loadtest.server import drop_database, seeded_server

    if not start_server and not (url and keys and database_url):
        raise typer.BadParameter("give --url, --keys and --database-url, or --start-server")
    folder = Path(
        tempfile.mkdtemp(prefix="skygate-load-", dir=Path("var").resolve() if Path("var").is_dir() else None)
    )
    server = (
        seeded_server(
            folder=folder,
            port=port,
            workers=workers,
            airport="SGN",
            day=wall_now().astimezone(AIRPORT_TZ).date(),
            citizens=citizens,
            pax=pax,
            pre_enrolled=pre_enrolled,
            database_url=server_database_url,
            env_overrides={"SKYGATE_SECURITY_WINDOW_HOURS": str(security_window_hours)},
        )
        if start_server
        else nullcontext()
    )
    with server as seeded:
        cfg = LoadConfig(
            url=seeded.url if seeded else url,
            database_url=seeded.database_url if seeded else database_url,
            keys=str(seeded.keys if seeded else keys),
            users=users,
            spawn_rate=spawn_rate,
            duration_s=_seconds(duration),
            out_json=str(json_out),
            out_prefix=str(json_out.with_suffix("")),
            shape=shape,
            only=only,
            security_window_hours=security_window_hours if seeded else 12.0,
            demo_travellers=str(seeded.demo) if seeded else None,
            workers=workers if seeded else None,
        )
        config_path = folder / "config.json"
        cfg.dump(config_path)
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "simulators.loadtest", str(config_path)])
        typer.echo(f"load test finished in {time.monotonic() - started:.0f} s (exit {result.returncode})")
    if start_server and not keep:
        shutil.rmtree(folder, ignore_errors=True)
        drop_database(cfg.database_url)
    raise typer.Exit(result.returncode)
