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
    impostors: str = "strangers"  # or "lookalikes": a twin of an enrolled traveller, with their pass

    @property
    def like_photos(self) -> bool:
        return self.enrolment == self.scan == "photo" and self.impostors == "strangers"

    @property
    def label(self) -> str:
        if self.like_photos:
            return "synthetic, like the photos"
        twins = ", look-alike impostors" if self.impostors == "lookalikes" else ""
        return f"synthetic, {self.enrolment} -> {self.scan}{twins}"


SyntheticSource = Callable[[SyntheticSpec, int], Searches]


def default_specs(real_max: int) -> tuple[SyntheticSpec, ...]:
    """The largest real size again (does the model agree with the photos?), then 50,000
    like the photos and with cooperative captures."""
    return (SyntheticSpec(real_max), SyntheticSpec(SECURITY_REFERENCE_SIZE),
            SyntheticSpec(SECURITY_REFERENCE_SIZE, "kiosk", "gate"),
            SyntheticSpec(SECURITY_REFERENCE_SIZE, "kiosk", "gate", "lookalikes"))


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
    scanned too: random people, or with `impostors="lookalikes"` a look-alike
    (`SyntheticFaces.lookalike_of`) of a random enrolled traveller, claiming
    that traveller's boarding pass. Keys depend on the size and seed only, so
    every spec of one size searches the same gallery people.
    """

    def source(spec: SyntheticSpec, seed: int) -> Searches:
        rng = np.random.default_rng([seed, spec.size])
        travellers = [f"accuracy:{seed}:{spec.size}:traveller:{i}" for i in range(spec.size)]
        scanned = rng.choice(spec.size, size=min(mated, spec.size), replace=False)
        gallery = faces.capture(travellers, spec.enrolment, rng)
        mated_probes = faces.capture([travellers[i] for i in scanned], spec.scan, rng)
        twins_of = None
        if spec.impostors == "lookalikes":
            twins_of = rng.integers(0, spec.size, strangers)
            latents = faces.lookalike_of([travellers[i] for i in twins_of], tag="accuracy")
            stranger_probes = faces.observe(latents, spec.scan, rng)
        else:
            outsiders = [f"accuracy:{seed}:{spec.size}:stranger:{i}" for i in range(strangers)]
            stranger_probes = faces.capture(outsiders, spec.scan, rng)
        return fixed_gallery_searches(
            np.asarray(gallery, np.float32), np.asarray(mated_probes, np.float32), scanned,
            np.asarray(stranger_probes, np.float32), nonmated_claims=twins_of, seed=seed,
            chunk=max(1, _CHUNK_ENTRIES // spec.size), source=spec.label)

    return source
