"""The guarantee game solved at every point of a parameter grid, through its one tree.

:func:`solve_grid` builds the tree of :mod:`sim.guarantee.tree` with array-valued numbers and
solves the whole grid in one bottom-up pass of backward induction
(:func:`~sim.equilibria.backward_induction.induction_pass`, Kuhn 1953): the same payoffs, the same
tie rule (towards the first, least escalatory action) and the same tolerance as one scenario.
The pledged levels fix the tree's shape, so grid points are grouped by pledge (for example
designs with and without forces) and each group is one tree. Every point carries its
one-shot-deviation gain, the certificate of Fudenberg & Tirole (1991, Thm 4.2), and the solver
refuses a grid where it exceeds the tolerance.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> from sim.guarantee.parameters import guarantee_parameters
>>> axes = {"guarantee.automaticity": np.linspace(0, 1, 3)}
>>> grid = guarantee_parameters(Scenario(name="demo"), axes)
>>> solution = solve_grid(grid)
>>> solution.russia_action.shape, bool(np.all(solution.regret <= 1e-9))
((3,), True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.equilibria.backward_induction import (
    InductionPass,
    induction_pass,
    outcome_probabilities,
    reach_probabilities,
)
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.tree import FloatArray
from sim.guarantee.names import HOLD, OUTCOMES, RESPONSES, RUSSIA, RUSSIA_ACTIONS
from sim.guarantee.parameters import GuaranteeParameters
from sim.guarantee.tree import PLEDGES, GuaranteeTree, ResponseBlock, build_guarantee_game


@dataclass
class GridSolution:
    """The subgame-perfect solution at every point of a parameter grid.

    Attributes
    ----------
    russia_action
        The opportunist's choice, coded 0 hold, 1 probe, 2 invade (``RUSSIA_ACTIONS``).
    deterred
        True where the opportunist holds.
    outcome_probabilities
        Outcome name → probability array (hard-liner share included; they sum to 1).
    expected_payoffs
        Shape ``(4, *shape)``: Russia (type-weighted), Ukraine, US, coalition.
    russia_values
        Shape ``(3, *shape)``: the opportunist's expected value of hold, probe, invade.
    response_probabilities
        ``(guarantor, action)`` → array ``(levels, *shape)`` of response probabilities against the
        opportunist's action, over the commitment draws (a probe: given detection; levels none,
        support [, intervene]). Guarantor keys ``"united_states"``, ``"european_coalition"``.
    press_on
        Probability that the opportunist, having invaded, fights on when a guarantor intervenes
        (NaN where no guarantor would intervene).
    regret
        Largest one-shot-deviation gain at any decision node (≤ tolerance).
    ties
        True where some decision node, on or off the path, had tied best actions.
    """

    russia_action: NDArray[np.int8]
    deterred: NDArray[np.bool_]
    outcome_probabilities: dict[str, FloatArray]
    expected_payoffs: FloatArray
    russia_values: FloatArray
    response_probabilities: dict[tuple[str, str], FloatArray]
    press_on: FloatArray
    regret: FloatArray
    ties: NDArray[np.bool_]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.russia_action.shape)

    def action_names(self) -> NDArray[np.str_]:
        """The opportunist's choice as names."""
        return np.asarray(RUSSIA_ACTIONS)[self.russia_action]


def solve_grid(params: GuaranteeParameters, *, tol: float = DEFAULT_TOLERANCE) -> GridSolution:
    """Solve the guarantee game at every point of a parameter grid.

    Parameters
    ----------
    params
        Parameters whose fields are floats or arrays that broadcast to one shape (pledged levels
        may be arrays: points are grouped by pledge).
    tol
        Tie tolerance (payoff units).

    Returns
    -------
    GridSolution
        Arrays of the broadcast shape.
    """
    shape = params.shape
    if all(np.ndim(getattr(params, f)) == 0 for f in PLEDGES):
        return _solve_one_shape(params, shape, tol)
    pledges = np.stack(
        [np.broadcast_to(np.asarray(getattr(params, f), float), shape) for f in PLEDGES]
    ).reshape(len(PLEDGES), -1)
    if (pledges == pledges[:, :1]).all():
        scalar = {f: float(pledges[i, 0]) for i, f in enumerate(PLEDGES)}
        return _solve_one_shape(dataclasses.replace(params, **scalar), shape, tol)
    groups = np.unique(pledges, axis=1)
    # each group is solved over the whole grid (keeping its broadcast structure, which is
    # cheaper than gathering the group's points) and kept where its pledges hold
    parts = []
    for g in range(groups.shape[1]):
        at = (pledges == groups[:, g : g + 1]).all(axis=0).reshape(shape)
        scalar = {f: float(groups[i, g]) for i, f in enumerate(PLEDGES)}
        parts.append((at, _solve_one_shape(dataclasses.replace(params, **scalar), shape, tol)))
    return _combine(parts)


