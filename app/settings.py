"""Service settings, read once from `SKYGATE_*` environment variables.

Bad values fail at start-up with a message naming the variable, because a
gate that starts with a threshold of 6.0 instead of 0.6 lets everyone through.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gates.thresholds import (
    BOARDING_REFERENCE_SIZE,
    CALIBRATED,
    CALIBRATED_CLAIMED_THRESHOLD,
    CALIBRATED_MARGIN,
    SECURITY_REFERENCE_SIZE,
)

__all__ = ["KNOWN_AIRPORTS", "Settings", "SettingsError", "get_settings", "load_settings"]

# The Vietnamese airports SkyGate models (IATA).
KNOWN_AIRPORTS = ("HAN", "SGN", "DAD", "CXR", "PQC", "HPH", "VCA", "HUI", "VII")


class Settings(BaseSettings):
    """Every tunable of the service. Distances are Euclidean on dlib templates."""

    model_config = SettingsConfigDict(env_prefix="SKYGATE_", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    database_url: str = Field(
        default="sqlite:///var/skygate.db",
        description="SQLAlchemy URL; SQLite (WAL) by default, postgresql+psycopg://... to deploy.",
    )
    auto_migrate: bool = Field(True, description="Run `alembic upgrade head` at start-up.")
    airport: str = Field("SGN", description="IATA code of the airport this service runs.")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "json", "text"] = Field(
        "auto", description="auto = JSON lines in production, readable lines otherwise."
    )

    admin_api_key: SecretStr | None = Field(
        None, description="If set, an `admin` touchpoint with this key is ensured at start-up."
    )
    kiosk_api_key: SecretStr | None = Field(
        None, description="Key the kiosk page uses server-side; never sent to the browser."
    )
    kiosk_counter: str = Field(
        "12", min_length=1, max_length=8, pattern=r"^[0-9A-Za-z-]+$",
        description="Check-in counter the web kiosk sends travellers to when the face path ends.",
    )
    kiosk_rate_limit: str = Field(
        "60/minute", description="Requests per client address to the web kiosk's endpoints "
                                 "(`limits` notation: 60/minute, 5/second), counted where "
                                 "`rate_limit_storage` says.",
    )
    rate_limit_storage: str = Field(
        "memory://", pattern=r"^(memory|redis|rediss)://",
        description="Where rate-limit counters live: memory:// (each worker counts alone) or "
                    "redis://host:6379 (one count for every worker and instance).",
    )
    dashboard_cache_seconds: float = Field(
        1.0, ge=0, le=60, description="The dashboard summary is reused for this long (wall time), "
                                      "so its cost does not grow with the dashboards open; 0 turns it off.",
    )
    kiosk_idle_seconds: float = Field(
        90.0, ge=5, le=3600, description="The web kiosk returns to its welcome screen after this idle time."
    )

    # 1:1 check at enrolment (live capture vs registry reference).
    enrolment_threshold: float = Field(0.54, gt=0, lt=2, description="1:1 limit; see docs/accuracy.md.")
    # 1:N at touchpoints: accept under the threshold AND with this margin to the best other
    # traveller; the threshold follows the gallery size (gates/thresholds.py). Defaults from
    # `skygate report accuracy`, see docs/accuracy-1n.md and docs/gates.md.
    security_threshold: float = Field(
        CALIBRATED.security.threshold, gt=0, lt=2,
        description=f"1:N threshold for a security gallery of {SECURITY_REFERENCE_SIZE:,}.")
    boarding_threshold: float = Field(
        CALIBRATED.boarding.threshold, gt=0, lt=2,
        description=f"1:N threshold for a boarding gallery (flight) of {BOARDING_REFERENCE_SIZE}.")
    threshold_slope: float = Field(
        CALIBRATED.boarding.slope, ge=0, lt=0.2,
        description="Rise of the 1:N threshold per e-fold smaller gallery (0: the same at any size).")
    claimed_threshold: float = Field(
        CALIBRATED_CLAIMED_THRESHOLD, gt=0, lt=2,
        description="1:1 threshold against a claimed booking; also caps every 1:N threshold.")
    min_margin: float = Field(CALIBRATED_MARGIN, ge=0, lt=2)

    enrolment_opens_hours: float = Field(24.0, gt=0, description="Before departure.")
    enrolment_closes_hours: float = Field(1.0, ge=0, description="Before departure.")
    boarding_opens_minutes: float = Field(40.0, gt=0, description="Before departure.")
    boarding_closes_minutes: float = Field(15.0, ge=0, description="Before departure.")
    security_window_hours: float = Field(
        12.0, gt=0, description="Security galleries hold passengers departing within this window."
    )
    retention_hours: float = Field(24.0, ge=0, description="Templates are purged this long after departure.")
    purge_interval_seconds: float = Field(300.0, gt=0)
    max_failed_attempts: int = Field(5, ge=1)
    lockout_minutes: float = Field(15.0, gt=0)

    request_threads: int = Field(
        32, ge=1, le=256,
        description="Threads for blocking request work. Scans mostly wait there for the shared "
                    "search batch and the shared commit, so more threads mean bigger batches, "
                    "not more CPU contention (BLAS runs one thread per call). Each may hold a "
                    "database connection: keep workers x (threads + 12) under PostgreSQL's "
                    "max_connections.",
    )
    max_upload_bytes: int = Field(10 * 1024 * 1024, gt=1024)
    max_image_pixels: int = Field(40_000_000, gt=10_000)
    store_images: bool = Field(False, description="Debug only: keep raw uploads under var/images.")

    @field_validator("airport")
    @classmethod
    def _known_airport(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in KNOWN_AIRPORTS:
            raise ValueError(f"unknown airport {value!r}; expected one of {', '.join(KNOWN_AIRPORTS)}")
        return code

    @field_validator("kiosk_rate_limit")
    @classmethod
    def _rate(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a rate such as 60/minute or 5/second") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError("database_url must be sqlite:///... or postgresql+psycopg://...")
        if value.startswith("postgresql:"):
            value = "postgresql+psycopg:" + value.removeprefix("postgresql:")
        return value

    @model_validator(mode="after")
    def _windows_are_ordered(self) -> Settings:
        if self.enrolment_closes_hours >= self.enrolment_opens_hours:
            raise ValueError("enrolment_closes_hours must be less than enrolment_opens_hours")
        if self.boarding_closes_minutes >= self.boarding_opens_minutes:
            raise ValueError("boarding_closes_minutes must be less than boarding_opens_minutes")
        if (self.kiosk_api_key is not None and self.admin_api_key is not None
                and self.kiosk_api_key.get_secret_value() == self.admin_api_key.get_secret_value()):
            raise ValueError("kiosk_api_key must differ from admin_api_key (the web kiosk acts with its key)")
        if self.environment == "production":
            for name in ("admin_api_key", "kiosk_api_key"):
                key = getattr(self, name)
                if key is not None and len(key.get_secret_value()) < 24:
                    raise ValueError(f"{name} must be at least 24 characters in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The database file for a file-backed SQLite URL, else None."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split("///", 1)[-1]
        return None if path in ("", ":memory:") else Path(path)


class SettingsError(ValueError):
    """Settings that cannot start the service; the message names each variable."""


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one readable message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "settings"
            name = f"SKYGATE_{field.upper()}" if error["loc"] else "settings"
            value = f" (got {error['input']!r})" if error["loc"] and "input" in error else ""
            lines.append(f"  {name}{value}: {error['msg']}")
        raise SettingsError("invalid SkyGate settings:\n" + "\n".join(lines)) from None


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests build their own `Settings` instead)."""
    return load_settings()
