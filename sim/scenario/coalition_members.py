"""Default members of the European-led coalition, with capability weights.

A scenario may list the coalition's members and weights itself, or give only ``size: n``; the
coalition is then the ``n`` first members below, largest first.

Weights are approximate 2024 defence expenditure in billions of US dollars, rounded: NATO members
from NATO's *Defence Expenditure of NATO Countries (2014–2024)* (June 2024 estimates), other
states from SIPRI's Military Expenditure Database (2025 release). Who belongs to a
"coalition of the willing" is a judgement: the list follows the states that took part in the
2025 coalition-of-the-willing meetings, ordered by weight; Hungary and Slovakia, which declined
to take part, are left out.
"""

from __future__ import annotations

DEFAULT_MEMBERS: tuple[tuple[str, float], ...] = (
    ("Germany", 97.7),
    ("United Kingdom", 82.1),
    ("France", 64.3),
    ("Australia", 36.0),
    ("Italy", 35.0),
    ("Poland", 34.9),
    ("Canada", 30.5),
    ("Netherlands", 23.6),
    ("Spain", 19.7),
    ("Turkey", 16.4),
    ("Sweden", 12.0),
    ("Norway", 9.0),
    ("Denmark", 8.9),
    ("Romania", 8.5),
    ("Belgium", 8.3),
    ("Greece", 7.9),
    ("Finland", 7.3),
    ("Czechia", 6.6),
    ("Portugal", 4.6),
    ("Lithuania", 2.5),
    ("New Zealand", 2.4),
    ("Bulgaria", 2.1),
    ("Latvia", 1.5),
    ("Estonia", 1.4),
    ("Croatia", 1.4),
    ("Ireland", 1.3),
    ("Slovenia", 0.9),
    ("Luxembourg", 0.7),
    ("Cyprus", 0.5),
    ("Albania", 0.5),
    ("North Macedonia", 0.3),
    ("Austria", 0.3),
    ("Malta", 0.1),
    ("Montenegro", 0.1),
    ("Iceland", 0.1),
)
"""``(member, capability weight)`` pairs, largest first; 35 entries, the schema's maximum size.

Austria's weight is its expected contribution (non-combat), not its budget: a judgement.
"""

MAX_MEMBERS = len(DEFAULT_MEMBERS)
FULL_COALITION_WEIGHT = sum(w for _, w in DEFAULT_MEMBERS)
"""Total weight of all default members; capabilities are measured relative to it."""
