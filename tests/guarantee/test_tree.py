"""The guarantee game tree: structure, parameters from scenarios, grids and belief substitution."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.games.tree import ExtensiveGame
from sim.guarantee import (
    OUTCOMES,
    PLAYERS,
    GuaranteeParameters,
    build_guarantee_game,
    guarantee_parameters,
)
from sim.guarantee.tree import invasion_payoffs
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "presets"


def scenario(**guarantee: object) -> Scenario:
    return Scenario.model_validate({"name": "t", "guarantee": guarantee})


def build_stage_game(s: Scenario) -> ExtensiveGame:
    return build_guarantee_game(guarantee_parameters(s)).game


def test_tree_shape_and_labels() -> None:
    game = build_stage_game(scenario())
    assert game.players == PLAYERS
    assert game.is_perfect_information
    assert {n.outcome for n in game.terminal_nodes} == set(OUTCOMES)
    opportunist, hardliner = game.root.children
    assert game.root.actions == ("opportunist", "hardliner")
    assert opportunist.actions == ("hold", "probe", "invade")
    assert hardliner.actions == ("invade",)  # a commitment type (Kreps & Wilson 1982)
    probe = opportunist.child("probe")
    assert probe.kind == "chance" and probe.actions == ("detected", "undetected")
    coalition_draw = opportunist.child("invade")
    assert coalition_draw.actions == ("committed", "uncommitted")
    assert coalition_draw.child("uncommitted").actions == ("none", "support", "intervene")
    assert coalition_draw.child("uncommitted").player == 3
    # After a probe, guarantors choose only none or support.
    assert probe.child("detected").child("uncommitted").actions == ("none", "support")
    # The hard-liner presses on whenever it faces intervention.
    for node in game.decision_nodes:
        if node.label.startswith("Russia (hard-liner) facing"):
            assert node.actions == ("press_on",)


def test_committed_guarantors_have_the_pledged_action_only() -> None:
    forces = build_guarantee_game(
        guarantee_parameters(
            scenario(troops_on_ground=10, posture="rear_hubs", us_backstop="armed")
        )
    ).game
    invade = forces.root.child("opportunist").child("invade")
    assert invade.child("committed").actions == ("intervene",)
    us_draw = invade.child("committed").child("intervene")
    assert us_draw.child("committed").actions == ("intervene",)
    bare = build_stage_game(scenario(us_backstop="isr_logistics"))
    invade = bare.root.child("opportunist").child("invade")
    assert invade.child("committed").actions == ("support",)
    assert invade.child("committed").child("support").child("committed").actions == ("support",)


def test_parameters_from_scenario_worked_numbers() -> None:
    p = guarantee_parameters(
        scenario(
            automaticity=0.5,
            trigger="armed_attack",
            troops_on_ground=10,
            posture="near_front",
            legal_form="treaty",
            us_backstop="air",
        )
    )
    tau = 0.7 * (1 - np.exp(-10 / 5))
    assert p.kappa_e_invade == pytest.approx(1 - (1 - 0.5) * (1 - tau))
    assert p.kappa_e_probe == 0.0  # armed_attack does not cover probes
    assert p.kappa_us_invade == pytest.approx(0.5 * 0.8)
    assert p.kappa_us_probe == 0.0
    assert (p.pledge_e_invade, p.pledge_us_invade, p.pledge_e_probe) == (2, 2, 1)
    # the US projects π W_US / W_R, half of it from the air alone
    assert p.power_us == pytest.approx(0.25 * 997 / 149 * 0.5)
    assert p.power_in_place == pytest.approx(10 / 700 + 0 / 300)
    assert p.boost_us == pytest.approx(0.5 * 0.8)
    assert p.audience_e_invade == pytest.approx(2.0)
    assert p.fait_accompli == pytest.approx(1 - np.exp(-1))
    assert p.fait_accompli_late == pytest.approx(1 - np.exp(-2))  # + 30 days' deliberation
    assert p.probe_sanctions == pytest.approx(1.0 * 0.5)
    assert p.horizon == np.inf


def test_budapest_parameters() -> None:
    p = guarantee_parameters(load_scenario(PRESETS / "budapest_1994.yaml").scenario)
    assert p.kappa_e_invade == 0.0 and p.kappa_us_invade == 0.0
    assert p.pledge_us_invade == 0.0
    assert p.audience_e_invade == pytest.approx(2.0 * 0.1 * 0.7)


def test_chance_probabilities_and_payoffs_match_parameters() -> None:
    p = guarantee_parameters(scenario(automaticity=0.3))
    game = build_guarantee_game(p).game
    assert float(game.root.probs[1]) == pytest.approx(p.hardliner_share)
    probe = game.root.child("opportunist").child("probe")
    assert float(probe.probs[0]) == pytest.approx(p.monitoring)
    unopposed = next(n for n in game.terminal_nodes if n.outcome == "invasion_unopposed")
    np.testing.assert_allclose(unopposed.payoffs, invasion_payoffs(p, 0, 0, "none"))


def test_grid_shapes_and_batched_tree() -> None:
    grid = guarantee_parameters(
        scenario(),
        {"guarantee.automaticity": np.linspace(0, 1, 4), "guarantee.monitoring": [0.3, 0.9]},
    )
    assert grid.shape == (4, 2)
    assert np.shape(grid.kappa_e_invade) == (4, 1)
    assert np.shape(grid.monitoring) == (1, 2)
    assert build_guarantee_game(grid).game.batch_shape == (4, 2)
    flat = guarantee_parameters(
        scenario(),
        {"guarantee.automaticity": [0.1, 0.2, 0.3], "guarantee.monitoring": [0.3, 0.6, 0.9]},
        mesh=False,
    )
    assert flat.shape == (3,)


def test_grid_rejects_bad_paths() -> None:
    with pytest.raises(KeyError):
        guarantee_parameters(scenario(), {"guarantee.automatcity": [0.1]})
    with pytest.raises(TypeError):
        guarantee_parameters(scenario(), {"guarantee.legal_form": [1.0]})
    with pytest.raises(KeyError):
        guarantee_parameters(scenario(), {"solver.tolerance": [1e-9]})


def test_array_pledges_cannot_build_a_tree() -> None:
    grid = guarantee_parameters(scenario(), {"guarantee.air_assets": [0.0, 50.0]})
    np.testing.assert_array_equal(grid.pledge_e_invade, [1, 2])
    with pytest.raises(ValueError, match="pledge_e_invade"):
        build_guarantee_game(grid)


def test_with_values_substitutes_beliefs_and_lapsed_drops_the_guarantee() -> None:
    p = guarantee_parameters(load_scenario(PRESETS / "forward_tripwire.yaml").scenario)
    q = p.with_values(kappa_e_invade=0.25)
    assert isinstance(q, GuaranteeParameters)
    assert q.kappa_e_invade == 0.25 and p.kappa_e_invade != 0.25
    lapsed = p.lapsed()
    assert lapsed.kappa_e_invade == 0.0 and lapsed.snapback == 0.0 and lapsed.presence == 0.0
    assert lapsed.power_in_place == 0.0 and lapsed.pledge_us_invade == 0.0
    assert lapsed.ukraine_force == p.ukraine_force
