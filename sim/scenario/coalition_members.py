"""The states a coalition can be made of, with capability weights from one source.

Weights are military expenditure in 2024, in billions of current US dollars, from one source:
the SIPRI Military Expenditure Database (Stockholm International Peace Research Institute,
2025 release), rounded to one decimal. The figures of the United States (997), Russia (149),
Germany (88.5), the United Kingdom (81.8), France (64.7) and Poland (38.0) were checked against
SIPRI's published fact sheet for 2024; the others were transcribed without access to the
database and are accurate to about ±10 %: check them against the database before citing a
number. The model uses weights only as ratios (a coalition's capability relative to the
reference coalition, and to Russia's spending).

Each state belongs to groups that presets and scenarios select by name
(``coalition: {group: nato}``), so a preset lists only states that fit its name:

* ``coalition_of_the_willing``: the states that took part in the 2025 coalition-of-the-willing
  meetings on guarantees for Ukraine (Hungary and Slovakia declined);
* ``nato``: the 31 NATO allies other than the United States (the US is the backstop).

Examples
--------
>>> [name for name, _ in group_members("coalition_of_the_willing")[:3]]
['Germany', 'United Kingdom', 'France']
>>> len(group_members("nato")), "Australia" in dict(group_members("nato"))
(31, False)
"""

from __future__ import annotations

COW, NATO = "coalition_of_the_willing", "nato"

STATES: tuple[tuple[str, float, frozenset[str]], ...] = (
    ("Germany", 88.5, frozenset({COW, NATO})),
    ("United Kingdom", 81.8, frozenset({COW, NATO})),
    ("France", 64.7, frozenset({COW, NATO})),
    ("Poland", 38.0, frozenset({COW, NATO})),
    ("Italy", 38.0, frozenset({COW, NATO})),
    ("Australia", 33.8, frozenset({COW})),
    ("Canada", 29.3, frozenset({COW, NATO})),
    ("Turkey", 25.0, frozenset({COW, NATO})),
    ("Spain", 24.6, frozenset({COW, NATO})),
    ("Netherlands", 23.2, frozenset({COW, NATO})),
    ("Sweden", 12.0, frozenset({COW, NATO})),
    ("Norway", 10.0, frozenset({COW, NATO})),
    ("Denmark", 9.9, frozenset({COW, NATO})),
    ("Romania", 8.5, frozenset({COW, NATO})),
    ("Greece", 8.0, frozenset({COW, NATO})),
    ("Belgium", 7.8, frozenset({COW, NATO})),
    ("Finland", 7.3, frozenset({COW, NATO})),
    ("Czechia", 6.1, frozenset({COW, NATO})),
    ("Austria", 4.8, frozenset({COW})),
    ("Portugal", 4.7, frozenset({COW, NATO})),
    ("Hungary", 4.5, frozenset({NATO})),
    ("Slovakia", 3.0, frozenset({NATO})),
    ("New Zealand", 2.5, frozenset({COW})),
    ("Lithuania", 2.3, frozenset({COW, NATO})),
    ("Bulgaria", 2.2, frozenset({COW, NATO})),
    ("Latvia", 1.6, frozenset({COW, NATO})),
    ("Croatia", 1.5, frozenset({COW, NATO})),
    ("Estonia", 1.4, frozenset({COW, NATO})),
    ("Ireland", 1.4, frozenset({COW})),
    ("Slovenia", 1.0, frozenset({COW, NATO})),
    ("Luxembourg", 0.8, frozenset({COW, NATO})),
    ("Albania", 0.5, frozenset({COW, NATO})),
    ("Cyprus", 0.5, frozenset({COW})),
    ("North Macedonia", 0.3, frozenset({COW, NATO})),
    ("Montenegro", 0.1, frozenset({COW, NATO})),
    ("Malta", 0.1, frozenset({COW})),
    ("Iceland", 0.1, frozenset({COW, NATO})),
)
"""``(state, 2024 military expenditure in US$ bn, groups)``, largest first (SIPRI, see above;
Iceland has no armed forces: its coast-guard budget is shown)."""

GROUPS: tuple[str, ...] = (COW, NATO)

RUSSIA_SPENDING = 149.0
"""Russia's 2024 military expenditure, US$ bn (SIPRI): the unit of capability ratios."""

US_SPENDING = 997.0
"""The United States' 2024 military expenditure, US$ bn (SIPRI)."""

DEFAULT_SIZE = 12
"""Members of a coalition given by neither ``members`` nor ``size``: the twelve largest."""


def group_members(group: str) -> list[tuple[str, float]]:
    """The ``(state, weight)`` pairs of a group, largest first."""
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}; choose one of {', '.join(GROUPS)}")
    return [(name, weight) for name, weight, groups in STATES if group in groups]


MAX_MEMBERS = max(len(group_members(g)) for g in GROUPS)
"""The largest group: the schema's maximum size."""

REFERENCE_WEIGHT = sum(w for _, w in group_members(COW)[:DEFAULT_SIZE])
"""Total weight of the default coalition (the twelve largest of the coalition of the willing):
the reference for capability shares (a coalition of this weight has capability share 1)."""
