"""The run's outputs: summary.json, PNG plots and a Markdown page.

`write_report` for one run, `write_comparison` for scenarios side by side.
Plots use matplotlib's Agg backend (no display needed); times on the x axis
are the airport's local time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from simulators.airport_day.run import DayResult
from simulators.airport_day.stats import OUTCOMES, STAGES

__all__ = ["comparison_rows", "write_comparison", "write_report"]

_LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
_LABELS = {"counter": "check-in counter", "kiosk": "kiosk", "bag_drop": "bag drop",
           "security_egate": "security e-gate", "security_manual": "security manual lane",
           "boarding_egate": "boarding e-gate", "boarding_manual": "boarding agent"}


def _pyplot():  # noqa: ANN202 - the matplotlib.pyplot module
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _local_times(summary: dict[str, Any]) -> list[datetime]:
    start = datetime.fromisoformat(summary["config"]["start_utc"])
    return [(start + timedelta(seconds=t)).astimezone(_LOCAL).replace(tzinfo=None)
            for t in summary["queues"]["t_seconds"]]


def _minutes(x: float | None) -> str:
    return "–" if x is None else f"{x / 60:.1f}"


def _pct(r: dict[str, Any]) -> str:
    if r["rate"] is None:
        return "–"
    lo, hi = r["ci95"]
    return f"{100 * r['rate']:.2f}% ({r['events']:,}/{r['trials']:,}; 95% CI {100 * lo:.2f}–{100 * hi:.2f}%)"


def plot_queues(summary: dict[str, Any], path: Path) -> None:
    plt = _pyplot()
    import matplotlib.dates as mdates

    times = _local_times(summary)
    fig, ax = plt.subplots(figsize=(11, 4.5))
    for stage in STAGES:
        ax.plot(times, summary["queues"]["lengths"][stage], label=_LABELS[stage], lw=1.2)
    ax.set_ylabel("people queueing")
    ax.set_title(f"Queue length over the day — {summary['config']['airport']} "
                 f"{summary['config']['date']}, adoption {summary['config']['adoption']:g}")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    ax.legend(ncol=4, fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_waits(result: DayResult, path: Path) -> None:
    """Empirical CDF of the wait at each stage (minutes)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for stage in STAGES:
        waits = np.sort(np.array([w for _, w in result.recorder.waits.get(stage, [])])) / 60
        if waits.size:
            ax.plot(waits, np.arange(1, waits.size + 1) / waits.size, label=_LABELS[stage])
    ax.set_xscale("symlog", linthresh=1)
    ax.set_xlabel("wait (minutes)")
    ax.set_ylabel("share of passengers waiting at most this long")
    ax.set_title("Waiting-time distributions")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _wait_table(summary: dict[str, Any]) -> list[str]:
    rows = ["| stage | served | p50 (min) | p95 (min) | max (min) | busiest hour (p95, min) |",
            "|---|---:|---:|---:|---:|---|"]
    for stage in STAGES:
        w = summary["waits_seconds"][stage]
        o = w["overall"]
        if not o["n"]:
            rows.append(f"| {_LABELS[stage]} | 0 | – | – | – | – |")
            continue
        hour, worst = max(w["by_local_hour"].items(), key=lambda kv: kv[1]["p95"] or 0)
        rows.append(f"| {_LABELS[stage]} | {o['n']:,} | {_minutes(o['p50'])} | {_minutes(o['p95'])} | "
                    f"{_minutes(o['max'])} | {int(hour):02d}:00 ({_minutes(worst['p95'])}) |")
    return rows


def markdown(summary: dict[str, Any], images: dict[str, str]) -> str:
    c, p, o, f = summary["config"], summary["passengers"], summary["outcomes"], summary["flights"]
    bio = summary["biometrics"]
    lines = [
        f"# Airport-day simulation: {c['airport']} {c['date']}",
        "",
        f"Seed {c['seed']}, adoption {c['adoption']:g}, {p['total']:,} passengers on {f['total']} flights "
        f"(target {c['target_pax']:,}); simulated in {summary['runtime_seconds']:.1f} s.",
        "",
        "## Outcomes",
        "",
        "| outcome | passengers |", "|---|---:|",
        *[f"| {name.replace('_', ' ')} | {o[name]:,} |" for name in OUTCOMES],
        "",
        f"Flights completed with no passenger left at the gate: {f['completed_on_time']} of {f['total']} "
        f"({100 * (f['on_time_share'] or 0):.1f}%).",
        "",
        "## Passengers and channels",
        "",
        f"Eligible for biometrics (VNeID level 2, domestic, not special): {p['eligible_biometric']:,}; "
        f"chose it: {p['chose_biometric']:,}; enrolled: {p['enrolled']:,}. "
        f"Look-alike pairs travelling together: {p['lookalike_pairs']}.",
        "",
        "| check-in channel | passengers |", "|---|---:|",
        *[f"| {k.replace('_', ' ')} | {v:,} |" for k, v in p["checkin_channel"].items()],
        "",
        "## Queue waits",
        "",
        *_wait_table(summary),
        "",
        f"![queues]({images['queues']})",
        "",
        f"![waits]({images['waits']})",
        "",
        "## Biometric decisions (observed at the touchpoints)",
        "",
        "| touchpoint | FNIR (genuine not identified) | misidentified | FPIR (impostor identified) | "
        "impostor let through |",
        "|---|---|---|---|---|",
    ]
    for kind, r in bio["observed"].items():
        lines.append(f"| {kind} | {_pct(r['fnir'])} | {_pct(r['misidentified'])} | {_pct(r['fpir'])} | "
                     f"{_pct(r['impostor_opened'])} |")
    lines += ["", "Reason codes (every scan, including retries):", "",
              "| touchpoint | who | reason | scans |", "|---|---|---|---:|"]
    for kind, roles in bio["reasons"].items():
        for role, reasons in roles.items():
            lines += [f"| {kind} | {role} | `{r}` | {n:,} |" for r, n in sorted(reasons.items())]
    fallbacks = bio["manual_fallbacks"]
    lines += ["", f"Biometric travellers sent to a manual lane: security {fallbacks.get('security', 0):,}, "
              f"boarding {fallbacks.get('boarding', 0):,}.", "",
              "Enrolments: " + ", ".join(f"`{k}` {v:,}" for k, v in bio["enrolments"].items()) + ".", ""]
    if summary["incidents"]:
        lines += ["Incidents:", "", *[f"- `{k}`: {v:,}" for k, v in summary["incidents"].items()], ""]
    return "\n".join(lines) + "\n"


