"""Determinants of whole stacks of small matrices, in closed form.

The batched bimatrix solvers solve millions of tiny linear systems (at most 5 × 5). Calling LAPACK
once per matrix through :func:`numpy.linalg.det` or :func:`numpy.linalg.solve` costs about a
microsecond each, and :func:`numpy.linalg.solve` raises on the first singular matrix of a stack.
Determinants of order at most 3 written out as elementwise array arithmetic cost a few
nanoseconds per matrix and never raise; larger orders fall back to :func:`numpy.linalg.det`.

Examples
--------
>>> import numpy as np
>>> stack = np.array([[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 5.0]]])
>>> batched_det(stack).tolist()
[-2.0, 10.0]
>>> signed_column_minors(np.array([[1.0, 2.0]])).tolist()
[2.0, -1.0]
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


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


def signed_column_minors(rows: FloatArray) -> FloatArray:
    """Signed maximal minors ``(−1)^j det(D_{−j})`` of a stack of ``(k−1) × k`` matrices.

    Parameters
    ----------
    rows
        Array ``D`` of shape ``(..., k − 1, k)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., k)``: the vector ``c`` with ``c_j = (−1)^j det(D_{−j})``.

    Notes
    -----
    ``c`` spans the null space of ``D`` whenever ``D`` has full rank ``k − 1`` (expand the
    determinant of ``D`` with one of its own rows appended, which is zero, along that row), and
    up to the sign ``(−1)^{k−1}`` it is the last row of the cofactor matrix of
    ``M = [D; 1ᵀ]``, so ``det M = (−1)^{k−1} Σ_j c_j``. Hence the unique solution of
    ``D z = 0, 1ᵀz = 1`` is ``z = c / Σ_j c_j`` (Cramer's rule), and the system is singular
    exactly when ``Σ_j c_j = 0``.
    """
    k = rows.shape[-1]
    if rows.shape[-2] != k - 1:
        raise ValueError(f"signed_column_minors needs (k-1) x k matrices, got shape {rows.shape}")
    keep = np.array([[c for c in range(k) if c != j] for j in range(k)], dtype=np.intp)
    keep = keep.reshape(k, k - 1)
    # minors[..., j, :, :] is D with column j removed.
    minors = np.moveaxis(rows[..., keep], -2, -3)
    signs = np.array([(-1.0) ** j for j in range(k)])
    return batched_det(minors) * signs


def subsets(size: int, k: int) -> NDArray[np.intp]:
    """All ``k``-subsets of ``range(size)``, lexicographic, shape ``(C(size, k), k)``.

    Examples
    --------
    >>> subsets(3, 2).tolist()
    [[0, 1], [0, 2], [1, 2]]
    """
    combos = list(itertools.combinations(range(size), k))
    return np.array(combos, dtype=np.intp).reshape(len(combos), k)
