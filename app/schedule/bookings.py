"""Bookings for a departure day: who sits where, with what bags.

`generate_bookings` fills the flights from `generate_flights` (or any dicts
with the same keys) with passengers and returns plain dicts keyed like the
`bookings` table; `flight_index` points into the flights list, to be mapped
to `flight_id` after the flights are inserted.

The shares, and the reasoning behind the defaults:
- Load factor: drawn per flight in [0.80, 0.95]; Vietnamese carriers
  reported ~80-90% through 2023-2024 and busy days run fuller.
- Foreign passport holders (`foreign_share`): ~4% of domestic passengers
  (tourists flying between Vietnamese resorts) and ~60% on international
  departures: Vietnam received ~17.6 million foreign visitors in 2024 against
  a few million outbound Vietnamese trips, so foreigners fill most
  international seats. They have no personal id and never enrol in VNeID.
- Vietnamese citizens on international flights travel on their passport
  (document_type "passport", nationality "VN") but keep their personal id on
  the booking: Vietnamese passports carry it and the registry still knows
  them. On domestic flights they travel on VNeID.
- Checked bags (`checked_bag_share`): ~45% of domestic passengers - the
  low-cost fares that carry half the domestic market include no hold bag,
  Vietnam Airlines' economy fares include 23 kg - and ~75% international.
  Of those with bags, most check one (domestic 80% one, 17% two, 3% three).
- Special passengers (`special_share`, ~6% in all): every child under 14 on
  the day of departure (children have no chip ID card by default and go to
  a counter with a parent), then adults drawn at random for assistance
  (wheelchairs, the elderly) and other ID documents, until the share is met.
- Citizens are drawn without replacement: nobody holds two bookings the same
  day unless the population is smaller than the day's citizen seats, and
  even then never twice on one flight (seats a population too small for
  one flight cannot fill go to foreign passport holders).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

import numpy as np

from app.schedule.airports import AIRPORTS, DESTINATIONS, VIETNAM_TZ
from app.schedule.fleet import layout_for, seat_map
from app.schedule.pnr import generate_pnrs
from app.schedule.travellers import foreign_travellers, vietnamese_passport_no

__all__ = [
    "BAG_COUNTS",
    "CHECKED_BAG_SHARE",
    "CHILD_AGE",
    "FOREIGN_SHARE",
    "LOAD_FACTOR",
    "SPECIAL_SHARE",
    "Share",
    "generate_bookings",
]


class Share(NamedTuple):
    """A share that differs between domestic and international flights."""

    domestic: float
    international: float


LOAD_FACTOR = (0.80, 0.95)
FOREIGN_SHARE = Share(domestic=0.04, international=0.60)
CHECKED_BAG_SHARE = Share(domestic=0.45, international=0.75)
SPECIAL_SHARE = 0.06
CHILD_AGE = 14
# P(1, 2, 3 bags | at least one bag).
BAG_COUNTS = Share(domestic=(0.80, 0.17, 0.03), international=(0.60, 0.33, 0.07))


def _as_share(name: str, value: float | Share) -> Share:
    share = value if isinstance(value, tuple) else Share(float(value), float(value))
    for part in share:
        if not 0.0 <= part <= 1.0:
            raise ValueError(f"{name} must lie in [0, 1], got {value}")
    return Share(*share)


def _load_bounds(load_factor: float | tuple[float, float]) -> tuple[float, float]:
    low, high = load_factor if isinstance(load_factor, tuple) else (load_factor, load_factor)
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"load_factor must be in [0, 1] (low <= high), got {load_factor}")
    return low, high


def _is_international(flight: Mapping) -> bool:
    """Known foreign destinations are international; unknown codes count as domestic."""
    known = DESTINATIONS.get(flight["destination"])
    return known is not None and known.country != "VN"


def _child_cutoff(flight: Mapping) -> int:
    """Ordinal of the latest birth date that is CHILD_AGE or older on departure day."""
    origin = AIRPORTS.get(flight["origin"])
    tz = ZoneInfo(origin.timezone if origin else VIETNAM_TZ)
    day = flight["departure_time"].astimezone(tz).date()
    try:
        return day.replace(year=day.year - CHILD_AGE).toordinal()
    except ValueError:  # 29 February
        return dt.date(day.year - CHILD_AGE, 2, 28).toordinal()


def _citizen_stream(
    rng: np.random.Generator, population: int, counts: np.ndarray
) -> list[np.ndarray]:
    """Citizen indices per flight: a shuffled pass over everyone, then another.

    A citizen appears twice in the day only when a pass runs out; a flight
    whose slice straddles two passes swaps repeated citizens for others.
    """
    total = int(counts.sum())
    passes = -(-total // population) if population else 0
    stream = np.concatenate([rng.permutation(population) for _ in range(passes)] or [[]])
    slices = np.split(stream[:total].astype(np.int64), np.cumsum(counts)[:-1])
    for i, chosen in enumerate(slices):
        _, first = np.unique(chosen, return_index=True)
        if len(first) < len(chosen):
            unused = np.setdiff1d(np.arange(population), chosen)
            repeat = np.setdiff1d(np.arange(len(chosen)), first)
            chosen = chosen.copy()
            chosen[repeat] = rng.choice(unused, size=len(repeat), replace=False)
            slices[i] = chosen
    return slices


def _bags(rng: np.random.Generator, international: bool, share: Share, n: int) -> np.ndarray:
    has_bag = rng.random(n) < (share.international if international else share.domestic)
    p = BAG_COUNTS.international if international else BAG_COUNTS.domestic
    return np.where(has_bag, rng.choice([1, 2, 3], size=n, p=p), 0)


def generate_bookings(
    flights: Sequence[Mapping],
    citizens: Sequence[Mapping],
    *,
    seed: int,
    load_factor: float | tuple[float, float] = LOAD_FACTOR,
    foreign_share: float | Share = FOREIGN_SHARE,
    checked_bag_share: float | Share = CHECKED_BAG_SHARE,
    special_share: float = SPECIAL_SHARE,
    taken_pnrs: Collection[str] = (),
) -> list[dict]:
    """Bookings for `flights` as dicts with keys pnr, flight_index, personal_id,
    full_name, document_type, document_no, nationality, seat, checked_bags, special.

    `load_factor` is one value or a (low, high) range drawn per flight; the
    shares take one value or a `Share(domestic, international)`. Flights need
    the keys of `generate_flights`; citizens those of `generate_citizens`
    (personal_id, full_name, date_of_birth). No flight is ever booked beyond
    its capacity, seats are unique per flight, PNRs unique and not in
    `taken_pnrs`. The same inputs and seed give the same bookings.
    """
    low, high = _load_bounds(load_factor)
    foreign = _as_share("foreign_share", foreign_share)
    bags_share = _as_share("checked_bag_share", checked_bag_share)
    _as_share("special_share", special_share)
    rng = np.random.default_rng(seed)

    international = np.array([_is_international(f) for f in flights], dtype=bool)
    capacity = np.array([int(f["capacity"]) for f in flights], dtype=np.int64)
    booked = np.minimum(capacity, np.rint(capacity * rng.uniform(low, high, len(flights))))
    booked = booked.astype(np.int64)
    foreign_p = np.where(international, foreign.international, foreign.domestic)
    n_foreign = rng.binomial(booked, foreign_p) if len(flights) else booked
    # Nobody sits on one flight twice: seats a tiny population cannot fill go to visitors.
    n_foreign = np.maximum(n_foreign, booked - len(citizens))
    picks = _citizen_stream(rng, len(citizens), booked - n_foreign)

    ids = [c["personal_id"] for c in citizens]
    names = [c["full_name"] for c in citizens]
    born = np.array([c["date_of_birth"].toordinal() for c in citizens], dtype=np.int64)

    rows: list[dict] = []
    child: list[bool] = []
    for index, flight in enumerate(flights):
        rows_before = len(rows)
        intl = bool(international[index])
        chosen = picks[index]
        for i in chosen.tolist():
            pid = ids[i]
            rows.append(
                {
                    "flight_index": index,
                    "personal_id": pid,
                    "full_name": names[i],
                    "document_type": "passport" if intl else "vneid",
                    "document_no": vietnamese_passport_no(pid) if intl else pid,
                    "nationality": "VN",
                }
            )
        child += (born[chosen] > _child_cutoff(flight)).tolist()
        home = DESTINATIONS[flight["destination"]].country if intl else None
        for name, nationality, number in foreign_travellers(rng, int(n_foreign[index]), home):
            rows.append(
                {
                    "flight_index": index,
                    "personal_id": None,
                    "full_name": name,
                    "document_type": "passport",
                    "document_no": number,
                    "nationality": nationality,
                }
            )
        child += [False] * int(n_foreign[index])
        count = len(rows) - rows_before
        seats = seat_map(layout_for(flight["carrier"], flight["aircraft"], int(flight["capacity"])))
        order = rng.permutation(len(seats))[:count]
        bags = _bags(rng, intl, bags_share, count)
        for row, seat, n_bags in zip(
            rows[rows_before:], order.tolist(), bags.tolist(), strict=True
        ):
            row["seat"] = seats[seat]
            row["checked_bags"] = n_bags

    _mark_special(rng, rows, np.array(child, dtype=bool), special_share)
    for row, pnr in zip(rows, generate_pnrs(rng, len(rows), taken=taken_pnrs), strict=True):
        row["pnr"] = pnr
    keys = ("pnr", "flight_index", "personal_id", "full_name", "document_type", "document_no",
            "nationality", "seat", "checked_bags", "special")  # fmt: skip
    return [{k: row[k] for k in keys} for row in rows]


def _mark_special(
    rng: np.random.Generator, rows: list[dict], child: np.ndarray, special_share: float
) -> None:
    """Children are special; adults are drawn until the day's share reaches `special_share`."""
    n = len(rows)
    adults = np.flatnonzero(~child)
    extra = max(0, round(special_share * n) - int(child.sum()))
    special = child.copy()
    special[rng.choice(adults, size=min(extra, len(adults)), replace=False)] = True
    for row, flag in zip(rows, special.tolist(), strict=True):
        row["special"] = flag
