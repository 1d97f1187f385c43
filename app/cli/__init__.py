"""The `skygate` command line.

One module per command group; this file only assembles them, and every
module imports its heavy dependencies inside the command so `skygate --help`
stays instant.
"""

from __future__ import annotations

import signal

import typer

from app.cli import bench, calibrate, db, demo, gate_sim, loadtest, purge, report, seed, serve, simulate

cli = typer.Typer(
    name="skygate",
    help="SkyGate: biometric airport passenger flow, simulated end to end.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
cli.add_typer(db.app, name="db")
cli.command("serve")(serve.command)
cli.command("seed")(seed.command)
cli.command("demo")(demo.command)
cli.command("purge")(purge.command)
cli.command("gate-sim")(gate_sim.command)
cli.command("loadtest")(loadtest.command)
cli.add_typer(bench.app, name="bench")
cli.add_typer(report.app, name="report")
cli.add_typer(calibrate.app, name="calibrate")
cli.command("simulate")(simulate.command)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point; bad settings end with their message, not a traceback."""
    from app.settings import SettingsError

    # SIGTERM (a supervisor, `kill`) unwinds like Ctrl-C, so commands that start a
    # service (demo, loadtest --start-server) stop it on the way out instead of
    # leaving it running. `serve` installs uvicorn's own handlers over this one.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        cli()
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        raise SystemExit(2) from None
