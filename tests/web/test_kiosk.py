"""The check-in kiosk in a real browser: enrol with a real photo, impostor, language, errors, idle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from playwright.sync_api import expect

from enrollment.boarding_pass import parse_bcbp
from tests.builders import ADMIN, Api
from tests.photos import BIDEN, OBAMA, OBAMA_OTHER
from tests.web.checks import assert_large_and_named, assert_no_raw_keys
from tests.web.conftest import COUNTER

pytestmark = pytest.mark.browser


def open_kiosk(page: Any, query: str = "") -> None:
    page.goto(f"/kiosk/{query}")
    page.wait_for_selector("body[data-ready=true]")


def on_screen(page: Any, name: str) -> None:
    page.wait_for_selector(f"body[data-screen={name}]")


def shot(page: Any, folder: Path, name: str) -> None:
    """Save a screenshot, after checking the screen's controls and texts (all of them are visible on it)."""
    assert_large_and_named(page)
    assert_no_raw_keys(page)
    page.screenshot(path=str(folder / name), full_page=True, animations="disabled")


def find_by_pnr(page: Any, pnr: str) -> None:
    page.click("#start")
    page.get_by_role("radio", name="Mã đặt chỗ").check()
    page.fill("#lookup", pnr)
    page.click("#find")
    on_screen(page, "choose")


def read_qr(png: bytes) -> str:
    """Decode like a scanner would: OpenCV's classic detector misses about 1 in 100 codes
    rendered at a non-integer module size, so try it and the ArUco-based one, enlarged
    with a wide quiet zone. A code no reader can decode still fails the test."""
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    for scale in (1, 2, 3):
        big = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
        padded = cv2.copyMakeBorder(big, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
        for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
            text, _, _ = detector.detectAndDecode(padded)
            if text:
                return text
    return ""


@pytest.mark.realface
def test_traveller_enrols_with_a_photo_and_gets_a_boarding_pass_qr(
    page: Any, api: Api, traveller: Any, faces_dir: Path, shots: Path,
) -> None:
    t = traveller(OBAMA, seat="14C", bags=1)
    open_kiosk(page)
    shot(page, shots, "kiosk-1-welcome.png")
    page.click("#start")
    on_screen(page, "identify")
    page.fill("#lookup", t["personal_id"])
    shot(page, shots, "kiosk-2-identify.png")
    page.click("#find")
    on_screen(page, "choose")
    shot(page, shots, "kiosk-3-choose.png")
    page.click(f'.booking[data-pnr="{t["pnr"]}"]')
    on_screen(page, "consent")
    shot(page, shots, "kiosk-4-consent.png")
    page.click("#agree")
    on_screen(page, "capture")
    page.wait_for_selector("#shoot:not([disabled])")  # the (synthetic) camera is live
    shot(page, shots, "kiosk-5-capture.png")
    page.set_input_files("#upload", str(faces_dir / OBAMA_OTHER))
    on_screen(page, "result")
    expect(page.locator("#qr")).to_have_js_property("complete", True)
    assert page.locator("#qr").evaluate("img => img.naturalWidth") > 0
    shot(page, shots, "kiosk-6-boarding-pass.png")

    assert page.text_content("[data-field=seat]") == "14C"
    assert page.text_content("[data-field=flight]").startswith(t["flight"]["flight_no"])
    assert f"quầy số {COUNTER}" in page.text_content("#bags")  # checked bag: drop at the counter
    scanned = read_qr(page.locator("#qr").screenshot())
    assert scanned == page.text_content("#bcbp")
    assert parse_bcbp(scanned).leg.pnr.strip() == t["pnr"]
    booking = api.ok(api.client.get(f"/v1/bookings/{t['pnr']}", headers=ADMIN))
    assert booking["state"] == "enrolled" and booking["enrolment_id"] is not None
    page.click("#done")
    on_screen(page, "welcome")


@pytest.mark.realface
def test_impostor_photo_sends_the_traveller_to_the_counter_in_both_languages(
    page: Any, traveller: Any, faces_dir: Path, shots: Path,
) -> None:
    t = traveller(OBAMA)
    open_kiosk(page)
    find_by_pnr(page, t["pnr"])
    page.click(".booking")
    page.click("#agree")
    page.set_input_files("#upload", str(faces_dir / BIDEN))
    on_screen(page, "result")
    failure = page.locator("#failure")
    assert failure.get_attribute("data-code") == "face_mismatch"
    assert failure.text_content().endswith(f"vui lòng đến quầy số {COUNTER}.")
    assert page.is_visible("#retry")  # attempts are left
    shot(page, shots, "kiosk-7-counter.png")

    page.click("#lang")
    assert page.get_attribute("html", "lang") == "en"
    assert failure.text_content().endswith(f"please go to counter {COUNTER}.")
    assert page.text_content("#result-title") == "Check-in not completed"
    shot(page, shots, "kiosk-8-counter-en.png")
    page.click("#lang")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.text_content("#lang") == "English"


def test_keyboard_alone_reaches_identify_and_errors_show_in_place(page: Any) -> None:
    open_kiosk(page)
    assert page.evaluate("document.activeElement.id") == "welcome-title"  # each screen focuses its heading
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "start"
    page.keyboard.press("Enter")
    on_screen(page, "identify")
    page.focus("#lookup")
    page.keyboard.type("12345")
    page.keyboard.press("Enter")
    assert page.text_content("#identify-error") == "Số định danh cá nhân gồm đúng 12 chữ số."
    page.fill("#lookup", "079190000001")
    page.keyboard.press("Enter")
    page.wait_for_selector("#identify-error[data-code=citizen_not_found]")
    assert page.get_attribute("#lookup", "aria-invalid") == "true"
    assert page.evaluate("document.body.dataset.screen") == "identify"


def test_a_passport_booking_goes_to_the_counter_without_a_photo(page: Any, api: Api) -> None:
    flight = api.flight(gate="9")
    booking = api.booking(flight=flight, passport_no="E7654321", full_name="Kim Min-jun", nationality="KR")
    open_kiosk(page, "?lang=en")
    page.click("#start")
    page.get_by_role("radio", name="Booking code").check()
    page.fill("#lookup", booking["pnr"])
    page.click("#find")
    on_screen(page, "choose")
    assert page.text_content(".booking .tag").endswith(f"Please go to counter {COUNTER}.")
    page.click(".booking")
    on_screen(page, "result")  # no consent, no capture
    assert page.get_attribute("#failure", "data-code") == "foreign_document"


def test_idle_kiosk_warns_then_returns_to_welcome(page: Any, shots: Path) -> None:
    open_kiosk(page, "?idle=3")
    page.click("#start")
    on_screen(page, "identify")
    page.fill("#lookup", "0791")
    page.wait_for_selector("#idle:not([hidden])", timeout=5000)
    page.screenshot(path=str(shots / "kiosk-9-idle.png"), animations="disabled")
    on_screen(page, "welcome")
    page.click("#start")
    assert page.input_value("#lookup") == ""  # nothing of the last traveller is left
