"""Decode an uploaded image safely: limits first, pixels last.

An upload is untrusted bytes. The order of the checks is the point:

1. byte limit (`TooLarge`, code `image_too_large`) — before anything is parsed;
2. format sniffed from the leading bytes (JPEG, PNG or WebP; the file name and
   the declared content type are never trusted) — else `bad_image`;
3. width and height read from the header only (Pillow's lazy `Image.open`),
   and the pixel limit applied (`InvalidInput`, code `image_too_large`) — so
   a 20,000 x 20,000 PNG of a few kilobytes is refused without allocating
   its 1.2 GB of pixels;
4. the container walked to its end marker (JPEG EOI, PNG IEND with every
   chunk's CRC, WebP's RIFF length) — a truncated upload is refused even
   though importing face_recognition sets Pillow's `LOAD_TRUNCATED_IMAGES`
   for the whole process: this check does not use Pillow's decoder at all;
5. only then the full decode with OpenCV, which also applies the EXIF
   orientation, into an RGB array.

Why a byte limit is 413 and a pixel limit 422: the first is about the size
of the request body (the server will not read it), the second about what the
body *means* once read (a well-sized file describing an unacceptable image).
Both carry the code `image_too_large`, so a kiosk shows one message.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from matching.errors import InvalidInput, TooLarge

__all__ = [
    "DecodedImage",
    "ImageFormat",
    "ImageLimits",
    "check_complete",
    "decode_image",
    "probe_image",
    "sniff_format",
]

ImageFormat = Literal["jpeg", "png", "webp"]

# Pillow's names for the formats we allow; Image.open tries no other plugin.
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class ImageLimits:
    """Upper bounds on an upload; the defaults match the service settings.

    `max_bytes` guards memory and bandwidth; `max_pixels` guards the decoded
    size (40 Mpx = a 7,700 x 5,200 photo, 120 MB as RGB); `min_side` refuses
    images too small to hold a usable face at all.
    """

    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    min_side: int = 32


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """An upright RGB image (H, W, 3) uint8, with what the header said."""

    rgb: np.ndarray
    format: ImageFormat
    nbytes: int

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])


def sniff_format(data: bytes) -> ImageFormat:
    """The format the leading bytes declare, or `bad_image` for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(_PNG_SIGNATURE):
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    raise InvalidInput("the upload is not a JPEG, PNG or WebP image", code="bad_image")


def probe_image(data: bytes, limits: ImageLimits) -> tuple[ImageFormat, int, int]:
    """Check bytes, format and header dimensions without decoding any pixel.

    Returns (format, width, height) as stored (before EXIF orientation).
    """
    if len(data) > limits.max_bytes:
        raise TooLarge(
            f"the image is {len(data):,} bytes; the limit is {limits.max_bytes:,} bytes",
            code="image_too_large",
            size_bytes=len(data),
            limit_bytes=limits.max_bytes,
        )
    fmt = sniff_format(data)
    try:
        with Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[fmt]]) as header:
            width, height = header.size
    except Image.DecompressionBombError:
        # Pillow's own guard fires above ~179 Mpx, well past our limit.
        raise _too_many_pixels(None, None, limits) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as exc:
        raise InvalidInput(
            f"the {fmt.upper()} header is unreadable: {exc}", code="bad_image"
        ) from None
    if width * height > limits.max_pixels:
        raise _too_many_pixels(width, height, limits)
    if min(width, height) < limits.min_side:
        raise InvalidInput(
            f"the image is {width} x {height} pixels; each side needs at least {limits.min_side}",
            code="bad_image",
        )
    return fmt, width, height


def _too_many_pixels(width: int | None, height: int | None, limits: ImageLimits) -> InvalidInput:
    size = f"{width} x {height} pixels" if width and height else "too many pixels"
    return InvalidInput(
        f"the image is {size}; the limit is {limits.max_pixels:,} pixels",
        code="image_too_large",
        width=width,
        height=height,
        limit_pixels=limits.max_pixels,
    )


def check_complete(data: bytes, fmt: ImageFormat) -> None:
    """Refuse a file whose container stops before its end (a truncated upload)."""
    complete = {"jpeg": _jpeg_complete, "png": _png_complete, "webp": _webp_complete}[fmt]
    problem = complete(data)
    if problem:
        raise InvalidInput(f"the {fmt.upper()} file is damaged: {problem}", code="bad_image")


def _jpeg_complete(data: bytes) -> str | None:
    # Marker segments up to the first start-of-scan carry their length (so an
    # EXIF thumbnail's own EOI is skipped); inside entropy-coded data 0xFF is
    # always stuffed (FF 00) or a restart marker, so the first FF D9 after the
    # scan starts is the end of the image.
    pos = 2
    while True:
        if pos + 4 > len(data) or data[pos] != 0xFF:
            return "its header ends early"
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:
            return "it ends before any image data"
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2:
            return "a header segment has an impossible length"
        if marker == 0xDA:
            break
        pos += 2 + length
    if data.find(b"\xff\xd9", pos + 2 + length) < 0:
        return "it stops before its end-of-image marker (truncated)"
    return None


def _png_complete(data: bytes) -> str | None:
    pos = len(_PNG_SIGNATURE)
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            return f"chunk {kind!r} runs past the end of the file (truncated)"
        crc = struct.unpack(">I", data[end - 4 : end])[0]
        if zlib.crc32(data[pos + 4 : end - 4]) != crc:
            return f"chunk {kind!r} fails its checksum"
        if kind == b"IEND":
            return None
        pos = end
    return "it stops before its IEND chunk (truncated)"


def _webp_complete(data: bytes) -> str | None:
    (riff_size,) = struct.unpack("<I", data[4:8])
    if 8 + riff_size > len(data):
        return f"its RIFF header promises {8 + riff_size:,} bytes, the file has {len(data):,}"
    return None


def decode_image(data: bytes, limits: ImageLimits | None = None) -> DecodedImage:
    """Check and decode an upload into an upright RGB image.

    Raises `TooLarge` (bytes) or `InvalidInput` with code `image_too_large`
    (pixels) or `bad_image` (anything unreadable). The EXIF orientation is
    applied, so a phone photo taken sideways comes out upright.
    """
    limits = limits or ImageLimits()
    fmt, width, height = probe_image(data, limits)
    check_complete(data, fmt)
    rgb = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR_RGB)
    if rgb is None:
        raise InvalidInput(f"the {fmt.upper()} image data cannot be decoded", code="bad_image")
    if sorted(rgb.shape[:2]) != sorted((width, height)):  # EXIF may swap the sides
        raise InvalidInput(
            f"the decoded image is {rgb.shape[1]} x {rgb.shape[0]}, "
            f"the header said {width} x {height}",
            code="bad_image",
        )
    return DecodedImage(rgb=np.ascontiguousarray(rgb), format=fmt, nbytes=len(data))
