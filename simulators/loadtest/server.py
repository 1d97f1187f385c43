"""A seeded service of the harness's own, for self-contained runs (`--start-server`).

It seeds an airport-day with most eligible travellers enrolled beforehand
(the VNeID app), starts `skygate serve` with the requested workers, sets the
service clock to the morning bank of that day, and stops it all afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

__all__ = ["SeededServer", "drop_database", "seeded_server", "wait_healthy"]

MORNING = clock_time(6, 0)  # local time the clock is set to: the first departure bank


@dataclass(frozen=True, slots=True)
class SeededServer:
    url: str
    database_url: str
    keys: Path
    demo: Path


def drop_database(database_url: str) -> None:
    """Drop a PostgreSQL database `_fresh_database` made (SQLite files go with their folder)."""
    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        return
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    engine.dispose()


def _fresh_database(database_url: str | None, folder: Path) -> str:
    if not database_url:
        return f"sqlite:///{folder / 'loadtest.db'}"
    url = make_url(database_url)
    name = f"skygate_load_{int(time.time())}"
    engine = create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited with {process.returncode} before it was healthy")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the service at {url} was not healthy after {timeout:.0f} s")


@contextmanager
def seeded_server(*, folder: Path, port: int, workers: int, airport: str, day: date, citizens: int,
                  pax: int, pre_enrolled: float, database_url: str | None,
                  env_overrides: dict[str, str]) -> Iterator[SeededServer]:
    folder.mkdir(parents=True, exist_ok=True)
    db_url = _fresh_database(database_url, folder)
    keys, admin = folder / "keys.json", "loadtest-admin-key-0000000000000000"
    env = {**os.environ, "SKYGATE_DATABASE_URL": db_url, "SKYGATE_AIRPORT": airport,
           "SKYGATE_ADMIN_API_KEY": admin, "SKYGATE_LOG_LEVEL": "WARNING", **env_overrides}
    skygate = [sys.executable, "-m", "app.cli"]
    subprocess.run([*skygate, "seed", "--airport", airport, "--date", day.isoformat(), "--citizens",
                    str(citizens), "--pax", str(pax), "--pre-enrolled", str(pre_enrolled),
                    "--keys-out", str(keys)], env=env, check=True)
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([*skygate, "serve", "--port", str(port), "--workers", str(workers)], env=env)
    try:
        wait_healthy(url, process)
        from app.services.flights import AIRPORT_TZ

        morning = datetime.combine(day, MORNING, tzinfo=AIRPORT_TZ)
        httpx.put(f"{url}/v1/clock", json={"now": morning.isoformat(), "speed": 1},
                  headers={"X-API-Key": admin}, timeout=10).raise_for_status()
        yield SeededServer(url, db_url, keys, keys.with_name("demo-travellers.json"))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
