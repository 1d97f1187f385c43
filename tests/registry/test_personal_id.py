"""The personal identification number codec: every generated id decodes back
to its citizen, and every kind of corruption is refused with its reason."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.registry import personal_id
from app.registry.personal_id import ERROR_CODE, PersonalId, generate, generate_many, validate
from app.registry.provinces import PROVINCE_BY_CODE
from matching.errors import InvalidInput

provinces = st.sampled_from(sorted(PROVINCE_BY_CODE))
sexes = st.sampled_from(["male", "female"])
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2399, 12, 31))
seeds = st.integers(min_value=0, max_value=2**32 - 1)
UNKNOWN_PROVINCES = sorted({f"{i:03d}" for i in range(1000)} - PROVINCE_BY_CODE.keys())


def _refusal(text: object, **context: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        validate(text, **context)  # type: ignore[arg-type]
    assert caught.value.code == ERROR_CODE
    return caught.value


@given(provinces, sexes, births, seeds)
def test_generated_id_validates_and_decodes_to_its_citizen(province, sex, born, seed):
    value = generate(np.random.default_rng(seed), province, sex, born)

    decoded = validate(value, date_of_birth=born, sex=sex)

    assert decoded == PersonalId(value, province, sex, born.year, value[6:])
    assert decoded.province.code == province


@given(st.lists(st.tuples(provinces, sexes, births), min_size=1, max_size=50), seeds)
def test_bulk_generation_follows_the_same_layout(citizens, seed):
    codes, sex_list, born = zip(*citizens, strict=True)
    years = [b.year for b in born]

    values = generate_many(np.random.default_rng(seed), codes, sex_list, years)

    for value, code, sex, year in zip(values, codes, sex_list, years, strict=True):
        decoded = validate(value, sex=sex)
        assert (decoded.province_code, decoded.birth_year) == (code, year)


@given(st.text(alphabet="0123456789").filter(lambda s: len(s) != 12))
def test_wrong_length_is_refused_with_the_length_found(text):
    error = _refusal(text)
    assert error.extra["reason"] == "wrong_length"
    assert f"got {len(text)} characters" in error.detail


@given(
    provinces,
    sexes,
    births,
    st.integers(min_value=0, max_value=11),
    st.characters(exclude_characters="0123456789"),
)
def test_a_non_digit_anywhere_is_refused_with_its_position(province, sex, born, position, char):
    value = generate(np.random.default_rng(0), province, sex, born)
    corrupted = value[:position] + char + value[position + 1 :]

    error = _refusal(corrupted)

    assert error.extra["reason"] == "not_digits"
    assert f"at position {position + 1}" in error.detail


def test_unicode_digits_are_not_digits():
    error = _refusal("０７９２０３０１２３４５")  # full-width digits pass str.isdigit()
    assert error.extra["reason"] == "not_digits"


@given(st.sampled_from(UNKNOWN_PROVINCES), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_unknown_province_code_is_refused(prefix, rest):
    error = _refusal(prefix + rest)
    assert error.extra["reason"] == "unknown_province"
    assert prefix in error.detail


@given(provinces, sexes, births, st.integers(min_value=0, max_value=9))
def test_century_digit_inconsistent_with_the_birth_year_is_refused(province, sex, born, digit):
    value = generate(np.random.default_rng(0), province, sex, born)
    if digit // 2 == int(value[3]) // 2:  # same century: not this corruption
        digit = (digit + 2) % 10
    corrupted = value[:3] + str(digit) + value[4:]

    error = _refusal(corrupted, date_of_birth=born)

    assert error.extra["reason"] == "century_mismatch"
    first = 1900 + 100 * (digit // 2)
    assert f"means born {first}-{first + 99}" in error.detail
    assert born.isoformat() in error.detail


@given(provinces, sexes, births, st.integers(min_value=1, max_value=99))
def test_year_digits_inconsistent_with_the_birth_year_are_refused(province, sex, born, shift):
    value = generate(np.random.default_rng(0), province, sex, born)
    wrong = f"{(born.year + shift) % 100:02d}"
    corrupted = value[:4] + wrong + value[6:]

    error = _refusal(corrupted, date_of_birth=born)

    assert error.extra["reason"] == "birth_year_mismatch"
    assert f"birth-year digits {wrong}" in error.detail


@given(provinces, sexes, births)
def test_sex_digit_inconsistent_with_the_sex_is_refused(province, sex, born):
    value = generate(np.random.default_rng(0), province, sex, born)
    flipped = int(value[3]) ^ 1
    corrupted = value[:3] + str(flipped) + value[4:]
    other = "female" if sex == "male" else "male"

    assert validate(corrupted, date_of_birth=born).sex == other
    error = _refusal(corrupted, date_of_birth=born, sex=sex)
    assert error.extra["reason"] == "sex_mismatch"
    assert f"means {other}, but the citizen is {sex}" in error.detail


def test_birth_year_after_today_is_refused():
    value = "079226000001"  # male, born 2026
    assert validate(value, today=dt.date(2026, 1, 1)).birth_year == 2026
    error = _refusal(value, today=dt.date(2025, 12, 31))
    assert error.extra["reason"] == "future_birth_year"


@pytest.mark.parametrize(
    ("value", "sex", "year"),
    [
        ("001085012345", "male", 1985),
        ("079303000000", "female", 2003),
        ("048401999999", "male", 2101),
        ("092599000001", "female", 2199),
        ("031800123456", "male", 2300),
        ("096999123456", "female", 2399),
    ],
)
def test_century_and_sex_digits_follow_circular_07_2016(value, sex, year):
    decoded = validate(value)
    assert (decoded.sex, decoded.birth_year) == (sex, year)


def test_a_non_string_is_refused():
    assert _refusal(79203012345).extra["reason"] == "not_a_string"


def test_surrounding_spaces_are_refused_not_stripped():
    assert _refusal(" 079203012345").extra["reason"] == "wrong_length"


@pytest.mark.parametrize("year", [1899, 2400])
def test_generating_outside_the_encodable_centuries_is_a_programming_error(year):
    with pytest.raises(ValueError, match="outside 1900-2399"):
        personal_id.century_sex_digit(year, "male")


def test_generating_for_an_unknown_province_is_a_programming_error():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="unknown province"):
        generate(rng, "003", "male", dt.date(1990, 1, 1))
    with pytest.raises(ValueError, match="unknown province"):
        generate_many(rng, ["001", "003"], ["male", "male"], [1990, 1990])
