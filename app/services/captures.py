"""Turn an upload into a template: an image through the face pipeline, or a
template from the wire. The one place the service calls the face pipeline."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from enrollment.pipeline import FacePipeline
from matching.errors import InvalidInput
from matching.templates import from_b64

__all__ = ["LiveTemplate", "enrolment_template", "gate_template", "store_debug_image"]

log = logging.getLogger("skygate.captures")


@dataclass(frozen=True, slots=True)
class LiveTemplate:
    template: np.ndarray
    quality: dict[str, float | int] | None = None
    faces: int = 1
    problem: str | None = None
    timings: dict[str, float] | None = None


def _exactly_one(image: bytes | None, template_b64: str | None) -> None:
    if (image is None) == (template_b64 is None):
        raise InvalidInput("send either an image (multipart) or template_b64 (JSON), not both",
                           code="validation_error")


def enrolment_template(pipeline: FacePipeline, *, image: bytes | None,
                       template_b64: str | None) -> LiveTemplate:
    """Check-in capture: every quality rule enforced (raises with its code)."""
    _exactly_one(image, template_b64)
    if image is None:
        return LiveTemplate(from_b64(template_b64 or ""))
    timings: dict[str, float] = {}
    capture = pipeline.enrol(image, timings)
    return LiveTemplate(capture.template, capture.quality_dict, len(capture.faces), None, timings)


def gate_template(pipeline: FacePipeline, *, image: bytes | None,
                  template_b64: str | None) -> LiveTemplate:
    """Gate capture: several faces are reported (tailgating), quality is reported, not enforced."""
    _exactly_one(image, template_b64)
    if image is None:
        return LiveTemplate(from_b64(template_b64 or ""))
    timings: dict[str, float] = {}
    capture = pipeline.scan(image, timings)
    return LiveTemplate(capture.template, capture.quality.as_dict(), capture.large_faces,
                        capture.problem, timings)


def store_debug_image(folder: Path, name: str, image: bytes) -> None:
    """Keep a raw upload (only when the `store_images` debug setting is on)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(image)
    log.warning("debug setting store_images is on: kept %s", folder / name)
