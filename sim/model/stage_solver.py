"""Backward induction of a batched stage tree, lean enough to solve a state grid on a cold start.

:func:`~sim.equilibria.backward_induction.backward_induction` is the project's general solver: it
stacks the children of every decision node, keeps ties, and evaluates the profile a second time
for its one-shot-deviation certificate. The repeated model solves one stage tree per set of
coalition members over a grid of thousands of states, and needs only the choices and the values;
:func:`solve_stage_tree` computes those with a handful of elementwise operations per node, the
same arithmetic in the same order, so its numbers are identical to the general solver's (a test
compares them exactly on the batched guarantee game).

Notes
-----
Terminal: :math:`V(t) = u(t)`. Chance node: :math:`V(c) = \\sum_k p_k V(c_k)`, summed in branch
order. Decision node ``d`` of player ``i`` with children :math:`d_1, \\dots, d_A`:

.. math:: a^*(d) = \\min\\{a : V_i(d_a) \\ge \\max_b V_i(d_b) - \\text{tol}\\}, \\qquad
          V(d) = V(d_{a^*}),

ties broken towards the first (least escalatory) action (Kuhn 1953). The one-shot-deviation gain
:math:`\\max_b V_i(d_b) - V_i(d)` is taken at every node, reached or not, and the solution is
refused if it exceeds ``tol`` anywhere (Fudenberg & Tirole 1991, Thm 4.2).

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory of
Games* II, 193–216.
Fudenberg, D., & Tirole, J. (1991). *Game Theory*. MIT Press, §4.2.

Examples
--------
>>> from sim.games.tree import ExtensiveGame, decision, terminal
>>> game = ExtensiveGame(("Entrant", "Incumbent"), decision(0, {
...     "out": terminal([0, 2]),
...     "in": decision(1, {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}),
... }))
>>> solution = solve_stage_tree(game)
>>> [game.nodes[i].actions[int(a)] for i, a in sorted(solution.choice.items())]
['in', 'accommodate']
>>> solution.values[game.root.id].tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.equilibria.verify import DEFAULT_TOLERANCE, EquilibriumVerificationError
from sim.games.tree import ExtensiveGame, FloatArray


@dataclass(frozen=True)
class StageTreeSolution:
    """Choices and values of a batched perfect-information tree.

    Attributes
    ----------
    game
        The solved tree.
    choice
        Decision node id → index of the chosen action (integer array that broadcasts to the batch
        shape: a node whose subtree does not vary along an axis has length 1 there).
    values
        Node id → expected payoffs ``(n_players, *batch)`` from that node on (broadcastable to
        that shape, likewise).
    regret
        Largest one-shot-deviation gain at any node (array of the batch shape).
    """

    game: ExtensiveGame
    choice: dict[int, NDArray[np.intp]]
    values: dict[int, FloatArray]
    regret: FloatArray


def solve_stage_tree(game: ExtensiveGame, *, tol: float = DEFAULT_TOLERANCE) -> StageTreeSolution:
    """Subgame-perfect choices and values of a perfect-information tree with chance.

    Parameters
    ----------
    game
        A tree whose information sets are all singletons (scalar or batched numbers).
    tol
        Payoff differences within ``tol`` count as ties (broken towards the first action).

    Returns
    -------
    StageTreeSolution
        Choices, values at every node and the one-shot-deviation regret.

    Raises
    ------
    ValueError
        If the tree is not of perfect information.
    EquilibriumVerificationError
        If some one-shot deviation gains more than ``tol`` (a non-finite payoff, for instance).
    """
    if not game.is_perfect_information:
        raise ValueError("backward induction needs a perfect-information tree")
    shape = game.batch_shape
    values: dict[int, FloatArray] = {}
    choice: dict[int, NDArray[np.intp]] = {}
    worst: FloatArray = np.zeros(shape)
    # numbers keep their own shape (a subtree that does not depend on an axis is solved once
    # along it) and broadcast where they meet
    for node in reversed(game.nodes):  # children before parents
        if node.kind == "terminal":
            payoffs = np.asarray(node.payoffs, dtype=np.float64)
            n, *own = payoffs.shape
            values[node.id] = payoffs.reshape((n, *(1,) * (len(shape) - len(own)), *own))
        elif node.kind == "chance":
            total: FloatArray | None = None
            for p, child in zip(node.probs, node.children, strict=True):
                term = p * values[child.id]
                total = term if total is None else total + term
            assert total is not None
            values[node.id] = total
        else:
            children = [values[c.id] for c in node.children]
            own = [v[node.player] for v in children]
            best = own[0]
            for o in own[1:]:
                best = np.maximum(best, o)
            floor = best - tol
            chosen: NDArray[np.intp] = np.zeros(np.shape(best), dtype=np.intp)
            value = children[0]
            for k in range(len(children) - 1, -1, -1):
                good = own[k] >= floor
                chosen = np.where(good, k, chosen)
                value = np.where(good, children[k], value)
            choice[node.id] = chosen
            values[node.id] = value
            worst = np.maximum(worst, best - value[node.player])
    if not np.all(worst <= tol):
        raise EquilibriumVerificationError(
            f"stage-tree profile has one-shot-deviation regret {float(np.max(worst)):.3g} > {tol:g}"
        )
    return StageTreeSolution(game, choice, values, worst)
