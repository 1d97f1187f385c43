"""The synthetic VNeID population: seeded, vectorised, database-free.

`generate_citizens` returns plain dicts whose keys are the `citizens` table's
columns, ready for `session.execute(insert(Citizen), rows)`. Each citizen's
personal id agrees with their province of birth, sex and birth year.

Shape, and why:
- Age: air travellers, not the census. Adults 25-55 dominate, with children
  (about 4% under 14, who travel as "special" passengers) and elderly.
- Sex: even split (Vietnam's sex ratio is ~99.2 men per 100 women).
- Province of birth: weighted by 2019 census population (`provinces`).
- `vneid_level`: exactly round(n * level2_share) citizens get level 2, so the
  share the simulations see is the setting, not a sample of it.
- `status`: "active", except exactly round(n * locked_share) "locked" accounts
  (a locked account cannot authenticate, which exercises the manual lane).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np

from app.registry import names, personal_id
from app.registry.provinces import PROVINCES, is_southern

__all__ = ["AGE_BANDS", "DEFAULT_AS_OF", "generate_citizens"]

# Age bands in whole years [low, high) and their share of the population.
AGE_BANDS: tuple[tuple[int, int, float], ...] = (
    (0, 2, 0.008),
    (2, 12, 0.027),
    (12, 14, 0.007),
    (14, 18, 0.028),
    (18, 25, 0.130),
    (25, 35, 0.240),
    (35, 45, 0.220),
    (45, 55, 0.150),
    (55, 65, 0.110),
    (65, 75, 0.065),
    (75, 90, 0.015),
)
# Ages are counted back from this date unless the caller gives one; a fixed
# default keeps seeded output identical whenever it runs.
DEFAULT_AS_OF = dt.date(2026, 1, 1)
_DAYS_PER_YEAR = 365.2425


def _check_share(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value}")


def _exact_share(rng: np.random.Generator, n: int, share: float) -> np.ndarray:
    """A boolean mask with exactly round(n * share) True values, in random places."""
    mask = np.zeros(n, dtype=bool)
    mask[rng.permutation(n)[: round(n * share)]] = True
    return mask


def _dates_of_birth(rng: np.random.Generator, n: int, as_of: dt.date) -> np.ndarray:
    """Dates of birth (numpy datetime64[D]) drawn from AGE_BANDS, uniform within a band."""
    lows, highs, shares = (np.array(column) for column in zip(*AGE_BANDS, strict=True))
    band = rng.choice(len(shares), size=n, p=shares / shares.sum())
    age_days = rng.uniform(lows[band], highs[band]) * _DAYS_PER_YEAR
    return np.datetime64(as_of, "D") - age_days.astype("timedelta64[D]") - 1


def _unique_ids(
    rng: np.random.Generator,
    provinces: np.ndarray,
    sexes: np.ndarray,
    years: np.ndarray,
    taken: Collection[str],
) -> list[str]:
    """Personal ids for every citizen, redrawing the serials of any collision."""
    ids = np.array(personal_id.generate_many(rng, provinces, sexes, years), dtype=object)
    seen = set(taken)
    while True:
        _, first = np.unique(ids, return_index=True)
        clash = np.ones(len(ids), dtype=bool)
        clash[first] = False  # later copies of a value are redrawn
        if seen:
            clash |= np.fromiter((i in seen for i in ids), dtype=bool, count=len(ids))
        if not clash.any():
            return ids.tolist()
        ids[clash] = personal_id.generate_many(rng, provinces[clash], sexes[clash], years[clash])


def generate_citizens(
    n: int,
    *,
    seed: int,
    level2_share: float = 0.85,
    locked_share: float = 0.005,
    as_of: dt.date = DEFAULT_AS_OF,
    taken: Collection[str] = (),
) -> list[dict]:
    """`n` citizens as dicts with keys personal_id, full_name, date_of_birth,
    sex, province_code, vneid_level, status.

    The same arguments always give the same citizens. Personal ids are unique
    within the result and never in `taken` (ids already in the registry).
    Everyone is born before `as_of`. 100,000 citizens take well under a second.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    _check_share("level2_share", level2_share)
    _check_share("locked_share", locked_share)
    rng = np.random.default_rng(seed)

    codes = np.array([p.code for p in PROVINCES])
    weights = np.array([p.population_k for p in PROVINCES], dtype=float)
    provinces = codes[rng.choice(len(codes), size=n, p=weights / weights.sum())]
    sexes = np.where(rng.random(n) < 0.5, "male", "female")
    births = _dates_of_birth(rng, n, as_of)
    years = births.astype("datetime64[Y]").astype(np.int64) + 1970

    ids = _unique_ids(rng, provinces, sexes, years, taken)
    southern = np.array([is_southern(code) for code in codes])[np.searchsorted(codes, provinces)]
    full_names = names.full_names(rng, sexes, years, southern)
    levels = np.where(_exact_share(rng, n, level2_share), 2, 1)
    statuses = np.where(_exact_share(rng, n, locked_share), "locked", "active")

    return [
        {
            "personal_id": pid,
            "full_name": name,
            "date_of_birth": born,
            "sex": sex,
            "province_code": province,
            "vneid_level": level,
            "status": status,
        }
        for pid, name, born, sex, province, level, status in zip(
            ids,
            full_names,
            births.astype(object).tolist(),
            sexes.tolist(),
            provinces.tolist(),
            levels.tolist(),
            statuses.tolist(),
            strict=True,
        )
    ]
