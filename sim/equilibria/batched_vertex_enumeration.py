"""Extreme equilibria of stacks of (possibly degenerate) bimatrix games by vertex enumeration.

With payoffs made positive (a positive affine change per player, which keeps every equilibrium),
the best-response polytopes are

* ``P = {x ∈ ℝᵐ : x ≥ 0, Bᵀx ≤ 1}``, label ``i`` where ``x_i = 0`` and ``m + j`` where
  ``(Bᵀx)_j = 1``;
* ``Q = {y ∈ ℝⁿ : A y ≤ 1, y ≥ 0}``, label ``i`` where ``(Ay)_i = 1`` and ``m + j`` where
  ``y_j = 0``.

A pair of vertices ``(x, y) ≠ (0, 0)`` whose labels together cover all ``m + n`` labels is, after
rescaling to probabilities, an *extreme* Nash equilibrium, and every extreme equilibrium arises
this way (von Stengel 2002, Thm 2.10; Avis, Rosenberg, Savani & von Stengel 2010). In a
degenerate game a vertex may lie on more than ``m`` facets; enumerating *every* set of ``m`` tight
constraints (all ``C(m + n, m)`` bases) and de-duplicating the resulting points finds every
vertex, degenerate or not, which is what Gambit's ``enummixed`` reports.

All games of the stack are treated at once: every basis of every game is one small linear system
in one batched :func:`numpy.linalg.solve` (singular bases replaced by the identity and discarded).

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, §2.
Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory*, 42(1), 9–37.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.equilibria.batched_linalg import FloatArray, batched_det, subsets

SINGULAR_TOLERANCE = 1e-12
"""A basis with ``|det| ≤ 1e-12`` (payoffs rescaled to [1, 2]) is singular and skipped."""


@dataclass(frozen=True)
class VertexPairs:
    """Completely labelled vertex pairs of a stack of ``F`` games.

    Attributes
    ----------
    found
        ``(F, V, W)``: True where row vertex ``a`` and column vertex ``b`` form an extreme
        equilibrium (each equilibrium once).
    row, col
        ``(F, V, m)`` and ``(F, W, n)``: the vertices rescaled to probability vectors.
    """

    found: NDArray[np.bool_]
    row: FloatArray
    col: FloatArray


def _rescale(payoffs: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Map each game's payoffs affinely onto ``[1, 2]`` (constant games onto 1); also the range."""
    F = payoffs.shape[0]
    flat = payoffs.reshape(F, -1)
    low = flat.min(axis=1)
    spread = np.ptp(flat, axis=1)
    safe = np.where(spread > 0, spread, 1.0)
    return 1.0 + (payoffs - low[:, None, None]) / safe[:, None, None], spread


def _vertices(
    constraints: FloatArray, rhs: NDArray[np.float64], eps: FloatArray
) -> tuple[FloatArray, NDArray[np.int64], NDArray[np.bool_]]:
    """Every distinct nonzero vertex of ``{z : constraints z ≤ rhs}`` for each game.

    ``constraints`` is ``(F, L, d)`` with the ``L`` constraint rows (a row ``−e_i`` with right-hand
    side 0 encodes ``z_i ≥ 0``); returns the vertices ``(F, V, d)`` with ``V = C(L, d)``, their
    label bitmasks (bit ``l`` set when constraint ``l`` is tight within ``eps``) and a mask of
    distinct, feasible, nonzero vertices (distinct by label set: a vertex is the only point of
    the polytope where all of its tight constraints are tight).
    """
    L, d = constraints.shape[1:]
    bases = subsets(L, d)
    systems = constraints[:, bases]  # (F, V, d, d)
    singular = np.abs(batched_det(systems)) <= SINGULAR_TOLERANCE
    identity = np.broadcast_to(np.eye(d), systems.shape)
    safe = np.where(singular[..., None, None], identity, systems)
    right = np.broadcast_to(rhs[bases], systems.shape[:-1])[..., None]
    points = np.asarray(np.linalg.solve(safe, right)[..., 0], dtype=np.float64)
    slack = rhs[None, None, :] - np.einsum("fld,fvd->fvl", constraints, points)
    tolerance = eps[:, None, None]
    feasible = ~singular & np.all(slack >= -tolerance, axis=-1)
    feasible &= points.sum(axis=-1) > tolerance[..., 0]
    weights = np.left_shift(np.int64(1), np.arange(L, dtype=np.int64))
    labels: NDArray[np.int64] = np.where(slack <= tolerance, weights, 0).sum(axis=-1)
    # A vertex is determined by its set of tight constraints, so bases that reach the same
    # vertex give the same label set: keep the first basis of each label set (stable sort).
    key = np.where(feasible, labels, -1 - np.arange(len(bases), dtype=np.int64))
    order = np.argsort(key, axis=-1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=-1)
    first_in_order = np.ones(ordered.shape, dtype=bool)
    first_in_order[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.empty_like(first_in_order)
    np.put_along_axis(first, order, first_in_order, axis=-1)
    keep: NDArray[np.bool_] = feasible & first
    return points, labels, keep


def extreme_equilibria_batch(A: FloatArray, B: FloatArray, tol: float) -> VertexPairs:
    """All extreme Nash equilibria of every game of a stack, degenerate games included.

    Parameters
    ----------
    A, B
        Payoffs of the row and column player, shape ``(F, m, n)``.
    tol
        Payoff tolerance (original units) for tight constraints; it is divided by each game's
        payoff range, kept within ``[1e-13, 1e-6]``, to act on the rescaled polytopes.

    Returns
    -------
    VertexPairs
        The completely labelled vertex pairs, de-duplicated, vertices scaled to probabilities.

    Examples
    --------
    >>> import numpy as np
    >>> zero = np.zeros((1, 2, 2))  # every profile is an equilibrium; 4 extreme ones
    >>> int(extreme_equilibria_batch(zero, zero, 1e-9).found.sum())
    4
    """
    F, m, n = A.shape
    a_pos, a_range = _rescale(A)
    b_pos, b_range = _rescale(B)
    eps_x = np.clip(tol / np.where(b_range > 0, b_range, 1.0), 1e-13, 1e-6)
    eps_y = np.clip(tol / np.where(a_range > 0, a_range, 1.0), 1e-13, 1e-6)
    rhs = np.concatenate([np.zeros(m), np.ones(n)])
    row_constraints = np.concatenate(
        [np.broadcast_to(-np.eye(m), (F, m, m)), np.swapaxes(b_pos, 1, 2)], axis=1
    )
    x, x_labels, x_keep = _vertices(row_constraints, rhs, eps_x)
    rhs_y = np.concatenate([np.ones(m), np.zeros(n)])
    col_constraints = np.concatenate([a_pos, np.broadcast_to(-np.eye(n), (F, n, n))], axis=1)
    y, y_labels, y_keep = _vertices(col_constraints, rhs_y, eps_y)
    everything = (1 << (m + n)) - 1
    complete = (x_labels[:, :, None] | y_labels[:, None, :]) == everything
    found = complete & x_keep[:, :, None] & y_keep[:, None, :]
    x_prob = x / np.where(x_keep, x.sum(axis=-1), 1.0)[..., None]
    y_prob = y / np.where(y_keep, y.sum(axis=-1), 1.0)[..., None]
    return VertexPairs(found=found, row=np.clip(x_prob, 0.0, None), col=np.clip(y_prob, 0.0, None))
