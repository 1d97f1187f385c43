"""A small airport for gate tests: a flight at gate 5, devices, enrolled travellers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select

from app.db.models import JourneyEvent
from matching.templates import to_b64
from tests.builders import ADMIN, Api

RNG = np.random.default_rng(2026)


def face() -> np.ndarray:
    """A synthetic identity: two of these are ~1.4 apart, far beyond any threshold."""
    return RNG.normal(0, 0.09, 128).astype(np.float32)


def seen(identity: np.ndarray, noise: float = 0.012) -> np.ndarray:
    """Another capture of the same face (~0.14 from it)."""
    return (identity + RNG.normal(0, noise, 128)).astype(np.float32)


class Airport:
    """A flight boarding at gate 5 soon, devices, and helpers to enrol and scan."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.flight = api.flight(departs_in=timedelta(minutes=90), gate="5")
        self.kiosk = api.device("kiosk")
        self.security = api.device("security_gate", touchpoint_id="SGN-SEC-01")
        self.gate5 = api.device("boarding_gate", gate="5", touchpoint_id="SGN-GATE-05")
        self.gate5b = api.device("boarding_gate", gate="5", touchpoint_id="SGN-GATE-05B")
        self.gate7 = api.device("boarding_gate", gate="7", touchpoint_id="SGN-GATE-07")

    def traveller(self, flight: dict[str, Any] | None = None, seed: int | None = None) -> dict[str, Any]:
        identity = face()
        citizen = self.api.citizen(seed=seed)
        self.api.ok(self.api.client.put(f"/v1/citizens/{citizen['personal_id']}/reference-face",
                                        json={"template_b64": to_b64(identity)}, headers=ADMIN))
        booking = self.api.booking(flight=flight or self.flight, citizen=citizen)
        body = {"pnr": booking["pnr"], "personal_id": citizen["personal_id"], "channel": "kiosk",
                "consent": True, "template_b64": to_b64(seen(identity))}
        enrolled = self.api.ok(self.api.client.post("/v1/enrolments", json=body, headers=self.kiosk), 201)
        return {"face": identity, "pnr": booking["pnr"], "enrolment": enrolled, "citizen": citizen}

    def scan(self, who: np.ndarray, touchpoint: str, headers: dict[str, str], **claim: str) -> dict[str, Any]:
        body = {"template_b64": to_b64(seen(who)), **claim}
        response = self.api.client.post(f"/v1/touchpoints/{touchpoint}/scan", json=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    def at_security(self, who: np.ndarray, **claim: str) -> dict[str, Any]:
        return self.scan(who, "SGN-SEC-01", self.security, **claim)

    def at_gate5(self, who: np.ndarray, **claim: str) -> dict[str, Any]:
        return self.scan(who, "SGN-GATE-05", self.gate5, **claim)

    def open_boarding(self) -> None:
        departure = self.api.now().fromisoformat(self.flight["departure_time"])
        self.api.set_clock(departure - timedelta(minutes=30))

    def events(self, **where: Any) -> int:
        query = select(func.count()).select_from(JourneyEvent).filter_by(**where)
        with self.api.client.app.state.ctx.db.read() as session:  # type: ignore[attr-defined]
            return int(session.scalar(query))
