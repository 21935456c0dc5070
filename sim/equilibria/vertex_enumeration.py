"""Extreme Nash equilibria of two-player games by vertex enumeration of the best-response polytopes.

With payoffs shifted so that every entry of ``A`` and ``B`` is positive, the best-response
polytopes are

.. math::
    P = \\{x \\in \\mathbb{R}^m : x \\ge 0,\\; B^\\top x \\le 1\\}, \\qquad
    Q = \\{y \\in \\mathbb{R}^n : A y \\le 1,\\; y \\ge 0\\}.

A point of :math:`P` carries label :math:`i` if :math:`x_i = 0` and label :math:`m + j` if
:math:`(B^\\top x)_j = 1` (column :math:`j` is a best reply); a point of :math:`Q` carries label
:math:`i` if :math:`(Ay)_i = 1` and :math:`m + j` if :math:`y_j = 0`. The extreme Nash equilibria
are exactly the completely labelled vertex pairs :math:`(x, y) \\ne (0, 0)`, rescaled to sum to
one (von Stengel 2007, Thm 3.4; Avis et al. 2010, §2), also for degenerate games. This is the set
Gambit's ``enummixed`` reports.

Vertices are found by solving every choice of ``dim`` constraints as equalities (batched numpy
solves) and keeping the feasible, distinct solutions. This is exhaustive; its work is the
number of candidate bases, :math:`\\binom{m+n}{m}` per polytope (:func:`basis_count`), so it
suits games with few actions on at least one side (4×16: 4,845 bases). A game is
*degenerate* iff some vertex has more than ``dim`` labels.

Every Nash equilibrium is a convex combination of extreme equilibria within a *maximal Nash
subset*: a set of extreme row strategies :math:`X'` and column strategies :math:`Y'` with every
pair :math:`(x, y) \\in X' \\times Y'` an equilibrium, maximal for inclusion (Winkels 1979;
Avis et al. 2010, §4). These are the maximal bicliques of the bipartite graph of extreme
equilibria, computed by :func:`maximal_nash_subsets`.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. In Nisan et al. (eds.), *Algorithmic Game Theory*, ch. 3. Cambridge University Press.
Avis, D., Rosenberg, G., Savani, R., & von Stengel, B. (2010). Enumeration of Nash equilibria for
two-player games. *Economic Theory* 42, 9–37.
Winkels, H.-M. (1979). An algorithm to determine all equilibrium points of a bimatrix game. In
Moeschlin & Pallaschke (eds.), *Game Theory and Related Topics*, 137–148.

Examples
--------
>>> import numpy as np
>>> A = np.array([[1.0, 0.0], [0.0, 1.0]])  # a coordination game
>>> result = vertex_enumeration(A, A)
>>> [(x.round(9).tolist(), y.round(9).tolist()) for x, y in result.equilibria]
[([0.0, 1.0], [0.0, 1.0]), ([0.5, 0.5], [0.5, 0.5]), ([1.0, 0.0], [1.0, 0.0])]
>>> result.degenerate
False
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.arrays import FloatArray
from sim.equilibria.budget import Deadline, as_deadline
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.normal_form import bimatrix_tensor

_CHUNK = 20_000
_SINGULAR = 1e-11
"""Smallest ``|det(M)| / prod(row norms of M)`` of a constraint set treated as regular."""


@dataclass(frozen=True)
class Polytope:
    """The vertices of a best-response polytope and their label sets (bit masks)."""

    vertices: FloatArray
    labels: list[int]
    dim: int

    @property
    def degenerate(self) -> bool:
        """True if some vertex lies on more than ``dim`` facets."""
        return any(bin(mask).count("1") > self.dim for mask in self.labels)


@dataclass(frozen=True)
class VertexEnumerationResult:
    """Extreme equilibria of a bimatrix game and the structure of its equilibrium set.

    Attributes
    ----------
    equilibria
        The extreme equilibria ``(x, y)``, sorted lexicographically by ``(x, y)``.
    row_extremes, column_extremes
        Distinct extreme strategies of each player appearing in some equilibrium.
    pairs
        ``(row extreme index, column extreme index)`` of each equilibrium (same order).
    subsets
        Maximal Nash subsets as ``(row extreme indices, column extreme indices)``.
    degenerate
        True if either best-response polytope is degenerate.
    """

    equilibria: list[tuple[FloatArray, FloatArray]]
    row_extremes: list[FloatArray]
    column_extremes: list[FloatArray]
    pairs: list[tuple[int, int]]
    subsets: list[tuple[list[int], list[int]]]
    degenerate: bool


def basis_count(m: int, n: int) -> int:
    """Candidate bases of each best-response polytope of an ``m``×``n`` game:
    :math:`\\binom{m+n}{m}` (choose which ``d`` of the ``m + n`` constraints are tight)."""
    return math.comb(m + n, m)


def polytope_vertices(
    G: FloatArray,
    *,
    nonnegativity_first: bool,
    tol: float = DEFAULT_TOLERANCE,
    deadline: Deadline | None = None,
) -> Polytope:
    """Vertices of :math:`\\{z \\ge 0, G z \\le 1\\}` with labels.

    ``G`` has shape ``(k, d)``. Constraint ``z_t \\ge 0`` has label ``t`` and ``(G z)_s \\le 1``
    has label ``d + s`` when ``nonnegativity_first``; otherwise ``(Gz)_s \\le 1`` is label ``s``
    and ``z_t \\ge 0`` is label ``k + t``.
    """
    k, d = G.shape
    C = np.vstack([-np.eye(d), G])  # rows: z >= 0 (as -z <= 0), then G z <= 1
    rhs = np.concatenate([np.zeros(d), np.ones(k)])
    deadline = as_deadline(deadline)
    bases = itertools.combinations(range(d + k), d)
    found: list[FloatArray] = []
    while batch := list(itertools.islice(bases, _CHUNK)):
        if deadline.expired():
            raise TimeoutError(f"vertex enumeration: {deadline.message()}")
        chunk = np.array(batch, dtype=np.intp).reshape(-1, d)
        M = C[chunk]  # (N, d, d)
        # |det| over Hadamard's bound (product of row norms) lies in [0, 1]; ~0 means singular
        sign, logdet = np.linalg.slogdet(M)
        hadamard = np.sum(np.log(np.linalg.norm(M, axis=2)), axis=1)
        regular = (sign != 0) & (logdet - hadamard > np.log(_SINGULAR))
        if not regular.any():
            continue
        z = np.linalg.solve(M[regular], rhs[chunk[regular]][:, :, None])[:, :, 0]
        feasible = np.all(z @ C.T <= rhs + tol, axis=1)
        found.extend(z[feasible])
    stacked = np.array(found).reshape(-1, d)
    stacked[np.abs(stacked) <= tol] = 0.0
    vertices = _unique_rows(stacked)
    slack = np.abs(vertices @ C.T - rhs) <= tol  # (V, d + k) tight constraints
    order = (
        np.arange(d + k)
        if nonnegativity_first
        else np.concatenate([np.arange(k) + d, np.arange(d)])
    )
    # order[label] = constraint row with that label
    bits = np.left_shift(1, np.arange(d + k), dtype=object)  # Python ints: any size
    masks = [int(np.sum(bits[row[order]])) for row in slack]
    return Polytope(vertices, masks, d)


def vertex_enumeration(
    A: ArrayLike,
    B: ArrayLike,
    *,
    tol: float = DEFAULT_TOLERANCE,
    deadline: Deadline | None = None,
) -> VertexEnumerationResult:
    """Every extreme Nash equilibrium of the bimatrix game ``(A, B)``.

    Parameters
    ----------
    A, B
        Payoff matrices ``(m, n)`` of the row and column player.
    tol
        Tolerance for tight constraints, feasibility and de-duplication of vertices.
    deadline
        Checked between chunks of candidate bases.

    Returns
    -------
    VertexEnumerationResult
        Extreme equilibria, the maximal Nash subsets they form, and whether the game is
        degenerate.

    Raises
    ------
    TimeoutError
        If ``deadline`` expires first (a partial vertex list would give wrong Nash subsets).
    """
    a, b = bimatrix_tensor(A, B)
    m, n = a.shape
    # positive payoffs of order one: shift, then scale (equilibria are invariant)
    a_pos = _positive(a)
    b_pos = _positive(b)
    # labels 0..m-1 then m.. in P; in Q labels 0..m-1 are the rows
    P = polytope_vertices(b_pos.T, nonnegativity_first=True, tol=tol, deadline=deadline)
    Q = polytope_vertices(a_pos, nonnegativity_first=False, tol=tol, deadline=deadline)
    tight_p = _label_matrix(P.labels, m + n)
    tight_q = _label_matrix(Q.labels, m + n)
    # completely labelled: every label is tight in x or in y, i.e. no label missing in both
    missing = (~tight_p).astype(np.int64) @ (~tight_q).astype(np.int64).T
    equilibria: list[tuple[FloatArray, FloatArray]] = []
    for i, j in np.argwhere(missing == 0):
        x, y = P.vertices[i], Q.vertices[j]
        if x.sum() > tol and y.sum() > tol:
            equilibria.append((x / x.sum(), y / y.sum()))
    equilibria.sort(key=lambda e: (tuple(np.round(e[0], 12)), tuple(np.round(e[1], 12))))
    rows = _distinct([x for x, _ in equilibria])
    cols = _distinct([y for _, y in equilibria])
    pairs = [(_index(rows, x), _index(cols, y)) for x, y in equilibria]
    return VertexEnumerationResult(
        equilibria=equilibria,
        row_extremes=rows,
        column_extremes=cols,
        pairs=pairs,
        subsets=maximal_nash_subsets(pairs),
        degenerate=P.degenerate or Q.degenerate,
    )


def maximal_nash_subsets(pairs: list[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Maximal bicliques ``(rows, columns)`` of the bipartite graph with edges ``pairs``.

    Every maximal biclique is a *formal concept*: ``columns`` is the set of common neighbours of
    ``rows`` and vice versa. The column sets of concepts are the intersections of neighbourhoods
    of row vertices, so closing the neighbourhoods under intersection lists them all.

    Examples
    --------
    >>> maximal_nash_subsets([(0, 0), (0, 1), (1, 1)])
    [([0], [0, 1]), ([0, 1], [1])]
    """
    neighbours: dict[int, frozenset[int]] = {}
    for r, c in pairs:
        neighbours[r] = neighbours.get(r, frozenset()) | {c}
    closed: set[frozenset[int]] = set(neighbours.values())
    frontier = set(closed)
    while frontier:
        new = {s & t for s in frontier for t in closed} - closed - {frozenset()}
        closed |= new
        frontier = new
    subsets = []
    for cols in closed:
        rows = sorted(r for r, nb in neighbours.items() if cols <= nb)
        subsets.append((rows, sorted(cols)))
    return sorted(subsets)


