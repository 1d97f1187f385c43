"""Run the live simulator: set the service clock, walk every traveller, check the journeys."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from simulators.biometrics import SyntheticFaces
from simulators.gate_sim.day import Devices, SimTraveller, headers, load_day
from simulators.gate_sim.journey import SimClock, World, impostor, journey
from simulators.gate_sim.summary import Summary

__all__ = ["simulate_gates"]

# Flights leaving sooner than this after the start cannot be walked through in full.
LEAD = timedelta(minutes=75)


async def _set_clock(
    client: httpx.AsyncClient, admin: dict, start: datetime | None, speed: float
) -> datetime:
    if start is None:
        response = await client.get("/v1/clock", headers=headers(admin))
        response.raise_for_status()
        start = datetime.fromisoformat(response.json()["now"])
    response = await client.put(
        "/v1/clock", json={"now": start.isoformat(), "speed": speed}, headers=headers(admin)
    )
    response.raise_for_status()
    return start


async def _check_journeys(
    client: httpx.AsyncClient, devices: Devices, travellers: list[SimTraveller], summary: Summary,
    hijacked: set[str],
) -> None:
    """Does the service's journey state agree with where the simulator walked each traveller?

    A traveller someone else was let through as cannot agree (the service moved their journey
    for the other person); those are reported as incidents, not as bookkeeping errors.
    """
    agent = headers(devices.agents[0])
    states: dict[str, str] = {}
    for flight_id in sorted({t.flight_id for t in travellers}):
        response = await client.get(f"/v1/flights/{flight_id}/manifest", headers=agent)
        states.update({p["pnr"]: p["state"] for p in response.json()["passengers"]})
    for t in travellers:
        summary.journeys_checked += 1
        if states.get(t.pnr) == t.expected_state:
            continue
        note = f"{t.pnr}: simulator {t.expected_state}, service {states.get(t.pnr)}"
        (summary.journeys_hijacked if t.pnr in hijacked else summary.journeys_disagreeing).append(note)


async def simulate_gates(
    url: str,
    keys_file: Path,
    *,
    lanes: int = 6,
    speed: float = 60.0,
    seed: int = 1,
    hours: float = 2.0,
    limit: int = 2000,
    impostor_rate: float = 0.01,
    start: datetime | None = None,
    progress: bool = True,
) -> Summary:
    """Walk up to `limit` travellers of flights departing in the next `hours` through the service."""
    devices = Devices.from_keys(json.loads(keys_file.read_text(encoding="utf-8")), lanes)
    summary = Summary()
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        start = await _set_clock(client, devices.admin, start, speed)
        travellers = await load_day(client, devices, start=start + LEAD, hours=hours, limit=limit)
        rng = np.random.default_rng(seed)
        world = World(client, devices, SyntheticFaces(seed), SimClock(start, speed), summary, rng,
                      travellers=travellers)
        tasks = [journey(world, t) for t in travellers]
        keys = [t.personal_id for t in travellers if t.personal_id]
        for i in range(int(len(travellers) * impostor_rate)):
            at = start + timedelta(hours=float(rng.uniform(0, hours)))
            tasks.append(impostor(world, keys[i % len(keys)] if keys else f"nobody-{i}", at))
        await _run_all(tasks, world.clock, progress)
        await _check_journeys(client, devices, travellers, summary, world.hijacked)
    return summary


async def _run_all(coroutines: list, clock: SimClock, show: bool) -> None:  # noqa: ANN001
    columns = (
        TextColumn("gate simulator"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("service time {task.fields[now]}"),
    )
    with Progress(*columns, disable=not show, transient=True) as bar:
        task = bar.add_task("walk", total=len(coroutines), now="")

        async def tracked(coroutine) -> None:  # noqa: ANN001
            await coroutine
            bar.update(task, advance=1, now=clock.now().strftime("%H:%M"))

        await asyncio.gather(*(tracked(c) for c in coroutines))
