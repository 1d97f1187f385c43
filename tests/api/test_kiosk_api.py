"""The web kiosk's same-origin endpoints, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.db.models import Enrolment
from app.main import create_app
from app.services.kiosk import display_name
from app.settings import Settings
from enrollment.boarding_pass import parse_bcbp
from matching.templates import to_b64
from tests.api.airport import face
from tests.builders import ADMIN, ADMIN_KEY, Api
from tests.conftest import skip_or_fail
from tests.photos import BIDEN, OBAMA, OBAMA_OTHER

KIOSK_KEY = "test-kiosk-key-abcdef0123456789"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, environment="test", admin_api_key=ADMIN_KEY,
                    kiosk_api_key=KIOSK_KEY, kiosk_counter="7", airport="SGN", log_level="WARNING")


def traveller(api: Api, *, departs_in: timedelta = timedelta(hours=3), level: int = 2,
              reference: Any = None, seat: str | None = None) -> dict[str, Any]:
    """A citizen booked on a new flight; `reference` is a template for the registry, if any."""
    citizen = api.citizen(name="Nguyễn Thị Lan", level=level)
    if reference is not None:
        api.ok(api.client.put(f"/v1/citizens/{citizen['personal_id']}/reference-face",
                              json={"template_b64": to_b64(reference)}, headers=ADMIN))
    booking = api.booking(flight=api.flight(departs_in=departs_in), citizen=citizen, seat=seat)
    return {"citizen": citizen, "booking": booking, "pnr": booking["pnr"]}


def enrol(api: Api, pnr: str, image: bytes, consent: str = "true") -> Any:
    return api.client.post("/kiosk/api/enrolments", data={"pnr": pnr, "consent": consent},
                           files={"image": ("capture.jpg", image, "image/jpeg")})


def test_config_names_the_counter_and_is_ready(api: Api) -> None:
    body = api.ok(api.client.get("/kiosk/api/config"))
    assert (body["ready"], body["counter"], body["airport"]) == (True, "7", "SGN")
    assert body["retention_hours"] > 0 and body["idle_seconds"] >= 5
    assert KIOSK_KEY not in str(body)


def test_lookup_by_personal_id_shows_no_identity_numbers(api: Api) -> None:
    t = traveller(api, reference=face())
    body = api.ok(api.client.get("/kiosk/api/bookings", params={"personal_id": t["citizen"]["personal_id"]}))
    assert body["count"] == 1
    booking = body["bookings"][0]
    assert booking["pnr"] == t["pnr"] and booking["display_name"] == "Nguyễn T. L."
    assert (booking["blocked"], booking["enrolled"], booking["state"]) == (None, False, "booked")
    assert t["citizen"]["personal_id"] not in str(booking)
    assert "personal_id" not in booking and "document_no" not in booking


def test_lookup_by_pnr_and_the_codes_for_what_is_not_there(api: Api) -> None:
    t = traveller(api, reference=face())
    assert api.ok(api.client.get(f"/kiosk/api/bookings/{t['pnr'].lower()}"))["pnr"] == t["pnr"]
    for url, params, status, code in [
        ("/kiosk/api/bookings/ZZZZZZ", None, 404, "booking_not_found"),
        ("/kiosk/api/bookings", {"personal_id": "12345"}, 422, "invalid_personal_id"),
        ("/kiosk/api/bookings", {"personal_id": "079190000001"}, 404, "citizen_not_found"),
    ]:
        response = api.client.get(url, params=params)
        assert (response.status_code, response.json()["code"]) == (status, code)


def test_bookings_the_kiosk_cannot_enrol_say_why_before_any_photo(api: Api) -> None:
    flight = api.flight()
    passport = api.booking(flight=flight, passport_no="E1234567", full_name="Kim Min-jun", nationality="KR")
    cases = {
        passport["pnr"]: "foreign_document",
        traveller(api, level=1, reference=face())["pnr"]: "not_level_2",
        traveller(api, departs_in=timedelta(hours=30), reference=face())["pnr"]: "outside_enrolment_window",
        traveller(api)["pnr"]: "no_reference_face",
        traveller(api, reference=face())["pnr"]: None,
    }
    for pnr, code in cases.items():
        assert api.ok(api.client.get(f"/kiosk/api/bookings/{pnr}"))["blocked"] == code, pnr


def test_consent_comes_before_anything_is_looked_up(api: Api) -> None:
    response = enrol(api, "ZZZZZZ", b"not even an image", consent="false")
    assert (response.status_code, response.json()["code"]) == (422, "consent_required")
    response = enrol(api, "ZZZZZZ", b"not even an image")
    assert (response.status_code, response.json()["code"]) == (404, "booking_not_found")


@pytest.mark.realface
def test_genuine_photo_enrols_as_the_web_kiosk_with_an_inline_qr(api: Api, photo, face_template) -> None:  # noqa: ANN001
    t = traveller(api, reference=face_template(OBAMA), seat="14C")
    response = enrol(api, t["pnr"], photo(OBAMA_OTHER))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["qr_svg"].lstrip().startswith(("<?xml", "<svg")) and "<script" not in body["qr_svg"]
    card = parse_bcbp(body["bcbp"])
    assert (card.leg.pnr.strip(), card.leg.seat, body["seat"]) == (t["pnr"], "14C", "14C")
    assert body["full_name"] == "Nguyễn Thị Lan" and body["distance"] < body["threshold"]
    with api.client.app.state.ctx.db.read() as session:  # type: ignore[attr-defined]
        row = session.scalar(select(Enrolment).where(Enrolment.pnr == t["pnr"]))
        assert (row.channel, row.touchpoint_id) == ("kiosk", "SGN-KIOSK-WEB")
    again = api.ok(api.client.get(f"/kiosk/api/bookings/{t['pnr']}"))
    assert (again["enrolled"], again["state"]) == (True, "enrolled")


@pytest.mark.realface
def test_impostor_photo_is_face_mismatch_with_attempts_left(api: Api, photo, face_template) -> None:  # noqa: ANN001
    t = traveller(api, reference=face_template(OBAMA))
    response = enrol(api, t["pnr"], photo(BIDEN))
    body = response.json()
    assert (response.status_code, body["code"], body["attempts_left"]) == (409, "face_mismatch", 4)


def test_the_kiosk_needs_a_photo(api: Api) -> None:
    t = traveller(api, reference=face())
    response = api.client.post("/kiosk/api/enrolments", data={"pnr": t["pnr"], "consent": "true"},
                               files={"other": ("x.txt", b"x", "text/plain")})
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    template = api.client.post("/kiosk/api/enrolments", json={"pnr": t["pnr"], "consent": "true",
                                                              "template_b64": to_b64(face())})
    assert template.status_code == 422


def _kiosk_codes(client: TestClient) -> list[tuple[int, str]]:
    out = []
    for url in ("/kiosk/api/bookings?personal_id=079190000001", "/kiosk/api/bookings/ABCDEF"):
        response = client.get(url)
        out.append((response.status_code, response.json().get("code")))
    return out


def test_without_a_kiosk_key_the_kiosk_is_out_of_service(database_url: str) -> None:
    settings = Settings(database_url=database_url, environment="test", admin_api_key=ADMIN_KEY,
                        log_level="WARNING")
    with TestClient(create_app(settings)) as client:
        assert client.get("/kiosk/api/config").json()["ready"] is False
        assert _kiosk_codes(client) == [(503, "kiosk_not_configured")] * 2


@pytest.fixture
def other_role_key(database_url: str) -> Iterator[str]:
    """A key that belongs to the admin touchpoint (as if pasted into the kiosk setting by mistake)."""
    key = "another-admin-key-0123456789abcdef"
    with TestClient(create_app(Settings(database_url=database_url, environment="test", admin_api_key=key,
                                        log_level="WARNING"))):
        pass
    yield key


def test_a_kiosk_key_of_another_role_is_refused(database_url: str, other_role_key: str) -> None:
    settings = Settings(database_url=database_url, environment="test", kiosk_api_key=other_role_key,
                        log_level="WARNING")
    with TestClient(create_app(settings)) as client:
        assert client.get("/kiosk/api/config").json()["ready"] is False
        assert _kiosk_codes(client) == [(503, "kiosk_not_configured")] * 2


def test_lookups_beyond_the_rate_limit_get_429_with_retry_after(database_url: str) -> None:
    settings = Settings(database_url=database_url, environment="test", admin_api_key=ADMIN_KEY,
                        kiosk_api_key=KIOSK_KEY, kiosk_rate_limit="3/minute", log_level="WARNING")
    with TestClient(create_app(settings)) as client:
        url = "/kiosk/api/bookings?personal_id=079190000001"
        assert [client.get(url).status_code for _ in range(3)] == [404] * 3  # no such citizen: answered
        refused = client.get(url)
        assert refused.status_code == 429
        body = refused.json()
        assert body["code"] == "rate_limited" and 1 <= body["retry_after"] <= 60
        assert refused.headers["Retry-After"] == str(body["retry_after"])
        assert client.get("/kiosk/api/config").status_code == 429  # one budget for the whole kiosk API
        assert client.get("/healthz").status_code == 200  # the device API is not limited by it


def _fresh_address() -> tuple[str, int]:
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}", 4000


REDIS_URL = os.environ.get("SKYGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def test_with_redis_two_instances_share_one_budget_per_client(database_url: str) -> None:
    """Two service instances (as two workers would be) count one client's requests together."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis not reachable at {REDIS_URL}: {exc}")
    settings = Settings(database_url=database_url, environment="test", admin_api_key=ADMIN_KEY,
                        kiosk_api_key=KIOSK_KEY, kiosk_rate_limit="3/minute", rate_limit_storage=REDIS_URL,
                        log_level="WARNING")
    address, other = _fresh_address(), _fresh_address()  # no count left over from an earlier run
    with TestClient(create_app(settings), client=address) as one, \
            TestClient(create_app(settings), client=address) as two:
        url = "/kiosk/api/config"
        codes = [c.get(url).status_code for c in (one, two, one)]
        assert codes == [200, 200, 200]
        assert two.get(url).status_code == 429
        with TestClient(create_app(settings), client=other) as third:
            assert third.get(url).status_code == 200  # another kiosk has its own budget


def test_a_rate_that_is_not_a_rate_stops_start_up() -> None:
    with pytest.raises(ValueError, match="not a rate"):
        Settings(kiosk_rate_limit="lots")


def test_kiosk_and_admin_keys_must_differ() -> None:
    with pytest.raises(ValueError, match="differ"):
        Settings(admin_api_key=ADMIN_KEY, kiosk_api_key=ADMIN_KEY)


@pytest.mark.parametrize(("full", "short"), [("Nguyễn Thị Lan", "Nguyễn T. L."), ("Lê Văn", "Lê V."),
                                             ("Madonna", "Madonna"), ("  Trần   Hưng  Đạo ", "Trần H. Đ.")])
def test_display_name_keeps_the_family_name_and_initials(full: str, short: str) -> None:
    assert display_name(full) == short
