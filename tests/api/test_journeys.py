"""The manual lane, journeys, manifests and retention."""

from __future__ import annotations

from datetime import timedelta

from tests.api.airport import Airport, face
from tests.builders import ADMIN, Api


def test_agent_clears_a_passport_holder_and_boards_them(airport: Airport, api: Api) -> None:
    booking = api.booking(flight=airport.flight, passport_no="E1234567", full_name="Kim Min-jun",
                          nationality="KR")
    agent = api.device("agent")
    check = {"pnr": booking["pnr"], "action": "clear_security", "document_checked": True,
             "reason": "passport checked at lane 2"}
    cleared = api.ok(api.client.post("/v1/manual-checks", json=check, headers=agent), 201)
    assert (cleared["state_from"], cleared["state_to"]) == ("booked", "security_cleared")
    early = api.client.post("/v1/manual-checks", json={**check, "action": "board"}, headers=agent)
    assert (early.status_code, early.json()["code"]) == (409, "boarding_closed")
    airport.open_boarding()
    api.ok(api.client.post("/v1/manual-checks", json={**check, "action": "board"}, headers=agent), 201)
    twice = api.client.post("/v1/manual-checks", json={**check, "action": "board"}, headers=agent)
    assert (twice.status_code, twice.json()["code"]) == (409, "already_boarded")


def test_manual_check_needs_a_document_and_an_agent(airport: Airport, api: Api) -> None:
    t = airport.traveller()
    body = {"pnr": t["pnr"], "action": "clear_security", "document_checked": False, "reason": "x"}
    assert api.client.post("/v1/manual-checks", json=body, headers=api.device("agent")).status_code == 422
    body["document_checked"] = True
    assert api.client.post("/v1/manual-checks", json=body, headers=airport.kiosk).status_code == 403


def test_gate_and_agent_cannot_both_board(airport: Airport, api: Api) -> None:
    t = airport.traveller()
    airport.at_security(t["face"])
    airport.open_boarding()
    assert airport.at_gate5(t["face"])["decision"] == "open"
    body = {"pnr": t["pnr"], "action": "board", "document_checked": True, "reason": "x"}
    again = api.client.post("/v1/manual-checks", json=body, headers=api.device("agent"))
    assert again.json()["code"] == "already_boarded"


def test_journey_lists_every_event_in_order(airport: Airport, api: Api) -> None:
    t = airport.traveller()
    airport.at_security(face())  # a stranger: not this journey
    airport.at_security(t["face"])
    airport.at_security(t["face"])
    journey = api.ok(api.client.get(f"/v1/journeys/{t['pnr']}", headers=api.device("agent")))
    assert [(e["kind"], e["reason"]) for e in journey["events"]] == [
        ("enrolment", "enrolled"), ("scan", "matched"), ("scan", "already_cleared")]
    assert journey["state"] == "security_cleared"
    assert all(e["latency_ms"] is not None for e in journey["events"] if e["kind"] == "scan")


def test_manifest_counts_the_flight(airport: Airport, api: Api) -> None:
    a, b = airport.traveller(), airport.traveller()
    api.booking(flight=airport.flight, passport_no="E7654321", full_name="Jane Roe", nationality="AU")
    airport.at_security(a["face"])
    airport.open_boarding()
    airport.at_gate5(a["face"])
    airport.at_gate5(b["face"])  # not cleared: denied
    manifest = api.ok(api.client.get(f"/v1/flights/{airport.flight['flight_id']}/manifest",
                                     headers=airport.gate5))
    assert manifest["counts"] == {"passengers": 3, "enrolled": 2, "security_cleared": 1,
                                  "boarded": 1, "manual": 1}
    states = {p["pnr"]: p["state"] for p in manifest["passengers"]}
    assert states[a["pnr"]] == "boarded" and states[b["pnr"]] == "enrolled"


def test_retention_purges_templates_from_database_and_galleries(airport: Airport, api: Api) -> None:
    from app.services.retention import purge_expired

    t = airport.traveller()
    ctx = api.client.app.state.ctx  # type: ignore[attr-defined]
    departure = api.now().fromisoformat(airport.flight["departure_time"])
    assert purge_expired(ctx.db, now=departure + timedelta(hours=23), retention=timedelta(hours=24)) == 0
    assert purge_expired(ctx.db, now=departure + timedelta(hours=25), retention=timedelta(hours=24)) == 1
    ctx.galleries.catch_up()
    assert t["enrolment"]["enrolment_id"] not in ctx.galleries.galleries
    journey = api.ok(api.client.get(f"/v1/journeys/{t['pnr']}", headers=ADMIN))
    assert journey["events"][-1]["kind"] == "purge"
    gone = api.client.get(f"/v1/enrolments/{t['enrolment']['enrolment_id']}", headers=ADMIN)
    assert gone.json()["code"] == "enrolment_not_found"


def test_manifest_shows_personal_ids_to_agents_never_to_gates(airport: Airport, api: Api) -> None:
    t = airport.traveller()
    url = f"/v1/flights/{airport.flight['flight_id']}/manifest"
    for_agent = api.ok(api.client.get(url, headers=api.device("agent")))
    for_gate = api.ok(api.client.get(url, headers=airport.gate5))
    assert for_agent["passengers"][0]["personal_id"] == t["citizen"]["personal_id"]
    assert for_gate["passengers"][0]["personal_id"] is None
