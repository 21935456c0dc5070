"""Subgame-perfect equilibrium of perfect-information trees with chance, by backward induction.

The solver walks the tree once, bottom-up, with numpy operations, so a *batched* tree (payoffs and
probabilities that are arrays over a parameter grid) is solved for every grid point in one pass.

At each decision node the mover picks an action that maximises its expected continuation payoff.
Ties (several actions within ``tol`` of the best) are never hidden: the solution records where they
occur, breaks them towards the *first* action in the node's order (trees in this project list
actions from least to most escalatory, so ties break towards restraint), and
:func:`enumerate_subgame_perfect` lists every pure subgame-perfect equilibrium of a single game.

Every solution is certified by :func:`one_shot_deviation_regret`: the largest gain any mover could
get by changing its action at a single node, the rest of the profile fixed. By the one-shot
deviation principle (Fudenberg & Tirole 1991, Thm 4.2) a profile of a finite game is
subgame-perfect iff that gain is zero at every node, reached or not.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory of
Games* II, 193–216.
Fudenberg, D., & Tirole, J. (1991). *Game Theory*. MIT Press, §3.2 and §4.2.

Examples
--------
>>> from sim.games.tree import ExtensiveGame, decision, terminal
>>> game = ExtensiveGame(("Entrant", "Incumbent"), decision(0, {
...     "out": terminal([0, 2]),
...     "in": decision(1, {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}),
... }))
>>> solution = backward_induction(game)
>>> [game.nodes[i].actions[int(a)] for i, a in sorted(solution.choice.items())]
['in', 'accommodate']
>>> float(solution.regret)
0.0
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.equilibria.verify import DEFAULT_TOLERANCE, EquilibriumVerificationError
from sim.games.tree import ExtensiveGame, FloatArray, Node

BehaviourProfile = dict[int, FloatArray]
"""Action probabilities at each decision node: node id → array ``(n_actions, *batch_shape)``."""


@dataclass
class SubgamePerfectSolution:
    """A pure subgame-perfect equilibrium (batched over the tree's batch shape).

    Attributes
    ----------
    game
        The solved tree.
    choice
        Decision node id → index of the chosen action (integer array of the batch shape).
    ties
        Decision node id → boolean array, True where another action was within ``tol`` of the
        chosen one (the equilibrium is then not unique at that node).
    tolerance
        The tolerance used for ties and for the regret certificate.
    """

    game: ExtensiveGame
    choice: dict[int, NDArray[np.intp]]
    ties: dict[int, NDArray[np.bool_]]
    tolerance: float = DEFAULT_TOLERANCE

    @classmethod
    def certified(cls, induced: InductionPass) -> SubgamePerfectSolution:
        """The solution of a backward-induction pass, certified by its one-shot-deviation
        regret (evaluated afresh, independently of the pass).

        Raises
        ------
        EquilibriumVerificationError
            If any regret exceeds the pass's tolerance.
        """
        game, tol = induced.game, induced.tolerance
        shape = game.batch_shape
        choice = {k: np.broadcast_to(v, shape) for k, v in induced.choice.items()}
        ties = {k: np.broadcast_to(v, shape) for k, v in induced.ties.items()}
        solution = cls(game, choice, ties, tol)
        worst = float(np.max(solution.regret, initial=0.0))
        if not worst <= tol:
            raise EquilibriumVerificationError(
                f"backward-induction profile has one-shot-deviation regret {worst:.3g} > {tol:g}"
            )
        return solution

    @cached_property
    def behaviour(self) -> BehaviourProfile:
        """The profile as action probabilities (one-hot) at every decision node."""
        shape = self.game.batch_shape
        profile: BehaviourProfile = {}
        for node in self.game.decision_nodes:
            chosen = np.broadcast_to(self.choice[node.id], shape)
            actions = np.arange(len(node.actions)).reshape((-1,) + (1,) * len(shape))
            profile[node.id] = (actions == chosen[None]).astype(float)
        return profile

    @cached_property
    def values(self) -> dict[int, FloatArray]:
        """Node id → expected payoffs ``(n_players, *batch)`` from that node on."""
        return evaluate(self.game, self.behaviour)

    @cached_property
    def reach(self) -> dict[int, FloatArray]:
        """Node id → probability that equilibrium play reaches the node."""
        shape = self.game.batch_shape
        reach = reach_probabilities(self.game, choice=self.choice)
        return {k: np.broadcast_to(v, shape) for k, v in reach.items()}

    @cached_property
    def regret(self) -> FloatArray:
        """Largest one-shot-deviation gain at any node (array of the batch shape)."""
        return one_shot_deviation_regret(self.game, self.behaviour, values=self.values)

    @property
    def expected_payoffs(self) -> FloatArray:
        """Equilibrium expected payoffs at the root, ``(n_players, *batch)``."""
        return self.values[self.game.root.id]

    @cached_property
    def outcome_probabilities(self) -> dict[str, FloatArray]:
        """Probability of each named terminal outcome under equilibrium play."""
        return outcome_probabilities(self.game, self.reach)

    @property
    def has_ties(self) -> NDArray[np.bool_]:
        """True where some decision node (reached or not) had tied best actions."""
        if not self.ties:
            return np.zeros(self.game.batch_shape, bool)
        return np.any(
            np.stack([np.broadcast_to(t, self.game.batch_shape) for t in self.ties.values()]),
            axis=0,
        )


@dataclass(frozen=True)
class InductionPass:
    """Choices and values of one bottom-up pass of backward induction.

    Numbers keep their own shapes: a subtree that does not vary along a batch axis is solved
    once along it, and arrays broadcast to the batch shape where they meet. This makes the pass
    cheap on large batched trees (the repeated model solves one per coalition over a state grid).

    Attributes
    ----------
    game
        The solved tree.
    choice
        Decision node id → index of the chosen action (broadcastable to the batch shape).
    ties
        Decision node id → True where another action was within ``tol`` of the chosen one.
    values
        Node id → expected payoffs ``(n_players, ...)`` from that node on (broadcastable to
        ``(n_players, *batch_shape)``).
    gain
        Largest ``max_b V_i(d_b) − V_i(d)`` over decision nodes: at most ``tol`` by construction
        for finite payoffs; the pass refuses a tree where it is not (non-finite payoffs).
    tolerance
        The tie tolerance of the pass.
    """

    game: ExtensiveGame
    choice: dict[int, NDArray[np.intp]]
    ties: dict[int, NDArray[np.bool_]]
    values: dict[int, FloatArray]
    gain: FloatArray
    tolerance: float = DEFAULT_TOLERANCE


def induction_pass(game: ExtensiveGame, *, tol: float = DEFAULT_TOLERANCE) -> InductionPass:
    """One bottom-up pass of backward induction over a perfect-information tree.

    The core of :func:`backward_induction`, which adds the independent one-shot-deviation
    certificate; use this pass alone where only choices and values are needed at scale.

    Raises
    ------
    ValueError
        If the tree has non-singleton information sets.
    EquilibriumVerificationError
        If a chosen action is not within ``tol`` of the best (non-finite payoffs).

    Notes
    -----
    With :math:`V(t) = u(t)` at terminals, :math:`V(c) = \\sum_k p_k V(c_k)` at chance nodes and
    :math:`a^*(d) = \\min\\{a : V_i(d_a) \\ge \\max_b V_i(d_b) - \\text{tol}\\}` at a node ``d`` of
    player ``i``, :math:`V(d) = V(d_{a^*})`.
    """
    if not game.is_perfect_information:
        raise ValueError(
            "backward induction needs perfect information; this tree has non-singleton "
            "information sets (use the normal-form or agent-form solvers instead)"
        )
    shape = game.batch_shape
    values: dict[int, FloatArray] = {}
    choice: dict[int, NDArray[np.intp]] = {}
    ties: dict[int, NDArray[np.bool_]] = {}
    gain: FloatArray = np.zeros(shape)
    for node in reversed(game.nodes):  # children before parents
        if node.kind == "terminal":
            values[node.id] = terminal_values(node, shape, broadcast=False)
        elif node.kind == "chance":
            values[node.id] = _chance_value(node, values)
        else:
            children = [values[c.id] for c in node.children]
            own = [v[node.player] for v in children]
            best = own[0]
            for o in own[1:]:
                best = np.maximum(best, o)
            floor = best - tol
            chosen: NDArray[np.intp] = np.zeros(np.shape(best), dtype=np.intp)
            count: NDArray[np.intp] = np.zeros(np.shape(best), dtype=np.intp)
            value = children[0]
            for k in range(len(children) - 1, -1, -1):
                good = own[k] >= floor
                chosen = np.where(good, k, chosen)
                value = np.where(good, children[k], value)
                count = count + good
            choice[node.id] = chosen
            ties[node.id] = count > 1
            values[node.id] = value
            gain = np.maximum(gain, best - value[node.player])
    if not np.all(gain <= tol):
        raise EquilibriumVerificationError(
            f"backward induction could not certify its choices (largest gain "
            f"{float(np.max(gain)):.3g} > {tol:g}): are all payoffs finite?"
        )
    return InductionPass(game, choice, ties, values, gain, tol)


def backward_induction(
    game: ExtensiveGame, *, tol: float = DEFAULT_TOLERANCE
) -> SubgamePerfectSolution:
    """Solve a perfect-information tree with chance nodes by backward induction, certified by
    :func:`one_shot_deviation_regret` (which evaluates the profile afresh, independently of the
    induction).

    Parameters
    ----------
    game
        A tree whose information sets are all singletons (scalar or batched numbers).
    tol
        Payoff differences within ``tol`` count as ties.

    Returns
    -------
    SubgamePerfectSolution
        The equilibrium; ties broken towards the first listed action and reported.

    Raises
    ------
    EquilibriumVerificationError
        If any regret exceeds ``tol``.

    Notes
    -----
    See :func:`induction_pass` for the recursion.
    """
    return SubgamePerfectSolution.certified(induction_pass(game, tol=tol))


def terminal_values(node: Node, shape: tuple[int, ...], *, broadcast: bool = True) -> FloatArray:
    """A terminal's payoffs as ``(n_players, *shape)`` (a broadcast view), or padded with unit
    axes to that many dimensions when ``broadcast`` is false."""
    assert node.payoffs is not None
    n_players, *own_shape = node.payoffs.shape
    padded = node.payoffs.reshape((n_players, *(1,) * (len(shape) - len(own_shape)), *own_shape))
    return np.broadcast_to(padded, (n_players, *shape)) if broadcast else padded


def _chance_value(node: Node, values: dict[int, FloatArray]) -> FloatArray:
    total: FloatArray | None = None
    for p, child in zip(node.probs, node.children, strict=True):
        term = p * values[child.id]
        total = term if total is None else total + term
    assert total is not None
    return total


def evaluate(game: ExtensiveGame, profile: BehaviourProfile) -> dict[int, FloatArray]:
    """Expected payoffs ``(n_players, *batch)`` at every node under a behaviour profile.

    ``profile`` maps each decision node id to action probabilities ``(n_actions, *batch)``.
    """
    shape = game.batch_shape
    values: dict[int, FloatArray] = {}
    for node in reversed(game.nodes):
        if node.kind == "terminal":
            values[node.id] = terminal_values(node, shape)
        elif node.kind == "chance":
            values[node.id] = _chance_value(node, values)
        else:
            probs = profile[node.id]
            total = np.zeros((game.n_players, *shape))
            for k, child in enumerate(node.children):
                total = total + probs[k] * values[child.id]
            values[node.id] = total
    return values


def reach_probabilities(
    game: ExtensiveGame,
    profile: BehaviourProfile | None = None,
    *,
    choice: dict[int, NDArray[np.intp]] | None = None,
    start: Node | None = None,
    terminals_only: bool = False,
) -> dict[int, FloatArray]:
    """Probability that play passes through each node below ``start`` (default: the root).

    Play follows a behaviour ``profile`` (action probabilities per decision node) or a pure
    profile given by action indices, ``choice`` (as :func:`induction_pass` holds them). Numbers
    keep their own shapes (they broadcast to the batch shape where they meet); with
    ``terminals_only`` only terminals are kept, so a large batched tree needs little memory. The
    product along a path is taken in the path's order.
    """
    if (profile is None) == (choice is None):
        raise ValueError("give either a behaviour profile or a choice of actions")
    out: dict[int, FloatArray] = {}
    stack: list[tuple[Node, FloatArray]] = [(start or game.root, np.asarray(1.0))]
    while stack:
        node, here = stack.pop()
        if node.kind == "terminal" or not terminals_only:
            out[node.id] = here
        if node.kind == "chance":
            weights: Any = node.probs
        elif node.kind == "decision":
            weights = (
                profile[node.id]
                if profile is not None
                else [choice[node.id] == k for k in range(len(node.children))]  # type: ignore[index]
            )
        else:
            continue
        for w, child in zip(weights, node.children, strict=True):
            stack.append((child, here * w))
    return out


def outcome_probabilities(
    game: ExtensiveGame, reach: dict[int, FloatArray]
) -> dict[str, FloatArray]:
    """Sum the reach probabilities of terminals by their outcome name."""
    totals: dict[str, FloatArray] = {}
    for node in game.terminal_nodes:
        name = node.outcome or node.label or f"terminal {node.id}"
        totals[name] = totals.get(name, 0.0) + reach[node.id]
    return totals


def one_shot_deviation_regret(
    game: ExtensiveGame,
    profile: BehaviourProfile,
    *,
    values: dict[int, FloatArray] | None = None,
) -> FloatArray:
    """Largest gain from a one-shot deviation at any decision node, reached or not.

    Notes
    -----
    For a decision node ``d`` of player ``i`` with value :math:`V(d)` under the profile, the gain
    is :math:`\\max_a V_i(d_a) - V_i(d)`. The profile is subgame-perfect iff the maximum over all
    nodes is zero (one-shot deviation principle, Fudenberg & Tirole 1991, Thm 4.2). Only valid
    for perfect-information trees, where every node starts a subgame.
    """
    values = evaluate(game, profile) if values is None else values
    worst = np.zeros(game.batch_shape)
    for node in game.decision_nodes:
        own = np.stack([values[c.id][node.player] for c in node.children])
        worst = np.maximum(worst, own.max(axis=0) - values[node.id][node.player])
    return worst


def enumerate_subgame_perfect(
    game: ExtensiveGame, *, tol: float = DEFAULT_TOLERANCE, limit: int = 10_000
) -> list[dict[int, int]]:
    """Every pure subgame-perfect equilibrium of a single (unbatched) perfect-information tree.

    Returns a list of strategy maps (decision node id → action index). Ties at a node branch the
    enumeration, since different tied choices can change what players above prefer.

    Raises
    ------
    ValueError
        If the tree is batched or not of perfect information, or more than ``limit`` equilibria
        exist.
    """
    if game.batch_shape != ():
        raise ValueError("enumerate_subgame_perfect takes a single game, not a batch")
    if not game.is_perfect_information:
        raise ValueError("enumerate_subgame_perfect needs a perfect-information tree")

    solved: dict[int, list[tuple[FloatArray, dict[int, int]]]] = {}
    for node in reversed(game.nodes):  # children before parents: no recursion on deep trees
        child_sets = [solved.pop(c.id) for c in node.children]
        solved[node.id] = _equilibria_at(node, child_sets, tol, limit)
    return [strategy for _, strategy in solved[game.root.id]]


def _equilibria_at(
    node: Node,
    child_sets: list[list[tuple[FloatArray, dict[int, int]]]],
    tol: float,
    limit: int,
) -> list[tuple[FloatArray, dict[int, int]]]:
    """The (value, strategy) pairs of the subtree at ``node``, given its children's pairs."""
    if node.kind == "terminal":
        assert node.payoffs is not None
        return [(np.asarray(node.payoffs, float), {})]
    results: list[tuple[FloatArray, dict[int, int]]] = []
    for combo in itertools.product(*child_sets):
        strategy: dict[int, int] = {}
        for _, s in combo:
            strategy.update(s)
        if node.kind == "chance":
            value = sum(p * v for p, (v, _) in zip(node.probs, combo, strict=True))
            results.append((np.asarray(value, float), strategy))
        else:
            own = np.array([v[node.player] for v, _ in combo])
            for a in np.flatnonzero(own >= own.max() - tol):
                results.append((combo[a][0], {**strategy, node.id: int(a)}))
        if len(results) > limit:
            raise ValueError(f"more than {limit} subgame-perfect equilibria")
    return results
