"""A two-lever sweep solved in memory, and its deterrence map.

:func:`sweep_scenario` gives a design a ``sweep:`` block over two levers (a grid: a numeric
lever over ``steps`` values of a range, a categorical one over all its choices) and drops its
``dynamics:`` block, so only the stage game is solved. :func:`sweep_points` makes the grid's
design points (:func:`sim.experiments.sampling.design_points`) and solves them in one call of
:func:`sim.experiments.sweep_points.evaluate_points`, the function every engine of
``deter sweep`` runs on its chunks, without writing a results bundle. :func:`deterrence_map_png`
draws :func:`sim.analysis.sweep_plots.plot_deterrence_map`.

Examples
--------
>>> from sim.scenario import Scenario
>>> points = sweep_points(Scenario(name="demo"), Axis("guarantee.automaticity", 0, 1, 3),
...                       Axis("guarantee.legal_form"))
>>> points.shape[0], set(points["russia_action"]) <= {"hold", "probe", "invade"}
(9, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.analysis.sweep_plots import plot_deterrence_map
from sim.app.design import ChoiceControl, DesignError, control, describe_validation_error
from sim.app.figures import png_bytes
from sim.experiments.sampling import design_points
from sim.experiments.sweep_points import evaluate_points
from sim.scenario import Scenario

MAX_STEPS = 21
"""The most values per numeric axis (21 × 21 = 441 designs, well under a second)."""


@dataclass(frozen=True)
class Axis:
    """One axis of the map: a lever, and for a numeric lever its range and number of values.

    A categorical lever (posture, legal form, ...) takes all its choices; ``low``, ``high``
    and ``steps`` are then ignored.
    """

    path: str
    low: float = 0.0
    high: float = 1.0
    steps: int = 11

    def spec(self) -> dict[str, object]:
        """The parameter's entry in a ``sweep:`` block (docs/sweeps.md)."""
        found = control(self.path)
        if isinstance(found, ChoiceControl):
            return {"values": list(found.choices)}
        if not 2 <= self.steps <= MAX_STEPS:
            raise DesignError(f"{self.path}: between 2 and {MAX_STEPS} values, not {self.steps}")
        if self.low >= self.high:
            raise DesignError(f"{self.path}: the range's low end must be below its high end")
        return {"range": [float(self.low), float(self.high)], "steps": int(self.steps)}


def sweep_scenario(base: Scenario, x: Axis, y: Axis) -> Scenario:
    """``base`` with a grid sweep over ``x`` and ``y`` and no ``dynamics:`` block.

    Raises
    ------
    DesignError
        If both axes are the same lever, or the sweep does not validate.
    """
    if x.path == y.path:
        raise DesignError("choose two different levers for the two axes")
    data = base.model_dump(mode="json")
    data["dynamics"] = None
    data["sweep"] = {"parameters": {x.path: x.spec(), y.path: y.spec()}}
    try:
        return Scenario.model_validate(data)
    except ValueError as error:
        if hasattr(error, "errors"):
            raise DesignError(describe_validation_error(error)) from None  # type: ignore[arg-type]
        raise DesignError(str(error)) from None


def sweep_points(base: Scenario, x: Axis, y: Axis) -> pd.DataFrame:
    """The solved grid: one row per design with the columns of docs/sweeps.md."""
    scenario = sweep_scenario(base, x, y)
    points = design_points(scenario)
    points.insert(0, "point", np.arange(len(points), dtype=np.int64))
    return evaluate_points(scenario.model_dump_json(), points, {}, {})


def deterrence_map_png(points: pd.DataFrame, x: Axis, y: Axis) -> bytes:
    """Russia's best reply at each design, the viable region outlined, as PNG bytes."""
    fig = Figure(figsize=(8.0, 5.0), layout="constrained")
    plot_deterrence_map(points, x.path, y.path, ax=fig.add_subplot())
    return png_bytes(fig)
