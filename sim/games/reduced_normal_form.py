"""The reduced normal form of an extensive-form game, and Kuhn's map back to behaviour strategies.

A *plan* (reduced pure strategy) of player :math:`i` names an action at each of :math:`i`'s
information sets that its own earlier actions do not exclude, and at no other; pure strategies
that differ only at excluded sets are the same plan. With :math:`C_i(s_i, z) = 1` when plan
:math:`s_i` takes every action of player :math:`i` on the path to terminal node :math:`z`, the
reduced normal form's payoffs are

.. math:: U_p(s_1, \\dots, s_n) = \\sum_z \\pi_0(z)\\, u_p(z) \\prod_i C_i(s_i, z),

where :math:`\\pi_0(z)` is the product of chance probabilities on the path to :math:`z`.

In a game of perfect recall every mixed strategy :math:`\\sigma_i` over plans is realisation
equivalent to the behaviour strategy (Kuhn 1953)

.. math:: \\beta_i(h)(a) = \\frac{\\sum_{s_i:\\, s_i(h) = a} \\sigma_i(s_i)}
                              {\\sum_{s_i:\\, h \\in \\operatorname{dom} s_i} \\sigma_i(s_i)},

and :meth:`ReducedNormalForm.to_behaviour` returns it; where the denominator is zero (``h`` is
excluded by the player's own play under :math:`\\sigma_i`) the distribution is uniform.

Plans are ordered as Gambit orders its reduced strategies: lexicographically by the action index at
each information set, in the order of :meth:`ExtensiveGame.infosets`, a set left unspecified coming
first. Plans are labelled by their actions joined with ``/`` and ``*`` for unspecified sets
(Gambit writes action numbers instead, e.g. ``1*``, ``21``).

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory of
Games* II, 193–216.
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games and Economic Behavior*
14, 220–246.

Examples
--------
>>> from sim.games.tree import ExtensiveGame, decision, terminal
>>> entry = ExtensiveGame(("Entrant", "Incumbent"), decision(0, {
...     "out": terminal([0, 2]),
...     "in": decision(1, {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}),
... }))
>>> reduced = reduced_normal_form(entry)
>>> reduced.game.actions
(('out', 'in'), ('fight', 'accommodate'))
>>> reduced.game.payoffs[0].tolist()
[[0.0, 0.0], [-1.0, 1.0]]
>>> behaviour = reduced.to_behaviour([[0.25, 0.75], [0.0, 1.0]])
>>> behaviour[0][0].tolist()
[0.25, 0.75]
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.games.gambit_tokens import unique_labels
from sim.games.normal_form import FloatArray, NormalFormGame
from sim.games.tree import ExtensiveGame, Node

IntArray = NDArray[np.intp]
Plan = dict[Hashable, int]
"""A reduced pure strategy: information-set key → index of the chosen action."""
_PartialPlan = frozenset[tuple[Hashable, int]]
"""A plan of a subtree, as a set of (information-set key, action index) pairs."""

MAX_PLANS = 100_000
"""Largest number of reduced plans of one player that :func:`reduced_normal_form` builds."""

MAX_PROFILES = 2_000_000
"""Largest number of pure profiles (cells of the payoff table) it builds."""


@dataclass(frozen=True)
class ReducedNormalForm:
    """The reduced normal form of a tree.

    Attributes
    ----------
    game
        The normal-form game whose actions are the players' plans.
    plans
        ``plans[i][k]`` is player ``i``'s ``k``-th plan: information-set key → action index, for
        the sets the plan reaches, in :meth:`ExtensiveGame.infosets` order.
    tree
        The extensive-form game it was built from.
    """

    game: NormalFormGame
    plans: list[list[Plan]]
    tree: ExtensiveGame

    def to_behaviour(self, mixed_profile: Sequence[ArrayLike]) -> list[list[FloatArray]]:
        """Behaviour strategies realisation-equivalent to a mixed profile over plans (Kuhn 1953).

        Parameters
        ----------
        mixed_profile
            One probability vector per player over that player's plans.

        Returns
        -------
        list of list of numpy.ndarray
            For each player, for each of its information sets in
            :meth:`ExtensiveGame.infosets` order, the probabilities of the set's actions. A set
            that the player's own mixed strategy never reaches gets the uniform distribution.

        Raises
        ------
        ValueError
            If the tree lacks perfect recall (no equivalent behaviour strategy need exist), or a
            vector does not match the player's plans.
        """
        if not self._perfect_recall:
            require_perfect_recall(self.tree)
        if len(mixed_profile) != self.tree.n_players:
            raise ValueError(
                f"expected one probability vector per player ({self.tree.n_players}), "
                f"got {len(mixed_profile)}"
            )
        profile: list[list[FloatArray]] = []
        for player, sigma in enumerate(mixed_profile):
            probs = np.asarray(sigma, dtype=float)
            n_plans = len(self.plans[player])
            if probs.shape != (n_plans,):
                raise ValueError(
                    f"{self.tree.players[player]}: expected {n_plans} plan probabilities, "
                    f"got shape {probs.shape}"
                )
            behaviour = []
            for rows, actions, n_actions in self._choices[player]:
                mass = np.bincount(actions, weights=probs[rows], minlength=n_actions)
                total = mass.sum()
                behaviour.append(
                    mass / total if total > 1e-15 else np.full(n_actions, 1 / n_actions)
                )
            profile.append(behaviour)
        return profile

    @cached_property
    def _perfect_recall(self) -> bool:
        return is_perfect_recall(self.tree)

    @cached_property
    def _choices(self) -> list[list[tuple[IntArray, IntArray, int]]]:
        """Per player and information set: the plans that choose there, their actions, and the
        number of actions."""
        out = []
        for player, plans in enumerate(self.plans):
            per_set = []
            for key in self.tree.infosets(player):
                rows = [k for k, plan in enumerate(plans) if key in plan]
                actions = [plans[k][key] for k in rows]
                n_actions = len(self.tree.infoset_members(player, key)[0].actions)
                per_set.append(
                    (np.array(rows, dtype=np.intp), np.array(actions, dtype=np.intp), n_actions)
                )
            out.append(per_set)
        return out


def reduced_normal_form(game: ExtensiveGame) -> ReducedNormalForm:
    """The reduced normal form of a single (unbatched) extensive-form game.

    Raises
    ------
    ValueError
        For a batched tree (build the reduced form of one parameter point at a time), or when a
        player would have more than :data:`MAX_PLANS` plans or the table more than
        :data:`MAX_PROFILES` cells.
    """
    if game.batch_shape != ():
        raise ValueError(
            "reduced_normal_form needs a single game; this tree is batched with shape "
            f"{game.batch_shape} (build one tree per parameter point)"
        )
    if is_perfect_recall(game):  # counts are exact: refuse a huge table before building it
        _check_size(plan_counts(game))
    plans = [_sorted_plans(game, player) for player in range(game.n_players)]
    _check_size([len(p) for p in plans])
    weights, consistent = _terminal_terms(game, plans)
    letters = [chr(ord("a") + i) for i in range(game.n_players)]
    spec = "pz," + ",".join(f"{c}z" for c in letters) + "->p" + "".join(letters)
    payoffs = np.einsum(spec, weights, *consistent)
    labels = [unique_labels(_plan_labels(game, player, p)) for player, p in enumerate(plans)]
    normal_form = NormalFormGame(payoffs, players=game.players, actions=labels, title=game.title)
    return ReducedNormalForm(game=normal_form, plans=plans, tree=game)


def _terminal_terms(
    game: ExtensiveGame, plans: list[list[Plan]]
) -> tuple[FloatArray, list[FloatArray]]:
    """``W[p, z] = pi_0(z) u_p(z)`` and, per player, ``C_i[s, z]`` (plan ``s`` reaches ``z``)."""
    terminals = game.terminal_nodes
    paths = game.paths()
    columns = [{key: k for k, key in enumerate(game.infosets(i))} for i in range(game.n_players)]
    tables = []  # tables[i][s, h]: action of plan s at set h, -1 where unspecified
    for player, player_plans in enumerate(plans):
        table = np.full((len(player_plans), len(columns[player])), -1)
        for row, plan in enumerate(player_plans):
            for key, action in plan.items():
                table[row, columns[player][key]] = action
        tables.append(table)
    weights = np.zeros((game.n_players, len(terminals)))
    consistent = [np.zeros((len(p), len(terminals))) for p in plans]
    for z, node in enumerate(terminals):
        reach = 1.0
        required: list[dict[int, int]] = [{} for _ in range(game.n_players)]
        for parent, index in paths[node.id]:
            if parent.kind == "chance":
                reach *= float(parent.probs[index])
                continue
            # An absent-minded player may pass one set twice: a pure plan then cannot reach z
            # through two different actions there (-2 matches no plan).
            column = columns[parent.player][game.infoset_key(parent)]
            if required[parent.player].setdefault(column, index) != index:
                required[parent.player][column] = -2
        assert node.payoffs is not None
        weights[:, z] = reach * np.asarray(node.payoffs, dtype=float)
        for player, table in enumerate(tables):
            needed = list(required[player])
            wanted = np.array([required[player][c] for c in needed], dtype=int)
            consistent[player][:, z] = np.all(table[:, needed] == wanted, axis=1)
    return weights, consistent


def is_perfect_recall(game: ExtensiveGame) -> bool:
    """True when, at every information set, all nodes share the mover's own history.

    A player's own history at a node is the sequence of (information set, action) pairs of its
    own moves on the path from the root (Kuhn 1953).
    """
    seen: dict[tuple[int, Hashable], tuple[tuple[Hashable, int], ...]] = {}
    paths = game.paths()
    for node in game.decision_nodes:
        history = tuple(
            (game.infoset_key(parent), index)
            for parent, index in paths[node.id]
            if parent.kind == "decision" and parent.player == node.player
        )
        key = (node.player, game.infoset_key(node))
        if seen.setdefault(key, history) != history:
            return False
    return True


def require_perfect_recall(game: ExtensiveGame) -> None:
    """Refuse a tree without perfect recall, where a mixed strategy over plans need not have an
    equivalent behaviour strategy.

    Raises
    ------
    ValueError
        If :func:`is_perfect_recall` is False.
    """
    if not is_perfect_recall(game):
        raise ValueError(
            "behaviour strategies equivalent to mixed ones exist only in games of perfect "
            "recall (Kuhn 1953); this tree lacks perfect recall"
        )


def _sorted_plans(game: ExtensiveGame, player: int) -> list[Plan]:
    order = game.infosets(player)
    unordered = [dict(plan) for plan in _plans(game, player)]
    ranked = sorted(unordered, key=lambda plan: tuple(plan.get(h, -1) for h in order))
    return [{h: plan[h] for h in order if h in plan} for plan in ranked]


def _plans(game: ExtensiveGame, player: int) -> list[_PartialPlan]:
    """The player's plans for the whole tree, built from the terminals up without recursion (a
    tree may be far deeper than Python's stack)."""
    below: dict[int, list[_PartialPlan]] = {}
    for node in reversed(game.nodes):  # preorder reversed: children before parents
        parts = [below.pop(child.id) for child in node.children]
        below[node.id] = _plans_at(game, node, player, parts)
    return below[game.root.id]


