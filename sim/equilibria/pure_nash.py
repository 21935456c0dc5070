"""Pure-strategy Nash equilibria of n-player normal-form games, by a vectorised best-reply check.

Notes
-----
A pure profile :math:`a` is a Nash equilibrium iff for every player :math:`i`,
:math:`u_i(a) \\ge \\max_{s} u_i(s, a_{-i}) - \\text{tol}`. On the payoff tensor
``payoffs[i]`` (shape ``(m_1, ..., m_n)``) the right-hand side is a maximum along axis ``i``, so
one comparison per player marks every best reply at once and the equilibria are the cells where
all players' marks hold (Nash 1951; the same check as Gambit's ``enumpure``).

Examples
--------
>>> import numpy as np
>>> prisoners_dilemma = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
>>> pure_nash_equilibria(prisoners_dilemma)
[(1, 1)]
>>> coordination = np.array([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], dtype=float)
>>> pure_nash_equilibria(coordination)
[(0, 0), (1, 1)]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.equilibria.verify import DEFAULT_TOLERANCE


def best_reply_mask(payoffs: ArrayLike, *, tol: float = DEFAULT_TOLERANCE) -> NDArray[np.bool_]:
    """Boolean tensor ``(n_players, m_1, ..., m_n)``: is player ``i``'s action a best reply?"""
    tensor = np.asarray(payoffs, dtype=float)
    n = tensor.shape[0]
    if tensor.ndim != n + 1:
        raise ValueError(
            f"payoff tensor of shape {tensor.shape} does not have n_players + 1 = {n + 1} axes"
        )
    masks = [tensor[i] >= tensor[i].max(axis=i, keepdims=True) - tol for i in range(n)]
    return np.stack(masks)


def pure_nash_equilibria(
    payoffs: ArrayLike, *, tol: float = DEFAULT_TOLERANCE
) -> list[tuple[int, ...]]:
    """Every pure Nash equilibrium (the cells where every player's action is a best reply), as
    action-index tuples in lexicographic order."""
    cells = np.argwhere(np.all(best_reply_mask(payoffs, tol=tol), axis=0))
    return [tuple(int(a) for a in cell) for cell in cells]
