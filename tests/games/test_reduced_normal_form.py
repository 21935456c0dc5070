"""Tests of sim.games.reduced_normal_form: plans, payoffs with chance, Kuhn's behaviour map."""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.games.gambit_efg import GambitInfoset, read_efg
from sim.games.loading import load_game
from sim.games.reduced_normal_form import (
    ReducedNormalForm,
    is_perfect_recall,
    plan_counts,
    reduced_normal_form,
)
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal

FILES = Path(__file__).parent / "files"
FIXTURES = sorted(FILES.glob("*.efg"))


def catalog_files() -> list[Path]:
    try:
        import pygambit
    except ImportError:
        return []
    return sorted((Path(pygambit.__file__).parent / "catalog_data").rglob("*.efg"))


def entry_game() -> ExtensiveGame:
    return ExtensiveGame(
        ("Entrant", "Incumbent"),
        decision(
            0,
            {
                "out": terminal([0, 2], outcome="out"),
                "in": decision(
                    1,
                    {
                        "fight": terminal([-1, -1], outcome="fight"),
                        "accommodate": terminal([1, 1], outcome="share"),
                    },
                ),
            },
        ),
    )


def test_entry_game() -> None:
    # Selten's chain-store stage game: Nash equilibria (in, accommodate) and (out, fight).
    reduced = reduced_normal_form(entry_game())
    game = reduced.game
    assert game.players == ("Entrant", "Incumbent")
    assert game.actions == (("out", "in"), ("fight", "accommodate"))
    np.testing.assert_array_equal(game.payoffs[0], [[0, 0], [-1, 1]])
    np.testing.assert_array_equal(game.payoffs[1], [[2, 2], [-1, 1]])
    assert game.regret([[0, 1], [0, 1]]) == 0.0
    assert game.regret([[1, 0], [1, 0]]) == 0.0
    assert game.regret([[0, 1], [1, 0]]) == 2.0  # the incumbent gains 2 by accommodating


def test_e02_plans_leave_excluded_sets_unspecified() -> None:
    # Selten (1975), Figure 2: after R player 1's second set cannot be reached.
    reduced = reduced_normal_form(read_efg(FILES / "e02.efg"))
    first, second = GambitInfoset(1, "(1,1)"), GambitInfoset(2, "(1,2)")
    assert reduced.plans[0] == [{first: 0}, {first: 1, second: 0}, {first: 1, second: 1}]
    assert reduced.game.actions[0] == ("R/*", "L/r", "L/l")
    # Gambit's contrib/games/e02.nfg is this game's reduced normal form.
    np.testing.assert_array_equal(reduced.game.payoffs[0], [[1, 1], [0, 0], [0, 2]])
    np.testing.assert_array_equal(reduced.game.payoffs[1], [[1, 1], [2, 3], [2, 0]])


def test_one_card_poker_with_chance() -> None:
    # One-card poker (Myerson 1991, Figure 2.1; Gambit doc/poker.efg). In equilibrium Alice
    # raises with the king and bluffs with the queen with probability 1/3; Bob meets with
    # probability 2/3; Alice's expected payoff is 1/3.
    reduced = reduced_normal_form(read_efg(FILES / "poker.efg"))
    game = reduced.game
    assert game.actions == (
        ("Raise/Raise", "Raise/Fold", "Fold/Raise", "Fold/Fold"),
        ("Meet", "Pass"),
    )
    np.testing.assert_allclose(game.payoffs[0], [[0, 1], [0.5, 0], [-1.5, 0], [-1, -1]])
    np.testing.assert_allclose(game.payoffs[1], -game.payoffs[0])
    profile = [np.array([1 / 3, 2 / 3, 0, 0]), np.array([2 / 3, 1 / 3])]
    assert game.regret(profile) == pytest.approx(0.0, abs=1e-12)
    assert game.expected_payoffs(profile)[0] == pytest.approx(1 / 3)
    alice, bob = reduced.to_behaviour(profile)
    np.testing.assert_allclose(alice[0], [1, 0])  # with the king
    np.testing.assert_allclose(alice[1], [1 / 3, 2 / 3])  # with the queen
    np.testing.assert_allclose(bob[0], [2 / 3, 1 / 3])


