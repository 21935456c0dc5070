"""Tests of sim.games.gambit_nfg: reading both .nfg variants, writing, round trips with pygambit."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from sim.games.gambit_nfg import read_nfg, write_nfg
from sim.games.normal_form import NormalFormGame

FILES = Path(__file__).parent / "files"

# Gambit's tests/test_games/e02.nfg: the outcome version of the same game as contrib/games/e02.nfg.
E02_OUTCOME_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" }

{ { "1" "2" "3" }
{ "1" "2" }
}
""

{
{ "_1" 1, 1 }
{ "_2" 0, 2 }
{ "_3" 0, 2 }
{ "_4" 1, 1 }
{ "_5" 0, 3 }
{ "_6" 2, 0 }
}
1 2 3 4 5 6
"""


@pytest.fixture
def gbt():  # type: ignore[no-untyped-def]
    return pytest.importorskip("pygambit")


def as_float_arrays(gambit_game) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.stack([np.array(a, dtype=float) for a in gambit_game.to_arrays()])


def test_read_payoff_version_e02() -> None:
    # Selten (1975), Figure 2, normal form: the first player's strategy changes fastest.
    game = read_nfg(FILES / "e02.nfg")
    assert game.players == ("Player 1", "Player 2")
    assert game.actions == (("1", "2", "3"), ("1", "2"))
    assert game.title == "Selten (IJGT, 75), Figure 2, normal form"
    np.testing.assert_array_equal(game.payoffs[0], [[1, 1], [0, 0], [0, 2]])
    np.testing.assert_array_equal(game.payoffs[1], [[1, 1], [2, 3], [2, 0]])


def test_outcome_version_reads_as_the_same_game() -> None:
    payoff_version = read_nfg(FILES / "e02.nfg")
    outcome_version = read_nfg(E02_OUTCOME_VERSION)
    np.testing.assert_array_equal(payoff_version.payoffs, outcome_version.payoffs)


def test_three_player_outcome_version() -> None:
    # McKelvey-McLennan 2x2x2 game (Gambit contrib/games/2x2x2.nfg).
    game = read_nfg(FILES / "2x2x2.nfg")
    assert game.shape == (2, 2, 2)
    assert game.payoffs[:, 0, 0, 0].tolist() == [9, 8, 12]
    assert game.payoffs[:, 1, 1, 0].tolist() == [9, 8, 2]  # fourth profile: (2, 2, 1)
    assert game.payoffs[:, 0, 0, 1].tolist() == [0, 0, 0]  # fifth profile: (1, 1, 2)
    assert game.payoffs[:, 1, 0, 1].tolist() == [3, 4, 6]


def test_null_outcome_and_rational_payoffs() -> None:
    text = 'NFG 1 R "t" { "A" "B" }\n{ { "x" "y" } { "z" } }\n{ { "half" 1/2, -3/4 } }\n1 0\n'
    game = read_nfg(text)
    assert game.payoffs[:, 0, 0].tolist() == [0.5, -0.75]
    assert game.payoffs[:, 1, 0].tolist() == [0.0, 0.0]


def test_duplicate_strategy_labels_are_made_distinct() -> None:
    game = read_nfg('NFG 1 R "" { "A" "B" } { { "x" "x" } { "y" } }\n1 1 2 2')
    assert game.actions[0] == ("x_1", "x_2")


def test_write_then_read_round_trip() -> None:
    rng = np.random.default_rng(7)
    game = NormalFormGame(
        rng.normal(size=(3, 2, 4, 3)),
        players=["Russia", "Ukraine", "Coalition"],
        actions=[["hold", "invade"], ["a", "b\\c", "c\\", "d"], ["none", "support", "intervene"]],
        title='Quotes "inside" the title',
    )
    back = read_nfg(write_nfg(game))
    np.testing.assert_array_equal(back.payoffs, game.payoffs)
    assert back.players == game.players
    assert back.actions == game.actions
    assert back.title == game.title


