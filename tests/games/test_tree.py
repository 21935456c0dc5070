"""Tests of the extensive-form tree structure."""

from __future__ import annotations

import numpy as np
import pytest

from sim.games.tree import ExtensiveGame, chance, decision, terminal


def entry_game(fight_payoff: object = -1.0) -> ExtensiveGame:
    return ExtensiveGame(
        ("Entrant", "Incumbent"),
        decision(
            0,
            {
                "out": terminal([0, 2], outcome="out"),
                "in": decision(
                    1,
                    {
                        "fight": terminal([-1, fight_payoff], outcome="fight"),
                        "accommodate": terminal([1, 1], outcome="share"),
                    },
                ),
            },
        ),
    )


def test_nodes_are_numbered_depth_first() -> None:
    game = entry_game()
    assert [n.kind for n in game.nodes] == [
        "decision",
        "terminal",
        "decision",
        "terminal",
        "terminal",
    ]
    assert [n.id for n in game.nodes] == list(range(5))
    assert game.root.child("in").player == 1


def test_batch_shape_comes_from_array_payoffs_and_probabilities() -> None:
    assert entry_game().batch_shape == ()
    assert entry_game(np.zeros((3, 4))).batch_shape == (3, 4)
    game = ExtensiveGame(
        ("A",),
        chance([("h", np.full(5, 0.5), terminal([1])), ("t", np.full(5, 0.5), terminal([0]))]),
    )
    assert game.batch_shape == (5,)


def test_information_sets_in_first_appearance_order() -> None:
    game = ExtensiveGame(
        ("P1", "P2"),
        decision(
            0,
            {
                "l": decision(1, {"a": terminal([1, 0]), "b": terminal([0, 1])}, infoset="x"),
                "r": decision(1, {"a": terminal([0, 1]), "b": terminal([1, 0])}, infoset="x"),
            },
        ),
    )
    assert not game.is_perfect_information
    assert game.infosets(1) == ["x"]
    assert len(game.infoset_members(1, "x")) == 2
    assert entry_game().is_perfect_information


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: ExtensiveGame(("A", "B"), terminal([1])), "one payoff per player"),
        (lambda: ExtensiveGame(("A",), decision(3, {"x": terminal([1])})), "out of range"),
        (
            lambda: ExtensiveGame(
                ("A",), chance([("h", 0.7, terminal([1])), ("t", 0.7, terminal([0]))])
            ),
            "do not sum to 1",
        ),
        (
            lambda: ExtensiveGame(
                ("A",), chance([("h", 1.2, terminal([1])), ("t", -0.2, terminal([0]))])
            ),
            "negative",
        ),
        (
            lambda: ExtensiveGame(
                ("A", "B"),
                decision(
                    0,
                    {
                        "l": decision(1, {"a": terminal([1, 0])}, infoset="x"),
                        "r": decision(
                            1, {"a": terminal([0, 1]), "b": terminal([1, 0])}, infoset="x"
                        ),
                    },
                ),
            ),
            "different actions",
        ),
    ],
)
def test_malformed_trees_are_rejected(build, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        build()


def test_path_to_a_terminal() -> None:
    game = entry_game()
    fight = game.nodes[3]
    assert [(n.id, a) for n, a in game.path_to(fight)] == [(0, 1), (2, 0)]
