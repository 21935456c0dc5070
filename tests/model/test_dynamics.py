"""Each mechanism of the ``dynamics:`` block does what it says, and nothing when switched off."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from sim.model.model import CATASTROPHE, GuaranteeModel, horizon_quarters, member_tolerance_scores
from sim.scenario.dynamics import Dynamics
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

from .conftest import PRESETS, preset, run_models


def test_logit_choice_frequencies():
    """P(a) ∝ exp(λ v(a)) (McKelvey & Palfrey 1995): a binomial check at 5.3 standard errors."""
    model = GuaranteeModel(Scenario(name="logit"), rng=3, dynamics=Dynamics.static(quarters=1))
    russia = model.russia
    values, lam, n = [0.0, 1.0, 0.5], 2.0, 20_000
    columns = [np.full(n, v) for v in values]
    u = np.random.default_rng(3).random(n)
    counts = Counter(russia.choose(columns, u, lam).tolist())
    weights = [math.exp(lam * v) for v in values]
    for a, w in enumerate(weights):
        p = w / sum(weights)
        assert abs(counts[a] / n - p) < 5.3 * math.sqrt(p * (1 - p) / n)
    tied = [np.zeros(1), np.ones(1), np.ones(1)]
    assert russia.choose(tied, np.zeros(1), None).tolist() == [1]  # ties towards restraint


def test_spillover_moves_the_other_belief():
    # august_2025_proposal: hard-liners' invasions are covered and the coalition's answer tells
    # Russia about its commitment; with spill-over the US belief takes the same observation.
    for spill, moves in ((0.0, False), (0.5, True)):
        scenario = preset("august_2025_proposal", quarters=20, learning=True, spillover=spill)
        models = run_models(scenario, 40, root=2)
        if not moves:
            base = [m.record["belief_us"].copy() for m in models]
        else:
            assert any(
                not np.array_equal(b, m.record["belief_us"])
                for b, m in zip(base, models, strict=True)
            )


def test_elections_switch_us_resolve_only_at_election_quarters():
    scenario = preset(
        "salami_any_violation",
        quarters=30,
        elections={"enabled": True, "first_quarter": 4, "every": 8, "turnover": 0.5},
    )
    incumbent = scenario.actors.united_states.resolve
    other = scenario.dynamics.elections.other_resolve  # type: ignore[union-attr]
    models = run_models(scenario, 40, root=4)
    for m in models:
        resolve = m.record["us_resolve"]
        changes = np.flatnonzero(np.diff(np.r_[incumbent, resolve]))
        assert set(changes + 1) <= {4, 12, 20, 28}
        at_either = np.isclose(resolve, incumbent, atol=1e-6) | np.isclose(
            resolve, other, atol=1e-6
        )
        assert at_either.all()
    switched = np.mean([not np.isclose(m.record["us_resolve"][4], incumbent) for m in models])
    assert 0.2 < switched < 0.8  # turnover 0.5 at the first election


def test_forces_grow_in_peace_and_fall_in_war():
    scenario = preset(
        "salami_gray_zone",
        quarters=40,
        ukraine={"enabled": True, "probe_loss": 0.0},
        russia={"enabled": True},
        war={"enabled": True},
    )
    models = run_models(scenario, 30, root=6)
    for m in models:
        army, outcome = m.record["ukraine_army"], m.record["outcome"]
        steps = np.diff(army)
        fighting = outcome[1:] == -1  # quarters of an ongoing war
        assert np.all(steps[fighting] <= 0)
        calm = (outcome[1:] >= 0) & (outcome[:-1] >= 0) & (outcome[1:] <= 2)  # no war began
        assert np.all(steps[calm] >= 0)
    assert any(
        (np.diff(m.record["ukraine_army"])[m.record["outcome"][1:] == -1] < 0).any() for m in models
    )
    static = run_models(preset("salami_gray_zone", quarters=10), 3, root=6)
    assert all(np.ptp(m.record["ukraine_army"]) == 0 for m in static)


def test_unanswered_probes_slice_off_ukraines_strength():
    scenario = preset("salami_gray_zone", quarters=20, ukraine={"enabled": True, "aid_growth": 0.0})
    models = run_models(scenario, 20, root=6)
    loss = scenario.dynamics.ukraine.probe_loss  # type: ignore[union-attr]
    for m in models:
        unanswered = m.totals["unanswered_probes"]
        if m.record["hardliner"].any() or not unanswered:
            continue
        start = scenario.guarantee.ukraine_strength
        assert m.record["ukraine_army"][-1] == pytest.approx(
            start * (1 - loss) ** unanswered, rel=1e-5
        )


def test_wars_last_war_years_on_average():
    scenario = load_scenario(PRESETS / "budapest_1994.yaml", ["payoffs.war_years=1"]).scenario
    scenario = scenario.model_copy(
        update={"dynamics": Dynamics.static(quarters=80, war={"enabled": True})}
    )
    models = run_models(scenario, 60, root=8)
    outcomes = np.concatenate([m.record["outcome"] for m in models])
    war_quarters = (outcomes == -1).sum()
    crisis_rounds = (outcomes >= 0).sum()  # Budapest: every crisis round is an invasion
    # settlement hazard 1/(4D) = 1/4 a quarter: each war is followed by 4 war quarters on
    # average (a little fewer here: the horizon cuts the last war of a run short)
    assert 3.3 < war_quarters / max(1, crisis_rounds) < 4.5


def test_catastrophe_is_absorbing_when_asked():
    scenario = Scenario.model_validate(
        {
            "name": "brink",
            "payoffs": {"escalation_risk": 1.0},
            "actors": {"russia": {"hardliner_share": 1.0}},
            "guarantee": {
                "automaticity": 1.0,
                "troops_on_ground": 30,
                "posture": "contact_line",
                "air_assets": 100,
                "us_backstop": "armed",
            },
        }
    )
    dyn = Dynamics.static(quarters=5, war={"enabled": True, "catastrophe_absorbing": True})
    model = GuaranteeModel(scenario, rng=1, dynamics=dyn)
    model.run()
    assert model.record["outcome"][0, 0] == 7  # catastrophe
    assert model.phase[0] == CATASTROPHE
    assert list(model.record["outcome"][0, 1:]) == [-2] * 4


def test_coalition_members_leave_smallest_first():
    scenario = preset(
        "salami_gray_zone",
        quarters=40,
        war={"enabled": True},
        coalition={"enabled": True, "leave_threshold": 0.5},
    )
    models = run_models(scenario, 10, root=9)
    assert any(m.record["coalition_size"][-1] < m.record["coalition_size"][0] for m in models)
    weights = {m.name: m.weight for m in scenario.guarantee.coalition.member_list}
    for m in models:
        gone = [a.weight for a in m.members if not a.active]
        kept = [a.weight for a in m.members if a.active]
        if gone and kept:
            assert max(gone) <= min(kept)
    assert sum(weights.values()) > 0
    off = preset("salami_gray_zone", quarters=40, war={"enabled": True})
    assert all(np.ptp(m.record["coalition_size"]) == 0 for m in run_models(off, 5, root=9))


def test_tolerance_scores_and_horizon():
    z = member_tolerance_scores((3.0, 1.0, 2.0, 2.0))
    assert z[1] < z[2] < z[3] < z[0] and sum(z) == pytest.approx(0.0)
    assert horizon_quarters(Scenario(name="x"), Dynamics()) == 40
    assert horizon_quarters(Scenario(name="x", guarantee={"duration_years": 2.5}), Dynamics()) == 10
    assert horizon_quarters(Scenario(name="x"), Dynamics(quarters=7)) == 7
