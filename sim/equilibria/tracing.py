"""One Nash equilibrium of any finite normal form, by following the logit QRE branch.

The principal branch of logit quantal response equilibria starts at the centroid
(:math:`\\lambda = 0`) and, for generic games, converges as :math:`\\lambda \\to \\infty` to a Nash
equilibrium, the *limiting logit equilibrium* (McKelvey & Palfrey 1995, Thm 2; Turocy 2005).
:func:`logit_tracing_nash` traces it with :func:`~sim.equilibria.qre.logit_qre_path` to
:data:`TRACE_LAMBDAS` (multiples of one over the payoff range), and at each point, from the
largest λ down, solves the indifference equations on the support the branch is approaching
(:func:`~sim.equilibria.mixed_nash.solve_support`); the first profile whose regret is within
tolerance is returned. This is what Gambit's ``logit_solve`` does to find one equilibrium; here it
serves the n-player solver as a method that, unlike random starts, finds an equilibrium of every
generic game, including games with no pure equilibrium and supports too large to enumerate.

References
----------
McKelvey, R. D., & Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6–38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243–263.

Examples
--------
>>> import numpy as np
>>> matching_pennies = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]])
>>> [p.round(6).tolist() for p in logit_tracing_nash(matching_pennies, 1e-9)]
[[0.5, 0.5], [0.5, 0.5]]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from sim.equilibria import qre
from sim.equilibria.budget import Deadline
from sim.equilibria.mixed_nash import Profile, solve_support
from sim.equilibria.regret import profile_regret

TRACE_LAMBDAS = (10.0, 30.0, 100.0, 300.0, 1_000.0, 3_000.0, 10_000.0)
"""Points of the branch tried, as λ times the payoff range (at 10,000 an action worse by 0.1 % of
the range keeps a probability of about e^-10 relative to the best)."""
SUPPORT_THRESHOLDS = (1e-6, 1e-3)
"""Probabilities above which an action counts as in the support the branch approaches."""


def logit_tracing_nash(
    payoffs: ArrayLike, tol: float, deadline: Deadline | None = None
) -> Profile | None:
    """One Nash equilibrium near the end of the logit branch, or ``None`` (the branch could not be
    traced within the deadline, or no support gave a certified profile).

    Parameters
    ----------
    payoffs
        Payoff tensor ``(n, m_1, ..., m_n)``.
    tol
        Largest regret of the returned profile.
    deadline
        The solve's time budget (the trace stops when it expires).
    """
    tensor = np.asarray(payoffs, dtype=float)
    spread = float(tensor.max() - tensor.min())
    if spread == 0.0:  # every profile is an equilibrium; the centroid will do
        return [np.full(m, 1.0 / m) for m in tensor.shape[1:]]
    try:
        path = qre.logit_qre_path(
            tensor, [lam / spread for lam in TRACE_LAMBDAS], deadline=deadline
        )
    except ArithmeticError:  # time limit, or a branch the tracer will not follow further
        return None
    for point in reversed(path.points):
        for threshold in SUPPORT_THRESHOLDS:
            supports = [tuple(int(a) for a in np.flatnonzero(p > threshold)) for p in point.profile]
            start = [
                p[list(s)] / p[list(s)].sum() for p, s in zip(point.profile, supports, strict=True)
            ]
            polished, _ = solve_support(tensor, supports, start, tol)
            if polished is not None and profile_regret(tensor, polished) <= tol:
                return polished
    return None
