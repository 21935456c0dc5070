"""The chain store: Selten's paradox and Kreps-Wilson reputation.

Selten, R. (1978), "The chain store paradox", *Theory and Decision* 9(2), 127-159: in the entry
game the Incumbent's threat to fight is not credible, so the unique subgame-perfect equilibrium is
enter and accommodate, and by backward induction the same holds in every market of a finite
chain.

Kreps, D. M., & Wilson, R. (1982), "Reputation and imperfect information", *Journal of Economic
Theory* 27(2), 253-279: with a small prior rho that the Incumbent is tough, the weak Incumbent
fights early entrants to build a reputation. With two markets, entrant payoffs b - 1 (fought),
b (accommodated), 0 (out), and incumbent payoffs a (monopoly), 0 (share), -1 (fight, weak type):
for rho < b the weak type fights the first entrant with probability
beta = rho (1 - b) / ((1 - rho) b), so that the second entrant's posterior after a fight is exactly
b, and that entrant stays out with probability 1 / a, which makes the weak type indifferent. The
first entrant is fought with probability rho / b and so stays out iff rho > b^2 -- the paper's
condition that reputation deters entry when the prior exceeds b^k with k markets left. Worked
numbers: a = 2, b = 0.5, threshold rho = 0.25.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.backward_induction import (
    backward_induction,
    enumerate_subgame_perfect,
    outcome_probabilities,
    reach_probabilities,
)

A, B = 2.0, 0.5


def test_entry_game_spe_is_enter_and_accommodate(canon):
    game = canon("chain_store_entry")
    solution = backward_induction(game)
    chosen = {
        game.players[n.player]: n.actions[int(solution.choice[n.id])]
        for n in game.nodes
        if n.kind == "decision"
    }
    assert chosen == {"Entrant": "in", "Incumbent": "accommodate"}
    assert float(solution.outcome_probabilities["shared_market"]) == 1.0
    assert len(enumerate_subgame_perfect(game)) == 1  # the threat to fight is not credible


def _beta(rho):
    return rho * (1 - B) / ((1 - rho) * B)


def _kw_rule(rho, enter_first, after_fight_out, beta):
    def rule(player, path, infoset):
        tough = path[0] == "tough"
        if player == "Entrant1":
            return [1 - enter_first, enter_first]
        if player == "Entrant2":
            if infoset == "after_fight":
                return [after_fight_out, 1 - after_fight_out]
            return [0.0, 1.0]  # enter after 'out' (posterior rho < b) and after accommodation
        if len(path) == 2:  # the Incumbent in market 1: [fight, accommodate]
            return [1.0, 0.0] if tough else [beta, 1 - beta]
        return [1.0, 0.0] if tough else [0.0, 1.0]  # market 2: the weak type accommodates

    return rule


def test_reputation_equilibrium_and_the_b_squared_condition(
    canon, profile_from_rule, assessment_regret
):
    grid = np.linspace(0.01, B - 0.01, 97)
    game = canon("kreps_wilson_reputation", rho=grid)
    enter = (grid < B**2).astype(float)
    profile = profile_from_rule(game, _kw_rule(grid, enter, 1 / A, _beta(grid)))
    # beliefs where a set is off the path: the prior after 'out' (it reveals nothing), the
    # equilibrium posterior b after a fight, and 'weak' after an accommodation
    off_path = {
        "after_out": [grid, 1 - grid],
        "after_fight": [B, 1 - B],
        "after_accommodate": [0.0, 1.0],
    }
    regrets = assessment_regret(game, profile, off_path)
    for key, regret in regrets.items():
        np.testing.assert_allclose(regret, 0.0, atol=1e-12, err_msg=str(key))

    # the first entrant's gain from entering is b - rho / b: it changes sign at rho = b^2
    flipped = profile_from_rule(game, _kw_rule(grid, 1 - enter, 1 / A, _beta(grid)))
    gain = assessment_regret(game, flipped, off_path)[("Entrant1", "market_1")]
    np.testing.assert_allclose(gain, np.abs(B - grid / B), atol=1e-12)


def test_perturbed_reputation_strategies_are_not_equilibria(
    canon, profile_from_rule, assessment_regret
):
    rho = 0.2
    game = canon("kreps_wilson_reputation", rho=rho)
    off_path = {"after_out": [rho, 1 - rho], "after_fight": [B, 1 - B]}
    for beta, stay_out in [(_beta(rho) + 0.1, 1 / A), (_beta(rho), 1 / A + 0.1)]:
        profile = profile_from_rule(game, _kw_rule(rho, 1.0, stay_out, beta))
        regrets = assessment_regret(game, profile, off_path)
        assert max(float(np.max(v)) for v in regrets.values()) > 1e-3


def test_without_a_tough_type_the_paradox_returns(canon, profile_from_rule, assessment_regret):
    """rho = 0: Selten's backward-induction outcome, entry and accommodation in both markets."""
    game = canon("kreps_wilson_reputation", rho=0.0)
    profile = profile_from_rule(game, _kw_rule(0.0, 1.0, 0.0, 0.0))
    regrets = assessment_regret(game, profile, {"after_out": [0, 1], "after_fight": [0, 1]})
    assert max(float(np.max(v)) for v in regrets.values()) < 1e-12
    outcomes = outcome_probabilities(game, reach_probabilities(game, profile))
    assert float(outcomes["accommodate_then_accommodate"]) == pytest.approx(1.0)
