"""`skygate db ...`: database migrations."""

from __future__ import annotations

import typer

app = typer.Typer(help="Database schema migrations (Alembic).", no_args_is_help=True)


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations up to REVISION (default: the newest) on SKYGATE_DATABASE_URL."""
    from app.db.migrate import upgrade as run_upgrade
    from app.settings import get_settings

    settings = get_settings()
    run_upgrade(settings.database_url, revision)
    typer.echo(f"database at {revision}: {_redact(settings.database_url)}")


@app.command("current")
def current() -> None:
    """Print the database's current revision."""
    from alembic import command

    from app.db.migrate import alembic_config
    from app.settings import get_settings

    command.current(alembic_config(get_settings().database_url))


def _redact(url: str) -> str:
    """Hide a password in a URL before printing it."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
