"""Batched bimatrix Nash solver: known games, layout, and pygambit's exact enumeration."""

from __future__ import annotations

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.equilibria.batched_bimatrix import BatchNashResult, solve_bimatrix_batch
from sim.equilibria.batched_support_enumeration import equal_support_candidates
from sim.equilibria.batched_vertex_enumeration import extreme_equilibria_batch
from sim.equilibria.solve import solve
from sim.games.normal_form import NormalFormGame

TOL = 1e-9


def gambit_extreme_equilibria(A: np.ndarray, B: np.ndarray) -> list[np.ndarray]:
    """Gambit's exact extreme equilibria (``enummixed``, rational), de-duplicated.

    In degenerate games Gambit reports one profile per basis of a vertex, so the same profile can
    appear several times.
    """
    if np.all(A == np.round(A)) and np.all(B == np.round(B)):
        game = gbt.Game.from_arrays(A.astype(int), B.astype(int))
    else:
        game = gbt.Game.from_arrays(A, B)
    result = gbt.nash.enummixed_solve(game, rational=True)
    players = list(game.players)
    profiles: list[np.ndarray] = []
    for profile in result.equilibria:
        vector = np.array(
            [float(profile[s]) for p in players for s in p.strategies], dtype=np.float64
        )
        if not any(np.max(np.abs(vector - seen)) < 1e-9 for seen in profiles):
            profiles.append(vector)
    return profiles


def batched_profiles(result: BatchNashResult, i: int) -> list[np.ndarray]:
    return [np.concatenate([x, y]) for x, y in result.equilibria(i)]


def same_sets(ours: list[np.ndarray], theirs: list[np.ndarray], atol: float = 1e-7) -> bool:
    """Equal as multisets of profiles, up to ``atol``."""
    if len(ours) != len(theirs):
        return False
    unused = list(range(len(theirs)))
    for profile in ours:
        match = [k for k in unused if np.max(np.abs(profile - theirs[k])) <= atol]
        if not match:
            return False
        unused.remove(match[0])
    return True


def independent_regret(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """Best pure deviation gain of either player, computed directly."""
    u, v = x @ A @ y, x @ B @ y
    return float(max(np.max(A @ y) - u, np.max(x @ B) - v))


def solve_one(A, B) -> BatchNashResult:
    return solve_bimatrix_batch(np.asarray(A, float)[None], np.asarray(B, float)[None])


# --- known games -----------------------------------------------------------------------------


def test_matching_pennies_has_one_mixed_equilibrium():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    result = solve_one(A, -A)
    assert result.count.tolist() == [1]
    (x, y), *_ = result.equilibria(0)
    np.testing.assert_allclose(x, [0.5, 0.5])
    np.testing.assert_allclose(y, [0.5, 0.5])
    np.testing.assert_allclose(result.payoffs[0, 0], [0.0, 0.0], atol=1e-12)
    assert not result.degenerate[0]


def test_battle_of_the_sexes_has_three_equilibria():
    A = np.array([[3.0, 0.0], [0.0, 2.0]])
    B = np.array([[2.0, 0.0], [0.0, 3.0]])
    result = solve_one(A, B)
    expected = [
        np.array([1, 0, 1, 0.0]),
        np.array([0, 1, 0, 1.0]),
        np.array([0.6, 0.4, 0.4, 0.6]),
    ]
    assert same_sets(batched_profiles(result, 0), expected)
    np.testing.assert_allclose(result.payoffs[0, 2], [1.2, 1.2])


def test_prisoners_dilemma_has_mutual_defection_only():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])  # actions: cooperate, defect
    result = solve_one(A, A.T)
    assert result.count.tolist() == [1]
    assert same_sets(batched_profiles(result, 0), [np.array([0, 1, 0, 1.0])])


def test_chicken_has_two_pure_and_one_mixed_equilibrium():
    A = np.array([[0.0, -1.0], [1.0, -10.0]])  # actions: swerve, straight
    result = solve_one(A, A.T)
    # Against swerve-probability q, swerving pays q - 1 and going straight 11q - 10: q = 9/10.
    p = 9.0 / 10.0
    expected = [
        np.array([1, 0, 0, 1.0]),
        np.array([0, 1, 1, 0.0]),
        np.array([p, 1 - p, p, 1 - p]),
    ]
    assert same_sets(batched_profiles(result, 0), expected)
    assert not result.degenerate[0]


def test_all_zero_game_is_degenerate_with_every_pure_profile_extreme():
    zero = np.zeros((1, 2, 3))
    result = solve_bimatrix_batch(zero, zero)
    assert result.degenerate.tolist() == [True]
    pure = [np.concatenate([np.eye(2)[i], np.eye(3)[j]]) for i in range(2) for j in range(3)]
    assert same_sets(batched_profiles(result, 0), pure)
    assert same_sets(pure, gambit_extreme_equilibria(zero[0], zero[0]))


