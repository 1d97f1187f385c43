"""`skygate report verification` and `skygate bench pipeline` end to end, on a few photos."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from tests.sample_faces import build_sample

pytestmark = pytest.mark.realface

SAMPLE = [
    "face_recognition/obama/obama.jpg",
    "face_recognition/obama/obama2.jpg",
    "face_recognition/biden/biden.jpg",
    "face_recognition/biden/knn_train_biden_biden2.jpg",
    "face_recognition/alex_lacamoire/alex-lacamoire.png",
    "lfw_disjoint/s_jayakumar/S_Jayakumar_0001.jpg",
    "lfw_disjoint/s_jayakumar/S_Jayakumar_0002.jpg",
    "lfw_disjoint/vicki_zhao_wei/Vicki_Zhao_Wei_0001.jpg",
    "compreface/_broken_file/empty.png",
]


def test_report_verification_writes_the_page_and_both_plots(faces_dir, tmp_path):
    faces = build_sample(faces_dir, tmp_path / "faces", SAMPLE)
    out = tmp_path / "docs"
    result = CliRunner().invoke(cli, [
        "report", "verification", "--faces", str(faces), "--out", str(out), "--workers", "1",
        "--no-sweep", "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    page = (out / "accuracy.md").read_text(encoding="utf-8")
    assert "## Chosen threshold: " in page
    assert "| named photos | 5 |" in page  # five `person` rows; the broken file is not one
    for image in ("verification_det.png", "verification_scores.png"):
        assert (out / "img" / image).read_bytes().startswith(b"\x89PNG")


def test_report_verification_refuses_a_folder_without_a_manifest(tmp_path):
    result = CliRunner().invoke(cli, ["report", "verification", "--faces", str(tmp_path)])
    assert result.exit_code != 0 and "manifest.csv" in result.output


def test_bench_pipeline_times_every_stage_at_every_size(faces_dir, tmp_path):
    target = tmp_path / "bench.json"
    result = CliRunner().invoke(cli, [
        "bench", "pipeline", "--photo", str(faces_dir / SAMPLE[0]), "--repeats", "3",
        "--baseline-repeats", "0", "--json", str(target)])
    assert result.exit_code == 0, result.output
    report = json.loads(target.read_text())
    assert [r["size"] for r in report["results"]] == [
        "640x480", "1280x720", "1920x1080", "4000x3000"]
    for r in report["results"]:
        assert set(r["stages_ms"]) == {"decode", "detect", "landmarks", "quality", "encode"}
        assert r["total_ms"]["n"] == 3 and r["baseline_ms"] is None
    assert Path(report["photo"]).name == "obama.jpg"
