"""Province and city codes that open every personal identification number.

The first three digits of a personal identification number (số định danh cá
nhân, printed on every chip ID card) name the province or centrally-run city
where the birth was registered. The codes are the 63 listed in the appendix
of Circular 07/2016/TT-BCA (kept by Circular 59/2021/TT-BCA), which follow
the national administrative-unit codes; gaps (003, 005, 007, ...) belong to
units that no longer exist and are never issued.

The 2025 merger of provinces (34 units from 1 July 2025) did not renumber
anyone: ids keep the code of the province as it was at registration, so a
registry must keep accepting all 63.

`population_k` is the 2019 census population in thousands (General
Statistics Office, rounded); it weights the synthetic population's provinces
of birth, so Hà Nội and TP Hồ Chí Minh are large and Bắc Kạn is small.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROVINCES", "PROVINCE_BY_CODE", "Province", "is_southern", "province_name"]


@dataclass(frozen=True, slots=True)
class Province:
    """One province-of-birth code with its name and 2019 population (thousands)."""

    code: str
    name: str
    population_k: int


def _p(code: str, name: str, population_k: int) -> Province:
    return Province(code, name, population_k)


PROVINCES: tuple[Province, ...] = (
    _p("001", "Hà Nội", 8054),
    _p("002", "Hà Giang", 854),
    _p("004", "Cao Bằng", 530),
    _p("006", "Bắc Kạn", 314),
    _p("008", "Tuyên Quang", 785),
    _p("010", "Lào Cai", 731),
    _p("011", "Điện Biên", 599),
    _p("012", "Lai Châu", 460),
    _p("014", "Sơn La", 1249),
    _p("015", "Yên Bái", 822),
    _p("017", "Hòa Bình", 854),
    _p("019", "Thái Nguyên", 1287),
    _p("020", "Lạng Sơn", 782),
    _p("022", "Quảng Ninh", 1321),
    _p("024", "Bắc Giang", 1804),
    _p("025", "Phú Thọ", 1464),
    _p("026", "Vĩnh Phúc", 1152),
    _p("027", "Bắc Ninh", 1369),
    _p("030", "Hải Dương", 1893),
    _p("031", "Hải Phòng", 2029),
    _p("033", "Hưng Yên", 1253),
    _p("034", "Thái Bình", 1861),
    _p("035", "Hà Nam", 853),
    _p("036", "Nam Định", 1781),
    _p("037", "Ninh Bình", 982),
    _p("038", "Thanh Hóa", 3641),
    _p("040", "Nghệ An", 3327),
    _p("042", "Hà Tĩnh", 1289),
    _p("044", "Quảng Bình", 896),
    _p("045", "Quảng Trị", 633),
    _p("046", "Thừa Thiên Huế", 1129),
    _p("048", "Đà Nẵng", 1134),
    _p("049", "Quảng Nam", 1496),
    _p("051", "Quảng Ngãi", 1231),
    _p("052", "Bình Định", 1487),
    _p("054", "Phú Yên", 873),
    _p("056", "Khánh Hòa", 1232),
    _p("058", "Ninh Thuận", 591),
    _p("060", "Bình Thuận", 1231),
    _p("062", "Kon Tum", 540),
    _p("064", "Gia Lai", 1514),
    _p("066", "Đắk Lắk", 1870),
    _p("067", "Đắk Nông", 622),
    _p("068", "Lâm Đồng", 1297),
    _p("070", "Bình Phước", 995),
    _p("072", "Tây Ninh", 1170),
    _p("074", "Bình Dương", 2426),
    _p("075", "Đồng Nai", 3097),
    _p("077", "Bà Rịa - Vũng Tàu", 1148),
    _p("079", "TP Hồ Chí Minh", 8993),
    _p("080", "Long An", 1689),
    _p("082", "Tiền Giang", 1765),
    _p("083", "Bến Tre", 1289),
    _p("084", "Trà Vinh", 1010),
    _p("086", "Vĩnh Long", 1022),
    _p("087", "Đồng Tháp", 1600),
    _p("089", "An Giang", 1908),
    _p("091", "Kiên Giang", 1724),
    _p("092", "Cần Thơ", 1236),
    _p("093", "Hậu Giang", 734),
    _p("094", "Sóc Trăng", 1200),
    _p("095", "Bạc Liêu", 908),
    _p("096", "Cà Mau", 1194),
)

PROVINCE_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}

# From Quảng Trị (045) southwards, Huỳnh and Võ replace the northern Hoàng
# and Vũ (the same Hán characters, pronounced differently).
_FIRST_SOUTHERN_CODE = 45


def province_name(code: str) -> str:
    """The province's name for a 3-digit code; KeyError for an unknown code."""
    return PROVINCE_BY_CODE[code].name


def is_southern(code: str) -> bool:
    """True for provinces from Quảng Trị southwards (naming conventions differ)."""
    return int(code) >= _FIRST_SOUTHERN_CODE
