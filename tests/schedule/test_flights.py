"""One airport's departure day: timetable shape, aircraft, numbers and gates."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from app.schedule import BOARDING_CLOSES_BEFORE, BOARDING_OPENS_BEFORE, boarding_window
from app.schedule.airports import AIRPORTS, DESTINATIONS, is_international, route_kind
from app.schedule.fleet import AIRCRAFT_SEAT_RANGE, CARRIERS, layout_for, seat_map
from app.schedule.flights import TYPICAL_LOAD_FACTOR, generate_flights

DAY = dt.date(2026, 12, 1)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
KEYS = {"flight_no", "carrier", "origin", "destination", "departure_time", "gate", "aircraft",
        "capacity"}  # fmt: skip


@pytest.fixture(scope="module")
def days() -> dict[str, list[dict]]:
    return {code: generate_flights(code, DAY, seed=5) for code in AIRPORTS}


def _hours(flights: list[dict]) -> Counter:
    return Counter(f["departure_time"].astimezone(LOCAL).hour for f in flights)


def test_rows_have_exactly_the_flight_columns(days):
    for code, flights in days.items():
        assert flights, code
        for f in flights:
            assert set(f) == KEYS
            assert f["origin"] == code and f["destination"] in DESTINATIONS
            assert f["carrier"] in CARRIERS and f["flight_no"].startswith(f["carrier"])
            assert re.fullmatch(r"[A-Z0-9]{2}\d{3,4}", f["flight_no"])
            assert isinstance(f["gate"], str) and isinstance(f["capacity"], int)


def test_departures_are_aware_utc_within_the_local_day_in_order(days):
    for flights in days.values():
        times = [f["departure_time"] for f in flights]
        assert times == sorted(times)
        assert all(t.utcoffset() == dt.timedelta(0) for t in times)
        assert all(t.astimezone(LOCAL).date() == DAY for t in times)
        assert all(t.minute % 5 == 0 for t in times)


@pytest.mark.parametrize("code", ["SGN", "HAN"])
def test_morning_and_evening_banks_stand_above_midday(code):
    # Pooled over a few days so that one day's noise cannot hide or fake a bank.
    hours = sum((_hours(generate_flights(code, DAY, seed=seed)) for seed in range(4)), Counter())

    def per_hour(first: int, last: int) -> float:
        return sum(hours[h] for h in range(first, last + 1)) / (last - first + 1)

    midday = per_hour(11, 14)
    assert per_hour(6, 8) > 1.3 * midday
    assert per_hour(17, 19) > 1.3 * midday
    assert per_hour(1, 4) < 0.1 * midday


def test_hardly_anything_departs_in_the_small_hours(days):
    for code in ("SGN", "HAN", "DAD"):
        hours = _hours(days[code])
        night = sum(hours[h] for h in range(1, 5))
        assert night <= 0.02 * len(days[code]), code
        assert hours[3] + hours[4] == 0


@pytest.mark.parametrize("code", ["SGN", "HAN"])
def test_big_airports_offer_seats_for_60_to_100k_departing_passengers(days, code):
    seats = sum(f["capacity"] for f in days[code])
    assert 60_000 <= seats * TYPICAL_LOAD_FACTOR <= 100_000
    assert 300 <= len(days[code]) <= 600


def test_target_pax_scales_the_day():
    flights = generate_flights("SGN", DAY, seed=5, target_pax=10_000)
    expected = sum(f["capacity"] for f in flights) * TYPICAL_LOAD_FACTOR
    assert 10_000 <= expected <= 10_000 + 2 * 400  # overshoots by at most a wide-body per half
    assert generate_flights("SGN", DAY, seed=5, target_pax=0) == []


def test_sgn_han_is_the_busiest_route(days):
    sgn = Counter(f["destination"] for f in days["SGN"])
    han = Counter(f["destination"] for f in days["HAN"])
    assert sgn.most_common(1)[0][0] == "HAN" and han.most_common(1)[0][0] == "SGN"
    assert sgn["HAN"] > 2 * sgn["DAD"]


def test_international_share_follows_the_airport(days):
    for code in ("SGN", "HAN", "CXR"):
        flights = days[code]
        seats = sum(f["capacity"] for f in flights)
        intl = sum(f["capacity"] for f in flights if is_international(f["destination"]))
        assert abs(intl / seats - AIRPORTS[code].international_share) < 0.08, code
    assert not any(is_international(f["destination"]) for f in days["VII"])


def test_carriers_have_realistic_shares_at_sgn(days):
    domestic = [f for f in days["SGN"] if not is_international(f["destination"])]
    share = Counter(f["carrier"] for f in domestic)
    assert share["VJ"] + share["VN"] > 0.75 * len(domestic)
    assert share["VU"] < share["QH"] < share["VN"]


def test_capacity_is_the_layout_and_within_the_type_range(days):
    for flights in days.values():
        for f in flights:
            layout = layout_for(f["carrier"], f["aircraft"])
            low, high = AIRCRAFT_SEAT_RANGE[f["aircraft"]]
            assert f["capacity"] == layout.capacity == len(set(seat_map(layout)))
            assert low <= f["capacity"] <= high


def test_named_types_seat_as_published():
    assert layout_for("VN", "A321").capacity == 184
    assert 180 <= layout_for("VJ", "A321").capacity <= 230
    assert layout_for("VN", "ATR72").capacity == 68
    assert 270 <= layout_for("VN", "B787-9").capacity <= 300
    assert 300 <= layout_for("VN", "A350-900").capacity <= 310


def test_regional_routes_fly_turboprops_or_regional_jets(days):
    regional = [
        f
        for fl in days.values()
        for f in fl
        if route_kind(f["origin"], f["destination"]) == "regional"
    ]
    assert regional
    assert {f["aircraft"] for f in regional} <= {"ATR72", "E190"}
    long_haul = [
        f for fl in days.values() for f in fl if DESTINATIONS[f["destination"]].kind == "long"
    ]
    assert {f["aircraft"] for f in long_haul} <= {"A350-900", "B787-9", "A330"}


def test_a_flight_number_is_never_used_twice_on_one_day_across_airports(days):
    numbers = [f["flight_no"] for flights in days.values() for f in flights]
    assert len(numbers) == len(set(numbers))


def _assert_no_gate_conflict(flights: list[dict]) -> None:
    by_gate: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for f in flights:
        by_gate.setdefault(f["gate"], []).append(boarding_window(f["departure_time"]))
    for gate, windows in by_gate.items():
        windows.sort()
        for (_, closes), (opens, _) in pairwise(windows):
            assert closes <= opens, gate


def test_no_two_flights_share_a_gate_while_boarding(days):
    for flights in days.values():
        _assert_no_gate_conflict(flights)


def test_gates_belong_to_the_right_terminal(days):
    for code, flights in days.items():
        airport = AIRPORTS[code]
        for f in flights:
            if is_international(f["destination"]):
                assert f["gate"] in airport.international_gates or f["gate"].startswith("R")
            else:
                assert f["gate"] in airport.domestic_gates or f["gate"].startswith("B")


def test_an_overloaded_airport_opens_bus_gates_without_conflicts():
    flights = generate_flights("VCA", DAY, seed=1, target_pax=40_000)
    gates = {f["gate"] for f in flights}
    assert gates - set(AIRPORTS["VCA"].gates)  # more gates than the terminal has
    _assert_no_gate_conflict(flights)
    assert len({f["flight_no"] for f in flights}) == len(flights)


def test_boarding_window_opens_40_and_closes_15_minutes_before_departure():
    departure = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    minute = dt.timedelta(minutes=1)
    assert (BOARDING_OPENS_BEFORE // minute, BOARDING_CLOSES_BEFORE // minute) == (40, 15)
    assert boarding_window(departure) == (
        dt.datetime(2026, 12, 1, 0, 20, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 1, 0, 45, tzinfo=dt.UTC),
    )


def test_same_seed_and_date_repeat_the_day_and_other_dates_differ(days):
    assert generate_flights("DAD", DAY, seed=5) == days["DAD"]
    assert generate_flights("DAD", DAY + dt.timedelta(days=1), seed=5) != days["DAD"]
    assert generate_flights("DAD", DAY, seed=6) != days["DAD"]


def test_an_unknown_airport_is_refused():
    with pytest.raises(ValueError, match="unknown airport 'XXX'"):
        generate_flights("XXX", DAY, seed=1)
