"""Searches equal a float64 brute force: ids exactly, distances to 1e-5."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from matching.gallery import Gallery
from tests.matching.reference import brute_force, unit_templates

METRICS = ["euclidean", "cosine"]


def filled(templates: np.ndarray, ids: np.ndarray, metric: str = "euclidean") -> Gallery:
    gallery = Gallery(dim=templates.shape[1], metric=metric, initial_capacity=4)
    if len(ids):
        gallery.add(ids, templates)
    return gallery


def assert_matches_reference(gallery: Gallery, ids: np.ndarray, templates: np.ndarray,
                             queries: np.ndarray, k: int, max_distance: float | None = None
                             ) -> None:
    result = gallery.search(queries, k=k, max_distance=max_distance)
    want_ids, want_dist = brute_force(ids, templates, queries, k, gallery.metric, max_distance)
    np.testing.assert_array_equal(result.ids, want_ids)
    np.testing.assert_allclose(result.distances, want_dist, rtol=0, atol=1e-5)
    assert result.ids.dtype == np.int64 and result.distances.dtype == np.float32


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("k", [1, 2, 5])
def test_random_gallery_matches_brute_force(rng, chunking, metric, k):
    templates = unit_templates(rng, 300)
    ids = rng.permutation(10_000)[:300].astype(np.int64)
    queries = np.vstack([templates[:20] + 0.05 * unit_templates(rng, 20),
                         unit_templates(rng, 12)]).astype(np.float32)
    assert_matches_reference(filled(templates, ids, metric), ids, templates, queries, k)


@pytest.mark.parametrize("metric", METRICS)
def test_single_query_vector_is_a_batch_of_one(rng, chunking, metric):
    templates = unit_templates(rng, 50)
    ids = np.arange(100, 150)
    gallery = filled(templates, ids, metric)
    result = gallery.search(templates[7], k=3)
    assert result.ids.shape == (1, 3)
    assert result.ids[0, 0] == 107 and result.distances[0, 0] == pytest.approx(0.0, abs=1e-6)
    assert_matches_reference(gallery, ids, templates, templates[7][np.newaxis], 3)


@pytest.mark.parametrize("metric", METRICS)
def test_duplicate_templates_tie_to_the_lower_id(rng, chunking, metric):
    base = unit_templates(rng, 10)
    templates = np.vstack([base, base, base])  # every template three times
    ids = rng.permutation(np.arange(1, 31)).astype(np.int64)  # rows not in id order
    gallery = filled(templates, ids, metric)
    result = gallery.search(base, k=3)
    for b in range(10):
        twins = np.sort(ids[[b, b + 10, b + 20]])
        np.testing.assert_array_equal(result.ids[b], twins)
        np.testing.assert_allclose(result.distances[b], 0.0, atol=1e-6)
    assert_matches_reference(gallery, ids, templates, base, 5)


@pytest.mark.parametrize("metric", METRICS)
def test_k_larger_than_gallery_pads_with_minus_one_and_inf(rng, chunking, metric):
    templates = unit_templates(rng, 4)
    ids = np.array([9, 3, 7, 1])
    result = filled(templates, ids, metric).search(unit_templates(rng, 2), k=6)
    assert (result.ids[:, 4:] == -1).all() and np.isinf(result.distances[:, 4:]).all()
    assert sorted(result.ids[0, :4].tolist()) == [1, 3, 7, 9]
    assert_matches_reference(filled(templates, ids, metric), ids, templates,
                             unit_templates(rng, 3), 6)


@pytest.mark.parametrize("metric", METRICS)
def test_empty_gallery_returns_only_padding(rng, metric):
    result = Gallery(metric=metric).search(unit_templates(rng, 3), k=2)
    assert result.ids.shape == (3, 2) and (result.ids == -1).all()
    assert np.isinf(result.distances).all()


def test_gallery_emptied_by_removal_returns_only_padding(rng):
    templates = unit_templates(rng, 5)
    gallery = filled(templates, np.arange(5))
    gallery.remove(np.arange(5))
    assert (gallery.search(templates[0], k=2).ids == -1).all()


@pytest.mark.parametrize("metric", METRICS)
def test_max_distance_keeps_only_close_matches(rng, chunking, metric):
    templates = unit_templates(rng, 200)
    ids = np.arange(200)
    queries = (templates[:10] + 0.02 * unit_templates(rng, 10)).astype(np.float32)
    cutoff = 0.05 if metric == "euclidean" else 0.002
    gallery = filled(templates, ids, metric)
    result = gallery.search(queries, k=3, max_distance=cutoff)
    assert (result.ids[:, 0] == ids[:10]).all() and (result.ids[:, 1:] == -1).all()
    assert_matches_reference(gallery, ids, templates, queries, 3, max_distance=cutoff)
    assert_matches_reference(gallery, ids, templates, unit_templates(rng, 5), 3,
                             max_distance=cutoff)


def test_max_distance_includes_a_match_exactly_at_the_cutoff(chunking):
    templates = np.eye(8, dtype=np.float32)  # distance between unit axes: sqrt(2)
    gallery = filled(templates, np.arange(8))
    query = np.zeros(8, dtype=np.float32)
    query[0] = 2.0  # distance 1 to row 0 exactly
    result = gallery.search(query, k=2, max_distance=1.0)
    assert result.ids[0].tolist() == [0, -1] and result.distances[0, 0] == 1.0


def test_near_duplicate_distance_is_exact_not_cancelled(rng, chunking):
    # |a|^2 + |b|^2 - 2ab in float32 gives ~3e-4 here; the answer is 1e-4.
    templates = unit_templates(rng, 100) * np.float32(3.0)
    query = templates[42].copy()
    query[0] += np.float32(1e-4)
    gallery = filled(templates, np.arange(100))
    result = gallery.search(query, k=1)
    want = float(np.float64(query[0]) - np.float64(templates[42, 0]))
    assert result.ids[0, 0] == 42
    assert result.distances[0, 0] == pytest.approx(want, rel=1e-6)


def test_large_gallery_across_many_chunks_matches_brute_force(rng, monkeypatch):
    from matching import topk

    monkeypatch.setattr(topk, "CHUNK_ELEMENTS", 4096)
    monkeypatch.setattr(topk, "_MIN_CHUNK_ROWS", 256)
    templates = unit_templates(rng, 5000)
    ids = rng.permutation(5000).astype(np.int64) * 3
    queries = np.vstack([templates[::500] + 0.1 * unit_templates(rng, 10),
                         unit_templates(rng, 6)]).astype(np.float32)
    gallery = filled(templates, ids)
    assert_matches_reference(gallery, ids, templates, queries, 4)
    assert_matches_reference(gallery, ids, templates, queries[:1], 4)


def test_templates_with_outlier_norms_still_search_exactly(rng, chunking):
    templates = unit_templates(rng, 60)
    templates[::7] *= np.float32(1e4)  # loosens the float32 error bound a lot
    ids = np.arange(60)
    queries = (templates[1:6] * np.float32(1.001)).astype(np.float32)
    assert_matches_reference(filled(templates, ids), ids, templates, queries, 3)


# Small integer-valued vectors make exact distance ties common (and exact in
# float64), which is where an implementation's tie rule shows.
GRID = st.sampled_from([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0])


@st.composite
def search_cases(draw: st.DrawFn) -> tuple:
    dim = draw(st.sampled_from([3, 8]))
    metric = draw(st.sampled_from(METRICS))
    n = draw(st.integers(0, 40))
    templates = draw(hnp.arrays(np.float32, (n, dim), elements=GRID))
    queries = draw(hnp.arrays(np.float32, (draw(st.integers(1, 4)), dim), elements=GRID))
    if metric == "cosine":  # zero vectors have no direction: the gallery refuses them
        templates[np.abs(templates).sum(axis=1) == 0, 0] = 1.0
        queries[np.abs(queries).sum(axis=1) == 0, 0] = 1.0
    ids = np.array(draw(st.lists(st.integers(0, 2**40), min_size=n, max_size=n,
                                 unique=True)), dtype=np.int64)
    k = draw(st.integers(1, 45))
    max_distance = draw(st.none() | st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5]))
    return metric, templates, ids, queries, k, max_distance


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(case=search_cases())
def test_any_gallery_matches_brute_force_including_ties(chunking, case):
    metric, templates, ids, queries, k, max_distance = case
    gallery = filled(templates, ids, metric)
    assert_matches_reference(gallery, ids, templates, queries, k, max_distance)
