"""Booking references (PNR record locators): 6 characters, read aloud safely.

The alphabet drops the characters people confuse when reading a locator off
a screen or over the phone: 0/O, 1/I/L. That leaves 23 letters and 8 digits,
31**6 ~ 887 million codes, so a day of 100,000 bookings collides about five
times by chance; `generate_pnrs` redraws collisions, including with codes
already in the database (`taken`).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

__all__ = ["PNR_ALPHABET", "PNR_LENGTH", "generate_pnrs", "is_pnr"]

PNR_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PNR_LENGTH = 6
_ALPHABET = np.array(list(PNR_ALPHABET))
_ALLOWED = frozenset(PNR_ALPHABET)


def is_pnr(text: str) -> bool:
    """True when `text` has the shape of a locator this module issues."""
    return isinstance(text, str) and len(text) == PNR_LENGTH and set(text) <= _ALLOWED


def _draw(rng: np.random.Generator, n: int) -> list[str]:
    chars = _ALPHABET[rng.integers(0, len(_ALPHABET), size=(n, PNR_LENGTH))]
    return chars.view(f"<U{PNR_LENGTH}").ravel().tolist()


def generate_pnrs(rng: np.random.Generator, n: int, *, taken: Collection[str] = ()) -> list[str]:
    """`n` distinct locators, none of them in `taken`."""
    out: list[str] = []
    seen = set(taken)
    while len(out) < n:
        for code in _draw(rng, n - len(out)):
            if code not in seen:
                seen.add(code)
                out.append(code)
    return out
