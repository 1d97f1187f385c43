"""Locust users for a departure peak: kiosks, security lanes, boarding gates, agents.

Each simulated user is one device with its own key (a security lane scans
as itself, a boarding gate at its gate). Gates send as fast as the service
answers (`constant(0)`): the measured rate is the service's capacity at that
concurrency, not a think-time artefact. Kiosks and agents pause between
requests, as people at them do (a few tenths of a second to a few seconds,
far busier than real ones, so a departure peak's load stays dominated by
the gates, as it is in an airport).
"""

from __future__ import annotations

import itertools
import random
from typing import Any, ClassVar

import numpy as np
from locust import LoadTestShape, between, constant, task
from locust.contrib.fasthttp import FastHttpUser

from simulators.loadtest.ledger import Ledger
from simulators.loadtest.plan import Device, LoadPlan, Traveller

__all__ = [
    "AgentUser",
    "BoardingGateUser",
    "KioskUser",
    "MorningPeak",
    "SecurityLaneUser",
    "TrivialUser",
    "configure",
]


class _Shared:
    plan: ClassVar[LoadPlan]
    ledger: ClassVar[Ledger]
    image_share: ClassVar[float] = 0.0
    rng: ClassVar[np.random.Generator] = np.random.default_rng(1)
    counters: ClassVar[dict[str, itertools.count]] = {}


def configure(plan: LoadPlan, ledger: Ledger, *, image_share: float, seed: int) -> None:
    """Hand the users their plan and ledger (class attributes: Locust builds users itself)."""
    _Shared.plan, _Shared.ledger, _Shared.image_share = plan, ledger, image_share
    _Shared.rng = np.random.default_rng(seed)
    _Shared.counters = {}


def _next_device(role: str, devices: list[Device]) -> Device:
    counter = _Shared.counters.setdefault(role, itertools.count())
    return devices[next(counter) % len(devices)]


def _why(response: Any) -> str:
    """A failure's description; a connection error has a status of 0 and no body."""
    return f"{response.status_code} {(response.text or str(response.error))[:200]}"


class _DeviceUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    role: ClassVar[str] = ""

    def on_start(self) -> None:
        self.device = _next_device(self.role, _Shared.plan.devices[self.role])
        self.headers = {"X-API-Key": self.device.api_key}

    def _scan(self, kind: str, traveller: Traveller) -> dict[str, Any] | None:
        body = {"template_b64": traveller.capture_b64(_Shared.rng)}
        with self.client.post(
            f"/v1/touchpoints/{self.device.touchpoint_id}/scan",
            json=body,
            headers=self.headers,
            name=f"scan {kind}",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(_why(response))
                return None
            result = response.json()
            _Shared.ledger.scanned(result["event_id"], kind, result["decision"], result["reason"])
            return result


class SecurityLaneUser(_DeviceUser):
    """Security e-gates: half the scans are travellers boarding soon (so gates have cleared people)."""

    role = "security_gate"

    @task
    def scan(self) -> None:
        plan = _Shared.plan
        soon = [t for ts in plan.boarding_by_gate.values() for t in ts]
        pool = soon if soon and random.random() < 0.5 else plan.enrolled
        traveller = random.choice(pool)
        result = self._scan("security", traveller)
        if result and result["reason"] == "matched":
            _Shared.ledger.cleared.setdefault(traveller.flight_id, []).append(traveller.pnr)


class BoardingGateUser(_DeviceUser):
    """Boarding gates with a flight boarding now; they scan that flight's travellers."""

    role = "boarding_gate"

    def on_start(self) -> None:
        gates = _Shared.plan.boarding_by_gate
        devices = [d for d in _Shared.plan.devices[self.role] if d.gate in gates] or _Shared.plan.devices[
            self.role
        ]
        self.device = _next_device("boarding_now", devices)
        self.headers = {"X-API-Key": self.device.api_key}
        self.travellers = gates.get(self.device.gate or "", [])

    @task
    def scan(self) -> None:
        if not self.travellers:
            self.travellers = _Shared.plan.enrolled  # no flight boarding here: still a valid scan
        self._scan("boarding", random.choice(self.travellers))


class KioskUser(_DeviceUser):
    """Kiosks enrolling the day's travellers: templates, and a few real photos when available."""

    role = "kiosk"
    wait_time = between(0.2, 1.0)

    @task
    def enrol(self) -> None:
        plan = _Shared.plan
        if plan.photos and random.random() < _Shared.image_share:
            pnr, personal_id, photo = random.choice(plan.photos)
            fields = {"pnr": pnr, "personal_id": personal_id, "channel": "kiosk", "consent": "true"}
            self._post(
                pnr, name="enrol image", data=fields, files={"image": ("live.jpg", photo, "image/jpeg")}
            )
            return
        if not plan.to_enrol:
            return
        traveller = plan.to_enrol.pop()
        body = {
            "pnr": traveller.pnr,
            "personal_id": traveller.personal_id,
            "channel": "kiosk",
            "consent": True,
            "template_b64": traveller.capture_b64(_Shared.rng),
        }
        self._post(traveller.pnr, name="enrol template", json=body)

    def _post(self, pnr: str, *, name: str, **kwargs: Any) -> None:
        with self.client.post(
            "/v1/enrolments", headers=self.headers, name=name, catch_response=True, **kwargs
        ) as response:
            if response.status_code == 201:
                _Shared.ledger.enrolled(response.json()["enrolment_id"], pnr)
            elif response.status_code == 409:
                response.success()  # a refusal with a code (e.g. face_mismatch) is a correct answer
            else:
                response.failure(_why(response))


class AgentUser(_DeviceUser):
    """Gate agents reading flight manifests."""

    role = "agent"
    wait_time = between(1.0, 3.0)

    @task
    def manifest(self) -> None:
        plan = _Shared.plan
        flights = [ts[0].flight_id for ts in plan.boarding_by_gate.values()] or [
            t.flight_id for t in plan.enrolled[:50]
        ]
        self.client.get(
            f"/v1/flights/{random.choice(flights)}/manifest", headers=self.headers, name="manifest"
        )


class TrivialUser(FastHttpUser):
    """The ceiling: a trivial endpoint on the same server and settings."""

    wait_time = constant(0)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="healthz")


class MorningPeak(LoadTestShape):
    """Ramp to the peak over the first quarter, hold half the run, ease off (a departure bank)."""

    users: ClassVar[int] = 100
    spawn_rate: ClassVar[float] = 50.0
    duration: ClassVar[float] = 60.0

    def tick(self) -> tuple[int, float] | None:
        t = self.get_run_time()
        if t >= self.duration:
            return None
        fraction = t / self.duration
        level = (
            fraction / 0.25 if fraction < 0.25 else 1.0 if fraction < 0.75 else (1 - fraction) / 0.25 + 0.3
        )
        return max(1, round(self.users * min(level, 1.0))), self.spawn_rate
