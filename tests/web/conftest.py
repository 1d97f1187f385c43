"""Browser tests: Playwright drives Debian's Chromium against a live server on SQLite.

One server and one browser serve the whole module set (starting the face
model and the browser is the slow part); each test builds its own travellers
and flights, so no test depends on another's data. The service clock is set
to a fixed morning, so "today's departures" never straddle midnight.
PostgreSQL is covered by the API tests (tests/api/test_kiosk_api.py,
tests/api/test_dashboard.py), which run on both databases.

Screenshots go to a temporary folder, or to docs/screenshots when
`SKYGATE_SCREENSHOTS=1` (how the committed ones were made).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.main import create_app
from app.services.flights import AIRPORT_TZ
from app.settings import Settings
from tests.builders import ADMIN, ADMIN_KEY, Api
from tests.conftest import PROJECT_ROOT, LiveServer, skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
    # A synthetic camera (a moving test pattern, no person in it) and no permission prompt.
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
]
KIOSK_KEY = "test-web-kiosk-key-0123456789abcdef"
COUNTER = "12"
MORNING = datetime(2026, 3, 14, 9, 0, tzinfo=AIRPORT_TZ)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (never Playwright's own download)."""
    if not CHROMIUM.is_file():
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[LiveServer]:
    path = tmp_path_factory.mktemp("web") / "skygate.db"
    shutil.copy(sqlite_template, path)
    settings = Settings(database_url=f"sqlite:///{path}", environment="test", admin_api_key=ADMIN_KEY,
                        kiosk_api_key=KIOSK_KEY, kiosk_counter=COUNTER, airport="SGN", log_level="WARNING")
    with LiveServer(create_app(settings)) as live:
        yield live


@pytest.fixture(scope="session")
def api(server: LiveServer) -> Iterator[Api]:
    """The API builders over real HTTP, with the clock at a fixed morning."""
    with httpx.Client(base_url=server.url, timeout=60) as client:
        builders = Api(client)  # type: ignore[arg-type] - httpx.Client has TestClient's interface
        builders.set_clock(MORNING)
        yield builders


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    """A fresh browser context (own sessionStorage) with a kiosk-sized portrait window."""
    context = browser.new_context(viewport={"width": 1080, "height": 960}, base_url=server.url,
                                  locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: docs/screenshots with SKYGATE_SCREENSHOTS=1, else a temporary folder."""
    if os.environ.get("SKYGATE_SCREENSHOTS") == "1":
        target = PROJECT_ROOT / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def traveller(api: Api, photo):  # noqa: ANN001, ANN201 - Callable[..., dict]
    """A level-2 citizen whose registry reference is a real photo, booked on a flight in 3 hours."""

    def make(reference: str, *, name: str = "Nguyễn Văn An", seat: str = "12A", bags: int = 0,
             flight: dict[str, Any] | None = None) -> dict[str, Any]:
        citizen = api.citizen(name=name, sex="male", born="1961-08-04")
        image = {"image": ("reference.jpg", photo(reference), "image/jpeg")}
        api.ok(api.client.put(f"/v1/citizens/{citizen['personal_id']}/reference-face", files=image,
                              headers=ADMIN))
        flight = flight or api.flight(departs_in=timedelta(hours=3), gate="7")
        booking = api.booking(flight=flight, citizen=citizen, seat=seat, checked_bags=bags)
        return {"citizen": citizen, "personal_id": citizen["personal_id"], "flight": flight,
                "booking": booking, "pnr": booking["pnr"]}

    return make
