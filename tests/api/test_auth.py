"""Device authentication and roles."""

from __future__ import annotations

from tests.builders import ADMIN, Api


def test_missing_key_is_401_with_code(api: Api) -> None:
    response = api.client.get("/v1/flights")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert body["type"] == "/errors/unauthenticated"
    assert body["status"] == 401


def test_unknown_key_is_401(api: Api) -> None:
    response = api.client.get("/v1/flights", headers={"X-API-Key": "sg_not-a-real-key"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_wrong_role_is_403_and_names_allowed_roles(api: Api) -> None:
    kiosk = api.device("kiosk")
    response = api.client.post("/v1/touchpoints", json={}, headers=kiosk)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "forbidden_role"
    assert "admin" in body["detail"]


def test_new_touchpoint_key_authenticates_as_that_device(api: Api) -> None:
    headers = api.device("security_gate", touchpoint_id="SGN-SEC-01")
    me = api.ok(api.client.get("/v1/touchpoints/me", headers=headers))
    assert me["touchpoint_id"] == "SGN-SEC-01"
    assert me["role"] == "security_gate"
    assert me["airport"] == "SGN"


def test_api_key_is_stored_hashed_never_listed(api: Api) -> None:
    api.device("kiosk", touchpoint_id="SGN-KIOSK-01")
    listed = api.ok(api.client.get("/v1/touchpoints", headers=ADMIN))
    assert all("api_key" not in row for row in listed)
    assert "SGN-KIOSK-01" in {row["touchpoint_id"] for row in listed}


def test_duplicate_touchpoint_is_409(api: Api) -> None:
    api.device("kiosk", touchpoint_id="SGN-KIOSK-02")
    body = {"touchpoint_id": "SGN-KIOSK-02", "role": "kiosk", "location": "x"}
    response = api.client.post("/v1/touchpoints", json=body, headers=ADMIN)
    assert response.status_code == 409
    assert response.json()["code"] == "touchpoint_exists"


def test_boarding_gate_without_gate_number_is_refused(api: Api) -> None:
    body = {"touchpoint_id": "SGN-BG-XX", "role": "boarding_gate", "location": "pier"}
    response = api.client.post("/v1/touchpoints", json=body, headers=ADMIN)
    assert response.status_code == 422


def test_configured_admin_key_replaces_an_older_one_at_start_up(settings) -> None:  # noqa: ANN001
    from fastapi.testclient import TestClient

    from app.main import create_app

    rotated = settings.model_copy(update={"admin_api_key": __import__("pydantic").SecretStr("x" * 32)})
    with TestClient(create_app(rotated)) as client:
        assert client.get("/v1/touchpoints/me", headers={"X-API-Key": "x" * 32}).status_code == 200
        assert client.get("/v1/touchpoints/me", headers=ADMIN).status_code == 401
