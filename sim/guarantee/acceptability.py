"""Acceptability: would Russia prefer a ceasefire under the guarantee to continuing the war?

Russia accepts iff :math:`V_{cf} \\ge V_{war}`, with

.. math::

    V_{cf} = \\sum_{t<T} \\delta^t \\big(u_R(\\theta) - P(\\theta)\\big)
             + \\sum_{t \\ge T} \\delta^t u_R(\\theta_{\\text{lapsed}}),
    \\qquad V_{war} = \\frac{w}{1 - \\delta},

where :math:`u_R` is the *opportunist's* equilibrium value of one crisis round (the strategic type
is the one that weighs a settlement; a hard-liner's value does not enter its decision),
:math:`P(\\theta)` the yearly cost to Russia of the guarantee's foreign presence
(``presence_cost`` × intrusiveness), :math:`T` the guarantee's duration (∞ if indefinite),
:math:`\\theta_{\\text{lapsed}}` the same world with no guarantee, and :math:`w` Russia's yearly
value of war. The margin :math:`V_{cf} - V_{war}` is in payoff units. The discounted valuation of
a settlement against war follows Powell (1990) and Fearon (1995).

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> margin = acceptance_margin(Scenario(name="demo"))
>>> margin > 0
True
"""

from __future__ import annotations

import numpy as np

from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games.tree import FloatArray
from sim.guarantee import terms
from sim.guarantee.grid import solve_grid
from sim.guarantee.parameters import GuaranteeParameters, guarantee_parameters
from sim.scenario.schema import Scenario


def acceptance_margins(
    params: GuaranteeParameters, *, tol: float = DEFAULT_TOLERANCE
) -> FloatArray:
    """:math:`V_{cf} - V_{war}` at every point of a parameter grid (positive: acceptable)."""
    here = solve_grid(params, tol=tol).opportunist_value()
    lapsed = solve_grid(params.lapsed(), tol=tol).opportunist_value()
    ceasefire = terms.ceasefire_value(
        here, params.presence, lapsed, params.discount, params.horizon
    )
    return np.asarray(ceasefire - terms.war_value(params.war_value, params.discount))


def acceptance_margin(scenario: Scenario) -> float:
    """:math:`V_{cf} - V_{war}` for one scenario (payoff units)."""
    params = guarantee_parameters(scenario)
    return float(acceptance_margins(params, tol=scenario.solver.tolerance))
