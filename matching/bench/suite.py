"""The matching benchmark: per gallery size, SkyGate against floor and baselines.

For each size N it builds one N x 128 float32 matrix of synthetic templates
and, over that same data, times (interleaved, see `timing`):

- single-query latency (median, p99): SkyGate `Gallery.search(q, k)` (BLAS
  at its default thread count, and limited to 1 thread), the
  face_recognition way, FAISS IndexFlatL2 (if installed), the bare BLAS
  matrix-vector product (for reference) and the memory-bandwidth floor;
- batched throughput (queries/s) for a batch of `batch` queries: SkyGate
  (both BLAS settings) and FAISS;
  face_recognition has no batch form, so its throughput is 1 / its
  single-query latency.

It then checks that SkyGate, FAISS and face_recognition return the same
nearest ids, runs the concurrency comparison (`concurrent`), and evaluates
the issue's targets. Everything lands in one JSON-ready dict.
"""

from __future__ import annotations

import gc
import itertools
import os
import platform
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from matching.bench.baselines import (
    Faiss,
    face_distance_fn,
    face_recognition_topk,
    faiss_version,
    floor_methods,
)
from matching.bench.concurrent import compare_concurrency
from matching.bench.cpu import OtherLoad
from matching.bench.data import make_probes, make_templates
from matching.bench.timing import Stats, measure
from matching.blas import blas_info, blas_threads, describe_blas
from matching.gallery import Gallery

__all__ = ["BenchConfig", "Progress", "machine_info", "run", "targets"]

Progress = Callable[[str, float], None]  # (what is running, fraction of it done)
DIM = 128
SKYGATE, FACE_REC, FAISS, GEMV = "skygate", "face_recognition", "faiss", "BLAS GEMV alone"
SKYGATE_1T = "skygate, BLAS 1 thread"


@dataclass
class BenchConfig:
    sizes: list[int] = field(default_factory=lambda: [400, 10_000, 100_000, 1_000_000])
    batch: int = 64
    k: int = 2
    seconds: float = 1.0  # timing budget per method and size
    seed: int = 0
    use_faiss: bool = True
    concurrent_size: int = 50_000  # 0 skips the concurrency comparison
    concurrent_threads: int = 32
    concurrent_seconds: float = 4.0


def _nothing(_label: str, _fraction: float) -> None:
    return None


def run(config: BenchConfig, progress: Progress = _nothing) -> dict[str, Any]:
    """Measure everything the config asks for; return the JSON-ready report."""
    report: dict[str, Any] = {"config": asdict(config), "machine": machine_info(),
                              "sizes": {}}
    face_distance, face_label = face_distance_fn()
    report["machine"]["face_recognition_way"] = face_label
    with ThreadPoolExecutor(1) as pool:
        for n in config.sizes:
            label = f"N = {n:,}"
            report["sizes"][str(n)] = bench_size(
                n, config, face_distance, pool, lambda f, label=label: progress(label, f))
            gc.collect()
    if config.concurrent_size:
        report["concurrency"] = bench_concurrency(config, progress)
    report["targets"] = targets(report)
    if hasattr(os, "getloadavg"):
        report["machine"]["load_average_1m_after"] = os.getloadavg()[0]
    return report


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        memory_gb = None
    version = faiss_version()  # imports faiss, whose own BLAS then shows below
    libraries = blas_info()
    numpy_blas = [b for b in libraries if "numpy" in b.path] or libraries
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory_gb,
            "load_average_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
            "python": sys.version.split()[0], "numpy": np.__version__,
            "blas": "; ".join(b.describe() for b in numpy_blas) or describe_blas(),
            "blas_libraries": [asdict(b) for b in libraries],
            "faiss": version or "not installed", "platform": platform.platform()}


def bench_size(n: int, config: BenchConfig, face_distance: Callable, pool: ThreadPoolExecutor,
               progress: Callable[[float], None]) -> dict[str, Any]:
    """Build the data for one size and time every method over it."""
    rng = np.random.default_rng(config.seed + n)
    progress(0.0)
    others = OtherLoad()
    matrix = make_templates(rng, n, DIM)
    gallery = Gallery(DIM, "euclidean", initial_capacity=max(n, 1))
    gallery.add(np.arange(n), matrix)
    flat = _faiss_over(matrix) if config.use_faiss else None
    probes = make_probes(rng, matrix, max(config.batch, 512))
    batch = probes[: config.batch]
    progress(0.1)
    one_thread = {SKYGATE_1T: lambda: blas_threads(1)}
    single = _single_methods(gallery, matrix, flat, probes, face_distance, config.k, pool)
    single_stats = measure(single, config.seconds, around=one_thread,
                           on_round=lambda f: progress(0.1 + 0.6 * f))
    batched = {SKYGATE: lambda: gallery.search(batch, k=config.k),
               SKYGATE_1T: lambda: gallery.search(batch, k=config.k)}
    if flat is not None:
        batched[FAISS] = lambda: flat.search(batch, config.k)
    batched_stats = measure(batched, config.seconds, round_seconds=0.2, min_samples=3,
                            around=one_thread, on_round=lambda f: progress(0.7 + 0.25 * f))
    agreement = _agreement(gallery, matrix, flat, batch, face_distance, config.k)
    progress(1.0)
    report = _size_report(n, config.batch, single_stats, batched_stats, agreement)
    report["other_processes_cpu"] = others.share()
    return report


def _faiss_over(matrix: np.ndarray) -> Faiss | None:
    if faiss_version() is None:
        return None
    flat = Faiss(DIM)
    flat.add(matrix)
    return flat


