"""The names of the guarantee game, written once: players, actions, responses, outcomes.

JSON keys, tables, figures and the repeated model all take their names and integer codes from
here. Actions are listed least escalatory first, so backward induction's tie rule (the first best
action) breaks ties towards restraint; outcomes follow DESIGN.md §3.

Examples
--------
>>> OUTCOMES[OUTCOME_CODE["direct_war"]]
'direct_war'
>>> PLAYERS[GUARANTOR_PLAYERS["european_coalition"]]
'European coalition'
"""

from __future__ import annotations

PLAYERS: tuple[str, ...] = ("Russia", "Ukraine", "United States", "European coalition")
"""Player names, in the game's player order."""

ACTOR_KEYS: tuple[str, ...] = ("russia", "ukraine", "united_states", "european_coalition")
"""Actor keys (JSON, Parquet columns), in the game's player order."""

RUSSIA, UKRAINE, US, COALITION = range(4)
"""Player indices."""

GUARANTOR_PLAYERS: dict[str, int] = {"united_states": US, "european_coalition": COALITION}
"""Guarantor key → player index."""

RUSSIA_ACTIONS: tuple[str, ...] = ("hold", "probe", "invade")
"""Russia's first move; codes 0, 1, 2."""

HOLD, PROBE, INVADE = range(3)

RESPONSES: tuple[str, ...] = ("none", "support", "intervene")
"""A guarantor's response; codes 0, 1, 2 (−1 in the repeated model: it did not move)."""

OUTCOMES: tuple[str, ...] = (
    "deterred",
    "probe_unanswered",
    "probe_punished",
    "invasion_unopposed",
    "invasion_supported",
    "russian_retreat",
    "direct_war",
    "catastrophe",
)
"""Terminal outcomes of one crisis round."""

OUTCOME_CODE: dict[str, int] = {name: i for i, name in enumerate(OUTCOMES)}
