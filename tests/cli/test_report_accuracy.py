"""`skygate report accuracy` end to end on a small real subset (no cache: ~260 photos).

The synthetic 50,000 galleries are left out here (tests/simulators covers them
at small sizes): they cost a minute of the report's run.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from tests.sample_faces import build_sample

pytestmark = pytest.mark.realface

DISTRACTORS = 150  # single-photo LFW identities


def _sample_paths(faces_dir: Path) -> list[str]:
    """Ten people with ten photos each (mated searches) and 150 strangers (distractors)."""
    with (faces_dir / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] == "person"]
    mated = [r["path"] for r in rows if r["path"].startswith("krasserm_lfw/")]
    singles = [r["path"] for r in rows if r["path"].startswith("lfw_disjoint/")
               and r["path"].endswith("_0001.jpg")]
    return mated + sorted(singles)[:DISTRACTORS]


@pytest.fixture(scope="module")
def report(faces_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    root = tmp_path_factory.mktemp("accuracy")
    faces = build_sample(faces_dir, root / "faces", _sample_paths(faces_dir))
    out = root / "docs"
    result = CliRunner().invoke(cli, [
        "report", "accuracy", "--faces", str(faces), "--out", str(out), "--repeats", "5",
        "--cache-dir", str(root / "cache"), "--json", str(root / "accuracy.json"),
        "--no-synthetic", "--simulated-pax", "3000"])
    assert result.exit_code == 0, result.output
    return json.loads((root / "accuracy.json").read_text()), out


def test_pure_1n_lets_more_strangers_through_as_the_gallery_grows(report: tuple[dict, Path]) -> None:
    numbers, _ = report
    by_size = [row for _, row in sorted(numbers["by_size"].items(), key=lambda kv: int(kv[0]))]
    assert len(by_size) >= 2
    fpir = [row["pure_fpir@0.6"] for row in by_size]
    assert fpir == sorted(fpir) and fpir[-1] > fpir[0]


def test_claimed_identity_error_does_not_grow_with_the_gallery(report: tuple[dict, Path]) -> None:
    numbers, _ = report
    smallest, *_, largest = [row for _, row in sorted(numbers["by_size"].items(),
                                                      key=lambda kv: int(kv[0]))]
    assert largest["claim_fpir"] <= smallest["claim_fpir"]
    assert largest["claim_enrolled_fpir"] <= smallest["claim_enrolled_fpir"]
    # Owners are refused only by their own 1:1 distance, or when someone else wins 1:N clearly.
    assert largest["claim_fnir"] - smallest["claim_fnir"] <= 5 / largest["mated"]


def test_report_writes_the_page_its_plots_and_per_kind_rates(report: tuple[dict, Path]) -> None:
    numbers, out = report
    page = (out / "accuracy-1n.md").read_text(encoding="utf-8")
    for heading in ("## Operating settings", "## Per touchpoint kind, through `decide_scan`",
                    "## DET curves", "## Threshold calibration"):
        assert heading in page
    simulated = page.split("## Simulated travellers", 1)[1].split("\n## ", 1)[0]
    assert "| security |" in simulated and "| boarding |" in simulated  # rates of the simulated day
    for image in ("accuracy_1n_rates.png", "accuracy_1n_det.png", "accuracy_1n_thresholds.png"):
        assert (out / "img" / image).read_bytes().startswith(b"\x89PNG")
    kinds = {(s["kind"], s["mode"]) for s in numbers["scans"]}
    assert kinds == {(k, m) for k in ("security", "boarding") for m in ("face", "boarding pass")}
    for s in numbers["scans"]:
        assert s["mated"] > 0 and s["nonmated"] > 0
        assert 0.0 <= s["fnir"] <= 1.0 and 0.0 <= s["fpir"] <= 1.0
    op = numbers["operating"]
    assert 0 < op["boarding_threshold"] <= op["claimed_threshold"]


def test_report_refuses_a_folder_without_a_manifest(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "accuracy", "--faces", str(tmp_path)])
    assert result.exit_code != 0 and "manifest.csv" in result.output
