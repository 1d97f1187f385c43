"""Touchpoints the settings ask for (admin and kiosk keys), ensured at start-up."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.context import AppContext
from app.db.models import Touchpoint
from app.services.touchpoints import create_touchpoint, hash_key

__all__ = ["ensure_configured_touchpoints"]


def ensure_configured_touchpoints(ctx: AppContext) -> None:
    """Create `<airport>-ADMIN` / `<airport>-KIOSK-WEB` for configured keys if missing.

    Several workers start at once: when another one created the row first,
    the insert's conflict is the expected outcome, not a failed start.
    """
    try:
        _ensure(ctx)
    except IntegrityError:
        _ensure(ctx)  # the other worker's row is there now: nothing left to create


def _ensure(ctx: AppContext) -> None:
    wanted = [
        ("ADMIN", "admin", "Operations console", ctx.settings.admin_api_key),
        ("KIOSK-WEB", "kiosk", "Web kiosk", ctx.settings.kiosk_api_key),
    ]
    airport = ctx.settings.airport
    with ctx.db.write() as session:
        for suffix, role, location, secret in wanted:
            if secret is None:
                continue
            key = secret.get_secret_value()
            exists = session.scalar(select(Touchpoint).where(Touchpoint.api_key_hash == hash_key(key)))
            if exists is not None:
                continue
            same_id = session.get(Touchpoint, f"{airport}-{suffix}")
            if same_id is not None:  # the setting changed since: the configured key wins
                same_id.api_key_hash, same_id.role, same_id.active = hash_key(key), role, True
            else:
                create_touchpoint(
                    session, touchpoint_id=f"{airport}-{suffix}", role=role, airport=airport,
                    location=location, gate=None, now=ctx.clock.now(), api_key=key,
                )
