"""Flights: create, read, list by date and status, validation."""

from __future__ import annotations

from datetime import timedelta

from tests.builders import ADMIN, Api, iso


def test_created_flight_reads_back_with_boarding_window(api: Api) -> None:
    flight = api.flight(departs_in=timedelta(hours=2), gate="7")
    read = api.ok(api.client.get(f"/v1/flights/{flight['flight_id']}", headers=ADMIN))
    assert read["gate"] == "7"
    assert read["status"] == "scheduled"
    departure = api.now() + timedelta(hours=2)
    assert abs(
        api.now().fromisoformat(read["boarding_opens_at"]) - (departure - timedelta(minutes=40))
    ) < timedelta(seconds=5)


def test_status_follows_the_simulated_clock(api: Api) -> None:
    flight = api.flight(departs_in=timedelta(hours=2))
    departure = api.now().fromisoformat(flight["departure_time"])
    expectations = [
        (timedelta(minutes=-41), "scheduled"),
        (timedelta(minutes=-39), "boarding"),
        (timedelta(minutes=-14), "closed"),
        (timedelta(minutes=1), "departed"),
    ]
    for offset, status in expectations:
        api.set_clock(departure + offset, speed=1)
        read = api.ok(api.client.get(f"/v1/flights/{flight['flight_id']}", headers=ADMIN))
        assert read["status"] == status, offset


def test_list_filters_by_local_date_and_status(api: Api) -> None:
    now = api.now()
    soon = api.flight(departs_in=timedelta(minutes=30))
    later = api.flight(departs_in=timedelta(hours=5))
    other_day = api.flight(departs_in=timedelta(days=2))
    # Pin "now" so both first flights share a local date with it.
    local_day = (now + timedelta(minutes=30)).astimezone(
        __import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh")
    ).date()
    listed = api.ok(api.client.get("/v1/flights", params={"date": str(local_day)}, headers=ADMIN))
    ids = {f["flight_id"] for f in listed["flights"]}
    assert soon["flight_id"] in ids
    assert other_day["flight_id"] not in ids
    boarding = api.ok(
        api.client.get("/v1/flights", params={"date": str(local_day), "status": "boarding"}, headers=ADMIN)
    )
    assert [f["flight_id"] for f in boarding["flights"]] == [soon["flight_id"]]
    assert later["flight_id"] not in {f["flight_id"] for f in boarding["flights"]}


def test_unknown_flight_is_404_with_code(api: Api) -> None:
    response = api.client.get("/v1/flights/999999", headers=ADMIN)
    assert response.status_code == 404
    assert response.json()["code"] == "flight_not_found"


def test_naive_departure_time_is_refused(api: Api) -> None:
    body = {"flight_no": "VN1", "carrier": "VN", "origin": "SGN", "destination": "HAN",
            "departure_time": "2026-12-01T10:00:00", "gate": "1"}
    response = api.client.post("/v1/flights", json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_flight_number_must_match_carrier(api: Api) -> None:
    body = {"flight_no": "VJ120", "carrier": "VN", "origin": "SGN", "destination": "HAN",
            "departure_time": iso(api.now() + timedelta(hours=3)), "gate": "1"}
    response = api.client.post("/v1/flights", json=body, headers=ADMIN)
    assert response.status_code == 422


def test_duplicate_flight_is_409(api: Api) -> None:
    flight = api.flight()
    body = {k: flight[k] for k in ("flight_no", "carrier", "origin", "destination", "departure_time", "gate")}
    response = api.client.post("/v1/flights", json=body, headers=ADMIN)
    assert response.status_code == 409
    assert response.json()["flight_id"] == flight["flight_id"]


def test_only_admin_may_add_flights(api: Api) -> None:
    counter = api.device("counter")
    response = api.client.post("/v1/flights", json={}, headers=counter)
    assert response.status_code == 403
