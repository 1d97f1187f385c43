"""What the running service holds: settings, database, clock, galleries, the
face pipeline, caches.

Built once in the app's lifespan (never at import) and reached by routes
through `app/api/deps.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from app.caching import SingleFlightCache
from app.clock import Clock
from app.db.engine import Database
from app.galleries import GalleryService
from app.services.clock_store import database_clock
from app.services.touchpoints import DeviceCache
from app.settings import Settings
from enrollment.imaging import ImageLimits
from enrollment.pipeline import FacePipeline
from enrollment.policy import EnrolmentRules
from gates.scan import GatePolicy
from gates.windows import BoardingWindow

__all__ = ["AppContext", "build_context"]


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Clock
    galleries: GalleryService
    pipeline: FacePipeline
    dashboard_cache: SingleFlightCache
    devices: DeviceCache = field(default_factory=DeviceCache)

    @property
    def boarding_window(self) -> BoardingWindow:
        return boarding_window(self.settings)

    @property
    def enrolment_rules(self) -> EnrolmentRules:
        s = self.settings
        return EnrolmentRules(
            opens_before=timedelta(hours=s.enrolment_opens_hours),
            closes_before=timedelta(hours=s.enrolment_closes_hours),
            match_threshold=s.enrolment_threshold,
            max_failed_attempts=s.max_failed_attempts,
            lockout=timedelta(minutes=s.lockout_minutes),
        )

    @cached_property
    def gate_policy(self) -> GatePolicy:
        return GatePolicy.from_numbers(self.settings)

    def close(self) -> None:
        self.galleries.galleries.close()
        self.db.dispose()


def boarding_window(settings: Settings) -> BoardingWindow:
    return BoardingWindow.from_minutes(settings.boarding_opens_minutes, settings.boarding_closes_minutes)


def build_context(settings: Settings) -> AppContext:
    # Every request thread may hold a connection, plus the committer and the purge task.
    db = Database.from_url(settings.database_url, pool_size=settings.request_threads + 4)
    galleries = GalleryService(
        db, airport=settings.airport, security_window=timedelta(hours=settings.security_window_hours),
        boarding_window=boarding_window(settings),
    )
    pipeline = FacePipeline(limits=ImageLimits(max_bytes=settings.max_upload_bytes,
                                               max_pixels=settings.max_image_pixels))
    return AppContext(settings=settings, db=db, clock=database_clock(db), galleries=galleries,
                      pipeline=pipeline, dashboard_cache=SingleFlightCache(settings.dashboard_cache_seconds))
