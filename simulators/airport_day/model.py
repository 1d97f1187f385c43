"""The discrete-event model of one departure day (SimPy; time in seconds).

One process per passenger walks the journey:

    arrive ─► check-in (online | kiosk | counter | bag drop; enrol if biometric)
           ─► security ID check (e-gate: decide_scan; else, or on refusal, manual lane)
           ─► airside (screening, walk) ─► [wrong gate first?] ─► wait for boarding
           ─► boarding (e-gate: decide_scan; else, or on refusal, gate agent) ─► outcome

and a few impostor processes try e-gates with faces that are not theirs.
Every biometric decision is `gates.scan.decide_scan` over the service's
`AirportGalleries` and this run's `Journeys`; enrolment is the service's
`enrollment.policy` (window, eligibility, 1:1 with attempt counting); agents
apply the manual lane's transition table. Nothing here restates a gate rule.

Cut-offs: check-in refuses once its cut-off has passed (`missed_checkin`);
boarding follows the boarding window (e-gates say `boarding_closed`, agents
refuse the same way), so a passenger still queueing at the close misses the
flight, as the service's rules would have it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import simpy

from enrollment import policy
from gates.galleries import AirportGalleries
from gates.scan import ScanDecision, ScanRequest, decide_scan
from matching.errors import DomainError
from simulators.airport_day.population import CHECKIN, ENROL, Day
from simulators.airport_day.stats import Recorder
from simulators.airport_day.world import Journeys
from simulators.biometrics import SyntheticFaces, choose_lookalikes

__all__ = ["AirportDay", "DayFaces"]

Process = Generator[simpy.Event, object, object]
_ONLINE, _KIOSK, _COUNTER, _BAG_DROP = range(len(CHECKIN))
_APP = ENROL.index("app")
_LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


class DayFaces:
    """Templates of the eligible passengers, drawn once per seed (shared by scenarios)."""

    def __init__(self, day: Day) -> None:
        cfg = day.config
        rows = np.flatnonzero(day.eligible)
        self.row = np.full(day.n, -1, dtype=np.int64)
        self.row[rows] = np.arange(rows.size)
        keys = [day.face_key[i] for i in rows]
        flights: dict[int, list[str]] = {}
        for i, key in zip(rows.tolist(), keys, strict=True):
            flights.setdefault(int(day.flight[i]), []).append(key)
        pairs = choose_lookalikes(flights.values(), cfg.behaviour.lookalike_rate, cfg.seed)
        self.faces = SyntheticFaces(cfg.seed, lookalikes=pairs)
        self.lookalike_pairs = len(pairs)
        self.latent = self.faces.identity(keys)
        self.reference = self.faces.reference(keys)
        app = day.app_u[rows] < cfg.behaviour.app_enrol_share
        rng = np.random.default_rng([cfg.seed, 1])
        kiosk = self.faces.observe(self.latent, "kiosk", rng)
        selfie = self.faces.observe(self.latent, "app", rng)
        self.enrol = np.where(app[:, None], selfie, kiosk)
        self.security = self.faces.observe(self.latent, "gate", rng)
        self.boarding = self.faces.observe(self.latent, "gate", rng)

    def retry(self, i: int, condition: str, rng: np.random.Generator) -> np.ndarray:
        return self.faces.observe(self.latent[self.row[i]], condition, rng)[0]


class AirportDay:
    """One scenario (an adoption level) of one day, ready to `run`."""

    def __init__(self, day: Day, adoption: float, faces: DayFaces | None = None) -> None:
        cfg = day.config
        self.day, self.cfg, self.adoption = day, cfg, adoption
        self.faces = faces or DayFaces(day)
        self.policy = cfg.rules.gate_policy()
        self.enrolment_rules = cfg.rules.enrolment_rules()
        self.window = self.policy.boarding_window
        self.env = simpy.Environment()
        self.galleries = AirportGalleries(security_window=self.policy.security_window,
                                          boarding_window=self.window)
        self.journeys = Journeys(day, self.galleries)
        self.rec = Recorder(day.start, day.n)
        self.bio = day.biometric(adoption)
        self.checkin, self.enrol_channel = day.channels(adoption)
        self.rng = np.random.default_rng([cfg.seed, 2, int(adoption * 1_000_000)])
        res = cfg.terminal
        env = self.env
        self.res = {
            "counter": simpy.Resource(env, res.counters), "kiosk": simpy.Resource(env, res.kiosks),
            "bag_drop": simpy.Resource(env, res.bag_drops),
            "security_egate": simpy.Resource(env, res.security_egates),
            "security_manual": simpy.Resource(env, res.security_lanes),
        }
        self.gates = {gate: (simpy.Resource(env, res.gate_egates), simpy.Resource(env, res.gate_agents))
                      for gate in sorted({f["gate"] for f in day.flights})}
        self.end = float(day.flight_departure.max()) + 7200.0  # the last stragglers are settled
        self.decision_seconds = 0.0  # wall time inside decide_scan (for profiling)
        self.security_peak = 0  # largest security gallery a scan searched

    # -- helpers -------------------------------------------------------------------

    def now(self) -> datetime:
        return self.day.start + timedelta(seconds=self.env.now)

    def local_clock(self) -> str:
        """The simulated time at the airport, "HH:MM" (for progress displays)."""
        return self.now().astimezone(_LOCAL).strftime("%H:%M")

    def _queue(self, stage: str, resource: simpy.Resource) -> Generator[simpy.Event, object, object]:
        requested = self.env.now
        request = resource.request()
        yield request
        self.rec.wait(stage, requested, self.env.now - requested)
        return request

    def _decide(self, i: int | None, kind: str, probe: np.ndarray, gate: str | None,
                faces_in_frame: int, role: str) -> ScanDecision:
        req = ScanRequest(kind=kind, probe=probe, now=self.now(), gate=gate,  # type: ignore[arg-type]
                          faces_in_frame=faces_in_frame)
        started = time.perf_counter()
        decision = decide_scan(req, self.policy, self.galleries, self.journeys)
        self.decision_seconds += time.perf_counter() - started
        if kind == "security":
            self.security_peak = max(self.security_peak, self.galleries.security_size)
        self.journeys.apply(decision)
        if role == "genuine":
            identified = "none" if decision.pnr is None or decision.reason in (
                "no_match", "ambiguous_match") else (
                "self" if decision.pnr == self.day.pnr[i] else "other")  # type: ignore[index]
        else:
            identified = "someone" if decision.pnr is not None and decision.reason not in (
                "no_match", "ambiguous_match") else "none"
        self.rec.scan(kind, role, decision.reason, identified)
        if role == "genuine" and identified == "other" and decision.decision == "open":
            self.rec.incidents[f"{kind}_opened_for_wrong_traveller"] += 1
        return decision

    def _probe(self, i: int, kind: str, attempt: int) -> np.ndarray:
        if attempt == 0:
            stored = self.faces.security if kind == "security" else self.faces.boarding
            return stored[self.faces.row[i]]
        return self.faces.retry(i, "gate", self.rng)

    # -- enrolment -------------------------------------------------------------------

    def _enrol(self, i: int, channel: int) -> bool:
        """The kiosk / counter / app enrolment: the service's policy checks and 1:1."""
        day, now = self.day, self.now()
        f = int(day.flight[i])
        booking = policy.BookingFacts(day.pnr[i], day.personal_id[i], "vneid", self.journeys.departure[f])
        citizen = policy.CitizenFacts(day.personal_id[i] or "", 2, "active")
        attempts = policy.AttemptState()
        name = ENROL[channel]
        try:
            policy.check_before_capture(consent=True, personal_id=day.personal_id[i] or "", citizen=citizen,
                                        booking=booking, attempts=attempts, now=now,
                                        rules=self.enrolment_rules)
        except DomainError as exc:
            self.rec.enrolments[(name, exc.code)] += 1
            return False
        tries = 1 if channel == _APP else self.cfg.behaviour.max_kiosk_attempts
        row = self.faces.row[i]
        for attempt in range(tries):
            live = self.faces.enrol[row] if attempt == 0 else self.faces.retry(
                i, "app" if channel == _APP else "kiosk", self.rng)
            match = policy.decide_match(live=live, reference=self.faces.reference[row], attempts=attempts,
                                        now=now, rules=self.enrolment_rules)
            if match.accepted:
                self.journeys.enrol(i, live, now)
                self.rec.enrolments[(name, "enrolled")] += 1
                return True
            attempts = match.attempts
            self.rec.enrolments[(name, "face_mismatch")] += 1
        return False

    # -- processes -------------------------------------------------------------------

    def _app_channel(self) -> Process:
        """Enrolments in the VNeID app, in time order, before the travellers set off."""
        who = np.flatnonzero(self.enrol_channel == _APP)
        for i in who[np.argsort(self.day.app_enrol_at[who], kind="stable")].tolist():
            at = max(float(self.day.app_enrol_at[i]), 0.0)
            if at > self.env.now:
                yield self.env.timeout(at - self.env.now)
            self._enrol(i, _APP)

    def _arrivals(self) -> Process:
        order = np.argsort(self.day.arrival, kind="stable")
        for i in order.tolist():
            at = float(self.day.arrival[i])
            if at > self.env.now:
                yield self.env.timeout(at - self.env.now)
            self.env.process(self._passenger(i))

    def _passenger(self, i: int) -> Process:
        ok = yield from self._check_in(i)
        if not ok:
            self.rec.finish(i, "missed_checkin", self.env.now)
            return
        yield self.env.timeout(self.day.times["walk_to_security"][i])
        yield from self._security(i)
        yield self.env.timeout(self.day.times["airside"][i])
        dep = float(self.day.flight_departure[int(self.day.flight[i])])
        opens = dep - self.window.opens.total_seconds()
        go = opens + float(self.day.to_gate_offset[i])
        if go > self.env.now:
            yield self.env.timeout(go - self.env.now)
        yield from self._boarding(i, opens)

    def _check_in(self, i: int) -> Generator[simpy.Event, object, bool]:
        day, b = self.day, self.cfg.behaviour
        channel = int(self.checkin[i])
        enrol = int(self.enrol_channel[i])
        if channel == _ONLINE:
            return True
        stage = CHECKIN[channel]
        dep = float(day.flight_departure[int(day.flight[i])])
        closes = b.checkin_closes_international if day.international[i] else b.checkin_closes_domestic
        request = yield from self._queue(stage, self.res[stage])
        if self.env.now > dep - closes * 60:
            yield self.env.timeout(30.0)  # told at the desk that check-in has closed
            self.res[stage].release(request)
            return False
        if channel == _COUNTER:
            duration = day.times["counter_special" if day.special[i] else
                                 "counter_passport" if not day.vneid[i] else "counter_bags"][i]
        else:
            duration = day.times["kiosk" if channel == _KIOSK else "bag_drop"][i]
        if enrol in (ENROL.index("kiosk"), ENROL.index("counter")):
            duration += day.times["enrol_extra"][i]
            self._enrol(i, enrol)
        yield self.env.timeout(duration)
        self.res[stage].release(request)
        return True

    def _egate(self, i: int | None, kind: str, resource: simpy.Resource, stage: str, gate: str | None,
               probes: Callable[[int], np.ndarray], role: str, tailgate: bool
               ) -> Generator[simpy.Event, object, ScanDecision]:
        """Queue for an e-gate and scan up to max_biometric_attempts times."""
        request = yield from self._queue(stage, resource)
        decision: ScanDecision | None = None
        service = "security_egate" if kind == "security" else "boarding_egate"
        for attempt in range(self.cfg.behaviour.max_biometric_attempts):
            yield self.env.timeout(self.day.times[service][i] if i is not None else 10.0)
            frame = 2 if tailgate and attempt == 0 else 1
            decision = self._decide(i, kind, probes(attempt), gate, frame, role)
            if decision.decision == "open" or (decision.decision == "deny"
                                               and decision.reason != "tailgating"):
                break
        resource.release(request)
        assert decision is not None
        return decision

    def _security(self, i: int) -> Process:
        day, journeys = self.day, self.journeys
        if self.bio[i] and journeys.state[i] == "enrolled":
            decision = yield from self._egate(
                i, "security", self.res["security_egate"], "security_egate", None,
                lambda a: self._probe(i, "security", a), "genuine",
                bool(day.events_u[i, 1] < self.cfg.behaviour.tailgate_rate))
            if decision.decision == "open":
                return
            self.rec.manual_fallback["security"] += 1
        request = yield from self._queue("security_manual", self.res["security_manual"])
        yield self.env.timeout(day.times["security_manual"][i])
        if not journeys.resolve(i, "clear_security"):
            self.rec.incidents[f"agent_found_state_{journeys.state[i]}_at_security"] += 1
        self.res["security_manual"].release(request)

    def _wrong_gate(self, i: int, own: str) -> Process:
        """Scan at another gate where a flight is boarding, then walk to the right one."""
        dep = self.day.flight_departure
        opens, closes = (self.window.opens.total_seconds(), self.window.closes.total_seconds())
        open_now = np.flatnonzero((dep - opens <= self.env.now) & (self.env.now < dep - closes))
        boarding = sorted({self.journeys.gate[f] for f in open_now.tolist()} - {own})
        if not boarding:
            return
        gate = boarding[int(self.day.events_u[i, 0] * 1e6) % len(boarding)]
        yield from self._egate(i, "boarding", self.gates[gate][0], "boarding_egate", gate,
                               lambda a: self.faces.retry(i, "gate", self.rng), "genuine", False)
        yield self.env.timeout(self.day.times["wrong_gate_detour"][i])

    def _boarding(self, i: int, opens: float) -> Process:
        day, journeys = self.day, self.journeys
        f = int(day.flight[i])
        gate = journeys.gate[f]
        egates, agents = self.gates[gate]
        enrolled = self.bio[i] and self.galleries.entry(i + 1) is not None
        if enrolled and day.events_u[i, 0] < self.cfg.behaviour.wrong_gate_rate:
            yield from self._wrong_gate(i, gate)
        if self.env.now < opens:
            yield self.env.timeout(opens - self.env.now)
        if enrolled and journeys.state[i] == "security_cleared":
            decision = yield from self._egate(
                i, "boarding", egates, "boarding_egate", gate, lambda a: self._probe(i, "boarding", a),
                "genuine", bool(day.events_u[i, 2] < self.cfg.behaviour.tailgate_rate))
            if decision.decision == "open":
                self.rec.gate_boarded[gate]["egate"] += 1
                self.rec.finish(i, "boarded_biometric", self.env.now)
                return
            self.rec.manual_fallback["boarding"] += 1
        request = yield from self._queue("boarding_manual", agents)
        yield self.env.timeout(day.times["boarding_manual"][i])
        agents.release(request)
        if not self.window.is_open(journeys.departure[f], self.now()):
            self.rec.finish(i, "missed_boarding", self.env.now)
            return
        if not journeys.resolve(i, "board"):
            # The service's agent cannot board from this state (an impostor used the
            # identity, or the traveller was let through security as someone else).
            self.rec.incidents[f"agent_found_state_{journeys.state[i]}_at_boarding"] += 1
        self.rec.gate_boarded[gate]["agent"] += 1
        self.rec.finish(i, "boarded_manual", self.env.now)

    # -- impostors -------------------------------------------------------------------

    def _impostors(self) -> list[tuple[float, str, str | None, np.ndarray]]:
        """(time, kind, gate, latent) of each impostor attempt, drawn up front."""
        b, day = self.cfg.behaviour, self.day
        bio = np.flatnonzero(self.bio)
        count = int(round(b.impostor_rate * bio.size))
        if count == 0:
            return []
        rng = np.random.default_rng([self.cfg.seed, 3])
        victims = bio[rng.integers(0, bio.size, count)]
        lookalike = rng.random(count) < b.impostor_lookalike_share
        boarding = rng.random(count) < b.impostor_boarding_share
        faces = self.faces.faces
        strangers = faces.identity([f"impostor:{self.cfg.seed}:{j}" for j in range(count)])
        resembling = faces.lookalike_of([day.face_key[v] for v in victims.tolist()], tag="impostor")
        latents = np.where(lookalike[:, None], resembling, strangers)
        attempts = []
        for j, v in enumerate(victims.tolist()):
            f = int(day.flight[v])
            dep = float(day.flight_departure[f])
            if boarding[j]:
                at = dep - self.window.opens.total_seconds() + rng.random() * 1200
                attempts.append((at, "boarding", self.journeys.gate[f], latents[j]))
            else:
                attempts.append((float(day.arrival[v]) + 600 + rng.random() * 1800, "security", None,
                                 latents[j]))
        return attempts

    def _impostor(self, at: float, kind: str, gate: str | None, latent: np.ndarray) -> Process:
        if at > self.env.now:
            yield self.env.timeout(at - self.env.now)
        resource = self.res["security_egate"] if kind == "security" else self.gates[gate][0]  # type: ignore[index]
        stage = "security_egate" if kind == "security" else "boarding_egate"
        faces = self.faces.faces
        decision = yield from self._egate(
            None, kind, resource, stage, gate, lambda a: faces.observe(latent, "gate", self.rng)[0],
            "impostor", False)
        self.rec.incidents[f"impostor_{kind}_{decision.decision}"] += 1

    # -- running ---------------------------------------------------------------------

    def _monitor(self) -> Process:
        step = self.cfg.sample_minutes * 60.0
        while True:
            lengths = {stage: len(r.queue) for stage, r in self.res.items()}
            lengths["boarding_egate"] = sum(len(e.queue) for e, _ in self.gates.values())
            lengths["boarding_manual"] = sum(len(a.queue) for _, a in self.gates.values())
            self.rec.sample_queues(self.env.now, lengths)
            yield self.env.timeout(step)

    def run(self, progress: Callable[[float, float], None] | None = None, step: float = 900.0) -> Recorder:
        """Simulate until every flight has left; `progress(done, total)` in simulated seconds.

        BLAS runs single-threaded here: one search at a time over a few tens of
        thousands of rows is faster on one thread than split across cores that
        other work shares (see DESIGN.md, thread oversubscription).
        """
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):
            return self._run(progress, step)

    def _run(self, progress: Callable[[float, float], None] | None, step: float) -> Recorder:
        env = self.env
        env.process(self._app_channel())
        env.process(self._arrivals())
        env.process(self._monitor())
        for at, kind, gate, latent in self._impostors():
            env.process(self._impostor(at, kind, gate, latent))
        t = 0.0
        while t < self.end:
            t = min(t + step, self.end)
            env.run(until=t)
            if progress:
                progress(t, self.end)
        return self.rec
