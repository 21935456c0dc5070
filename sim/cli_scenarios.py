"""Finding scenario files for the command line (the ``scenarios/`` folder, preset names,
listings), and the option checks every command shares.

The ``scenarios/`` folder is looked for in the current directory first, then at the root of the
repository that holds the installed ``sim`` package. A bare name such as ``budapest_1994`` (no
folder, no suffix) that is not a file in the current directory is looked up as
``scenarios/presets/<name>.yaml`` and then ``scenarios/canon/<name>.yaml``, so
``deter run budapest_1994`` works from anywhere.

Examples
--------
>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> (root / "presets").mkdir()
>>> _ = (root / "presets" / "demo.yaml").write_text("name: demo\\ndescription: A demo.\\n")
>>> [(e.group, e.name, e.description) for e in list_scenarios(root)]
[('presets', 'demo', 'A demo.')]
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from sim.scenario.dynamics import MAX_REPLICATES, MAX_WORKERS

SCENARIO_GROUPS: tuple[str, ...] = ("presets", "canon", "sweeps")
"""Sub-folders of ``scenarios/`` that hold named scenarios, searched in this order."""


class BadInputError(ValueError):
    """Input the user can fix (a name that is no file and no preset, a bad option).

    ``str()`` reads ``where: message. Fix: hint``, like the scenario and game-file errors.
    """

    def __init__(self, where: str, message: str, hint: str = "") -> None:
        self.where = where
        self.message = message
        self.hint = hint
        text = f"{where}: {message}."
        super().__init__(f"{text} Fix: {hint}" if hint else text)


def scenario_roots(cwd: Path | None = None) -> list[Path]:
    """Existing ``scenarios/`` folders: the current directory's, then the repository's."""
    here = (Path.cwd() if cwd is None else cwd) / "scenarios"
    package = Path(__file__).resolve().parent.parent / "scenarios"
    roots: list[Path] = []
    for candidate in (here, package):
        if candidate.is_dir() and all(candidate.resolve() != r.resolve() for r in roots):
            roots.append(candidate)
    return roots


def is_bare_name(text: str) -> bool:
    """True for a name without folder or suffix (``budapest_1994``), which may name a preset.

    >>> is_bare_name("budapest_1994"), is_bare_name("x.yaml"), is_bare_name("a/b")
    (True, False, False)
    """
    return bool(text) and "/" not in text and "\\" not in text and not Path(text).suffix


def named_scenarios(roots: list[Path] | None = None) -> dict[str, Path]:
    """Name → path of every preset and canonical scenario (first root and group win)."""
    found: dict[str, Path] = {}
    for root in scenario_roots() if roots is None else roots:
        for group in SCENARIO_GROUPS:
            folder = root / group
            if folder.is_dir():
                for path in sorted(folder.glob("*.yaml")):
                    found.setdefault(path.stem, path)
    return found


def resolve_scenario_path(text: str, roots: list[Path] | None = None) -> Path:
    """The file a command-line argument names: a path as given, or a preset/canon name.

    Raises
    ------
    BadInputError
        If ``text`` is a bare name that is neither a file nor a known scenario (the message
        suggests the nearest names).
    """
    path = Path(text)
    if not is_bare_name(text) or (path.exists() and not path.is_dir()):
        return path
    known = named_scenarios(roots)
    if text in known:  # a folder named like a preset (say results/budapest_1994) does not hide it
        return known[text]
    if path.exists():
        return path
    close = difflib.get_close_matches(text, list(known), n=3)
    hint = (
        "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        if close
        else "give a path to a scenario file, or a name listed by 'deter list'"
    )
    raise BadInputError(text, "no such file, preset or canonical scenario", hint)


@dataclass(frozen=True)
class ScenarioEntry:
    """One line of ``deter list``."""

    group: str
    name: str
    path: Path
    description: str


def _description(path: Path) -> str:
    """The ``description:`` of a scenario file (or its game's title) on one line."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "(unreadable: run 'deter validate' on it)"
    text = data.get("description", "") if isinstance(data, dict) else ""
    text = " ".join(str(text or "").split())
    if not text and isinstance(data, dict) and isinstance(data.get("game"), dict):
        text = " ".join(str(data["game"].get("title", "")).split())
    return text or "(no description)"


def list_scenarios(root: Path | None = None) -> list[ScenarioEntry]:
    """Every scenario under ``root`` (default: the first of :func:`scenario_roots`) by group."""
    if root is None:
        roots = scenario_roots()
        if not roots:
            return []
        root = roots[0]
    entries = []
    for group in SCENARIO_GROUPS:
        folder = root / group
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                entries.append(ScenarioEntry(group, path.stem, path, _description(path)))
    return entries


def positive_int(text: str) -> int:
    """An integer of at least 1 (an argparse type).

    >>> positive_int("3")
    3
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def replicates_count(text: str) -> int:
    """``--replicates``: 1 to the schema's maximum of ``dynamics.replicates`` (argparse type)."""
    value = positive_int(text)
    if value > MAX_REPLICATES:
        raise argparse.ArgumentTypeError(
            f"at most {MAX_REPLICATES:,} (the maximum of dynamics.replicates), got {value:,}"
        )
    return value


def workers_count(text: str) -> int:
    """``--workers``: 1 to :data:`~sim.scenario.dynamics.MAX_WORKERS` (argparse type)."""
    value = positive_int(text)
    if value > MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"at most {MAX_WORKERS}, got {value:,}")
    return value


def lowered_workers(requested: int | None) -> int | None:
    """``--workers`` lowered to the machine's cores (a note on stderr says so when it is)."""
    if requested is None:
        return None
    from sim.experiments.replicates import usable_workers

    usable = usable_workers(requested)
    if usable < requested:
        print(
            f"deter: note: --workers {requested} lowered to {usable}, the number of cores",
            file=sys.stderr,
        )
    return usable


def out_dir(text: str) -> Path:
    """A results folder (an argparse type): any path but the empty one, which would write into
    the working directory unasked.

    >>> out_dir("results").as_posix()
    'results'
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; give a folder, e.g. --out results")
    return Path(text)


def check_out_dir(out: Path) -> None:
    """Refuse a results root that is an existing file (before anything is written)."""
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                raise BadInputError(
                    str(out), f"'{folder}' is a file, not a folder", "give --out a folder"
                )
            return
