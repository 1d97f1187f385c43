"""Enrolment over HTTP with real photos, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select

from app.db.models import Enrolment, JourneyEvent
from enrollment.boarding_pass import parse_bcbp
from matching.templates import to_b64
from tests.builders import ADMIN, Api
from tests.photos import BIDEN, NO_FACE, OBAMA, OBAMA_OTHER, TRUNCATED, TWO_PEOPLE

pytestmark = pytest.mark.realface


@pytest.fixture
def setup(api: Api, face_template) -> dict[str, Any]:  # noqa: ANN001
    """A level-2 citizen whose registry reference is obama.jpg, booked on a flight in 3 hours."""
    citizen = api.citizen(name="Nguyễn Văn An", sex="male", born="1961-08-04")
    api.ok(
        api.client.put(
            f"/v1/citizens/{citizen['personal_id']}/reference-face",
            json={"template_b64": to_b64(face_template(OBAMA))},
            headers=ADMIN,
        )
    )
    flight = api.flight(departs_in=timedelta(hours=3))
    booking = api.booking(flight=flight, citizen=citizen, seat="12A", checked_bags=1)
    return {"citizen": citizen, "flight": flight, "booking": booking, "kiosk": api.device("kiosk")}


def enrol_image(api: Api, s: dict[str, Any], image: bytes, **fields: str) -> Any:
    form = {
        "pnr": s["booking"]["pnr"],
        "personal_id": s["citizen"]["personal_id"],
        "channel": "kiosk",
        "consent": "true",
        **fields,
    }
    return api.client.post(
        "/v1/enrolments", data=form, files={"image": ("face.jpg", image, "image/jpeg")}, headers=s["kiosk"]
    )


def enrol_template(api: Api, s: dict[str, Any], template: np.ndarray, **fields: Any) -> Any:
    body = {
        "pnr": s["booking"]["pnr"],
        "personal_id": s["citizen"]["personal_id"],
        "channel": "kiosk",
        "consent": True,
        "template_b64": to_b64(template),
        **fields,
    }
    return api.client.post("/v1/enrolments", json=body, headers=s["kiosk"])


def count(api: Api, model: type) -> int:
    with api.client.app.state.ctx.db.read() as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(model)))


def test_genuine_photo_enrols_and_gets_a_boarding_pass(api: Api, setup: dict[str, Any], photo) -> None:  # noqa: ANN001
    response = enrol_image(api, setup, photo(OBAMA_OTHER))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["distance"] < body["threshold"]
    assert body["state"] == "enrolled"
    assert body["quality"]["sharpness"] > 0
    card = parse_bcbp(body["boarding_pass"]["bcbp"])
    assert card.passenger_name == "NGUYEN/VAN AN"
    assert card.leg.pnr.strip() == setup["booking"]["pnr"]
    assert card.leg.seat == "12A" and card.leg.status == "3"  # checked bags
    svg = api.client.get(body["boarding_pass"]["qr_svg_url"], headers=setup["kiosk"])
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content
    png = api.client.get(body["boarding_pass"]["qr_png_url"], headers=setup["kiosk"])
    assert png.content.startswith(b"\x89PNG")
    assert body["enrolment_id"] in api.client.app.state.ctx.galleries.galleries  # type: ignore[attr-defined]


def test_impostor_photo_is_face_mismatch_and_counts_an_attempt(
    api: Api, setup: dict[str, Any], photo
) -> None:  # noqa: ANN001
    response = enrol_image(api, setup, photo(BIDEN))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "face_mismatch"
    assert body["attempts_left"] == 4
    assert count(api, Enrolment) == 0


@pytest.mark.parametrize(
    ("relative", "code"),
    [
        (TWO_PEOPLE, "multiple_faces"),
        (NO_FACE, "no_face"),
        (TRUNCATED, "bad_image"),
    ],
)
def test_unusable_photos_are_refused_with_their_code(
    api: Api,
    setup: dict[str, Any],
    photo,  # noqa: ANN001
    relative: str,
    code: str,
) -> None:
    response = enrol_image(api, setup, photo(relative))
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert count(api, Enrolment) == 0 and count(api, JourneyEvent) == 0


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width x height pixels but is tiny on disk: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * 64) * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_bad_files_are_refused_and_the_service_stays_healthy(api: Api, setup: dict[str, Any]) -> None:
    cases = [
        (b"this is not a photo, it is text", "bad_image", 422),
        (_png_header_only(20_000, 20_000), "image_too_large", 422),
        (b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), "image_too_large", 413),
    ]
    for data, code, status in cases:
        response = enrol_image(api, setup, data)
        assert (response.status_code, response.json()["code"]) == (status, code)
    assert api.ok(api.client.get("/healthz"))["status"] == "ok"
    assert count(api, Enrolment) == 0 and count(api, JourneyEvent) == 0
    booking = api.ok(api.client.get(f"/v1/bookings/{setup['booking']['pnr']}", headers=ADMIN))
    assert booking["state"] == "booked"


def test_template_enrolment_and_reenrolment_replaces_atomically(
    api: Api, setup: dict[str, Any], face_template
) -> None:  # noqa: ANN001
    first = api.ok(enrol_template(api, setup, face_template(OBAMA_OTHER)), 201)
    again = api.ok(enrol_template(api, setup, face_template(OBAMA)), 201)
    assert again["enrolment_id"] == first["enrolment_id"]
    assert again["distance"] < first["distance"]  # the same photo as the reference
    assert again["boarding_pass"]["sequence"] == first["boarding_pass"]["sequence"]
    assert count(api, Enrolment) == 1


@pytest.mark.parametrize("consent", [None, False, "yes", 1])
def test_consent_must_be_explicit(api: Api, setup: dict[str, Any], face_template, consent: Any) -> None:  # noqa: ANN001
    response = enrol_template(api, setup, face_template(OBAMA), consent=consent)
    assert response.status_code == 422
    assert response.json()["code"] == "consent_required"


def test_level_1_citizen_is_sent_to_the_counter(api: Api, face_template) -> None:  # noqa: ANN001
    citizen = api.citizen(level=1)
    booking = api.booking(flight=api.flight(), citizen=citizen)
    s = {"citizen": citizen, "booking": booking, "kiosk": api.device("kiosk")}
    response = enrol_template(api, s, face_template(OBAMA))
    assert (response.status_code, response.json()["code"]) == (403, "not_level_2")


def test_passport_booking_is_foreign_document(api: Api, setup: dict[str, Any], face_template) -> None:  # noqa: ANN001
    booking = api.booking(
        flight=setup["flight"], passport_no="E1234567", full_name="Kim Min-jun", nationality="KR"
    )
    response = enrol_template(api, {**setup, "booking": booking}, face_template(OBAMA))
    assert (response.status_code, response.json()["code"]) == (403, "foreign_document")


def test_someone_elses_pnr_is_booking_not_found(api: Api, setup: dict[str, Any], face_template) -> None:  # noqa: ANN001
    other = api.citizen(seed=5)
    response = enrol_template(api, {**setup, "citizen": other}, face_template(OBAMA))
    assert (response.status_code, response.json()["code"]) == (404, "booking_not_found")


def test_outside_the_enrolment_window(api: Api, setup: dict[str, Any], face_template) -> None:  # noqa: ANN001
    departure = api.now() + timedelta(hours=3)
    for offset in (timedelta(hours=-25), timedelta(minutes=-30)):
        api.set_clock(departure + offset)
        response = enrol_template(api, setup, face_template(OBAMA))
        assert (response.status_code, response.json()["code"]) == (409, "outside_enrolment_window")


def test_five_failures_lock_the_booking(api: Api, setup: dict[str, Any], face_template) -> None:  # noqa: ANN001
    impostor = face_template(BIDEN)
    for left in (4, 3, 2, 1, 0):
        body = enrol_template(api, setup, impostor).json()
        assert (body["code"], body["attempts_left"]) == ("face_mismatch", left)
    locked = enrol_template(api, setup, face_template(OBAMA))
    assert (locked.status_code, locked.json()["code"]) == (409, "too_many_attempts")
    assert locked.json()["retry_after_seconds"] > 0
    api.set_clock(api.now() + timedelta(minutes=16))
    assert enrol_template(api, setup, face_template(OBAMA)).status_code == 201


def test_withdrawal_removes_the_template_everywhere(api: Api, setup: dict[str, Any], face_template) -> None:  # noqa: ANN001
    enrolled = api.ok(enrol_template(api, setup, face_template(OBAMA_OTHER)), 201)
    galleries = api.client.app.state.ctx.galleries.galleries  # type: ignore[attr-defined]
    assert enrolled["enrolment_id"] in galleries
    gone = api.ok(api.client.delete(f"/v1/enrolments/{enrolled['enrolment_id']}", headers=setup["kiosk"]))
    assert gone["status"] == "withdrawn"
    assert enrolled["enrolment_id"] not in galleries
    with api.client.app.state.ctx.db.read() as session:  # type: ignore[attr-defined]
        row = session.get(Enrolment, enrolled["enrolment_id"])
        assert row.template is None and row.status == "withdrawn"
    booking = api.ok(api.client.get(f"/v1/bookings/{setup['booking']['pnr']}", headers=ADMIN))
    assert booking["state"] == "manual_review"
    again = api.client.delete(f"/v1/enrolments/{enrolled['enrolment_id']}", headers=setup["kiosk"])
    assert again.json()["code"] == "enrolment_not_found"


def test_reference_face_from_a_photo_goes_through_the_pipeline(api: Api, photo) -> None:  # noqa: ANN001
    citizen = api.citizen()
    url = f"/v1/citizens/{citizen['personal_id']}/reference-face"
    ok = api.ok(api.client.put(url, files={"image": ("ref.jpg", photo(OBAMA), "image/jpeg")}, headers=ADMIN))
    assert ok["citizen"]["has_reference_face"] is True and ok["source"] == "photo"
    bad = api.client.put(url, files={"image": ("ref.jpg", photo(TWO_PEOPLE), "image/jpeg")}, headers=ADMIN)
    assert bad.json()["code"] == "multiple_faces"


def test_both_or_no_face_input_is_refused(api: Api, setup: dict[str, Any], photo, face_template) -> None:  # noqa: ANN001
    neither = {
        "pnr": setup["booking"]["pnr"],
        "personal_id": setup["citizen"]["personal_id"],
        "channel": "kiosk",
        "consent": True,
    }
    assert api.client.post("/v1/enrolments", json=neither, headers=setup["kiosk"]).status_code == 422
    bad = enrol_template(api, setup, face_template(OBAMA), template_b64="AAAA")
    assert bad.json()["code"] == "bad_template"
    _ = io, photo
