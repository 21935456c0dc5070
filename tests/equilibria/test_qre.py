"""Tests of logit quantal-response equilibria (normal form and agent form)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sim.equilibria.qre import (
    agent_qre,
    agent_qre_path,
    logit_qre,
    logit_qre_path,
    logit_residual,
    split_by_player,
)
from sim.games.normal_form import deviation_payoffs
from sim.games.tree import ExtensiveGame, decision, terminal

PD = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)


def test_lambda_zero_is_the_centroid() -> None:
    rng = np.random.default_rng(0)
    point = logit_qre(rng.normal(size=(3, 2, 3, 4)), 0.0)
    assert [p.tolist() for p in point.profile] == [[0.5] * 2, [1 / 3] * 3, [0.25] * 4]


def test_prisoners_dilemma_branch_converges_to_defection() -> None:
    # With a strictly dominant strategy, the logit response puts more weight on it as lambda grows
    # (McKelvey & Palfrey 1995, §3): defection probability increases to 1.
    path = logit_qre_path(PD, [0.0, 0.5, 1.0, 2.0, 5.0, 20.0])
    defect = [p.profile[0][1] for p in path.points]
    assert all(b > a for a, b in itertools.pairwise(defect))
    assert defect[-1] > 1 - 1e-6
    assert path.lambdas.tolist() == [0.0, 0.5, 1.0, 2.0, 5.0, 20.0]


def test_qre_solves_the_logit_fixed_point() -> None:
    rng = np.random.default_rng(1)
    payoffs = rng.normal(size=(2, 3, 4))
    point = logit_qre(payoffs, 3.0)
    for p, u in zip(point.profile, deviation_payoffs(payoffs, point.profile), strict=True):
        expected = np.exp(3.0 * u) / np.exp(3.0 * u).sum()
        assert np.allclose(p, expected, atol=1e-10)
    assert point.residual <= 1e-10


def test_lambdas_must_be_sorted_and_non_negative() -> None:
    with pytest.raises(ValueError):
        logit_qre_path(PD, [1.0, 0.5])
    with pytest.raises(ValueError):
        logit_qre_path(PD, [-1.0])


def simultaneous_tree(payoffs: np.ndarray) -> ExtensiveGame:
    """A bimatrix game as a tree: the column player does not see the row player's move."""
    m, n = payoffs.shape[1:]
    return ExtensiveGame(
        ("Row", "Column"),
        decision(
            0,
            {
                f"r{i}": decision(
                    1,
                    {f"c{j}": terminal(payoffs[:, i, j]) for j in range(n)},
                    infoset="column",
                )
                for i in range(m)
            },
        ),
    )


def test_agent_qre_of_a_simultaneous_tree_is_the_normal_form_qre() -> None:
    rng = np.random.default_rng(2)
    payoffs = rng.normal(size=(2, 2, 3))
    tree = simultaneous_tree(payoffs)
    for lam in (0.7, 4.0):
        agent = agent_qre(tree, lam)
        normal = logit_qre(payoffs, lam)
        assert [len(s) for s in split_by_player(tree, agent.profile)] == [1, 1]
        for a, b in zip(agent.profile, normal.profile, strict=True):
            assert np.allclose(a, b, atol=1e-9)


def test_agent_qre_of_the_entry_game_approaches_the_subgame_perfect_equilibrium() -> None:
    # Agent QRE selects the subgame-perfect equilibrium as lambda grows (McKelvey & Palfrey 1998).
    game = ExtensiveGame(
        ("Entrant", "Incumbent"),
        decision(
            0,
            {
                "out": terminal([0, 2]),
                "in": decision(1, {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}),
            },
        ),
    )
    path = agent_qre_path(game, [0.0, 1.0, 10.0, 40.0])
    entrant_in = [p.profile[0][1] for p in path.points]
    accommodate = [p.profile[1][1] for p in path.points]
    assert entrant_in[0] == pytest.approx(0.5)
    assert entrant_in[-1] > 1 - 1e-6 and accommodate[-1] > 1 - 1e-6


def test_logit_residual_is_zero_only_at_the_fixed_point() -> None:
    def values(profile: list[np.ndarray]) -> list[np.ndarray]:
        return deviation_payoffs(PD, profile)

    centroid = [np.array([0.5, 0.5]), np.array([0.5, 0.5])]
    assert logit_residual(values, centroid, 0.0) == 0.0
    assert logit_residual(values, centroid, 1.0) > 0.1


def test_agent_qre_rejects_batched_trees() -> None:
    game = ExtensiveGame(
        ("A", "B"),
        decision(0, {"x": terminal([np.zeros(3), np.ones(3)]), "y": terminal([1.0, 0.0])}),
    )
    with pytest.raises(ValueError, match="batch"):
        agent_qre(game, 1.0)
