"""Benchmark of the equilibrium solvers against the libraries users would otherwise call.

Run ``python -m benchmarks.solvers`` (about a minute) or ``python -m benchmarks.solvers --quick``
(a few seconds, used by the smoke test). Everything runs single-threaded: the thread-count
variables of the BLAS/OpenMP runtimes are set to 1 before numpy is imported.

Section 1 draws random bimatrix games (independent standard normal payoffs, so nondegenerate with
probability one) of shapes 2×2, 3×3 and 4×4 and, on the same games, times

* ``sim.equilibria.batched_bimatrix.solve_bimatrix_batch`` on the whole batch;
* the project's one-game solver ``sim.equilibria.solve.solve`` (``concept="nash"``), nashpy's
  ``support_enumeration`` and ``vertex_enumeration``, and pygambit's ``enummixed_solve``
  (floating point; building the Gambit game is included) on a subset, one game at a time.

Section 2 solves the guarantee game over a parameter grid with ``sim.guarantee.solve_grid`` (the
game's one tree with array-valued numbers, one backward-induction pass, its outcomes, values and
responses read off), the bare pass (``build_guarantee_game`` + ``induction_pass``), the certified
solver ``backward_induction`` on the batched tree, the same one point at a time, and pygambit's
``logit_solve`` (agent-form logit QRE traced to its Nash limit; Gambit's LCP is two-player only)
on a few points.

Rates are games (or grid points) per second of this process's CPU time, which on a shared
machine is the fair measure of one core's throughput; wall-clock seconds are printed too. The
batched solvers are timed as the best of three runs, the others once over their subset. The
"agree" column is the share of the subset on which a solver returns the same equilibria as the
batched solver (as sets, to 1e-6).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from sim.equilibria.batched_bimatrix import solve_bimatrix_batch

if TYPE_CHECKING:
    from sim.games.tree import ExtensiveGame
    from sim.guarantee import GuaranteeParameters

T = TypeVar("T")

Profile = np.ndarray
"""An equilibrium as one vector: the row strategy followed by the column strategy."""

BATCH_REPEAT = 3
"""The batched solvers (about a second a run) are timed as the best of three runs; the one-game
solvers, which take seconds to minutes over their subset, once."""

PRESET = Path(__file__).resolve().parent.parent / "scenarios/presets/article5_like_no_troops.yaml"


@dataclass
class Row:
    """One line of the results table."""

    section: str
    solver: str
    games: int
    cpu: float
    wall: float
    agree: str = ""

    @property
    def rate(self) -> float:
        return self.games / self.cpu if self.cpu > 0 else float("inf")


def timed(function: Callable[[], T], repeat: int = 1) -> tuple[T, float, float]:
    """Run ``function`` ``repeat`` times; its value and the fastest run's CPU and wall seconds."""
    best_cpu, best_wall = float("inf"), float("inf")
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        value = function()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return value, best_cpu, best_wall


def same_profiles(ours: Sequence[Profile], theirs: Sequence[Profile], atol: float = 1e-6) -> bool:
    """Equal as sets of profiles, up to ``atol``."""
    if len(ours) != len(theirs):
        return False
    return all(any(np.max(np.abs(p - q)) <= atol for q in theirs) for p in ours) and all(
        any(np.max(np.abs(p - q)) <= atol for q in ours) for p in theirs
    )


