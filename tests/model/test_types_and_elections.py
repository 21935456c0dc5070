"""Time and types in the repeated game (docs/dynamics.md): Russia's type persists within a run and
changes only with its leadership; US elections move US commitment, measurably where the US
backstop matters."""

from __future__ import annotations

import numpy as np
from scipy.stats import chi2_contingency

from sim.experiments.replicates import run_dynamics
from sim.guarantee import OUTCOMES, solve_guarantee
from sim.guarantee.terms import per_quarter
from sim.model.model import GuaranteeModel
from sim.scenario.dynamics import Dynamics
from sim.scenario.loader import load_scenario

from .conftest import PRESETS, preset


def model_of(scenario, replicates: int, root: int, dynamics=None) -> GuaranteeModel:
    model = GuaranteeModel(
        scenario, seeds=np.random.SeedSequence(root).spawn(replicates), dynamics=dynamics
    )
    model.run()
    return model


def test_the_initial_type_has_the_hardliner_share():
    scenario = preset("budapest_1994", quarters=2)
    hard = model_of(scenario, 4000, root=3).record["hardliner"][:, 0]
    h = scenario.actors.russia.hardliner_share
    # binomial bound over runs: within 5.3 standard errors (two-sided α ≈ 1e-7)
    assert abs(hard.mean() - h) < 5.3 * np.sqrt(h * (1 - h) / hard.size)


def test_types_change_only_with_the_leadership():
    def budapest(*overrides: str):
        path = PRESETS / "budapest_1994.yaml"
        return load_scenario(path, ["actors.russia.hardliner_share=0.3", *overrides]).scenario

    scenario, quiet = budapest(), budapest("actors.russia.regime_change_rate=0")
    dyn = Dynamics.static(quarters=40)
    still = model_of(quiet, 500, root=4, dynamics=dyn).record["hardliner"]
    assert np.all(still == still[:, :1])  # no regime change, no change of type
    moving = model_of(scenario, 4000, root=4, dynamics=dyn).record["hardliner"]
    flips = int((moving[:, 1:] != moving[:, :-1]).sum())
    hazard = float(per_quarter(scenario.actors.russia.regime_change_rate))
    h = 0.3
    expected = hazard * 2 * h * (1 - h) * moving[:, 1:].size  # a change draws a new type
    assert abs(flips - expected) < 5.3 * np.sqrt(expected)


def test_with_persistent_types_only_hardliners_invade_a_deterring_design(tmp_path):
    # Issue 8: with type persistence and a zero regime-change hazard, a design that deters a
    # strategic Russia gives P(invasion within the horizon) equal to the hard-liner's share of
    # runs (v1 redrew the type every quarter: 1 − 0.95⁴⁰ ≈ 87% of runs saw an invasion).
    scenario = load_scenario(
        PRESETS / "forward_tripwire.yaml", ["actors.russia.regime_change_rate=0"]
    ).scenario
    assert solve_guarantee(scenario).deterred
    model = model_of(scenario, 2000, root=6)
    invaded = (model.record["russia_action"] == 2).any(axis=1)
    hard = model.record["hardliner"][:, 0]
    np.testing.assert_array_equal(invaded, hard)
    summary = run_dynamics(scenario, replicates=2000, root_seed=6, out_dir=tmp_path)
    h = scenario.actors.russia.hardliner_share
    assert abs(summary.p_invasion_within_horizon - h) < 5.3 * np.sqrt(h * (1 - h) / 2000)


def test_turning_elections_off_changes_outcomes_in_us_backstop_air():
    # The US air backstop matters in this design; an election can bring in an administration of
    # lower resolve, which answers invasions less often.
    scenario = load_scenario(PRESETS / "us_backstop_air.yaml").scenario
    dyn = scenario.dynamics
    assert dyn is not None and dyn.elections.enabled
    counts = {}
    for on in (True, False):
        d = dyn.model_copy(update={"elections": dyn.elections.model_copy(update={"enabled": on})})
        outcome = model_of(scenario, 8000, root=1, dynamics=d).record["outcome"]
        counts[on] = np.bincount(outcome[outcome >= 0], minlength=len(OUTCOMES))
    table = np.stack([counts[True], counts[False]])
    table = table[:, table.sum(axis=0) > 0]
    assert chi2_contingency(table)[1] < 1e-6
    supported = OUTCOMES.index("invasion_supported")
    assert counts[True][supported] > counts[False][supported]
