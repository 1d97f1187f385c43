"""The face model behind a small interface: detect, landmarks, encode.

The pipeline, the quality checks and everything above them see numpy arrays
and the plain types here, never dlib. A second model (a CNN detector, an ONNX
encoder) is one more `FaceModel` subclass; its templates get a new `name`,
because templates from two models are not comparable.

Coordinates are image pixels, x to the right and y down; boxes keep
face_recognition's (top, right, bottom, left) order, which its users know.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

__all__ = ["FaceBox", "FaceModel", "Landmarks"]


@dataclass(frozen=True, slots=True)
class FaceBox:
    """A detected face: pixel box (top, right, bottom, left) and detector score.

    `score` is the detector's confidence (for dlib HOG, the SVM margin: 0 is
    the decision boundary, frontal faces in good light score 1-3).
    """

    top: int
    right: int
    bottom: int
    left: int
    score: float = 0.0

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def area(self) -> int:
        return self.width * self.height

    def scaled(self, factor: float) -> FaceBox:
        """The same box in an image `factor` times the size (maps detections back)."""
        return FaceBox(
            top=round(self.top * factor),
            right=round(self.right * factor),
            bottom=round(self.bottom * factor),
            left=round(self.left * factor),
            score=self.score,
        )

    def clipped(self, width: int, height: int) -> FaceBox:
        """The box trimmed to an image of `width` x `height` pixels."""
        return FaceBox(
            top=max(self.top, 0),
            right=min(self.right, width),
            bottom=min(self.bottom, height),
            left=max(self.left, 0),
            score=self.score,
        )

    def as_dict(self) -> dict[str, float | int]:
        """JSON-ready form, as the API and the logs show it."""
        return {
            "top": self.top,
            "right": self.right,
            "bottom": self.bottom,
            "left": self.left,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True, slots=True)
class Landmarks:
    """Facial landmarks of one face, in image pixels.

    `points` is the model's own array (N, 2) of (x, y), handed back to the
    same model's `encode`; the named points are what the quality checks use:
    the eye centres as they appear in the image (left = smaller x) and the
    base of the nose.
    """

    points: np.ndarray
    left_eye: tuple[float, float]
    right_eye: tuple[float, float]
    nose: tuple[float, float]

    def shifted(self, dx: float, dy: float, scale: float = 1.0) -> Landmarks:
        """Landmarks after (x, y) -> ((x + dx) * scale, (y + dy) * scale)."""

        def move(p: tuple[float, float]) -> tuple[float, float]:
            return ((p[0] + dx) * scale, (p[1] + dy) * scale)

        return Landmarks(
            points=((self.points + np.array([dx, dy])) * scale).astype(np.float32),
            left_eye=move(self.left_eye),
            right_eye=move(self.right_eye),
            nose=move(self.nose),
        )

    @property
    def inter_eye_distance(self) -> float:
        """Distance between the eye centres in pixels (ISO/IEC 19794-5's size measure)."""
        return float(np.hypot(self.right_eye[0] - self.left_eye[0],
                              self.right_eye[1] - self.left_eye[1]))


class FaceModel(ABC):
    """A face detector, landmark model and template encoder.

    Implementations load their weights lazily (on first use or `load()`),
    once per process, and are safe to call from several threads.
    """

    #: Template model name stored with every template (the wire contract).
    name: ClassVar[str]
    #: Smallest face width in pixels the detector finds at scale 1; the
    #: pipeline scales images so the faces it cares about reach this size.
    detector_min_face: ClassVar[int]
    #: Template length.
    dimension: ClassVar[int] = 128

    @abstractmethod
    def load(self) -> None:
        """Load the weights now (idempotent); otherwise the first call does."""

    @abstractmethod
    def detect(self, rgb: np.ndarray) -> list[FaceBox]:
        """Faces in an RGB uint8 image, any order, boxes in its pixels."""

    @abstractmethod
    def landmarks(self, rgb: np.ndarray, box: FaceBox) -> Landmarks:
        """Landmarks of the face in `box`."""

    @abstractmethod
    def encode(self, rgb: np.ndarray, landmarks: Landmarks) -> np.ndarray:
        """The (dimension,) float32 template of the face these landmarks describe."""
