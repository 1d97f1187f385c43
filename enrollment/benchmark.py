"""Face pipeline timing by image size, with face_recognition's defaults as the baseline.

Test frames are built from one real photo: scaled so it fills the frame's
height and padded sideways by repeating its edge pixels (a reflection would
mirror the face into a second one), then saved as JPEG quality 90 — so each
size has exactly one face, as large as a kiosk or gate camera would see it,
and the decode stage pays for a realistic file.

Everything runs on one core: OpenCV's and BLAS's thread pools are set to one
thread for the duration, and CPU time is recorded next to wall time so a
reader can check that no stage used more.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import cv2
import numpy as np

from enrollment.imaging import ImageLimits, decode_image
from enrollment.pipeline import FacePipeline

__all__ = [
    "SIZES",
    "STAGES",
    "SizeResult",
    "baseline_face_recognition",
    "make_frame",
    "run",
    "single_threaded",
]

SIZES: tuple[tuple[int, int], ...] = ((640, 480), (1280, 720), (1920, 1080), (4000, 3000))
STAGES = ("decode", "detect", "landmarks", "quality", "encode")


@dataclass(slots=True)
class SizeResult:
    """Samples (ms) for one frame size."""

    width: int
    height: int
    nbytes: int
    stages: dict[str, list[float]] = field(default_factory=dict)
    total: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        """Median and 95th percentile of every series, JSON-ready."""

        def stats(values: list[float]) -> dict[str, float] | None:
            if not values:
                return None
            return {"median": round(float(np.median(values)), 2),
                    "p95": round(float(np.percentile(values, 95)), 2), "n": len(values)}

        return {
            "size": f"{self.width}x{self.height}",
            "jpeg_bytes": self.nbytes,
            "stages_ms": {s: stats(v) for s, v in self.stages.items()},
            "total_ms": stats(self.total),
            "cpu_ms": stats(self.cpu),
            "baseline_ms": stats(self.baseline),
        }


def make_frame(photo: bytes, width: int, height: int, quality: int = 90) -> bytes:
    """A `width` x `height` JPEG holding the photo scaled to the frame's height."""
    rgb = decode_image(photo, ImageLimits(max_pixels=100_000_000)).rgb
    scale = height / rgb.shape[0]
    scaled = cv2.resize(rgb, (max(1, round(rgb.shape[1] * scale)), height),
                        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    if scaled.shape[1] > width:  # crop the sides evenly
        x0 = (scaled.shape[1] - width) // 2
        frame = scaled[:, x0 : x0 + width]
    else:
        left = (width - scaled.shape[1]) // 2
        frame = cv2.copyMakeBorder(scaled, 0, 0, left, width - scaled.shape[1] - left,
                                   cv2.BORDER_REPLICATE)
    ok, jpeg = cv2.imencode(".jpg", cv2.cvtColor(frame, cv2.COLOR_RGB2BGR),
                            [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return jpeg.tobytes()


@contextmanager
def single_threaded() -> Iterator[None]:
    """One OpenCV thread and one BLAS thread inside the block."""
    from threadpoolctl import threadpool_limits

    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        with threadpool_limits(1):
            yield
    finally:
        cv2.setNumThreads(before)


def baseline_face_recognition(frame: bytes) -> np.ndarray:
    """face_recognition with its defaults, as a naive integration would call it: Pillow
    decode, HOG at full resolution with one upsampling, 5-point landmarks, one jitter."""
    import io

    import face_recognition

    image = face_recognition.load_image_file(io.BytesIO(frame))
    boxes = face_recognition.face_locations(image)
    return face_recognition.face_encodings(image, boxes[:1])[0]


def run(
    pipeline: FacePipeline,
    photo: bytes,
    *,
    sizes: tuple[tuple[int, int], ...] = SIZES,
    repeats: int = 20,
    warmup: int = 2,
    baseline_repeats: int = 3,
    on_step: Callable[[], None] | None = None,
) -> list[SizeResult]:
    """Time `pipeline.enrol` per stage on one frame of each size (single-threaded)."""
    results = []
    with single_threaded():
        if baseline_repeats:  # import and load face_recognition's models outside the timing
            baseline_face_recognition(make_frame(photo, *sizes[0]))
        for width, height in sizes:
            frame = make_frame(photo, width, height)
            result = SizeResult(width, height, len(frame), {s: [] for s in STAGES})
            for i in range(warmup + repeats):
                timings: dict[str, float] = {}
                wall, cpu = time.perf_counter(), time.process_time()
                pipeline.enrol(frame, timings)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                if i >= warmup:
                    for stage in STAGES:
                        result.stages[stage].append(timings[stage])
                    result.total.append(wall * 1000)
                    result.cpu.append(cpu * 1000)
                if on_step:
                    on_step()
            for _ in range(baseline_repeats):
                start = time.perf_counter()
                baseline_face_recognition(frame)
                result.baseline.append((time.perf_counter() - start) * 1000)
                if on_step:
                    on_step()
            results.append(result)
    return results
