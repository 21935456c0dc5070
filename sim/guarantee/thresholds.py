"""The credibility threshold: the automaticity at which the opportunistic Russia starts to hold.

All else fixed, raise the guarantee's automaticity :math:`a` (the political probability that a
guarantor is committed, Schelling's threat that leaves something to chance) until deterrence holds.
The threshold :math:`a^*` is the smallest :math:`a \\in [0, 1]` at which the opportunist's
equilibrium action is ``hold``: 0 if it holds even at :math:`a = 0` (deterrence by denial or by
tripwire alone), ``None`` if it never holds. It is found on a grid with the grid solver
(:mod:`sim.guarantee.grid`), then refined by bisection between the last grid point without
deterrence and the first with it.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> credibility_threshold(Scenario(name="demo")) is None
True
"""

from __future__ import annotations

import numpy as np

from sim.guarantee.grid import solve_grid
from sim.guarantee.parameters import guarantee_parameters
from sim.scenario.schema import Scenario

GRID_POINTS = 101
"""Automaticity grid of the coarse search (step 0.01)."""

AUTOMATICITY = "guarantee.automaticity"


def deterred_at(scenario: Scenario, automaticity: np.ndarray) -> np.ndarray:
    """Whether the opportunist holds at each automaticity value, all else as in ``scenario``."""
    grid = guarantee_parameters(scenario, {AUTOMATICITY: np.asarray(automaticity, float)})
    return np.asarray(solve_grid(grid, tol=scenario.solver.tolerance).deterred)


def credibility_threshold(scenario: Scenario, *, grid_points: int = GRID_POINTS) -> float | None:
    """Smallest automaticity in [0, 1] at which the opportunistic Russia holds.

    Parameters
    ----------
    scenario
        The scenario; its automaticity is ignored, every other parameter is kept.
    grid_points
        Points of the coarse grid on [0, 1].

    Returns
    -------
    float or None
        0.0 if deterrence holds at :math:`a = 0`, ``None`` if it fails at :math:`a = 1`, else
        the threshold to within ``scenario.solver.threshold_resolution`` (the upper end of the
        final bracket, a value at which deterrence holds).
    """
    grid = np.linspace(0.0, 1.0, grid_points)
    held = deterred_at(scenario, grid)
    if not held.any():
        return None
    first = int(np.argmax(held))
    if first == 0:
        return 0.0
    lo, hi = float(grid[first - 1]), float(grid[first])
    resolution = scenario.solver.threshold_resolution
    while hi - lo > resolution:
        mid = 0.5 * (lo + hi)
        if bool(deterred_at(scenario, np.asarray([mid]))[0]):
            hi = mid
        else:
            lo = mid
    return hi
