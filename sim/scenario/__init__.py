"""The scenario language: YAML files validated, resolved (``extends``, ``--set``) and hashed.

Public API: :func:`load_scenario` (a file and overrides to a :class:`LoadedScenario`), the schema
(:class:`Scenario`, :class:`Dynamics`), and :class:`ScenarioError`, which carries every located
problem of a bad file.
"""

from sim.scenario.dynamics import Dynamics
from sim.scenario.errors import EXIT_BAD_INPUT, Problem, ScenarioError
from sim.scenario.loader import LoadedScenario, load_scenario
from sim.scenario.schema import Scenario

__all__ = [
    "EXIT_BAD_INPUT",
    "Dynamics",
    "LoadedScenario",
    "Problem",
    "Scenario",
    "ScenarioError",
    "load_scenario",
]
