"""Support enumeration over equal-size supports for whole arrays of bimatrix games.

For every game of a stack and every pair of supports ``I`` (rows) and ``J`` (columns) of equal
size ``k``, the column player's mix ``y`` on ``J`` that makes the row player indifferent over
``I``, and the row player's mix ``x`` on ``I`` that makes the column player indifferent over
``J``, are solved in closed form (Cramer's rule with the minors written out, see
:func:`sim.equilibria.batched_linalg.signed_column_minors`), for all games and all support pairs
in a few array operations. A candidate ``(x, y)`` is kept when both are probability vectors and its
regret is at most ``tol``.

In a *nondegenerate* game (no mixed strategy with support of size ``k`` has more than ``k`` pure
best responses) every Nash equilibrium has supports of equal size and is the unique solution of
its indifference system, so this enumeration returns every equilibrium exactly once
(von Stengel 2007, Thm 3.4 and Algorithm 3.5).

The same pass decides, for every game, whether it is degenerate. A game is degenerate iff one of
its best-response polytopes ``P = {x ≥ 0 : Bᵀx ≤ 1}`` (payoffs made positive) has a point on more
than ``m`` facets, iff some *vertex* does. At such a vertex ``v`` with support ``I`` one can pick
``J ⊆ BR(v)`` with ``|J| = |I|`` whose indifference system is nonsingular (``m`` linearly
independent tight constraints exist at a vertex), and its unique solution is ``v``. So a game is
degenerate iff, for some equal-size pair ``(I, J)`` with a nonsingular system, the solution ``x``
is a mixed strategy, ``J ⊆ BR(x)`` and ``|BR(x)| > |supp x|`` (or the same for ``y``). A singular
indifference system alone does not make a game degenerate (rows ``(0, 0)`` and ``(1, 1)`` give
one, and no ``y`` makes the row player indifferent between them), so it is skipped, not flagged.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. In Nisan et al. (eds.), *Algorithmic Game Theory*, ch. 3, §3.3–3.4. Cambridge UP.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, §2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.equilibria.batched_linalg import FloatArray, signed_column_minors, subsets

SINGULAR_TOLERANCE = 1e-12
"""An indifference system counts as singular when ``|Σ_j c_j| ≤ 1e-12 · r^{k−1}`` (``r`` the
payoff range of the game for that player, ``c`` the signed minors)."""


@dataclass(frozen=True)
class SupportCandidates:
    """Equal-size support enumeration of a stack of ``G`` games with ``P`` support pairs.

    Attributes
    ----------
    found
        ``(G, P)``: True where the pair's solution is an equilibrium (regret ≤ tol).
    row, col
        ``(G, P, m)`` and ``(G, P, n)``: the solutions as full mixed strategies (meaningful
        where ``found``).
    degenerate
        ``(G,)``: the game is degenerate (see the module notes).
    """

    found: NDArray[np.bool_]
    row: FloatArray
    col: FloatArray
    degenerate: NDArray[np.bool_]


def _support_masks(size: int, sets: NDArray[np.intp]) -> NDArray[np.bool_]:
    """One boolean row per subset: ``mask[s, i]`` is True when ``i`` is in subset ``s``."""
    mask = np.zeros((len(sets), size), dtype=bool)
    np.put_along_axis(mask, sets, True, axis=1)
    return mask


def _indifferent_mixes(
    payoffs: FloatArray, rows: NDArray[np.intp], cols: NDArray[np.intp], scale: FloatArray
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Mixes over ``cols`` that make the chooser of ``rows`` indifferent, for every support pair.

    ``payoffs`` has shape ``(G, m', n')`` with the indifferent player choosing rows; the result
    has shape ``(G, nR, nC, k)`` (weights on the ``k`` columns of each column set) and a
    singular-system mask ``(G, nR, nC)``.
    """
    k = rows.shape[1]
    block = payoffs[:, rows[:, None, :, None], cols[None, :, None, :]]  # (G, nR, nC, k, k)
    differences = block[..., 1:, :] - block[..., :1, :]
    minors = signed_column_minors(differences)
    total = minors.sum(axis=-1)
    singular = np.abs(total) <= SINGULAR_TOLERANCE * scale[:, None, None] ** (k - 1)
    mixes = minors / np.where(singular, 1.0, total)[..., None]
    return mixes, singular


