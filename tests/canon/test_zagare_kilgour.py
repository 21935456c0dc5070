"""Zagare & Kilgour's perfect deterrence: unilateral deterrence and a two-rung escalation ladder.

Unilateral deterrence: Zagare, F. C., & Kilgour, D. M. (2000). *Perfect Deterrence*. In
the Unilateral Deterrence Game with incomplete information the Challenger challenges iff the
Defender's credibility p (the probability it is Hard, preferring conflict DD to conceding DC)
satisfies p < (c_DC - c_SQ) / (c_DC - c_DD), with the paper's utility labels c_X for the
Challenger's utility of outcome X. Worked numbers of the scenario: c_SQ = 2, c_DC = 3, c_DD = 0,
threshold 1/3. Solved by backward induction over a batched grid of p (nature's draw sits after
the Challenger's move, keeping the tree one of perfect information with chance).

Escalation ladder (``zagare_kilgour_escalation_ladder``), a simplified two-rung version in the
spirit of the book's asymmetric escalation game; the closed form below is derived here.
Challenger utilities c_SQ, c_DC (Defender concedes at rung 1), c_CD (Challenger backs down), c_win
(Defender capitulates at rung 2), c_DD (war); Defender d_SQ, d_DC, d_CD, d_cap and d_DD by type,
with d_DD_hard > d_cap > d_DD_soft. Let mu* = (c_win - c_CD) / (c_win - c_DD). For p < mu* the
perfect Bayesian equilibrium is

- Hard Defender: respond, then fight; Soft Defender: respond with probability
  q* = p (1 - mu*) / ((1 - p) mu*), capitulate at the top;
- Challenger after a response (posterior mu = p / (p + (1 - p) q*) = mu*, so it is
  indifferent): escalate with probability r* = (d_CD - d_DC) / (d_CD - d_cap), which makes the
  Soft Defender indifferent between conceding (d_DC) and responding (r* d_cap + (1 - r*) d_CD);
- Challenger at the start: its value of challenging is (1 - p/mu*) c_DC + (p/mu*) c_CD (a response
  comes with probability p + (1 - p) q* = p / mu*, after which it is worth c_CD), so it challenges
  iff p < p_c = mu* (c_DC - c_SQ) / (c_DC - c_CD).

Worked numbers: mu* = 0.6, r* = 2/3, p_c = 0.4; at p = 0.3, q* = 2/7.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.backward_induction import backward_induction, reach_probabilities
from sim.equilibria.solve import solve

C_SQ, C_DC, C_DD = 2.0, 3.0, 0.0


def _challenges(game) -> np.ndarray:
    solution = backward_induction(game)
    return np.asarray(solution.choice[game.root.id]) == game.root.actions.index("challenge")


def test_unilateral_threshold_on_a_grid(canon):
    grid = np.linspace(0.0, 1.0, 301)
    game = canon("zagare_kilgour_unilateral", p=grid)
    challenges = _challenges(game)
    star = (C_DC - C_SQ) / (C_DC - C_DD)
    off = np.abs(grid - star) > 1e-12
    np.testing.assert_array_equal(challenges[off], (grid < star)[off])
    switches = np.flatnonzero(np.diff(challenges.astype(int)))
    assert len(switches) == 1 and grid[switches[0]] < star < grid[switches[0] + 1]


def test_unilateral_hard_defender_denies_soft_concedes(canon):
    game = canon("zagare_kilgour_unilateral", p=0.2)
    solution = backward_induction(game)
    moves = {
        game.path_to(node)[-1][0].actions[game.path_to(node)[-1][1]]: node.actions[
            int(solution.choice[node.id])
        ]
        for node in game.decision_nodes
        if node is not game.root
    }
    assert moves == {"hard_defender": "deny", "soft_defender": "concede"}
    assert float(solution.outcome_probabilities["DD"]) == pytest.approx(0.2)
    assert float(solution.outcome_probabilities["DC"]) == pytest.approx(0.8)


@pytest.mark.parametrize(("c_sq", "c_dc", "c_dd"), [(0.0, 1.0, -3.0), (1.0, 4.0, -2.0)])
def test_unilateral_threshold_other_utilities(canon, c_sq, c_dc, c_dd):
    grid = np.linspace(0.0, 1.0, 101)
    game = canon("zagare_kilgour_unilateral", p=grid, c_SQ=c_sq, c_DC=c_dc, c_DD=c_dd)
    star = (c_dc - c_sq) / (c_dc - c_dd)
    off = np.abs(grid - star) > 1e-12
    np.testing.assert_array_equal(_challenges(game)[off], (grid < star)[off])


# ------------------------------------------------------------------------------------------------
# Escalation ladder
# ------------------------------------------------------------------------------------------------
LADDER = {
    "c_SQ": 1.0,
    "c_DC": 3.0,
    "c_CD": 0.0,
    "c_win": 3.0,
    "c_DD": -2.0,
    "d_DC": 0.0,
    "d_CD": 2.0,
    "d_cap": -1.0,
}
MU_STAR = (LADDER["c_win"] - LADDER["c_CD"]) / (LADDER["c_win"] - LADDER["c_DD"])
R_STAR = (LADDER["d_CD"] - LADDER["d_DC"]) / (LADDER["d_CD"] - LADDER["d_cap"])
P_CHALLENGE = MU_STAR * (LADDER["c_DC"] - LADDER["c_SQ"]) / (LADDER["c_DC"] - LADDER["c_CD"])


def _q_star(p):
    return p * (1 - MU_STAR) / ((1 - p) * MU_STAR)


def _ladder_rule(p, q, r, challenge):
    def rule(player, path, infoset):
        hard = path[0] == "hard"
        if infoset == "first_move":
            return [1 - challenge, challenge]
        if infoset == "after_response":
            return [1 - r, r]
        if path[-1] == "challenge":  # Defender at rung 1: [concede, respond]
            return [0.0, 1.0] if hard else [1 - q, q]
        return [0.0, 1.0] if hard else [1.0, 0.0]  # rung 2: [capitulate, fight]

    return rule


def test_worked_numbers_closed_form():
    assert MU_STAR == pytest.approx(0.6)
    assert R_STAR == pytest.approx(2 / 3)
    assert P_CHALLENGE == pytest.approx(0.4)
    assert _q_star(0.3) == pytest.approx(2 / 7)


def test_ladder_mixed_pbe_at_worked_numbers(canon, profile_from_rule, assessment_regret):
    p = 0.3
    game = canon("zagare_kilgour_escalation_ladder", p=p)
    profile = profile_from_rule(game, _ladder_rule(p, _q_star(p), R_STAR, 1.0))
    regrets = assessment_regret(game, profile)
    assert max(float(np.max(v)) for v in regrets.values()) < 1e-12
    # Bayes' rule puts the Challenger's posterior after a response exactly at mu*
    reach = reach_probabilities(game, profile)
    members = game.infoset_members(0, "after_response")
    hard = sum(float(reach[m.id]) for m in members if game.path_to(m)[0][1] == 0)
    total = sum(float(reach[m.id]) for m in members)
    assert hard / total == pytest.approx(MU_STAR)


@pytest.mark.parametrize(("dq", "dr"), [(0.05, 0.0), (-0.05, 0.0), (0.0, 0.05), (0.0, -0.05)])
def test_ladder_perturbed_mixing_is_not_an_equilibrium(
    canon, profile_from_rule, assessment_regret, dq, dr
):
    p = 0.3
    game = canon("zagare_kilgour_escalation_ladder", p=p)
    profile = profile_from_rule(game, _ladder_rule(p, _q_star(p) + dq, R_STAR + dr, 1.0))
    regrets = assessment_regret(game, profile)
    worst = max(float(np.max(v)) for v in regrets.values())
    assert worst > 1e-3


def test_ladder_challenge_threshold_on_a_grid(canon, profile_from_rule, assessment_regret):
    grid = np.linspace(0.01, MU_STAR - 0.01, 117)
    game = canon("zagare_kilgour_escalation_ladder", p=grid)
    challenge = (grid < P_CHALLENGE).astype(float)
    profile = profile_from_rule(game, _ladder_rule(grid, _q_star(grid), R_STAR, challenge))
    # where the Challenger stays out, beliefs after a response follow the Defender's strategy
    off_path = {"after_response": [MU_STAR, 1 - MU_STAR]}
    regrets = assessment_regret(game, profile, off_path)
    for key, regret in regrets.items():
        np.testing.assert_allclose(regret, 0.0, atol=1e-12, err_msg=str(key))
    # the opposite first move is strictly worse on both sides of p_c
    flipped = profile_from_rule(game, _ladder_rule(grid, _q_star(grid), R_STAR, 1 - challenge))
    first = assessment_regret(game, flipped, off_path)[("Challenger", "first_move")]
    expected = np.abs(
        (1 - grid / MU_STAR) * LADDER["c_DC"] + grid / MU_STAR * LADDER["c_CD"] - LADDER["c_SQ"]
    )
    np.testing.assert_allclose(first, expected, atol=1e-12)
    assert np.all(first[np.abs(grid - P_CHALLENGE) > 1e-6] > 0)


@pytest.mark.parametrize("method", ["vertex", "lemke_howson"])
def test_engine_computes_the_mixed_equilibrium(canon, method):
    """The engine's Nash solvers on the reduced normal form (``solve(..., 'nash')``) find the
    closed-form profile: vertex enumeration lists it among the extreme equilibria, and
    Lemke-Howson reaches it."""
    p = 0.3
    game = canon("zagare_kilgour_escalation_ladder", p=p)
    q = _q_star(p)
    expected_defender = []
    for key in game.infosets(1):  # per Defender set: rung 1 [concede, respond], top [cap, fight]
        (node,) = game.infoset_members(1, key)
        hard = game.path_to(node)[0][1] == 0
        rung_one = node.actions == ("concede", "respond")
        if rung_one:
            expected_defender.append([0.0, 1.0] if hard else [1 - q, q])
        else:
            expected_defender.append([0.0, 1.0] if hard else [1.0, 0.0])
    assert game.infosets(0) == ["first_move", "after_response"]
    expected = [[[0.0, 1.0], [1 - R_STAR, R_STAR]], expected_defender]

    def matches(eq):
        return all(
            np.allclose(got, want, atol=1e-9)
            for player_got, player_want in zip(eq.strategies, expected, strict=True)
            for got, want in zip(player_got, player_want, strict=True)
        )

    result = solve(game, "nash", method=method)
    assert sum(matches(eq) for eq in result.equilibria) == 1
