"""The airport-day simulation: hand-computed waits, conservation, reproducibility,
and decisions that only the service's real gate rules produce."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from app.registry.population import generate_citizens
from simulators.airport_day import model as model_module
from simulators.airport_day.config import Behaviour, DayConfig, Resources, ServiceTimes, Timing
from simulators.airport_day.model import AirportDay, DayFaces
from simulators.airport_day.population import build_day
from simulators.airport_day.run import run_scenarios, summarise
from simulators.airport_day.stats import OUTCOMES

DAY = dt.date(2026, 12, 1)
DEPARTURE = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)  # 10:00 in Ho Chi Minh City
FIXED = ServiceTimes(**{name: Timing(t.mean, 0.0) for name, t in (
    (f, getattr(ServiceTimes(), f)) for f in ServiceTimes.__dataclass_fields__)})
ONE_EACH = Resources(counters=1, kiosks=1, bag_drops=1, security_egates=1, security_lanes=1,
                     gate_egates=1, gate_agents=1)
CALM = Behaviour(domestic_lead=(90.0, 1.0, 0.0), to_gate_after_open=(0.0, 0.0), online_checkin_share=0.0,
                 impostor_rate=0.0, lookalike_rate=0.0, wrong_gate_rate=0.0, tailgate_rate=0.0)


def _tiny_day(n: int, *, adoption: float, behaviour: Behaviour = CALM, seed: int = 3):  # noqa: ANN202
    """One domestic flight of n adult level-2 citizens, no bags, nobody special."""
    citizens = [c for c in generate_citizens(4 * n, seed=seed, level2_share=1.0, locked_share=0.0)
                if c["date_of_birth"] < dt.date(1990, 1, 1)][:n]
    flight = {"flight_no": "VN201", "carrier": "VN", "origin": "SGN", "destination": "HAN",
              "departure_time": DEPARTURE, "gate": "12", "aircraft": "A321", "capacity": 200}
    bookings = [{"pnr": f"T{i:05d}", "flight_index": 0, "personal_id": c["personal_id"],
                 "full_name": c["full_name"], "document_type": "vneid", "document_no": c["personal_id"],
                 "nationality": "VN", "seat": f"{i + 1}A", "checked_bags": 0, "special": False}
                for i, c in enumerate(citizens)]
    config = DayConfig(day=DAY, pax=n, adoption=adoption, seed=seed, resources=ONE_EACH, times=FIXED,
                       behaviour=behaviour)
    return build_day(config, flights=[flight], citizens=citizens, bookings=bookings)


def _waits(sim: AirportDay, stage: str) -> list[float]:
    return sorted(round(w, 6) for _, w in sim.rec.waits.get(stage, []))


def test_deterministic_tiny_day_waits_match_the_hand_computation() -> None:
    """Ten travellers arrive together; one kiosk (75 s), one lane (25 s), one gate agent (9 s).

    Kiosk: the k-th waits 75k s. They then reach security 75 s apart, longer
    than the 25 s check, so nobody waits there. All come to the gate the
    moment boarding opens: the k-th waits 9k s for the agent.
    """
    sim = AirportDay(day := _tiny_day(10, adoption=0.0), 0.0)
    sim.run()
    assert _waits(sim, "kiosk") == [75.0 * k for k in range(10)]
    assert _waits(sim, "security_manual") == [0.0] * 10
    assert _waits(sim, "boarding_manual") == [9.0 * k for k in range(10)]
    assert Counter(sim.rec.outcome.tolist()) == {OUTCOMES.index("boarded_manual"): 10}
    summary = summarise(sim, 0.0)
    assert summary["waits_seconds"]["kiosk"]["overall"]["max"] == 675.0
    assert summary["waits_seconds"]["kiosk"]["overall"]["mean"] == pytest.approx(337.5)
    # boarding opens 40 min before departure; ten 9 s checks later everyone is on board
    opens = float(day.flight_departure[0]) - 40 * 60
    assert np.nanmax(sim.rec.outcome_at) == pytest.approx(opens + 90.0)


def test_biometric_travellers_use_the_egates_and_board_by_face() -> None:
    sim = AirportDay(_tiny_day(10, adoption=1.0), 1.0)
    sim.run()
    summary = summarise(sim, 0.0)
    assert summary["passengers"]["chose_biometric"] == 10
    assert summary["outcomes"]["boarded_biometric"] + summary["outcomes"]["boarded_manual"] == 10
    assert summary["outcomes"]["boarded_biometric"] >= 5  # most are identified at 0.42/0.45
    assert sum(summary["biometrics"]["reasons"]["security"]["genuine"].values()) >= 10


@pytest.fixture(scope="module")
def small_day():  # noqa: ANN201 - Day
    return build_day(DayConfig(pax=2500, seed=5))


def test_every_passenger_ends_boarded_or_missed_and_none_vanish(small_day) -> None:  # noqa: ANN001
    for adoption in (0.0, 0.8):
        sim = AirportDay(small_day, adoption)
        sim.run()
        assert (sim.rec.outcome >= 0).all(), "a passenger never finished"
        outcomes = summarise(sim, 0.0)["outcomes"]
        assert sum(outcomes[o] for o in OUTCOMES) == small_day.n
        assert outcomes["unfinished"] == 0
        assert outcomes["boarded_biometric"] <= sim.bio.sum()


def test_same_seed_gives_the_same_numbers(small_day) -> None:  # noqa: ANN001
    first, second = (summarise(sim, 0.0) for sim in (AirportDay(small_day, 0.8), AirportDay(small_day, 0.8))
                     if sim.run() is not None)
    for summary in (first, second):
        summary.pop("timings_seconds")  # wall-clock, the only thing allowed to differ
    assert first == second
    again = build_day(DayConfig(pax=2500, seed=5))
    assert again.pnr == small_day.pnr and np.array_equal(again.arrival, small_day.arrival)


def test_scenarios_share_passengers_and_a_higher_adoption_only_adds_biometric_travellers() -> None:
    low, high = run_scenarios(DayConfig(pax=1500, seed=6), [0.3, 0.9])
    assert low.summary["passengers"]["total"] == high.summary["passengers"]["total"]
    assert low.summary["passengers"]["chose_biometric"] < high.summary["passengers"]["chose_biometric"]
    assert high.summary["outcomes"]["boarded_biometric"] > low.summary["outcomes"]["boarded_biometric"]


def test_every_biometric_decision_goes_through_decide_scan(small_day, monkeypatch) -> None:  # noqa: ANN001
    calls = []
    real = model_module.decide_scan

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - calls through to the real rules
        calls.append(args[0].kind)
        return real(*args, **kwargs)

    monkeypatch.setattr(model_module, "decide_scan", spy)
    sim = AirportDay(small_day, 0.8)
    sim.run()
    assert len(calls) == sum(sim.rec.scans.values()) > 0


def test_tailgating_wrong_gates_and_impostors_meet_the_real_rules() -> None:
    """Outcomes only the gate rules produce: two faces in frame, the wrong gate, identity reuse."""
    behaviour = replace(Behaviour(), tailgate_rate=1.0, wrong_gate_rate=1.0, impostor_rate=0.2,
                        impostor_lookalike_share=1.0, impostor_boarding_share=0.5)
    day = build_day(DayConfig(pax=2500, seed=5, behaviour=behaviour))
    sim = AirportDay(day, 0.8, DayFaces(day))
    sim.run()
    reasons = sim.rec.reasons()
    genuine_security = reasons["security"]["genuine"]
    impostor_sessions = sum(v for k, v in sim.rec.incidents.items() if k.startswith("impostor_security_"))
    genuine_sessions = len(sim.rec.waits["security_egate"]) - impostor_sessions
    # every genuine e-gate session starts with two faces in frame (tailgating), then a scan alone
    assert genuine_security["tailgating"] == genuine_sessions > 0
    assert reasons["boarding"]["genuine"].get("wrong_gate", 0) > 0
    assert reasons["boarding"]["genuine"].get("tailgating", 0) > 0
    # impostors that look like a traveller get through now and then; the traveller then meets
    # already_cleared / already_boarded, which only the journey rules can say
    opened = sim.rec.incidents.get("impostor_security_open", 0) + sim.rec.incidents.get(
        "impostor_boarding_open", 0)
    assert opened > 0
    victims = genuine_security.get("already_cleared", 0) + reasons["boarding"]["genuine"].get(
        "already_boarded", 0)
    assert victims > 0
    assert (sim.rec.outcome >= 0).all()


def _without_timings(path) -> dict:  # noqa: ANN001
    import json

    summary = json.loads(path.read_text())
    summary.pop("runtime_seconds"), summary.pop("timings_seconds")
    return summary


def test_simulate_command_writes_the_report_and_repeats_itself(tmp_path) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from app.cli import cli

    args = ["simulate", "--airport", "DAD", "--pax", "1500", "--adoption", "0.8", "--seed", "2"]
    for name in ("first", "second"):
        result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    first = _without_timings(tmp_path / "first" / "summary.json")
    assert first == _without_timings(tmp_path / "second" / "summary.json")
    assert first["config"]["airport"] == "DAD" and first["outcomes"]["unfinished"] == 0
    for image in ("queues.png", "waits.png"):
        assert (tmp_path / "first" / image).read_bytes().startswith(b"\x89PNG")
    page = (tmp_path / "first" / "summary.md").read_text()
    assert "## Queue waits" in page and "FNIR" in page


def test_simulate_compare_writes_a_side_by_side_table(tmp_path) -> None:  # noqa: ANN001
    import json

    from typer.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(cli, ["simulate", "--pax", "1200", "--compare", "adoption=0,0.9",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = json.loads((tmp_path / "comparison.json").read_text())["scenarios"]
    assert [r["adoption"] for r in rows] == [0.0, 0.9]
    assert rows[0]["boarded_biometric"] == 0 < rows[1]["boarded_biometric"]
    assert (tmp_path / "comparison.png").read_bytes().startswith(b"\x89PNG")
    assert "| 0.9 |" in (tmp_path / "comparison.md").read_text()
    assert (tmp_path / "adoption-0.9" / "summary.json").is_file()
    bad = CliRunner().invoke(cli, ["simulate", "--pax", "100", "--compare", "threshold=0.4"])
    assert bad.exit_code != 0 and "only adoption" in bad.output
