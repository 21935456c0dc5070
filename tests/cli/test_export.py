"""`deter export` writes Gambit files that pygambit opens and `deter solve` reads back."""

from __future__ import annotations

import json
from pathlib import Path

import pygambit
import pytest

from sim.cli import main

CANON = Path(__file__).resolve().parents[2] / "scenarios" / "canon"


def test_guarantee_tree_exports_to_efg_that_pygambit_reads(tmp_path: Path) -> None:
    out = tmp_path / "tripwire.efg"
    assert main(["export", "forward_tripwire", "--out", str(out)]) == 0
    game = pygambit.read_efg(str(out))
    assert [p.label for p in game.players] == [
        "Russia",
        "Ukraine",
        "United States",
        "European coalition",
    ]


def test_normal_form_exports_to_nfg_and_solves_back(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "chicken.nfg"
    assert main(["export", str(CANON / "chicken.yaml"), "--out", str(out)]) == 0
    gambit_game = pygambit.read_nfg(str(out))
    gambit_eqa = pygambit.nash.enummixed_solve(gambit_game, rational=False).equilibria
    capsys.readouterr()
    assert main(["solve", str(out), "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert len(ours["equilibria"]) == len(gambit_eqa) == 3


def test_tree_exports_its_reduced_normal_form(tmp_path: Path) -> None:
    out = tmp_path / "entry.nfg"
    assert (
        main(["export", str(CANON / "chain_store_entry.yaml"), "--to", "nfg", "--out", str(out)])
        == 0
    )
    game = pygambit.read_nfg(str(out))
    assert [len(p.strategies) for p in game.players] == [2, 2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", str(CANON / "chicken.yaml"), "--to", "efg"], "has no tree"),
        (["export", "no_such_scenario"], "no_such_scenario"),
        (["export", "forward_tripwire", "--to", "nfg"], "reduced normal form"),
    ],
)
def test_bad_export_requests_exit_2_and_write_nothing(
    args: list[str],
    message: str,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "x.out"
    assert main([*args, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
