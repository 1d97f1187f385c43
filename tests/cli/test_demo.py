"""`skygate demo`: seeds, serves, and takes its service down with it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import PROJECT_ROOT, free_port


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout:.0f} s")


def _answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=1)
    except httpx.HTTPError:
        return False
    return True


def test_demo_serves_a_seeded_airport_and_sigterm_stops_its_service(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "SKYGATE_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    demo = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "demo", "--port", str(port), "--citizens", "600", "--pax", "400",
         "--keys-out", str(tmp_path / "keys.json"), "--no-simulate"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # its own process group: whatever happens, the cleanup reaches the server
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/healthz", demo)
        flights = httpx.get(f"{base}/v1/flights", headers={"X-API-Key": _admin_key(tmp_path)}, timeout=10)
        assert flights.status_code == 200 and flights.json()["count"] > 0
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=40) == 128 + signal.SIGTERM
        assert not _answers(f"{base}/healthz"), "the demo's service outlived it"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(demo.pid, signal.SIGKILL)
        demo.wait(timeout=10)


def _admin_key(folder: Path) -> str:
    import json

    keys = json.loads((folder / "keys.json").read_text(encoding="utf-8"))
    return next(k["api_key"] for k in keys if k["role"] == "admin")
