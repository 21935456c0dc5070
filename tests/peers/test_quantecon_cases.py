"""Known-answer cases ported from QuantEcon.py's game-theory tests.

Each test names the QuantEcon.py file and test it comes from (QuantEcon.py, MIT licence,
https://github.com/QuantEcon/QuantEcon.py, ``quantecon/game_theory/tests/``, at commit
13b436b8a43a). The games and the published answers are QuantEcon's; the assertions are ours:
``solve`` must return every listed equilibrium (two-player enumeration returns every extreme
equilibrium, so for non-degenerate games the sets are equal).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from sim.equilibria.regret import profile_regret
from sim.equilibria.solve import solve
from sim.games.normal_form import NormalFormGame

GAMES = Path(__file__).parent / "games"
VON_STENGEL = [[(3, 3), (3, 2)], [(2, 2), (5, 6)], [(0, 3), (6, 1)]]
"""von Stengel (2007), *Algorithmic Game Theory* ch. 3, Fig. 3.3 (as in QuantEcon's tests)."""


def bimatrix(cells: list[list[tuple[float, float]]]) -> NormalFormGame:
    """A two-player game from QuantEcon's payoff-profile layout ``cells[row][col] = (u0, u1)``."""
    array = np.asarray(cells, dtype=float)
    return NormalFormGame.from_bimatrix(array[..., 0], array[..., 1])


def profiles(game: NormalFormGame, **options: object) -> list[list[np.ndarray]]:
    return [eq.strategies for eq in solve(game, "nash", **options).equilibria]  # type: ignore[arg-type]


def contains(found: list[list[np.ndarray]], expected: list[tuple[list[float], ...]]) -> bool:
    return all(
        any(all(np.allclose(p, q, atol=1e-9) for p, q in zip(eq, exp, strict=True)) for eq in found)
        for exp in expected
    )


def read_gam(path: Path) -> NormalFormGame:
    """A GameTracer ``.gam`` file: players, actions, then each player's payoffs in column-major
    (first player's action fastest) order, as QuantEcon's ``game_converters.from_gam`` reads."""
    numbers = path.read_text().split()
    n = int(numbers[0])
    shape = tuple(int(v) for v in numbers[1 : 1 + n])
    values = np.array([float(v) for v in numbers[1 + n :]])
    size = int(np.prod(shape))
    payoffs = [values[i * size : (i + 1) * size].reshape(shape, order="F") for i in range(n)]
    return NormalFormGame(np.stack(payoffs))


def test_support_enumeration_von_stengel() -> None:
    """test_support_enumeration.py, TestSupportEnumeration.test_support_enumeration (game 1)."""
    expected = [
        ([1, 0, 0], [1, 0]),
        ([4 / 5, 1 / 5, 0], [2 / 3, 1 / 3]),
        ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]),
    ]
    found = profiles(bimatrix(VON_STENGEL))
    assert len(found) == 3 and contains(found, expected)


def test_support_enumeration_degenerate_game() -> None:
    """test_support_enumeration.py, TestSupportEnumeration.test_support_enumeration (game 2).

    QuantEcon notes that its support enumeration misses the continuum
    ``([0, p, 1 - p], [1/2, 1/2])``; enumeration here returns its two extreme points as well.
    """
    game = bimatrix([[(1, 1), (-1, 0)], [(-1, 0), (1, 0)], [(0, 0), (0, 0)]])
    result = solve(game, "nash")
    found = [eq.strategies for eq in result.equilibria]
    assert contains(found, [([1, 0, 0], [1, 0]), ([0, 1, 0], [0, 1])])
    assert contains(found, [([0, 1, 0], [1 / 2, 1 / 2]), ([0, 0, 1], [1 / 2, 1 / 2])])
    assert result.degenerate and result.complete


def test_vertex_enumeration_degenerate_game() -> None:
    """test_vertex_enumeration.py, TestVertexEnumeration.test_vertex_enumeration (game 2)."""
    game = bimatrix([[(3, 3), (3, 3)], [(2, 2), (5, 6)], [(0, 3), (6, 1)]])
    expected = [
        ([1, 0, 0], [1, 0]),
        ([1, 0, 0], [2 / 3, 1 / 3]),
        ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]),
    ]
    found = profiles(game)
    assert len(found) == 3 and contains(found, expected)


def test_vertex_enumeration_reordered_degenerate_game() -> None:
    """test_vertex_enumeration.py, test_vertex_enumeration_qhull_options."""
    game = bimatrix([[(0, 3), (6, 1)], [(2, 2), (5, 6)], [(3, 3), (3, 3)]])
    expected = [
        ([0, 0, 1], [1, 0]),
        ([0, 0, 1], [2 / 3, 1 / 3]),
        ([2 / 3, 1 / 3, 0], [1 / 3, 2 / 3]),
    ]
    found = profiles(game)
    assert len(found) == 3 and contains(found, expected)


