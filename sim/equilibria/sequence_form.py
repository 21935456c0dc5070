"""Lemke's algorithm on the sequence form: one Nash equilibrium of a two-player tree.

The reduced normal form of a tree can be exponentially larger than the tree; the **sequence
form** (Koller, Megiddo & von Stengel 1996; von Stengel 1996) is linear in it. A *sequence* of
player :math:`i` is the empty sequence :math:`\\varnothing` or a pair :math:`(h, a)` of one of
its information sets and an action there; with perfect recall every set :math:`h` has one
*parent sequence* :math:`\\sigma_h`, the player's last own move before :math:`h`. A mixed strategy
is represented by its *realisation plan* :math:`x \\ge 0` (the probability that the player's own
moves follow each sequence), characterised by

.. math:: x(\\varnothing) = 1, \\qquad \\sum_a x(\\sigma_h a) = x(\\sigma_h)
          \\quad\\text{for every set } h, \\qquad\\text{i.e. } Ex = e,

and :math:`Fy = f` for player 2. With :math:`\\pi_0(z)` the chance probability of leaf :math:`z`
and :math:`\\sigma_i(z)` player :math:`i`'s sequence leading to it, the payoff matrices are
:math:`A[\\sigma, \\tau] = \\sum_{z:\\, \\sigma_1(z) = \\sigma,\\, \\sigma_2(z) = \\tau} \\pi_0(z)
u_1(z)` (:math:`B` likewise with :math:`u_2`), and the expected payoffs are :math:`x^\\top A y`
and :math:`x^\\top B y`.

**The LCP.** Payoffs are first turned into *costs* :math:`c_i(z) = 1 + (\\max u_i - u_i(z)) /
s_i \\in [1, 2]` (:math:`s_i` the range of :math:`u_i`, or 1), a positive affine map of :math:`-u_i`
that changes no equilibrium; :math:`C_1, C_2` are the cost matrices built as :math:`A, B`. A best
response of player 1 to :math:`y` solves :math:`\\min x^\\top C_1 y` s.t. :math:`Ex \\ge e`,
:math:`x \\ge 0`, with dual :math:`\\max e^\\top u` s.t. :math:`E^\\top u \\le C_1 y`,
:math:`u \\ge 0`. Lemke's algorithm (Lemke 1965) solves, for :math:`z_0 \\downarrow 0`,

.. math::
    w_x &= C_1 y - E^\\top u + (C_1 y_0)\\, z_0 \\ge 0, & x &\\ge 0, & x^\\top w_x &= 0,\\\\
    w_y &= C_2^\\top x - F^\\top v + (C_2^\\top x_0)\\, z_0 \\ge 0, & y &\\ge 0,
        & y^\\top w_y &= 0,\\\\
    w_u &= Ex - e + e\\, z_0 \\ge 0, & u &\\ge 0, & u^\\top w_u &= 0,\\\\
    w_v &= Fy - f + f\\, z_0 \\ge 0, & v &\\ge 0, & v^\\top w_v &= 0.

**Free variables.** In the exact sequence-form LCP the prices :math:`u, v` are free and the
constraints are :math:`Ex = e`, :math:`Fy = f`. Following Koller, Megiddo & von Stengel (1996),
positive costs allow relaxing them to :math:`Ex \\ge e`, :math:`Fy \\ge f` with :math:`u, v \\ge 0`,
an ordinary LCP with no free variable (neither kept basic nor split into differences). The
relaxation is exact along the path: if :math:`z_0 > 0` and row :math:`h` of
:math:`Ex \\ge (1 - z_0)e` were slack, then :math:`u_h = 0`, so every sequence below :math:`h`
with :math:`x > 0` would need :math:`(C_1 (y + z_0 y_0))_\\sigma + \\sum_{h' \\text{ after }
\\sigma} u_{h'} = 0`; following positive sequences down to one with no later own set contradicts
:math:`C_1 y_0 > 0` there (costs are at least 1 and :math:`y_0` is completely mixed). Hence
:math:`Ex = (1 - z_0)e` on the path and :math:`Ex = e` at its end, where :math:`z_0 = 0`. Only
leaves of chance probability zero escape the argument, and play there affects no payoff.

**Covering vector.** :math:`d = (C_1 y_0, C_2^\\top x_0, e, f)`, with :math:`x_0, y_0` the
realisation plans of the uniform (centroid) behaviour strategies, as in von Stengel, van den
Elzen & Talman (2002): the path starts at :math:`z = 0, z_0 = 1` and for :math:`z_0 \\in (0, 1]`
each player best-responds to :math:`(1 - z_0)` times the other's strategy plus :math:`z_0` times
the prior (the linear tracing procedure), which ends at an equilibrium.

**Degeneracy.** The start is degenerate (every constraint row is tight at once) and so are games
with tied payoffs, so the leaving variable is chosen by the lexicographic minimum-ratio test
(Eaves 1971): ties in the ratio are broken by the rows of the inverse basis divided by the pivot
element; :math:`z_0` leaves whenever it ties. Floating-point comparisons use tolerances, the
pivot count is capped and a repeated basis raises. The end point is recomputed from the final
basis with the original data, turned into behaviour strategies :math:`\\beta(h)(a) = x(\\sigma_h
a) / x(\\sigma_h)` (uniform where :math:`x(\\sigma_h) = 0`: sets the player's own equilibrium
play excludes), and certified by its regret against best responses computed on the sequence form.

References
----------
Eaves, B. C. (1971). The linear complementarity problem. *Management Science* 17, 612–634.
Koller, D., Megiddo, N., & von Stengel, B. (1996). Efficient computation of equilibria for
extensive two-person games. *Games and Economic Behavior* 14, 247–259.
Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical programming. *Management
Science* 11, 681–689.
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games and Economic
Behavior* 14, 220–246.
von Stengel, B., van den Elzen, A., & Talman, D. (2002). Computing normal form perfect equilibria
for extensive two-person games. *Econometrica* 70, 693–715.

Examples
--------
>>> from sim.games.tree import ExtensiveGame, decision, terminal
>>> pennies = ExtensiveGame(("Matcher", "Mismatcher"), decision(0, {
...     "heads": decision(1, {"heads": terminal([1, -1]), "tails": terminal([-1, 1])}, infoset="m"),
...     "tails": decision(1, {"heads": terminal([-1, 1]), "tails": terminal([1, -1])}, infoset="m"),
... }))
>>> [[p.round(6).tolist() for p in player] for player in sequence_form_equilibrium(pennies)]
[[[0.5, 0.5]], [[0.5, 0.5]]]
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np

from sim.arrays import FloatArray
from sim.equilibria.budget import Deadline
from sim.games.reduced_normal_form import is_perfect_recall
from sim.games.tree import ExtensiveGame

PIVOT_TOLERANCE = 1e-9
"""A column entry counts as positive in the ratio test above this times the column's largest."""

