"""Citizen (mock VNeID registry) bodies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.api.schemas.common import PersonalIdStr, StrictModel

__all__ = ["CitizenCreate", "CitizenOut", "CitizenSummary"]

Sex = Literal["male", "female"]
Status = Literal["active", "locked"]


class CitizenCreate(StrictModel):
    personal_id: PersonalIdStr = Field(examples=["079203012345"])
    full_name: str = Field(min_length=1, max_length=120, examples=["Nguyễn Thị Lan"])
    date_of_birth: date
    sex: Sex
    vneid_level: Literal[1, 2] = Field(description="2 = identity verified in person; needed to enrol.")
    status: Status = "active"


class CitizenSummary(BaseModel):
    """What a kiosk or the app may see: enough to greet and route the traveller."""

    personal_id: str
    full_name: str
    vneid_level: int
    status: str
    biometric_eligible: bool = Field(description="Level 2 and active: may enrol their face.")


class CitizenOut(CitizenSummary):
    """The registry record for staff roles (admin, counter, agent). Never the template."""

    date_of_birth: date
    sex: Sex
    province_code: str
    province_name: str
    has_reference_face: bool
    reference_updated_at: datetime | None
    created_at: datetime
