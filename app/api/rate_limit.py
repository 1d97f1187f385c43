"""Per-client request limits for the endpoints that need no key.

The web kiosk's endpoints act with the kiosk's key held server-side, so
anyone who can reach the page can look bookings up by personal id. A limit
per client address keeps that to the pace of a traveller at a kiosk and
makes enumerating the registry through it slow. Counters live where
`storage` says (the `limits` library's storage URIs): `memory://` counts in
each worker on its own; `redis://host:6379` shares one count between every
worker and instance. Behind a reverse proxy every client shares the proxy's
address: limit there.
"""

from __future__ import annotations

import math
import time

from fastapi import Request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from app.api.problems import ApiError

__all__ = ["ClientRateLimit"]


class ClientRateLimit:
    """A FastAPI dependency: `rate` (e.g. "60/minute") per client address, then 429."""

    def __init__(self, rate: str, scope: str, storage: str = "memory://") -> None:
        self.item: RateLimitItem = parse(rate)
        self.scope = scope
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage))

    def __call__(self, request: Request) -> None:
        client = request.client.host if request.client else "unknown"
        if self._limiter.hit(self.item, self.scope, client):
            return
        reset_at, _ = self._limiter.get_window_stats(self.item, self.scope, client)
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise ApiError(429, "rate_limited", f"more than {self.item} from this client; "
                       f"try again in {retry_after} s", retry_after=retry_after)
