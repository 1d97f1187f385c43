"""The `skygate` command line.

One module per command group; this file only assembles them, and every
module imports its heavy dependencies inside the command so `skygate --help`
stays instant.
"""

from __future__ import annotations

import typer

from app.cli import bench, report

cli = typer.Typer(
    name="skygate",
    help="SkyGate: biometric airport passenger flow, simulated end to end.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
cli.add_typer(bench.app, name="bench")
cli.add_typer(report.app, name="report")


def main() -> None:
    """Console-script entry point."""
    cli()
