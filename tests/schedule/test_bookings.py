"""Bookings for a departure day: capacity, seats, documents and the shares."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest

from app.registry.population import generate_citizens
from app.schedule import Share, generate_bookings, generate_flights
from app.schedule.airports import DESTINATIONS, is_international
from app.schedule.bookings import CHILD_AGE
from app.schedule.fleet import layout_for, seat_map
from app.schedule.pnr import PNR_ALPHABET
from app.schedule.travellers import PASSPORT_PATTERNS

DAY = dt.date(2026, 12, 1)
KEYS = {"pnr", "flight_index", "personal_id", "full_name", "document_type", "document_no",
        "nationality", "seat", "checked_bags", "special"}  # fmt: skip


@pytest.fixture(scope="module")
def citizens() -> list[dict]:
    return generate_citizens(80_000, seed=21)


@pytest.fixture(scope="module")
def sgn() -> list[dict]:
    return generate_flights("SGN", DAY, seed=4)


@pytest.fixture(scope="module")
def bookings(sgn, citizens) -> list[dict]:
    return generate_bookings(sgn, citizens, seed=9)


def _by_flight(bookings: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for b in bookings:
        grouped[b["flight_index"]].append(b)
    return grouped


def _split(flights, bookings) -> tuple[list[dict], list[dict]]:
    intl = [b for b in bookings if is_international(flights[b["flight_index"]]["destination"])]
    dom = [b for b in bookings if not is_international(flights[b["flight_index"]]["destination"])]
    return dom, intl


def test_rows_have_exactly_the_booking_columns(bookings):
    for b in bookings[:500]:
        assert set(b) == KEYS
        assert type(b["checked_bags"]) is int and type(b["special"]) is bool


@pytest.mark.parametrize("code", ["SGN", "HAN"])
def test_a_busy_day_books_60_to_100k_departing_passengers(code, citizens):
    flights = generate_flights(code, DAY, seed=4)
    assert 60_000 <= len(generate_bookings(flights, citizens, seed=1)) <= 100_000


def test_no_flight_is_booked_beyond_capacity_and_load_factors_are_realistic(sgn, bookings):
    grouped = _by_flight(bookings)
    assert set(grouped) == set(range(len(sgn)))
    for index, rows in grouped.items():
        load = len(rows) / sgn[index]["capacity"]
        assert 0.79 <= load <= 0.96


def test_seats_are_unique_per_flight_and_exist_on_the_aircraft(sgn, bookings):
    for index, rows in _by_flight(bookings).items():
        f = sgn[index]
        seats = [b["seat"] for b in rows]
        assert len(seats) == len(set(seats))
        assert set(seats) <= set(seat_map(layout_for(f["carrier"], f["aircraft"], f["capacity"])))
        assert all(re.fullmatch(r"\d{1,2}[A-K]", s) for s in seats)


def test_a_full_flight_uses_every_seat(sgn, citizens):
    full = generate_bookings(sgn[:3], citizens, seed=2, load_factor=1.0)
    for index, rows in _by_flight(full).items():
        assert len(rows) == sgn[index]["capacity"]


def test_pnrs_are_unique_six_unambiguous_characters(bookings):
    pnrs = [b["pnr"] for b in bookings]
    assert len(pnrs) == len(set(pnrs))
    assert all(len(p) == 6 and set(p) <= set(PNR_ALPHABET) for p in pnrs)
    assert not set("".join(pnrs)) & set("01OIL")


def test_taken_pnrs_are_never_reissued(sgn, citizens, bookings):
    taken = {b["pnr"] for b in bookings}
    again = generate_bookings(sgn[:20], citizens, seed=9, taken_pnrs=taken)
    assert not taken & {b["pnr"] for b in again}


def test_citizens_carry_their_registry_identity(citizens, sgn, bookings):
    registry = {c["personal_id"]: c for c in citizens}
    for b in bookings:
        if b["personal_id"] is None:
            continue
        assert b["full_name"] == registry[b["personal_id"]]["full_name"]
        assert b["nationality"] == "VN"
        if is_international(sgn[b["flight_index"]]["destination"]):
            assert b["document_type"] == "passport"
            assert re.fullmatch(r"C\d{7}", b["document_no"])
        else:
            assert (b["document_type"], b["document_no"]) == ("vneid", b["personal_id"])


def test_a_citizen_keeps_one_passport_number(bookings):
    passports: dict[str, set[str]] = defaultdict(set)
    for b in bookings:
        if b["personal_id"] and b["document_type"] == "passport":
            passports[b["personal_id"]].add(b["document_no"])
    assert passports and all(len(numbers) == 1 for numbers in passports.values())


def test_foreigners_hold_passports_of_their_country(bookings):
    foreign = [b for b in bookings if b["personal_id"] is None]
    assert foreign
    for b in foreign:
        assert b["document_type"] == "passport" and b["nationality"] != "VN"
        pattern = PASSPORT_PATTERNS[b["nationality"]]
        assert len(b["document_no"]) == len(pattern)
        assert b["full_name"].isascii() and len(b["full_name"].split()) >= 2


def test_foreign_share_is_far_higher_on_international_flights(sgn, bookings):
    dom, intl = _split(sgn, bookings)
    share_dom = sum(b["personal_id"] is None for b in dom) / len(dom)
    share_intl = sum(b["personal_id"] is None for b in intl) / len(intl)
    assert abs(share_dom - 0.04) < 0.01
    assert abs(share_intl - 0.60) < 0.02


def test_foreigners_on_international_flights_are_mostly_from_the_destination(sgn, bookings):
    to_korea = [b for b in bookings if sgn[b["flight_index"]]["destination"] == "ICN"]
    foreign = Counter(b["nationality"] for b in to_korea if b["personal_id"] is None)
    assert foreign.most_common(1)[0][0] == DESTINATIONS["ICN"].country
    assert foreign["KR"] / foreign.total() > 0.6


def test_shares_follow_the_settings(sgn, citizens):
    rows = generate_bookings(
        sgn, citizens, seed=3, foreign_share=Share(0.0, 1.0), checked_bag_share=0.0
    )
    dom, intl = _split(sgn, rows)
    assert all(b["personal_id"] is not None for b in dom)
    assert all(b["personal_id"] is None for b in intl)
    assert all(b["checked_bags"] == 0 for b in rows)


def test_checked_bags_are_commoner_on_international_flights(sgn, bookings):
    dom, intl = _split(sgn, bookings)
    bagged_dom = sum(b["checked_bags"] > 0 for b in dom) / len(dom)
    bagged_intl = sum(b["checked_bags"] > 0 for b in intl) / len(intl)
    assert 0.40 < bagged_dom < 0.50 < 0.70 < bagged_intl < 0.80
    assert {b["checked_bags"] for b in bookings} == {0, 1, 2, 3}


def test_every_child_is_special_and_specials_are_about_six_percent(sgn, citizens, bookings):
    born = {c["personal_id"]: c["date_of_birth"] for c in citizens}
    local = ZoneInfo("Asia/Ho_Chi_Minh")
    children = 0
    for b in bookings:
        if b["personal_id"] is None:
            continue
        day = sgn[b["flight_index"]]["departure_time"].astimezone(local).date()
        dob = born[b["personal_id"]]
        age = day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
        if age < CHILD_AGE:
            children += 1
            assert b["special"], b
    specials = sum(b["special"] for b in bookings)
    assert children and specials > children
    assert abs(specials / len(bookings) - 0.06) < 0.002


def test_nobody_holds_two_bookings_when_the_population_is_large_enough(bookings):
    ids = [b["personal_id"] for b in bookings if b["personal_id"]]
    assert len(ids) == len(set(ids))


def test_a_small_population_repeats_citizens_across_flights_but_never_on_one(sgn):
    few = generate_citizens(150, seed=1)
    rows = generate_bookings(sgn[:12], few, seed=5)
    ids = [b["personal_id"] for b in rows if b["personal_id"]]
    assert len(ids) > len(set(ids))  # the day needed more citizens than exist
    for flight_rows in _by_flight(rows).values():
        on_board = [b["personal_id"] for b in flight_rows if b["personal_id"]]
        assert len(on_board) == len(set(on_board)) <= 150


def test_no_citizens_means_only_foreign_passengers(sgn):
    rows = generate_bookings(sgn[:2], [], seed=1)
    assert rows and all(b["personal_id"] is None for b in rows)


def test_same_seed_gives_the_same_bookings(sgn, citizens):
    first = generate_bookings(sgn[:15], citizens, seed=8)
    assert generate_bookings(sgn[:15], citizens, seed=8) == first
    assert generate_bookings(sgn[:15], citizens, seed=7) != first


@pytest.mark.parametrize(
    "kwargs",
    [
        {"load_factor": 1.2},
        {"load_factor": (0.9, 0.8)},
        {"foreign_share": -0.1},
        {"checked_bag_share": Share(0.5, 1.5)},
        {"special_share": 2.0},
    ],
)
def test_bad_shares_are_refused(sgn, kwargs):
    with pytest.raises(ValueError):
        generate_bookings(sgn[:1], [], seed=1, **kwargs)


def test_a_hand_added_flight_of_unknown_type_is_still_seated(citizens):
    flight = {
        "flight_no": "VN9999",
        "carrier": "VN",
        "origin": "SGN",
        "destination": "DLI",
        "departure_time": dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC),
        "gate": "7",
        "aircraft": "A220",
        "capacity": 125,
    }
    rows = generate_bookings([flight], citizens, seed=1, load_factor=1.0)
    seats = {b["seat"] for b in rows}
    assert len(rows) == len(seats) == 125 and "21E" in seats and "21F" not in seats
