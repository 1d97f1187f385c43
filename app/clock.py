"""The one clock every time rule of the service reads.

By default it is real time. An admin can set a simulated "now" and a speed
(`PUT /v1/clock`), so a simulation can run a whole departure day in minutes:
simulated time = `sim_anchor + (real_now - real_anchor) * speed`.

Several worker processes share one database, so the simulated clock is kept
there (`clock_state` table); each process re-reads it at most every
`refresh_seconds`, and at once in the process that changed it. This is the only
module that reads the wall clock; domain code receives `now` as an argument.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "ClockState", "wall_now"]


def wall_now() -> datetime:
    """Real UTC time, aware."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ClockState:
    """A simulated clock: `sim_anchor` at `real_anchor`, advancing `speed`x."""

    sim_anchor: datetime
    real_anchor: datetime
    speed: float

    def at(self, real: datetime) -> datetime:
        """The simulated time at real time `real`."""
        return self.sim_anchor + (real - self.real_anchor) * self.speed


class Clock:
    """Real time unless a simulated `ClockState` is set.

    `load` and `save` connect it to shared storage (the database); without
    them the clock is process-local, which is what unit tests and the offline
    simulation want.
    """

    def __init__(
        self,
        *,
        load: Callable[[], ClockState | None] | None = None,
        save: Callable[[ClockState | None], None] | None = None,
        refresh_seconds: float = 0.5,
        real_now: Callable[[], datetime] = wall_now,
    ) -> None:
        self._load = load
        self._save = save
        self._refresh = refresh_seconds
        self._real_now = real_now
        self._state: ClockState | None = None
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Current service time (aware UTC)."""
        state = self.state()
        real = self._real_now()
        return real if state is None else state.at(real)

    def peek(self) -> datetime:
        """The service time from the last state read, never touching storage.

        For the event loop (the `X-SkyGate-Clock` header): a database read there
        would block every request of the worker.
        """
        state = self._state
        real = self._real_now()
        return real if state is None else state.at(real)

    def state(self) -> ClockState | None:
        """The simulated state, or None for real time (re-read from storage when stale)."""
        if self._load is not None and time.monotonic() - self._loaded_at > self._refresh:
            with self._lock:
                if time.monotonic() - self._loaded_at > self._refresh:
                    self._state = self._load()
                    self._loaded_at = time.monotonic()
        return self._state

    @property
    def speed(self) -> float:
        state = self.state()
        return 1.0 if state is None else state.speed

    def set(self, now: datetime, speed: float = 1.0) -> ClockState:
        """Jump to simulated time `now`, then advance `speed` times faster than real time."""
        if now.tzinfo is None:
            raise ValueError("the simulated time must carry a UTC offset")
        if not 0 < speed <= 100_000:
            raise ValueError("speed must be in (0, 100000]")
        state = ClockState(sim_anchor=now.astimezone(UTC), real_anchor=self._real_now(), speed=speed)
        self._store(state)
        return state

    def reset(self) -> None:
        """Return to real time."""
        self._store(None)

    def advance(self, delta: timedelta) -> datetime:
        """Move simulated time forward by `delta`, keeping the speed (tests use it)."""
        return self.set(self.now() + delta, self.speed).sim_anchor

    def _store(self, state: ClockState | None) -> None:
        with self._lock:
            if self._save is not None:
                self._save(state)
            self._state = state
            self._loaded_at = time.monotonic()
