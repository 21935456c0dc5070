"""Known-answer cases ported from Nashpy's tests.

Each test names the Nashpy file and test it comes from (Nashpy, MIT licence,
https://github.com/drvinceknight/Nashpy, ``tests/unit/``, at commit b80533daeec4). The games
and the published answers are Nashpy's; ``solve`` (two-player enumeration: every extreme
equilibrium) must return them, and where Nashpy's answer is one equilibrium of several, it must be
among ours.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.solve import solve
from sim.games.normal_form import NormalFormGame

VON_STENGEL_A = [[3, 3], [2, 5], [0, 6]]
VON_STENGEL_B = [[3, 2], [2, 6], [3, 1]]


def found(A: object, B: object, **options: object) -> list[list[np.ndarray]]:
    game = NormalFormGame.from_bimatrix(A, B)
    return [eq.strategies for eq in solve(game, "nash", **options)]  # type: ignore[arg-type]


def same_set(result: list[list[np.ndarray]], expected: list[tuple[list[float], ...]]) -> bool:
    return len(result) == len(expected) and all(
        any(
            all(np.allclose(p, q, atol=1e-9) for p, q in zip(eq, exp, strict=True)) for eq in result
        )
        for exp in expected
    )


@pytest.mark.parametrize(
    ("A", "B", "expected"),
    [
        (
            [[160, 205, 44], [175, 180, 45], [201, 204, 50], [120, 207, 49]],
            [[2, 2, 2], [1, 0, 0], [3, 4, 1], [4, 1, 2]],
            [([0, 0, 3 / 4, 1 / 4], [1 / 28, 27 / 28, 0])],
        ),
        (
            [[1, 0], [-2, 3]],
            [[3, 2], [-1, 0]],
            [([1, 0], [1, 0]), ([0, 1], [0, 1]), ([1 / 2, 1 / 2], [1 / 2, 1 / 2])],
        ),
        (
            [[2, 1], [0, 2]],
            [[2, 0], [1, 2]],
            [([1, 0], [1, 0]), ([0, 1], [0, 1]), ([1 / 3, 2 / 3], [1 / 3, 2 / 3])],
        ),
    ],
)
def test_support_and_vertex_enumeration_for_bi_matrix(A: list, B: list, expected: list) -> None:
    """test_game.py, TestGame.test_support_enumeration_for_bi_matrix and
    test_vertex_enumeration_for_bi_matrix (the same three games and answers)."""
    assert same_set(found(A, B), expected)


@pytest.mark.parametrize(
    ("A", "B", "expected"),
    [
        ([[-1, 0], [-1, 1]], [[1, 0], [1, -1]], [([1, 0], [1, 0]), ([0, 1], [1, 0])]),
        (
            VON_STENGEL_A,
            [[3, 3], [2, 6], [3, 1]],
            [([1, 0, 0], [1, 0]), ([1, 0, 0], [2 / 3, 1 / 3]), ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3])],
        ),
        (
            [[0, 0], [0, 0]],
            [[0, 0], [0, 0]],
            [([1, 0], [1, 0]), ([1, 0], [0, 1]), ([0, 1], [1, 0]), ([0, 1], [0, 1])],
        ),
    ],
)
def test_support_enumeration_for_degenerate_bi_matrix_game(
    A: list, B: list, expected: list
) -> None:
    """test_game.py, TestGame.test_support_enumeration_for_degenerate_bi_matrix_game.

    Disagreement, argued: for the second game Nashpy lists ``([1,0,0],[1,0])`` and
    ``([0,1/3,2/3],[1/3,2/3])`` (and warns that the game is degenerate); the row player's
    strategy ``[1, 0, 0]`` is also a best reply to every column mix with weight at least 2/3 on
    the first column, so ``([1,0,0],[2/3,1/3])`` is a third extreme equilibrium (the other end of
    the segment starting at ``([1,0,0],[1,0])``; QuantEcon's vertex-enumeration test lists it
    too). Enumeration here returns all three and flags the game degenerate.
    """
    game = NormalFormGame.from_bimatrix(A, B)
    result = solve(game, "nash")
    assert same_set([eq.strategies for eq in result], expected)
    assert result.degenerate and result.complete


def test_support_enumeration_for_particular_game() -> None:
    """test_game.py, TestGame.test_support_enumeration_for_particular_game (Nashpy issue 67:
    a game where floating-point comparisons made support enumeration return nothing)."""
    A = np.round(
        [
            [52.46337363, 69.47195938, 0.0, 54.14372075],
            [77.0, 88.0, 84.85714286, 92.4],
            [77.78571429, 87.35294118, 93.5, 91.38461538],
            [66.37100751, 43.4530444, 0.0, 60.36191831],
        ],
        5,
    )
    B = np.round(
        [
            [23.52690518, 17.35459006, 88.209, 20.8021711],
            [16.17165, 0.0, 14.00142857, 6.46866],
            [0.0, 5.76529412, 0.0, 0.0],
            [15.68327304, 40.68156322, 84.00857143, 11.06596804],
        ],
        5,
    )
    result = found(A, B)
    assert len(result) == 1
    assert np.allclose(result[0][0], [0.0, 2.62812089e-01, 7.37187911e-01, 0.0])
    assert np.allclose(result[0][1], [0.4516129, 0.5483871, 0.0, 0.0])


def test_vertex_enumeration_three_by_two_and_negative_utilities() -> None:
    """test_vertex_enumeration.py, TestVertexEnumeration.test_three_by_two_vertex_enumeration
    and test_with_negative_utilities (matching pennies)."""
    expected = [
        ([1, 0, 0], [1, 0]),
        ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]),
        ([4 / 5, 1 / 5, 0], [2 / 3, 1 / 3]),
    ]
    assert same_set(found(VON_STENGEL_A, VON_STENGEL_B), expected)
    pennies = np.array([[1, -1], [-1, 1]])
    assert same_set(found(pennies, -pennies), [([1 / 2, 1 / 2], [1 / 2, 1 / 2])])


@pytest.mark.parametrize(
    ("A", "B", "expected"),
    [
        # test_lemke_howson.py, test_particular_lemke_howson_with_lexicographic_ratio_test
        (VON_STENGEL_A, VON_STENGEL_B, [([1, 0, 0], [1, 0]), ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3])]),
        # ... _with_degenerate_games (first game)
        (
            [[1, 3, 3], [3, 1, 3], [1, 3, 3]],
            [[3, 3, 1], [1, 1, 3], [3, 1, 3]],
            [([0.5, 0.5, 0], [0, 0, 1])],
        ),
        # ... _with_degenerate_games (Nashpy issue 65)
        (
            [[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]],
            [[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]],
            [([0, 1, 0], [1, 0, 0])],
        ),
        # test_game.py, test_lemke_howson_for_bi_matrix (label 4)
        (
            [[160, 205, 44], [175, 180, 45], [201, 204, 50], [120, 207, 49]],
            [[2, 2, 2], [1, 0, 0], [3, 4, 1], [4, 1, 2]],
            [([0, 0, 3 / 4, 1 / 4], [1 / 28, 27 / 28, 0])],
        ),
    ],
)
def test_lemke_howson_known_endpoints(A: list, B: list, expected: list) -> None:
    """Nashpy's Lemke–Howson answers are among ours: from enumeration always, and from
    Lemke–Howson for non-degenerate games.

    Disagreement, argued: in the two degenerate games Nashpy's lexicographic Lemke–Howson ends
    at ``([.5,.5,0],[0,0,1])`` and ``([0,1,0],[1,0,0])`` while ours ends at
    ``([0,0,1],[0,0,1])`` and ``([0,1,0],[0,0,1])``. Both are equilibria (each is certified by
    its regret, and enumeration lists all four among the extreme equilibria): in a degenerate
    game the endpoint depends on the order of the lexicographic perturbation, which differs
    between the two implementations.
    """
    degenerate = solve(NormalFormGame.from_bimatrix(A, B), "nash").degenerate
    for method in (None,) if degenerate else ("lemke_howson", None):
        result = found(A, B, method=method)
        for exp in expected:
            assert any(
                all(np.allclose(p, q, atol=1e-9) for p, q in zip(eq, exp, strict=True))
                for eq in result
            ), (method, exp)


def test_lemke_howson_lex_degenerate_tie_breaking_looping() -> None:
    """test_lemke_howson.py, test_lemke_howson_lex_degenerate_tie_breaking_looping: a 9x9
    constant-sum game whose value to the row player is 0.75872890672; every label ends at an
    equilibrium with that value (Nashpy requires 14 of 18 without NaN; here all must)."""
    A = np.array(
        [
            [0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            [0.711, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0],
            [1.0, 0.672, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0, 1.0],
            [1.0, 1.0, 0.667, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0],
            [1.0, 1.0, 1.0, 0.579, 0.0, 0.0, 0.5, 1.0, 1.0],
            [1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 0.0, 0.5, 1.0],
            [1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 0.0, 1.0],
            [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.333, 0.0, 0.5],
            [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0],
        ]
    )
    game = NormalFormGame.from_bimatrix(A, 1 - A)
    for method in ("lemke_howson", "enumeration"):
        result = solve(game, "nash", method=method)
        assert len(result) >= 1
        for eq in result:
            assert abs(eq.payoffs[0] - 0.75872890672) <= 1e-7


def test_linear_program_for_zero_sum_games() -> None:
    """test_game.py, TestGame.test_linear_program_for_zero_sum_games: ``([1,0],[1,0])``."""
    result = found([[-1, 0], [-1, 1]], [[1, 0], [1, -1]])
    assert any(np.allclose(eq[0], [1, 0]) and np.allclose(eq[1], [1, 0]) for eq in result)