def test_von_stengel_example_three_equilibria():
    # The 3 x 2 example game of von Stengel (2007), Algorithmic Game Theory ch. 3, with its three
    # equilibria ((1,0,0),(1,0)), ((4/5,1/5,0),(2/3,1/3)) and ((0,1/3,2/3),(1/3,2/3)).
    A = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]])
    B = np.array([[3.0, 2.0], [2.0, 6.0], [3.0, 1.0]])
    result = solve_one(A, B)
    expected = [
        np.array([1, 0, 0, 1, 0.0]),
        np.array([0.8, 0.2, 0, 2 / 3, 1 / 3]),
        np.array([0, 1 / 3, 2 / 3, 1 / 3, 2 / 3]),
    ]
    assert same_sets(batched_profiles(result, 0), expected)
    assert not result.degenerate[0]


def test_von_stengel_degenerate_variant_returns_extreme_equilibria():
    # Degenerate variant of the same game (as in von Stengel 2007, ch. 3): the column player is
    # indifferent against the first row, so (1,0,0) is paired with a segment of column mixes
    # whose ends (1,0) and (2/3,1/3) are extreme equilibria, plus ((0,1/3,2/3),(1/3,2/3)).
    # The expected set is also checked against Gambit below.
    A = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]])
    B = np.array([[3.0, 3.0], [2.0, 6.0], [3.0, 1.0]])
    result = solve_one(A, B)
    expected = [
        np.array([1, 0, 0, 1, 0.0]),
        np.array([1, 0, 0, 2 / 3, 1 / 3]),
        np.array([0, 1 / 3, 2 / 3, 1 / 3, 2 / 3]),
    ]
    assert result.degenerate[0]
    assert same_sets(batched_profiles(result, 0), expected)
    assert same_sets(expected, gambit_extreme_equilibria(A, B))


def test_one_action_games_are_solved():
    A = np.array([[[1.0, 3.0, 2.0]]])
    B = np.array([[[0.0, 5.0, 1.0]]])
    result = solve_bimatrix_batch(A, B)
    assert same_sets(batched_profiles(result, 0), [np.array([1, 0, 1, 0.0])])


# --- result layout, certificate, options -----------------------------------------------------


def test_padding_payoffs_and_regret_are_consistent():
    rng = np.random.default_rng(7)
    A, B = rng.normal(size=(200, 3, 3)), rng.normal(size=(200, 3, 3))
    result = solve_bimatrix_batch(A, B)
    width = result.row.shape[1]
    assert result.row.shape == (200, width, 3) and result.col.shape == (200, width, 3)
    assert result.payoffs.shape == (200, width, 2) and result.regret.shape == (200, width)
    for i in range(200):
        k = int(result.count[i])
        assert np.all(np.isnan(result.row[i, k:])) and np.all(np.isnan(result.regret[i, k:]))
        for e, (x, y) in enumerate(result.equilibria(i)):
            assert independent_regret(A[i], B[i], x, y) <= TOL
            np.testing.assert_allclose(result.payoffs[i, e], [x @ A[i] @ y, x @ B[i] @ y])
            assert result.regret[i, e] <= TOL
            np.testing.assert_allclose([x.sum(), y.sum()], [1.0, 1.0])
    assert result.n_games == 200


def test_chunking_does_not_change_the_result():
    rng = np.random.default_rng(3)
    A = rng.integers(-2, 3, size=(101, 3, 2)).astype(float)
    B = rng.integers(-2, 3, size=(101, 3, 2)).astype(float)
    whole = solve_bimatrix_batch(A, B)
    pieces = solve_bimatrix_batch(A, B, chunk_size=7)
    np.testing.assert_array_equal(whole.count, pieces.count)
    np.testing.assert_array_equal(whole.degenerate, pieces.degenerate)
    np.testing.assert_allclose(whole.row, pieces.row, equal_nan=True)
    np.testing.assert_allclose(whole.col, pieces.col, equal_nan=True)


def test_empty_batch():
    result = solve_bimatrix_batch(np.zeros((0, 2, 2)), np.zeros((0, 2, 2)))
    assert result.count.shape == (0,) and result.row.shape == (0, 0, 2)


@pytest.mark.parametrize(
    ("A", "B", "message"),
    [
        (np.zeros((2, 2)), np.zeros((2, 2)), "shape"),
        (np.zeros((1, 2, 2)), np.zeros((1, 2, 3)), "shape"),
        (np.zeros((1, 0, 2)), np.zeros((1, 0, 2)), "at least one action"),
        (np.full((1, 2, 2), np.nan), np.zeros((1, 2, 2)), "finite"),
    ],
)
def test_bad_input_is_rejected(A, B, message):
    with pytest.raises(ValueError, match=message):
        solve_bimatrix_batch(A, B)


