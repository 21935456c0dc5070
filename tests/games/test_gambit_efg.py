"""Tests of sim.games.gambit_efg: reading Gambit's example trees, writing, pygambit round trips."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.games.gambit_efg import GambitInfoset, read_efg, write_efg
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal

FILES = Path(__file__).parent / "files"
EFG_FILES = sorted(p.name for p in FILES.glob("*.efg"))


@pytest.fixture
def gbt():  # type: ignore[no-untyped-def]
    return pytest.importorskip("pygambit")


def our_structure(game: ExtensiveGame) -> list[tuple]:
    """Preorder list of (kind, player, actions, probabilities, payoffs) of our tree."""
    rows = []
    for node in game.nodes:
        probs = tuple(float(p) for p in node.probs)
        payoffs = () if node.payoffs is None else tuple(float(u) for u in node.payoffs)
        player = node.player if node.kind == "decision" else None
        rows.append((node.kind, player, node.actions, probs, payoffs))
    return rows


def assert_same(left: list[tuple], right: list[tuple]) -> None:
    """Structures equal, probabilities and payoffs up to rounding in the last digit."""
    assert len(left) == len(right)
    for a, b in zip(left, right, strict=True):
        assert a[:3] == b[:3]
        np.testing.assert_allclose(a[3], b[3], rtol=0, atol=1e-15)
        np.testing.assert_allclose(a[4], b[4], rtol=1e-12, atol=1e-12)


def gambit_structure(game) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The same list for a pygambit game, adding outcomes along each path as the reader does."""
    players = list(game.players)
    rows: list[tuple] = []

    def visit(node, inherited: tuple[float, ...]) -> None:  # type: ignore[no-untyped-def]
        own = node.outcome
        total = tuple(
            u + (float(own[p]) if own else 0.0) for u, p in zip(inherited, players, strict=True)
        )
        if node.is_terminal:
            rows.append(("terminal", None, (), (), total))
            return
        actions = tuple(a.label for a in node.infoset.actions)
        if node.player.is_chance:
            probs = tuple(float(a.prob) for a in node.infoset.actions)
            rows.append(("chance", None, actions, probs, ()))
        else:
            rows.append(("decision", players.index(node.player), actions, (), ()))
        for child in node.children:
            visit(child, total)

    visit(game.root, tuple(0.0 for _ in players))
    return rows


def gambit_infoset_partition(game) -> set[frozenset[int]]:  # type: ignore[no-untyped-def]
    position = {}
    order: list = []

    def visit(node) -> None:  # type: ignore[no-untyped-def]
        position[id(node)] = len(order)
        order.append(node)
        for child in node.children:
            visit(child)

    visit(game.root)
    sets: dict[tuple[int, int], set[int]] = {}
    players = list(game.players)
    for k, node in enumerate(order):
        if not node.is_terminal and not node.player.is_chance:
            key = (players.index(node.player), node.infoset.number)
            sets.setdefault(key, set()).add(k)
    return {frozenset(s) for s in sets.values()}


def our_infoset_partition(game: ExtensiveGame) -> set[frozenset[int]]:
    sets: dict[tuple[int, object], set[int]] = {}
    for node in game.decision_nodes:
        sets.setdefault((node.player, game.infoset_key(node)), set()).add(node.id)
    return {frozenset(s) for s in sets.values()}


def test_read_e02() -> None:
    # Selten (1975), Figure 2, as distributed with Gambit.
    game = read_efg(FILES / "e02.efg")
    assert game.players == ("Player 1", "Player 2")
    assert game.title == "Selten (IJGT, 75), Figure 2"
    root = game.root
    assert root.player == 0 and root.actions == ("R", "L")
    assert root.infoset == GambitInfoset(1, "(1,1)")
    assert [n.outcome for n in game.terminal_nodes] == [
        "Outcome 1",
        "Outcome 2",
        "Outcome 3",
        "Outcome 4",
    ]
    assert [n.payoffs.tolist() for n in game.terminal_nodes] == [[1, 1], [0, 2], [0, 3], [2, 0]]
    assert game.infosets(0) == [GambitInfoset(1, "(1,1)"), GambitInfoset(2, "(1,2)")]


def test_read_poker_with_rational_chance_probabilities() -> None:
    # One-card poker after Myerson (1991), Gambit's doc/poker.efg.
    game = read_efg(FILES / "poker.efg")
    assert game.root.kind == "chance"
    assert [float(p) for p in game.root.probs] == [0.5, 0.5]
    assert game.root.actions == ("King", "Queen")
    assert not game.is_perfect_information
    bob = game.infosets(1)
    assert len(bob) == 1 and len(game.infoset_members(1, bob[0])) == 2


