"""The time budget (``sim.equilibria.budget``): every algorithm stops at an expired deadline and
the result says so, without ever returning an uncertified or empty answer where one is owed.

The tests use deadlines that have already expired (``Deadline(0.0)``), never wall-clock
assertions: what is checked is the behaviour at the deadline, not the speed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.equilibria.budget import Deadline
from sim.equilibria.certificates import pure_regrets
from sim.equilibria.lemke_howson import lemke_howson_all_labels
from sim.equilibria.regret import profile_regret
from sim.equilibria.solve import solve
from sim.equilibria.support_enumeration import support_enumeration
from sim.equilibria.two_player import VERTEX_WORK_LIMIT, vertex_work
from sim.equilibria.vertex_enumeration import vertex_enumeration
from sim.games.loading import load_game
from sim.games.normal_form import NormalFormGame

GAMBIT = Path(__file__).parents[1] / "peers" / "games" / "gambit" / "contrib" / "games"


def _random_bimatrix(m: int, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, n)), rng.normal(size=(m, n))


def test_deadline_portion_keeps_the_rest_for_a_fallback() -> None:
    assert Deadline(None).portion(0.5).time_limit is None
    half = Deadline(10.0).portion(0.5)
    assert half.time_limit is not None and 0.0 < half.time_limit <= 5.0
    assert Deadline(0.0).portion(0.5).expired()


def test_support_enumeration_stops_at_an_expired_deadline() -> None:
    A, B = _random_bimatrix(4, 4, 1)
    deadline = Deadline(0.0)
    assert support_enumeration(A, B, deadline=deadline) == []
    assert deadline.hit
    assert len(support_enumeration(A, B)) >= 1


def test_vertex_enumeration_refuses_a_partial_answer() -> None:
    A, B = _random_bimatrix(3, 3, 2)
    with pytest.raises(TimeoutError, match="time limit"):
        vertex_enumeration(A, B, deadline=Deadline(0.0))


def test_lemke_howson_follows_one_path_after_the_deadline() -> None:
    A, B = _random_bimatrix(5, 5, 3)
    found = lemke_howson_all_labels(A, B, deadline=Deadline(0.0))
    assert len(found) == 1
    x, y = found[0]
    assert profile_regret(np.stack([A, B]), [x, y]) <= 1e-9


def test_two_player_nash_falls_back_to_lemke_howson_and_says_why() -> None:
    A, B = _random_bimatrix(4, 4, 4)
    result = solve(NormalFormGame.from_bimatrix(A, B), time_limit=0.0)
    assert result.method == "lemke_howson" and not result.complete
    assert any("vertex enumeration" in w and "time limit" in w for w in result.warnings)
    assert len(result) >= 1 and all(eq.regret <= result.tolerance for eq in result.equilibria)


def test_enumeration_is_the_default_wherever_it_fits() -> None:
    """Few actions on one side make vertex enumeration cheap whatever the other side's size."""
    assert vertex_work(4, 16) <= VERTEX_WORK_LIMIT < vertex_work(11, 11)
    A, B = _random_bimatrix(4, 16, 5)
    result = solve(NormalFormGame.from_bimatrix(A, B))
    assert result.method.startswith("enumeration") and result.complete


def test_n_player_nash_keeps_every_pure_equilibrium_at_the_deadline() -> None:
    same = np.zeros((2, 2, 2))
    same[0, 0, 0] = same[1, 1, 1] = 1.0
    result = solve(NormalFormGame(np.stack([same, same, same])), time_limit=0.0)
    pure = {
        tuple(int(p.argmax()) for p in eq.strategies)
        for eq in result.equilibria
        if all(p.max() == 1.0 for p in eq.strategies)
    }
    assert {(0, 0, 0), (1, 1, 1)} <= pure
    assert not result.complete and any("time limit" in w for w in result.warnings)


@pytest.mark.parametrize("name", ["e04.efg", "e07.efg", "e08.efg", "cs.efg"])
def test_subgame_perfection_never_comes_back_empty_at_the_deadline(name: str) -> None:
    result = solve(load_game(GAMBIT / name), "spe", time_limit=0.0)
    assert len(result) == 1 and not result.complete
    assert result.method.endswith("(one equilibrium per subgame)")
    assert result[0].regret <= result.tolerance


def test_qre_refuses_rather_than_returning_a_point_short_of_lambda() -> None:
    A, B = _random_bimatrix(3, 3, 6)
    with pytest.raises(ArithmeticError, match="time limit"):
        solve(NormalFormGame.from_bimatrix(A, B), "qre", lam=2.0, time_limit=0.0)


def test_pure_regrets_equal_the_regret_of_each_one_hot_profile() -> None:
    rng = np.random.default_rng(7)
    payoffs = rng.integers(-3, 4, size=(3, 3, 4, 2)).astype(float)
    cells = np.array(list(np.ndindex(3, 4, 2)))
    batch = pure_regrets(payoffs, cells)
    for cell, regret in zip(cells, batch, strict=True):
        one_hot = [np.eye(m)[a] for m, a in zip(payoffs.shape[1:], cell, strict=True)]
        assert regret == pytest.approx(profile_regret(payoffs, one_hot), abs=1e-12)


@pytest.mark.parametrize("lam", [float("nan"), float("inf"), -1.0, None])
def test_qre_refuses_a_precision_that_is_not_a_finite_non_negative_number(
    lam: float | None,
) -> None:
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="finite number >= 0"):
        solve(game, "qre", lam=lam)


@pytest.mark.parametrize("seconds", [float("nan"), -1.0])
def test_a_time_limit_must_be_a_non_negative_number(seconds: float) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        Deadline(seconds)


def test_correlated_equilibrium_stops_at_the_deadline_and_refuses_huge_lps() -> None:
    A, B = _random_bimatrix(30, 30, 8)
    with pytest.raises(ArithmeticError, match="time limit"):
        solve(NormalFormGame.from_bimatrix(A, B), "ce", time_limit=0.0)
    huge = NormalFormGame(np.zeros((2, 300, 300)))
    with pytest.raises(ValueError, match="too large for concept 'ce'"):
        solve(huge, "ce")


def test_payoffs_whose_differences_overflow_are_refused() -> None:
    game = NormalFormGame.from_bimatrix([[1e308, -1e308], [0, 2]], [[1e308, 0], [0, 2]])
    for concept in ("nash", "pure", "ce"):
        with pytest.raises(ValueError, match="beyond double precision"):
            solve(game, concept)
