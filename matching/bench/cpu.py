"""How much of the machine other processes used while we measured.

The machine is shared; a benchmark that cannot tell a quiet run from a
loaded one invites wrong conclusions. `OtherLoad` compares the whole
machine's busy CPU time (/proc/stat) with this process's own (os.times) over
a stretch of the run: 0.0 means nothing else ran, 0.5 means others kept one
of two cores busy. On systems without /proc/stat it reports None.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["OtherLoad"]

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _machine_ticks() -> tuple[int, int] | None:
    """(busy, total) jiffies over all CPUs, or None when /proc/stat is absent."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    values = [int(v) for v in fields[:8]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def _own_seconds() -> float:
    times = os.times()
    return times.user + times.system


class OtherLoad:
    """Measure other processes' share of all CPUs between `start()` and `share()`."""

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        self._machine = _machine_ticks()
        self._own = _own_seconds()

    def share(self) -> float | None:
        """Fraction of the machine's CPU capacity used by other processes (0..1)."""
        now = _machine_ticks()
        if now is None or self._machine is None:
            return None
        busy = (now[0] - self._machine[0]) / _TICKS
        total = (now[1] - self._machine[1]) / _TICKS
        if total <= 0:
            return None
        others = busy - (_own_seconds() - self._own)
        return min(1.0, max(0.0, others / total))
