"""Support enumeration for two-player games, with explicit tolerances and unequal supports.

For every pair of supports :math:`I` (row player) and :math:`J` (column player) the algorithm
solves the indifference equations

.. math::
    \\sum_{j \\in J} A_{ij} y_j = u \\; (i \\in I), \\qquad \\sum_{j \\in J} y_j = 1, \\qquad
    \\sum_{i \\in I} x_i B_{ij} = v \\; (j \\in J), \\qquad \\sum_{i \\in I} x_i = 1,

keeps solutions that are non-negative (within ``tol``) and verifies each candidate by its regret
(no pure strategy outside the support may pay more). In a non-degenerate game every equilibrium
has supports of equal size and these square systems have unique solutions (Nisan et al. 2007,
Algorithm 3.4). Degenerate games can have equilibria with unequal supports, or a continuum on one
support pair; the rectangular or singular systems are then solved by least squares
(Moore–Penrose pseudo-inverse) and a solution is kept only if its residual is below ``tol``, so a
continuum contributes one of its points (the extreme points come from
:mod:`sim.equilibria.vertex_enumeration`).

All support pairs of one size are solved at once with batched numpy linear algebra. Unlike
nashpy 0.0.43, which compares floats exactly and so misses equilibria of ordinary games, every
comparison here uses ``tol``.

References
----------
Nisan, N., Roughgarden, T., Tardos, É., & Vazirani, V. (2007). *Algorithmic Game Theory*,
Cambridge University Press, §3.3 (von Stengel, "Equilibrium computation for two-player games").

Examples
--------
>>> import numpy as np
>>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])  # matching pennies
>>> [(x.tolist(), y.tolist()) for x, y in support_enumeration(A, -A)]
[([0.5, 0.5], [0.5, 0.5])]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.arrays import FloatArray
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.mixed_nash import DistinctProfiles
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.normal_form import bimatrix_tensor

IndexArray = NDArray[np.intp]

_CHUNK = 20_000
"""Support pairs solved per batched call (bounds memory on large games)."""
_RCOND = 1e-10
"""Relative cut-off of the pseudo-inverse: smaller singular values count as zero."""


def support_enumeration(
    A: ArrayLike,
    B: ArrayLike,
    *,
    tol: float = DEFAULT_TOLERANCE,
    sizes: Literal["equal", "all"] = "all",
    deadline: Deadline | None = None,
) -> list[tuple[FloatArray, FloatArray]]:
    """Nash equilibria of the bimatrix game ``(A, B)`` found by support enumeration.

    Parameters
    ----------
    A, B
        Payoff matrices of the row and column player, shape ``(m, n)``.
    tol
        Tolerance on non-negativity, on the residual of the indifference equations and on the
        regret of every returned profile.
    sizes
        ``"equal"``: supports of equal size only (complete for non-degenerate games);
        ``"all"``: every pair of sizes (also finds equilibria of degenerate games whose supports
        differ in size).
    deadline
        Checked between chunks of support pairs; when it expires the search stops and returns
        what it found (the deadline's ``hit`` tells the caller).

    Returns
    -------
    list of (x, y)
        Distinct equilibria (to ``1e-9``), each with regret at most ``tol``, in the order found
        (support sizes ascending).
    """
    a, b = bimatrix_tensor(A, B)
    m, n = a.shape
    deadline = as_deadline(deadline)
    found = DistinctProfiles()
    for k, l in _size_pairs(m, n, sizes):
        rows = np.array(list(itertools.combinations(range(m), k)), dtype=np.intp)
        cols = np.array(list(itertools.combinations(range(n), l)), dtype=np.intp)
        for row_idx, col_idx in _chunks(rows, cols):
            if deadline.expired():
                return [(x, y) for x, y in found]
            xs, ys = _solve_supports(a, b, row_idx, col_idx, tol)
            for x, y in zip(xs, ys, strict=True):
                found.add([x, y])
    return [(x, y) for x, y in found]


def support_pair_count(m: int, n: int, sizes: Literal["equal", "all"]) -> int:
    """Number of support pairs :func:`support_enumeration` tries: :math:`\\binom{m+n}{m} - 1`
    for equal sizes (Vandermonde's identity), :math:`(2^m - 1)(2^n - 1)` for all sizes."""
    if sizes == "equal":
        return math.comb(m + n, m) - 1
    return (2**m - 1) * (2**n - 1)


def _size_pairs(m: int, n: int, sizes: str) -> list[tuple[int, int]]:
    if sizes == "equal":
        return [(k, k) for k in range(1, min(m, n) + 1)]
    if sizes == "all":
        pairs = [(k, l) for k in range(1, m + 1) for l in range(1, n + 1)]
        return sorted(pairs, key=lambda p: (max(p), p))
    raise ValueError(f"sizes must be 'equal' or 'all', got {sizes!r}")


def _chunks(rows: IndexArray, cols: IndexArray) -> Iterator[tuple[IndexArray, IndexArray]]:
    """All (row support, column support) pairs, as two aligned index arrays, in chunks."""
    total = len(rows) * len(cols)
    for start in range(0, total, _CHUNK):
        flat = np.arange(start, min(start + _CHUNK, total))
        yield rows[flat // len(cols)], cols[flat % len(cols)]


def _indifference_solutions(
    payoff: FloatArray, own: IndexArray, other: IndexArray
) -> tuple[FloatArray, FloatArray]:
    """Solve, for each support pair, for the mix over ``other`` that equalises ``own``'s payoffs.

    ``payoff`` is indexed ``[own action, other action]``. Returns the mixes ``(N, len(other[0]))``
    and the residual norms ``(N,)`` of the least-squares solutions.
    """
    sub = payoff[own[:, :, None], other[:, None, :]]  # (N, k, l)
    N, k, l = sub.shape
    M = np.zeros((N, k + 1, l + 1))
    M[:, :k, :l] = sub
    M[:, :k, l] = -1.0
    M[:, k, :l] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    z = _least_squares_last_column(M)
    residual = np.linalg.norm(np.einsum("nij,nj->ni", M, z) - rhs, axis=1)
    return z[:, :l], residual


def _least_squares_last_column(M: FloatArray) -> FloatArray:
    """Solve ``M z = e_last`` for a stack of matrices; exactly if square and regular."""
    N, rows, cols = M.shape
    rhs = np.zeros((N, rows, 1))
    rhs[:, -1, 0] = 1.0
    if rows != cols:
        return np.asarray(np.linalg.pinv(M, rcond=_RCOND)[:, :, -1])
    # square: solve the regular systems by LU, the (near-)singular ones by least squares;
    # |det| over Hadamard's bound (product of row norms) is in [0, 1], ~0 when singular
    sign, logdet = np.linalg.slogdet(M)
    hadamard = np.sum(np.log(np.linalg.norm(M, axis=2)), axis=1)
    regular = (sign != 0) & (logdet - hadamard > np.log(_RCOND))
    z = np.empty((N, cols))
    if regular.any():
        z[regular] = np.linalg.solve(M[regular], rhs[regular])[:, :, 0]
    if not regular.all():
        z[~regular] = np.linalg.pinv(M[~regular], rcond=_RCOND)[:, :, -1]
    return z


def _solve_supports(
    a: FloatArray, b: FloatArray, rows: IndexArray, cols: IndexArray, tol: float
) -> tuple[FloatArray, FloatArray]:
    m, n = a.shape
    y_sub, res_y = _indifference_solutions(a, rows, cols)
    x_sub, res_x = _indifference_solutions(b.T, cols, rows)
    ok = (res_x <= tol) & (res_y <= tol)
    ok &= np.all(x_sub >= -tol, axis=1) & np.all(y_sub >= -tol, axis=1)
    if not ok.any():
        return np.zeros((0, m)), np.zeros((0, n))
    rows, cols, x_sub, y_sub = rows[ok], cols[ok], x_sub[ok], y_sub[ok]
    N = len(rows)
    x = np.zeros((N, m))
    y = np.zeros((N, n))
    np.put_along_axis(x, rows, np.clip(x_sub, 0.0, None), axis=1)
    np.put_along_axis(y, cols, np.clip(y_sub, 0.0, None), axis=1)
    x /= x.sum(axis=1, keepdims=True)
    y /= y.sum(axis=1, keepdims=True)
    row_values = y @ a.T  # (N, m)
    col_values = x @ b  # (N, n)
    regret = np.maximum(
        row_values.max(axis=1) - np.einsum("nm,nm->n", x, row_values),
        col_values.max(axis=1) - np.einsum("nj,nj->n", y, col_values),
    )
    keep = regret <= tol
    return x[keep], y[keep]
