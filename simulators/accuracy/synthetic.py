"""Galleries of synthetic templates, for sizes no photo set reaches (50,000).

Uses `simulators.biometrics.SyntheticFaces`, whose impostor tail is
calibrated on the labelled photos, the way the seeding and the gate
simulator use it: a traveller's gallery template is their enrolment capture
(`app` or `kiosk`), a gate scan is a `gate` capture of the same key, and a
stranger is a key that was never enrolled.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from simulators.accuracy.searches import Searches, fixed_gallery_searches

__all__ = ["available", "synthetic_source"]

#: Matrix entries per chunk of the probes-by-gallery distances (~32 MB of float64).
_CHUNK_ENTRIES = 4_000_000


def available() -> bool:
    """Whether the synthetic biometrics are part of this build."""
    try:
        import simulators.biometrics  # noqa: F401
    except ModuleNotFoundError as exc:
        if exc.name != "simulators.biometrics":
            raise
        return False
    return True


def synthetic_source(faces: Any, *, mated: int = 2_000, strangers: int = 10_000,
                     enrolment: str = "kiosk"):  # noqa: ANN201 - a SyntheticSource
    """`(size, seed) -> Searches` over `size` synthetic travellers' enrolment captures.

    `mated` of them are scanned at a gate; `strangers` never-enrolled people
    are scanned too. Keys are distinct per size and seed, so each gallery is
    a fresh draw of people.
    """

    def source(size: int, seed: int) -> Searches:
        rng = np.random.default_rng([seed, size])
        travellers = [f"accuracy:{seed}:{size}:traveller:{i}" for i in range(size)]
        outsiders = [f"accuracy:{seed}:{size}:stranger:{i}" for i in range(strangers)]
        gallery = np.asarray(faces.capture(travellers, enrolment, rng), dtype=np.float32)
        scanned = rng.choice(size, size=min(mated, size), replace=False)
        mated_probes = np.asarray(faces.capture([travellers[i] for i in scanned], "gate", rng),
                                  dtype=np.float32)
        stranger_probes = np.asarray(faces.capture(outsiders, "gate", rng), dtype=np.float32)
        return fixed_gallery_searches(gallery, mated_probes, scanned, stranger_probes, seed=seed,
                                      chunk=max(1, _CHUNK_ENTRIES // size), source="synthetic")

    return source
