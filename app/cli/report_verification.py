"""Rendering of `skygate report verification`: plots and docs/accuracy.md.

Numbers come from enrollment.calibration; this module only lays them out, so
the page always states what the data said on the day it was generated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from rich.table import Table

from enrollment.calibration import (
    DEGRADATIONS,
    SubsetSummary,
    SweepRow,
    choose_threshold,
    closest_impostors,
    figure_percentiles,
    genuine_distance_by_bin,
)
from enrollment.faceset import FaceSet
from enrollment.pipeline import FacePipeline
from enrollment.policy import EnrolmentRules
from enrollment.quality import QualityThresholds
from matching import metrics

__all__ = ["Page", "console_table", "write"]

SET_TITLES = {"named": "named photos", "lfw_disjoint": "LFW distractors", "all": "both together"}
CANDIDATES = (0.40, 0.45, 0.50, 0.55, 0.60)
COLOURS = {"named": "tab:blue", "lfw_disjoint": "tab:orange", "all": "black"}


@dataclass(frozen=True, slots=True)
class Page:
    threshold: float
    markdown: Path
    images: tuple[Path, ...]


def write(*, out: Path, faces: Path, faceset: FaceSet, pipeline: FacePipeline,
          summaries: list[SubsetSummary], sweep: list[SweepRow], target_fmr: float) -> Page:
    """Choose the threshold, draw the plots, write accuracy.md; return what was written."""
    both = summaries[-1]
    if not (both.genuine.size and both.impostor.size):
        raise ValueError("the photos give no genuine or no impostor pairs to measure")
    threshold = choose_threshold(both.impostor, target_fmr)
    (out / "img").mkdir(parents=True, exist_ok=True)
    det = _plot_det(summaries, threshold, target_fmr, out / "img" / "verification_det.png")
    hist = _plot_scores(both, threshold, out / "img" / "verification_scores.png")
    text = _markdown(faces=faces, faceset=faceset, pipeline=pipeline, summaries=summaries,
                     sweep=sweep, target_fmr=target_fmr, threshold=threshold,
                     images=(det.relative_to(out), hist.relative_to(out)))
    markdown = out / "accuracy.md"
    markdown.write_text(text, encoding="utf-8")
    return Page(threshold, markdown, (det, hist))


def console_table(summaries: list[SubsetSummary], threshold: float) -> Table:
    table = Table(title=f"1:1 verification at threshold {threshold:.2f}")
    for column in ("set", "FTE", "genuine", "impostor", "FMR", "FNMR", "EER"):
        table.add_column(column, justify="right")
    for s in summaries:
        fmr, fnmr = s.rates(threshold)
        table.add_row(SET_TITLES[s.name], f"{s.fte.rate:.1%}", f"{len(s.genuine):,}",
                      f"{len(s.impostor):,}", f"{fmr:.2e}", f"{fnmr:.1%}", f"{s.eer:.1%}")
    return table


def _plot_det(summaries: list[SubsetSummary], threshold: float, target: float,
              path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 5.5), dpi=110)
    floor = 1e-7
    for s in summaries:
        if not (s.genuine.size and s.impostor.size):
            continue
        # Every genuine score, the 2,000 lowest impostor scores (the low-FMR end) and a
        # fine grid: exact where the curve bends, without plotting a million steps.
        grid = np.unique(np.concatenate([np.linspace(0, 1.5, 1501), s.genuine,
                                         np.sort(s.impostor)[:2000]]))
        fmr = metrics.fmr(s.impostor, grid)
        fnmr = metrics.fnmr(s.genuine, grid)
        ax.step(np.maximum(fmr, floor), np.maximum(fnmr, 1e-4), where="post",
                color=COLOURS[s.name], label=f"{SET_TITLES[s.name]} (EER {s.eer:.1%})")
        fmr, fnmr = s.rates(threshold)
        ax.plot(max(fmr, floor), max(fnmr, 1e-4), "o", color=COLOURS[s.name])
    ax.axvline(target, color="grey", linestyle=":", label=f"target FMR {target:g}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(floor, 1)
    ax.set_ylim(1e-3, 1)
    ax.set_xlabel("false match rate (FMR)")
    ax.set_ylabel("false non-match rate (FNMR)")
    ax.set_title(f"DET, 1:1 enrolment check (dots: threshold {threshold:.2f})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _plot_scores(both: SubsetSummary, threshold: float, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    bins = np.linspace(0, 1.3, 131)
    ax.hist(both.impostor, bins=bins, color="tab:red", alpha=0.6,
            label=f"impostor pairs ({len(both.impostor):,})")
    ax.hist(both.genuine, bins=bins, color="tab:green", alpha=0.7,
            label=f"genuine pairs ({len(both.genuine):,})")
    ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:.2f}")
    ax.axvline(0.6, color="grey", linestyle=":", label="face_recognition default 0.6")
    ax.set_yscale("log")
    ax.set_xlabel("Euclidean distance between templates")
    ax.set_ylabel("pairs per 0.01 (log)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _pct(rate: float) -> str:
    return f"{rate:.2%}" if rate >= 1e-4 or rate == 0 else f"{rate:.1e}"


def _markdown(*, faces: Path, faceset: FaceSet, pipeline: FacePipeline,
              summaries: list[SubsetSummary], sweep: list[SweepRow], target_fmr: float,
              threshold: float, images: tuple[Path, Path]) -> str:
    both = summaries[-1]
    fmr, fnmr = both.rates(threshold)
    fm, fnm = both.counts(threshold)
    fmr06, fnmr06 = both.rates(0.6)
    refused = both.fte.rate + (1 - both.fte.rate) * fnmr
    tries = EnrolmentRules().max_failed_attempts
    today = datetime.now(UTC).date().isoformat()
    parts = [
        "# Accuracy of the 1:1 check at enrolment\n",
        f"Generated by `skygate report verification` on {today} from the labelled photos in "
        f"`{faces}` ({len(faceset):,} files), through the enrolment pipeline itself "
        f"(`{pipeline.cache_key}`). Re-run the command to refresh every number and plot on "
        "this page. Vocabulary: ISO/IEC 19795-1. Distances are Euclidean between 128-d "
        "`dlib_resnet_v1` templates; a live capture matches the registry's reference when "
        "distance <= threshold.\n",
        f"## Chosen threshold: {threshold:.2f}\n",
        f"**Rule.** The largest threshold, in steps of 0.01, whose false match rate over all "
        f"{len(both.impostor):,} impostor pairs stays within {target_fmr:g} "
        f"(NIST SP 800-63B asks biometric verification for an FMR of 1 in 1,000 or better).\n",
        f"**What it buys.** FMR {_pct(fmr)} ({fm} of {len(both.impostor):,} impostor pairs "
        f"accepted). At face_recognition's customary 0.6 the FMR would be {_pct(fmr06)}, "
        f"{fmr06 / max(fmr, 1e-12):.0f} times as many: at 0.6 roughly one stranger's face in "
        f"{1 / max(fmr06, 1e-12):,.0f} would enrol on someone else's booking.\n",
        f"**What it costs.** FNMR {_pct(fnmr)} ({fnm} of {len(both.genuine):,} genuine pairs "
        f"refused with `face_mismatch`, against {_pct(fnmr06)} at 0.6). With the failure to "
        f"enrol of {both.fte.rate:.1%} (captures the quality checks refuse), about "
        f"{refused:.1%} of genuine attempts on photos like these end at the counter on the "
        "first try. Each refusal is explicit and routes to the manual lane; a traveller may "
        "retry up to five times before the cool-down.\n",
        f"**Against repeated tries.** A traveller gets {tries} attempts before the cool-down, "
        f"so someone presenting a stranger's face has about {min(tries * fmr, 1):.1%} chance "
        f"per booking ({tries} x FMR) before the booking locks and the counter takes over.\n",
        "**Why this trade-off.** The genuine distances spread wide (different years, cameras "
        "and light): each 0.05 stricter costs FNMR quickly, each 0.05 looser multiplies the "
        "FMR, as the table below shows. The kiosk capture against a recent VNeID photo "
        "should be closer than these news and web photos, so the field FNMR should be "
        "lower; the FMR, set by strangers' faces, does not improve with capture quality "
        f"as much. Set `SKYGATE_ENROLMENT_THRESHOLD={threshold:.2f}`.\n",
        "## Results by set\n",
        _results_table(summaries, threshold),
        "## FMR and FNMR at candidate thresholds\n",
        _candidates_table(summaries, threshold),
        f"![DET curves]({images[0].as_posix()})\n",
        f"![Distance distributions]({images[1].as_posix()})\n",
        "## Failures to enrol\n",
        _fte_table(summaries),
        "## The closest impostors\n",
        _impostor_section(faceset),
        "## How the quality thresholds were chosen\n",
        _quality_section(faceset, pipeline.thresholds, sweep),
        "## Limits of this study\n",
        _limits(summaries),
    ]
    return "\n".join(parts)


def _results_table(summaries: list[SubsetSummary], threshold: float) -> str:
    lines = ["| set | labelled photos | FTE | genuine pairs | impostor pairs | EER (threshold) "
             f"| FMR at {threshold:.2f} | FNMR at {threshold:.2f} |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in summaries:
        fmr, fnmr = s.rates(threshold)
        fm, fnm = s.counts(threshold)
        lines.append(
            f"| {SET_TITLES[s.name]} | {s.fte.attempts:,} | {s.fte.rate:.1%} | "
            f"{len(s.genuine):,} | {len(s.impostor):,} | {s.eer:.2%} ({s.eer_threshold:.3f}) | "
            f"{_pct(fmr)} ({fm}) | {_pct(fnmr)} ({fnm}) |")
    lines.append("\nWhere no error was seen, the 95 % upper bound on the rate is about "
                 "3 / pairs (e.g. " + ", ".join(
                     f"{SET_TITLES[s.name]} FMR <= "
                     f"{metrics.zero_error_upper_bound(len(s.impostor)):.1e}"
                     for s in summaries) + ").\n")
    return "\n".join(lines)


def _candidates_table(summaries: list[SubsetSummary], threshold: float) -> str:
    candidates = sorted(set(CANDIDATES) | {threshold})
    header = "| threshold | " + " | ".join(
        f"FMR {SET_TITLES[s.name]} | FNMR {SET_TITLES[s.name]}" for s in summaries) + " |"
    lines = [header, "|---:|" + "---:|" * (2 * len(summaries))]
    for t in candidates:
        cells = []
        for s in summaries:
            fmr, fnmr = s.rates(t)
            cells += [_pct(fmr), _pct(fnmr)]
        mark = f"**{t:.2f}**" if t == threshold else f"{t:.2f}"
        lines.append(f"| {mark} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _fte_table(summaries: list[SubsetSummary]) -> str:
    codes = sorted({c for s in summaries for c in s.fte.by_code})
    lines = ["| set | attempts | FTE | " + " | ".join(f"`{c}`" for c in codes) + " |",
             "|---|---:|---:|" + "---:|" * len(codes)]
    for s in summaries:
        lines.append(f"| {SET_TITLES[s.name]} | {s.fte.attempts:,} | {s.fte.rate:.1%} | "
                     + " | ".join(str(s.fte.by_code.get(c, 0)) for c in codes) + " |")
    lines.append("\nFTE counts every labelled photo (`kind = person`) the check-in path "
                 "refuses; FMR and FNMR are over the photos it accepts.\n")
    return "\n".join(lines)


def _impostor_section(faceset: FaceSet) -> str:
    rows = closest_impostors(faceset, None, k=10)
    lines = ["| distance | photo | photo |", "|---:|---|---|"]
    lines += [f"| {d:.3f} | `{a}` | `{b}` |" for d, a, b in rows]
    lines.append(
        "\nThe impostor tail sets the FMR, so it is worth looking at. The closest pair is "
        "one man twice: LFW crops of one news photo showing two people, each file labelled "
        "with the person at the centre, where the detector finds only the frontal face of "
        "the other man (a labelling artefact, not a false match of the model). Most of the "
        "next closest pairs are between East and Southeast Asian faces. dlib's model was "
        "trained mostly on other faces, so strangers' templates sit closer together for the "
        "travellers SkyGate serves than for this set as a whole: the FMR measured here is "
        "likely optimistic for Vietnamese travellers, one more reason not to loosen the "
        "threshold.\n")
    return "\n".join(lines)


QUALITY_NOTES = {
    "second_face_ratio": ("second face width / widest", "second_face_ratio", None),
    "min_inter_eye_px": ("inter-eye distance, px", "inter_eye_px",
                         [0, 24, 28, 32, 40, 60, math.inf]),
    "max_roll_deg": ("roll, degrees", "roll_deg", [0, 5, 10, 15, 20, 25, 90]),
    "max_yaw_offset": ("nose offset (yaw proxy)", "yaw_offset",
                       [0, 0.1, 0.2, 0.3, 0.35, 0.4, 1.0]),
    "min_luminance": ("face luminance mean", "luminance_mean", None),
    "max_luminance": ("face luminance mean", "luminance_mean", None),
    "min_luminance_std": ("face luminance std", "luminance_std",
                          [0, 20, 25, 30, 40, math.inf]),
    "min_sharpness": ("sharpness (variance of Laplacian)", "sharpness",
                      [0, 10, 15, 20, 30, 50, 100, math.inf]),
}


def _quality_section(faceset: FaceSet, thresholds: QualityThresholds,
                     sweep: list[SweepRow]) -> str:
    qs = [0.5, 1, 5, 50, 95, 99, 99.5]
    lines = [
        "Each threshold had to meet two tests: (1) it must not refuse good photos, so it sits "
        "beyond the bulk of the labelled photos (percentiles below); (2) where a figure is "
        "worse than the threshold, matching must measurably suffer, shown by genuine distances "
        "on real photos grouped by the figure and by a controlled sweep that degrades good "
        "photos step by step. Defaults live in `enrollment.quality.QualityThresholds`.\n",
        "| threshold | default | figure | " + " | ".join(f"p{q:g}" for q in qs) + " |",
        "|---|---:|---|" + "---:|" * len(qs),
    ]
    for f in fields(QualityThresholds):
        label, figure, _ = QUALITY_NOTES[f.name]
        values = figure_percentiles(faceset, None, figure, qs)
        lines.append(f"| `{f.name}` | {getattr(thresholds, f.name):g} | {label} | "
                     + " | ".join(f"{v:.3g}" for v in values) + " |")
    lines.append("\nPercentiles over all measured labelled photos (absolute values for "
                 "roll and nose offset).\n")
    lines.append("### Genuine distance by quality figure (real photos)\n")
    for name, (label, figure, edges) in QUALITY_NOTES.items():
        if edges is None:
            continue
        rows = genuine_distance_by_bin(faceset, figure, edges)
        lines.append(f"**{label}** (threshold `{name}` = {getattr(thresholds, name):g})\n")
        lines.append("| bin | photos | genuine pairs | mean genuine distance |")
        lines.append("|---|---:|---:|---:|")
        lines += [f"| [{lo:g}, {hi:g}) | {n} | {p} | {d:.3f} |" for lo, hi, n, p, d in rows]
        lines.append("")
    if sweep:
        lines.append("### Controlled degradation (good named photos, mean distance to the "
                     "person's other photos)\n")
        lines.append("| degradation | level | resulting figure (median) | mean genuine "
                     "distance | not measurable |")
        lines.append("|---|---:|---:|---:|---|")
        for row in sweep:
            meaning, _, figure, _, _ = DEGRADATIONS[row.kind]
            lost = ", ".join(f"{c}: {n}/{row.probes}" for c, n in row.failures.items()) or "-"
            lines.append(f"| {row.kind} ({meaning}) | {row.level:g} | {figure} "
                         f"{row.figure_median:.3g} | {row.mean_genuine_distance:.3f} | {lost} |")
        lines.append("")
    lines.append(_quality_reasons(faceset, thresholds))
    return "\n".join(lines)


def _quality_reasons(faceset: FaceSet, t: QualityThresholds) -> str:
    group_ratios = [r.quality["second_face_ratio"] for r in faceset.results
                    if r.photo.kind == "multi_face" and r.quality and r.quality["faces"] > 1]
    bystanders = [r.quality["second_face_ratio"] for r in faceset.results
                  if r.photo.kind == "person" and r.quality and r.quality["faces"] > 1]
    below = sum(v < t.second_face_ratio for v in bystanders) / max(len(bystanders), 1)
    return "\n".join([
        "Reading the tables:\n",
        f"- **Sharpness >= {t.min_sharpness:g}.** In the sweep, genuine distances climb "
        "steeply from the blur level that takes sharpness under ~10 (2 % of the face width) "
        "and hardly move at the level that stays above it (1 %); real photos measured 10-20 "
        "match as well as sharper ones, and under 1 % of the labelled photos measure below "
        "10. The figure is taken after resizing the face box to 128 px, so it compares "
        "across cameras and distances.",
        f"- **Inter-eye distance >= {t.min_inter_eye_px:g} px.** The encoder itself copes "
        "with small faces down to ~20 px (sweep), but real photos with faces under ~32 px "
        "match clearly worse (they are small because they were cut from wider scenes, "
        "often blurred or turned too). 32 px would refuse ~2 % of the LFW photos for a loss "
        f"the encoder itself does not show, so {t.min_inter_eye_px:g} px is the compromise; "
        "it refuses under 1 % of the labelled photos. A kiosk camera at "
        "1080p sees 80-150 px, so travellers never meet this limit; it catches a person "
        "standing too far back.",
        f"- **Luminance mean {t.min_luminance:g}-{t.max_luminance:g}, std >= "
        f"{t.min_luminance_std:g}.** In the sweep, over-exposure hurts sooner than "
        "under-exposure (burnt highlights lose detail for good; a dark face keeps it), and a "
        "flat face (std under ~15) degrades fast. The limits sit outside every labelled "
        "photo but a handful (see the FTE table): they catch a kiosk facing a window or a "
        "broken light, not a skin tone.",
        f"- **Roll <= {t.max_roll_deg:g} degrees, nose offset <= {t.max_yaw_offset:g}.** "
        "Genuine distance is flat for roll up to 20 degrees (alignment undoes it) and rises "
        "from ~0.42 to ~0.48-0.53 as the nose offset passes 0.3 (a turned head); the limits "
        "refuse under 1 % of the labelled photos and ask a turned traveller to face the "
        "camera (`bad_pose`).",
        f"- **A second face at least {t.second_face_ratio:.0%} as wide as the first** is "
        f"`multiple_faces`: in every group photo where the detector finds two faces the "
        f"second is at least {min(group_ratios, default=0):.0%} as wide as the first, while "
        f"{below:.0%} of the bystanders in single-person photos ({len(bystanders)} photos "
        "with a second face) are narrower than the limit. A gate counts faces from 50 % up "
        "(`GATE_FACE_RATIO`), because there the next person in line matters.",
        "",
    ])


def _limits(summaries: list[SubsetSummary]) -> str:
    named, lfw, both = summaries
    return "\n".join([
        f"- Genuine pairs are few ({len(both.genuine):,}; {len(lfw.genuine)} among the LFW "
        "distractors), so FNMR is known to about +-1-2 points; impostor pairs are many "
        f"({len(both.impostor):,}), so FMR is resolved down to ~1e-6 but only for the "
        "faces in this set.",
        "- These are web and news photos, not kiosk captures against a registry photo: "
        "cooperative captures should give lower genuine distances (lower FNMR) at the same "
        "threshold. Re-run this report on captures from the kiosk when there are some.",
        "- The named set contains copies of one photo at other sizes; they are never "
        "counted as genuine pairs (`photo_group`), but each copy is an enrolment attempt "
        "in the FTE.",
        "- One identity appears in both sets, so the combined row has a few genuine pairs "
        "that neither set has alone.",
        "",
    ])
