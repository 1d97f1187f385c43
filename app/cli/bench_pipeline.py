"""`skygate bench pipeline`: face pipeline stage times by image size."""

from __future__ import annotations


def command() -> None:
    """Benchmark the face pipeline (not yet built)."""
    raise SystemExit("skygate bench pipeline is not built yet")
