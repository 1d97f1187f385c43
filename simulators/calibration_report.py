"""The calibration's outputs: JSON figures, two plots, a section of docs/simulation.md.

The section sits between two HTML comment markers, so the command rewrites
its own numbers and leaves the hand-written rest of the page alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from simulators.biometrics import CALIBRATION_COMMAND, FaceModelParams
from simulators.calibration import (
    BODY_TOLERANCE,
    FPIR_FACTOR,
    FPIR_MIN_EVENTS,
    TAIL_TOLERANCE,
    THRESHOLDS,
    Check,
    Figures,
    condition_figures,
    params_table,
)

__all__ = ["BEGIN", "END", "plot_distances", "plot_fpir", "section", "write_outputs"]

BEGIN = "<!-- calibration:begin (written by `skygate calibrate biometrics`) -->"
END = "<!-- calibration:end -->"


def _pyplot():  # noqa: ANN202
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_distances(real: Figures, synth: Figures, path: Path) -> None:
    """Overlaid genuine/impostor histograms, and the impostor tail on a log scale."""
    plt = _pyplot()
    fig, (hist, tail) = plt.subplots(1, 2, figsize=(12, 4.5))
    bins = np.linspace(0.0, 1.3, 66)
    for data, label, colour in ((real.genuine, "real genuine", "tab:green"),
                                (real.impostor, "real impostor", "tab:red")):
        hist.hist(data, bins=bins, density=True, alpha=0.35, color=colour, label=label)
    for data, label, colour in ((synth.genuine, "synthetic genuine", "darkgreen"),
                                (synth.impostor, "synthetic impostor", "darkred")):
        hist.hist(data, bins=bins, density=True, histtype="step", lw=1.8, color=colour, label=label)
    for t in THRESHOLDS:
        hist.axvline(t, color="grey", lw=0.6, ls=":")
    hist.set_xlabel("distance between templates")
    hist.set_ylabel("density")
    hist.set_title("Genuine and impostor distances")
    hist.legend(fontsize=8, loc="upper right")
    for data, label, style in ((real.impostor, "real", "-"), (synth.impostor, "synthetic", "--")):
        x = np.sort(data)
        tail.plot(x, np.arange(1, x.size + 1) / x.size, style, label=label)
    tail.set_yscale("log")
    tail.set_xlim(0.3, 0.75)
    tail.set_ylim(1e-6, 0.2)
    for t in THRESHOLDS:
        tail.axvline(t, color="grey", lw=0.6, ls=":")
    tail.set_xlabel("impostor distance")
    tail.set_ylabel("share of impostor pairs at or below (FMR)")
    tail.set_title("The impostor tail")
    tail.legend(fontsize=8, loc="upper left")
    for ax in (hist, tail):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_fpir(real: Figures, synth: Figures, large: Figures | None, path: Path) -> None:
    """FPIR against gallery size at each threshold: real (solid), synthetic (dashed)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 5))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for b, t in enumerate(THRESHOLDS):
        c = colours[b % len(colours)]
        ax.plot(real.sizes, real.fpir[:, b], "o-", color=c, label=f"real, t={t:.2f}")
        ax.plot(synth.sizes, synth.fpir[:, b], "--", color=c)
        if large is not None:
            ax.plot(large.sizes, large.fpir[:, b], ":", color=c)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-5, 1.2)
    ax.set_xlabel("gallery size N (people)")
    ax.set_ylabel("FPIR")
    ax.set_title("FPIR vs gallery size: real (solid), synthetic (dashed), extrapolated (dotted)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fmt(x: float) -> str:
    return f"{x:.4f}" if x >= 1e-3 or x == 0 else f"{x:.1e}"


def section(real: Figures, synth: Figures, large: Figures | None, checks: Sequence[Check],
            params: FaceModelParams, *, faces: str, images: Sequence[str], command: str) -> str:
    """The Markdown section (between the markers)."""
    ok = sum(1 for c in checks if c.ok)
    failed = [c for c in checks if c.ok is False]
    skipped = sum(1 for c in checks if c.ok is None)
    lines = [
        BEGIN,
        "",
        f"Written by `{command}` on {date.today().isoformat()} from `{faces}`: "
        f"{real.genuine.size:,} genuine pairs of labelled photos and {real.impostor.size:,} impostor pairs "
        f"among the LFW distractors, "
        f"FPIR over {real.probes:,} LFW identities (one photo each, each searched against the others); "
        f"synthetic: the same procedure on {synth.probes:,} synthetic people in the `photo` condition.",
        "",
        f"**Verdict: {ok} of {len(checks) - skipped} checked figures within tolerance**"
        + (f"; outside: {', '.join(c.name for c in failed)}." if failed else ".")
        + f" Tolerances: means and 5th/50th/95th percentiles ±{BODY_TOLERANCE:g}; impostor 0.1th and 1st "
        f"percentiles ±{TAIL_TOLERANCE:g}; FPIR within a factor {FPIR_FACTOR:g} wherever the real "
        f"curve rests on at least {FPIR_MIN_EVENTS:g} probes' worth of false matches "
        f"({skipped} cells with fewer are shown, not checked).",
        "",
        "| figure | real | synthetic | tolerance | within |",
        "|---|---:|---:|---|---|",
        *[f"| {c.name} | {_fmt(c.real)} | {_fmt(c.synthetic)} | {c.tolerance} | "
          f"{'yes' if c.ok else 'no' if c.ok is False else 'not checked'} |" for c in checks],
        "",
        *[line for i in images for line in (f"![{Path(i).stem}]({i})", "")],
    ]
    if large is not None:
        head = " | ".join(f"t={t:.2f}" for t in THRESHOLDS)
        lines += ["Synthetic FPIR beyond the real set's size (a model extrapolation):", "",
                  f"| N | {head} |", "|---:|" + "---:|" * len(THRESHOLDS)]
        for a, n in enumerate(large.sizes):
            lines.append(f"| {n:,} | " + " | ".join(_fmt(v) for v in large.fpir[a]) + " |")
        lines.append("")
    conditions = condition_figures(params)
    head = " | ".join(f"FNMR at {t}" for t in conditions[0]["fnmr"])
    lines += ["What the capture conditions (assumed multipliers of the labelled photos' noise) do to "
              "genuine distances, for the comparisons the airport-day simulation makes:", "",
              f"| comparison | median | p95 | {head} |", "|---|---:|---:|" + "---:|" * len(THRESHOLDS),
              *[f"| {r['comparison']} | {r['p50']:.3f} | {r['p95']:.3f} | "
                + " | ".join(f"{100 * v:.1f}%" for v in r["fnmr"].values()) + " |" for r in conditions],
              ""]
    table = params_table(params)
    lines += ["Parameters in use (`simulators.biometrics.CALIBRATED`, produced by "
              f"`{CALIBRATION_COMMAND}`):", "", "| parameter | value |", "|---|---|",
              *[f"| `{k}` | {v} |" for k, v in table.items()], "", END]
    return "\n".join(lines)


def replace_section(page: Path, text: str) -> None:
    """Put `text` between the markers of `page` (appending it if they are missing)."""
    body = page.read_text(encoding="utf-8") if page.is_file() else "# Simulation\n\n"
    if BEGIN in body and END in body:
        head, rest = body.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        body = head + text + tail
    else:
        body = body.rstrip("\n") + "\n\n## Synthetic biometrics: calibration\n\n" + text + "\n"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(body, encoding="utf-8")


def write_outputs(out: Path, real: Figures, synth: Figures, large: Figures | None,
                  checks: Sequence[Check], params: FaceModelParams, *, faces: str,
                  command: str) -> dict[str, Path]:
    """JSON + two PNGs under `out`/ and the section in `out`/simulation.md."""
    img = out / "img"
    img.mkdir(parents=True, exist_ok=True)
    paths = {"json": img / "biometrics_calibration.json",
             "distances": img / "biometrics_distances.png", "fpir": img / "biometrics_fpir.png",
             "page": out / "simulation.md"}
    figures: dict[str, Any] = {
        "command": command, "faces": faces, "real": real.summary(), "synthetic": synth.summary(),
        "extrapolated": large.summary() if large is not None else None,
        "checks": [{"name": c.name, "real": c.real, "synthetic": c.synthetic,
                    "tolerance": c.tolerance, "ok": c.ok} for c in checks],
        "params": params_table(params),
    }
    paths["json"].write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    plot_distances(real, synth, paths["distances"])
    plot_fpir(real, synth, large, paths["fpir"])
    text = section(real, synth, large, checks, params, faces=faces, command=command,
                   images=["img/biometrics_distances.png", "img/biometrics_fpir.png"])
    replace_section(paths["page"], text)
    return paths
