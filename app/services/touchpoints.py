"""Touchpoints (devices) and their API keys."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Touchpoint
from matching.errors import Conflict, NotFound

__all__ = [
    "ROLES",
    "Device",
    "DeviceCache",
    "create_touchpoint",
    "get_touchpoint",
    "hash_key",
    "new_api_key",
]

ROLES = ("admin", "kiosk", "counter", "security_gate", "boarding_gate", "agent", "app")


def new_api_key() -> str:
    """A fresh key: 32 random bytes, URL-safe."""
    return "sg_" + secrets.token_urlsafe(32)


def hash_key(api_key: str) -> str:
    """SHA-256 hex of a key; only the hash is stored."""
    return hashlib.sha256(api_key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Device:
    """The authenticated caller: one touchpoint with one role."""

    touchpoint_id: str
    role: str
    airport: str
    location: str
    gate: str | None


def _device(row: Touchpoint) -> Device:
    return Device(row.touchpoint_id, row.role, row.airport, row.location, row.gate)


def create_touchpoint(
    session: Session,
    *,
    touchpoint_id: str,
    role: str,
    airport: str,
    location: str,
    gate: str | None,
    now: datetime,
    api_key: str | None = None,
) -> str:
    """Register a device and return its API key (shown once, stored hashed)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if session.get(Touchpoint, touchpoint_id) is not None:
        raise Conflict(f"touchpoint {touchpoint_id} exists", code="touchpoint_exists")
    api_key = api_key or new_api_key()
    session.add(
        Touchpoint(
            touchpoint_id=touchpoint_id, role=role, airport=airport, location=location,
            gate=gate, api_key_hash=hash_key(api_key), active=True, created_at=now,
        )
    )
    return api_key


def get_touchpoint(session: Session, touchpoint_id: str) -> Touchpoint:
    row = session.get(Touchpoint, touchpoint_id)
    if row is None:
        raise NotFound(f"no touchpoint {touchpoint_id}", code="touchpoint_not_found")
    return row


class DeviceCache:
    """Key-hash -> Device lookups, cached for `ttl` seconds.

    Every request authenticates; without the cache each one would cost a
    database round trip. A deactivated key stops working within `ttl`.
    """

    def __init__(self, ttl: float = 30.0) -> None:
        self._ttl = ttl
        self._entries: dict[str, tuple[float, Device | None]] = {}
        self._lock = threading.Lock()

    def cached(self, api_key: str) -> tuple[bool, Device | None]:
        """(found, device) without touching the database: the event loop may call this."""
        return self._hit(hash_key(api_key))

    def _hit(self, digest: str) -> tuple[bool, Device | None]:
        hit = self._entries.get(digest)
        if hit is not None and time.monotonic() - hit[0] < self._ttl:
            return True, hit[1]
        return False, None

    def lookup(self, session_factory, api_key: str) -> Device | None:  # noqa: ANN001
        digest = hash_key(api_key)
        found, device = self._hit(digest)
        if found:
            return device
        with session_factory() as session:
            row = session.scalar(
                select(Touchpoint).where(Touchpoint.api_key_hash == digest, Touchpoint.active)
            )
            device = _device(row) if row is not None else None
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[digest] = (time.monotonic(), device)
        return device

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
