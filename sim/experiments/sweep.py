"""A sweep end to end: design points, chunks on an engine, checkpoints, a results bundle.

This is the Python API behind ``deter sweep`` (it prints nothing). A sweep

1. makes its design points (:func:`~sim.experiments.sampling.design_points`) and cuts them into
   chunks of a fixed size (the size depends on the kind of sweep only, never on the engine);
2. opens a hidden working folder ``<out>/<name>/.partial-<UTC time>-<hash8>/`` holding
   ``sweep.json`` (the resolved scenario and what the run needs to resume) and a ``chunks/``
   folder;
3. evaluates the chunks (:func:`~sim.experiments.sweep_points.evaluate_points`) on an engine:
   ``serial``, ``processes`` (:func:`~sim.experiments.pool.worker_pool`: spawned, Ctrl-C safe) or
   ``dask`` (a ``distributed.LocalCluster``, or the scheduler at ``address``); each finished
   chunk is written atomically (a temporary file renamed into place), so a sweep killed at any
   moment keeps every chunk it finished;
4. joins the chunks in order into ``points.parquet`` (the sweep's metadata under the Parquet key
   ``deter``: kind, parameters, sampler, seed, scenario hash), writes ``tornado.parquet`` (the
   one-at-a-time swing of every judgement constant at the scenario's own design), the resolved
   ``scenario.yaml``, the artifacts the caller passes (figures, report) and ``manifest.json``,
   and renames the folder to ``<out>/<name>/<UTC time>-<hash8>/``.

:func:`run_sweep` with ``resume=`` a working folder finishes an interrupted sweep: it runs only
the chunks that are missing. Every point's numbers depend on the scenario and its root seed alone,
so ``points.parquet`` has the same bytes whatever the engine, the number of workers, and whether
the sweep was interrupted and resumed.

Examples
--------
>>> import tempfile, pathlib
>>> from sim.scenario.loader import load_scenario
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "s.yaml").write_text(
...     "name: demo\\nsweep:\\n  parameters:\\n"
...     "    guarantee.automaticity: {range: [0, 1], steps: 5}\\n")
>>> result = run_sweep(load_scenario(folder / "s.yaml"), out_dir=folder, engine="serial")
>>> len(result.outputs.points), sorted(p.name for p in result.bundle.glob("*.parquet"))
(5, ['points.parquet', 'tornado.parquet'])
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from sim.experiments.bundle import bundle_name
from sim.experiments.manifest import PhaseTimer, build_manifest, utc_now
from sim.experiments.pool import starting_workers, stop_pool, worker_pool
from sim.experiments.replicates import progress_bar
from sim.experiments.sampling import design_points, sweep_meta, uncertain_draws
from sim.experiments.sweep_points import evaluate_points, sweep_kind, tornado_table
from sim.scenario.sweep import ENGINES

if TYPE_CHECKING:
    from sim.scenario.loader import LoadedScenario
    from sim.scenario.schema import Scenario

CHUNK_POINTS: dict[str, int] = {"guarantee": 4096, "dynamic": 1, "game": 256}
"""Design points per chunk, by kind of sweep (one batched solve per chunk)."""

POOL_MIN_POINTS = 250_000
"""Stage-game sweeps smaller than this run in the calling process under ``engine="processes"``:
they solve at about 30,000 points a second on one core, less time than spawning workers takes
(``benchmarks/sweeps.py``). Dynamic sweeps always use the pool. The bytes are the same."""

PARTIAL_PREFIX = ".partial-"
STATE_FILE = "sweep.json"
CHUNKS = "chunks"
POINTS_FILE = "points.parquet"
TORNADO_FILE = "tornado.parquet"
META_KEY = b"deter"


class SweepInterrupted(KeyboardInterrupt):
    """A sweep stopped before its end; ``folder`` holds its finished chunks (``--resume``)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder


class EngineError(RuntimeError):
    """An engine could not be used (for example an unreachable Dask scheduler)."""


