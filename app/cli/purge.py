"""`skygate purge`: delete templates past their retention time."""

from __future__ import annotations

import typer


def command(
    retention_hours: float | None = typer.Option(None, help="Override SKYGATE_RETENTION_HOURS."),
) -> None:
    """Delete the templates of flights that departed more than the retention time ago.

    "Now" is the service's clock: real time, or the simulated time when one is set.
    """
    from datetime import timedelta

    from app.db.engine import Database
    from app.services.clock_store import database_clock
    from app.services.retention import purge_expired
    from app.settings import get_settings

    settings = get_settings()
    db = Database.from_url(settings.database_url)
    hours = settings.retention_hours if retention_hours is None else retention_hours
    now = database_clock(db).now()
    count = purge_expired(db, now=now, retention=timedelta(hours=hours))
    typer.echo(
        f"purged {count} templates of flights departed before {(now - timedelta(hours=hours)).isoformat()}"
    )
    db.dispose()
