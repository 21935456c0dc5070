"""Nash equilibria of normal forms with three or more players: pure, support search, Lyapunov.

:func:`n_player_nash` never returns an empty set for a game that has pure equilibria, and says
in the result exactly what it did not search:

1. **Every pure equilibrium** (:func:`~sim.equilibria.pure_nash.pure_nash_equilibria`, the
   vectorised best-reply check of Gambit's ``enumpure``) is always included.
2. **Polynomial support enumeration** (Porter, Nudelman & Shoham 2008), smallest total support
   first: every support profile when there are at most
   :data:`~sim.equilibria.mixed_nash.MAX_SUPPORT_PROFILES`, otherwise (by default) that many of the
   smallest, with a warning naming the support sizes left unsearched.
3. Above that limit, **logit tracing** (:mod:`~sim.equilibria.tracing`: the QRE branch followed
   towards its Nash limit, McKelvey & Palfrey 1995) on half the time left, which finds an
   equilibrium of every generic game even without pure equilibria or small supports; then the
   **Lyapunov minimiser** (McKelvey 1998) from random starts looks for more with larger supports.

Each step stops between units of work when the solve's :class:`~sim.equilibria.budget.Deadline`
expires. For three or more players no method here proves completeness (the support systems are
polynomial and are solved by local root finding), so ``complete`` is always False.

References
----------
McKelvey, R. D. (1998). A Liapunov function for Nash equilibria. Technical report, California
Institute of Technology.
Porter, R., Nudelman, E., & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642–662.

Examples
--------
>>> import numpy as np
>>> from sim.games.normal_form import NormalFormGame
>>> same = np.zeros((2, 2, 2))
>>> same[0, 0, 0] = same[1, 1, 1] = 1.0  # three players are paid 1 if all choose alike
>>> coordination = NormalFormGame(np.stack([same, same, same]))
>>> result = n_player_nash(coordination, None, 1e-9, None, None)
>>> sorted(
...     tuple(int(p.argmax()) for p in eq.strategies)
...     for eq in result.equilibria
...     if all(p.max() == 1.0 for p in eq.strategies)
... )
[(0, 0, 0), (1, 1, 1)]
>>> result.complete
False
"""

from __future__ import annotations

import numpy as np

from sim.equilibria import mixed_nash, pure_nash, tracing
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.certificates import check_method, degenerate_profile, one_hot, verified_result
from sim.equilibria.result import EquilibriumResult
from sim.games.normal_form import NormalFormGame

METHODS = ("support_enumeration", "logit_tracing", "lyapunov")
MAX_LISTED_PURE = 1_000
"""At most this many pure equilibria are listed (a warning gives the count)."""


def n_player_nash(
    game: NormalFormGame,
    method: str | None,
    tol: float,
    rng: np.random.Generator | None,
    deadline: Deadline | None,
) -> EquilibriumResult:
    """Nash equilibria of a normal form with three or more players (see the module docstring).

    Parameters
    ----------
    game
        The game.
    method
        ``"support_enumeration"`` (every support profile, within the deadline),
        ``"logit_tracing"`` (one equilibrium at the end of the logit branch),
        ``"lyapunov"`` (random starts only), or ``None``: full support enumeration up to
        :data:`~sim.equilibria.mixed_nash.MAX_SUPPORT_PROFILES` profiles, else the smallest
        that many plus logit tracing and the Lyapunov method. The pure equilibria are included
        in every case.
    tol
        Payoff tolerance of the regret certificate.
    rng
        Random starts (default: a generator seeded with 0).
    deadline
        The solve's time budget.

    Returns
    -------
    EquilibriumResult
        Verified, distinct profiles; ``complete`` is False; ``warnings`` name what was not
        searched; when the support search was cut short, ``details`` count the support profiles
        (``"support_profiles"``) and those searched (``"support_profiles_searched"``).
    """
    check_method(method, METHODS)
    deadline = as_deadline(deadline)
    payoffs = np.asarray(game.payoffs, dtype=float)
    total = mixed_nash.support_profile_count(game.shape)
    partial = method is None and total > mixed_nash.MAX_SUPPORT_PROFILES
    notes: list[str] = []
    found: list[mixed_nash.Profile] = mixed_nash.DistinctProfiles()
    searched = 0
    labels: list[str] = []
    if method in (None, "support_enumeration"):
        search = mixed_nash.support_search(
            payoffs,
            tol=tol,
            rng=rng,
            deadline=deadline,
            max_profiles=mixed_nash.MAX_SUPPORT_PROFILES if partial else None,
        )
        for profile in search.found:
            mixed_nash.add_distinct(found, profile)
        searched = search.searched
        labels.append(
            "support_enumeration"
            if search.stopped is None
            else "support_enumeration (smallest supports)"
        )
        notes.append(
            "n-player support enumeration solves polynomial systems by local root finding from "
            "several starts: the set may be incomplete"
        )
        if search.stopped is not None:
            notes.append(search.describe())
    if method == "logit_tracing" or partial:
        traced = tracing.logit_tracing_nash(payoffs, tol, deadline.portion(0.5))
        if traced is not None:
            mixed_nash.add_distinct(found, traced)
        labels.append("logit_tracing")
        notes.append(
            "logit tracing follows the QRE branch to one equilibrium"
            + ("" if traced is not None else " and did not reach one within its share of the time")
        )
    if method == "lyapunov" or partial:
        for profile in mixed_nash.lyapunov_nash(payoffs, tol=tol, rng=rng, deadline=deadline):
            mixed_nash.add_distinct(found, profile)
        labels.append("lyapunov")
        notes.append(
            "the Lyapunov minimiser (McKelvey 1998) from random starts finds some equilibria "
            "with larger supports: the set may be incomplete"
        )
    pure_cells = pure_nash.pure_nash_equilibria(payoffs, tol=tol)
    found = list(found)
    seen = np.array([np.concatenate(p) for p in found]).reshape(len(found), sum(game.shape))
    for cell in pure_cells[:MAX_LISTED_PURE]:
        # distinct from each other by construction: compare with the searched profiles only
        pure = one_hot(game.shape, cell)
        flat = np.concatenate(pure)
        if not np.any(np.max(np.abs(seen - flat), axis=1, initial=0.0) <= 1e-9):
            found.append(pure)
    if len(pure_cells) > MAX_LISTED_PURE:
        notes.append(
            f"{len(pure_cells):,} pure equilibria: the first {MAX_LISTED_PURE:,} "
            "(lexicographically) are listed"
        )
    if method in ("lyapunov", "logit_tracing") or partial:
        labels.insert(0, "enumpure")
    result = verified_result(
        game.players, "nash", " + ".join(labels), payoffs, found, tol, complete=False
    )
    result.warnings[:0] = notes
    if deadline.hit:
        result.warnings.append(deadline.message())
    result.degenerate = any(degenerate_profile(payoffs, p, tol) for p in found)
    if searched < total:
        result.details["pure_equilibria"] = len(pure_cells)
        result.details["support_profiles"] = total
        result.details["support_profiles_searched"] = searched
    return result
