"""Security and boarding scans: every gate rule, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db.models import JourneyEvent
from app.main import create_app
from app.settings import Settings
from matching.templates import to_b64
from tests.api.airport import Airport, face, seen
from tests.builders import ADMIN, Api
from tests.conftest import LiveServer


def test_enrolled_traveller_clears_security_then_boards(airport: Airport) -> None:
    t = airport.traveller()
    cleared = airport.at_security(t["face"])
    assert (cleared["decision"], cleared["reason"]) == ("open", "matched")
    assert cleared["flight_no"] == airport.flight["flight_no"]
    assert cleared["given_initial"] == "L" and "personal_id" not in cleared
    airport.open_boarding()
    boarded = airport.at_gate5(t["face"])
    assert (boarded["decision"], boarded["reason"]) == ("open", "matched")
    journey = airport.api.ok(airport.api.client.get(f"/v1/bookings/{t['pnr']}", headers=ADMIN))
    assert journey["state"] == "boarded"


def test_second_security_scan_is_already_cleared(airport: Airport) -> None:
    t = airport.traveller()
    airport.at_security(t["face"])
    again = airport.at_security(t["face"])
    assert (again["decision"], again["reason"]) == ("deny", "already_cleared")


def test_second_boarding_scan_is_denied_as_already_boarded(airport: Airport) -> None:
    t = airport.traveller()
    airport.at_security(t["face"])
    airport.open_boarding()
    airport.at_gate5(t["face"])
    again = airport.at_gate5(t["face"])
    assert (again["decision"], again["reason"]) == ("deny", "already_boarded")
    assert airport.events(pnr=t["pnr"], state_to="boarded") == 1


def test_boarding_requires_security(airport: Airport) -> None:
    t = airport.traveller()
    airport.open_boarding()
    result = airport.at_gate5(t["face"])
    assert (result["decision"], result["reason"]) == ("deny", "not_security_cleared")


def test_gate_with_no_flight_boarding_denies(airport: Airport) -> None:
    t = airport.traveller()
    result = airport.at_gate5(t["face"])  # 90 minutes before departure: not yet boarding
    assert (result["decision"], result["reason"]) == ("deny", "no_flight_boarding")


def test_wrong_gate_tells_the_right_gate(airport: Airport) -> None:
    other = airport.api.flight(departs_in=timedelta(minutes=90), gate="7")
    t = airport.traveller(flight=other)
    airport.traveller()  # someone on the gate-5 flight, so gate 5 has a gallery
    airport.at_security(t["face"])
    airport.open_boarding()
    result = airport.at_gate5(t["face"])
    assert (result["decision"], result["reason"], result["gate"]) == ("deny", "wrong_gate", "7")


def test_early_traveller_at_own_gate_is_boarding_closed(airport: Airport) -> None:
    later = airport.api.flight(departs_in=timedelta(hours=4), gate="5")
    t = airport.traveller(flight=later)
    airport.traveller()
    airport.at_security(t["face"])
    airport.open_boarding()  # the 90-minute flight boards at gate 5, not the later one
    result = airport.at_gate5(t["face"])
    assert (result["decision"], result["reason"]) == ("deny", "boarding_closed")


def test_stranger_is_sent_to_the_manual_lane(airport: Airport) -> None:
    airport.traveller()
    result = airport.at_security(face())
    assert (result["decision"], result["reason"]) == ("manual", "no_match")
    assert result["flight_no"] is None


def test_claimed_boarding_pass_verifies_one_to_one(airport: Airport) -> None:
    owner, thief = airport.traveller(), airport.traveller()
    bcbp = owner["enrolment"]["boarding_pass"]["bcbp"]
    stolen = airport.at_security(thief["face"], boarding_pass=bcbp)
    assert (stolen["decision"], stolen["reason"]) == ("manual", "face_mismatch")
    own = airport.at_security(owner["face"], boarding_pass=bcbp)
    assert (own["decision"], own["reason"]) == ("open", "claim_verified")


def test_bad_inputs(airport: Airport, api: Api) -> None:
    t = airport.traveller()
    bad_template = api.client.post("/v1/touchpoints/SGN-SEC-01/scan", json={"template_b64": "AAAA"},
                                   headers=airport.security)
    assert (bad_template.status_code, bad_template.json()["code"]) == (422, "bad_template")
    nan = np.full(128, np.nan, dtype=np.float32).tobytes()
    import base64

    nan_body = {"template_b64": base64.b64encode(nan).decode()}
    assert api.client.post("/v1/touchpoints/SGN-SEC-01/scan", json=nan_body,
                           headers=airport.security).json()["code"] == "bad_template"
    body = {"template_b64": to_b64(t["face"])}
    unknown = api.client.post("/v1/touchpoints/NOPE/scan", json=body, headers=ADMIN)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "touchpoint_not_found")
    kiosk = api.client.post("/v1/touchpoints/SGN-SEC-01/scan", json=body, headers=airport.kiosk)
    assert kiosk.status_code == 403
    borrowed = api.client.post("/v1/touchpoints/SGN-SEC-01/scan", json=body, headers=airport.gate7)
    assert borrowed.status_code == 403
    bad_pass = api.client.post("/v1/touchpoints/SGN-SEC-01/scan", json={**body, "boarding_pass": "M1X"},
                               headers=airport.security)
    assert bad_pass.json()["code"] == "bad_boarding_pass"
    assert airport.events(kind="scan") == 0


def test_withdrawn_traveller_is_no_longer_recognised(airport: Airport) -> None:
    t = airport.traveller()
    airport.api.ok(airport.api.client.delete(f"/v1/enrolments/{t['enrolment']['enrolment_id']}",
                                             headers=airport.kiosk))
    assert airport.at_security(t["face"])["reason"] == "no_match"


def test_two_gates_racing_board_a_traveller_exactly_once(settings: Settings, api: Api) -> None:
    airport = Airport(api)
    t = airport.traveller()
    airport.at_security(t["face"])
    airport.open_boarding()
    api.client.__exit__(None, None, None)  # the race runs against a real server instead
    with LiveServer(create_app(settings)) as server, httpx.Client(base_url=server.url) as http:
        def board(headers_and_id: tuple[dict[str, str], str]) -> dict[str, Any]:
            headers, touchpoint = headers_and_id
            body = {"template_b64": to_b64(seen(t["face"]))}
            return http.post(f"/v1/touchpoints/{touchpoint}/scan", json=body, headers=headers).json()

        gates = [(airport.gate5, "SGN-GATE-05"), (airport.gate5b, "SGN-GATE-05B")] * 4
        with ThreadPoolExecutor(len(gates)) as pool:
            results = list(pool.map(board, gates))
        with server.ctx.db.read() as session:
            boarded = session.scalar(select(func.count()).select_from(JourneyEvent)
                                     .filter_by(pnr=t["pnr"], state_to="boarded"))
    reasons = sorted(r["reason"] for r in results)
    assert reasons.count("matched") == 1
    assert reasons.count("already_boarded") == len(gates) - 1
    assert boarded == 1


def test_a_second_instance_catches_up_with_enrolments_and_withdrawals(settings: Settings,
                                                                       airport: Airport) -> None:
    with TestClient(create_app(settings)) as other:
        t = airport.traveller()  # enrolled through the first instance
        body = {"template_b64": to_b64(seen(t["face"]))}
        seen_there = other.post("/v1/touchpoints/SGN-SEC-01/scan", json=body, headers=airport.security)
        assert seen_there.json()["reason"] == "matched"
        u = airport.traveller()
        airport.api.ok(airport.api.client.delete(f"/v1/enrolments/{u['enrolment']['enrolment_id']}",
                                                 headers=airport.kiosk))
        body = {"template_b64": to_b64(seen(u["face"]))}
        gone = other.post("/v1/touchpoints/SGN-SEC-01/scan", json=body, headers=airport.security)
        assert gone.json()["reason"] == "no_match"
