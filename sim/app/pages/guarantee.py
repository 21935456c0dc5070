"""The Guarantee page: the levers of one design, and its one-round equilibrium, live.

Left, the levers (start from a preset, then move sliders and selects); right, Russia's choice,
its value of each action, the outcome probabilities, the verdicts (deterrence, reply to an
intervention, acceptability and its margin), each lever's threshold, and below the game tree
with the equilibrium path. Every change re-solves the design in a background thread
(:func:`sim.app.results.solve_design`, without robustness draws: ``deter run`` adds them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import solara
import solara.lab

from sim.app import results
from sim.app.design import (
    CHOICE_CONTROLS,
    COALITION_SIZE,
    NUMBER_CONTROLS,
    NumberControl,
    apply_design,
    coalition_size_limit,
    design_values,
)
from sim.app.pages.common import ErrorBox, Picture, PresetSelect, Prose, error_message
from sim.app.presets import DEFAULT_GUARANTEE_PRESET, load_preset
from sim.scenario import Scenario

INTRO = """\
Choose a **preset** guarantee, then move its **levers**. Each change solves the one-round
escalation game again: Russia (an *opportunist*; a share of hard-line leaderships invades
whatever the price) chooses to **hold**, **probe** below the trigger or **invade**, the European
coalition and then the United States respond, and Russia, facing an intervention, backs down or
presses on (docs/model.md). Payoffs are in units of Russia's value of conquering Ukraine (V = 10).
"""

TREE_CAPTION = """\
**The game tree.** Nature draws Russia's type and, after Russia's move, whether each guarantor is
*committed* (acts as pledged). Thick orange: the equilibrium path; dashed orange: the equilibrium
choice at nodes play never reaches (the threats that make it an equilibrium). Each outcome shows
its probability in brackets and the payoffs (Russia, Ukraine, United States, European
coalition); grey markers stand for branches nobody takes, with what they are worth to the player
who declines them.
"""


@dataclass(frozen=True)
class GuaranteeView:
    """What the page shows of one solved design."""

    choice: str
    action: str
    verdicts: list[str]
    values: str
    outcomes: str
    thresholds: str
    tree_png: bytes


def solved_view(scenario: Scenario) -> GuaranteeView:
    """Solve ``scenario`` and format everything the page shows."""
    solution = results.solve_design(scenario)
    return GuaranteeView(
        choice=results.choice_text(solution),
        action=results.action_label(solution.russia_action),
        verdicts=results.verdicts(solution),
        values=results.markdown_table(
            ("Russia's action", "value to the opportunist", ""), results.value_rows(solution)
        ),
        outcomes=results.markdown_table(
            ("outcome", "probability", "what it means"), results.outcome_rows(solution)
        ),
        thresholds=results.markdown_table(
            ("lever", "now", "threshold (all else fixed)"),
            results.threshold_rows(solution, scenario),
        ),
        tree_png=results.game_tree_png(solution, title=f"{scenario.name}: one crisis round"),
    )


def _rounded(control: NumberControl, value: float) -> float | int:
    """A slider value on its step grid (no 0.30000000000000004)."""
    if control.integer:
        return round(value)
    return round(round(value / control.step) * control.step, 6)


@solara.component
def LeverControls(
    base: Scenario, design: dict[str, Any], on_design: Callable[[dict[str, Any]], None]
) -> None:
    """A slider per numeric lever and a select per categorical one."""

    def setter(path: str, control: NumberControl | None = None) -> Any:
        def set_value(value: Any) -> None:
            if control is not None:
                value = _rounded(control, float(value))
            on_design({**design, path: value})

        return set_value

    for control in NUMBER_CONTROLS:
        high = coalition_size_limit(base) if control.path == COALITION_SIZE else control.high
        css = "deter-lever-" + control.path.split(".")[-1].replace("_", "-")
        with solara.Div(classes=[css], style={"margin": "6px 0 2px 0"}):
            with solara.Row(style={"gap": "4px", "align-items": "baseline"}):
                solara.Text(f"{control.label}:", style={"font-size": "0.85em", "color": "#333"})
                solara.Text(
                    f"{design[control.path]:g}",
                    classes=["deter-lever-value"],
                    style={"font-size": "0.85em", "font-weight": "bold"},
                )
            if control.integer:
                solara.SliderInt(
                    "",
                    value=int(design[control.path]),
                    min=int(control.low),
                    max=int(high),
                    step=int(control.step),
                    on_value=setter(control.path, control),
                )
            else:
                solara.SliderFloat(
                    "",
                    value=float(design[control.path]),
                    min=control.low,
                    max=high,
                    step=control.step,
                    on_value=setter(control.path, control),
                )
    for choice in CHOICE_CONTROLS:
        css = "deter-lever-" + choice.path.split(".")[-1].replace("_", "-")
        with solara.Div(classes=[css]):
            solara.Select(
                label=choice.label,
                values=list(choice.choices),
                value=design[choice.path],
                on_value=setter(choice.path),
            )


@solara.component
def GuaranteePage() -> None:
    """The page (route ``/``)."""
    initial: tuple[str, dict[str, Any] | None] = (DEFAULT_GUARANTEE_PRESET, None)
    state, set_state = solara.use_state(initial)
    preset, edited = state
    try:
        base = load_preset(preset)
    except Exception as error:  # a broken preset file: say so, keep the page
        ErrorBox(f"Preset {preset}: {error_message(error)}")
        return
    design = edited if edited is not None else design_values(base)
    key = tuple(sorted((k, str(v)) for k, v in design.items()))

    def compute() -> GuaranteeView:
        return solved_view(apply_design(base, design))

    task = solara.lab.use_task(compute, dependencies=[preset, key], raise_error=False)

    solara.Title("Guarantee: deterrence in one crisis round")
    Prose(INTRO)
    with solara.Columns([1, 2.2]):
        with solara.Card("Levers of the guarantee"):
            PresetSelect(preset, lambda name: set_state((name, None)))
            solara.Button(
                "Reset levers to the preset",
                on_click=lambda: set_state((preset, None)),
                text=True,
                classes=["deter-reset-levers"],
            )
            LeverControls(base, design, lambda new: set_state((preset, new)))
        with solara.Card("Equilibrium (subgame perfect)"):
            solara.ProgressLinear(task.pending)
            view = None if task.error else task.latest
            if task.error:
                ErrorBox(
                    "This design cannot be solved: "
                    + (error_message(task.exception) if task.exception else "unknown error")
                )
            elif view is not None:
                _Results(view)
    if view is not None:
        with solara.Card("Game tree with the equilibrium path"):
            Picture(view.tree_png, "deter-game-tree", TREE_CAPTION)


@solara.component
def _Results(view: GuaranteeView) -> None:
    with solara.Div(classes=["deter-russia-choice-box"]):
        solara.Text(
            view.choice,
            classes=["deter-russia-choice"],
            style={"font-size": "1.6em", "font-weight": "bold"},
        )
        solara.Text(f" ({view.action})", style={"color": "#555"})
    Prose("\n".join(f"- {line}" for line in view.verdicts))
    with solara.Columns([1, 1.4]):
        with solara.Div(classes=["deter-values"]):
            Prose("**Russia's value of each action** (payoff units, V = 10)")
            Prose(view.values)
        with solara.Div(classes=["deter-outcomes"]):
            Prose("**Outcome probabilities** (hard-liners included)")
            Prose(view.outcomes)
    with solara.Div(classes=["deter-thresholds"]):
        Prose(
            "**Lever thresholds**: the value of each lever at which Russia starts (or stops) "
            "holding, all other levers as set"
        )
        Prose(view.thresholds)
