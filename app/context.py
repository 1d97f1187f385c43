"""What the running service holds: settings, database, clock, caches.

Built once in the app's lifespan (never at import) and reached by routes
through `app/api/deps.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from app.clock import Clock
from app.db.engine import Database
from app.services.clock_store import database_clock
from app.services.touchpoints import DeviceCache
from app.settings import Settings
from gates.windows import BoardingWindow

__all__ = ["AppContext", "build_context"]


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Clock
    devices: DeviceCache = field(default_factory=DeviceCache)

    @property
    def boarding_window(self) -> BoardingWindow:
        return BoardingWindow(
            opens=timedelta(minutes=self.settings.boarding_opens_minutes),
            closes=timedelta(minutes=self.settings.boarding_closes_minutes),
        )

    def close(self) -> None:
        self.db.dispose()


def build_context(settings: Settings) -> AppContext:
    db = Database.from_url(settings.database_url)
    return AppContext(settings=settings, db=db, clock=database_clock(db))
