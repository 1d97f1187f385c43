"""Reference data for the departure-day generator: airports, routes and gates.

The nine Vietnamese airports SkyGate can simulate as the departure airport,
plus every destination their flights serve (other Vietnamese airports and
international ones). Numbers are plausible busy-day figures, not a published
timetable:

- `daily_departing_pax`: departing passengers on a busy day. Tân Sơn Nhất
  handled ~41 million passengers in 2024 and Nội Bài ~29 million (arrivals
  plus departures), i.e. ~56k and ~40k departures on an average day; peak
  days (Tết, summer) run 30-60% above that, hence ~78k and ~65k here.
- `international_share`: share of departing passengers on international
  flights (SGN ~0.3, HAN ~0.4, the resort airports higher).
- Route weights: relative share of departing passengers per destination;
  SGN-HAN is one of the world's busiest domestic routes and dominates both.
- Gates: contact gates for each terminal, then bus gates ("B..." domestic,
  "R..." international) used when every contact gate is taken, as both big
  airports do at peaks. Labels are unique within an airport.

All Vietnamese airports keep Asia/Ho_Chi_Minh time (UTC+7, no daylight saving).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AIRPORTS",
    "DESTINATIONS",
    "Airport",
    "Destination",
    "RouteKind",
    "VIETNAM_TZ",
    "is_international",
    "route_kind",
]

VIETNAM_TZ = "Asia/Ho_Chi_Minh"

# trunk: SGN<->HAN; domestic: other Vietnamese routes; regional: short,
# thin routes flown by turboprops and regional jets; short/medium/long:
# international by stage length (< 4 h, 4-7 h, > 7 h).
RouteKind = Literal["trunk", "domestic", "regional", "short", "medium", "long"]


@dataclass(frozen=True, slots=True)
class Destination:
    """An airport a flight can go to; `carriers` limits who flies there."""

    iata: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    kind: RouteKind
    carriers: tuple[str, ...] = ("VN", "VJ", "QH", "VU")


@dataclass(frozen=True, slots=True)
class Airport:
    """A Vietnamese departure airport and its busy-day profile."""

    iata: str
    name: str
    city: str
    daily_departing_pax: int
    international_share: float
    domestic_routes: tuple[tuple[str, float], ...]
    international_routes: tuple[tuple[str, float], ...]
    domestic_gates: tuple[str, ...]
    international_gates: tuple[str, ...]
    # Hundreds-blocks of flight numbers for departures from here (e.g. 2 ->
    # 200-299, 13 -> 1300-1399); disjoint across airports, so one carrier
    # never uses the same number at two airports on the same day.
    domestic_number_blocks: tuple[int, ...]
    international_number_blocks: tuple[int, ...]
    timezone: str = VIETNAM_TZ

    @property
    def gates(self) -> tuple[str, ...]:
        return self.domestic_gates + self.international_gates


def _dom(iata: str, city: str, kind: RouteKind = "domestic", **kw: tuple[str, ...]) -> Destination:
    return Destination(iata, city, "VN", kind, **kw)


_VN_VJ = ("VN", "VJ")
DESTINATIONS: dict[str, Destination] = {
    d.iata: d
    for d in (
        _dom("HAN", "Hà Nội"),
        _dom("SGN", "TP Hồ Chí Minh"),
        _dom("DAD", "Đà Nẵng"),
        _dom("CXR", "Nha Trang (Cam Ranh)"),
        _dom("PQC", "Phú Quốc"),
        _dom("HPH", "Hải Phòng"),
        _dom("VCA", "Cần Thơ"),
        _dom("HUI", "Huế"),
        _dom("VII", "Vinh"),
        _dom("DLI", "Đà Lạt"),
        _dom("BMV", "Buôn Ma Thuột"),
        _dom("UIH", "Quy Nhơn"),
        _dom("PXU", "Pleiku"),
        _dom("THD", "Thanh Hóa"),
        _dom("VDH", "Đồng Hới"),
        _dom("TBB", "Tuy Hòa"),
        _dom("VCL", "Chu Lai"),
        _dom("VDO", "Quảng Ninh (Vân Đồn)"),
        _dom("VCS", "Côn Đảo", "regional", carriers=("VN", "QH")),
        _dom("CAH", "Cà Mau", "regional", carriers=("VN",)),
        _dom("DIN", "Điện Biên Phủ", "regional", carriers=("VN",)),
        Destination("ICN", "Seoul Incheon", "KR", "medium"),
        Destination("PUS", "Busan", "KR", "medium", _VN_VJ),
        Destination("NRT", "Tokyo Narita", "JP", "medium", _VN_VJ),
        Destination("KIX", "Osaka Kansai", "JP", "medium", _VN_VJ),
        Destination("PVG", "Shanghai Pudong", "CN", "medium", _VN_VJ),
        Destination("CAN", "Guangzhou", "CN", "short", _VN_VJ),
        Destination("HKG", "Hong Kong", "HK", "short", ("VN", "VJ", "QH")),
        Destination("TPE", "Taipei Taoyuan", "TW", "short"),
        Destination("BKK", "Bangkok Suvarnabhumi", "TH", "short"),
        Destination("SIN", "Singapore", "SG", "short"),
        Destination("KUL", "Kuala Lumpur", "MY", "short", _VN_VJ),
        Destination("SYD", "Sydney", "AU", "long", _VN_VJ),
        Destination("MEL", "Melbourne", "AU", "long", _VN_VJ),
        Destination("CDG", "Paris Charles de Gaulle", "FR", "long", ("VN",)),
        Destination("FRA", "Frankfurt", "DE", "long", ("VN",)),
        Destination("LHR", "London Heathrow", "GB", "long", ("VN",)),
    )
}


def _gates(first: int, last: int, prefix: str = "") -> tuple[str, ...]:
    return tuple(f"{prefix}{n}" for n in range(first, last + 1))


AIRPORTS: dict[str, Airport] = {
    a.iata: a
    for a in (
        Airport(
            "SGN", "Tân Sơn Nhất International Airport", "TP Hồ Chí Minh", 78_000, 0.32,
            (("HAN", 34), ("DAD", 13), ("PQC", 6), ("HPH", 6), ("VII", 6), ("THD", 5),
             ("CXR", 5), ("HUI", 5), ("DLI", 3), ("BMV", 3), ("UIH", 3), ("VDH", 2),
             ("PXU", 2), ("TBB", 1.5), ("VDO", 1.5), ("VCL", 1), ("VCS", 1.5), ("CAH", 1)),
            (("ICN", 16), ("BKK", 10), ("SIN", 10), ("TPE", 8), ("KUL", 7), ("NRT", 6),
             ("HKG", 6), ("PVG", 5), ("KIX", 4), ("CAN", 4), ("PUS", 4), ("SYD", 3),
             ("MEL", 3), ("CDG", 2), ("FRA", 2), ("LHR", 1)),
            _gates(1, 18) + _gates(40, 53) + _gates(1, 12, "B"),
            _gates(20, 33) + _gates(1, 6, "R"),
            (2, 13, 14, 15), (5, 6, 7),
        ),
        Airport(
            "HAN", "Nội Bài International Airport", "Hà Nội", 65_000, 0.40,
            (("SGN", 40), ("DAD", 12), ("CXR", 7), ("PQC", 7), ("HUI", 4), ("DLI", 4),
             ("VCA", 3), ("UIH", 3), ("BMV", 2.5), ("PXU", 2), ("TBB", 1.5), ("VCL", 1),
             ("DIN", 1)),
            (("ICN", 18), ("BKK", 8), ("TPE", 7), ("NRT", 7), ("HKG", 6), ("PVG", 6),
             ("CAN", 6), ("SIN", 5), ("PUS", 5), ("KIX", 4), ("KUL", 4), ("CDG", 2),
             ("FRA", 2), ("LHR", 1.5), ("SYD", 1.5), ("MEL", 1)),
            _gates(1, 22) + _gates(1, 10, "B"),
            _gates(30, 45) + _gates(1, 6, "R"),
            (1, 11, 12, 16), (3, 4, 8),
        ),
        Airport(
            "DAD", "Đà Nẵng International Airport", "Đà Nẵng", 20_000, 0.40,
            (("SGN", 45), ("HAN", 40), ("HPH", 6), ("VCA", 3), ("PQC", 3), ("DLI", 2),
             ("CXR", 1)),
            (("ICN", 40), ("PUS", 15), ("TPE", 8), ("HKG", 6), ("BKK", 6), ("SIN", 6),
             ("PVG", 5), ("KUL", 5), ("NRT", 4), ("CAN", 4)),
            _gates(1, 10) + _gates(1, 4, "B"),
            _gates(11, 18) + _gates(1, 3, "R"),
            (17,), (9,),
        ),
        Airport(
            "CXR", "Cam Ranh International Airport", "Nha Trang", 14_000, 0.45,
            (("HAN", 50), ("SGN", 30), ("HPH", 8), ("VII", 5), ("DAD", 2), ("VCA", 3)),
            (("ICN", 45), ("PUS", 20), ("TPE", 8), ("HKG", 8), ("PVG", 8), ("CAN", 6)),
            _gates(1, 8) + _gates(1, 3, "B"),
            _gates(9, 15) + _gates(1, 3, "R"),
            (18,), (19,),
        ),
        Airport(
            "PQC", "Phú Quốc International Airport", "Phú Quốc", 9_000, 0.30,
            (("SGN", 45), ("HAN", 40), ("HPH", 5), ("VII", 4), ("VCA", 3), ("DAD", 3)),
            (("ICN", 35), ("PUS", 10), ("TPE", 12), ("SIN", 10), ("HKG", 8), ("BKK", 8),
             ("PVG", 8), ("KUL", 5)),
            _gates(1, 6) + _gates(1, 3, "B"),
            _gates(7, 10) + _gates(1, 2, "R"),
            (20,), (21,),
        ),
        Airport(
            "HPH", "Cát Bi International Airport", "Hải Phòng", 5_000, 0.05,
            (("SGN", 60), ("DAD", 12), ("CXR", 10), ("PQC", 10), ("DLI", 5), ("BMV", 3)),
            (("ICN", 100),),
            _gates(1, 5) + _gates(1, 2, "B"),
            _gates(6, 7) + _gates(1, 1, "R"),
            (22,), (23,),
        ),
        Airport(
            "VCA", "Cần Thơ International Airport", "Cần Thơ", 2_500, 0.03,
            (("HAN", 50), ("DAD", 15), ("HPH", 10), ("VII", 5), ("CXR", 5), ("PQC", 3)),
            (("TPE", 50), ("ICN", 50)),
            _gates(1, 3) + _gates(1, 2, "B"),
            _gates(4, 4) + _gates(1, 1, "R"),
            (24,), (25,),
        ),
        Airport(
            "HUI", "Phú Bài International Airport", "Huế", 3_500, 0.03,
            (("SGN", 55), ("HAN", 45)),
            (("BKK", 100),),
            _gates(1, 4) + _gates(1, 2, "B"),
            _gates(5, 5) + _gates(1, 1, "R"),
            (26,), (27,),
        ),
        Airport(
            "VII", "Vinh International Airport", "Vinh", 4_000, 0.0,
            (("SGN", 55), ("PQC", 10), ("CXR", 8), ("DLI", 7), ("BMV", 5), ("DAD", 5),
             ("VCA", 5)),
            (),
            _gates(1, 4) + _gates(1, 2, "B"),
            (),
            (28,), (29,),
        ),
    )
}  # fmt: skip


def is_international(destination: str) -> bool:
    """True when the destination lies outside Vietnam (KeyError if unknown)."""
    return DESTINATIONS[destination].country != "VN"


def route_kind(origin: str, destination: str) -> RouteKind:
    """The route's kind; SGN<->HAN is the trunk, the rest follow the destination."""
    if {origin, destination} == {"SGN", "HAN"}:
        return "trunk"
    return DESTINATIONS[destination].kind
