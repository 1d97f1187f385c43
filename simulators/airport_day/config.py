"""Everything an airport-day run can vary, with defaults and the reasoning behind them.

Three groups:

- `GateRules`: the service's own thresholds and windows. Defaults are read
  from `app.settings.Settings` field defaults (never from the environment),
  so the simulation decides exactly as a freshly configured service would.
- `Resources` and `ServiceTimes`: the terminal. Capacities scale with the
  day's passengers (`Resources.for_day`); service times are lognormal with a
  mean and a coefficient of variation. These are planning assumptions, not
  measurements: a Vietnamese terminal's counters, lanes and e-gates as an
  airport planner would size them (IATA ADRM style), stated here so a study
  can change them.
- `Behaviour`: how passengers arrive and choose channels, and how often the
  hard cases (impostors, look-alikes, wrong gates, tailgating) happen.

All durations are in seconds unless a name says otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from enrollment.policy import EnrolmentRules
from gates.scan import GatePolicy
from gates.windows import BoardingWindow

__all__ = ["Behaviour", "DayConfig", "GateRules", "Resources", "ServiceTimes", "Timing"]


def _setting(name: str) -> float:
    """The service's default for a setting (app/settings.py), ignoring SKYGATE_* variables."""
    from app.settings import Settings

    return float(Settings.model_fields[name].default)


@dataclass(frozen=True, slots=True)
class GateRules:
    """The service's decision parameters; defaults equal the settings' defaults."""

    security_threshold: float = field(default_factory=lambda: _setting("security_threshold"))
    boarding_threshold: float = field(default_factory=lambda: _setting("boarding_threshold"))
    claimed_threshold: float = field(default_factory=lambda: _setting("claimed_threshold"))
    min_margin: float = field(default_factory=lambda: _setting("min_margin"))
    enrolment_threshold: float = field(default_factory=lambda: _setting("enrolment_threshold"))
    security_window_hours: float = field(default_factory=lambda: _setting("security_window_hours"))
    boarding_opens_minutes: float = field(default_factory=lambda: _setting("boarding_opens_minutes"))
    boarding_closes_minutes: float = field(default_factory=lambda: _setting("boarding_closes_minutes"))
    enrolment_opens_hours: float = field(default_factory=lambda: _setting("enrolment_opens_hours"))
    enrolment_closes_hours: float = field(default_factory=lambda: _setting("enrolment_closes_hours"))
    threshold_slope: float = field(default_factory=lambda: _setting("threshold_slope"))

    @property
    def boarding_window(self) -> BoardingWindow:
        return BoardingWindow.from_minutes(self.boarding_opens_minutes, self.boarding_closes_minutes)

    def gate_policy(self) -> GatePolicy:
        """The very policy the service builds from its settings (the same function)."""
        return GatePolicy.from_numbers(self)

    def enrolment_rules(self) -> EnrolmentRules:
        return EnrolmentRules(opens_before=timedelta(hours=self.enrolment_opens_hours),
                              closes_before=timedelta(hours=self.enrolment_closes_hours),
                              match_threshold=self.enrolment_threshold)


@dataclass(frozen=True, slots=True)
class Timing:
    """A lognormal duration: `mean` seconds, coefficient of variation `cv` (0 = fixed)."""

    mean: float
    cv: float = 0.0

    def lognormal(self) -> tuple[float, float]:
        """(mu, sigma) of the underlying normal."""
        sigma2 = math.log1p(self.cv**2)
        return math.log(self.mean) - sigma2 / 2, math.sqrt(sigma2)


@dataclass(frozen=True, slots=True)
class ServiceTimes:
    """How long each step holds its resource (or the passenger, for walks).

    Counter check-in with bags ~2 min, with special assistance ~4 min and for
    an international passport check ~3 min; enrolling the face at a counter
    or kiosk adds ~30 s (consent, capture, 1:1). A biometric security e-gate
    cycles in ~12 s (step in, look, doors), a manual ID check by an officer
    takes ~25 s; biometric boarding ~5 s against ~9 s for an agent scanning a
    boarding pass and looking at an ID. Screening (X-ray) is not a queue here:
    it is folded into the walk airside, because the question studied is the
    identity check, not the scanners.
    """

    counter_bags: Timing = Timing(120, 0.5)
    counter_special: Timing = Timing(240, 0.5)
    counter_passport: Timing = Timing(180, 0.5)
    kiosk: Timing = Timing(75, 0.4)
    enrol_extra: Timing = Timing(30, 0.3)
    bag_drop: Timing = Timing(60, 0.4)
    security_egate: Timing = Timing(12, 0.3)
    security_manual: Timing = Timing(25, 0.4)
    boarding_egate: Timing = Timing(5, 0.3)
    boarding_manual: Timing = Timing(9, 0.4)
    walk_to_security: Timing = Timing(180, 0.5)
    airside: Timing = Timing(600, 0.5)  # screening and the walk to the gate area
    wrong_gate_detour: Timing = Timing(300, 0.4)


