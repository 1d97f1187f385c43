"""One airport's departure day: flights with times, gates, aircraft and seats.

`generate_flights` returns plain dicts keyed like the `flights` table
(flight_no, carrier, origin, destination, departure_time, gate, aircraft,
capacity), sorted by departure time. Departure times are aware UTC
datetimes; the day is the airport's local calendar day (Asia/Ho_Chi_Minh,
UTC+7), so it starts at 17:00 UTC the day before.

The day is built by drawing flights until their expected passengers (seats x
TYPICAL_LOAD_FACTOR) reach the target, domestic and international separately.
Departure hours follow a busy Vietnamese airport's profile: a morning bank
(06-09), a softer midday, an evening bank (17-21) and a late-night wave of
international departures to North-East Asia and Europe, with almost nothing
between 01:00 and 05:00. Minutes are multiples of 5, as in timetables.

Gates: each flight holds its gate from boarding opening (40 min before
departure) until GATE_RELEASE_AFTER departure, so no two flights ever share a
gate with overlapping boarding windows. Contact gates are preferred; bus
gates absorb the peaks.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator, Sequence
from zoneinfo import ZoneInfo

import numpy as np

from app.schedule.airports import AIRPORTS, DESTINATIONS, Airport, route_kind
from app.schedule.fleet import CARRIERS

__all__ = [
    "BOARDING_CLOSES_BEFORE",
    "BOARDING_OPENS_BEFORE",
    "DOMESTIC_HOURLY",
    "GATE_RELEASE_AFTER",
    "INTERNATIONAL_HOURLY",
    "TYPICAL_LOAD_FACTOR",
    "boarding_window",
    "generate_flights",
]

BOARDING_OPENS_BEFORE = dt.timedelta(minutes=40)
BOARDING_CLOSES_BEFORE = dt.timedelta(minutes=15)
# The aircraft pushes back at departure; the gate is free again a little later.
GATE_RELEASE_AFTER = dt.timedelta(minutes=5)
# Vietnamese carriers reported load factors of ~80-90% in 2023-2024; busy days run higher.
TYPICAL_LOAD_FACTOR = 0.875

# Relative departures per local hour 00..23.
DOMESTIC_HOURLY = (
    1.0, 0.2, 0.0, 0.0, 0.0, 2.5, 7.5, 8.5, 8.0, 6.0, 5.0, 4.0,
    3.5, 3.5, 4.0, 5.0, 6.0, 7.0, 8.0, 8.0, 6.5, 5.0, 3.5, 2.0,
)  # fmt: skip
INTERNATIONAL_HOURLY = (
    4.0, 1.5, 0.3, 0.0, 0.0, 0.3, 2.0, 4.0, 5.0, 5.0, 4.5, 4.0,
    3.5, 3.0, 3.0, 3.0, 3.0, 3.5, 3.5, 3.5, 4.0, 4.5, 5.5, 6.5,
)  # fmt: skip

_UTC = dt.UTC


def boarding_window(departure_time: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """(opens, closes) for a departure: 40 and 15 minutes before it."""
    return departure_time - BOARDING_OPENS_BEFORE, departure_time - BOARDING_CLOSES_BEFORE


def _weighted(rng: np.random.Generator, pairs: Sequence[tuple[str, float]]) -> str:
    labels, weights = zip(*pairs, strict=True)
    p = np.asarray(weights, dtype=float)
    return labels[rng.choice(len(labels), p=p / p.sum())]


def _draw_flight(
    rng: np.random.Generator, airport: Airport, routes: Sequence[tuple[str, float]]
) -> tuple[str, str, str, int]:
    """(destination, carrier, aircraft, capacity) for one new flight."""
    destination = _weighted(rng, routes)
    kind = route_kind(airport.iata, destination)
    allowed = [
        (code, CARRIERS[code].share[kind])
        for code in DESTINATIONS[destination].carriers
        if kind in CARRIERS[code].share
    ]
    carrier = CARRIERS[_weighted(rng, allowed)]
    aircraft = _weighted(rng, carrier.fleet[kind])
    return destination, carrier.code, aircraft, carrier.layouts[aircraft].capacity


def _departure(
    rng: np.random.Generator, day: dt.date, hourly: Sequence[float], tz: ZoneInfo
) -> dt.datetime:
    p = np.asarray(hourly, dtype=float)
    hour = int(rng.choice(24, p=p / p.sum()))
    minute = 5 * int(rng.integers(0, 12))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz).astimezone(_UTC)


def _flight_numbers(airport: Airport, international: bool) -> Iterator[int]:
    """Flight numbers for one carrier's departures from `airport`, in order.

    The airport's hundreds-blocks first, then a 4-digit overflow block that
    belongs to this airport alone.
    """
    blocks = (
        airport.international_number_blocks if international else airport.domestic_number_blocks
    )
    index = list(AIRPORTS).index(airport.iata)
    overflow = (40 + 5 * index + (4 if international else 0),)
    for block in blocks + overflow:
        yield from range(block * 100 + 1, block * 100 + 100)
    raise ValueError(f"flight numbers exhausted at {airport.iata}")


def _assign_gates(flights: list[dict], airport: Airport, rng: np.random.Generator) -> None:
    """Give each flight (sorted by departure) a free gate of its terminal.

    A gate is busy from boarding opening until GATE_RELEASE_AFTER departure.
    Among free contact gates one is picked at random (airports spread
    stands); the first free bus gate ("B"/"R") only when no contact gate is
    free; and if even those run out, another bus gate opens.
    """
    free_at: dict[str, dt.datetime] = {}
    for flight in flights:
        international = DESTINATIONS[flight["destination"]].country != "VN"
        pool = airport.international_gates if international else airport.domestic_gates
        opens, _ = boarding_window(flight["departure_time"])
        free = [g for g in pool if free_at.get(g, opens) <= opens]
        contact = [g for g in free if g[0].isdigit()]
        if contact:
            gate = contact[int(rng.integers(0, len(contact)))]
        elif free:
            gate = free[0]
        else:
            prefix = "R" if international else "B"
            extra = sum(1 for g in free_at if g.startswith(prefix)) + 1
            gate = f"{prefix}{extra}"
            while gate in pool or gate in free_at:
                extra += 1
                gate = f"{prefix}{extra}"
        flight["gate"] = gate
        free_at[gate] = flight["departure_time"] + GATE_RELEASE_AFTER


def generate_flights(
    airport: str, date: dt.date, *, seed: int, target_pax: int | None = None
) -> list[dict]:
    """The departures of `airport` (IATA) on local `date`, sorted by departure time.

    `target_pax` (default: the airport's busy-day figure) is the expected
    number of departing passengers at TYPICAL_LOAD_FACTOR; bookings at the
    default load factors land within a few percent of it. The same airport,
    date and seed always give the same day.
    """
    if airport not in AIRPORTS:
        raise ValueError(f"unknown airport {airport!r}; known: {', '.join(AIRPORTS)}")
    info = AIRPORTS[airport]
    target = info.daily_departing_pax if target_pax is None else target_pax
    if target < 0:
        raise ValueError(f"target_pax must be >= 0, got {target}")
    tz = ZoneInfo(info.timezone)
    rng = np.random.default_rng([seed, zlib.crc32(airport.encode()), date.toordinal()])

    flights: list[dict] = []
    for international in (False, True):
        share = info.international_share if international else 1 - info.international_share
        routes = info.international_routes if international else info.domestic_routes
        hourly = INTERNATIONAL_HOURLY if international else DOMESTIC_HOURLY
        expected = 0.0
        while routes and expected < target * share:
            destination, carrier, aircraft, capacity = _draw_flight(rng, info, routes)
            flights.append(
                {
                    "carrier": carrier,
                    "origin": airport,
                    "destination": destination,
                    "departure_time": _departure(rng, date, hourly, tz),
                    "aircraft": aircraft,
                    "capacity": capacity,
                }
            )
            expected += capacity * TYPICAL_LOAD_FACTOR

    flights.sort(key=lambda f: (f["departure_time"], f["carrier"], f["destination"]))
    numbers: dict[tuple[str, bool], Iterator[int]] = {}
    for flight in flights:
        key = (flight["carrier"], DESTINATIONS[flight["destination"]].country != "VN")
        if key not in numbers:
            numbers[key] = _flight_numbers(info, key[1])
        flight["flight_no"] = f"{flight['carrier']}{next(numbers[key])}"
    _assign_gates(flights, info, rng)
    keys = ("flight_no", "carrier", "origin", "destination", "departure_time", "gate",
            "aircraft", "capacity")  # fmt: skip
    return [{k: f[k] for k in keys} for f in flights]