TIE_TOLERANCE = 1e-9
"""Ratios within this (relative) of the minimum tie; the lexicographic rule then decides."""

CHECK_EVERY = 32
"""Pivots between two looks at the deadline (and one before the first pivot)."""

PIVOTS_PER_ROW = 50
"""The pivot cap is this many pivots per LCP row (plus 1000)."""

MAX_LCP_ROWS = 5_000
"""Largest LCP (sequences plus information sets of both players, plus 2) solved: the dense
tableau then takes about 400 MB."""

CERTIFICATE_TOLERANCE = 1e-7
"""Largest regret, relative to the largest absolute payoff, that the end point may have."""


@dataclass(frozen=True)
class _Player:
    """One player's sequences: information sets in order of first appearance (preorder).

    ``parent[k]`` is the parent sequence of set ``keys[k]`` and ``children[k]`` its sequences
    ``(h, a)`` in action order; sequence 0 is the empty sequence. A parent always has a smaller
    index than its children and belongs to an earlier set.
    """

    keys: list[Hashable]
    parent: list[int]
    children: list[list[int]]

    @property
    def n_sequences(self) -> int:
        return 1 + sum(len(c) for c in self.children)

    def constraints(self) -> FloatArray:
        """``E``: row 0 is ``x(∅) = 1``, row ``k + 1`` is ``-x(σ_h) + Σ_a x(σ_h a) = 0``."""
        matrix = np.zeros((1 + len(self.keys), self.n_sequences))
        matrix[0, 0] = 1.0
        for k, (parent, children) in enumerate(zip(self.parent, self.children, strict=True)):
            matrix[k + 1, parent] = -1.0
            matrix[k + 1, children] = 1.0
        return matrix

    def plan(self, behaviour: list[FloatArray]) -> FloatArray:
        """The realisation plan of behaviour strategies (one vector per set, this order)."""
        plan = np.zeros(self.n_sequences)
        plan[0] = 1.0
        for parent, children, probs in zip(self.parent, self.children, behaviour, strict=True):
            plan[children] = plan[parent] * probs
        return plan

    def behaviour(self, plan: FloatArray) -> list[FloatArray]:
        """Behaviour strategies of a realisation plan; uniform at sets the plan excludes."""
        out = []
        for children in self.children:
            mass = np.clip(plan[children], 0.0, None)
            total = float(mass.sum())
            out.append(mass / total if total > 1e-12 else np.full(len(children), 1 / len(children)))
        return out

    def best_value(self, gains: FloatArray) -> float:
        """``max x^T gains`` over realisation plans ``x``, bottom-up over the sets."""
        value = gains.copy()
        for parent, children in zip(reversed(self.parent), reversed(self.children), strict=True):
            value[parent] += value[children].max()
        return float(value[0])


