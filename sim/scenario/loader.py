"""Loading a scenario file: YAML → ``extends`` chain → ``--set`` overrides → validated, hashed.

Steps, each collecting problems rather than stopping at the first:

1. Read the file (missing file, directory, binary or non-UTF-8 content, empty file and a
   top level that is not a mapping are problems naming the file) and parse it safely with
   positions (:mod:`sim.scenario.yaml_positions`).
2. ``extends: other.yaml`` (relative to the extending file; chains allowed): the parent is loaded
   the same way and the child deep-merged over it: mappings merge key by key, lists and scalars
   replace. A missing parent names the extending file and line; a cycle is reported with its
   chain. Values keep the position of the file that wrote them, so a problem in a parent names
   the parent's line. A child inherits the parent's ``name`` unless it sets its own.
3. ``--set`` overrides (:mod:`sim.scenario.overrides`) are applied.
4. The result is validated (:mod:`sim.scenario.validation`); every problem found in steps 1–4
   is raised together as one :class:`ScenarioError`.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "base.yaml").write_text("name: base\\nguarantee: {automaticity: 0.3}\\n")
>>> _ = (folder / "child.yaml").write_text("extends: base.yaml\\nname: child\\n")
>>> loaded = load_scenario(folder / "child.yaml", ["guarantee.legal_form=treaty"])
>>> loaded.scenario.name, loaded.scenario.guarantee.automaticity
('child', 0.3)
>>> loaded.scenario.guarantee.legal_form, [p.name for p in loaded.sources]
('treaty', ['child.yaml', 'base.yaml'])
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.scenario.errors import EXIT_BAD_INPUT, Problem, ScenarioError, shorten, sort_problems
from sim.scenario.fields import FieldPath
from sim.scenario.hashing import scenario_hash
from sim.scenario.overrides import apply_overrides, parse_overrides
from sim.scenario.schema import Scenario
from sim.scenario.validation import validate_data, validate_mapping
from sim.scenario.yaml_positions import ParsedYaml, Position, parse_yaml

__all__ = [
    "EXIT_BAD_INPUT",
    "LoadedScenario",
    "ScenarioError",
    "load_scenario",
    "validate_mapping",
]

EXTENDS = "extends"

MAX_FILE_BYTES = 2_000_000
"""Largest scenario file read (the largest shipped one is under 10 kB); a longer file, or a
special file such as ``/dev/zero``, is refused after reading at most this much."""

SCENARIO_SUFFIXES = (".yaml", ".yml")
"""Suffixes a file named by ``extends`` must have (so ``extends: /etc/shadow`` reads nothing)."""

MAX_EXTENDS = 32
"""Longest ``extends`` chain (files extending files)."""


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario and where it came from.

    Attributes
    ----------
    scenario
        The validated scenario, every default filled in.
    path
        The file loaded.
    sources
        The file and every file it extends, child first.
    hash
        :func:`sim.scenario.hashing.scenario_hash` of ``scenario``.
    overrides
        The ``--set`` texts applied, in order.
    """

    scenario: Scenario
    path: Path
    sources: tuple[Path, ...]
    hash: str
    overrides: tuple[str, ...] = ()

    def resolved_yaml(self) -> str:
        """The fully resolved scenario as YAML: every default stated, keys in schema order,
        no ``extends``. It loads back to an equal scenario with the same hash."""
        return resolved_yaml(self.scenario)


def resolved_yaml(scenario: Scenario) -> str:
    """YAML text of a validated scenario with every field stated, in schema order."""
    return yaml.safe_dump(
        scenario.model_dump(mode="json"),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


@dataclass
class _Chain:
    """A file merged with every file it extends."""

    data: dict[str, Any] | None
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    dropped: set[FieldPath] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)


def _file_problem(file: str, message: str, allowed: str, hint: str, line: int = 0) -> Problem:
    return Problem(file, line, 1 if line else 0, "", message, allowed, hint)


