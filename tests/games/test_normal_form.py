"""Tests of sim.games.normal_form: validation, labels, expected payoffs and regret."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.games.normal_form import NormalFormGame


def brute_force_expected(payoffs: np.ndarray, profile: list[np.ndarray]) -> np.ndarray:
    total = np.zeros(payoffs.shape[0])
    for actions in itertools.product(*(range(len(p)) for p in profile)):
        weight = np.prod([p[a] for p, a in zip(profile, actions, strict=True)])
        total += weight * payoffs[(slice(None), *actions)]
    return total


def test_default_labels_and_shape() -> None:
    game = NormalFormGame(np.zeros((3, 2, 3, 4)))
    assert game.players == ("P1", "P2", "P3")
    assert game.actions == (("a1", "a2"), ("a1", "a2", "a3"), ("a1", "a2", "a3", "a4"))
    assert game.shape == (2, 3, 4)
    assert game.n_players == 3


def test_labels_are_kept() -> None:
    game = NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        players=["Row", "Column"],
        actions=[["cooperate", "defect"], ["cooperate", "defect"]],
        title="Prisoner's dilemma",
    )
    assert game.players == ("Row", "Column")
    assert game.actions[1] == ("cooperate", "defect")
    assert game.title == "Prisoner's dilemma"
    a, b = game.to_bimatrix()
    assert a.tolist() == [[3, 0], [5, 1]] and b.tolist() == [[3, 5], [0, 1]]


def test_payoffs_are_a_read_only_copy() -> None:
    source = np.ones((2, 2, 2))
    game = NormalFormGame(source)
    source[0, 0, 0] = 7.0
    assert game.payoffs[0, 0, 0] == 1.0
    with pytest.raises(ValueError):
        game.payoffs[0, 0, 0] = 5.0


@pytest.mark.parametrize(
    ("payoffs", "kwargs", "message"),
    [
        (np.zeros(3), {}, "shape"),
        (np.zeros((2, 2, 2, 2)), {}, "2 players but 3 action dimensions"),
        (np.zeros((2, 0, 2)), {}, "at least one action"),
        (np.full((2, 2, 2), np.nan), {}, "finite"),
        (np.zeros((2, 2, 2)), {"players": ["A"]}, "expected 2 labels"),
        (np.zeros((2, 2, 2)), {"actions": [["x", "x"], ["y", "z"]]}, "distinct"),
        (np.zeros((2, 2, 2)), {"actions": [["x", "y"]]}, "one per player"),
        (np.zeros((2, 2, 3)), {"actions": [["x", "y"], ["y", "z"]]}, "expected 3 labels"),
    ],
)
def test_invalid_games_are_refused(payoffs: np.ndarray, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        NormalFormGame(payoffs, **kwargs)


def test_from_bimatrix_refuses_mismatched_matrices() -> None:
    with pytest.raises(ValueError, match="one shape"):
        NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 3)))


def test_to_bimatrix_needs_two_players() -> None:
    with pytest.raises(ValueError, match="2 players"):
        NormalFormGame(np.zeros((3, 2, 2, 2))).to_bimatrix()


def test_battle_of_the_sexes_mixed_equilibrium_has_zero_regret() -> None:
    # Battle of the sexes (Nau, Gomez Canovas & Hansen 2004, section 3): the mixed equilibrium is
    # (3/5, 2/5) for the row player and (2/5, 3/5) for the column player, payoffs 6/5 each.
    game = NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    profile = [np.array([3, 2]) / 5, np.array([2, 3]) / 5]
    assert game.regret(profile) == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(game.expected_payoffs(profile), [6 / 5, 6 / 5])


def test_regret_of_a_non_equilibrium_is_the_best_deviation_gain() -> None:
    game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    cooperate = [np.array([1.0, 0.0]), np.array([1.0, 0.0])]
    assert game.regret(cooperate) == pytest.approx(2.0)
    defect = [np.array([0.0, 1.0]), np.array([0.0, 1.0])]
    assert game.regret(defect) == 0.0


def test_action_payoffs_against_mixed_opponents() -> None:
    payoffs = np.arange(12, dtype=float).reshape(2, 2, 3) ** 1.5
    game = NormalFormGame(payoffs)
    sigma = [np.array([0.5, 0.5]), np.array([0.2, 0.3, 0.5])]
    np.testing.assert_allclose(game.action_payoffs(sigma, 0), payoffs[0] @ sigma[1])
    np.testing.assert_allclose(game.action_payoffs(sigma, 1), sigma[0] @ payoffs[1])


@pytest.mark.parametrize(
    "profile",
    [
        [[1.0, 0.0]],
        [[1.0, 0.0], [1.0, 0.0, 0.0]],
        [[0.7, 0.7], [0.5, 0.5]],
        [[1.5, -0.5], [0.5, 0.5]],
    ],
)
def test_invalid_profiles_are_refused(profile: list[list[float]]) -> None:
    game = NormalFormGame(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError):
        game.expected_payoffs(profile)


@st.composite
def games_and_profiles(draw: st.DrawFn) -> tuple[np.ndarray, list[np.ndarray]]:
    shape = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    payoffs = rng.normal(size=(len(shape), *shape))
    profile = [rng.dirichlet(np.ones(m)) for m in shape]
    return payoffs, profile


@settings(max_examples=60, deadline=None)
@given(games_and_profiles())
def test_expected_payoffs_and_regret_match_brute_force(
    case: tuple[np.ndarray, list[np.ndarray]],
) -> None:
    payoffs, profile = case
    game = NormalFormGame(payoffs)
    expected = brute_force_expected(payoffs, profile)
    np.testing.assert_allclose(game.expected_payoffs(profile), expected, atol=1e-10)
    gains = []
    for i, m in enumerate(game.shape):
        for a in range(m):
            pure = np.eye(m)[a]
            deviation = [*profile[:i], pure, *profile[i + 1 :]]
            gains.append(brute_force_expected(payoffs, deviation)[i] - expected[i])
    assert game.regret(profile) == pytest.approx(max(0.0, *gains), abs=1e-10)
    assert game.regret(profile) >= 0.0
