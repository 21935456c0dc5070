"""The induction pass (numbers at their own shapes) gives exactly the values that evaluating its
profile afresh gives, and the same choices and ties as the certified solver (Kuhn 1953), on the
batched guarantee game over the repeated model's state grid and on random trees with ties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.equilibria.backward_induction import (
    backward_induction,
    induction_pass,
    reach_probabilities,
)
from sim.equilibria.verify import EquilibriumVerificationError
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal
from sim.guarantee import build_guarantee_game, guarantee_parameters
from sim.model.stage import StagePolicy
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "presets"


def preset(name: str) -> Scenario:
    return load_scenario(PRESETS / f"{name}.yaml").scenario


def assert_same_solution(game: ExtensiveGame) -> None:
    """Choices and values of both solvers agree exactly at every node and batch element."""
    lean = induction_pass(game)
    general = backward_induction(game)
    shape = game.batch_shape
    for node in game.decision_nodes:
        np.testing.assert_array_equal(
            np.broadcast_to(lean.choice[node.id], shape), general.choice[node.id]
        )
        np.testing.assert_array_equal(
            np.broadcast_to(lean.ties[node.id], shape), general.ties[node.id]
        )
    for node in game.nodes:
        expected = general.values[node.id]
        np.testing.assert_array_equal(
            np.broadcast_to(lean.values[node.id], expected.shape), expected
        )
    assert float(np.max(lean.gain)) <= general.tolerance
    assert float(np.max(general.regret)) <= general.tolerance
    # terminal reach from the pass's choices equals the reach of the one-hot profile
    reach = reach_probabilities(game, choice=lean.choice, terminals_only=True)
    for node in game.terminal_nodes:
        np.testing.assert_array_equal(
            np.broadcast_to(reach[node.id], shape), general.reach[node.id]
        )


@pytest.mark.parametrize("name", ["salami_gray_zone", "salami_any_violation", "nato_article5"])
def test_batched_guarantee_game_over_the_state_grid(name):
    scenario = preset(name)
    policy = StagePolicy(scenario, scenario.dynamics, state_step=0.25)
    army = np.clip(scenario.guarantee.ukraine_strength * policy.axes[0], 85.0, 1000.0)
    params = guarantee_parameters(
        scenario,
        {
            "guarantee.ukraine_strength": army,
            "actors.russia.force": np.minimum(scenario.actors.russia.force * policy.axes[1], 10.0),
            "actors.united_states.resolve": policy.axes[2],
        },
    )
    game = build_guarantee_game(params).game
    assert game.batch_shape == policy.grid_shape
    assert_same_solution(game)


def random_tree(rng: np.random.Generator, depth: int, players: int, batch: int) -> Node:
    """A random perfect-information tree; small integer payoffs make ties common."""
    if depth == 0 or rng.random() < 0.2:
        return terminal(list(rng.integers(-2, 3, size=(players, batch)).astype(float)))
    children = {
        f"a{k}": random_tree(rng, depth - 1, players, batch) for k in range(rng.integers(2, 4))
    }
    if rng.random() < 0.3:
        p = rng.random(batch)
        (a, left), (b, right) = list(children.items())[:2]
        return chance([(a, p, left), (b, 1.0 - p, right)])
    return decision(int(rng.integers(players)), children)


@pytest.mark.parametrize("seed", range(20))
def test_random_trees_with_ties(seed):
    rng = np.random.default_rng(seed)
    game = ExtensiveGame(("A", "B", "C"), random_tree(rng, depth=4, players=3, batch=6))
    assert_same_solution(game)


def test_unbatched_tree():
    game = ExtensiveGame(
        ("Entrant", "Incumbent"),
        decision(
            0,
            {
                "out": terminal([0, 2]),
                "in": decision(1, {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}),
            },
        ),
    )
    assert_same_solution(game)


def test_non_finite_payoffs_are_refused():
    game = ExtensiveGame(
        ("A", "B"),
        decision(0, {"x": terminal([np.nan, 0.0]), "y": terminal([1.0, 0.0])}),
    )
    with pytest.raises(EquilibriumVerificationError):
        induction_pass(game)


def test_imperfect_information_is_refused():
    game = ExtensiveGame(
        ("A", "B"),
        decision(
            0,
            {
                "l": decision(1, {"u": terminal([1, 0]), "d": terminal([0, 1])}, infoset="h"),
                "r": decision(1, {"u": terminal([0, 1]), "d": terminal([1, 0])}, infoset="h"),
            },
        ),
    )
    with pytest.raises(ValueError, match="perfect information"):
        induction_pass(game)
