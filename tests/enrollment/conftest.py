"""Fixtures for the face pipeline tests: one pipeline, real photos, image builders."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from enrollment.pipeline import FacePipeline
from tests.photos import (  # noqa: F401 - re-exported for the tests of this package
    BIDEN,
    CORRUPTED,
    EMPTY,
    NO_FACE,
    OBAMA,
    OBAMA_OTHER,
    PNG_PHOTO,
    TRUNCATED,
    TWO_PEOPLE,
    WHITE,
)


@pytest.fixture(scope="session")
def pipeline() -> FacePipeline:
    """The production pipeline with its default settings (the model loads once)."""
    return FacePipeline()


def encode(rgb: np.ndarray, fmt: str = "JPEG", **params) -> bytes:
    """An RGB array as image file bytes."""
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, fmt, **params)
    return out.getvalue()


def decode_rgb(data: bytes) -> np.ndarray:
    """Pixels as Pillow reads them, ignoring EXIF orientation (to build test images)."""
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"))
