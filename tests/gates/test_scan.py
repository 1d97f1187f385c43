"""decide_scan end to end on real in-memory galleries (the code the API and simulation share)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from gates.galleries import AirportGalleries, GalleryEntry
from gates.identification import MatchPolicy
from gates.journey import Traveller
from gates.scan import GatePolicy, ScanRequest, decide_scan
from gates.thresholds import ThresholdTable
from gates.windows import BoardingWindow

DEP = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
POLICY = GatePolicy(
    security=MatchPolicy(0.45, 0.06), boarding=MatchPolicy(0.5, 0.06), claimed_threshold=0.5,
    security_window=timedelta(hours=12), boarding_window=BoardingWindow(),
)


class World:
    """Galleries plus journey states: a tiny airport."""

    def __init__(self) -> None:
        self.galleries = AirportGalleries(security_window=POLICY.security_window,
                                          boarding_window=POLICY.boarding_window)
        self.travellers: dict[str, Traveller] = {}
        self.faces: dict[str, np.ndarray] = {}
        self.rng = np.random.default_rng(7)

    def enrol(self, pnr: str, *, gate: str = "12", flight_id: int = 1, state: str = "enrolled",
              departure: datetime = DEP, person: str | None = None) -> np.ndarray:
        face = self.rng.normal(0, 0.09, 128).astype(np.float32)  # impostors ~1.4 apart
        enrolment_id = len(self.travellers) + 1
        person = person or f"p-{pnr}"
        self.galleries.upsert(GalleryEntry(enrolment_id, pnr, person, flight_id, gate, departure), face)
        self.travellers[pnr] = Traveller(pnr, person, state, flight_id, f"VN{flight_id}", gate, departure)  # type: ignore[arg-type]
        self.faces[pnr] = face
        return face

    def pnr_of(self, enrolment_id: int) -> str:
        return self.galleries.pnr_of(enrolment_id)

    def traveller(self, pnr: str) -> Traveller | None:
        return self.travellers.get(pnr)

    def scan(self, probe: np.ndarray, *, kind: str = "security", gate: str | None = None,
             now: datetime = DEP - timedelta(minutes=30), policy: GatePolicy = POLICY,
             **kw):  # noqa: ANN003, ANN201
        req = ScanRequest(kind=kind, probe=probe, now=now, gate=gate, **kw)  # type: ignore[arg-type]
        return decide_scan(req, policy, self.galleries, self)


def capture(face: np.ndarray, noise: float = 0.01, seed: int = 1) -> np.ndarray:
    return (face + np.random.default_rng(seed).normal(0, noise, 128)).astype(np.float32)


@pytest.fixture
def world() -> World:
    w = World()
    for pnr in ("AAAAAA", "BBBBBB", "CCCCCC"):
        w.enrol(pnr)
    return w


def test_enrolled_traveller_clears_security(world: World) -> None:
    result = world.scan(capture(world.faces["BBBBBB"]))
    assert (result.decision, result.reason, result.pnr) == ("open", "matched", "BBBBBB")
    assert result.transition == ("enrolled", "security_cleared")
    assert result.margin is not None and result.margin > 0.5


def test_stranger_goes_to_manual_lane(world: World) -> None:
    stranger = np.random.default_rng(99).normal(0, 0.09, 128).astype(np.float32)
    result = world.scan(stranger)
    assert (result.decision, result.reason) == ("manual", "no_match")
    assert result.pnr is None


def test_two_faces_in_frame_is_tailgating(world: World) -> None:
    result = world.scan(capture(world.faces["AAAAAA"]), faces_in_frame=2)
    assert (result.decision, result.reason) == ("deny", "tailgating")


def test_boarding_at_gate_with_no_flight_boarding(world: World) -> None:
    result = world.scan(capture(world.faces["AAAAAA"]), kind="boarding", gate="12",
                        now=DEP - timedelta(hours=3))
    assert (result.decision, result.reason) == ("deny", "no_flight_boarding")


def test_cleared_traveller_boards(world: World) -> None:
    world.travellers["AAAAAA"] = replace(world.travellers["AAAAAA"], state="security_cleared")
    result = world.scan(capture(world.faces["AAAAAA"]), kind="boarding", gate="12")
    assert (result.decision, result.reason) == ("open", "matched")
    assert result.transition == ("security_cleared", "boarded")


def test_traveller_at_wrong_gate_is_told_the_right_one(world: World) -> None:
    face = world.enrol("DDDDDD", gate="3", flight_id=2, state="security_cleared")
    world.enrol("EEEEEE", gate="5", flight_id=3)  # a flight boarding at gate 5
    result = world.scan(capture(face), kind="boarding", gate="5")
    assert (result.decision, result.reason) == ("deny", "wrong_gate")
    assert result.extra["gate"] == "3"


def test_claimed_boarding_pass_of_someone_else_is_refused(world: World) -> None:
    result = world.scan(capture(world.faces["AAAAAA"]), claimed_pnr="BBBBBB")
    assert result.decision == "manual"
    assert result.reason == "face_mismatch"
    assert result.pnr == "BBBBBB"


def test_claim_that_agrees_opens_with_claim_verified(world: World) -> None:
    result = world.scan(capture(world.faces["CCCCCC"]), claimed_pnr="CCCCCC")
    assert (result.decision, result.reason) == ("open", "claim_verified")


def test_security_window_follows_time_both_ways(world: World) -> None:
    tomorrow = world.enrol("FFFFFF", flight_id=9, departure=DEP + timedelta(hours=20))
    early = world.scan(capture(tomorrow), now=DEP - timedelta(hours=1))
    assert early.reason == "no_match"  # not yet in the 12-hour window
    later = world.scan(capture(tomorrow), now=DEP + timedelta(hours=9))
    assert later.reason == "matched"
    back = world.scan(capture(tomorrow), now=DEP - timedelta(hours=1))
    assert back.reason == "no_match"


def test_removed_enrolment_is_gone_from_every_gallery(world: World) -> None:
    enrolment_id = next(e for e in range(1, 4) if world.galleries.pnr_of(e) == "AAAAAA")
    world.scan(capture(world.faces["AAAAAA"]))  # fills the security gallery
    assert world.galleries.remove(enrolment_id)
    assert world.scan(capture(world.faces["AAAAAA"])).reason == "no_match"
    world.travellers["BBBBBB"] = replace(world.travellers["BBBBBB"], state="security_cleared")
    boarding = world.scan(capture(world.faces["AAAAAA"]), kind="boarding", gate="12")
    assert boarding.reason == "no_match"


def test_same_person_on_two_flights_is_not_ambiguous(world: World) -> None:
    face = world.enrol("GGGGGG", flight_id=4, person="twin-free", departure=DEP + timedelta(hours=1))
    world.galleries.upsert(GalleryEntry(99, "HHHHHH", "twin-free", 5, "7", DEP + timedelta(hours=2)),
                           capture(face, 0.001))
    world.travellers["HHHHHH"] = Traveller("HHHHHH", "twin-free", "enrolled", 5, "VN5", "7",
                                           DEP + timedelta(hours=2))
    result = world.scan(capture(face))
    assert result.reason == "matched"


def _capture_at(face: np.ndarray, distance: float, seed: int = 5) -> np.ndarray:
    """A capture exactly `distance` from `face` (Euclidean)."""
    step = np.random.default_rng(seed).normal(0, 1, 128)
    return (face + distance * step / np.linalg.norm(step)).astype(np.float32)


@pytest.mark.parametrize("kind", ["security", "boarding"])
def test_threshold_follows_the_size_of_the_gallery_searched(kind: str) -> None:
    """The same capture, 0.30 from its template: opens among 3 travellers, not among 300.

    Curves rising 0.05 per e-fold smaller gallery, stated (at 50,000 and 400)
    so that both give ~0.27 for 300 travellers and ~0.45-0.51 for 3.
    """
    sizes = ThresholdTable.from_settings(security_threshold=0.02, boarding_threshold=0.26,
                                         slope=0.05, ceiling=0.6)
    policy = replace(POLICY, sizes=sizes)
    state = "enrolled" if kind == "security" else "security_cleared"
    reasons = {}
    for n in (3, 300):
        w = World()
        faces = [w.enrol(f"P{i:05d}", state=state) for i in range(n)]
        result = w.scan(_capture_at(faces[0], 0.30), kind=kind, gate="12", policy=policy)
        reasons[n] = result.reason
        # Without sizes the fixed 0.45 / 0.5 open at both sizes: the gallery size made the call.
        assert w.scan(_capture_at(faces[0], 0.30), kind=kind, gate="12").reason == "matched"
    assert reasons == {3: "matched", 300: "no_match"}
