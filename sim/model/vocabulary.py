"""Names and integer codes shared by the repeated game, its outputs and its figures.

Outputs store small integers (Parquet stays compact); these tuples decode them. Orders follow
``docs/architecture.md``: actions least escalatory first, outcomes as in DESIGN.md §3.

Examples
--------
>>> OUTCOMES[OUTCOME_CODE["direct_war"]]
'direct_war'
>>> ESCALATION_LEVEL["probe_punished"], ESCALATION_LEVEL["catastrophe"]
(1, 4)
"""

from __future__ import annotations

from sim.games import guarantee

RUSSIA_ACTIONS: tuple[str, ...] = guarantee.RUSSIA_ACTIONS
"""Russia's first move; codes 0, 1, 2."""

RESPONSES: tuple[str, ...] = guarantee.RESPONSES
"""A guarantor's response; code −1 when the guarantor did not move (nothing detected)."""

GUARANTORS: tuple[str, ...] = ("united_states", "european_coalition")
"""Guarantor keys in the order of the game's players (United States, then European coalition)."""

ACTORS: tuple[str, ...] = guarantee.ACTOR_KEYS
"""Actor keys in the game's player order."""

OUTCOMES: tuple[str, ...] = guarantee.OUTCOMES
"""Terminal outcomes of the stage game; in the time series, code −1 marks a quarter of an ongoing
war (no new crisis round)."""

OUTCOME_CODE: dict[str, int] = {name: i for i, name in enumerate(OUTCOMES)}

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
"""Escalation rung of each outcome: 0 peace, 1 gray-zone probe, 2 invasion, 3 direct war with a
guarantor, 4 catastrophe."""

ESCALATION_LABELS: tuple[str, ...] = ("peace", "probe", "invasion", "direct war", "catastrophe")

WAR_OUTCOMES: frozenset[str] = frozenset({"invasion_unopposed", "invasion_supported", "direct_war"})
"""Outcomes after which fighting goes on (when war dynamics are on) until a settlement."""

INVASION_OUTCOMES: frozenset[str] = frozenset(
    {"invasion_unopposed", "invasion_supported", "russian_retreat", "direct_war", "catastrophe"}
)
"""Outcomes that follow an invasion."""
