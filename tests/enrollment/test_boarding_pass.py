"""IATA Resolution 792 boarding passes: exact widths, round trips, strict parsing."""

from __future__ import annotations

import io
import string
from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from enrollment.boarding_pass import (
    BoardingPass,
    BoardingPassLeg,
    bcbp_name,
    issue_boarding_pass,
    parse_bcbp,
    qr_png,
    qr_svg,
    read_boarding_pass,
)
from matching.errors import InvalidInput

# IATA's own example from Resolution 792 (one leg, no conditional items).
IATA_EXAMPLE = "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100"


def _issue(**overrides):
    fields = dict(full_name="Nguyễn Văn An", pnr="K7XQ2P", origin="SGN", destination="HAN",
                  carrier="VN", flight_no="VN213", flight_date=date(2025, 12, 15), seat="12A",
                  sequence=42)
    return issue_boarding_pass(**(fields | overrides))


def test_issued_pass_has_the_mandatory_items_at_their_fixed_widths():
    text = _issue().encode()
    assert len(text) == 60
    assert text[0:2] == "M1"
    assert text[2:22] == "NGUYEN/VAN AN".ljust(20)
    assert text[22] == "E"
    assert text[23:30] == "K7XQ2P "
    assert text[30:36] == "SGNHAN"
    assert text[36:39] == "VN "
    assert text[39:44] == "0213 "
    assert text[44:47] == "349"  # 15 December 2025 is day 349
    assert text[47] == "Y"
    assert text[48:52] == "012A"
    assert text[52:57] == "0042 "
    assert text[57] == "1"
    assert text[58:60] == "00"


def test_checked_bags_set_the_passenger_status_to_3():
    assert _issue(checked_bags=1).leg.status == "3"


def test_the_iata_example_parses_into_its_fields():
    bp = parse_bcbp(IATA_EXAMPLE)
    assert bp.passenger_name == "DESMARAIS/LUC" and bp.eticket
    leg = bp.leg
    assert (leg.pnr, leg.origin, leg.destination, leg.carrier) == ("ABC123", "YUL", "FRA", "AC")
    assert (leg.flight_number, leg.julian_date, leg.compartment) == (834, 326, "J")
    assert (leg.seat, leg.sequence, leg.status) == ("1A", 25, "1")
    assert bp.encode() == IATA_EXAMPLE


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Nguyễn Văn An", "NGUYEN/VAN AN"),
        ("Đặng Thị Ngọc Hương", "DANG/THI NGOC HUONG"),
        ("Trương Ưng Bửu", "TRUONG/UNG BUU"),
        ("Lê", "LE/"),
        ("Tôn Nữ Ưng Hoàng Phước Hạnh Dung", "TON/NU UNG HOANG PHU"),
    ],
)
def test_vietnamese_names_lose_their_diacritics_family_name_first(full_name, expected):
    assert bcbp_name(full_name) == expected
    assert len(bcbp_name(full_name)) <= 20


def test_a_very_long_surname_keeps_a_given_name_initial():
    name = bcbp_name("Abcdefghijklmnopqrstuvwxyz Minh")
    assert name == "ABCDEFGHIJKLMNOPQR/M" and len(name) == 20


def test_names_without_letters_are_refused():
    with pytest.raises(ValueError):
        bcbp_name("123 !!")


def test_flight_numbers_and_seats_are_normalised_before_encoding():
    bp = _issue(flight_no="0042A", seat="07c")
    assert (bp.leg.flight_number, bp.leg.flight_suffix, bp.leg.seat) == (42, "A", "7C")
    assert bp.encode()[39:44] == "0042A"


def test_issue_refuses_a_flight_number_or_seat_out_of_format():
    with pytest.raises(ValueError):
        _issue(flight_no="VN12345")
    with pytest.raises(ValueError):
        _issue(seat="12")


_name_word = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=6)
_legs = st.builds(
    BoardingPassLeg,
    pnr=st.text(alphabet=string.ascii_uppercase + string.digits, min_size=5, max_size=7),
    origin=st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
    destination=st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
    carrier=st.sampled_from(["VN", "VJ", "QH", "VU", "9G", "HVN"]),
    flight_number=st.integers(1, 9999),
    julian_date=st.integers(1, 366),
    compartment=st.sampled_from("FJCWY"),
    seat=st.builds(lambda r, c: f"{r}{c}", st.integers(1, 999), st.sampled_from("ABCDEFHJK")),
    sequence=st.integers(1, 9999),
    status=st.sampled_from("0123456789A"),
    flight_suffix=st.sampled_from(["", "A", "Z"]),
    sequence_suffix=st.sampled_from(["", "B"]),
    conditional=st.text(alphabet=string.ascii_uppercase + string.digits + " >", max_size=40),
)
_passes = st.builds(
    BoardingPass,
    passenger_name=st.builds(lambda s, g: f"{s}/{' '.join(g)}"[:20].rstrip(),
                             _name_word, st.lists(_name_word, max_size=2)),
    legs=st.lists(_legs, min_size=1, max_size=4).map(tuple),
    eticket=st.booleans(),
)


