"""Calibration studies over the labelled face set: 1:1 error rates and quality evidence.

The numbers behind docs/accuracy.md (`skygate report verification`):

- `summarise`: per subset, FTE (by code), the genuine and impostor distances
  among enrolled photos, and the EER;
- `choose_threshold`: the 1:1 threshold rule (the largest threshold, rounded
  down to a step, whose FMR stays within a target);
- `figure_percentiles` and `genuine_distance_by_bin`: how each quality figure
  is distributed on real photos, and how genuine distances grow where it is
  poor — the evidence for the quality thresholds;
- `degradation_sweep`: the same evidence under control: good photos blurred,
  shrunk, darkened, brightened or flattened step by step, measured through
  the pipeline and compared with the person's other photos.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import cv2
import numpy as np

from enrollment.faceset import FaceSet
from enrollment.imaging import DecodedImage
from enrollment.pipeline import FacePipeline
from matching import metrics
from matching.errors import DomainError

__all__ = [
    "DEGRADATIONS",
    "SubsetSummary",
    "SweepRow",
    "choose_threshold",
    "closest_impostors",
    "degradation_sweep",
    "figure_percentiles",
    "genuine_distance_by_bin",
    "summarise",
]


@dataclass(frozen=True, slots=True)
class SubsetSummary:
    """1:1 figures of one subset (`all` = both)."""

    name: str
    fte: metrics.FailureCounts
    genuine: np.ndarray
    impostor: np.ndarray
    eer: float
    eer_threshold: float

    def rates(self, threshold: float) -> tuple[float, float]:
        """(FMR, FNMR) at `threshold`."""
        return (float(metrics.fmr(self.impostor, threshold)),
                float(metrics.fnmr(self.genuine, threshold)))

    def counts(self, threshold: float) -> tuple[int, int]:
        """(false matches, false non-matches) at `threshold`."""
        return (int(np.count_nonzero(self.impostor <= threshold)),
                int(np.count_nonzero(self.genuine > threshold)))


def summarise(faces: FaceSet, subset: str | None) -> SubsetSummary:
    """FTE over the subset's labelled photos; distances over the enrolled ones."""
    people = faces.indices(subset, enrolled=None)
    fte = metrics.count_failures(faces.results[i].failure for i in people)
    genuine, impostor = faces.scores(faces.indices(subset))
    rate, threshold = metrics.eer(genuine, impostor) if genuine.size and impostor.size else (
        math.nan, math.nan)
    return SubsetSummary(subset or "all", fte, genuine, impostor, rate, threshold)


def choose_threshold(impostor: np.ndarray, target_fmr: float, step: float = 0.01) -> float:
    """The largest multiple of `step` whose FMR is at most `target_fmr`."""
    exact = metrics.threshold_at_rate(impostor, target_fmr)
    return round(math.floor(exact / step + 1e-9) * step, 6)


def closest_impostors(faces: FaceSet, subset: str | None, k: int = 10
                      ) -> list[tuple[float, str, str]]:
    """The k impostor pairs with the smallest distances: (distance, path, path)."""
    index = faces.indices(subset)
    distances = faces.distance_matrix(index)
    ident = np.array([faces.results[i].photo.identity for i in index])
    upper = np.triu(np.ones(distances.shape, dtype=bool), k=1)
    rows, cols = np.nonzero(upper & (ident[:, None] != ident[None, :]))
    d = distances[rows, cols]
    order = np.argsort(d)[:k]
    return [(float(d[o]), faces.results[index[rows[o]]].photo.path,
             faces.results[index[cols[o]]].photo.path) for o in order]


def figure_percentiles(faces: FaceSet, subset: str | None, figure: str,
                       percentiles: Iterable[float]) -> list[float]:
    """Percentiles of a quality figure (absolute value) over a subset's measured photos."""
    values = [abs(float(r.quality[figure])) for i in faces.indices(subset, enrolled=None)
              if (r := faces.results[i]).quality is not None]
    return [float(v) for v in np.percentile(values, list(percentiles))]


def genuine_distance_by_bin(faces: FaceSet, figure: str, edges: list[float]
                            ) -> list[tuple[float, float, int, int, float]]:
    """Per bin of a figure: (low, high, photos, genuine pairs, mean genuine distance).

    A pair is counted in the bin of each of its two photos, so a poor photo
    shows up in its bin whatever the quality of its partner. Every measured
    labelled photo takes part, whether or not it passed the thresholds.
    """
    index = np.array([i for i in faces.indices(None, enrolled=None)
                      if faces.results[i].template is not None])
    value = np.array([abs(float(faces.results[i].quality[figure])) for i in index])
    distances = faces.distance_matrix(index)
    ident = np.array([faces.results[i].photo.identity for i in index])
    group = np.array([faces.results[i].photo.group for i in index])
    genuine = (ident[:, None] == ident[None, :]) & (group[:, None] != group[None, :])
    rows = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (value >= low) & (value < high)
        d = distances[inside][genuine[inside]]
        rows.append((low, high, int(inside.sum()), int(d.size),
                     float(d.mean()) if d.size else float("nan")))
    return rows


def _blur(rgb: np.ndarray, face_width: float, level: float) -> np.ndarray:
    return cv2.GaussianBlur(rgb, (0, 0), level * face_width) if level else rgb