def machine() -> str:
    """CPU model, core count and library versions."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.M)
        model = names[0] if names else model
    versions = []
    for package in ("numpy", "nashpy", "pygambit"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} absent")
    return (
        f"machine: {model}, {os.cpu_count()} logical cores, single-threaded run "
        f"(OMP_NUM_THREADS=1 ...)\npython {platform.python_version()}, " + ", ".join(versions)
    )


# --- section 1: bimatrix games ---------------------------------------------------------------


def nashpy_solver(method: str) -> Callable[[np.ndarray, np.ndarray], list[Profile]]:
    import nashpy

    def solve(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        game = nashpy.Game(A, B)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [np.concatenate(eq) for eq in getattr(game, method)()]

    return solve


def gambit_solver() -> Callable[[np.ndarray, np.ndarray], list[Profile]]:
    import pygambit as gbt

    def solve(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        game = gbt.Game.from_arrays(A, B)
        result = gbt.nash.enummixed_solve(game, rational=False)
        strategies = [s for player in game.players for s in player.strategies]
        out: list[Profile] = []
        for profile in result.equilibria:
            vector = np.array([float(profile[s]) for s in strategies])
            if not any(np.max(np.abs(vector - seen)) <= 1e-9 for seen in out):
                out.append(vector)  # Gambit may list a profile once per basis
        return out

    return solve


def project_solver() -> Callable[[np.ndarray, np.ndarray], list[Profile]]:
    from sim.equilibria.solve import solve  # the one-game solver (issue 3, "solvers")
    from sim.games.normal_form import NormalFormGame

    def run(A: np.ndarray, B: np.ndarray) -> list[Profile]:
        result = solve(NormalFormGame.from_bimatrix(A, B), concept="nash")
        return [np.concatenate(eq.strategies) for eq in result.equilibria]

    return run


def one_by_one(
    solver: Callable[[np.ndarray, np.ndarray], list[Profile]], A: np.ndarray, B: np.ndarray
) -> list[list[Profile]]:
    """Call a one-game solver on each game of a stack, in a Python loop."""
    return [solver(a, b) for a, b in zip(A, B, strict=True)]


def bimatrix_section(
    sizes: Iterable[int], batch_games: dict[int, int], subset: int, rng: np.random.Generator
) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    one_game: list[tuple[str, Callable[[], Callable[[np.ndarray, np.ndarray], list[Profile]]]]] = [
        ("sim.equilibria.solve (one game)", project_solver),
        ("nashpy support_enumeration", lambda: nashpy_solver("support_enumeration")),
        ("nashpy vertex_enumeration", lambda: nashpy_solver("vertex_enumeration")),
        ("pygambit enummixed_solve", gambit_solver),
    ]
    for size in sizes:
        n_games = max(batch_games[size], subset)
        A = rng.standard_normal((n_games, size, size))
        B = rng.standard_normal((n_games, size, size))
        section = f"{size}x{size}"
        result, cpu, wall = timed(partial(solve_bimatrix_batch, A, B), repeat=BATCH_REPEAT)
        rows.append(Row(section, "batched solve_bimatrix_batch", n_games, cpu, wall))
        reference = [[np.concatenate(pair) for pair in result.equilibria(i)] for i in range(subset)]
        for name, make in one_game:
            try:
                solver = make()
            except ImportError as error:
                note = f"{name}: skipped ({error})"
                if note not in notes:
                    notes.append(note)
                continue
            answers, cpu, wall = timed(partial(one_by_one, solver, A[:subset], B[:subset]))
            agree = sum(
                same_profiles(ours, theirs) for ours, theirs in zip(reference, answers, strict=True)
            )
            rows.append(Row(section, name, subset, cpu, wall, f"{agree}/{subset}"))
    return rows, notes


# --- section 2: the guarantee game over a parameter grid -------------------------------------


def gambit_logit_point(game: ExtensiveGame) -> int:
    """Solve one guarantee tree with pygambit's agent-form logit tracing; number of equilibria."""
    import pygambit as gbt

    from sim.games.gambit_efg import write_efg

    text = write_efg(game)
    # pygambit 16.7 refuses repeated node labels; the tree labels nodes by role, so blank them.
    text = re.sub(r'^([pct]) "(?:[^"\\]|\\.)*"', r'\1 ""', text, flags=re.M)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "guarantee.efg"
        path.write_text(text)
        loaded = gbt.read_efg(str(path))
    return len(gbt.nash.logit_solve(loaded).equilibria)


