"""Touchpoints the settings ask for (admin and kiosk keys), ensured at start-up."""

from __future__ import annotations

from sqlalchemy import select

from app.context import AppContext
from app.db.models import Touchpoint
from app.services.touchpoints import create_touchpoint, hash_key

__all__ = ["ensure_configured_touchpoints"]


def ensure_configured_touchpoints(ctx: AppContext) -> None:
    """Create `<airport>-ADMIN` / `<airport>-KIOSK-WEB` for configured keys if missing."""
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
            if exists is None:
                create_touchpoint(
                    session, touchpoint_id=f"{airport}-{suffix}", role=role, airport=airport,
                    location=location, gate=None, now=ctx.clock.now(), api_key=key,
                )
