"""With learning, noise and dynamics off, every quarter replays the stage game's equilibrium.

The outcome counts over many quarters are tested against the equilibrium outcome distribution
computed independently by :func:`sim.guarantee.solve_guarantee`, with a
chi-square test at α = 1e-6 (a false alarm has probability 1e-6, so the test cannot pass or fail
by luck in practice), and the same test must reject a deliberately wrong distribution.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chisquare

from sim.guarantee import OUTCOMES, RUSSIA_ACTIONS, solve_guarantee

from .conftest import preset, run_models

ALPHA = 1e-6
PRESETS_TO_CHECK = ("budapest_1994", "bilateral_2024", "reassurance_force_rear", "salami_gray_zone")


def outcome_counts(models) -> np.ndarray:
    outcomes = np.concatenate([m.record["outcome"] for m in models])
    assert outcomes.min() >= 0, "a static run must play a crisis round every quarter"
    return np.bincount(outcomes, minlength=len(OUTCOMES))


def p_value(counts: np.ndarray, probs: dict[str, float]) -> float:
    expected = np.array([probs.get(name, 0.0) for name in OUTCOMES])
    impossible = expected <= 1e-12
    if counts[impossible].sum() > 0:
        return 0.0
    keep = ~impossible
    if keep.sum() == 1:
        return 1.0
    e = expected[keep] / expected[keep].sum() * counts.sum()
    return float(chisquare(counts[keep], e).pvalue)


@pytest.fixture(scope="module", params=PRESETS_TO_CHECK)
def static_run(request):
    scenario = preset(request.param, quarters=40)
    models = run_models(scenario, 150, root=11)
    return scenario, models, solve_guarantee(scenario)


def test_outcome_distribution_matches_stage_equilibrium(static_run):
    _, models, solution = static_run
    counts = outcome_counts(models)
    assert counts.sum() == 150 * 40
    assert p_value(counts, solution.outcome_probabilities) > ALPHA


def test_every_opportunist_decision_is_the_equilibrium_move(static_run):
    _, models, solution = static_run
    expected = RUSSIA_ACTIONS.index(solution.russia_action)
    for m in models:
        chosen = m.record["russia_action"][~m.record["hardliner"]]
        assert np.all(chosen == expected)
        assert m.totals["consistent_decisions"] == m.totals["decisions"]
    beliefs = np.concatenate([m.record["belief_ec"] for m in models])
    assert np.ptp(beliefs) == 0.0  # learning off: beliefs never move


def test_wrong_distribution_is_rejected(static_run):
    _, models, solution = static_run
    counts = outcome_counts(models)
    probs = dict(solution.outcome_probabilities)
    # move 5 percentage points of mass from the likeliest outcome to another outcome
    top = max(probs, key=lambda k: probs[k])
    other = next(k for k in OUTCOMES if k != top and probs.get(k, 0.0) < 0.5)
    probs[top] -= 0.05
    probs[other] = probs.get(other, 0.0) + 0.05
    assert p_value(counts, probs) < ALPHA
