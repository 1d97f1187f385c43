"""Safe decoding: limits before pixels, an allow-list of formats, no truncated files."""

from __future__ import annotations

import io
import resource
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageFile

from enrollment.imaging import ImageLimits, decode_image, sniff_format
from matching.errors import InvalidInput, TooLarge
from tests.enrollment.conftest import CORRUPTED, EMPTY, OBAMA, PNG_PHOTO, TRUNCATED, encode


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(
        ">I", zlib.crc32(kind + payload))


def _black_bilevel_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of any size, built row by row: a 20,000 x 20,000 image
    is ~50 MB of zeros to compress and ~60 KB on disk, but 1.2 GB once decoded
    to RGB."""
    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte + packed pixels
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body)
            + _png_chunk(b"IEND", b""))


def _error(data: bytes, limits: ImageLimits | None = None) -> InvalidInput | TooLarge:
    with pytest.raises((InvalidInput, TooLarge)) as caught:
        decode_image(data, limits)
    return caught.value


def test_a_real_jpeg_decodes_to_upright_rgb(photo):
    image = decode_image(photo(OBAMA))
    assert image.format == "jpeg"
    assert image.rgb.dtype == np.uint8 and image.rgb.shape == (1137, 910, 3)
    assert image.rgb.flags["C_CONTIGUOUS"]


def test_png_and_webp_are_accepted(photo):
    assert decode_image(photo(PNG_PHOTO)).format == "png"
    rgb = decode_image(photo(OBAMA)).rgb
    webp = decode_image(encode(rgb, "WEBP", quality=90))
    assert webp.format == "webp" and webp.rgb.shape == rgb.shape


def test_a_text_file_named_jpg_is_a_bad_image(tmp_path):
    fake = tmp_path / "passport.jpg"
    fake.write_text("this is not a photo\n")
    error = _error(fake.read_bytes())
    assert isinstance(error, InvalidInput) and error.code == "bad_image"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_formats_outside_the_allow_list_are_bad_images(fmt):
    assert _error(encode(np.zeros((64, 64, 3), np.uint8), fmt)).code == "bad_image"


def test_the_format_comes_from_the_bytes_not_the_name():
    assert sniff_format(b"\x89PNG\r\n\x1a\n" + b"\0" * 16) == "png"
    assert sniff_format(b"RIFF\0\0\0\0WEBPVP8 ") == "webp"


@pytest.mark.parametrize("broken", [TRUNCATED, CORRUPTED, EMPTY])
def test_the_broken_files_of_the_photo_set_are_bad_images(photo, broken):
    assert _error(photo(broken)).code == "bad_image"


def test_a_truncated_jpeg_is_refused_even_when_pillow_accepts_truncated_files(
    photo, monkeypatch
):
    # Importing face_recognition sets this for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = photo(OBAMA)
    for cut in (len(data) // 2, len(data) - 2):
        error = _error(data[:cut])
        assert error.code == "bad_image" and "truncated" in error.detail


def test_a_truncated_png_is_refused(photo, monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = photo(PNG_PHOTO)
    assert _error(data[: len(data) * 2 // 3]).code == "bad_image"


def test_a_png_with_a_damaged_chunk_is_refused(photo):
    data = bytearray(photo(PNG_PHOTO))
    data[len(data) // 2] ^= 0xFF
    assert _error(bytes(data)).code == "bad_image"


def test_a_20000_by_20000_png_bomb_is_refused_before_decoding():
    bomb = _black_bilevel_png(20_000, 20_000)
    assert len(bomb) < 200_000
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    error = _error(bomb)
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert isinstance(error, InvalidInput) and error.code == "image_too_large"
    # Decoding would have needed 1.2 GB (RGB) or 400 MB (grey): the peak did not move.
    assert peak_after - peak_before < 100_000


def test_an_image_over_the_pixel_limit_is_refused_with_its_size(photo):
    error = _error(_black_bilevel_png(8_000, 6_000))  # 48 Mpx > 40 Mpx
    assert error.code == "image_too_large" and isinstance(error, InvalidInput)
    assert (error.extra["width"], error.extra["height"]) == (8_000, 6_000)
    small = ImageLimits(max_pixels=500_000)
    assert _error(photo(OBAMA), small).code == "image_too_large"  # 910 x 1137


def test_an_upload_over_the_byte_limit_is_too_large_before_parsing():
    error = _error(b"\xff\xd8\xff" + bytes(11 * 1024 * 1024))
    assert isinstance(error, TooLarge) and error.code == "image_too_large"
    assert error.extra["limit_bytes"] == 10 * 1024 * 1024


def test_an_image_too_small_to_hold_a_face_is_a_bad_image():
    assert _error(encode(np.zeros((20, 300, 3), np.uint8), "PNG")).code == "bad_image"


def test_exif_orientation_is_applied(photo):
    upright = decode_image(photo(OBAMA)).rgb
    # Store the pixels turned a quarter to the left and say so in EXIF (6 = "rotate 90 CW").
    stored = np.ascontiguousarray(np.rot90(upright, k=1))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.fromarray(stored).save(out, "JPEG", quality=95, exif=exif.tobytes())
    shown = decode_image(out.getvalue()).rgb
    assert shown.shape == upright.shape
    # Same picture up to JPEG noise; the stored orientation would not even fit.
    assert np.abs(shown.astype(int) - upright.astype(int)).mean() < 4
