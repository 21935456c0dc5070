"""Cross-checks of the solvers against Gambit's exact algorithms (pygambit 16.7, test-only).

* Two-player Nash: the extreme equilibria returned by ``solve`` equal Gambit's
  ``enummixed_solve(game, rational=True)`` (exact vertex enumeration, Avis et al. 2010) to 1e-9,
  on random integer games (small payoff ranges make ties and degeneracy common) and continuous
  ones, sizes 2×2 to 6×6, and on degenerate games.
* Three players: the pure equilibria equal ``enumpure_solve``.
* Gambit's published example games: same equilibria.
* Logit QRE: same profile as ``pygambit.qre.logit_solve_lambda`` on the principal branch.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygambit as gbt
import pytest

from sim.equilibria.solve import solve
from sim.games.gambit_efg import read_efg
from sim.games.gambit_nfg import read_nfg
from sim.games.normal_form import NormalFormGame

FILES = Path(__file__).parent.parent / "games" / "files"
Profile = list[np.ndarray]


def gambit_game(payoffs: np.ndarray) -> gbt.Game:
    """A pygambit game with the integer payoff tensor ``payoffs`` (n, m_1, ..., m_n)."""
    return gbt.Game.from_arrays(*[np.asarray(p, dtype=int) for p in payoffs])


def gambit_profiles(game: gbt.Game, equilibria: list) -> list[Profile]:
    """Distinct profiles (as float vectors) of a Gambit equilibrium list (Gambit may repeat)."""
    players = list(game.players)  # note: game.players[0] looks a player up by *label*
    out: list[Profile] = []
    for eq in equilibria:
        profile = [np.array([float(eq[s]) for s in p.strategies]) for p in players]
        if not any(same_profile(profile, q) for q in out):
            out.append(profile)
    return out


def same_profile(p: Profile, q: Profile, atol: float = 1e-9) -> bool:
    return all(np.max(np.abs(a - b)) <= atol for a, b in zip(p, q, strict=True))


def same_sets(ours: list[Profile], theirs: list[Profile]) -> bool:
    return len(ours) == len(theirs) and all(any(same_profile(p, q) for q in theirs) for p in ours)


def enummixed(payoffs: np.ndarray) -> list[Profile]:
    game = gambit_game(payoffs)
    return gambit_profiles(game, gbt.nash.enummixed_solve(game, rational=True).equilibria)


def random_games(seed: int, count: int, *, integer: bool) -> list[np.ndarray]:
    """``count`` bimatrix games of random sizes 2..6; integer payoffs in -2..2 or 4-digit reals.

    Continuous games are returned scaled to integers (×10⁴) so that Gambit reads them exactly;
    scaling does not change the equilibria.
    """
    rng = np.random.default_rng(seed)
    games = []
    for _ in range(count):
        m, n = (int(v) for v in rng.integers(2, 7, size=2))
        if integer:
            games.append(rng.integers(-2, 3, size=(2, m, n)).astype(float))
        else:
            games.append(np.round(rng.uniform(-1, 1, size=(2, m, n)) * 10_000))
    return games


def ours(payoffs: np.ndarray) -> list[Profile]:
    result = solve(NormalFormGame(payoffs))
    assert result.complete
    assert all(eq.regret <= result.tolerance for eq in result.equilibria)
    return [list(eq.strategies) for eq in result.equilibria]


@pytest.mark.parametrize("seed", range(10))
def test_two_player_integer_games_match_enummixed(seed: int) -> None:
    for payoffs in random_games(seed, 20, integer=True):
        assert same_sets(ours(payoffs), enummixed(payoffs)), payoffs.tolist()


@pytest.mark.parametrize("seed", range(100, 105))
def test_two_player_continuous_games_match_enummixed(seed: int) -> None:
    for payoffs in random_games(seed, 20, integer=False):
        assert same_sets(ours(payoffs), enummixed(payoffs)), payoffs.tolist()


@pytest.mark.parametrize(
    "payoffs",
    [
        np.zeros((2, 3, 3)),  # every profile is an equilibrium: 9 extreme points
        np.zeros((2, 2, 4)),
        np.stack([np.ones((3, 2)), np.array([[1, 1], [0, 0], [1, 1]])]),  # ties
        np.stack([np.array([[1, 1], [1, 0]]), np.array([[1, 1], [1, 0]])]),  # weak dominance
        np.stack([np.array([[3, 3], [2, 5], [0, 6]]), np.array([[3, 3], [2, 6], [3, 1]])]),
        # entry game in normal form (out, in) x (fight, accommodate): a continuum
        np.stack([np.array([[0, 0], [-1, 1]]), np.array([[2, 2], [-1, 1]])]),
    ],
    ids=["zero3x3", "zero2x4", "ties", "weak", "degenerate3x2", "entry"],
)
def test_degenerate_games_match_enummixed(payoffs: np.ndarray) -> None:
    result = solve(NormalFormGame(payoffs))
    assert result.degenerate
    assert same_sets([list(eq.strategies) for eq in result.equilibria], enummixed(payoffs))


def test_all_zero_game_reports_one_maximal_nash_subset() -> None:
    result = solve(NormalFormGame(np.zeros((2, 3, 3))))
    assert len(result) == 9
    subsets = result.details["maximal_nash_subsets"]
    assert len(subsets) == 1
    assert len(subsets[0]["row_extremes"]) == 3 and len(subsets[0]["column_extremes"]) == 3


@pytest.mark.parametrize("seed", range(5))
def test_three_player_pure_equilibria_match_enumpure(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    for _ in range(10):
        shape = tuple(int(v) for v in rng.integers(2, 4, size=3))
        payoffs = rng.integers(-2, 3, size=(3, *shape)).astype(float)
        game = gambit_game(payoffs)
        theirs = gambit_profiles(game, gbt.nash.enumpure_solve(game).equilibria)
        result = solve(NormalFormGame(payoffs), "pure")
        assert same_sets([list(eq.strategies) for eq in result.equilibria], theirs)


@pytest.mark.parametrize("name", ["battle_of_sexes.nfg", "shapley1974_fig2.nfg", "e02.nfg"])
def test_gambit_example_bimatrix_files(name: str) -> None:
    game = read_nfg(FILES / name)
    theirs_game = gbt.read_nfg(str(FILES / name))
    theirs = gambit_profiles(
        theirs_game, gbt.nash.enummixed_solve(theirs_game, rational=True).equilibria
    )
    result = solve(game)
    assert same_sets([list(eq.strategies) for eq in result.equilibria], theirs)


def test_mckelvey_mclennan_2x2x2_has_nine_equilibria() -> None:
    # 2x2x2.nfg (Gambit contrib/games) is McKelvey & McLennan's example with the maximal number,
    # 9, of totally mixed and pure equilibria; Gambit's enumpoly finds the same 9.
    game = read_nfg(FILES / "2x2x2.nfg")
    result = solve(game)
    theirs_game = gbt.read_nfg(str(FILES / "2x2x2.nfg"))
    theirs = gambit_profiles(theirs_game, gbt.nash.enumpoly_solve(theirs_game).equilibria)
    assert len(theirs) == 9
    found = [list(eq.strategies) for eq in result.equilibria]
    assert all(any(same_profile(p, q, atol=1e-8) for q in found) for p in theirs)
    assert len(result) == 9


@pytest.mark.parametrize("name", ["e02.efg", "bagwell1995.efg", "myerson_fig_4_2.efg", "poker.efg"])
def test_gambit_example_trees_give_the_same_behaviour_equilibria(name: str) -> None:
    # Gambit's enummixed on the tree's reduced strategic form, mapped to behaviour strategies.
    # Gambit leaves an information set that the player's own strategy never reaches at all-zero
    # probabilities; ours puts the uniform distribution there (documented in solve).
    theirs_game = gbt.read_efg(str(FILES / name))
    theirs = []
    for eq in gbt.nash.enummixed_solve(theirs_game, rational=True).equilibria:
        behaviour = eq.as_behavior()
        theirs.append(
            [
                [np.array([float(behaviour[a]) for a in h.actions]) for h in p.infosets]
                for p in theirs_game.players
            ]
        )
    result = solve(read_efg(FILES / name))
    assert result.complete

    def matches(ours: list, their: list) -> bool:
        for our_sets, their_sets in zip(ours, their, strict=True):
            for p, q in zip(our_sets, their_sets, strict=True):
                expected = q if q.sum() > 0 else np.full(len(q), 1 / len(q))
                if np.max(np.abs(p - expected)) > 1e-9:
                    return False
        return True

    assert len(result) == len(theirs)
    for eq in result.equilibria:
        assert any(matches(eq.strategies, t) for t in theirs)


@pytest.mark.parametrize("seed", range(3))
def test_logit_qre_matches_gambit(seed: int) -> None:
    rng = np.random.default_rng(2000 + seed)
    payoffs = rng.integers(-3, 4, size=(2, 3, 3)).astype(float)
    game = gambit_game(payoffs)
    players = list(game.players)
    for point in gbt.qre.logit_solve_lambda(game, lam=[0.5, 2.0], use_strategic=True):
        theirs = [np.array([float(point.profile[s]) for s in p.strategies]) for p in players]
        result = solve(NormalFormGame(payoffs), "qre", lam=float(point.lam))
        assert same_profile(list(result[0].strategies), theirs, atol=1e-6)
