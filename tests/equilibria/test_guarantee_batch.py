"""The closed-form batched solver agrees with generic backward induction on the guarantee tree."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.equilibria.backward_induction import backward_induction, one_shot_deviation_regret
from sim.equilibria.guarantee_batch import solve_guarantee_batch
from sim.games.guarantee import (
    ACTOR_KEYS,
    OUTCOMES,
    RUSSIA_ACTIONS,
    GuaranteeParameters,
    build_guarantee_game,
    guarantee_parameters,
    parameter_grid,
)
from sim.scenario.schema import Scenario

PLEDGES = ("pledge_e_probe", "pledge_e_invade", "pledge_us_probe", "pledge_us_invade")
RANGES: dict[str, tuple[float, float]] = {
    "hardliner_share": (0.0, 0.5),
    "monitoring": (0.3, 0.95),
    "kappa_e_probe": (0.0, 1.0),
    "kappa_e_invade": (0.0, 1.0),
    "kappa_us_probe": (0.0, 1.0),
    "kappa_us_invade": (0.0, 1.0),
    "russia_force": (0.5, 2.0),
    "ukraine_force": (0.1, 1.5),
    "contest_exponent": (0.5, 3.0),
    "boost_e": (0.0, 1.0),
    "boost_us": (0.0, 1.0),
    "power_e": (0.0, 1.0),
    "power_in_place": (0.0, 0.5),
    "power_us": (0.0, 2.0),
    "fait_accompli": (0.0, 1.0),
    "escalation_risk": (0.0, 0.3),
    "exposure": (0.0, 1.0),
    "conquest_value": (5.0, 15.0),
    "probe_gain": (0.0, 3.0),
    "war_cost_russia": (0.0, 5.0),
    "direct_war_cost_russia": (2.0, 12.0),
    "back_down_cost": (0.0, 4.0),
    "sanctions_cost": (0.0, 5.0),
    "snapback": (0.0, 1.0),
    "catastrophe_cost": (10.0, 80.0),
    "stake_e": (0.0, 6.0),
    "stake_us": (0.0, 6.0),
    "support_cost": (0.0, 3.0),
    "intervention_cost": (0.0, 3.0),
    "direct_war_cost_guarantor": (1.0, 10.0),
    "probe_erosion": (0.0, 0.5),
    "audience_e_probe": (0.0, 5.0),
    "audience_e_invade": (0.0, 5.0),
    "audience_us_probe": (0.0, 5.0),
    "audience_us_invade": (0.0, 5.0),
    "presence": (0.0, 2.0),
    "war_value": (-3.0, 1.0),
    "discount": (0.5, 0.95),
    "horizon": (1.0, 30.0),
}


def make_params(values: dict[str, Any]) -> GuaranteeParameters:
    return GuaranteeParameters(**values)


@st.composite
def random_params(draw: st.DrawFn) -> GuaranteeParameters:
    values: dict[str, Any] = {
        name: draw(st.floats(lo, hi, allow_nan=False)) for name, (lo, hi) in RANGES.items()
    }
    values["pledge_e_probe"] = float(draw(st.sampled_from([0, 1])))
    values["pledge_us_probe"] = float(draw(st.sampled_from([0, 1])))
    values["pledge_e_invade"] = float(draw(st.sampled_from([0, 1, 2])))
    values["pledge_us_invade"] = float(draw(st.sampled_from([0, 1, 2])))
    return make_params(values)


def assert_agree(params: GuaranteeParameters) -> None:
    """Batch and generic backward induction agree on actions, probabilities, payoffs, ties."""
    game = build_guarantee_game(params)
    spe = backward_induction(game)
    batch = solve_guarantee_batch(params)
    opportunist = game.root.child("opportunist")
    generic_action = np.broadcast_to(spe.choice[opportunist.id], params.shape)
    np.testing.assert_array_equal(batch.russia_action, generic_action)
    for name in OUTCOMES:
        np.testing.assert_allclose(
            batch.outcome_probabilities[name],
            np.broadcast_to(spe.outcome_probabilities.get(name, 0.0), params.shape),
            atol=1e-9,
            err_msg=name,
        )
    np.testing.assert_allclose(batch.expected_payoffs, spe.expected_payoffs, atol=1e-9)
    for k, action in enumerate(RUSSIA_ACTIONS):
        values = spe.values[opportunist.child(action).id][0]
        np.testing.assert_allclose(batch.russia_values[k], values, atol=1e-9, err_msg=action)
    np.testing.assert_array_equal(batch.ties, spe.has_ties)
    assert np.all(batch.regret <= 1e-9)
    assert np.all(np.asarray(spe.regret) <= 1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_params())
def test_batch_equals_generic_tree_on_random_draws(params: GuaranteeParameters) -> None:
    assert_agree(params)


def test_batch_equals_batched_generic_tree_on_a_random_cloud() -> None:
    rng = np.random.default_rng(20250818)
    n = 400
    values: dict[str, Any] = {k: rng.uniform(lo, hi, n) for k, (lo, hi) in RANGES.items()}
    for pledges in ((1, 2, 1, 2), (1, 1, 0, 0), (0, 0, 1, 1), (1, 2, 0, 0)):
        values.update(zip(PLEDGES, map(float, pledges), strict=True))
        assert_agree(make_params(values))


def test_array_pledges_match_per_pledge_trees() -> None:
    base = guarantee_parameters(Scenario(name="t"))
    grid = base.with_values(
        pledge_e_invade=np.array([0.0, 1.0, 2.0, 2.0]),
        pledge_us_invade=np.array([0.0, 2.0, 1.0, 2.0]),
        kappa_e_invade=np.array([0.3, 0.6, 0.9, 0.5]),
        kappa_us_invade=np.array([0.2, 0.7, 0.4, 0.9]),
        ukraine_force=np.array([0.3, 0.5, 0.7, 0.9]),
    )
    batch = solve_guarantee_batch(grid)
    for i in range(4):
        point = {f.name: np.asarray(getattr(grid, f.name)) for f in dataclasses.fields(grid)}
        point = {k: float(v if v.ndim == 0 else v[i]) for k, v in point.items()}
        single = solve_guarantee_batch(make_params(point))
        assert batch.russia_action[i] == single.russia_action
        np.testing.assert_allclose(batch.expected_payoffs[:, i], single.expected_payoffs)
        assert_agree(make_params(point))


def test_batch_russian_action_has_zero_regret_on_the_generic_tree() -> None:
    # Put the batch's choice for the opportunist into the generic profile and certify it there.
    scenario = Scenario(name="t")
    grid = parameter_grid(
        scenario,
        {
            "guarantee.automaticity": np.linspace(0, 1, 9),
            "guarantee.ukraine_strength": np.linspace(85, 1000, 7),
            "guarantee.monitoring": [0.3, 0.95],
        },
    )
    batch = solve_guarantee_batch(grid)
    game = build_guarantee_game(grid)
    spe = backward_induction(game)
    profile = dict(spe.behaviour)
    opportunist = game.root.child("opportunist").id
    actions = np.arange(3).reshape(3, 1, 1, 1)
    profile[opportunist] = (actions == batch.russia_action[None]).astype(float)
    regret = one_shot_deviation_regret(game, profile)
    assert regret.shape == grid.shape
    assert float(regret.max()) <= 1e-9
    np.testing.assert_allclose(batch.regret, spe.regret, atol=1e-12)


def test_outputs_are_consistent() -> None:
    grid = parameter_grid(
        Scenario(name="t"),
        {
            "guarantee.automaticity": np.linspace(0, 1, 11),
            "actors.russia.hardliner_share": [0.0, 0.2],
        },
    )
    batch = solve_guarantee_batch(grid)
    total = sum(batch.outcome_probabilities.values())
    np.testing.assert_allclose(total, 1.0, atol=1e-12)
    assert batch.expected_payoffs.shape == (len(ACTOR_KEYS), 11, 2)
    np.testing.assert_array_equal(batch.deterred, batch.russia_action == 0)
    for key, probs in batch.response_probabilities.items():
        np.testing.assert_allclose(probs.sum(axis=0), 1.0, atol=1e-12, err_msg=str(key))
    # With no hard-liners, "deterred" is the whole probability when the opportunist holds.
    held = batch.deterred[:, 0]
    np.testing.assert_allclose(batch.outcome_probabilities["deterred"][held, 0], 1.0)
    assert set(batch.action_names().ravel()) <= set(RUSSIA_ACTIONS)


@pytest.mark.parametrize("n", [1, 70_000])
def test_chunking_is_invisible(n: int) -> None:
    rng = np.random.default_rng(7)
    base = guarantee_parameters(Scenario(name="t"))
    params = base.with_values(
        kappa_e_invade=rng.uniform(0, 1, n), ukraine_force=rng.uniform(0.1, 1.5, n)
    )
    batch = solve_guarantee_batch(params)
    idx = rng.integers(0, n, 5)
    for i in idx:
        single = solve_guarantee_batch(
            params.with_values(
                kappa_e_invade=float(params.kappa_e_invade[i]),  # type: ignore[index]
                ukraine_force=float(params.ukraine_force[i]),  # type: ignore[index]
            )
        )
        assert batch.russia_action[i] == single.russia_action
        np.testing.assert_allclose(batch.expected_payoffs[:, i], single.expected_payoffs)