def test_non_terminal_outcomes_are_added_along_the_path() -> None:
    game = read_efg(FILES / "chance_in_middle_nonterm_outcomes.efg")
    # Path A, H, X, C: outcome "a" (-1, 1) at the inner node plus outcome 2 (1, -1) at the leaf.
    first_leaf = game.terminal_nodes[0]
    assert first_leaf.payoffs.tolist() == [0.0, 0.0]
    assert first_leaf.outcome == "1"
    # The other branch of the first chance node has no inner outcome.
    leaf = game.terminal_nodes[4]
    assert leaf.payoffs.tolist() == [0.5, -0.5]


def test_file_infoset_numbering_is_kept() -> None:
    text = """EFG 2 R "numbering" { "1" "2" }
p "" 1 2 "second" { "L" "R" } 0
p "" 2 1 "" { "A" "B" } 0
p "" 1 1 "first" { "l" "r" } 0
t "" 1 "" { 0, 0 }
t "" 2 "" { 2, 4 }
p "" 1 1 0
t "" 3 "" { 4, 2 }
t "" 4 "" { 0, 0 }
t "" 5 "" { 0, 0 }
"""
    game = read_efg(text)
    assert game.infosets(0) == [GambitInfoset(1, "first"), GambitInfoset(2, "second")]
    assert len(game.infoset_members(0, GambitInfoset(1, "first"))) == 2
    lines = write_efg(game).splitlines()
    assert lines[3].startswith('p "" 1 2 "second"')
    assert lines[5].startswith('p "" 1 1 "first"')


def test_shared_chance_information_set() -> None:
    text = """EFG 2 R "" { "1" }
p "" 1 1 "" { "a" "b" } 0
c "" 1 "" { "x" 0.25 "y" 0.75 } 0
t "" 1 "" { 1 }
t "" 2 "" { 2 }
c "" 1 0
t "" 3 "" { 3 }
t "" 4 "" { 4 }
"""
    game = read_efg(text)
    second = game.chance_nodes[1]
    assert second.actions == ("x", "y") and [float(p) for p in second.probs] == [0.25, 0.75]


def test_write_read_round_trip_of_a_built_tree() -> None:
    game = ExtensiveGame(
        players=("Russia", "Coalition"),
        title="crisis",
        root=chance(
            [
                ("hard-liner", 0.2, decision(0, {"invade": terminal([3, -2], outcome="war")})),
                (
                    "opportunist",
                    0.8,
                    decision(
                        0,
                        {
                            "hold": terminal([0, 0], outcome="deterred"),
                            "probe": decision(
                                1,
                                {
                                    "none": terminal([1, -1], outcome="probe_unanswered"),
                                    "support": terminal([-1, -0.5], outcome="probe_punished"),
                                },
                                infoset="after probe",
                            ),
                        },
                    ),
                ),
            ]
        ),
    )
    back = read_efg(write_efg(game))
    assert_same(our_structure(back), our_structure(game))
    assert [n.outcome for n in back.terminal_nodes] == [n.outcome for n in game.terminal_nodes]
    assert back.root.children[1].children[1].infoset == GambitInfoset(1, "after probe")


def test_thirds_are_written_as_exact_rationals() -> None:
    game = ExtensiveGame(
        ("P",),
        chance([(f"c{k}", 1 / 3, terminal([k])) for k in range(3)]),
    )
    line = write_efg(game).splitlines()[3]
    assert line == 'c "" 1 "" { "c0" 1/3 "c1" 1/3 "c2" 1/3 } 0'


def test_repeated_outcomes_share_a_number() -> None:
    game = read_efg(FILES / "poker.efg")
    text = write_efg(game)
    assert text.count('"Alice wins" { 1, -1 }') == 2
    assert 't "" 2 "Alice wins" { 1, -1 }' in text


def test_batched_trees_cannot_be_written() -> None:
    game = ExtensiveGame(
        ("A", "B"),
        decision(0, {"x": terminal([np.zeros(3), np.ones(3)]), "y": terminal([1, 1])}),
    )
    with pytest.raises(ValueError, match="batched"):
        write_efg(game)


@pytest.mark.parametrize("name", EFG_FILES)
def test_files_read_like_pygambit(gbt, name: str) -> None:  # type: ignore[no-untyped-def]
    ours = read_efg(FILES / name)
    theirs = gbt.read_efg(str(FILES / name))
    assert_same(our_structure(ours), gambit_structure(theirs))
    assert our_infoset_partition(ours) == gambit_infoset_partition(theirs)
    assert ours.players == tuple(p.label for p in theirs.players)


@pytest.mark.parametrize("name", EFG_FILES)
def test_written_files_are_read_by_pygambit(gbt, name: str) -> None:  # type: ignore[no-untyped-def]
    ours = read_efg(FILES / name)
    theirs = gbt.read_efg(io.StringIO(write_efg(ours)))
    assert_same(gambit_structure(theirs), our_structure(ours))
    assert gambit_infoset_partition(theirs) == our_infoset_partition(ours)
    assert theirs.title == ours.title


