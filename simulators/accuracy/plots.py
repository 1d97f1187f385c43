"""The 1:N accuracy plots (matplotlib, Agg): rates against gallery size, DET
curves at a flight's and an airport's gallery size, thresholds against size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gates.thresholds import SECURITY_REFERENCE_SIZE
from simulators.accuracy.study import StudyResult, det_points

__all__ = ["default_det_sizes", "plot_det", "plot_rates_by_size", "plot_thresholds"]

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
    by_size = {n: result.rates_at(s) for n, s in sorted(result.all_searches().items())}
    real = [n for n in by_size if n in result.searches]
    synthetic = [n for n in by_size if n not in result.searches]
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
            if synthetic:  # another source: markers only, never joined to the real curve
                ax.plot(synthetic, [max(by_size[n][key], FLOOR) for n in synthetic], "s", ms=5,
                        color=colour)
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
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _mark_synthetic(axes: Any, result: StudyResult) -> None:
    real_max = max(result.searches)
    if result.synthetic:
        for ax in axes:
            ax.axvspan(real_max * 1.2, max(result.synthetic) * 1.5, color="grey", alpha=0.08)
            ax.text(real_max * 1.3, ax.get_ylim()[1] * 0.6, "synthetic", fontsize=7, color="grey")


def plot_det(result: StudyResult, sizes: list[int], path: Path) -> Path:
    """DET (FNIR against FPIR, thresholds swept) per rule, one panel per gallery size."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(sizes), figsize=(5.2 * len(sizes), 4.6), dpi=110, squeeze=False)
    every = result.all_searches()
    op = result.operating
    for ax, n in zip(axes[0], sizes, strict=True):
        s = every[n]
        for label, (fp, fn) in det_points(s, op).items():
            colour, line = _style(label)
            ax.plot(np.maximum(fp, FLOOR), np.maximum(fn, FLOOR), line, color=colour, label=label)
        rates = result.rates_at(s)
        for label, fp, fn in (("threshold + margin", "margin_fpir", "margin_fnir"),
                              ("claimed 1:1 + cross-check", "claim_fpir", "claim_fnir")):
            ax.plot(max(rates[fp], FLOOR), max(rates[fn], FLOOR), "o", color=_style(label)[0])
        ax.axvline(result.config.fpir_target, color="grey", lw=0.8, ls=":")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(FLOOR * 0.8, 1)
        ax.set_ylim(FLOOR * 0.8, 1)
        ax.set_xlabel("FPIR")
        ax.set_ylabel("FNIR")
        ax.set_title(f"N = {n:,} ({s.source}; {s.mated_count:,} mated, "
                     f"{s.nonmated_count:,} non-mated)", fontsize=9)
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


def default_det_sizes(result: StudyResult, flight: int, airport: int) -> list[int]:
    """A flight's size, the largest real gallery, and the airport's (when synthetic exists)."""
    every = result.all_searches()
    wanted = [flight, max(result.searches), airport]
    return [n for n in dict.fromkeys(wanted) if n in every]
