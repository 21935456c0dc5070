"""Benchmark of the time budget: ``deter solve`` on every game file of Gambit's distribution.

Run ``python -m benchmarks.catalogue`` (about 2 minutes at the default 2-second limit) or
``python -m benchmarks.catalogue --quick`` (a few games, seconds; the smoke test). Each of the 232
files of ``tests/peers/games/gambit`` is solved in-process with
``deter solve FILE --concept C --json --time-limit L`` for every concept that applies (``pure``,
``nash`` and ``qre`` at λ = 2; ``spe`` on trees), and the wall-clock seconds of each call are
recorded, including the reading of the file and the JSON output.

The table gives, per concept, the number of solves, how they ended (exit 0; exit 2, a located
refusal such as "time limit" or "perfect recall"; anything else would be a bug), how many
stopped early (``complete: false`` with a time-limit warning), the slowest solve as a multiple of
the limit, and the solves that took longer than the limit. A solve's searches check the deadline
between units of work (a chunk of supports or bases, a label, a random start, a continuation
step, a subgame) and stop at 85 % of the limit (``sim.equilibria.budget.SEARCH_SHARE``); the
rest is for the unit under way and the certificate of what was found. No test asserts a time;
this script is where the figure comes from.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.solvers import machine
from sim.cli import main
from sim.games.loading import load_game
from sim.games.tree import ExtensiveGame

ROOT = Path(__file__).resolve().parent.parent / "tests" / "peers" / "games" / "gambit"
QUICK = (
    "contrib/games/e04.efg",
    "contrib/games/work2.efg",
    "contrib/games/2x2x2.nfg",
    "tests/test_games/el_farol_bar.efg",
)


@dataclass
class Tally:
    """What the solves of one concept did."""

    solves: int = 0
    exits: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    stopped_early: int = 0
    worst: float = 0.0
    worst_game: str = ""
    over: list[str] = field(default_factory=list)


def run(files: Sequence[Path], limit: float) -> dict[str, Tally]:
    """Solve every file with every applicable concept under ``limit`` seconds."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    with contextlib.redirect_stdout(io.StringIO()):  # warm up: imports are not a solve's time
        main(["solve", str(files[0]), "--concept", "pure", "--json"])
    for path in files:
        concepts = ["pure", "nash", "qre"]
        if isinstance(load_game(path), ExtensiveGame):
            concepts.append("spe")
        for concept in concepts:
            argv = ["solve", str(path), "--concept", concept, "--json", "--time-limit", str(limit)]
            if concept == "qre":
                argv += ["--lambda", "2"]
            out, err = io.StringIO(), io.StringIO()
            start = time.perf_counter()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
            seconds = time.perf_counter() - start
            tally = tallies[concept]
            tally.solves += 1
            tally.exits[code] += 1
            if code == 0:
                answer = json.loads(out.getvalue())
                if any("time limit" in w for w in answer.get("warnings", [])):
                    tally.stopped_early += 1
            name = path.relative_to(ROOT).as_posix()
            if seconds > tally.worst:
                tally.worst, tally.worst_game = seconds, name
            if seconds > limit:
                tally.over.append(f"{name} ({seconds:.2f} s)")
    return tallies


def report(tallies: dict[str, Tally], limit: float) -> str:
    lines = [
        f"deter solve on Gambit's catalogue, --time-limit {limit:g} s (wall clock per call)",
        f"{'concept':<8} {'solves':>6} {'exit 0':>6} {'exit 2':>6} {'other':>5} "
        f"{'stopped':>7} {'worst s':>8} {'worst/limit':>11}  worst game",
    ]
    for concept, t in tallies.items():
        other = t.solves - t.exits[0] - t.exits[2]
        lines.append(
            f"{concept:<8} {t.solves:>6} {t.exits[0]:>6} {t.exits[2]:>6} {other:>5} "
            f"{t.stopped_early:>7} {t.worst:>8.2f} {t.worst / limit:>11.2f}  {t.worst_game}"
        )
    over = [game for t in tallies.values() for game in t.over]
    lines.append(f"over the limit: {len(over)}" + (": " + ", ".join(over) if over else ""))
    return "\n".join(lines)


def main_benchmark(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="four games (the smoke test)")
    parser.add_argument("--time-limit", type=float, default=2.0, help="seconds per solve")
    args = parser.parse_args(argv)
    files = (
        [ROOT / name for name in QUICK]
        if args.quick
        else sorted(p for p in ROOT.rglob("*") if p.suffix in (".nfg", ".efg"))
    )
    limit = 1.0 if args.quick else args.time_limit
    print(machine())
    print(report(run(files, limit), limit))


if __name__ == "__main__":
    main_benchmark()