def guarantee_section(
    grid_shape: tuple[int, int], one_at_a_time: int, gambit_points: int
) -> tuple[list[Row], list[str]]:
    from sim.equilibria.backward_induction import backward_induction, induction_pass
    from sim.guarantee import build_guarantee_game, guarantee_parameters, solve_grid
    from sim.scenario.loader import load_scenario

    scenario = load_scenario(PRESET).scenario
    axes = {
        "guarantee.automaticity": np.linspace(0.0, 1.0, grid_shape[0]),
        "guarantee.ukraine_strength": np.linspace(100.0, 1000.0, grid_shape[1]),
    }
    grid = guarantee_parameters(scenario, axes)
    points = int(np.prod(grid.shape))
    section = f"guarantee {grid_shape[0]}x{grid_shape[1]}"
    rows: list[Row] = []
    notes: list[str] = []
    batch, cpu, wall = timed(lambda: solve_grid(grid), repeat=BATCH_REPEAT)
    rows.append(Row(section, "batched solve_grid", points, cpu, wall))
    _, cpu, wall = timed(
        lambda: induction_pass(build_guarantee_game(grid).game), repeat=BATCH_REPEAT
    )
    rows.append(Row(section, "tree + induction_pass (no read-out)", points, cpu, wall))
    _, cpu, wall = timed(lambda: backward_induction(build_guarantee_game(grid).game))
    rows.append(Row(section, "backward_induction, batched tree", points, cpu, wall))

    flat = {
        f.name: np.broadcast_to(getattr(grid, f.name), grid.shape).reshape(-1)
        for f in dataclasses.fields(grid)
    }
    picks = np.linspace(0, points - 1, one_at_a_time).astype(int)

    def one_point(k: int) -> GuaranteeParameters:
        return grid.with_values(**{name: v[k] for name, v in flat.items()})

    singles, cpu, wall = timed(
        lambda: [backward_induction(build_guarantee_game(one_point(k)).game) for k in picks]
    )
    expected = np.asarray(batch.expected_payoffs).reshape(4, -1)[:, picks]
    agree = sum(
        bool(np.allclose(np.asarray(single.expected_payoffs), expected[:, i], atol=1e-8))
        for i, single in enumerate(singles)
    )
    rows.append(
        Row(
            section,
            "backward_induction, one point at a time",
            len(picks),
            cpu,
            wall,
            f"{agree}/{len(picks)}",
        )
    )
    if gambit_points:
        try:
            _, cpu, wall = timed(
                lambda: [
                    gambit_logit_point(build_guarantee_game(one_point(k)).game)
                    for k in picks[:gambit_points]
                ]
            )
            rows.append(Row(section, "pygambit logit_solve, one point", gambit_points, cpu, wall))
        except (ImportError, RuntimeError, ValueError) as error:
            notes.append(f"pygambit on the guarantee game: skipped ({error})")
    else:
        notes.append("pygambit on the guarantee game: skipped in --quick (about 2 s a point)")
    return rows, notes


# --- report ----------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    """The results table with ratios of the batched solver's rate to each other solver's."""
    header = (
        f"{'section':<18} {'solver':<40} {'games':>9} {'cpu s':>8} {'wall s':>8} "
        f"{'games/s (cpu)':>14} {'batched/this':>13} {'agree':>9}"
    )
    lines = [header, "-" * len(header)]
    batched = {r.section: r.rate for r in rows if r.solver.startswith("batched")}
    for r in rows:
        ratio = "" if r.solver.startswith("batched") else f"{batched[r.section] / r.rate:,.0f}x"
        lines.append(
            f"{r.section:<18} {r.solver:<40} {r.games:>9,} {r.cpu:>8.3f} {r.wall:>8.3f} "
            f"{r.rate:>14,.0f} {ratio:>13} {r.agree:>9}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.solvers",
        description="Time the batched equilibrium solvers against nashpy, pygambit and the "
        "project's one-game solvers on the same random games.",
        epilog="example: python -m benchmarks.solvers --quick",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes; runs in seconds")
    parser.add_argument("--seed", type=int, default=2025, help="root seed of the random games")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    if args.quick:
        batch = {2: 20_000, 3: 5_000, 4: 1_000}
        subset, grid_shape, singles, gambit_points = 10, (20, 25), 5, 0
    else:
        batch = {2: 1_000_000, 3: 300_000, 4: 100_000}
        subset, grid_shape, singles, gambit_points = 500, (400, 500), 200, 3
    print(machine())
    rows, notes = bimatrix_section((2, 3, 4), batch, subset, rng)
    more_rows, more_notes = guarantee_section(grid_shape, singles, gambit_points)
    print(table(rows + more_rows))
    for note in notes + more_notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
