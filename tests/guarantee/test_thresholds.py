"""Thresholds agree with the verdict by construction, for every numeric lever, on random designs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.guarantee import LEVERS, solve_guarantee, threshold
from sim.guarantee.thresholds import deterred_at
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "presets"


@st.composite
def designs(draw: st.DrawFn) -> Scenario:
    troops = draw(st.sampled_from([0, 5, 20, 40]))
    guarantee = {
        "automaticity": draw(st.floats(0, 1)),
        "legal_form": draw(st.sampled_from(["declaration", "executive", "treaty"])),
        "trigger": draw(
            st.sampled_from(["any_violation", "armed_attack", "widespread_deliberate_sustained"])
        ),
        "coalition": {
            "size": draw(st.integers(1, 20)),
            "aggregation": draw(st.sampled_from(["independent", "us_led", "unanimity"])),
        },
        "troops_on_ground": troops,
        "posture": draw(
            st.sampled_from(["rear_hubs", "near_front", "contact_line"] + ["none"] * (troops == 0))
        ),
        "air_assets": draw(st.sampled_from([0, 40, 120])),
        "us_backstop": draw(st.sampled_from(["none", "isr_logistics", "air", "armed"])),
        "response_delay_days": draw(st.sampled_from([0, 14, 60])),
        "snapback_sanctions": draw(st.floats(0, 1)),
        "ukraine_strength": draw(st.floats(200, 1000)),
        "monitoring": draw(st.floats(0.3, 0.95)),
    }
    return Scenario.model_validate(
        {"name": "random", "guarantee": guarantee, "solver": {"robustness_draws": 0}}
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs(), st.sampled_from(sorted(LEVERS)))
def test_threshold_is_consistent_with_the_verdict(scenario: Scenario, name: str) -> None:
    lever = LEVERS[name]
    if lever.needs_troops and scenario.guarantee.posture == "none":
        with pytest.raises(ValueError, match="posture"):
            threshold(scenario, name)
        return
    found = threshold(scenario, name)
    deterred = solve_guarantee(scenario).deterred
    assert found.deterred == deterred
    if found.value is None:
        assert not deterred
        return
    # the threshold deters, and lies on the deterring side of the scenario's value iff it deters
    assert bool(deterred_at(scenario, lever.path, np.array([found.value]))[0])
    on_side = lever.direction * (found.current - found.value) >= 0
    assert on_side == deterred
    # just past the threshold, on the weakening side, deterrence fails (unless at the bound)
    step = 2 * scenario.solver.threshold_resolution * (lever.high - lever.low)
    weaker = found.value - lever.direction * step
    if lever.low <= weaker <= lever.high:
        assert not bool(deterred_at(scenario, lever.path, np.array([weaker]))[0])


def test_no_zero_threshold_beside_not_deterred() -> None:
    # v1 reported "Credibility threshold: 0.0000" next to "NOT deterred" for a single-state
    # treaty with a large army; a threshold now always agrees with the verdict.
    scenario = Scenario.model_validate(
        {
            "name": "single",
            "guarantee": {
                "legal_form": "treaty",
                "coalition": {"size": 1},
                "ukraine_strength": 200,
                "us_backstop": "none",
            },
            "solver": {"robustness_draws": 0},
        }
    )
    solution = solve_guarantee(scenario)
    for name, value in solution.thresholds.items():
        lever = LEVERS[name]
        current = float(getattr(scenario.guarantee, name))
        if value is not None:
            assert (lever.direction * (current - value) >= 0) == solution.deterred, name


@pytest.mark.parametrize(
    ("name", "lever", "expected"),
    [
        ("august_2025_proposal", "monitoring", 0.8),  # g = m s σ_p s_y at m = 0.8
        ("august_2025_proposal", "snapback_sanctions", 0.571),
        ("salami_any_violation", "automaticity", 0.123),
        # air and coalition forces deter whatever Ukraine's army: the least allowed army deters
        ("us_backstop_air", "ukraine_strength", 85.0),
    ],
)
def test_preset_thresholds(name: str, lever: str, expected: float) -> None:
    found = threshold(load_scenario(PRESETS / f"{name}.yaml").scenario, lever)
    assert found.value == pytest.approx(expected, rel=2e-3)
