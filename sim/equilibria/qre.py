"""Logit quantal-response equilibria (QRE): normal form and agent form for trees.

In a logit QRE with precision :math:`\\lambda \\ge 0` every agent plays each action with
probability proportional to the exponential of :math:`\\lambda` times its expected payoff
against the others' (noisy) play (McKelvey & Palfrey 1995):

.. math::
    \\sigma_i(s) = \\frac{\\exp(\\lambda\\, u_i(s, \\sigma_{-i}))}
                      {\\sum_t \\exp(\\lambda\\, u_i(t, \\sigma_{-i}))}.

At :math:`\\lambda = 0` the unique QRE is the centroid (uniform play); as :math:`\\lambda` grows
the *principal branch* starting there converges to a Nash equilibrium (the logit tracing
procedure). For trees, the agent QRE (McKelvey & Palfrey 1998) treats each information set as a
separate agent that logit-responds to its continuation values, averaged over the nodes of the set
with Bayes-rule beliefs (well defined because logit play reaches every node with positive
probability, chance permitting).

The fixed point is solved in log-probabilities, :math:`z_i(s) = \\log \\sigma_i(s)`, as the root
of :math:`z - (\\lambda u - \\operatorname{logsumexp}(\\lambda u))` with
:func:`scipy.optimize.root`. The branch is followed from :math:`\\lambda = 0` by natural-parameter
continuation with step halving; a branch that turns back in :math:`\\lambda` cannot be followed
this way and raises :class:`ArithmeticError` rather than jumping silently to another branch.

A QRE is **not** a Nash equilibrium: the ``residual`` reported with each profile is the fixed-point
residual :math:`\\max |\\sigma - \\operatorname{logit}_\\lambda(u(\\sigma))|`.

References
----------
McKelvey, R. D., & Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6–38.
McKelvey, R. D., & Palfrey, T. R. (1998). Quantal response equilibria for extensive form games.
*Experimental Economics* 1(1), 9–41.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243–263.

Examples
--------
Matching pennies: every logit QRE is the centroid.

>>> import numpy as np
>>> pennies = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
>>> point = logit_qre(pennies, 5.0)
>>> [p.round(9).tolist() for p in point.profile]
[[0.5, 0.5], [0.5, 0.5]]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize
from scipy.special import logsumexp

from sim.arrays import FloatArray
from sim.equilibria.backward_induction import evaluate, reach_probabilities
from sim.games.normal_form import deviation_payoffs
from sim.games.tree import ExtensiveGame

ValuesFn = Callable[[list[FloatArray]], list[FloatArray]]
"""Maps the agents' mixed actions to each agent's expected payoff of each of its actions."""

MIN_STEP = 1e-7
"""Smallest continuation step in λ before the tracer gives up."""
MAX_JUMP = 0.25
"""Largest change of any probability accepted in one continuation step."""


@dataclass(frozen=True)
class QREPoint:
    """One logit QRE.

    Attributes
    ----------
    lam
        The precision :math:`\\lambda`.
    profile
        One probability vector per agent (players for normal forms; information sets, in player
        order and ``ExtensiveGame.infosets`` order, for trees).
    residual
        Fixed-point residual :math:`\\max |\\sigma - \\operatorname{logit}_\\lambda(u(\\sigma))|`.
    """

    lam: float
    profile: list[FloatArray]
    residual: float


@dataclass(frozen=True)
class QREPath:
    """The principal branch sampled on a grid of λ (ascending)."""

    points: list[QREPoint]

    @property
    def lambdas(self) -> FloatArray:
        return np.array([p.lam for p in self.points])


def logit_qre(payoffs: ArrayLike, lam: float, *, tol: float = 1e-10) -> QREPoint:
    """The logit QRE at ``lam`` on the principal branch of a normal-form game.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(n_players, m_1, ..., m_n)``.
    lam
        Precision :math:`\\lambda \\ge 0`.
    tol
        Largest accepted fixed-point residual.
    """
    return logit_qre_path(payoffs, [lam], tol=tol).points[-1]


def logit_qre_path(payoffs: ArrayLike, lambdas: Sequence[float], *, tol: float = 1e-10) -> QREPath:
    """The principal branch of logit QRE traced from the centroid over ``lambdas`` (ascending)."""
    tensor = np.asarray(payoffs, dtype=float)
    sizes = list(tensor.shape[1:])

    def values(profile: list[FloatArray]) -> list[FloatArray]:
        return deviation_payoffs(tensor, profile)

    return trace_logit_branch(sizes, values, lambdas, tol=tol)


def agent_qre(game: ExtensiveGame, lam: float, *, tol: float = 1e-10) -> QREPoint:
    """The agent logit QRE at ``lam`` of a single (unbatched) tree, on the principal branch."""
    return agent_qre_path(game, [lam], tol=tol).points[-1]


def agent_qre_path(game: ExtensiveGame, lambdas: Sequence[float], *, tol: float = 1e-10) -> QREPath:
    """The principal branch of agent logit QRE of a tree over ``lambdas`` (ascending).

    Agents are the information sets of player 0 (in ``game.infosets(0)`` order), then player 1,
    and so on; :func:`split_by_player` regroups a profile per player.
    """
    if game.batch_shape != ():
        raise ValueError("agent QRE takes a single game, not a batch")
    agents = [(i, key) for i in range(game.n_players) for key in game.infosets(i)]
    members = [game.infoset_members(i, key) for i, key in agents]
    sizes = [len(nodes[0].actions) for nodes in members]

    def values(profile: list[FloatArray]) -> list[FloatArray]:
        behaviour = {n.id: profile[k] for k, nodes in enumerate(members) for n in nodes}
        node_values = evaluate(game, behaviour)
        reach = reach_probabilities(game, behaviour)
        out = []
        for (player, _), nodes in zip(agents, members, strict=True):
            weights = np.array([float(reach[n.id]) for n in nodes])
            weights = (
                weights / weights.sum()
                if weights.sum() > 0
                else np.full(len(nodes), 1.0 / len(nodes))
            )
            action_values = np.array(
                [[float(node_values[c.id][player]) for c in n.children] for n in nodes]
            )
            out.append(weights @ action_values)
        return out

    return trace_logit_branch(sizes, values, lambdas, tol=tol)


def split_by_player(game: ExtensiveGame, profile: list[FloatArray]) -> list[list[FloatArray]]:
    """Regroup an agent-form profile into per-player lists of per-infoset probabilities."""
    out: list[list[FloatArray]] = []
    k = 0
    for i in range(game.n_players):
        count = len(game.infosets(i))
        out.append(list(profile[k : k + count]))
        k += count
    return out


def logit_residual(values: ValuesFn, profile: list[FloatArray], lam: float) -> float:
    """:math:`\\max |\\sigma - \\operatorname{logit}_\\lambda(u(\\sigma))|` over all agents."""
    worst = 0.0
    for p, u in zip(profile, values(profile), strict=True):
        response = np.exp(lam * u - logsumexp(lam * u))
        worst = max(worst, float(np.max(np.abs(p - response))))
    return worst


def trace_logit_branch(
    sizes: Sequence[int], values: ValuesFn, lambdas: Sequence[float], *, tol: float = 1e-10
) -> QREPath:
    """Follow the logit branch from the centroid at λ = 0 through the grid ``lambdas``.

    Parameters
    ----------
    sizes
        Number of actions of each agent.
    values
        Expected payoff of each action of each agent, given everyone's mixed actions.
    lambdas
        Non-negative, non-decreasing precisions at which to record the branch.
    tol
        Largest accepted fixed-point residual.

    Raises
    ------
    ArithmeticError
        If the branch cannot be continued (it turns back in λ, or the root finder fails even with
        a step of :data:`MIN_STEP`).
    """
    grid = [float(v) for v in lambdas]
    if any(v < 0 for v in grid) or any(b < a for a, b in itertools.pairwise(grid)):
        raise ValueError("lambdas must be non-negative and non-decreasing")
    cuts = np.cumsum(sizes)[:-1]

    def unpack(z: FloatArray) -> list[FloatArray]:
        return [np.exp(part) for part in np.split(z, cuts)]

    def residual(z: FloatArray, lam: float) -> FloatArray:
        profile = unpack(z)
        parts = []
        for zi, u in zip(np.split(z, cuts), values(profile), strict=True):
            parts.append(zi - (lam * u - logsumexp(lam * u)))
        return np.concatenate(parts)

    z = np.concatenate([np.full(m, -np.log(m)) for m in sizes])
    current = 0.0
    step = 0.1
    points: list[QREPoint] = []
    for target in grid:
        while current < target:
            trial = min(target, current + step)
            sol = optimize.root(residual, z, args=(trial,), method="hybr", options={"xtol": 1e-13})
            ok = sol.success and np.all(np.isfinite(sol.x))
            if ok:
                jump = max(
                    float(np.max(np.abs(a - b)))
                    for a, b in zip(unpack(sol.x), unpack(z), strict=True)
                )
                ok = jump <= MAX_JUMP
            if ok:
                z, current = sol.x, trial
                step *= 1.5
            else:
                step /= 2.0
                if step < MIN_STEP:
                    raise ArithmeticError(
                        f"cannot continue the logit QRE branch beyond lambda = {current:.6g}"
                    )
        profile = [p / p.sum() for p in unpack(z)]
        res = logit_residual(values, profile, target)
        if res > tol:
            raise ArithmeticError(
                f"logit QRE at lambda = {target:g} has residual {res:.3g} > {tol:g}"
            )
        points.append(QREPoint(target, profile, res))
    return QREPath(points)
