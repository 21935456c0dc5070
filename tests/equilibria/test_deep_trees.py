"""Trees as deep as the Gambit reader accepts (``MAX_TREE_DEPTH``) are walked without recursion.

A 999-move centipede: the mover at move ``k`` who takes gets ``k + 1`` and the other ``k - 1``;
if nobody takes both get 999. Each mover gets more by taking than by passing to a taker, so by
backward induction everyone takes and the game ends at once with payoffs ``(2, 0)``.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.backward_induction import (
    enumerate_subgame_perfect,
    evaluate,
    reach_probabilities,
)
from sim.equilibria.budget import Deadline
from sim.equilibria.solve import solve
from sim.equilibria.subgames import _copy_truncated, _one_per_subgame, _subgame_roots
from sim.games.reduced_normal_form import plan_counts
from sim.games.tree import ExtensiveGame, decision, terminal

DEPTH = 999


def _centipede(depth: int) -> ExtensiveGame:
    node = terminal([depth, depth])
    for k in range(depth, 0, -1):  # bottom-up, so building needs no recursion either
        mover = (k - 1) % 2
        payoffs = [k - 1, k - 1]
        payoffs[mover] = k + 1
        node = decision(mover, {"take": terminal(payoffs), "pass": node})
    return ExtensiveGame(("A", "B"), node)


@pytest.fixture(scope="module")
def centipede() -> ExtensiveGame:
    return _centipede(DEPTH)


def test_the_tree_is_numbered_in_preorder(centipede: ExtensiveGame) -> None:
    assert len(centipede.nodes) == 2 * DEPTH + 1
    assert [n.id for n in centipede.nodes] == list(range(2 * DEPTH + 1))
    assert centipede.nodes[-1].payoffs is not None
    assert centipede.nodes[-1].payoffs.tolist() == [DEPTH, DEPTH]


def test_spe_takes_at_once(centipede: ExtensiveGame) -> None:
    result = solve(centipede, "spe")
    assert result.complete and len(result.equilibria) == 1
    (eq,) = result.equilibria
    assert eq.payoffs.tolist() == [2.0, 0.0] and eq.regret == 0.0
    for strategies in eq.strategies:  # every mover takes at every one of its moves
        assert all(probs.tolist() == [1.0, 0.0] for probs in strategies)
    assert enumerate_subgame_perfect(centipede) == [{n.id: 0 for n in centipede.decision_nodes}]


def test_one_equilibrium_per_nested_subgame(centipede: ExtensiveGame) -> None:
    """Every decision node starts a subgame: 999 nested subgames, each solved for Nash."""
    roots = _subgame_roots(centipede)
    assert len(roots) == DEPTH
    result = _one_per_subgame(
        centipede,
        1e-9,
        lambda sub, tol, budget: solve(sub, "nash", tol=tol, deadline=budget),
        roots,
        Deadline(None),
        "a test",
    )
    (eq,) = result.equilibria
    assert eq.payoffs.tolist() == [2.0, 0.0] and eq.regret == 0.0
    assert all(p.tolist() == [1.0, 0.0] for strategies in eq.strategies for p in strategies)


def test_copying_a_deep_tree(centipede: ExtensiveGame) -> None:
    copy = ExtensiveGame(centipede.players, _copy_truncated(centipede, centipede.root, {}))
    assert [(n.kind, n.actions) for n in copy.nodes] == [
        (n.kind, n.actions) for n in centipede.nodes
    ]
    copied = np.array([np.asarray(n.payoffs) for n in copy.terminal_nodes])
    original = np.array([np.asarray(n.payoffs) for n in centipede.terminal_nodes])
    assert np.array_equal(copied, original)


def test_the_walks_of_agent_qre(centipede: ExtensiveGame) -> None:
    """Agent QRE evaluates every profile with these two walks (a full 999-agent QRE is too
    slow to trace in a test: its Jacobian is taken by finite differences)."""
    uniform = {n.id: np.full(2, 0.5) for n in centipede.decision_nodes}
    values = evaluate(centipede, uniform)
    reach = reach_probabilities(centipede, uniform, terminals_only=True)
    assert sum(reach.values()) == pytest.approx(1.0)
    payoffs = np.array([np.asarray(n.payoffs) for n in centipede.terminal_nodes])
    weights = np.array([float(reach[n.id]) for n in centipede.terminal_nodes])
    assert values[centipede.root.id] == pytest.approx(weights @ payoffs)


@pytest.mark.slow
def test_pure_nash_on_the_reduced_normal_form(centipede: ExtensiveGame) -> None:
    """About 15 s: each player has 501 reduced plans (take at its k-th move, or never)."""
    assert plan_counts(centipede) == [501, 500]
    result = solve(centipede, "pure")
    (eq,) = result.equilibria
    assert eq.payoffs.tolist() == [2.0, 0.0]
