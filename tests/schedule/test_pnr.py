"""Booking references and passport numbers."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.schedule.pnr import PNR_ALPHABET, generate_pnrs, is_pnr
from app.schedule.travellers import foreign_travellers, vietnamese_passport_no


@given(st.integers(min_value=0, max_value=2_000), st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_pnrs_are_distinct_and_well_formed(n, seed):
    pnrs = generate_pnrs(np.random.default_rng(seed), n)
    assert len(pnrs) == len(set(pnrs)) == n
    assert all(is_pnr(p) for p in pnrs)


def test_the_alphabet_drops_look_alike_characters():
    assert len(PNR_ALPHABET) == 31 and not set("01OIL") & set(PNR_ALPHABET)
    assert not is_pnr("ABC1EF") and not is_pnr("ABCDE") and is_pnr("ABC2EF")


def test_a_nearly_full_taken_set_still_yields_fresh_codes():
    rng = np.random.default_rng(1)
    taken = set(generate_pnrs(rng, 10_000))
    fresh = generate_pnrs(rng, 10_000, taken=taken)
    assert not taken & set(fresh)


def test_a_citizens_passport_number_is_stable_and_shaped_like_a_vietnamese_one():
    number = vietnamese_passport_no("079203012345")
    assert number == vietnamese_passport_no("079203012345")
    assert number != vietnamese_passport_no("079203012346")
    assert number[0] == "C" and number[1:].isdigit() and len(number) == 8


def test_korean_passports_look_korean():
    travellers = foreign_travellers(np.random.default_rng(3), 400, "KR")
    korean = [t for t in travellers if t[1] == "KR"]
    assert len(korean) > 0.6 * 400
    assert all(t[2][0] == "M" and t[2][1:].isdigit() and len(t[2]) == 9 for t in korean)
