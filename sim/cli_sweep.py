"""``deter sweep`` and ``deter plot``: parameter sweeps and their figures from the command line.

Thin layers over :func:`sim.experiments.sweep.run_sweep` (the sweep and its bundle) and
:mod:`sim.analysis.sweep_report` (figures, findings, report); no modelling logic lives here.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.cli_scenarios import (
    BadInputError,
    check_out_dir,
    lowered_workers,
    out_dir,
    positive_int,
    resolve_scenario_path,
    workers_count,
)
from sim.scenario.dynamics import MAX_WORKERS

SWEEP_EPILOG = """\
Examples:
  deter sweep scenarios/sweeps/automaticity_x_troops.yaml
  deter sweep august_2025_proposal --param guarantee.automaticity=0:1:21 \\
      --param guarantee.troops_on_ground=0:60:13 --json
  deter sweep us_backstop_air --param guarantee.us_backstop=none,isr_logistics,air,armed \\
      --param guarantee.coalition.size=1:35:18
  deter sweep my.yaml --sampler lhs --samples 2000 --uncertain judgement --engine dask
  deter sweep --resume results/my_sweep/.partial-20260101T000000Z-abcdef01

--param PATH=LO:HI:STEPS (a grid axis; add :log for log spacing), PATH=LO:HI (a range the lhs,
sobol or random sampler draws), PATH=A,B,C (values; categorical fields such as legal_form).
Writes results/<name>/<UTC time>-<hash8>/ with points.parquet, tornado.parquet, figures,
report.md, scenario.yaml and manifest.json. An interrupted sweep keeps its finished chunks in a
hidden .partial-* folder; --resume finishes it with the same points.parquet bytes.
"""

PLOT_EPILOG = """\
Examples:
  deter plot results/automaticity_x_troops/20260101T000000Z-abcdef01 --kind map
  deter plot BUNDLE --kind threshold --x guarantee.troops_on_ground --y guarantee.automaticity
  deter plot BUNDLE --kind sobol --output acceptance_margin --out sobol.png

