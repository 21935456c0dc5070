"""Powell's brinkmanship: the risk a side will run.

Powell, R. (1987), "Crisis bargaining, escalation, and MAD", *American Political Science Review*
81(3), 717-735, and Powell (1990), *Nuclear Deterrence Theory*: in a contest in risk taking, a
state's resolve is the largest risk of disaster it will run to prevail rather than quit,
r = (w - l) / (w - d) for payoffs w (win), l (quit, lose the issue) and d (disaster). In the
scenario ``powell_brinkmanship`` each escalation step carries risk s; by backward induction
(derived for this three-step ladder) A escalates and B yields iff s < r_A, else A quits at once;
in the subgame after A's first step B escalates iff r_A < s < r_B. Worked numbers: r_A = 4/16 =
0.25, r_B = 3/9 = 1/3.
"""

from __future__ import annotations

import numpy as np

from sim.equilibria.backward_induction import backward_induction

R_A = (4.0 - 0.0) / (4.0 + 12.0)
R_B = (3.0 - 0.0) / (3.0 + 6.0)


def test_side_a_runs_risks_up_to_its_resolve(canon):
    grid = np.linspace(0.0, 0.6, 241)
    game = canon("powell_brinkmanship", s=grid)
    solution = backward_induction(game)
    root = game.root
    escalates = np.asarray(solution.choice[root.id]) == root.actions.index("escalate")
    off = np.abs(grid - R_A) > 1e-12
    np.testing.assert_array_equal(escalates[off], (grid < R_A)[off])
    outcomes = solution.outcome_probabilities
    np.testing.assert_allclose(outcomes["A_quits"][~escalates], 1.0)
    np.testing.assert_allclose(outcomes["disaster"], np.where(escalates, grid, 0.0), atol=1e-12)


def test_b_out_risks_a_only_between_the_two_resolves(canon):
    grid = np.linspace(0.0, 0.6, 241)
    game = canon("powell_brinkmanship", s=grid)
    solution = backward_induction(game)
    b_node = next(n for n in game.decision_nodes if game.players[n.player] == "B")
    b_escalates = np.asarray(solution.choice[b_node.id]) == b_node.actions.index("escalate")
    off = (np.abs(grid - R_A) > 1e-12) & (np.abs(grid - R_B) > 1e-12)
    np.testing.assert_array_equal(b_escalates[off], ((grid > R_A) & (grid < R_B))[off])