def gambit_label(game: ExtensiveGame, player: int, plan: dict[Hashable, int]) -> str:
    """Gambit's label of a reduced strategy: action numbers by set, in order of appearance."""
    order: dict[Hashable, None] = {}
    for node in game.decision_nodes:
        if node.player == player:
            order.setdefault(game.infoset_key(node), None)
    return "".join(str(plan[h] + 1) if h in plan else "*" for h in order)


@pytest.mark.parametrize("path", FIXTURES + catalog_files(), ids=lambda p: p.stem)
def test_matches_pygambit_reduced_strategic_form(path: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    tree = read_efg(path)
    ours = reduced_normal_form(tree)
    theirs = gbt.read_efg(str(path))
    their_arrays = np.stack([np.array(a, dtype=float) for a in theirs.to_arrays()])
    their_labels = [[s.label for s in p.strategies] for p in theirs.players]
    positions = []
    for player, plans in enumerate(ours.plans):
        labels = [gambit_label(tree, player, plan) for plan in plans]
        assert sorted(labels) == sorted(their_labels[player])
        positions.append([their_labels[player].index(label) for label in labels])
    assert ours.game.shape == their_arrays.shape[1:]
    for profile in itertools.product(*(range(m) for m in ours.game.shape)):
        their_profile = tuple(positions[i][a] for i, a in enumerate(profile))
        np.testing.assert_allclose(
            ours.game.payoffs[(slice(None), *profile)],
            their_arrays[(slice(None), *their_profile)],
            atol=1e-12,
        )


def terminal_distribution_mixed(reduced: ReducedNormalForm, sigma: list[np.ndarray]) -> np.ndarray:
    """Probability of each terminal node when every player draws one plan from ``sigma``."""
    tree = reduced.tree
    result = np.zeros(len(tree.nodes))
    for profile in itertools.product(*(range(len(p)) for p in reduced.plans)):
        weight = np.prod([sigma[i][k] for i, k in enumerate(profile)])
        if weight == 0:
            continue
        plans = [reduced.plans[i][k] for i, k in enumerate(profile)]

        def walk(node: Node, reach: float, plans: list = plans) -> None:
            if node.kind == "terminal":
                result[node.id] += reach
            elif node.kind == "chance":
                for p, child in zip(node.probs, node.children, strict=True):
                    walk(child, reach * float(p))
            else:
                choice = plans[node.player][tree.infoset_key(node)]
                walk(node.children[choice], reach)

        walk(tree.root, float(weight))
    return result


def terminal_distribution_behaviour(
    tree: ExtensiveGame, beta: list[list[np.ndarray]]
) -> np.ndarray:
    result = np.zeros(len(tree.nodes))
    index = {
        (player, key): k
        for player in range(tree.n_players)
        for k, key in enumerate(tree.infosets(player))
    }

    def walk(node: Node, reach: float) -> None:
        if node.kind == "terminal":
            result[node.id] += reach
            return
        if node.kind == "chance":
            probs = [float(p) for p in node.probs]
        else:
            probs = beta[node.player][index[(node.player, tree.infoset_key(node))]].tolist()
        for p, child in zip(probs, node.children, strict=True):
            walk(child, reach * p)

    walk(tree.root, 1.0)
    return result


PERFECT_RECALL = [
    "e02.efg",
    "poker.efg",
    "bagwell1995.efg",
    "reduction_generic_payoffs.efg",
    "chance_in_middle_nonterm_outcomes.efg",
    "myerson_fig_4_2.efg",
    "selten_horse.efg",
]


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(PERFECT_RECALL), seed=st.integers(0, 2**32 - 1), sparse=st.booleans())
def test_behaviour_strategies_are_realisation_equivalent(
    name: str, seed: int, sparse: bool
) -> None:
    # Kuhn (1953): under perfect recall the behaviour strategy reaches every terminal node
    # with the same probability as the mixed strategy it comes from.
    reduced = reduced_normal_form(read_efg(FILES / name))
    rng = np.random.default_rng(seed)
    sigma = []
    for plans in reduced.plans:
        p = rng.dirichlet(np.ones(len(plans)))
        if sparse:  # zero out some plans so that some sets go unreached
            p = np.where(rng.random(len(plans)) < 0.5, 0.0, p)
            p = p / p.sum() if p.sum() > 0 else np.eye(len(plans))[0]
        sigma.append(p)
    beta = reduced.to_behaviour(sigma)
    for player, probs in enumerate(beta):
        assert len(probs) == len(reduced.tree.infosets(player))
        for vector in probs:
            assert vector.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(
        terminal_distribution_behaviour(reduced.tree, beta),
        terminal_distribution_mixed(reduced, sigma),
        atol=1e-12,
    )