def _single_methods(gallery: Gallery, matrix: np.ndarray, flat: Faiss | None,
                    probes: np.ndarray, face_distance: Callable, k: int,
                    pool: ThreadPoolExecutor) -> dict[str, Callable[[], Any]]:
    """One callable per method; each call searches the next probe."""
    def cycling() -> Callable[[], np.ndarray]:
        return itertools.cycle(probes).__next__

    nxt = {name: cycling() for name in (SKYGATE, SKYGATE_1T, FACE_REC, FAISS, GEMV)}
    methods: dict[str, Callable[[], Any]] = {
        SKYGATE: lambda: gallery.search(nxt[SKYGATE](), k=k),
        SKYGATE_1T: lambda: gallery.search(nxt[SKYGATE_1T](), k=k),
        FACE_REC: lambda: face_recognition_topk(face_distance, matrix, nxt[FACE_REC](), k),
    }
    if flat is not None:
        methods[FAISS] = lambda: flat.search(nxt[FAISS]()[np.newaxis], k)
    methods[GEMV] = lambda: matrix @ nxt[GEMV]()
    methods.update(floor_methods(matrix, pool))
    return methods


def _agreement(gallery: Gallery, matrix: np.ndarray, flat: Faiss | None, batch: np.ndarray,
               face_distance: Callable, k: int) -> dict[str, float]:
    """Share of probes whose k nearest ids agree with SkyGate's (a sanity check)."""
    ours = gallery.search(batch, k=k).ids
    theirs = np.stack([face_recognition_topk(face_distance, matrix, q, k) for q in batch[:16]])
    out = {FACE_REC: float((theirs == ours[:16, : theirs.shape[1]]).all(axis=1).mean())}
    if flat is not None:
        out[FAISS] = float((flat.search(batch, k)[1] == ours).all(axis=1).mean())
    return out


def _size_report(n: int, batch: int, single: dict[str, Stats], batched: dict[str, Stats],
                 agreement: dict[str, float]) -> dict[str, Any]:
    floor_name = min((m for m in single if m.startswith("read ")), key=lambda m: single[m].median)
    floor = single[floor_name].median
    qps = {name: batch / stats.median for name, stats in batched.items()}
    qps[FACE_REC] = 1.0 / single[FACE_REC].median
    sky = single[SKYGATE].median
    ratios = {"skygate_over_floor": sky / floor,
              "skygate_1thread_over_floor": single[SKYGATE_1T].median / floor,
              "skygate_over_gemv": sky / single[GEMV].median,
              "face_recognition_over_skygate": single[FACE_REC].median / sky,
              "skygate_batched_over_single": qps[SKYGATE] * sky}
    if FAISS in single:
        ratios["faiss_over_skygate_single"] = single[FAISS].median / sky
        ratios["skygate_over_faiss_batched_qps"] = qps[SKYGATE] / qps[FAISS]
    return {"n": n, "bytes": n * DIM * 4,
            "single": {name: stats.as_dict() for name, stats in single.items()},
            "batched": {name: {"seconds_per_batch": stats.as_dict(),
                               "queries_per_second": qps[name]}
                        for name, stats in batched.items()},
            "queries_per_second": qps,
            "floor": {"seconds": floor, "method": floor_name,
                      "gb_per_second": n * DIM * 4 / floor / 1e9},
            "ratios": ratios, "agreement": agreement}


def bench_concurrency(config: BenchConfig, progress: Progress) -> dict[str, Any]:
    """Concurrent single queries at `concurrent_size`, with and without batching."""
    rng = np.random.default_rng(config.seed + 7)
    label = f"{config.concurrent_threads} threads, N = {config.concurrent_size:,}"
    progress(label, 0.0)
    others = OtherLoad()
    matrix = make_templates(rng, config.concurrent_size, DIM)
    gallery = Gallery(DIM, initial_capacity=config.concurrent_size)
    gallery.add(np.arange(config.concurrent_size), matrix)
    modes = compare_concurrency(gallery, make_probes(rng, matrix, 1024),
                                threads=config.concurrent_threads, k=config.k,
                                seconds=config.concurrent_seconds, max_batch=config.batch,
                                on_round=lambda f: progress(label, f))
    return {"n": config.concurrent_size, "threads": config.concurrent_threads, "modes": modes,
            "other_processes_cpu": others.share()}


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, evaluated on this run (passed None: not measured)."""
    out = []
    big = report["sizes"].get("1000000")
    ratios = big["ratios"] if big else {}
    out.append(_target("N=1,000,000: single-query latency / memory-bandwidth floor", "<=", 1.5,
                       ratios.get("skygate_over_floor")))
    out.append(_target("N=1,000,000: face_recognition way latency / SkyGate latency", ">=", 5.0,
                       ratios.get("face_recognition_over_skygate")))
    out.append(_target("N=1,000,000: SkyGate / FAISS IndexFlatL2 batched throughput", ">=",
                       1.0, ratios.get("skygate_over_faiss_batched_qps")))
    small = report["sizes"].get("400")
    out.append(_target("N=400: single search median (microseconds)", "<", 50.0,
                       small["single"][SKYGATE]["median"] * 1e6 if small else None))
    return out


def _target(name: str, op: str, limit: float, value: float | None) -> dict[str, Any]:
    passed = None if value is None else {"<=": value <= limit, ">=": value >= limit,
                                         "<": value < limit}[op]
    return {"name": name, "op": op, "limit": limit, "value": value, "passed": passed}
