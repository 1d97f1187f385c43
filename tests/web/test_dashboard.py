"""The operations dashboard in a real browser: staff sign-in, live counts and gate decisions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from matching.templates import to_b64
from tests.api.airport import face, seen
from tests.builders import ADMIN, Api
from tests.photos import OBAMA, OBAMA_OTHER
from tests.web.checks import assert_large_and_named
from tests.web.conftest import KIOSK_KEY

pytestmark = [pytest.mark.browser, pytest.mark.realface]

OBAMA_GATE = "face_recognition/obama/obama-720p.jpg"  # the gate camera's capture


def enrol_synthetic(api: Api, kiosk: dict[str, str], flight: dict[str, Any]) -> Any:
    """A traveller on `flight` enrolled with a synthetic template; returns their face."""
    identity = face()
    citizen = api.citizen(sex="female")
    api.ok(api.client.put(f"/v1/citizens/{citizen['personal_id']}/reference-face",
                          json={"template_b64": to_b64(identity)}, headers=ADMIN))
    booking = api.booking(flight=flight, citizen=citizen)
    body = {"pnr": booking["pnr"], "personal_id": citizen["personal_id"], "channel": "kiosk",
            "consent": True, "template_b64": to_b64(seen(identity))}
    api.ok(api.client.post("/v1/enrolments", json=body, headers=kiosk), 201)
    return identity


def busy_morning(api: Api, security: dict[str, str]) -> int:
    """Two more departures, one boarding now, whose travellers pass security and the gate.

    Returns how many scans the security lane made.
    """
    kiosk = api.device("kiosk")
    gate3 = api.device("boarding_gate", gate="3", touchpoint_id="SGN-GATE-03")
    boarding = api.flight(departs_in=timedelta(minutes=75), gate="3")
    later = api.flight(departs_in=timedelta(hours=5), gate="11")
    first = [enrol_synthetic(api, kiosk, boarding) for _ in range(4)]
    second = [enrol_synthetic(api, kiosk, later) for _ in range(3)]
    api.booking(flight=boarding, passport_no="E1234567", full_name="Kim Min-jun", nationality="KR")
    api.set_clock(datetime.fromisoformat(api.now().isoformat()) + timedelta(minutes=36))  # gate 3 boards

    def scan(touchpoint: str, headers: dict[str, str], who: Any) -> None:
        api.ok(api.client.post(f"/v1/touchpoints/{touchpoint}/scan", headers=headers,
                               json={"template_b64": to_b64(seen(who))}))

    at_security = [*first[:3], *second[:2], face()]  # the last is nobody: a manual decision
    for who in at_security:
        scan("SGN-SEC-WEB", security, who)
    for who in first[:2]:
        scan("SGN-GATE-03", gate3, who)
    return len(at_security)


def cell(page: Any, flight_no: str, column: str) -> Any:
    return page.locator(f'tr[data-flight="{flight_no}"] td.{column}')


def test_dashboard_shows_a_new_enrolment_and_a_gate_decision_live(
    page: Any, api: Api, traveller: Any, photo: Any, shots: Path,
) -> None:
    security = api.device("security_gate", touchpoint_id="SGN-SEC-WEB")
    agent = api.device("agent")
    security_scans = busy_morning(api, security)
    t = traveller(OBAMA, name="Trần Văn Minh", seat="3A")
    flight_no = t["flight"]["flight_no"]

    page.goto("/dashboard/?interval=300")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#key", KIOSK_KEY)  # a kiosk may not watch the airport
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_selector("#key-error:not([hidden])")
    assert "agent" in page.text_content("#key-error")
    page.fill("#key", agent["X-API-Key"])
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_selector(f'tr[data-flight="{flight_no}"]')
    expect(cell(page, flight_no, "enrolled")).to_have_text("0")
    expect(cell(page, flight_no, "num").first).to_have_text("1")  # passengers

    enrolled = api.client.post("/kiosk/api/enrolments", data={"pnr": t["pnr"], "consent": "true"},
                               files={"image": ("capture.jpg", photo(OBAMA_OTHER), "image/jpeg")})
    assert enrolled.status_code == 201, enrolled.text
    expect(cell(page, flight_no, "enrolled")).to_have_text("1")

    scan = api.ok(api.client.post("/v1/touchpoints/SGN-SEC-WEB/scan", headers=security,
                                  data={"pnr": t["pnr"]},
                                  files={"image": ("gate.jpg", photo(OBAMA_GATE), "image/jpeg")}))
    row = page.locator(f'tr[data-event="{scan["event_id"]}"]')
    row.wait_for()
    expect(row.locator("code")).to_have_text(scan["reason"])
    expect(row.locator(".badge")).to_have_text(scan["decision"])
    assert "SGN-SEC-WEB" in row.text_content() and t["pnr"] in row.text_content()
    gate = page.locator('tr[data-touchpoint="SGN-SEC-WEB"]')
    expect(gate.locator("td").nth(1)).to_have_text(str(security_scans + 1))
    if scan["decision"] == "open":
        expect(cell(page, flight_no, "cleared")).to_have_text("1")

    assert_large_and_named(page)
    headings = page.locator("th, h2, .total .label").all_text_contents()
    assert all(text.strip() and not re.fullmatch(r"[a-z0-9_]+", text) for text in headings), headings

    page.reload()  # the key lives in this tab's sessionStorage
    page.wait_for_selector(f'tr[data-event="{scan["event_id"]}"]')
    assert page.is_hidden("#sign-in")
    page.click("#lang")
    assert page.text_content("#departures-title") == "Today's departures"
    page.wait_for_timeout(400)  # one more refresh, so the fresh-row highlight has faded from view
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.screenshot(path=str(shots / "dashboard.png"), full_page=True, animations="disabled")
    page.click("#sign-out")
    assert page.is_visible("#sign-in") and page.evaluate("sessionStorage.length") == 0
