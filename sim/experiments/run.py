"""One scenario run, end to end: solve, write an atomic results bundle, return the result.

This is the Python API behind ``deter run`` (it prints nothing). A run

1. solves the guarantee game of the scenario
   (:func:`sim.guarantee.solution.solve_guarantee`), before any folder is created;
2. opens an atomic bundle ``<out_dir>/<name>/<UTC timestamp>-<hash8>/``
   (:func:`sim.experiments.bundle.atomic_bundle`);
3. runs the repeated game when the scenario has a ``dynamics:`` block
   (:func:`add_dynamics_outputs`, which writes its tables into the bundle);
4. writes ``scenario.yaml`` (the resolved scenario) and ``equilibrium.json``;
5. calls each *artifact writer* (figures and the report come from :mod:`sim.analysis`, a higher
   layer, so the caller passes them in: the CLI passes the game-tree figure and the report);
6. writes ``manifest.json`` last, with timings per phase, and renames the folder into place.

Any exception before the rename leaves nothing behind.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.experiments.bundle import Bundle, atomic_bundle
from sim.experiments.manifest import PhaseTimer, build_manifest, utc_now

if TYPE_CHECKING:
    from sim.guarantee.solution import GuaranteeSolution
    from sim.scenario.loader import LoadedScenario
    from sim.scenario.schema import Scenario

DEFAULT_OUT_DIR = Path("results")
"""Default results root of ``deter run``."""


@dataclass
class RunOutputs:
    """What a run has computed, handed to each artifact writer.

    Attributes
    ----------
    loaded
        The loaded scenario (resolved scenario, path, hash, sources).
    solution
        The solved guarantee game.
    command
        The command line recorded in the manifest.
    started
        UTC start of the run.
    dynamics
        Summary of the repeated-game runs (``DynamicsSummary.to_dict()``), or ``None`` when the
        scenario has no ``dynamics:`` block.
    """

    loaded: LoadedScenario
    solution: GuaranteeSolution
    command: tuple[str, ...]
    started: datetime
    dynamics: dict[str, Any] | None = None


ArtifactWriter = Callable[[RunOutputs, Bundle], None]
"""Writes one or more files into ``bundle.path`` (registering them with ``bundle.files``)."""


@dataclass
class RunResult:
    """A finished run.

    Attributes
    ----------
    outputs
        What was computed (see :class:`RunOutputs`).
    bundle
        The folder of the results bundle.
    manifest
        The contents of ``manifest.json``.
    files
        Names of the files in the bundle.
    """

    outputs: RunOutputs
    bundle: Path
    manifest: dict[str, Any]
    files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: the solution's keys plus ``scenario``, ``hash`` and ``bundle``,
        and, when the repeated game was run, the keys of ``DynamicsSummary.to_dict()``
        (``p_invasion_within_horizon``, ``median_quarters_to_invasion``, ...) at the top level."""
        loaded = self.outputs.loaded
        out: dict[str, Any] = {
            "scenario": loaded.scenario.name,
            "hash": loaded.hash,
            **self.outputs.solution.to_dict(),
            "bundle": str(self.bundle),
        }
        if self.outputs.dynamics is not None:
            clashes = set(out) & set(self.outputs.dynamics)
            assert not clashes, f"dynamics keys clash with solution keys: {sorted(clashes)}"
            out.update(self.outputs.dynamics)
        return out


def add_dynamics_outputs(
    scenario: Scenario, folder: Path, options: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """Run the repeated game of a scenario with a ``dynamics:`` block into ``folder``.

    Parameters
    ----------
    scenario
        The validated scenario; without a ``dynamics`` block nothing is run.
    folder
        The bundle's (temporary) folder; the runs write their Parquet tables there.
    options
        Keyword arguments passed on to :func:`sim.experiments.replicates.run_dynamics`
        (``replicates``, ``root_seed``, ``workers``, ``progress``).

    Returns
    -------
    dict or None
        ``DynamicsSummary.to_dict()``, or ``None`` when the scenario has no dynamics.
    """
    if getattr(scenario, "dynamics", None) is None:
        return None
    from sim.experiments.replicates import run_dynamics

    summary = run_dynamics(scenario, out_dir=folder, **dict(options or {}))
    result: dict[str, Any] = summary.to_dict()
    return result


def run_scenario(
    loaded: LoadedScenario,
    *,
    out_dir: str | Path = DEFAULT_OUT_DIR,
    command: Sequence[str] | None = None,
    artifacts: Sequence[ArtifactWriter] = (),
    dynamics_options: Mapping[str, Any] | None = None,
) -> RunResult:
    """Solve a loaded scenario and write its results bundle atomically.

    Parameters
    ----------
    loaded
        A scenario from :func:`sim.scenario.loader.load_scenario` (already validated).
    out_dir
        Results root; the bundle goes to ``out_dir/<name>/<UTC timestamp>-<hash8>/``.
    command
        Command line to record (default ``sys.argv``).
    artifacts
        Writers of further files (figures, report), called in order after ``equilibrium.json``.
    dynamics_options
        Options of the repeated-game runs (see :func:`add_dynamics_outputs`).

    Returns
    -------
    RunResult
        The solution, the bundle path and the manifest.

    Raises
    ------
    sim.equilibria.verify.EquilibriumVerificationError
        If the solution cannot be certified (nothing is written).
    """
    from sim.guarantee.solution import solve_guarantee

    started = utc_now()
    timer = PhaseTimer()
    scenario = loaded.scenario
    with timer.phase("solve"):
        solution = solve_guarantee(scenario)
    outputs = RunOutputs(
        loaded=loaded,
        solution=solution,
        command=tuple(sys.argv if command is None else command),
        started=started,
    )
    with atomic_bundle(out_dir, scenario.name, started, loaded.hash) as bundle:
        if getattr(scenario, "dynamics", None) is not None:
            with timer.phase("dynamics"):
                outputs.dynamics = add_dynamics_outputs(scenario, bundle.path, dynamics_options)
        with timer.phase("write"):
            bundle.write_text("scenario.yaml", loaded.resolved_yaml())
            bundle.write_json("equilibrium.json", solution.to_dict())
        for writer in artifacts:
            with timer.phase(_phase_name(writer)):
                writer(outputs, bundle)
        files = sorted({*bundle.files, "manifest.json", *_names(bundle.path)})
        manifest = build_manifest(
            scenario_name=scenario.name,
            scenario_hash=loaded.hash,
            root_seed=scenario.seed,
            command=outputs.command,
            started=started,
            finished=utc_now(),
            timings=timer.as_dict(),
            files=files,
            sources=[str(p) for p in loaded.sources],
            extra={"dynamics": outputs.dynamics} if outputs.dynamics is not None else None,
        )
        bundle.write_json("manifest.json", manifest)
    return RunResult(outputs=outputs, bundle=bundle.final, manifest=manifest, files=files)


def _phase_name(writer: ArtifactWriter) -> str:
    name = getattr(writer, "__name__", type(writer).__name__)
    return name.removeprefix("write_")


def _names(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
