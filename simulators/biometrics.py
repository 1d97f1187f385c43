"""Synthetic face templates that behave like the dlib model's, with no images.

A synthetic traveller has a *latent* identity (128 float32, the template a
perfect camera would produce); every capture adds noise whose size depends on
the capture condition. The generative model (`FaceModelParams`) is fitted to
the real photos in ../shared/faces measured by the real pipeline
(`skygate calibrate biometrics`), so that genuine distances, impostor
distances *and the closest impostors* match: the impostor tail is what sets
the false-positive identification rate (FPIR) once a gallery holds thousands.

The model, in the dlib space (Euclidean distances, ~78 effective dimensions)::

    latent(key)  = centre + B @ (a * (sqrt(rho_g) g[group] + c[group] sqrt(1 - rho_g)
                                      * (sqrt(rho_t) t[type] + sqrt(1 - rho_t) u[key])))
    capture      = latent + s * m[condition] * B @ (b * e),   s = exp(tau n - tau^2)
    reference    = capture under "registry" light of the face `age` years ago

- `a`, `b`: per-axis scales, exponentially decaying spectra (identity and
  capture noise) over `rank` axes of a fixed orthonormal basis `B`: real
  templates vary along ~78 directions only;
- `g[group]`: demographic groups; one *compact* group (share `compact_share`)
  whose members sit closer together (`compactness` < 1), as dlib's faces of
  groups under-represented in its training do; most near-impostors in the
  real set are there;
- `t[type]`: look-alike types: two people of one type share `type_share` of
  their individual variation, which yields the rare near-twins of the tail;
- `s`: per-capture quality spread (some photos are simply worse);
- `m[condition]`: noise by capture condition (see `CONDITIONS`).

Determinism: everything about a key (latent, group, type, registry photo and
its age) comes from `simulators.keyed`, i.e. from (seed, key) alone. A seeding
command can store `reference(personal_ids)` today and a simulator in another
process can produce `capture(personal_ids, "gate", rng)` of the same people
tomorrow. Live captures draw from the caller's `rng`.

Public API::

    faces = SyntheticFaces(seed, params=CALIBRATED, lookalikes=None)
    faces.identity(keys)                      -> (n, 128) float32 latents
    faces.reference(keys, age_years=None)     -> (n, 128) float32 registry templates
    faces.capture(keys, condition, rng)       -> (n, 128) float32 live templates
    faces.observe(latents, condition, rng)    -> captures of given latents
    faces.lookalike_of(keys, tag="lookalike") -> (n, 128) latents of new people resembling keys
    choose_lookalikes(groups, rate, seed)     -> {key: partner}: twins travelling together
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from simulators.keyed import key_normals, key_uniforms

__all__ = [
    "CALIBRATED",
    "CALIBRATION_COMMAND",
    "CONDITIONS",
    "DIM",
    "FaceModelParams",
    "SyntheticFaces",
    "choose_lookalikes",
]

DIM = 128
_MODEL_SEED = 20251201  # the fixed "dlib space" (basis, centre); not the population seed

# Noise multipliers on the capture noise of the labelled photos (= 1.0, what
# the calibration measures). Assumptions, not measurements: the labelled
# photos are news and web pictures; a cooperative, frontal, lit capture has
# less variation, a dark or moving one more. docs/simulation.md shows what
# each does to genuine distances; the threshold study may refine them.
CONDITIONS: dict[str, float] = {
    "photo": 1.00,  # the labelled photos themselves (calibration condition)
    "registry": 0.75,  # ID-card / VNeID enrolment photo: studio light, frontal
    "kiosk": 0.80,  # check-in kiosk or counter camera: cooperative, lit
    "app": 0.90,  # VNeID app selfie: cooperative, uncontrolled light
    "gate": 0.85,  # e-gate camera: cooperative, traveller walking in
    "poor_light": 1.30,  # dim or back-lit capture
}


@dataclass(frozen=True, slots=True)
class FaceModelParams:
    """The generative model's parameters (distances are Euclidean, dlib units).

    Fitted: identity_variance, identity_decay, noise_variance, noise_decay,
    noise_spread, group_share, compact_share, compactness, type_share, types.
    Measured directly: rank, centre_norm. Assumed: conditions,
    lookalike_distance, ageing (see their comments).
    """

    identity_variance: float  # E|z_i - z_j|^2 / 2 over random identities
    identity_decay: float  # e-folding length (axes) of the identity spectrum
    noise_variance: float  # E|capture - latent|^2 for the labelled photos
    noise_decay: float  # e-folding length of the capture-noise spectrum
    noise_spread: float  # log-sd of a capture's noise scale
    group_share: float  # share of identity variance between demographic groups
    compact_share: float  # share of people in the compact group
    compactness: float  # individual spread of the compact group (1 = like the others)
    type_share: float  # share of individual variance shared within a look-alike type
    types: int  # number of look-alike types
    groups: int = 8
    rank: int = 78  # real templates vary along ~78 axes (covariance rank of the set)
    centre_norm: float = 1.30  # |mean template| of the labelled photos
    # Explicit look-alikes (twins): latent distance to their partner. Assumed so
    # that two gate captures of twins sit near the boarding threshold (~0.45).
    lookalike_distance: float = 0.25
    # Ageing of the registry photo: RMS latent drift over 10 years, relative to
    # the RMS capture noise of a labelled photo. Assumed (no dated photos here).
    ageing_per_decade: float = 0.6
    max_reference_age_years: float = 5.0  # chip ID cards since 2021: photos 0-5 years old
    conditions: Mapping[str, float] = field(default_factory=lambda: dict(CONDITIONS))

    def with_conditions(self, **multipliers: float) -> FaceModelParams:
        return replace(self, conditions={**self.conditions, **multipliers})


# Produced by: skygate calibrate biometrics --fit  (docs/simulation.md)
CALIBRATION_COMMAND = "skygate calibrate biometrics --fit"
CALIBRATED = FaceModelParams(
    identity_variance=0.2596,
    identity_decay=26.85,
    noise_variance=0.09090,
    noise_decay=30.70,
    noise_spread=0.2112,
    group_share=0.2141,
    compact_share=0.06390,
    compactness=0.6366,
    type_share=0.3204,
    types=2941,
)


def _spectrum(decay: float, rank: int) -> np.ndarray:
    """Per-axis variances exp(-k / decay) for k < rank, zero beyond, summing to 1."""
    k = np.arange(DIM, dtype=np.float64)
    lam = np.where(k < rank, np.exp(-k / decay), 0.0)
    return lam / lam.sum()


@lru_cache(maxsize=4)
def _space(centre_norm: float) -> tuple[np.ndarray, np.ndarray]:
    """The fixed basis (orthonormal columns) and centre of the synthetic template space."""
    raw = key_normals(_MODEL_SEED, "basis", [str(i) for i in range(DIM)], DIM)
    basis, r = np.linalg.qr(raw)
    basis *= np.sign(np.diag(r))  # a unique QR: the same basis everywhere
    centre = key_normals(_MODEL_SEED, "centre", ["centre"], DIM)[0]
    return basis, centre * (centre_norm / np.linalg.norm(centre))


class SyntheticFaces:
    """Deterministic synthetic faces for one population seed.

    `lookalikes` maps a key to the key of the person they resemble (a twin):
    their latent is the partner's plus a small offset. Pass the same mapping
    in every process that must agree (see `choose_lookalikes`).
    """

    def __init__(self, seed: int, params: FaceModelParams = CALIBRATED,
                 lookalikes: Mapping[str, str] | None = None) -> None:
        self.seed = int(seed)
        self.params = params
        self.lookalikes = dict(lookalikes or {})
        p = params
        self._basis, self._centre = _space(p.centre_norm)
        self._id_scale = np.sqrt(p.identity_variance * _spectrum(p.identity_decay, p.rank))
        self._noise_scale = np.sqrt(p.noise_variance * _spectrum(p.noise_decay, p.rank))

    # -- latents -------------------------------------------------------------------

    def identity(self, keys: Sequence[str]) -> np.ndarray:
        """(n, 128) float32 latent templates of these people (noise-free)."""
        keys = [str(k) for k in keys]
        coords = self._coordinates(keys)
        twins = [i for i, k in enumerate(keys) if k in self.lookalikes]
        if twins:
            partners = [self.lookalikes[keys[i]] for i in twins]
            offset = key_normals(self.seed, "twin", [keys[i] for i in twins], DIM)
            coords[twins] = self._coordinates(partners) + offset * self._twin_factor
        return self._to_space(coords * self._id_scale)

    def lookalike_of(self, keys: Sequence[str], tag: str = "lookalike") -> np.ndarray:
        """Latents of new people, one per key, who resemble that key's person.

        Deterministic in (seed, key, tag); a different `tag` gives another look-alike.
        """
        keys = [str(k) for k in keys]
        offset = key_normals(self.seed, f"{tag}", keys, DIM) * self._twin_factor
        return self._to_space((self._coordinates(keys) + offset) * self._id_scale)

    @property
    def _twin_factor(self) -> float:
        # E|offset * id_scale|^2 = factor^2 * identity_variance
        return self.params.lookalike_distance / np.sqrt(self.params.identity_variance)

    def _coordinates(self, keys: Sequence[str]) -> np.ndarray:
        """Whitened latent coordinates (before the identity spectrum), float64."""
        p = self.params
        u = key_uniforms(self.seed, "membership", keys, 3)
        compact = u[:, 0] < p.compact_share
        group = np.where(compact, 0, 1 + np.minimum((u[:, 1] * (p.groups - 1)).astype(int),
                                                    p.groups - 2))
        kind = np.minimum((u[:, 2] * p.types).astype(np.int64), p.types - 1)
        centres = key_normals(self.seed, "group", [str(g) for g in range(p.groups)], DIM)
        own = key_normals(self.seed, "identity", keys, DIM)
        unique, inverse = np.unique(kind, return_inverse=True)
        shared = key_normals(self.seed, "type", [str(t) for t in unique.tolist()], DIM)[inverse]
        individual = np.sqrt(p.type_share) * shared + np.sqrt(1 - p.type_share) * own
        spread = np.where(compact, p.compactness, 1.0)[:, None] * np.sqrt(1 - p.group_share)
        return np.sqrt(p.group_share) * centres[group] + spread * individual

    def _to_space(self, scaled: np.ndarray) -> np.ndarray:
        return (self._centre + scaled @ self._basis.T).astype(np.float32)

    # -- captures ------------------------------------------------------------------

    def _noise(self, normals: np.ndarray, quality: np.ndarray, condition: str) -> np.ndarray:
        try:
            level = self.params.conditions[condition]
        except KeyError:
            known = ", ".join(sorted(self.params.conditions))
            raise ValueError(f"unknown capture condition {condition!r}; known: {known}") from None
        tau = self.params.noise_spread
        scale = level * np.exp(tau * quality - tau**2)[:, None]
        return (scale * normals * self._noise_scale) @ self._basis.T

    def observe(self, latents: np.ndarray, condition: str, rng: np.random.Generator) -> np.ndarray:
        """Live captures of the given latents under `condition`, drawing from `rng`."""
        latents = np.atleast_2d(np.asarray(latents, dtype=np.float32))
        n = len(latents)
        noise = self._noise(rng.standard_normal((n, DIM)), rng.standard_normal(n), condition)
        return (latents + noise).astype(np.float32)

    def capture(self, keys: Sequence[str], condition: str, rng: np.random.Generator) -> np.ndarray:
        """(n, 128) float32 live captures of these people under `condition`."""
        return self.observe(self.identity(keys), condition, rng)

    def reference_age(self, keys: Sequence[str]) -> np.ndarray:
        """Years since each person's registry photo was taken (from the key)."""
        u = key_uniforms(self.seed, "reference-age", [str(k) for k in keys], 1)[:, 0]
        return u * self.params.max_reference_age_years

    def reference(self, keys: Sequence[str], age_years: float | np.ndarray | None = None
                  ) -> np.ndarray:
        """(n, 128) float32 registry reference templates: deterministic per (seed, key).

        The photo was taken `age_years` ago (default: per key, uniform in
        0..max_reference_age_years): the face has drifted since by
        `ageing_per_decade` x sqrt(age / 10) of a capture's noise.
        """
        keys = [str(k) for k in keys]
        n = len(keys)
        age = self.reference_age(keys) if age_years is None else np.broadcast_to(
            np.asarray(age_years, dtype=np.float64), (n,))
        if np.any(age < 0):
            raise ValueError("age_years must be >= 0")
        latents = self.identity(keys).astype(np.float64)
        drift_size = self.params.ageing_per_decade * np.sqrt(age / 10.0)[:, None]
        drift = (drift_size * key_normals(self.seed, "ageing", keys, DIM) * self._noise_scale
                 ) @ self._basis.T
        normals = key_normals(self.seed, "registry-photo", keys, DIM + 1)
        noise = self._noise(normals[:, :DIM], normals[:, DIM], "registry")
        return (latents - drift + noise).astype(np.float32)


def choose_lookalikes(groups: Iterable[Sequence[str]], rate: float, seed: int) -> dict[str, str]:
    """Pair up look-alikes (twins, siblings) within groups, e.g. the travellers of one flight.

    Each key becomes the look-alike of the next key in its group (in a
    seed-determined order) with probability `rate`, unless either is paired
    already; the result maps key -> partner. The same groups, rate and seed
    give the same pairs in every process.
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must lie in [0, 1], got {rate}")
    pairs: dict[str, str] = {}
    if rate == 0.0:
        return pairs
    taken: set[str] = set()
    for group in groups:
        keys = [str(k) for k in group]
        if len(keys) < 2:
            continue
        u = key_uniforms(seed, "lookalike-pair", keys, 2)
        order = np.argsort(u[:, 1], kind="stable")
        for a, b in zip(order[:-1].tolist(), order[1:].tolist(), strict=True):
            key, partner = keys[a], keys[b]
            if u[a, 0] < rate and key not in taken and partner not in taken:
                pairs[key] = partner
                taken.update((key, partner))
    return pairs
