"""Endpoints that take a face either as an image (multipart) or as a template (JSON).

Kiosks send photos; gate cameras and simulators send templates computed at
the edge. Both arrive at the same URL, told apart by Content-Type. The body
is read with a byte limit before anything parses it, so an oversized upload
costs at most `limit` bytes of memory and ends in 413 `image_too_large`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from app.api.problems import ApiError
from matching.errors import TooLarge

__all__ = ["Capture", "read_capture", "upload_openapi"]

Fields = TypeVar("Fields", bound=BaseModel)

# Room for the multipart envelope and form fields on top of the image itself.
_ENVELOPE = 64 * 1024


@dataclass(frozen=True, slots=True)
class Capture:
    """The form or JSON fields, plus the raw image (multipart) if one was sent."""

    fields: Any
    image: bytes | None


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the upload is {int(declared)} bytes; the limit is {limit}", code="image_too_large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the upload exceeds the limit of {limit} bytes", code="image_too_large")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # noqa: SLF001 - lets request.form() parse what we already read
    return body


def _validate(model: type[Fields], data: dict[str, Any]) -> Fields:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        from fastapi.exceptions import RequestValidationError

        raise RequestValidationError(exc.errors(include_url=False)) from None


async def read_capture(request: Request, model: type[Fields], *, max_bytes: int) -> Capture:
    """Parse JSON into `model`, or multipart fields into `model` plus the `image` file."""
    content_type = request.headers.get("content-type", "")
    body = await _read_limited(request, max_bytes + _ENVELOPE)
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body or b"null")
        except ValueError as exc:
            raise ApiError(422, "validation_error", f"the body is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise ApiError(422, "validation_error", "the JSON body must be an object")
        return Capture(_validate(model, data), None)
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=32)
        upload = form.get("image")
        fields = {k: v for k, v in form.items() if k != "image" and isinstance(v, str)}
        image = await upload.read() if isinstance(upload, UploadFile) else None
        if image is not None and len(image) > max_bytes:
            raise TooLarge(
                f"the image is {len(image)} bytes; the limit is {max_bytes}", code="image_too_large"
            )
        return Capture(_validate(model, fields), image)
    raise ApiError(
        415,
        "unsupported_media_type",
        "send application/json (with template_b64) or multipart/form-data (with image)",
    )


def upload_openapi(model: type[BaseModel], *, image_required: bool = False) -> dict[str, Any]:
    """OpenAPI for an endpoint that accepts the two content types."""
    schema = model.model_json_schema()
    form = {
        "type": "object",
        "properties": {**schema.get("properties", {}), "image": {"type": "string", "format": "binary"}},
    }
    if image_required:
        form["required"] = ["image"]
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": schema},
                "multipart/form-data": {"schema": form},
            },
        }
    }
