"""Vietnamese full names with diacritics: family + middle name(s) + given name.

Family names follow the frequencies usually quoted for Vietnam (Lê Trung Hoa's
survey, as summarised in most references): Nguyễn ~38%, Trần ~12%, Lê ~9.5%,
Phạm ~7%, Hoàng/Huỳnh ~5%, Phan ~4.5%, Vũ/Võ ~4%, then a long tail. Hoàng
and Vũ are the northern readings of the names the south writes Huỳnh and Võ,
so the split follows the province of birth.

Middle names carry sex and generation: Văn (men) and Thị (women) dominate
older cohorts and fade among the young, who get Minh, Ngọc, Gia, Bảo, ...; a
share of names has two middle names ("Nguyễn Thị Ngọc Anh"). All strings are
NFC, the form Vietnamese keyboards and the national database use.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "FAMILY_NAMES",
    "GIVEN_FEMALE",
    "GIVEN_MALE",
    "MIDDLE_FEMALE",
    "MIDDLE_MALE",
    "full_names",
]

# (name, share in percent). Pairs written "northern/southern" are split by region.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.4), ("Trần", 12.1), ("Lê", 9.5), ("Phạm", 7.0),
    ("Hoàng/Huỳnh", 5.1), ("Phan", 4.5), ("Vũ/Võ", 3.9), ("Đặng", 2.1),
    ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0),
    ("Lý", 0.5), ("Trương", 0.6), ("Đinh", 0.6), ("Lâm", 0.5), ("Mai", 0.5),
    ("Trịnh", 0.5), ("Đoàn", 0.5), ("Lương", 0.4), ("Cao", 0.4), ("Hà", 0.4),
    ("Lưu", 0.3), ("Tạ", 0.3), ("Châu", 0.3), ("Tô", 0.3), ("Đào", 0.4),
    ("Quách", 0.2), ("Thái", 0.2), ("Phùng", 0.2), ("Kiều", 0.1), ("Triệu", 0.2),
    ("La", 0.1), ("Tăng", 0.1), ("Khúc", 0.05), ("Lại", 0.2),
)  # fmt: skip

# Generation-marking middle names (Văn, Thị) come first in each tuple.
MIDDLE_MALE: tuple[str, ...] = (
    "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Hoàng",
    "Gia", "Anh", "Duy", "Trung", "Thế", "Đình", "Bá", "Quốc", "Nhật", "Tuấn",
    "Tiến", "Mạnh", "Hải", "Bảo", "Đăng",
)  # fmt: skip
MIDDLE_FEMALE: tuple[str, ...] = (
    "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Mai", "Bảo", "Khánh",
    "Kim", "Hoài", "Diệu", "Hải", "Thùy", "Như", "Quỳnh", "Tuyết", "Bích", "Lan",
    "Gia", "Hà", "Thảo", "Cẩm", "Mỹ",
)  # fmt: skip

GIVEN_MALE: tuple[str, ...] = (
    "Anh", "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Hoàng", "Long", "Quân",
    "Đức", "Thành", "Trung", "Sơn", "Phong", "Khoa", "Huy", "Bảo", "Khang", "Phúc",
    "Tâm", "Thắng", "Cường", "Hiếu", "Hưng", "Tùng", "Việt", "Vinh", "Kiên", "Lâm",
    "Đạt", "Duy", "Tài", "Thịnh", "Nghĩa", "Lộc", "Quang", "Thiện", "Trí", "Nhân",
    "Tú", "Khôi", "Đăng", "Toàn", "Hậu", "Phát", "Tín", "Hòa", "Bình", "An",
    "Kiệt", "Khánh", "Thái", "Vũ", "Tiến", "Hiển", "Quý", "Sang", "Lợi", "Chiến",
)  # fmt: skip
GIVEN_FEMALE: tuple[str, ...] = (
    "Anh", "Linh", "Trang", "Hương", "Lan", "Hoa", "Mai", "Ngọc", "Thảo", "Hà",
    "Hằng", "Huyền", "Nhung", "Phương", "Thủy", "Trâm", "Vy", "Yến", "Nhi", "Hạnh",
    "Loan", "Dung", "Hiền", "Giang", "Quỳnh", "Thư", "Ly", "Chi", "Oanh", "Tuyết",
    "Nga", "Vân", "Diệp", "My", "Uyên", "Nhàn", "Tâm", "Hồng", "Xuân", "Thu",
    "Hân", "An", "Châu", "Trinh", "Duyên", "Hậu", "Liên", "Thanh", "Ngân", "Tiên",
)  # fmt: skip

# Share of men named "... Văn ..." (women "... Thị ...") by birth year: the
# markers were near-universal before 1960 and are a minority for births after 2000.
_MARKER_BY_YEAR = ((1940, 0.75), (1970, 0.65), (1990, 0.45), (2010, 0.18), (2025, 0.10))
_TWO_MIDDLE_NAMES = 0.12


def _family_tables(southern: bool) -> tuple[list[str], np.ndarray]:
    """Family names and probabilities for one region (the pairs split 85/15)."""
    names: list[str] = []
    weights: list[float] = []
    for pair, share in FAMILY_NAMES:
        if "/" in pair:
            north, south = pair.split("/")
            major, minor = (south, north) if southern else (north, south)
            names += [major, minor]
            weights += [share * 0.85, share * 0.15]
        else:
            names.append(pair)
            weights.append(share)
    table = np.array(weights)
    return names, table / table.sum()


def _marker_share(birth_years: np.ndarray) -> np.ndarray:
    years, shares = zip(*_MARKER_BY_YEAR, strict=True)
    return np.interp(birth_years, years, shares)


def _pick(rng: np.random.Generator, pool: tuple[str, ...], n: int, skip_first: bool) -> np.ndarray:
    """Indices into `pool`, uniform; with skip_first the marker (index 0) is excluded."""
    low = 1 if skip_first else 0
    return rng.integers(low, len(pool), size=n)


def full_names(
    rng: np.random.Generator,
    sexes: np.ndarray,
    birth_years: np.ndarray,
    southern: np.ndarray,
) -> list[str]:
    """One full name per citizen, aligned with the three input arrays.

    `sexes` holds "male"/"female", `southern` booleans from the province of
    birth. Vectorised: the only Python loop is the final string join.
    """
    n = len(sexes)
    female = np.asarray(sexes) == "female"
    family = np.empty(n, dtype=object)
    for region in (False, True):
        mask = np.asarray(southern, dtype=bool) == region
        pool, weights = _family_tables(region)
        family[mask] = np.array(pool, dtype=object)[rng.choice(len(pool), mask.sum(), p=weights)]

    marker = rng.random(n) < _marker_share(np.asarray(birth_years))
    second = rng.random(n) < _TWO_MIDDLE_NAMES
    middle_m = np.array(MIDDLE_MALE, dtype=object)
    middle_f = np.array(MIDDLE_FEMALE, dtype=object)
    first_m = np.where(marker, 0, _pick(rng, MIDDLE_MALE, n, skip_first=True))
    first_f = np.where(marker, 0, _pick(rng, MIDDLE_FEMALE, n, skip_first=True))
    middle1 = np.where(female, middle_f[first_f], middle_m[first_m])
    middle2 = np.where(
        female,
        middle_f[_pick(rng, MIDDLE_FEMALE, n, skip_first=True)],
        middle_m[_pick(rng, MIDDLE_MALE, n, skip_first=True)],
    )
    given_m = np.array(GIVEN_MALE, dtype=object)
    given_f = np.array(GIVEN_FEMALE, dtype=object)

    def draw_given(count: int, is_female: np.ndarray) -> np.ndarray:
        return np.where(
            is_female,
            given_f[rng.integers(0, len(given_f), count)],
            given_m[rng.integers(0, len(given_m), count)],
        )

    given = draw_given(n, female)
    # "Nguyễn Minh Minh" reads wrong: redraw given names that repeat the middle name.
    clash = middle1 == given
    while clash.any():
        given[clash] = draw_given(int(clash.sum()), female[clash])
        clash = middle1 == given
    second &= (middle2 != middle1) & (middle2 != given)
    return [
        f"{f} {m1} {m2} {g}" if two else f"{f} {m1} {g}"
        for f, m1, m2, g, two in zip(family, middle1, middle2, given, second, strict=True)
    ]