Redraws a figure from the bundle's points.parquet (and tornado.parquet) alone.
"""


def add_commands(command: Any, common: argparse.ArgumentParser, overrides: Any) -> None:
    """Add ``sweep`` and ``plot`` to the ``deter`` parser (``command`` makes a sub-parser)."""
    from sim.scenario.sweep import ENGINES, SAMPLERS

    sweep = command(
        "sweep",
        "sweep a scenario's design space and write a results bundle",
        [overrides],
        SWEEP_EPILOG,
    )
    sweep.add_argument(
        "scenario", nargs="?", help="scenario file or preset name (not with --resume)"
    )
    sweep.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="PATH=SPEC",
        help="a parameter to sweep (repeatable; see below)",
    )
    sweep.add_argument("--sampler", choices=SAMPLERS, help="grid (default), lhs, sobol, random")
    sweep.add_argument("--samples", type=positive_int, help="points to draw (sobol: N, 2^k)")
    sweep.add_argument(
        "--uncertain",
        action="append",
        default=[],
        metavar="PATH=LO:HI",
        help="an uncertain constant, or 'judgement' for all (repeatable)",
    )
    sweep.add_argument("--draws", type=positive_int, help="draws of the uncertain constants")
    sweep.add_argument(
        "--replicates",
        type=positive_int,
        help="repeated-game runs per point (scenarios with dynamics:)",
    )
    sweep.add_argument("--seed", type=int, help="root seed (same as --set seed=N)")
    sweep.add_argument(
        "--engine",
        choices=ENGINES,
        default="processes",
        help="where chunks run (default: processes)",
    )
    sweep.add_argument(
        "--workers",
        type=workers_count,
        help=f"worker processes (default: cores; at most {MAX_WORKERS})",
    )
    sweep.add_argument("--address", help="Dask scheduler, tcp://HOST:PORT (--engine dask)")
    sweep.add_argument(
        "--out", type=out_dir, default=Path("results"), help="results root (default: results)"
    )
    sweep.add_argument(
        "--resume",
        type=Path,
        metavar="FOLDER",
        help="finish an interrupted sweep from its .partial-* folder",
    )
    sweep.add_argument("--json", action="store_true", help="print one JSON object")
    sweep.add_argument("--quiet", action="store_true", help="print only the bundle path")

    plot = command("plot", "redraw a sweep figure from a results bundle", [], PLOT_EPILOG)
    plot.add_argument(
        "bundle", type=Path, help="a sweep's bundle, its points.parquet, or results/<name>"
    )
    plot.add_argument("--kind", required=True, help="figure kind (see the list below)")
    plot.add_argument("--x", help="parameter on the x axis")
    plot.add_argument("--y", help="parameter on the y axis")
    plot.add_argument("--output", help="output column (sobol, tornado)")
    plot.add_argument("--target", help="PRIM's target column (default viable)")
    plot.add_argument("--column", help="the robustness column (default p_viable_robust)")
    plot.add_argument("--out", type=Path, help="image file (default: BUNDLE/plot-<kind>.png)")


def cmd_sweep(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Run ``deter sweep``."""
    import os

    from sim.experiments.sweep import EngineError, run_sweep

    if args.address and args.engine != "dask":
        raise BadInputError(
            "--address", "--address names a Dask scheduler", "add --engine dask, or drop --address"
        )
    workers = args.workers or max(1, min(os.cpu_count() or 1, 8))
    if args.address is None:  # local processes: no more than the cores
        workers = lowered_workers(workers) or 1
    show = not (args.quiet or args.json)
    artifacts = _artifacts()
    try:
        if args.resume is not None:
            if args.scenario or args.param or args.overrides:
                raise BadInputError(
                    "--resume",
                    "--resume takes the folder alone",
                    "drop the scenario, --param and --set",
                )
            _check_partial(args.resume)
            result = run_sweep(
                resume=args.resume,
                engine=args.engine,
                workers=workers,
                address=args.address,
                progress=show,
                command=["deter", *argv],
                artifacts=artifacts,
            )
        else:
            if not args.scenario:
                raise BadInputError(
                    "deter sweep",
                    "no scenario given",
                    "give a scenario file or preset name, or --resume FOLDER",
                )
            loaded = _loaded(args)
            check_out_dir(args.out)
            result = run_sweep(
                loaded,
                out_dir=args.out,
                engine=args.engine,
                workers=workers,
                address=args.address,
                progress=show,
                command=["deter", *argv],
                artifacts=artifacts,
            )
    except EngineError as error:
        raise BadInputError(
            f"--engine {args.engine}",
            str(error),
            "check --address (tcp://HOST:PORT of a running scheduler), or "
            "drop it to start a local cluster",
        ) from error
    except KeyboardInterrupt:
        raise
    findings = _findings(result)
    if args.json:
        out = {
            "bundle": str(result.bundle),
            "points": len(result.outputs.points),
            "columns": list(result.outputs.points.columns),
            "seconds": round(result.seconds, 3),
            **findings,
        }
        print(json.dumps(out, allow_nan=False))
    elif args.quiet:
        print(result.bundle)
    else:
        from sim.analysis.summary import sweep_summary

        print(sweep_summary(result.outputs.meta, findings))
        print(f"\n{len(result.outputs.points)} points in {result.seconds:.1f} s")
        print(f"Results bundle: {result.bundle}")
    return 0


def _loaded(args: argparse.Namespace) -> Any:
    from sim.scenario.loader import load_scenario
    from sim.scenario.sweep_options import with_sweep_options

    seed = [] if args.seed is None else [f"seed={args.seed}"]
    loaded = load_scenario(resolve_scenario_path(args.scenario), [*args.overrides, *seed])
    return with_sweep_options(
        loaded,
        params=args.param,
        sampler=args.sampler,
        samples=args.samples,
        uncertain=args.uncertain,
        draws=args.draws,
        replicates=args.replicates,
    )


def _artifacts() -> list[Any]:
    return [write_sweep_artifacts]


