"""Tests of correlated equilibrium by linear programming."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.equilibria.correlated import (
    correlated_equilibrium,
    obedience_matrix,
    obedience_regret,
)
from sim.equilibria.solve import solve
from sim.games.normal_form import NormalFormGame

# Aumann (1974) Chicken: (Dare, Chicken) rows; the payoffs of his Example 2 (6, 2, 7, 0).
CHICKEN_ROW = np.array([[6.0, 2.0], [7.0, 0.0]])
CHICKEN = np.stack([CHICKEN_ROW, CHICKEN_ROW.T])


def test_chicken_welfare_maximising_correlated_equilibrium() -> None:
    # The welfare-optimal CE puts 1/2 on (C, C) and 1/4 on each asymmetric profile, total 10.5,
    # better than every Nash equilibrium (9, 9 and 2 * 14/3); Aumann (1974), Example 2.
    ce = correlated_equilibrium(CHICKEN)
    assert np.allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=1e-9)
    assert ce.payoffs.sum() == pytest.approx(10.5)
    assert ce.regret <= 1e-9
    nash_welfare = [eq.payoffs.sum() for eq in solve(NormalFormGame(CHICKEN)).equilibria]
    assert ce.payoffs.sum() >= max(nash_welfare) - 1e-9


def test_objective_for_one_player() -> None:
    # Maximising the row player's payoff: the pure equilibrium (Dare, Chicken) gives it 7.
    ce = correlated_equilibrium(CHICKEN, objective="player:0")
    assert ce.payoffs[0] == pytest.approx(7.0)
    weighted = correlated_equilibrium(CHICKEN, objective=[0.0, 1.0])
    assert weighted.payoffs[1] == pytest.approx(7.0)


@pytest.mark.parametrize("objective", ["fairness", "player:2", [1.0, 2.0, 3.0]])
def test_bad_objectives(objective: object) -> None:
    with pytest.raises(ValueError):
        correlated_equilibrium(CHICKEN, objective=objective)  # type: ignore[arg-type]


def test_obedience_matrix_rows_count() -> None:
    payoffs = np.zeros((3, 2, 3, 4))
    # one row per player and ordered pair of distinct actions: 2 + 6 + 12
    assert obedience_matrix(payoffs).shape == (20, 24)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), players=st.integers(2, 3))
def test_correlated_equilibrium_is_obedient_and_beats_nash_welfare(seed: int, players: int) -> None:
    rng = np.random.default_rng(seed)
    shape = tuple(int(m) for m in rng.integers(1, 4, size=players))
    payoffs = rng.integers(-3, 4, size=(players, *shape)).astype(float)
    ce = correlated_equilibrium(payoffs)
    assert ce.distribution.shape == shape
    assert ce.distribution.min() >= 0 and ce.distribution.sum() == pytest.approx(1.0)
    assert obedience_regret(payoffs, ce.distribution) <= 1e-9
    # every pure Nash equilibrium is a correlated equilibrium, so the LP optimum is at least as
    # good in total payoff
    for eq in solve(NormalFormGame(payoffs), "pure").equilibria:
        assert ce.payoffs.sum() >= eq.payoffs.sum() - 1e-7
