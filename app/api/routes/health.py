"""Liveness, readiness and the error-code catalogue."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from app.api.deps import CtxDep
from app.api.error_codes import ERRORS
from app.api.problems import ApiError

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(ctx: CtxDep) -> dict[str, object]:
    """Readiness: the database answers and the clock is readable."""
    try:
        with ctx.db.read() as session:
            session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any database failure means not ready
        raise ApiError(503, "unavailable", f"database unreachable: {type(exc).__name__}") from None
    return {"status": "ready", "database": ctx.db.dialect, "airport": ctx.settings.airport,
            "clock": ctx.clock.now().isoformat()}


@router.get("/errors")
def error_catalogue() -> dict[str, object]:
    """Every machine-readable error code the API returns."""
    return {"errors": [vars_of(e) for e in ERRORS.values()]}


@router.get("/errors/{code}")
def error_entry(code: str) -> dict[str, object]:
    """One error code: its status, title and meaning (the target of a problem's `type`)."""
    entry = ERRORS.get(code)
    if entry is None:
        raise ApiError(404, "not_found", f"no error code {code!r}")
    return vars_of(entry)


def vars_of(entry: object) -> dict[str, object]:
    return {k: getattr(entry, k) for k in ("code", "status", "title", "description")}
