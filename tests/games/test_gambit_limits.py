"""Numbers and sizes the Gambit readers refuse (issue 12, item 7 "Gambit numbers"): each is a
located :class:`GameFormatError` naming the limit, read in bounded time, never a hang, an
``OverflowError`` or a ``RecursionError``; and every game of Gambit's distribution is well within
the limits of :mod:`sim.games.limits`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from sim.games import gambit_efg, gambit_nfg, gambit_tokens
from sim.games.errors import GameFormatError
from sim.games.gambit_efg import read_efg
from sim.games.gambit_nfg import read_nfg
from sim.games.gambit_tokens import unique_labels
from sim.games.limits import (
    MAX_EXPONENT,
    MAX_FILE_BYTES,
    MAX_NUMBER_DIGITS,
    MAX_PAYOFF_ENTRIES,
    MAX_TREE_DEPTH,
    MAX_TREE_NODES,
)
from sim.games.loading import load_game
from sim.games.tree import ExtensiveGame

NFG_HEAD = 'NFG 1 R "g" { "A" "B" } { 2 2 }\n'
EFG_HEAD = 'EFG 2 R "g" { "A" "B" }\n""\n'
CATALOGUE = Path(__file__).parents[1] / "peers" / "games" / "gambit"


def _refused(read: object, text: str, *words: str) -> GameFormatError:
    """``read(text)`` raises a located GameFormatError whose text holds every one of ``words``."""
    with pytest.raises(GameFormatError) as caught:
        read(text)  # type: ignore[operator]
    for word in words:
        assert word in str(caught.value), str(caught.value)
    assert len(str(caught.value)) < 600, "the message echoes the input whole"
    return caught.value


def _chain(depth: int) -> str:
    """A centipede-like chain: ``depth`` decision nodes, each with a terminal beside it."""
    lines = [EFG_HEAD.rstrip("\n")]
    for k in range(1, depth + 1):
        lines += [f'p "" {2 - k % 2} {k} "" {{ "take" "pass" }} 0', f't "" {k} "" {{ {k}, {-k} }}']
    lines.append(f't "" {depth + 1} "" {{ {depth}, {depth} }}')
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("1e308", 1e308),
        ("-1.7976931348623157e308", -1.7976931348623157e308),
        ("1e-400", 0.0),  # below the smallest double: reads as 0, like any rounding
        ("-0", 0.0),
        ("-0.0", 0.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("-3/4", -0.75),
        ("1/" + "3" * 900, 0.0),
        ("1" * 300, float("1" * 300)),
    ],
)
def test_numbers_within_double_precision_are_read(number: str, value: float) -> None:
    game = read_nfg(NFG_HEAD + f"1 2 3 4 5 6 7 {number}")
    payoff = game.payoffs[1, 1, 1]
    assert payoff == value and math.copysign(1.0, payoff) == math.copysign(1.0, value)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("1e999999999", f"exponent is beyond ±{MAX_EXPONENT:,}"),  # hung (a billion-digit power)
        ("-1e999999999", "exponent is beyond"),
        ("1e-999999999", "exponent is beyond"),
        ("1e400", "outside double precision"),  # was an OverflowError
        ("-1e400", "outside double precision"),
        ("1.8e308", "outside double precision"),
        ("1" * 400, "outside double precision"),
        ("1e300/1", "a decimal cannot have a denominator"),
        ("1.5/2", "a decimal cannot have a denominator"),
        ("1/0", "division by zero"),
        ("1" * 100_000, f"100,000 digits, more than the limit of {MAX_NUMBER_DIGITS:,}"),
        ("0." + "0" * 100_000 + "1", "more than the limit"),
        ("1/" + "7" * 5000, "more than the limit"),
        ("1/1e999", "found '1/1e999'"),  # not a number in Gambit's syntax
        ("nan", "found 'nan'"),
        ("NaN", "found 'NaN'"),
        ("inf", "found 'inf'"),
        ("-inf", "found '-inf'"),
        ("Infinity", "found 'Infinity'"),
        ("0x1F", "found '0x1F'"),
        ("1_000", "found '1_000'"),
    ],
)
def test_numbers_outside_double_precision_or_gambit_syntax_are_located(
    no_hang: Callable[..., AbstractContextManager[None]], number: str, words: str
) -> None:
    with no_hang():
        error = _refused(read_nfg, NFG_HEAD + f"1 2 3 4 5 6 7 {number}", words, "Fix: ")
        assert (error.line, error.column) == (2, 15)


def test_non_ascii_digits_are_not_numbers() -> None:
    # str.isdigit() and the re module's \d accept "٣" (Arabic-Indic three); int() would too
    _refused(read_nfg, 'NFG 1 R "g" { "A" "B" } { 2 ٣ }\n', "found '٣'")
    _refused(read_nfg, NFG_HEAD + "1 2 3 4 5 6 7 ٣", "found '٣'")


@pytest.mark.parametrize(
    ("node", "words", "column"),
    [
        ('t "" 1 "o" { 1e400, 0 }', "outside double precision", 14),
        ('t "" 1 "o" { nan, 0 }', "found 'nan'", 14),
        ('t "" 1 "o" { 1e999999999, 0 }', "exponent is beyond", 14),
        ('c "" 1 "" { "h" 1e400 "t" 0 } 0\nt "" 0\nt "" 0', "outside double precision", 17),
        ('c "" 1 "" { "h" 1/0 "t" 1 } 0\nt "" 0\nt "" 0', "division by zero", 17),
        ('c "" 1 "" { "h" inf "t" 0 } 0\nt "" 0\nt "" 0', "found 'inf'", 17),
    ],
)
def test_tree_numbers_are_checked_too(node: str, words: str, column: int) -> None:
    error = _refused(read_efg, EFG_HEAD + node + "\n", words)
    assert (error.line, error.column) == (3, column)


def test_payoffs_that_add_up_beyond_double_precision_are_located() -> None:
    # outcomes at a decision node and at its terminal add up along the path (1e308 + 1e308)
    text = EFG_HEAD + 'p "" 1 1 "" { "a" } 1 "x" { 1e308, 0 }\nt "" 2 "y" { 1e308, 0 }\n'
    error = _refused(read_efg, text, "add up to a number outside double precision")
    assert error.line == 4


def test_chance_sums_of_long_rationals_stay_fast(
    no_hang: Callable[..., AbstractContextManager[None]],
) -> None:
    # 200 branches of 1/q for distinct 900-digit q: an exact sum's denominator would grow to
    # some 100,000 digits
    branches = " ".join(f'"{k}" 1/{10**900 + k}' for k in range(1, 201))
    text = EFG_HEAD + f'c "" 1 "" {{ {branches} }} 0\n' + 't "" 0\n' * 200
    with no_hang():
        _refused(read_efg, text, "chance probabilities sum to")


def test_messages_never_echo_a_huge_word() -> None:
    word = "x" * 1_000_000
    error = _refused(read_nfg, NFG_HEAD + f"1 2 {word}", "(1,000,000 characters)")
    assert word not in str(error)
    error = _refused(read_nfg, NFG_HEAD + "1 2 \x1b[2J", "found '\\x1b[2J'")
    assert "\x1b" not in str(error)


# ---------------------------------------------------------------------------------------------
# sizes
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "words"),
    [
        (
            'NFG 1 R "g" { "A" "B" } { 1000 1000 }',
            f"2 players with 1,000 × 1,000 strategies make 2,000,000 payoffs (players × strategy "
            f"profiles), more than the limit of {MAX_PAYOFF_ENTRIES:,}",
        ),
        (
            'NFG 1 R "g" { ' + " ".join(f'"P{i}"' for i in range(20)) + " } { " + "3 " * 20 + "}",
            "the strategy counts of 20 players make 69,735,688,020 payoffs",
        ),
        (
            'NFG 1 R "g" { "A" "B" } { 99999999999999999999 2 }',
            "the strategy counts of 2 players make 399,999,999,999,999,999,996 payoffs",
        ),
        ('NFG 1 R "g" { "A" } { ' + "9" * 999 + " }", "about 10^999 payoffs"),
    ],
)
def test_a_normal_form_over_the_limit_is_refused_before_its_payoffs(
    no_hang: Callable[..., AbstractContextManager[None]], header: str, words: str
) -> None:
    with no_hang():
        # no payoffs at all: the declared counts alone are refused, before the body is read
        error = _refused(read_nfg, header + "\n", words, "sim/games/limits.py")
        assert (error.line, error.column) == (1, header.rindex("{") + 1)


def test_a_strategy_count_of_5000_digits_is_located() -> None:
    # int() of more than 4,300 digits raises ValueError in Python 3.11
    _refused(read_nfg, 'NFG 1 R "g" { "A" } { ' + "9" * 5000 + " }\n", "5,000 digits")


def test_a_normal_form_at_the_limit_is_read() -> None:
    rows, columns = 1000, MAX_PAYOFF_ENTRIES // 2000
    text = f'NFG 1 R "g" {{ "A" "B" }} {{ {rows} {columns} }}\n' + "1 -1\n" * (rows * columns)
    game = read_nfg(text)
    assert game.payoffs.shape == (2, rows, columns)


def test_surplus_payoffs_are_counted_but_not_kept() -> None:
    error = _refused(read_nfg, NFG_HEAD + " 1" * 100_000, "100000 numbers but 8 are needed")
    assert (error.line, error.column) == (2, 18)


def test_an_outcome_list_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gambit_nfg, "MAX_PAYOFF_ENTRIES", 10)
    outcomes = " ".join(f'{{ "o{k}" {k}, {k} }}' for k in range(1, 8))
    error = _refused(
        read_nfg,
        f'NFG 1 R "g" {{ "A" "B" }} {{ 1 1 }}\n{{ {outcomes} }}\n1\n',
        "more than 5 outcomes of 2 payoffs each",
        "more payoffs than the limit of 10.",
    )
    assert error.line == 2
    error = _refused(
        read_nfg,
        'NFG 1 R "g" { "A" "B" } { 1 1 }\n{ { "o" ' + "1, " * 100_000 + "1 } }\n1\n",
        "outcome 1 has 100001 payoffs but the game has 2 players",
    )


def test_a_tree_over_the_node_limit_names_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gambit_efg, "MAX_TREE_NODES", 50)
    error = _refused(
        read_efg, _chain(100), "the tree has 201 nodes", "more than the limit of 50", "limits.py"
    )
    assert (error.line, error.column) == (3 + 50, 1)  # the 51st node


def test_a_tree_over_the_payoff_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gambit_efg, "MAX_PAYOFF_ENTRIES", 20)
    _refused(read_efg, _chain(20), "11 terminal nodes of 2 payoffs each", "limit of 20")


def test_a_chain_of_100000_nodes_is_refused_at_the_depth_limit_without_recursion(
    no_hang: Callable[..., AbstractContextManager[None]],
) -> None:
    with no_hang():
        error = _refused(
            read_efg,
            _chain(100_000),
            f"this node is {MAX_TREE_DEPTH + 1:,} moves below the root, more than the limit of "
            f"{MAX_TREE_DEPTH:,}",
        )
        # the k-th decision node is k - 1 moves deep, on line 2k + 1; its "take" terminal is k moves
        # deep, on line 2k + 2: the first node too deep is the (MAX + 1)-th terminal
        assert (error.line, error.column) == (2 * MAX_TREE_DEPTH + 4, 1)


def test_a_chain_at_the_depth_limit_is_read_iteratively() -> None:
    game = read_efg(_chain(MAX_TREE_DEPTH))
    assert len(game.nodes) == 2 * MAX_TREE_DEPTH + 1
    assert game.nodes[-1].payoffs.tolist() == [MAX_TREE_DEPTH, MAX_TREE_DEPTH]


def test_a_file_over_the_byte_limit_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(gambit_tokens, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.nfg"
    path.write_text(NFG_HEAD + "1 " * 1000)
    error = _refused(read_nfg, path, f"the file has {path.stat().st_size:,} bytes", "1,000")
    assert (error.file, error.line) == (str(path), 1)
    assert MAX_FILE_BYTES > 1000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_like_a_game_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "pipe.efg"
    os.mkfifo(path)
    _refused(read_efg, path, "not a regular file")


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.nfg"
    path.write_bytes(b"\xef\xbb\xbf" + (NFG_HEAD + "1 2 3 4 5 6 7 8\n").encode())
    assert read_nfg(path).payoffs[1, 1, 1] == 8


def test_unique_labels_is_linear(
    no_hang: Callable[..., AbstractContextManager[None]],
) -> None:
    with no_hang():
        labels = unique_labels(["a"] * 50_000 + ["b"])
        assert labels[0] == "a_1" and labels[-1] == "b"


def test_every_game_of_gambits_distribution_is_well_within_the_limits() -> None:
    files = sorted(p for p in CATALOGUE.rglob("*") if p.suffix in (".nfg", ".efg"))
    assert len(files) == 232
    entries = nodes = depth = size = 0
    for path in files:
        game = load_game(path)
        size = max(size, path.stat().st_size)
        if isinstance(game, ExtensiveGame):
            nodes = max(nodes, len(game.nodes))
            depth = max(depth, max(len(p) for p in game.paths().values()))
        else:
            entries = max(entries, game.payoffs.size)
    # the largest: 5x4x3.nfg (180 payoffs), artist2.efg (255 nodes), holdout.efg (22 moves)
    assert (entries, nodes, depth) == (180, 255, 22)
    assert 1000 * entries <= MAX_PAYOFF_ENTRIES
    assert 100 * nodes <= MAX_TREE_NODES
    assert 40 * depth <= MAX_TREE_DEPTH
    assert 1000 * size <= MAX_FILE_BYTES
