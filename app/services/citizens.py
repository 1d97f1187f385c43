"""Citizens of the mock VNeID registry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.api.schemas.citizens import CitizenCreate, CitizenOut, CitizenSummary
from app.db.models import Citizen
from app.registry import personal_id as pid_codec
from app.registry.provinces import province_name
from matching.errors import Conflict, NotFound

__all__ = ["citizen_out", "citizen_summary", "create_citizen", "get_citizen", "is_biometric_eligible"]


def create_citizen(session: Session, body: CitizenCreate, *, now: datetime) -> Citizen:
    """Register a citizen whose id agrees with their date of birth and sex."""
    decoded = pid_codec.validate(body.personal_id, date_of_birth=body.date_of_birth, sex=body.sex)
    if session.get(Citizen, body.personal_id) is not None:
        raise Conflict(f"citizen {body.personal_id} is registered already", code="citizen_exists")
    citizen = Citizen(
        **body.model_dump(), province_code=decoded.province_code, created_at=now,
    )
    session.add(citizen)
    session.flush()
    return citizen


def get_citizen(session: Session, personal_id: str) -> Citizen:
    pid_codec.validate(personal_id)
    citizen = session.get(Citizen, personal_id)
    if citizen is None:
        raise NotFound(f"no citizen {personal_id} in the registry", code="citizen_not_found")
    return citizen


def is_biometric_eligible(citizen: Citizen) -> bool:
    """Only level-2 (identity verified in person), active accounts may enrol a face."""
    return citizen.vneid_level == 2 and citizen.status == "active"


def citizen_summary(citizen: Citizen) -> CitizenSummary:
    return CitizenSummary(
        personal_id=citizen.personal_id, full_name=citizen.full_name,
        vneid_level=citizen.vneid_level, status=citizen.status,
        biometric_eligible=is_biometric_eligible(citizen),
    )


def citizen_out(citizen: Citizen) -> CitizenOut:
    return CitizenOut(
        **citizen_summary(citizen).model_dump(),
        date_of_birth=citizen.date_of_birth, sex=citizen.sex,  # type: ignore[arg-type]
        province_code=citizen.province_code, province_name=province_name(citizen.province_code),
        has_reference_face=citizen.reference_template is not None,
        reference_updated_at=citizen.reference_updated_at, created_at=citizen.created_at,
    )
