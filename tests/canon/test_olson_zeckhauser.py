"""Olson & Zeckhauser (1966): free riding in alliances, the large member carries the burden.

Olson, M., & Zeckhauser, R. (1966), "An economic theory of alliances", *Review of Economics and
Statistics* 48(3), 266-279: deterrence is a public good; each member contributes until its own
marginal benefit equals its marginal cost, so the larger member (which values the good more)
bears a share of the burden larger than its share of size, and the good is under-provided. In
``olson_zeckhauser_free_riding`` (payoff b_i (G - G^2 / (2 K)) - g_i, contributions 0..5) the
unique Nash equilibrium has the Large ally give K (1 - 1 / b_L) and the Small ally nothing.
Worked numbers b_L = 3, b_S = 1.5, K = 6: contributions (4, 0), burden share 1 against a size
share of 2/3, total 4 against an efficient total of 5 on the grid (K (1 - 1 / 4.5) = 4.67).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.pure_nash import pure_nash_equilibria
from sim.equilibria.support_enumeration import support_enumeration

K = 6.0


@pytest.mark.parametrize(("b_l", "b_s"), [(3.0, 1.5), (2.0, 1.2), (6.0, 1.2), (2.0, 1.5)])
def test_large_ally_provides_small_ally_free_rides(canon, b_l, b_s):
    game = canon("olson_zeckhauser_free_riding", b_L=b_l, b_S=b_s)
    equilibria = pure_nash_equilibria(game.payoffs)
    assert equilibria == [(round(K * (1 - 1 / b_l)), 0)]
    A, B = game.to_bimatrix()
    assert len(support_enumeration(A, B)) == 1  # no mixed equilibrium besides the pure one
    large, small = equilibria[0]
    assert large / (large + small) == 1.0 > b_l / (b_l + b_s)


def test_equilibrium_underprovides_deterrence(canon):
    game = canon("olson_zeckhauser_free_riding")
    welfare = game.payoffs.sum(axis=0)
    totals = np.add.outer(np.arange(6), np.arange(6))
    best_total = int(totals.flat[np.argmax(welfare)])
    assert best_total == 5  # nearest grid total to K (1 - 1 / (b_L + b_S)) = 4.67
    ((large, small),) = pure_nash_equilibria(game.payoffs)
    assert (large, small) == (4, 0)
    assert large + small < best_total
    assert welfare[large, small] < welfare.max()
