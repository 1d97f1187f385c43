"""`skygate bench matching`: gallery search speed against its baselines."""

from __future__ import annotations


def command() -> None:
    """Benchmark the matching core (not yet built)."""
    raise SystemExit("skygate bench matching is not built yet")
