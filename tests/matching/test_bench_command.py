"""`skygate bench matching` runs end to end on tiny sizes and writes its JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from app.cli import cli
from matching.bench import suite

TINY = ["bench", "matching", "--sizes", "50,300", "--batch", "8", "--seconds", "0.02",
        "--concurrent-size", "500", "--concurrent-seconds", "0.1", "--threads", "2"]


def test_bench_matching_prints_tables_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    markdown = tmp_path / "bench.md"
    result = CliRunner().invoke(cli, [*TINY, "--json", str(out), "--markdown", str(markdown)])
    assert result.exit_code == 0, result.output
    assert "| skygate |" in markdown.read_text() and "**N = 300**" in markdown.read_text()
    assert "N = 300" in result.output and "Targets" in result.output
    report = json.loads(out.read_text())
    assert set(report["sizes"]) == {"50", "300"}
    size = report["sizes"]["300"]
    assert {"skygate", "face_recognition", "read 1 thread"} <= set(size["single"])
    assert size["single"]["skygate"]["median"] > 0 and size["agreement"]["face_recognition"] == 1.0
    assert size["floor"]["method"].startswith("read ")
    assert size["other_processes_cpu"] is None or 0.0 <= size["other_processes_cpu"] <= 1.0
    assert report["machine"]["blas"] and report["machine"]["cores"] >= 1
    modes = report["concurrency"]["modes"]
    assert len(modes) == 4 and all(m["calls"] > 0 for m in modes.values())
    assert [t["passed"] for t in report["targets"]] == [None, None, None, None]


def test_bench_runs_without_faiss(monkeypatch):
    monkeypatch.setattr(suite, "faiss_version", lambda: None)
    config = suite.BenchConfig(sizes=[100], batch=4, seconds=0.02, concurrent_size=0)
    report = suite.run(config)
    size = report["sizes"]["100"]
    assert report["machine"]["faiss"] == "not installed"
    assert "faiss" not in size["single"] and "faiss" not in size["agreement"]
    assert "concurrency" not in report


@pytest.mark.parametrize(("sizes", "message"), [("abc", "integers"), ("0", ">= 1")])
def test_bad_sizes_are_refused(sizes, message):
    result = CliRunner().invoke(cli, ["bench", "matching", "--sizes", sizes])
    assert result.exit_code != 0 and message in result.output


def test_targets_compare_each_measurement_with_its_goal():
    def size(single_sky, floor, face, sky_qps, faiss_qps):
        return {"ratios": {"skygate_over_floor": single_sky / floor,
                           "face_recognition_over_skygate": face / single_sky,
                           "skygate_over_faiss_batched_qps": sky_qps / faiss_qps},
                "single": {"skygate": {"median": single_sky}}}

    report = {"sizes": {"1000000": size(0.020, 0.010, 0.150, 500, 400),
                        "400": size(60e-6, 1e-6, 1e-4, 1, 1)}}
    verdicts = [(t["value"], t["passed"]) for t in suite.targets(report)]
    assert verdicts[0] == (pytest.approx(2.0), False)
    assert verdicts[1] == (pytest.approx(7.5), True)
    assert verdicts[2] == (pytest.approx(1.25), True)
    assert verdicts[3] == (pytest.approx(60.0), False)
