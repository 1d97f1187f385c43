"""Real versus synthetic templates: the figures, the checks, and the fit.

What is compared (all Euclidean distances between templates):

- genuine distances: two photos of one person (two captures of one latent);
- impostor distances: photos of two different people, with their low tail;
- FPIR against gallery size N: for each probe, the gallery is N people drawn
  at random from everyone else, and the search is a false positive at
  threshold t if any of them lies within t. Averaged over the draw exactly
  (hypergeometric), so a set of M distractors gives a smooth curve for every
  N <= M with no resampling noise. The real curve uses the LFW distractors
  (one photo per identity, each probe against all the other identities);
  the synthetic curve does the same on synthetic people and continues to
  gallery sizes the real set cannot reach (a model extrapolation).

`check` states the tolerance; `fit` tunes the fitted parameters of
`FaceModelParams` with Nelder-Mead on common random numbers (the same
synthetic keys and noise every evaluation), so the loss is a deterministic
function of the parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from simulators.biometrics import CALIBRATED, FaceModelParams, SyntheticFaces

__all__ = [
    "CONDITION_PAIRS",
    "FITTED",
    "GALLERY_SIZES",
    "THRESHOLDS",
    "Check",
    "Figures",
    "check",
    "condition_figures",
    "fit",
    "fpir_by_gallery_size",
    "real_figures",
    "synthetic_figures",
]

# security, boarding, claimed 1:1, enrolment 1:1 (settings defaults) and face_recognition's 0.6
THRESHOLDS = (0.42, 0.45, 0.50, 0.54, 0.60)
GALLERY_SIZES = (1, 10, 30, 100, 300, 1000)
EXTRAPOLATED_SIZES = (3000, 10_000, 30_000)
IMPOSTOR_QUANTILES = (0.1, 1.0, 5.0, 50.0, 95.0)  # percent
GENUINE_QUANTILES = (5.0, 50.0, 95.0)
FITTED = ("identity_variance", "identity_decay", "noise_variance", "noise_decay", "noise_spread",
          "group_share", "compact_share", "compactness", "type_share", "types")

# Tolerances (absolute distance for quantiles; factor for FPIR).
BODY_TOLERANCE = 0.02  # means and 5th/50th/95th percentiles
TAIL_TOLERANCE = 0.03  # impostor 0.1th and 1st percentiles
FPIR_FACTOR = 2.0  # synthetic FPIR within [real / 2, real x 2] ...
FPIR_MIN_EVENTS = 5.0  # ... where the real curve rests on >= 5 probes' worth of false matches
FPIR_CHECKED = (0.42, 0.45, 0.50, 0.54)  # the operational thresholds


@dataclass(frozen=True)
class Figures:
    """Distances of one source (real photos or synthetic templates) and their FPIR curve."""

    source: str
    genuine: np.ndarray
    impostor: np.ndarray
    fpir: np.ndarray  # (len(sizes), len(THRESHOLDS))
    sizes: tuple[int, ...]
    probes: int
    distractors: int

    def summary(self) -> dict[str, Any]:
        g, i = self.genuine, self.impostor
        return {
            "source": self.source,
            "genuine": {"pairs": int(g.size), "mean": float(g.mean()),
                        **{f"p{q:g}": float(np.percentile(g, q)) for q in GENUINE_QUANTILES}},
            "impostor": {"pairs": int(i.size), "mean": float(i.mean()),
                         **{f"p{q:g}": float(np.percentile(i, q)) for q in IMPOSTOR_QUANTILES}},
            "fpir": {"probes": self.probes, "distractors": self.distractors,
                     "thresholds": list(THRESHOLDS), "gallery_sizes": list(self.sizes),
                     "values": self.fpir.tolist()},
        }


def _log_factorials(n: int) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, n + 1, dtype=np.float64)))])


def fpir_by_gallery_size(distances: np.ndarray, sizes: Sequence[int],
                         thresholds: Sequence[float] = THRESHOLDS) -> np.ndarray:
    """FPIR (len(sizes), len(thresholds)) for galleries of N drawn from each probe's row.

    `distances` is (probes, candidates) with +inf where a candidate may not
    be drawn (the probe's own identity). For probe i with M_i candidates of
    which k_i lie within t, P(no false match) = C(M_i - k_i, N) / C(M_i, N).
    """
    d = np.asarray(distances, dtype=np.float64)
    available = np.isfinite(d).sum(axis=1)
    lf = _log_factorials(int(d.shape[1]))
    out = np.zeros((len(sizes), len(thresholds)))
    for b, t in enumerate(thresholds):
        close = (d <= t).sum(axis=1)
        for a, n in enumerate(sizes):
            if n > available.min():
                out[a, b] = np.nan
                continue
            free = available - close
            ok = free >= n
            log_clear = np.where(ok, lf[np.where(ok, free, 0)] - lf[np.where(ok, free - n, 0)]
                                 - lf[available] + lf[available - n], -np.inf)
            out[a, b] = 1.0 - float(np.exp(log_clear).mean())
    return out


def _pairwise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = a.astype(np.float64), b.astype(np.float64)
    d2 = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)
    return np.sqrt(np.clip(d2, 0.0, None))


def real_figures(faceset: Any, sizes: Sequence[int] = GALLERY_SIZES) -> Figures:
    """Figures of the labelled photos (an `enrollment.faceset.FaceSet`).

    Genuine distances over every labelled, enrolled photo (most pairs are in
    the named set, whose people have several photos); impostor distances
    over the LFW distractors, a population of 1,400-odd strangers whose mix
    does not change when a subset of them is used; FPIR over the same
    distractors, one photo per identity.
    """
    genuine, _ = faceset.scores(faceset.indices())
    lfw = faceset.indices("lfw_disjoint")
    _, impostor = faceset.scores(lfw)
    identity = np.array([faceset.results[i].photo.identity for i in lfw])
    _, first = np.unique(identity, return_index=True)
    gallery = lfw[np.sort(first)]
    d = faceset.distance_matrix(gallery)
    np.fill_diagonal(d, np.inf)
    usable = tuple(n for n in sizes if n < len(gallery))
    return Figures("real", genuine, impostor, fpir_by_gallery_size(d, usable), usable,
                   len(gallery), len(gallery) - 1)


def synthetic_figures(params: FaceModelParams = CALIBRATED, *, seed: int = 7, replicates: int = 1,
                      identities: int = 3000, distractors: int = 3000, probes: int | None = None,
                      sizes: Sequence[int] = GALLERY_SIZES) -> Figures:
    """The same figures on synthetic people under the calibration condition ("photo").

    Two captures per identity give genuine pairs; impostors are pairs among
    first captures of the first `distractors` people, FPIR is leave-one-out
    over them (the real procedure). With `probes`, FPIR instead searches
    that many extra people against galleries drawn from `identities` people
    (for gallery sizes beyond the real set). With `replicates` > 1, that many
    populations (seed, seed + 1, ...) are pooled: a population's own draw
    (its group centres, who is compact) moves the tail, so a pool estimates
    the model rather than one population of it.
    """
    if replicates > 1:
        parts = [synthetic_figures(params, seed=seed + r, identities=identities, distractors=distractors,
                                   probes=probes, sizes=sizes) for r in range(replicates)]
        first = parts[0]
        return Figures("synthetic", np.concatenate([p.genuine for p in parts]),
                       np.concatenate([p.impostor for p in parts]),
                       np.mean([p.fpir for p in parts], axis=0), first.sizes,
                       sum(p.probes for p in parts), first.distractors)
    faces = SyntheticFaces(seed, params)
    rng = np.random.default_rng(seed)
    keys = [f"calibration:{i}" for i in range(identities)]
    latents = faces.identity(keys)
    first = faces.observe(latents, "photo", rng)
    second = faces.observe(latents, "photo", rng)
    genuine = np.sqrt(((first.astype(np.float64) - second) ** 2).sum(axis=1))
    m = min(distractors, identities)
    d = _pairwise(first[:m], first[:m])
    impostor = d[np.triu_indices(m, 1)]
    if probes is None:
        np.fill_diagonal(d, np.inf)
        usable = tuple(n for n in sizes if n < m)
        return Figures("synthetic", genuine, impostor, fpir_by_gallery_size(d, usable), usable, m, m - 1)
    outsiders = faces.capture([f"probe:{i}" for i in range(probes)], "photo", rng)
    usable = tuple(n for n in sizes if n <= identities)
    fpir = np.zeros((len(usable), len(THRESHOLDS)))
    for s in range(0, probes, 250):  # bounded memory: 250 x identities distances at a time
        chunk = outsiders[s:s + 250]
        fpir += fpir_by_gallery_size(_pairwise(chunk, first), usable) * len(chunk)
    return Figures("synthetic", genuine, impostor, fpir / probes, usable, probes, identities)


# The comparisons the airport-day simulation makes: (what, live condition, enrolled template).
CONDITION_PAIRS = (
    ("enrolment at a kiosk: kiosk capture vs registry photo", "kiosk", "registry"),
    ("enrolment in the app: app selfie vs registry photo", "app", "registry"),
    ("gate scan vs a kiosk enrolment", "gate", "kiosk"),
    ("gate scan vs an app enrolment", "gate", "app"),
    ("gate scan in poor light vs a kiosk enrolment", "poor_light", "kiosk"),
    ("two labelled photos (the calibration condition)", "photo", "photo"),
)


def condition_figures(params: FaceModelParams = CALIBRATED, *, seed: int = 7, people: int = 5000,
                      thresholds: Sequence[float] = THRESHOLDS) -> list[dict[str, Any]]:
    """Genuine distances (and FNMR at each threshold) for the comparisons the simulation makes.

    "registry" means the registry's reference template (`SyntheticFaces.reference`,
    with its photo's age); the other side is a live capture of the same person.
    """
    faces = SyntheticFaces(seed, params)
    keys = [f"conditions:{i}" for i in range(people)]
    latents = faces.identity(keys)
    rng = np.random.default_rng(seed)
    rows = []
    for label, live, enrolled in CONDITION_PAIRS:
        a = faces.observe(latents, live, rng).astype(np.float64)
        b = faces.reference(keys) if enrolled == "registry" else faces.observe(latents, enrolled, rng)
        d = np.sqrt(((a - b) ** 2).sum(axis=1))
        rows.append({"comparison": label, "live": live, "enrolled": enrolled,
                     "p50": float(np.median(d)), "p95": float(np.percentile(d, 95)),
                     "fnmr": {f"{t:.2f}": float((d > t).mean()) for t in thresholds}})
    return rows


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    real: float
    synthetic: float
    tolerance: str
    ok: bool | None  # None: not checked (too few real events)


def _fpir_checks(real: Figures, synth: Figures) -> list[Check]:
    checks = []
    for a, n in enumerate(real.sizes):
        if n == 1 or n not in synth.sizes:
            continue
        sa = synth.sizes.index(n)
        for t in FPIR_CHECKED:
            b = THRESHOLDS.index(t)
            r, s = float(real.fpir[a, b]), float(synth.fpir[sa, b])
            enough = r * real.probes >= FPIR_MIN_EVENTS
            ok = (r / FPIR_FACTOR <= s <= r * FPIR_FACTOR) if enough else None
            checks.append(Check(f"FPIR(N={n}, t={t:.2f})", r, s, f"x/{FPIR_FACTOR:g}", ok))
    return checks


def check(real: Figures, synth: Figures) -> list[Check]:
    """Every calibration figure with its tolerance and verdict."""
    rs, ss = real.summary(), synth.summary()
    checks = []
    for kind, names in (("genuine", ("mean", "p5", "p50", "p95")),
                        ("impostor", ("mean", "p0.1", "p1", "p5", "p50", "p95"))):
        for name in names:
            tol = TAIL_TOLERANCE if name in ("p0.1", "p1") else BODY_TOLERANCE
            r, s = rs[kind][name], ss[kind][name]
            checks.append(Check(f"{kind} {name}", r, s, f"±{tol:g}", abs(r - s) <= tol))
    return checks + _fpir_checks(real, synth)


def _loss(real: Figures, synth: Figures) -> float:
    """Squared errors: body quantiles in units of 0.005, tail quantiles of 0.01, FPIR in
    logit units scaled by its sampling noise."""
    rs, ss = real.summary(), synth.summary()
    total = 0.0
    for kind, names in (("genuine", ("mean", "p5", "p50", "p95")),
                        ("impostor", ("mean", "p0.1", "p1", "p5", "p50", "p95"))):
        total += sum(((rs[kind][n] - ss[kind][n]) / (0.01 if n in ("p0.1", "p1") else 0.005)) ** 2
                     for n in names)
    for a, n in enumerate(real.sizes):
        if n == 1 or n not in synth.sizes:
            continue
        for b, _ in enumerate(THRESHOLDS):
            r, s = real.fpir[a, b], synth.fpir[synth.sizes.index(n), b]
            sigma = max(0.15, 1.0 / np.sqrt(max(r * real.probes, 0.3)))
            lr, ls = (np.log(np.clip(x, 1e-4, 1 - 1e-4) / (1 - np.clip(x, 1e-4, 1 - 1e-4)))
                      for x in (r, s))
            weight = 0.5 if THRESHOLDS[b] not in FPIR_CHECKED else 1.0
            total += weight * ((lr - ls) / sigma) ** 2
    return float(total)


_BOUNDS = {"identity_variance": (0.05, 1.0), "identity_decay": (3.0, 200.0),
           "noise_variance": (0.01, 0.5), "noise_decay": (3.0, 200.0), "noise_spread": (0.0, 1.0),
           "group_share": (0.0, 0.9), "compact_share": (0.0, 1.0), "compactness": (0.3, 1.2),
           "type_share": (0.0, 0.99), "types": (100, 2_000_000)}


def _params_from(x: np.ndarray, start: FaceModelParams) -> FaceModelParams | None:
    values = {}
    for name, v in zip(FITTED, x, strict=True):
        v = float(np.exp(v)) if name == "types" else float(v)
        lo, hi = _BOUNDS[name]
        if not lo <= v <= hi:
            return None
        values[name] = int(round(v)) if name == "types" else v
    return replace(start, **values)


def fit(real: Figures, start: FaceModelParams = CALIBRATED, *, seed: int = 7, replicates: int = 1,
        max_evaluations: int = 600, progress: Callable[[int, float], None] | None = None
        ) -> tuple[FaceModelParams, float]:
    """Nelder-Mead over the FITTED parameters; returns (params, loss)."""
    from scipy.optimize import minimize

    x0 = np.array([np.log(start.types) if n == "types" else getattr(start, n) for n in FITTED],
                  dtype=np.float64)
    calls = 0

    def objective(x: np.ndarray) -> float:
        nonlocal calls
        calls += 1
        params = _params_from(x, start)
        if params is None:
            return 1e12
        value = _loss(real, synthetic_figures(params, seed=seed, replicates=replicates))
        if progress:
            progress(calls, value)
        return value

    result = minimize(objective, x0, method="Nelder-Mead",
                      options={"maxfev": max_evaluations, "xatol": 1e-4, "fatol": 1e-3,
                               "adaptive": True})
    best = _params_from(result.x, start)
    assert best is not None
    return best, float(result.fun)


def params_table(params: FaceModelParams) -> dict[str, Any]:
    """The parameters as JSON-ready values."""
    out = asdict(params)
    out["conditions"] = dict(params.conditions)
    return out
