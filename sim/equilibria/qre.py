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

The fixed point is written in log-probabilities, :math:`z_i(s) = \\log \\sigma_i(s)`, as the
zero set of :math:`H(z, \\lambda) = z - (\\lambda u - \\operatorname{logsumexp}(\\lambda u))`, a
curve through the centroid at :math:`\\lambda = 0`. :func:`trace_logit_branch` follows it by arc
length with a predictor–corrector method (as Gambit's logit tracing does; Turocy 2005), so the
branch is followed through turning points where it bends back in :math:`\\lambda`; a step that
might jump to another branch is refused, and a branch that cannot be followed raises
:class:`ArithmeticError`. Payoffs are divided by their range (and :math:`\\lambda` multiplied by
it) before tracing. At each requested :math:`\\lambda` the point is polished by Newton's method and
certified: its residual must be at most :data:`RESIDUAL_TOL`.

A QRE is **not** a Nash equilibrium: the ``residual`` reported with each profile is the fixed-point
residual :math:`\\max |\\sigma - \\operatorname{logit}_\\lambda(u(\\sigma))|`.

References
----------
McKelvey, R. D., & Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6–38.
McKelvey, R. D., & Palfrey, T. R. (1998). Quantal response equilibria for extensive form games.
*Experimental Economics* 1(1), 9–41.
Allgower, E. L., & Georg, K. (1990). *Numerical Continuation Methods: An Introduction*.
Springer.
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
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from sim.arrays import FloatArray
from sim.equilibria.backward_induction import evaluate, reach_probabilities
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.mixed_nash import pair_payoffs
from sim.games.normal_form import deviation_payoffs
from sim.games.tree import ExtensiveGame

ValuesFn = Callable[[list[FloatArray]], list[FloatArray]]
"""Maps the agents' mixed actions to each agent's expected payoff of each of its actions."""
DerivativeFn = Callable[[list[FloatArray]], FloatArray]
"""Maps the agents' mixed actions to the matrix of derivatives of every action's expected
payoff (rows) with respect to every action's probability (columns)."""

RESIDUAL_TOL = 1e-8
"""Largest fixed-point residual accepted for a returned QRE (the certificate)."""
INITIAL_STEP = 0.03
"""First arc-length step (payoffs scaled to unit range)."""
MAX_STEP = float("inf")
"""Largest arc-length step: none; far along the branch it is nearly straight in
log-probabilities and steps grow geometrically, held back by the corrector tests."""
MIN_STEP = 1e-9
"""Smallest arc-length step before the tracer gives up."""
MAX_DISTANCE = 0.4
"""Largest first corrector step of an accepted step, relative to the step length (absolute for
steps longer than 1)."""
MAX_CONTRACTION = 0.6
"""Largest ratio of successive corrector steps of an accepted step."""
MAX_TURN = 0.35
"""Largest angle (radians) between successive tangents of an accepted step."""
MAX_CORRECTOR = 12
"""Corrector (chord) iterations per step."""
MAX_STEPS = 100_000
"""Predictor–corrector steps before the tracer gives up."""
MAX_SCALED_LAMBDA = 1e7
"""Largest λ times payoff range the tracer accepts."""
FD_STEP = 1e-6
"""Central-difference step of the payoff derivatives."""


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
    bifurcations: list[tuple[float, float]] = field(default_factory=list)
    """Intervals of λ (the ends of one continuation step) in which the traced branch crossed a
    bifurcation point (the determinant of the augmented Jacobian
    :math:`[H_z\\; H_\\lambda; t^\\top]` changed sign): beyond such a point
    the branch from the centroid is not unique (the game is degenerate there), and the smooth
    continuation is the one followed."""

    @property
    def lambdas(self) -> FloatArray:
        return np.array([p.lam for p in self.points])


def logit_qre(
    payoffs: ArrayLike,
    lam: float,
    *,
    tol: float = RESIDUAL_TOL,
    deadline: Deadline | None = None,
) -> QREPoint:
    """The logit QRE at ``lam`` on the principal branch of a normal-form game.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(n_players, m_1, ..., m_n)``.
    lam
        Precision :math:`\\lambda \\ge 0`.
    tol
        Largest accepted fixed-point residual.
    deadline
        The solve's time budget (:class:`~sim.equilibria.budget.Deadline`).
    """
    return logit_qre_path(payoffs, [lam], tol=tol, deadline=deadline).points[-1]


def logit_qre_path(
    payoffs: ArrayLike,
    lambdas: Sequence[float],
    *,
    tol: float = RESIDUAL_TOL,
    deadline: Deadline | None = None,
) -> QREPath:
    """The principal branch of logit QRE traced from the centroid over ``lambdas`` (ascending)."""
    tensor = np.asarray(payoffs, dtype=float)
    sizes = list(tensor.shape[1:])

    def values(profile: list[FloatArray]) -> list[FloatArray]:
        return deviation_payoffs(tensor, profile)

    def derivative(profile: list[FloatArray]) -> FloatArray:
        n = len(sizes)
        return np.block(
            [
                [
                    np.zeros((sizes[i], sizes[j]))
                    if i == j
                    else pair_payoffs(tensor[i], profile, i, j)
                    for j in range(n)
                ]
                for i in range(n)
            ]
        )

    if not np.all(np.isfinite(tensor)):
        raise ValueError("the payoffs must be finite numbers")
    scale = float(tensor.max() - tensor.min()) if tensor.size else 1.0
    return trace_logit_branch(
        sizes,
        values,
        lambdas,
        tol=tol,
        payoff_scale=scale,
        deadline=deadline,
        derivative=derivative,
    )


def agent_qre(
    game: ExtensiveGame,
    lam: float,
    *,
    tol: float = RESIDUAL_TOL,
    deadline: Deadline | None = None,
) -> QREPoint:
    """The agent logit QRE at ``lam`` of a single (unbatched) tree, on the principal branch."""
    return agent_qre_path(game, [lam], tol=tol, deadline=deadline).points[-1]


def agent_qre_path(
    game: ExtensiveGame,
    lambdas: Sequence[float],
    *,
    tol: float = RESIDUAL_TOL,
    deadline: Deadline | None = None,
) -> QREPath:
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

    terminal_payoffs = np.array(
        [np.asarray(n.payoffs, float) for n in game.nodes if n.kind == "terminal"]
    )
    if not np.all(np.isfinite(terminal_payoffs)):
        raise ValueError("the payoffs must be finite numbers")
    scale = float(terminal_payoffs.max() - terminal_payoffs.min()) if sizes else 1.0
    return trace_logit_branch(
        sizes, values, lambdas, tol=tol, payoff_scale=scale, deadline=deadline
    )


def split_by_player(game: ExtensiveGame, profile: list[FloatArray]) -> list[list[FloatArray]]:
    """Regroup an agent-form profile into per-player lists of per-infoset probabilities."""
    out: list[list[FloatArray]] = []
    k = 0
    for i in range(game.n_players):
        count = len(game.infosets(i))
        out.append(list(profile[k : k + count]))
        k += count
    return out


def logsumexp(v: FloatArray) -> float:
    """:math:`\\log \\sum_k e^{v_k}`, computed stably."""
    top = float(np.max(v))
    return top + float(np.log(np.sum(np.exp(v - top))))


def logit_residual(values: ValuesFn, profile: list[FloatArray], lam: float) -> float:
    """:math:`\\max |\\sigma - \\operatorname{logit}_\\lambda(u(\\sigma))|` over all agents."""
    worst = 0.0
    for p, u in zip(profile, values(profile), strict=True):
        response = np.exp(lam * u - logsumexp(lam * u))
        worst = max(worst, float(np.max(np.abs(p - response))))
    return worst


def trace_logit_branch(
    sizes: Sequence[int],
    values: ValuesFn,
    lambdas: Sequence[float],
    *,
    tol: float = RESIDUAL_TOL,
    payoff_scale: float = 1.0,
    deadline: Deadline | None = None,
    derivative: DerivativeFn | None = None,
) -> QREPath:
    """Follow the principal logit branch from the centroid at λ = 0 by arc length.

    The branch is the curve :math:`H(z, \\lambda) = 0` in :math:`(z, \\lambda)`, with
    :math:`z = \\log \\sigma` and, for each agent :math:`i`,
    :math:`H_i = z_i - \\lambda u_i(\\sigma) + \\operatorname{logsumexp}(\\lambda u_i(\\sigma))`.
    It is followed by a predictor–corrector method parametrised by arc length (Allgower & Georg
    1990, ch. 2; the method of Gambit's logit tracing, Turocy 2005): an Euler predictor along
    the unit tangent (the null vector of the Jacobian :math:`[H_z \\; H_\\lambda]`, oriented to
    continue the previous one), then Gauss–Newton corrector steps
    :math:`\\Delta x = -J^{+} H` back onto the curve. Parametrising by arc length rather than by
    λ follows the branch through turning points, where λ decreases for a while. A step is
    accepted only if the first corrector step is short, the corrector contracts, and the tangent
    turns by less than :data:`MAX_TURN` radians; otherwise the step is halved, so the tracer does
    not jump to another branch of the correspondence. Where the branch first reaches each
    requested λ, the point is computed by Newton's method at that λ and certified by its
    fixed-point residual.

    Parameters
    ----------
    sizes
        Number of actions of each agent.
    values
        Expected payoff of each action of each agent, given everyone's mixed actions.
    lambdas
        Non-negative, non-decreasing precisions at which to record the branch (the first time
        the branch reaches each).
    tol
        Largest accepted fixed-point residual :math:`\\max|\\sigma - \\operatorname{logit}|`.
    payoff_scale
        The payoff range: the branch is traced for payoffs divided by it and λ multiplied by it
        (the same correspondence, better conditioned).
    deadline
        The solve's time budget.
    derivative
        The matrix :math:`\\partial u / \\partial \\sigma` (all agents' actions, rows and
        columns), if known; otherwise central differences of ``values``.

    Raises
    ------
    ValueError
        If ``lambdas`` are not sorted and non-negative, or λ times the payoff range exceeds
        :data:`MAX_SCALED_LAMBDA` (the probabilities underflow in double precision).
    ArithmeticError
        If the branch cannot be continued (the step falls below :data:`MIN_STEP`, too many steps,
        the time limit) or a point's residual exceeds ``tol``.

    References
    ----------
    Allgower, E. L., & Georg, K. (1990). *Numerical Continuation Methods: An Introduction*.
    Springer.
    """
    grid = [float(v) for v in lambdas]
    if any(not v >= 0 for v in grid) or any(b < a for a, b in itertools.pairwise(grid)):
        raise ValueError("lambdas must be non-negative and non-decreasing")
    scale = float(payoff_scale) if payoff_scale > 0 and np.isfinite(payoff_scale) else 1.0
    if grid and grid[-1] * scale > MAX_SCALED_LAMBDA:
        raise ValueError(
            f"lambda = {grid[-1]:g} times the payoff range {scale:.3g} is "
            f"{grid[-1] * scale:.3g} > {MAX_SCALED_LAMBDA:g}: the logit probabilities of all but "
            "the best actions underflow in double precision; rescale the payoffs (or lower "
            "lambda)"
        )
    deadline = as_deadline(deadline)
    if not sizes:  # no agent: the empty profile is the QRE at every lambda
        return QREPath([QREPoint(lam, [], 0.0) for lam in grid])
    tracer = _BranchTracer(list(sizes), values, scale, derivative, deadline)
    try:
        return _trace(tracer, grid, scale, tol, deadline)
    except _OutOfTime as stop:
        raise ArithmeticError(
            f"time limit of {deadline.time_limit:g} s reached while tracing the logit QRE "
            f"branch at lambda = {stop.lam:.6g} (target {grid[-1]:g})"
        ) from None


class _OutOfTime(Exception):
    """The deadline expired while tracing, at precision ``lam`` (unscaled): between steps or
    inside one (a finite-difference Jacobian)."""

    def __init__(self, lam: float) -> None:
        super().__init__(lam)
        self.lam = lam


def _trace(
    tracer: _BranchTracer, grid: list[float], scale: float, tol: float, deadline: Deadline
) -> QREPath:
    """The predictor–corrector loop of :func:`trace_logit_branch`."""
    points: list[QREPoint] = []
    targets = [lam * scale for lam in grid]
    x = tracer.start()
    tangent, orientation = tracer.tangent(x, None)
    bifurcations: list[tuple[float, float]] = []
    step = INITIAL_STEP
    k = 0
    for _ in range(MAX_STEPS):
        while k < len(targets) and targets[k] <= x[-1] + 1e-15:
            points.append(tracer.point_at(x, targets[k], grid[k], tol))
            k += 1
        if k == len(targets):
            return QREPath(points, bifurcations)
        if deadline.expired():
            raise _OutOfTime(float(x[-1]) / scale)
        accepted = tracer.step(x, tangent, step)
        if accepted is None:
            step /= 2.0
            if step < MIN_STEP:
                raise ArithmeticError(
                    "cannot continue the logit QRE branch beyond lambda = "
                    f"{x[-1] / scale:.6g} without risking a jump to another branch"
                )
            continue
        x_new, tangent_new, new_orientation, fast = accepted
        if x_new[-1] < 0:
            raise ArithmeticError("the traced logit QRE branch turned back below lambda = 0")
        # targets crossed inside this step (the branch may turn back within it: take the
        # first crossing on the segment)
        while k < len(targets) and min(x[-1], x_new[-1]) <= targets[k] <= max(x[-1], x_new[-1]):
            if targets[k] > x_new[-1] + 1e-15 and targets[k] > x[-1]:
                break
            w = (targets[k] - x[-1]) / (x_new[-1] - x[-1]) if x_new[-1] != x[-1] else 1.0
            guess = x + w * (x_new - x)
            points.append(tracer.point_at(guess, targets[k], grid[k], tol))
            k += 1
        if new_orientation != orientation:
            ends = sorted([float(x[-1] / scale), float(x_new[-1] / scale)])
            bifurcations.append((ends[0], ends[1]))
            orientation = new_orientation
        x, tangent = x_new, tangent_new
        step = min(step * (1.5 if fast else 1.0), MAX_STEP)
    raise ArithmeticError(
        f"the logit QRE branch did not reach lambda = {grid[k]:g} in {MAX_STEPS} steps "
        f"(at lambda = {x[-1] / scale:.6g})"
    )


class _BranchTracer:
    """The homotopy :math:`H(z, \\lambda)` of :func:`trace_logit_branch` and its derivatives."""

    def __init__(
        self,
        sizes: list[int],
        values: ValuesFn,
        scale: float,
        derivative: DerivativeFn | None = None,
        deadline: Deadline | None = None,
    ) -> None:
        self.deadline = as_deadline(deadline)
        self.sizes = sizes
        self.values = values
        self.derivative = derivative
        self.scale = scale
        self.cuts = np.cumsum(sizes)[:-1]
        self.n = int(sum(sizes))

    def start(self) -> FloatArray:
        return np.concatenate([np.full(m, -np.log(m)) for m in self.sizes] + [np.zeros(1)])

    def _u(self, z: FloatArray) -> FloatArray:
        profile = [np.exp(part) for part in np.split(z, self.cuts)]
        return np.concatenate(self.values(profile)) / self.scale

    def residual(self, x: FloatArray) -> FloatArray:
        z, lam = x[:-1], x[-1]
        u = self._u(z)
        parts = [
            zi - (lam * ui - logsumexp(lam * ui))
            for zi, ui in zip(np.split(z, self.cuts), np.split(u, self.cuts), strict=True)
        ]
        return np.concatenate(parts)

    def jacobian(self, x: FloatArray) -> FloatArray:
        """:math:`[H_z \\; H_\\lambda]`; :math:`\\partial u / \\partial z` from the analytic
        ``derivative`` if given, else by central differences."""
        z, lam = x[:-1], x[-1]
        u = self._u(z)
        if self.derivative is not None:
            sigma = np.exp(z)
            profile = list(np.split(sigma, self.cuts))
            du = np.asarray(self.derivative(profile), float) * sigma[None, :] / self.scale
        else:
            du = np.empty((self.n, self.n))
            for j in range(self.n):
                if self.deadline.expired():  # each column costs two payoff evaluations
                    raise _OutOfTime(float(lam) / self.scale)
                e = np.zeros(self.n)
                e[j] = FD_STEP
                du[:, j] = (self._u(z + e) - self._u(z - e)) / (2 * FD_STEP)
        jac = np.zeros((self.n, self.n + 1))
        jac[:, : self.n] = np.eye(self.n)
        offset = 0
        for m in self.sizes:
            rows = slice(offset, offset + m)
            ui = u[rows]
            p = np.exp(lam * ui - logsumexp(lam * ui))
            jac[rows, : self.n] -= lam * (du[rows] - p @ du[rows])
            jac[rows, self.n] = -(ui - p @ ui)
            offset += m
        return jac

    def tangent(self, x: FloatArray, previous: FloatArray | None) -> tuple[FloatArray, bool]:
        """Unit null vector of the Jacobian, continuing ``previous`` (or with dλ > 0), and the
        sign of :math:`\\det [J; t^\\top]` (it changes exactly at bifurcation points)."""
        jac = self.jacobian(x)
        q, _ = np.linalg.qr(jac.T, mode="complete")
        t = q[:, -1]
        if previous is None:
            t = t if t[-1] > 0 else -t
        else:
            t = t if float(t @ previous) >= 0 else -t
        return t, bool(np.linalg.det(np.vstack([jac, t])) > 0)

    def step(
        self, x: FloatArray, tangent: FloatArray, h: float
    ) -> tuple[FloatArray, FloatArray, bool, bool] | None:
        """Predictor–corrector step of length ``h``: ``(point, tangent, orientation, fast)``, or
        ``None`` if refused. The corrector is the chord method: Gauss–Newton steps with the
        pseudo-inverse of the Jacobian at the predicted point."""
        y = x + h * tangent
        first = None
        previous = None
        jac = self.jacobian(y)
        if not np.all(np.isfinite(jac)):
            return None
        inverse = np.linalg.pinv(jac)
        for iteration in range(MAX_CORRECTOR):
            residual = self.residual(y)
            if not np.all(np.isfinite(residual)):
                return None
            delta = -inverse @ residual
            size = float(np.linalg.norm(delta))
            if first is None:
                first = size
                if size > MAX_DISTANCE * min(max(h, 1e-3), 1.0) and size > 1e-9:
                    return None
            elif previous is not None and previous > 1e-12 and size > MAX_CONTRACTION * previous:
                return None
            y = y + delta
            previous = size
            if size <= 1e-11 * max(1.0, float(np.linalg.norm(y))):
                new_tangent, orientation = self.tangent(y, tangent)
                if float(new_tangent @ tangent) < np.cos(MAX_TURN):
                    return None
                return y, new_tangent, orientation, iteration <= 4
        return None

    def point_at(self, x: FloatArray, target: float, lam: float, tol: float) -> QREPoint:
        """Newton's method on :math:`H(\\cdot, \\lambda)` at the scaled ``target`` from ``x``,
        then the residual certificate (``lam`` is the unscaled precision)."""
        z = x[:-1].copy()
        for _ in range(50):
            y = np.concatenate([z, [target]])
            residual = self.residual(y)
            if float(np.max(np.abs(residual))) <= 1e-14:
                break
            jac = self.jacobian(y)[:, : self.n]
            try:
                z = z - np.linalg.solve(jac, residual)
            except np.linalg.LinAlgError:
                z = z - np.linalg.lstsq(jac, residual, rcond=None)[0]
        profile = [np.exp(part) for part in np.split(z, self.cuts)]
        profile = [p / p.sum() for p in profile]
        scaled = lambda prof: [v / self.scale for v in self.values(prof)]  # noqa: E731
        res = logit_residual(scaled, profile, target)
        if not np.isfinite(res) or res > tol:
            raise ArithmeticError(f"logit QRE at lambda = {lam:g} has residual {res:.3g} > {tol:g}")
        return QREPoint(lam, profile, res)