def sequence_form_equilibrium(
    game: ExtensiveGame, deadline: Deadline | None = None
) -> list[list[FloatArray]]:
    """One Nash equilibrium in behaviour strategies: for each player, for each of that player's
    information sets in the game's order, the probability vector over its actions.

    Lemke's algorithm on the sequence-form LCP (see the module docstring for the formulation,
    the covering vector and the degeneracy rule). Information sets that the player's own
    equilibrium play excludes get the uniform distribution, as on the reduced-normal-form route
    (:meth:`~sim.games.reduced_normal_form.ReducedNormalForm.to_behaviour`); any such completion
    is an equilibrium, since those sets are never reached.

    Parameters
    ----------
    game
        A single (unbatched) two-player extensive game of perfect recall.
    deadline
        Checked before the first pivot and every :data:`CHECK_EVERY` pivots.

    Returns
    -------
    list of list of numpy.ndarray
        The behaviour profile, in :meth:`ExtensiveGame.infosets` order.

    Raises
    ------
    ValueError
        If the game does not have two players, lacks perfect recall, is batched, or its LCP
        has more than :data:`MAX_LCP_ROWS` rows.
    TimeoutError
        If the deadline expires (the message names the time limit).
    ArithmeticError
        If Lemke's path breaks down numerically (a ray, a repeated basis, the pivot cap, or an
        end point whose regret exceeds :data:`CERTIFICATE_TOLERANCE` times the payoff scale).
    """
    if game.n_players != 2:
        raise ValueError(
            f"the sequence-form LCP is for two-player games; this game has {game.n_players}"
        )
    if game.batch_shape != ():
        raise ValueError(
            f"sequence_form_equilibrium needs a single game; this tree is batched with shape "
            f"{game.batch_shape} (solve one parameter point at a time)"
        )
    if not is_perfect_recall(game):
        raise ValueError(
            "the sequence form needs perfect recall (each information set must have one parent "
            "sequence); this tree lacks perfect recall"
        )
    players, payoffs, costs = _sequence_form(game)
    (E, F), (n1, n2) = (p.constraints() for p in players), (p.n_sequences for p in players)
    m1, m2 = E.shape[0], F.shape[0]
    if n1 + n2 + m1 + m2 > MAX_LCP_ROWS:
        raise ValueError(
            f"the sequence-form LCP would have {n1 + n2 + m1 + m2} rows; the limit is "
            f"{MAX_LCP_ROWS} (the tree is too large for the dense tableau)"
        )
    x0, y0 = (p.plan([np.full(len(c), 1 / len(c)) for c in p.children]) for p in players)
    M = np.zeros((n1 + n2 + m1 + m2,) * 2)
    x, y, u, v = (slice(0, n1), slice(n1, n1 + n2), slice(n1 + n2, n1 + n2 + m1), slice(-m2, None))
    M[x, y], M[x, u] = costs[0], -E.T
    M[y, x], M[y, v] = costs[1].T, -F.T
    M[u, x], M[v, y] = E, F
    q = np.zeros(len(M))
    q[u.start], q[v.start] = -1.0, -1.0  # -e, -f
    d = np.concatenate([costs[0] @ y0, costs[1].T @ x0, -q[u], -q[v]])
    z, _ = _lemke(M, q, d, deadline)
    profile = [players[0].behaviour(z[x]), players[1].behaviour(z[y])]
    scale = max(1.0, float(np.max(np.abs(payoffs))))
    regret = _regret(players, payoffs, profile)
    if not regret <= CERTIFICATE_TOLERANCE * scale:
        raise ArithmeticError(
            f"Lemke's algorithm ended at a profile with regret {regret:.3g} (numerical breakdown)"
        )
    order = [{key: k for k, key in enumerate(p.keys)} for p in players]
    return [[profile[i][order[i][key]] for key in game.infosets(i)] for i in range(game.n_players)]