def _solve_one_shape(p: GuaranteeParameters, shape: tuple[int, ...], tol: float) -> GridSolution:
    """One tree (scalar pledges) over the whole batch."""
    tree = build_guarantee_game(p)
    return read_solution(tree, induction_pass(tree.game, tol=tol), shape)


def read_solution(
    tree: GuaranteeTree, induced: InductionPass, shape: tuple[int, ...]
) -> GridSolution:
    """The :class:`GridSolution` of one solved tree, read through its named nodes.

    Parameters
    ----------
    tree
        The tree (scalar pledges).
    induced
        Its backward-induction pass.
    shape
        The batch shape (``()`` for one game).
    """
    game = tree.game
    opp = tree.opportunist
    action = np.broadcast_to(induced.choice[opp.id], shape).astype(np.int8)
    values = np.stack([np.broadcast_to(induced.values[c.id][RUSSIA], shape) for c in opp.children])
    reach = reach_probabilities(game, choice=induced.choice, terminals_only=True)
    outcomes = outcome_probabilities(game, reach)
    ties = np.zeros(shape, bool)
    for t in induced.ties.values():
        ties = ties | t
    responses: dict[tuple[str, str], FloatArray] = {}
    for action_name in ("probe", "invade"):
        block = tree.blocks[(action_name, False)]
        for key, dist in _response_distributions(block, induced).items():
            responses[(key, action_name)] = np.stack([np.broadcast_to(d, shape) for d in dist])
    return GridSolution(
        russia_action=action,
        deterred=action == HOLD,
        outcome_probabilities={k: np.broadcast_to(outcomes[k], shape).copy() for k in OUTCOMES},
        expected_payoffs=np.stack(
            [np.broadcast_to(v, shape) for v in induced.values[game.root.id]]
        ),
        russia_values=values,
        response_probabilities=responses,
        press_on=_press_on(tree.blocks[("invade", False)], induced, shape),
        regret=np.broadcast_to(induced.gain, shape).copy(),
        ties=np.broadcast_to(ties, shape).copy(),
    )


def _response_distributions(block: ResponseBlock, induced: InductionPass) -> dict[str, Any]:
    """Each guarantor's response distribution in one block, over the commitment draws, as
    arrays ``(levels, ...)``: the reach of each of its nodes below the block's commitment draw
    times its (equilibrium or pledged) choice."""
    game, choice = induced.game, induced.choice
    reach = reach_probabilities(game, choice=choice, start=block.coalition_draw)
    out: dict[str, Any] = {}
    for key, nodes in (
        ("european_coalition", (block.coalition_committed, block.coalition_free)),
        ("united_states", [n for draw in block.us_draws.values() for n in draw.children]),
    ):
        dist: list[Any] = [0.0] * len(block.levels)
        for node in nodes:
            for k, action in enumerate(node.actions):
                level = RESPONSES.index(action)
                dist[level] = dist[level] + reach[node.id] * (choice[node.id] == k)
        out[key] = [np.asarray(d, float) for d in dist]
    return out


def _press_on(block: ResponseBlock, induced: InductionPass, shape: tuple[int, ...]) -> FloatArray:
    """P(Russia presses on | it faces an intervention) in one block: the reach of its reply
    nodes (below the commitment draws) weighted by its choice, over their total reach."""
    reach = reach_probabilities(induced.game, choice=induced.choice, start=block.coalition_draw)
    fights: Any = 0.0
    faces: Any = 0.0
    for node in block.replies:
        faces = faces + reach[node.id]
        fights = fights + reach[node.id] * (
            induced.choice[node.id] == node.actions.index("press_on")
        )
    faces, fights = np.broadcast_to(faces, shape), np.broadcast_to(fights, shape)
    return np.where(faces > 0, fights / np.where(faces > 0, faces, 1.0), np.nan)


def _combine(parts: list[tuple[NDArray[np.bool_], GridSolution]]) -> GridSolution:
    """The solution of each pledge group where its mask holds."""

    def pick(values: list[Any]) -> Any:
        if isinstance(values[0], dict):
            return {k: pick([v[k] for v in values]) for k in values[0]}
        out = np.array(values[0], copy=True)
        for (at, _), value in zip(parts[1:], values[1:], strict=True):
            np.copyto(out, value, where=at)
        return out

    fields = [f.name for f in dataclasses.fields(GridSolution)]
    return GridSolution(**{f: pick([getattr(part, f) for _, part in parts]) for f in fields})
