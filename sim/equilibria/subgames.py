"""Subgame-perfect equilibria of trees: every pure SPE by backward induction, or by subgame
decomposition when information sets are not singletons (Selten 1965).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable

import numpy as np

from sim.equilibria.backward_induction import (
    enumerate_subgame_perfect,
    evaluate,
    one_shot_deviation_regret,
)
from sim.equilibria.certificates import FloatArray, check_method
from sim.equilibria.regret import profile_regret
from sim.equilibria.result import Equilibrium, EquilibriumResult
from sim.games.reduced_normal_form import is_perfect_recall, reduced_normal_form
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal

NashSolver = Callable[[ExtensiveGame, float], EquilibriumResult]
"""The Nash solver each proper subgame is handed to (``(game, tol) -> result``)."""


Assignment = dict[tuple[int, Hashable], FloatArray]
"""(player, information-set key) → action probabilities."""
MAX_SUBGAME_COMBINATIONS = 10_000


def subgame_perfect(
    game: ExtensiveGame, method: str | None, tol: float, nash: NashSolver
) -> EquilibriumResult:
    """Every pure SPE of a perfect-information tree, or the SPE by subgame decomposition."""
    if method is None:
        method = "backward_induction" if game.is_perfect_information else "subgame_decomposition"
    check_method(method, ("backward_induction", "subgame_decomposition"))
    if method == "subgame_decomposition":
        return _subgame_decomposition(game, tol, nash)
    if not game.is_perfect_information:
        raise ValueError(
            "backward induction needs a perfect-information tree; this one has non-singleton "
            "information sets (use method='subgame_decomposition')"
        )
    warnings: list[str] = []
    equilibria = []
    for choice in enumerate_subgame_perfect(game, tol=tol):
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
    ties = len(equilibria) > 1
    if ties:
        warnings.append(
            f"{len(equilibria)} pure subgame-perfect equilibria (ties): mixtures over tied "
            "actions are subgame-perfect too and are not listed"
        )
    return EquilibriumResult(
        game.players,
        "spe",
        "backward_induction",
        equilibria,
        complete=True,
        degenerate=ties,
        warnings=warnings,
        tolerance=tol,
    )


def _subgame_decomposition(game: ExtensiveGame, tol: float, nash: NashSolver) -> EquilibriumResult:
    """Subgame-perfect equilibria of a tree with imperfect information, by subgame decomposition.

    Proper subgames start at nodes whose subtree contains every information set it touches
    (Selten 1965). Working upwards, each subgame is solved for its Nash equilibria (reduced normal
    form; for two players, every extreme equilibrium) with the subgames below replaced by the
    payoffs of each of their equilibria. Every combination is certified: its Nash regret in every
    subgame is computed on that subgame's reduced normal form (Kuhn 1953) and must be within
    ``tol``. When some subgame has a continuum of equilibria (or an incomplete solver), only the
    combinations of its extreme (or found) equilibria are listed and ``complete`` is False.
    """
    if not is_perfect_recall(game):
        raise ValueError("subgame decomposition needs perfect recall")
    roots = _subgame_roots(game)
    warnings: list[str] = []
    complete = True

    def solve_at(node: Node) -> list[tuple[FloatArray, Assignment]]:
        nonlocal complete
        below = _maximal_subgames_below(game, node, roots)
        solved = [solve_at(w) for w in below]
        out: list[tuple[FloatArray, Assignment]] = []
        for combo in itertools.product(*solved):
            values = {w.id: v for w, (v, _) in zip(below, combo, strict=True)}
            inherited: Assignment = {}
            for _, assignment in combo:
                inherited.update(assignment)
            truncated = ExtensiveGame(game.players, _copy_truncated(game, node, values))
            if not truncated.decision_nodes:
                value = evaluate(truncated, {})[truncated.root.id]
                out.append((np.asarray(value, float), inherited))
                continue
            result = nash(truncated, tol)
            if not result.complete or result.degenerate:
                complete = False
            for eq in result.equilibria:
                assignment = dict(inherited)
                for i in range(game.n_players):
                    for key, probs in zip(truncated.infosets(i), eq.strategies[i], strict=True):
                        assignment[(i, key)] = probs
                out.append((np.asarray(eq.payoffs, float), assignment))
            if len(out) > MAX_SUBGAME_COMBINATIONS:
                raise ValueError(
                    f"more than {MAX_SUBGAME_COMBINATIONS} subgame-perfect combinations"
                )
        return out

    equilibria = []
    for value, assignment in solve_at(game.root):
        behaviour = [
            [assignment[(i, key)] for key in game.infosets(i)] for i in range(game.n_players)
        ]
        regret = max(_subgame_regret(game, game.nodes[r], assignment) for r in roots)
        if regret > tol:
            warnings.append(f"dropped a profile with subgame regret {regret:.3g} > {tol:g}")
            continue
        equilibria.append(Equilibrium(behaviour, value, regret))
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
    if node.id in values:
        return terminal(list(values[node.id]))
    if node.kind == "terminal":
        assert node.payoffs is not None
        return terminal(list(node.payoffs), outcome=node.outcome, label=node.label)
    children = [_copy_truncated(game, c, values) for c in node.children]
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
