"""The operations dashboard's summary, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest

from app.services.dashboard import touchpoint_stats_of
from app.services.flights import AIRPORT_TZ
from tests.api.airport import Airport, face
from tests.builders import ADMIN, Api

# Mid-morning at the airport: a flight 90 minutes out is still "today".
MORNING = datetime(2026, 3, 14, 9, 0, tzinfo=AIRPORT_TZ)


@pytest.fixture
def morning(api: Api) -> Airport:
    api.set_clock(MORNING)
    return Airport(api)


def summary(api: Api, headers: dict[str, str] = ADMIN, **params: Any) -> dict[str, Any]:
    return api.ok(api.client.get("/v1/dashboard/summary", params=params, headers=headers))


def row_of(body: dict[str, Any], flight: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in body["flights"] if f["flight_id"] == flight["flight_id"])


def test_flight_counts_agree_with_the_manifest(morning: Airport, api: Api) -> None:
    a = morning
    cleared, boarded, mismatched = a.traveller(), a.traveller(), a.traveller()
    a.traveller()  # enrolled only
    api.booking(flight=a.flight, passport_no="E1234567", full_name="Kim Min-jun", nationality="KR")
    assert a.at_security(cleared["face"])["decision"] == "open"
    assert a.at_security(boarded["face"])["decision"] == "open"
    assert a.at_security(face(), pnr=mismatched["pnr"])["decision"] == "manual"
    a.open_boarding()
    assert a.at_gate5(boarded["face"])["decision"] == "open"

    row = row_of(summary(api), a.flight)
    manifest = api.ok(api.client.get(f"/v1/flights/{a.flight['flight_id']}/manifest", headers=ADMIN))
    counts = {k: row[k] for k in ("enrolled", "security_cleared", "boarded", "manual")}
    assert counts == {k: manifest["counts"][k] for k in counts}
    assert row["passengers"] == manifest["counts"]["passengers"] == 5
    assert (row["enrolled"], row["security_cleared"], row["boarded"], row["manual"]) == (4, 2, 1, 2)
    assert row["status"] == "boarding"


def test_totals_add_up_the_flights_and_skip_other_days(morning: Airport, api: Api) -> None:
    later = api.flight(departs_in=timedelta(hours=5), gate="7")
    tomorrow = api.flight(departs_in=timedelta(days=1), gate="7")
    morning.traveller()
    morning.traveller(flight=later)
    body = summary(api)
    ids = [f["flight_id"] for f in body["flights"]]
    assert ids == [morning.flight["flight_id"], later["flight_id"]]  # by departure, today only
    assert tomorrow["flight_id"] not in ids
    assert body["totals"]["flights"] == 2 and body["totals"]["enrolled"] == 2
    assert body["day"] == MORNING.date().isoformat() and body["simulated"] is True


def test_recent_events_are_newest_first_with_reason_codes(morning: Airport, api: Api) -> None:
    t = morning.traveller()
    first = morning.at_security(t["face"])
    second = morning.at_security(t["face"])
    stranger = morning.at_security(face())
    events = summary(api, limit=3)["events"]
    assert [e["event_id"] for e in events] == [stranger["event_id"], second["event_id"], first["event_id"]]
    assert [e["reason"] for e in events] == [stranger["reason"], "already_cleared", "matched"]
    assert events[2]["flight_no"] == morning.flight["flight_no"] and events[2]["pnr"] == t["pnr"]
    assert events[2]["touchpoint_id"] == "SGN-SEC-01" and events[2]["kind"] == "scan"
    older = summary(api, limit=10)["events"]
    assert older[3]["kind"] == "enrolment" and older[3]["reason"] == "enrolled"


def test_touchpoint_match_rate_and_latency_percentiles(morning: Airport, api: Api) -> None:
    travellers = [morning.traveller() for _ in range(3)]
    scans = [morning.at_security(t["face"]) for t in travellers] + [morning.at_security(face())]
    stats = {s["touchpoint_id"]: s for s in summary(api)["touchpoints"]}
    security = stats["SGN-SEC-01"]
    opened = sum(s["decision"] == "open" for s in scans)
    assert (security["scans"], security["open"]) == (4, opened)
    assert security["match_rate"] == pytest.approx(opened / 4)
    latencies = [s["latency_ms"] for s in scans]
    p50, p95 = np.percentile(latencies, [50, 95])
    assert security["latency_p50_ms"] == pytest.approx(p50, abs=1e-3)
    assert security["latency_p95_ms"] == pytest.approx(p95, abs=1e-3)
    assert sum(security["reasons"].values()) == 4 and security["reasons"]["matched"] == opened


def test_touchpoint_figures_cover_only_the_window_of_service_time(morning: Airport, api: Api) -> None:
    t = morning.traveller()
    morning.at_security(t["face"])
    assert [s["touchpoint_id"] for s in summary(api, window_minutes=15)["touchpoints"]] == ["SGN-SEC-01"]
    api.set_clock(MORNING + timedelta(minutes=20))
    later = summary(api, window_minutes=15)
    assert later["touchpoints"] == []
    assert row_of(later, morning.flight)["security_cleared"] == 1  # counts do not expire
    assert summary(api, window_minutes=30)["touchpoints"][0]["scans"] == 1


def test_dashboard_is_for_agents_and_admins(morning: Airport, api: Api) -> None:
    assert api.client.get("/v1/dashboard/summary", headers=api.device("agent")).status_code == 200
    for headers, status, code in [({}, 401, "unauthenticated"), (morning.kiosk, 403, "forbidden_role"),
                                  (morning.security, 403, "forbidden_role")]:
        response = api.client.get("/v1/dashboard/summary", headers=headers)
        assert (response.status_code, response.json()["code"]) == (status, code)


def test_touchpoint_stats_of_plain_rows() -> None:
    rows = [("G1", "open", "matched", 10.0), ("G1", "manual", "no_match", 30.0),
            ("G1", "open", "matched", None), ("A0", "deny", "wrong_gate", 5.0)]
    a0, g1 = touchpoint_stats_of(rows)
    assert (g1.scans, g1.open, g1.manual, g1.match_rate) == (3, 2, 1, pytest.approx(2 / 3))
    assert (g1.latency_p50_ms, g1.latency_p95_ms) == (20.0, 29.0)  # over the two recorded latencies
    assert g1.reasons == {"matched": 2, "no_match": 1}
    assert (a0.touchpoint_id, a0.deny, a0.match_rate) == ("A0", 1, 0.0)
    assert touchpoint_stats_of([]) == []


def test_refreshes_within_the_cache_time_share_one_summary(morning: Airport, api: Api) -> None:
    """Every open dashboard polls; within `dashboard_cache_seconds` they all get the same answer."""
    cache = api.client.app.state.ctx.dashboard_cache
    cache.ttl = 3600  # however slow this machine, the next refresh falls inside the cache time
    t = morning.traveller()
    before = summary(api, limit=5)["events"]
    scan = morning.at_security(t["face"])
    assert summary(api, limit=5)["events"] == before  # the scan is not in the cached summary yet
    cache.ttl = 0  # past the cache time (0 = off): the next refresh reads the database again
    assert summary(api, limit=5)["events"][0]["event_id"] == scan["event_id"]
