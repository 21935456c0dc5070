"""Replicates of the repeated game, serially or in a process pool, streamed to Parquet.

:func:`run_dynamics` runs ``replicates`` independent runs of
:class:`~sim.model.model.GuaranteeModel`, each with its own generator spawned from the root seed
(``SeedSequence(root_seed).spawn(replicates)``), in chunks of :data:`CHUNK_SIZE` runs. A chunk is
one model stepping all its runs at once (a replicate's run does not depend on the chunk it is in).
Chunks run in order serially or, with ``workers > 1``, in a process pool with an explicit
``"spawn"`` context; either way they are written in order, so the outputs are identical whatever the
executor. The pool has at most as many workers as the machine has cores (:func:`usable_workers`);
its workers ignore Ctrl-C (the main process stops them, so no worker prints a traceback), finish
their running chunk and stop when the main process is interrupted (queued chunks are dropped),
and exit by themselves if the main process dies (``SIGKILL``), so no orphan is left. Generators
are spawned chunk by chunk, and at most :data:`~sim.scenario.dynamics.MAX_REPLICATES` runs are
accepted (the schema's bound on ``dynamics.replicates``). Each chunk is appended to the Parquet
files as row groups and folded into a running summary, so memory stays bounded by one chunk per
worker whatever the number of replicates.

Outputs in ``out_dir``:

* ``timeseries.parquet``: one row per replicate and quarter (``replicate``, ``quarter`` and
  :data:`~sim.model.model.TIMESERIES_COLUMNS`);
* ``runs.parquet``: one row per replicate (:data:`RUN_COLUMNS`).

Examples
--------
>>> import tempfile
>>> from sim.scenario.schema import Scenario
>>> from sim.scenario.dynamics import MAX_REPLICATES, MAX_WORKERS, Dynamics
>>> scenario = Scenario(name="demo", dynamics=Dynamics.static(quarters=4))
>>> with tempfile.TemporaryDirectory() as folder:
...     summary = run_dynamics(scenario, replicates=3, root_seed=1, out_dir=folder)
>>> summary.replicates, summary.quarters
(3, 4)
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from numpy.typing import NDArray
from tqdm import tqdm

from sim.experiments.pool import starting_workers, stop_pool, worker_pool
from sim.guarantee.names import ACTOR_KEYS
from sim.model.model import RUN_TOTALS, TIMESERIES_COLUMNS, GuaranteeModel, horizon_quarters
from sim.model.stage import StagePolicy
from sim.scenario.dynamics import MAX_REPLICATES, MAX_WORKERS, Dynamics
from sim.scenario.schema import Scenario

CHUNK_SIZE = 250
"""Replicates per chunk (one Parquet row group per chunk and file)."""

TIMESERIES_FILE = "timeseries.parquet"
RUNS_FILE = "runs.parquet"

RUN_COLUMNS: dict[str, Any] = {
    "replicate": np.int32,
    **{name: dtype for name, (_, dtype) in RUN_TOTALS.items()},
    **{f"cost_{actor}": np.float64 for actor in ACTOR_KEYS},
    "final_belief_us": np.float32,
    "final_belief_ec": np.float32,
    "final_coalition_size": np.int16,
}
"""Per-run record: column → dtype. ``first_invasion`` is the 1-based quarter of the first
invasion, −1 if none."""

Arrays = dict[str, NDArray[Any]]

# ---------------------------------------------------------------------------------------------
# One chunk of replicates
# ---------------------------------------------------------------------------------------------
_POLICIES: dict[str, StagePolicy] = {}
"""Per-process cache of stage policies by resolved scenario (JSON), shared by chunks."""


def _policy(scenario: Scenario, key: str, dynamics: Dynamics) -> StagePolicy:
    found = _POLICIES.get(key)
    if found is None:
        _POLICIES.clear()
        found = StagePolicy(scenario, dynamics)
        _POLICIES[key] = found
    return found


def run_chunk(
    scenario_json: str, seeds: Sequence[np.random.SeedSequence], first: int
) -> tuple[Arrays, Arrays]:
    """Run replicates ``first, first + 1, ...`` with ``seeds``; return (timeseries, runs) columns.

    A top-level function of JSON and seeds, so that it can run in a spawned process.
    """
    scenario = Scenario.model_validate_json(scenario_json)
    dynamics = scenario.dynamics or Dynamics()
    model = GuaranteeModel(scenario, seeds=seeds, policy=_policy(scenario, scenario_json, dynamics))
    model.run()
    n, quarters = len(seeds), model.quarters
    series: Arrays = {
        "replicate": np.repeat(np.arange(first, first + n, dtype=np.int32), quarters),
        "quarter": np.tile(np.arange(1, quarters + 1, dtype=np.int16), n),
    }
    for name, dtype in TIMESERIES_COLUMNS.items():
        series[name] = model.record[name].reshape(-1).astype(dtype, copy=False)
    runs: Arrays = {name: np.zeros(n, dtype=dtype) for name, dtype in RUN_COLUMNS.items()}
    runs["replicate"][:] = np.arange(first, first + n)
    for name in RUN_TOTALS:
        runs[name][:] = model.totals[name]
    costs = model.costs
    for a, actor in enumerate(ACTOR_KEYS):
        runs[f"cost_{actor}"][:] = costs[:, a]
    mu_us, mu_ec = model.russia.belief_means
    runs["final_belief_us"][:] = mu_us
    runs["final_belief_ec"][:] = mu_ec
    runs["final_coalition_size"][:] = model.coalition_size
    return series, runs


# ---------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------
@dataclass
class DynamicsSummary:
    """What the replicates add up to.

    Attributes
    ----------
    replicates, quarters
        Runs and horizon.
    p_invasion_within_horizon
        Share of runs with at least one invasion (either Russian type).
    median_quarters_to_invasion
        Median quarter of the first invasion over all runs (runs without one count as later than
        the horizon); ``None`` when at most half of the runs see one.
    share_quarters_at_peace
        Share of all quarters without an invasion, a war or a catastrophe (probes allowed).
    probes_per_run
        Mean number of probes per run.
    unanswered_probe_share
        Share of probes that went unanswered (undetected or ignored); ``None`` without probes.
    p_direct_guarantor_war
        Share of runs in which guarantor forces fought Russia (direct war or catastrophe).
    mean_costs
        Actor key → mean over runs of the accumulated cost (payoff shortfall against peace).
    equilibrium_consistency
        Share of the opportunist's decisions equal to the stage game's equilibrium move at the
        true commitment probabilities; ``None`` without decisions.
    root_seed
        The root seed the replicates' generators were spawned from.
    """

    p_invasion_within_horizon: float
    median_quarters_to_invasion: float | None
    share_quarters_at_peace: float
    probes_per_run: float
    unanswered_probe_share: float | None
    p_direct_guarantor_war: float
    mean_costs: dict[str, float]
    equilibrium_consistency: float | None
    replicates: int
    quarters: int
    root_seed: int
    files: dict[str, str] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the keys ``deter run --json`` reports; not the file paths)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.repr}


class _Accumulator:
    """Running sums over chunks (bounded memory: a histogram of first-invasion quarters)."""

    def __init__(self, quarters: int):
        self.quarters = quarters
        self.n = 0
        self.first = np.zeros(quarters + 2, dtype=np.int64)  # index q; quarters+1 = never
        self.peace = 0
        self.probes = 0
        self.unanswered = 0
        self.direct = 0
        self.decisions = 0
        self.consistent = 0
        self.costs = np.zeros(len(ACTOR_KEYS))

    def add(self, runs: Arrays) -> None:
        first = runs["first_invasion"].astype(np.int64)
        first = np.where(first < 0, self.quarters + 1, first)
        self.first += np.bincount(first, minlength=self.quarters + 2)
        self.n += len(first)
        self.peace += int(runs["quarters_at_peace"].sum())
        self.probes += int(runs["probes"].sum())
        self.unanswered += int(runs["unanswered_probes"].sum())
        self.direct += int(runs["direct_war"].sum())
        self.decisions += int(runs["decisions"].sum())
        self.consistent += int(runs["consistent_decisions"].sum())
        self.costs += [runs[f"cost_{a}"].sum() for a in ACTOR_KEYS]

    def summary(self, root_seed: int) -> DynamicsSummary:
        n = max(self.n, 1)
        invaded = int(self.first[: self.quarters + 1].sum())
        cumulative = np.cumsum(self.first)
        median_index = int(np.searchsorted(cumulative, self.n / 2.0))
        median: float | None = float(median_index) if invaded * 2 > self.n else None
        return DynamicsSummary(
            replicates=self.n,
            quarters=self.quarters,
            p_invasion_within_horizon=invaded / n,
            median_quarters_to_invasion=median,
            share_quarters_at_peace=self.peace / (n * self.quarters),
            probes_per_run=self.probes / n,
            unanswered_probe_share=self.unanswered / self.probes if self.probes else None,
            p_direct_guarantor_war=self.direct / n,
            mean_costs={a: float(c / n) for a, c in zip(ACTOR_KEYS, self.costs, strict=True)},
            equilibrium_consistency=(self.consistent / self.decisions if self.decisions else None),
            root_seed=root_seed,
        )


# ---------------------------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------------------------
def progress_bar(
    total: int, *, enabled: bool, stream: TextIO | None = None, unit: str = " replicates"
) -> tqdm[Any]:
    """A progress bar with an ETA (tqdm) on a terminal stream; silent when disabled or when the
    stream (default stderr) is not a terminal.

    Examples
    --------
    >>> import io
    >>> bar = progress_bar(10, enabled=True, stream=io.StringIO())  # not a terminal: silent
    >>> bar.update(5); bar.close()
    """
    out = stream if stream is not None else sys.stderr
    on = enabled and bool(getattr(out, "isatty", lambda: False)())
    return tqdm(total=total, disable=not on, file=out, unit=unit, dynamic_ncols=True)


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------
def _schema(columns: dict[str, Any]) -> pa.Schema:
    return pa.schema(
        [(name, pa.from_numpy_dtype(np.dtype(dtype))) for name, dtype in columns.items()]
    )


TIMESERIES_SCHEMA = _schema({"replicate": np.int32, "quarter": np.int16, **TIMESERIES_COLUMNS})
RUNS_SCHEMA = _schema(RUN_COLUMNS)


def machine_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def usable_workers(requested: int | None) -> int:
    """The worker processes a run uses for ``requested``: at least 1, at most the machine's cores
    (more processes than cores only add memory: each holds a copy of the model).

    Raises
    ------
    ValueError
        If ``requested`` is above :data:`~sim.scenario.dynamics.MAX_WORKERS`.

    Examples
    --------
    >>> usable_workers(None), usable_workers(1)
    (1, 1)
    >>> usable_workers(10**6)
    Traceback (most recent call last):
    ...
    ValueError: workers must be at most 256, not 1000000
    """
    if requested is None or requested <= 1:
        return 1
    if requested > MAX_WORKERS:
        raise ValueError(f"workers must be at most {MAX_WORKERS}, not {requested}")
    return min(requested, machine_cores())


def spawned_seeds(root: int, start: int, stop: int) -> list[np.random.SeedSequence]:
    """Children ``start`` to ``stop - 1`` of ``SeedSequence(root).spawn(...)``, made without
    making the others (so a million runs do not hold a million generators' seeds at once).

    >>> a = np.random.SeedSequence(7).spawn(5)[2:4]
    >>> b = spawned_seeds(7, 2, 4)
    >>> [x.generate_state(2).tolist() for x in a] == [x.generate_state(2).tolist() for x in b]
    True
    """
    return [np.random.SeedSequence(root, spawn_key=(i,)) for i in range(start, stop)]


def _chunks(
    scenario_json: str,
    root_seed: int,
    replicates: int,
    chunk_size: int,
    workers: int,
) -> Generator[tuple[Arrays, Arrays], None, None]:
    starts = list(range(0, replicates, chunk_size))

    def job(start: int) -> tuple[str, list[np.random.SeedSequence], int]:
        stop = min(start + chunk_size, replicates)
        return scenario_json, spawned_seeds(root_seed, start, stop), start

    if workers <= 1 or len(starts) <= 1:
        for start in starts:
            yield run_chunk(*job(start))
        return
    pool = worker_pool(workers)
    try:
        with starting_workers():  # the workers are spawned by these first submissions
            futures = [pool.submit(run_chunk, *job(s)) for s in starts[: workers * 2]]
        submitted = len(futures)
        for i in range(len(starts)):
            result = futures[i].result()
            futures[i] = None  # type: ignore[call-overload]
            if submitted < len(starts):
                futures.append(pool.submit(run_chunk, *job(starts[submitted])))
                submitted += 1
            yield result
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def run_dynamics(
    scenario: Scenario,
    *,
    replicates: int | None = None,
    root_seed: int | None = None,
    out_dir: str | Path | None,
    workers: int | None = None,
    progress: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> DynamicsSummary:
    """Run the repeated game's replicates and write ``timeseries.parquet`` and ``runs.parquet``.

    Parameters
    ----------
    scenario
        The scenario; its ``dynamics`` block (or the defaults) drives the runs.
    replicates
        Number of runs (default ``dynamics.replicates``).
    root_seed
        Root of every run's generator (default ``scenario.seed``); run i uses
        ``SeedSequence(root_seed).spawn(replicates)[i]``.
    out_dir
        Folder for the Parquet files (created if missing); ``None`` writes nothing and returns
        the summary alone (a sweep's points).
    workers
        Processes; ``None`` or 1 runs serially (outputs are identical either way). More than
        the machine's cores are lowered to the number of cores (:func:`usable_workers`).
    progress
        Show a progress bar on stderr when it is a terminal.
    chunk_size
        Replicates per chunk (memory per worker is one chunk's outputs).

    Returns
    -------
    DynamicsSummary
        The summary, with the written files in ``files``.
    """
    dynamics = scenario.dynamics or Dynamics()
    n = dynamics.replicates if replicates is None else int(replicates)
    if not 1 <= n <= MAX_REPLICATES:
        raise ValueError(f"replicates must be from 1 to {MAX_REPLICATES}, not {n}")
    seed = scenario.seed if root_seed is None else int(root_seed)
    quarters = horizon_quarters(scenario, dynamics)
    resolved = scenario.model_copy(update={"dynamics": dynamics})
    scenario_json = resolved.model_dump_json()

    totals = _Accumulator(quarters)
    bar = progress_bar(n, enabled=progress)
    folder = None if out_dir is None else Path(out_dir)
    with contextlib.ExitStack() as files:
        writers = None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            writers = (
                files.enter_context(pq.ParquetWriter(folder / TIMESERIES_FILE, TIMESERIES_SCHEMA)),
                files.enter_context(pq.ParquetWriter(folder / RUNS_FILE, RUNS_SCHEMA)),
            )
        chunks = _chunks(scenario_json, seed, n, chunk_size, usable_workers(workers))
        files.enter_context(contextlib.closing(chunks))  # an interruption stops the pool
        for series, runs in chunks:
            if writers is not None:
                writers[0].write_table(pa.table(series, schema=TIMESERIES_SCHEMA))
                writers[1].write_table(pa.table(runs, schema=RUNS_SCHEMA))
            totals.add(runs)
            bar.update(len(runs["replicate"]))
    bar.close()
    summary = totals.summary(seed)
    if folder is not None:
        summary.files = {
            "timeseries": str(folder / TIMESERIES_FILE),
            "runs": str(folder / RUNS_FILE),
        }
        (folder / "dynamics_summary.json").write_text(
            json.dumps(summary.to_dict(), indent=2) + "\n"
        )
    return summary
