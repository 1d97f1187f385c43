"""Face templates on the wire and at rest.

A template is 128 float32 values from dlib's ResNet face model (the model
face_recognition wraps), named `dlib_resnet_v1`. On the wire it is base64 of
the little-endian float32 bytes (`template_b64`); in the database the same
512 bytes. Anything else — wrong length, NaN, inf — is refused with
`bad_template`, because one bad vector in a gallery poisons every search.
"""

from __future__ import annotations

import base64
import binascii

import numpy as np

from matching.errors import BadTemplate

__all__ = [
    "MODEL_NAME",
    "TEMPLATE_DIM",
    "TEMPLATE_DTYPE",
    "check_template",
    "from_b64",
    "from_bytes",
    "to_b64",
    "to_bytes",
]

MODEL_NAME = "dlib_resnet_v1"
TEMPLATE_DIM = 128
TEMPLATE_DTYPE = np.dtype("<f4")
_NBYTES = TEMPLATE_DIM * TEMPLATE_DTYPE.itemsize


def check_template(vector: np.ndarray) -> np.ndarray:
    """Return `vector` as a contiguous (128,) float32 array, or raise BadTemplate."""
    array = np.asarray(vector)
    if array.shape != (TEMPLATE_DIM,):
        raise BadTemplate(f"a template has {TEMPLATE_DIM} values, got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.floating):
        raise BadTemplate(f"a template holds floats, got {array.dtype}")
    array = np.ascontiguousarray(array, dtype=np.float32)
    if not np.isfinite(array).all():
        raise BadTemplate("a template must not contain NaN or infinity")
    return array


def from_bytes(raw: bytes) -> np.ndarray:
    """Decode 512 little-endian float32 bytes into a checked template."""
    if len(raw) != _NBYTES:
        raise BadTemplate(
            f"a template is {_NBYTES} bytes ({TEMPLATE_DIM} float32), got {len(raw)} bytes"
        )
    return check_template(np.frombuffer(raw, dtype=TEMPLATE_DTYPE))


def to_bytes(vector: np.ndarray) -> bytes:
    """Encode a template as 512 little-endian float32 bytes."""
    return check_template(vector).astype(TEMPLATE_DTYPE, copy=False).tobytes()


def from_b64(text: str) -> np.ndarray:
    """Decode `template_b64` from the wire into a checked template."""
    if not isinstance(text, str) or not text:
        raise BadTemplate("template_b64 must be a non-empty base64 string")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadTemplate(f"template_b64 is not valid base64: {exc}") from None
    return from_bytes(raw)


def to_b64(vector: np.ndarray) -> str:
    """Encode a template as `template_b64`."""
    return base64.b64encode(to_bytes(vector)).decode("ascii")
