"""Gambit's action-graph games (``.agg``) and Bayesian action-graph games (``.bagg``), solved as
normal forms against pygambit 16.7.

The project does not read the action-graph formats (see ``games/README.md``); a user converts
such a game to its payoff table first. Here pygambit reads each file and the table is built from
it (``Game.to_nfg`` for ``.agg``; for ``.bagg``, where pygambit 16.7's ``to_nfg`` raises
"Undefined operation on game", by querying the outcome of every pure profile). Then:

* **nash** (default method, 10-second budget: logit tracing needs about 2 s of it on
  ``BSS_S_085.Weighted.agg``, 5 players without pure equilibria) includes every pure equilibrium
  of pygambit's ``enumpure_solve``, and pygambit's ``max_regret`` certifies every profile
  returned. This is the Bayesian coffee game of Gambit's ``tests/test_nash.py``
  (``test_enumpure`` on ``Bayesian-Coffee-3-2-2-3.bagg``: 6 players × 7 strategies, 3 pure
  equilibria), on which the Lyapunov-only search used to return nothing;
* ``deter solve`` on the file itself exits 2 naming the file and the format.

Two of Gambit's test files (``2x2_fraction_payoffs.agg``, ``2x2_fraction_types.bagg``) are
refused by pygambit 16.7's own parser ("Parse error in game file"); they are skipped.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.equilibria.solve import solve
from sim.games.gambit_nfg import read_nfg
from sim.games.normal_form import NormalFormGame

gbt = pytest.importorskip("pygambit")

ROOT = Path(__file__).parent / "games" / "gambit"
FILES = sorted(p for p in ROOT.rglob("*") if p.suffix in (".agg", ".bagg"))
SLOW = {
    "tests/test_games/Bayesian-Coffee-3-2-2-3.bagg",
    "contrib/games/BSS_S_085.Weighted.agg",
    "contrib/games/GenRPS5.agg",
}


def _params() -> list[object]:
    return [
        pytest.param(
            p,
            id=p.relative_to(ROOT).as_posix(),
            marks=[pytest.mark.slow] if p.relative_to(ROOT).as_posix() in SLOW else [],
        )
        for p in FILES
    ]


def _read(path: Path) -> object:
    try:
        return gbt.read_bagg(str(path)) if path.suffix == ".bagg" else gbt.read_agg(str(path))
    except ValueError as error:
        assert "Parse error in game file" in str(error)
        pytest.skip(f"pygambit 16.7 cannot parse {path.name}")


def _table(game: object) -> NormalFormGame:
    """Our normal form of a pygambit game (its own .nfg text where pygambit can write one)."""
    try:
        return read_nfg(game.to_nfg())  # type: ignore[attr-defined]
    except OSError:  # a Bayesian action-graph game: query every pure profile
        players = list(game.players)  # type: ignore[attr-defined]
        strategies = [list(p.strategies) for p in players]
        shape = [len(s) for s in strategies]
        payoffs = np.empty([len(players), *shape])
        for cell in itertools.product(*(range(k) for k in shape)):
            outcome = game[tuple(s[i] for s, i in zip(strategies, cell, strict=True))]  # type: ignore[index]
            for j, player in enumerate(players):
                payoffs[(j, *cell)] = float(outcome[player])
        return NormalFormGame(payoffs)


def test_action_graph_games_are_present() -> None:
    assert len(FILES) == 9


@pytest.mark.parametrize("path", _params())
def test_nash_includes_gambits_pure_equilibria_and_is_certified_by_gambit(path: Path) -> None:
    theirs = _read(path)
    game = _table(theirs)
    result = solve(game, "nash", time_limit=10.0)
    assert len(result) >= 1
    flats = [np.concatenate(eq.strategies) for eq in result.equilibria]
    for eq in gbt.nash.enumpure_solve(theirs).equilibria:
        pure = np.array([float(eq[s]) for p in theirs.players for s in p.strategies])
        assert any(np.allclose(pure, f) for f in flats)
    scale = max(1.0, float(np.max(np.abs(game.payoffs))))
    for eq in result.equilibria:
        profile = theirs.mixed_strategy_profile(rational=False)
        for player, probs in zip(theirs.players, eq.strategies, strict=True):
            for strategy, p in zip(player.strategies, probs, strict=True):
                profile[strategy] = float(p)
        assert profile.max_regret() <= 1e-7 * scale


@pytest.mark.parametrize("path", FILES[:2], ids=lambda p: p.name)
def test_deter_solve_names_the_format_and_how_to_convert(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["solve", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1:1:" in err and "Gambit format this tool does not read" in err
    assert "to_nfg" in err
