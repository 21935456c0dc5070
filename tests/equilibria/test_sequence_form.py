"""Tests of Lemke's algorithm on the sequence form, against pygambit 16.7 (test-only).

* Every two-player, perfect-recall tree of Gambit's distribution (``tests/peers/games/gambit``):
  the profile's regret is at most 1e-8 times the payoff scale, computed three ways: by a best
  response in behaviour strategies written here (independent of the module), on the reduced
  normal form where it can be built, and by pygambit's ``max_regret`` on a behaviour profile
  filled with our numbers. Files pygambit 16.7 refuses for their labels are handed to it as
  written by :func:`~sim.games.gambit_efg.write_efg` with plain labels. On constant-sum games
  the equilibrium payoffs are the (unique) value, so they must equal ``lcp_solve``'s.
* ``4cards.efg`` (four-card poker, constant-sum): the same checks and Gambit's value.
* Seeded random trees with chance moves and non-singleton information sets (perfect recall by
  construction), with generic or tied payoffs: a certified equilibrium whose payoffs are those
  of one of the extreme equilibria listed by ``solve(game, "nash")``.
* Refusals: three players, imperfect recall, batched trees, an expired deadline.
"""

from __future__ import annotations

import io
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim.equilibria.backward_induction import evaluate
from sim.equilibria.budget import Deadline
from sim.equilibria.sequence_form import sequence_form_equilibrium
from sim.equilibria.solve import solve
from sim.equilibria.subgames import _subgame_regret
from sim.games.gambit_efg import write_efg
from sim.games.loading import load_game
from sim.games.reduced_normal_form import is_perfect_recall
from sim.games.tree import ExtensiveGame, Node, chance, decision, terminal

gbt = pytest.importorskip("pygambit")

ROOT = Path(__file__).parents[1] / "peers" / "games" / "gambit"
Profile = list[list[np.ndarray]]


def _two_player_trees() -> tuple[list[Path], list[Path]]:
    """The two-player ``.efg`` files of the catalogue: (perfect recall, imperfect recall)."""
    perfect: list[Path] = []
    imperfect: list[Path] = []
    for path in sorted(ROOT.rglob("*.efg")):
        game = load_game(path)
        if isinstance(game, ExtensiveGame) and game.n_players == 2:
            (perfect if is_perfect_recall(game) else imperfect).append(path)
    return perfect, imperfect


PERFECT_RECALL, IMPERFECT_RECALL = _two_player_trees()
SLOW_GAMBIT_REGRET = {"contrib/games/ttt.efg"}
"""pygambit 16.7's ``max_regret`` did not finish within minutes here; the other checks run."""


def node_profile(game: ExtensiveGame, profile: Profile) -> dict[int, np.ndarray]:
    position = [{key: k for k, key in enumerate(game.infosets(i))} for i in range(2)]
    return {
        n.id: profile[n.player][position[n.player][game.infoset_key(n)]]
        for n in game.decision_nodes
    }


def payoffs(game: ExtensiveGame, profile: Profile) -> np.ndarray:
    return np.asarray(evaluate(game, node_profile(game, profile))[game.root.id], float)


def best_response_value(game: ExtensiveGame, profile: Profile, player: int) -> float:
    """The player's best payoff against the other's behaviour strategy (and chance).

    With perfect recall the player's own sets can be decided deepest first (by the number of
    own moves before them): a set's choice maximises the sum, over its nodes, of the
    continuation payoff weighted by the probability that chance and the other player reach it.
    """
    behaviour = node_profile(game, profile)
    paths = game.paths()
    weight: dict[int, float] = {game.root.id: 1.0}
    for node in game.nodes:
        for k, child in enumerate(node.children):
            factor = (
                float(node.probs[k])
                if node.kind == "chance"
                else 1.0
                if node.player == player
                else float(behaviour[node.id][k])
            )
            weight[child.id] = weight[node.id] * factor
    own = [n for n in game.decision_nodes if n.player == player]
    depth = {
        game.infoset_key(n): sum(
            p.kind == "decision" and p.player == player for p, _ in paths[n.id]
        )
        for n in own
    }
    choice: dict[Hashable, int] = {}

    def below(node: Node) -> float:
        if node.kind == "terminal":
            assert node.payoffs is not None
            return weight[node.id] * float(node.payoffs[player])
        if node.kind == "decision" and node.player == player:
            return below(node.children[choice[game.infoset_key(node)]])
        return sum(below(child) for child in node.children)

    for key in sorted(depth, key=depth.__getitem__, reverse=True):
        members = [n for n in own if game.infoset_key(n) == key]
        values = [
            sum(below(n.children[a]) for n in members) for a in range(len(members[0].actions))
        ]
        choice[key] = int(np.argmax(values))
    return below(game.root)


