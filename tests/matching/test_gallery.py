"""Gallery storage: adding, removing, updating, refusing bad input, snapshots."""

from __future__ import annotations

import numpy as np
import pytest

from matching.errors import BadTemplate, Conflict, DomainError, InvalidInput, NotFound
from matching.gallery import Gallery
from tests.matching.reference import distance, unit_templates


def test_add_one_then_many_and_look_them_up(rng):
    templates = unit_templates(rng, 6)
    gallery = Gallery()
    gallery.add(10, templates[0])
    gallery.add([11, 12, 13, 14, 15], templates[1:])
    assert len(gallery) == 6
    assert 12 in gallery and np.int64(15) in gallery and 16 not in gallery
    assert "12" not in gallery and 12.0 not in gallery
    np.testing.assert_array_equal(gallery.ids(), [10, 11, 12, 13, 14, 15])
    np.testing.assert_array_equal(gallery.get(13), templates[3])


def test_adding_nothing_changes_nothing():
    gallery = Gallery()
    assert gallery.add([], np.empty((0, 128), dtype=np.float32)) == 0
    assert len(gallery) == 0 and gallery.version == 0


def test_capacity_doubles_instead_of_growing_per_insert(rng):
    gallery = Gallery(initial_capacity=4)
    templates = unit_templates(rng, 9)
    capacities = []
    for i, template in enumerate(templates):
        gallery.add(i, template)
        capacities.append(gallery.capacity)
    assert capacities == [4, 4, 4, 4, 8, 8, 8, 8, 16]
    np.testing.assert_array_equal(gallery.snapshot().templates, templates)


def test_remove_swaps_last_row_into_hole(rng):
    templates = unit_templates(rng, 5)
    gallery = Gallery()
    gallery.add([0, 1, 2, 3, 4], templates)
    gallery.remove(1)
    np.testing.assert_array_equal(gallery.ids(), [0, 4, 2, 3])
    np.testing.assert_array_equal(gallery.get(4), templates[4])
    assert 1 not in gallery


def test_removing_many_keeps_every_survivor_with_its_own_template(rng):
    templates = unit_templates(rng, 50)
    gallery = Gallery(initial_capacity=8)
    gallery.add(np.arange(50), templates)
    gone = rng.choice(50, size=23, replace=False)
    gallery.remove(gone)
    survivors = sorted(set(range(50)) - set(gone.tolist()))
    assert sorted(gallery.ids().tolist()) == survivors
    for i in survivors:
        np.testing.assert_array_equal(gallery.get(i), templates[i])
    result = gallery.search(templates[survivors], k=1)
    np.testing.assert_array_equal(result.ids[:, 0], survivors)


def test_storage_shrinks_when_mostly_empty(rng):
    gallery = Gallery(initial_capacity=4)
    gallery.add(np.arange(64), unit_templates(rng, 64))
    gallery.remove(np.arange(60))
    assert len(gallery) == 4 and gallery.capacity < 64
    assert sorted(gallery.ids().tolist()) == [60, 61, 62, 63]


def test_update_replaces_the_template_found_by_search(rng):
    templates = unit_templates(rng, 3)
    gallery = Gallery()
    gallery.add([1, 2, 3], templates)
    replacement = unit_templates(rng, 1)[0]
    version = gallery.update(2, replacement)
    assert version == gallery.version == 2
    assert gallery.search(replacement, k=1).ids[0, 0] == 2
    assert gallery.search(templates[1], k=1).distances[0, 0] > 0.1


def test_every_change_bumps_the_version(rng):
    gallery = Gallery()
    assert gallery.version == 0
    assert gallery.add([1, 2], unit_templates(rng, 2)) == 1
    assert gallery.update(1, unit_templates(rng, 1)[0]) == 2
    assert gallery.remove(2) == 3
    assert gallery.search(unit_templates(rng, 1), k=1).version == 3


def test_verify_returns_the_exact_one_to_one_distance(rng):
    templates = unit_templates(rng, 4)
    gallery = Gallery()
    gallery.add([5, 6, 7, 8], templates)
    probe = unit_templates(rng, 1)[0]
    assert gallery.verify(7, probe) == pytest.approx(distance("euclidean", templates[2], probe)[0],
                                                     abs=1e-12)
    assert gallery.verify(7, templates[2]) == 0.0
    cosine = Gallery(metric="cosine")
    cosine.add(1, templates[0])
    assert cosine.verify(1, templates[0] * 3) == pytest.approx(0.0, abs=1e-12)


def test_verify_of_an_absent_id_is_not_found(rng):
    gallery = Gallery()
    with pytest.raises(NotFound) as caught:
        gallery.verify(3, unit_templates(rng, 1)[0])
    assert caught.value.code == "id_not_found"


