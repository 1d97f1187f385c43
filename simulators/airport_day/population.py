"""The day's passengers: who they are, when they come, which channel each takes.

Flights, citizens and bookings come from the foundation's generators with
the same seeds `skygate seed` uses, so a simulated day and a seeded service
day with the same airport, date and seed hold the same people.

Channels, by the rules in force since 1 Dec 2025:

- *eligible* for biometrics: a booking on VNeID (domestic flight), an
  active level-2 account, not a special passenger (children have no chip
  ID; assistance and other documents go to a counter). Passport bookings —
  foreigners and Vietnamese citizens flying abroad — never are: they go to a
  counter and the manual lanes;
- an eligible passenger goes biometric with probability `adoption`, decided
  by one uniform draw per passenger, so a higher adoption adds travellers to
  the biometric group and never swaps them (common random numbers between
  scenarios);
- biometric travellers enrol in the VNeID app before coming (share
  `app_enrol_share`), or else at the kiosk, or at the counter if they check
  bags;
- everyone with bags, special needs or a passport checks in at a counter,
  except online-checked-in passengers with bags, who use bag drop; the
  rest check in online or at a kiosk.

Every random quantity is drawn per passenger up front from generators
seeded by (seed, purpose), so two scenarios with the same seed share
passengers, arrival times and service times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from app.registry.population import generate_citizens
from app.schedule import generate_bookings, generate_flights
from app.schedule.airports import DESTINATIONS
from simulators.airport_day.config import DayConfig, Timing

__all__ = ["CHECKIN", "ENROL", "Day", "build_day"]

# Check-in channels and enrolment channels (codes in the arrays).
CHECKIN = ("online", "kiosk", "counter", "bag_drop")
ENROL = ("none", "app", "kiosk", "counter")


def _rng(seed: int, purpose: str) -> np.random.Generator:
    return np.random.default_rng([seed, *purpose.encode()])


def _lognormal(rng: np.random.Generator, timing: Timing, n: int) -> np.ndarray:
    if timing.cv == 0:
        return np.full(n, timing.mean)
    mu, sigma = timing.lognormal()
    return rng.lognormal(mu, sigma, n)


@dataclass
class Day:
    """Flights and per-passenger arrays (index = passenger number)."""

    config: DayConfig
    start: dt.datetime  # simulation time 0 (UTC)
    flights: list[dict]
    flight_departure: np.ndarray  # seconds from start
    # per passenger
    pnr: list[str]
    face_key: list[str]  # personal id, or "passport:<pnr>"
    personal_id: list[str | None]
    flight: np.ndarray
    international: np.ndarray  # the flight leaves Vietnam
    vneid: np.ndarray  # the booking is on VNeID (else a passport)
    bags: np.ndarray
    special: np.ndarray
    eligible: np.ndarray
    adopt_u: np.ndarray
    online_u: np.ndarray
    app_u: np.ndarray
    arrival: np.ndarray  # seconds from start
    app_enrol_at: np.ndarray  # seconds from start (if enrolling in the app)
    to_gate_offset: np.ndarray  # seconds after boarding opens
    times: dict[str, np.ndarray]  # per-passenger service-time draws by step
    events_u: np.ndarray  # (n, 3): wrong gate, tailgate at security, tailgate at boarding

    @property
    def n(self) -> int:
        return len(self.pnr)

    def biometric(self, adoption: float) -> np.ndarray:
        return self.eligible & (self.adopt_u < adoption)

    def channels(self, adoption: float) -> tuple[np.ndarray, np.ndarray]:
        """(check-in channel, enrolment channel) codes for every passenger at `adoption`."""
        b = self.config.behaviour
        bio = self.biometric(adoption)
        passport_or_special = ~self.vneid | self.special
        has_bags = self.bags > 0
        online = self.online_u < b.online_checkin_share
        app = bio & (self.app_u < b.app_enrol_share)
        checkin = np.where(has_bags, np.where(online | app, 3, 2), np.where(online | app, 0, 1))
        checkin = np.where(passport_or_special, 2, checkin)
        enrol = np.zeros(self.n, dtype=np.int8)
        enrol[bio] = np.where(app[bio], 1, np.where(has_bags[bio], 3, 2))
        return checkin.astype(np.int8), enrol


def _lead_minutes(rng: np.random.Generator, international: np.ndarray, config: DayConfig) -> np.ndarray:
    b = config.behaviour
    lead = np.empty(len(international))
    for mask, (shift, shape, scale) in ((~international, b.domestic_lead),
                                        (international, b.international_lead)):
        lead[mask] = shift + rng.gamma(shape, scale, int(mask.sum()))
    return np.minimum(lead, b.max_lead_minutes)


def build_day(config: DayConfig, *, flights: list[dict] | None = None,
              citizens: list[dict] | None = None, bookings: list[dict] | None = None) -> Day:
    """Generate the day's flights and passengers and every per-passenger draw.

    `flights`, `citizens` and `bookings` (as the foundation's generators
    return them) replace the generated ones, e.g. for a hand-made tiny day.
    """
    seed = config.seed
    if flights is None:
        flights = generate_flights(config.airport, config.day, seed=seed, target_pax=config.pax)
    if citizens is None:
        citizens = generate_citizens(config.registry_size, seed=seed)
    if bookings is None:
        bookings = generate_bookings(flights, citizens, seed=seed)
    by_id = {c["personal_id"]: c for c in citizens}
    n = len(bookings)

    flight = np.array([b["flight_index"] for b in bookings], dtype=np.int64)
    departures = [f["departure_time"] for f in flights]
    intl_flight = np.array([DESTINATIONS[f["destination"]].country != "VN" for f in flights])[flight]
    level2 = np.array([
        b["personal_id"] is not None and by_id[b["personal_id"]]["vneid_level"] == 2
        and by_id[b["personal_id"]]["status"] == "active" for b in bookings])
    vneid = np.array([b["document_type"] == "vneid" for b in bookings])
    special = np.array([b["special"] for b in bookings], dtype=bool)

    lead = _lead_minutes(_rng(seed, "arrival"), intl_flight, config) * 60.0
    start = (min(departures) - dt.timedelta(seconds=float(lead.max()) + 3600)).replace(
        minute=0, second=0, microsecond=0)
    dep_s = np.array([(d - start).total_seconds() for d in departures])
    arrival = dep_s[flight] - lead

    rng = _rng(seed, "choices")
    adopt_u, online_u, app_u = rng.random(n), rng.random(n), rng.random(n)
    window = config.rules
    earliest = dep_s[flight] - window.enrolment_opens_hours * 3600
    latest = np.minimum(arrival - 1800, dep_s[flight] - window.enrolment_closes_hours * 3600 - 60)
    app_at = earliest + rng.random(n) * np.maximum(latest - earliest, 0)
    lo, hi = config.behaviour.to_gate_after_open
    to_gate = (lo + rng.random(n) * (hi - lo)) * 60.0

    trng = _rng(seed, "service-times")
    times = {name: _lognormal(trng, getattr(config.times, name), n)
             for name in config.times.__dataclass_fields__}
    events_u = _rng(seed, "events").random((n, 3))

    return Day(
        config=config, start=start, flights=flights, flight_departure=dep_s,
        pnr=[b["pnr"] for b in bookings],
        face_key=[b["personal_id"] or f"passport:{b['pnr']}" for b in bookings],
        personal_id=[b["personal_id"] for b in bookings],
        flight=flight, international=intl_flight, vneid=vneid,
        bags=np.array([b["checked_bags"] for b in bookings], dtype=np.int8),
        special=special, eligible=vneid & level2 & ~special,
        adopt_u=adopt_u, online_u=online_u, app_u=app_u, arrival=arrival, app_enrol_at=app_at,
        to_gate_offset=to_gate, times=times, events_u=events_u,
    )
