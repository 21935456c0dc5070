"""Tests of the result objects and the regret helpers."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from sim.equilibria.regret import best_responses, expected_payoffs, player_regrets, profile_regret
from sim.equilibria.result import Equilibrium, EquilibriumResult
from sim.games.normal_form import bimatrix_tensor, deviation_payoffs


def test_equilibrium_is_frozen_and_serialises() -> None:
    eq = Equilibrium(
        [[np.array([1.0, 0.0])], [np.array([0.25, 0.75])]],
        np.array([1.0, 2.0]),
        0.0,
        distribution=np.eye(2) / 2,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        eq.regret = 1.0  # type: ignore[misc]
    data = eq.to_dict()
    assert data["strategies"] == [[[1.0, 0.0]], [[0.25, 0.75]]]
    assert data["distribution"] == [[0.5, 0.0], [0.0, 0.5]]


def test_result_to_dict_round_trips_through_json() -> None:
    eq = Equilibrium([np.array([1.0]), np.array([1.0])], np.array([0.0, 0.0]), 0.0)
    result = EquilibriumResult(
        ("A", "B"),
        "nash",
        "enumeration",
        [eq],
        degenerate=True,
        warnings=["note"],
        details={"subsets": [np.arange(2)], "value": np.float64(1.5)},
    )
    data = json.loads(json.dumps(result.to_dict()))
    assert data["players"] == ["A", "B"] and data["degenerate"] is True
    assert data["details"] == {"subsets": [[0, 1]], "value": 1.5}
    assert data["equilibria"][0]["regret"] == 0.0
    assert list(result) == [eq] and result[0] is eq and len(result) == 1


def test_regret_helpers_on_a_bimatrix() -> None:
    payoffs = bimatrix_tensor([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    cooperate = [np.array([1.0, 0.0]), np.array([1.0, 0.0])]
    assert [d.tolist() for d in deviation_payoffs(payoffs, cooperate)] == [[3, 5], [3, 5]]
    assert expected_payoffs(payoffs, cooperate).tolist() == [3.0, 3.0]
    assert player_regrets(payoffs, cooperate).tolist() == [2.0, 2.0]
    assert profile_regret(payoffs, cooperate) == 2.0
    assert [b.tolist() for b in best_responses(payoffs, cooperate, tol=1e-9)] == [
        [False, True],
        [False, True],
    ]
    with pytest.raises(ValueError, match="one shape"):
        bimatrix_tensor([[1, 2]], [[1], [2]])
    with pytest.raises(ValueError, match="strategies"):
        deviation_payoffs(payoffs, cooperate[:1])
