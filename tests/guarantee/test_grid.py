"""The grid solver's read-out of one backward-induction pass agrees with the certified solution
(independent evaluation, reach probabilities) on random draws, and pledge groups are invisible."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.equilibria.backward_induction import backward_induction
from sim.guarantee import (
    ACTOR_KEYS,
    OUTCOMES,
    RUSSIA_ACTIONS,
    GuaranteeParameters,
    build_guarantee_game,
    guarantee_parameters,
    solve_grid,
)
from sim.guarantee.names import RESPONSES
from sim.guarantee.tree import PLEDGES
from sim.scenario.schema import Scenario

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
    "fait_accompli_late": (0.0, 1.0),
    "escalation_risk": (0.0, 0.3),
    "exposure": (0.0, 1.0),
    "conquest_value": (5.0, 15.0),
    "war_cost": (0.0, 2.0),
    "war_years": (0.5, 6.0),
    "discount": (0.5, 0.95),
    "direct_war_cost_russia": (0.0, 3.0),
    "back_down_cost": (0.0, 4.0),
    "sanctions_cost": (0.0, 2.0),
    "snapback": (0.0, 1.0),
    "catastrophe_cost": (10.0, 120.0),
    "probe_gain": (0.0, 1.0),
    "probe_sanctions": (0.0, 1.0),
    "stake_e": (0.0, 6.0),
    "stake_us": (0.0, 6.0),
    "support_cost_e": (0.0, 1.0),
    "support_cost_us": (0.0, 1.0),
    "intervention_cost": (0.0, 4.0),
    "direct_war_cost_guarantor": (1.0, 6.0),
    "probe_erosion": (0.0, 0.5),
    "cover_probe": (0.0, 1.0),
    "cover_invade": (0.0, 1.0),
    "audience_e_probe": (0.0, 5.0),
    "audience_e_invade": (0.0, 5.0),
    "audience_us_probe": (0.0, 5.0),
    "audience_us_invade": (0.0, 5.0),
    "presence": (0.0, 2.0),
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
    """The grid read-out and the certified solution agree on actions, probabilities, payoffs,
    ties and responses."""
    tree = build_guarantee_game(params)
    game = tree.game
    spe = backward_induction(game)
    batch = solve_grid(params)
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
    # responses: reach of each guarantor node below the action, from the behaviour profile
    for action in ("probe", "invade"):
        block = tree.blocks[(action, False)]
        reach = {block.coalition_draw.id: np.ones(params.shape)}
        for node in game.nodes[block.coalition_draw.id :]:
            if node.id not in reach:
                continue
            probs = node.probs if node.kind == "chance" else spe.behaviour.get(node.id, ())
            for p, child in zip(probs, node.children, strict=True):
                reach[child.id] = reach[node.id] * p
        for key, player in (("european_coalition", 3), ("united_states", 2)):
            expected = np.zeros((len(block.levels), *params.shape))
            for node in game.decision_nodes:
                if node.player == player and node.id in reach:
                    level = np.asarray([RESPONSES.index(a) for a in node.actions])
                    for k, lv in enumerate(level):
                        expected[lv] += reach[node.id] * spe.behaviour[node.id][k]
            np.testing.assert_allclose(
                batch.response_probabilities[(key, action)], expected, atol=1e-9, err_msg=key
            )
        if action == "invade":  # press_on: Russia's replies weighted by their reach
            faces = sum(reach.get(n.id, 0.0) for n in block.replies)
            fights = sum(
                reach.get(n.id, 0.0) * spe.behaviour[n.id][n.actions.index("press_on")]
                for n in block.replies
            )
            faces = np.broadcast_to(faces, params.shape)
            with np.errstate(invalid="ignore", divide="ignore"):
                expected_press = np.where(faces > 0, np.divide(fights, faces), np.nan)
            np.testing.assert_allclose(batch.press_on, expected_press, atol=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_params())
def test_grid_equals_certified_solution_on_random_draws(params: GuaranteeParameters) -> None:
    assert_agree(params)


def test_grid_equals_certified_solution_on_a_random_cloud() -> None:
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
    batch = solve_grid(grid)
    for i in range(4):
        point = {f.name: np.asarray(getattr(grid, f.name)) for f in dataclasses.fields(grid)}
        point = {k: float(v if v.ndim == 0 else v[i]) for k, v in point.items()}
        single = solve_grid(make_params(point))
        assert batch.russia_action[i] == single.russia_action
        np.testing.assert_allclose(batch.expected_payoffs[:, i], single.expected_payoffs)
        assert_agree(make_params(point))


def test_outputs_are_consistent() -> None:
    grid = guarantee_parameters(
        Scenario(name="t"),
        {
            "guarantee.automaticity": np.linspace(0, 1, 11),
            "actors.russia.hardliner_share": [0.0, 0.2],
        },
    )
    batch = solve_grid(grid)
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


def test_pledge_groups_are_invisible_on_a_troops_grid() -> None:
    scenario = Scenario.model_validate(
        {"name": "t", "guarantee": {"troops_on_ground": 10, "posture": "rear_hubs"}}
    )
    axes = {
        "guarantee.automaticity": np.linspace(0, 1, 6),
        "guarantee.troops_on_ground": [0.0, 5.0, 30.0],
        "guarantee.air_assets": [0.0, 40.0],
    }
    grid = solve_grid(guarantee_parameters(scenario, axes))
    for i, a in enumerate(axes["guarantee.automaticity"]):
        for j, t in enumerate(axes["guarantee.troops_on_ground"]):
            for k, air in enumerate(axes["guarantee.air_assets"]):
                point = {
                    "guarantee.automaticity": [a],
                    "guarantee.troops_on_ground": [t],
                    "guarantee.air_assets": [air],
                }
                single = solve_grid(guarantee_parameters(scenario, point))
                assert grid.russia_action[i, j, k] == single.russia_action.ravel()[0]
                np.testing.assert_allclose(
                    grid.expected_payoffs[:, i, j, k], single.expected_payoffs.reshape(4)
                )