@dataclass
class SweepOutputs:
    """What a sweep computed, handed to each artifact writer.

    Attributes
    ----------
    scenario
        The resolved scenario (with its sweep block).
    scenario_hash
        Its canonical hash.
    points
        The points table (``points.parquet``).
    meta
        The sweep's metadata (also in ``points.parquet``).
    tornado
        The one-at-a-time table, or None (``game:`` sweeps).
    findings
        Headline findings, where an artifact writer computed them (the report's).
    """

    scenario: Scenario
    scenario_hash: str
    points: pd.DataFrame
    meta: dict[str, Any]
    tornado: pd.DataFrame | None = None
    findings: dict[str, Any] | None = None


SweepArtifact = Callable[[SweepOutputs, Path], list[str]]
"""Writes files into the (working) bundle folder and returns their names."""


@dataclass
class SweepResult:
    """A finished sweep: its outputs, the bundle, the manifest and timing."""

    outputs: SweepOutputs
    bundle: Path
    manifest: dict[str, Any]
    seconds: float
    files: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------------
@dataclass
class SweepPlan:
    """The chunks of a sweep: everything a worker needs, derived from the scenario alone."""

    scenario: Scenario
    kind: str
    points: pd.DataFrame
    draws: dict[str, np.ndarray]
    replicates: int | None
    chunk_points: int

    @classmethod
    def of(cls, scenario: Scenario) -> SweepPlan:
        kind = sweep_kind(scenario)
        points = design_points(scenario)
        points.insert(0, "point", np.arange(len(points), dtype=np.int64))
        replicates = None
        if kind == "dynamic":
            assert scenario.sweep is not None and scenario.dynamics is not None
            replicates = scenario.sweep.replicates or scenario.dynamics.replicates
        return cls(
            scenario, kind, points, uncertain_draws(scenario), replicates, CHUNK_POINTS[kind]
        )

    @property
    def chunks(self) -> int:
        return -(-len(self.points) // self.chunk_points)

    def job(self, index: int) -> tuple[str, pd.DataFrame, dict[str, np.ndarray], dict[str, Any]]:
        start = index * self.chunk_points
        part = self.points.iloc[start : start + self.chunk_points].reset_index(drop=True)
        options = {"replicates": self.replicates}
        return self.scenario.model_dump_json(), part, self.draws, options


def evaluate_chunk(
    scenario_json: str, part: pd.DataFrame, draws: dict[str, np.ndarray], options: dict[str, Any]
) -> pa.Table:
    """One chunk's rows as an Arrow table (a top-level function: it runs in other processes)."""
    rows = evaluate_points(scenario_json, part, draws, options)
    return pa.Table.from_pandas(rows, preserve_index=False).replace_schema_metadata(None)


# --------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------
def _serial(plan: SweepPlan, todo: Sequence[int]) -> Iterator[tuple[int, pa.Table]]:
    for i in todo:
        yield i, evaluate_chunk(*plan.job(i))


def _processes(
    plan: SweepPlan, todo: Sequence[int], workers: int
) -> Iterator[tuple[int, pa.Table]]:
    pool = worker_pool(workers)
    pending = list(todo)
    try:
        with starting_workers():  # the workers are spawned by these first submissions
            running = {pool.submit(evaluate_chunk, *plan.job(i)): i for i in pending[: workers * 2]}
        pending = pending[workers * 2 :]
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                i = running.pop(future)
                if pending:
                    nxt = pending.pop(0)
                    running[pool.submit(evaluate_chunk, *plan.job(nxt))] = nxt
                yield i, future.result()
    except BaseException:  # Ctrl-C, SIGTERM or an error: the finished chunks are kept
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _dask(
    plan: SweepPlan, todo: Sequence[int], workers: int, address: str | None
) -> Iterator[tuple[int, pa.Table]]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as error:  # pragma: no cover - a dependency of the package
        raise EngineError(f"the dask engine needs the 'distributed' package: {error}") from error
    cluster = None
    try:
        if address is None:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout="5s")
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        raise EngineError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    try:
        futures = {client.submit(evaluate_chunk, *plan.job(i), pure=False): i for i in todo}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _engine(
    plan: SweepPlan, todo: Sequence[int], engine: str, workers: int, address: str | None
) -> Iterator[tuple[int, pa.Table]]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "dask":
        return _dask(plan, todo, workers, address)
    large = plan.kind == "dynamic" or len(plan.points) >= POOL_MIN_POINTS
    if engine == "processes" and workers > 1 and len(todo) > 1 and large:
        return _processes(plan, todo, min(workers, len(todo)))
    return _serial(plan, todo)


