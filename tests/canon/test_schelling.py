"""Schelling's threat that leaves something to chance: the minimum effective risk.

Schelling, T. C. (1960). *The Strategy of Conflict*, ch. 8 ("The threat that leaves something to
chance"): a threat the threatener would not carry out for sure can still deter if it carries a
risk p of being carried out. The Challenger, gaining g from defiance and losing w when the threat
is executed, defies iff (1 - p) g - p w > 0, i.e. iff p < p* = g / (g + w). At the scenario's
worked numbers (g = 2, w = 6) p* = 1/4.

The tree goes through the same layer as the guarantee game (:mod:`sim.games.tree`) and is solved
by :func:`sim.equilibria.backward_induction.backward_induction`, batched over a grid of p.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.equilibria.backward_induction import backward_induction
from sim.equilibria.solve import solve
from sim.games.loading import load_game
from sim.games.tree import ExtensiveGame

G, W = 2.0, 6.0
P_STAR = G / (G + W)


def _defies(game: ExtensiveGame) -> np.ndarray:
    solution = backward_induction(game)
    root = game.root
    return np.asarray(solution.choice[root.id]) == root.actions.index("defy")


def test_threshold_sits_at_g_over_g_plus_w_on_a_grid(canon):
    grid = np.linspace(0.0, 1.0, 401)
    game = canon("schelling_chance_threat", p=grid)
    assert game.batch_shape == grid.shape
    defies = _defies(game)
    off = np.abs(grid - P_STAR) > 1e-12
    np.testing.assert_array_equal(defies[off], (grid < P_STAR)[off])
    # the switch sits between the two grid points that bracket p* and nowhere else
    switches = np.flatnonzero(np.diff(defies.astype(int)))
    assert len(switches) == 1
    assert grid[switches[0]] <= P_STAR <= grid[switches[0] + 1]


def test_indifference_exactly_at_the_minimum_effective_risk(canon):
    game = canon("schelling_chance_threat", p=P_STAR)
    solution = backward_induction(game)
    assert bool(solution.ties[game.root.id])
    assert not _defies(game)  # ties break towards restraint (comply is listed first)
    np.testing.assert_allclose(solution.expected_payoffs[0], 0.0, atol=1e-12)


@pytest.mark.parametrize(("g", "w"), [(1.0, 1.0), (3.0, 1.0), (0.5, 9.5)])
def test_threshold_moves_with_the_stakes(canon, g, w):
    grid = np.linspace(0.0, 1.0, 201)
    game = canon("schelling_chance_threat", p=grid, g=g, w=w)
    defies = _defies(game)
    star = g / (g + w)
    off = np.abs(grid - star) > 1e-12
    np.testing.assert_array_equal(defies[off], (grid < star)[off])


def test_set_override_through_load_game():
    path = (
        Path(__file__).resolve().parents[2] / "scenarios" / "canon" / "schelling_chance_threat.yaml"
    )
    below = load_game(path, overrides=["game.parameters.p=0.2"])
    above = load_game(path, overrides=["game.parameters.p=0.3"])
    assert isinstance(below, ExtensiveGame) and isinstance(above, ExtensiveGame)
    assert _defies(below) and not _defies(above)
    outcomes = backward_induction(below).outcome_probabilities
    assert float(outcomes["punishment"]) == pytest.approx(0.2)
    assert float(outcomes["defiance"]) == pytest.approx(0.8)


def test_engine_spe_lists_both_equilibria_at_the_threshold(canon):
    """At p = p* the Challenger is indifferent: two pure subgame-perfect equilibria."""
    assert len(solve(canon("schelling_chance_threat", p=P_STAR), "spe").equilibria) == 2
    assert len(solve(canon("schelling_chance_threat", p=0.2), "spe").equilibria) == 1
