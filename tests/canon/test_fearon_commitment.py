"""Fearon's commitment problem: preventive war when power shifts faster than bargains can adjust.

Fearon, J. D. (1995), "Rationalist explanations for war", *International Organization* 49(3),
379-414, pp. 401-409 (commitment problems, preventive war); Powell, R. (2006), "War as a
commitment problem", *International Organization* 60(1), 169-203. In the scenario
``fearon_commitment_problem`` power shifts from p1 to p2 in the Rising state's favour; the Rising
state cannot promise not to exploit it, and today it can offer at most its current share p1. By
backward induction (derived for this two-period version) war occurs iff
delta (p2 - p1) > p1 + c_A, the discounted shift exceeding the bargaining range the Rising state can
offer today; for c_A < delta (p2 - p1) <= p1 + c_A it buys peace by conceding its share, as long
as it prefers conceding to fighting now, delta (p2 + c_A) >= (p1 - c_B) (1 + delta).
Worked numbers p1 = 0.3, c_A = 0.1, delta = 0.9: war iff p2 > 0.3 + 0.4 / 0.9 = 0.744.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.backward_induction import backward_induction

P1, C_A, DELTA = 0.3, 0.1, 0.9


def test_war_iff_shift_exceeds_bargaining_range(canon):
    grid = np.linspace(P1, 1.0, 281)
    game = canon("fearon_commitment_problem", p2=grid)
    solution = backward_induction(game)
    war = np.asarray(solution.outcome_probabilities["preventive_war"])
    star = P1 + (P1 + C_A) / DELTA
    assert star == pytest.approx(0.7444, abs=1e-4)
    off = np.abs(grid - star) > 1e-9
    np.testing.assert_array_equal(war[off] > 0.5, (grid > star)[off])
    np.testing.assert_allclose(war + solution.outcome_probabilities["peace"], 1.0)

    root = game.root
    concedes = np.asarray(solution.choice[root.id]) == root.actions.index("concede_share")
    shift = DELTA * (grid - P1)
    middle = (shift > C_A + 1e-9) & (shift < P1 + C_A - 1e-9)
    low = shift < C_A - 1e-9
    assert middle.any() and low.any()
    assert concedes[middle].all()
    assert not concedes[low].any()


def test_rising_state_cost_of_war_enters_only_through_its_own_choice(canon):
    """War also comes when the Rising state would rather fight today than give up its share:
    it concedes iff delta (p2 + c_A) >= (p1 - c_B) (1 + delta), which holds across the middle
    regime at the scenario's c_B = 0.1 and fails near its bottom when c_B = 0."""
    grid = np.linspace(P1, 1.0, 141)
    shift = DELTA * (grid - P1)
    for c_b in (0.0, 0.1, 0.2, 0.5):
        game = canon("fearon_commitment_problem", p2=grid, c_B=c_b)
        war = np.asarray(backward_induction(game).outcome_probabilities["preventive_war"]) > 0.5
        rising_prefers_war = (P1 - c_b) * (1 + DELTA) > DELTA * (grid + C_A)
        expected = (shift > P1 + C_A) | ((shift > C_A) & rising_prefers_war)
        off = (np.abs(shift - (P1 + C_A)) > 1e-9) & (np.abs(shift - C_A) > 1e-9)
        np.testing.assert_array_equal(war[off], expected[off])
        if c_b >= 0.1:
            np.testing.assert_array_equal(war[off], (shift > P1 + C_A)[off])
