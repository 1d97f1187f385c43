"""An app and client per test, on each database backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.api.airport import Airport
from tests.builders import ADMIN_KEY, Api


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url, environment="test", admin_api_key=ADMIN_KEY, airport="SGN",
        log_level="WARNING",
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient) -> Api:
    """Builders that create resources through the API itself."""
    return Api(client)


@pytest.fixture
def airport(api: Api) -> Airport:
    """A flight boarding at gate 5 soon, with kiosk, security and gate devices."""
    return Airport(api)
