"""`skygate bench simulate`: airport-day simulation time against day size, with and without biometrics."""

from __future__ import annotations

from pathlib import Path

import typer


def command(
    pax: str = typer.Option("10000,60000,200000", help="Comma-separated day sizes (departing passengers)."),
    adoption: float = typer.Option(0.8, min=0, max=1, help="Biometric adoption in the measured runs."),
    seed: int = typer.Option(1, help="Random seed."),
    json_path: Path = typer.Option(Path("var/bench/airport_day.json"), "--json", help="Write results here."),
) -> None:
    """Run whole days in-process; the baseline is the same day with adoption 0 (no face matching)."""
    from simulators.airport_day.bench import main

    main(["--pax", pax, "--adoption", str(adoption), "--seed", str(seed), "--json", str(json_path)])
