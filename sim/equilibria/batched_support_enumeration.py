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

Layout: payoffs are held action-first, ``(m, n, G)``, so each payoff entry across all ``G`` games
is one contiguous vector, and the loops run over actions and support pairs (a few dozen at most),
never over games.

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
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from sim.equilibria.batched_linalg import FloatArray, signed_minors

SINGULAR_TOLERANCE = 1e-12
"""An indifference system counts as singular when ``|Σ_j c_j| ≤ 1e-12 · r^{k−1}`` (``r`` the
payoff range of the game for that player, ``c`` the signed minors)."""


@dataclass(frozen=True)
class SupportCandidates:
    """Equal-size support enumeration of a stack of ``G`` games with ``P`` support pairs.

    Attributes
    ----------
    found
        ``(P, G)``: True where the pair's solution is an equilibrium (regret ≤ tol).
    row, col
        ``(m, P, G)`` and ``(n, P, G)``: the solutions as full mixed strategies, action first
        (meaningful where ``found``).
    payoffs
        ``(2, P, G)``: expected payoffs ``xᵀAy`` and ``xᵀBy`` of each candidate.
    regret
        ``(P, G)``: ``max(max_i (Ay)_i − xᵀAy, max_j (xᵀB)_j − xᵀBy)`` of each candidate.
    degenerate
        ``(G,)``: the game is degenerate (see the module notes).
    """

    found: NDArray[np.bool_]
    row: FloatArray
    col: FloatArray
    payoffs: FloatArray
    regret: FloatArray
    degenerate: NDArray[np.bool_]