def read_scenario_yaml(path: Path, display: str) -> ParsedYaml:
    """Read and parse one scenario file; every failure becomes a problem naming ``display``.

    The returned ``data`` is a mapping, or ``None`` when the file could not be used.
    """
    result = ParsedYaml(data=None)
    if not path.exists():
        result.problems.append(
            _file_problem(
                display,
                "file not found",
                "a path to a scenario YAML file",
                "check the path (scenario files live under scenarios/)",
            )
        )
        return result
    if path.is_dir():
        result.problems.append(
            _file_problem(
                display,
                "is a directory, not a scenario file",
                "a path to a scenario YAML file",
                "give a .yaml file inside it",
            )
        )
        return result
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        result.problems.append(
            _file_problem(
                display,
                f"cannot be read: {exc.strerror or exc}",
                "a readable file",
                "check the file's permissions",
            )
        )
        return result
    if len(raw) > MAX_FILE_BYTES:
        result.problems.append(
            _file_problem(
                display,
                f"is larger than {MAX_FILE_BYTES:,} bytes: not a scenario file",
                f"a YAML file of at most {MAX_FILE_BYTES:,} bytes",
                "give the scenario's .yaml file",
            )
        )
        return result
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        result.problems.append(
            _file_problem(
                display,
                "is a binary file, not YAML text",
                "UTF-8 encoded YAML text",
                "give the scenario's .yaml file",
                line,
            )
        )
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        result.problems.append(
            _file_problem(
                display,
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                "UTF-8 encoded YAML text",
                "save the file as UTF-8",
                line,
            )
        )
        return result
    parsed = parse_yaml(text, display)
    if parsed.data is None and not parsed.problems:
        parsed.problems.append(
            _file_problem(
                display,
                "the file is empty",
                "a mapping of 'key: value' lines",
                "a scenario needs at least 'name: my_scenario'",
                1,
            )
        )
    elif parsed.data is not None and not isinstance(parsed.data, dict):
        root = parsed.positions.get(())
        kind = "a list" if isinstance(parsed.data, list) else "a single value"
        parsed.problems.append(
            Problem(
                display,
                root.line if root else 1,
                root.column if root else 1,
                "",
                f"the top level of a scenario must be a mapping of keys, not {kind}",
                "a mapping such as 'name: my_scenario'",
                "write the scenario as 'key: value' lines, starting with 'name: ...'",
            )
        )
        parsed.data = None
    return parsed


