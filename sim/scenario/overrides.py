"""Command-line overrides: ``--set dotted.path=value``.

An override names a field by its dotted path, with list indices allowed
(``guarantee.coalition.members[0].weight=5``), and gives a value parsed as YAML with the safe
loader: a scalar (``0.6``, ``treaty``, ``true``) or a flow collection (``[a, b]``,
``{size: 5}``). Overrides are applied to the scenario data after ``extends`` and before
validation, so a bad override is reported like a bad line of the file, with ``--set <text>`` as
its file.

Examples
--------
>>> override = parse_override("guarantee.coalition.members[0].weight=5")
>>> override.path, override.value
(('guarantee', 'coalition', 'members', 0, 'weight'), 5)
>>> parse_override("guarantee.coalition={size: 5}").value
{'size': 5}
>>> data = {"guarantee": {"automaticity": 0.2}}
>>> apply_override(data, {}, parse_override("guarantee.automaticity=0.6"))
[]
>>> data
{'guarantee': {'automaticity': 0.6}}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.fields import FieldPath
from sim.scenario.yaml_positions import MAX_DEPTH, Position, format_path, parse_yaml

MAX_SHOWN = 100
"""Longest override text repeated whole in a problem's location."""

MAX_PATH_LENGTH = 1000
"""Longest field path an override may name (a path's parsing is then bounded)."""

_KEY = r"[A-Za-z_][A-Za-z0-9_\-]*"
_PATH = re.compile(rf"{_KEY}(?:\.{_KEY}|\[\d+\])*")
_TOKEN = re.compile(rf"\.?({_KEY})|\[(\d+)\]")


@dataclass(frozen=True)
class Override:
    """One parsed ``--set`` override.

    Attributes
    ----------
    text
        The override as written (``guarantee.automaticity=0.6``).
    path
        Field path of the target.
    value
        The parsed value.
    """

    text: str
    path: FieldPath
    value: Any

    @property
    def source(self) -> str:
        """How problems name this override: ``--set <text>``."""
        return source_of(self.text)


def source_of(text: str) -> str:
    """The "file" of an override's problems.

    >>> source_of("guarantee.automaticity=0.6")
    '--set guarantee.automaticity=0.6'
    >>> source_of("name=" + "x" * 500)  # doctest: +ELLIPSIS
    '--set name=xxx...x… (505 characters)'
    """
    if len(text) > MAX_SHOWN:
        return f"--set {text[: MAX_SHOWN - 20]}… ({len(text)} characters)"
    return f"--set {text}"


def _problem(text: str, field: str, message: str, allowed: str, hint: str) -> Problem:
    return Problem(source_of(text), 0, 0, field, message, allowed, hint)


def _parse(text: str) -> Override | list[Problem]:
    if "=" not in text:
        return [
            _problem(
                text,
                "",
                "an override needs '=' between the field and the value",
                "dotted.path=value",
                f"write it as e.g. '{text.strip() or 'guarantee.automaticity'}=0.6'",
            )
        ]
    raw_path, raw_value = text.split("=", 1)
    raw_path = raw_path.strip()
    if not raw_path:
        return [
            _problem(
                text,
                "",
                "the field path before '=' is empty",
                "dotted.path=value",
                "name the field, e.g. 'guarantee.automaticity=0.6'",
            )
        ]
    if len(raw_path) > MAX_PATH_LENGTH or raw_path.count(".") + raw_path.count("[") >= MAX_DEPTH:
        return [
            _problem(
                text,
                "",
                f"the field path is longer than any field of the schema ({len(raw_path)} "
                "characters)",
                f"at most {MAX_PATH_LENGTH} characters and {MAX_DEPTH} keys",
                "name a field listed in docs/scenarios.md",
            )
        ]
    if not _PATH.fullmatch(raw_path):
        return [
            _problem(
                text,
                raw_path,
                f"'{raw_path}' is not a field path",
                "keys separated by '.', list indices in brackets, e.g. "
                "guarantee.coalition.members[0].weight",
                "write the path as keys separated by dots",
            )
        ]
    path: FieldPath = tuple(key if key else int(index) for key, index in _TOKEN.findall(raw_path))
    if path == ("extends",):
        return [
            _problem(
                text,
                "extends",
                "'extends' cannot be overridden (overrides apply after 'extends')",
                "any field of the schema",
                "edit the scenario file, or load the other file with its own --set",
            )
        ]
    parsed = parse_yaml(raw_value, source_of(text))
    if parsed.problems:
        return [
            Problem(source_of(text), 0, 0, raw_path, p.message, p.allowed, p.hint)
            for p in parsed.problems
        ]
    return Override(text=text, path=path, value=parsed.data)


