"""`skygate calibrate ...`: fit and check models against the real photos."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Calibration: compare models with real data, write figures and docs.",
                  no_args_is_help=True)

FACES_DEFAULT = Path("../shared/faces")


@app.command("biometrics")
def biometrics(
    faces: Annotated[Path, typer.Option(help="Labelled photos with manifest.csv.")] = FACES_DEFAULT,
    out: Annotated[Path, typer.Option(help="Docs folder: writes img/ and simulation.md there.")
                   ] = Path("docs"),
    fit: Annotated[bool, typer.Option(help="Refit the parameters (minutes) and print them.")] = False,
    max_evaluations: Annotated[int, typer.Option(help="Fit budget (model evaluations).")] = 400,
    extrapolate: Annotated[bool, typer.Option(help="Add synthetic FPIR at N up to 30,000.")] = True,
    seed: Annotated[int, typer.Option(help="First seed of the three synthetic populations compared.")
                    ] = 11,
    workers: Annotated[int, typer.Option(help="Processes measuring uncached photos.")] = 2,
    cache_dir: Annotated[Path, typer.Option(help="Template cache.")] = Path("var/cache"),
) -> None:
    """Synthetic templates vs the real photos: distances, impostor tail, FPIR against N."""
    from dataclasses import fields

    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from enrollment.faceset import load_faceset
    from simulators import calibration as cal
    from simulators.biometrics import CALIBRATED
    from simulators.calibration_report import write_outputs

    console = Console()
    if not (faces / "manifest.csv").is_file():
        raise typer.BadParameter(f"no manifest.csv in {faces}", param_hint="--faces")
    faceset = load_faceset(faces, workers=workers, cache_dir=cache_dir)
    real = cal.real_figures(faceset)
    params = CALIBRATED
    if fit:
        with Progress(console=console, transient=True) as bar:
            task = bar.add_task("Fitting", total=max_evaluations)
            params, loss = cal.fit(real, CALIBRATED, max_evaluations=max_evaluations,
                                   progress=lambda i, _: bar.update(task, completed=i))
        console.print(f"loss {loss:.2f}; paste into simulators/biometrics.py:")
        fitted = {f.name: getattr(params, f.name) for f in fields(params) if f.name in cal.FITTED}
        console.print("CALIBRATED = FaceModelParams(\n" + "".join(
            f"    {k}={round(v, 4) if isinstance(v, float) else v},\n" for k, v in fitted.items()) + ")")
    with console.status("Synthetic figures"):
        synth = cal.synthetic_figures(params, seed=seed, replicates=3)
        large = cal.synthetic_figures(params, seed=seed, identities=30_000, probes=2000,
                                      sizes=cal.GALLERY_SIZES + cal.EXTRAPOLATED_SIZES
                                      ) if extrapolate else None
    checks = cal.check(real, synth)
    command = "skygate calibrate biometrics" + (" --fit" if fit else "")
    paths = write_outputs(out, real, synth, large, checks, params, faces=str(faces), command=command)
    table = Table("figure", "real", "synthetic", "tolerance", "within")
    for c in checks:
        table.add_row(c.name, f"{c.real:.4g}", f"{c.synthetic:.4g}", c.tolerance,
                      {True: "yes", False: "[red]no[/red]", None: "not checked"}[c.ok])
    console.print(table)
    console.print("wrote " + ", ".join(str(p) for p in paths.values()))
