"""Request logs, Prometheus metrics and the clock header, in one ASGI middleware.

One JSON line per request in production (readable lines in development),
counters and latency histograms per route template (not per raw path, so
`/v1/bookings/ABC123` does not explode the label space), and the service
clock in `X-SkyGate-Clock` on every response.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import uuid
from typing import Any

import orjson
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings

__all__ = ["ObservabilityMiddleware", "configure_logging", "metrics_payload"]

REQUESTS = Counter(
    "skygate_http_requests_total", "HTTP requests by route and status.", ["method", "route", "status"]
)
LATENCY = Histogram(
    "skygate_http_request_duration_seconds", "HTTP request latency by route.", ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)

access_log = logging.getLogger("skygate.access")


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", {})
        return line + ("  " + " ".join(f"{k}={v}" for k, v in fields.items()) if fields else "")


def configure_logging(settings: Settings) -> None:
    """JSON lines in production (or when asked), readable lines otherwise."""
    use_json = settings.log_format == "json" or (
        settings.log_format == "auto" and settings.environment == "production"
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        _JsonFormatter() if use_json
        else _TextFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")
    )
    root = logging.getLogger("skygate")
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    root.propagate = False


def metrics_payload() -> tuple[bytes, str]:
    """Prometheus exposition; aggregates all workers when multiprocess mode is on."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


class ObservabilityMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware): adds no task or copy per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        state: dict[str, Any] = {"status": 500, "code": None}
        ctx = scope["app"].state.ctx if hasattr(scope["app"].state, "ctx") else None

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                headers = list(message.get("headers", []))
                for name, value in headers:
                    if name == b"x-error-code":
                        state["code"] = value.decode()
                headers.append((b"x-request-id", request_id.encode()))
                if ctx is not None:
                    headers.append((b"x-skygate-clock", ctx.clock.peek().isoformat().encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            self._record(scope, state, request_id, time.perf_counter() - started)

    @staticmethod
    def _record(scope: Scope, state: dict[str, Any], request_id: str, elapsed: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        method = scope["method"]
        REQUESTS.labels(method, template, str(state["status"])).inc()
        LATENCY.labels(method, template).observe(elapsed)
        if access_log.isEnabledFor(logging.INFO):
            fields = {
                "request_id": request_id, "method": method, "path": scope["path"],
                "route": template, "status": state["status"],
                "latency_ms": round(elapsed * 1000, 2),
                "touchpoint_id": scope.get("state", {}).get("touchpoint_id"),
                "code": state["code"],
            }
            access_log.info("%s %s %s", method, scope["path"], state["status"],
                            extra={"fields": {k: v for k, v in fields.items() if v is not None}})
