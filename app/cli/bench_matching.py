"""`skygate bench matching`: gallery search speed against its floor and baselines.

Measuring lives in `matching.bench.suite`; this module parses options, shows
progress, prints the tables and writes the JSON. Heavy imports (numpy, the
suite, rich) happen inside the command so `skygate --help` stays instant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["command"]


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise typer.BadParameter("sizes are comma-separated integers, e.g. 400,10000") from None
    if not sizes or min(sizes) < 1:
        raise typer.BadParameter("give at least one size, each >= 1")
    return sizes


def command(
    sizes: Annotated[str, typer.Option(help="Gallery sizes, comma-separated.")] = (
        "400,10000,100000,1000000"),
    batch: Annotated[int, typer.Option(min=1, help="Queries per batched search.")] = 64,
    k: Annotated[int, typer.Option(min=1, help="Neighbours per query.")] = 2,
    seconds: Annotated[float, typer.Option(
        min=0.01, help="Timing budget per method and size (seconds).")] = 1.0,
    threads: Annotated[int, typer.Option(
        min=1, help="Threads in the concurrent single-query comparison.")] = 32,
    concurrent_size: Annotated[int, typer.Option(
        min=0, help="Gallery size for the concurrency comparison (0 skips it).")] = 50_000,
    concurrent_seconds: Annotated[float, typer.Option(
        min=0.01, help="Seconds per concurrency mode.")] = 4.0,
    faiss: Annotated[bool, typer.Option(help="Compare with FAISS when installed.")] = True,
    seed: Annotated[int, typer.Option(help="Random seed for the synthetic templates.")] = 0,
    json_file: Annotated[Path | None, typer.Option(
        "--json", help="Also write the full results to this JSON file.")] = None,
    markdown_file: Annotated[Path | None, typer.Option(
        "--markdown", help="Also write the tables as Markdown (for docs/benchmarks.md).")] = None,
) -> None:
    """Time exact gallery search against the memory floor, face_recognition and FAISS."""
    from rich.console import Console

    from matching.bench.suite import BenchConfig, run

    config = BenchConfig(sizes=_sizes(sizes), batch=batch, k=k, seconds=seconds, seed=seed,
                         use_faiss=faiss, concurrent_size=concurrent_size,
                         concurrent_threads=threads, concurrent_seconds=concurrent_seconds)
    console = Console()
    report = _run_with_progress(config, run, console)
    _print_report(report, console)
    if json_file is not None:
        json_file.parent.mkdir(parents=True, exist_ok=True)
        json_file.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {json_file}")
    if markdown_file is not None:
        import shlex
        import sys

        from matching.bench.markdown import render

        command_line = "skygate " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        markdown_file.parent.mkdir(parents=True, exist_ok=True)
        markdown_file.write_text(render(report, command_line), encoding="utf-8")
        console.print(f"wrote {markdown_file}")


def _run_with_progress(config: Any, run: Any, console: Console) -> dict[str, Any]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        tasks: dict[str, Any] = {}

        def update(label: str, fraction: float) -> None:
            if label not in tasks:
                tasks[label] = progress.add_task(label, total=1.0)
            progress.update(tasks[label], completed=fraction)

        return run(config, update)


def _fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms"


def _print_report(report: dict[str, Any], console: Console) -> None:
    machine = report["machine"]
    console.print(f"[bold]Machine[/]: {machine['cpu']}, {machine['cores']} cores, "
                  f"Python {machine['python']}, numpy {machine['numpy']}")
    console.print(f"[bold]BLAS[/]: {machine['blas']}   [bold]FAISS[/]: {machine['faiss']}   "
                  f"[bold]face_recognition way[/]: {machine['face_recognition_way']}")
    for size in report["sizes"].values():
        console.print(_size_table(size, report["config"]))
    if "concurrency" in report:
        console.print(_concurrency_table(report["concurrency"]))
    console.print(_targets_table(report["targets"]))


def _size_table(size: dict[str, Any], config: dict[str, Any]) -> Any:
    from rich.table import Table

    floor = size["floor"]["seconds"]
    table = Table(title=f"N = {size['n']:,} ({size['bytes'] / 2**20:,.0f} MiB), k = {config['k']}, "
                        f"batch = {config['batch']}", title_justify="left")
    for column in ("method", "single median", "single p99", "× floor",
                   f"batched q/s (B={config['batch']})", "top-k agrees"):
        table.add_column(column, justify="left" if column == "method" else "right")
    for name in [*size["single"], *[m for m in size["batched"] if m not in size["single"]]]:
        stats = size["single"].get(name)
        qps = size["queries_per_second"].get(name)
        agrees = size["agreement"].get(name)
        label = f"floor: {name}" if name.startswith("read ") else name
        if name == size["floor"]["method"]:
            label += f" ({size['floor']['gb_per_second']:.1f} GB/s)"
        table.add_row(label, _fmt_time(stats["median"]) if stats else "",
                      _fmt_time(stats["p99"]) if stats else "",
                      f"{stats['median'] / floor:.2f}" if stats else "",
                      f"{qps:,.0f}" if qps else "", f"{agrees:.0%}" if agrees is not None else "")
    ratios = size["ratios"]
    notes = [f"face_recognition / SkyGate: {ratios['face_recognition_over_skygate']:.1f}x",
             f"batching gain: {ratios['skygate_batched_over_single']:.1f}x"]
    if "skygate_over_faiss_batched_qps" in ratios:
        notes.append("SkyGate / FAISS batched q/s: "
                     f"{ratios['skygate_over_faiss_batched_qps']:.2f}x")
        notes.append("FAISS / SkyGate single latency: "
                     f"{ratios['faiss_over_skygate_single']:.2f}x")
    elif not config["use_faiss"]:
        notes.append("FAISS: skipped (--no-faiss)")
    else:
        notes.append("FAISS: not installed")
    if size.get("other_processes_cpu") is not None:
        notes.append(f"other processes used {size['other_processes_cpu']:.0%} of the CPUs")
    table.caption = "   ".join(notes)
    return table


def _concurrency_table(result: dict[str, Any]) -> Any:
    from rich.table import Table

    table = Table(title=f"Concurrent single queries: {result['threads']} threads, "
                        f"N = {result['n']:,}", title_justify="left")
    if result.get("other_processes_cpu") is not None:
        table.caption = f"other processes used {result['other_processes_cpu']:.0%} of the CPUs"
    for column in ("mode", "queries/s", "latency p50", "latency p99", "mean batch"):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for name, mode in result["modes"].items():
        batch = mode.get("mean_batch")
        table.add_row(name, f"{mode['queries_per_second']:,.0f}",
                      _fmt_time(mode["latency"]["median"]), _fmt_time(mode["latency"]["p99"]),
                      f"{batch:.1f}" if batch else "")
    return table


def _targets_table(rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    table = Table(title="Targets", title_justify="left")
    for column in ("target", "measured", "goal", "result"):
        table.add_column(column)
    for row in rows:
        value = "not measured" if row["value"] is None else f"{row['value']:.2f}"
        verdict = {True: "[green]PASS[/]", False: "[red]MISS[/]", None: "n/a"}[row["passed"]]
        table.add_row(row["name"], value, f"{row['op']} {row['limit']:g}", verdict)
    return table