def sequence_form_regret(game: ExtensiveGame, behaviour: list[list[FloatArray]]) -> float:
    """The Nash regret of a behaviour profile of a two-player tree of perfect recall: each
    player's best-response gain, found on the sequence form bottom-up over the information sets
    (linear in the tree, so it certifies trees whose reduced normal form is too large to build).
    """
    players, payoffs, _ = _sequence_form(game)
    ordered = []
    for i, player in enumerate(players):
        by_key = dict(zip(game.infosets(i), behaviour[i], strict=True))
        ordered.append([np.asarray(by_key[key], float) for key in player.keys])
    return _regret(players, payoffs, ordered)


def _sequence_form(game: ExtensiveGame) -> tuple[list[_Player], FloatArray, FloatArray]:
    """Both players' sequences, the payoff matrices ``(A, B)`` and the cost matrices."""
    keys: list[dict[Hashable, int]] = [{}, {}]
    parents: list[list[int]] = [[], []]
    children: list[list[list[int]]] = [[], []]
    counts = [1, 1]
    leaves: list[tuple[int, int, float, FloatArray]] = []
    state = {game.root.id: (0, 0, 1.0)}  # node id -> (sequence of player 1, of player 2, chance)
    for node in game.nodes:  # preorder: parents first
        *seqs, prob = state.pop(node.id)
        if node.kind == "terminal":
            assert node.payoffs is not None
            leaves.append((seqs[0], seqs[1], prob, np.asarray(node.payoffs, float)))
            continue
        if node.kind == "chance":
            for p, child in zip(node.probs, node.children, strict=True):
                state[child.id] = (seqs[0], seqs[1], prob * float(p))
            continue
        i, key = node.player, game.infoset_key(node)
        if key not in keys[i]:
            keys[i][key] = len(parents[i])
            parents[i].append(seqs[i])
            children[i].append(list(range(counts[i], counts[i] + len(node.actions))))
            counts[i] += len(node.actions)
        for a, child in enumerate(node.children):
            new = [*seqs]
            new[i] = children[i][keys[i][key]][a]
            state[child.id] = (new[0], new[1], prob)
    players = [_Player(list(keys[i]), parents[i], children[i]) for i in range(2)]
    payoffs = np.zeros((2, counts[0], counts[1]))
    costs = np.zeros((2, counts[0], counts[1]))
    utilities = np.array([leaf[3] for leaf in leaves])
    top, spread = utilities.max(axis=0), np.ptp(utilities, axis=0)
    spread[spread == 0.0] = 1.0
    for (s1, s2, prob, u), cost in zip(leaves, 1.0 + (top - utilities) / spread, strict=True):
        payoffs[:, s1, s2] += prob * u
        costs[:, s1, s2] += prob * cost
    return players, payoffs, costs


def _regret(players: list[_Player], payoffs: FloatArray, profile: list[list[FloatArray]]) -> float:
    """Largest gain of a best response (on the sequence form) over the profile's payoff."""
    x, y = (p.plan(b) for p, b in zip(players, profile, strict=True))
    gains = [payoffs[0] @ y, payoffs[1].T @ x]
    own = [float(x @ gains[0]), float(y @ gains[1])]
    return max(0.0, *(p.best_value(g) - v for p, g, v in zip(players, gains, own, strict=True)))


