"""Benchmark of parameter sweeps against what an analyst would otherwise script.

Run ``python -m benchmarks.sweeps`` (about a minute) or ``python -m benchmarks.sweeps --quick``
(seconds; the smoke test). One sweep of the August 2025 design (automaticity × troops × US
backstop, a grid) is timed four ways, on the same points:

* ``deter sweep`` engine, serial: :func:`sim.experiments.sweep.run_sweep` with
  ``engine="serial"`` (design points, batched evaluation in chunks, the points table and its
  one-at-a-time table written; no figures);
* the same with ``engine="processes"`` and two workers, the pool forced (below
  ``POOL_MIN_POINTS`` the engine runs in-process, as spawning workers costs more);
* a Python loop of :func:`sim.guarantee.solve_guarantee` per point (with its thresholds; no
  robustness draws), on a subset: what a user of the Python API writes without sweeps;
* a shell loop of ``deter run --set ... --quiet`` per point, on a few points: what the issue
  found analysts doing (each point writes a full bundle).

Points per second of wall-clock time (the processes engine uses more than one core by design);
the CPU seconds of this process are printed too. Ratios are the sweep engine's rate over each
alternative's, measured in the same run. Figures are not timed (``deter sweep`` draws them after
the points are solved; docs/sweeps.md gives their cost).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sim.experiments.sweep as sweep_module
from benchmarks.solvers import machine
from sim.experiments.sweep import run_sweep
from sim.experiments.sweep_points import apply_point
from sim.guarantee.solution import solve_guarantee
from sim.scenario.loader import load_scenario
from sim.scenario.sweep_options import with_sweep_options

ROOT = Path(__file__).resolve().parents[1]
PRESET = ROOT / "scenarios" / "presets" / "august_2025_proposal.yaml"


@dataclass
class Row:
    variant: str
    points: int
    cpu: float
    wall: float

    @property
    def rate(self) -> float:
        return self.points / self.wall


def timed(variant: str, points: int, work: Callable[[], object]) -> Row:
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return Row(variant, points, time.process_time() - cpu, time.perf_counter() - wall)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.sweeps",
        description="Time deter sweep's engine against per-point loops on the same design points.",
        epilog="example: python -m benchmarks.sweeps --quick",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes; runs in seconds")
    args = parser.parse_args(argv)
    steps = (11, 7) if args.quick else (101, 61)
    singles, shells = (5, 1) if args.quick else (100, 5)
    params = [
        f"guarantee.automaticity=0:1:{steps[0]}",
        f"guarantee.troops_on_ground=0:60:{steps[1]}",
        "guarantee.us_backstop=none,isr_logistics,air,armed",
    ]
    loaded = with_sweep_options(load_scenario(PRESET, ["solver.robustness_draws=0"]), params=params)
    n = loaded.scenario.sweep.point_count() if loaded.scenario.sweep else 0
    print(machine())
    out = Path(tempfile.mkdtemp(prefix="bench-sweeps-"))

    def pooled() -> None:  # below POOL_MIN_POINTS the engine would run in-process
        saved, sweep_module.POOL_MIN_POINTS = sweep_module.POOL_MIN_POINTS, 0
        try:
            run_sweep(loaded, out_dir=out / "proc", engine="processes", workers=2)
        finally:
            sweep_module.POOL_MIN_POINTS = saved

    try:
        rows = [
            timed(
                "deter sweep engine, serial",
                n,
                lambda: run_sweep(loaded, out_dir=out / "serial", engine="serial"),
            ),
            timed("deter sweep engine, 2 processes (pool forced)", n, pooled),
        ]
        result = run_sweep(loaded, out_dir=out / "points", engine="serial")
        points = result.outputs.points.head(singles)
        names = [p["path"] for p in result.outputs.meta["parameters"]]

        def loop() -> None:
            for _, row in points.iterrows():
                solve_guarantee(apply_point(loaded.scenario, {k: row[k] for k in names}))

        rows.append(timed("solve_guarantee per point (Python loop)", len(points), loop))
        deter = str(Path(sys.executable).with_name("deter"))

        def shell() -> None:
            for _, row in points.head(shells).iterrows():
                sets = [a for k in names for a in ("--set", f"{k}={row[k]}")]
                subprocess.run(
                    [deter, "run", str(PRESET), *sets, "--quiet", "--out", str(out / "runs")],
                    check=True,
                    capture_output=True,
                )

        rows.append(timed("deter run --set per point (shell loop)", shells, shell))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    header = (
        f"{'variant':<46} {'points':>9} {'cpu s':>8} {'wall s':>8} {'points/s':>12} {'ratio':>10}"
    )
    print(header)
    print("-" * len(header))
    best = rows[0].rate
    for r in rows:
        ratio = "" if r is rows[0] else f"{best / r.rate:,.1f}x"
        print(
            f"{r.variant:<46} {r.points:>9,} {r.cpu:>8.3f} {r.wall:>8.3f} {r.rate:>12,.0f} "
            f"{ratio:>10}"
        )
    print("note: ratio = the serial engine's points/s over the variant's (wall clock)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
