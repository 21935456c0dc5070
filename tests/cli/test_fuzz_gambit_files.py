"""Fuzz test (issue 12): mutated Gambit game files never make ``deter solve`` exit other than 0 or
2, never hang, name the file when they exit 2, and never write anything.

Hypothesis mutates a handful of small files of Gambit's distribution (``tests/peers/games/
gambit``: both ``.nfg`` variants, trees with chance nodes, rational probabilities and outcomes at
inner nodes) token by token, the way careless and hostile users do: tokens deleted, duplicated
or replaced by hostile ones (huge, non-finite and malformed numbers, stray quotes and braces,
node keywords), valid numbers at the edges of double precision, random bytes, and a truncated
file. Each file is solved in-process with ``--time-limit 2``. Most examples are refused within
milliseconds, so 2,000 run in about 15 s (30 s on a loaded machine); they are derandomised, and
each is stopped after :data:`EXAMPLE_SECONDS`. Hostile cases found by hand are in
``test_gambit_hostile.py``.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main

GAMES = Path(__file__).resolve().parents[1] / "peers" / "games" / "gambit" / "contrib" / "games"
BASES = {
    name: (GAMES / name).read_text(encoding="utf-8")
    for name in ("pd.nfg", "coord2.nfg", "e04.efg", "cent2.efg", "2smp.efg")
}
"""Outcome and payoff versions of .nfg; trees with information sets, chance and rationals
(cent2), outcomes at inner nodes (2smp)."""
EXAMPLE_SECONDS = 30

HOSTILE = [
    "1e999999999", "-1e999999999", "1e400", "-1e400", "1e-400", "1e308", "1/0", "1/1e999",
    "0/0", "nan", "inf", "-inf", "-0", "1.5/2", "0x1F", "1_000", "٣", "1" * 5000,
    "1" * 100_000, "99999999999999999999", "1000000", "1000", "0", "-1", "2", "3",
    '"', '""', '"\\"', "{", "}", ",", "{ }", "p", "c", "t", "NFG", "EFG", "R", "1 2",
    '"\x1b[2J"', "\x00", "\ufeff",
]  # fmt: skip
"""Tokens careless and hostile users write."""

EXTREME = ["1e308", "-1e308", "1.7976931348623157e308", "1e-300", "5e-324", "-0", "0", "1/3",
           "99999999999999999999", "0.1", "1e15", "-1e15"]  # fmt: skip
"""Valid numbers at the edges of double precision: the file stays a game."""

MUTATIONS = (
    "number",
    "number",
    "replace",
    "replace",
    "insert",
    "delete",
    "duplicate",
    "flip",
    "cut",
)
"""Kinds of mutation, drawn with these weights (about one file in thirteen stays a game)."""

_TOKENS = re.compile(r'\s+|"(?:[^"\\]|\\.)*"|[{},]|[^\s{},"]+|.', re.DOTALL)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """(base name, the mutated file's bytes)."""
    name = draw(st.sampled_from(sorted(BASES)))
    parts = _TOKENS.findall(BASES[name])
    for _ in range(draw(st.integers(1, 3))):
        parts = parts or [""]
        words = [k for k, part in enumerate(parts) if not part.isspace()] or [0]
        numbers = [k for k, part in enumerate(parts) if re.fullmatch(r"-?[0-9./]+", part)]
        kind = draw(st.sampled_from(MUTATIONS))
        index = draw(st.sampled_from(numbers if kind == "number" and numbers else words))
        if kind == "number":  # a valid number at the edge of double precision
            parts[index] = draw(st.sampled_from(EXTREME))
        elif kind == "replace":
            parts[index] = draw(st.sampled_from(HOSTILE))
        elif kind == "insert":
            parts.insert(index, draw(st.sampled_from(HOSTILE)) + " ")
        elif kind == "delete":
            del parts[index]
        elif kind == "duplicate":
            parts.insert(index, parts[index] + " ")
        elif kind == "flip":  # one quote, brace or comma becomes another
            part = parts[index]
            swap = draw(st.sampled_from(['"', "{", "}", ","]))
            parts[index] = re.sub(r'["{},]', swap, part, count=1) if part else swap
        else:
            parts = [*parts[:index], parts[index][: len(parts[index]) // 2]]
    data = "".join(parts).encode("utf-8")
    if draw(st.integers(0, 3)) == 0:  # random bytes somewhere (the file may stop being UTF-8)
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    return name, data


@settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=mutated())
def test_mutated_gambit_files_exit_0_or_2_and_write_nothing(
    case: tuple[str, bytes],
    capsys: pytest.CaptureFixture[str],
    example_time_limit: Callable[[int], AbstractContextManager[None]],
) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        argv = ["solve", str(path), "--json", "--time-limit", "2"]
        with example_time_limit(EXAMPLE_SECONDS):
            code = main(argv)
        captured = capsys.readouterr()
        text = data.decode("utf-8", "replace")
        assert code in (0, 2), f"exit {code} for {name}:\n{text[:2000]}\n{captured.err}"
        assert "internal error" not in captured.err
        if code == 2:
            assert str(path) in captured.err, captured.err
            assert captured.out == ""
        else:
            assert isinstance(json.loads(captured.out)["equilibria"], list)
        assert [p.name for p in Path(folder).iterdir()] == [name], "something was written"
