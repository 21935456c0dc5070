"""Snyder's alliance security dilemma: abandonment versus entrapment.

Snyder, G. H. (1984), "The security dilemma in alliance politics", *World Politics* 36(4),
461-495: each ally weighs the fear of abandonment against the fear of entrapment; loose
commitments are individually safer, firm ones jointly better, so the alliance game is a prisoner's
dilemma. In ``snyder_alliance_dilemma`` (security s from the partner's firm commitment, entrapment
cost e of one's own, abandonment cost a when firm alone), 'loose' strictly dominates 'firm', the
unique equilibrium is mutual looseness, and it is Pareto-dominated by mutual firmness iff s > e.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.pure_nash import pure_nash_equilibria
from sim.equilibria.support_enumeration import support_enumeration


@pytest.mark.parametrize(("s", "e", "a"), [(3.0, 1.0, 1.0), (1.0, 2.0, 0.5), (2.0, 2.0, 0.0)])
def test_mutual_looseness_is_the_unique_equilibrium(canon, s, e, a):
    game = canon("snyder_alliance_dilemma", s=s, e=e, a=a)
    firm, loose = game.actions[0].index("firm"), game.actions[0].index("loose")
    assert pure_nash_equilibria(game.payoffs) == [(loose, loose)]
    A, B = game.to_bimatrix()
    equilibria = support_enumeration(A, B)
    assert len(equilibria) == 1
    x, y = equilibria[0]
    np.testing.assert_allclose(x, [0.0, 1.0])
    np.testing.assert_allclose(y, [0.0, 1.0])
    # the dilemma: both allies would be better off firm iff security outweighs entrapment
    both_firm = game.payoffs[:, firm, firm]
    both_loose = game.payoffs[:, loose, loose]
    assert bool(np.all(both_firm > both_loose)) == (s > e)