def _label_matrix(masks: list[int], count: int) -> NDArray[np.bool_]:
    """Bit masks as a boolean matrix ``(len(masks), count)``."""
    return np.array([[(mask >> b) & 1 == 1 for b in range(count)] for mask in masks]).reshape(
        -1, count
    )


def _positive(M: FloatArray) -> FloatArray:
    spread = float(M.max() - M.min())
    return (M - M.min()) / (spread if spread > 0 else 1.0) + 1.0


def _unique_rows(Z: FloatArray, decimals: int = 9) -> FloatArray:
    """One representative of each group of rows equal after rounding to ``decimals`` digits.

    Vertices reached from several bases of a degenerate polytope differ by rounding errors of
    order 1e-15, far below the rounding grid.
    """
    if len(Z) == 0:
        return Z
    _, first = np.unique(np.round(Z, decimals) + 0.0, axis=0, return_index=True)
    return Z[np.sort(first)]


def _distinct(vectors: list[FloatArray], atol: float = 1e-9) -> list[FloatArray]:
    out: list[FloatArray] = []
    for v in vectors:
        if not any(np.max(np.abs(o - v)) <= atol for o in out):
            out.append(v)
    return out


def _index(vectors: list[FloatArray], v: FloatArray, atol: float = 1e-9) -> int:
    return next(i for i, o in enumerate(vectors) if np.max(np.abs(o - v)) <= atol)
