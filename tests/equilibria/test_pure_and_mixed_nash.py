"""Tests of pure Nash for n players and of the n-player mixed-Nash methods."""

from __future__ import annotations

import numpy as np
import pytest

from sim.equilibria.certificates import one_hot
from sim.equilibria.mixed_nash import (
    lyapunov_nash,
    lyapunov_value_and_gradient,
    support_enumeration_n,
    support_profile_count,
)
from sim.equilibria.pure_nash import best_reply_mask, pure_nash_equilibria
from sim.equilibria.regret import profile_regret
from sim.equilibria.vertex_enumeration import vertex_enumeration
from sim.games.normal_form import deviation_payoffs


def test_pure_nash_of_classic_games() -> None:
    pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    assert pure_nash_equilibria(pd) == [(1, 1)]
    pennies = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
    assert pure_nash_equilibria(pennies) == []
    assert pure_nash_equilibria(np.zeros((3, 2, 2, 2))) == [
        (a, b, c) for a in range(2) for b in range(2) for c in range(2)
    ]


def test_pure_nash_matches_a_loop_over_profiles() -> None:
    rng = np.random.default_rng(11)
    payoffs = rng.integers(-2, 3, size=(3, 3, 2, 4)).astype(float)
    expected = [
        cell
        for cell in np.ndindex(*payoffs.shape[1:])
        if profile_regret(payoffs, one_hot(payoffs.shape[1:], cell)) <= 1e-9
    ]
    assert pure_nash_equilibria(payoffs) == expected
    assert best_reply_mask(payoffs).shape == payoffs.shape


def test_pure_nash_rejects_a_malformed_tensor() -> None:
    with pytest.raises(ValueError, match="axes"):
        pure_nash_equilibria(np.zeros((3, 2, 2)))


def test_mckelvey_mclennan_game_has_nine_equilibria() -> None:
    # The 2x2x2 game of McKelvey & McLennan (1997), as in Gambit's contrib/games/2x2x2.nfg: nine
    # isolated equilibria, the maximum for 2x2x2 games.
    payoffs = np.zeros((3, 2, 2, 2))
    payoffs[:, 0, 0, 0] = [9, 8, 12]
    payoffs[:, 1, 1, 0] = [9, 8, 2]
    payoffs[:, 0, 1, 1] = [3, 4, 6]
    payoffs[:, 1, 0, 1] = [3, 4, 4]
    found = support_enumeration_n(payoffs)
    assert len(found) == 9
    assert all(profile_regret(payoffs, p) <= 1e-9 for p in found)


@pytest.mark.parametrize("seed", range(5))
def test_n_player_support_enumeration_agrees_with_vertex_enumeration_on_bimatrix(
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    payoffs = rng.normal(size=(2, 3, 3))
    found = support_enumeration_n(payoffs)
    extremes = vertex_enumeration(payoffs[0], payoffs[1]).equilibria
    assert len(found) == len(extremes)
    for x, y in extremes:
        assert any(np.allclose(x, p[0]) and np.allclose(y, p[1]) for p in found)


def lyapunov_value(payoffs: np.ndarray, p: np.ndarray) -> float:
    """McKelvey's (1998) Lyapunov function at the stacked vector ``p``, written out term by term
    as an independent check of :func:`lyapunov_value_and_gradient`."""
    profile = np.split(p, np.cumsum(payoffs.shape[1:])[:-1])
    total = 0.0
    for d, q in zip(deviation_payoffs(payoffs, profile), profile, strict=True):
        total += float(np.sum(np.maximum(0.0, d - d @ q) ** 2))
        total += float(np.sum(np.minimum(0.0, q) ** 2)) + float((1.0 - q.sum()) ** 2)
    return total


def test_lyapunov_function_vanishes_exactly_at_equilibria_and_gradient_is_right() -> None:
    rng = np.random.default_rng(4)
    payoffs = rng.normal(size=(3, 2, 3, 2))
    p = rng.normal(size=7) * 0.5 + 0.3
    value, gradient = lyapunov_value_and_gradient(payoffs, p)
    assert value == pytest.approx(lyapunov_value(payoffs, p))
    eps = 1e-6
    numeric = np.array(
        [
            (lyapunov_value(payoffs, p + eps * e) - lyapunov_value(payoffs, p - eps * e))
            / (2 * eps)
            for e in np.eye(7)
        ]
    )
    assert np.allclose(gradient, numeric, atol=1e-5)
    for eq in support_enumeration_n(payoffs):
        assert lyapunov_value(payoffs, np.concatenate(eq)) <= 1e-18


def test_lyapunov_minimiser_finds_verified_equilibria() -> None:
    rng = np.random.default_rng(5)
    payoffs = rng.normal(size=(3, 2, 2, 2))  # generic: isolated equilibria
    found = lyapunov_nash(payoffs, starts=4, rng=np.random.default_rng(1))
    assert found
    assert all(profile_regret(payoffs, p) <= 1e-9 for p in found)
    complete = support_enumeration_n(payoffs)
    for p in found:
        assert any(all(np.allclose(a, b) for a, b in zip(p, q, strict=True)) for q in complete)


def test_support_profile_count() -> None:
    assert support_profile_count((2, 2, 2)) == 27
    assert support_profile_count((3, 4)) == 7 * 15


def test_a_continuum_on_one_support_gives_one_representative() -> None:
    # Every profile of the all-zero game is an equilibrium; support enumeration returns one point
    # per support profile (the continuum's centroid), not one per random start.
    found = support_enumeration_n(np.zeros((3, 2, 2, 2)), starts=4)
    assert len(found) == 27