def _plans_at(
    game: ExtensiveGame, node: Node, player: int, parts: list[list[_PartialPlan]]
) -> list[_PartialPlan]:
    """The player's partial plans for the subtree at ``node`` (each reaching only what it can),
    given those of its children, ``parts``, in action order."""
    if node.kind == "terminal":
        return [frozenset()]
    if node.kind == "decision" and node.player == player:
        key = game.infoset_key(node)
        result: dict[_PartialPlan, None] = {}
        for index, part in enumerate(parts):
            for plan in part:
                if dict(plan).get(key, index) == index:
                    result.setdefault(plan | {(key, index)}, None)
        return _checked(list(result), game, player)
    # Another mover (or chance): a plan combines one partial plan of each child. Folding the
    # children in one at a time keeps only consistent unions (one action per information set),
    # so sets repeated across the children (a card game's chance deal) merge as they go.
    merged: dict[_PartialPlan, None] = {frozenset(): None}
    for part in parts:
        combined: dict[_PartialPlan, None] = {}
        for left in merged:
            for right in part:
                union = left | right
                if len({h for h, _ in union}) == len(union):
                    combined.setdefault(union, None)
            if len(combined) > MAX_PLANS:
                raise _too_many_plans(game, player)
        merged = combined
    return _checked(list(merged), game, player)


