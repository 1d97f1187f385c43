"""RFC 9457 problem details: the one place failures become HTTP responses.

Every error body is `application/problem+json` with `type`, `title`,
`status`, `detail` and SkyGate's `code`; domain exceptions carry the code and
a category, which maps to the status here.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from app.api.error_codes import ERRORS, STATUS_BY_CATEGORY, lookup
from matching.errors import DomainError

__all__ = ["ApiError", "install_handlers", "problem"]

log = logging.getLogger("skygate.api")

_CODE_BY_HTTP_STATUS = {
    401: "unauthenticated",
    403: "forbidden_role",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    503: "unavailable",
}


class ApiError(Exception):
    """A failure that only exists at the HTTP layer (authentication, roles)."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra


_RESERVED = frozenset({"type", "title", "status", "detail", "code", "instance"})


def problem(status: int, code: str, detail: str, /, **extra: Any) -> Response:
    """A problem+json response; the code also lands in the request log.

    Extension members never overwrite the standard ones.
    """
    entry = lookup(code, status)
    body = {"type": f"/errors/{code}", "title": entry.title, "status": status, "detail": detail, "code": code}
    body.update({k: v for k, v in extra.items() if v is not None and k not in _RESERVED})
    headers = {"WWW-Authenticate": "ApiKey"} if status == 401 else {}
    if extra.get("retry_after") is not None:
        headers["Retry-After"] = str(extra["retry_after"])
    response = Response(
        orjson.dumps(body, default=str), status_code=status,
        media_type="application/problem+json", headers=headers,
    )
    response.headers["X-Error-Code"] = code
    return response


def _validation_code(errors: list[dict[str, Any]]) -> str:
    """Prefer a domain code raised inside a validator (e.g. invalid_personal_id)."""
    for error in errors:
        if error.get("type") in ERRORS:
            return str(error["type"])
    return "validation_error"


def _plain(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in errors
    ]


def install_handlers(app: FastAPI) -> None:
    """Map every failure to a problem document."""

    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> Response:
        status = STATUS_BY_CATEGORY.get(exc.category, 422)
        return problem(status, exc.code, exc.detail, **exc.extra)

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> Response:
        return problem(exc.status, exc.code, exc.detail, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        code = _validation_code(errors)
        detail = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in errors)
        return problem(422, code, detail or "invalid request", errors=_plain(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        code = _CODE_BY_HTTP_STATUS.get(exc.status_code, "invalid_request")
        return problem(exc.status_code, code, str(exc.detail))

    @app.exception_handler(ClientDisconnect)
    async def _gone(_: Request, __: ClientDisconnect) -> Response:
        # The client hung up mid-upload (a load test stopping, a camera rebooting): nobody
        # will read an answer, and it is not a server error worth a traceback.
        return problem(400, "invalid_request", "the client disconnected before the request was complete")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "internal_error", "an unexpected error occurred; it has been logged")
