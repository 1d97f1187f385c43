"""`skygate bench ...`: benchmark commands that print tables and write JSON."""

from __future__ import annotations

import typer

from app.cli import bench_dashboard, bench_matching, bench_pipeline, bench_simulate

app = typer.Typer(help="Benchmarks: print tables, write JSON, compare against a baseline.",
                  no_args_is_help=True)
app.command("matching")(bench_matching.command)
app.command("pipeline")(bench_pipeline.command)
app.command("dashboard")(bench_dashboard.command)
app.command("simulate")(bench_simulate.command)