def _checked(plans: list[_PartialPlan], game: ExtensiveGame, player: int) -> list[_PartialPlan]:
    if len(plans) > MAX_PLANS:
        raise _too_many_plans(game, player)
    return plans


def _too_many_plans(game: ExtensiveGame, player: int) -> ValueError:
    return ValueError(
        f"{game.players[player]} has more than {MAX_PLANS} reduced plans; the reduced normal "
        "form is too large (solve the tree directly, for example by backward induction)"
    )


def _plan_labels(game: ExtensiveGame, player: int, plans: list[Plan]) -> list[str]:
    """Each plan's actions joined with ``/``, ``*`` at the sets it leaves unspecified."""
    names = {key: _set_actions(game, player, key) for key in game.infosets(player)}
    return [
        "/".join(names[key][plan[key]] if key in plan else "*" for key in names) for plan in plans
    ]


def _set_actions(game: ExtensiveGame, player: int, key: Hashable) -> tuple[str, ...]:
    """The action labels of ``player``'s information set ``key`` (none if it has no nodes)."""
    members = (n for n in game.decision_nodes if n.player == player and game.infoset_key(n) == key)
    return next((n.actions for n in members), ())


def plan_counts(game: ExtensiveGame) -> list[int]:
    """Each player's number of reduced plans in a game of perfect recall, without listing them.

    With perfect recall each information set :math:`h` of player :math:`i` has one parent
    sequence :math:`\\sigma(h)` (the player's last own move before it, or the empty sequence),
    and a plan chooses at :math:`h` exactly when it takes :math:`\\sigma(h)` (von Stengel 1996).
    So the count is :math:`N(\\varnothing)` with

    .. math:: N(\\sigma) = \\prod_{h:\\, \\sigma(h) = \\sigma} \\sum_{a \\in A(h)} N(\\sigma h a),

    computed from the deepest sets up in time linear in the tree.

    Examples
    --------
    >>> from sim.games.tree import ExtensiveGame, decision, terminal
    >>> centipede = ExtensiveGame(("A", "B"), decision(0, {
    ...     "take": terminal([1, 0]),
    ...     "pass": decision(1, {
    ...         "take": terminal([0, 2]),
    ...         "pass": decision(0, {"take": terminal([3, 1]), "pass": terminal([2, 4])}),
    ...     }),
    ... }))
    >>> plan_counts(centipede)
    [3, 2]
    """
    paths = game.paths()
    children: list[dict[tuple[Hashable, int] | None, list[Hashable]]] = [
        {} for _ in range(game.n_players)
    ]
    depth: list[dict[Hashable, int]] = [{} for _ in range(game.n_players)]
    for node in game.decision_nodes:
        key = game.infoset_key(node)
        if key in depth[node.player]:
            continue
        own = [
            (game.infoset_key(parent), index)
            for parent, index in paths[node.id]
            if parent.kind == "decision" and parent.player == node.player
        ]
        depth[node.player][key] = len(own)
        children[node.player].setdefault(own[-1] if own else None, []).append(key)
    counts = []
    for player in range(game.n_players):
        below = children[player]
        choices: dict[Hashable, int] = {}  # sum over the set's actions, deepest sets first
        for key in sorted(depth[player], key=depth[player].__getitem__, reverse=True):
            n_actions = len(game.infoset_members(player, key)[0].actions)
            choices[key] = sum(
                math.prod(choices[h] for h in below.get((key, a), [])) for a in range(n_actions)
            )
        counts.append(math.prod(choices[h] for h in below.get(None, [])))
    return counts


def _check_size(counts: list[int]) -> None:
    n_profiles = math.prod(counts)
    if max(counts) > MAX_PLANS or n_profiles > MAX_PROFILES:
        raise ValueError(
            f"the reduced normal form would have {n_profiles} pure profile(s) "
            f"({' x '.join(map(str, counts))} plans); the limits are {MAX_PLANS} plans per player "
            f"and {MAX_PROFILES} profiles: solve the tree directly (for example by backward "
            "induction)"
        )
