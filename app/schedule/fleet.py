"""Carriers, their aircraft and cabin layouts, and seat maps.

Four Vietnamese carriers: Vietnam Airlines (VN), Vietjet (VJ), Bamboo
Airways (QH) and Vietravel Airlines (VU). Market shares per route kind are
rounded from the Civil Aviation Authority of Vietnam's 2024 domestic
figures (Vietjet ~45-50%, the Vietnam Airlines group ~35-40%, Bamboo ~10%
after its 2024 shrinkage, Vietravel a few percent); international shares
count only these four, although foreign carriers fly there too.

Layouts are per carrier, because the same type seats differently: a
Vietnam Airlines A321 has 16 business + 168 economy = 184 seats, a Vietjet
A321 228 all-economy. Each layout is a list of cabins (first row, number of
rows, seat letters); the capacity is the number of seats in the layout, so a
seat label can never fall outside the aircraft.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.schedule.airports import RouteKind

__all__ = [
    "AIRCRAFT_SEAT_RANGE",
    "CARRIERS",
    "Cabin",
    "Carrier",
    "Layout",
    "layout_for",
    "seat_map",
]


@dataclass(frozen=True, slots=True)
class Cabin:
    first_row: int
    rows: int
    letters: str  # seats in one row, e.g. "ABCDEF" (3-3) or "ACDF" (2-2)


@dataclass(frozen=True, slots=True)
class Layout:
    aircraft: str
    cabins: tuple[Cabin, ...]

    @property
    def capacity(self) -> int:
        return sum(c.rows * len(c.letters) for c in self.cabins)


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name: str
    share: dict[RouteKind, float]  # relative weight among carriers per route kind
    fleet: dict[RouteKind, tuple[tuple[str, float], ...]]  # aircraft used per kind
    layouts: dict[str, Layout]


# Seat counts a type is flown with by airlines worldwide (min, max), to check layouts.
AIRCRAFT_SEAT_RANGE: dict[str, tuple[int, int]] = {
    "ATR72": (64, 78),
    "E190": (94, 114),
    "A320": (150, 186),
    "A320neo": (150, 194),
    "A321": (170, 236),
    "A321neo": (180, 244),
    "A330": (250, 440),
    "B787-9": (250, 310),
    "A350-900": (280, 340),
}

_J2 = "ACDF"  # narrow-body business, 2-2
_J4 = "ADGK"  # wide-body business, 1-2-1
_Y6 = "ABCDEF"  # 3-3
_Y8 = "ACDEFGHK"  # 2-4-2
_Y9 = "ABCDEGHJK"  # 3-3-3


def _layout(aircraft: str, *cabins: tuple[int, int, str]) -> Layout:
    return Layout(aircraft, tuple(Cabin(*c) for c in cabins))


CARRIERS: dict[str, Carrier] = {
    "VN": Carrier(
        "VN",
        "Vietnam Airlines",
        {"trunk": 40, "domestic": 38, "regional": 80, "short": 45, "medium": 50, "long": 80},
        {
            "trunk": (("A321", 0.5), ("A321neo", 0.25), ("A350-900", 0.15), ("B787-9", 0.10)),
            "domestic": (("A321", 0.6), ("A321neo", 0.4)),
            "regional": (("ATR72", 1.0),),
            "short": (("A321", 0.6), ("A321neo", 0.4)),
            "medium": (("A321neo", 0.3), ("A350-900", 0.35), ("B787-9", 0.35)),
            "long": (("A350-900", 0.5), ("B787-9", 0.5)),
        },
        {
            "A321": _layout("A321", (1, 4, _J2), (10, 28, _Y6)),  # 184
            "A321neo": _layout("A321neo", (1, 2, _J2), (10, 32, _Y6)),  # 200
            "B787-9": _layout("B787-9", (1, 7, _J4), (10, 27, _Y9)),  # 271
            "A350-900": _layout("A350-900", (1, 8, _J4), (10, 30, _Y9)),  # 302
            "ATR72": _layout("ATR72", (1, 17, _J2)),  # 68
        },
    ),
    "VJ": Carrier(
        "VJ",
        "Vietjet",
        {"trunk": 42, "domestic": 47, "short": 45, "medium": 45, "long": 20},
        {
            "trunk": (("A321", 0.5), ("A321neo", 0.35), ("A320", 0.1), ("A330", 0.05)),
            "domestic": (("A320", 0.4), ("A321", 0.45), ("A321neo", 0.15)),
            "short": (("A320", 0.5), ("A321", 0.5)),
            "medium": (("A321neo", 0.6), ("A321", 0.3), ("A330", 0.1)),
            "long": (("A330", 1.0),),
        },
        {
            "A320": _layout("A320", (1, 30, _Y6)),  # 180
            "A321": _layout("A321", (1, 38, _Y6)),  # 228
            "A321neo": _layout("A321neo", (1, 40, _Y6)),  # 240
            "A330": _layout("A330", (1, 47, _Y8)),  # 376
        },
    ),
    "QH": Carrier(
        "QH",
        "Bamboo Airways",
        {"trunk": 12, "domestic": 10, "regional": 20, "short": 5, "medium": 5},
        {
            "trunk": (("A321", 0.6), ("A320neo", 0.25), ("B787-9", 0.15)),
            "domestic": (("A320neo", 0.6), ("A321", 0.4)),
            "regional": (("E190", 1.0),),
            "short": (("A320neo", 0.5), ("A321", 0.5)),
            "medium": (("B787-9", 0.5), ("A321", 0.5)),
        },
        {
            "A320neo": _layout("A320neo", (1, 2, _J2), (3, 28, _Y6)),  # 176
            "A321": _layout("A321", (1, 4, _J2), (5, 28, _Y6)),  # 184
            "B787-9": _layout("B787-9", (1, 7, _J4), (10, 30, _Y9)),  # 298
            "E190": _layout("E190", (1, 24, _J2)),  # 96
        },
    ),
    "VU": Carrier(
        "VU",
        "Vietravel Airlines",
        {"trunk": 6, "domestic": 5, "short": 5},
        {
            "trunk": (("A321", 0.7), ("A320", 0.3)),
            "domestic": (("A321", 0.6), ("A320", 0.4)),
            "short": (("A321", 1.0),),
        },
        {
            "A320": _layout("A320", (1, 30, _Y6)),  # 180
            "A321": _layout("A321", (1, 36, _Y6)),  # 216
        },
    ),
}


def layout_for(carrier: str, aircraft: str, capacity: int | None = None) -> Layout:
    """The carrier's layout for `aircraft`.

    A flight added by hand may name a type or carrier not in the tables, or a
    different capacity: it gets a plain 3-3 economy layout of `capacity` seats
    (the last row partly filled), so bookings can still be seated.
    """
    known = CARRIERS.get(carrier)
    layout = known.layouts.get(aircraft) if known else None
    if layout is not None and (capacity is None or capacity == layout.capacity):
        return layout
    if capacity is None or capacity <= 0:
        raise ValueError(f"no layout for {carrier} {aircraft}; give a positive capacity")
    rows, rest = divmod(capacity, len(_Y6))
    cabins = [(1, rows, _Y6)] if rows else []
    if rest:
        cabins.append((rows + 1, 1, _Y6[:rest]))
    return _layout(aircraft, *cabins)


@cache
def seat_map(layout: Layout) -> tuple[str, ...]:
    """Every seat label of the layout, front to back ("1A", "1C", ..., "37F")."""
    return tuple(
        f"{row}{letter}"
        for cabin in layout.cabins
        for row in range(cabin.first_row, cabin.first_row + cabin.rows)
        for letter in cabin.letters
    )
