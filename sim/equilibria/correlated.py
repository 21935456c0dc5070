"""Correlated equilibria of n-player normal-form games by linear programming.

A distribution :math:`\\mu` over pure profiles is a correlated equilibrium (Aumann 1974) iff no
player gains by disobeying a recommendation: for every player :math:`i` and actions
:math:`a \\ne a'`,

.. math::
    \\sum_{s_{-i}} \\mu(a, s_{-i}) \\,[u_i(a', s_{-i}) - u_i(a, s_{-i})] \\le 0,

with :math:`\\mu \\ge 0` and :math:`\\sum \\mu = 1`. These are linear constraints, so the set is a
polytope and an optimal correlated equilibrium for a linear objective (by default the sum of all
players' expected payoffs) is a linear programme (Gilboa & Zemel 1989), solved here with HiGHS
through :func:`scipy.optimize.linprog`. The returned distribution is cleaned (tiny negatives
clipped, renormalised) and verified: its *regret* is the largest left-hand side above, the
expected gain of the best disobedience.

References
----------
Aumann, R. J. (1974). Subjectivity and correlation in randomized strategies. *Journal of
Mathematical Economics* 1(1), 67–96.
Gilboa, I., & Zemel, E. (1989). Nash and correlated equilibria: some complexity considerations.
*Games and Economic Behavior* 1(1), 80–93.

Examples
--------
Chicken (Aumann 1974): the welfare-maximising correlated equilibrium puts no weight on the crash.

>>> import numpy as np
>>> A = np.array([[6.0, 2.0], [7.0, 0.0]])
>>> chicken = np.stack([A, A.T])
>>> ce = correlated_equilibrium(chicken)
>>> ce.distribution.round(6).tolist(), round(float(ce.payoffs.sum()), 6)
([[0.5, 0.25], [0.25, 0.0]], 10.5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize

from sim.arrays import FloatArray
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.verify import DEFAULT_TOLERANCE, EquilibriumVerificationError


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """An optimal correlated equilibrium.

    Attributes
    ----------
    distribution
        Probability of each pure profile, shape ``(m_1, ..., m_n)``.
    payoffs
        Expected payoff of each player.
    marginals
        Each player's marginal distribution over its actions.
    regret
        Largest expected gain from disobeying a recommendation (0 up to rounding).
    """

    distribution: FloatArray
    payoffs: FloatArray
    marginals: list[FloatArray]
    regret: float


MAX_LP_ENTRIES = 50_000_000
"""Largest dense obedience matrix (rows × columns) built: 400 MB of floats (a 60×60 game has
21 million entries; 300×300 would have 16 billion)."""


def obedience_matrix(payoffs: ArrayLike) -> FloatArray:
    """The obedience constraints as rows of ``G`` in :math:`G \\mu \\le 0` (``mu`` flattened).

    One row per player ``i`` and ordered pair of distinct actions ``(a, a')``, in that order.
    """
    tensor = np.asarray(payoffs, dtype=float)
    n = tensor.shape[0]
    shape = tensor.shape[1:]
    rows = []
    for i in range(n):
        u = np.moveaxis(tensor[i], i, 0)  # (m_i, rest...)
        for a in range(shape[i]):
            for b in range(shape[i]):
                if a == b:
                    continue
                row = np.zeros_like(u)
                row[a] = u[b] - u[a]
                rows.append(np.moveaxis(row, 0, i).ravel())
    return np.array(rows).reshape(-1, int(np.prod(shape)))


def obedience_regret(payoffs: ArrayLike, distribution: ArrayLike) -> float:
    """Largest expected gain from disobeying a recommendation under ``distribution``."""
    G = obedience_matrix(payoffs)
    if G.size == 0:
        return 0.0
    return max(0.0, float(np.max(G @ np.asarray(distribution, float).ravel())))


def correlated_equilibrium(
    payoffs: ArrayLike,
    *,
    objective: str | ArrayLike = "welfare",
    tol: float = DEFAULT_TOLERANCE,
    deadline: Deadline | None = None,
) -> CorrelatedEquilibrium:
    """A correlated equilibrium maximising a linear objective.

    Parameters
    ----------
    payoffs
        Payoff tensor ``(n_players, m_1, ..., m_n)``.
    objective
        ``"welfare"`` (sum of expected payoffs, the default); ``"player:<i>"`` maximises player
        ``i``'s expected payoff; an array of ``n_players`` weights maximises the weighted sum.
    tol
        Largest obedience violation accepted.
    deadline
        The solve's time budget, handed to the LP solver (HiGHS's ``time_limit``).

    Raises
    ------
    ValueError
        If the LP would exceed :data:`MAX_LP_ENTRIES` constraint entries.
    ArithmeticError
        If the deadline expires before the LP is solved.
    EquilibriumVerificationError
        If the solver's distribution violates obedience by more than ``tol`` even after cleaning.
    """
    tensor = np.asarray(payoffs, dtype=float)
    n = tensor.shape[0]
    shape = tensor.shape[1:]
    entries = sum(m * (m - 1) for m in shape) * math.prod(shape)
    if entries > MAX_LP_ENTRIES:
        raise ValueError(
            f"the correlated-equilibrium LP would have {entries:,} constraint entries "
            f"(one row per player and pair of actions, one column per profile); the limit is "
            f"{MAX_LP_ENTRIES:,}: the game is too large for concept 'ce'"
        )
    deadline = as_deadline(deadline)
    weights = _weights(objective, n)
    cost = -np.tensordot(weights, tensor, axes=1).ravel()
    G = obedience_matrix(tensor)
    size = cost.size
    result = optimize.linprog(
        cost,
        A_ub=G if G.size else None,
        b_ub=np.zeros(len(G)) if G.size else None,
        A_eq=np.ones((1, size)),
        b_eq=[1.0],
        bounds=(0, None),
        method="highs",
        options={
            "primal_feasibility_tolerance": 1e-10,
            "dual_feasibility_tolerance": 1e-10,
            **({"time_limit": deadline.remaining()} if deadline.time_limit is not None else {}),
        },
    )
    if result.status != 0 and deadline.expired():
        raise ArithmeticError(f"correlated-equilibrium LP: {deadline.message()}")
    if result.status != 0:
        raise EquilibriumVerificationError(f"correlated-equilibrium LP failed: {result.message}")
    mu = np.clip(result.x, 0.0, None)
    mu /= mu.sum()
    distribution = mu.reshape(tensor.shape[1:])
    regret = obedience_regret(tensor, distribution)
    if regret > tol:
        raise EquilibriumVerificationError(
            f"correlated equilibrium violates obedience by {regret:.3g} > {tol:g}"
        )
    marginals = [distribution.sum(axis=tuple(j for j in range(n) if j != i)) for i in range(n)]
    expected = np.array([float(np.sum(tensor[i] * distribution)) for i in range(n)])
    return CorrelatedEquilibrium(distribution, expected, marginals, regret)


def _weights(objective: str | ArrayLike, n: int) -> FloatArray:
    if isinstance(objective, str):
        if objective == "welfare":
            return np.ones(n)
        if objective.startswith("player:"):
            index = int(objective.split(":", 1)[1])
            if not 0 <= index < n:
                raise ValueError(f"objective {objective!r}: player index out of range 0..{n - 1}")
            w = np.zeros(n)
            w[index] = 1.0
            return w
        raise ValueError(
            f"objective must be 'welfare', 'player:<i>' or a weight vector, got {objective!r}"
        )
    w = np.asarray(objective, dtype=float)
    if w.shape != (n,):
        raise ValueError(f"objective weights must have shape ({n},), got {w.shape}")
    return w
