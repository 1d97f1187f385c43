"""The service clock: simulated time, speed, reset, and the response header."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.builders import ADMIN, Api


def test_set_clock_moves_time_and_header_follows(api: Api) -> None:
    target = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    api.set_clock(target, speed=60)
    response = api.client.get("/v1/clock", headers=ADMIN)
    body = response.json()
    assert body["simulated"] is True
    assert body["speed"] == 60
    now = datetime.fromisoformat(body["now"])
    assert target <= now < target + timedelta(minutes=10)
    header = datetime.fromisoformat(response.headers["X-SkyGate-Clock"])
    assert abs(header - now) < timedelta(minutes=1)


def test_reset_returns_to_real_time(api: Api) -> None:
    api.set_clock(datetime(2030, 1, 1, tzinfo=UTC))
    body = api.ok(api.client.delete("/v1/clock", headers=ADMIN))
    assert body["simulated"] is False
    assert abs(datetime.fromisoformat(body["now"]) - datetime.now(UTC)) < timedelta(seconds=30)


def test_clock_needs_offset_and_positive_speed(api: Api) -> None:
    bad = [{"now": "2026-12-01T06:00:00", "speed": 1}, {"now": "2026-12-01T06:00:00Z", "speed": 0}]
    for body in bad:
        response = api.client.put("/v1/clock", json=body, headers=ADMIN)
        assert response.status_code == 422, body


def test_only_admin_sets_the_clock(api: Api) -> None:
    gate = api.device("security_gate")
    response = api.client.put("/v1/clock", json={"now": "2026-12-01T06:00:00Z"}, headers=gate)
    assert response.status_code == 403
    assert api.ok(api.client.get("/v1/clock", headers=gate))["simulated"] is False


def test_clock_is_shared_through_the_database(settings, api: Api) -> None:  # noqa: ANN001
    """A second app on the same database (another worker) sees the simulated time."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    api.set_clock(datetime(2026, 12, 1, 6, 0, tzinfo=UTC), speed=1)
    with TestClient(create_app(settings)) as other:
        body = other.get("/v1/clock", headers=ADMIN).json()
    assert body["simulated"] is True
    assert datetime.fromisoformat(body["now"]).date().isoformat() == "2026-12-01"