def _merge(base: Any, over: Any, path: FieldPath, replaced: list[FieldPath]) -> Any:
    """Deep merge: mappings merge key by key; anything else in ``over`` replaces ``base``."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            if key in base:
                merged[key] = _merge(base[key], value, (*path, key), replaced)
            else:
                merged[key] = value
        return merged
    replaced.append(path)
    return over


def _under(path: FieldPath, prefixes: Sequence[FieldPath]) -> bool:
    return any(path[: len(p)] == p for p in prefixes)


def _merge_chains(parent: _Chain, child: _Chain) -> _Chain:
    assert parent.data is not None and child.data is not None
    replaced: list[FieldPath] = []
    data = _merge(parent.data, child.data, (), replaced)
    positions = {p: pos for p, pos in parent.positions.items() if not _under(p, replaced)}
    positions.update(child.positions)
    dropped = {p for p in parent.dropped if not _under(p, replaced)} | child.dropped
    return _Chain(
        data=data,
        positions=positions,
        dropped=dropped,
        problems=child.problems + parent.problems,
        sources=child.sources + parent.sources,
    )


def _parent_problem(
    parent: Path, target: str, display: str, depth: int
) -> tuple[str, str, str] | None:
    """``(message, allowed, hint)`` when ``extends`` cannot name ``parent``: a chain too long,
    a symbolic-link loop, a special file (a device, a pipe), a file too large. The parent's
    contents are never quoted (it may be any file the user can read)."""
    allowed = "a path to a scenario file, relative to the folder of this file"
    if depth > MAX_EXTENDS:
        return (
            f"the 'extends' chain is longer than {MAX_EXTENDS} files",
            f"at most {MAX_EXTENDS} files extending one another",
            "extend the base scenario directly rather than through a long chain",
        )
    try:
        parent.resolve(strict=False)
        info = parent.stat()
    except RuntimeError:  # a symbolic-link loop (Python 3.11)
        return (f"'{target}' is a loop of symbolic links", allowed, "fix the link")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return (f"'{target}' is a loop of symbolic links", allowed, "fix the link")
        return None  # missing: reported below with the folder looked in
    if stat.S_ISDIR(info.st_mode):
        return None
    if parent.suffix.lower() not in SCENARIO_SUFFIXES:
        return (
            f"'extends' must name a .yaml or .yml scenario file, not '{shorten(target)}'",
            allowed,
            "name the parent scenario's .yaml file",
        )
    if not stat.S_ISREG(info.st_mode):
        return (
            f"the parent scenario '{target}' is not a regular file (looked for {display})",
            allowed,
            "name a .yaml scenario file",
        )
    if info.st_size > MAX_FILE_BYTES:
        return (
            f"the parent scenario '{target}' is larger than {MAX_FILE_BYTES:,} bytes",
            f"a YAML file of at most {MAX_FILE_BYTES:,} bytes",
            "name a .yaml scenario file",
        )
    return None


def _load_chain(path: Path, display: str, stack: list[tuple[Path, str]]) -> _Chain:
    parsed = read_scenario_yaml(path, display)
    chain = _Chain(
        data=parsed.data,
        positions=parsed.positions,
        dropped=parsed.dropped,
        problems=parsed.problems,
        sources=[Path(display)],
    )
    if chain.data is None or EXTENDS not in chain.data:
        return chain
    target = chain.data.pop(EXTENDS)
    where = chain.positions.pop((EXTENDS,), None)
    line, column = (where.value_line, where.value_column) if where else (0, 0)
    if not isinstance(target, str) or not target.strip():
        chain.problems.append(
            Problem(
                display,
                line,
                column,
                EXTENDS,
                "'extends' must name a scenario file",
                "a path relative to this file, e.g. 'extends: base.yaml'",
                "write the parent file's path as text",
            )
        )
        chain.data = None
        return chain
    parent_display = os.path.normpath(os.path.join(os.path.dirname(display), target))
    parent_path = Path(os.path.normpath(path.parent / target))
    problem = _parent_problem(parent_path, target, parent_display, len(stack) + 1)
    if problem is not None:
        chain.problems.append(Problem(display, line, column, EXTENDS, *problem))
        chain.data = None
        return chain
    resolved = parent_path.resolve()
    here = [*stack, (path.resolve(), display)]
    if any(resolved == seen for seen, _ in here):
        start = next(i for i, (seen, _) in enumerate(here) if seen == resolved)
        folder = os.path.dirname(here[0][1]) or "."
        names = [*(name for _, name in here[start:]), parent_display]
        cycle = " → ".join(os.path.relpath(name, folder) for name in names)
        chain.problems.append(
            Problem(
                display,
                line,
                column,
                EXTENDS,
                f"'extends' makes a cycle: {cycle}",
                "a chain of files that ends in a file without 'extends'",
                "remove 'extends' from one of the files in the cycle",
            )
        )
        chain.data = None
        return chain
    if not parent_path.is_file():
        what = "is a directory" if parent_path.is_dir() else "was not found"
        chain.problems.append(
            Problem(
                display,
                line,
                column,
                EXTENDS,
                f"the parent scenario '{target}' {what} (looked for {parent_display})",
                "a path to a scenario file, relative to the folder of this file",
                "check the path, relative to this file's folder",
            )
        )
        chain.data = None
        return chain
    parent = _load_chain(parent_path, parent_display, here)
    if parent.data is None:
        chain.problems = chain.problems + parent.problems
        chain.sources += parent.sources
        chain.data = None
        return chain
    return _merge_chains(parent, chain)


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> LoadedScenario:
    """Load, merge, override, validate and hash a scenario file.

    Parameters
    ----------
    path
        The scenario YAML file.
    overrides
        ``dotted.path=value`` texts (the CLI's ``--set``), applied in order after ``extends``.

    Returns
    -------
    LoadedScenario

    Raises
    ------
    ScenarioError
        With every problem found in the file, the files it extends and the overrides; the CLI
        exits with :data:`EXIT_BAD_INPUT` on it.
    """
    if isinstance(overrides, str):
        overrides = [overrides]
    display = str(path)
    file = Path(path)
    chain = _load_chain(file, display, [])
    parsed_overrides, override_problems = parse_overrides(overrides)
    problems = chain.problems + override_problems
    if chain.data is None:
        raise ScenarioError(sort_problems(problems, first=display))
    problems += apply_overrides(chain.data, chain.positions, parsed_overrides)
    dropped = {
        p for p in chain.dropped if not any(p[: len(o.path)] == o.path for o in parsed_overrides)
    }
    scenario = validate_data(
        chain.data, chain.positions, source=display, dropped=dropped, problems=problems
    )
    return LoadedScenario(
        scenario=scenario,
        path=file,
        sources=tuple(chain.sources),
        hash=scenario_hash(scenario),
        overrides=tuple(overrides),
    )
