"""One traveller with real photos, from the kiosk through security to the aircraft door."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from matching.templates import to_b64
from tests.builders import ADMIN, Api
from tests.photos import OBAMA, OBAMA_OTHER, TWO_PEOPLE

pytestmark = pytest.mark.realface

SECURITY_PHOTO = "face_recognition/obama/obama-480p.jpg"


def tiny(photo: bytes, size: int) -> bytes:
    """The same photo shrunk to `size` pixels on a 640 x 480 frame: the face gets too small."""
    image = Image.open(io.BytesIO(photo)).convert("RGB")
    image.thumbnail((size, size))
    canvas = Image.new("RGB", (640, 480), (128, 128, 128))
    canvas.paste(image, ((640 - image.width) // 2, (480 - image.height) // 2))
    out = io.BytesIO()
    canvas.save(out, "JPEG")
    return out.getvalue()


def test_demo_citizen_walks_from_kiosk_to_aircraft_with_photos(api: Api, photo, face_template) -> None:  # noqa: ANN001
    citizen = api.citizen(name="Nguyễn Văn An", sex="male", born="1961-08-04")
    api.ok(api.client.put(f"/v1/citizens/{citizen['personal_id']}/reference-face",
                          json={"template_b64": to_b64(face_template(OBAMA))}, headers=ADMIN))
    flight = api.flight(departs_in=timedelta(hours=2), gate="9")
    booking = api.booking(flight=flight, citizen=citizen, seat="3C")
    kiosk, lane = api.device("kiosk"), api.device("security_gate", touchpoint_id="SGN-SEC-02")
    gate = api.device("boarding_gate", gate="9", touchpoint_id="SGN-GATE-09")

    form = {"pnr": booking["pnr"], "personal_id": citizen["personal_id"], "channel": "kiosk",
            "consent": "true"}
    enrolled = api.client.post("/v1/enrolments", data=form, headers=kiosk,
                               files={"image": ("live.jpg", photo(OBAMA_OTHER), "image/jpeg")})
    assert enrolled.status_code == 201, enrolled.text

    def post(touchpoint: str, headers: dict[str, str], image: bytes):  # noqa: ANN202
        return api.client.post(f"/v1/touchpoints/{touchpoint}/scan", headers=headers,
                               files={"image": ("cam.jpg", image, "image/jpeg")})

    def scan(touchpoint: str, headers: dict[str, str], image: bytes) -> dict:
        response = post(touchpoint, headers, image)
        assert response.status_code == 200, response.text
        return response.json()

    crowd = scan("SGN-SEC-02", lane, photo(TWO_PEOPLE))
    assert (crowd["decision"], crowd["reason"]) == ("deny", "tailgating")
    nothing = post("SGN-SEC-02", lane, tiny(photo(SECURITY_PHOTO), 96))  # no face found at all
    assert (nothing.status_code, nothing.json()["code"]) == (422, "no_face")
    small = scan("SGN-SEC-02", lane, tiny(photo(SECURITY_PHOTO), 320))  # found, too small to judge
    assert (small["decision"], small["reason"], small["detail"]["problem"]) == (
        "deny", "poor_capture", "face_too_small")
    cleared = scan("SGN-SEC-02", lane, photo(SECURITY_PHOTO))
    assert (cleared["decision"], cleared["reason"], cleared["seat"]) == ("open", "matched", "3C")
    departure = api.now().fromisoformat(flight["departure_time"])
    api.set_clock(departure - timedelta(minutes=25))
    boarded = scan("SGN-GATE-09", gate, photo(OBAMA))
    assert (boarded["decision"], boarded["reason"]) == ("open", "matched")
    journey = api.ok(api.client.get(f"/v1/journeys/{booking['pnr']}", headers=ADMIN))
    assert journey["state"] == "boarded"
    assert [e["state_to"] for e in journey["events"] if e["state_to"]] == [
        "enrolled", "security_cleared", "boarded"]
