"""A few seconds of the load-test harness against a service it seeds itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT, free_port


def test_loadtest_smoke_run_passes_integrity_and_writes_reports(tmp_path: Path) -> None:
    report = tmp_path / "load.json"
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "loadtest", "--start-server", "--users", "12", "--spawn-rate", "12",
         "--duration", "6s", "--citizens", "3000", "--pax", "2500", "--json", str(report),
         "--port", str(free_port())],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(report.read_text())
    assert result["integrity"]["ok"] is True
    assert result["integrity"]["scans_acknowledged"] > 0
    endpoints = {row["endpoint"] for row in result["endpoints"]}
    assert {"scan security", "all"} <= endpoints
    assert all(row["failures"] == 0 for row in result["endpoints"])
    assert (tmp_path / "load_stats.csv").is_file() and (tmp_path / "load.html").is_file()
    # The report says what was loaded: the database, the workers and the gallery sizes.
    assert result["database"] == "sqlite" and result["config"]["workers"] == 1
    assert result["plan"]["enrolled_travellers"] > 0 and result["plan"]["devices"] > 0
