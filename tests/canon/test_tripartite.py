"""Tripartite extended deterrence: the credibility threshold p* = a / (a - b).

The tripartite (Challenger, Protégé, Defender) structure of extended deterrence follows Zagare, F.
C., & Kilgour, D. M. (2003), "Alignment patterns, crisis bargaining, and extended deterrence",
*International Studies Quarterly* 47(4), 587-615, and Huth (1988). Payoff labels of the scenario
``tripartite_extended_deterrence``: a > 0 is the Challenger's gain from an attack the Defender
leaves unanswered, b < 0 its payoff from an attack the Defender answers (status quo 0). With
credibility p (the probability that the Defender is committed and intervenes as pledged) the
Challenger attacks iff (1 - p) a + p b > 0, i.e. iff p < a / (a - b); worked numbers a = 3,
b = -2 give p* = 0.6. Solved by backward induction over a batched grid of p, through the same
tree layer as the guarantee game (committed guarantors are chance branches there too).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.backward_induction import backward_induction


def _attack(game, solution) -> np.ndarray:
    return np.asarray(solution.choice[game.root.id]) == game.root.actions.index("attack")


@pytest.mark.parametrize(("a", "b"), [(3.0, -2.0), (1.0, -4.0), (2.5, -0.5)])
def test_credibility_threshold_on_a_grid(canon, a, b):
    grid = np.linspace(0.0, 1.0, 251)
    game = canon("tripartite_extended_deterrence", p=grid, a=a, b=b)
    solution = backward_induction(game)
    attack = _attack(game, solution)
    star = a / (a - b)
    off = np.abs(grid - star) > 1e-12
    np.testing.assert_array_equal(attack[off], (grid < star)[off])
    # deterrence fails exactly where the attack happens, and then the Protégé is defended with
    # probability p (committed Defender) and abandoned otherwise
    outcomes = solution.outcome_probabilities
    np.testing.assert_allclose(outcomes["status_quo"], (~attack).astype(float))
    np.testing.assert_allclose(outcomes["defended"], np.where(attack, grid, 0.0), atol=1e-12)
    np.testing.assert_allclose(outcomes["abandoned"], np.where(attack, 1 - grid, 0.0), atol=1e-12)


def test_worked_numbers_threshold_and_subgame_play(canon):
    game = canon("tripartite_extended_deterrence", p=0.6)
    solution = backward_induction(game)
    assert bool(solution.ties[game.root.id])  # exactly indifferent at p* = 0.6
    by_player = {
        game.players[n.player]: n.actions[int(solution.choice[n.id])]
        for n in game.decision_nodes
        if n is not game.root
    }
    assert by_player == {"Protege": "resist", "Defender": "abstain"}
