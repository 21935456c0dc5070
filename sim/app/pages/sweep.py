"""The Sweep page: a deterrence map over two levers of a preset.

Choose two levers (and for a numeric lever its range and number of values); the grid is solved in
memory (:func:`sim.app.sweep.sweep_points`, the computation of ``deter sweep`` without a results
bundle) and drawn by :func:`sim.analysis.sweep_plots.plot_deterrence_map`.
"""

from __future__ import annotations

from collections.abc import Callable

import solara
import solara.lab

from sim.app.design import CONTROLS, ChoiceControl, NumberControl, control
from sim.app.pages.common import ErrorBox, Picture, PresetSelect, Prose, error_message
from sim.app.presets import DEFAULT_GUARANTEE_PRESET, load_preset
from sim.app.sweep import MAX_STEPS, Axis, deterrence_map_png, sweep_points

INTRO = """\
A **deterrence map**: every cell is one guarantee design, the preset with the two chosen levers
set to the cell's values, coloured by Russia's equilibrium choice (hold = deterred, probe,
invade). Cells inside the black outline are **viable**: they deter *and* Russia would accept a
ceasefire under them (the dilution paradox: strong designs may be rejected, diluted ones may not
deter). `deter sweep` draws the same maps, and more, from the command line (docs/sweeps.md).
"""

LABELS = {c.label: c.path for c in CONTROLS}


@solara.component
def AxisControls(title: str, axis: Axis, on_axis: Callable[[Axis], None]) -> None:
    """A lever select and, for a numeric lever, its range and number of values."""
    found = control(axis.path)
    css = "deter-axis-" + title.split()[0].lower()

    def choose(label: str) -> None:
        path = LABELS[label]
        new = control(path)
        if isinstance(new, NumberControl):
            on_axis(Axis(path, new.low, new.high, axis.steps))
        else:
            on_axis(Axis(path, 0.0, 1.0, axis.steps))

    with solara.Div(classes=[css]):
        solara.Select(label=title, values=list(LABELS), value=found.label, on_value=choose)
        if isinstance(found, ChoiceControl):
            solara.Text(f"all {len(found.choices)} choices: " + ", ".join(found.choices))
            return
        solara.Text(
            f"range {axis.low:g} to {axis.high:g}, {axis.steps} values",
            style={"font-size": "0.85em", "color": "#333"},
        )
        solara.SliderRangeFloat(
            "range",
            value=(axis.low, axis.high),
            min=found.low,
            max=found.high,
            step=found.step,
            on_value=lambda lo_hi: on_axis(Axis(axis.path, lo_hi[0], lo_hi[1], axis.steps)),
        )
        solara.SliderInt(
            "values",
            value=axis.steps,
            min=2,
            max=MAX_STEPS,
            on_value=lambda n: on_axis(Axis(axis.path, axis.low, axis.high, int(n))),
        )


@solara.component
def SweepPage() -> None:
    """The page (route ``/sweep``)."""
    preset, set_preset = solara.use_state(DEFAULT_GUARANTEE_PRESET)
    x, set_x = solara.use_state(Axis("guarantee.automaticity", 0.0, 1.0, 11))
    y, set_y = solara.use_state(Axis("guarantee.monitoring", 0.3, 0.95, 11))

    def compute() -> bytes:
        points = sweep_points(load_preset(preset), x, y)
        return deterrence_map_png(points, x, y)

    task = solara.lab.use_task(compute, dependencies=[preset, x, y], raise_error=False)

    solara.Title("Sweep: where does the guarantee deter?")
    Prose(INTRO)
    with solara.Columns([1, 2.2]):
        with solara.Card("Design space"):
            PresetSelect(preset, set_preset, label="Preset (the levers not swept)")
            AxisControls("Horizontal axis", x, set_x)
            AxisControls("Vertical axis", y, set_y)
        with solara.Card("Deterrence map"):
            solara.ProgressLinear(task.pending)
            if task.error:
                ErrorBox(error_message(task.exception) if task.exception else "error")
            elif task.latest is not None:
                Picture(
                    task.latest,
                    "deter-sweep-map",
                    "Russia's best reply at each design, all other levers as in the preset. "
                    "Move a range or choose another lever and the map is solved again.",
                )
