"""Synthetic templates for the benchmark: the scale of face embeddings, no faces.

Speed does not depend on what the vectors mean, only on their count and
dimension, but the candidate window of an exact search does depend on how
close the nearest rows are, so probes are made the way a gate sees them: an
enrolled template plus capture noise (distance ~0.35, a genuine match for
dlib's model), not uniform noise far from everything.
"""

from __future__ import annotations

import numpy as np

__all__ = ["make_probes", "make_templates"]

_CHUNK = 1 << 16


def make_templates(rng: np.random.Generator, n: int, dim: int = 128) -> np.ndarray:
    """(n, dim) float32 rows of norm 1, generated in pieces (no float64 N x d copy)."""
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, _CHUNK):
        part = out[start:start + _CHUNK]
        part[:] = rng.standard_normal(part.shape, dtype=np.float32)
        part /= np.linalg.norm(part, axis=1, keepdims=True)
    return out


def make_probes(rng: np.random.Generator, templates: np.ndarray, count: int,
                noise: float = 0.35) -> np.ndarray:
    """`count` probes, each an enrolled template moved by `noise` in a random direction."""
    if len(templates) == 0:
        return make_templates(rng, count, templates.shape[1])
    base = templates[rng.integers(len(templates), size=count)]
    direction = make_templates(rng, count, templates.shape[1])
    return np.ascontiguousarray(base + np.float32(noise) * direction, dtype=np.float32)
