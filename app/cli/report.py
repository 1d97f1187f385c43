"""`skygate report ...`: studies that write a page under docs/ from real data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli import report_accuracy

app = typer.Typer(help="Reports: measure on real data, write docs pages and plots.",
                  no_args_is_help=True)
app.command("accuracy")(report_accuracy.command)

FACES_DEFAULT = Path("../shared/faces")


@app.command("verification")
def verification(
    faces: Annotated[Path, typer.Option(help="Labelled photos with manifest.csv.")] = FACES_DEFAULT,
    out: Annotated[Path, typer.Option(help="Docs folder: writes accuracy.md and img/.")] = Path(
        "docs"),
    target_fmr: Annotated[float, typer.Option(help="FMR the 1:1 threshold must stay within.")
                          ] = 1e-3,
    workers: Annotated[int, typer.Option(help="Processes measuring uncached photos.")] = 2,
    sweep: Annotated[bool, typer.Option(help="Run the quality degradation sweep (~1 min).")
                     ] = True,
    cache_dir: Annotated[Path, typer.Option(help="Template cache.")] = Path("var/cache"),
) -> None:
    """1:1 accuracy of the enrolment check (FTE, FMR, FNMR, DET) and the threshold it implies."""
    from rich.console import Console
    from rich.progress import Progress

    from app.cli import report_verification as study
    from enrollment.calibration import DEGRADATIONS, degradation_sweep, summarise
    from enrollment.faceset import load_faceset
    from enrollment.pipeline import FacePipeline

    console = Console()
    if not (faces / "manifest.csv").is_file():
        raise typer.BadParameter(f"no manifest.csv in {faces}", param_hint="--faces")
    pipeline = FacePipeline()
    faceset = load_faceset(faces, workers=workers, cache_dir=cache_dir,
                           detection=pipeline.detection, thresholds=pipeline.thresholds,
                           limits=pipeline.limits)
    summaries = [summarise(faceset, subset) for subset in ("named", "lfw_disjoint", None)]
    sweep_rows = []
    if sweep:
        steps = sum(len(levels) for _, levels, *_ in DEGRADATIONS.values())
        with Progress(console=console) as bar:
            task = bar.add_task("Degradation sweep", total=steps)
            sweep_rows = degradation_sweep(faceset, pipeline,
                                           on_step=lambda: bar.advance(task))
    page = study.write(out=out, faces=faces, faceset=faceset, pipeline=pipeline,
                       summaries=summaries, sweep=sweep_rows, target_fmr=target_fmr)
    console.print(study.console_table(summaries, page.threshold))
    console.print(f"Chosen 1:1 threshold {page.threshold:.2f}; wrote {page.markdown} and "
                  f"{', '.join(str(p) for p in page.images)}")