def equal_support_candidates(A: FloatArray, B: FloatArray, tol: float) -> SupportCandidates:
    """Enumerate every pair of equal-size supports of every game of a stack.

    Parameters
    ----------
    A, B
        Payoffs of the row and column player, shape ``(G, m, n)``.
    tol
        Payoff tolerance for regrets and best-response ties; also the probability below which a
        weight counts as zero.

    Returns
    -------
    SupportCandidates
        Candidates for all ``P = Σ_k C(m, k) C(n, k)`` support pairs, ordered by support size,
        then row support, then column support (lexicographic).

    Notes
    -----
    For supports ``I, J`` of size ``k`` the column mix solves ``(A_{i J} − A_{i₀ J}) y_J = 0``
    for ``i ∈ I \\ {i₀}`` and ``Σ y = 1``; the row mix solves the transposed system in ``B``.
    The pair is an equilibrium iff ``x, y ≥ 0`` and both regrets
    ``max_i (Ay)_i − xᵀAy`` and ``max_j (xᵀB)_j − xᵀBy`` are at most ``tol``.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[1.0, -1.0], [-1.0, 1.0]]])  # matching pennies
    >>> out = equal_support_candidates(A, -A, 1e-9)
    >>> int(out.found.sum()), out.row[0, out.found[0]].tolist(), bool(out.degenerate[0])
    (1, [[0.5, 0.5]], False)
    """
    G, m, n = A.shape
    scale_a = np.ptp(A.reshape(G, -1), axis=1)
    scale_b = np.ptp(B.reshape(G, -1), axis=1)
    B_t = np.swapaxes(B, 1, 2)
    rows_out: list[FloatArray] = []
    cols_out: list[FloatArray] = []
    valid_x_out: list[NDArray[np.bool_]] = []
    valid_y_out: list[NDArray[np.bool_]] = []
    row_masks: list[NDArray[np.bool_]] = []
    col_masks: list[NDArray[np.bool_]] = []
    for k in range(1, min(m, n) + 1):
        row_sets, col_sets = subsets(m, k), subsets(n, k)
        n_rows, n_cols = len(row_sets), len(col_sets)
        y_weights, y_singular = _indifferent_mixes(A, row_sets, col_sets, scale_a)
        x_weights, x_singular = _indifferent_mixes(B_t, col_sets, row_sets, scale_b)
        x_weights = np.swapaxes(x_weights, 1, 2)  # (G, nI, nJ, k)
        x_singular = np.swapaxes(x_singular, 1, 2)
        x_full = np.zeros((G, n_rows, n_cols, m))
        y_full = np.zeros((G, n_rows, n_cols, n))
        row_index = np.broadcast_to(row_sets[None, :, None, :], x_weights.shape)
        col_index = np.broadcast_to(col_sets[None, None, :, :], y_weights.shape)
        np.put_along_axis(x_full, row_index, x_weights, axis=-1)
        np.put_along_axis(y_full, col_index, y_weights, axis=-1)
        valid_x_out.append((~x_singular & np.all(x_weights >= -tol, axis=-1)).reshape(G, -1))
        valid_y_out.append((~y_singular & np.all(y_weights >= -tol, axis=-1)).reshape(G, -1))
        rows_out.append(x_full.reshape(G, n_rows * n_cols, m))
        cols_out.append(y_full.reshape(G, n_rows * n_cols, n))
        row_mask = _support_masks(m, row_sets)
        col_mask = _support_masks(n, col_sets)
        row_masks.append(np.repeat(row_mask, n_cols, axis=0))
        col_masks.append(np.tile(col_mask, (n_rows, 1)))

    x = np.clip(np.concatenate(rows_out, axis=1), 0.0, None)
    y = np.clip(np.concatenate(cols_out, axis=1), 0.0, None)
    valid_x = np.concatenate(valid_x_out, axis=1)
    valid_y = np.concatenate(valid_y_out, axis=1)
    in_rows = np.concatenate(row_masks, axis=0)[None]
    in_cols = np.concatenate(col_masks, axis=0)[None]
    x /= np.where(valid_x, x.sum(axis=-1), 1.0)[..., None]
    y /= np.where(valid_y, y.sum(axis=-1), 1.0)[..., None]

    row_payoffs = np.einsum("gij,gpj->gpi", A, y)  # (G, P, m): each pure row against y
    col_payoffs = np.einsum("gij,gpi->gpj", B, x)  # (G, P, n): each pure column against x
    row_best = row_payoffs.max(axis=-1)
    col_best = col_payoffs.max(axis=-1)
    row_regret = row_best - np.einsum("gpi,gpi->gp", x, row_payoffs)
    col_regret = col_best - np.einsum("gpj,gpj->gp", y, col_payoffs)
    found = valid_x & valid_y & (row_regret <= tol) & (col_regret <= tol)

    col_replies = col_payoffs >= col_best[..., None] - tol
    row_replies = row_payoffs >= row_best[..., None] - tol
    x_witness = (
        valid_x
        & np.all(col_replies | ~in_cols, axis=-1)
        & (col_replies.sum(axis=-1) > (x > tol).sum(axis=-1))
    )
    y_witness = (
        valid_y
        & np.all(row_replies | ~in_rows, axis=-1)
        & (row_replies.sum(axis=-1) > (y > tol).sum(axis=-1))
    )
    degenerate = np.any(x_witness | y_witness, axis=1)
    return SupportCandidates(found=found, row=x, col=y, degenerate=degenerate)
