"""The micro-batcher answers each caller exactly as a direct search would."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from matching.batching import BatchSearcher
from matching.errors import BadTemplate, InvalidInput, NotFound, Unavailable
from matching.gallery import Gallery
from matching.index import PartitionedIndex
from tests.matching.reference import unit_templates


@pytest.fixture
def gallery(rng) -> Gallery:
    gallery = Gallery()
    gallery.add(rng.permutation(500), unit_templates(rng, 500))
    return gallery


def assert_same(got, want):
    np.testing.assert_array_equal(got.ids, want.ids)
    np.testing.assert_array_equal(got.distances, want.distances)


def test_concurrent_callers_get_what_a_direct_search_returns(gallery, rng):
    queries = unit_templates(rng, 200)
    asks = [(q, int(rng.integers(1, 6)), [None, 0.9, 1.2][i % 3]) for i, q in enumerate(queries)]
    with BatchSearcher(gallery) as batcher, ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda a: batcher.search(a[0], k=a[1], max_distance=a[2]), asks))
    for (query, k, cutoff), got in zip(asks, answers, strict=True):
        assert_same(got, gallery.search(query, k=k, max_distance=cutoff))
        assert got.version == gallery.version


def test_queries_queued_together_are_served_by_one_search(gallery, rng):
    queries = unit_templates(rng, 8)
    with BatchSearcher(gallery, max_batch=8, max_wait=10.0) as batcher:
        futures = [batcher.submit(q, k=1 + i % 3) for i, q in enumerate(queries)]
        answers = [f.result(timeout=30) for f in futures]
    assert batcher.batches == 1 and batcher.queries == 8 and batcher.mean_batch == 8.0
    for i, (query, got) in enumerate(zip(queries, answers, strict=True)):
        assert got.ids.shape == (1, 1 + i % 3)
        assert_same(got, gallery.search(query, k=1 + i % 3))


def test_a_batch_never_exceeds_max_batch_queries(gallery, rng):
    with BatchSearcher(gallery, max_batch=4) as batcher:
        futures = [batcher.submit(unit_templates(rng, 3)) for _ in range(4)]
        for f in futures:
            f.result(timeout=30)
    assert batcher.queries == 12 and batcher.batches == 4  # 3 + 3 > 4: one request each


def test_a_small_batch_of_queries_in_one_request_stays_together(gallery, rng):
    queries = unit_templates(rng, 5)
    with BatchSearcher(gallery) as batcher:
        got = batcher.search(queries, k=2)
    assert got.ids.shape == (5, 2)
    assert_same(got, gallery.search(queries, k=2))


def test_a_bad_query_fails_in_the_callers_thread_alone(gallery, rng):
    with BatchSearcher(gallery) as batcher:
        with pytest.raises(BadTemplate):
            batcher.submit(np.full(128, np.nan, dtype=np.float32))
        with pytest.raises(InvalidInput):
            batcher.submit(unit_templates(rng, 1), k=0)
        with pytest.raises(InvalidInput):
            batcher.submit(unit_templates(rng, 1), keys="VN213")
        assert batcher.search(unit_templates(rng, 1)).ids.shape == (1, 2)


def test_index_searches_are_grouped_by_partition(rng):
    index = PartitionedIndex()
    flights = {"VN213": unit_templates(rng, 40), "VJ122": unit_templates(rng, 30)}
    for offset, (key, templates) in enumerate(flights.items()):
        index.add(key, np.arange(len(templates)) + 1000 * offset, templates)
    asks = [("VN213", flights["VN213"][3]), ("VJ122", flights["VJ122"][4]),
            (["VN213", "VJ122"], flights["VJ122"][5]), ("VN213", flights["VJ122"][6])]
    with BatchSearcher(index, max_batch=4, max_wait=10.0) as batcher:
        futures = [batcher.submit(q, k=2, keys=keys) for keys, q in asks]
        answers = [f.result(timeout=30) for f in futures]
        with pytest.raises(InvalidInput):
            batcher.submit(flights["VN213"][0])  # no keys
    for (keys, query), got in zip(asks, answers, strict=True):
        assert_same(got, index.search(keys, query, k=2))
    assert batcher.batches == 3 and batcher.queries == 4


def test_a_failing_group_fails_only_its_own_callers(rng):
    index = PartitionedIndex()
    index.add("here", [1, 2], unit_templates(rng, 2))
    with BatchSearcher(index, max_batch=2, max_wait=10.0) as batcher:
        missing = batcher.submit(unit_templates(rng, 1), keys="gone")
        present = batcher.submit(unit_templates(rng, 1), keys="here")
        with pytest.raises(NotFound):
            missing.result(timeout=30)
        assert present.result(timeout=30).ids.shape == (1, 2)


def test_close_answers_what_is_queued_then_refuses_new_work(gallery, rng):
    batcher = BatchSearcher(gallery, max_batch=64, max_wait=10.0)
    futures = [batcher.submit(q) for q in unit_templates(rng, 5)]
    batcher.close()
    assert all(f.result(timeout=0).ids.shape == (1, 2) for f in futures)
    with pytest.raises(Unavailable) as caught:
        batcher.submit(unit_templates(rng, 1))
    assert caught.value.code == "matcher_closed"


def test_a_cancelled_request_is_skipped(gallery, rng):
    with BatchSearcher(gallery, max_batch=3, max_wait=10.0) as batcher:
        first = batcher.submit(unit_templates(rng, 1))
        assert first.cancel()
        others = [batcher.submit(q) for q in unit_templates(rng, 2)]
        assert all(f.result(timeout=30).ids.shape == (1, 2) for f in others)
    assert batcher.queries == 2


def test_several_workers_answer_exactly_too(gallery, rng):
    queries = unit_templates(rng, 120)
    with BatchSearcher(gallery, workers=2, max_batch=8) as batcher, \
            ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda q: batcher.search(q, k=3), queries))
    assert batcher.queries == 120
    for query, got in zip(queries, answers, strict=True):
        assert_same(got, gallery.search(query, k=3))
