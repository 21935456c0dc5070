"""The escalation ladder of the repeated game: rungs, and which outcomes start a war.

Examples
--------
>>> ESCALATION_LEVEL["probe_punished"], ESCALATION_LEVEL["catastrophe"]
(1, 4)
>>> ESCALATION_LABELS[ESCALATION_LEVEL["direct_war"]]
'direct war'
"""

from __future__ import annotations

ESCALATION_LEVEL: dict[str, int] = {
    "deterred": 0,
    "probe_unanswered": 1,
    "probe_punished": 1,
    "invasion_unopposed": 2,
    "invasion_supported": 2,
    "russian_retreat": 2,
    "direct_war": 3,
    "catastrophe": 4,
}
"""Escalation rung of each outcome of :data:`sim.guarantee.names.OUTCOMES`: 0 peace, 1 gray-zone
probe, 2 invasion, 3 direct war with a guarantor, 4 catastrophe."""

ESCALATION_LABELS: tuple[str, ...] = ("peace", "probe", "invasion", "direct war", "catastrophe")

WAR_OUTCOMES: frozenset[str] = frozenset({"invasion_unopposed", "invasion_supported", "direct_war"})
"""Outcomes after which fighting goes on (when war dynamics are on) until a settlement."""

DIRECT_WAR_OUTCOMES: frozenset[str] = frozenset({"direct_war", "catastrophe"})
"""Outcomes in which guarantor forces fought Russia."""