@pytest.mark.parametrize(
    ("A", "B", "expected"),
    [
        # TestLemkeHowsonDegenerate: tie-breaking by smallest row index cycles
        (
            [[0, 0, 0], [0, 1, 1], [1, 1, 0]],
            [[1, 0, 1], [1, 1, 0], [0, 0, 2]],
            ([0, 2 / 3, 1 / 3], [0, 1, 0]),
        ),
        # TestLemkeHowsonDegenerate: tie-breaking by smallest variable index cycles
        (
            [[0, 0, 0], [1, 0, 1], [0, 1, 1]],  # A[:, [2, 0, 1]]
            [[0, 0, 2], [1, 0, 1], [1, 1, 0]],  # B[[2, 0, 1], :]
            ([0, 2 / 3, 1 / 3], [0, 0, 1]),
        ),
    ],
)
def test_lemke_howson_degenerate_cycling_examples(A: list, B: list, expected: tuple) -> None:
    """test_lemke_howson.py, TestLemkeHowsonDegenerate.test_lemke_howson_degenerate: both
    Lemke–Howson (lexicographic pivoting terminates) and enumeration find QuantEcon's answer.
    QuantEcon's ``Player(B)`` indexes the column player's own action first, hence ``B.T``."""
    game = NormalFormGame.from_bimatrix(A, np.transpose(B))
    assert contains(profiles(game), [expected])
    assert contains(profiles(game, method="lemke_howson"), [expected])


def test_lemke_howson_von_stengel_labels() -> None:
    """test_lemke_howson.py, TestLemkeHowson.test_lemke_howson: labels 0 and 1 reach
    ``([1, 0, 0], [1, 0])`` and ``([0, 1/3, 2/3], [1/3, 2/3])``."""
    found = profiles(bimatrix(VON_STENGEL), method="lemke_howson")
    assert contains(found, [([1, 0, 0], [1, 0]), ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3])])


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([[(1, -1), (-1, 1)], [(-1, 1), (1, -1)]], []),  # matching pennies
        ([[(1, 1), (-2, 3)], [(3, -2), (0, 0)]], [(1, 1)]),  # prisoners' dilemma
        ([[(3, 2), (1, 0)], [(0, 1), (2, 3)]], [(0, 0), (1, 1)]),  # battle of the sexes
    ],
)
def test_pure_nash_brute_bimatrix(cells: list, expected: list) -> None:
    """test_pure_nash.py, TestPureNashBruteForce.test_brute_force (the three bimatrix games)."""
    found = [tuple(int(p.argmax()) for p in eq.strategies) for eq in solve(bimatrix(cells), "pure")]
    assert sorted(found) == sorted(expected)


def test_pure_nash_brute_unanimity_game() -> None:
    """test_pure_nash.py, TestPureNashBruteForce.test_brute_force (4-player unanimity game:
    all-0 and all-1, and every profile with two or more players on each side)."""
    n = 4
    payoffs = np.zeros((n,) + (2,) * n)
    payoffs[(slice(None),) + (0,) * n] = 1
    payoffs[(slice(None),) + (1,) * n] = 2
    expected = [(0,) * n, (1,) * n]
    for k in range(2, n - 1):
        for ind in itertools.combinations(range(n), k):
            a = np.ones(n, dtype=int)
            a[list(ind)] = 0
            expected.append(tuple(int(v) for v in a))
    found = [
        tuple(int(p.argmax()) for p in eq.strategies)
        for eq in solve(NormalFormGame(payoffs), "pure")
    ]
    assert sorted(found) == sorted(expected)


def test_pure_nash_brute_tolerance() -> None:
    """test_pure_nash.py, TestPureNashBruteForce.test_tol: an epsilon-equilibrium counts only
    within the tolerance."""
    eps = 1e-8
    game = bimatrix([[(1, 1), (-2, 1 + eps)], [(1 + eps, -2), (0, 0)]])
    strict = [tuple(int(p.argmax()) for p in eq.strategies) for eq in solve(game, "pure", tol=0.0)]
    loose = [tuple(int(p.argmax()) for p in eq.strategies) for eq in solve(game, "pure", tol=eps)]
    assert strict == [(1, 1)] and sorted(loose) == [(0, 0), (1, 1)]


