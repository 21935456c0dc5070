"""One front for every equilibrium concept: :func:`solve`.

``solve(game, concept, method)`` dispatches to the algorithms of this package, verifies every
profile they return, and wraps the result in an :class:`~sim.equilibria.result.EquilibriumResult`.

===========  =========================  ============================================================
concept      game                       methods (default first)
===========  =========================  ============================================================
``nash``     2-player normal form       ``enumeration`` (support + vertex enumeration merged, up to
                                        :data:`ENUMERATION_LIMIT` actions each), ``lemke_howson``
                                        (default above), ``vertex``, ``support``
``nash``     n-player normal form       ``support_enumeration`` (up to
                                        :data:`~sim.equilibria.mixed_nash.MAX_SUPPORT_PROFILES`
                                        support profiles), ``lyapunov`` (default above)
``pure``     normal form                ``enumpure``
``ce``       normal form                ``lp`` (the correlated equilibrium maximising ``objective``)
``qre``      normal form                ``logit`` at precision ``lam``
``spe``      perfect-information tree   ``backward_induction`` (every pure SPE)
``spe``      other trees (perfect       ``subgame_decomposition`` (Nash equilibria of each proper
             recall)                    subgame, combined upwards; every combination certified)
``qre``      tree                       ``agent_logit`` at precision ``lam``
``nash``,    tree                       the reduced normal form's solution mapped back to behaviour
``pure``,                               strategies (Kuhn 1953; an unreached information set gets the
``ce``                                  uniform distribution)
===========  =========================  ============================================================

Verification policy: a profile whose regret exceeds ``tol`` is **dropped with a warning** (never
returned). Two-player enumeration cross-checks the two algorithms: an equilibrium found by support
enumeration that is neither an extreme equilibrium nor inside a maximal Nash subset, or an extreme
equilibrium of a non-degenerate game that support enumeration missed, is reported in
``warnings``. The single-profile concepts raise instead of returning an uncertified profile:
``ce`` raises :class:`~sim.equilibria.verify.EquilibriumVerificationError` if the LP optimum
violates obedience by more than ``tol``; ``qre`` raises :class:`ArithmeticError` if the branch
cannot be followed or the fixed-point residual exceeds ``1e-10``. A one-player game is a
decision problem: its equilibria are the best actions (and their mixtures, reported as a
degenerate continuum).

Examples
--------
>>> from sim.games.normal_form import NormalFormGame
>>> battle = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> result = solve(battle)
>>> [[p.round(6).tolist() for p in eq.strategies] for eq in result.equilibria]
[[[0.0, 1.0], [0.0, 1.0]], [[0.666667, 0.333333], [0.333333, 0.666667]], [[1.0, 0.0], [1.0, 0.0]]]
>>> result.complete, result.degenerate
(True, False)
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from sim.equilibria import correlated, lemke_howson, mixed_nash, pure_nash, qre
from sim.equilibria.backward_induction import (
    enumerate_subgame_perfect,
    evaluate,
    one_shot_deviation_regret,
)
from sim.equilibria.regret import best_responses, expected_payoffs, profile_regret
from sim.equilibria.result import Equilibrium, EquilibriumResult
from sim.equilibria.support_enumeration import support_enumeration
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.equilibria.vertex_enumeration import vertex_enumeration
from sim.games.normal_form import NormalFormGame
from sim.games.reduced_normal_form import is_perfect_recall, reduced_normal_form
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal

FloatArray = NDArray[np.float64]

CONCEPTS = ("nash", "pure", "spe", "qre", "ce")
ENUMERATION_LIMIT = 10
"""Largest number of actions per player for which two-player ``nash`` enumerates by default."""
SUPPORT_ALL_SIZES_LIMIT = 36
"""Largest ``m * n`` for which support enumeration also tries supports of unequal size."""
QRE_NOTE = (
    "QRE profiles are not Nash equilibria: 'regret' is the logit fixed-point residual "
    "max |sigma - logit_lambda(u(sigma))|"
)


def solve(
    game: NormalFormGame | ExtensiveGame,
    concept: str = "nash",
    method: str | None = None,
    *,
    lam: float | None = None,
    tol: float = DEFAULT_TOLERANCE,
    objective: str | ArrayLike = "welfare",
    rng: np.random.Generator | None = None,
) -> EquilibriumResult:
    """Solve ``game`` for every equilibrium of ``concept`` (see the module table).

    Parameters
    ----------
    game
        A :class:`~sim.games.normal_form.NormalFormGame` or a single (unbatched)
        :class:`~sim.games.tree.ExtensiveGame`.
    concept
        ``"nash"``, ``"pure"``, ``"spe"``, ``"qre"`` or ``"ce"``.
    method
        An algorithm from the module table, or ``None`` for the default.
    lam
        Logit precision :math:`\\lambda \\ge 0` (``qre`` only, required).
    tol
        Payoff tolerance for ties and for the regret certificate of every returned profile.
    objective
        ``ce`` only: ``"welfare"``, ``"player:<i>"`` or a weight vector (see
        :func:`~sim.equilibria.correlated.correlated_equilibrium`).
    rng
        Random starts of the n-player mixed-Nash methods (default: a generator seeded with 0).

    Returns
    -------
    EquilibriumResult
        Verified profiles; ``complete`` says whether the list is provably exhaustive.

    Raises
    ------
    ValueError
        Unknown concept or method, a concept that does not apply to the game (``spe`` on a
        normal form or on a tree with imperfect information), or ``qre`` without ``lam``.
    """
    if concept not in CONCEPTS:
        raise ValueError(f"unknown concept {concept!r}; choose one of {', '.join(CONCEPTS)}")
    if isinstance(game, ExtensiveGame):
        return _solve_tree(game, concept, method, lam=lam, tol=tol, objective=objective, rng=rng)
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"solve takes a NormalFormGame or an ExtensiveGame, not {type(game)}")
    if concept == "spe":
        raise ValueError(
            "subgame perfection needs a game tree; a normal-form game has no proper subgames "
            "(use concept='nash')"
        )
    return _solve_normal_form(game, concept, method, lam=lam, tol=tol, objective=objective, rng=rng)


# -- normal forms ----------------------------------------------------------------------------


def _solve_normal_form(
    game: NormalFormGame,
    concept: str,
    method: str | None,
    *,
    lam: float | None,
    tol: float,
    objective: str | ArrayLike,
    rng: np.random.Generator | None,
) -> EquilibriumResult:
    payoffs = np.asarray(game.payoffs, dtype=float)
    if concept == "pure":
        _check_method(method, ("enumpure",))
        cells = pure_nash.pure_nash_equilibria(payoffs, tol=tol)
        profiles = [_one_hot(game.shape, cell) for cell in cells]
        result = _result(game.players, "pure", "enumpure", payoffs, profiles, tol)
        return result
    if concept == "ce":
        _check_method(method, ("lp",))
        ce = correlated.correlated_equilibrium(payoffs, objective=objective, tol=tol)
        eq = Equilibrium(ce.marginals, ce.payoffs, ce.regret, distribution=ce.distribution)
        return EquilibriumResult(
            game.players,
            "ce",
            "lp",
            [eq],
            complete=False,
            warnings=[
                "correlated equilibria form a polytope; this is the one maximising "
                f"{objective if isinstance(objective, str) else 'the weighted payoff sum'}"
                " ('strategies' are its marginals, 'distribution' the joint law)"
            ],
            tolerance=tol,
            details={"objective": objective},
        )
    if concept == "qre":
        _check_method(method, ("logit",))
        point = qre.logit_qre(payoffs, _require_lam(lam))
        eq = Equilibrium(point.profile, expected_payoffs(payoffs, point.profile), point.residual)
        return EquilibriumResult(
            game.players,
            "qre",
            "logit",
            [eq],
            complete=False,
            warnings=[QRE_NOTE, "the principal branch (traced from lambda = 0) only"],
            tolerance=tol,
            details={"lambda": point.lam, "nash_regret": profile_regret(payoffs, point.profile)},
        )
    if game.n_players == 2:
        return _two_player_nash(game, method, tol)
    return _n_player_nash(game, method, tol, rng)


def _two_player_nash(game: NormalFormGame, method: str | None, tol: float) -> EquilibriumResult:
    A, B = game.payoffs[0], game.payoffs[1]
    payoffs = np.asarray(game.payoffs, dtype=float)
    m, n = A.shape
    if method is None:
        method = "enumeration" if max(m, n) <= ENUMERATION_LIMIT else "lemke_howson"
    _check_method(method, ("enumeration", "vertex", "support", "lemke_howson"))
    warnings: list[str] = []
    details: dict[str, Any] = {}
    if method == "lemke_howson":
        profiles = [list(p) for p in lemke_howson.lemke_howson_all_labels(A, B, tol=tol)]
        result = _result(game.players, "nash", method, payoffs, profiles, tol, complete=False)
        result.warnings.insert(
            0,
            "Lemke-Howson from every dropped label need not find every equilibrium: "
            "the set may be incomplete",
        )
        result.degenerate = any(_degenerate_profile(payoffs, p, tol) for p in profiles)
        return result
    sizes: Literal["equal", "all"] = "all" if m * n <= SUPPORT_ALL_SIZES_LIMIT else "equal"
    if method == "support":
        profiles = [list(p) for p in support_enumeration(A, B, tol=tol, sizes=sizes)]
        degenerate = any(_degenerate_profile(payoffs, p, tol) for p in profiles)
        result = _result(
            game.players,
            "nash",
            f"support ({sizes} sizes)",
            payoffs,
            profiles,
            tol,
            complete=not degenerate,
        )
        result.degenerate = degenerate
        if degenerate:
            result.warnings.append(
                "degenerate game: support enumeration may miss extreme equilibria and returns "
                "only one point of each continuum (use method='enumeration')"
            )
        return result
    vertex = vertex_enumeration(A, B, tol=tol)
    profiles = [[x, y] for x, y in vertex.equilibria]
    subsets = [
        ([vertex.row_extremes[r] for r in rows], [vertex.column_extremes[c] for c in cols])
        for rows, cols in vertex.subsets
    ]
    degenerate = vertex.degenerate or any(len(r) * len(c) > 1 for r, c in vertex.subsets)
    details["maximal_nash_subsets"] = [
        {"row_extremes": [x.tolist() for x in rows], "column_extremes": [y.tolist() for y in cols]}
        for rows, cols in subsets
    ]
    if degenerate:
        continua = sum(1 for r, c in vertex.subsets if len(r) * len(c) > 1)
        warnings.append(
            "degenerate game"
            + (
                f": {continua} maximal Nash subset(s) are continua; every equilibrium is a "
                "convex combination of the extreme equilibria of one subset "
                "(details['maximal_nash_subsets'])"
                if continua
                else ": some mixed strategy has more pure best replies than its support size"
            )
        )
    if method == "enumeration":
        supported = support_enumeration(A, B, tol=tol, sizes=sizes)
        for x, y in supported:
            if any(_same(x, u) and _same(y, v) for u, v in profiles):
                continue
            if any(_in_hull(x, rows) and _in_hull(y, cols) for rows, cols in subsets):
                continue  # a non-extreme point of a continuum
            warnings.append(
                "support enumeration found an equilibrium outside every maximal Nash subset of "
                "vertex enumeration; it is added (solvers disagreed)"
            )
            profiles.append([x, y])
        if not degenerate:
            missed = sum(
                1
                for x, y in vertex.equilibria
                if not any(_same(x, u) and _same(y, v) for u, v in supported)
            )
            if missed:
                warnings.append(
                    f"support enumeration missed {missed} equilibrium(s) of a non-degenerate game "
                    "that vertex enumeration found (solvers disagreed)"
                )
        method = f"enumeration (support, {sizes} sizes + vertex)"
    result = _result(game.players, "nash", method, payoffs, profiles, tol, complete=True)
    result.degenerate = degenerate
    result.warnings[:0] = warnings
    result.details.update(details)
    return result


def _n_player_nash(
    game: NormalFormGame, method: str | None, tol: float, rng: np.random.Generator | None
) -> EquilibriumResult:
    payoffs = np.asarray(game.payoffs, dtype=float)
    if game.n_players == 1:
        return _one_player_nash(game, method, tol)
    if method is None:
        count = mixed_nash.support_profile_count(game.shape)
        method = "support_enumeration" if count <= mixed_nash.MAX_SUPPORT_PROFILES else "lyapunov"
    _check_method(method, ("support_enumeration", "lyapunov"))
    if method == "support_enumeration":
        profiles = mixed_nash.support_enumeration_n(payoffs, tol=tol, rng=rng)
        note = (
            "n-player support enumeration solves polynomial systems by local root finding from "
            "several starts: the set may be incomplete"
        )
    else:
        profiles = mixed_nash.lyapunov_nash(payoffs, tol=tol, rng=rng)
        note = (
            "the Lyapunov minimiser (McKelvey 1998) finds some equilibria: "
            "the set may be incomplete"
        )
    result = _result(game.players, "nash", method, payoffs, profiles, tol, complete=False)
    result.warnings.insert(0, note)
    result.degenerate = any(_degenerate_profile(payoffs, p, tol) for p in profiles)
    return result


def _one_player_nash(game: NormalFormGame, method: str | None, tol: float) -> EquilibriumResult:
    """A decision problem: the equilibria are the mixtures of the best actions (extremes: pure)."""
    _check_method(method, ("enumpure",))
    payoffs = np.asarray(game.payoffs, dtype=float)
    cells = pure_nash.pure_nash_equilibria(payoffs, tol=tol)
    result = _result(
        game.players, "nash", "enumpure", payoffs, [_one_hot(game.shape, c) for c in cells], tol
    )
    if len(cells) > 1:
        result.degenerate = True
        result.warnings.append(
            f"{len(cells)} tied best actions: every mixture of them is optimal (a continuum "
            "whose extreme points are listed)"
        )
    return result


# -- trees -----------------------------------------------------------------------------------


def _solve_tree(
    game: ExtensiveGame,
    concept: str,
    method: str | None,
    *,
    lam: float | None,
    tol: float,
    objective: str | ArrayLike,
    rng: np.random.Generator | None,
) -> EquilibriumResult:
    if game.batch_shape != ():
        raise ValueError(
            f"solve takes a single tree; this one is batched with shape {game.batch_shape} "
            "(use sim.equilibria.backward_induction.backward_induction for batches)"
        )
    if concept == "spe":
        return _subgame_perfect(game, method, tol)
    if concept == "qre":
        _check_method(method, ("agent_logit",))
        point = qre.agent_qre(game, _require_lam(lam))
        behaviour = qre.split_by_player(game, point.profile)
        eq = Equilibrium(behaviour, _tree_payoffs(game, behaviour), point.residual)
        return EquilibriumResult(
            game.players,
            "qre",
            "agent_logit",
            [eq],
            complete=False,
            warnings=[QRE_NOTE, "agent QRE on the principal branch (traced from lambda = 0) only"],
            tolerance=tol,
            details={"lambda": point.lam},
        )
    reduced = reduced_normal_form(game)
    result = _solve_normal_form(
        reduced.game, concept, method, lam=lam, tol=tol, objective=objective, rng=rng
    )
    mapped = []
    for eq in result.equilibria:
        behaviour = reduced.to_behaviour(eq.strategies)
        mapped.append(Equilibrium(behaviour, eq.payoffs, eq.regret, distribution=eq.distribution))
    result.equilibria = mapped
    result.method = f"reduced normal form + {result.method}"
    result.details["plans"] = [list(actions) for actions in reduced.game.actions]
    result.details["unreached_information_sets"] = (
        "uniform: a set the player's own strategy never reaches gets the uniform distribution"
    )
    return result


def _subgame_perfect(game: ExtensiveGame, method: str | None, tol: float) -> EquilibriumResult:
    if method is None:
        method = "backward_induction" if game.is_perfect_information else "subgame_decomposition"
    _check_method(method, ("backward_induction", "subgame_decomposition"))
    if method == "subgame_decomposition":
        return _subgame_decomposition(game, tol)
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


Assignment = dict[tuple[int, Hashable], FloatArray]
"""(player, information-set key) → action probabilities."""
MAX_SUBGAME_COMBINATIONS = 10_000


def _subgame_decomposition(game: ExtensiveGame, tol: float) -> EquilibriumResult:
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
            result = solve(truncated, "nash", tol=tol)
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


def _tree_payoffs(game: ExtensiveGame, behaviour: list[list[FloatArray]]) -> FloatArray:
    node_profile = {}
    for i in range(game.n_players):
        for key, probs in zip(game.infosets(i), behaviour[i], strict=True):
            for node in game.infoset_members(i, key):
                node_profile[node.id] = probs
    return np.asarray(evaluate(game, node_profile)[game.root.id], float)


# -- shared helpers --------------------------------------------------------------------------


def _result(
    players: Sequence[str],
    concept: str,
    method: str,
    payoffs: FloatArray,
    profiles: Sequence[Sequence[FloatArray]],
    tol: float,
    *,
    complete: bool = True,
) -> EquilibriumResult:
    """Verify every profile; drop (with a warning) any whose regret exceeds ``tol``."""
    equilibria: list[Equilibrium] = []
    warnings: list[str] = []
    for profile in profiles:
        cleaned = [_clean(p) for p in profile]
        regret = profile_regret(payoffs, cleaned)
        snapped = [_snap(p) for p in cleaned]
        snapped_regret = profile_regret(payoffs, snapped)
        if snapped_regret <= max(regret, tol):
            cleaned, regret = snapped, snapped_regret
        if regret > tol:
            warnings.append(f"dropped a profile with regret {regret:.3g} > tolerance {tol:g}")
            continue
        equilibria.append(Equilibrium(cleaned, expected_payoffs(payoffs, cleaned), regret))
    equilibria.sort(key=lambda e: [tuple(np.round(p, 12)) for p in e.strategies])
    return EquilibriumResult(
        tuple(players),
        concept,
        method,
        equilibria,
        complete=complete,
        warnings=warnings,
        tolerance=tol,
    )


def _degenerate_profile(payoffs: FloatArray, profile: Sequence[FloatArray], tol: float) -> bool:
    """More pure best replies to a player's strategy than the size of that strategy's support.

    In a two-player game, player ``j``'s best replies to ``sigma_i`` are compared with
    ``|supp(sigma_i)|`` (von Stengel 2007, Def. 3.2); for ``n`` players, each player's number of
    best replies is compared with the others' total support size minus ``n - 2``.
    """
    best = best_responses(payoffs, profile, tol=tol)
    supports = [int(np.count_nonzero(p > tol)) for p in profile]
    n = len(profile)
    if n == 2:
        return bool(best[1].sum() > supports[0] or best[0].sum() > supports[1])
    return any(int(best[i].sum()) > sum(supports) - supports[i] - (n - 2) for i in range(n))


def _one_hot(shape: Sequence[int], cell: Sequence[int]) -> list[FloatArray]:
    return [np.eye(m)[a] for m, a in zip(shape, cell, strict=True)]


def _clean(p: ArrayLike) -> FloatArray:
    q = np.asarray(p, dtype=float).copy()
    q[np.abs(q) < 1e-13] = 0.0
    q = np.clip(q, 0.0, None)
    return q / q.sum()


def _snap(p: FloatArray, max_denominator: int = 1000, atol: float = 1e-12) -> FloatArray:
    """Round probabilities lying within ``atol`` of a fraction with a small denominator.

    Integer games have rational equilibria with small denominators; floating-point solves leave
    digits such as ``0.49999999999999994``. A generic real lies that close to such a fraction
    with probability about ``1e-6``, and the caller keeps the snapped profile only if its regret
    stays within the tolerance.
    """
    out = p.copy()
    for k, value in enumerate(p):
        fraction = Fraction(float(value)).limit_denominator(max_denominator)
        if abs(float(fraction) - value) <= atol:
            out[k] = float(fraction)
    return out if abs(out.sum() - 1.0) <= 1e-15 else p


def _same(u: FloatArray, v: FloatArray, atol: float = 1e-9) -> bool:
    return bool(np.max(np.abs(u - v)) <= atol)


def _in_hull(point: FloatArray, vertices: Sequence[FloatArray], atol: float = 1e-9) -> bool:
    """Is ``point`` a convex combination of ``vertices`` (LP feasibility)?"""
    V = np.array(vertices).T  # (dim, k)
    k = V.shape[1]
    res = optimize.linprog(
        np.zeros(k),
        A_eq=np.vstack([V, np.ones((1, k))]),
        b_eq=np.concatenate([point, [1.0]]),
        bounds=(0, None),
        method="highs",
    )
    if res.status != 0:
        return False
    return bool(np.max(np.abs(V @ res.x - point)) <= max(atol, 1e-7))


def _check_method(method: str | None, allowed: Sequence[str]) -> None:
    if method is not None and method not in allowed:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(allowed)}")


def _require_lam(lam: float | None) -> float:
    if lam is None or lam < 0:
        raise ValueError("concept 'qre' needs the logit precision lam >= 0 (e.g. lam=2.0)")
    return float(lam)
