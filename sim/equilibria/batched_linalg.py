"""Determinants of whole stacks of small matrices, in closed form.

The batched bimatrix solvers solve millions of tiny linear systems. Calling LAPACK once per matrix
through :func:`numpy.linalg.det` or :func:`numpy.linalg.solve` costs about a microsecond each, and
:func:`numpy.linalg.solve` raises on the first singular matrix of a stack. Determinants written
out as elementwise array arithmetic cost a few nanoseconds per matrix and never raise.

Examples
--------
>>> import numpy as np
>>> stack = np.array([[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 5.0]]])
>>> batched_det(stack).tolist()
[-2.0, 10.0]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from sim.arrays import FloatArray


def batched_det(matrices: FloatArray) -> FloatArray:
    """Determinant of every square matrix in a stack.

    Parameters
    ----------
    matrices
        Array of shape ``(..., r, r)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(...)``. Order 0 gives 1 (the empty product), orders 1–3 use the explicit
        (Leibniz / Sarrus) formulas, larger orders :func:`numpy.linalg.det`.

    Notes
    -----
    For order 3, with rows ``(a, b, c), (d, e, f), (g, h, i)``:
    ``det = a(ei − fh) − b(di − fg) + c(dh − eg)``.
    """
    r = matrices.shape[-1]
    if matrices.shape[-2] != r:
        raise ValueError(f"batched_det needs square matrices, got shape {matrices.shape}")
    if r == 0:
        return np.ones(matrices.shape[:-2])
    if r == 1:
        return matrices[..., 0, 0].copy()
    if r == 2:
        return matrices[..., 0, 0] * matrices[..., 1, 1] - matrices[..., 0, 1] * matrices[..., 1, 0]
    if r == 3:
        a, b, c = matrices[..., 0, 0], matrices[..., 0, 1], matrices[..., 0, 2]
        d, e, f = matrices[..., 1, 0], matrices[..., 1, 1], matrices[..., 1, 2]
        g, h, i = matrices[..., 2, 0], matrices[..., 2, 1], matrices[..., 2, 2]
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return np.asarray(np.linalg.det(matrices), dtype=np.float64)


def det_of_entries(matrix: Sequence[Sequence[FloatArray]]) -> FloatArray:
    """Determinant of a small matrix whose entries are arrays (one matrix per array element).

    Parameters
    ----------
    matrix
        ``r × r`` nested sequence of arrays of one shape (``r ≥ 1``); entry ``[i][j]`` holds
        element ``(i, j)`` of every matrix of the stack.

    Returns
    -------
    numpy.ndarray
        The determinants, elementwise. Orders 1–3 are written out; larger orders use Laplace
        expansion along the first row (``r!`` terms; meant for ``r ≤ 4``).

    Notes
    -----
    Keeping the stack on the *last* axes of each entry means every operation runs on one long
    contiguous vector, which is what makes this fast for millions of tiny matrices.

    Examples
    --------
    >>> import numpy as np
    >>> top = [np.array([1.0, 2.0]), np.array([2.0, 0.0])]
    >>> bottom = [np.array([3.0, 0.0]), np.array([4.0, 5.0])]
    >>> det_of_entries([top, bottom]).tolist()
    [-2.0, 10.0]
    """
    r = len(matrix)
    if r == 1:
        return matrix[0][0]
    if r == 2:
        return matrix[0][0] * matrix[1][1] - matrix[0][1] * matrix[1][0]
    if r == 3:
        (a, b, c), (d, e, f), (g, h, i) = matrix
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    total = np.zeros_like(matrix[0][0])
    for j in range(r):
        minor = [[row[c] for c in range(r) if c != j] for row in matrix[1:]]
        term = matrix[0][j] * det_of_entries(minor)
        total = total + term if j % 2 == 0 else total - term
    return total


def signed_minors(rows: Sequence[Sequence[FloatArray]], k: int) -> list[FloatArray]:
    """Signed maximal minors ``c_j = (−1)^j det(D_{−j})`` of a ``(k−1) × k`` matrix ``D`` of arrays.

    Parameters
    ----------
    rows
        ``k − 1`` rows of ``k`` arrays each (``D``); may be empty when ``k = 1``.
    k
        Number of columns.

    Returns
    -------
    list of numpy.ndarray
        The ``k`` arrays ``c_j`` (for ``k = 1``, the scalar 1).

    Notes
    -----
    ``c`` spans the null space of ``D`` whenever ``D`` has full rank ``k − 1`` (the determinant
    of ``D`` with one of its own rows appended is zero; expand it along that row), and up to the
    sign ``(−1)^{k−1}`` it is the last row of the cofactor matrix of ``M = [D; 1ᵀ]``, so
    ``det M = (−1)^{k−1} Σ_j c_j``. The unique solution of ``D z = 0, 1ᵀz = 1`` is therefore
    ``z = c / Σ_j c_j`` (Cramer's rule), and the system is singular exactly when ``Σ_j c_j = 0``.

    Examples
    --------
    >>> import numpy as np
    >>> [float(c) for c in signed_minors([[np.array(1.0), np.array(2.0)]], 2)]
    [2.0, -1.0]
    """
    if k == 1:
        return [np.ones(())]
    minors = []
    for j in range(k):
        minor = [[row[c] for c in range(k) if c != j] for row in rows]
        value = det_of_entries(minor)
        minors.append(value if j % 2 == 0 else -value)
    return minors


def subsets(size: int, k: int) -> NDArray[np.intp]:
    """All ``k``-subsets of ``range(size)``, lexicographic, shape ``(C(size, k), k)``.

    Examples
    --------
    >>> subsets(3, 2).tolist()
    [[0, 1], [0, 2], [1, 2]]
    """
    combos = list(itertools.combinations(range(size), k))
    return np.array(combos, dtype=np.intp).reshape(len(combos), k)
