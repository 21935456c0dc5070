"""All Nash equilibria of a two-player normal form: support and vertex enumeration, merged.

:func:`two_player_nash` runs vertex enumeration (every extreme equilibrium and the maximal Nash
subsets, Avis et al. 2010; von Stengel 2007) and support enumeration (with tolerances the
project controls), merges and de-duplicates their profiles, reports degeneracy, and says where the
two algorithms disagree. Lemke-Howson from every dropped label serves games too large to
enumerate. Every profile is certified by :func:`~sim.equilibria.certificates.verified_result`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from scipy import optimize

from sim.equilibria import lemke_howson
from sim.equilibria.certificates import (
    FloatArray,
    check_method,
    degenerate_profile,
    verified_result,
)
from sim.equilibria.result import EquilibriumResult
from sim.equilibria.support_enumeration import support_enumeration
from sim.equilibria.vertex_enumeration import vertex_enumeration
from sim.games.normal_form import NormalFormGame

ENUMERATION_LIMIT = 10
"""Largest number of actions per player for which two-player ``nash`` enumerates by default."""
SUPPORT_ALL_SIZES_LIMIT = 36
"""Largest ``m * n`` for which support enumeration also tries supports of unequal size."""


def two_player_nash(game: NormalFormGame, method: str | None, tol: float) -> EquilibriumResult:
    A, B = game.payoffs[0], game.payoffs[1]
    payoffs = np.asarray(game.payoffs, dtype=float)
    m, n = A.shape
    if method is None:
        method = "enumeration" if max(m, n) <= ENUMERATION_LIMIT else "lemke_howson"
    check_method(method, ("enumeration", "vertex", "support", "lemke_howson"))
    warnings: list[str] = []
    details: dict[str, Any] = {}
    if method == "lemke_howson":
        profiles = [list(p) for p in lemke_howson.lemke_howson_all_labels(A, B, tol=tol)]
        result = verified_result(
            game.players, "nash", method, payoffs, profiles, tol, complete=False
        )
        result.warnings.insert(
            0,
            "Lemke-Howson from every dropped label need not find every equilibrium: "
            "the set may be incomplete",
        )
        result.degenerate = any(degenerate_profile(payoffs, p, tol) for p in profiles)
        return result
    sizes: Literal["equal", "all"] = "all" if m * n <= SUPPORT_ALL_SIZES_LIMIT else "equal"
    if method == "support":
        profiles = [list(p) for p in support_enumeration(A, B, tol=tol, sizes=sizes)]
        degenerate = any(degenerate_profile(payoffs, p, tol) for p in profiles)
        result = verified_result(
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
    result = verified_result(game.players, "nash", method, payoffs, profiles, tol, complete=True)
    result.degenerate = degenerate
    result.warnings[:0] = warnings
    result.details.update(details)
    return result


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