def test_tied_pure_best_reply_is_flagged_degenerate():
    A = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    B = np.array([[[1.0, 1.0], [0.0, 2.0]]])  # against row 0 both columns are best
    assert equal_support_candidates(A, B, TOL).degenerate.tolist() == [True]
    assert solve_bimatrix_batch(A, B).degenerate.tolist() == [True]


def test_singular_system_alone_is_not_degeneracy():
    # Row 1 minus row 0 of A is constant, so the 2x2 indifference system for the column mix is
    # singular; the game is still nondegenerate (row 1 strictly dominates).
    A = np.array([[[0.0, 0.0], [1.0, 1.0]]])
    B = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    result = solve_bimatrix_batch(A, B)
    assert result.degenerate.tolist() == [False]
    assert same_sets(batched_profiles(result, 0), [np.array([0, 1, 0, 1.0])])


# --- property tests against pygambit ---------------------------------------------------------

shapes = st.tuples(st.integers(1, 4), st.integers(1, 4))
gambit_settings = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def integer_batches(draw) -> tuple[np.ndarray, np.ndarray]:
    """Small-integer payoffs: ties are frequent, so many games are degenerate."""
    m, n = draw(shapes)
    size = draw(st.integers(1, 6))
    values = st.integers(-2, 2)
    A = draw(arrays(np.int64, (size, m, n), elements=values)).astype(float)
    B = draw(arrays(np.int64, (size, m, n), elements=values)).astype(float)
    return A, B


@st.composite
def continuous_batches(draw) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian payoffs from a drawn seed: nondegenerate with probability one."""
    m, n = draw(shapes)
    size = draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.normal(size=(size, m, n)), rng.normal(size=(size, m, n))


@gambit_settings
@given(integer_batches())
def test_matches_gambit_on_small_integer_games(batch):
    A, B = batch
    result = solve_bimatrix_batch(A, B)
    for i in range(len(A)):
        assert same_sets(batched_profiles(result, i), gambit_extreme_equilibria(A[i], B[i]))


@gambit_settings
@given(continuous_batches())
def test_matches_gambit_on_continuous_games(batch):
    A, B = batch
    result = solve_bimatrix_batch(A, B)
    assert not result.degenerate.any()
    for i in range(len(A)):
        assert same_sets(batched_profiles(result, i), gambit_extreme_equilibria(A[i], B[i]))


@settings(max_examples=30, deadline=None)
@given(st.one_of(integer_batches(), continuous_batches()))
def test_matches_the_one_game_solver_including_the_degeneracy_flag(batch):
    A, B = batch
    result = solve_bimatrix_batch(A, B)
    for i in range(len(A)):
        single = solve(NormalFormGame.from_bimatrix(A[i], B[i]), concept="nash")
        theirs = [np.concatenate(eq.strategies) for eq in single.equilibria]
        assert same_sets(batched_profiles(result, i), theirs)
        assert bool(result.degenerate[i]) == bool(single.degenerate)


@settings(max_examples=40, deadline=None)
@given(integer_batches())
def test_nondegenerate_games_have_an_odd_number_of_equilibria(batch):
    # von Stengel (2007), Cor. 3.7: a nondegenerate bimatrix game has an odd number of equilibria.
    A, B = batch
    result = solve_bimatrix_batch(A, B)
    assert np.all(result.count[~result.degenerate] % 2 == 1)
    assert np.all(result.count >= 1)


@settings(max_examples=40, deadline=None)
@given(integer_batches())
def test_vertex_enumeration_agrees_with_support_enumeration_on_nondegenerate_games(batch):
    A, B = batch
    candidates = equal_support_candidates(A, B, TOL)
    vertices = extreme_equilibria_batch(A, B, TOL)
    for i in np.flatnonzero(~candidates.degenerate):
        found = candidates.found[:, i]
        support = [
            np.concatenate([candidates.row[:, p, i], candidates.col[:, p, i]])
            for p in np.flatnonzero(found)
        ]
        _, a, b = np.nonzero(vertices.found[i : i + 1])
        vertex = [
            np.concatenate([vertices.row[i, u], vertices.col[i, v]])
            for u, v in zip(a, b, strict=True)
        ]
        assert same_sets(support, vertex)


def test_certificate_refuses_a_profile_with_positive_regret(monkeypatch):
    import dataclasses

    import sim.equilibria.batched_bimatrix as module
    from sim.equilibria.verify import EquilibriumVerificationError

    def accept_everything(A, B, tol):
        honest = equal_support_candidates(A, B, tol)
        return dataclasses.replace(honest, found=np.ones_like(honest.found))

    monkeypatch.setattr(module, "equal_support_candidates", accept_everything)
    A = np.array([[[3.0, 0.0], [5.0, 1.0]]])
    with pytest.raises(EquilibriumVerificationError, match="regret"):
        solve_bimatrix_batch(A, np.swapaxes(A, 1, 2))
