"""Certified results of normal-form solvers: clean each profile, certify it, collect the result.

:func:`verified_result` is the one place where the profiles an algorithm proposes are cleaned
(tiny negatives and round-off removed, probabilities snapped to nearby small fractions when that
keeps the regret within tolerance), certified by their regret (dropped with a warning above the
tolerance) and wrapped in an :class:`~sim.equilibria.result.EquilibriumResult`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.arrays import FloatArray
from sim.equilibria.regret import best_responses, expected_payoffs, profile_regret
from sim.equilibria.result import Equilibrium, EquilibriumResult


def verified_result(
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
    pure = [_pure_cell(profile) for profile in profiles]
    cells = np.array([cell for cell in pure if cell is not None], dtype=np.intp)
    if len(cells):
        regrets = pure_regrets(payoffs, cells)
        values = payoffs[(slice(None), *cells.T)].T
        for cell, regret, value in zip(cells, regrets, values, strict=True):
            if regret > tol:
                warnings.append(f"dropped a profile with regret {regret:.3g} > tolerance {tol:g}")
                continue
            equilibria.append(Equilibrium(one_hot(payoffs.shape[1:], cell), value, float(regret)))
    for profile, cell in zip(profiles, pure, strict=True):
        if cell is not None:
            continue
        cleaned = [_clean(p) for p in profile]
        regret = profile_regret(payoffs, cleaned)
        snapped = [_snap(p) for p in cleaned]
        if any(not np.array_equal(s, c) for s, c in zip(snapped, cleaned, strict=True)):
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


def degenerate_profile(payoffs: FloatArray, profile: Sequence[FloatArray], tol: float) -> bool:
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


def pure_regrets(payoffs: FloatArray, cells: NDArray[np.intp]) -> FloatArray:
    """The regret of many pure profiles at once (the same number as
    :func:`~sim.equilibria.regret.profile_regret` of their one-hot profiles):

    .. math:: \\max_i \\big[\\max_{a_i} u_i(a_i, s_{-i}) - u_i(s)\\big].

    Examples
    --------
    >>> prisoners = np.array([[[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]])
    >>> pure_regrets(prisoners, np.array([[0, 0], [1, 1]])).tolist()
    [2.0, 0.0]
    """
    regret = np.zeros(len(cells))
    for i in range(payoffs.shape[0]):
        best = payoffs[i].max(axis=i)
        others = np.delete(cells, i, axis=1)
        value = payoffs[(i, *cells.T)]
        regret = np.maximum(regret, best[tuple(others.T)] - value)
    return regret


def _pure_cell(profile: Sequence[FloatArray]) -> tuple[int, ...] | None:
    """The cell of a profile whose every vector is exactly one-hot, else None."""
    cell = []
    for p in profile:
        q = np.asarray(p)
        k = int(np.argmax(q))
        if q[k] != 1.0 or np.count_nonzero(q) != 1:
            return None
        cell.append(k)
    return tuple(cell)


def one_hot(shape: Sequence[int], cell: Sequence[int]) -> list[FloatArray]:
    """The pure profile ``cell`` as one probability vector per player."""
    out = [np.zeros(m) for m in shape]
    for vector, a in zip(out, cell, strict=True):
        vector[a] = 1.0
    return out


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
    for k in np.flatnonzero((p != 0.0) & (p != 1.0)):  # pure entries are exact already
        value = p[k]
        fraction = Fraction(float(value)).limit_denominator(max_denominator)
        if abs(float(fraction) - value) <= atol:
            out[k] = float(fraction)
    return out if abs(out.sum() - 1.0) <= 1e-15 else p


def check_method(method: str | None, allowed: Sequence[str]) -> None:
    """Refuse a method name the solver does not offer."""
    if method is not None and method not in allowed:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(allowed)}")
