"""All Nash equilibria of whole arrays of bimatrix games, in vectorised numpy.

:func:`solve_bimatrix_batch` takes payoff arrays ``A, B`` of shape ``(N, m, n)`` and returns every
extreme Nash equilibrium of every game, with no Python loop over games:

1. **Support enumeration over equal-size supports** for all games at once
   (:mod:`sim.equilibria.batched_support_enumeration`): closed-form solutions of every
   indifference system, then feasibility and regret checks. For a nondegenerate game this is the
   complete set of equilibria (von Stengel 2007, Thm 3.4), each found once.
2. **Degeneracy detection** in the same pass: a game is flagged when some mixed strategy found by
   a nonsingular indifference system has more pure best responses than its support size (the
   definition of degeneracy; the module notes of step 1 show this test is exact).
3. **Vertex enumeration for the flagged games only**
   (:mod:`sim.equilibria.batched_vertex_enumeration`): every completely labelled pair of vertices
   of the best-response polytopes, degenerate vertices included, i.e. every extreme equilibrium,
   as Gambit's ``enummixed`` (lrs) computes it.
4. **Certificate**: the regret of every returned profile is recomputed from ``A`` and ``B`` and a
   profile above ``tol`` raises :class:`~sim.equilibria.verify.EquilibriumVerificationError`.

Games are processed in chunks sized to stay in cache; the work per chunk is array arithmetic.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. In Nisan et al. (eds.), *Algorithmic Game Theory*, ch. 3. Cambridge UP.
Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory*, 42(1), 9–37.

Examples
--------
>>> import numpy as np
>>> A = np.array([[[3.0, 0.0], [0.0, 2.0]]])  # battle of the sexes
>>> B = np.array([[[2.0, 0.0], [0.0, 3.0]]])
>>> result = solve_bimatrix_batch(A, B)
>>> int(result.count[0]), bool(result.degenerate[0])
(3, False)
>>> [(r.round(3).tolist(), c.round(3).tolist()) for r, c in result.equilibria(0)]
[([1.0, 0.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0]), ([0.6, 0.4], [0.4, 0.6])]
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.equilibria.batched_linalg import FloatArray
from sim.equilibria.batched_support_enumeration import equal_support_candidates
from sim.equilibria.batched_vertex_enumeration import extreme_equilibria_batch
from sim.equilibria.verify import DEFAULT_TOLERANCE, EquilibriumVerificationError

CHUNK_ELEMENTS = 1 << 20
"""Target number of floats per ``(games × support pairs × actions)`` array in one chunk."""


@dataclass(frozen=True)
class BatchNashResult:
    """Extreme Nash equilibria of ``N`` bimatrix games, padded to ``K`` per game.

    Attributes
    ----------
    count
        ``(N,)`` number of equilibria of each game.
    row, col
        ``(N, K, m)`` and ``(N, K, n)``: the row and column player's mixed strategies; entries
        beyond ``count[i]`` are NaN. Equilibria of a nondegenerate game come in support
        enumeration order (support size, then row support, then column support,
        lexicographically); those of a degenerate game in vertex-enumeration order.
    payoffs
        ``(N, K, 2)`` expected payoffs of the row and column player (NaN padded).
    regret
        ``(N, K)`` largest gain from a pure deviation by either player (NaN padded); every
        value is at most ``tolerance``.
    degenerate
        ``(N,)`` True where the game is degenerate (then ``row``, ``col`` hold its *extreme*
        equilibria; the full set is their convex hull within each maximal Nash subset).
    tolerance
        The payoff tolerance used for ties and for the regret certificate.
    """

    count: NDArray[np.intp]
    row: FloatArray
    col: FloatArray
    payoffs: FloatArray
    regret: FloatArray
    degenerate: NDArray[np.bool_]
    tolerance: float = DEFAULT_TOLERANCE

    @property
    def n_games(self) -> int:
        """Number of games ``N``."""
        return int(self.count.shape[0])

    def equilibria(self, i: int) -> list[tuple[FloatArray, FloatArray]]:
        """The equilibria of game ``i`` as ``(row strategy, column strategy)`` pairs."""
        k = int(self.count[i])
        return [(self.row[i, e].copy(), self.col[i, e].copy()) for e in range(k)]


def _compact(
    found: NDArray[np.bool_],
    row: FloatArray,
    col: FloatArray,
    row_index: NDArray[np.intp],
    col_index: NDArray[np.intp],
) -> tuple[NDArray[np.intp], FloatArray, FloatArray]:
    """Move the found candidates of each game to the front, NaN-padding the rest.

    ``found`` is ``(G, C)``; candidate ``c`` of game ``g`` is the pair
    ``row[g, row_index[c]], col[g, col_index[c]]``.
    """
    G = found.shape[0]
    count = found.sum(axis=1)
    width = int(count.max()) if G else 0
    games, candidates = np.nonzero(found)
    slot = (np.cumsum(found, axis=1) - 1)[games, candidates]
    out_row = np.full((G, width, row.shape[-1]), np.nan)
    out_col = np.full((G, width, col.shape[-1]), np.nan)
    out_row[games, slot] = row[games, row_index[candidates]]
    out_col[games, slot] = col[games, col_index[candidates]]
    return count.astype(np.intp), out_row, out_col


def _pad(values: FloatArray, width: int) -> FloatArray:
    """NaN-pad axis 1 of ``values`` to ``width``."""
    extra = width - values.shape[1]
    if extra == 0:
        return values
    filler = np.full((values.shape[0], extra, *values.shape[2:]), np.nan)
    return np.concatenate([values, filler], axis=1)


def _solve_chunk(
    A: FloatArray, B: FloatArray, tol: float
) -> tuple[NDArray[np.intp], FloatArray, FloatArray, NDArray[np.bool_]]:
    """Equilibria of one chunk: support enumeration, vertex enumeration for degenerate games."""
    candidates = equal_support_candidates(A, B, tol)
    degenerate = candidates.degenerate
    found = candidates.found & ~degenerate[:, None]
    pairs = np.arange(found.shape[1])
    count, row, col = _compact(found, candidates.row, candidates.col, pairs, pairs)
    flagged = np.flatnonzero(degenerate)
    if flagged.size:
        vertices = extreme_equilibria_batch(A[flagged], B[flagged], tol)
        F, V, W = vertices.found.shape
        x_index, y_index = np.divmod(np.arange(V * W), W)
        x = vertices.row[:, x_index]
        y = vertices.col[:, y_index]
        row_payoffs = np.einsum("fij,fcj->fci", A[flagged], y)
        col_payoffs = np.einsum("fij,fci->fcj", B[flagged], x)
        regret = np.maximum(
            row_payoffs.max(axis=-1) - np.einsum("fci,fci->fc", x, row_payoffs),
            col_payoffs.max(axis=-1) - np.einsum("fcj,fcj->fc", y, col_payoffs),
        )
        keep = vertices.found.reshape(F, V * W) & (regret <= tol)
        f_count, f_row, f_col = _compact(keep, vertices.row, vertices.col, x_index, y_index)
        width = max(row.shape[1], f_row.shape[1])
        row, col = _pad(row, width), _pad(col, width)
        row[flagged], col[flagged] = _pad(f_row, width), _pad(f_col, width)
        count[flagged] = f_count
    return count, row, col, degenerate


def _as_games(A: ArrayLike, B: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Validate and convert the payoff arrays."""
    a = np.asarray(A, dtype=np.float64)
    b = np.asarray(B, dtype=np.float64)
    if a.ndim != 3 or a.shape != b.shape:
        raise ValueError(
            f"A and B must both have shape (N, m, n); got {a.shape} and {b.shape}. "
            "Fix: stack single games with A[None], B[None]."
        )
    if min(a.shape[1:], default=0) < 1:
        raise ValueError(f"each player needs at least one action; got games of shape {a.shape[1:]}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("payoffs must be finite numbers (no NaN or infinity)")
    return a, b


def solve_bimatrix_batch(
    A: ArrayLike, B: ArrayLike, tol: float = DEFAULT_TOLERANCE, *, chunk_size: int | None = None
) -> BatchNashResult:
    """Every extreme Nash equilibrium of every bimatrix game of a stack.

    Parameters
    ----------
    A, B
        Payoffs of the row and column player, shape ``(N, m, n)``: ``A[g, i, j]`` is the row
        player's payoff in game ``g`` when the row player plays ``i`` and the column player ``j``.
        Any ``m, n ≥ 1``; the work per game grows like ``Σ_k C(m, k) C(n, k)``, so the solver is
        meant for small games (up to about 5 × 5).
    tol
        Payoff tolerance: best-response ties, support weights treated as zero, and the regret
        certificate every returned profile must pass.
    chunk_size
        Games per chunk (default: sized so one chunk's arrays hold about
        :data:`CHUNK_ELEMENTS` floats). Results do not depend on it.

    Returns
    -------
    BatchNashResult
        Equilibria padded with NaN to the largest count, payoffs, regrets and the degeneracy flag.

    Raises
    ------
    ValueError
        If the arrays are not of one shape ``(N, m, n)`` or hold non-finite values.
    EquilibriumVerificationError
        If a profile fails the final regret certificate (a bug, never expected).

    Notes
    -----
    The regret of a profile ``(x, y)`` is
    ``max(max_i (Ay)_i − xᵀAy, max_j (xᵀB)_j − xᵀBy)``; every returned profile has regret at most
    ``tol``. For a nondegenerate game the result is its set of Nash equilibria (finite and odd in
    number, von Stengel 2007, Thm 3.4 and Cor. 3.7); for a degenerate game it is its set of extreme
    equilibria, the same set as Gambit's ``enummixed``.
    """
    a, b = _as_games(A, B)
    N, m, n = a.shape
    pairs = sum(comb(m, k) * comb(n, k) for k in range(1, min(m, n) + 1))
    size = chunk_size or max(256, CHUNK_ELEMENTS // (pairs * max(m, n)))
    counts: list[NDArray[np.intp]] = []
    rows: list[FloatArray] = []
    cols: list[FloatArray] = []
    flags: list[NDArray[np.bool_]] = []
    for start in range(0, N, size):
        count_c, row_c, col_c, flag_c = _solve_chunk(
            a[start : start + size], b[start : start + size], tol
        )
        counts.append(count_c)
        rows.append(row_c)
        cols.append(col_c)
        flags.append(flag_c)
    width = max((r.shape[1] for r in rows), default=0)
    count = np.concatenate(counts) if counts else np.zeros(0, dtype=np.intp)
    row = np.concatenate([_pad(r, width) for r in rows]) if rows else np.zeros((0, 0, m))
    col = np.concatenate([_pad(c, width) for c in cols]) if cols else np.zeros((0, 0, n))
    degenerate = np.concatenate(flags) if flags else np.zeros(0, dtype=bool)

    row_payoffs = np.einsum("gij,gkj->gki", a, col)
    col_payoffs = np.einsum("gij,gki->gkj", b, row)
    row_value = np.einsum("gki,gki->gk", row, row_payoffs)
    col_value = np.einsum("gkj,gkj->gk", col, col_payoffs)
    regret = np.maximum(row_payoffs.max(axis=-1) - row_value, col_payoffs.max(axis=-1) - col_value)
    worst = np.nanmax(regret, initial=0.0)
    if worst > tol:
        raise EquilibriumVerificationError(
            f"batched bimatrix solver produced a profile with regret {worst:.3g} > tol {tol:.3g}"
        )
    return BatchNashResult(
        count=count,
        row=row,
        col=col,
        payoffs=np.stack([row_value, col_value], axis=-1),
        regret=regret,
        degenerate=degenerate,
        tolerance=tol,
    )