def _shrink(rgb: np.ndarray, inter_eye: float, level: float) -> np.ndarray:
    scale = level / inter_eye
    return cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _gain(rgb: np.ndarray, _: float, level: float) -> np.ndarray:
    return np.clip(rgb.astype(np.float32) * level, 0, 255).astype(np.uint8)


def _contrast(rgb: np.ndarray, _: float, level: float) -> np.ndarray:
    x = rgb.astype(np.float32)
    return np.clip(x.mean() + (x - x.mean()) * level, 0, 255).astype(np.uint8)


#: name -> (what the level means, levels, figure to report, transform, photo figure it uses)
DEGRADATIONS: dict[str, tuple[str, list[float], str, Callable[..., np.ndarray], str]] = {
    "blur": ("Gaussian sigma, share of the face width", [0, 0.01, 0.02, 0.03, 0.05],
             "sharpness", _blur, "face_width_px"),
    "size": ("inter-eye distance after shrinking, px", [60, 40, 32, 28, 24, 20, 16],
             "inter_eye_px", _shrink, "inter_eye_px"),
    "light": ("brightness gain", [0.25, 0.4, 0.6, 1.0, 1.5, 2.0],
              "luminance_mean", _gain, "inter_eye_px"),
    "contrast": ("contrast factor around the mean", [0.15, 0.25, 0.4, 0.6, 1.0],
                 "luminance_std", _contrast, "inter_eye_px"),
}


@dataclass(frozen=True, slots=True)
class SweepRow:
    """One degradation level: the figure it produced and what it did to matching."""

    kind: str
    level: float
    probes: int
    figure_median: float
    mean_genuine_distance: float
    failures: dict[str, int]


def degradation_sweep(
    faces: FaceSet,
    pipeline: FacePipeline,
    *,
    probes: int = 30,
    seed: int = 0,
    min_inter_eye: float = 60.0,
    on_step: Callable[[], None] | None = None,
) -> list[SweepRow]:
    """Degrade good photos step by step and measure them against the person's others.

    Probes: enrolled named photos with at least `min_inter_eye` px between the
    eyes whose identity has other photos, scaled down to exactly that size
    first; each degraded probe is measured with
    `pipeline.measure` (figures and template, never refused) and its mean
    distance to the identity's other photos recorded. `failures` counts what
    could not be measured at all (`no_face`).
    """
    index = faces.indices("named")
    by_identity: dict[str, list[int]] = {}
    for i in index:
        by_identity.setdefault(faces.results[i].photo.identity, []).append(int(i))
    candidates = [i for i in index
                  if faces.results[i].quality["inter_eye_px"] >= min_inter_eye
                  and _others(faces, by_identity, int(i))]
    chosen = random.Random(seed).sample(candidates, min(probes, len(candidates)))
    originals = {i: _normalised(faces, pipeline, i, min_inter_eye) for i in chosen}
    rows = []
    for kind, (_, levels, figure, transform, basis) in DEGRADATIONS.items():
        for level in levels:
            rows.append(_sweep_level(faces, pipeline, originals, by_identity, kind, level,
                                     figure, transform, basis))
            if on_step:
                on_step()
    return rows


def _normalised(faces: FaceSet, pipeline: FacePipeline, i: int, inter_eye: float
                ) -> tuple[np.ndarray, dict[str, float]]:
    """The probe decoded once and scaled so its eyes are `inter_eye` px apart.

    Every probe then starts from the same face size (and the sweep runs in a
    minute instead of decoding multi-megapixel photos 23 times each).
    """
    result = faces.results[i]
    rgb = pipeline.decode((faces.folder / result.photo.path).read_bytes()).rgb
    scale = inter_eye / float(result.quality["inter_eye_px"])
    if scale < 1:
        rgb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    else:
        scale = 1.0
    figures = {k: float(v) * scale for k, v in result.quality.items()
               if k in ("inter_eye_px", "face_width_px")}
    return np.ascontiguousarray(rgb), figures


def _others(faces: FaceSet, by_identity: dict[str, list[int]], i: int) -> list[int]:
    me = faces.results[i].photo
    return [j for j in by_identity[me.identity] if faces.results[j].photo.group != me.group]


def _sweep_level(faces: FaceSet, pipeline: FacePipeline,
                 originals: dict[int, tuple[np.ndarray, dict[str, float]]],
                 by_identity: dict[str, list[int]], kind: str, level: float, figure: str,
                 transform: Callable[..., np.ndarray], basis: str) -> SweepRow:
    distances, values, failures = [], [], Counter()
    for i, (rgb, figures) in originals.items():
        degraded = np.ascontiguousarray(transform(rgb, figures[basis], level))
        try:
            capture = pipeline.measure(DecodedImage(degraded, "png", 0))
        except DomainError as exc:
            failures[exc.code] += 1
            continue
        others = faces.templates(np.array(_others(faces, by_identity, i)))
        distances.append(float(np.linalg.norm(others - capture.template, axis=1).mean()))
        values.append(float(capture.quality.as_dict()[figure]))
    return SweepRow(kind, level, len(originals), float(np.median(values)) if values else math.nan,
                    float(np.mean(distances)) if distances else math.nan, dict(failures))
