"""Runs that write results: one scenario end to end, and the repeated game's replicates.

Public API: :func:`run_scenario` (solve, then write an atomic results bundle),
:func:`run_dynamics` (replicates, serial or in a process pool, streamed to Parquet), and
:func:`run_sweep` (a parameter sweep on an engine, with checkpoints) with :func:`read_points`.
"""

from sim.experiments.replicates import DynamicsSummary, run_dynamics
from sim.experiments.run import RunResult, run_scenario
from sim.experiments.sweep import SweepResult, read_points, run_sweep

__all__ = [
    "DynamicsSummary",
    "RunResult",
    "SweepResult",
    "read_points",
    "run_dynamics",
    "run_scenario",
    "run_sweep",
]
