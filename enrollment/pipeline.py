"""The face pipeline: bytes in, a checked 128-d template out.

    decode      limits, format allow-list, truncation, EXIF orientation (imaging)
    detect      HOG on a copy scaled to a pixel budget; boxes mapped back
    landmarks   on a crop around the widest face, scaled so the face is at
                most `max_face_px` wide (bigger adds time, not accuracy: the
                encoder sees a 150 x 150 chip)
    quality     figures on the same face (quality)
    encode      the template, from the same crop

Three entry points share those stages:

- `enrol`: the check-in path; every quality threshold is enforced and a
  failure raises `InvalidInput` with its code (`no_face`, `multiple_faces`,
  `face_too_small`, `bad_pose`, `bad_exposure`, `too_blurry`);
- `scan`: the gate camera path; only an unreadable image or no face at all
  raises; several faces are reported (boxes, `large_faces`) for the gate to
  judge tailgating, and the first failed quality check is reported too;
- `measure`: calibration; like `scan` but never judges, so the figures and
  the template of every photo can be cached once and judged many times.

Stage times go into an optional `timings` dict (milliseconds), which the
benchmark reads and the API may log.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from enrollment import quality as q
from enrollment.facemodel import FaceBox, FaceModel, Landmarks
from enrollment.imaging import DecodedImage, ImageLimits, decode_image
from matching.errors import InvalidInput
from matching.templates import check_template

__all__ = [
    "GATE_FACE_RATIO",
    "PIPELINE_VERSION",
    "DetectionParams",
    "FaceCapture",
    "FacePipeline",
    "GateCapture",
    "Inspection",
]

#: A face at least this fraction as wide as the widest is "large" at a gate.
GATE_FACE_RATIO = 0.5

#: Bump when a change to the stages changes templates or figures (cache key).
PIPELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class DetectionParams:
    """How hard the detector looks, which bounds its cost.

    The detector runs on a copy of the image scaled so that a face
    `min_face_px` wide reaches the detector's own minimum (80 px for dlib
    HOG), but never past `max_pixels` in total: detection time grows with
    pixels, and a 12 Mpx photo must cost no more than a 1 Mpx one. With the
    defaults, a 1920 x 1080 frame is detected at 1333 x 750 (smallest face
    found: ~115 px wide) and a 250 x 250 photo at 500 x 500 (~40 px).
    """

    max_pixels: int = 1_000_000
    min_face_px: int = 40
    max_face_px: int = 320
    crop_margin: float = 0.6

    def cache_key(self, model_name: str) -> str:
        """A string that changes whenever templates or figures could change."""
        return (f"v{PIPELINE_VERSION}-{model_name}-px{self.max_pixels}-min{self.min_face_px}"
                f"-max{self.max_face_px}-m{self.crop_margin}")


@dataclass(frozen=True, slots=True)
class Inspection:
    """Faces found in one image and the figures of the widest; not yet encoded."""

    faces: tuple[FaceBox, ...]
    landmarks: Landmarks
    quality: q.QualityFigures
    face_rgb: np.ndarray = field(repr=False)
    face_landmarks: Landmarks = field(repr=False)

    @property
    def box(self) -> FaceBox:
        return self.faces[0]


@dataclass(frozen=True, slots=True)
class FaceCapture:
    """A template with where it came from: the check-in result."""

    template: np.ndarray
    box: FaceBox
    faces: tuple[FaceBox, ...]
    quality: q.QualityFigures
    model: str
    failure: str | None = None

    @property
    def quality_dict(self) -> dict[str, float | int]:
        return self.quality.as_dict()


@dataclass(frozen=True, slots=True)
class GateCapture:
    """What a gate camera saw: every face, and the template of the widest.

    `large_faces` counts the faces at least `large_face_ratio` (default
    GATE_FACE_RATIO) as wide as the widest, the widest included: more than
    one is a tailgating signal.
    `problem` is the first failed quality check other than `multiple_faces`
    (e.g. `face_too_small`), or None.
    """

    template: np.ndarray
    box: FaceBox
    faces: tuple[FaceBox, ...]
    large_faces: int
    quality: q.QualityFigures
    model: str
    problem: str | None


class FacePipeline:
    """Decode, detect, check and encode face images; one instance per process is enough.

    Thread-safe: the instance holds only settings and a thread-safe model.
    """

    def __init__(
        self,
        model: FaceModel | None = None,
        *,
        limits: ImageLimits | None = None,
        detection: DetectionParams | None = None,
        thresholds: q.QualityThresholds | None = None,
    ) -> None:
        if model is None:
            from enrollment.dlib_model import default_model

            model = default_model()
        self.model = model
        self.limits = limits or ImageLimits()
        self.detection = detection or DetectionParams()
        self.thresholds = thresholds or q.QualityThresholds()

    @property
    def cache_key(self) -> str:
        return self.detection.cache_key(self.model.name)

    def decode(self, data: bytes) -> DecodedImage:
        return decode_image(data, self.limits)

    def detection_scale(self, width: int, height: int) -> float:
        """Factor the image is resized by before detection (see DetectionParams)."""
        p = self.detection
        wanted = self.model.detector_min_face / p.min_face_px
        budget = math.sqrt(p.max_pixels / (width * height))
        return min(wanted, budget)

    def find_faces(self, rgb: np.ndarray) -> list[FaceBox]:
        """Every face in `rgb`, widest first, boxes in `rgb`'s pixels."""
        h, w = rgb.shape[:2]
        scale = self.detection_scale(w, h)
        if abs(scale - 1.0) < 0.02:
            small = rgb
        else:
            size = (max(1, round(w * scale)), max(1, round(h * scale)))
            interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
            small = cv2.resize(rgb, size, interpolation=interpolation)
            scale = size[0] / w
        boxes = [b.scaled(1 / scale).clipped(w, h) for b in self.model.detect(small)]
        boxes = [b for b in boxes if b.width > 0 and b.height > 0]
        return sorted(boxes, key=lambda b: (b.width, b.score), reverse=True)

    def inspect(self, image: bytes | DecodedImage, timings: dict[str, float] | None = None
                ) -> Inspection:
        """Decode (if bytes), find the faces, and measure the widest; raise `no_face`."""
        if isinstance(image, bytes | bytearray | memoryview):
            with _stage(timings, "decode"):
                image = self.decode(bytes(image))
        rgb = image.rgb
        with _stage(timings, "detect"):
            faces = self.find_faces(rgb)
        if not faces:
            raise InvalidInput("no face was found in the image", code="no_face")
        with _stage(timings, "landmarks"):
            face_rgb, offset, scale = self._face_crop(rgb, faces[0])
            local_box = FaceBox(
                top=round((faces[0].top - offset[1]) * scale),
                right=round((faces[0].right - offset[0]) * scale),
                bottom=round((faces[0].bottom - offset[1]) * scale),
                left=round((faces[0].left - offset[0]) * scale),
                score=faces[0].score,
            )
            face_landmarks = self.model.landmarks(face_rgb, local_box)
            landmarks = face_landmarks.shifted(offset[0] * scale, offset[1] * scale, 1 / scale)
        with _stage(timings, "quality"):
            figures = q.measure(rgb=rgb, boxes=faces, dominant=faces[0], landmarks=landmarks)
        return Inspection(tuple(faces), landmarks, figures, face_rgb, face_landmarks)

    def _face_crop(self, rgb: np.ndarray, box: FaceBox
                   ) -> tuple[np.ndarray, tuple[int, int], float]:
        """The region around `box`, scaled so the face is at most `max_face_px` wide.

        Returns (crop, (x0, y0) of the crop in `rgb`, scale applied).
        """
        h, w = rgb.shape[:2]
        pad = round(self.detection.crop_margin * max(box.width, box.height))
        x0, y0 = max(box.left - pad, 0), max(box.top - pad, 0)
        x1, y1 = min(box.right + pad, w), min(box.bottom + pad, h)
        crop = rgb[y0:y1, x0:x1]
        scale = min(1.0, self.detection.max_face_px / max(box.width, 1))
        if scale < 1.0:
            size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
            crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
            scale = size[0] / (x1 - x0)
        return np.ascontiguousarray(crop), (x0, y0), scale

    def encode(self, inspection: Inspection, timings: dict[str, float] | None = None
               ) -> np.ndarray:
        """The checked (128,) float32 template of the inspected face."""
        with _stage(timings, "encode"):
            vector = self.model.encode(inspection.face_rgb, inspection.face_landmarks)
        return check_template(vector)

    def enrol(self, image: bytes | DecodedImage, timings: dict[str, float] | None = None
              ) -> FaceCapture:
        """Check-in: every quality check enforced, then the template.

        Raises `TooLarge`/`InvalidInput` (`image_too_large`, `bad_image`,
        `no_face`, `multiple_faces`, `face_too_small`, `bad_pose`,
        `bad_exposure`, `too_blurry`); the error's `extra["quality"]` holds
        the figures when a face was measured.
        """
        found = self.inspect(image, timings)
        self.thresholds.check(found.quality)
        return FaceCapture(
            template=self.encode(found, timings),
            box=found.box,
            faces=found.faces,
            quality=found.quality,
            model=self.model.name,
        )

    def measure(self, image: bytes | DecodedImage, timings: dict[str, float] | None = None
                ) -> FaceCapture:
        """Calibration: figures and template of the widest face, judged but never refused.

        `failure` holds the code `enrol` would raise (or None). Raises only
        when there is nothing to measure (bad image, no face).
        """
        found = self.inspect(image, timings)
        failed = self.thresholds.failure(found.quality)
        return FaceCapture(
            template=self.encode(found, timings),
            box=found.box,
            faces=found.faces,
            quality=found.quality,
            model=self.model.name,
            failure=failed[0] if failed else None,
        )

    def scan(self, image: bytes | DecodedImage, timings: dict[str, float] | None = None,
             *, large_face_ratio: float = GATE_FACE_RATIO) -> GateCapture:
        """Gate camera: every face reported, the widest encoded, quality reported not enforced.

        `large_face_ratio`: a face at least this fraction as wide as the widest
        counts in `large_faces`. Lower than enrolment's `second_face_ratio`,
        because at a gate the next person in line stands one to two metres
        behind the traveller (half their face width or more), where at a
        kiosk a bystander that far back is harmless.
        """
        found = self.inspect(image, timings)
        failed = replace(self.thresholds, second_face_ratio=math.inf).failure(found.quality)
        return GateCapture(
            template=self.encode(found, timings),
            box=found.box,
            faces=found.faces,
            large_faces=q.count_large_faces(list(found.faces), large_face_ratio),
            quality=found.quality,
            model=self.model.name,
            problem=failed[0] if failed else None,
        )


@contextmanager
def _stage(timings: dict[str, float] | None, name: str) -> Iterator[None]:
    """Add the block's wall time in ms to `timings[name]` (no-op without a dict)."""
    if timings is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + (time.perf_counter() - start) * 1000
