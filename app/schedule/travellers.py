"""Foreign passport holders: nationality, name and passport number.

Nationalities on international flights come mostly from the destination
(70%: Koreans to Incheon, Japanese to Narita, ...), the rest from the mix of
visitors to Vietnam. That mix - and the nationalities of foreigners on
domestic flights - is weighted by 2024 international arrivals (Vietnam
National Authority of Tourism, rounded, thousands): Korea 4,600, China 3,700,
Taiwan 1,100, United States 880, Japan 720, India 500, Australia 480,
Thailand 470, Malaysia 470, France 280, United Kingdom 260, Germany 240,
Russia 230, Singapore 220, Hong Kong 120.

Names are romanised the way passports print them (ASCII), family name first
for East Asian nationalities. Passport numbers follow each country's visible
pattern (Korea "M" + 8 digits, Japan 2 letters + 7 digits, ...) without
check digits: they only need to look right on a boarding pass.
Vietnamese citizens on international flights travel on a Vietnamese
passport ("C" + 7 digits), derived from their personal id so it is the same
on every booking.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass

import numpy as np

__all__ = [
    "DESTINATION_NATIONALITY_SHARE",
    "NAME_STYLES",
    "PASSPORT_PATTERNS",
    "VISITOR_MIX",
    "foreign_travellers",
    "vietnamese_passport_no",
]

VISITOR_MIX: dict[str, float] = {
    "KR": 4600, "CN": 3700, "TW": 1100, "US": 880, "JP": 720, "IN": 500, "AU": 480,
    "TH": 470, "MY": 470, "FR": 280, "GB": 260, "DE": 240, "RU": 230, "SG": 220,
    "HK": 120,
}  # fmt: skip
DESTINATION_NATIONALITY_SHARE = 0.70

# L = letter A-Z, D = digit, A = letter or digit; other characters are literal.
PASSPORT_PATTERNS: dict[str, str] = {
    "KR": "MDDDDDDDD", "CN": "EDDDDDDDD", "TW": "DDDDDDDDD", "US": "DDDDDDDDD",
    "JP": "LLDDDDDDD", "IN": "LDDDDDDD", "AU": "PLDDDDDDD", "TH": "LLDDDDDDD",
    "MY": "ADDDDDDDD", "FR": "DDLLDDDDD", "GB": "DDDDDDDDD", "DE": "CAAAAAAAA",
    "RU": "DDDDDDDDD", "SG": "EDDDDDDDL", "HK": "KDDDDDDDD",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NameStyle:
    family_first: bool
    family: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    female_family_suffix: str = ""  # Russian surnames take -a for women


_WESTERN_M = ("James", "William", "Michael", "Daniel", "Thomas", "Jack", "Benjamin", "Liam",
              "Oliver", "Noah", "Ethan", "Samuel")  # fmt: skip
_WESTERN_F = ("Olivia", "Emma", "Charlotte", "Sophie", "Emily", "Grace", "Chloe", "Ava",
              "Isabella", "Mia", "Hannah", "Lucy")  # fmt: skip
# Many US and Australian passport holders are of Vietnamese origin (Viet Kieu).
_ANGLO_FAMILY = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Taylor", "Wilson",
                 "Anderson", "Thompson", "White", "Martin", "Walker",
                 "Nguyen", "Tran", "Le")  # fmt: skip

NAME_STYLES: dict[str, NameStyle] = {
    "KR": NameStyle(True, ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang",
                           "Lim", "Han", "Oh", "Seo", "Shin", "Kwon"),
                    ("Min-jun", "Ji-ho", "Do-yun", "Seo-jun", "Hyun-woo", "Ji-hoon", "Jae-won",
                     "Sung-min"),
                    ("Seo-yeon", "Ha-eun", "Ji-woo", "Su-bin", "Ye-jin", "Min-seo", "Eun-ji",
                     "Soo-ah")),
    "CN": NameStyle(True, ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu",
                           "Zhou", "Xu", "Sun"),
                    ("Wei", "Lei", "Jun", "Tao", "Hao", "Yu", "Qiang", "Jian", "Zhiwei"),
                    ("Fang", "Min", "Jing", "Yan", "Lijuan", "Xin", "Na", "Ying", "Xiaomei")),
    "TW": NameStyle(True, ("Chen", "Lin", "Huang", "Chang", "Li", "Wang", "Wu", "Liu", "Tsai",
                           "Yang"),
                    ("Chia-hao", "Chih-wei", "Kuan-yu", "Tsung-han", "Chun-chieh", "Yu-hsiang"),
                    ("Yu-ting", "Hsin-yi", "Pei-shan", "Ya-wen", "Shu-fen", "I-chen")),
    "HK": NameStyle(True, ("Chan", "Wong", "Leung", "Cheung", "Lau", "Lee", "Cheng", "Ho",
                           "Yeung", "Tsang"),
                    ("Ka Ming", "Chi Keung", "Tsz Ho", "Man Kit", "Wai Lun"),
                    ("Wing Yan", "Hoi Yee", "Sze Wing", "Mei Ling", "Ka Yan")),
    "JP": NameStyle(True, ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito",
                           "Yamamoto", "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada"),
                    ("Haruto", "Sota", "Yuto", "Ren", "Takumi", "Kenta", "Hiroshi", "Daiki"),
                    ("Yui", "Hina", "Aoi", "Sakura", "Yuna", "Mei", "Yuko", "Akiko")),
    "SG": NameStyle(True, ("Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Koh"),
                    ("Wei Jie", "Jun Hao", "Zhi Hao", "Kai Wen", "Jia Hui"),
                    ("Hui Min", "Xin Yi", "Li Ting", "Mei Ling", "Shu Hui")),
    "TH": NameStyle(False, ("Saetang", "Srisuk", "Wongsa", "Boonmee", "Jaidee", "Suksawat",
                            "Thongchai", "Rattanakorn", "Phromma"),
                    ("Somchai", "Anan", "Niran", "Thanawat", "Arthit", "Kittisak", "Somsak"),
                    ("Siriporn", "Kanya", "Pim", "Supaporn", "Nattaya", "Ratana", "Malee")),
    "MY": NameStyle(False, ("Ismail", "Abdullah", "Rahman", "Hassan", "Ibrahim", "Ahmad",
                            "Yusof", "Osman"),
                    ("Muhammad Amir", "Ahmad Faiz", "Hafiz", "Aiman", "Firdaus", "Syafiq"),
                    ("Nurul Huda", "Siti Aisyah", "Farah", "Nur Izzati", "Aina", "Syazwani")),
    "IN": NameStyle(False, ("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Nair",
                            "Iyer", "Mehta", "Shah"),
                    ("Rahul", "Amit", "Vikram", "Arjun", "Rohan", "Sanjay", "Karthik"),
                    ("Priya", "Anjali", "Neha", "Pooja", "Sneha", "Divya", "Kavya")),
    "US": NameStyle(False, _ANGLO_FAMILY, _WESTERN_M, _WESTERN_F),
    "AU": NameStyle(False, _ANGLO_FAMILY, _WESTERN_M, _WESTERN_F),
    "GB": NameStyle(False, _ANGLO_FAMILY[:12] + ("Evans", "Davies", "Hughes"),
                    _WESTERN_M, _WESTERN_F),
    "FR": NameStyle(False, ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
                            "Petit", "Durand", "Leroy", "Moreau"),
                    ("Louis", "Hugo", "Jules", "Arthur", "Gabriel", "Nicolas", "Pierre"),
                    ("Camille", "Manon", "Lea", "Ines", "Julie", "Claire", "Chloe")),
    "DE": NameStyle(False, ("Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer",
                            "Wagner", "Becker", "Hoffmann", "Schulz"),
                    ("Lukas", "Jonas", "Felix", "Leon", "Paul", "Maximilian", "Tobias"),
                    ("Anna", "Lena", "Marie", "Sophie", "Laura", "Katharina", "Julia")),
    "RU": NameStyle(False, ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Volkov",
                            "Morozov", "Petrov"),
                    ("Alexander", "Dmitry", "Sergey", "Ivan", "Andrey", "Mikhail", "Nikolai"),
                    ("Anastasia", "Ekaterina", "Olga", "Maria", "Natalia", "Elena", "Tatiana"),
                    female_family_suffix="a"),
}  # fmt: skip

_LETTERS = np.array(list(string.ascii_uppercase))
_DIGITS = np.array(list(string.digits))
# German passports avoid letters that read like digits.
_ALNUM = np.array(list("CFGHJKLMNPRTVWXYZ0123456789"))


def _passport_numbers(rng: np.random.Generator, pattern: str, n: int) -> list[str]:
    columns = []
    for symbol in pattern:
        pool = {"L": _LETTERS, "D": _DIGITS, "A": _ALNUM}.get(symbol)
        columns.append(np.full(n, symbol) if pool is None else pool[rng.integers(0, len(pool), n)])
    return ["".join(chars) for chars in zip(*columns, strict=True)] if n else []


def _names(rng: np.random.Generator, style: NameStyle, n: int) -> list[str]:
    female = rng.random(n) < 0.5
    family = np.array(style.family, dtype=object)[rng.integers(0, len(style.family), n)]
    male = np.array(style.male, dtype=object)[rng.integers(0, len(style.male), n)]
    fem = np.array(style.female, dtype=object)[rng.integers(0, len(style.female), n)]
    names = []
    for f, m, w, is_female in zip(family, male, fem, female, strict=True):
        given = w if is_female else m
        family_name = f + style.female_family_suffix if is_female else f
        names.append(f"{family_name} {given}" if style.family_first else f"{given} {family_name}")
    return names


def _nationalities(rng: np.random.Generator, n: int, home: str | None) -> np.ndarray:
    codes = np.array(list(VISITOR_MIX))
    weights = np.array(list(VISITOR_MIX.values()), dtype=float)
    drawn = codes[rng.choice(len(codes), size=n, p=weights / weights.sum())]
    if home is not None and home in NAME_STYLES:
        drawn[rng.random(n) < DESTINATION_NATIONALITY_SHARE] = home
    return drawn


def foreign_travellers(
    rng: np.random.Generator, n: int, destination_country: str | None
) -> list[tuple[str, str, str]]:
    """`n` foreign passport holders as (full_name, nationality, passport_no).

    `destination_country` is the flight's destination country for
    international flights (most travellers are its nationals), None for
    domestic flights (visitors in their 2024 mix).
    """
    nationalities = _nationalities(rng, n, destination_country)
    out: list[tuple[str, str, str] | None] = [None] * n
    for code in np.unique(nationalities).tolist():
        where = np.flatnonzero(nationalities == code)
        names = _names(rng, NAME_STYLES[code], len(where))
        numbers = _passport_numbers(rng, PASSPORT_PATTERNS[code], len(where))
        for i, name, number in zip(where.tolist(), names, numbers, strict=True):
            out[i] = (name, code, number)
    return out  # type: ignore[return-value]


def vietnamese_passport_no(personal_id: str) -> str:
    """A stable Vietnamese passport number ("C" + 7 digits) for a citizen."""
    digest = hashlib.blake2b(personal_id.encode(), digest_size=8).digest()
    return f"C{int.from_bytes(digest, 'big') % 10_000_000:07d}"
