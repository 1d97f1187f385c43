"""`skygate gate-sim`: drive a running service like an airport, on its sped-up clock."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def print_summary(summary) -> None:  # noqa: ANN001 - simulators.gate_sim.summary.Summary
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Gate decisions")
    for column in ("touchpoint", "decision", "reason", "scans"):
        table.add_column(column, justify="right" if column == "scans" else "left")
    for (touchpoint, decision, reason), count in sorted(summary.decisions.items()):
        table.add_row(touchpoint, decision, reason, str(count))
    console.print(table)
    data = summary.as_dict()
    console.print(f"latency (client) {data['client_latency_ms']}, (service) {data['service_latency_ms']}")
    console.print(f"enrolments {data['enrolments']}; manual checks {data['manual_checks']}")
    console.print(f"genuine scans {data['genuine_scans']}, not opened {data['genuine_not_opened']} "
                  f"(observed FNIR {data['observed_fnir']}); misidentified {data['misidentified']}; "
                  f"impostors admitted {data['impostors_admitted']}/{data['impostor_scans']}; "
                  f"wrong gate opened {data['wrong_gate_opened']}/{data['wrong_gate_attempts']}")
    verdict = "agree" if data["journeys_agree"] else f"DISAGREE on {len(summary.journeys_disagreeing)}"
    console.print(f"journeys checked against the service: {data['journeys_checked']}, {verdict}; "
                  f"{len(summary.journeys_hijacked)} taken over by an impostor or misidentification")


def command(
    url: str = typer.Option("http://127.0.0.1:8000", help="The running service."),
    keys: Path = typer.Option(Path("var/keys.json"), help="Device keys written by `skygate seed`."),
    gates: int = typer.Option(6, min=1, help="Security lanes to use."),
    speed: float = typer.Option(60.0, min=0.1, help="Simulated seconds per real second."),
    hours: float = typer.Option(2.0, min=0.25, help="Walk travellers of flights departing in this window."),
    limit: int = typer.Option(2000, min=1, help="At most this many travellers."),
    impostor_rate: float = typer.Option(0.01, min=0, max=1, help="Impostor attempts per traveller."),
    seed: int = typer.Option(1, help="The seed the airport was seeded with (same synthetic faces)."),
    json_out: Path = typer.Option(None, "--json", help="Write the summary as JSON."),
) -> None:
    """Enrol, scan and board the coming hours' travellers over HTTP; compare with the ground truth."""
    import asyncio

    from simulators.gate_sim.run import simulate_gates

    summary = asyncio.run(simulate_gates(url, keys, lanes=gates, speed=speed, seed=seed, hours=hours,
                                         limit=limit, impostor_rate=impostor_rate))
    print_summary(summary)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(summary.as_dict(), indent=2) + "\n", encoding="utf-8")
    if not summary.as_dict()["journeys_agree"] or summary.errors:
        raise typer.Exit(1)