def test_write_uses_integers_where_possible() -> None:
    text = write_nfg(NormalFormGame.from_bimatrix([[1, 0.5]], [[-2, 3]]))
    assert text.splitlines()[-2:] == ["1 -2", "0.5 3"]


@pytest.mark.parametrize(
    "name", ["e02.nfg", "2x2x2.nfg", "shapley1974_fig2.nfg", "battle_of_sexes.nfg"]
)
def test_files_read_like_pygambit(gbt, name: str) -> None:  # type: ignore[no-untyped-def]
    ours = read_nfg(FILES / name)
    theirs = gbt.read_nfg(str(FILES / name))
    np.testing.assert_array_equal(ours.payoffs, as_float_arrays(theirs))
    assert ours.players == tuple(p.label for p in theirs.players)
    assert ours.actions == tuple(tuple(s.label for s in p.strategies) for p in theirs.players)


@pytest.mark.parametrize("seed", range(4))
def test_written_files_are_read_by_pygambit(gbt, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(1, 4, size=rng.integers(2, 5)))
    game = NormalFormGame(
        rng.integers(-9, 10, size=(len(shape), *shape)) / 4,
        players=[f"player {i}" for i in range(len(shape))],
        actions=[[f"s{k}" for k in range(m)] for m in shape],
        title=f"random {seed}",
    )
    theirs = gbt.read_nfg(io.StringIO(write_nfg(game)))
    np.testing.assert_array_equal(as_float_arrays(theirs), game.payoffs)
    assert theirs.title == game.title
    assert [p.label for p in theirs.players] == list(game.players)
    assert [[s.label for s in p.strategies] for p in theirs.players] == [
        list(a) for a in game.actions
    ]


@pytest.mark.parametrize("seed", range(4))
def test_pygambit_files_are_read_back(gbt, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(100 + seed)
    shape = tuple(int(m) for m in rng.integers(1, 4, size=3))
    arrays = rng.integers(-5, 6, size=(3, *shape))
    theirs = gbt.Game.from_arrays(*arrays, title="from pygambit")
    ours = read_nfg(theirs.to_nfg())
    np.testing.assert_array_equal(ours.payoffs, arrays)
    assert ours.title == "from pygambit"
    # and once more through our writer, back into pygambit
    again = gbt.read_nfg(io.StringIO(write_nfg(ours)))
    np.testing.assert_array_equal(as_float_arrays(again), arrays)


def test_read_from_path_string(tmp_path: Path) -> None:
    path = tmp_path / "pd.nfg"
    path.write_text('NFG 1 R "PD" { "1" "2" } { 2 2 }\n3 3 5 0 0 5 1 1\n')
    game = read_nfg(str(path))
    assert game.payoffs[:, 1, 0].tolist() == [5, 0]


def test_pygambit_new_table_with_labels_and_rationals(gbt) -> None:  # type: ignore[no-untyped-def]
    g = gbt.Game.new_table([2, 3], title="built in pygambit")
    row, column = list(g.players)
    row.label = "Row"
    for k, strategy in enumerate(row.strategies):
        strategy.label = f"r{k}"
    profile = [list(row.strategies)[1], list(column.strategies)[2]]
    g[profile][row] = 5
    g[profile][column] = gbt.Rational(-1, 4)
    ours = read_nfg(g.to_nfg())  # the outcome version, with labels
    assert ours.players == ("Row", "2")
    assert ours.actions == (("r0", "r1"), ("1", "2", "3"))
    assert ours.payoffs[:, 1, 2].tolist() == [5.0, -0.25]
    assert np.count_nonzero(ours.payoffs) == 2
    back = gbt.read_nfg(io.StringIO(write_nfg(ours)))
    np.testing.assert_array_equal(as_float_arrays(back), ours.payoffs)


def test_latin1_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin1.nfg"
    path.write_bytes('NFG 1 R "Jeu à deux" { "A" "B" } { 1 1 }\n1 2\n'.encode("latin-1"))
    assert read_nfg(path).title == "Jeu à deux"
