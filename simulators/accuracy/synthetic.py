"""Galleries of synthetic templates, for sizes no photo set reaches (50,000).

Uses `simulators.biometrics.SyntheticFaces`, whose impostor tail is
calibrated on the labelled photos (`skygate calibrate biometrics`). A
gallery template is a traveller's capture under the `enrolment` condition,
a scan is a capture of the same key under the `scan` condition, and a
stranger is a key that was never enrolled. Under the `photo` condition both
are like the labelled photos (the regime the thresholds were calibrated
in); `kiosk` -> `gate` uses the simulator's assumed, less noisy cooperative
captures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gates.thresholds import SECURITY_REFERENCE_SIZE
from simulators.accuracy.searches import Searches, fixed_gallery_searches

__all__ = ["SyntheticSource", "SyntheticSpec", "available", "default_specs", "synthetic_source"]

#: Matrix entries per chunk of the probes-by-gallery distances (~32 MB of float64).
_CHUNK_ENTRIES = 4_000_000


@dataclass(frozen=True)
class SyntheticSpec:
    """One synthetic gallery: its size and the capture conditions of gallery and scans."""

    size: int
    enrolment: str = "photo"
    scan: str = "photo"

    @property
    def like_photos(self) -> bool:
        return self.enrolment == self.scan == "photo"

    @property
    def label(self) -> str:
        return ("synthetic, like the photos" if self.like_photos
                else f"synthetic, {self.enrolment} -> {self.scan}")


SyntheticSource = Callable[[SyntheticSpec, int], Searches]


def default_specs(real_max: int) -> tuple[SyntheticSpec, ...]:
    """The largest real size again (does the model agree with the photos?), then 50,000
    like the photos and with cooperative captures."""
    return (SyntheticSpec(real_max), SyntheticSpec(SECURITY_REFERENCE_SIZE),
            SyntheticSpec(SECURITY_REFERENCE_SIZE, "kiosk", "gate"))


def available() -> bool:
    """Whether the synthetic biometrics are part of this build."""
    try:
        import simulators.biometrics  # noqa: F401
    except ModuleNotFoundError as exc:
        if exc.name != "simulators.biometrics":
            raise
        return False
    return True


def synthetic_source(faces: Any, *, mated: int = 2_000, strangers: int = 10_000) -> SyntheticSource:
    """`(spec, seed) -> Searches` over `spec.size` synthetic travellers.

    `mated` of them are scanned; `strangers` never-enrolled people are
    scanned too. Keys depend on the size and seed only, so the two capture
    conditions at one size search the same people.
    """

    def source(spec: SyntheticSpec, seed: int) -> Searches:
        rng = np.random.default_rng([seed, spec.size])
        travellers = [f"accuracy:{seed}:{spec.size}:traveller:{i}" for i in range(spec.size)]
        outsiders = [f"accuracy:{seed}:{spec.size}:stranger:{i}" for i in range(strangers)]
        scanned = rng.choice(spec.size, size=min(mated, spec.size), replace=False)
        gallery = faces.capture(travellers, spec.enrolment, rng)
        mated_probes = faces.capture([travellers[i] for i in scanned], spec.scan, rng)
        stranger_probes = faces.capture(outsiders, spec.scan, rng)
        return fixed_gallery_searches(np.asarray(gallery, np.float32), np.asarray(mated_probes, np.float32),
                                      scanned, np.asarray(stranger_probes, np.float32), seed=seed,
                                      chunk=max(1, _CHUNK_ENTRIES // spec.size), source=spec.label)

    return source
