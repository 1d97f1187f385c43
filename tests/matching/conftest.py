"""Fixtures for the matching tests: random templates and both scan paths."""

from __future__ import annotations

import numpy as np
import pytest

from matching import topk


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20251213)


@pytest.fixture(params=["one_chunk", "many_chunks"])
def chunking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the default chunk size and with chunks of a few rows.

    Small test galleries fit in one chunk, which would leave the streaming
    path (seeding, tightening across chunks) untested; tiny chunks force it.
    """
    if request.param == "many_chunks":
        monkeypatch.setattr(topk, "CHUNK_ELEMENTS", 24)
        monkeypatch.setattr(topk, "_MIN_CHUNK_ROWS", 5)
        monkeypatch.setattr(topk, "_RERANK_ROWS", 7)
    return request.param

