"""A small search set of random templates, shaped like the real one: one
reference per identity, some identities with further (mated) captures."""

from __future__ import annotations

import numpy as np

from simulators.accuracy.photos import SearchSet, cross_distances


def synthetic_search_set(identities: int = 80, mated: int = 30, captures: int = 3,
                         seed: int = 0) -> SearchSet:
    """Identities whose faces sit at varying distances from the crowd, so the
    impostor tail overlaps the genuine distances (~0.3-0.6) as with real faces."""
    rng = np.random.default_rng(seed)
    spread = rng.uniform(0.015, 0.06, (identities, 1))
    centres = rng.normal(0, 1, (identities, 128)) * spread
    noise = 0.022
    pool = (centres + rng.normal(0, noise, centres.shape)).astype(np.float32)
    probes, own, is_mated = [], [], []
    for j in range(identities):
        probes.append(pool[j])
        own.append(j)
        is_mated.append(False)
        for _ in range(captures if j < mated else 0):
            probes.append(centres[j] + rng.normal(0, noise, 128))
            own.append(j)
            is_mated.append(True)
    probe_array = np.asarray(probes, dtype=np.float32)
    return SearchSet(
        identities=tuple(f"id{j:03d}" for j in range(identities)),
        pool=pool, probes=probe_array,
        probe_paths=tuple(f"p{i}" for i in range(len(probes))),
        own=np.asarray(own, dtype=np.int64), mated=np.asarray(is_mated),
        distances=cross_distances(probe_array, pool),
    )
