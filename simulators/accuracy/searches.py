"""What each 1:N search saw: the few distances every decision rule needs.

A decision at a gate reads only the top of the candidate list, so a search
is summarised by:

- mated searches (the traveller's own template is in the gallery): the
  distance to it (`mate`), the two nearest *other* travellers
  (`mated_others`), and the distance to another traveller whose boarding
  pass this person might show (`mated_claim`: an enrolled impostor);
- non-mated searches (the person is not in the gallery): the two nearest
  travellers (`nonmated`) and the distance to a traveller whose boarding
  pass they show (`nonmated_claim`: a stolen or borrowed pass).

The claimed traveller is always in the gallery. Every gallery holds
distinct travellers (one template each), so "the best other traveller" of
`gates.identification.identify` is simply the second entry.

Two producers: `nested_searches` draws, for each probe, a random gallery
from the real-photo pool and grows it (every smaller gallery is a prefix of
the bigger one, so the growth of FPIR with N is measured on the same draws);
`fixed_gallery_searches` searches one given gallery (synthetic templates at
sizes no photo set reaches).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from simulators.accuracy.photos import SearchSet, cross_distances

__all__ = ["Searches", "fixed_gallery_searches", "nested_searches"]


@dataclass(frozen=True)
class Searches:
    """Searches at one gallery size; arrays are float64 distances, one row per search."""

    gallery_size: int
    mate: np.ndarray  # (m,)
    mated_others: np.ndarray  # (m, 2), ascending
    mated_claim: np.ndarray  # (m,)
    nonmated: np.ndarray  # (n, 2), ascending
    nonmated_claim: np.ndarray  # (n,)
    source: str = "real photos"

    @property
    def mated_count(self) -> int:
        return len(self.mate)

    @property
    def nonmated_count(self) -> int:
        return len(self.nonmated)

    @staticmethod
    def concatenate(parts: Sequence[Searches]) -> Searches:
        """Pool searches of the same size (e.g. several random galleries)."""
        sizes = {p.gallery_size for p in parts}
        if len(sizes) != 1:
            raise ValueError(f"cannot pool searches of sizes {sorted(sizes)}")
        return Searches(
            gallery_size=sizes.pop(),
            mate=np.concatenate([p.mate for p in parts]),
            mated_others=np.concatenate([p.mated_others for p in parts]),
            mated_claim=np.concatenate([p.mated_claim for p in parts]),
            nonmated=np.concatenate([p.nonmated for p in parts]),
            nonmated_claim=np.concatenate([p.nonmated_claim for p in parts]),
            source=parts[0].source,
        )


def _two_smallest(d: np.ndarray) -> np.ndarray:
    """(rows, 2) the two smallest values of each row, ascending (needs >= 2 columns)."""
    part = np.partition(d, 1, axis=1)[:, :2]
    return np.sort(part, axis=1)


def nested_searches(data: SearchSet, sizes: Sequence[int], *, repeats: int = 1,
                    seed: int = 0) -> dict[int, Searches]:
    """Searches of every probe over random galleries of each size, `repeats` draws each.

    For each probe and draw, the other identities are put in random order;
    the gallery of size N is the first N of them (non-mated), or the probe's
    own reference plus the first N - 1 (mated). The first of them is the
    traveller whose pass is claimed, so the claim is the same at every size.
    """
    sizes = sorted(set(sizes))
    if not sizes or sizes[0] < 3 or sizes[-1] > data.max_gallery:
        raise ValueError(f"gallery sizes must be within 3..{data.max_gallery}")
    rng = np.random.default_rng(seed)
    rows = np.arange(len(data.own))
    mated = np.flatnonzero(data.mated)
    parts: dict[int, list[Searches]] = {n: [] for n in sizes}
    for _ in range(repeats):
        keys = rng.random(data.distances.shape)
        keys[rows, data.own] = np.inf  # own identity last: never an "other"
        order = np.argsort(keys, axis=1)[:, : sizes[-1]]
        others = np.take_along_axis(data.distances, order, axis=1)
        claim = others[:, 0]
        mate = data.distances[rows, data.own]
        for n in sizes:
            parts[n].append(Searches(
                gallery_size=n,
                mate=mate[mated],
                mated_others=_two_smallest(others[mated, : n - 1]),
                mated_claim=claim[mated],
                nonmated=_two_smallest(others[:, :n]),
                nonmated_claim=claim,
            ))
    return {n: Searches.concatenate(p) for n, p in parts.items()}


def fixed_gallery_searches(gallery: np.ndarray, mated_probes: np.ndarray, mates: np.ndarray,
                           nonmated_probes: np.ndarray, *, nonmated_exclude: np.ndarray | None = None,
                           nonmated_claims: np.ndarray | None = None, seed: int = 0, chunk: int = 512,
                           source: str = "synthetic") -> Searches:
    """Searches of one gallery: `mates[i]` is the row of mated probe i's own template.

    `nonmated_exclude[i]`, if given, is a row non-mated probe i must not see
    (its own identity's template: a leave-one-out search). Claimed
    travellers are drawn at random among the rows the probe sees, unless
    `nonmated_claims[i]` names the row non-mated probe i claims (a
    look-alike showing their twin's pass). Distances are computed in chunks
    of probes so a 50,000-row gallery never needs a (probes x rows) matrix
    in memory at once.
    """
    rng = np.random.default_rng(seed)
    n = len(gallery)
    if n < 3:
        raise ValueError("a gallery needs at least 3 templates")

    def scan(probes: np.ndarray, own: np.ndarray | None, hidden: np.ndarray | None,
             chosen: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
        best, claims, mate = [], [], []
        for start in range(0, len(probes), chunk):
            d = cross_distances(probes[start:start + chunk], gallery)
            rows = np.arange(len(d))
            target = (rng.integers(0, n, len(d)) if chosen is None
                      else np.asarray(chosen[start:start + chunk], dtype=np.int64))
            skip = own if own is not None else hidden
            if skip is not None:
                skip_rows = skip[start:start + chunk]
                target = np.where(target == skip_rows, (target + 1) % n, target)
                if own is not None:
                    mate.append(d[rows, skip_rows])
                d[rows, skip_rows] = np.inf
            claims.append(d[rows, target])
            best.append(_two_smallest(d))
        return (np.concatenate(best), np.concatenate(claims),
                np.concatenate(mate) if mate else np.empty(0))

    others, mated_claim, mate = scan(mated_probes, np.asarray(mates, dtype=np.int64), None)
    hidden = None if nonmated_exclude is None else np.asarray(nonmated_exclude, dtype=np.int64)
    nonmated, nonmated_claim, _ = scan(nonmated_probes, None, hidden, nonmated_claims)
    return Searches(n, mate, others, mated_claim, nonmated, nonmated_claim, source=source)
