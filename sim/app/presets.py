"""The preset scenarios the app's pages start from.

The presets are the files of ``scenarios/presets`` as :func:`sim.cli_scenarios.list_scenarios`
finds them (the current directory's ``scenarios/`` first, then the repository's). The app solves
many designs a minute, so a preset is loaded without the robustness check over the judgement
constants (``solver.robustness_draws`` = :data:`ROBUSTNESS_DRAWS`); ``deter run`` reports it.

Examples
--------
>>> "salami_gray_zone" in preset_names()
True
>>> load_preset("budapest_1994").solver.robustness_draws
0
"""

from __future__ import annotations

from functools import lru_cache

from sim.cli_scenarios import list_scenarios
from sim.scenario import Scenario, load_scenario

ROBUSTNESS_DRAWS = 0
"""Latin-hypercube draws of the judgement constants per solution in the app (0: none)."""

DEFAULT_GUARANTEE_PRESET = "august_2025_proposal"
DEFAULT_REPEATED_PRESET = "salami_gray_zone"


def preset_names() -> list[str]:
    """Names of the preset scenarios, alphabetically."""
    return [entry.name for entry in list_scenarios() if entry.group == "presets"]


def preset_description(name: str) -> str:
    """The preset's one-line description (empty when there is no such preset)."""
    for entry in list_scenarios():
        if entry.group == "presets" and entry.name == name:
            return entry.description
    return ""


@lru_cache(maxsize=32)
def load_preset(name: str) -> Scenario:
    """The preset ``name``, validated, with :data:`ROBUSTNESS_DRAWS` robustness draws.

    Raises
    ------
    ValueError
        If no preset has that name.
    """
    for entry in list_scenarios():
        if entry.group == "presets" and entry.name == name:
            scenario = load_scenario(entry.path).scenario
            solver = scenario.solver.model_copy(update={"robustness_draws": ROBUSTNESS_DRAWS})
            return scenario.model_copy(update={"solver": solver})
    raise ValueError(f"no preset named {name!r}; choose one of {', '.join(preset_names())}")
