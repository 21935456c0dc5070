"""Thresholds: the value of a lever at which the opportunistic Russia starts (or stops) holding.

For a numeric lever of the design (:data:`~sim.guarantee.levers.LEVERS`: automaticity, troops,
aircraft, Ukraine's army, response delay, monitoring, snapback), all else as in the scenario:

* if Russia holds at the scenario's own value :math:`x_0`, the threshold is the far end of the
  interval of values around :math:`x_0` on which it keeps holding, on the side where the lever
  weakens deterrence (for automaticity: the least automaticity that still deters);
* if it does not, the threshold is the nearest value beyond :math:`x_0`, on the side where the
  lever strengthens deterrence, at which it holds (for automaticity: the least automaticity above
  the scenario's that deters), or ``None`` if no value in the field's range does.

So the threshold agrees with the verdict by construction: Russia is deterred iff the threshold
exists and the scenario's value lies on its deterring side. The search solves a grid of the
lever (:func:`~sim.guarantee.grid.solve_grid`, the scenario's own value included) and bisects the
bracket to ``solver.threshold_resolution`` (relative to the lever's range), returning a value at
which deterrence holds. ``holds_beyond`` says whether deterrence then holds at every grid value
beyond the threshold (deterrence monotone in the lever there); where it does not, the docs of the
lever say why (``docs/model.md``).

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> found = threshold(Scenario(name="demo"), "automaticity")
>>> found.deterred == (found.value is not None and found.value <= found.current)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.arrays import BoolArray, FloatArray
from sim.guarantee.grid import solve_grid
from sim.guarantee.levers import LEVERS, Lever
from sim.guarantee.parameters import guarantee_parameters
from sim.scenario.schema import Scenario

GRID_POINTS = 101
"""Points of the coarse grid over the lever's range."""


@dataclass(frozen=True)
class Threshold:
    """Where a lever's value turns deterrence on or off.

    Attributes
    ----------
    lever
        The lever's name.
    value
        The threshold (None: no value in the field's range deters).
    current
        The scenario's own value of the lever.
    deterred
        Whether the opportunist holds at ``current``.
    direction
        +1 if raising the lever strengthens deterrence, −1 if it weakens it.
    holds_beyond
        Deterrence holds at every grid value from the threshold on, in the strengthening
        direction.
    """

    lever: str
    value: float | None
    current: float
    deterred: bool
    direction: int
    holds_beyond: bool


def deterred_at(scenario: Scenario, path: str, values: FloatArray) -> BoolArray:
    """Whether the opportunist holds at each value of the field ``path``, all else fixed."""
    grid = guarantee_parameters(scenario, {path: np.asarray(values, float)})
    return np.asarray(solve_grid(grid, tol=scenario.solver.tolerance).deterred)


def threshold(
    scenario: Scenario, lever: str | Lever, *, grid_points: int = GRID_POINTS
) -> Threshold:
    """The threshold of ``lever`` for ``scenario`` (module notes).

    Raises
    ------
    KeyError
        For a name that is not a numeric lever.
    ValueError
        For troops when the scenario stations none and gives no posture.
    """
    lev = LEVERS[lever] if isinstance(lever, str) else lever
    if not lev.applies(scenario):
        raise ValueError(
            f"{lev.name} acts through where the troops stand: set guarantee.posture "
            "(rear_hubs, near_front or contact_line) to find its threshold"
        )
    obj: object = scenario
    for part in lev.path.split("."):
        obj = getattr(obj, part)
    current = float(obj)  # type: ignore[arg-type]
    values = np.union1d(np.linspace(lev.low, lev.high, grid_points), [current])
    order = np.argsort(lev.direction * values, kind="stable")
    values = values[order]  # from the weakening end to the strengthening end
    held = deterred_at(scenario, lev.path, values)
    here = int(np.flatnonzero(values == current)[0])
    resolution = scenario.solver.threshold_resolution * (lev.high - lev.low)

    def refine(fail: float, hold: float) -> float:
        while abs(hold - fail) > resolution:
            mid = 0.5 * (fail + hold)
            if bool(deterred_at(scenario, lev.path, np.asarray([mid]))[0]):
                hold = mid
            else:
                fail = mid
        return hold

    if held[here]:
        j = here
        while j > 0 and held[j - 1]:
            j -= 1
        value = float(values[0]) if j == 0 else refine(float(values[j - 1]), float(values[j]))
        first = j
    else:
        later = np.flatnonzero(held[here + 1 :])
        if not len(later):
            return Threshold(lev.name, None, current, False, lev.direction, False)
        first = here + 1 + int(later[0])
        value = refine(float(values[first - 1]), float(values[first]))
    return Threshold(
        lev.name, value, current, bool(held[here]), lev.direction, bool(held[first:].all())
    )