@pytest.mark.parametrize(
    ("cells", "mixed"),
    [
        ([[(4, 4), (0, 3)], [(3, 0), (2, 2)]], ([2 / 3, 1 / 3], [2 / 3, 1 / 3])),  # Sym2p
        ([[(3, 2), (1, 1)], [(0, 0), (2, 3)]], ([3 / 4, 1 / 4], [1 / 4, 3 / 4])),  # Asym2p
    ],
)
def test_normal_form_game_is_nash_two_players(cells: list, mixed: tuple) -> None:
    """test_normal_form_game.py, TestNormalFormGame_Sym2p / _Asym2p.test_is_nash_mixed: the
    published mixed equilibrium is among those found."""
    assert contains(profiles(bimatrix(cells)), [mixed])


def test_normal_form_game_three_players() -> None:
    """test_normal_form_game.py, TestNormalFormGame_3p: (0, 0, 0) is an equilibrium, (0, 0, 1)
    is not, and the symmetric mixed profile with ``p = (1 + sqrt 65) / 16`` is one."""
    own = np.array([[[3, 6], [4, 2]], [[1, 0], [5, 7]]], dtype=float)  # own, then opponents
    payoffs = np.stack([np.transpose(own, np.roll(range(3), i)) for i in range(3)])
    game = NormalFormGame(payoffs)
    p = (1 + np.sqrt(65)) / 16
    mixed = [np.array([1 - p, p])] * 3
    assert profile_regret(payoffs, mixed) <= 1e-12
    result = solve(game, "nash")
    assert contains([eq.strategies for eq in result], [([1, 0], [1, 0], [1, 0]), tuple(mixed)])
    assert not contains([eq.strategies for eq in result], [([1, 0], [1, 0], [0, 1])])


def test_normal_form_game_one_player() -> None:
    """test_normal_form_game.py, TestNormalFormGame_1p: payoffs (0, 1, 1); actions 1 and 2
    are the equilibria (and every mixture of them, ``[0, 1/2, 1/2]`` included)."""
    result = solve(NormalFormGame(np.array([[0.0, 1.0, 1.0]])), "nash")
    assert contains([eq.strategies for eq in result], [([0, 1, 0],), ([0, 0, 1],)])
    assert result.degenerate


def test_normal_form_game_constant_payoffs() -> None:
    """test_normal_form_game.py, test_normalformgame_constant_payoffs: every pure profile."""
    found = solve(NormalFormGame(np.zeros((2, 2, 2))), "pure")
    assert len(found) == 4


@pytest.mark.parametrize("n_players", [2, 3, 4])
def test_mclennan_tourky_anti_coordination(n_players: int) -> None:
    """test_mclennan_tourky.py, TestMclennanTourky: the anti-coordination game with ``v = 2``
    has the symmetric equilibrium ``p* = 1 / v ** (1 / (N - 1))`` on action 0, and the pure
    profile ``(1, 0, ..., 0)`` (test_pure_nash) is an equilibrium."""
    v = 2.0
    own = np.empty((2,) * n_players)
    own[0] = 1.0
    own[1] = 0.0
    own[1].flat[0] = v
    payoffs = np.stack([np.moveaxis(own, 0, i) for i in range(n_players)])
    result = solve(NormalFormGame(payoffs), "nash")
    p = 1 / v ** (1 / (n_players - 1))
    found = [eq.strategies for eq in result]
    assert contains(found, [tuple([np.array([p, 1 - p])] * n_players)])
    assert contains(found, [tuple([np.eye(2)[1]] + [np.eye(2)[0]] * (n_players - 1))])


@pytest.mark.slow
def test_big_polymatrix_game_keeps_its_pure_equilibria() -> None:
    """game_files/big_polym.gam (test_howson_lcp.py, test_polym_lcp_solver_where_solution_is_
    pure_NE; test_polymatrix_game.py): 5 players x 4 actions, 759,375 support profiles.

    The game has exactly two pure equilibria (our enumeration; pygambit's ``enumpure_solve``
    agrees in tests/peers/test_gambit_catalogue.py style below). ``nash`` cannot search every
    support profile, so it must return both pure equilibria, ``complete=False`` and a warning
    naming the support sizes it did not search, within its time limit.
    """
    game = read_gam(GAMES / "quantecon" / "big_polym.gam")
    assert game.shape == (4, 4, 4, 4, 4)
    pure = solve(game, "pure")
    assert len(pure) == 2
    result = solve(game, "nash", time_limit=10.0)
    assert not result.complete
    assert contains([eq.strategies for eq in result], [tuple(eq.strategies) for eq in pure])
    assert any("were not" in w and "759,375" in w for w in result.warnings)
    pygambit = pytest.importorskip("pygambit")
    gambit_game = pygambit.Game.from_arrays(*[np.asarray(u) for u in game.payoffs])
    assert len(pygambit.nash.enumpure_solve(gambit_game).equilibria) == 2
