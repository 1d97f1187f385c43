"""The 1:N accuracy plots (matplotlib, Agg): rates against gallery size, DET
curves at a flight's and an airport's gallery size, thresholds against size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gates.thresholds import SECURITY_REFERENCE_SIZE
from simulators.accuracy.searches import Searches
from simulators.accuracy.study import StudyResult, det_points
from simulators.accuracy.synthetic import SyntheticSpec

__all__ = ["plot_det", "plot_rates_by_size", "plot_thresholds"]

FLOOR = 1e-4  # rates of zero are drawn here on log axes
STYLE = {
    "pure 1:N": ("tab:red", "-"),
    "threshold + margin": ("tab:blue", "-"),
    "claimed 1:1": ("black", "-"),
}


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _style(label: str) -> tuple[str, str]:
    return next((v for k, v in STYLE.items() if label.startswith(k)), ("grey", "-"))


def plot_rates_by_size(result: StudyResult, path: Path) -> Path:
    """FPIR and FNIR against gallery size for each rule, at fixed settings."""
    plt = _pyplot()
    by_size = {n: result.rates_at(s) for n, s in sorted(result.searches.items())}
    real = list(by_size)
    synthetic = [(spec, result.rates_at(s)) for spec, s in result.synthetic.items()]
    op = result.operating
    fixed_colours = ("tab:orange", "tab:purple", "tab:brown", "tab:pink")
    series = [(f"pure 1:N at {t:g}", f"pure_fpir@{t}", f"pure_fnir@{t}", ":", fixed_colours[i % 4])
              for i, t in enumerate(result.config.fixed_thresholds)]
    series += [
        (f"pure 1:N at t(N) = {op.boarding_threshold:g}", "pure_fpir", "pure_fnir", "--",
         _style("pure 1:N")[0]),
        (f"threshold + margin ({op.boarding_threshold:g}, {op.margin:g})", "margin_fpir",
         "margin_fnir", "-", _style("threshold + margin")[0]),
        (f"claimed 1:1 at {op.claimed_threshold:g} + cross-check", "claim_fpir", "claim_fnir", "-",
         _style("claimed 1:1")[0]),
    ]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), dpi=110)
    for label, fpir_key, fnir_key, line, colour in series:
        for ax, key in zip(axes, (fpir_key, fnir_key), strict=True):
            ax.plot(real, [max(by_size[n][key], FLOOR) for n in real], line, marker="o", ms=3,
                    color=colour, label=label)
            for spec, row in synthetic:  # another source: markers only, never joined up
                ax.plot(spec.size, max(row[key], FLOOR), _marker(spec), ms=5, color=colour,
                        mfc="none")
    axes[0].axhline(result.config.fpir_target, color="grey", lw=0.8, ls=":")
    for ax, name in zip(axes, ("FPIR (non-mated searches opened)", "FNIR (mated searches missed)"),
                        strict=True):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("gallery size N")
        ax.set_ylabel(name)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_title("False positives grow with N for pure 1:N")
    axes[1].set_title("...and misses are the price of holding them")
    axes[1].legend(fontsize=7, loc="lower right")
    _mark_synthetic(axes, result)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(path)
    plt.close(fig)
    return path


def _marker(spec: SyntheticSpec) -> str:
    return "s" if spec.like_photos else ("v" if spec.impostors == "lookalikes" else "^")


def _line(spec: SyntheticSpec) -> str:
    return "-" if spec.like_photos else (":" if spec.impostors == "lookalikes" else "--")


def _mark_synthetic(axes: Any, result: StudyResult) -> None:
    """Open markers are synthetic galleries (see the caption)."""
    if not result.synthetic:
        return
    axes[0].figure.text(0.5, 0.01, "open markers: synthetic galleries (square: captures like the "
                        "photos; triangle: kiosk -> gate; down triangle: kiosk -> gate, look-alike "
                        "impostors)", ha="center", fontsize=8, color="grey")


def _det_panels(result: StudyResult, flight: int) -> list[tuple[str, list[tuple[str, Searches]]]]:
    """(title, [(line style, searches)]): a flight, the largest real gallery, each larger
    synthetic size (like the photos solid, other conditions dashed)."""
    panels = [(f"N = {n:,}, real photos", [("-", result.searches[n])])
              for n in dict.fromkeys((flight, max(result.searches))) if n in result.searches]
    real_max = max(result.searches)
    for size in sorted({spec.size for spec in result.synthetic if spec.size > real_max}):
        lines = [(_line(spec), s) for spec, s in result.synthetic.items() if spec.size == size]
        panels.append((f"N = {size:,}, synthetic (dashed: kiosk -> gate; dotted: look-alikes)",
                       lines))
    return panels


def plot_det(result: StudyResult, flight: int, path: Path) -> Path:
    """DET (FNIR against FPIR, thresholds swept) per rule, one panel per gallery."""
    plt = _pyplot()
    panels = _det_panels(result, flight)
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 4.6), dpi=110,
                             squeeze=False)
    op = result.operating
    for ax, (title, lines) in zip(axes[0], panels, strict=True):
        for style, s in lines:
            for label, (fp, fn) in det_points(s, op).items():
                ax.plot(np.maximum(fp, FLOOR), np.maximum(fn, FLOOR), style,
                        color=_style(label)[0], label=label if style == "-" else None)
            rates = result.rates_at(s)
            for label, fp, fn in (("threshold + margin", "margin_fpir", "margin_fnir"),
                                  ("claimed 1:1", "claim_fpir", "claim_fnir")):
                ax.plot(max(rates[fp], FLOOR), max(rates[fn], FLOOR),
                        {"-": "o", "--": "^", ":": "v"}[style], color=_style(label)[0])
        ax.axvline(result.config.fpir_target, color="grey", lw=0.8, ls=":")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(FLOOR * 0.8, 1)
        ax.set_ylim(FLOOR * 0.8, 1)
        ax.set_xlabel("FPIR")
        ax.set_ylabel("FNIR")
        searches = lines[0][1]
        ax.set_title(f"{title}\n{searches.mated_count:,} mated, {searches.nonmated_count:,} "
                     "non-mated searches", fontsize=9)
        ax.grid(True, which="both", alpha=0.3)
    axes[0][0].legend(fontsize=7, loc="lower left")
    fig.suptitle("DET curves; dots: the operating point", fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_thresholds(result: StudyResult, path: Path) -> Path:
    """Thresholds holding FPIR at the target against N, the fits, and the settings chosen."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.4), dpi=110)
    x = np.geomspace(min(result.sizes), SECURITY_REFERENCE_SIZE, 50)
    points = (("pure 1:N", result.pure_thresholds, result.pure_fit),
              (f"threshold + margin {result.operating.margin:g}", result.choice.thresholds,
               result.margin_fit))
    for label, measured, fit in points:
        colour = _style(label)[0]
        ax.plot(list(measured), list(measured.values()), "o", color=colour,
                label=f"{label}: measured")
        ax.plot(x, [fit.at(int(n)) for n in x], "--", color=colour, lw=1,
                label=f"{label}: fit, slope {fit.slope:.3f} per e-fold")
    op = result.operating
    ax.plot(x, [op.threshold_at(int(n)) for n in x], "-", color="black", lw=1.5,
            label="operating threshold t(N)")
    ax.axvspan(max(result.sizes), SECURITY_REFERENCE_SIZE, color="grey", alpha=0.08)
    ax.text(max(result.sizes) * 1.3, ax.get_ylim()[0] + 0.01, "beyond the photos", fontsize=7,
            color="grey")
    ax.set_xscale("log")
    ax.set_xlabel("gallery size N")
    ax.set_ylabel(f"threshold at FPIR {result.config.fpir_target:g}")
    ax.set_title("Threshold that holds the FPIR target, by gallery size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
