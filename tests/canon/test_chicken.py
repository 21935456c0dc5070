"""Chicken: two pure equilibria and one mixed.

Rapoport, A., & Chammah, A. M. (1966), "The game of Chicken", *American Behavioral Scientist*
10(3), 10-28. With payoffs tie (both swerve), lose (swerve alone), win (straight alone) and crash
(both straight), the pure equilibria are the two asymmetric profiles and the mixed one has each
driver go straight with probability q* = (win - tie) / ((win - tie) + (lose - crash)); worked
numbers 0, -1, 1, -10 give q* = 0.1. Checked with the project's support enumeration, the batched
bimatrix solver over a grid of crash costs, and Gambit's exact enumeration (pygambit).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygambit as gbt

from sim.equilibria.batched_bimatrix import solve_bimatrix_batch
from sim.equilibria.pure_nash import pure_nash_equilibria
from sim.equilibria.solve import solve
from sim.equilibria.support_enumeration import support_enumeration
from sim.games.from_spec import payoff_tensor
from sim.games.loading import load_game_spec
from sim.games.normal_form import NormalFormGame

CANON = Path(__file__).resolve().parents[2] / "scenarios" / "canon"


def _q_star(tie=0.0, lose=-1.0, win=1.0, crash=-10.0):
    return (win - tie) / ((win - tie) + (lose - crash))


def _sorted(equilibria):
    return sorted((tuple(np.round(x, 9)), tuple(np.round(y, 9))) for x, y in equilibria)


def test_two_pure_and_one_mixed_equilibrium(canon):
    game = canon("chicken")
    assert isinstance(game, NormalFormGame)
    assert game.actions == (("swerve", "straight"), ("swerve", "straight"))
    assert pure_nash_equilibria(game.payoffs) == [(0, 1), (1, 0)]
    A, B = game.to_bimatrix()
    found = _sorted(support_enumeration(A, B))
    q = _q_star()
    assert q == 0.1
    expected = _sorted(
        [
            (np.array([1.0, 0.0]), np.array([0.0, 1.0])),
            (np.array([0.0, 1.0]), np.array([1.0, 0.0])),
            (np.array([1 - q, q]), np.array([1 - q, q])),
        ]
    )
    assert found == expected
    mixed = [np.array([1 - q, q]), np.array([1 - q, q])]
    assert game.regret(mixed) < 1e-12


def test_gambit_agrees(canon):
    game = canon("chicken")
    A, B = game.to_bimatrix()
    g = gbt.Game.from_arrays(A.astype(int), B.astype(int))
    result = gbt.nash.enummixed_solve(g, rational=True)
    row, column = list(g.players)
    gambit = _sorted(
        (
            np.array([float(eq[s]) for s in row.strategies]),
            np.array([float(eq[s]) for s in column.strategies]),
        )
        for eq in result.equilibria
    )
    assert gambit == _sorted(support_enumeration(A, B))


def test_mixed_equilibrium_over_a_grid_of_crash_costs():
    """One batched payoff tensor over the grid, solved by the batched bimatrix solver."""
    crashes = np.linspace(-40.0, -1.5, 78)
    tensor = payoff_tensor(load_game_spec(CANON / "chicken.yaml"), {"crash": crashes})
    assert tensor.shape == (78, 2, 2, 2)
    result = solve_bimatrix_batch(tensor[:, 0], tensor[:, 1])
    np.testing.assert_array_equal(result.count, 3)
    for k, crash in enumerate(crashes):
        mixed = [x for x, y in result.equilibria(k) if 0 < x[1] < 1]
        assert len(mixed) == 1
        np.testing.assert_allclose(mixed[0][1], _q_star(crash=crash), atol=1e-12)


def test_engine_solve_returns_the_three_equilibria(canon):
    game = canon("chicken")
    result = solve(game, "nash")
    assert result.complete and not result.degenerate
    found = _sorted(tuple(eq.strategies) for eq in result.equilibria)
    A, B = game.to_bimatrix()
    assert found == _sorted(support_enumeration(A, B))
    assert max(eq.regret for eq in result.equilibria) < 1e-9
