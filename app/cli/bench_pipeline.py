"""`skygate bench pipeline`: face pipeline stage times by image size."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Annotated

import typer

PHOTO_DEFAULT = Path("../shared/faces/face_recognition/obama/obama.jpg")


def command(
    photo: Annotated[Path, typer.Option(help="A real photo with one face; frames are built "
                                             "from it.")] = PHOTO_DEFAULT,
    repeats: Annotated[int, typer.Option(min=3, help="Timed runs per size.")] = 20,
    baseline_repeats: Annotated[int, typer.Option(
        min=0, help="Runs of face_recognition's default pipeline per size (0 = skip).")] = 3,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write results here.")
                         ] = None,
    api: Annotated[bool, typer.Option(help="Also time the end-to-end enrolment through the API "
                                           "(1920x1080).")] = True,
) -> None:
    """Per-stage times (decode, detect, landmarks, quality, encode) by frame size, one core."""
    from rich import box
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from enrollment import benchmark
    from enrollment.pipeline import FacePipeline

    if not photo.is_file():
        raise typer.BadParameter(f"{photo} not found", param_hint="--photo")
    console = Console()
    pipeline = FacePipeline()
    load_ms = _load_ms(pipeline)
    steps = len(benchmark.SIZES) * (repeats + 2 + baseline_repeats)
    api_ms = None
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Timing the face pipeline", total=steps + (repeats + 2 if api else 0))
        results = benchmark.run(pipeline, photo.read_bytes(), repeats=repeats,
                                baseline_repeats=baseline_repeats,
                                on_step=lambda: bar.advance(task))
        if api:
            from app.benchmarks.enrolment_api import time_api_enrolment

            with benchmark.single_threaded():
                api_ms = time_api_enrolment(benchmark.make_frame(photo.read_bytes(), 1920, 1080),
                                            _reference_photo(photo), repeats=repeats,
                                            on_step=lambda: bar.advance(task))
    summaries = [r.summary() for r in results]
    table = Table(title=f"Face pipeline on one core: ms per frame, median of {repeats}",
                  box=box.SIMPLE)
    table.add_column("stage")
    for s in summaries:
        table.add_column(str(s["size"]), justify="right", no_wrap=True)
    for stage in benchmark.STAGES:
        table.add_row(stage, *(f"{s['stages_ms'][stage]['median']:.1f}" for s in summaries))
    table.add_row("total", *(f"{s['total_ms']['median']:.1f}" for s in summaries), style="bold")
    table.add_row("total p95", *(f"{s['total_ms']['p95']:.1f}" for s in summaries))
    table.add_row("cpu time", *(f"{s['cpu_ms']['median']:.1f}" for s in summaries))
    if baseline_repeats:
        table.add_row("face_recognition defaults",
                      *(f"{s['baseline_ms']['median']:.0f}" for s in summaries))
        table.add_row("ratio", *(f"{s['baseline_ms']['median'] / s['total_ms']['median']:.1f}x"
                                 for s in summaries))
    console.print(table)
    console.print("Baseline: face_recognition's default pipeline on the same frame "
                  f"(median of {baseline_repeats}); ratio = baseline / total.")
    if api_ms is not None:
        pipeline_ms = next(s["total_ms"]["median"] for s in summaries if s["size"] == "1920x1080")
        console.print(f"End-to-end POST /v1/enrolments, 1920x1080, one core: median "
                      f"{api_ms['median']:.0f} ms, p95 {api_ms['p95']:.0f} ms "
                      f"({api_ms['median'] / pipeline_ms:.2f}x the pipeline alone)")
    console.print(f"Model load (once per process): {load_ms:.0f} ms. Machine: {_machine()}")
    if json_path:
        report = {"command": "skygate bench pipeline", "photo": str(photo), "repeats": repeats,
                  "model_load_ms": round(load_ms, 1), "machine": _machine_dict(),
                  "pipeline": pipeline.cache_key, "results": summaries,
                  "api_enrolment_1920x1080_ms": api_ms}
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        console.print(f"Wrote {json_path}")


def _load_ms(pipeline: object) -> float:
    import time

    start = time.perf_counter()
    pipeline.model.load()  # type: ignore[attr-defined]
    return (time.perf_counter() - start) * 1000


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "?"


def _machine_dict() -> dict[str, object]:
    return {"cpu": _cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
            "system": platform.platform(), "numpy": _version("numpy"),
            "opencv": _version("opencv-python-headless"), "dlib": _version("dlib-bin")}


def _machine() -> str:
    m = _machine_dict()
    return (f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, OpenCV {m['opencv']}, "
            f"dlib {m['dlib']}")


def _reference_photo(photo: Path) -> bytes:
    """Another photo of the same person as the registry reference (obama2.jpg beside obama.jpg)."""
    other = photo.with_name("obama2.jpg")
    return other.read_bytes() if other.is_file() else photo.read_bytes()
