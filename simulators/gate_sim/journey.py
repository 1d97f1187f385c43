"""One traveller's walk through the airport, and the occasional impostor, as coroutines."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import numpy as np

from matching.templates import to_b64
from simulators.biometrics import SyntheticFaces
from simulators.gate_sim.day import Devices, SimTraveller, headers
from simulators.gate_sim.summary import Summary

__all__ = ["SimClock", "World", "impostor", "journey"]


@dataclass
class SimClock:
    """Maps simulated time to real time at `speed` (the service runs the same clock)."""

    start: datetime
    speed: float
    real_start: float = field(default_factory=time.monotonic)

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self.real_start) * self.speed)

    async def sleep_until(self, moment: datetime) -> None:
        delay = (moment - self.now()).total_seconds() / self.speed
        if delay > 0:
            await asyncio.sleep(delay)


@dataclass
class World:
    client: httpx.AsyncClient
    devices: Devices
    faces: SyntheticFaces
    clock: SimClock
    summary: Summary
    rng: np.random.Generator
    travellers: list[SimTraveller] = field(default_factory=list)
    wrong_gate_rate: float = 0.02
    lanes: itertools.cycle = field(init=False)
    # PNRs someone else was let through as (a misidentification or an admitted impostor):
    # their journey in the service no longer follows what the traveller did.
    hijacked: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.lanes = itertools.cycle(self.devices.security)
        self._by_seat = {(t.flight_no, t.seat): t.pnr for t in self.travellers}

    def hijack(self, result: dict[str, Any]) -> None:
        """The gate opened for the traveller on this flight and seat, who was not there."""
        pnr = self._by_seat.get((result.get("flight_no"), result.get("seat")))
        if pnr is not None:
            self.hijacked.add(pnr)

    def capture(self, key: str, condition: str) -> str:
        return to_b64(self.faces.capture([key], condition, self.rng)[0])

    def minutes(self, low: float, high: float) -> timedelta:
        return timedelta(minutes=float(self.rng.uniform(low, high)))


async def _scan(w: World, device: dict, template_b64: str, kind: str) -> dict[str, Any] | None:
    started = time.perf_counter()
    response = await w.client.post(f"/v1/touchpoints/{device['touchpoint_id']}/scan",
                                   json={"template_b64": template_b64}, headers=headers(device))
    if response.status_code != 200:
        w.summary.errors[f"scan {response.status_code}"] += 1
        return None
    result = response.json()
    w.summary.scan(kind, result, (time.perf_counter() - started) * 1000)
    return result


async def _genuine_scan(w: World, t: SimTraveller, device: dict, kind: str) -> bool:
    result = await _scan(w, device, w.capture(t.personal_id or t.pnr, "gate"), kind)
    if result is None:
        return False
    w.summary.genuine_scans += 1
    opened = result["decision"] == "open"
    if opened and (result["flight_no"], result["seat"]) != (t.flight_no, t.seat):
        w.summary.misidentified += 1
        w.hijack(result)
    if not opened:
        w.summary.genuine_not_opened += 1
    return opened and result["seat"] == t.seat


async def _wrong_gate(w: World, t: SimTraveller) -> None:
    """The traveller first tries another flight's gate: it must stay shut."""
    wrong = next((d for g, d in w.devices.gates.items() if g != t.gate), None)
    if wrong is None:
        return
    result = await _scan(w, wrong, w.capture(t.personal_id or t.pnr, "gate"), "boarding")
    w.summary.wrong_gate_attempts += 1
    if result is not None and result["decision"] == "open":
        w.summary.wrong_gate_opened += 1


async def _enrol(w: World, t: SimTraveller) -> bool:
    kiosk = w.devices.kiosks[hash(t.pnr) % len(w.devices.kiosks)]
    body = {"pnr": t.pnr, "personal_id": t.personal_id, "channel": "kiosk", "consent": True,
            "template_b64": w.capture(t.personal_id or "", "kiosk")}
    response = await w.client.post("/v1/enrolments", json=body, headers=headers(kiosk))
    w.summary.enrolments["201" if response.status_code == 201 else response.json().get("code", "error")] += 1
    return response.status_code == 201


async def _manual(w: World, t: SimTraveller, action: str) -> bool:
    agent = w.devices.agents[hash(t.pnr) % len(w.devices.agents)]
    body = {"pnr": t.pnr, "action": action, "document_checked": True, "reason": "gate simulator"}
    response = await w.client.post("/v1/manual-checks", json=body, headers=headers(agent))
    w.summary.manual_checks[f"{action}:{response.status_code}"] += 1
    return response.status_code == 201


async def journey(w: World, t: SimTraveller) -> None:
    """Arrive, enrol at a kiosk if needed, pass security, go to the gate, board."""
    arrive = t.departure - w.minutes(60, 150)
    if arrive < w.clock.start:  # would have arrived before the run: spread them over its first minutes
        arrive = w.clock.start + w.minutes(0, 15)
    await w.clock.sleep_until(arrive)
    if t.document_type == "vneid" and t.personal_id and not t.enrolled:
        t.enrolled = await _enrol(w, t)
    await w.clock.sleep_until(arrive + w.minutes(5, 15))
    cleared = t.enrolled and await _genuine_scan(w, t, next(w.lanes), "security")
    if not cleared and not await _manual(w, t, "clear_security"):
        return
    t.expected_state = "security_cleared"
    await w.clock.sleep_until(t.departure - w.minutes(20, 38))
    if t.enrolled and w.rng.random() < w.wrong_gate_rate:
        await _wrong_gate(w, t)
    boarded = t.enrolled and await _genuine_scan(w, t, w.devices.gates[t.gate], "boarding")
    if boarded or await _manual(w, t, "board"):
        t.expected_state = "boarded"


async def impostor(w: World, key: str, at: datetime) -> None:
    """Someone with no booking tries a security lane; the lane must not open."""
    await w.clock.sleep_until(at)
    stranger = w.faces.lookalike_of([key], tag="impostor") if w.rng.random() < 0.5 else \
        w.faces.identity([f"impostor:{key}"])
    probe = to_b64(w.faces.observe(stranger, "gate", w.rng)[0])
    result = await _scan(w, next(w.lanes), probe, "security")
    w.summary.impostor_scans += 1
    if result is not None and result["decision"] == "open":
        w.summary.impostors_admitted += 1
        w.hijack(result)
