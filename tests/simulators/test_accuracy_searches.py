"""Searches over nested random galleries and over one fixed gallery."""

from __future__ import annotations

import numpy as np
import pytest

from simulators.accuracy import rates
from simulators.accuracy.photos import SearchSet, cross_distances
from simulators.accuracy.searches import fixed_gallery_searches, nested_searches
from tests.simulators.synthetic import synthetic_search_set

DATA = synthetic_search_set()


def _brute_top2_without_own(data: SearchSet) -> np.ndarray:
    d = data.distances.copy()
    d[np.arange(len(d)), data.own] = np.inf
    return np.sort(d, axis=1)[:, :2]


def test_the_largest_gallery_holds_everyone_else() -> None:
    s = nested_searches(DATA, [DATA.max_gallery], repeats=2)[DATA.max_gallery]
    brute = _brute_top2_without_own(DATA)
    assert np.allclose(s.nonmated, np.concatenate([brute, brute]))
    rows = np.arange(len(DATA.own))
    assert np.allclose(s.mate, np.tile(DATA.distances[rows, DATA.own][DATA.mated], 2))


def test_galleries_are_nested_so_fpir_never_falls_as_they_grow() -> None:
    sizes = [5, 10, 20, 40, DATA.max_gallery]
    searches = nested_searches(DATA, sizes, repeats=3, seed=4)
    best = np.stack([searches[n].nonmated[:, 0] for n in sizes])
    assert np.all(np.diff(best, axis=0) <= 0)  # each search's nearest only gets nearer
    fpir = [float(rates.pure_fpir(searches[n], 0.5)) for n in sizes]
    assert fpir == sorted(fpir) and fpir[-1] > fpir[0]


def test_the_claimed_traveller_is_the_same_at_every_size_and_never_the_probe() -> None:
    searches = nested_searches(DATA, [5, 40], repeats=2, seed=1)
    assert np.array_equal(searches[5].nonmated_claim, searches[40].nonmated_claim)
    assert np.array_equal(searches[5].mated_claim, searches[40].mated_claim)
    own = DATA.distances[np.arange(len(DATA.own)), DATA.own]
    assert not np.any(np.isclose(searches[5].nonmated_claim, np.tile(own, 2)))


def test_sizes_outside_the_pool_are_refused() -> None:
    with pytest.raises(ValueError):
        nested_searches(DATA, [DATA.pool_size])
    with pytest.raises(ValueError):
        nested_searches(DATA, [2])


def test_fixed_gallery_matches_brute_force_in_chunks() -> None:
    rows = np.flatnonzero(DATA.mated)
    s = fixed_gallery_searches(DATA.pool, DATA.probes[rows], DATA.own[rows], DATA.probes,
                               nonmated_exclude=DATA.own, chunk=7)
    brute = _brute_top2_without_own(DATA)
    assert np.allclose(s.nonmated, brute)
    assert np.allclose(s.mated_others, brute[rows])
    assert np.allclose(s.mate, DATA.distances[rows, DATA.own[rows]])
    # Claims are real distances to someone other than the probe's own identity.
    d = cross_distances(DATA.probes, DATA.pool)
    d[np.arange(len(d)), DATA.own] = np.nan
    assert all(np.any(np.isclose(d[i], c)) for i, c in enumerate(s.nonmated_claim))


def test_fixed_gallery_claims_can_be_named_per_search() -> None:
    chosen = np.arange(len(DATA.own)) % DATA.pool_size
    s = fixed_gallery_searches(DATA.pool, DATA.probes[:3], DATA.own[:3], DATA.probes,
                               nonmated_claims=chosen)
    d = cross_distances(DATA.probes, DATA.pool)
    assert np.allclose(s.nonmated_claim, d[np.arange(len(d)), chosen])
