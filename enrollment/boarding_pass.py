"""IATA Resolution 792 bar-coded boarding passes (BCBP): issue, print as QR, read back.

The string behind every boarding-pass barcode, format code `M`. One leg with
no conditional items is 60 characters:

    field                                   width  example
    format code                               1    M
    number of legs encoded                    1    1
    passenger name SURNAME/GIVEN NAMES       20    NGUYEN/VAN AN
    electronic ticket indicator               1    E
    -- per leg --
    operating carrier PNR code                7    K7XQ2P
    from city airport code                    3    SGN
    to city airport code                      3    HAN
    operating carrier designator              3    VN
    flight number NNNN[a]                     5    0213
    date of flight (day of the year)          3    349
    compartment code                          1    Y
    seat number NNNa                          4    012A
    check-in sequence number NNNN[f]          5    0042
    passenger status                          1    1
    field size of variable size field (hex)   2    00
    (that many characters of conditional items; optional security data
     `^` type length data after the last leg)

Alphanumeric fields are left-justified and padded with spaces, numeric ones
right-justified with zeros. The gate reads a scanned pass to claim an
identity, so `parse_bcbp` is strict: every width, character class and range
is checked and any deviation is `InvalidInput` with code `bad_boarding_pass`.
Conditional items (which other issuers add) are kept raw, not interpreted.

Passenger status codes used here: `1` checked in, `3` checked in with
baggage checked (Resolution 792's list).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import segno

from matching.errors import InvalidInput

__all__ = [
    "BoardingPass",
    "BoardingPassLeg",
    "bcbp_name",
    "issue_boarding_pass",
    "parse_bcbp",
    "qr_png",
    "qr_svg",
    "read_boarding_pass",
]

NAME_WIDTH = 20
_NAME = re.compile(r"[A-Z]+(?: [A-Z]+)*/(?:[A-Z]+(?: [A-Z]+)*)?")
_PNR = re.compile(r"[A-Z0-9]{5,7}")
_AIRPORT = re.compile(r"[A-Z]{3}")
_CARRIER = re.compile(r"[A-Z0-9]{2}|[A-Z]{3}")
_SEAT = re.compile(r"([1-9][0-9]{0,2})([A-Z])")
_LEG_FIELDS = re.compile(
    r"(?P<pnr>.{7})(?P<origin>.{3})(?P<destination>.{3})(?P<carrier>.{3})"
    r"(?P<flight>[0-9]{4}[A-Z ])(?P<julian>[0-9]{3})(?P<compartment>[A-Z])"
    r"(?P<seat>[0-9]{3}[A-Z])(?P<sequence>[0-9]{4}[A-Z ])(?P<status>[0-9A-Z])"
    r"(?P<size>[0-9A-F]{2})",
    re.DOTALL,
)
_LEG_WIDTH = 37


@dataclass(frozen=True, slots=True)
class BoardingPassLeg:
    """One flight on a pass; values as people write them (no padding, no zeros)."""

    pnr: str
    origin: str
    destination: str
    carrier: str
    flight_number: int
    julian_date: int
    compartment: str
    seat: str
    sequence: int
    status: str
    flight_suffix: str = ""
    sequence_suffix: str = ""
    conditional: str = ""

    def __post_init__(self) -> None:
        problems = [
            name for name, ok in (
                ("pnr", _PNR.fullmatch(self.pnr)),
                ("origin", _AIRPORT.fullmatch(self.origin)),
                ("destination", _AIRPORT.fullmatch(self.destination)),
                ("carrier", _CARRIER.fullmatch(self.carrier)),
                ("flight_number", 1 <= self.flight_number <= 9999),
                ("flight_suffix", re.fullmatch(r"[A-Z]?", self.flight_suffix)),
                ("julian_date", 1 <= self.julian_date <= 366),
                ("compartment", re.fullmatch(r"[A-Z]", self.compartment)),
                ("seat", _SEAT.fullmatch(self.seat)),
                ("sequence", 1 <= self.sequence <= 9999),
                ("sequence_suffix", re.fullmatch(r"[A-Z]?", self.sequence_suffix)),
                ("status", re.fullmatch(r"[0-9A-Z]", self.status)),
                ("conditional", len(self.conditional) <= 255 and _printable(self.conditional)),
            ) if not ok
        ]
        if problems:
            raise ValueError(f"boarding pass leg fields out of format: {', '.join(problems)}")

    def encode(self) -> str:
        seat = _SEAT.fullmatch(self.seat)
        assert seat is not None
        return (
            f"{self.pnr:<7}{self.origin}{self.destination}{self.carrier:<3}"
            f"{self.flight_number:04d}{self.flight_suffix or ' '}{self.julian_date:03d}"
            f"{self.compartment}{int(seat[1]):03d}{seat[2]}"
            f"{self.sequence:04d}{self.sequence_suffix or ' '}{self.status}"
            f"{len(self.conditional):02X}{self.conditional}"
        )


@dataclass(frozen=True, slots=True)
class BoardingPass:
    """A parsed or issued BCBP; `encode()` gives the barcode string."""

    passenger_name: str
    legs: tuple[BoardingPassLeg, ...]
    eticket: bool = True
    security: str = ""

    def __post_init__(self) -> None:
        if not (len(self.passenger_name) <= NAME_WIDTH and _NAME.fullmatch(self.passenger_name)):
            raise ValueError(f"passenger name {self.passenger_name!r} is not SURNAME/GIVEN NAMES")
        if not 1 <= len(self.legs) <= 4:
            raise ValueError("a boarding pass encodes 1 to 4 legs")
        if self.security and not re.fullmatch(r"\^[ -~]{3,}", self.security):
            raise ValueError("security data starts with ^")

    @property
    def leg(self) -> BoardingPassLeg:
        """The first (for SkyGate, the only) leg."""
        return self.legs[0]

    def encode(self) -> str:
        head = f"M{len(self.legs)}{self.passenger_name:<{NAME_WIDTH}}{'E' if self.eticket else ' '}"
        return head + "".join(leg.encode() for leg in self.legs) + self.security


def bcbp_name(full_name: str, *, family_name_first: bool = True) -> str:
    """SURNAME/GIVEN NAMES in A-Z only, at most 20 characters.

    Vietnamese names put the family name first ("Nguyễn Văn An" ->
    "NGUYEN/VAN AN"); diacritics are dropped (Đ becomes D) as on a passport's
    machine-readable zone. Too long a name loses given-name letters first,
    keeping at least their initial, then surname letters.
    """
    plain = unicodedata.normalize("NFD", full_name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).upper().replace("'", "")
    words = re.sub(r"[^A-Z]+", " ", plain).split()
    if not words:
        raise ValueError(f"no letters in the name {full_name!r}")
    if family_name_first:
        surname, given = words[0], " ".join(words[1:])
    else:
        surname, given = words[-1], " ".join(words[:-1])
    room = NAME_WIDTH - len(surname) - 1
    if len(given) > room:
        given = given[: max(room, 1 if given else 0)].rstrip()
        surname = surname[: NAME_WIDTH - 1 - len(given)]
    return f"{surname}/{given}"


def issue_boarding_pass(
    *,
    full_name: str,
    pnr: str,
    origin: str,
    destination: str,
    carrier: str,
    flight_no: str,
    flight_date: date,
    seat: str,
    sequence: int,
    compartment: str = "Y",
    checked_bags: int = 0,
) -> BoardingPass:
    """A one-leg boarding pass for a traveller checked in by enrolment.

    `flight_no` may carry the carrier prefix ("VN213" or "213"; a letter
    suffix is kept); `flight_date` is the local date of departure at the
    origin (Vietnam: UTC+7), whose day of the year is printed.
    """
    number = flight_no.strip().upper().removeprefix(carrier.upper()).strip()
    match = re.fullmatch(r"0*([0-9]{1,4})([A-Z]?)", number)
    if not match:
        raise ValueError(f"flight number {flight_no!r} is not [carrier]NNNN[a]")
    seat_match = re.fullmatch(r"0*([0-9]{1,3})([A-Z])", seat.strip().upper())
    if not seat_match:
        raise ValueError(f"seat {seat!r} is not a row number and a letter")
    leg = BoardingPassLeg(
        pnr=pnr.upper(),
        origin=origin.upper(),
        destination=destination.upper(),
        carrier=carrier.upper(),
        flight_number=int(match[1]),
        flight_suffix=match[2],
        julian_date=flight_date.timetuple().tm_yday,
        compartment=compartment,
        seat=f"{int(seat_match[1])}{seat_match[2]}",
        sequence=sequence,
        status="3" if checked_bags else "1",
    )
    return BoardingPass(passenger_name=bcbp_name(full_name), legs=(leg,))


def parse_bcbp(text: str) -> BoardingPass:
    """Parse a BCBP string exactly; anything malformed is `bad_boarding_pass`."""
    try:
        return _parse(text)
    except ValueError as exc:
        raise InvalidInput(f"not a valid IATA boarding pass: {exc}", code="bad_boarding_pass"
                           ) from None


def _parse(text: str) -> BoardingPass:
    if not isinstance(text, str) or not _printable(text):
        raise ValueError("only printable ASCII characters may appear")
    if len(text) < 23 + _LEG_WIDTH:
        raise ValueError(f"{len(text)} characters, the shortest pass has {23 + _LEG_WIDTH}")
    if text[0] != "M":
        raise ValueError(f"format code {text[0]!r}, expected 'M'")
    if text[1] not in "1234":
        raise ValueError(f"number of legs {text[1]!r}, expected 1 to 4")
    name_field, eticket = text[2:22], text[22]
    name = name_field.rstrip(" ")
    if not _NAME.fullmatch(name):
        raise ValueError(f"passenger name {name_field!r} is not SURNAME/GIVEN NAMES")
    if eticket not in "E ":
        raise ValueError(f"electronic ticket indicator {eticket!r}, expected 'E' or ' '")
    legs, pos = [], 23
    for number in range(1, int(text[1]) + 1):
        leg, pos = _parse_leg(text, pos, number)
        legs.append(leg)
    security = text[pos:]
    if security and not _valid_security(security):
        raise ValueError(f"{len(security)} unexpected characters after the last leg")
    return BoardingPass(passenger_name=name, legs=tuple(legs), eticket=eticket == "E",
                        security=security)


def _parse_leg(text: str, pos: int, number: int) -> tuple[BoardingPassLeg, int]:
    fields = _LEG_FIELDS.fullmatch(text, pos, pos + _LEG_WIDTH)
    if fields is None:
        raise ValueError(f"leg {number}: a mandatory item is missing or out of format")
    f = fields.groupdict()
    pnr = f["pnr"].rstrip(" ")
    carrier = f["carrier"].rstrip(" ")
    size = int(f["size"], 16)
    end = pos + _LEG_WIDTH + size
    if end > len(text):
        raise ValueError(f"leg {number}: {size} conditional characters announced, "
                         f"{len(text) - pos - _LEG_WIDTH} present")
    if not _PNR.fullmatch(pnr) or f["pnr"][len(pnr):].strip(" "):
        raise ValueError(f"leg {number}: PNR {f['pnr']!r} is not 5-7 letters and digits")
    if not (_CARRIER.fullmatch(carrier) and f["carrier"] == f"{carrier:<3}"):
        raise ValueError(f"leg {number}: carrier {f['carrier']!r} is not an airline designator")
    for key in ("origin", "destination"):
        if not _AIRPORT.fullmatch(f[key]):
            raise ValueError(f"leg {number}: {key} {f[key]!r} is not an airport code")
    if not 1 <= int(f["julian"]) <= 366:
        raise ValueError(f"leg {number}: day of the year {f['julian']} is not 001-366")
    if int(f["flight"][:4]) == 0 or int(f["seat"][:3]) == 0 or int(f["sequence"][:4]) == 0:
        raise ValueError(f"leg {number}: flight, seat row and sequence number start at 1")
    leg = BoardingPassLeg(
        pnr=pnr, origin=f["origin"], destination=f["destination"], carrier=carrier,
        flight_number=int(f["flight"][:4]), flight_suffix=f["flight"][4].strip(),
        julian_date=int(f["julian"]), compartment=f["compartment"],
        seat=f"{int(f['seat'][:3])}{f['seat'][3]}", sequence=int(f["sequence"][:4]),
        sequence_suffix=f["sequence"][4].strip(), status=f["status"],
        conditional=text[pos + _LEG_WIDTH : end],
    )
    return leg, end


def _valid_security(section: str) -> bool:
    """`^`, a type character, two hex digits of length, then exactly that much data."""
    match = re.fullmatch(r"\^([ -~])([0-9A-F]{2})([ -~]*)", section)
    return bool(match) and len(match[3]) == int(match[2], 16)


def _printable(text: str) -> bool:
    return all(" " <= c <= "~" for c in text)


def _qr(bcbp: str) -> segno.QRCode:
    # Byte mode, error correction M (boosted when it costs no extra size):
    # a phone screen or a crumpled print still scans.
    return segno.make_qr(bcbp, error="m", boost_error=True)


def qr_svg(bcbp: str, *, scale: int = 4) -> bytes:
    """The pass as an SVG QR code (for the kiosk page and the app)."""
    out = io.BytesIO()
    _qr(bcbp).save(out, kind="svg", scale=scale, border=4, xmldecl=False)
    return out.getvalue()


def qr_png(bcbp: str, *, scale: int = 4) -> bytes:
    """The pass as a PNG QR code (for printing and for gate-camera tests)."""
    out = io.BytesIO()
    _qr(bcbp).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def read_boarding_pass(image: bytes) -> BoardingPass:
    """Find a QR code in an image (a gate camera frame), and parse its pass.

    The image goes through the same safe decoder as faces; no readable QR
    code is `bad_boarding_pass`.
    """
    import cv2

    from enrollment.imaging import decode_image

    rgb = decode_image(image).rgb
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(rgb)
    if points is None or not text:
        raise InvalidInput("no readable QR code in the image", code="bad_boarding_pass")
    return parse_bcbp(text)
