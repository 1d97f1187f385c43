"""The province-of-birth codes printed on chip ID cards."""

from __future__ import annotations

import unicodedata

import pytest

from app.registry.provinces import PROVINCE_BY_CODE, PROVINCES, is_southern, province_name


def test_there_are_63_distinct_three_digit_codes():
    codes = [p.code for p in PROVINCES]
    assert len(codes) == len(set(codes)) == 63
    assert all(len(c) == 3 and c.isdigit() for c in codes)
    assert codes == sorted(codes)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("001", "Hà Nội"),
        ("031", "Hải Phòng"),
        ("038", "Thanh Hóa"),
        ("046", "Thừa Thiên Huế"),
        ("048", "Đà Nẵng"),
        ("056", "Khánh Hòa"),
        ("079", "TP Hồ Chí Minh"),
        ("091", "Kiên Giang"),
        ("092", "Cần Thơ"),
        ("096", "Cà Mau"),
    ],
)
def test_codes_name_the_right_province(code, name):
    assert province_name(code) == name


def test_codes_of_units_that_no_longer_exist_are_absent():
    for retired in ("003", "005", "007", "009", "013", "016", "018", "021", "097"):
        assert retired not in PROVINCE_BY_CODE


def test_names_are_nfc_with_diacritics():
    for p in PROVINCES:
        assert unicodedata.normalize("NFC", p.name) == p.name
    assert sum(not p.name.isascii() for p in PROVINCES) > 55


def test_populations_add_up_to_the_2019_census():
    total_k = sum(p.population_k for p in PROVINCES)
    assert abs(total_k - 96_209) / 96_209 < 0.01  # 96,208,984 counted on 1 April 2019
    largest = sorted(PROVINCES, key=lambda p: p.population_k)[-2:]
    assert {p.code for p in largest} == {"001", "079"}


def test_the_south_starts_at_quang_tri():
    assert not is_southern("044") and is_southern("045") and is_southern("096")
