"""Malformed Gambit files give a GameFormatError naming the file, line and column."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from sim.games.errors import GameFormatError
from sim.games.gambit_efg import read_efg
from sim.games.gambit_nfg import read_nfg

NFG_HEAD = 'NFG 1 R "g" { "A" "B" } { 2 2 }\n'
EFG_HEAD = 'EFG 2 R "g" { "A" "B" }\n'

# (reader, text, line, column, words expected in the message)
CASES = [
    ("nfg", NFG_HEAD + "1 2 3 4 5 6 7", 2, 14, "7 numbers but 8 are needed"),
    ("nfg", NFG_HEAD + "1 2 3 4 5 6 7 8 9", 2, 17, "9 numbers but 8 are needed"),
    ("nfg", NFG_HEAD + "1 2 x 4 5 6 7 8", 2, 5, "expected a payoff (a number), found 'x'"),
    ("nfg", 'NFG 1 R "g" { "A" "B } { 2 2 }\n1 2', 1, 19, "unterminated string"),
    ("nfg", 'NFG 2 R "g" { "A" } { 1 }\n1', 1, 5, "format version 1"),
    ("nfg", 'NFG 1 R "g" { "A" "B" } { 2 }\n1 2', 1, 25, "2 players but strategies given for 1"),
    ("nfg", 'NFG 1 R "g" { "A" "B" } { 1 1 }\n{ { "o" 1, 2, 3 } }\n1', 2, 3, "3 payoffs"),
    ("nfg", 'NFG 1 R "g" { "A" "B" } { 1 2 }\n{ { "o" 1, 2 } }\n1 2', 3, 3, "outcome 2 is not"),
    (
        "nfg",
        'NFG 1 R "g" { "A" "B" } { 1 2 }\n{ { "o" 1, 2 } }\n1',
        3,
        2,
        "1 outcome indices but 2",
    ),
    ("nfg", 'NFG 1 R "g" { "A" "B" } { 2 2 }\n1 2 3/0 4', 2, 5, "invalid number"),
    ("efg", EFG_HEAD + 'p "" 3 1 "" { "a" } 0\nt "" 0', 2, 6, "unknown player number 3"),
    ("efg", EFG_HEAD + 'p "" 0 1 "" { "a" } 0\nt "" 0', 2, 6, "unknown player number 0"),
    (
        "efg",
        EFG_HEAD + 'c "" 1 "" { "h" 1/2 "t" 1/3 } 0\nt "" 0\nt "" 0',
        2,
        11,
        "sum to 0.833333, not 1",
    ),
    (
        "efg",
        EFG_HEAD + 'c "" 1 "" { "h" 3/2 "t" -1/2 } 0\nt "" 0\nt "" 0',
        2,
        25,
        "negative probability -1/2",
    ),
    (
        "efg",
        EFG_HEAD
        + 'c "" 1 "" { "h" 1/2 "t" 1/2 } 0\np "" 1 1 "" { "a" "b" } 0\nt "" 0\nt "" 0\n'
        + 'p "" 1 1 "" { "a" "b" "c" } 0\nt "" 0\nt "" 0\nt "" 0',
        6,
        13,
        "2 actions at an earlier node but 3 here",
    ),
    (
        "efg",
        EFG_HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "x" { 1, 2 }\n',
        4,
        1,
        "found the end of the file",
    ),
    ("efg", EFG_HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 1 "x" { 1, 2, 3 }', 3, 6, "3 payoffs"),
    ("efg", EFG_HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 4', 3, 6, "outcome 4 is used before"),
    ("efg", EFG_HEAD + 'p "" 1 1 0\nt "" 0', 2, 8, "information set 1 of player 1"),
    ("efg", EFG_HEAD + 'q "" 1 1 "" { "a" } 0\nt "" 0', 2, 1, "a node: p (player)"),
    ("efg", EFG_HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 0\nt "" 0', 4, 1, "end of the file after"),
    ("efg", EFG_HEAD + 'p "" 1 1 "" { "a" } 0\nt "" 1 "x { 1, 2 }', 3, 8, "unterminated string"),
    (
        "efg",
        EFG_HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "x" { 1, 2 }\nt "" 1 "x" { 1, 3 }',
        4,
        6,
        "outcome 1 was defined",
    ),
    ("efg", 'EFG 2 R "g" { }\nt "" 0', 1, 1, "no players"),
]


@pytest.mark.parametrize(("reader", "text", "line", "column", "words"), CASES)
def test_malformed_text_is_located(
    reader: str, text: str, line: int, column: int, words: str
) -> None:
    read = read_nfg if reader == "nfg" else read_efg
    with pytest.raises(GameFormatError) as caught:
        read(text)
    error = caught.value
    assert words in error.message
    assert (error.file, error.line, error.column) == ("<string>", line, column)
    assert str(error).startswith(f"<string>:{line}:{column}: {error.message}")


def test_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.efg"
    path.write_text(EFG_HEAD + 'p "" 5 1 "" { "a" } 0\nt "" 0\n')
    with pytest.raises(GameFormatError) as caught:
        read_efg(path)
    error = caught.value
    assert error.file == str(path)
    assert str(error) == (
        f"{path}:2:6: unknown player number 5. Fix: players are numbered 1 to 2 in the order "
        "of the header"
    )


def test_truncated_file_suggests_completing_it() -> None:
    with pytest.raises(GameFormatError) as caught:
        read_efg(EFG_HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 0\n')
    assert "truncated" in caught.value.hint


def test_error_is_a_value_error_and_pickles() -> None:
    error = GameFormatError("f.nfg", 3, 4, "bad", "fix it")
    assert isinstance(error, ValueError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.file, again.line, again.column, again.message, again.hint) == (
        "f.nfg",
        3,
        4,
        "bad",
        "fix it",
    )
    assert str(again) == "f.nfg:3:4: bad. Fix: fix it"


def test_message_without_hint_has_no_fix_part() -> None:
    assert str(GameFormatError("f", 1, 2, "bad")) == "f:1:2: bad"