def _lemke(
    M: FloatArray, q: FloatArray, d: FloatArray, deadline: Deadline | None
) -> tuple[FloatArray, int]:
    """A solution ``z`` of ``w = q + M z >= 0, z >= 0, z^T w = 0`` and the number of pivots.

    The tableau is ``[I | -M | -d | q]`` over the variables ``w`` (columns ``0..n-1``), ``z``
    (``n..2n-1``) and ``z0`` (``2n``); its first ``n`` columns hold the inverse basis used by the
    lexicographic rule. ``z0`` enters first, in the row of the lexicographically smallest
    ``(q_i, e_i) / d_i``; then the complement of each leaving variable enters until ``z0`` leaves.
    """
    n = len(q)
    tableau = np.hstack([np.eye(n), -M, -d[:, None], q[:, None]])
    basis = np.arange(n)
    artificial = 2 * n
    rows = np.flatnonzero(d > 0.0)
    row = _lexicographic_minimum(tableau, rows, d[rows], n, preferred=-1)
    entering, pivots, seen = artificial, 0, set[int]()
    cap = PIVOTS_PER_ROW * n + 1000
    while True:
        if pivots % CHECK_EVERY == 0 and deadline is not None and deadline.expired():
            raise TimeoutError(
                f"time limit of {deadline.time_limit:g} s reached after {pivots} pivots of "
                "Lemke's algorithm on the sequence form"
            )
        leaving = int(basis[row])
        _pivot(tableau, row, entering)
        basis[row] = entering
        pivots += 1
        if leaving == artificial:
            break
        key = hash(np.sort(basis).tobytes())
        if key in seen or pivots >= cap:
            reason = "a basis repeated (cycling)" if key in seen else f"{cap} pivots"
            raise ArithmeticError(f"Lemke's algorithm on the sequence form stopped: {reason}")
        seen.add(key)
        entering = leaving + n if leaving < n else leaving - n
        column = tableau[:, entering]
        rows = np.flatnonzero(column > PIVOT_TOLERANCE * max(1.0, float(np.abs(column).max())))
        if rows.size == 0:
            raise ArithmeticError("Lemke's algorithm on the sequence form ended on a ray")
        preferred = int(np.flatnonzero(basis == artificial)[0])
        row = _lexicographic_minimum(tableau, rows, column[rows], n, preferred)
    columns = -M[:, np.clip(basis - n, 0, n - 1)]  # z0 has left: every basic column is w or z
    is_w = basis < n
    columns[:, is_w] = np.eye(n)[:, basis[is_w]]
    try:  # the end point from the original data, free of the pivots' rounding
        values = np.linalg.solve(columns, q)
    except np.linalg.LinAlgError:
        values = tableau[:, -1]
    solution = np.zeros(2 * n + 1)
    solution[basis] = values
    return solution[n : 2 * n], pivots


def _lexicographic_minimum(
    tableau: FloatArray, rows: np.ndarray, pivots: FloatArray, n: int, preferred: int
) -> int:
    """The row minimising ``(rhs, inverse basis row) / pivot element`` lexicographically.

    Ratios within :data:`TIE_TOLERANCE` of the minimum tie. ``preferred`` (the row of ``z0``)
    wins any tie of the first ratio, since its leaving ends the path at a solution.
    """
    ratios = tableau[rows, -1] / pivots
    tied = np.abs(ratios - ratios.min()) <= TIE_TOLERANCE * (1.0 + abs(ratios.min()))
    rows, pivots = rows[tied], pivots[tied]
    if preferred in rows or rows.size == 1:
        return preferred if preferred in rows else int(rows[0])
    keys = tableau[rows, :n] / pivots[:, None]
    for k in np.flatnonzero(np.any(keys != 0.0, axis=0)):  # all-zero columns split no tie
        tied = keys[:, k] <= keys[:, k].min() + TIE_TOLERANCE
        rows, keys = rows[tied], keys[tied]
        if rows.size == 1:
            break
    return int(rows[0])


def _pivot(tableau: FloatArray, row: int, column: int) -> None:
    """Make ``column`` basic in ``row`` (Gauss–Jordan elimination, in place)."""
    tableau[row] /= tableau[row, column]
    factors = tableau[:, column].copy()
    factors[row] = 0.0
    rows, columns = np.flatnonzero(factors), np.flatnonzero(tableau[row])
    tableau[np.ix_(rows, columns)] -= np.outer(factors[rows], tableau[row, columns])
