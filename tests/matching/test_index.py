"""Partitioned index: partitions by key, searched one at a time or merged."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from matching.errors import Conflict, InvalidInput, NotFound
from matching.index import PartitionedIndex
from tests.matching.reference import brute_force, distance, unit_templates


def union_brute_force(parts: list[tuple[np.ndarray, np.ndarray]], queries: np.ndarray, k: int,
                      metric: str) -> tuple[np.ndarray, np.ndarray]:
    """Brute force over the union of partitions, each id once at its best distance."""
    out_ids = np.full((len(queries), k), -1, dtype=np.int64)
    out_dist = np.full((len(queries), k), np.inf)
    for b, query in enumerate(queries):
        best: dict[int, float] = {}
        for ids, templates in parts:
            for template_id, dist in zip(ids.tolist(), distance(metric, templates, query),
                                         strict=True):
                best[template_id] = min(dist, best.get(template_id, np.inf))
        ranked = sorted((dist, template_id) for template_id, dist in best.items())[:k]
        for rank, (dist, template_id) in enumerate(ranked):
            out_ids[b, rank], out_dist[b, rank] = template_id, dist
    return out_ids, out_dist


def test_partitions_are_searched_independently(rng):
    index = PartitionedIndex()
    flight_a, flight_b = unit_templates(rng, 30), unit_templates(rng, 20)
    index.add("VN213", np.arange(30), flight_a)
    index.add("VJ122", np.arange(100, 120), flight_b)
    result = index.search("VN213", flight_b[:3], k=2)
    assert (result.ids < 30).all()
    want_ids, want_dist = brute_force(np.arange(30), flight_a, flight_b[:3], 2)
    np.testing.assert_array_equal(result.ids, want_ids)
    np.testing.assert_allclose(result.distances, want_dist, atol=1e-5)
    assert result.version == index["VN213"].version


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_search_over_several_partitions_is_the_top_k_of_their_union(rng, chunking, metric):
    index = PartitionedIndex(metric=metric)
    parts = []
    for p, size in enumerate([40, 0, 15, 60]):
        ids = rng.choice(1000, size=size, replace=False).astype(np.int64) + 1000 * p
        templates = unit_templates(rng, size)
        index.create(p)
        if size:
            index.add(p, ids, templates)
        parts.append((ids, templates))
    queries = np.vstack([parts[3][1][:4] + 0.05 * unit_templates(rng, 4),
                         unit_templates(rng, 4)]).astype(np.float32)
    for k in (1, 3, 200):
        result = index.search([0, 1, 2, 3], queries, k=k)
        want_ids, want_dist = union_brute_force(parts, queries, k, metric)
        np.testing.assert_array_equal(result.ids, want_ids)
        np.testing.assert_allclose(result.distances, want_dist, atol=1e-5)
        assert result.version is None


def test_an_id_in_two_searched_partitions_counts_once_at_its_best(rng):
    index = PartitionedIndex()
    shared = unit_templates(rng, 2)
    others = unit_templates(rng, 5)
    index.add("morning", [7, 1, 2], np.vstack([shared[0], others[:2]]))
    index.add("evening", [7, 3, 4, 5], np.vstack([shared[1], others[2:]]))
    result = index.search(["morning", "evening"], shared[0], k=3)
    assert result.ids[0, 0] == 7 and result.distances[0, 0] == 0.0
    assert 7 not in result.ids[0, 1:].tolist()
    want_ids, _ = union_brute_force([(np.array([7, 1, 2]), np.vstack([shared[0], others[:2]])),
                                     (np.array([7, 3, 4, 5]), np.vstack([shared[1], others[2:]]))],
                                    shared[:1], 3, "euclidean")
    np.testing.assert_array_equal(result.ids, want_ids)


def test_ties_across_partitions_go_to_the_lower_id(rng):
    index = PartitionedIndex()
    twin = unit_templates(rng, 1)
    index.add("a", [50], twin)
    index.add("b", [20], twin)
    index.add("c", [35], twin)
    result = index.search(["a", "b", "c"], twin, k=3)
    assert result.ids[0].tolist() == [20, 35, 50]


def test_a_tuple_key_is_one_partition_and_a_list_is_several(rng):
    index = PartitionedIndex()
    day = ("SGN", dt.date(2025, 12, 13))
    index.add(day, [1], unit_templates(rng, 1))
    index.add("SGN", [2], unit_templates(rng, 1))
    assert index.search(day, unit_templates(rng, 1), k=2).ids[0].tolist() == [1, -1]
    assert sorted(index.search([day, "SGN"], unit_templates(rng, 1), k=2).ids[0]) == [1, 2]


def test_create_drop_and_sizes():
    index = PartitionedIndex()
    for flight in range(500):
        index.create(f"FL{flight}")
    assert len(index) == 500 and index.sizes()["FL7"] == 0 and index.total() == 0
    index.drop_all(f"FL{flight}" for flight in range(0, 500, 2))
    assert len(index) == 250 and "FL2" not in index and "FL3" in index
    with pytest.raises(Conflict) as caught:
        index.create("FL3")
    assert caught.value.code == "partition_exists"
    assert index.create("FL3", exist_ok=True) is index["FL3"]


def test_missing_partitions_are_not_found(rng):
    index = PartitionedIndex()
    index.create("here")
    with pytest.raises(NotFound) as caught:
        index.search(["here", "gone"], unit_templates(rng, 1))
    assert caught.value.code == "partition_not_found"
    with pytest.raises(NotFound):
        index.drop("gone")
    index.drop("gone", missing_ok=True)
    with pytest.raises(NotFound):
        index.add("gone", [1], unit_templates(rng, 1), create=False)
    with pytest.raises(InvalidInput) as caught:
        index.search([], unit_templates(rng, 1))
    assert caught.value.code == "no_partition"


def test_remove_and_update_reach_the_right_partition(rng):
    index = PartitionedIndex()
    templates = unit_templates(rng, 3)
    index.add("x", [1, 2, 3], templates)
    index.add("y", [1], templates[:1])
    index.remove("x", [1])
    index.update("x", 2, templates[2])
    assert 1 in index["y"] and 1 not in index["x"]
    assert index.search("x", templates[2], k=2).ids[0].tolist() == [2, 3]
    assert index.sizes() == {"x": 2, "y": 1}


def test_a_dropped_partition_stays_searchable_by_a_search_already_holding_it(rng):
    index = PartitionedIndex()
    templates = unit_templates(rng, 4)
    index.add("late", np.arange(4), templates)
    gallery = index["late"]
    index.drop("late")
    assert gallery.search(templates[1], k=1).ids[0, 0] == 1
    assert "late" not in index