def behaviour_regret(game: ExtensiveGame, profile: Profile) -> float:
    value = payoffs(game, profile)
    return max(best_response_value(game, profile, i) - value[i] for i in range(2))


def reduced_form_regret(game: ExtensiveGame, profile: Profile) -> float | None:
    """Nash regret on the reduced normal form, or None where it is too large to build."""
    assignment = {
        (i, key): profile[i][k] for i in range(2) for k, key in enumerate(game.infosets(i))
    }
    try:
        return _subgame_regret(game, game.root, assignment)
    except ValueError:
        return None


def plain_copy(game: ExtensiveGame) -> ExtensiveGame:
    """The same tree (same node order and set numbering) with plain labels only."""
    keys: dict[tuple[int, Hashable], Hashable] = {
        (i, key): f"{i}.{k}" for i in range(2) for k, key in enumerate(game.infosets(i))
    }

    def copy(node: Node) -> Node:
        if node.kind == "terminal":
            assert node.payoffs is not None
            return terminal(list(node.payoffs))
        moves = {f"m{k}": copy(child) for k, child in enumerate(node.children)}
        if node.kind == "chance":
            return chance([(m, p, c) for (m, c), p in zip(moves.items(), node.probs, strict=True)])
        return decision(node.player, moves, infoset=keys[(node.player, game.infoset_key(node))])

    order = {i: [keys[(i, key)] for key in game.infosets(i)] for i in range(2)}
    return ExtensiveGame(game.players, copy(game.root), infoset_order=order)


def gambit_game(path: Path, game: ExtensiveGame) -> Any:
    """pygambit's game; files whose labels pygambit 16.7 refuses (repeated node labels, double
    spaces) are handed over as written by ``write_efg`` with plain labels."""
    try:
        return gbt.read_efg(str(path))
    except ValueError as error:
        assert "label" in str(error)
        return gbt.read_efg(io.StringIO(write_efg(plain_copy(game))))


def gambit_profile(theirs: Any, game: ExtensiveGame, profile: Profile) -> Any:
    """A pygambit behaviour profile with our numbers. pygambit numbers information sets in its
    own order, so sets are matched through their nodes (both trees walked in parallel)."""
    behaviour = node_profile(game, profile)
    out = theirs.mixed_behavior_profile(rational=False)
    stack = [(theirs.root, game.root)]
    while stack:
        node, ours = stack.pop()
        if not node.is_terminal and not node.player.is_chance:
            for action, p in zip(node.infoset.actions, behaviour[ours.id], strict=True):
                out[action] = float(p)
        stack.extend(zip(node.children, ours.children, strict=True))
    return out


def scale_of(game: ExtensiveGame) -> float:
    leaves = np.array([n.payoffs for n in game.terminal_nodes], float)
    return max(1.0, float(np.max(np.abs(leaves))))


def is_constant_sum(game: ExtensiveGame) -> bool:
    leaves = np.array([n.payoffs for n in game.terminal_nodes], float)
    return bool(np.ptp(leaves.sum(axis=1)) <= 1e-12)


def check_equilibrium(game: ExtensiveGame, profile: Profile) -> float | None:
    """Assert a well-formed profile with regret ≤ 1e-8 × scale; the reduced-form regret."""
    scale = scale_of(game)
    for i in range(2):
        assert [len(p) for p in profile[i]] == [
            len(game.infoset_members(i, key)[0].actions) for key in game.infosets(i)
        ]
        for probs in profile[i]:
            assert np.all(probs >= 0.0) and abs(probs.sum() - 1.0) <= 1e-12
    assert behaviour_regret(game, profile) <= 1e-8 * scale
    regret = reduced_form_regret(game, profile)
    assert regret is None or regret <= 1e-8 * scale
    return regret


