"""`skygate report accuracy`: FNIR and FPIR of the gate decisions against
threshold and gallery size, written as docs/accuracy-1n.md with plots.

Measuring lives in `simulators.accuracy` (study, rates, calibration, the run
through `decide_scan`); rendering in its `page` and `plots`. This module
parses options, shows progress, prints a summary and writes the files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from simulators.accuracy.study import StudyResult

__all__ = ["command"]

FACES_DEFAULT = Path("../shared/faces")
PAGE = "accuracy-1n.md"
IMAGES = {"rates": "accuracy_1n_rates.png", "det": "accuracy_1n_det.png",
          "thresholds": "accuracy_1n_thresholds.png"}

SYNTHETIC_PENDING = (
    "**Pending.** Real photos reach {real:,} identities. The {size:,}-template gallery of a busy "
    "airport's security lanes needs synthetic templates whose impostor tail is calibrated on "
    "these photos (`simulators/biometrics.py`, `SyntheticFaces`), which this build does not have "
    "yet; no number on this page is extrapolated from a model in its place. The security "
    "threshold above is therefore the measured curve carried out to {size:,} (flat, with the "
    "margin); check it here once the synthetic templates exist, by re-running this report."
)
SIMULATED_PENDING = (
    "Not run (`--simulated-pax 0`): the real-photo scans above are the ground-truth run."
)


def command(
    faces: Annotated[Path, typer.Option(help="Labelled photos with manifest.csv.")] = FACES_DEFAULT,
    out: Annotated[Path, typer.Option(help=f"Docs folder: writes {PAGE} and img/.")] = Path("docs"),
    fpir_target: Annotated[float, typer.Option(min=1e-6, max=0.5, help="FPIR the 1:N thresholds "
                                                                    "must hold.")] = 0.003,
    fmr_target: Annotated[float, typer.Option(min=1e-6, max=0.5, help="FMR of the claimed 1:1 "
                                                                  "check.")] = 0.001,
    repeats: Annotated[int, typer.Option(min=1, help="Random galleries per probe and size.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the random galleries.")] = 0,
    workers: Annotated[int, typer.Option(min=1, help="Processes measuring uncached photos.")] = 2,
    cache_dir: Annotated[Path, typer.Option(help="Template cache.")] = Path("var/cache"),
    json_path: Annotated[Path | None, typer.Option("--json", help="Also write every number here.")
                         ] = None,
    synthetic: Annotated[bool, typer.Option(help="Add a 50,000 gallery of synthetic templates "
                                                 "when simulators.biometrics exists.")] = True,
    simulated_pax: Annotated[int, typer.Option(min=0, help="Passengers of the simulated day whose "
                                                         "scans are reported (0 = skip).")] = 20_000,
) -> None:
    """FNIR/FPIR per touchpoint kind, against threshold and gallery size; DET curves; settings."""
    from rich.console import Console

    from enrollment.faceset import load_faceset
    from enrollment.pipeline import FacePipeline
    from simulators.accuracy.study import StudyConfig, run_study

    if not (faces / "manifest.csv").is_file():
        raise typer.BadParameter(f"no manifest.csv in {faces}", param_hint="--faces")
    console = Console()
    pipeline = FacePipeline()
    faceset = load_faceset(faces, workers=workers, cache_dir=cache_dir, detection=pipeline.detection,
                           thresholds=pipeline.thresholds, limits=pipeline.limits)
    config = StudyConfig(fpir_target=fpir_target, fmr_target=fmr_target, repeats=repeats, seed=seed)
    source = _synthetic_source(seed) if synthetic else None
    with console.status("1:N study") as status:
        result = run_study(faceset, config, progress=lambda step: status.update(f"1:N study: {step}"),
                           synthetic=source)
    simulated = None
    if simulated_pax:
        from simulators.accuracy.simulated import simulated_section

        with console.status(f"simulating a day of {simulated_pax:,} passengers"):
            simulated = simulated_section(simulated_pax, seed=1)
    page = _write(result, out=out, faces=faces, files=len(faceset), pipeline_key=pipeline.cache_key,
                  simulated=simulated)
    console.print(_summary(result))
    console.print(f"wrote {page}")
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(result.to_json(), indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {json_path}")


def _synthetic_source(seed: int):  # noqa: ANN202 - SyntheticSource | None
    """Synthetic galleries if this build has the synthetic biometrics, else None (page says pending)."""
    from simulators.accuracy import synthetic

    if not synthetic.available():
        return None
    from simulators.biometrics import SyntheticFaces

    return synthetic.synthetic_source(SyntheticFaces(seed))


def _in_force() -> dict[str, float]:
    from app.settings import Settings

    s = Settings()
    names = ("min_margin", "boarding_threshold", "security_threshold", "threshold_slope",
             "claimed_threshold")
    return {name: float(getattr(s, name)) for name in names if hasattr(s, name)}


def _write(result: StudyResult, *, out: Path, faces: Path, files: int, pipeline_key: str,
           simulated: str | None = None) -> Path:
    from gates.thresholds import BOARDING_REFERENCE_SIZE, SECURITY_REFERENCE_SIZE
    from simulators.accuracy import page, plots

    (out / "img").mkdir(parents=True, exist_ok=True)
    images = {key: Path("img") / name for key, name in IMAGES.items()}
    plots.plot_rates_by_size(result, out / images["rates"])
    plots.plot_det(result, BOARDING_REFERENCE_SIZE, out / images["det"])
    plots.plot_thresholds(result, out / images["thresholds"])
    synthetic = page.synthetic_section(result) if result.synthetic else SYNTHETIC_PENDING.format(
        real=result.data.pool_size, size=SECURITY_REFERENCE_SIZE)
    text = page.markdown(result, faces=faces, files=files, pipeline_key=pipeline_key, images=images,
                         synthetic_note=synthetic, simulated_note=simulated or SIMULATED_PENDING,
                         in_force=_in_force())
    target = out / PAGE
    target.write_text(text, encoding="utf-8")
    return target


def _summary(result: StudyResult) -> Any:
    from rich.table import Table

    op = result.operating
    table = Table(title=f"Gate decisions at margin {op.margin:g}, 1:N threshold "
                        f"{op.boarding_threshold:g} (flight) / {op.security_threshold:g} (airport), "
                        f"claimed {op.claimed_threshold:g}")
    for column in ("touchpoint", "evidence", "gallery", "FNIR", "FPIR", "wrong opens"):
        table.add_column(column, justify="right")
    for r in result.scans.rates:
        table.add_row(r.kind, r.mode, f"{r.gallery_size:,}", f"{r.fnir:.1%}", f"{r.fpir:.2%}",
                      str(r.mated_wrong_open))
    return table
