"""`skygate simulate`: a whole departure day, in-process, on synthetic biometrics."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer


def _adoptions(spec: str) -> list[float]:
    """`adoption=0,0.5,0.9` (or just `0,0.5,0.9`) -> [0.0, 0.5, 0.9]."""
    name, _, values = spec.rpartition("=")
    if name not in ("", "adoption"):
        raise typer.BadParameter(f"only adoption can be compared, got {name!r}", param_hint="--compare")
    try:
        levels = [float(v) for v in values.split(",") if v.strip()]
    except ValueError:
        raise typer.BadParameter(f"not a list of numbers: {values!r}", param_hint="--compare") from None
    if not levels or any(not 0 <= v <= 1 for v in levels):
        raise typer.BadParameter("adoption levels must lie in [0, 1]", param_hint="--compare")
    return levels


def command(
    airport: Annotated[str, typer.Option(help="IATA code of the departure airport.")] = "SGN",
    day: Annotated[str, typer.Option("--date", help="Local date of the day (YYYY-MM-DD).")] = "2026-12-01",
    pax: Annotated[int, typer.Option(min=1, help="Target departing passengers.")] = 60_000,
    adoption: Annotated[float, typer.Option(min=0, max=1, help="Share of eligible travellers "
                                            "who go biometric.")] = 0.8,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same numbers.")] = 1,
    out: Annotated[Path, typer.Option(help="Folder for summary.json, plots and summary.md.")
                   ] = Path("report"),
    compare: Annotated[str | None, typer.Option(help="Scenarios on the same passengers, e.g. "
                                                "adoption=0,0.5,0.9.")] = None,
    impostor_rate: Annotated[float | None, typer.Option(min=0, max=1, help="Impostor attempts per "
                                                        "biometric traveller.")] = None,
    lookalike_rate: Annotated[float | None, typer.Option(min=0, max=1, help="Share of travellers who "
                                                         "are a look-alike (twin) of another on their "
                                                         "flight.")] = None,
    security_threshold: Annotated[float | None, typer.Option(help="Default: the service's.")] = None,
    boarding_threshold: Annotated[float | None, typer.Option(help="Default: the service's.")] = None,
    security_egates: Annotated[int | None, typer.Option(min=0, help="Override the terminal sizing.")
                               ] = None,
    security_lanes: Annotated[int | None, typer.Option(min=1, help="Override the terminal sizing.")
                              ] = None,
) -> None:
    """Simulate AIRPORT's departures on DATE: queues, throughput, FNIR/FPIR, missed flights."""
    from dataclasses import replace

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from app.schedule.airports import AIRPORTS
    from simulators.airport_day.config import Behaviour, DayConfig, GateRules, Resources
    from simulators.airport_day.report import comparison_rows, write_comparison, write_report
    from simulators.airport_day.run import run_day, run_scenarios

    if airport.upper() not in AIRPORTS:
        raise typer.BadParameter(f"unknown airport {airport!r}", param_hint="--airport")
    try:
        local_day = date.fromisoformat(day)
    except ValueError:
        raise typer.BadParameter(f"not a date: {day!r}", param_hint="--date") from None
    levels = _adoptions(compare) if compare else None
    behaviour = Behaviour()
    if impostor_rate is not None:
        behaviour = replace(behaviour, impostor_rate=impostor_rate)
    if lookalike_rate is not None:
        behaviour = replace(behaviour, lookalike_rate=lookalike_rate)
    rules = GateRules()
    if security_threshold is not None:
        rules = replace(rules, security_threshold=security_threshold)
    if boarding_threshold is not None:
        rules = replace(rules, boarding_threshold=boarding_threshold)
    terminal = Resources.for_day(pax)
    if security_egates is not None:
        terminal = replace(terminal, security_egates=max(security_egates, 1))
    if security_lanes is not None:
        terminal = replace(terminal, security_lanes=security_lanes)
    config = DayConfig(airport=airport.upper(), day=local_day, pax=pax, adoption=adoption, seed=seed,
                       rules=rules, resources=terminal, behaviour=behaviour)

    console = Console()
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[clock]}"),
               TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        tasks: dict[str, int] = {}

        def progress(label: str, done: float, total: float, clock: str) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total, clock="")
            bar.update(tasks[label], completed=done, clock=f"simulated {clock}")

        if levels is None:
            result = run_day(config, progress)
        else:
            results = run_scenarios(config, levels, progress)
    if levels is None:
        paths = write_report(result, out)
        s = result.summary
        o = s["outcomes"]
        missed = o["missed_checkin"] + o["missed_boarding"]
        console.print(f"{s['passengers']['total']:,} passengers, {s['flights']['total']} flights in "
                      f"{s['runtime_seconds']:.1f} s: boarded {o['boarded_biometric']:,} by e-gate and "
                      f"{o['boarded_manual']:,} by agent; missed {missed:,}")
        console.print("wrote " + ", ".join(str(p) for p in paths.values()))
        return
    paths = write_comparison(results, out)
    _print_comparison(console, comparison_rows(results))
    console.print("wrote " + ", ".join(str(p) for p in paths.values()))


def _print_comparison(console, rows: list[dict]) -> None:  # noqa: ANN001 - rich Console
    """Scenarios as columns, figures as rows (fits a terminal)."""
    from rich.table import Table

    from simulators.airport_day.stats import STAGES

    def minutes(x: float | None) -> str:
        return "–" if x is None else f"{x / 60:.1f}"

    def percent(x: float | None) -> str:
        return "–" if x is None else f"{100 * x:.1f}%"

    table = Table("", *[f"adoption {r['adoption']:g}" for r in rows])
    table.add_row("biometric travellers", *[f"{r['biometric_travellers']:,}" for r in rows])
    table.add_row("boarded by e-gate", *[f"{r['boarded_biometric']:,}" for r in rows])
    table.add_row("boarded by agent", *[f"{r['boarded_manual']:,}" for r in rows])
    table.add_row("missed", *[f"{r['missed']:,}" for r in rows])
    table.add_row("flights on time", *[percent(r["flights_on_time_share"]) for r in rows])
    for stage in STAGES:
        table.add_row(f"p95 wait {stage} (min)", *[minutes(r[f"p95_wait_{stage}"]) for r in rows])
    table.add_row("FNIR security", *[percent(r["security_fnir"]) for r in rows])
    table.add_row("FNIR boarding", *[percent(r["boarding_fnir"]) for r in rows])
    console.print(table)
