"""dlib's HOG detector, 5-point landmarks and ResNet encoder (`dlib_resnet_v1`).

These are the models face_recognition wraps, called directly: importing
face_recognition would load all five models (including a CNN detector we do
not use) at import time and switch Pillow's `LOAD_TRUNCATED_IMAGES` on for
the whole process. The templates are bit-for-bit those of
`face_recognition.face_encodings(image, [box])` with its defaults (5-point
landmarks, one jitter), which a test pins.

Loading takes ~0.4 s and happens once per process, on first use or `load()`.
dlib documents its detector and networks as unsafe for concurrent use of one
instance, so each of the three objects has its own lock: one thread can
detect while another encodes, and a process never runs more than one of each
at a time (which also keeps a request thread pool from oversubscribing the
cores; run worker processes to use more of them).
"""

from __future__ import annotations

import threading
import warnings
from typing import Any, ClassVar

import dlib
import numpy as np

from enrollment.facemodel import FaceBox, FaceModel, Landmarks

__all__ = ["DlibFaceModel", "default_model"]


class DlibFaceModel(FaceModel):
    """dlib HOG frontal detector + 5-point shape predictor + ResNet-34 encoder."""

    name: ClassVar[str] = "dlib_resnet_v1"
    # The frontal detector scans an 80 x 80 window; smaller faces need upsampling.
    detector_min_face: ClassVar[int] = 80

    def __init__(self, *, num_jitters: int = 1) -> None:
        self._num_jitters = num_jitters
        self._load_lock = threading.Lock()
        self._detect_lock = threading.Lock()
        self._shape_lock = threading.Lock()
        self._encode_lock = threading.Lock()
        self._detector: Any = None
        self._shape_predictor: Any = None
        self._encoder: Any = None

    def load(self) -> None:
        if self._encoder is not None:
            return
        with self._load_lock:
            if self._encoder is not None:
                return
            # Imported here: face_recognition_models imports pkg_resources, which
            # is slow and warns of its own deprecation on every import.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                warnings.simplefilter("ignore", DeprecationWarning)
                import face_recognition_models as files

            self._detector = dlib.get_frontal_face_detector()
            self._shape_predictor = dlib.shape_predictor(
                files.pose_predictor_five_point_model_location()
            )
            # Assigned last: a non-None encoder means everything is loaded.
            self._encoder = dlib.face_recognition_model_v1(files.face_recognition_model_location())

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

    def detect(self, rgb: np.ndarray) -> list[FaceBox]:
        self.load()
        with self._detect_lock:
            rects, scores, _ = self._detector.run(rgb, 0, 0.0)
        return [
            FaceBox(top=r.top(), right=r.right(), bottom=r.bottom(), left=r.left(), score=float(s))
            for r, s in zip(rects, scores, strict=True)
        ]

    def landmarks(self, rgb: np.ndarray, box: FaceBox) -> Landmarks:
        self.load()
        rect = dlib.rectangle(box.left, box.top, box.right, box.bottom)
        with self._shape_lock:
            shape = self._shape_predictor(rgb, rect)
        points = np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float32)
        # dlib's 5-point order: two corners of one eye, two of the other, nose base.
        eye_a, eye_b = points[0:2].mean(axis=0), points[2:4].mean(axis=0)
        left, right = (eye_a, eye_b) if eye_a[0] <= eye_b[0] else (eye_b, eye_a)
        return Landmarks(
            points=points,
            left_eye=(float(left[0]), float(left[1])),
            right_eye=(float(right[0]), float(right[1])),
            nose=(float(points[4, 0]), float(points[4, 1])),
        )

    def encode(self, rgb: np.ndarray, landmarks: Landmarks) -> np.ndarray:
        self.load()
        pts = [dlib.point(round(float(x)), round(float(y))) for x, y in landmarks.points]
        xs, ys = landmarks.points[:, 0], landmarks.points[:, 1]
        rect = dlib.rectangle(int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))
        shape = dlib.full_object_detection(rect, pts)
        with self._encode_lock:
            descriptor = self._encoder.compute_face_descriptor(rgb, shape, self._num_jitters)
        return np.asarray(descriptor, dtype=np.float32)


_default: DlibFaceModel | None = None
_default_lock = threading.Lock()


def default_model() -> DlibFaceModel:
    """The process-wide model (created on first call; weights load on first use)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = DlibFaceModel()
    return _default
