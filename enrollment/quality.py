"""Capture quality: figures measured on a face, and the thresholds that judge them.

Measuring and judging are separate on purpose: the figures are a property of
the photo (cached, logged, returned to the kiosk), the thresholds a policy
that calibration may move without measuring anything again.

The figures, all plain numbers:

- `faces`: faces the detector found; `second_face_ratio`: the width of the
  second-widest face over the widest (0 with one face) — a second face of
  similar size means nobody can tell who is enrolling (at a gate, that
  someone is tailgating: see `count_large_faces`);
- `face_width_px` (detector box) and `inter_eye_px` (between the eye
  centres, the ISO/IEC 19794-5 size measure), in the image's own pixels;
- `sharpness`: variance of the Laplacian of the face, grey levels, after the
  face box is resized to 128 x 128 px, so the figure does not depend on the
  camera's resolution (a bigger image of the same blur is not "sharper");
- `luminance_mean` and `luminance_std` of the face box (0-255 grey), so a
  backlit face in a bright hall is judged on the face, not the hall;
- `roll_deg`: the eye line's angle to the horizontal; `yaw_offset`: how far
  the nose base sits from the eyes' midpoint along the eye line, in units of
  the inter-eye distance (0 frontal, about 0.5 at a half-profile) — a pose
  proxy from landmarks, not a head-pose estimate.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import cv2
import numpy as np

from enrollment.facemodel import FaceBox, Landmarks
from matching.errors import InvalidInput

__all__ = [
    "QUALITY_SIDE",
    "QualityFigures",
    "QualityThresholds",
    "count_large_faces",
    "exposure",
    "measure",
    "pose",
    "sharpness",
]

#: Side in pixels the face box is resized to before sharpness is measured.
QUALITY_SIDE = 128


@dataclass(frozen=True, slots=True)
class QualityFigures:
    """What the quality checks measured on one capture (JSON-ready via `as_dict`)."""

    image_width: int
    image_height: int
    faces: int
    second_face_ratio: float
    detection_score: float
    face_width_px: int
    inter_eye_px: float
    sharpness: float
    luminance_mean: float
    luminance_std: float
    roll_deg: float
    yaw_offset: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, float | int]) -> QualityFigures:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    """Limits a capture must meet to be enrolled; see docs/accuracy.md for how
    the defaults were chosen from the labelled photos.

    `second_face_ratio`: a second face at least this fraction as wide as the
    biggest counts as a second traveller. Each check maps to one error code, tried in this order:
    `multiple_faces`, `face_too_small`, `bad_pose`, `bad_exposure`,
    `too_blurry` (size and light first: a tiny or a dark face also measures
    blurred, and "come closer" or "face the light" is the advice that helps).
    """

    second_face_ratio: float = 0.75
    min_inter_eye_px: float = 28.0
    max_roll_deg: float = 25.0
    max_yaw_offset: float = 0.35
    min_sharpness: float = 10.0
    min_luminance: float = 40.0
    max_luminance: float = 200.0
    min_luminance_std: float = 18.0

    def failure(self, q: QualityFigures) -> tuple[str, str] | None:
        """The first failed check as (code, readable reason), or None if all pass."""
        if q.faces > 1 and q.second_face_ratio >= self.second_face_ratio:
            return "multiple_faces", (
                f"{q.faces} faces are in the picture, the second as large as "
                f"{q.second_face_ratio:.0%} of the first; only the traveller should "
                "be in front of the camera"
            )
        if q.inter_eye_px < self.min_inter_eye_px:
            return "face_too_small", (
                f"the face is too small ({q.inter_eye_px:.0f} px between the eyes, "
                f"at least {self.min_inter_eye_px:.0f} needed); come closer to the camera"
            )
        if abs(q.roll_deg) > self.max_roll_deg or abs(q.yaw_offset) > self.max_yaw_offset:
            return "bad_pose", (
                f"the face is not frontal (tilt {q.roll_deg:.0f} degrees, turn "
                f"{q.yaw_offset:.2f}); look straight at the camera"
            )
        if not self.min_luminance <= q.luminance_mean <= self.max_luminance or (
            q.luminance_std < self.min_luminance_std
        ):
            return "bad_exposure", (
                f"the face is badly lit (brightness {q.luminance_mean:.0f}, contrast "
                f"{q.luminance_std:.0f}); face the light"
            )
        if q.sharpness < self.min_sharpness:
            return "too_blurry", (
                f"the picture is blurred (sharpness {q.sharpness:.0f}, at least "
                f"{self.min_sharpness:.0f} needed); hold still"
            )
        return None

    def check(self, q: QualityFigures) -> None:
        """Raise `InvalidInput` with the first failed check's code."""
        failed = self.failure(q)
        if failed:
            code, reason = failed
            raise InvalidInput(reason, code=code, quality=q.as_dict())


def count_large_faces(boxes: list[FaceBox], ratio: float) -> int:
    """Faces at least `ratio` as wide as the widest one (the widest included)."""
    if not boxes:
        return 0
    widest = max(b.width for b in boxes)
    return sum(1 for b in boxes if b.width >= ratio * widest)


def sharpness(grey_face: np.ndarray) -> float:
    """Variance of the Laplacian of a grey face crop resized to QUALITY_SIDE px."""
    h, w = grey_face.shape[:2]
    shrink = w > QUALITY_SIDE or h > QUALITY_SIDE
    face = cv2.resize(grey_face, (QUALITY_SIDE, QUALITY_SIDE),
                      interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    return float(cv2.Laplacian(face, cv2.CV_64F).var())


def exposure(grey_face: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of the grey levels of a face crop."""
    mean, std = cv2.meanStdDev(grey_face)
    return float(mean[0, 0]), float(std[0, 0])


def pose(landmarks: Landmarks) -> tuple[float, float]:
    """(roll in degrees, nose offset along the eye line in inter-eye distances)."""
    (lx, ly), (rx, ry) = landmarks.left_eye, landmarks.right_eye
    dx, dy = rx - lx, ry - ly
    ied = math.hypot(dx, dy)
    if ied == 0:
        return 0.0, 0.0
    roll = math.degrees(math.atan2(dy, dx))
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    nx, ny = landmarks.nose
    # Projection of (nose - eye midpoint) on the unit eye-line vector.
    offset = ((nx - mx) * dx + (ny - my) * dy) / (ied * ied)
    return roll, offset


def measure(
    *,
    rgb: np.ndarray,
    boxes: list[FaceBox],
    dominant: FaceBox,
    landmarks: Landmarks,
) -> QualityFigures:
    """All figures for the `dominant` face of `rgb`; boxes and landmarks in its pixels."""
    h, w = rgb.shape[:2]
    box = dominant.clipped(w, h)
    grey = cv2.cvtColor(rgb[box.top : box.bottom, box.left : box.right], cv2.COLOR_RGB2GRAY)
    mean, std = exposure(grey)
    roll, yaw = pose(landmarks)
    widths = sorted((b.width for b in boxes), reverse=True)
    return QualityFigures(
        image_width=w,
        image_height=h,
        faces=len(boxes),
        second_face_ratio=round(widths[1] / widths[0], 3) if len(widths) > 1 else 0.0,
        detection_score=round(dominant.score, 3),
        face_width_px=dominant.width,
        inter_eye_px=round(landmarks.inter_eye_distance, 1),
        sharpness=round(sharpness(grey), 1),
        luminance_mean=round(mean, 1),
        luminance_std=round(std, 1),
        roll_deg=round(roll, 1),
        yaw_offset=round(yaw, 3),
    )
