"""One front for every equilibrium concept: :func:`solve`.

``solve(game, concept, method)`` dispatches to the algorithms of this package (two-player Nash
in :mod:`~sim.equilibria.two_player`, subgame perfection in :mod:`~sim.equilibria.subgames`),
verifies every profile they return (:mod:`~sim.equilibria.certificates`), and wraps the result in an
:class:`~sim.equilibria.result.EquilibriumResult`.

===========  =========================  ============================================================
concept      game                       methods (default first)
===========  =========================  ============================================================
``nash``     2-player normal form       ``enumeration`` (vertex enumeration, cross-checked by
                                        support enumeration, up to
                                        ``two_player.VERTEX_WORK_LIMIT``),
                                        ``lemke_howson`` (default above, or when enumeration runs
                                        out of time), ``vertex``, ``support``
``nash``     n-player normal form       every pure equilibrium, plus ``support_enumeration``
                                        (all support profiles up to
                                        :data:`~sim.equilibria.mixed_nash.MAX_SUPPORT_PROFILES`;
                                        above, the smallest that many +
                                        ``logit_tracing`` + ``lyapunov``), see
                                        :mod:`~sim.equilibria.n_player`
``pure``     normal form                ``enumpure``
``ce``       normal form                ``lp`` (the correlated equilibrium maximising ``objective``)
``qre``      normal form                ``logit`` at precision ``lam``
``spe``      perfect-information tree   ``backward_induction`` (every pure SPE)
``spe``      other trees (perfect       ``subgame_decomposition`` (Nash equilibria of each proper
             recall)                    subgame, combined upwards; every combination certified;
                                        if that gives up, one certified equilibrium per subgame)
``qre``      tree                       ``agent_logit`` at precision ``lam``
``nash``,    tree                       the reduced normal form's solution mapped back to behaviour
``pure``,                               strategies (Kuhn 1953; an unreached information set gets the
``ce``                                  uniform distribution)
``nash``     two-player tree            ``sequence_form``: one equilibrium by Lemke's algorithm on
                                        the sequence form (Koller, Megiddo & von Stengel 1996);
                                        the default when the reduced normal form is too large
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

Time budget: every call has ``time_limit`` seconds (default
:data:`~sim.equilibria.budget.DEFAULT_TIME_LIMIT`); an algorithm that runs out stops between
units of work and the result says so (``complete=False`` and a warning naming what was not
searched). A QRE that cannot be traced within the budget raises :class:`ArithmeticError`.

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
from sim.equilibria import correlated, pure_nash, qre, sequence_form
from sim.equilibria.backward_induction import evaluate
from sim.equilibria.budget import DEFAULT_TIME_LIMIT, SEARCH_SHARE, Deadline
from sim.equilibria.certificates import check_method, one_hot, verified_result
from sim.equilibria.n_player import n_player_nash
from sim.equilibria.regret import expected_payoffs, profile_regret
from sim.equilibria.result import Equilibrium, EquilibriumResult
from sim.equilibria.subgames import subgame_perfect
from sim.equilibria.two_player import two_player_nash
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.normal_form import NormalFormGame
from sim.games.reduced_normal_form import (
    is_perfect_recall,
    reduced_normal_form,
    require_perfect_recall,
)
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
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    deadline: Deadline | None = None,
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
    time_limit
        Seconds the solve may take (``None``: no limit). Searches that run out return what they
        found with ``complete=False`` and a warning.
    deadline
        A :class:`~sim.equilibria.budget.Deadline` shared with an enclosing solve (subgames);
        overrides ``time_limit``.

    Returns
    -------
    EquilibriumResult
        Verified profiles; ``complete`` says whether the list is provably exhaustive.

    Raises
    ------
    ValueError
        Unknown concept or method, a concept that does not apply to the game (``spe`` on a
        normal form or on a tree with imperfect information), ``qre`` without ``lam``, or a game
        whose payoffs are too large for the concept in double precision.
    ArithmeticError
        ``qre`` whose principal branch cannot be traced to ``lam`` (within the time limit).
    """
    budget = Deadline(time_limit, search_share=SEARCH_SHARE) if deadline is None else deadline
    if concept not in CONCEPTS:
        raise ValueError(f"unknown concept {concept!r}; choose one of {', '.join(CONCEPTS)}")
    if isinstance(game, ExtensiveGame):
        _check_payoff_range(game)
        return _solve_tree(
            game, concept, method, lam=lam, tol=tol, objective=objective, rng=rng, deadline=budget
        )
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"solve takes a NormalFormGame or an ExtensiveGame, not {type(game)}")
    _check_payoff_range(game)
    if concept == "spe":
        raise ValueError(
            "subgame perfection needs a game tree; a normal-form game has no proper subgames "
            "(use concept='nash')"
        )
    return _solve_normal_form(
        game, concept, method, lam=lam, tol=tol, objective=objective, rng=rng, deadline=budget
    )


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
    deadline: Deadline,
) -> EquilibriumResult:
    payoffs = np.asarray(game.payoffs, dtype=float)
    if concept == "pure":
        return _pure_nash(game, "pure", method, tol)
    if concept == "ce":
        check_method(method, ("lp",))
        ce = correlated.correlated_equilibrium(
            payoffs, objective=objective, tol=tol, deadline=deadline
        )
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
        path = qre.logit_qre_path(payoffs, [_require_lam(lam)], deadline=deadline)
        point = path.points[-1]
        eq = Equilibrium(point.profile, expected_payoffs(payoffs, point.profile), point.residual)
        return EquilibriumResult(
            game.players,
            "qre",
            "logit",
            [eq],
            complete=False,
            warnings=[
                QRE_NOTE,
                "the principal branch (traced from lambda = 0) only",
                *_bifurcation_warnings(path),
            ],
            tolerance=tol,
            details={"lambda": point.lam, "nash_regret": profile_regret(payoffs, point.profile)},
        )
    if game.n_players == 2:
        return two_player_nash(game, method, tol, deadline)
    if game.n_players == 1:
        return _one_player_nash(game, method, tol)
    return n_player_nash(game, method, tol, rng, deadline)


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
    deadline: Deadline,
) -> EquilibriumResult:
    if game.batch_shape != ():
        raise ValueError(
            f"solve takes a single tree; this one is batched with shape {game.batch_shape} "
            "(use sim.equilibria.backward_induction.backward_induction for batches)"
        )
    if concept == "spe":
        return subgame_perfect(
            game,
            method,
            tol,
            lambda sub, t, budget: solve(sub, "nash", tol=t, deadline=budget),
            deadline,
        )
    if concept == "qre":
        check_method(method, ("agent_logit",))
        path = qre.agent_qre_path(game, [_require_lam(lam)], deadline=deadline)
        point = path.points[-1]
        behaviour = qre.split_by_player(game, point.profile)
        eq = Equilibrium(behaviour, _tree_payoffs(game, behaviour), point.residual)
        warnings = [QRE_NOTE, "agent QRE on the principal branch (traced from lambda = 0) only"]
        warnings += _bifurcation_warnings(path)
        if not is_perfect_recall(game):
            warnings.append(
                "the tree does not have perfect recall: the agent QRE treats each information "
                "set as a separate agent, and behaviour strategies need not be equivalent to "
                "mixed ones (Kuhn's theorem does not apply)"
            )
        return EquilibriumResult(
            game.players,
            "qre",
            "agent_logit",
            [eq],
            complete=False,
            warnings=warnings,
            tolerance=tol,
            details={"lambda": point.lam},
        )
    require_perfect_recall(game)  # before solving: the answer could not be mapped back
    if method == "sequence_form" and (concept != "nash" or game.n_players != 2):
        raise ValueError(
            "method 'sequence_form' finds one Nash equilibrium of a two-player tree "
            "(concept 'nash')"
        )
    try:
        reduced = None if method == "sequence_form" else reduced_normal_form(game)
    except ValueError as too_large:
        if concept != "nash" or game.n_players != 2 or method is not None:
            raise
        return _sequence_form_nash(game, tol, deadline, f"{too_large}: ")
    if reduced is None:
        return _sequence_form_nash(game, tol, deadline, "")
    result = _solve_normal_form(
        reduced.game,
        concept,
        method,
        lam=lam,
        tol=tol,
        objective=objective,
        rng=rng,
        deadline=deadline,
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


def _sequence_form_nash(
    game: ExtensiveGame, tol: float, deadline: Deadline, why: str
) -> EquilibriumResult:
    """One equilibrium of a two-player tree by Lemke's algorithm on the sequence form."""
    try:
        behaviour = sequence_form.sequence_form_equilibrium(game, deadline)
    except TimeoutError as stop:
        raise ArithmeticError(f"the sequence-form solve stopped: {stop}") from stop
    regret = sequence_form.sequence_form_regret(game, behaviour)
    if regret > tol:
        raise ArithmeticError(
            f"the sequence-form equilibrium has regret {regret:.3g} > tolerance {tol:g}"
        )
    eq = Equilibrium(behaviour, _tree_payoffs(game, behaviour), regret)
    return EquilibriumResult(
        game.players,
        "nash",
        "sequence_form (Lemke)",
        [eq],
        complete=False,
        warnings=[
            f"{why}Lemke's algorithm on the sequence form (Koller, Megiddo & von Stengel 1996) "
            "finds one equilibrium; others may exist"
        ],
        tolerance=tol,
        details={
            "unreached_information_sets": (
                "uniform: a set the player's own strategy never reaches gets the uniform "
                "distribution"
            )
        },
    )


def _tree_payoffs(game: ExtensiveGame, behaviour: list[list[FloatArray]]) -> FloatArray:
    node_profile = {}
    for i in range(game.n_players):
        for key, probs in zip(game.infosets(i), behaviour[i], strict=True):
            for node in game.infoset_members(i, key):
                node_profile[node.id] = probs
    return np.asarray(evaluate(game, node_profile)[game.root.id], float)


# -- shared helpers --------------------------------------------------------------------------


def _bifurcation_warnings(path: qre.QREPath) -> list[str]:
    if not path.bifurcations:
        return []
    where = ", ".join(f"between {a:.4g} and {b:.4g}" for a, b in path.bifurcations)
    return [
        f"the branch from lambda = 0 passes a bifurcation point at lambda {where}: beyond it "
        "the principal branch is not unique (a degenerate game, often a symmetric one); the "
        "smooth continuation was followed, and other tracers (Gambit's) may follow another arm"
    ]


def _check_payoff_range(game: NormalFormGame | ExtensiveGame) -> None:
    """Refuse payoffs whose differences overflow: every certificate subtracts payoffs."""
    if isinstance(game, ExtensiveGame):
        values = [np.asarray(n.payoffs, float) for n in game.terminal_nodes]
        payoffs = np.concatenate([v.ravel() for v in values]) if values else np.zeros(0)
    else:
        payoffs = np.asarray(game.payoffs, float)
    if payoffs.size == 0:
        return
    low, high = float(np.min(payoffs)), float(np.max(payoffs))
    with np.errstate(over="ignore", invalid="ignore"):
        spread = high - low
    if not np.isfinite(spread):
        raise ValueError(
            f"the payoffs range from {low:.3g} to {high:.3g}, a difference beyond double "
            "precision (about 1.8e308) that every regret certificate has to compute; rescale "
            "them (divide every payoff by the same power of ten)"
        )


def _require_lam(lam: float | None) -> float:
    if lam is None or not 0.0 <= float(lam) < float("inf"):
        raise ValueError(
            f"concept 'qre' needs the logit precision lam, a finite number >= 0 (e.g. lam=2.0), "
            f"not {lam!r}"
        )
    return float(lam)
