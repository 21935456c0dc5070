"""Grim-trigger ceasefire stability: restraint is sustainable iff delta >= (T - R) / (T - P).

Friedman, J. W. (1971), "A non-cooperative equilibrium for supergames", *Review of Economic
Studies* 38(1), 1-12; Axelrod (1984). In ``grim_trigger_ceasefire`` the normal form pits grim
trigger against always attack in the infinitely repeated prisoner's dilemma, with discounted
payoffs. Mutual grim trigger is an equilibrium iff R / (1 - delta) >= T + delta P / (1 - delta),
i.e. delta >= (T - R) / (T - P) (worked numbers T = 5, R = 3, P = 1: delta* = 1/2); at delta = 0
the game is the stage game, whose only equilibrium is mutual attack. The discounted sums are
also checked against a direct simulation of the two strategies round by round.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.equilibria.pure_nash import pure_nash_equilibria
from sim.games.from_spec import game_from_spec
from sim.games.loading import load_game_spec
from sim.games.normal_form import NormalFormGame

CANON = Path(__file__).resolve().parents[2] / "scenarios" / "canon"

T, R, P, S = 5.0, 3.0, 1.0, 0.0
DELTA_STAR = (T - R) / (T - P)


def test_stage_game_is_a_prisoners_dilemma(canon):
    game = canon("grim_trigger_ceasefire", delta=0.0)
    attack = game.actions[0].index("always_attack")
    assert pure_nash_equilibria(game.payoffs) == [(attack, attack)]
    np.testing.assert_allclose(game.payoffs[0], [[R, S], [T, P]])


def test_restraint_is_an_equilibrium_iff_delta_above_threshold():
    assert DELTA_STAR == 0.5
    spec = load_game_spec(CANON / "grim_trigger_ceasefire.yaml")
    grim = 0
    for delta in np.linspace(0.0, 0.95, 96):
        game = game_from_spec(spec, {"delta": delta})
        assert isinstance(game, NormalFormGame)
        equilibria = pure_nash_equilibria(game.payoffs)
        assert (1, 1) in equilibria  # mutual war is always an equilibrium
        if abs(delta - DELTA_STAR) > 1e-9:
            assert ((grim, grim) in equilibria) == (delta > DELTA_STAR)


def _simulate(first, second, delta, rounds=2000):
    """Discounted payoff of ``first`` against ``second`` (strategy names), round by round."""
    stage = {("hold", "hold"): R, ("hold", "attack"): S, ("attack", "hold"): T}
    stage[("attack", "attack")] = P
    provoked = {"me": False, "them": False}
    total = 0.0
    for t in range(rounds):
        mine = "attack" if first == "always_attack" or provoked["me"] else "hold"
        theirs = "attack" if second == "always_attack" or provoked["them"] else "hold"
        total += delta**t * stage[(mine, theirs)]
        provoked["me"] |= theirs == "attack"
        provoked["them"] |= mine == "attack"
    return total


@pytest.mark.parametrize("delta", [0.3, 0.5, 0.8])
def test_discounted_payoffs_match_simulation(canon, delta):
    game = canon("grim_trigger_ceasefire", delta=delta)
    names = game.actions[0]
    for i, mine in enumerate(names):
        for j, theirs in enumerate(names):
            assert game.payoffs[0, i, j] == pytest.approx(_simulate(mine, theirs, delta), abs=1e-9)
