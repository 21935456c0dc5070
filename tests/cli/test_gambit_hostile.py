"""Hostile Gambit files and options of ``deter solve`` (issue 12, item 7 "Gambit numbers"): each
exits 2 with a message naming the file (and the line and column, for the file's content) and a
fix, in bounded time, and writes nothing; none is an internal error.

The readers' own cases are in ``tests/games/test_gambit_limits.py``; the fuzz test is
``test_fuzz_gambit_files.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from sim.cli import main
from sim.games.limits import MAX_PAYOFF_ENTRIES, MAX_TREE_DEPTH, MAX_TREE_NODES

PD = 'NFG 1 R "PD" { "Row" "Column" } { 2 2 }\n-1 -1 0 -10 -10 0 -5 -5\n'


def _bad(capsys: pytest.CaptureFixture[str], argv: list[str], *says: str) -> str:
    """Run ``deter argv``: exit 2, each of ``says`` in stderr, no internal error, no output."""
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "internal error" not in captured.err
    assert captured.out == ""
    assert "Fix:" in captured.err
    for text in says:
        assert text in captured.err, captured.err
    return captured.err


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# numbers in the file
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("1e999999999", "exponent is beyond"),  # hung
        ("1e400", "outside double precision"),  # was an internal error (OverflowError)
        ("1/0", "division by zero"),
        ("nan", "found 'nan'"),
        ("1" * 100_000, "100,000 digits"),
    ],
)
def test_numbers_beyond_double_precision_exit_2_at_their_position(
    no_hang: Callable[..., AbstractContextManager[None]],
    number: str,
    says: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "g.nfg", PD.replace("-5 -5", f"-5 {number}"))
    with no_hang():  # 1e999999999 hung (the first run imports)
        _bad(capsys, ["solve", str(path), "--json"], f"{path}:2:22: ", says)
    assert sorted(tmp_path.iterdir()) == [path]


# ---------------------------------------------------------------------------------------------
# options
# ---------------------------------------------------------------------------------------------
def test_set_on_a_gambit_file_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # was an internal error; --set overrides scenario fields, and a Gambit file has none
    path = _write(tmp_path, "pd.nfg", PD)
    for command in ("solve", "export"):  # export was an internal error too
        _bad(capsys, [command, str(path), "--set", "a=1"], f"{path}: --set a=1 does not apply")
    assert sorted(tmp_path.iterdir()) == [path]


def test_set_on_a_game_scenario_still_applies(capsys: pytest.CaptureFixture[str]) -> None:
    chicken = Path(__file__).resolve().parents[2] / "scenarios" / "canon" / "chicken.yaml"
    argv = ["solve", str(chicken), "--concept", "pure", "--json"]
    assert main([*argv, "--set", "game.parameters.crash=-20"]) == 0
    assert json.loads(capsys.readouterr().out)["concept"] == "pure"


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--concept", "qre", "--lambda", "inf"], "--lambda must be a finite number ≥ 0"),  # hung
        (["--concept", "qre", "--lambda", "nan"], "not nan"),  # gave a uniform "QRE"
        (["--concept", "qre", "--lambda", "-1"], "not -1"),
        (["--concept", "qre", "--lambda=-inf"], "not -inf"),  # "-inf" alone reads as an option
        (["--time-limit", "nan"], "--time-limit must be a positive number of seconds, not nan"),
        (["--time-limit", "-1"], "not -1"),
        (["--time-limit", "0"], "not 0"),
        (["--time-limit=-inf"], "not -inf"),
    ],
)
def test_non_finite_or_negative_options_exit_2_before_reading_the_file(
    no_hang: Callable[..., AbstractContextManager[None]],
    options: list[str],
    says: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "g.nfg", 'NFG 1 R "not read" { "A" } { 1000000000 }\n')
    with no_hang():
        _bad(capsys, ["solve", str(path), *options], f"{path}: ", says)


def test_time_limit_inf_means_no_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path, "pd.nfg", PD)
    assert main(["solve", str(path), "--json", "--time-limit", "inf"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["complete"] and len(result["equilibria"]) == 1
    assert main(["solve", str(path), "--concept", "qre", "--lambda", "0", "--json"]) == 0
    (uniform,) = json.loads(capsys.readouterr().out)["equilibria"]
    assert uniform["strategies"] == [[0.5, 0.5], [0.5, 0.5]]


def test_the_help_says_what_the_options_accept(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "a finite number ≥ 0" in help_text and "'inf' for no limit" in help_text


# ---------------------------------------------------------------------------------------------
# sizes
# ---------------------------------------------------------------------------------------------
def test_a_1000_by_1000_game_is_refused_at_its_header(
    no_hang: Callable[..., AbstractContextManager[None]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    body = " ".join(["1"] * 2_000_000)
    path = _write(tmp_path, "big.nfg", f'NFG 1 R "big" {{ "A" "B" }} {{ 1000 1000 }}\n{body}\n')
    with no_hang():
        _bad(
            capsys,
            ["solve", str(path), "--json"],
            f"{path}:1:27: 2 players with 1,000 × 1,000 strategies make 2,000,000 payoffs",
            f"the limit of {MAX_PAYOFF_ENTRIES:,}",
        )


def test_a_20_player_game_is_refused_at_its_header(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    players = " ".join(f'"P{i}"' for i in range(20))
    path = _write(tmp_path, "p20.nfg", f'NFG 1 R "" {{ {players} }} {{ {"3 " * 20}}}\n1 2 3\n')
    _bad(capsys, ["solve", str(path)], f"{path}:1:", "make 69,735,688,020 payoffs")


def test_a_262k_node_tree_is_refused_at_the_node_limit(
    no_hang: Callable[..., AbstractContextManager[None]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    lines = ['EFG 2 R "" { "A" "B" }', '""']

    def subtree(depth: int) -> None:  # a full binary tree of depth 17 in preorder: 262,143 nodes
        if depth == 17:
            lines.append('t "" 1 "" { 1, -1 }')
            return
        lines.append(f'p "" {1 + depth % 2} {depth + 1} "" {{ "l" "r" }} 0')
        subtree(depth + 1)
        subtree(depth + 1)

    subtree(0)
    path = _write(tmp_path, "big.efg", "\n".join(lines) + "\n")
    with no_hang():
        _bad(
            capsys,
            ["solve", str(path), "--json"],
            f"{path}:{MAX_TREE_NODES + 3}:1: the tree has 262,143 nodes",
            f"the limit of {MAX_TREE_NODES:,}",
        )


def test_a_chain_of_100000_nodes_is_located_at_the_depth_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = ['EFG 2 R "" { "A" "B" }', '""']
    for k in range(1, 50_001):
        lines += [f'p "" {2 - k % 2} {k} "" {{ "take" "pass" }} 0', f't "" {k} "" {{ {k}, {-k} }}']
    lines.append('t "" 50001 "" { 1, 1 }')
    path = _write(tmp_path, "chain.efg", "\n".join(lines) + "\n")
    _bad(
        capsys,
        ["solve", str(path), "--concept", "spe"],
        f"{path}:{2 * MAX_TREE_DEPTH + 4}:1: this node is {MAX_TREE_DEPTH + 1:,} moves below",
    )


def test_payoffs_adding_up_beyond_double_precision_are_located(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        'EFG 2 R "" { "A" "B" }\n""\np "" 1 1 "" { "a" "b" } 1 "x" { 1e308, 0 }\n'
        't "" 2 "y" { 1e308, 0 }\nt "" 0\n'
    )
    path = _write(tmp_path, "sum.efg", text)
    _bad(capsys, ["solve", str(path)], f"{path}:4:1: the payoffs of the outcomes on the path")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_like_a_game_file_does_not_hang(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "pipe.nfg"
    os.mkfifo(path)
    _bad(capsys, ["solve", str(path)], f"{path}:1:1: not a regular file")
