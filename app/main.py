"""The FastAPI application factory and its lifespan.

Heavy things (database engine, migrations, galleries, the face model) load in
the lifespan, never at import, so `create_app` is cheap and tests can build
an app per database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import Response
from threadpoolctl import threadpool_limits

from app.api.problems import install_handlers
from app.api.rate_limit import ClientRateLimit
from app.api.routes import (
    bookings,
    citizens,
    clock,
    dashboard,
    enrolments,
    flights,
    health,
    journeys,
    kiosk,
    scans,
    touchpoints,
)
from app.context import build_context
from app.db.migrate import upgrade
from app.observability import ObservabilityMiddleware, configure_logging, metrics_payload
from app.services.bootstrap import ensure_configured_touchpoints
from app.services.retention import purge_periodically
from app.settings import Settings, get_settings
from app.web import mount_pages

__all__ = ["create_app"]

log = logging.getLogger("skygate.app")



def _lifespan(settings: Settings):  # noqa: ANN202 - FastAPI's lifespan type is verbose
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings)
        # One BLAS thread per call: the request pool provides the parallelism
        # (see DESIGN.md, "Thread oversubscription trap").
        threadpool_limits(limits=1)
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.request_threads
        if settings.auto_migrate:
            upgrade(settings.database_url)
        ctx = build_context(settings)
        ensure_configured_touchpoints(ctx)
        ctx.galleries.load()
        app.state.ctx = ctx
        log.info("SkyGate ready: airport=%s database=%s", settings.airport, ctx.db.dialect)
        purger = asyncio.create_task(purge_periodically(ctx, settings.purge_interval_seconds))
        try:
            yield
        finally:
            purger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purger
            ctx.close()

    return lifespan


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service. With no settings, read them from `SKYGATE_*` variables."""
    settings = settings or get_settings()
    app = FastAPI(
        title="SkyGate",
        version="0.1.0",
        summary="Biometric airport passenger flow: VNeID registry, enrolment, 1:N gates.",
        lifespan=_lifespan(settings),
    )
    install_handlers(app)
    app.add_middleware(ObservabilityMiddleware)
    # Built once here, not per request: the kiosk router's dependency only counts.
    app.state.kiosk_rate_limit = ClientRateLimit(settings.kiosk_rate_limit, "kiosk",
                                                 settings.rate_limit_storage)
    for module in (health, clock, touchpoints, scans, citizens, flights, bookings, enrolments, journeys,
                   dashboard, kiosk):
        app.include_router(module.router)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        body, content_type = metrics_payload()
        return Response(body, media_type=content_type)

    mount_pages(app)  # after the routers: /kiosk/api/... is a route, the rest of /kiosk/ is files
    return app
