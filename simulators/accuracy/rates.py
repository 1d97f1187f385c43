"""FNIR and FPIR of the three decision rules, from summarised searches.

The rules, as the gates implement them (`gates.identification`):

- **pure 1:N**: the nearest template opens the gate if its distance is
  under the threshold t. FPIR(t) = non-mated searches whose nearest is
  under t; FNIR(t) = mated searches whose own template is not the nearest
  or not under t (`matching.metrics.fpir` / `fnir`).
- **threshold + margin** (`identify`): the nearest must be under t AND
  ahead of the best other traveller by at least m, or the scan goes to
  manual (`ambiguous_match`). A mated search succeeds only if its own
  template wins by m; a non-mated search is a false positive only if its
  nearest wins by m. Mated searches that open for *someone else* are
  counted apart (`wrong_open`): ISO/IEC 19795-1 files them under FNIR, but at
  a gate they are a wrong person let through.
- **claimed identity** (`verify_claim`): the face must be under t_c from the
  claimed booking's template, and the 1:N search (threshold + margin) must
  not identify a different traveller who is nearer than the claimed one.
  Genuine: the owner shows their pass. Impostors: someone not enrolled
  shows an enrolled traveller's pass (`claim_fpir`), or an enrolled
  traveller shows another's (`claim_enrolled_fpir`).

`matching.metrics` counts a score equal to the threshold as a match, the
gates count it as a miss (`distance < threshold`); on continuous distances
the two never differ.
"""

from __future__ import annotations

import numpy as np

from gates.identification import MatchPolicy
from matching.metrics import fnir, fpir
from simulators.accuracy.searches import Searches

__all__ = [
    "claim_enrolled_fpir",
    "claim_fnir",
    "claim_fpir",
    "margin_fnir",
    "margin_fpir",
    "opened_nonmated",
    "pure_fnir",
    "pure_fpir",
    "wrong_open",
]

Thresholds = np.ndarray | float


def pure_fpir(s: Searches, t: Thresholds) -> np.ndarray:
    return fpir(s.nonmated[:, 0], t)


def pure_fnir(s: Searches, t: Thresholds) -> np.ndarray:
    return fnir(s.mate, t, s.mate < s.mated_others[:, 0])


def opened_nonmated(s: Searches, m: float) -> np.ndarray:
    """Best distance of each non-mated search that clears the margin, else inf."""
    d1, d2 = s.nonmated[:, 0], s.nonmated[:, 1]
    return np.where(d2 - d1 >= m, d1, np.inf)


def margin_fpir(s: Searches, t: Thresholds, m: float) -> np.ndarray:
    return fpir(opened_nonmated(s, m), t)


def margin_fnir(s: Searches, t: Thresholds, m: float) -> np.ndarray:
    return fnir(s.mate, t, s.mated_others[:, 0] - s.mate >= max(m, np.finfo(float).tiny))


def _best_other_wins(s: Searches, m: float) -> tuple[np.ndarray, np.ndarray]:
    """Mated searches: (distance of the nearest other traveller, does it win by m?)."""
    o1, o2 = s.mated_others[:, 0], s.mated_others[:, 1]
    runner_up = np.minimum(s.mate, o2)
    return o1, (o1 < s.mate) & (runner_up - o1 >= m)


def wrong_open(s: Searches, t: Thresholds, m: float) -> np.ndarray:
    """Share of mated searches the rule opens for a different traveller."""
    o1, wins = _best_other_wins(s, m)
    return fpir(np.where(wins, o1, np.inf), t) if len(o1) else np.zeros_like(np.asarray(t, float))


def _conflict_mated(s: Searches, policy: MatchPolicy, claimed: np.ndarray) -> np.ndarray:
    """1:N identifies someone other than the claimed traveller, nearer than the claim."""
    best = np.minimum(s.mate, s.mated_others[:, 0])
    pool = np.sort(np.stack([s.mate, s.mated_others[:, 0], s.mated_others[:, 1]], axis=1), axis=1)
    margin = pool[:, 1] - pool[:, 0]
    return (best < claimed) & (best < policy.threshold) & (margin >= policy.min_margin)


def claim_fnir(s: Searches, tc: Thresholds, policy: MatchPolicy) -> np.ndarray:
    """Owners refused: face over t_c from their own template, or another traveller wins 1:N."""
    conflict = _conflict_mated(s, policy, s.mate)
    return fnir(np.where(conflict, np.inf, s.mate), tc)


def claim_fpir(s: Searches, tc: Thresholds, policy: MatchPolicy) -> np.ndarray:
    """Someone not enrolled accepted on an enrolled traveller's pass."""
    d1, d2 = s.nonmated[:, 0], s.nonmated[:, 1]
    conflict = (d1 < s.nonmated_claim) & (d1 < policy.threshold) & (d2 - d1 >= policy.min_margin)
    return fpir(np.where(conflict, np.inf, s.nonmated_claim), tc)


def claim_enrolled_fpir(s: Searches, tc: Thresholds, policy: MatchPolicy) -> np.ndarray:
    """An enrolled traveller accepted on another traveller's pass."""
    conflict = _conflict_mated(s, policy, s.mated_claim)
    return fpir(np.where(conflict, np.inf, s.mated_claim), tc)
