"""The Lemke–Howson algorithm for two-player games, with lexicographic pivoting.

The algorithm follows a path of almost completely labelled vertex pairs of the best-response
polytopes (see :mod:`sim.equilibria.vertex_enumeration`) from the artificial equilibrium
:math:`(0, 0)` by dropping one label :math:`k` and pivoting alternately in the two tableaux
(complementary pivoting) until the missing label is picked up again; the endpoint is a Nash
equilibrium (Lemke & Howson 1964). The tableaux are

.. math::
    r + A y = 1, \\qquad B^\\top x + s = 1,

with positive payoffs. Ties in the minimum-ratio test are broken lexicographically (the
right-hand side is perturbed to :math:`1 + (\\varepsilon, \\varepsilon^2, \\ldots)`), so the
algorithm terminates on degenerate games too (von Stengel 2007, §3.5–3.6).

Different dropped labels can lead to different equilibria, but even all of them together need not
find every equilibrium: results from this module are never claimed complete.

References
----------
Lemke, C. E., & Howson, J. T. (1964). Equilibrium points of bimatrix games. *Journal of the
Society for Industrial and Applied Mathematics* 12(2), 413–423.
von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. In Nisan et al. (eds.), *Algorithmic Game Theory*, ch. 3.

Examples
--------
>>> import numpy as np
>>> A = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]])  # von Stengel (2007), Fig. 3.3
>>> B = np.array([[3.0, 2.0], [2.0, 6.0], [3.0, 1.0]])
>>> x, y = lemke_howson(A, B, dropped_label=0)
>>> x.round(6).tolist(), y.round(6).tolist()
([1.0, 0.0, 0.0], [1.0, 0.0])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from sim.arrays import FloatArray
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.mixed_nash import DistinctProfiles
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.normal_form import bimatrix_tensor


class _Tableau:
    """A dictionary ``basic = rhs - ...`` kept as an explicit tableau ``[M | rhs]``.

    Columns ``0 .. m+n-1`` are the variables, by label; the last column is the right-hand side.
    ``basis[r]`` is the label of the variable basic in row ``r``. ``slack_labels`` are the labels
    of the initial basis, whose columns hold the inverse basis for the lexicographic rule.
    """

    def __init__(self, matrix: FloatArray, basis: list[int]) -> None:
        self.T = matrix
        self.basis = basis
        self.slack_labels = list(basis)

    def pivot(self, entering: int, tol: float) -> int:
        """Bring variable ``entering`` into the basis; return the label that leaves."""
        column = self.T[:, entering]
        candidates = np.flatnonzero(column > tol)
        if candidates.size == 0:
            raise ArithmeticError("unbounded ray in Lemke–Howson (payoffs not positive?)")
        # lexicographic minimum ratio: compare (rhs, inverse basis columns) / pivot element
        keys = (
            np.column_stack([self.T[candidates, -1], self.T[candidates][:, self.slack_labels]])
            / column[candidates, None]
        )
        best = candidates[0]
        best_key = keys[0]
        for row, key in zip(candidates[1:], keys[1:], strict=True):
            diff = key - best_key
            nonzero = np.flatnonzero(np.abs(diff) > tol)
            if nonzero.size and diff[nonzero[0]] < 0:
                best, best_key = row, key
        leaving = self.basis[best]
        self.T[best] /= self.T[best, entering]
        for r in range(self.T.shape[0]):
            if r != best and self.T[r, entering] != 0.0:
                self.T[r] -= self.T[r, entering] * self.T[best]
        self.basis[best] = entering
        return leaving

    def values(self, labels: range) -> FloatArray:
        """Values of the variables with ``labels`` (zero if non-basic)."""
        out = np.zeros(len(labels))
        for row, label in enumerate(self.basis):
            if label in labels:
                out[label - labels.start] = self.T[row, -1]
        return out


def lemke_howson(
    A: ArrayLike,
    B: ArrayLike,
    *,
    dropped_label: int = 0,
    tol: float = DEFAULT_TOLERANCE,
    max_pivots: int = 100_000,
) -> tuple[FloatArray, FloatArray]:
    """One Nash equilibrium of ``(A, B)`` by Lemke–Howson from the artificial equilibrium.

    Parameters
    ----------
    A, B
        Payoff matrices ``(m, n)``.
    dropped_label
        Label dropped first: ``0 .. m-1`` are the row player's actions, ``m .. m+n-1`` the column
        player's.
    tol
        Pivot-element threshold and tie tolerance of the ratio test.
    max_pivots
        Safety bound on the path length.

    Returns
    -------
    x, y
        Mixed strategies (not yet verified: the caller checks their regret).
    """
    a, b = bimatrix_tensor(A, B)
    m, n = a.shape
    if not 0 <= dropped_label < m + n:
        raise ValueError(f"dropped_label must be in 0..{m + n - 1}, got {dropped_label}")
    a_pos = a - a.min() + 1.0
    b_pos = b - b.min() + 1.0
    # Q side: r (labels 0..m-1) + A y (labels m..m+n-1) = 1, basis r
    q = _Tableau(np.hstack([np.eye(m), a_pos, np.ones((m, 1))]), list(range(m)))
    # P side: B^T x (labels 0..m-1) + s (labels m..m+n-1) = 1, basis s
    p = _Tableau(np.hstack([b_pos.T, np.eye(n), np.ones((n, 1))]), list(range(m, m + n)))
    entering = dropped_label
    tableau = p if dropped_label < m else q  # x_k enters in P, y_j enters in Q
    for _ in range(max_pivots):
        leaving = tableau.pivot(entering, tol)
        if leaving == dropped_label:
            break
        entering = leaving
        tableau = q if tableau is p else p
    else:
        raise ArithmeticError(f"Lemke–Howson did not terminate within {max_pivots} pivots")
    x = p.values(range(0, m))
    y = q.values(range(m, m + n))
    return x / x.sum(), y / y.sum()


def lemke_howson_all_labels(
    A: ArrayLike,
    B: ArrayLike,
    *,
    tol: float = DEFAULT_TOLERANCE,
    deadline: Deadline | None = None,
) -> list[tuple[FloatArray, FloatArray]]:
    """Distinct equilibria reached from every dropped label (unverified, possibly incomplete).

    Labels are tried in order; when ``deadline`` expires the remaining labels are skipped (the
    deadline's ``hit`` tells the caller), but the first path is always followed, so the list is
    never empty.
    """
    a = np.asarray(A, dtype=float)
    deadline = as_deadline(deadline)
    found = DistinctProfiles()
    for label in range(sum(a.shape)):
        if label and deadline.expired():
            break
        found.add(list(lemke_howson(A, B, dropped_label=label, tol=tol)))
    return [(x, y) for x, y in found]
