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
4. **Certificate**: the regret of every returned profile (its best pure deviation gain, computed
   from ``A`` and ``B`` for the profile as returned) is checked once more before anything is
   returned: vertex-enumeration profiles above ``tol`` are dropped, and any other profile above
   ``tol`` raises :class:`~sim.equilibria.verify.EquilibriumVerificationError`.

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

CHUNK_GAMES = 16384
"""Games per chunk: the length of the vectors every array operation works on (measured best
between 8k and 32k games on 2 × 2 to 4 × 4 games)."""

CHUNK_ELEMENTS = 1 << 22
"""Upper bound on one chunk's candidate arrays (games × support pairs × actions), which lowers
the chunk size for larger games."""


FALLBACK_ELEMENTS = 1 << 21
"""Bound on (degenerate games × bases²) handled by one vertex-enumeration call, which keeps its
pairwise vertex comparisons in memory (a 6 × 6 game has 924 bases per player)."""


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


@dataclass(frozen=True)
class _Entries:
    """Equilibria of a chunk as a flat list: game, strategies (action first), payoffs, regret."""

    game: NDArray[np.intp]
    row: FloatArray  # (m, E)
    col: FloatArray  # (n, E)
    payoffs: FloatArray  # (2, E)
    regret: FloatArray  # (E,)

    def select(self, keep: NDArray[np.bool_] | NDArray[np.intp]) -> _Entries:
        """The entries picked by a boolean mask or an index array."""
        return _Entries(
            self.game[keep],
            self.row[:, keep],
            self.col[:, keep],
            self.payoffs[:, keep],
            self.regret[keep],
        )


def _entries(
    a: FloatArray, b: FloatArray, game: NDArray[np.intp], row: FloatArray, col: FloatArray
) -> _Entries:
    """Payoffs and regret of profiles ``(row[:, e], col[:, e])`` of games ``game[e]``.

    ``a, b`` are the chunk's payoffs action-first, ``(m, n, G)``. The regret is
    ``max(max_i (Ay)_i − xᵀAy, max_j (xᵀB)_j − xᵀBy)``.
    """
    m, n = a.shape[:2]
    a_e, b_e = a[:, :, game], b[:, :, game]
    row_payoffs = [sum(a_e[i, j] * col[j] for j in range(n)) for i in range(m)]
    col_payoffs = [sum(b_e[i, j] * row[i] for i in range(m)) for j in range(n)]
    row_value = sum(row[i] * row_payoffs[i] for i in range(m))
    col_value = sum(col[j] * col_payoffs[j] for j in range(n))
    regret = np.maximum(
        np.max(row_payoffs, axis=0) - row_value, np.max(col_payoffs, axis=0) - col_value
    )
    payoffs = np.stack([np.asarray(row_value), np.asarray(col_value)])
    return _Entries(game, row, col, payoffs, regret)


def _solve_chunk(A: FloatArray, B: FloatArray, tol: float) -> tuple[_Entries, NDArray[np.bool_]]:
    """Equilibria of one chunk: support enumeration, vertex enumeration for degenerate games."""
    candidates = equal_support_candidates(A, B, tol)
    degenerate = candidates.degenerate
    game, pair = np.nonzero((candidates.found & ~degenerate).T)  # sorted by game, then pair
    found = _Entries(
        game,
        candidates.row[:, pair, game],
        candidates.col[:, pair, game],
        candidates.payoffs[:, pair, game],
        candidates.regret[pair, game],
    )
    flagged = np.flatnonzero(degenerate)
    if flagged.size:
        a = np.moveaxis(A, 0, -1)
        b = np.moveaxis(B, 0, -1)
        m, n = A.shape[1:]
        per_group = max(1, FALLBACK_ELEMENTS // comb(m + n, m) ** 2)
        pieces = []
        for start in range(0, flagged.size, per_group):
            group = flagged[start : start + per_group]
            vertices = extreme_equilibria_batch(A[group], B[group], tol)
            local, x_index, y_index = np.nonzero(vertices.found)
            piece = _entries(
                a,
                b,
                group[local],
                vertices.row[local, x_index].T,
                vertices.col[local, y_index].T,
            )
            pieces.append(piece.select(piece.regret <= tol))  # refuse uncertified profiles
        extra = _Entries(
            np.concatenate([p.game for p in pieces]),
            np.concatenate([p.row for p in pieces], axis=1),
            np.concatenate([p.col for p in pieces], axis=1),
            np.concatenate([p.payoffs for p in pieces], axis=1),
            np.concatenate([p.regret for p in pieces]),
        )
        merged = _Entries(
            np.concatenate([found.game, extra.game]),
            np.concatenate([found.row, extra.row], axis=1),
            np.concatenate([found.col, extra.col], axis=1),
            np.concatenate([found.payoffs, extra.payoffs], axis=1),
            np.concatenate([found.regret, extra.regret]),
        )
        found = merged.select(np.argsort(merged.game, kind="stable"))
    worst = float(found.regret.max(initial=0.0))
    if worst > tol:
        raise EquilibriumVerificationError(
            f"batched bimatrix solver produced a profile with regret {worst:.3g} > tol {tol:.3g}"
        )
    return found, degenerate


def _as_games(A: ArrayLike, B: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Validate and convert the payoff arrays."""
    a = np.asarray(A, dtype=np.float64)
    b = np.asarray(B, dtype=np.float64)
    if a.ndim != 3 or a.shape != b.shape:
        raise ValueError(
            f"A and B must both have shape (N, m, n); got {a.shape} and {b.shape}. "
            "Fix: stack single games with A[None], B[None]."
        )
    if min(a.shape[1:]) < 1:
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
        Games per chunk (default :data:`CHUNK_GAMES`, fewer when the candidate arrays would
        exceed :data:`CHUNK_ELEMENTS` floats). Results do not depend on it.

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
    size = chunk_size or min(CHUNK_GAMES, max(256, CHUNK_ELEMENTS // (pairs * max(m, n))))
    chunks = [
        _solve_chunk(a[start : start + size], b[start : start + size], tol)
        for start in range(0, N, size)
    ]
    count = np.concatenate(
        [np.bincount(e.game, minlength=flags.size) for e, flags in chunks]
        or [np.zeros(0, dtype=np.intp)]
    ).astype(np.intp)
    degenerate = np.concatenate([flags for _, flags in chunks] or [np.zeros(0, dtype=bool)])
    width = int(count.max(initial=0))
    row = np.full((N, width, m), np.nan)
    col = np.full((N, width, n), np.nan)
    payoffs = np.full((N, width, 2), np.nan)
    regret = np.full((N, width), np.nan)
    flat_row, flat_col = row.reshape(N * width, m), col.reshape(N * width, n)
    flat_payoffs, flat_regret = payoffs.reshape(N * width, 2), regret.reshape(N * width)
    for start, (entries, _) in zip(range(0, N, size), chunks, strict=True):
        game = entries.game  # sorted: each game's equilibria are consecutive
        chunk_count = count[start : start + size]
        slot = np.arange(game.size) - (np.cumsum(chunk_count) - chunk_count)[game]
        at = (start + game) * width + slot
        flat_row[at] = entries.row.T
        flat_col[at] = entries.col.T
        flat_payoffs[at] = entries.payoffs.T
        flat_regret[at] = entries.regret
    return BatchNashResult(
        count=count,
        row=row,
        col=col,
        payoffs=payoffs,
        regret=regret,
        degenerate=degenerate,
        tolerance=tol,
    )
