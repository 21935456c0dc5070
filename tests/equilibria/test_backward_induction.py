"""Tests of backward induction, its certificate and tie enumeration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.equilibria.backward_induction import (
    backward_induction,
    enumerate_subgame_perfect,
    evaluate,
    one_shot_deviation_regret,
    reach_probabilities,
)
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal


def entry_game(fight: object = -1.0, accommodate: object = 1.0) -> ExtensiveGame:
    """Selten's (1978) entry game: the incumbent's threat to fight is not credible."""
    return ExtensiveGame(
        ("Entrant", "Incumbent"),
        decision(
            0,
            {
                "out": terminal([0, 2], outcome="out"),
                "in": decision(
                    1,
                    {
                        "fight": terminal([-1, fight], outcome="fight"),
                        "accommodate": terminal([1, accommodate], outcome="share"),
                    },
                ),
            },
        ),
    )


def test_entry_game_spe_rejects_the_non_credible_threat() -> None:
    solution = backward_induction(entry_game())
    root, incumbent = 0, 2
    assert int(solution.choice[root]) == 1  # in
    assert int(solution.choice[incumbent]) == 1  # accommodate
    assert float(solution.outcome_probabilities["share"]) == 1.0
    np.testing.assert_allclose(solution.expected_payoffs, [1, 1])


def test_the_nash_profile_out_fight_is_not_subgame_perfect() -> None:
    game = entry_game()
    profile = {0: np.array([1.0, 0.0]), 2: np.array([1.0, 0.0])}  # out, fight
    assert float(one_shot_deviation_regret(game, profile)) == pytest.approx(2.0)


def test_batched_tree_solves_every_point_at_once() -> None:
    fight = np.linspace(0, 2, 5)  # the incumbent fights once fighting pays more than 1
    solution = backward_induction(entry_game(fight=fight))
    np.testing.assert_array_equal(solution.choice[2], [1, 1, 0, 0, 0])
    np.testing.assert_array_equal(solution.choice[0], [1, 1, 0, 0, 0])
    np.testing.assert_array_equal(solution.ties[2], [False, False, True, False, False])
    assert solution.regret.shape == (5,)
    assert float(solution.regret.max()) == 0.0


def test_ties_break_towards_the_first_action_and_are_reported() -> None:
    solution = backward_induction(entry_game(fight=1.0))
    assert int(solution.choice[2]) == 0
    assert bool(solution.ties[2])
    assert bool(solution.has_ties)


def test_enumeration_lists_every_pure_spe_under_ties() -> None:
    strategies = enumerate_subgame_perfect(entry_game(fight=1.0))
    assert sorted((s[0], s[2]) for s in strategies) == [(0, 0), (1, 1)]


def test_chance_nodes_weight_continuation_values() -> None:
    # A defender is resolute with probability p; the challenger attacks iff p < 1/2.
    p = np.array([0.2, 0.5, 0.8])
    game = ExtensiveGame(
        ("Challenger", "Defender"),
        decision(
            0,
            {
                "hold": terminal([0, 0], outcome="status_quo"),
                "attack": chance(
                    [
                        ("resolute", p, terminal([-1, -1], outcome="war")),
                        ("irresolute", 1 - p, terminal([1, -1], outcome="concession")),
                    ]
                ),
            },
        ),
    )
    solution = backward_induction(game)
    np.testing.assert_array_equal(solution.choice[0], [1, 0, 0])
    np.testing.assert_allclose(solution.outcome_probabilities["war"], [0.2, 0, 0])
    reach = reach_probabilities(game, solution.behaviour)
    np.testing.assert_allclose(sum(reach[t.id] for t in game.terminal_nodes), 1.0)


def test_imperfect_information_is_refused() -> None:
    game = ExtensiveGame(
        ("A", "B"),
        decision(
            0,
            {
                "l": decision(1, {"a": terminal([1, 0]), "b": terminal([0, 1])}, infoset="x"),
                "r": decision(1, {"a": terminal([0, 1]), "b": terminal([1, 0])}, infoset="x"),
            },
        ),
    )
    with pytest.raises(ValueError, match="perfect information"):
        backward_induction(game)


@st.composite
def random_trees(draw: st.DrawFn) -> ExtensiveGame:
    """Random perfect-information trees of 2 players with chance nodes, depth ≤ 3."""
    payoff = st.integers(-3, 3)

    def node(depth: int) -> Node:
        kind = draw(st.sampled_from(["terminal", "decision", "chance"] if depth else ["terminal"]))
        if kind == "terminal":
            return terminal([draw(payoff), draw(payoff)])
        width = draw(st.integers(1, 3))
        if kind == "decision":
            return decision(
                draw(st.integers(0, 1)), {f"a{k}": node(depth - 1) for k in range(width)}
            )
        weights = np.array([draw(st.integers(1, 4)) for _ in range(width)], float)
        probs = weights / weights.sum()
        return chance([(f"c{k}", probs[k], node(depth - 1)) for k in range(width)])

    return ExtensiveGame(("P1", "P2"), node(3))


@given(random_trees())
@settings(max_examples=150, deadline=None)
def test_every_enumerated_spe_has_zero_regret_and_includes_the_solver_choice(
    game: ExtensiveGame,
) -> None:
    solution = backward_induction(game)
    assert float(solution.regret) <= 1e-9
    strategies = enumerate_subgame_perfect(game)
    assert {k: int(v) for k, v in solution.choice.items()} in strategies
    for strategy in strategies:
        profile = {nid: np.eye(len(game.nodes[nid].actions))[a] for nid, a in strategy.items()}
        assert float(one_shot_deviation_regret(game, profile)) <= 1e-9
        values = evaluate(game, profile)
        assert values[game.root.id].shape == (2,)
