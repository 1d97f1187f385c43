"""A short-lived, single-flight cache for answers many clients poll.

Every open operations dashboard asks for the same summary every couple of
seconds; each computation reads the whole day (~100 ms at a busy airport).
Keeping the last answer for about a second makes the cost independent of
how many dashboards are open, and holding one lock while computing makes
requests that arrive meanwhile wait for that answer instead of starting
their own (no stampede when the entry expires).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["SingleFlightCache"]


class SingleFlightCache:
    """Answers by key, reused for `ttl` seconds of wall time; `ttl=0` turns caching off."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.ttl <= 0:
            return compute()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and time.monotonic() - hit[0] < self.ttl:
                return hit[1]
            value = compute()
            if len(self._entries) > 64:  # a few (window, limit) pairs in practice
                self._entries.clear()
            self._entries[key] = (time.monotonic(), value)
            return value
