"""End-to-end enrolment through the API: upload, pipeline, 1:1, database, boarding pass.

The app runs in-process (Starlette's test client: the full ASGI stack,
multipart parsing, routing, auth, the write transaction) on a temporary
SQLite database; the network hop is left out on purpose, it belongs to the
load tests. The pipeline alone is timed on the same frame in the same run,
so the ratio shows what the service adds around the face model.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

__all__ = ["time_api_enrolment"]

_ADMIN = "bench-admin-key-000000000000000000"


def _setup(client, reference_photo: bytes) -> tuple[dict[str, str], dict[str, str]]:  # noqa: ANN001
    from app.registry.personal_id import generate

    admin = {"X-API-Key": _ADMIN}
    pid = generate(np.random.default_rng(1), "079", "male", date(1980, 1, 1))
    body = {"personal_id": pid, "full_name": "Nguyễn Văn Bình", "date_of_birth": "1980-01-01",
            "sex": "male", "vneid_level": 2}
    client.post("/v1/citizens", json=body, headers=admin).raise_for_status()
    client.put(f"/v1/citizens/{pid}/reference-face", files={"image": ("r.jpg", reference_photo)},
               headers=admin).raise_for_status()
    departure = datetime.now(UTC) + timedelta(hours=3)
    flight = client.post("/v1/flights", headers=admin, json={
        "flight_no": "VN213", "carrier": "VN", "origin": "SGN", "destination": "HAN",
        "departure_time": departure.isoformat(), "gate": "5"}).json()
    booking = client.post("/v1/bookings", headers=admin, json={
        "flight_id": flight["flight_id"], "seat": "12A", "personal_id": pid}).json()
    kiosk = client.post("/v1/touchpoints", headers=admin, json={
        "touchpoint_id": "SGN-KIOSK-01", "role": "kiosk", "location": "bench"}).json()
    form = {"pnr": booking["pnr"], "personal_id": pid, "channel": "kiosk", "consent": "true"}
    return {"X-API-Key": kiosk["api_key"]}, form


def time_api_enrolment(frame: bytes, reference_photo: bytes, *, repeats: int, warmup: int = 2,
                       on_step: Callable[[], None] | None = None) -> dict[str, float]:
    """Median and p95 (ms) of POST /v1/enrolments with `frame`, re-enrolling one booking."""
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'bench.db'}", admin_api_key=_ADMIN,
                            log_level="WARNING", environment="test")
        with TestClient(create_app(settings)) as client:
            kiosk, form = _setup(client, reference_photo)
            times = []
            for i in range(warmup + repeats):
                start = time.perf_counter()
                response = client.post("/v1/enrolments", data=form, headers=kiosk,
                                       files={"image": ("live.jpg", frame, "image/jpeg")})
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 201:
                    raise RuntimeError(f"enrolment failed: {response.status_code} {response.text}")
                if i >= warmup:
                    times.append(elapsed)
                if on_step:
                    on_step()
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(0, round(0.95 * len(times)) - 1)]}
