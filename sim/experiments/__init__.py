"""Runs that write results: one scenario end to end, and the repeated game's replicates.

Public API: :func:`run_scenario` (solve, then write an atomic results bundle) and
:func:`run_dynamics` (replicates, serial or in a process pool, streamed to Parquet).
"""

from sim.experiments.replicates import DynamicsSummary, run_dynamics
from sim.experiments.run import RunResult, run_scenario

__all__ = ["DynamicsSummary", "RunResult", "run_dynamics", "run_scenario"]
