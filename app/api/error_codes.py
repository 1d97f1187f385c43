"""The catalogue of machine-readable error codes.

Every `code` the API can return is listed here with its HTTP status and a
short title; the problem document's `type` points at `/errors/{code}`, which
serves this entry. The kiosk maps the same codes to its messages (a test
checks that every code it can receive has one).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ERRORS", "ErrorCode", "STATUS_BY_CATEGORY", "lookup"]

STATUS_BY_CATEGORY = {
    "invalid": 422,
    "not_found": 404,
    "forbidden": 403,
    "conflict": 409,
    "too_large": 413,
    "unavailable": 503,
}


@dataclass(frozen=True, slots=True)
class ErrorCode:
    code: str
    status: int
    title: str
    description: str


_TABLE: list[tuple[str, int, str, str]] = [
    # Requests and authentication
    ("validation_error", 422, "Invalid request", "The request body or parameters do not match the schema; `errors` lists each problem."),
    ("invalid_request", 422, "Invalid request", "The request is well-formed but cannot be processed as sent."),
    ("unauthenticated", 401, "API key required", "The `X-API-Key` header is missing or does not belong to an active touchpoint."),
    ("forbidden_role", 403, "Role not allowed", "This touchpoint's role may not call this endpoint."),
    ("not_found", 404, "Not found", "No such resource or route."),
    ("method_not_allowed", 405, "Method not allowed", "The route exists but not with this HTTP method."),
    ("payload_too_large", 413, "Request too large", "The request body exceeds the configured limit."),
    ("unsupported_media_type", 415, "Unsupported media type", "Send JSON, or multipart/form-data for images."),
    ("rate_limited", 429, "Too many requests", "This client sent more requests than the limit allows (the web kiosk's endpoints); wait `retry_after` seconds."),
    ("internal_error", 500, "Internal error", "An unexpected failure; it is logged with the request id."),
    ("unavailable", 503, "Not ready", "The service is starting or its database is unreachable."),
    # Registry, flights, bookings
    ("invalid_personal_id", 422, "Invalid personal identification number", "Twelve digits: province code, century/sex digit, birth year, six digits; they must agree with the date of birth and sex."),
    ("citizen_not_found", 404, "Citizen not found", "No citizen with this personal identification number in the registry."),
    ("citizen_exists", 409, "Citizen already registered", "A citizen with this personal identification number exists."),
    ("flight_not_found", 404, "Flight not found", "No flight with this id."),
    ("flight_exists", 409, "Flight already exists", "A flight with this number departs at this time already."),
    ("booking_not_found", 404, "Booking not found", "No booking with this PNR (or it belongs to someone else)."),
    ("seat_taken", 409, "Seat taken", "Another booking on this flight holds this seat."),
    ("touchpoint_not_found", 404, "Touchpoint not found", "No touchpoint with this id."),
    ("touchpoint_exists", 409, "Touchpoint exists", "A touchpoint with this id is registered already."),
    ("already_seeded", 409, "Already seeded", "This airport-day has flights already; seeding refuses to run twice."),
    # Images and templates
    ("bad_image", 422, "Unreadable image", "Not a complete JPEG, PNG or WebP file (the format is read from the bytes, not the name)."),
    ("image_too_large", 422, "Image too large", "Over the pixel limit (422), or over the byte limit (then the status is 413)."),
    ("bad_template", 422, "Invalid template", "template_b64 must be base64 of 128 little-endian float32 values, all finite."),
    ("no_face", 422, "No face", "No face was found in the image."),
    ("multiple_faces", 422, "Several faces", "More than one large face is in the frame; one traveller at a time."),
    ("face_too_small", 422, "Face too small", "The face is too small in the frame to check reliably; come closer."),
    ("too_blurry", 422, "Too blurry", "The face is not sharp enough (variance of the Laplacian below the limit)."),
    ("bad_exposure", 422, "Bad exposure", "The face is too dark, too bright or too flat in contrast."),
    ("bad_pose", 422, "Head turned", "The head is turned or tilted too far; look straight at the camera."),
    ("bad_boarding_pass", 422, "Invalid boarding pass", "Not a valid IATA Resolution 792 (BCBP) string."),
    # Enrolment
    ("consent_required", 422, "Consent required", "Biometric processing needs explicit consent: `consent: true`."),
    ("foreign_document", 403, "Not a VNeID booking", "Bookings on a passport check in at the counter."),
    ("not_level_2", 403, "VNeID level 2 required", "Only active VNeID level-2 accounts may enrol a face; go to the counter."),
    ("outside_enrolment_window", 409, "Enrolment not open", "Enrolment opens 24 h and closes 1 h before departure (configurable)."),
    ("face_mismatch", 409, "Face does not match", "The live face does not match the registry's reference; go to the counter."),
    ("too_many_attempts", 409, "Too many attempts", "Five consecutive failed face checks: this booking is locked for a cool-down; go to the counter."),
    ("no_reference_face", 409, "No reference face", "The registry holds no reference face for this citizen; go to the counter."),
    ("enrolment_not_found", 404, "Enrolment not found", "No active enrolment with this id."),
    # Gates and the manual lane
    ("already_boarded", 409, "Already boarded", "The traveller has boarded already (anti-passback)."),
    ("boarding_closed", 409, "Boarding not open", "The flight's boarding window is not open now."),
    ("invalid_transition", 409, "Not possible from this state", "The journey's current state does not allow this step; `state` says where it stands."),
    ("invalid_clock", 422, "Invalid clock", "The simulated time needs a UTC offset and a speed in (0, 100000]."),
    # The web kiosk
    ("kiosk_not_configured", 503, "Kiosk out of service", "The web kiosk has no device key configured (SKYGATE_KIOSK_API_KEY), or its touchpoint is deactivated."),
]

ERRORS: dict[str, ErrorCode] = {code: ErrorCode(code, s, t, d) for code, s, t, d in _TABLE}


def lookup(code: str, status: int) -> ErrorCode:
    """The catalogue entry for `code`, or a generic one with the given status."""
    return ERRORS.get(code) or ErrorCode(code, status, code.replace("_", " ").capitalize(), "")
