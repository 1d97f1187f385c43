"""Journey rules at security and boarding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gates.journey import Traveller, boarding_refusal, security_refusal
from gates.reasons import DECISION_OF, MESSAGES, decision_for
from gates.windows import BoardingWindow

DEP = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
WINDOW = BoardingWindow()


def traveller(state: str, gate: str = "12") -> Traveller:
    return Traveller(
        pnr="ABC234",
        personal_id="079190012345",
        state=state,
        flight_id=1,
        flight_no="VN213",
        gate=gate,  # type: ignore[arg-type]
        departure=DEP,
    )


def test_enrolled_traveller_passes_security_before_departure() -> None:
    assert (
        security_refusal(traveller("enrolled"), now=DEP - timedelta(hours=2), window=timedelta(hours=12))
        is None
    )


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        ("security_cleared", "already_cleared"),
        ("boarded", "already_boarded"),
        ("manual_review", "manual_review"),
        ("booked", "not_enrolled"),
    ],
)
def test_security_refuses_by_state(state: str, reason: str) -> None:
    refusal = security_refusal(traveller(state), now=DEP - timedelta(hours=2), window=timedelta(hours=12))
    assert refusal is not None and refusal.reason == reason


def test_security_refuses_flight_outside_window() -> None:
    far = security_refusal(traveller("enrolled"), now=DEP - timedelta(hours=13), window=timedelta(hours=12))
    gone = security_refusal(traveller("enrolled"), now=DEP + timedelta(minutes=1), window=timedelta(hours=12))
    assert far is not None and far.reason == "not_departing"
    assert gone is not None and gone.reason == "not_departing"


def test_cleared_traveller_boards_at_own_gate_in_window() -> None:
    assert (
        boarding_refusal(
            traveller("security_cleared"), gate="12", now=DEP - timedelta(minutes=30), window=WINDOW
        )
        is None
    )


def test_second_boarding_is_already_boarded_even_at_wrong_gate() -> None:
    refusal = boarding_refusal(traveller("boarded"), gate="3", now=DEP - timedelta(minutes=30), window=WINDOW)
    assert refusal is not None and refusal.reason == "already_boarded"


def test_wrong_gate_names_the_right_gate() -> None:
    refusal = boarding_refusal(
        traveller("security_cleared", gate="12"), gate="3", now=DEP - timedelta(minutes=30), window=WINDOW
    )
    assert refusal is not None
    assert refusal.reason == "wrong_gate"
    assert refusal.extra["gate"] == "12"


@pytest.mark.parametrize("offset", [timedelta(minutes=-41), timedelta(minutes=-15), timedelta(minutes=5)])
def test_boarding_outside_window_is_closed(offset: timedelta) -> None:
    refusal = boarding_refusal(traveller("security_cleared"), gate="12", now=DEP + offset, window=WINDOW)
    assert refusal is not None and refusal.reason == "boarding_closed"


def test_boarding_requires_security_clearance() -> None:
    refusal = boarding_refusal(
        traveller("enrolled"), gate="12", now=DEP - timedelta(minutes=30), window=WINDOW
    )
    assert refusal is not None and refusal.reason == "not_security_cleared"


def test_every_reason_has_a_message_and_unknown_fails_closed() -> None:
    assert set(DECISION_OF) == set(MESSAGES)
    assert decision_for("something_new") == "manual"
    assert decision_for("matched") == "open"
