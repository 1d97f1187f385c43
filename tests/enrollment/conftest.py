"""Fixtures for the face pipeline tests: one pipeline, real photos, image builders."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from enrollment.pipeline import FacePipeline

# Real photos used across the tests (paths relative to ../shared/faces).
OBAMA = "face_recognition/obama/obama.jpg"
OBAMA_OTHER = "face_recognition/obama/obama2.jpg"  # another photo (photo group)
BIDEN = "face_recognition/biden/biden.jpg"
TWO_PEOPLE = "face_recognition/_multi_face/two_people.jpg"
NO_FACE = "compreface/_no_face/017_0.jpg"
WHITE = "face-api.js/_no_face/test_white.png"
TRUNCATED = "compreface/_broken_file/truncated.jpg"
CORRUPTED = "compreface/_broken_file/corrupted.png"
EMPTY = "compreface/_broken_file/empty.png"
PNG_PHOTO = "face_recognition/alex_lacamoire/alex-lacamoire.png"


@pytest.fixture(scope="session")
def pipeline() -> FacePipeline:
    """The production pipeline with its default settings (the model loads once)."""
    return FacePipeline()


@pytest.fixture(scope="session")
def photo(faces_dir: Path) -> Callable[[str], bytes]:
    """Bytes of a photo of the labelled set."""
    return lambda relative: (faces_dir / relative).read_bytes()


def encode(rgb: np.ndarray, fmt: str = "JPEG", **params) -> bytes:
    """An RGB array as image file bytes."""
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, fmt, **params)
    return out.getvalue()


def decode_rgb(data: bytes) -> np.ndarray:
    """Pixels as Pillow reads them, ignoring EXIF orientation (to build test images)."""
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"))