@pytest.mark.parametrize("path", PERFECT_RECALL, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_catalogue_tree_equilibrium_is_certified_by_us_and_by_pygambit(path: Path) -> None:
    game = load_game(path)
    assert isinstance(game, ExtensiveGame)
    profile = sequence_form_equilibrium(game)
    check_equilibrium(game, profile)
    theirs = gambit_game(path, game)
    scale = scale_of(game)
    if path.relative_to(ROOT).as_posix() not in SLOW_GAMBIT_REGRET:
        assert float(gambit_profile(theirs, game, profile).max_regret()) <= 1e-8 * scale
    if is_constant_sum(game):
        lcp = gbt.nash.lcp_solve(theirs, rational=False).equilibria[0]
        value = [float(lcp.payoff(p)) for p in theirs.players]
        np.testing.assert_allclose(payoffs(game, profile), value, atol=1e-9 * scale)


def test_catalogue_holds_the_expected_trees() -> None:
    assert len(PERFECT_RECALL) == 117 and len(IMPERFECT_RECALL) == 22


def test_four_card_poker_has_gambits_value() -> None:
    path = ROOT / "contrib" / "games" / "4cards.efg"
    game = load_game(path)
    assert isinstance(game, ExtensiveGame) and is_constant_sum(game)
    profile = sequence_form_equilibrium(game, Deadline(10.0))
    check_equilibrium(game, profile)
    theirs = gambit_game(path, game)
    assert float(gambit_profile(theirs, game, profile).max_regret()) <= 1e-8 * scale_of(game)
    lcp = gbt.nash.lcp_solve(theirs, rational=False).equilibria[0]
    value = [float(lcp.payoff(p)) for p in theirs.players]
    np.testing.assert_allclose(payoffs(game, profile), value, atol=1e-9)


def random_tree(seed: int, *, tied: bool) -> ExtensiveGame:
    """A random two-player tree of depth ≤ 4 with chance moves and information sets.

    A decision node's set is keyed by its mover, the mover's own history and a random slot of
    two, so nodes with the same own history may share a set: perfect recall by construction.
    Payoffs are integers in -2..2 (``tied``: many ties, degenerate) or 4-digit reals.
    """
    rng = np.random.default_rng(seed)
    widths: dict[Hashable, int] = {}

    def build(depth: int, history: tuple[tuple[object, ...], ...]) -> Node:
        if depth == 0 or (depth < 3 and rng.random() < 0.3):
            values = rng.integers(-2, 3, size=2) if tied else rng.uniform(-1, 1, 2).round(4)
            return terminal([float(v) for v in values])
        if rng.random() < 0.2:
            probs = rng.dirichlet(np.ones(int(rng.integers(2, 4))))
            return chance([(f"c{k}", p, build(depth - 1, history)) for k, p in enumerate(probs)])
        player = int(rng.integers(2))
        key = (player, history[player], int(rng.integers(2)))
        moves = {}
        for a in range(widths.setdefault(key, int(rng.integers(2, 4)))):
            after = list(history)
            after[player] = (*history[player], (key, a))
            moves[f"a{a}"] = build(depth - 1, tuple(after))
        return decision(player, moves, infoset=key)

    return ExtensiveGame(("P1", "P2"), build(4, ((), ())))


SLOW_SOLVES = {(1, False), (9, False), (16, False), (19, False), (10, True), (14, True), (17, True)}
"""Random trees on which ``solve(game, "nash")`` enumerates for a second or more."""


@pytest.mark.parametrize(
    ("seed", "tied"),
    [
        pytest.param(seed, tied, marks=[pytest.mark.slow] if (seed, tied) in SLOW_SOLVES else [])
        for tied in (False, True)
        for seed in range(20)
    ],
)
def test_random_tree_equilibrium_is_an_extreme_equilibrium_of_solve(seed: int, tied: bool) -> None:
    game = random_tree(seed, tied=tied)
    assert is_perfect_recall(game)
    profile = sequence_form_equilibrium(game)
    check_equilibrium(game, profile)
    result = solve(game, "nash", time_limit=10.0)
    if result.complete:
        ours = payoffs(game, profile)
        assert any(np.allclose(ours, eq.payoffs, atol=1e-8) for eq in result.equilibria)


def test_random_trees_have_information_sets_and_chance() -> None:
    games = [random_tree(seed, tied=tied) for seed in range(20) for tied in (False, True)]
    assert sum(not g.is_perfect_information for g in games) >= 20
    assert sum(bool(g.chance_nodes) for g in games) >= 20


def test_information_sets_come_in_the_games_order() -> None:
    # Gambit numbers the sets of this file out of traversal order (set 3 is met before set 2).
    game = load_game(ROOT / "tests" / "test_games" / "reduction_generic_payoffs.efg")
    assert isinstance(game, ExtensiveGame)
    profile = sequence_form_equilibrium(game)
    assert [len(p) for p in profile[0]] == [2, 2, 2] and [len(p) for p in profile[1]] == [4, 2, 2]
    check_equilibrium(game, profile)


def test_unreached_sets_are_uniform() -> None:
    # The entrant stays out in every equilibrium, so its later set is excluded by its own play.
    game = ExtensiveGame(
        ("Entrant", "Incumbent"),
        decision(
            0,
            {
                "out": terminal([0, 2]),
                "in": decision(
                    1,
                    {
                        "fight": decision(0, {"x": terminal([-1, 0]), "y": terminal([-2, 0])}),
                        "share": terminal([-1, 1]),
                    },
                ),
            },
        ),
    )
    profile = sequence_form_equilibrium(game)
    np.testing.assert_array_equal(profile[0][0], [1.0, 0.0])
    np.testing.assert_array_equal(profile[0][1], [0.5, 0.5])
    check_equilibrium(game, profile)


def test_game_with_constant_payoffs() -> None:
    game = ExtensiveGame(
        ("A", "B"),
        decision(
            0,
            {
                "l": decision(1, {"a": terminal([1, 1]), "b": terminal([1, 1])}, infoset="x"),
                "r": decision(1, {"a": terminal([1, 1]), "b": terminal([1, 1])}, infoset="x"),
            },
        ),
    )
    profile = sequence_form_equilibrium(game)
    check_equilibrium(game, profile)
    np.testing.assert_allclose(payoffs(game, profile), [1.0, 1.0])


def test_three_players_are_refused() -> None:
    game = ExtensiveGame(
        ("A", "B", "C"),
        decision(0, {"l": decision(2, {"a": terminal([1, 0, 0])}), "r": terminal([0, 1, 0])}),
    )
    with pytest.raises(ValueError, match="two-player"):
        sequence_form_equilibrium(game)


def test_imperfect_recall_is_refused() -> None:
    forgetful = ExtensiveGame(
        ("Driver", "Other"),
        decision(
            0,
            {
                "l": decision(0, {"a": terminal([1, 0]), "b": terminal([0, 1])}, infoset="x"),
                "r": decision(0, {"a": terminal([0, 1]), "b": terminal([1, 0])}, infoset="x"),
            },
        ),
    )
    with pytest.raises(ValueError, match="perfect recall"):
        sequence_form_equilibrium(forgetful)
    for path in IMPERFECT_RECALL:
        game = load_game(path)
        assert isinstance(game, ExtensiveGame)
        with pytest.raises(ValueError, match="perfect recall"):
            sequence_form_equilibrium(game)


def test_batched_tree_is_refused() -> None:
    game = ExtensiveGame(
        ("A", "B"), decision(0, {"l": terminal([np.array([0.0, 1.0]), 0.0]), "r": terminal([1, 1])})
    )
    with pytest.raises(ValueError, match="batched"):
        sequence_form_equilibrium(game)


def test_expired_deadline_raises_timeout() -> None:
    game = load_game(ROOT / "contrib" / "games" / "4cards.efg")
    assert isinstance(game, ExtensiveGame)
    deadline = Deadline(0.0)
    with pytest.raises(TimeoutError, match="time limit"):
        sequence_form_equilibrium(game, deadline)
    assert deadline.hit
