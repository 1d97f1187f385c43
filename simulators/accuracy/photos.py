"""The labelled real photos as a 1:N search set.

Each identity contributes one *reference* to the gallery pool (its most
frontal enrolled photo, as a registry photo would be: the reference
`FaceSet.demo_citizens` chooses); every enrolled photo is a *probe*, one
per photo group (copies of one photo at other sizes count once). A probe
whose identity's reference is another photo is *mated* when that reference
is in the gallery; any probe is *non-mated* against a gallery that leaves
its identity out.

Only photos check-in would accept are used, as gallery entries and as
probes: a gate that gets a poor capture asks the traveller to look again,
and a capture the quality checks refuse is a failure to acquire (FTA), not a
search.

Label noise: a non-mated pair closer than `SAME_FACE_DISTANCE` is far inside
the genuine range (genuine pairs measure 0.30-0.54 at the 5th-95th
percentile), and in this set it means the pipeline encoded the same face
under two names (an LFW photo whose subject the detector missed, leaving a
bystander as the only face). Those photos are dropped and listed, so that
one labelling accident does not pass for a false positive at every size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from enrollment.faceset import FaceSet

__all__ = ["SAME_FACE_DISTANCE", "SearchSet", "cross_distances"]

#: Non-mated pairs closer than this are taken as one face under two names.
SAME_FACE_DISTANCE = 0.2


def cross_distances(probes: np.ndarray, gallery: np.ndarray) -> np.ndarray:
    """(P, G) Euclidean distances, float64, by |a|^2 + |b|^2 - 2 a.b (one BLAS product)."""
    p = probes.astype(np.float64)
    g = gallery.astype(np.float64)
    d2 = np.einsum("ij,ij->i", p, p)[:, None] + np.einsum("ij,ij->i", g, g)[None, :] - 2.0 * (p @ g.T)
    return np.sqrt(np.clip(d2, 0.0, None))


@dataclass(frozen=True)
class SearchSet:
    """Probes against a pool of one reference per identity, with the full distance matrix.

    `distances[p, j]` is between probe p and pool entry j; `own[p]` is the
    pool entry of probe p's identity; `mated[p]` says the probe is another
    photo than that entry (a genuine search when the entry is in the gallery).
    """

    identities: tuple[str, ...]  # pool entry j is identities[j]
    pool: np.ndarray  # (G, 128) float32 reference templates
    probes: np.ndarray  # (P, 128) float32
    probe_paths: tuple[str, ...]
    own: np.ndarray  # (P,) int64
    mated: np.ndarray  # (P,) bool
    distances: np.ndarray  # (P, G) float64
    dropped: tuple[tuple[str, str, float], ...] = ()  # suspected same-face pairs (path, path, distance)

    @property
    def pool_size(self) -> int:
        return len(self.identities)

    @property
    def max_gallery(self) -> int:
        """The largest gallery every search can use (a non-mated search leaves one identity out)."""
        return self.pool_size - 1

    @classmethod
    def from_faceset(cls, faces: FaceSet, *, same_face: float = SAME_FACE_DISTANCE) -> SearchSet:
        positions = _one_per_group(faces)
        dropped = _same_face_pairs(faces, positions, same_face)
        bad = {path for a, b, _ in dropped for path in (a, b)}
        positions = [i for i in positions if faces.results[i].photo.path not in bad]
        by_identity: dict[str, list[int]] = defaultdict(list)
        for i in positions:
            by_identity[faces.results[i].photo.identity].append(i)
        identities = tuple(sorted(by_identity))
        chosen = {c.identity: c.reference for c in faces.demo_citizens(subset=None)
                  if c.reference.photo.path not in bad}
        references = [chosen[name] if name in chosen else faces.results[by_identity[name][0]]
                      for name in identities]
        entry_of = {name: j for j, name in enumerate(identities)}
        own = np.array([entry_of[faces.results[i].photo.identity] for i in positions], dtype=np.int64)
        mated = np.array([faces.results[i].photo.group != references[j].photo.group
                          for i, j in zip(positions, own.tolist(), strict=True)])
        pool = np.stack([r.template for r in references]).astype(np.float32)
        probes = faces.templates(np.array(positions, dtype=np.int64))
        return cls(identities, pool, probes, tuple(faces.results[i].photo.path for i in positions),
                   own, mated, cross_distances(probes, pool), tuple(dropped))


def _one_per_group(faces: FaceSet) -> list[int]:
    """Enrolled person photos, the first of each photo group (copies count once)."""
    seen: set[str] = set()
    keep = []
    for i in faces.indices(None).tolist():
        group = faces.results[i].photo.group
        if group not in seen:
            seen.add(group)
            keep.append(i)
    return keep


def _same_face_pairs(faces: FaceSet, positions: list[int], limit: float
                     ) -> list[tuple[str, str, float]]:
    """Pairs of different identities whose templates are closer than `limit`."""
    if not positions:
        return []
    index = np.array(positions, dtype=np.int64)
    d = cross_distances(faces.templates(index), faces.templates(index))
    names = np.array([faces.results[i].photo.identity for i in positions])
    close = np.triu(d < limit, k=1) & (names[:, None] != names[None, :])
    return [(faces.results[positions[a]].photo.path, faces.results[positions[b]].photo.path,
             round(float(d[a, b]), 4)) for a, b in zip(*np.nonzero(close), strict=True)]
