"""Grim-trigger ceasefire stability in the repeated game.

Friedman (1971); Fudenberg & Maskin (1986): with a stage temptation T, reward R for mutual
restraint and punishment P (T > R > P), restraint is sustained by the grim trigger iff
δ ≥ (T − R)/(T − P). Canonical Prisoner's-Dilemma numbers T = 5, R = 3, P = 1 (Axelrod 1984)
give the threshold 1/2.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.model import GuaranteeModel
from sim.model.stage_policy import ConstantStagePolicy, canonical_tables
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario

T, R, P = 5.0, 3.0, 1.0
THRESHOLD = (T - R) / (T - P)


def ceasefire_holds(delta: float, policy=None, scenario=None, quarters: int = 20) -> bool:
    scenario = scenario or Scenario(name="ceasefire")
    dynamics = Dynamics.static(
        quarters=quarters,
        ceasefire={"grim_trigger": True, "discount": delta, "punishment_value": P},
    )
    model = GuaranteeModel(
        scenario,
        rng=np.random.default_rng(0),
        policy=policy or ConstantStagePolicy(canonical_tables(reward=R, temptation=T)),
        dynamics=dynamics,
    )
    model.run()
    return bool(np.all(model.record["russia_action"] == 0))


@pytest.mark.parametrize("delta", [0.1, 0.3, 0.45, 0.49, 0.499])
def test_ceasefire_breaks_below_threshold(delta):
    assert delta < THRESHOLD
    assert not ceasefire_holds(delta)


@pytest.mark.parametrize("delta", [0.5, 0.501, 0.55, 0.7, 0.95])
def test_ceasefire_holds_at_and_above_threshold(delta):
    assert delta >= THRESHOLD
    assert ceasefire_holds(delta)


def test_after_a_break_russia_keeps_violating():
    dynamics = Dynamics.static(
        quarters=10, ceasefire={"grim_trigger": True, "discount": 0.3, "punishment_value": P}
    )
    model = GuaranteeModel(
        Scenario(name="ceasefire"),
        rng=1,
        policy=ConstantStagePolicy(canonical_tables(reward=R, temptation=T)),
        dynamics=dynamics,
    )
    model.run()
    assert model.russia.ceasefire_broken
    assert np.all(model.record["russia_action"] > 0)


def test_threshold_in_the_guarantee_game():
    """The same condition with T and R from the guarantee game itself (no hard-liners)."""
    scenario = Scenario.model_validate(
        {
            "name": "pd",
            "actors": {"russia": {"hardliner_share": 0.0}},
            "guarantee": {"automaticity": 0.0, "trigger": "armed_attack"},
        }
    )
    from sim.model.guarantee_policy import GuaranteeStagePolicy
    from sim.model.stage_policy import StageState

    policy = GuaranteeStagePolicy(scenario, Dynamics.static())
    tables = policy.tables(StageState())
    values = tables.russia_values(*tables.prior_means)
    reward, temptation = values[0], max(values[1:])
    assert temptation > reward, "the scenario must tempt Russia in the stage game"
    punishment = reward - 1.0
    threshold = (temptation - reward) / (temptation - punishment)
    for delta, holds in ((threshold - 0.01, False), (threshold + 0.01, True)):
        dynamics = Dynamics.static(
            quarters=12,
            ceasefire={"grim_trigger": True, "discount": delta, "punishment_value": punishment},
        )
        model = GuaranteeModel(scenario, rng=2, policy=policy, dynamics=dynamics)
        model.run()
        assert bool(np.all(model.record["russia_action"] == 0)) is holds