def support_pairs(m: int, n: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """All pairs of equal-size supports, by size, then row support, then column support.

    Examples
    --------
    >>> support_pairs(2, 2)
    [((0,), (0,)), ((0,), (1,)), ((1,), (0,)), ((1,), (1,)), ((0, 1), (0, 1))]
    """
    return [
        (rows, cols)
        for k in range(1, min(m, n) + 1)
        for rows in combinations(range(m), k)
        for cols in combinations(range(n), k)
    ]


def _indifferent_mix(
    payoff: FloatArray, movers: tuple[int, ...], mixed: tuple[int, ...], threshold: FloatArray
) -> tuple[list[FloatArray], NDArray[np.bool_]]:
    """Weights on ``mixed`` that make the player choosing among ``movers`` indifferent.

    ``payoff[a][b]`` is the indifferent player's payoff (a vector over games) for its own action
    ``a`` against the other's action ``b``. Returns the weights (unclipped) and the mask of
    games whose system is singular.
    """
    base = movers[0]
    differences = [[payoff[a][b] - payoff[base][b] for b in mixed] for a in movers[1:]]
    minors = signed_minors(differences, len(mixed))
    total = minors[0]
    for minor in minors[1:]:
        total = total + minor
    singular = np.abs(total) <= threshold
    safe = np.where(singular, 1.0, total)
    return [minor / safe for minor in minors], singular


def _probabilities(
    weights: list[FloatArray], singular: NDArray[np.bool_], tol: float
) -> tuple[list[FloatArray], NDArray[np.bool_]]:
    """Clip tiny negative weights, renormalise, and flag the games where they form a mix."""
    valid = ~singular
    for w in weights:
        valid &= w >= -tol
    clipped = [np.maximum(w, 0.0) for w in weights]
    total = clipped[0]
    for w in clipped[1:]:
        total = total + w
    total = np.where(valid, total, 1.0)
    return [w / total for w in clipped], valid


def _maximum(vectors: list[FloatArray]) -> FloatArray:
    """Elementwise maximum of a list of arrays."""
    best = vectors[0]
    for v in vectors[1:]:
        best = np.maximum(best, v)
    return best


def _witness(
    valid: NDArray[np.bool_],
    replies: list[FloatArray],
    best: FloatArray,
    support: tuple[int, ...],
    weights: list[FloatArray],
    tol: float,
) -> NDArray[np.bool_]:
    """Games where a mix has ``support`` among its best replies, and more of them than weights.

    ``replies`` are the opponent's payoffs of each pure reply against the mix, ``support`` the
    opponent's support of the pair (which must be best replies), ``weights`` the mix's weights.
    """
    threshold = best - tol
    is_best = [r >= threshold for r in replies]
    witness = valid.copy()
    for b in support:
        witness &= is_best[b]
    n_best = np.sum(is_best, axis=0)
    n_support = np.sum([w > tol for w in weights], axis=0)
    witness &= n_best > n_support
    return witness


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
        Candidates for all ``P = Σ_k C(m, k) C(n, k)`` pairs of :func:`support_pairs`.

    Notes
    -----
    For supports ``I, J`` of size ``k`` the column mix solves ``(A_{i J} − A_{i₀ J}) y_J = 0``
    for ``i ∈ I \\ {i₀}`` and ``Σ y = 1``; the row mix solves the transposed system in ``B``.
    The pair is an equilibrium iff ``x, y ≥ 0`` and both regrets
    ``max_i (Ay)_i − xᵀAy`` and ``max_j (xᵀB)_j − xᵀBy`` are at most ``tol``.
    An indifference system counts as singular when ``|Σ_j c_j| ≤ 10⁻¹² r^{k−1}``, ``r`` the
    player's payoff range in that game (the minors scale like ``r^{k−1}``).

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[1.0, -1.0], [-1.0, 1.0]]])  # matching pennies
    >>> out = equal_support_candidates(A, -A, 1e-9)
    >>> int(out.found.sum()), out.row[:, 4, 0].tolist(), bool(out.degenerate[0])
    (1, [0.5, 0.5], False)
    """
    G, m, n = A.shape
    a = np.ascontiguousarray(np.moveaxis(A, 0, -1))  # (m, n, G)
    b = np.ascontiguousarray(np.moveaxis(B, 0, -1))
    b_t = np.swapaxes(b, 0, 1)  # (n, m, G): the column player's payoff, own action first
    range_a = a.reshape(m * n, G).max(axis=0) - a.reshape(m * n, G).min(axis=0)
    range_b = b.reshape(m * n, G).max(axis=0) - b.reshape(m * n, G).min(axis=0)
    pairs = support_pairs(m, n)
    found = np.zeros((len(pairs), G), dtype=bool)
    row = np.zeros((m, len(pairs), G))
    col = np.zeros((n, len(pairs), G))
    payoffs = np.zeros((2, len(pairs), G))
    regret = np.zeros((len(pairs), G))
    degenerate = np.zeros(G, dtype=bool)

    column_best = a.max(axis=0)  # (n, G): row player's best payoff against each column
    row_best = b.max(axis=1)  # (m, G): column player's best payoff against each row
    # A pure strategy with several best replies makes the game degenerate.
    degenerate |= np.any(np.sum(b >= row_best[:, None, :] - tol, axis=1) > 1, axis=0)
    degenerate |= np.any(np.sum(a >= column_best[None, :, :] - tol, axis=0) > 1, axis=0)

    for p, (rows, cols) in enumerate(pairs):
        k = len(rows)
        if k == 1:
            i, j = rows[0], cols[0]
            regret[p] = np.maximum(column_best[j] - a[i, j], row_best[i] - b[i, j])
            found[p] = regret[p] <= tol
            payoffs[0, p], payoffs[1, p] = a[i, j], b[i, j]
            row[i, p] = 1.0
            col[j, p] = 1.0
            continue
        y_raw, y_singular = _indifferent_mix(a, rows, cols, SINGULAR_TOLERANCE * range_a ** (k - 1))
        x_raw, x_singular = _indifferent_mix(
            b_t, cols, rows, SINGULAR_TOLERANCE * range_b ** (k - 1)
        )
        y, y_valid = _probabilities(y_raw, y_singular, tol)
        x, x_valid = _probabilities(x_raw, x_singular, tol)
        row_payoffs = [sum(a[i, j] * y[c] for c, j in enumerate(cols)) for i in range(m)]
        col_payoffs = [sum(b[i, j] * x[r] for r, i in enumerate(rows)) for j in range(n)]
        best_row, best_col = _maximum(row_payoffs), _maximum(col_payoffs)
        row_value = sum(x[r] * row_payoffs[i] for r, i in enumerate(rows))
        col_value = sum(y[c] * col_payoffs[j] for c, j in enumerate(cols))
        regret[p] = np.maximum(best_row - row_value, best_col - col_value)
        found[p] = x_valid & y_valid & (regret[p] <= tol)
        payoffs[0, p], payoffs[1, p] = row_value, col_value
        for r, i in enumerate(rows):
            row[i, p] = x[r]
        for c, j in enumerate(cols):
            col[j, p] = y[c]
        degenerate |= _witness(x_valid, col_payoffs, best_col, cols, x, tol)
        degenerate |= _witness(y_valid, row_payoffs, best_row, rows, y, tol)
    return SupportCandidates(
        found=found, row=row, col=col, payoffs=payoffs, regret=regret, degenerate=degenerate
    )
