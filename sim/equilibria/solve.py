"""One front for every equilibrium concept: :func:`solve`.

``solve(game, concept, method)`` dispatches to the algorithms of this package (two-player Nash
in :mod:`~sim.equilibria.two_player`, subgame perfection in :mod:`~sim.equilibria.subgames`),
verifies every profile they return (:mod:`~sim.equilibria.certificates`), and wraps the result in an
:class:`~sim.equilibria.result.EquilibriumResult`.

===========  =========================  ============================================================
concept      game                       methods (default first)
===========  =========================  ============================================================
``nash``     2-player normal form       ``enumeration`` (support + vertex enumeration merged, up to
                                        ``two_player.ENUMERATION_LIMIT`` actions each),
                                        ``lemke_howson`` (default above), ``vertex``, ``support``
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

import numpy as np
from numpy.typing import ArrayLike

from sim.arrays import FloatArray
from sim.equilibria import correlated, mixed_nash, pure_nash, qre
from sim.equilibria.backward_induction import evaluate
from sim.equilibria.certificates import (
    check_method,
    degenerate_profile,
    one_hot,
    verified_result,
)
from sim.equilibria.regret import expected_payoffs, profile_regret
from sim.equilibria.result import Equilibrium, EquilibriumResult
from sim.equilibria.subgames import subgame_perfect
from sim.equilibria.two_player import two_player_nash
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.normal_form import NormalFormGame
from sim.games.reduced_normal_form import reduced_normal_form
from sim.games.tree import ExtensiveGame

CONCEPTS = ("nash", "pure", "spe", "qre", "ce")
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
        return _pure_nash(game, "pure", method, tol)
    if concept == "ce":
        check_method(method, ("lp",))
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
        check_method(method, ("logit",))
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
        return two_player_nash(game, method, tol)
    return _n_player_nash(game, method, tol, rng)


def _n_player_nash(
    game: NormalFormGame, method: str | None, tol: float, rng: np.random.Generator | None
) -> EquilibriumResult:
    payoffs = np.asarray(game.payoffs, dtype=float)
    if game.n_players == 1:
        return _one_player_nash(game, method, tol)
    if method is None:
        count = mixed_nash.support_profile_count(game.shape)
        method = "support_enumeration" if count <= mixed_nash.MAX_SUPPORT_PROFILES else "lyapunov"
    check_method(method, ("support_enumeration", "lyapunov"))
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
    result = verified_result(game.players, "nash", method, payoffs, profiles, tol, complete=False)
    result.warnings.insert(0, note)
    result.degenerate = any(degenerate_profile(payoffs, p, tol) for p in profiles)
    return result


def _pure_nash(
    game: NormalFormGame, concept: str, method: str | None, tol: float
) -> EquilibriumResult:
    """Every pure-strategy equilibrium, certified."""
    check_method(method, ("enumpure",))
    payoffs = np.asarray(game.payoffs, dtype=float)
    cells = pure_nash.pure_nash_equilibria(payoffs, tol=tol)
    profiles = [one_hot(game.shape, cell) for cell in cells]
    return verified_result(game.players, concept, "enumpure", payoffs, profiles, tol)


def _one_player_nash(game: NormalFormGame, method: str | None, tol: float) -> EquilibriumResult:
    """A decision problem: the equilibria are the mixtures of the best actions (extremes: pure)."""
    result = _pure_nash(game, "nash", method, tol)
    if len(result.equilibria) > 1:
        result.degenerate = True
        result.warnings.append(
            f"{len(result.equilibria)} tied best actions: every mixture of them is optimal "
            "(a continuum whose extreme points are listed)"
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
        return subgame_perfect(game, method, tol, lambda sub, t: solve(sub, "nash", tol=t))
    if concept == "qre":
        check_method(method, ("agent_logit",))
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


def _tree_payoffs(game: ExtensiveGame, behaviour: list[list[FloatArray]]) -> FloatArray:
    node_profile = {}
    for i in range(game.n_players):
        for key, probs in zip(game.infosets(i), behaviour[i], strict=True):
            for node in game.infoset_members(i, key):
                node_profile[node.id] = probs
    return np.asarray(evaluate(game, node_profile)[game.root.id], float)


# -- shared helpers --------------------------------------------------------------------------


def _require_lam(lam: float | None) -> float:
    if lam is None or lam < 0:
        raise ValueError("concept 'qre' needs the logit precision lam >= 0 (e.g. lam=2.0)")
    return float(lam)
