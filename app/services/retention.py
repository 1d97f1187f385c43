"""Retention: templates are deleted a configurable time after their flight departs.

Journey events never held a template, so they stay as the audit trail; the
enrolment row stays too, with its template gone and status `purged`.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from app.db.engine import Database
from app.db.models import Enrolment, Flight
from app.services import journeys, sequences

__all__ = ["purge_expired", "purge_periodically"]

log = logging.getLogger("skygate.retention")
_BATCH = 1000


def purge_expired(db: Database, *, now: datetime, retention: timedelta) -> int:
    """Purge every active template whose flight departed more than `retention` ago."""
    cutoff = now - retention
    purged = 0
    while True:
        with db.write() as session:
            rows = session.execute(
                select(Enrolment, Flight.flight_id)
                .join(Flight, Flight.flight_id == Enrolment.flight_id)
                .where(Enrolment.status == "active", Flight.departure_time < cutoff)
                .limit(_BATCH)
            ).all()
            for enrolment, flight_id in rows:
                enrolment.template = None
                enrolment.status = "purged"
                enrolment.purged_at = enrolment.updated_at = now
                enrolment.seq = sequences.next_value(session)
                journeys.record_event(session, kind="purge", occurred_at=now, pnr=enrolment.pnr,
                                      flight_id=flight_id, reason="retention_expired")
        purged += len(rows)
        if len(rows) < _BATCH:
            return purged


async def purge_periodically(ctx, interval_seconds: float) -> None:  # noqa: ANN001 - AppContext
    """Background task of the service: purge, then catch the galleries up, forever."""
    retention = timedelta(hours=ctx.settings.retention_hours)
    while True:
        try:
            count = await run_in_threadpool(purge_expired, ctx.db, now=ctx.clock.now(), retention=retention)
            if count:
                await run_in_threadpool(ctx.galleries.catch_up)
                log.info("retention: purged %d templates", count)
        except Exception:  # noqa: BLE001 - a failed round must not end the task
            log.exception("retention purge failed; retrying next round")
        await asyncio.sleep(interval_seconds)
