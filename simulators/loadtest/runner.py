"""Run Locust headless against the service, then check integrity and write the reports."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import gevent
from locust.env import Environment
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import make_url

from simulators.loadtest import users
from simulators.loadtest.config import LoadConfig
from simulators.loadtest.integrity import check_integrity
from simulators.loadtest.ledger import Ledger
from simulators.loadtest.plan import build_plan
from simulators.loadtest.report import endpoint_rows, print_table, write_reports

__all__ = ["run"]

_ROLE_CLASSES = {"security": users.SecurityLaneUser, "boarding": users.BoardingGateUser,
                 "kiosk": users.KioskUser, "agent": users.AgentUser}


def _user_classes(cfg: LoadConfig, plan_devices: dict[str, list]) -> list[type]:
    if cfg.only == "trivial":
        return [users.TrivialUser]
    if cfg.only == "security_scan":
        return [users.SecurityLaneUser]
    chosen = []
    for name, weight in cfg.mix.items():
        cls = _ROLE_CLASSES[name]
        if weight > 0 and plan_devices.get(cls.role):
            cls.weight = max(1, round(weight * 100))
            chosen.append(cls)
    return chosen


def _drive(env: Environment, cfg: LoadConfig, console: Console) -> float:
    runner = env.create_local_runner()
    if env.shape_class is None:
        runner.start(cfg.users, spawn_rate=cfg.spawn_rate)
    else:
        runner.start_shape()
    started = time.monotonic()
    columns = (TextColumn("load test"), BarColumn(), TextColumn("{task.fields[rps]:>7.0f} req/s"),
               TextColumn("{task.fields[users]:>4} users"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("run", total=cfg.duration_s, rps=0.0, users=0)
        while (elapsed := time.monotonic() - started) < cfg.duration_s:
            gevent.sleep(0.5)
            bar.update(task, completed=elapsed, rps=env.stats.total.current_rps, users=runner.user_count)
    runner.quit()
    return time.monotonic() - started


def run(cfg: LoadConfig) -> dict[str, Any]:
    console = Console()
    plan = build_plan(cfg.database_url, Path(cfg.keys), security_window_hours=cfg.security_window_hours,
                      demo_file=Path(cfg.demo_travellers) if cfg.demo_travellers else None,
                      faces_dir=Path(cfg.faces_dir) if cfg.faces_dir else None)
    console.print(f"plan at service time {plan.now.isoformat()}: {plan.describe()}")
    planned = plan.summary()  # now: kiosk users take travellers off the plan as they enrol them
    ledger = Ledger()
    users.configure(plan, ledger, image_share=cfg.image_share, seed=cfg.seed)
    classes = _user_classes(cfg, plan.devices)
    shape = None
    if cfg.shape == "morning_peak":
        users.MorningPeak.users, users.MorningPeak.spawn_rate = cfg.users, cfg.spawn_rate
        users.MorningPeak.duration = cfg.duration_s
        shape = users.MorningPeak()
    env = Environment(user_classes=classes, host=cfg.url, shape_class=shape)
    wall = _drive(env, cfg, console)
    rows = endpoint_rows(env)
    print_table(rows, f"{cfg.users} users, {wall:.0f} s against {cfg.url}")
    integrity = check_integrity(cfg.database_url, ledger)
    verdict = "[green]OK[/green]" if integrity.ok else "[red]FAILED[/red]"
    console.print(f"integrity {verdict}: {integrity.as_dict()}")
    report = {"config": vars(cfg), "database": make_url(cfg.database_url).get_backend_name(),
              "plan": planned, "service_time": plan.now.isoformat(), "wall_s": round(wall, 2),
              "endpoints": rows, "integrity": integrity.as_dict(),
              "decisions": _decisions(ledger)}
    write_reports(env, report, Path(cfg.out_json), Path(cfg.out_prefix))
    console.print(f"wrote {cfg.out_json}, {cfg.out_prefix}_stats.csv and {cfg.out_prefix}.html")
    return report


def _decisions(ledger: Ledger) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind, decision, reason in ledger.scans.values():
        key = f"{kind}:{decision}:{reason}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))
