"""The travellers of the coming hours, as the service lists them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

__all__ = ["Devices", "SimTraveller", "load_day"]


@dataclass
class SimTraveller:
    pnr: str
    personal_id: str | None
    flight_id: int
    flight_no: str
    seat: str
    gate: str
    departure: datetime
    document_type: str
    state: str
    enrolled: bool
    # what the simulator itself expects the journey to end in
    expected_state: str = "booked"


@dataclass
class Devices:
    """Keys by role from the seed's keys file; boarding gates by gate number."""

    kiosks: list[dict]
    security: list[dict]
    gates: dict[str, dict]
    agents: list[dict]
    admin: dict

    @classmethod
    def from_keys(cls, keys: list[dict], lanes: int) -> Devices:
        by_role: dict[str, list[dict]] = {}
        for row in keys:
            by_role.setdefault(row["role"], []).append(row)
        missing = [
            r for r in ("kiosk", "security_gate", "boarding_gate", "agent", "admin") if r not in by_role
        ]
        if missing:
            raise ValueError(f"the keys file has no {', '.join(missing)} device")
        return cls(
            by_role["kiosk"],
            by_role["security_gate"][:lanes],
            {row["gate"]: row for row in by_role["boarding_gate"]},
            by_role["agent"],
            by_role["admin"][0],
        )


def headers(device: dict) -> dict[str, str]:
    return {"X-API-Key": device["api_key"]}


async def load_day(
    client: httpx.AsyncClient, devices: Devices, *, start: datetime, hours: float, limit: int
) -> list[SimTraveller]:
    """Travellers on flights departing within `hours` after `start` that have a boarding gate device."""
    agent = headers(devices.agents[0])
    end = start + timedelta(hours=hours)
    flights = []
    for day in sorted({start.date(), end.date(), (start + timedelta(hours=7)).date()}):
        response = await client.get("/v1/flights", params={"date": day.isoformat()}, headers=agent)
        response.raise_for_status()
        flights += response.json()["flights"]
    chosen = [
        f
        for f in {f["flight_id"]: f for f in flights}.values()
        if start < datetime.fromisoformat(f["departure_time"]) <= end and f["gate"] in devices.gates
    ]
    travellers: list[SimTraveller] = []
    for flight in sorted(chosen, key=lambda f: f["departure_time"]):
        response = await client.get(f"/v1/flights/{flight['flight_id']}/manifest", headers=agent)
        response.raise_for_status()
        for p in response.json()["passengers"]:
            if p["state"] not in ("booked", "enrolled"):
                continue  # already on their way (an earlier run): not ours to walk
            travellers.append(
                SimTraveller(
                    p["pnr"],
                    p["personal_id"],
                    flight["flight_id"],
                    flight["flight_no"],
                    p["seat"],
                    flight["gate"],
                    datetime.fromisoformat(flight["departure_time"]),
                    p["document_type"],
                    p["state"],
                    p["enrolled"],
                )
            )
            if len(travellers) >= limit:
                return travellers
    return travellers
