"""The guarantee's levers as the app's controls, and a design's values → a scenario.

A *design* is a mapping from a control's dotted scenario path to its value, e.g.
``{"guarantee.automaticity": 0.8, "guarantee.posture": "rear_hubs"}``. :func:`design_values`
reads a scenario's design; :func:`apply_design` writes one back with
:func:`sim.experiments.sweep_points.apply_point` (the function a sweep uses at each of its
points, so the app's numbers are a sweep's), validating the result: an impossible design (troops
without a posture) raises :class:`DesignError` with a sentence the page shows.

Examples
--------
>>> from sim.scenario import Scenario
>>> base = Scenario(name="demo")
>>> design = design_values(base)
>>> design["guarantee.automaticity"], design["guarantee.coalition.size"]
(0.5, 12)
>>> apply_design(base, {**design, "guarantee.automaticity": 0.9}).guarantee.automaticity
0.9
>>> apply_design(base, {"guarantee.troops_on_ground": 10.0})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sim.app.design.DesignError: guarantee: troops_on_ground > 0 needs a posture (rear_hubs, ...)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import ValidationError

from sim.analysis.sweep_style import readable
from sim.experiments.sweep_points import apply_point
from sim.guarantee.levers import LEVERS
from sim.scenario import Scenario, schema
from sim.scenario.coalition_members import group_members


class DesignError(ValueError):
    """A design the scenario schema refuses; ``str()`` is one readable sentence per problem."""


@dataclass(frozen=True)
class NumberControl:
    """A slider over a numeric field.

    Attributes
    ----------
    path
        Dotted scenario path.
    low, high, step
        The slider's range (the schema's bounds) and step.
    integer
        Whether the field takes whole numbers.
    """

    path: str
    low: float
    high: float
    step: float
    integer: bool = False

    @property
    def label(self) -> str:
        """The field's name with its unit, for the slider."""
        return _label(self.path)


@dataclass(frozen=True)
class ChoiceControl:
    """A select over a categorical field, its choices ordered weakest first."""

    path: str
    choices: tuple[str, ...]

    @property
    def label(self) -> str:
        """The field's name, for the select."""
        return _label(self.path)


def _label(path: str) -> str:
    text = readable(path)
    return text[:1].upper() + text[1:]


def _lever(name: str, step: float, *, integer: bool = False) -> NumberControl:
    lever = LEVERS[name]
    return NumberControl(lever.path, lever.low, lever.high, step, integer)


COALITION_SIZE = "guarantee.coalition.size"

NUMBER_CONTROLS: tuple[NumberControl, ...] = (
    _lever("automaticity", 0.05),
    _lever("troops_on_ground", 1.0),
    _lever("air_assets", 5.0, integer=True),
    _lever("ukraine_strength", 5.0),
    _lever("response_delay_days", 1.0),
    _lever("monitoring", 0.05),
    _lever("snapback_sanctions", 0.05),
    NumberControl(COALITION_SIZE, 0, schema.MAX_MEMBERS, 1, integer=True),
)
"""The numeric levers (docs/model.md §9), each a slider over its schema range."""

CHOICE_CONTROLS: tuple[ChoiceControl, ...] = (
    ChoiceControl("guarantee.posture", get_args(schema.Posture)),
    ChoiceControl("guarantee.us_backstop", get_args(schema.UsBackstop)),
    ChoiceControl("guarantee.legal_form", get_args(schema.LegalForm)),
    ChoiceControl("guarantee.trigger", tuple(reversed(get_args(schema.Trigger)))),
    ChoiceControl("guarantee.coalition.aggregation", ("unanimity", "us_led", "independent")),
    ChoiceControl("guarantee.conditionality", get_args(schema.Conditionality)),
)
"""The categorical levers, choices from the weakest design to the strongest where ordered."""

CONTROLS: tuple[NumberControl | ChoiceControl, ...] = NUMBER_CONTROLS + CHOICE_CONTROLS


def control(path: str) -> NumberControl | ChoiceControl:
    """The control of a dotted path.

    >>> control("guarantee.monitoring").low
    0.3
    """
    for found in CONTROLS:
        if found.path == path:
            return found
    raise KeyError(f"no control for {path!r}")


def coalition_size_limit(scenario: Scenario) -> int:
    """The most members a coalition can have: the size of the scenario's group of states.

    >>> coalition_size_limit(Scenario(name="demo"))
    35
    """
    return len(group_members(scenario.guarantee.coalition.group))


def _get(scenario: Scenario, path: str) -> Any:
    if path == COALITION_SIZE:
        return len(scenario.guarantee.coalition.member_list)
    node: Any = scenario
    for part in path.split("."):
        node = getattr(node, part)
    return node


def design_values(scenario: Scenario) -> dict[str, Any]:
    """Every control's value in ``scenario`` (the coalition size is its number of members)."""
    return {c.path: _get(scenario, c.path) for c in CONTROLS}


def apply_design(base: Scenario, design: Mapping[str, Any]) -> Scenario:
    """``base`` with the values of ``design`` that differ from its own.

    A changed coalition size takes that many of the largest states of the base's group
    (:mod:`sim.scenario.coalition_members`); an unchanged one keeps the base's members (a
    preset may name its own, such as Budapest's United Kingdom).

    Raises
    ------
    DesignError
        If the design does not validate (for example troops on the ground with no posture).
    """
    current = design_values(base)
    changed = {p: _typed(p, v) for p, v in design.items() if current.get(p) != v}
    if not changed:
        return base
    try:
        return apply_point(base, changed)
    except ValidationError as error:
        raise DesignError(describe_validation_error(error)) from None


def _typed(path: str, value: Any) -> Any:
    found = control(path) if any(c.path == path for c in CONTROLS) else None
    if isinstance(found, NumberControl):
        return round(value) if found.integer else float(value)
    return value


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem: ``where: what`` (pydantic's "Value error, " prefix dropped)."""
    lines = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem["loc"]) or "scenario"
        message = str(problem["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {message}")
    return "\n".join(lines)
