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

from sim.equilibria.guarantee_batch import solve_guarantee_batch
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.games import payoff_terms as pt
from sim.games.guarantee import GuaranteeParameters, guarantee_parameters
from sim.games.tree import FloatArray
from sim.scenario.schema import Scenario


def opportunist_value(params: GuaranteeParameters, *, tol: float = DEFAULT_TOLERANCE) -> FloatArray:
    """The opportunist's equilibrium value :math:`u_R` of one crisis round."""
    solution = solve_guarantee_batch(params, tol=tol)
    chosen = solution.russia_action.astype(np.intp)[None]
    return np.take_along_axis(solution.russia_values, chosen, axis=0)[0]


def acceptance_margin_batch(
    params: GuaranteeParameters, *, tol: float = DEFAULT_TOLERANCE
) -> FloatArray:
    """:math:`V_{cf} - V_{war}` at every point of a parameter grid (positive: acceptable)."""
    here = opportunist_value(params, tol=tol)
    lapsed = opportunist_value(params.lapsed(), tol=tol)
    ceasefire = pt.ceasefire_value(here, params.presence, lapsed, params.discount, params.horizon)
    return np.asarray(ceasefire - pt.war_value(params.war_value, params.discount))


def acceptance_margin(scenario: Scenario) -> float:
    """:math:`V_{cf} - V_{war}` for one scenario (payoff units)."""
    params = guarantee_parameters(scenario)
    return float(acceptance_margin_batch(params, tol=scenario.solver.tolerance))


def is_acceptable(margin: float | FloatArray) -> bool | np.ndarray:
    """Russia accepts iff the margin is non-negative (ties go to the ceasefire)."""
    accepted = np.asarray(margin) >= 0.0
    return bool(accepted) if accepted.ndim == 0 else accepted
