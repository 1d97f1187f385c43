"""Bookings: VNeID and passport travellers, seats, PNRs and what each role sees."""

from __future__ import annotations

from app.schedule.pnr import is_pnr
from tests.builders import ADMIN, Api


def test_vneid_booking_takes_name_from_registry(api: Api) -> None:
    citizen = api.citizen(name="Lê Minh Châu")
    flight = api.flight()
    booking = api.booking(flight=flight, citizen=citizen, seat="14C", checked_bags=1)
    assert is_pnr(booking["pnr"])
    assert booking["full_name"] == "Lê Minh Châu"
    assert booking["document_type"] == "vneid"
    assert booking["state"] == "booked"
    assert booking["flight"]["flight_id"] == flight["flight_id"]
    read = api.ok(api.client.get(f"/v1/bookings/{booking['pnr']}", headers=ADMIN))
    assert read["seat"] == "14C" and read["checked_bags"] == 1


def test_passport_booking_needs_name_and_nationality(api: Api) -> None:
    flight = api.flight()
    ok = api.booking(flight=flight, passport_no="E1234567", full_name="Kim Min-jun", nationality="KR")
    assert ok["document_type"] == "passport"
    assert ok["personal_id"] is None
    missing = api.client.post("/v1/bookings", json={"flight_id": flight["flight_id"], "seat": "3A",
                                                    "passport_no": "E7654321"}, headers=ADMIN)
    assert missing.status_code == 422


def test_both_or_neither_identity_is_refused(api: Api) -> None:
    citizen = api.citizen()
    flight = api.flight()
    both = {"flight_id": flight["flight_id"], "seat": "3A", "personal_id": citizen["personal_id"],
            "passport_no": "E7654321", "full_name": "X", "nationality": "KR"}
    neither = {"flight_id": flight["flight_id"], "seat": "3A"}
    for body in (both, neither):
        assert api.client.post("/v1/bookings", json=body, headers=ADMIN).status_code == 422


def test_taken_seat_is_409_and_nothing_written(api: Api) -> None:
    flight = api.flight()
    first, second = api.citizen(seed=1), api.citizen(seed=2)
    api.booking(flight=flight, citizen=first, seat="1A")
    body = {"flight_id": flight["flight_id"], "seat": "1A", "personal_id": second["personal_id"]}
    response = api.client.post("/v1/bookings", json=body, headers=ADMIN)
    assert response.status_code == 409
    assert response.json()["code"] == "seat_taken"
    listed = api.ok(api.client.get("/v1/bookings", params={"personal_id": second["personal_id"]},
                                   headers=ADMIN))
    assert listed["count"] == 0


def test_unknown_flight_citizen_and_pnr_are_404(api: Api) -> None:
    citizen = api.citizen()
    flight = api.flight()
    no_flight = api.client.post("/v1/bookings", json={"flight_id": 987654, "seat": "1A",
                                                      "personal_id": citizen["personal_id"]}, headers=ADMIN)
    assert no_flight.json()["code"] == "flight_not_found"
    ghost = api.client.post("/v1/bookings", json={"flight_id": flight["flight_id"], "seat": "1A",
                                                  "personal_id": "079190123456"}, headers=ADMIN)
    assert ghost.status_code in (404, 422)
    assert api.client.get("/v1/bookings/ZZZZZZ", headers=ADMIN).json()["code"] == "booking_not_found"


def test_kiosk_lists_a_citizens_bookings_without_document_numbers(api: Api) -> None:
    citizen = api.citizen()
    api.booking(flight=api.flight(), citizen=citizen)
    kiosk = api.device("kiosk")
    listed = api.ok(api.client.get("/v1/bookings", params={"personal_id": citizen["personal_id"]},
                                   headers=kiosk))
    assert listed["count"] == 1
    assert listed["bookings"][0]["document_no"] is None


def test_counter_may_book_but_kiosk_may_not(api: Api) -> None:
    citizen = api.citizen()
    flight = api.flight()
    body = {"flight_id": flight["flight_id"], "seat": "2B", "personal_id": citizen["personal_id"]}
    assert api.client.post("/v1/bookings", json=body, headers=api.device("kiosk")).status_code == 403
    created = api.client.post("/v1/bookings", json=body, headers=api.device("counter"))
    assert created.status_code == 201
    assert created.json()["document_no"] == citizen["personal_id"]
