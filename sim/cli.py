"""The ``deter`` command: run, sweep, validate, list, show and solve scenarios and games.

Every command is a thin layer over the public Python API (no modelling logic lives here):

=============  ===========================================================================
``run``        :func:`sim.experiments.run.run_scenario`: solve and write a results bundle
``validate``   :func:`sim.scenario.loader.load_scenario`: report every problem of a file
``list``       :func:`sim.cli_scenarios.list_scenarios`: presets and canonical models
``show``       :meth:`LoadedScenario.resolved_yaml`: the fully resolved scenario
``solve``      :func:`sim.guarantee.solution.solve_guarantee` or
               :func:`sim.equilibria.solve.solve` for ``.nfg``/``.efg``/``game:`` files
``sweep``      :func:`sim.experiments.sweep.run_sweep`: a parameter sweep and its bundle
``plot``       :data:`sim.analysis.sweep_report.PLOT_KINDS`: a sweep figure from a bundle
``export``     :func:`sim.games.gambit_efg.write_efg` / :func:`sim.games.gambit_nfg.write_nfg`:
               a guarantee scenario, ``game:`` scenario or Gambit file as a Gambit file
``app``        :func:`sim.app.server.serve`: the classroom app in the browser, offline
=============  ===========================================================================

Exit codes: 0 success, 2 bad input (a scenario or game file with problems, a bad ``--set``, an
unreadable file, an unknown name; the message names the file, line and field and suggests a
fix, and nothing is written), 1 an unexpected internal error (``--debug`` shows the traceback),
130 interrupted (Ctrl-C), 143 terminated (``SIGTERM``; cleaned up like Ctrl-C: no half bundle, no
worker left), 141 when the reader of the output goes away (``deter list | head``).

Examples
--------
>>> main(["--version"])  # doctest: +ELLIPSIS
deter ...
0
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import sys
import textwrap
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sim
from sim import cli_sweep
from sim.cli_scenarios import (
    BadInputError,
    check_out_dir,
    list_scenarios,
    lowered_workers,
    out_dir,
    positive_int,
    replicates_count,
    resolve_scenario_path,
    workers_count,
)
from sim.scenario.dynamics import MAX_REPLICATES, MAX_WORKERS

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
EXIT_BROKEN_PIPE = 141

GAME_SUFFIXES = (".nfg", ".efg", ".agg", ".bagg", ".gbt")
"""Files ``deter solve`` hands to :func:`sim.games.loading.load_game` rather than to the scenario
loader (the last three are Gambit formats it refuses with a message saying how to convert)."""
CONCEPTS = ("nash", "pure", "spe", "qre", "ce")

TOP_EPILOG = """\
Examples:
  deter list                                   # presets and canonical models
  deter run budapest_1994                      # solve a preset, write results/budapest_1994/...
  deter run my.yaml --set guarantee.automaticity=0.8 --json
  deter validate scenarios/presets/*.yaml
  deter solve scenarios/canon/chicken.yaml --concept nash
  deter app                                    # the classroom app in the browser

Run 'deter COMMAND --help' for the options of a command.
"""

EPILOGS = {
    "run": """\
Example:
  deter run scenarios/presets/article5_like_no_troops.yaml --set guarantee.troops_on_ground=10 \\
      --set guarantee.posture=rear_hubs --out results

Writes results/<name>/<UTC time>-<hash8>/ with scenario.yaml, manifest.json, equilibrium.json,
game_tree.png and report.md; the folder appears only when complete.
""",
    "validate": """\
Example:
  deter validate scenarios/presets/*.yaml --set guarantee.monitoring=0.9

Prints 'OK <file> <hash>' per valid file, or every problem as file:line:column: field: message.
""",
    "list": """\
Example:
  deter list

A listed name can be used instead of a path: 'deter run budapest_1994'.
""",
    "show": """\
Example:
  deter show budapest_1994 --set guarantee.automaticity=0.3

Prints the scenario with every default filled in and 'extends' resolved.
""",
    "solve": """\
Examples:
  deter solve budapest_1994                          # the guarantee game's equilibrium
  deter solve game.nfg --concept nash --json         # all Nash equilibria of a Gambit file
  deter solve scenarios/canon/chicken.yaml --concept qre --lambda 2
""",
    "export": """\
Examples:
  deter export forward_tripwire --out tripwire.efg      # the guarantee game's tree for Gambit
  deter export scenarios/canon/chicken.yaml --to nfg    # a normal form, printed
  deter export game.efg --to nfg --out game.nfg         # a tree's reduced normal form

Trees are written as .efg, normal forms as .nfg (--to nfg on a tree writes its reduced normal
form). The file is written whole or not at all; without --out it is printed.
""",
    "app": """\
Example:
  deter app                          # http://127.0.0.1:8765/ opens in the browser
  deter app --port 8800 --no-open    # serve only; open the address yourself

Three pages: Guarantee (levers, Russia's choice, values, outcomes, thresholds, game tree),
Repeated game (Step / Run / Reset) and Sweep (a deterrence map over two levers). Works offline:
the front end comes from the solara-assets package. Ctrl-C stops the server.
""",
}


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the full traceback of an internal error",
    )
    overrides = argparse.ArgumentParser(add_help=False)
    overrides.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a field, e.g. guarantee.automaticity=0.6 (repeatable)",
    )

    parser = argparse.ArgumentParser(
        prog="deter",
        description="Deterrence game-theory simulator of security guarantees for Ukraine.",
        epilog=TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"deter {sim.__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str,
        help_text: str,
        parents: list[argparse.ArgumentParser],
        epilog: str | None = None,
    ) -> Any:
        return commands.add_parser(
            name,
            help=help_text,
            description=help_text[0].upper() + help_text[1:] + ".",
            epilog=EPILOGS[name] if epilog is None else epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[common, *parents],
        )

    run = command("run", "solve a scenario and write its results bundle", [overrides])
    run.add_argument("scenario", help="scenario file, or a preset name from 'deter list'")
    run.add_argument(
        "--out", type=out_dir, default=Path("results"), help="results root (default: results)"
    )
    run.add_argument("--json", action="store_true", help="print one JSON object")
    run.add_argument("--quiet", action="store_true", help="print only the bundle path")
    run.add_argument(
        "--replicates",
        type=replicates_count,
        help=f"repeated-game runs, 1 to {MAX_REPLICATES:,} (scenarios with dynamics:; same as "
        "--set dynamics.replicates=N, so recorded in the bundle's scenario.yaml and hash)",
    )
    run.add_argument("--seed", type=int, help="root seed (same as --set seed=N)")
    run.add_argument(
        "--workers",
        type=workers_count,
        help=f"processes for the repeated game (default 1; at most {MAX_WORKERS}; more than "
        "the machine's cores are lowered to the number of cores, with a note)",
    )

    validate = command("validate", "check scenario files and report every problem", [overrides])
    validate.add_argument("scenarios", nargs="+", metavar="SCENARIO")

    command("list", "list the preset and canonical scenarios", [])

    show = command("show", "print the fully resolved scenario as YAML", [overrides])
    show.add_argument("scenario")

    solve = command(
        "solve", "solve a guarantee scenario, a game: scenario or a Gambit file", [overrides]
    )
    solve.add_argument("file", metavar="FILE", help=".yaml scenario, .nfg or .efg game")
    solve.add_argument("--concept", choices=CONCEPTS, help="solution concept (default: nash)")
    solve.add_argument("--method", help="algorithm of the concept (solver-specific)")
    solve.add_argument(
        "--lambda", dest="lam", type=float, help="QRE precision λ, a finite number ≥ 0"
    )
    solve.add_argument(
        "--time-limit",
        dest="time_limit",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="stop searching after SECONDS and report what was found as incomplete (default: 60; "
        "'inf' for no limit)",
    )
    solve.add_argument("--json", action="store_true", help="print one JSON object")

    export = command(
        "export", "write a scenario's game or a game file in Gambit format", [overrides]
    )
    export.add_argument("file", metavar="FILE", help=".yaml scenario, .nfg or .efg game")
    export.add_argument(
        "--to", choices=("efg", "nfg"), help="format (default: efg for trees, nfg for normal forms)"
    )
    export.add_argument("--out", type=Path, help="output file (default: print to stdout)")
    cli_sweep.add_commands(command, common, overrides)

    app = command("app", "open the classroom app (a local web server)", [])
    app.add_argument("--port", type=positive_int, default=8765, help="port (default 8765)")
    app.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    app.add_argument("--no-open", action="store_true", help="do not open a browser")
    return parser


# ----------------------------------------------------------------------------------------
# commands
# ----------------------------------------------------------------------------------------
def _load(text: str, overrides: Sequence[str]) -> Any:
    from sim.scenario.loader import load_scenario

    return load_scenario(resolve_scenario_path(text), overrides)


def _cmd_run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from sim.analysis.game_tree import write_game_tree
    from sim.analysis.report import write_report
    from sim.analysis.summary import dynamics_summary, guarantee_summary
    from sim.experiments.run import run_scenario

    seed = [] if args.seed is None else [f"seed={args.seed}"]
    loaded = _load(args.scenario, [*args.overrides, *seed])
    if getattr(loaded.scenario, "game", None) is not None:
        raise BadInputError(
            str(loaded.path),
            "this scenario holds an explicit 'game:' block, not a guarantee design",
            f"solve it with 'deter solve {args.scenario}'",
        )
    if args.replicates is not None:
        # --replicates changes the results, so it is part of the scenario (its scenario.yaml
        # and hash), exactly as --set dynamics.replicates=N: the bundle reruns to the same bytes
        if loaded.scenario.dynamics is None:
            raise BadInputError(
                "--replicates",
                "the scenario has no 'dynamics:' block, so no repeated game to replicate",
                "drop --replicates, or add 'dynamics: {}' to the scenario",
            )
        replicates = [f"dynamics.replicates={args.replicates}"]
        loaded = _load(args.scenario, [*args.overrides, *seed, *replicates])
    check_out_dir(args.out)
    workers = args.workers if loaded.scenario.dynamics is None else lowered_workers(args.workers)
    result = run_scenario(
        loaded,
        out_dir=args.out,
        command=["deter", *argv],
        artifacts=(write_game_tree, write_dynamics_figures, write_report),
        dynamics_options={"workers": workers, "progress": not (args.quiet or args.json)},
    )
    if args.json:
        print(json.dumps(result.to_dict(), allow_nan=False))
    elif args.quiet:
        print(result.bundle)
    else:
        heading = f"Scenario {loaded.scenario.name} (hash {loaded.hash[:8]})"
        print(guarantee_summary(result.outputs.solution.to_dict(), heading=heading))
        if result.outputs.dynamics is not None:
            print("\n" + dynamics_summary(result.outputs.dynamics))
        print(f"\nResults bundle: {result.bundle}")
    return EXIT_OK


def write_dynamics_figures(outputs: Any, bundle: Any) -> None:
    """Artifact writer: the repeated game's figures, when the scenario ran it (``dynamics:``)."""
    if outputs.dynamics is None:
        return
    from sim.analysis.timeseries import plot_dynamics_figures

    plot_dynamics_figures(bundle.path)


def _cmd_validate(args: argparse.Namespace) -> int:
    from sim.scenario.errors import ScenarioError

    failed = 0
    for text in args.scenarios:
        try:
            loaded = _load(text, args.overrides)
        except (ScenarioError, BadInputError) as error:
            failed += 1
            print(f"{text}: INVALID", file=sys.stderr)
            print(_indent(str(error)), file=sys.stderr)
            continue
        print(f"OK {loaded.path} {loaded.hash}")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _cmd_list() -> int:
    entries = list_scenarios()
    if not entries:
        print("no scenarios found under scenarios/presets or scenarios/canon")
        return EXIT_OK
    width = max(len(e.name) for e in entries)
    room = max(30, shutil.get_terminal_size().columns - width - 5)
    group = None
    for entry in entries:
        if entry.group != group:
            group = entry.group
            print(f"{'' if entry is entries[0] else chr(10)}{group} ({entry.path.parent}):")
        description = textwrap.shorten(entry.description, room, placeholder=" …")
        print(f"  {entry.name:<{width}}  {description}")
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    print(_load(args.scenario, args.overrides).resolved_yaml(), end="")
    return EXIT_OK


def _cmd_solve(args: argparse.Namespace) -> int:
    path = resolve_scenario_path(args.file)
    _check_solve_options(path, args)
    if path.suffix.lower() in GAME_SUFFIXES:
        _refuse_overrides_of_game_file(path, args)
        return _solve_game(path, args)
    loaded = _load(str(path), args.overrides)
    if getattr(loaded.scenario, "game", None) is not None:
        return _solve_game(path, args)
    return _solve_guarantee(loaded, args)


def _refuse_overrides_of_game_file(path: Path, args: argparse.Namespace) -> None:
    if args.overrides:
        raise BadInputError(
            str(path),
            f"--set {args.overrides[0][:60]} does not apply: --set overrides fields of "
            "scenario files (.yaml), and a Gambit game file has none",
            "edit the game file, or write the game as a scenario with a game: block, whose "
            "parameters --set can change",
        )


def _check_solve_options(path: Path, args: argparse.Namespace) -> None:
    """Refuse a non-finite or negative ``--lambda`` and a ``--time-limit`` that is not a positive
    number of seconds (``inf`` is allowed: no limit), before the file is read."""
    if args.lam is not None and not (math.isfinite(args.lam) and args.lam >= 0):
        raise BadInputError(
            str(path),
            f"--lambda must be a finite number ≥ 0 (the logit precision), not {args.lam:g}",
            "pass for example --lambda 2 (0 gives uniform play; larger values approach Nash)",
        )
    if not args.time_limit > 0:  # also nan
        raise BadInputError(
            str(path),
            f"--time-limit must be a positive number of seconds, not {args.time_limit:g}",
            "pass for example --time-limit 60, or --time-limit inf for no limit",
        )


def _solve_game(path: Path, args: argparse.Namespace) -> int:
    from sim.analysis.summary import equilibrium_summary
    from sim.games.loading import load_game

    game = load_game(path, args.overrides)  # bad input is reported before any solving

    result = _solve_with_options(game, path, args.concept or "nash", args)
    print(json.dumps(result, allow_nan=False) if args.json else equilibrium_summary(result))
    return EXIT_OK


def _solve_with_options(game: Any, path: Path, concept: str, args: argparse.Namespace) -> Any:
    """``solve(game, concept, method, lam, time_limit)``; options that do not fit are bad input.

    :func:`sim.equilibria.solve.solve` raises ``ValueError`` exactly for an unknown method, a
    concept that does not apply to the game, ``qre`` without a valid precision, or payoffs too
    large for the concept, and ``ArithmeticError`` for a QRE branch it cannot follow (within the
    time limit); both are reported against the file.
    """
    from sim.equilibria.solve import solve

    try:
        time_limit = None if math.isinf(args.time_limit) else args.time_limit
        return solve(game, concept, args.method, lam=args.lam, time_limit=time_limit).to_dict()
    except (ValueError, ArithmeticError) as error:
        raise BadInputError(
            str(path),
            f"cannot solve with --concept {concept}"
            + (f" --method {args.method}" if args.method else "")
            + f": {error}",
            "change --concept, --method, --lambda or --time-limit (see 'deter solve --help')",
        ) from error


def _solve_guarantee(loaded: Any, args: argparse.Namespace) -> int:
    from sim.analysis.summary import equilibrium_summary, guarantee_summary
    from sim.guarantee.solution import solve_guarantee

    if args.concept not in (None, "spe", "qre"):
        raise BadInputError(
            str(loaded.path),
            f"the guarantee game is a four-player tree; --concept {args.concept} is not offered "
            "for it",
            "use --concept spe (the default) or --concept qre --lambda L",
        )
    solution = solve_guarantee(loaded.scenario)
    if args.concept == "qre":
        result = _solve_with_options(solution.game, loaded.path, "qre", args)
        print(json.dumps(result, allow_nan=False) if args.json else equilibrium_summary(result))
        return EXIT_OK
    if args.json:
        print(json.dumps(solution.to_dict(), allow_nan=False))
    else:
        heading = f"Scenario {loaded.scenario.name} (hash {loaded.hash[:8]})"
        print(guarantee_summary(solution.to_dict(), heading=heading))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from sim.games.gambit_efg import write_efg
    from sim.games.gambit_nfg import write_nfg
    from sim.games.loading import load_game
    from sim.games.normal_form import NormalFormGame
    from sim.games.reduced_normal_form import reduced_normal_form
    from sim.guarantee import build_guarantee_game, guarantee_parameters

    path = resolve_scenario_path(args.file)
    game: Any
    if path.suffix.lower() in GAME_SUFFIXES:
        _refuse_overrides_of_game_file(path, args)
        game = load_game(path)
    else:
        loaded = _load(str(path), args.overrides)
        if getattr(loaded.scenario, "game", None) is not None:
            game = load_game(path, args.overrides)
        else:
            game = build_guarantee_game(guarantee_parameters(loaded.scenario)).game
    target = args.to or ("nfg" if isinstance(game, NormalFormGame) else "efg")
    if target == "efg" and isinstance(game, NormalFormGame):
        raise BadInputError(
            str(path), "a normal-form game has no tree to write as .efg", "use --to nfg"
        )
    if target == "nfg" and not isinstance(game, NormalFormGame):
        try:
            game = reduced_normal_form(game).game
        except ValueError as error:
            raise BadInputError(
                str(path), f"cannot write its reduced normal form: {error}", "use --to efg"
            ) from error
    text = write_nfg(game) if target == "nfg" else write_efg(game)
    if args.out is None:
        print(text, end="" if text.endswith("\n") else "\n")
        return EXIT_OK
    if args.out.is_dir():
        raise BadInputError(str(args.out), "--out is a folder", "give a file name")
    tmp = args.out.with_name(f".{args.out.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, args.out)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"wrote {args.out}")
    return EXIT_OK


# ----------------------------------------------------------------------------------------
# entry point
# ----------------------------------------------------------------------------------------
def _cmd_app(args: argparse.Namespace) -> int:
    from sim.app.server import serve

    try:
        return serve(port=args.port, host=args.host, open_browser=not args.no_open)
    except KeyboardInterrupt:
        print("deter app: interrupted; the server has stopped", file=sys.stderr)
        return EXIT_INTERRUPTED


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _bad_input_types() -> tuple[type[BaseException], ...]:
    """Exceptions that mean the user's input is at fault (exit code 2)."""
    from sim.games.errors import GameFormatError
    from sim.scenario.errors import ScenarioError

    return (ScenarioError, GameFormatError, BadInputError)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``deter`` with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a usage error (code 2)
        return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    debug = bool(getattr(args, "debug", False))
    previous = _on_sigterm(_terminate)
    try:
        if args.command == "run":
            return _cmd_run(args, argv)
        if args.command == "validate":
            return _cmd_validate(args)
        if args.command == "list":
            return _cmd_list()
        if args.command == "show":
            return _cmd_show(args)
        if args.command == "export":
            return _cmd_export(args)
        if args.command == "sweep":
            return cli_sweep.cmd_sweep(args, argv)
        if args.command == "plot":
            return cli_sweep.cmd_plot(args)
        if args.command == "app":
            return _cmd_app(args)
        return _cmd_solve(args)
    except BrokenPipeError:  # the reader went away (``deter list | head``): stop quietly
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt as interrupt:
        how = "terminated" if isinstance(interrupt, Terminated) else "interrupted"
        folder = getattr(interrupt, "folder", None)
        if folder is not None:  # a sweep keeps its finished chunks
            print(
                f"deter: {how}; finish with 'deter sweep --resume {folder}'",
                file=sys.stderr,
            )
        else:
            print(f"deter: {how}; nothing was written", file=sys.stderr)
        return EXIT_TERMINATED if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED
    except RecursionError:  # input nested beyond what a recursive step (a figure) can walk
        where = getattr(args, "file", None) or getattr(args, "scenario", None) or "the input"
        print(
            f"deter {args.command}: bad input:\n  {where}: nested too deeply to process (more "
            f"than about {sys.getrecursionlimit() // 4} levels). Fix: flatten it (the solvers "
            "walk trees up to the reader's depth limit, but drawing a tree or a game: block "
            "nested a few hundred levels deep is beyond this tool).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except Exception as error:
        if isinstance(error, _bad_input_types()):
            print(f"deter {args.command}: bad input:", file=sys.stderr)
            print(_indent(str(error)), file=sys.stderr)
            return EXIT_BAD_INPUT
        if isinstance(error, OSError):
            where = error.filename or "file"
            print(
                f"deter {args.command}: {where}: {error.strerror or error}. Fix: check the path "
                "and its permissions.",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        if debug:
            traceback.print_exc()
        else:
            print(
                f"deter {args.command}: internal error: {type(error).__name__}: {error}\n"
                "(run again with --debug for the traceback; please report it)",
                file=sys.stderr,
            )
        return EXIT_INTERNAL
    finally:
        _on_sigterm(previous)


class Terminated(KeyboardInterrupt):
    """``SIGTERM`` received: handled like Ctrl-C (every temporary file and worker process is
    cleaned up on the way out), exit code 143."""


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated()


def _on_sigterm(handler: Any) -> Any:
    """Install ``handler`` for ``SIGTERM`` and return the previous one (only the main thread
    may; elsewhere nothing changes)."""
    try:
        return signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError, TypeError):  # not the main thread, or no handler to restore
        return None


if __name__ == "__main__":
    sys.exit(main())
