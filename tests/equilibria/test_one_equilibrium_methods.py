"""The methods that find one equilibrium where enumeration cannot: logit tracing for n-player
normal forms (``sim.equilibria.tracing``) and Lemke's algorithm on the sequence form for
two-player trees (``sim.equilibria.sequence_form``), as ``solve`` uses them by default."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.equilibria.mixed_nash import MAX_SUPPORT_PROFILES, support_profile_count
from sim.equilibria.regret import profile_regret
from sim.equilibria.solve import solve
from sim.equilibria.tracing import logit_tracing_nash
from sim.games.loading import load_game
from sim.games.normal_form import NormalFormGame
from sim.games.reduced_normal_form import MAX_PLANS, plan_counts
from sim.games.tree import ExtensiveGame, chance, decision, terminal

GAMBIT = Path(__file__).parents[1] / "peers" / "games" / "gambit" / "contrib" / "games"


def cyclic_pennies(n_players: int, n_actions: int) -> NormalFormGame:
    """Player i is paid 1 for matching player i+1's action, except the last, who is paid 1 for
    differing from player 0's: the constraints go round a cycle with one mismatch, so no pure
    profile is an equilibrium."""
    shape = (n_actions,) * n_players
    cells = np.indices(shape)
    payoffs = np.empty((n_players, *shape))
    for i in range(n_players - 1):
        payoffs[i] = cells[i] == cells[i + 1]
    payoffs[-1] = cells[-1] != cells[0]
    return NormalFormGame(payoffs)


@pytest.mark.parametrize("seed", range(5))
def test_logit_tracing_finds_a_certified_equilibrium_of_random_games(seed: int) -> None:
    payoffs = np.random.default_rng(seed).normal(size=(3, 3, 3, 3))
    profile = logit_tracing_nash(payoffs, 1e-9)
    assert profile is not None and profile_regret(payoffs, profile) <= 1e-9


def test_n_player_nash_is_not_empty_without_pure_equilibria_or_small_supports() -> None:
    game = cyclic_pennies(5, 4)
    assert support_profile_count(game.shape) > MAX_SUPPORT_PROFILES
    result = solve(game, "nash", time_limit=30.0)
    assert "logit_tracing" in result.method
    assert len(result) >= 1 and all(eq.regret <= result.tolerance for eq in result.equilibria)
    assert not any(all(p.max() == 1.0 for p in eq.strategies) for eq in result.equilibria)


def test_the_sequence_form_solves_four_card_poker() -> None:
    """Gambit's 4cards.efg is constant-sum, so every equilibrium pays the value that Gambit's
    ``lcp_solve`` reports (0.958333..., 1.041666...: 23/24 and 25/24)."""
    result = solve(load_game(GAMBIT / "4cards.efg"), "nash", "sequence_form")
    assert result.method == "sequence_form (Lemke)" and not result.complete
    assert np.allclose(result[0].payoffs, [23 / 24, 25 / 24])
    assert result[0].regret <= 1e-9


def _many_plans_tree(deals: int, seed: int) -> ExtensiveGame:
    """Chance deals one of ``deals`` cards to player 1, who holds or folds knowing it; player 2
    then calls or passes without knowing the card: 2**deals plans for player 1."""
    rng = np.random.default_rng(seed)

    def after(card: int, move: str) -> object:
        return decision(
            1,
            {a: terminal(rng.integers(-3, 4, size=2).astype(float)) for a in ("call", "pass")},
            infoset=f"2 after {move}",
        )

    branches = [
        (
            f"card {c}",
            1.0 / deals,
            decision(0, {m: after(c, m) for m in ("hold", "fold")}, infoset=f"1 holds {c}"),
        )
        for c in range(deals)
    ]
    return ExtensiveGame(("1", "2"), chance(branches))  # type: ignore[arg-type]


def test_the_sequence_form_is_the_default_when_the_reduced_form_is_too_large() -> None:
    game = _many_plans_tree(17, seed=1)
    assert plan_counts(game)[0] > MAX_PLANS
    result = solve(game, "nash")
    assert result.method == "sequence_form (Lemke)"
    assert any("reduced normal form" in w for w in result.warnings)
    assert len(result) == 1 and result[0].regret <= result.tolerance


def test_the_sequence_form_agrees_with_the_reduced_form_on_small_trees() -> None:
    for seed in range(5):
        game = _many_plans_tree(4, seed)
        ours = solve(game, "nash", "sequence_form")
        every = solve(game, "nash")
        assert every.complete
        assert any(np.allclose(ours[0].payoffs, eq.payoffs) for eq in every.equilibria) or (
            every.degenerate
        )


def test_the_sequence_form_is_refused_for_other_concepts() -> None:
    with pytest.raises(ValueError, match="sequence_form"):
        solve(_many_plans_tree(3, 0), "pure", "sequence_form")
