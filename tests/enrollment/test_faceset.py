"""The labelled face set: manifest, pairs, demo citizens and the template cache.

Runs on a seven-photo manifest whose rows are copied from the real one; the
photo folders are linked, never copied.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from enrollment import faceset as faceset_module
from enrollment.faceset import load_faceset, read_manifest
from enrollment.pipeline import DetectionParams
from tests.sample_faces import build_sample

pytestmark = pytest.mark.realface

ROWS = [
    "face_recognition/obama/obama.jpg",  # group obama_a
    "face_recognition/obama/obama-480p.jpg",  # group obama_a: same photo, smaller
    "face_recognition/obama/obama2.jpg",  # group obama_b
    "face_recognition/biden/biden.jpg",
    "face_recognition/biden/knn_train_biden_biden2.jpg",
    "face_recognition/_multi_face/two_people.jpg",
    "compreface/_broken_file/empty.png",
]


@pytest.fixture(scope="module")
def small_set(faces_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(faces_dir, tmp_path_factory.mktemp("faces"), ROWS)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def measured(small_set: Path, cache_dir: Path):
    return load_faceset(small_set, cache_dir=cache_dir, workers=1, progress=False)


def _paths(fs, pairs) -> set[frozenset[str]]:
    return {frozenset(fs.results[i].photo.path.rsplit("/", 1)[1] for i in pair) for pair in pairs}


def test_the_manifest_gives_every_photo_a_group_and_a_subset(faces_dir):
    photos = read_manifest(faces_dir)
    assert len(photos) > 1700
    assert all(p.group for p in photos)
    assert {p.subset for p in photos} == {"named", "lfw_disjoint"}
    by_path = {p.path: p for p in photos}
    assert by_path[ROWS[0]].group == by_path[ROWS[1]].group != by_path[ROWS[2]].group


def test_each_photo_gets_a_template_or_the_code_enrolment_would_give(measured):
    by_name = {r.photo.path.rsplit("/", 1)[1]: r for r in measured.results}
    assert by_name["obama.jpg"].enrolled and by_name["obama.jpg"].template.shape == (128,)
    assert by_name["two_people.jpg"].failure == "multiple_faces"
    assert by_name["empty.png"].failure == "bad_image" and by_name["empty.png"].template is None
    assert by_name["obama.jpg"].quality["inter_eye_px"] > 60


def test_genuine_pairs_skip_copies_of_the_same_photo(measured):
    pairs = _paths(measured, measured.genuine_pairs())
    assert frozenset({"obama.jpg", "obama-480p.jpg"}) not in pairs
    assert frozenset({"obama.jpg", "obama2.jpg"}) in pairs
    assert frozenset({"biden.jpg", "knn_train_biden_biden2.jpg"}) in pairs
    assert len(pairs) == 3  # obama2 with each of the two obama_a copies, and biden


def test_impostor_pairs_are_every_pair_of_different_people(measured):
    pairs = measured.impostor_pairs()
    assert len(pairs) == 3 * 2  # three obama photos x two biden photos
    ident = [{measured.results[i].photo.identity for i in pair} for pair in pairs]
    assert all(len(s) == 2 for s in ident)


def test_scores_match_pair_distances_and_separate_the_two_people(measured):
    genuine, impostor = measured.scores()
    np.testing.assert_allclose(np.sort(genuine),
                               np.sort(measured.pair_distances(measured.genuine_pairs())),
                               atol=1e-5)
    assert genuine.max() < 0.6 < impostor.min()


def test_demo_citizens_have_a_reference_and_other_photos_as_live_captures(measured):
    citizens = {c.identity: c for c in measured.demo_citizens()}
    assert set(citizens) == {"obama", "biden"}
    obama = citizens["obama"]
    assert all(live.photo.group != obama.reference.photo.group for live in obama.live)
    assert len(obama.live) >= 1


def test_a_second_load_reads_the_cache_and_measures_nothing(small_set, cache_dir, measured,
                                                            monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(faceset_module, "_measure_missing", fail)
    again = load_faceset(small_set, cache_dir=cache_dir, workers=1, progress=False)
    for a, b in zip(measured.results, again.results, strict=True):
        assert a.failure == b.failure and a.quality == b.quality
        if a.template is not None:
            np.testing.assert_array_equal(a.template, b.template)


def test_another_pipeline_setting_gets_its_own_cache_file(small_set, cache_dir, measured):
    other = DetectionParams(max_face_px=200)
    load_faceset(small_set, subset="named", detection=other, cache_dir=cache_dir, workers=1,
                 progress=False)
    files = sorted(p.name for p in (cache_dir / "faceset").iterdir())
    assert len(files) == 2 and any("max200" in name for name in files)


def test_demo_citizens_can_keep_only_live_captures_that_match(measured):
    everyone = measured.demo_citizens()
    assert all(len(c.distances) == len(c.live) for c in everyone)
    close = measured.demo_citizens(max_distance=0.6)
    assert all(d <= 0.6 for c in close for d in c.distances)
    assert measured.demo_citizens(max_distance=0.01) == []


def test_photos_keep_the_manifest_group_and_duplicate_columns(measured):
    by_name = {r.photo.path.rsplit("/", 1)[1]: r.photo for r in measured.results}
    assert by_name["obama-480p.jpg"].photo_group == "obama_a"
    assert by_name["biden.jpg"].photo_group == "" and by_name["biden.jpg"].duplicate_of == ""
    assert by_name["biden.jpg"].group == "face_recognition/biden/biden.jpg"