def write_report(result: DayResult, out: Path) -> dict[str, Path]:
    """summary.json, queues.png, waits.png and summary.md in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "summary.json", "queues": out / "queues.png", "waits": out / "waits.png",
             "markdown": out / "summary.md"}
    paths["json"].write_text(json.dumps(result.summary, indent=1) + "\n", encoding="utf-8")
    plot_queues(result.summary, paths["queues"])
    plot_waits(result, paths["waits"])
    paths["markdown"].write_text(markdown(result.summary, {"queues": "queues.png", "waits": "waits.png"}),
                                 encoding="utf-8")
    return paths


def comparison_rows(results: Sequence[DayResult]) -> list[dict[str, Any]]:
    """One row of headline figures per scenario."""
    rows = []
    for r in results:
        s = r.summary
        w = s["waits_seconds"]
        o = s["outcomes"]
        bio = s["biometrics"]["observed"]
        rows.append({
            "adoption": s["config"]["adoption"],
            "biometric_travellers": s["passengers"]["chose_biometric"],
            "boarded_biometric": o["boarded_biometric"], "boarded_manual": o["boarded_manual"],
            "missed": o["missed_checkin"] + o["missed_boarding"],
            "flights_on_time_share": s["flights"]["on_time_share"],
            **{f"p95_wait_{stage}": w[stage]["overall"]["p95"] for stage in STAGES},
            "security_fnir": bio["security"]["fnir"]["rate"],
            "boarding_fnir": bio["boarding"]["fnir"]["rate"],
        })
    return rows


def plot_comparison(results: Sequence[DayResult], path: Path) -> None:
    plt = _pyplot()
    import matplotlib.dates as mdates

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8))
    width = 0.8 / max(len(results), 1)
    x = np.arange(len(STAGES))
    for k, r in enumerate(results):
        p95 = [(r.summary["waits_seconds"][s]["overall"]["p95"] or 0) / 60 for s in STAGES]
        left.bar(x + k * width, p95, width, label=f"adoption {r.summary['config']['adoption']:g}")
        lengths = np.array(r.summary["queues"]["lengths"]["security_manual"]) + np.array(
            r.summary["queues"]["lengths"]["security_egate"])
        right.plot(_local_times(r.summary), lengths, label=f"adoption {r.summary['config']['adoption']:g}")
    left.set_xticks(x + width * (len(results) - 1) / 2, [_LABELS[s] for s in STAGES], rotation=30,
                    ha="right", fontsize=8)
    left.set_ylabel("p95 wait (minutes)")
    left.set_title("95th-percentile wait by stage")
    left.legend(fontsize=8)
    right.set_title("People queueing for the security ID check")
    right.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def comparison_markdown(rows: list[dict[str, Any]], image: str) -> str:
    head = ["adoption", "biometric travellers", "boarded by e-gate", "boarded by agent", "missed",
            "flights on time", *[f"p95 {_LABELS[s]} (min)" for s in STAGES], "FNIR security",
            "FNIR boarding"]
    lines = ["# Scenarios side by side", "", "| " + " | ".join(head) + " |",
             "|" + "---:|" * len(head)]
    for r in rows:
        cells = [f"{r['adoption']:g}", f"{r['biometric_travellers']:,}", f"{r['boarded_biometric']:,}",
                 f"{r['boarded_manual']:,}", f"{r['missed']:,}",
                 f"{100 * (r['flights_on_time_share'] or 0):.1f}%",
                 *[_minutes(r[f"p95_wait_{s}"]) for s in STAGES],
                 "–" if r["security_fnir"] is None else f"{100 * r['security_fnir']:.1f}%",
                 "–" if r["boarding_fnir"] is None else f"{100 * r['boarding_fnir']:.1f}%"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\n![comparison]({image})\n"


def write_comparison(results: Sequence[DayResult], out: Path) -> dict[str, Path]:
    """comparison.json, comparison.png, comparison.md, plus each scenario's report in a sub-folder."""
    out.mkdir(parents=True, exist_ok=True)
    rows = comparison_rows(results)
    paths = {"json": out / "comparison.json", "plot": out / "comparison.png",
             "markdown": out / "comparison.md"}
    paths["json"].write_text(json.dumps({"scenarios": rows}, indent=1) + "\n", encoding="utf-8")
    plot_comparison(results, paths["plot"])
    paths["markdown"].write_text(comparison_markdown(rows, "comparison.png"), encoding="utf-8")
    for r in results:
        write_report(r, out / f"adoption-{r.summary['config']['adoption']:g}")
    return paths
