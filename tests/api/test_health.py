"""Health, readiness, metrics and the error catalogue."""

from __future__ import annotations

from tests.builders import Api


def test_healthz_and_readyz(api: Api) -> None:
    assert api.ok(api.client.get("/healthz")) == {"status": "ok"}
    ready = api.ok(api.client.get("/readyz"))
    assert ready["status"] == "ready"
    assert ready["airport"] == "SGN"


def test_unknown_route_is_problem_json(api: Api) -> None:
    response = api.client.get("/v1/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_problem_type_resolves_to_catalogue_entry(api: Api) -> None:
    problem = api.client.get("/v1/flights").json()
    entry = api.ok(api.client.get(problem["type"]))
    assert entry["code"] == "unauthenticated"
    assert entry["status"] == 401


def test_metrics_count_requests_per_route_template(api: Api) -> None:
    api.client.get("/v1/flights/12345")
    text = api.client.get("/metrics").text
    assert 'route="/v1/flights/{flight_id}"' in text
    assert "skygate_http_request_duration_seconds_bucket" in text
