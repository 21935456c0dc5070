"""Regret of a mixed profile in an n-player normal-form game, computed on the payoff tensor.

The payoff tensor has shape ``(n_players, m_1, ..., m_n)``: ``payoffs[i][a_1, ..., a_n]`` is
player ``i``'s payoff when each player ``j`` plays its pure action ``a_j``. A mixed profile is a
sequence of probability vectors, one per player.

Notes
-----
Player :math:`i`'s payoff from pure action :math:`s` against the others' mixed strategies is

.. math:: u_i(s, \\sigma_{-i}) = \\sum_{a_{-i}} u_i(s, a_{-i}) \\prod_{j \\ne i} \\sigma_j(a_j),

(:func:`~sim.games.normal_form.deviation_payoffs`), and the *regret* of a profile is
:math:`\\max_i [\\max_s u_i(s, \\sigma_{-i}) - u_i(\\sigma)]`, the largest gain any player gets
from a unilateral (pure, hence also mixed) deviation. A profile is a Nash equilibrium iff its
regret is zero (Nash 1951).

References
----------
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286–295.

Examples
--------
>>> import numpy as np
>>> matching_pennies = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
>>> half = [np.array([0.5, 0.5]), np.array([0.5, 0.5])]
>>> profile_regret(matching_pennies, half)
0.0
>>> profile_regret(matching_pennies, [np.array([1.0, 0.0]), np.array([1.0, 0.0])])
2.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.arrays import FloatArray
from sim.games.normal_form import deviation_payoffs


def expected_payoffs(payoffs: ArrayLike, profile: Sequence[ArrayLike]) -> FloatArray:
    """Expected payoff of every player under a mixed profile, shape ``(n_players,)``."""
    dev = deviation_payoffs(payoffs, profile)
    return np.array([float(d @ np.asarray(p, float)) for d, p in zip(dev, profile, strict=True)])


def player_regrets(payoffs: ArrayLike, profile: Sequence[ArrayLike]) -> FloatArray:
    """Each player's best pure-deviation gain :math:`\\max_s u_i(s,\\sigma_{-i}) - u_i(\\sigma)`."""
    dev = deviation_payoffs(payoffs, profile)
    return np.array(
        [float(d.max() - d @ np.asarray(p, float)) for d, p in zip(dev, profile, strict=True)]
    )


def profile_regret(payoffs: ArrayLike, profile: Sequence[ArrayLike]) -> float:
    """Largest gain any player gets from a unilateral deviation (0 at a Nash equilibrium).

    Always non-negative up to rounding; clipped at 0.
    """
    return max(0.0, float(player_regrets(payoffs, profile).max()))


def best_responses(
    payoffs: ArrayLike, profile: Sequence[ArrayLike], *, tol: float
) -> list[NDArray[np.bool_]]:
    """Per player, a boolean mask of pure actions within ``tol`` of the best reply."""
    dev = deviation_payoffs(payoffs, profile)
    return [d >= d.max() - tol for d in dev]
