"""Field types shared by several resources."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field
from pydantic_core import PydanticCustomError

__all__ = ["AirportCode", "AwareTime", "PersonalIdStr", "StrictModel"]

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Request bodies refuse unknown fields, so a typo is an error, not a silent default."""

    model_config = ConfigDict(extra="forbid")


def _personal_id_shape(value: Any) -> Any:
    if not isinstance(value, str) or len(value) != 12 or not value.isascii() or not value.isdigit():
        raise PydanticCustomError(
            "invalid_personal_id",
            "a personal identification number is exactly 12 digits",
        )
    return value


# Shape only; province, century and birth-year checks happen in the registry codec.
PersonalIdStr = Annotated[str, BeforeValidator(_personal_id_shape)]

AirportCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["SGN"])]


def _utc(value: datetime) -> datetime:
    from datetime import UTC

    return value.astimezone(UTC)


AwareTime = Annotated[AwareDatetime, AfterValidator(_utc)]