def write_sweep_artifacts(outputs: Any, folder: Path) -> list[str]:
    """Artifact writer of ``deter sweep``: the figures that fit the sweep and ``report.md``,
    with the headline findings kept on ``outputs.findings``."""
    from sim.analysis.sweep_report import (
        render_sweep_report,
        sweep_findings,
        write_sweep_figures,
    )

    figures = write_sweep_figures(folder, outputs.points, outputs.meta, tornado=outputs.tornado)
    outputs.findings = sweep_findings(outputs.points, outputs.meta)
    report = render_sweep_report(outputs.points, outputs.meta, outputs.findings, figures)
    (folder / "report.md").write_text(report, encoding="utf-8")
    return [*figures, "report.md"]


def _findings(result: Any) -> dict[str, Any]:
    if result.outputs.findings is None:
        from sim.analysis.sweep_report import sweep_findings

        result.outputs.findings = sweep_findings(result.outputs.points, result.outputs.meta)
    found: dict[str, Any] = result.outputs.findings
    return found


def _check_partial(folder: Path) -> None:
    from sim.experiments.sweep import STATE_FILE

    if not (folder / STATE_FILE).is_file():
        raise BadInputError(
            str(folder),
            "not the working folder of an interrupted sweep (no sweep.json)",
            "give the .partial-* folder that 'deter sweep' named when it stopped",
        )


def newest_bundle(path: Path) -> Path:
    """A sweep's bundle: ``path`` itself (a bundle or its ``points.parquet``), or the newest
    bundle in a scenario's results folder (``results/<name>``)."""
    from sim.experiments.sweep import POINTS_FILE

    if not path.exists():
        raise BadInputError(str(path), "no such bundle", "give a folder 'deter sweep' wrote")
    if path.is_file() or (path / POINTS_FILE).exists():
        return path
    found = sorted(
        p.parent for p in path.glob(f"*/{POINTS_FILE}") if not p.parent.name.startswith(".")
    )
    if not found:
        raise BadInputError(
            str(path),
            "no sweep bundle here (no points.parquet)",
            "give a folder 'deter sweep' wrote, or results/<scenario name>",
        )
    return found[-1]


def cmd_plot(args: argparse.Namespace) -> int:
    """Run ``deter plot``: one figure from a bundle's tables."""
    from matplotlib.figure import Figure

    from sim.analysis.sweep_report import PLOT_KINDS
    from sim.experiments.sweep import TORNADO_FILE, read_points

    bundle: Path = newest_bundle(args.bundle)
    try:
        points, meta = read_points(bundle)
    except (OSError, ValueError) as error:
        raise BadInputError(
            str(bundle),
            f"cannot read its points table: {error}",
            "give a folder 'deter sweep' wrote, or its points.parquet",
        ) from None
    if args.kind not in PLOT_KINDS:
        raise BadInputError(
            "--kind", f"unknown figure kind {args.kind!r}", "use one of " + ", ".join(PLOT_KINDS)
        )
    folder = bundle if bundle.is_dir() else bundle.parent
    options: dict[str, Any] = {
        k: getattr(args, k) for k in ("x", "y", "output", "target", "column") if getattr(args, k)
    }
    if args.kind == "threshold":  # the lever on the vertical axis, against the horizontal one
        options = {"lever": args.y, "against": args.x} if args.x and args.y else {}
    if args.kind == "tornado":
        import pandas as pd

        if not (folder / TORNADO_FILE).exists():
            raise BadInputError(
                str(folder),
                "this bundle has no tornado.parquet",
                "tornado figures come from guarantee sweeps",
            )
        options["tornado"] = pd.read_parquet(folder / TORNADO_FILE)
    tall = args.kind in ("sobol", "tornado", "prim")
    figure = Figure(figsize=(7.5, 7.5 if tall else 4.8), layout="constrained")
    ax = figure.add_subplot()
    try:
        PLOT_KINDS[args.kind](points, meta, ax, **options)
    except (ValueError, KeyError) as error:
        raise BadInputError(
            f"--kind {args.kind}",
            str(error).strip("'\""),
            "choose another --kind, or give --x/--y/--output",
        ) from None
    target = args.out or folder / f"plot-{args.kind}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=150, bbox_inches="tight")
    print(target)
    return 0
