"""The levers of a guarantee design, written once: where each lives and which way it acts.

A lever is a field of the design θ (or Ukraine's army) that a negotiator can move. Each has a
documented *direction*: +1 if moving it up makes deterrence (weakly) easier, all else fixed, −1
if it makes it harder. Thresholds (:mod:`sim.guarantee.thresholds`), the lever tests and the
documentation read this one table. Categorical levers (posture, US backstop, legal form,
trigger, aggregation, coalition size) are ordered in ``docs/model.md`` and tested there; the
numeric ones are here.

Examples
--------
>>> LEVERS["response_delay_days"].direction
-1
>>> LEVERS["automaticity"].path
'guarantee.automaticity'
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.fields import field_at, field_bounds
from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Lever:
    """A numeric lever of the design.

    Attributes
    ----------
    name
        Short name (the field's name).
    path
        Dotted scenario path.
    direction
        +1: raising it makes deterrence easier; −1: harder.
    low, high
        The schema's bounds of the field.
    needs_troops
        True for levers that act through troops (a posture must be set).
    """

    name: str
    path: str
    direction: int
    low: float
    high: float
    needs_troops: bool = False

    def applies(self, scenario: Scenario) -> bool:
        """Whether the lever acts in this design: troops act only where a posture is set."""
        return not (self.needs_troops and scenario.guarantee.posture == "none")


def field_range(path: str) -> tuple[float, float]:
    """The schema's bounds ``(low, high)`` of the numeric scenario field at a dotted path.

    >>> field_range("guarantee.air_assets")
    (0.0, 150.0)
    """
    bounds = field_bounds(field_at(Scenario, tuple(path.split("."))))
    lo = bounds.ge if bounds.ge is not None else bounds.gt
    hi = bounds.le if bounds.le is not None else bounds.lt
    assert lo is not None and hi is not None, path
    return float(lo), float(hi)


def _lever(name: str, direction: int, *, needs_troops: bool = False) -> Lever:
    path = f"guarantee.{name}"
    return Lever(name, path, direction, *field_range(path), needs_troops)


LEVERS: dict[str, Lever] = {
    lever.name: lever
    for lever in (
        _lever("automaticity", +1),
        _lever("troops_on_ground", +1, needs_troops=True),
        _lever("air_assets", +1),
        _lever("ukraine_strength", +1),
        _lever("response_delay_days", -1),
        _lever("monitoring", +1),
        _lever("snapback_sanctions", +1),
    )
}
"""Numeric levers by name: the fields of ``guarantee`` a threshold can be found for."""
