"""Subgame-perfect equilibria of trees: every pure SPE by backward induction, or by subgame
decomposition when information sets are not singletons (Selten 1965).

Subgame decomposition first tries to list every combination of the subgames' Nash equilibria,
within half of the time budget. If that gives up (too many combinations, its half of the budget,
a subgame too large for its solver, or no certified combination), it falls back, on the time
left, to **one equilibrium per subgame**, found bottom-up by
backward induction over subgames: each subgame, with the subgames below replaced by the payoffs
of their chosen equilibrium, is solved on its reduced normal form by the pure-equilibrium check,
then Lemke–Howson (two players; Lemke & Howson 1964, Shapley 1974) or the Lyapunov minimiser
(McKelvey 1998), or, for two players when that form is too large, by Lemke's algorithm on the
sequence form (Koller, Megiddo & von Stengel 1996), and the chosen profile is certified in
every subgame. Every finite game of perfect recall has a subgame-perfect equilibrium in
behaviour strategies (Selten 1965; Kuhn 1953), so the answer is not empty unless every method
fails on some subgame (or the time runs out first), which is then named in the error.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np

from sim.equilibria import lemke_howson, mixed_nash, pure_nash, sequence_form
from sim.equilibria.backward_induction import (
    backward_induction,
    enumerate_subgame_perfect,
    evaluate,
    one_shot_deviation_regret,
)
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.certificates import FloatArray, check_method, one_hot
from sim.equilibria.regret import profile_regret
from sim.equilibria.result import Equilibrium, EquilibriumResult
from sim.games.reduced_normal_form import is_perfect_recall, reduced_normal_form
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal

NashSolver = Callable[[ExtensiveGame, float, Deadline], EquilibriumResult]
"""The Nash solver each proper subgame is handed to (``(game, tol, deadline) -> result``)."""


Assignment = dict[tuple[int, Hashable], FloatArray]
"""(player, information-set key) → action probabilities."""
MAX_SUBGAME_COMBINATIONS = 10_000
"""Subgame decomposition lists at most this many combinations, then falls back to one SPE."""
MAX_PURE_SPE = 10_000
"""Backward induction lists at most this many pure SPE, then gives one."""


T = TypeVar("T")


class _GiveUp(Exception):
    """The exhaustive decomposition stops; the reason is the message."""


def subgame_perfect(
    game: ExtensiveGame,
    method: str | None,
    tol: float,
    nash: NashSolver,
    deadline: Deadline | None = None,
) -> EquilibriumResult:
    """Every pure SPE of a perfect-information tree, or the SPE by subgame decomposition."""
    if method is None:
        method = "backward_induction" if game.is_perfect_information else "subgame_decomposition"
    check_method(method, ("backward_induction", "subgame_decomposition"))
    if method == "subgame_decomposition":
        return _subgame_decomposition(game, tol, nash, as_deadline(deadline))
    if not game.is_perfect_information:
        raise ValueError(
            "backward induction needs a perfect-information tree; this one has non-singleton "
            "information sets (use method='subgame_decomposition')"
        )
    warnings: list[str] = []
    equilibria = []
    complete = True
    try:
        choices = enumerate_subgame_perfect(game, tol=tol, limit=MAX_PURE_SPE)
    except ValueError as error:  # too many tied equilibria to list
        solution = backward_induction(game, tol=tol)
        choices = [{node: int(index) for node, index in solution.choice.items()}]
        complete = False
        warnings.append(
            f"{error}: one is given (ties broken towards the first listed action); the others "
            "differ only at tied nodes"
        )
    for choice in choices:
        node_profile = {
            node.id: np.eye(len(node.actions))[choice[node.id]] for node in game.decision_nodes
        }
        regret = float(one_shot_deviation_regret(game, node_profile))
        behaviour = [
            [node_profile[game.infoset_members(i, key)[0].id] for key in game.infosets(i)]
            for i in range(game.n_players)
        ]
        if regret > tol:
            warnings.append(f"dropped a profile with one-shot-deviation regret {regret:.3g}")
            continue
        values = evaluate(game, node_profile)[game.root.id]
        equilibria.append(Equilibrium(behaviour, np.asarray(values, float), regret))
    ties = len(equilibria) > 1 or not complete
    if len(equilibria) > 1:
        warnings.append(
            f"{len(equilibria)} pure subgame-perfect equilibria (ties): mixtures over tied "
            "actions are subgame-perfect too and are not listed"
        )
    return EquilibriumResult(
        game.players,
        "spe",
        "backward_induction",
        equilibria,
        complete=complete,
        degenerate=ties,
        warnings=warnings,
        tolerance=tol,
    )


def _subgame_decomposition(
    game: ExtensiveGame, tol: float, nash: NashSolver, deadline: Deadline
) -> EquilibriumResult:
    """Subgame-perfect equilibria of a tree with imperfect information, by subgame decomposition.

    Proper subgames start at nodes whose subtree contains every information set it touches
    (Selten 1965). Working upwards, each subgame is solved for its Nash equilibria (reduced normal
    form; for two players, every extreme equilibrium) with the subgames below replaced by the
    payoffs of each of their equilibria. Every combination is certified: its Nash regret in every
    subgame is computed on that subgame's reduced normal form (Kuhn 1953) and must be within
    ``tol``. When some subgame has a continuum of equilibria (or an incomplete solver), only the
    combinations of its extreme (or found) equilibria are listed and ``complete`` is False. If
    the enumeration gives up, :func:`_one_per_subgame` returns one certified SPE.
    """
    if not is_perfect_recall(game):
        raise ValueError("subgame decomposition needs perfect recall")
    roots = _subgame_roots(game)
    warnings: list[str] = []
    complete = True
    fallback_deadline, deadline = deadline, deadline.portion(0.5)

    def solve_at(
        node: Node, below: list[Node], solved: list[list[tuple[FloatArray, Assignment]]]
    ) -> list[tuple[FloatArray, Assignment]]:
        nonlocal complete
        if deadline.expired():
            raise _GiveUp(deadline.message())
        out: list[tuple[FloatArray, Assignment]] = []
        if int(np.prod([len(options) for options in solved])) > MAX_SUBGAME_COMBINATIONS:
            raise _GiveUp(f"more than {MAX_SUBGAME_COMBINATIONS} subgame-perfect combinations")
        for combo in itertools.product(*solved):
            if deadline.expired():
                raise _GiveUp(deadline.message())
            values = {w.id: v for w, (v, _) in zip(below, combo, strict=True)}
            inherited: Assignment = {}
            for _, assignment in combo:
                inherited.update(assignment)
            truncated = ExtensiveGame(game.players, _copy_truncated(game, node, values))
            if not truncated.decision_nodes:
                value = evaluate(truncated, {})[truncated.root.id]
                out.append((np.asarray(value, float), inherited))
                continue
            try:
                result = nash(truncated, tol, deadline)
            except ValueError as error:  # e.g. a reduced normal form too large to build
                raise _GiveUp(f"the subgame at node {node.id} cannot be solved: {error}") from error
            if not result.equilibria:
                raise _GiveUp(f"no Nash equilibrium found in the subgame at node {node.id}")
            if not result.complete or result.degenerate:
                complete = False
            warnings.extend(w for w in result.warnings if "time limit" in w)
            for eq in result.equilibria:
                assignment = dict(inherited)
                for i in range(game.n_players):
                    for key, probs in zip(truncated.infosets(i), eq.strategies[i], strict=True):
                        assignment[(i, key)] = probs
                out.append((np.asarray(eq.payoffs, float), assignment))
            if len(out) > MAX_SUBGAME_COMBINATIONS:
                raise _GiveUp(f"more than {MAX_SUBGAME_COMBINATIONS} subgame-perfect combinations")
        return out

    try:
        combinations = _bottom_up(game, roots, solve_at)
    except _GiveUp as stop:
        return _one_per_subgame(game, tol, nash, roots, fallback_deadline, str(stop))
    equilibria = []
    for value, assignment in combinations:
        behaviour = [
            [assignment[(i, key)] for key in game.infosets(i)] for i in range(game.n_players)
        ]
        try:
            regret = max(_subgame_regret(game, game.nodes[r], assignment) for r in roots)
        except ValueError as error:  # a subgame's reduced normal form too large to certify
            return _one_per_subgame(game, tol, nash, roots, fallback_deadline, str(error))
        if regret > tol:
            warnings.append(f"dropped a profile with subgame regret {regret:.3g} > {tol:g}")
            continue
        equilibria.append(Equilibrium(behaviour, value, regret))
    if not equilibria:
        return _one_per_subgame(
            game,
            tol,
            nash,
            roots,
            fallback_deadline,
            "no combination of the subgames' equilibria was certified",
        )
    if not complete:
        warnings.append(
            "some subgame has a continuum of equilibria or was solved incompletely: only "
            "combinations of its listed equilibria are given"
        )
    return EquilibriumResult(
        game.players,
        "spe",
        "subgame_decomposition",
        equilibria,
        complete=complete,
        degenerate=not complete or len(equilibria) > 1,
        warnings=warnings,
        tolerance=tol,
        details={"subgame_roots": sorted(roots)},
    )


def _one_per_subgame(
    game: ExtensiveGame,
    tol: float,
    nash: NashSolver,
    roots: set[int],
    deadline: Deadline,
    reason: str,
) -> EquilibriumResult:
    """One certified SPE by backward induction over subgames (the fallback; module docstring).

    Each subgame (lowest first) gets one Nash equilibrium of its truncation (the subgames below
    replaced by the payoffs of their chosen equilibria): :func:`_any_equilibrium`, else the first
    profile of ``nash`` while the budget lasts.

    The certificate is piecewise: the regret of each chosen profile in its truncation, computed
    on the truncation's reduced normal form (which stays small when the whole subgame's would
    not). A player deviating in a subgame gains at most the truncation's regret plus, in each
    subgame below, that subgame's own bound, so the reported regret (the largest truncation
    regret) times the depth of nested subgames bounds the regret in every subgame.

    Raises
    ------
    ArithmeticError
        If no method finds a certified equilibrium of some subgame (names it and why).
    """

    def solve_at(
        node: Node, below: list[Node], chosen: list[tuple[FloatArray, Assignment, float]]
    ) -> tuple[FloatArray, Assignment, float]:
        values = {w.id: v for w, (v, _, _) in zip(below, chosen, strict=True)}
        assignment: Assignment = {}
        for _, part, _ in chosen:
            assignment.update(part)
        regret = max([r for _, _, r in chosen], default=0.0)
        truncated = ExtensiveGame(game.players, _copy_truncated(game, node, values))
        if not truncated.decision_nodes:
            value = evaluate(truncated, {})[truncated.root.id]
            return np.asarray(value, float), assignment, regret
        behaviour, why, piece = _any_equilibrium(truncated, tol, deadline)
        if behaviour is None and not deadline.expired():
            try:
                found = nash(truncated, tol, deadline).equilibria
            except ValueError:
                found = []
            if found:
                behaviour, piece = found[0].strategies, float(found[0].regret)
        if behaviour is None:
            why = deadline.message() if deadline.hit else why
            raise ArithmeticError(
                f"no Nash equilibrium found in the subgame at node {node.id} "
                f"({node.label or 'unlabelled'}): {why}; subgame perfection cannot be completed"
            )
        for i in range(game.n_players):
            for key, probs in zip(truncated.infosets(i), behaviour[i], strict=True):
                assignment[(i, key)] = np.asarray(probs, float)
        node_profile = {
            n.id: assignment[(n.player, truncated.infoset_key(n))] for n in truncated.decision_nodes
        }
        value = evaluate(truncated, node_profile)[truncated.root.id]
        return np.asarray(value, float), assignment, max(regret, piece)

    value, assignment, regret = _bottom_up(game, roots, solve_at)
    behaviour = [[assignment[(i, key)] for key in game.infosets(i)] for i in range(game.n_players)]
    if regret > tol:
        raise ArithmeticError(
            f"the subgame-by-subgame equilibrium has regret {regret:.3g} > {tol:g} in a subgame"
        )
    return EquilibriumResult(
        game.players,
        "spe",
        "subgame_decomposition (one equilibrium per subgame)",
        [Equilibrium(behaviour, value, regret)],
        complete=False,
        degenerate=False,
        warnings=[
            f"the exhaustive subgame decomposition gave up ({reason}); one subgame-perfect "
            "equilibrium is given, built subgame by subgame from one Nash equilibrium of each "
            "(pure if there is one), and others may exist",
            "certificate: 'regret' is the largest Nash regret of the profile in the truncation "
            "of each subgame (subgames below replaced by their equilibrium payoffs)",
        ],
        tolerance=tol,
        details={"subgame_roots": sorted(roots)},
    )


def _any_equilibrium(
    game: ExtensiveGame, tol: float, deadline: Deadline
) -> tuple[list[list[FloatArray]] | None, str, float]:
    """One Nash equilibrium of a (small) tree in behaviour strategies and its regret, or
    ``None`` and why.

    On the reduced normal form: the first pure equilibrium; otherwise Lemke–Howson from every
    label (two players) or the Lyapunov minimiser from 50 starts (more players); each candidate
    is certified by its regret. If the reduced normal form is too large to build: Lemke's
    algorithm on the sequence form (two players), else ``None``.
    """
    try:
        reduced = reduced_normal_form(game)
    except ValueError as error:
        if game.n_players != 2:
            return None, f"its {error}", 0.0
        try:  # the sequence form stays linear in the tree
            behaviour = sequence_form.sequence_form_equilibrium(game, deadline)
        except (TimeoutError, ArithmeticError) as failure:
            return None, f"its {error}, and the sequence form failed: {failure}", 0.0
        regret = sequence_form.sequence_form_regret(game, behaviour)
        if regret > tol:
            return None, f"its sequence-form equilibrium has regret {regret:.3g}", 0.0
        return behaviour, "", regret
    payoffs = np.asarray(reduced.game.payoffs, float)
    candidates: list[list[FloatArray]] = []
    cells = pure_nash.pure_nash_equilibria(payoffs, tol=tol)
    if cells:
        candidates.append(one_hot(reduced.game.shape, cells[0]))
    elif reduced.game.n_players == 2:
        found = lemke_howson.lemke_howson_all_labels(
            payoffs[0], payoffs[1], tol=tol, deadline=deadline
        )
        candidates.extend([np.asarray(x, float), np.asarray(y, float)] for x, y in found)
    else:
        candidates.extend(
            mixed_nash.lyapunov_nash(
                payoffs, tol=tol, starts=50, rng=np.random.default_rng(0), deadline=deadline
            )
        )
    for profile in candidates:
        regret = profile_regret(payoffs, profile)
        if regret <= tol:
            return reduced.to_behaviour(profile), "", regret
    return None, "neither a pure equilibrium nor the fallback methods found one", 0.0


def _subtree_end(game: ExtensiveGame) -> dict[int, int]:
    """Preorder numbering makes each subtree an id interval ``[node.id, end]``."""
    end: dict[int, int] = {}
    for node in reversed(game.nodes):
        end[node.id] = max([end[c.id] for c in node.children], default=node.id)
    return end


def _subgame_roots(game: ExtensiveGame) -> set[int]:
    """Ids of non-terminal nodes that start a subgame (the root always does)."""
    end = _subtree_end(game)
    members = [
        [n.id for n in game.infoset_members(i, key)]
        for i in range(game.n_players)
        for key in game.infosets(i)
    ]
    roots = set()
    for node in game.nodes:
        if node.kind == "terminal":
            continue
        lo, hi = node.id, end[node.id]
        if all(
            all(lo <= m <= hi for m in ids) or not any(lo <= m <= hi for m in ids)
            for ids in members
        ):
            roots.add(node.id)
    return roots


def _bottom_up(
    game: ExtensiveGame, roots: set[int], solve_at: Callable[[Node, list[Node], list[T]], T]
) -> T:
    """``solve_at(node, below, solved)`` at every subgame root, lowest first, and its result at
    the game's root.

    ``below`` are the maximal subgames under ``node`` (:func:`_maximal_subgames_below`) and
    ``solved`` their results. Subgames are visited in the order a recursion would visit them
    (each one after those below it, left to right), with an explicit stack, so subgames nested
    deeper than Python's stack are solved too.
    """
    results: dict[int, T] = {}
    stack: list[tuple[Node, list[Node] | None]] = [(game.root, None)]
    while stack:
        node, below = stack.pop()
        if below is None:  # first visit: solve the subgames below it first
            below = _maximal_subgames_below(game, node, roots)
            stack.append((node, below))
            stack.extend((w, None) for w in reversed(below))
        else:
            results[node.id] = solve_at(node, below, [results.pop(w.id) for w in below])
    return results[game.root.id]


def _maximal_subgames_below(game: ExtensiveGame, node: Node, roots: set[int]) -> list[Node]:
    found: list[Node] = []
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        if current.id in roots:
            found.append(current)
        else:
            stack.extend(reversed(current.children))
    return found


def _copy_truncated(game: ExtensiveGame, node: Node, values: dict[int, FloatArray]) -> Node:
    """A copy of ``node``'s subtree with the nodes in ``values`` replaced by terminals."""
    kept: list[Node] = []  # the subtree in preorder, not entering the replaced nodes
    stack = [node]
    while stack:
        current = stack.pop()
        kept.append(current)
        if current.id not in values:
            stack.extend(reversed(current.children))
    copies: dict[int, Node] = {}
    for current in reversed(kept):  # children before parents: no recursion on deep trees
        children = [copies[c.id] for c in current.children] if current.id not in values else []
        copies[current.id] = _copy_node(game, current, values, children)
    return copies[node.id]


