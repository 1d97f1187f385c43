"""How the pages are served: every file, strict headers, and no kiosk key in anything the browser gets."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from app.web import PAGES
from tests.builders import ADMIN_KEY
from tests.conftest import PROJECT_ROOT

WEB = PROJECT_ROOT / "app" / "web"
KIOSK_KEY = "test-pages-kiosk-key-0123456789abcdef"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("pages") / "skygate.db"
    path.write_bytes(sqlite_template.read_bytes())
    settings = Settings(database_url=f"sqlite:///{path}", environment="test", admin_api_key=ADMIN_KEY,
                        kiosk_api_key=KIOSK_KEY, log_level="WARNING")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def web_files() -> list[tuple[str, Path]]:
    """(url, file) for every file the pages are made of."""
    out = []
    for prefix, folder in PAGES.items():
        for file in sorted((WEB / folder).rglob("*")):
            if file.is_file():
                out.append((f"{prefix}/{file.relative_to(WEB / folder).as_posix()}", file))
    return out


def test_every_page_file_is_served_with_a_strict_content_security_policy(client: TestClient) -> None:
    assert len(web_files()) >= 10
    for url, file in web_files():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content == file.read_bytes(), url
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe" not in policy, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["permissions-policy"].startswith("camera=(self)")


@pytest.mark.parametrize("page", ["/kiosk", "/dashboard"])
def test_page_urls_without_a_slash_lead_to_the_page(client: TestClient, page: str) -> None:
    response = client.get(page, follow_redirects=False)
    assert response.status_code in (307, 308) and response.headers["location"].endswith(f"{page}/")
    assert "<!doctype html>" in client.get(page).text.lower()


def test_the_kiosk_key_never_reaches_the_browser(client: TestClient) -> None:
    bodies = [client.get(url).text for url, _ in web_files()]
    bodies += [client.get(url).text for url in ("/kiosk/api/config", "/kiosk/api/bookings/ZZZZZZ",
                                                "/kiosk/api/bookings?personal_id=079190000001",
                                                "/openapi.json")]
    assert all(KIOSK_KEY not in body for body in bodies)
    kiosk_code = "".join(f.read_text(encoding="utf-8") for f in (WEB / "kiosk").glob("*.js"))
    assert "X-API-Key" not in kiosk_code  # the kiosk page never sends a key at all


def test_kiosk_answers_are_not_cached(client: TestClient) -> None:
    assert client.get("/kiosk/api/config").headers["cache-control"] == "no-store"


def test_the_package_ships_every_kind_of_page_file() -> None:
    setuptools = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = setuptools["package-data"]["*"]
    suffixes = {file.suffix for _, file in web_files()}
    assert {f"*{s}" for s in suffixes} <= set(patterns)
