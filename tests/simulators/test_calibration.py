"""Synthetic templates against the real photos, and the calibration command.

The real-photo tests measure a subset that CI can encode in about a minute
on a machine with no template cache: every named photo (all the genuine
pairs) and the photos of every third LFW identity (~470 strangers). The
tolerances are the calibration's own (simulators.calibration); the subset
is large enough that the real figures' sampling drift stays inside them
(with every fifth identity the real impostor median already moves by 0.01).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from app.cli import cli
from enrollment.faceset import load_faceset, read_manifest
from simulators.calibration import check, fpir_by_gallery_size, real_figures, synthetic_figures
from simulators.calibration_report import BEGIN, END
from tests.sample_faces import build_sample

LFW_EVERY = 3


def test_fpir_by_gallery_size_equals_enumerating_every_gallery() -> None:
    rng = np.random.default_rng(0)
    d = rng.uniform(0.3, 0.9, (6, 7))
    d[np.arange(6), np.arange(6)] = np.inf  # each probe's own identity is never drawn
    sizes, thresholds = (1, 2, 3), (0.4, 0.5, 0.6)
    got = fpir_by_gallery_size(d, sizes, thresholds)
    for a, n in enumerate(sizes):
        for b, t in enumerate(thresholds):
            hits = []
            for row in d:
                candidates = np.flatnonzero(np.isfinite(row))
                galleries = list(itertools.combinations(candidates, n))
                hits.append(np.mean([row[list(g)].min() <= t for g in galleries]))
            assert got[a, b] == pytest.approx(np.mean(hits))


@pytest.fixture(scope="module")
def subset(faces_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    photos = [p for p in read_manifest(faces_dir) if p.kind == "person"]
    strangers = sorted({p.identity for p in photos if p.subset == "lfw_disjoint"})[::LFW_EVERY]
    keep = set(strangers)
    chosen = [p.path for p in photos if p.subset == "named" or p.identity in keep]
    return build_sample(faces_dir.resolve(), tmp_path_factory.mktemp("faces"), chosen)


@pytest.mark.realface
@pytest.mark.slow
def test_synthetic_templates_match_the_real_photos_within_tolerance(subset: Path) -> None:
    real = real_figures(load_faceset(subset, progress=False))  # the default cache: var/cache
    assert real.genuine.size > 500 and real.probes > 300
    checks = check(real, synthetic_figures(seed=11, replicates=3))
    failed = [(c.name, round(c.real, 4), round(c.synthetic, 4), c.tolerance) for c in checks if c.ok is False]
    assert not failed
    checked_fpir = [c for c in checks if c.name.startswith("FPIR") and c.ok is not None]
    assert len(checked_fpir) >= 4  # the tail is compared, not skipped for want of data


@pytest.mark.realface
@pytest.mark.slow
def test_calibrate_command_writes_figures_plots_and_its_section_only(subset: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "simulation.md").write_text("# Simulation\n\nHand-written text.\n", encoding="utf-8")
    for _ in range(2):  # the second run replaces the section instead of appending another
        result = CliRunner().invoke(cli, ["calibrate", "biometrics", "--faces", str(subset), "--out",
                                          str(docs), "--no-extrapolate", "--workers", "1"])
        assert result.exit_code == 0, result.output
    page = (docs / "simulation.md").read_text(encoding="utf-8")
    assert page.startswith("# Simulation\n\nHand-written text.")
    assert page.count(BEGIN) == 1 and page.count(END) == 1
    assert "checked figures within tolerance" in page
    figures = json.loads((docs / "img" / "biometrics_calibration.json").read_text())
    assert figures["real"]["fpir"]["probes"] > 300 and figures["params"]["types"] > 0
    for image in ("biometrics_distances.png", "biometrics_fpir.png"):
        assert (docs / "img" / image).read_bytes().startswith(b"\x89PNG")


def test_calibrate_command_refuses_a_folder_without_a_manifest(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["calibrate", "biometrics", "--faces", str(tmp_path)])
    assert result.exit_code != 0 and "manifest.csv" in result.output
