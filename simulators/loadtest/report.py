"""The run's numbers: a table per endpoint, JSON, and Locust's own CSV and HTML."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from locust.env import Environment
from locust.html import get_html_report
from locust.stats import StatsCSVFileWriter
from rich.console import Console
from rich.table import Table

__all__ = ["endpoint_rows", "print_table", "write_reports"]

PERCENTILES = (0.5, 0.95, 0.99)


def endpoint_rows(env: Environment) -> list[dict[str, Any]]:
    rows = []
    entries = sorted(env.stats.entries.values(), key=lambda e: e.name) + [env.stats.total]
    for entry in entries:
        if not entry.num_requests:
            continue
        elapsed = (
            max(entry.last_request_timestamp - entry.start_time, 1e-9) if entry.last_request_timestamp else 1
        )
        rows.append(
            {
                "endpoint": entry.name if entry is not env.stats.total else "all",
                "method": entry.method or "",
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "rps": round(entry.num_requests / elapsed, 1),
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p95_ms": entry.get_response_time_percentile(0.95),
                "p99_ms": entry.get_response_time_percentile(0.99),
                "max_ms": round(entry.max_response_time or 0, 1),
            }
        )
    return rows


def print_table(rows: list[dict[str, Any]], title: str) -> None:
    table = Table(title=title)
    for column in ("endpoint", "requests", "failures", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms"):
        table.add_column(column, justify="left" if column == "endpoint" else "right")
    for row in rows:
        table.add_row(
            *(
                str(row[c])
                for c in ("endpoint", "requests", "failures", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms")
            )
        )
    Console().print(table)


def write_reports(env: Environment, report: dict[str, Any], json_path: Path, prefix: Path) -> None:
    """JSON for tools, CSV and HTML for people (Locust's own formats)."""
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    writer = StatsCSVFileWriter(env, list(PERCENTILES), str(prefix))
    for suffix, write in (
        ("stats", writer.requests_csv),
        ("failures", writer.failures_csv),
        ("exceptions", writer.exceptions_csv),
    ):
        with open(f"{prefix}_{suffix}.csv", "w", newline="", encoding="utf-8") as handle:
            write(csv.writer(handle))
    writer.close_files()
    Path(f"{prefix}.html").write_text(get_html_report(env), encoding="utf-8")
