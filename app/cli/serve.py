"""`skygate serve`: run the HTTP service with uvicorn."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import typer


def _single_threaded_blas() -> None:
    """Must happen before numpy loads in the workers (they inherit the environment)."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _multiprocess_metrics(workers: int) -> None:
    """Several workers need Prometheus' multiprocess mode to report one total."""
    if workers <= 1:
        return
    metrics_dir = Path("var/prometheus")
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir.resolve())


def command(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, min=1, help="Worker processes sharing the database."),
    log_level: str = typer.Option("warning", help="uvicorn's own log level."),
) -> None:
    """Serve the API (docs at /docs). Honours every SKYGATE_* variable."""
    _single_threaded_blas()
    _multiprocess_metrics(workers)
    import uvicorn

    from app.db.migrate import upgrade
    from app.settings import get_settings

    settings = get_settings()
    if workers > 1 and settings.database_url.startswith("sqlite"):
        typer.echo(
            f"warning: {workers} workers on SQLite: writes from different processes wait in SQLite's "
            "busy handler, so latency tails grow under load (docs/benchmarks.md); "
            "use PostgreSQL (SKYGATE_DATABASE_URL) for more than one worker.",
            err=True,
        )
    if settings.auto_migrate:
        upgrade(settings.database_url)
        os.environ["SKYGATE_AUTO_MIGRATE"] = "false"  # done once here, not per worker
    uvicorn.run(
        "app.main:create_app", factory=True, host=host, port=port, workers=workers,
        log_level=log_level, access_log=False, proxy_headers=False,
    )