@given(_passes)
def test_every_pass_survives_encode_then_parse(bp):
    assert parse_bcbp(bp.encode()) == bp


@given(st.text(max_size=80))
def test_arbitrary_text_is_refused_or_parses_to_a_pass_that_re_encodes_exactly(text):
    try:
        bp = parse_bcbp(text)
    except InvalidInput as exc:
        assert exc.code == "bad_boarding_pass"
    else:
        assert bp.encode() == text


def _with(text: str, start: int, replacement: str) -> str:
    return text[:start] + replacement + text[start + len(replacement):]


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("empty", ""),
        ("format code S", _with(IATA_EXAMPLE, 0, "S")),
        ("zero legs", _with(IATA_EXAMPLE, 1, "0")),
        ("two legs announced, one present", _with(IATA_EXAMPLE, 1, "2")),
        ("lower-case name", _with(IATA_EXAMPLE, 2, "desmarais")),
        ("name without a slash", _with(IATA_EXAMPLE, 2, "DESMARAIS LUC")),
        ("e-ticket indicator X", _with(IATA_EXAMPLE, 22, "X")),
        ("PNR with punctuation", _with(IATA_EXAMPLE, 23, "AB-123 ")),
        ("PNR with a space inside", _with(IATA_EXAMPLE, 23, "AB 1234")),
        ("airport with a digit", _with(IATA_EXAMPLE, 30, "Y1L")),
        ("flight number with a letter", _with(IATA_EXAMPLE, 39, "08X4 ")),
        ("flight number 0000", _with(IATA_EXAMPLE, 39, "0000 ")),
        ("day of the year 367", _with(IATA_EXAMPLE, 44, "367")),
        ("day of the year 000", _with(IATA_EXAMPLE, 44, "000")),
        ("compartment digit", _with(IATA_EXAMPLE, 47, "1")),
        ("seat without a letter", _with(IATA_EXAMPLE, 48, "0011")),
        ("sequence with a letter inside", _with(IATA_EXAMPLE, 52, "00A5 ")),
        ("conditional size not hex", _with(IATA_EXAMPLE, 58, "0G")),
        ("conditional size larger than the rest", _with(IATA_EXAMPLE, 58, "05")),
        ("one character short", IATA_EXAMPLE[:-1]),
        ("trailing garbage", IATA_EXAMPLE + "XYZ"),
        ("security section with a wrong length", IATA_EXAMPLE + "^105AB"),
        ("non-ASCII", _with(IATA_EXAMPLE, 2, "NGUYỄN")),
        ("newline", IATA_EXAMPLE[:30] + "\n" + IATA_EXAMPLE[31:]),
    ],
)
def test_malformed_passes_are_refused_with_bad_boarding_pass(label, text):
    with pytest.raises(InvalidInput) as caught:
        parse_bcbp(text)
    assert caught.value.code == "bad_boarding_pass", label


def test_conditional_items_and_security_data_are_kept_raw():
    text = IATA_EXAMPLE[:-2] + "05>6320" + "^104ABCD"
    bp = parse_bcbp(text)
    assert bp.leg.conditional == ">6320" and bp.security == "^104ABCD"
    assert bp.encode() == text


def test_qr_png_scans_back_to_the_same_pass():
    bp = _issue()
    assert read_boarding_pass(qr_png(bp.encode())) == bp


def test_qr_svg_is_an_svg_document():
    svg = qr_svg(_issue().encode())
    assert svg.startswith(b"<svg") and b"</svg>" in svg


def test_an_image_without_a_qr_code_is_refused():
    out = io.BytesIO()
    Image.fromarray(np.full((120, 120, 3), 200, np.uint8)).save(out, "PNG")
    with pytest.raises(InvalidInput) as caught:
        read_boarding_pass(out.getvalue())
    assert caught.value.code == "bad_boarding_pass"
