"""Random numbers that belong to a key: the same (seed, tag, key) gives the same
numbers in every process, on every machine, in any order of calls.

The synthetic faces need this: a seeding command stores a citizen's registry
reference template today, and a simulator in another process tomorrow must
produce live captures of the *same* face from the seed and the personal id
alone. A shared `numpy.random.Generator` cannot do that (its output depends
on everything drawn before), so each key gets its own stream: SHAKE-256 of
``"{seed}\\x1f{tag}\\x1f{key}"`` read as little-endian uint32 words, turned
into uniforms on (0, 1) and, by Box-Muller, into standard normals. Nothing
here depends on numpy's generator algorithms, so the streams survive numpy
upgrades too.

Cost: about a microsecond of hashing per key plus vectorised arithmetic, so
200,000 keys x 128 normals take well under a second.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

__all__ = ["key_normals", "key_uniforms"]

_WORD = 4
_SCALE = 1.0 / 2.0**32


def _words(seed: int, tag: str, keys: Sequence[str], n: int) -> np.ndarray:
    prefix = f"{int(seed)}\x1f{tag}\x1f".encode()
    size = n * _WORD
    blob = b"".join(hashlib.shake_256(prefix + str(key).encode()).digest(size) for key in keys)
    return np.frombuffer(blob, dtype="<u4").reshape(len(keys), n)


def key_uniforms(seed: int, tag: str, keys: Sequence[str], n: int) -> np.ndarray:
    """(len(keys), n) float64 uniforms strictly inside (0, 1), one row per key."""
    return (_words(seed, tag, keys, n).astype(np.float64) + 0.5) * _SCALE


def key_normals(seed: int, tag: str, keys: Sequence[str], n: int) -> np.ndarray:
    """(len(keys), n) float64 standard normals, one row per key (Box-Muller pairs)."""
    pairs = (n + 1) // 2
    u = key_uniforms(seed, tag, keys, 2 * pairs)
    radius = np.sqrt(-2.0 * np.log(u[:, 0::2]))
    angle = 2.0 * np.pi * u[:, 1::2]
    out = np.empty((len(keys), 2 * pairs))
    out[:, 0::2] = radius * np.cos(angle)
    out[:, 1::2] = radius * np.sin(angle)
    return out[:, :n]