@dataclass(frozen=True, slots=True)
class Resources:
    """Servers per stage; boarding lanes are per gate."""

    counters: int
    kiosks: int
    bag_drops: int
    security_egates: int
    security_lanes: int
    gate_egates: int = 1
    gate_agents: int = 2

    @classmethod
    def for_day(cls, pax: int) -> Resources:
        """A terminal sized for `pax` departing passengers a day.

        The busiest hour carries ~8% of the day's departures. Counters run
        at ~100% in that hour (queues at the morning peak, as in life); the
        manual ID-check lanes are those of a terminal built for paper (a
        25 s check each), *short* of the all-manual peak (~110% of it at
        adoption 0): the bottleneck biometric e-gates were brought in to
        relieve. E-gates (12 s) are sized for most eligible travellers;
        counters are one pool (not per airline). Per 10,000 daily
        passengers: 16 counters, 5 kiosks, 3 bag drops, 5 manual ID lanes,
        2 security e-gates; each boarding gate has 1 e-gate and 2 agents.
        """
        per = max(pax, 1) / 10_000
        return cls(counters=max(2, round(16 * per)), kiosks=max(1, round(5 * per)),
                   bag_drops=max(1, round(3 * per)), security_egates=max(1, round(2 * per)),
                   security_lanes=max(1, round(5 * per)))

    def scaled(self, **counts: int) -> Resources:
        return replace(self, **counts)


@dataclass(frozen=True, slots=True)
class Behaviour:
    """Passenger behaviour and the hard cases.

    Arrival lead times (minutes before departure) are a shifted gamma:
    domestic 30 + Gamma(3, 22) (mean ~96, ~1% under 40 min), international
    60 + Gamma(3, 35) (mean ~165): airports advise 2 h and 3 h, and most
    travellers keep a margin. Channel shares follow the rules in force since
    1 Dec 2025 (see `simulators.airport_day.population`).
    """

    domestic_lead: tuple[float, float, float] = (30.0, 3.0, 22.0)  # minutes: shift, shape, scale
    international_lead: tuple[float, float, float] = (60.0, 3.0, 35.0)
    max_lead_minutes: float = 270.0  # nobody comes earlier (counters open ~4 h before)
    online_checkin_share: float = 0.45  # of passengers without a counter reason
    app_enrol_share: float = 0.5  # of biometric choosers without bags: enrol in the VNeID app
    to_gate_after_open: tuple[float, float] = (-10.0, 20.0)  # minutes: uniform around boarding open
    checkin_closes_domestic: float = 40.0  # minutes before departure
    checkin_closes_international: float = 50.0
    max_biometric_attempts: int = 2  # e-gate tries before the manual lane
    max_kiosk_attempts: int = 2  # 1:1 tries at enrolment before giving up on biometrics
    impostor_rate: float = 0.005  # impostor attempts per biometric traveller
    impostor_lookalike_share: float = 0.3  # impostors who resemble an enrolled traveller
    impostor_boarding_share: float = 0.3  # impostors who try a boarding gate (else security)
    lookalike_rate: float = 0.002  # travellers who are the look-alike (twin) of another on their flight
    wrong_gate_rate: float = 0.01  # biometric travellers who first scan at a wrong gate
    tailgate_rate: float = 0.01  # e-gate scans with someone close behind (two faces)


@dataclass(frozen=True, slots=True)
class DayConfig:
    """One run: which day, how many passengers, what adoption, which seed."""

    airport: str = "SGN"
    day: date = date(2026, 12, 1)
    pax: int = 60_000
    adoption: float = 0.8
    seed: int = 1
    citizens: int | None = None  # registry size; default: enough that nobody flies twice
    rules: GateRules = field(default_factory=GateRules)
    resources: Resources | None = None  # default: Resources.for_day(pax)
    times: ServiceTimes = field(default_factory=ServiceTimes)
    behaviour: Behaviour = field(default_factory=Behaviour)
    sample_minutes: float = 5.0  # queue-length sampling interval

    def __post_init__(self) -> None:
        if not 0.0 <= self.adoption <= 1.0:
            raise ValueError(f"adoption must lie in [0, 1], got {self.adoption}")
        if self.pax < 1:
            raise ValueError(f"pax must be positive, got {self.pax}")

    @property
    def terminal(self) -> Resources:
        return self.resources or Resources.for_day(self.pax)

    @property
    def registry_size(self) -> int:
        return self.citizens or self.pax
