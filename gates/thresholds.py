"""1:N thresholds that follow the gallery size.

The more people a gallery holds, the likelier one of them resembles a
stranger: at a fixed threshold the false-positive identification rate
(FPIR) of a bare nearest-template search grows with the gallery size N, and
to hold FPIR at a target the threshold must fall as N grows. Measured on
real photos (docs/accuracy-1n.md, `skygate report accuracy`), that
threshold falls about linearly in ln N, so a gate uses

    t(N) = threshold + slope * ln(reference_size / N),   capped at `ceiling`

where `threshold` is the calibrated value for a gallery of `reference_size`
(a flight of 400 at boarding, a busy airport's 50,000 at security), `slope`
the fall per e-fold of N (0: the same threshold at every size) and
`ceiling` the claimed-identity (1:1) threshold: a search over a handful of
travellers never accepts a face that 1:1 verification would refuse.

With the margin rule of `gates.identification.identify` the measured slope
is zero: in a crowded gallery a stranger's nearest and second-nearest
templates are close together, so the margin rejects more false candidates
as N grows and does the work the threshold would otherwise have to do
(docs/gates.md). The slope stays a setting for a deployment without a
margin, or for a re-calibration that finds one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BOARDING_REFERENCE_SIZE",
    "CALIBRATED",
    "CALIBRATED_CLAIMED_THRESHOLD",
    "CALIBRATED_MARGIN",
    "SECURITY_REFERENCE_SIZE",
    "SizeAwareThreshold",
    "ThresholdTable",
    "threshold_for",
]

TouchpointKind = Literal["security", "boarding"]

#: Gallery sizes the per-kind thresholds are stated for.
BOARDING_REFERENCE_SIZE = 400  # one flight
SECURITY_REFERENCE_SIZE = 50_000  # a busy airport's departures in the security window


@dataclass(frozen=True, slots=True)
class SizeAwareThreshold:
    """A 1:N threshold as a function of the gallery size (see the module docstring)."""

    threshold: float
    reference_size: int
    slope: float = 0.0
    ceiling: float = math.inf

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 2:
            raise ValueError("threshold must be a Euclidean distance in (0, 2)")
        if self.reference_size < 1:
            raise ValueError("reference_size must be at least 1")
        if self.slope < 0:
            raise ValueError("slope must be >= 0: a bigger gallery never earns a looser threshold")
        if self.ceiling <= 0:
            raise ValueError("ceiling must be > 0")

    def at(self, gallery_size: int) -> float:
        """The threshold for a search over `gallery_size` templates (an empty gallery counts as 1)."""
        n = max(int(gallery_size), 1)
        return min(self.threshold + self.slope * math.log(self.reference_size / n), self.ceiling)


@dataclass(frozen=True, slots=True)
class ThresholdTable:
    """One size-aware threshold per touchpoint kind."""

    security: SizeAwareThreshold
    boarding: SizeAwareThreshold

    def threshold_for(self, kind: TouchpointKind, gallery_size: int) -> float:
        return (self.security if kind == "security" else self.boarding).at(gallery_size)

    @classmethod
    def from_settings(cls, *, security_threshold: float, boarding_threshold: float, slope: float,
                      ceiling: float) -> ThresholdTable:
        """Thresholds stated at the reference sizes (the service's settings), one slope."""
        return cls(
            security=SizeAwareThreshold(security_threshold, SECURITY_REFERENCE_SIZE, slope, ceiling),
            boarding=SizeAwareThreshold(boarding_threshold, BOARDING_REFERENCE_SIZE, slope, ceiling),
        )


#: Calibrated on the labelled real photos by `skygate report accuracy`
#: (docs/accuracy-1n.md): FPIR 0.003 at every gallery size measured, with this
#: margin; FMR 0.001 for the claimed check. app/settings.py defaults to these.
CALIBRATED_MARGIN = 0.11
CALIBRATED_CLAIMED_THRESHOLD = 0.54
CALIBRATED = ThresholdTable.from_settings(
    security_threshold=0.47, boarding_threshold=0.47, slope=0.0, ceiling=CALIBRATED_CLAIMED_THRESHOLD,
)


def threshold_for(kind: TouchpointKind, gallery_size: int, table: ThresholdTable = CALIBRATED) -> float:
    """The 1:N threshold for a search of `gallery_size` templates at a `kind` touchpoint."""
    return table.threshold_for(kind, gallery_size)
