"""The base of every domain failure in SkyGate.

Domain packages raise subclasses of `DomainError`; each carries a stable,
machine-readable `code` (the same string the API, the logs, the kiosk and the
docs use) and a `category` that `app/` maps to an HTTP status in one place.
The domain never speaks HTTP itself.

    DomainError
     ├── InvalidInput    (category "invalid"    -> 422)
     │    └── BadTemplate  code "bad_template"
     ├── NotFound        (category "not_found"  -> 404)
     ├── Forbidden       (category "forbidden"  -> 403)
     ├── Conflict        (category "conflict"   -> 409)
     ├── TooLarge        (category "too_large"  -> 413)
     └── Unavailable     (category "unavailable"-> 503)
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "BadTemplate",
    "Conflict",
    "DomainError",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "TooLarge",
    "Unavailable",
]


class DomainError(Exception):
    """A failure with a stable code, safe to show to a caller.

    `detail` is a human sentence; `extra` holds machine-readable context that
    the API adds to the problem document (e.g. the right gate for `wrong_gate`).
    """

    category: ClassVar[str] = "invalid"
    default_code: ClassVar[str] = "invalid_request"

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.extra = extra

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, detail={self.detail!r})"


class InvalidInput(DomainError):
    category = "invalid"
    default_code = "invalid_request"


class BadTemplate(InvalidInput):
    default_code = "bad_template"


class NotFound(DomainError):
    category = "not_found"
    default_code = "not_found"


class Forbidden(DomainError):
    category = "forbidden"
    default_code = "forbidden"


class Conflict(DomainError):
    category = "conflict"
    default_code = "conflict"


class TooLarge(DomainError):
    category = "too_large"
    default_code = "payload_too_large"


class Unavailable(DomainError):
    category = "unavailable"
    default_code = "unavailable"