def test_snapshot_is_a_read_only_copy(rng):
    templates = unit_templates(rng, 3)
    gallery = Gallery()
    gallery.add([1, 2, 3], templates)
    snap = gallery.snapshot()
    gallery.remove(1)
    assert len(snap) == 3 and snap.version == 1 and snap.metric == "euclidean"
    np.testing.assert_array_equal(snap.templates, templates)
    with pytest.raises(ValueError):
        snap.templates[0, 0] = 1.0
    with pytest.raises(ValueError):
        snap.ids[0] = 9


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (np.zeros(127, dtype=np.float32), "128 values"),
        (np.zeros((2, 2, 128), dtype=np.float32), "128 values"),
        (np.arange(128), "floats"),
        (np.full(128, np.nan, dtype=np.float32), "NaN"),
        (np.r_[np.inf, np.zeros(127)].astype(np.float32), "NaN or infinity"),
        (np.full(128, 1e20, dtype=np.float32), "too large"),
        (np.array(["x"] * 128), "floats"),
    ],
)
def test_bad_templates_are_refused_with_bad_template(template, message):
    gallery = Gallery()
    with pytest.raises(BadTemplate, match=message) as caught:
        gallery.add(1, template)
    assert caught.value.code == "bad_template" and isinstance(caught.value, DomainError)
    assert len(gallery) == 0


def test_float64_templates_are_stored_as_float32(rng):
    gallery = Gallery()
    gallery.add(1, unit_templates(rng, 1)[0].astype(np.float64))
    assert gallery.get(1).dtype == np.float32


def test_cosine_refuses_zero_templates_and_queries():
    gallery = Gallery(metric="cosine")
    with pytest.raises(BadTemplate, match="no direction"):
        gallery.add(1, np.zeros(128, dtype=np.float32))
    gallery.add(1, np.ones(128, dtype=np.float32))
    with pytest.raises(BadTemplate, match="no direction"):
        gallery.search(np.zeros(128, dtype=np.float32))


def test_one_bad_row_refuses_the_whole_batch(rng):
    templates = unit_templates(rng, 5)
    templates[3, 7] = np.nan
    gallery = Gallery()
    with pytest.raises(BadTemplate):
        gallery.add(np.arange(5), templates)
    assert len(gallery) == 0 and gallery.version == 0


def test_duplicate_ids_are_a_conflict_and_change_nothing(rng):
    gallery = Gallery()
    gallery.add([1, 2], unit_templates(rng, 2))
    with pytest.raises(Conflict) as caught:
        gallery.add([3, 2], unit_templates(rng, 2))
    assert caught.value.code == "duplicate_id"
    with pytest.raises(Conflict):
        gallery.add([4, 4], unit_templates(rng, 2))
    assert sorted(gallery.ids().tolist()) == [1, 2] and gallery.version == 1


@pytest.mark.parametrize("ids", [[1.5, 2.0], [True, False], [[1, 2]], [-1, 2], ["a", "b"]])
def test_bad_ids_are_refused(rng, ids):
    with pytest.raises(InvalidInput) as caught:
        Gallery().add(ids, unit_templates(rng, 2))
    assert caught.value.code == "bad_ids"


def test_id_and_template_counts_must_match(rng):
    with pytest.raises(InvalidInput) as caught:
        Gallery().add([1, 2, 3], unit_templates(rng, 2))
    assert caught.value.code == "length_mismatch"


def test_removing_an_absent_id_removes_nothing(rng):
    gallery = Gallery()
    gallery.add([1, 2, 3], unit_templates(rng, 3))
    with pytest.raises(NotFound):
        gallery.remove([1, 99])
    assert len(gallery) == 3 and 1 in gallery


def test_update_of_an_absent_id_is_not_found(rng):
    with pytest.raises(NotFound):
        Gallery().update(1, unit_templates(rng, 1)[0])


@pytest.mark.parametrize(("k", "code"), [(0, "bad_k"), (-1, "bad_k"), (2.0, "bad_k"),
                                         (True, "bad_k")])
def test_bad_k_is_refused(rng, k, code):
    with pytest.raises(InvalidInput) as caught:
        Gallery().search(unit_templates(rng, 1), k=k)
    assert caught.value.code == code


@pytest.mark.parametrize("cutoff", [-0.1, float("nan"), float("inf"), "near"])
def test_bad_max_distance_is_refused(rng, cutoff):
    with pytest.raises(InvalidInput) as caught:
        Gallery().search(unit_templates(rng, 1), max_distance=cutoff)
    assert caught.value.code == "bad_max_distance"


def test_unknown_metric_is_refused():
    with pytest.raises(InvalidInput) as caught:
        Gallery(metric="manhattan")
    assert caught.value.code == "bad_metric"


def test_other_dimensions_are_supported(rng):
    gallery = Gallery(dim=16)
    gallery.add([1, 2], unit_templates(rng, 2, dim=16))
    assert gallery.search(unit_templates(rng, 1, dim=16), k=2).ids.shape == (1, 2)
    with pytest.raises(BadTemplate):
        gallery.add(3, unit_templates(rng, 1)[0])
