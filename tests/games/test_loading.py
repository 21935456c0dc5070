"""load_game: Gambit files, scenario YAML with a game: block, overrides and clear refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.games.gambit_efg import write_efg
from sim.games.gambit_nfg import write_nfg
from sim.games.loading import load_game, load_game_spec
from sim.games.normal_form import NormalFormGame
from sim.games.tree import ExtensiveGame

ROOT = Path(__file__).resolve().parents[2]
CANON = ROOT / "scenarios" / "canon"


def test_every_canonical_scenario_loads():
    files = sorted(CANON.glob("*.yaml"))
    assert len(files) >= 13
    for path in files:
        game = load_game(path)
        assert isinstance(game, NormalFormGame | ExtensiveGame), path.name


def test_yaml_with_overrides():
    game = load_game(CANON / "chicken.yaml", overrides=["game.parameters.crash=-20"])
    assert isinstance(game, NormalFormGame)
    assert game.payoffs[0, 1, 1] == -20.0
    spec = load_game_spec(CANON / "schelling_chance_threat.yaml", ["game.parameters.p=0.4"])
    assert spec.parameters["p"] == 0.4


def test_invalid_override_is_reported(tmp_path):
    with pytest.raises(ValueError, match="outside \\[0, 1\\]"):
        load_game(CANON / "schelling_chance_threat.yaml", overrides=["game.parameters.p=1.5"])
    with pytest.raises(ValueError, match="not used by any payoff"):
        load_game(CANON / "schelling_chance_threat.yaml", overrides=["game.parameters.q=0.5"])


def test_gambit_round_trips(tmp_path):
    tree = load_game(CANON / "zagare_kilgour_escalation_ladder.yaml")
    assert isinstance(tree, ExtensiveGame)
    efg = tmp_path / "ladder.efg"
    efg.write_text(write_efg(tree))
    back = load_game(efg)
    assert isinstance(back, ExtensiveGame)
    assert back.players == tree.players
    assert len(back.nodes) == len(tree.nodes)
    assert back.infosets(0) and len(back.infosets(0)) == len(tree.infosets(0))

    normal = load_game(CANON / "snyder_alliance_dilemma.yaml")
    assert isinstance(normal, NormalFormGame)
    nfg = tmp_path / "snyder.nfg"
    nfg.write_text(write_nfg(normal))
    again = load_game(nfg)
    assert isinstance(again, NormalFormGame)
    np.testing.assert_allclose(again.payoffs, normal.payoffs)
    with pytest.raises(ValueError, match="scenario files only"):
        load_game(nfg, overrides=["game.parameters.s=1"])


def test_guarantee_scenario_without_game_block(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text("name: plain\n")
    with pytest.raises(ValueError, match="guarantee solver"):
        load_game(path)


def test_unknown_suffix(tmp_path):
    path = tmp_path / "game.json"
    path.write_text("{}")
    with pytest.raises(ValueError, match=r"suffix '\.json'"):
        load_game(path)