def test_unreached_information_set_gets_uniform_behaviour() -> None:
    reduced = reduced_normal_form(read_efg(FILES / "e02.efg"))
    beta = reduced.to_behaviour([[1.0, 0.0, 0.0], [0.5, 0.5]])
    np.testing.assert_allclose(beta[0][0], [1.0, 0.0])
    np.testing.assert_allclose(beta[0][1], [0.5, 0.5])


def forgetful_game() -> ExtensiveGame:
    """Player 1 moves, then moves again without remembering the first move."""
    return ExtensiveGame(
        ("Forgetful", "Other"),
        decision(
            0,
            {
                "a": decision(0, {"x": terminal([1, 0]), "y": terminal([0, 0])}, infoset="h"),
                "b": decision(0, {"x": terminal([0, 0]), "y": terminal([2, 0])}, infoset="h"),
            },
        ),
    )


def test_perfect_recall_detection() -> None:
    assert is_perfect_recall(read_efg(FILES / "poker.efg"))
    assert is_perfect_recall(entry_game())
    assert not is_perfect_recall(forgetful_game())


def test_imperfect_recall_has_a_reduced_form_but_no_behaviour_map() -> None:
    reduced = reduced_normal_form(forgetful_game())
    assert reduced.game.actions[0] == ("a/x", "a/y", "b/x", "b/y")
    assert reduced.game.payoffs[0][:, 0].tolist() == [1, 0, 0, 2]
    with pytest.raises(ValueError, match="perfect recall"):
        reduced.to_behaviour([[0.25] * 4, [1.0]])


def test_absent_minded_driver() -> None:
    # Piccione & Rubinstein (1997), as Gilboa (1997) Figure 1 in Gambit's catalogue: a pure plan
    # exits at the first intersection or continues past both.
    game = ExtensiveGame(
        ("Driver",),
        decision(
            0,
            {
                "B": decision(0, {"B": terminal([1]), "E": terminal([4])}, infoset="h"),
                "E": terminal([0]),
            },
            infoset="h",
        ),
    )
    reduced = reduced_normal_form(game)
    assert reduced.game.payoffs[0].tolist() == [1.0, 0.0]


def test_batched_tree_is_refused() -> None:
    game = ExtensiveGame(
        ("A", "B"),
        chance(
            [
                ("h", np.array([0.2, 0.5]), terminal([1, 1])),
                ("t", np.array([0.8, 0.5]), terminal([0, 0])),
            ]
        ),
    )
    with pytest.raises(ValueError, match="batched"):
        reduced_normal_form(game)


def test_profile_of_wrong_length_is_refused() -> None:
    reduced = reduced_normal_form(entry_game())
    with pytest.raises(ValueError, match="2 plan probabilities"):
        reduced.to_behaviour([[1.0], [1.0, 0.0]])


def test_too_large_reduced_form_is_refused_before_it_is_built() -> None:
    # 20 chance branches, each with its own binary choice: 2**20 plans for one player.
    branches = [
        (f"c{k}", 1 / 20, decision(0, {"l": terminal([0]), "r": terminal([k])})) for k in range(20)
    ]
    with pytest.raises(ValueError, match="1048576 pure profile"):
        reduced_normal_form(ExtensiveGame(("P",), chance(branches)))


def test_plan_counts_equal_the_listed_plans_on_gambits_trees() -> None:
    """The sequence recursion counts every perfect-recall tree of Gambit's catalogue exactly
    (where listing is feasible), and refuses cs.efg's 134-million-profile form by counting."""
    root = Path(__file__).parents[1] / "peers" / "games" / "gambit"
    checked = 0
    for path in sorted(root.rglob("*.efg")):
        game = load_game(path)
        if not is_perfect_recall(game) or math.prod(plan_counts(game)) > 20_000:
            continue
        listed = reduced_normal_form(game).game.shape
        assert plan_counts(game) == list(listed), path.name
        checked += 1
    assert checked >= 100
    with pytest.raises(ValueError, match="134217728 pure profile"):
        reduced_normal_form(load_game(root / "contrib" / "games" / "cs.efg"))
