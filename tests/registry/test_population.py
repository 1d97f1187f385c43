"""The synthetic VNeID population: shape, consistency and reproducibility."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter

import pytest

from app.registry.personal_id import validate
from app.registry.population import DEFAULT_AS_OF, generate_citizens
from app.registry.provinces import is_southern

KEYS = {"personal_id", "full_name", "date_of_birth", "sex", "province_code", "vneid_level",
        "status"}  # fmt: skip


@pytest.fixture(scope="module")
def citizens() -> list[dict]:
    return generate_citizens(20_000, seed=11)


def test_rows_have_exactly_the_citizen_columns_with_plain_types(citizens):
    for row in citizens[:200]:
        assert set(row) == KEYS
        assert type(row["date_of_birth"]) is dt.date
        assert type(row["vneid_level"]) is int
        assert row["sex"] in ("male", "female")
        assert row["status"] in ("active", "locked")


def test_every_personal_id_agrees_with_province_sex_and_date_of_birth(citizens):
    for row in citizens:
        decoded = validate(row["personal_id"], date_of_birth=row["date_of_birth"], sex=row["sex"])
        assert decoded.province_code == row["province_code"]


def test_personal_ids_are_unique_and_avoid_taken_ones(citizens):
    assert len({c["personal_id"] for c in citizens}) == len(citizens)
    taken = {c["personal_id"] for c in citizens[:5_000]}
    fresh = generate_citizens(20_000, seed=11, taken=taken)
    assert not taken & {c["personal_id"] for c in fresh}


def test_same_seed_gives_the_same_population_and_another_seed_does_not(citizens):
    assert generate_citizens(20_000, seed=11) == citizens
    assert generate_citizens(20_000, seed=12) != citizens


@pytest.mark.parametrize("share", [0.0, 0.3, 0.85, 1.0])
def test_level2_share_is_the_setting(share):
    levels = Counter(c["vneid_level"] for c in generate_citizens(3_001, seed=1, level2_share=share))
    assert set(levels) <= {1, 2}
    assert levels[2] == round(3_001 * share)


def test_a_small_share_of_accounts_is_locked():
    statuses = Counter(c["status"] for c in generate_citizens(4_000, seed=2, locked_share=0.02))
    assert statuses == {"active": 3_920, "locked": 80}


def test_names_are_vietnamese_with_diacritics(citizens):
    names = [c["full_name"] for c in citizens]
    assert all(unicodedata.normalize("NFC", n) == n for n in names)
    assert all(3 <= len(n.split()) <= 4 for n in names)
    assert sum(not n.isascii() for n in names) / len(names) > 0.95
    family = Counter(n.split()[0] for n in names)
    assert family.most_common(1)[0][0] == "Nguyễn"
    assert 0.34 < family["Nguyễn"] / len(names) < 0.43
    assert [name for name, _ in family.most_common(4)][1:] == ["Trần", "Lê", "Phạm"]


def test_middle_names_follow_sex(citizens):
    for c in citizens:
        middles = c["full_name"].split()[1:-1]
        assert ("Thị" not in middles) if c["sex"] == "male" else ("Văn" not in middles)
    women = [c for c in citizens if c["sex"] == "female"]
    assert sum("Thị" in c["full_name"].split() for c in women) / len(women) > 0.25


def test_huynh_and_vo_are_southern_hoang_and_vu_northern(citizens):
    def count(south: bool) -> Counter:
        return Counter(
            c["full_name"].split()[0] for c in citizens if is_southern(c["province_code"]) == south
        )

    north, south = count(False), count(True)
    assert north["Hoàng"] > north["Huỳnh"] and north["Vũ"] > north["Võ"]
    assert south["Huỳnh"] > south["Hoàng"] and south["Võ"] > south["Vũ"]


def test_ages_are_adult_heavy_with_some_children(citizens):
    def age(born: dt.date) -> int:
        years = DEFAULT_AS_OF.year - born.year
        return years - ((DEFAULT_AS_OF.month, DEFAULT_AS_OF.day) < (born.month, born.day))

    ages = [age(c["date_of_birth"]) for c in citizens]
    assert all(c["date_of_birth"] < DEFAULT_AS_OF for c in citizens)
    assert min(ages) >= 0 and max(ages) < 91
    children = sum(a < 14 for a in ages) / len(ages)
    assert 0.03 < children < 0.06
    assert sum(25 <= a < 55 for a in ages) / len(ages) > 0.55


def test_as_of_moves_the_dates_of_birth():
    later = generate_citizens(500, seed=3, as_of=dt.date(2036, 1, 1))
    earlier = generate_citizens(500, seed=3)
    shifts = {
        (a["date_of_birth"] - b["date_of_birth"]).days for a, b in zip(later, earlier, strict=True)
    }
    assert shifts == {(dt.date(2036, 1, 1) - DEFAULT_AS_OF).days}


def test_the_big_cities_are_the_commonest_provinces_of_birth(citizens):
    top = [code for code, _ in Counter(c["province_code"] for c in citizens).most_common(2)]
    assert set(top) == {"001", "079"}


def test_sexes_are_balanced(citizens):
    assert 0.47 < sum(c["sex"] == "male" for c in citizens) / len(citizens) < 0.53


def test_zero_citizens_is_an_empty_list():
    assert generate_citizens(0, seed=1) == []


@pytest.mark.parametrize(
    "kwargs", [{"n": -1}, {"n": 1, "level2_share": 1.5}, {"n": 1, "locked_share": -0.1}]
)
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        generate_citizens(seed=1, **kwargs)
