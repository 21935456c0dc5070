"""One model steps one replicate or many with the same code: a replicate's run does not depend on
what runs beside it.

Every output of every replicate (each time-series column, every counter, the costs, Russia's
final beliefs, each member's accumulated cost and membership, the guarantors' response counts)
must be the same whether it runs in a model of 24 replicates, of one, or in a chunk of another
size, on every preset and on variants that switch on each mechanism the presets leave off (logit
choice, spill-over, the grim trigger, coalition exits, absorbing catastrophe, no war dynamics).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.model import TIMESERIES_COLUMNS, GuaranteeModel
from sim.model.stage import StagePolicy
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
        cf = dynamics.ceasefire.model_copy(update={"grim_trigger": True})
        return dynamics.model_copy(update={"ceasefire": cf})
    if name == "exits":
        c = dynamics.coalition.model_copy(update={"leave_threshold": 0.5})
        return dynamics.model_copy(update={"coalition": c})
    if name == "absorbing_no_war":
        w = dynamics.war.model_copy(update={"enabled": False, "catastrophe_absorbing": True})
        return dynamics.model_copy(update={"war": w})
    raise ValueError(name)


def outputs(model: GuaranteeModel, i: int) -> dict[str, object]:
    """Every output of replicate ``i`` of ``model``."""
    out: dict[str, object] = {name: model.record[name][i].tolist() for name in TIMESERIES_COLUMNS}
    out.update({f"total:{k}": int(v[i]) for k, v in model.totals.items()})
    out["costs"] = model.costs[i].tolist()
    out["beliefs"] = [float(b[i]) for b in model.russia.belief_means]
    out["members"] = [(float(m.accumulated_cost[i]), bool(m.active[i])) for m in model.members]
    return out


def assert_same_runs(scenario: Scenario, dynamics: Dynamics, replicates: int = 24) -> None:
    seeds = np.random.SeedSequence(11).spawn(replicates)
    policy = StagePolicy(scenario, dynamics)
    together = GuaranteeModel(scenario, seeds=seeds, policy=policy, dynamics=dynamics)
    together.run()
    halves = [
        GuaranteeModel(scenario, seeds=part, policy=policy, dynamics=dynamics)
        for part in (seeds[:7], seeds[7:])
    ]
    for model in halves:
        model.run()
    for i, seed in enumerate(seeds):
        alone = GuaranteeModel(scenario, seeds=[seed], policy=policy, dynamics=dynamics)
        alone.run()
        expected = outputs(together, i)
        assert outputs(alone, 0) == expected, f"run {i} alone"
        half, j = (halves[0], i) if i < 7 else (halves[1], i - 7)
        assert outputs(half, j) == expected, f"run {i} in a chunk"


@pytest.mark.parametrize("mechanism", ["as_is", "logit_spillover", "grim_trigger", "exits"])
@pytest.mark.parametrize("name", DYNAMICS_PRESETS)
def test_dynamics_presets(name: str, mechanism: str) -> None:
    scenario = preset(name)
    assert scenario.dynamics is not None
    assert_same_runs(scenario, variant(scenario.dynamics, mechanism))


@pytest.mark.parametrize("mechanism", ["as_is", "exits", "absorbing_no_war"])
@pytest.mark.parametrize("name", STATIC_PRESETS)
def test_every_preset_with_default_dynamics(name: str, mechanism: str) -> None:
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
    model = GuaranteeModel(scenario, seeds=np.random.SeedSequence(3).spawn(30), dynamics=d)
    model.run()
    assert (model.coalition_size == 0).any()
    assert_same_runs(scenario, d, replicates=30)
    assert_same_runs(preset("budapest_1994"), Dynamics(quarters=16))


def test_outputs_have_their_dtypes_and_shapes() -> None:
    scenario = Scenario(name="demo", dynamics=Dynamics(quarters=5))
    model = GuaranteeModel(scenario, seeds=[1, 2, 3])
    model.run()
    model.step()  # past the horizon: nothing happens
    assert model.quarter == 5
    for name, dtype in TIMESERIES_COLUMNS.items():
        assert model.record[name].shape == (3, 5)
        assert model.record[name].dtype == np.dtype(dtype)
    with pytest.raises(ValueError, match="at least one seed"):
        GuaranteeModel(scenario, seeds=[])
