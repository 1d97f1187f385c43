"""The pages' message tables: every error code the kiosk can meet, in Vietnamese and English."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest

from app.api.error_codes import ERRORS
from app.api.schemas.flights import FlightOut
from tests.conftest import PROJECT_ROOT

WEB = PROJECT_ROOT / "app" / "web"
KIOSK = WEB / "kiosk"
DASHBOARD = WEB / "dashboard"
PATHS = {"retry", "input", "manual"}

# Catalogue codes the kiosk's endpoints (/kiosk/api/...) cannot return, and why.
NOT_FOR_THE_KIOSK = {
    "citizen_exists": "only an admin registers citizens",
    "flight_exists": "only an admin creates flights",
    "seat_taken": "only an admin or a counter books seats",
    "touchpoint_not_found": "the kiosk acts as its own, configured touchpoint",
    "touchpoint_exists": "only an admin registers touchpoints",
    "already_seeded": "seeding is a command-line job",
    "bad_template": "the kiosk sends photos, never templates",
    "bad_boarding_pass": "boarding passes are read at gates",
    "boarding_closed": "a gate or agent decision",
    "invalid_transition": "an agent's manual check",
    "invalid_clock": "only an admin sets the clock",
}
# The enrolment refusals of enrollment/policy.py: each ends the face path at a counter.
COUNTER_CODES = {"consent_required", "foreign_document", "not_level_2", "outside_enrolment_window",
                 "face_mismatch", "too_many_attempts", "no_reference_face", "already_boarded"}
# The face pipeline's capture refusals: each asks for another photo.
RETRY_CODES = {"no_face", "multiple_faces", "face_too_small", "too_blurry", "bad_exposure", "bad_pose",
               "bad_image", "image_too_large"}


def table(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "messages.json").read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_every_error_code_the_kiosk_can_receive_has_a_message_in_both_languages() -> None:
    errors = table(KIOSK)["errors"]
    reachable = set(ERRORS) - set(NOT_FOR_THE_KIOSK)
    assert sorted(reachable - set(errors)) == []
    for code in reachable:
        entry = errors[code]
        assert entry["vi"].strip() and entry["en"].strip(), code
        assert entry["path"] in PATHS, code
        assert entry["vi"] != entry["en"], f"{code}: not translated"


def test_codes_left_out_are_catalogue_codes() -> None:
    assert set(NOT_FOR_THE_KIOSK) <= set(ERRORS)


def test_manual_path_messages_end_by_sending_the_traveller_to_the_counter() -> None:
    errors = table(KIOSK)["errors"]
    manual = {code for code, e in errors.items() if e["path"] == "manual"}
    assert manual >= COUNTER_CODES
    for code in manual:
        assert errors[code]["vi"].lower().endswith("vui lòng đến quầy số {counter}."), code
        assert errors[code]["en"].lower().endswith("please go to counter {counter}."), code


def test_capture_refusals_ask_for_another_photo() -> None:
    errors = table(KIOSK)["errors"]
    assert {code: errors[code]["path"] for code in RETRY_CODES} == dict.fromkeys(RETRY_CODES, "retry")


@pytest.mark.parametrize("folder", [KIOSK, DASHBOARD], ids=["kiosk", "dashboard"])
def test_both_languages_of_every_text_use_the_same_placeholders(folder: Path) -> None:
    messages = table(folder)
    for section in messages.values():
        for key, entry in section.items():
            assert entry["vi"].strip() and entry["en"].strip(), key
            assert placeholders(entry["vi"]) == placeholders(entry["en"]), key


def keys_used(folder: Path, script: str) -> set[str]:
    """Text keys named in the page: data-i18n attributes, t("key") calls and snake_case literals."""
    html = (folder / "index.html").read_text(encoding="utf-8")
    js = (folder / script).read_text(encoding="utf-8")
    used = set(re.findall(r'data-i18n(?:-label|-placeholder|-alt)?="(\w+)"', html))
    used |= set(re.findall(r'\bt\("(\w+)"', js))
    used |= set(re.findall(r'"([a-z]+(?:_[a-z0-9]+)+)"', js))
    return used


@pytest.mark.parametrize(("folder", "script"), [(KIOSK, "kiosk.js"), (DASHBOARD, "dashboard.js")],
                         ids=["kiosk", "dashboard"])
def test_every_text_the_page_names_is_in_its_table(folder: Path, script: str) -> None:
    messages = table(folder)
    known = set(messages["ui"]) | set(messages.get("errors", {}))
    assert sorted(keys_used(folder, script) - known) == []


@pytest.mark.parametrize("folder", [KIOSK, DASHBOARD], ids=["kiosk", "dashboard"])
def test_every_flight_status_has_a_label(folder: Path) -> None:
    statuses = get_args(FlightOut.model_fields["status"].annotation)
    assert {f"status_{s}" for s in statuses} <= set(table(folder)["ui"])


def test_every_journey_event_kind_has_a_dashboard_label() -> None:
    kinds = set()
    for module in (PROJECT_ROOT / "app" / "services").glob("*.py"):
        kinds |= set(re.findall(r'kind="(\w+)"', module.read_text(encoding="utf-8")))
    assert {"scan", "enrolment", "manual_check", "withdrawal", "purge"} <= kinds
    assert {f"kind_{k}" for k in kinds} <= set(table(DASHBOARD)["ui"])
