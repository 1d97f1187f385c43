"""The benchmark report as Markdown tables, for docs/benchmarks.md."""

from __future__ import annotations

from typing import Any

__all__ = ["render"]


def _t(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def render(report: dict[str, Any], command: str) -> str:
    """Machine, per-size tables, concurrency and targets, as Markdown."""
    machine, config = report["machine"], report["config"]
    lines = [f"Command: `{command}`", "",
             f"Machine: {machine['cpu']}, {machine['cores']} cores (shared), "
             f"{machine['memory_gb']:.0f} GB; Python {machine['python']}, "
             f"numpy {machine['numpy']}; "
             f"BLAS: {machine['blas']}; FAISS: {machine['faiss']}; "
             f"baseline: {machine['face_recognition_way']}. k = {config['k']}, "
             f"batch = {config['batch']}.", ""]
    for size in report["sizes"].values():
        lines += _size(size, config)
    if "concurrency" in report:
        lines += _concurrency(report["concurrency"])
    lines += _targets(report["targets"])
    return "\n".join(lines) + "\n"


def _size(size: dict[str, Any], config: dict[str, Any]) -> list[str]:
    floor = size["floor"]["seconds"]
    lines = [f"**N = {size['n']:,}** ({size['bytes'] / 2**20:,.0f} MiB; other processes used "
             f"{_share(size.get('other_processes_cpu'))} of the CPUs meanwhile)", "",
             "| method | single median | single p99 | × floor | "
             f"batched q/s (B={config['batch']}) |",
             "|---|--:|--:|--:|--:|"]
    for name in [*size["single"], *[m for m in size["batched"] if m not in size["single"]]]:
        stats = size["single"].get(name)
        label = f"floor: {name}" if name.startswith("read ") else name
        if name == size["floor"]["method"]:
            label = f"**{label}** ({size['floor']['gb_per_second']:.1f} GB/s)"
        qps = size["queries_per_second"].get(name)
        timing = (f"{_t(stats['median'])} | {_t(stats['p99'])} | {stats['median'] / floor:.2f}"
                  if stats else " | | ")
        lines.append(f"| {label} | {timing} | {f'{qps:,.0f}' if qps else ''} |")
    r = size["ratios"]
    notes = [f"face_recognition / SkyGate latency {r['face_recognition_over_skygate']:.1f}x",
             f"SkyGate batched / single throughput {r['skygate_batched_over_single']:.1f}x"]
    if "skygate_over_faiss_batched_qps" in r:
        notes += [f"FAISS / SkyGate latency {r['faiss_over_skygate_single']:.2f}x",
                  f"SkyGate / FAISS batched throughput {r['skygate_over_faiss_batched_qps']:.2f}x"]
    return [*lines, "", "Ratios: " + "; ".join(notes) + ".", ""]


def _concurrency(result: dict[str, Any]) -> list[str]:
    lines = [f"**Concurrent single queries**: {result['threads']} threads, N = {result['n']:,} "
             f"(other processes used {_share(result.get('other_processes_cpu'))} of the CPUs)", "",
             "| mode | queries/s | latency p50 | latency p99 | mean batch |",
             "|---|--:|--:|--:|--:|"]
    for name, mode in result["modes"].items():
        batch = mode.get("mean_batch")
        lines.append(f"| {name} | {mode['queries_per_second']:,.0f} | "
                     f"{_t(mode['latency']['median'])} | {_t(mode['latency']['p99'])} | "
                     f"{f'{batch:.1f}' if batch else ''} |")
    return [*lines, ""]


def _targets(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| target | measured | goal | result |", "|---|--:|--:|---|"]
    for row in rows:
        value = "not measured" if row["value"] is None else f"{row['value']:.2f}"
        verdict = {True: "pass", False: "MISS", None: "n/a"}[row["passed"]]
        lines.append(f"| {row['name']} | {value} | {row['op']} {row['limit']:g} | {verdict} |")
    return [*lines, ""]
