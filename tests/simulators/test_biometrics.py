"""Synthetic faces: determinism per (seed, key), conditions, ageing, look-alikes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from matching.templates import check_template
from simulators.biometrics import CALIBRATED, SyntheticFaces, choose_lookalikes
from simulators.keyed import key_normals, key_uniforms

KEYS = [f"0790{i:08d}" for i in range(400)]


def _distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sqrt(((a.astype(np.float64) - b) ** 2).sum(axis=1))


def test_reference_templates_are_the_same_in_another_process() -> None:
    code = ("import sys, numpy as np; from simulators.biometrics import SyntheticFaces; "
            "sys.stdout.buffer.write(SyntheticFaces(5).reference(sys.argv[1:]).tobytes())")
    out = subprocess.run([sys.executable, "-c", code, *KEYS[:20]], capture_output=True, check=True).stdout
    theirs = np.frombuffer(out, dtype=np.float32).reshape(20, 128)
    assert np.array_equal(theirs, SyntheticFaces(5).reference(KEYS[:20]))


def test_a_persons_face_does_not_depend_on_who_else_is_asked_for() -> None:
    faces = SyntheticFaces(3)
    alone = faces.identity([KEYS[7]])
    among = faces.identity(KEYS[:10])
    assert np.array_equal(alone[0], among[7])
    assert np.array_equal(faces.reference([KEYS[7]])[0], faces.reference(KEYS[:10])[7])


def test_another_seed_is_another_population() -> None:
    assert _distances(SyntheticFaces(1).identity(KEYS), SyntheticFaces(2).identity(KEYS)).min() > 0.3


def test_templates_pass_the_wire_contract() -> None:
    faces = SyntheticFaces(1)
    templates = faces.capture(KEYS[:5], "gate", np.random.default_rng(0))
    assert templates.dtype == np.float32 and templates.shape == (5, 128)
    for t in templates:
        check_template(t)
    norms = np.linalg.norm(faces.reference(KEYS), axis=1)
    assert 1.2 < norms.mean() < 1.7  # dlib templates of real photos have norms ~1.3-1.6


def test_two_captures_of_one_person_are_far_closer_than_two_people() -> None:
    faces = SyntheticFaces(1)
    rng = np.random.default_rng(1)
    genuine = _distances(faces.capture(KEYS, "photo", rng), faces.capture(KEYS, "photo", rng))
    impostor = _distances(faces.capture(KEYS, "photo", rng), faces.capture(KEYS[1:] + KEYS[:1], "photo", rng))
    assert 0.38 < genuine.mean() < 0.46  # the labelled photos: ~0.42
    assert 0.76 < impostor.mean() < 0.88  # ~0.83
    assert np.percentile(genuine, 95) < np.percentile(impostor, 5)


def test_worse_conditions_mean_larger_genuine_distances() -> None:
    faces = SyntheticFaces(1)
    reference = faces.reference(KEYS)
    means = {c: _distances(faces.capture(KEYS, c, np.random.default_rng(2)), reference).mean()
             for c in ("kiosk", "gate", "photo", "poor_light")}
    assert means["kiosk"] < means["gate"] < means["photo"] < means["poor_light"]


def test_an_older_registry_photo_is_further_from_todays_face() -> None:
    faces = SyntheticFaces(1)
    latent = faces.identity(KEYS)
    recent = _distances(faces.reference(KEYS, age_years=0), latent).mean()
    old = _distances(faces.reference(KEYS, age_years=20), latent).mean()
    assert old > recent * 1.2
    ages = faces.reference_age(KEYS)
    assert ages.min() >= 0 and ages.max() <= CALIBRATED.max_reference_age_years


def test_unknown_condition_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown capture condition 'fog'"):
        SyntheticFaces(1).capture(KEYS[:1], "fog", np.random.default_rng(0))


def test_lookalikes_resemble_their_partner_more_than_strangers_do() -> None:
    plain = SyntheticFaces(1)
    pairs = {KEYS[i]: KEYS[i + 1] for i in range(0, 200, 2)}
    twins = SyntheticFaces(1, lookalikes=pairs)
    twin = twins.identity(list(pairs))
    partner = twins.identity(list(pairs.values()))
    assert np.array_equal(partner, plain.identity(list(pairs.values())))  # partners are unchanged
    near = _distances(twin, partner)
    assert abs(near.mean() - CALIBRATED.lookalike_distance) < 0.05
    resembling = plain.lookalike_of(list(pairs.values()), tag="impostor")
    assert _distances(resembling, partner).mean() < 0.35 < _distances(
        plain.identity(list(pairs)), partner).mean()


def test_lookalike_pairs_are_reproducible_and_stay_within_their_group() -> None:
    flights = [KEYS[i:i + 50] for i in range(0, 400, 50)]
    pairs = choose_lookalikes(flights, 0.2, seed=4)
    assert pairs == choose_lookalikes(flights, 0.2, seed=4)
    assert 40 < len(pairs) < 90  # ~rate x keys, less the conflicts
    group_of = {k: g for g, keys in enumerate(flights) for k in keys}
    assert all(group_of[a] == group_of[b] for a, b in pairs.items())
    assert len(set(pairs) | set(pairs.values())) == 2 * len(pairs)  # nobody in two pairs
    assert choose_lookalikes(flights, 0.0, seed=4) == {}


def test_keyed_streams_are_uniform_and_normal() -> None:
    u = key_uniforms(1, "t", KEYS, 64)
    z = key_normals(1, "t", KEYS, 64)
    assert u.min() > 0 and u.max() < 1 and abs(u.mean() - 0.5) < 0.01
    assert abs(z.mean()) < 0.02 and abs(z.std() - 1) < 0.02
    assert not np.array_equal(key_normals(1, "t", KEYS[:1], 8), key_normals(1, "u", KEYS[:1], 8))
