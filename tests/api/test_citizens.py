"""The mock VNeID registry over HTTP: register, read, and refuse bad ids."""

from __future__ import annotations

import pytest

from tests.builders import ADMIN, Api, new_citizen_body


def test_registered_citizen_reads_back_with_province_from_id(api: Api) -> None:
    body = new_citizen_body(province="048", born="2001-02-03", sex="male", name="Trần Văn Hùng")
    created = api.ok(api.client.post("/v1/citizens", json=body, headers=ADMIN), 201)
    assert created["province_code"] == "048"
    assert created["province_name"] == "Đà Nẵng"
    read = api.ok(api.client.get(f"/v1/citizens/{body['personal_id']}", headers=ADMIN))
    assert read["full_name"] == "Trần Văn Hùng"
    assert read["biometric_eligible"] is True
    assert read["has_reference_face"] is False


@pytest.mark.parametrize(
    "personal_id", ["12345", "07920301234X", "0792030123456", "０７９２０３０１２３４５"]
)
def test_malformed_personal_id_in_path_is_422(api: Api, personal_id: str) -> None:
    response = api.client.get(f"/v1/citizens/{personal_id}", headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_personal_id"


def test_century_digit_inconsistent_with_birth_year_is_refused(api: Api) -> None:
    body = new_citizen_body(born="1985-03-02")
    body["date_of_birth"] = "2005-03-02"  # the id still says born in the 1900s
    response = api.client.post("/v1/citizens", json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_personal_id"
    assert api.client.get(f"/v1/citizens/{body['personal_id']}", headers=ADMIN).status_code == 404


def test_malformed_id_in_body_uses_the_same_code(api: Api) -> None:
    body = new_citizen_body()
    body["personal_id"] = "07920"
    response = api.client.post("/v1/citizens", json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_personal_id"


def test_unknown_citizen_is_404(api: Api) -> None:
    body = new_citizen_body()
    response = api.client.get(f"/v1/citizens/{body['personal_id']}", headers=ADMIN)
    assert response.status_code == 404
    assert response.json()["code"] == "citizen_not_found"


def test_registering_twice_is_409(api: Api) -> None:
    body = new_citizen_body()
    api.ok(api.client.post("/v1/citizens", json=body, headers=ADMIN), 201)
    response = api.client.post("/v1/citizens", json=body, headers=ADMIN)
    assert response.status_code == 409
    assert response.json()["code"] == "citizen_exists"


def test_kiosk_sees_a_summary_without_date_of_birth(api: Api) -> None:
    citizen = api.citizen(level=1)
    kiosk = api.device("kiosk")
    seen = api.ok(api.client.get(f"/v1/citizens/{citizen['personal_id']}", headers=kiosk))
    assert seen["biometric_eligible"] is False
    assert "date_of_birth" not in seen and "province_code" not in seen


def test_gates_may_not_read_the_registry(api: Api) -> None:
    citizen = api.citizen()
    gate = api.device("security_gate")
    response = api.client.get(f"/v1/citizens/{citizen['personal_id']}", headers=gate)
    assert response.status_code == 403