@pytest.mark.parametrize("name", EFG_FILES)
def test_pygambit_output_reads_back(gbt, name: str) -> None:  # type: ignore[no-untyped-def]
    theirs = gbt.read_efg(str(FILES / name))
    ours = read_efg(theirs.to_efg())
    assert_same(our_structure(ours), gambit_structure(theirs))


def test_pygambit_built_tree_with_chance_and_information_sets(gbt) -> None:  # type: ignore[no-untyped-def]
    g = gbt.Game.new_tree(players=["Sender", "Receiver"], title="signalling")
    g.append_move(g.root, g.players.chance, ["good", "bad"])
    g.set_chance_probs(g.root.infoset, [gbt.Rational(2, 3), gbt.Rational(1, 3)])
    for child in g.root.children:
        g.append_move(child, "Sender", ["quiet", "loud"])
    good, bad = list(g.root.children)
    for message in ("quiet", "loud"):  # the receiver sees the message, not the type
        g.append_move([good.children[message], bad.children[message]], "Receiver", ["yes", "no"])
    terminals = [node for node in g.nodes if node.is_terminal]
    for k, node in enumerate(terminals, start=1):
        g.set_outcome(node, g.add_outcome(f"o{k}", [k, -k / 2]))
    ours = read_efg(g.to_efg())
    assert_same(our_structure(ours), gambit_structure(g))
    assert our_infoset_partition(ours) == gambit_infoset_partition(g)
    assert len(ours.infosets(1)) == 2
    again = gbt.read_efg(io.StringIO(write_efg(ours)))
    assert_same(gambit_structure(again), gambit_structure(g))


def test_repeated_node_labels_are_made_unique() -> None:
    game = ExtensiveGame(
        ("A",),
        decision(
            0,
            {"x": decision(0, {"y": terminal([1])}, label="n"), "z": terminal([2], label="n")},
            label="n",
        ),
    )
    labels = [line.split('"')[1] for line in write_efg(game).splitlines()[3:]]
    assert labels == ["n_1", "n_2", "", "n_3"]


def test_guarantee_game_round_trip(gbt) -> None:  # type: ignore[no-untyped-def]
    # The project's own guarantee game (four players, chance, 138 nodes) survives a trip
    # through a file and pygambit.
    from sim.equilibria.backward_induction import backward_induction
    from sim.guarantee import build_guarantee_game, guarantee_parameters
    from sim.scenario.loader import load_scenario

    preset = Path(__file__).parents[2] / "scenarios" / "presets" / "budapest_1994.yaml"
    game = build_guarantee_game(guarantee_parameters(load_scenario(preset).scenario)).game
    text = write_efg(game)
    back = read_efg(text)
    assert_same(our_structure(back), our_structure(game))
    assert [n.outcome for n in back.terminal_nodes] == [n.outcome for n in game.terminal_nodes]
    theirs = gbt.read_efg(io.StringIO(text))
    assert_same(gambit_structure(theirs), our_structure(game))
    ours_solution, back_solution = backward_induction(game), backward_induction(back)
    assert {k: int(v) for k, v in ours_solution.choice.items()} == {
        k: int(v) for k, v in back_solution.choice.items()
    }


def random_tree(rng: np.random.Generator, n_players: int, depth: int) -> Node:
    """A random tree with chance nodes and information sets shared across subtrees."""
    if depth == 0 or rng.random() < 0.2:
        payoffs = rng.integers(-6, 7, size=n_players) / rng.choice([1, 2, 4, 3])
        name = None if rng.random() < 0.3 else f"o{rng.integers(0, 4)}"
        return terminal(payoffs, outcome=name)
    n_actions = int(rng.integers(1, 4))
    if rng.random() < 0.3:
        probs = (
            rng.dirichlet(np.ones(n_actions))
            if rng.random() < 0.5
            else np.full(n_actions, 1 / n_actions)
        )
        return chance(
            [(f"c{k}", p, random_tree(rng, n_players, depth - 1)) for k, p in enumerate(probs)]
        )
    player = int(rng.integers(0, n_players))
    shared = rng.random() < 0.6  # nodes of one player, depth and width share a set
    return decision(
        player,
        {f"a{k}": random_tree(rng, n_players, depth - 1) for k in range(n_actions)},
        infoset=f"set {player}-{depth}-{n_actions}" if shared else None,
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_players=st.integers(1, 4))
def test_random_trees_round_trip(seed: int, n_players: int) -> None:
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    game = ExtensiveGame(tuple(f"P{i}" for i in range(n_players)), random_tree(rng, n_players, 4))
    text = write_efg(game)
    back = read_efg(text)
    assert_same(our_structure(back), our_structure(game))
    assert our_infoset_partition(back) == our_infoset_partition(game)
    assert write_efg(back) == text
    theirs = gbt.read_efg(io.StringIO(text))
    assert_same(gambit_structure(theirs), our_structure(game))
    assert gambit_infoset_partition(theirs) == our_infoset_partition(game)
