"""All Nash equilibria of a two-player normal form: support and vertex enumeration, merged.

:func:`two_player_nash` runs vertex enumeration (every extreme equilibrium and the maximal Nash
subsets, Avis et al. 2010; von Stengel 2007) and support enumeration (with tolerances the
project controls), merges and de-duplicates their profiles, reports degeneracy, and says where the
two algorithms disagree. Lemke-Howson from every dropped label serves games too large to
enumerate. Every profile is certified by :func:`~sim.equilibria.certificates.verified_result`.

The default is enumeration whenever it fits: vertex enumeration when its work, about
:math:`\\binom{m+n}{m}(m^3 + n^3)` floating-point operations for the two polytopes' candidate
bases, is at most :data:`VERTEX_WORK_LIMIT` (10×10 and 4×16 qualify, 11×11 does not), with
support enumeration as a cross-check when it has at most
:data:`SUPPORT_LIMIT` support pairs. Both stop at the solve's deadline: a cross-check cut short
is reported and the vertex list (complete on its own) returned; a vertex enumeration cut short
falls back to Lemke–Howson with ``complete=False``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from scipy import optimize

from sim.equilibria import lemke_howson
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.certificates import (
    FloatArray,
    check_method,
    degenerate_profile,
    verified_result,
)
from sim.equilibria.result import EquilibriumResult
from sim.equilibria.support_enumeration import support_enumeration, support_pair_count
from sim.equilibria.vertex_enumeration import basis_count, vertex_enumeration
from sim.games.normal_form import NormalFormGame

VERTEX_WORK_LIMIT = 1e9
"""Most vertex-enumeration work (:func:`vertex_work`) for which two-player ``nash`` enumerates by
default: about 1 s on one core (measured: 10×10, 3.7e8, 0.6 s; 11×11, 1.9e9, 4.6 s; 12×12,
1.3e10, 35 s)."""
SUPPORT_LIMIT = 200_000
"""Most support pairs for which the default enumeration also runs support enumeration as a
cross-check (10×10, equal sizes: 184,755)."""
SUPPORT_ALL_SIZES_LIMIT = 36
"""Largest ``m * n`` for which support enumeration also tries supports of unequal size."""


def two_player_nash(
    game: NormalFormGame, method: str | None, tol: float, deadline: Deadline | None = None
) -> EquilibriumResult:
    A, B = game.payoffs[0], game.payoffs[1]
    payoffs = np.asarray(game.payoffs, dtype=float)
    m, n = A.shape
    deadline = as_deadline(deadline)
    if method is None:
        method = "enumeration" if vertex_work(m, n) <= VERTEX_WORK_LIMIT else "lemke_howson"
    check_method(method, ("enumeration", "vertex", "support", "lemke_howson"))
    warnings: list[str] = []
    details: dict[str, Any] = {}
    if method == "lemke_howson":
        return _lemke_howson(game, payoffs, tol, deadline)
    sizes: Literal["equal", "all"] = "all" if m * n <= SUPPORT_ALL_SIZES_LIMIT else "equal"
    if method == "support":
        profiles = [
            list(p) for p in support_enumeration(A, B, tol=tol, sizes=sizes, deadline=deadline)
        ]
        degenerate = any(degenerate_profile(payoffs, p, tol) for p in profiles)
        result = verified_result(
            game.players,
            "nash",
            f"support ({sizes} sizes)",
            payoffs,
            profiles,
            tol,
            complete=not degenerate and not deadline.hit,
        )
        result.degenerate = degenerate
        if deadline.hit:
            result.warnings.append(deadline.message())
        if degenerate:
            result.warnings.append(
                "degenerate game: support enumeration may miss extreme equilibria and returns "
                "only one point of each continuum (use method='enumeration')"
            )
        return result
    try:
        vertex = vertex_enumeration(A, B, tol=tol, deadline=deadline)
    except TimeoutError as stop:  # LH still follows one path after the deadline
        result = _lemke_howson(game, payoffs, tol, deadline)
        result.warnings.append(f"{stop}; Lemke-Howson was used instead")
        return result
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
    cross_check = method == "enumeration" and support_pair_count(m, n, sizes) <= SUPPORT_LIMIT
    if cross_check:
        supported = support_enumeration(A, B, tol=tol, sizes=sizes, deadline=deadline)
        in_hull = _HullMembership(subsets)
        for x, y in supported:
            if deadline.expired():
                break
            if any(_same(x, u) and _same(y, v) for u, v in profiles):
                continue
            if in_hull.either(x, y):
                continue  # a non-extreme point of a continuum
            warnings.append(
                "support enumeration found an equilibrium outside every maximal Nash subset of "
                "vertex enumeration; it is added (solvers disagreed)"
            )
            profiles.append([x, y])
        if deadline.hit:
            warnings.append(
                f"the support-enumeration cross-check stopped early ({deadline.message()}); "
                "the vertex enumeration it checks is complete"
            )
        elif not degenerate:
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
    elif method == "enumeration":
        method = "enumeration (vertex)"
    result = verified_result(game.players, "nash", method, payoffs, profiles, tol, complete=True)
    result.degenerate = degenerate
    result.warnings[:0] = warnings
    result.details.update(details)
    return result


def vertex_work(m: int, n: int) -> int:
    """Floating-point work of vertex enumeration on an ``m``×``n`` game: each polytope's
    :math:`\\binom{m+n}{m}` candidate bases, each a ``d``×``d`` solve (:math:`d^3`).

    Examples
    --------
    >>> vertex_work(2, 2)
    96
    """
    return basis_count(m, n) * (m**3 + n**3)


def _lemke_howson(
    game: NormalFormGame, payoffs: FloatArray, tol: float, deadline: Deadline
) -> EquilibriumResult:
    """Lemke–Howson from every dropped label (need not find every equilibrium; labels left when
    the deadline expires are skipped, but one path is always followed)."""
    found = lemke_howson.lemke_howson_all_labels(payoffs[0], payoffs[1], tol=tol, deadline=deadline)
    profiles = [list(p) for p in found]
    result = verified_result(
        game.players, "nash", "lemke_howson", payoffs, profiles, tol, complete=False
    )
    result.warnings.insert(
        0,
        "Lemke-Howson from every dropped label need not find every equilibrium: "
        "the set may be incomplete",
    )
    result.degenerate = any(degenerate_profile(payoffs, p, tol) for p in profiles)
    if deadline.hit:
        result.warnings.append(deadline.message())
    return result


def _same(u: FloatArray, v: FloatArray, atol: float = 1e-9) -> bool:
    return bool(np.max(np.abs(u - v)) <= atol)


class _HullMembership:
    """Is ``(x, y)`` in some maximal Nash subset ``conv(X') x conv(Y')``? One LP per distinct
    strategy and subset (degenerate games give thousands of support-enumeration points that
    share few distinct strategies)."""

    def __init__(self, subsets: list[tuple[list[FloatArray], list[FloatArray]]]) -> None:
        self.subsets = subsets
        self.memo: dict[tuple[int, int, bytes], bool] = {}

    def either(self, x: FloatArray, y: FloatArray) -> bool:
        return any(
            self._inside(k, 0, x, rows) and self._inside(k, 1, y, cols)
            for k, (rows, cols) in enumerate(self.subsets)
        )

    def _inside(self, k: int, side: int, point: FloatArray, vertices: list[FloatArray]) -> bool:
        key = (k, side, np.round(point, 12).tobytes())
        if key not in self.memo:
            self.memo[key] = _in_hull(point, vertices)
        return self.memo[key]


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
