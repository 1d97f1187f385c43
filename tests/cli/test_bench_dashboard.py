"""`skygate bench dashboard` on a tiny day: builds it, times the summary and the baseline, writes JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli


def test_bench_dashboard_prints_a_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "dashboard.json"
    result = CliRunner().invoke(
        cli, ["bench", "dashboard", "--flights", "4", "--pax", "120", "--runs", "1", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "baseline: one manifest per flight" in result.output
    report = json.loads(out.read_text())
    assert (report["flights"], report["pax"], report["database"]) == (4, 120, "sqlite")
    assert report["events"] > 120 * 0.7  # every passenger past `booked` left an enrolment event at least
    assert set(report["median_ms"]) == {
        "summary",
        "flight counts",
        "recent events",
        "touchpoint figures",
        "baseline: one manifest per flight",
    }
    assert all(ms > 0 for ms in report["median_ms"].values())
