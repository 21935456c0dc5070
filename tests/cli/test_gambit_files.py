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


def test_solve_reads_files_that_pygambit_writes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # Battle of the sexes, written by pygambit itself: three equilibria.
    table = pygambit.Game.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]], title="BoS")
    nfg = tmp_path / "bos.nfg"
    nfg.write_text(table.to_nfg())
    assert main(["solve", str(nfg), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["equilibria"]) == 3

    # The entry game as a pygambit tree: one subgame-perfect equilibrium, (in, accommodate).
    tree = pygambit.Game.new_tree(players=["Entrant", "Incumbent"], title="Entry")
    tree.append_move(tree.root, "Entrant", ["out", "in"])
    tree.append_move(tree.root.children["in"], "Incumbent", ["fight", "accommodate"])
    for label, node, payoffs in [
        ("out", tree.root.children["out"], [0, 2]),
        ("fight", tree.root.children["in"].children["fight"], [-1, -1]),
        ("share", tree.root.children["in"].children["accommodate"], [1, 1]),
    ]:
        tree.set_outcome(node, tree.add_outcome(label, payoffs))
    efg = tmp_path / "entry.efg"
    efg.write_text(tree.to_efg())
    assert main(["solve", str(efg), "--concept", "spe", "--json"]) == 0
    [equilibrium] = json.loads(capsys.readouterr().out)["equilibria"]
    assert equilibrium["strategies"] == [[[0.0, 1.0]], [[0.0, 1.0]]]


NFG_HEAD = 'NFG 1 R "g" { "A" "B" } { 2 2 }\n'
EFG_HEAD = 'EFG 2 R "g" { "A" "B" }\n'


@pytest.mark.parametrize(
    ("name", "text", "where", "words"),
    [
        ("short.nfg", NFG_HEAD + "1 2 3 4 5 6 7", ":2:", "8 are needed"),  # wrong payoff count
        ("syntax.nfg", 'NFG 1 R "g" { "A" "B } { 2 2 }\n1 2', ":1:", "unterminated string"),
        ("player.efg", EFG_HEAD + 'p "" 3 1 "" { "a" } 0\nt "" 0', ":2:", "unknown player"),
        (
            "chance.efg",
            EFG_HEAD + 'c "" 1 "" { "h" 1/2 "t" 1/3 } 0\nt "" 0\nt "" 0',
            ":2:",
            "sum",
        ),
    ],
)
def test_malformed_game_files_exit_2_with_the_line(
    name: str,
    text: str,
    where: str,
    words: str,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{where}" in err
    assert words in err
