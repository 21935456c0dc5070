"""The Repeated game page: the guarantee played quarter after quarter, with learning.

Step plays one quarter of every run, Run plays to the horizon, Reset starts again at quarter 0.
The figure shows, across the runs, Russia's belief that each guarantor is committed (it falls
after every probe left unanswered: salami tactics), the escalation rung, and the coalition's
members (they leave as their costs mount). See docs/dynamics.md.
"""

from __future__ import annotations

import solara

from sim.app.pages.common import ErrorBox, Picture, PresetSelect, Prose, error_message
from sim.app.presets import DEFAULT_REPEATED_PRESET, load_preset
from sim.app.repeated import (
    REPLICATE_CHOICES,
    dynamics_png,
    new_model,
    quarter_summary,
    status_text,
    timeseries_frame,
)
from sim.model.model import GuaranteeModel

INTRO = """\
Each **step is a quarter**. In every quarter of a ceasefire Russia plays the crisis round of the
Guarantee page, but on its **beliefs** about each guarantor's commitment, not the true odds; the
guarantors answer as their true types and interests dictate, and Russia updates its beliefs by
Bayes' rule from what it saw. Many **runs** (replicates) are stepped together; each has its own
random draws from the seed. Presets without a `dynamics:` block use the defaults of
docs/dynamics.md.
"""

CAPTION = """\
**Top**: Russia's belief that the United States and the European coalition would respond as
pledged (mean across runs, band: 10–90 % of runs). **Middle**: the share of runs at each rung of
the escalation ladder that quarter (peace, probe, invasion, direct war, catastrophe).
**Bottom**: coalition members still in (mean and band).
"""


@solara.component
def RepeatedPage() -> None:
    """The page (route ``/repeated``)."""
    preset, set_preset = solara.use_state(DEFAULT_REPEATED_PRESET)
    replicates, set_replicates = solara.use_state(100)
    seed, set_seed = solara.use_state(1)
    resets, set_resets = solara.use_state(0)
    _, set_played = solara.use_state(0)

    def make() -> GuaranteeModel | Exception:
        try:
            return new_model(load_preset(preset), replicates=replicates, seed=seed)
        except Exception as error:  # shown in the page
            return error

    model = solara.use_memo(make, dependencies=[preset, replicates, seed, resets])
    problem, set_problem = solara.use_state("")
    png = solara.use_memo(
        lambda: (
            None
            if isinstance(model, Exception)
            else dynamics_png(timeseries_frame(model), model.quarters)
        ),
        dependencies=[id(model), getattr(model, "quarter", 0)],
    )

    def advance(quarters: int | None) -> None:
        if isinstance(model, Exception):
            return
        try:
            if quarters is None:
                model.run()
            else:
                for _ in range(quarters):
                    model.step()
            set_problem("")
        except Exception as error:  # shown in the page
            set_problem(error_message(error))
        set_played(model.quarter)

    solara.Title("Repeated game: beliefs, escalation and the coalition over time")
    Prose(INTRO)
    with solara.Columns([1, 3]):
        with solara.Card("Set-up"):
            PresetSelect(preset, set_preset)
            solara.Select(
                label="Runs (replicates)",
                values=[str(n) for n in REPLICATE_CHOICES],
                value=str(replicates),
                on_value=lambda text: set_replicates(int(text)),
            )
            solara.InputInt("Seed", value=seed, on_value=lambda v: set_seed(int(v or 0)))
            with solara.Row():
                solara.Button("Step", on_click=lambda: advance(1), classes=["deter-step"])
                solara.Button("Run", on_click=lambda: advance(None), classes=["deter-run"])
                solara.Button(
                    "Reset", on_click=lambda: set_resets(resets + 1), classes=["deter-reset"]
                )
        with solara.Card("Runs so far"):
            if isinstance(model, Exception):
                ErrorBox(error_message(model))
                return
            if problem:
                ErrorBox(problem)
            solara.Text(
                status_text(model),
                classes=["deter-quarter"],
                style={"font-size": "1.4em", "font-weight": "bold"},
            )
            solara.Text(
                f"  · {model.replicates} run(s), horizon {model.quarters} quarters "
                f"({model.quarters / 4:g} years)",
                style={"color": "#555"},
            )
            Prose(quarter_summary(model), css_class="deter-quarter-summary")
            Picture(png, "deter-dynamics-figure", CAPTION)
