"""Builders that create test data through the API, the way a client would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from fastapi.testclient import TestClient

from app.registry.personal_id import generate

ADMIN_KEY = "test-admin-key-0123456789abcdef"
ADMIN = {"X-API-Key": ADMIN_KEY}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def new_citizen_body(*, level: int = 2, sex: str = "female", born: str = "1990-05-17",
                     province: str = "079", name: str = "Nguyễn Thị Lan", status: str = "active",
                     seed: int | None = None) -> dict[str, Any]:
    """A registry entry whose personal id agrees with the date of birth and sex."""
    rng = np.random.default_rng(seed)
    return {"personal_id": generate(rng, province, sex, date.fromisoformat(born)),  # type: ignore[arg-type]
            "full_name": name, "date_of_birth": born, "sex": sex, "vneid_level": level,
            "status": status}


@dataclass
class Api:
    client: TestClient
    _serial: int = field(default=0)

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    def ok(self, response: Any, status: int = 200) -> dict[str, Any]:
        assert response.status_code == status, response.text
        return response.json()

    def device(self, role: str, gate: str | None = None, touchpoint_id: str | None = None) -> dict[str, str]:
        """A new touchpoint of `role`; returns headers carrying its key."""
        touchpoint_id = touchpoint_id or f"T-{role.upper().replace('_', '-')}-{self._next()}"
        body = {"touchpoint_id": touchpoint_id, "role": role, "location": f"test {role}", "gate": gate}
        created = self.ok(self.client.post("/v1/touchpoints", json=body, headers=ADMIN), 201)
        return {"X-API-Key": created["api_key"]}

    def now(self) -> datetime:
        return datetime.fromisoformat(self.ok(self.client.get("/v1/clock", headers=ADMIN))["now"])

    def set_clock(self, now: datetime, speed: float = 1.0) -> None:
        self.ok(self.client.put("/v1/clock", json={"now": iso(now), "speed": speed}, headers=ADMIN))

    def flight(self, *, departs_in: timedelta = timedelta(hours=3), gate: str = "12",
               **overrides: Any) -> dict[str, Any]:
        serial = self._next()
        body = {
            "flight_no": f"VN{200 + serial}", "carrier": "VN", "origin": "SGN", "destination": "HAN",
            "departure_time": iso(self.now() + departs_in), "gate": gate, "aircraft": "A321",
            "capacity": 200,
        }
        body.update(overrides)
        return self.ok(self.client.post("/v1/flights", json=body, headers=ADMIN), 201)

    def citizen(self, **kwargs: Any) -> dict[str, Any]:
        body = new_citizen_body(**kwargs)
        return self.ok(self.client.post("/v1/citizens", json=body, headers=ADMIN), 201)

    def booking(self, *, flight: dict[str, Any], citizen: dict[str, Any] | None = None,
                seat: str | None = None, **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"flight_id": flight["flight_id"], "seat": seat or f"{self._next()}A"}
        if citizen is not None:
            body["personal_id"] = citizen["personal_id"]
        body.update(extra)
        return self.ok(self.client.post("/v1/bookings", json=body, headers=ADMIN), 201)
