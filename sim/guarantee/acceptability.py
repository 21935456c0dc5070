"""Acceptability: would Russia prefer a ceasefire under the guarantee to continuing the war?

The bargaining model of war (Fearon 1995): Russia accepts a settlement iff it is worth at least
its value of fighting on. Both sides of the comparison come from the same game.

*Continuing the war* is a lottery decided at its end (:func:`~sim.guarantee.terms.war_value`),
fought against Ukraine with the aid the guarantors give now (their support boosts) under full
sanctions:

.. math:: V_{war} = \\delta^D p(F_{war}) V - \\bar a_D
          \\big(c_w F_{war}/F_R + s_y\\big), \\qquad F_{war} = F_U (1 + b_E + b_{US}),

so a stronger Ukraine, more aid, heavier sanctions or dearer war make a ceasefire more
acceptable, all else fixed.

*A ceasefire under the guarantee* is worth Russia's best plan in the repeated game, valued
quarter by quarter with :math:`\\delta_q = \\delta^{1/4}` (the repeated game's time unit): keep
the ceasefire and take each quarter the stage value :math:`u_a` of holding or probing, minus the
guarantee's presence cost :math:`P(\\theta)/4` (``presence_cost`` × intrusiveness, per year),
for the guarantee's :math:`4T` quarters and then play on with the guarantee lapsed; or break it
at once and invade (the stage value :math:`u_{invade}`, which counts the guarantors' response):

.. math:: V_{cf} = \\max\\Big(u_{invade},\\ \\max_{a \\in \\{hold, probe\\}}
          \\frac{1 - \\delta_q^{4T}}{1 - \\delta_q}\\big(u_a - P/4\\big)
          + \\delta_q^{4T} V_{cf}(\\theta_{lapsed})\\Big),

with :math:`V_{cf}(\\theta_{lapsed})` the same with no guarantee and no presence. The values are
the *opportunist's*: the strategic type is the one that weighs a settlement. The margin
:math:`V_{cf} - V_{war}` is in payoff units; Russia accepts iff it is non-negative.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> margin = acceptance_margin(Scenario(name="demo"))
>>> bool(margin > 0)
True
"""

from __future__ import annotations

import numpy as np

from sim.arrays import FloatArray
from sim.equilibria.verify import DEFAULT_TOLERANCE
from sim.guarantee import terms
from sim.guarantee.grid import solve_grid
from sim.guarantee.names import HOLD, INVADE, PROBE
from sim.guarantee.parameters import GuaranteeParameters, guarantee_parameters
from sim.scenario.schema import Scenario


def war_value(params: GuaranteeParameters) -> FloatArray:
    """Russia's value of continuing the war, :math:`V_{war}` (module notes)."""
    p = params
    force = p.ukraine_force * (1.0 + p.boost_e + p.boost_us)
    share = terms.contest_success(p.russia_force, force, p.contest_exponent)
    yearly = p.war_cost * force / p.russia_force + p.sanctions_cost
    return terms.war_value(share, p.conquest_value, yearly, p.war_years, p.discount)


def ceasefire_value(
    params: GuaranteeParameters,
    *,
    tol: float = DEFAULT_TOLERANCE,
    russia_values: FloatArray | None = None,
    lapsed: bool = False,
) -> FloatArray:
    """Russia's value of a ceasefire under the guarantee, :math:`V_{cf}` (module notes).

    ``russia_values`` are the opportunist's stage values under ``params``
    (:attr:`~sim.guarantee.grid.GridSolution.russia_values`) where the caller has solved the
    grid already; they are solved here otherwise.
    """
    p = params.lapsed() if lapsed else params
    values = solve_grid(p, tol=tol).russia_values if russia_values is None else russia_values
    dq = terms.quarterly_discount(p.discount)
    quarters = terms.QUARTERS_PER_YEAR * np.asarray(np.inf if lapsed else p.horizon, float)
    after = 0.0 if lapsed else ceasefire_value(params, tol=tol, lapsed=True)
    keep = np.maximum(values[HOLD], values[PROBE]) - p.presence / terms.QUARTERS_PER_YEAR
    return np.maximum(values[INVADE], terms.annuity(keep, quarters, dq) + dq**quarters * after)


def acceptance_margins(
    params: GuaranteeParameters,
    *,
    tol: float = DEFAULT_TOLERANCE,
    russia_values: FloatArray | None = None,
) -> FloatArray:
    """:math:`V_{cf} - V_{war}` at every point of a parameter grid (non-negative: acceptable);
    ``russia_values`` as in :func:`ceasefire_value`."""
    ceasefire = ceasefire_value(params, tol=tol, russia_values=russia_values)
    return np.asarray(ceasefire - war_value(params))


def acceptance_margin(scenario: Scenario) -> float:
    """:math:`V_{cf} - V_{war}` for one scenario (payoff units)."""
    params = guarantee_parameters(scenario)
    return float(acceptance_margins(params, tol=scenario.solver.tolerance))
