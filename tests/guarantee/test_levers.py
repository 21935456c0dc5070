"""Every lever of a guarantee moves the answer, in its documented direction (docs/model.md,
"Levers").

On the reference design (``august_2025_proposal``: a coalition of the willing, rear-area
reassurance troops, a US air backstop, no membership) and on every preset, each lever is moved
along its values from the weakest design to the strongest, all else as in the scenario, and
three numbers are read at each value: the opportunist's value of invading, its value of probing
and the acceptance margin. Deterrence strengthens when the first two fall; the claims below say
which of them each lever moves and which way. A lever that moves none of them on some scenario is
listed in ``INERT`` with the reason (the docs give the same reasons); the test also checks that
every listed exception really is inert, so the list cannot go stale.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from sim.guarantee import LEVERS, acceptance_margins, guarantee_parameters, solve_grid
from sim.scenario.coalition_members import group_members
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "presets"
REFERENCE = "august_2025_proposal"
SCENARIOS = sorted(p.stem for p in PRESETS.glob("*.yaml"))
NAMED_MEMBERS = {"budapest_1994"}  # lists its signatories; a size does not apply

ORDERED: dict[str, list[str]] = {  # each lever's values, weakest design first
    "automaticity": ["0", "0.2", "0.4", "0.6", "0.8", "1"],
    "troops_on_ground": ["0", "5", "10", "20", "40", "60"],
    "posture": ["rear_hubs", "near_front", "contact_line"],
    "air_assets": ["0", "30", "60", "100", "150"],
    "us_backstop": ["none", "isr_logistics", "air", "armed"],
    "coalition.size": ["1", "3", "6", "12", "20", "max"],
    "coalition.aggregation": ["unanimity", "us_led", "independent"],
    "legal_form": ["declaration", "executive", "treaty"],
    "response_delay_days": ["90", "60", "30", "14", "7", "0"],
    "monitoring": ["0.3", "0.5", "0.7", "0.9"],
    "snapback_sanctions": ["0", "0.5", "1"],
    "trigger": ["widespread_deliberate_sustained", "armed_attack", "any_violation"],
    "ukraine_strength": ["200", "400", "600", "800", "1000"],
}

# lever → direction, along ORDERED, of (value of invading, value of probing, acceptance margin):
# −1 never rises, +1 never falls, 0 no claim. Stronger designs deter more and, being more
# intrusive, are less acceptable; a stronger Ukraine deters *and* makes a ceasefire more
# acceptable (Fearon 1995); monitoring and snapback act on probes.
CLAIMS: dict[str, tuple[int, int, int]] = {
    "automaticity": (-1, -1, -1),
    "troops_on_ground": (-1, 0, -1),
    "posture": (-1, 0, -1),
    "air_assets": (-1, 0, -1),
    "us_backstop": (-1, -1, -1),
    "coalition.size": (-1, -1, 0),
    "coalition.aggregation": (-1, -1, -1),
    "legal_form": (-1, -1, -1),
    "response_delay_days": (-1, -1, -1),
    "monitoring": (0, -1, 0),
    "snapback_sanctions": (0, -1, 0),
    "trigger": (-1, -1, -1),
    "ukraine_strength": (-1, 0, +1),
}

INERT: dict[tuple[str, str], str] = {
    ("budapest_1994", "monitoring"): "no snapback and no pledge: a detected probe costs nothing",
    ("budapest_1994", "coalition.aggregation"): "automaticity 0: no rule commits anyone",
    ("forward_tripwire", "snapback_sanctions"): "every violation is answered in full",
    ("salami_any_violation", "snapback_sanctions"): "every violation is answered in full",
}


def values_of(lever: str, name: str) -> list[str]:
    values = ORDERED[lever]
    if lever == "coalition.size":
        group = preset(name).guarantee.coalition.group
        top = len(group_members(group))
        return [v for v in values[:-1] if int(v) < top] + [str(top)]
    return values


@cache
def preset(name: str, *overrides: str) -> Scenario:
    return load_scenario(PRESETS / f"{name}.yaml", list(overrides)).scenario


def applies(name: str, lever: str) -> bool:
    return not (lever == "coalition.size" and name in NAMED_MEMBERS)


@cache
def readings(name: str, lever: str) -> np.ndarray:
    """(invade, probe, margin) at each value of the lever, weakest first."""
    base = preset(name)
    rows = []
    for value in values_of(lever, name):
        overrides = [f"guarantee.{lever}={value}"]
        if lever == "troops_on_ground" and base.guarantee.posture == "none":
            overrides.append("guarantee.posture=rear_hubs")
        if lever == "posture" and base.guarantee.troops_on_ground == 0:
            overrides.append("guarantee.troops_on_ground=20")
        params = guarantee_parameters(preset(name, *overrides))
        russia = solve_grid(params).russia_values.ravel()
        rows.append((russia[2], russia[1], float(acceptance_margins(params))))
    return np.asarray(rows)


CASES = [(n, lever) for n in SCENARIOS for lever in ORDERED if applies(n, lever)]


@pytest.mark.parametrize(("name", "lever"), CASES)
def test_lever_moves_in_its_documented_direction(name: str, lever: str) -> None:
    table = readings(name, lever)
    for column, label in enumerate(("invade", "probe", "margin")):
        claim = CLAIMS[lever][column]
        if claim:
            steps = claim * np.diff(table[:, column])
            assert np.all(steps >= -1e-9), f"{label} along {values_of(lever, name)}: {table}"


@pytest.mark.parametrize(("name", "lever"), CASES)
def test_lever_is_not_inert(name: str, lever: str) -> None:
    table = readings(name, lever)
    moved = bool(np.any(np.ptp(table, axis=0) > 1e-6))
    assert moved != ((name, lever) in INERT), INERT.get((name, lever), f"{lever} is inert: {table}")


REFERENCE_MOVES_INVASION = [
    "automaticity",
    "troops_on_ground",
    "posture",
    "us_backstop",
    "coalition.size",
    "coalition.aggregation",
    "legal_form",
    "response_delay_days",
    "trigger",
    "ukraine_strength",
]


@pytest.mark.parametrize("lever", REFERENCE_MOVES_INVASION)
def test_on_the_reference_design_the_lever_moves_the_value_of_invading(lever: str) -> None:
    invade = readings(REFERENCE, lever)[:, 0]
    assert invade[-1] < invade[0] - 1e-3, f"{lever}: {invade}"


def test_on_the_reference_design_probes_answer_to_monitoring_and_snapback() -> None:
    for lever in ("monitoring", "snapback_sanctions"):
        probe = readings(REFERENCE, lever)[:, 1]
        assert probe[-1] < 0.0 < probe[0], f"{lever}: {probe}"


def test_aircraft_matter_when_russia_would_fight_and_always_for_acceptability() -> None:
    # On the reference design Russia backs down facing any intervention, so extra aircraft do
    # not change its value of invading; they do make the guarantee more intrusive. Against one
    # member without the US, which Russia fights, aircraft raise the cost of the war.
    table = readings(REFERENCE, "air_assets")
    assert np.ptp(table[:, 0]) < 1e-9 and table[-1, 2] < table[0, 2]
    alone = ("guarantee.coalition.size=1", "guarantee.us_backstop=none", "guarantee.automaticity=1")
    invade = [
        float(
            solve_grid(
                guarantee_parameters(preset(REFERENCE, *alone, f"guarantee.air_assets={n}"))
            ).russia_values[2]
        )
        for n in (0, 50, 150)
    ]
    assert invade[0] > invade[1] > invade[2]


def test_ukraine_strength_deters_by_denial_and_eases_acceptance() -> None:
    table = readings(REFERENCE, "ukraine_strength")
    assert np.all(np.diff(table[:, 0]) < 0) and np.all(np.diff(table[:, 2]) > 0)


def test_us_backstop_levels_order_deterrence_strictly_somewhere() -> None:
    # none ≤ ISR ≤ air ≤ armed in deterrence on every preset (the direction test), strictly
    # between some pair on the reference design and across the presets.
    table = readings(REFERENCE, "us_backstop")
    assert np.any(np.diff(table[:, 0]) < -1e-3)
    strict_pairs = set()
    for name in SCENARIOS:
        steps = np.diff(readings(name, "us_backstop")[:, 0])
        strict_pairs |= {i for i, s in enumerate(steps) if s < -1e-3}
    assert strict_pairs == {0, 1, 2}, strict_pairs


def test_numeric_lever_registry_matches_the_ordered_values() -> None:
    for name, lever in LEVERS.items():
        values = [float(v) for v in ORDERED[name]]
        assert lever.direction == (1 if values[-1] > values[0] else -1), name
