"""GuaranteeEnsemble is GuaranteeModel stepped in lock-step: equal bit for bit, run by run.

Every output of every replicate (each time-series column, every counter, the costs, Russia's
final beliefs, each member's accumulated cost, the guarantors' response counts) must equal that
of a :class:`GuaranteeModel` run with the same seed, on every preset and on variants that switch
on each mechanism the presets leave off (logit choice, spill-over, the grim trigger, coalition
exits, absorbing catastrophe, no war dynamics).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from sim.model.ensemble import GuaranteeEnsemble
from sim.model.guarantee_policy import GuaranteeStagePolicy
from sim.model.model import TIMESERIES_COLUMNS, GuaranteeModel
from sim.model.stage_policy import ConstantStagePolicy, canonical_tables
from sim.scenario.dynamics import Dynamics
from sim.scenario.schema import Scenario

from .conftest import PRESETS, preset

DYNAMICS_PRESETS = ("salami_gray_zone", "salami_any_violation")
STATIC_PRESETS = sorted(p.stem for p in PRESETS.glob("*.yaml") if p.stem not in DYNAMICS_PRESETS)


def variant(dynamics: Dynamics, name: str) -> Dynamics:
    """The dynamics with one more mechanism switched on (or off)."""
    if name == "as_is":
        return dynamics
    if name == "logit_spillover":
        return dynamics.model_copy(update={"logit_precision": 2.0, "spillover": 0.5})
    if name == "grim_trigger":
        cf = dynamics.ceasefire.model_copy(update={"grim_trigger": True, "discount": 0.9})
        return dynamics.model_copy(update={"ceasefire": cf})
    if name == "exits":
        c = dynamics.coalition.model_copy(update={"leave_threshold": 0.5})
        return dynamics.model_copy(update={"coalition": c})
    if name == "absorbing_no_war":
        w = dynamics.war.model_copy(update={"enabled": False, "catastrophe_absorbing": True})
        return dynamics.model_copy(update={"war": w})
    raise ValueError(name)


def assert_same_runs(scenario: Scenario, dynamics: Dynamics, replicates: int = 24) -> None:
    seeds = np.random.SeedSequence(11).spawn(replicates)
    policy = GuaranteeStagePolicy(scenario, dynamics)
    ensemble = GuaranteeEnsemble(scenario, seeds, policy=policy, dynamics=dynamics)
    ensemble.run()
    mu_us, mu_ec = ensemble.belief_means
    for i, seed in enumerate(seeds):
        model = GuaranteeModel(
            scenario, rng=np.random.default_rng(seed), policy=policy, dynamics=dynamics
        )
        model.run()
        for name in TIMESERIES_COLUMNS:
            np.testing.assert_array_equal(
                ensemble.record[name][i], model.record[name], err_msg=f"run {i}, {name}"
            )
        assert {k: int(v[i]) for k, v in ensemble.totals.items()} == model.totals, i
        assert tuple(ensemble.costs[i].tolist()) == model.costs(), i
        assert (mu_us[i], mu_ec[i]) == model.russia.belief_means, i
        assert ensemble.member_cost[i].tolist() == [m.accumulated_cost for m in model.members]
        assert ensemble.coalition_size[i] == model.coalition_size
        assert ensemble.answered[i].tolist() == [model.us.answered, model.coalition.answered]
        assert ensemble.observed[i].tolist() == [model.us.observed, model.coalition.observed]


@pytest.mark.parametrize("mechanism", ["as_is", "logit_spillover", "grim_trigger", "exits"])
@pytest.mark.parametrize("name", DYNAMICS_PRESETS)
def test_dynamics_presets_equal_the_agent_model(name: str, mechanism: str) -> None:
    scenario = preset(name)
    assert scenario.dynamics is not None
    assert_same_runs(scenario, variant(scenario.dynamics, mechanism))


@pytest.mark.parametrize("mechanism", ["as_is", "exits", "absorbing_no_war"])
@pytest.mark.parametrize("name", STATIC_PRESETS)
def test_every_preset_with_default_dynamics_equals_the_agent_model(
    name: str, mechanism: str
) -> None:
    assert_same_runs(preset(name), variant(Dynamics(quarters=24), mechanism))


def test_static_dynamics_and_a_horizon_from_the_guarantee() -> None:
    data = preset("steel_hedgehog").model_dump()
    data["guarantee"]["duration_years"] = 3
    data["dynamics"] = Dynamics.static(quarters=None).model_dump()
    scenario = Scenario.model_validate(data)
    assert scenario.dynamics is not None
    assert_same_runs(scenario, scenario.dynamics)


def test_a_coalition_that_empties_and_a_guarantee_without_members() -> None:
    """Every member leaves (the empty coalition's tree is solved too); and no coalition at all."""
    d = Dynamics(quarters=40, coalition={"leave_threshold": 0.05, "threshold_spread": 0.0})
    scenario = preset("salami_gray_zone")
    seeds = np.random.SeedSequence(3).spawn(30)
    ensemble = GuaranteeEnsemble(scenario, seeds, dynamics=d)
    ensemble.run()
    assert (ensemble.coalition_size == 0).any()
    assert_same_runs(scenario, d, replicates=30)
    assert_same_runs(preset("budapest_1994"), Dynamics(quarters=16))


def test_outputs_have_the_agent_model_dtypes_and_shapes() -> None:
    scenario = Scenario(name="demo", dynamics=Dynamics(quarters=5))
    ensemble = GuaranteeEnsemble(scenario, [1, 2, 3])
    ensemble.run()
    ensemble.step()  # past the horizon: nothing happens
    assert ensemble.quarter == 5
    for name, dtype in TIMESERIES_COLUMNS.items():
        assert ensemble.record[name].shape == (3, 5)
        assert ensemble.record[name].dtype == np.dtype(dtype)


def test_needs_the_guarantee_game_policy() -> None:
    class Custom(GuaranteeStagePolicy):
        def tables(self, state: Any) -> Any:  # a different stage game
            return canonical_tables(reward=1.0, temptation=2.0)

    scenario = Scenario(name="demo")
    with pytest.raises(ValueError, match="at least one seed"):
        GuaranteeEnsemble(scenario, [])
    with pytest.raises(TypeError, match="stage policy"):
        GuaranteeEnsemble(scenario, [1], policy=Custom(scenario))
    with pytest.raises(TypeError):
        GuaranteeEnsemble(
            scenario, [1], policy=ConstantStagePolicy(canonical_tables(reward=1.0, temptation=2.0))
        )  # type: ignore[arg-type]