def parse_override(text: str) -> Override:
    """Parse one ``dotted.path=value`` override.

    Raises
    ------
    ScenarioError
        When the text has no ``=``, an empty or malformed path, or a value that is not safe YAML.
    """
    result = _parse(text)
    if isinstance(result, list):
        raise ScenarioError(result)
    return result


def parse_overrides(texts: Sequence[str]) -> tuple[list[Override], list[Problem]]:
    """Parse every override, collecting the problems of all malformed ones."""
    overrides: list[Override] = []
    problems: list[Problem] = []
    for text in texts:
        result = _parse(text)
        if isinstance(result, list):
            problems.extend(result)
        else:
            overrides.append(result)
    return overrides, problems


def _record(positions: dict[FieldPath, Position], path: FieldPath, value: Any, source: str) -> None:
    positions[path] = Position(source, 0, 0, 0, 0)
    if isinstance(value, dict):
        for key, item in value.items():
            _record(positions, (*path, str(key)), item, source)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _record(positions, (*path, index), item, source)


def _check(data: dict[str, Any], override: Override) -> Problem | None:
    """Why ``override.path`` cannot be set in ``data``, or ``None``."""
    current: Any = data
    path = override.path
    for depth, part in enumerate(path):
        if isinstance(part, int):
            problem = _index_problem(current, part, override, path[:depth])
            if problem is not None:
                return problem
            current = current[part]
            continue
        if not isinstance(current, dict):
            return _not_a_mapping(override, path[:depth], current)
        if part not in current:
            for later, item in enumerate(path[depth + 1 :], start=depth + 1):
                if isinstance(item, int):
                    return _index_problem(None, item, override, path[:later])
            return None
        current = current[part]
    return None


def apply_override(
    data: dict[str, Any], positions: dict[FieldPath, Position], override: Override
) -> list[Problem]:
    """Set ``override.value`` at ``override.path`` in ``data`` (in place).

    Missing mappings on the way are created; list items must exist. The positions of the
    replaced value are replaced by the override's (so validation problems name ``--set ...``).

    Returns
    -------
    list of Problem
        Empty on success; otherwise why the path cannot be set (``data`` is then unchanged).
    """
    problem = _check(data, override)
    if problem is not None:
        return [problem]
    source = override.source
    current: Any = data
    for depth, part in enumerate(override.path[:-1]):
        if isinstance(current, dict) and part not in current:
            current[part] = {}
            positions[override.path[: depth + 1]] = Position(source, 0, 0, 0, 0)
        current = current[part]
    current[override.path[-1]] = override.value
    for stale in [p for p in positions if p[: len(override.path)] == override.path]:
        del positions[stale]
    _record(positions, override.path, override.value, source)
    return []


def _index_problem(current: Any, index: int, override: Override, path: FieldPath) -> Problem | None:
    where = format_path(path)
    whole = f"--set {where}=[{{...}}, ...]"
    if not isinstance(current, list):
        return _problem(
            override.text,
            where,
            f"'{where}' is not a list given in the scenario, so [{index}] cannot be set",
            "indices of lists written in the scenario",
            f"set the whole list instead, e.g. {whole}",
        )
    if index >= len(current):
        return _problem(
            override.text,
            f"{where}[{index}]",
            f"index {index} is out of range: '{where}' has {len(current)} items",
            f"0 to {len(current) - 1}" if current else "no index (the list is empty)",
            f"use an index below {len(current)}, or set the whole list: {whole}",
        )
    return None


def _not_a_mapping(override: Override, path: FieldPath, value: Any) -> Problem:
    where = format_path(path)
    return _problem(
        override.text,
        where,
        f"'{where}' is not a mapping, so it has no field '{override.path[len(path)]}'",
        "paths through mappings of the scenario",
        f"check the path against the schema, or set '{where}' itself",
    )


def apply_overrides(
    data: dict[str, Any], positions: dict[FieldPath, Position], overrides: Sequence[Override]
) -> list[Problem]:
    """Apply overrides in order (later ones win); the problems of those that cannot apply."""
    problems: list[Problem] = []
    for override in overrides:
        problems.extend(apply_override(data, positions, override))
    return problems