# --------------------------------------------------------------------------------------------
# Working folder, checkpoints, bundle
# --------------------------------------------------------------------------------------------
def chunk_path(folder: Path, index: int) -> Path:
    return folder / CHUNKS / f"{index:06d}.parquet"


def _write_atomic(table: pa.Table, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp)
    os.replace(tmp, target)


def _finished_chunks(folder: Path, count: int) -> set[int]:
    return {i for i in range(count) if chunk_path(folder, i).exists()}


def write_points(table: pa.Table, meta: dict[str, Any], target: Path) -> None:
    """``points.parquet`` with the sweep's metadata (deterministic bytes)."""
    stamped = table.replace_schema_metadata({META_KEY: json.dumps(meta, sort_keys=True)})
    _write_atomic(stamped, target)


def read_points(path: str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A sweep's points table and metadata, from ``points.parquet`` or its bundle folder."""
    file = Path(path)
    if file.is_dir():
        file = file / POINTS_FILE
    table = pq.read_table(file)
    raw = (table.schema.metadata or {}).get(META_KEY)
    if raw is None:
        raise ValueError(f"{file}: not a sweep's points table (no 'deter' metadata)")
    return table.to_pandas(), json.loads(raw)


def run_sweep(
    loaded: LoadedScenario | None = None,
    *,
    out_dir: str | Path = "results",
    engine: str = "processes",
    workers: int = 1,
    address: str | None = None,
    progress: bool = False,
    command: Sequence[str] | None = None,
    artifacts: Sequence[SweepArtifact] = (),
    resume: str | Path | None = None,
    stop_after: int | None = None,
) -> SweepResult:
    """Run a scenario's sweep (module notes), or finish one from its working folder.

    Parameters
    ----------
    loaded
        A loaded scenario with a ``sweep:`` block (not needed with ``resume``).
    out_dir
        Results root; the bundle goes to ``out_dir/<name>/<UTC time>-<hash8>/``.
    engine, workers, address
        Where chunks run (``serial``, ``processes``, ``dask``), with how many workers, and the
        address of an existing Dask scheduler (default: a local cluster).
    progress
        Show a progress bar (tqdm, with an ETA) on stderr when it is a terminal.
    command
        Command line recorded in the manifest (default ``sys.argv``).
    artifacts
        Writers of figures and the report, called after the tables are written.
    resume
        The working folder (``.partial-...``) of an interrupted sweep.
    stop_after
        Stop after this many chunks, as if interrupted (tests of resuming).

    Raises
    ------
    SweepInterrupted
        On Ctrl-C (or ``stop_after``): the working folder keeps the finished chunks.
    EngineError
        If the engine cannot start. On any error but an interrupt, the working folder of a new
        sweep is removed.
    """
    from sim.scenario.hashing import scenario_hash
    from sim.scenario.validation import validate_mapping

    started_clock = time.perf_counter()
    timer = PhaseTimer()
    if resume is not None:
        folder = Path(resume)
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        scenario = validate_mapping(yaml.safe_load(state["scenario_yaml"]), source=str(folder))
        digest = scenario_hash(scenario)
        if digest != state["hash"]:
            raise ValueError(f"{folder}: its scenario no longer hashes to {state['hash'][:8]}")
        started = datetime.fromisoformat(state["started"])
        sources = state.get("sources", [])
    else:
        if loaded is None:
            raise ValueError("run_sweep needs a loaded scenario or resume=")
        scenario, digest, started = loaded.scenario, loaded.hash, utc_now()
        sources = [str(p) for p in loaded.sources]
        if scenario.sweep is None:
            raise ValueError(f"scenario {scenario.name!r} has no 'sweep:' block")
    with timer.phase("plan"):
        plan = SweepPlan.of(scenario)
        meta = sweep_meta(scenario, digest, plan.kind)
        if plan.replicates is not None:
            meta["replicates"] = plan.replicates
    parent = folder.parent if resume is not None else Path(out_dir) / scenario.name
    name = bundle_name(started, digest)
    if resume is None:
        parent.mkdir(parents=True, exist_ok=True)
        folder = parent / f"{PARTIAL_PREFIX}{name}"
        (folder / CHUNKS).mkdir(parents=True, exist_ok=True)
        state = {
            "scenario_yaml": _resolved_yaml(scenario),
            "hash": digest,
            "started": started.isoformat(),
            "sources": sources,
            "command": list(sys.argv if command is None else command),
        }
        (folder / STATE_FILE).write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    done = _finished_chunks(folder, plan.chunks)
    todo = [i for i in range(plan.chunks) if i not in done]
    bar = progress_bar(len(plan.points), enabled=progress, unit=" points")
    bar.update(sum(min(plan.chunk_points, len(plan.points) - i * plan.chunk_points) for i in done))
    with timer.phase("solve"):
        finished = 0
        try:
            for index, table in _engine(plan, todo, engine, workers, address):
                _write_atomic(table, chunk_path(folder, index))
                bar.update(table.num_rows)
                finished += 1
                if stop_after is not None and finished >= stop_after:
                    raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise SweepInterrupted(folder) from None
        except BaseException:
            if resume is None:  # a failed sweep leaves nothing behind; a resumed one its chunks
                shutil.rmtree(folder, ignore_errors=True)
            raise
        finally:
            bar.close()
    with timer.phase("write"):
        table = pa.concat_tables([pq.read_table(chunk_path(folder, i)) for i in range(plan.chunks)])
        meta["columns"] = table.column_names
        write_points(table, meta, folder / POINTS_FILE)
        points = table.to_pandas()
        tornado = None if plan.kind == "game" else tornado_table(scenario)
        if tornado is not None:
            _write_atomic(
                pa.Table.from_pandas(tornado, preserve_index=False).replace_schema_metadata(None),
                folder / TORNADO_FILE,
            )
        (folder / "scenario.yaml").write_text(_resolved_yaml(scenario), encoding="utf-8")
    outputs = SweepOutputs(scenario, digest, points, meta, tornado)
    for writer in artifacts:
        with timer.phase(getattr(writer, "__name__", "artifact").removeprefix("write_")):
            writer(outputs, folder)
    shutil.rmtree(folder / CHUNKS)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    files = sorted({*files, "manifest.json"} - {STATE_FILE})
    seconds = time.perf_counter() - started_clock
    manifest = build_manifest(
        scenario_name=scenario.name,
        scenario_hash=digest,
        root_seed=scenario.seed,
        command=list(sys.argv if command is None else command),
        started=started,
        finished=utc_now(),
        timings=timer.as_dict(),
        files=files,
        sources=sources,
        extra={
            "sweep": {
                "kind": plan.kind,
                "points": len(points),
                "chunks": plan.chunks,
                "engine": engine,
                "workers": workers,
                "resumed": resume is not None,
            }
        },
    )
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    (folder / STATE_FILE).unlink()
    final = _rename_free(folder, parent, name)
    return SweepResult(outputs, final, manifest, seconds, files)


def _rename_free(folder: Path, parent: Path, base: str) -> Path:
    suffix = 1
    while True:
        final = parent / (base if suffix == 1 else f"{base}-{suffix}")
        if not final.exists():
            os.rename(folder, final)
            return final
        suffix += 1


def _resolved_yaml(scenario: Scenario) -> str:
    from sim.scenario.loader import resolved_yaml

    return resolved_yaml(scenario)
