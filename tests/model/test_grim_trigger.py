"""Grim-trigger ceasefire stability in the repeated game.

Friedman (1971); Fudenberg & Maskin (1986): with a stage temptation T, reward R for mutual
restraint and punishment P (T > R > P), restraint is sustained by the grim trigger iff
δ ≥ (T − R)/(T − P). Canonical Prisoner's-Dilemma numbers T = 5, R = 3, P = 1 (Axelrod 1984)
give the threshold 1/2: tested on Russia's valuation rule itself, then with T and R from the
guarantee game in the model.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.agents import grim_trigger_values
from sim.model.model import GuaranteeModel
from sim.model.stage import StagePolicy
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario

T, R, P = 5.0, 3.0, 1.0
THRESHOLD = (T - R) / (T - P)


def holds(delta: float) -> bool:
    values = [np.array([R]), np.array([T]), np.array([T])]
    valued = grim_trigger_values(values, np.array([True]), delta, P)
    return bool(valued[0][0] >= max(valued[1][0], valued[2][0]))


@pytest.mark.parametrize("delta", [0.1, 0.3, 0.45, 0.49, 0.499])
def test_ceasefire_breaks_below_threshold(delta):
    assert delta < THRESHOLD
    assert not holds(delta)


@pytest.mark.parametrize("delta", [0.5, 0.501, 0.55, 0.7, 0.95])
def test_ceasefire_holds_at_and_above_threshold(delta):
    assert delta >= THRESHOLD
    assert holds(delta)


def test_after_a_break_the_values_are_the_stage_values():
    values = [np.array([R]), np.array([T]), np.array([T])]
    valued = grim_trigger_values(values, np.array([False]), 0.9, P)
    assert [float(v[0]) for v in valued] == [R, T, T]


def scenario_with(discount_factor: float) -> Scenario:
    return Scenario.model_validate(
        {
            "name": "pd",
            "actors": {"russia": {"hardliner_share": 0.0}},
            "guarantee": {"automaticity": 0.0, "trigger": "armed_attack"},
            "payoffs": {"discount_factor": discount_factor},
        }
    )


def stage_values(scenario: Scenario) -> tuple[float, float]:
    policy = StagePolicy(scenario, Dynamics.static())
    grid = policy.grid(policy.scenario_members)
    point = np.zeros(1, dtype=np.int64)
    kappa_us, kappa_ec = grid.signal_us[1][point], grid.signal_ec[1][point]
    reward = float(grid.values[0].value(point, kappa_ec, kappa_us)[0])
    probe_us, probe_ec = grid.signal_us[0][point], grid.signal_ec[0][point]
    temptation = max(
        float(grid.values[1].value(point, probe_ec, probe_us)[0]),
        float(grid.values[2].value(point, kappa_ec, kappa_us)[0]),
    )
    return reward, temptation


def test_threshold_in_the_guarantee_game():
    """The same condition with T and R from the guarantee game itself (no hard-liners), at the
    quarterly discount factor δ_q = δ^¼ of the scenario's yearly ``payoffs.discount_factor``."""
    predicted = []
    for yearly in (0.05, 0.2, 0.4, 0.41, 0.42, 0.6, 0.9, 0.99):  # kept iff δ ≥ 0.8⁴ = 0.4096
        scenario = scenario_with(yearly)
        reward, temptation = stage_values(scenario)
        assert temptation > reward, "the scenario must tempt Russia in the stage game"
        punishment = reward - (temptation - reward) / 4  # so that (T − R)/(T − P) = 0.8
        threshold = (temptation - reward) / (temptation - punishment)
        assert threshold == pytest.approx(0.8)
        quarterly = yearly**0.25
        if abs(quarterly - threshold) < 1e-3:
            continue  # too close to call in floating point
        kept = quarterly >= threshold
        predicted.append(kept)
        dynamics = Dynamics.static(
            quarters=12, ceasefire={"grim_trigger": True, "punishment_value": punishment}
        )
        model = GuaranteeModel(scenario, rng=2, dynamics=dynamics)
        model.run()
        assert bool(np.all(model.record["russia_action"] == 0)) is kept, yearly
        if not kept:
            assert model.russia.ceasefire_broken[0]
            assert np.all(model.record["russia_action"] > 0)  # it keeps violating
    assert True in predicted and False in predicted
