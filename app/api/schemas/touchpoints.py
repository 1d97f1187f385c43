"""Touchpoint (device) bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.api.schemas.common import StrictModel

__all__ = ["Role", "TouchpointCreate", "TouchpointCreated", "TouchpointOut"]

Role = Literal["admin", "kiosk", "counter", "security_gate", "boarding_gate", "agent", "app"]


class TouchpointCreate(StrictModel):
    touchpoint_id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]{1,39}$", examples=["SGN-SEC-07"])
    role: Role
    location: str = Field(min_length=1, max_length=80, examples=["Terminal 1, security lane 7"])
    gate: str | None = Field(None, max_length=8, description="Boarding gates: the gate number.")


class TouchpointOut(BaseModel):
    touchpoint_id: str
    role: Role
    airport: str
    location: str
    gate: str | None
    active: bool


class TouchpointCreated(TouchpointOut):
    api_key: str = Field(description="Shown once; only its hash is stored.")