def _copy_node(
    game: ExtensiveGame, node: Node, values: dict[int, FloatArray], children: list[Node]
) -> Node:
    """A copy of ``node`` over copied ``children``, or a terminal if ``node`` is in ``values``."""
    if node.id in values:
        return terminal(list(values[node.id]))
    if node.kind == "terminal":
        assert node.payoffs is not None
        return terminal(list(node.payoffs), outcome=node.outcome, label=node.label)
    if node.kind == "chance":
        return chance(list(zip(node.actions, node.probs, children, strict=True)), label=node.label)
    return decision(
        node.player,
        dict(zip(node.actions, children, strict=True)),
        label=node.label,
        infoset=game.infoset_key(node),
    )


def _subgame_regret(game: ExtensiveGame, node: Node, assignment: Assignment) -> float:
    """Nash regret of the behaviour ``assignment`` in the subgame starting at ``node``.

    The subgame's reduced normal form is built and the behaviour strategies are turned into
    realisation-equivalent mixed strategies: a plan's probability is the product of the
    behaviour probabilities of its choices (Kuhn 1953).
    """
    sub = ExtensiveGame(game.players, _copy_truncated(game, node, {}))
    reduced = reduced_normal_form(sub)
    mixed = []
    for i, plans in enumerate(reduced.plans):
        probs = np.array(
            [float(np.prod([assignment[(i, key)][a] for key, a in plan.items()])) for plan in plans]
        )
        mixed.append(probs / probs.sum())
    return profile_regret(np.asarray(reduced.game.payoffs, float), mixed)
