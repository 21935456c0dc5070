"""Validation of scenario data against the schema, with problems that point into the YAML.

Pydantic reports every error of a document at once as ``ValidationError.errors()``, each with a
location tuple such as ``("guarantee", "coalition", "members", 2, "weight")``. This module maps
each location back to the position where the key or value was written (kept by
:mod:`sim.scenario.yaml_positions`), and rewrites pydantic's message as a :class:`Problem` that
says what is allowed and how to fix it, reading ranges, choices and types from the schema itself
(:mod:`sim.scenario.fields`).

Where a problem points:

- an unknown key: at the key;
- a bad value: at the value;
- a missing required field: at the enclosing mapping (its key, or the document start);
- a cross-field (model validator) error: at the block it concerns.

Examples
--------
>>> try:
...     validate_mapping({"name": "demo", "guarantee": {"automaticty": 0.6}}, source="api")
... except ScenarioError as err:
...     problem = err.problems[0]
>>> problem.file, problem.line, problem.field, problem.message, problem.hint
('api', 0, 'guarantee.automaticty', "unknown field 'automaticty'", "did you mean 'automaticity'?")
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from sim.scenario.errors import SHOWN_LENGTH, Problem, ScenarioError, shorten, sort_problems
from sim.scenario.fields import (
    FieldPath,
    all_field_paths,
    annotation_at,
    describe_type,
    field_at,
    field_bounds,
    format_number,
    format_range,
    literal_choices,
    model_at,
    range_hint,
)
from sim.scenario.schema import SCHEMA_VERSION, Scenario
from sim.scenario.yaml_positions import Position, format_path

DOCS_PAGE = "docs/scenarios.md"


_RANGE_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
_TYPE_ERRORS = {"none_required", "finite_number", "is_instance_of", "literal_error"}
_LENGTH_ERRORS = {"too_long", "too_short", "string_too_long", "string_too_short"}


def shown(value: Any) -> str:
    """A value as it appears in a message: text quoted, numbers plain, containers named.

    >>> shown("treety"), shown(1.0), shown(True), shown([1]), shown(None)
    ("'treety'", '1', 'true', 'a list', 'null')
    >>> shown("x" * 1_000_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (1000000 characters)"
    """
    if isinstance(value, str):
        if len(value) > SHOWN_LENGTH:
            return f"{value[:40]!r}"[:-1] + f"…' ({len(value)} characters)"
        return repr(value)
    if isinstance(value, bool | int | float):
        return format_number(value)
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    return repr(value)


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    """The closest of ``choices`` to ``word`` (difflib ratio ≥ 0.6, case-insensitive).

    >>> did_you_mean("automaticty", ["automaticity", "trigger"])
    'automaticity'
    >>> did_you_mean("zzz", ["automaticity"]) is None
    True
    """
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def _clean_location(loc: tuple[Any, ...], data: Any, kind: str) -> FieldPath:
    """The location with pydantic's union-branch tags (``'float'``, ...) removed."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif last and kind == "missing" and isinstance(part, str):
            path.append(part)
    return tuple(path)


def _position_of(
    path: FieldPath, positions: Mapping[FieldPath, Position], where: str, source: str
) -> tuple[str, int, int]:
    """``(file, line, column)`` of ``path``: its key, its value, or (``block``) its mapping."""
    probe = path
    while probe not in positions and probe:
        probe = probe[:-1]
        where = "block"
    pos = positions.get(probe)
    if pos is None:
        return source, 0, 0
    if where == "value":
        return pos.file, pos.value_line, pos.value_column
    return pos.file, pos.line, pos.column


def _unknown_key(path: FieldPath) -> tuple[str, str, str]:
    key = shorten(str(path[-1]))
    parent = path[:-1]
    model = model_at(Scenario, parent)
    valid = list(model.model_fields) if model is not None else []
    where = ", ".join(valid)
    guess = did_you_mean(key, valid)
    if guess is not None:
        hint = f"did you mean '{guess}'?"
    else:
        elsewhere = [p for p in all_field_paths(Scenario) if p[-1] == key]
        if elsewhere:
            hint = f"'{key}' belongs under '{format_path(elsewhere[0][:-1])}'"
        else:
            hint = f"remove it; valid keys here: {', '.join(valid)}"
    return f"unknown field '{key}'", where, hint


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9_\-]+", "_", value.strip().lower()).strip("_-")


def _problem_for(error: Mapping[str, Any], path: FieldPath) -> tuple[str, str, str, str]:
    """``(where, message, allowed, hint)`` for one pydantic error at a cleaned path."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    info = field_at(Scenario, path)
    annotation = info.annotation if info is not None else None
    if path and isinstance(path[-1], int):
        annotation = annotation_at(Scenario, path)
        info = None
    bounds = field_bounds(info)
    expected = describe_type(annotation) if annotation is not None else ""

    if kind == "located":  # located by the check itself (sweep checks, the horizon)
        return "key" if len(path) <= 3 else "value", ctx["message"], ctx["allowed"], ctx["hint"]
    if kind == "extra_forbidden":
        message, allowed, hint = _unknown_key(path)
        return "key", message, allowed, hint
    if kind == "missing":
        name = str(path[-1]) if path else "?"
        block = f"to {format_path(path[:-1])}" if len(path) > 1 else "at the top level"
        allowed = f"text matching {bounds.pattern}" if bounds.pattern else expected
        return "block", f"missing required field '{name}'", allowed, f"add '{name}: ...' {block}"
    if kind in _RANGE_ERRORS:
        integer = annotation is int
        if not bounds.has_range:
            bounds = type(bounds)(**{k: ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx})
        limit = format_number(next(iter(ctx.values()))) if ctx else "?"
        message = {
            "greater_than": f"{shown(value)} is not above the minimum {limit}",
            "greater_than_equal": f"{shown(value)} is below the minimum {limit}",
            "less_than": f"{shown(value)} is not below the maximum {limit}",
            "less_than_equal": f"{shown(value)} is above the maximum {limit}",
        }[kind]
        return "value", message, format_range(bounds), range_hint(bounds, integer=integer)
    if kind == "literal_error":
        choices = literal_choices(annotation) if annotation is not None else ()
        names = [str(c) for c in choices]
        allowed = ", ".join(repr(c) for c in choices) or str(ctx.get("expected", ""))
        guess = did_you_mean(str(value), names) if isinstance(value, str) else None
        hint = f"did you mean '{guess}'?" if guess else f"use one of {allowed}"
        return "value", f"{shown(value)} is not an allowed value", allowed, hint
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", bounds.pattern or ""))
        slug = _slug(value) if isinstance(value, str) else ""
        if slug and re.fullmatch(pattern, slug):
            hint = f"did you mean '{slug}'?"
        else:
            hint = "change the text to match the pattern"
        allowed = f"text matching {pattern}"
        if info is not None and info.description:
            allowed += f" ({info.description.split(';')[0]})"
        return "value", f"{shown(value)} is not allowed here", allowed, hint
    if kind in _LENGTH_ERRORS:
        size = len(value) if isinstance(value, str | list | tuple | dict) else "?"
        unit = "characters" if kind.startswith("string") else "items"
        if "long" in kind:
            most = ctx.get("max_length")
            return (
                "value",
                f"{size} {unit} is more than the maximum {most}",
                f"at most {most} {unit}",
                f"shorten it to at most {most} {unit}",
            )
        least = ctx.get("min_length")
        return (
            "value",
            f"{size} {unit} is fewer than the minimum {least}",
            f"at least {least} {unit}",
            f"give at least {least} {unit}",
        )
    if kind in {"value_error", "assertion_error"}:
        message = str(ctx.get("error", error.get("msg", "")))
        block_model = model_at(Scenario, path)
        where = "block" if block_model is not None else "value"
        section = format_path(path) or "scenario"
        return where, message, "", f"see the '{section}' section of {DOCS_PAGE}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return (
            "value",
            f"{shown(value)} is not a mapping",
            "a mapping (block of 'key: value' lines)",
            "write the block as indented 'key: value' lines",
        )
    if kind == "finite_number":
        return (
            "value",
            f"{shown(value)} is not a finite number",
            "a finite number",
            "use a finite number (an unlimited duration is written 'indefinite')",
        )
    if kind == "int_from_float":
        return "value", f"{shown(value)} is not a whole number", expected, "use a whole number"
    if expected and (kind.endswith(("_type", "_parsing")) or kind in _TYPE_ERRORS):
        return "value", f"{shown(value)} is not {expected}", expected, _type_hint(value, expected)
    section = format_path(tuple(p for p in path if isinstance(p, str))[:1]) or "scenario"
    return (
        "value",
        str(error.get("msg", kind)),
        expected,
        f"see the '{section}' section of {DOCS_PAGE}",
    )


def _type_hint(value: Any, expected: str) -> str:
    """The fix for a value of the wrong type; scenario fields are typed strictly, so a quoted
    number, ``yes`` or ``1:30`` is not taken for a number, nor ``0`` for false.

    >>> _type_hint("0.5", "a number"), _type_hint(True, "a number")
    ('write it without quotes: 0.5', 'use a number (true and false are not numbers)')
    """
    if isinstance(value, str) and "number" in expected:
        try:
            number = float(value)
        except ValueError:
            return f"use {expected} (text such as yes, on or 1:30 is not a number)"
        return f"write it without quotes: {format_number(number)}"
    if isinstance(value, bool) and "number" in expected:
        return f"use {expected} (true and false are not numbers)"
    return f"use {expected}"


def _merge_union_errors(path: FieldPath, value: Any) -> tuple[str, str, str, str]:
    annotation = None
    info = field_at(Scenario, path)
    if info is not None:
        annotation = info.annotation
    expected = describe_type(annotation) if annotation is not None else "another value"
    choices = [str(c) for c in literal_choices(annotation)] if annotation is not None else []
    guess = did_you_mean(value, choices) if isinstance(value, str) and choices else None
    hint = f"did you mean '{guess}'?" if guess else f"use {expected}"
    return "value", f"{shown(value)} is not {expected}", expected, hint


def problems_from_validation_error(
    error: ValidationError,
    data: Any,
    positions: Mapping[FieldPath, Position],
    *,
    source: str,
    dropped: Collection[FieldPath] = (),
) -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` objects positioned in the YAML.

    Parameters
    ----------
    error
        The pydantic error raised by ``Scenario.model_validate(data)``.
    data
        The validated data (to strip union tags from error locations).
    positions
        Field path → position, from :func:`sim.scenario.yaml_positions.parse_yaml` (empty for
        already-parsed data: problems then carry line and column 0).
    source
        File name used where no position is known.
    dropped
        Paths whose values were refused while parsing; errors at or below them are not repeated.
    """
    grouped: dict[FieldPath, list[Mapping[str, Any]]] = {}
    for item in error.errors():
        path = _clean_location(tuple(item["loc"]), data, item["type"])
        if any(path[: len(d)] == tuple(d) for d in dropped):
            continue
        grouped.setdefault(path, []).append(item)
    problems = []
    for path, items in grouped.items():
        kinds = {i["type"] for i in items}
        if len(items) > 1 and kinds.isdisjoint({"extra_forbidden", "missing"}):
            where, message, allowed, hint = _merge_union_errors(path, items[0].get("input"))
        else:
            where, message, allowed, hint = _problem_for(items[0], path)
        file, line, column = _position_of(path, positions, where, source)
        problems.append(
            Problem(file, line, column, shorten(format_path(path)), message, allowed, hint)
        )
    return problems


def _version_problem(data: Mapping[str, Any]) -> Problem | None:
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return Problem(
            "",
            0,
            0,
            "schema_version",
            f"schema_version {version} is newer than this version of the program supports",
            f"schema_version ≤ {SCHEMA_VERSION}",
            f"upgrade deterrence-sim, or write the scenario for schema_version {SCHEMA_VERSION}",
        )
    return None


def validate_data(
    data: Any,
    positions: Mapping[FieldPath, Position],
    *,
    source: str,
    dropped: Collection[FieldPath] = (),
    problems: Sequence[Problem] = (),
) -> Scenario:
    """Validate parsed data, reporting its problems together with ``problems`` found earlier.

    Parameters
    ----------
    data
        Parsed YAML (a mapping for a valid scenario).
    positions, source, dropped
        As for :func:`problems_from_validation_error`.
    problems
        Problems already found (parsing, ``extends``); they are raised together with the
        validation problems.

    Raises
    ------
    ScenarioError
        With every problem, in reading order.
    """
    found = list(problems)
    root = positions.get(())
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"the single value {shown(data)}"
        file, line, column = (root.file, root.line, root.column) if root else (source, 0, 0)
        found.append(
            Problem(
                file,
                line,
                column,
                "",
                f"the top level of a scenario must be a mapping of keys, not {kind}",
                "a mapping such as 'name: my_scenario'",
                "write the scenario as 'key: value' lines, starting with 'name: ...'",
            )
        )
        raise ScenarioError(sort_problems(found, first=source))
    version = _version_problem(data)
    if version is not None:
        file, line, column = _position_of(("schema_version",), positions, "value", source)
        found.append(
            Problem(
                file, line, column, version.field, version.message, version.allowed, version.hint
            )
        )
        raise ScenarioError(sort_problems(found, first=source))
    try:
        scenario = Scenario.model_validate(data, strict=True)
    except ValidationError as exc:
        found.extend(
            problems_from_validation_error(exc, data, positions, source=source, dropped=dropped)
        )
        raise ScenarioError(sort_problems(found, first=source)) from None
    if found:
        raise ScenarioError(sort_problems(found, first=source))
    return scenario


def validate_mapping(data: dict[str, Any], *, source: str) -> Scenario:
    """Validate already-parsed scenario data (no line numbers: problems carry line 0).

    Parameters
    ----------
    data
        The scenario as a mapping, e.g. from JSON or built in Python.
    source
        Name given to the data in problems (a file name, ``"api"``, ...).

    Raises
    ------
    ScenarioError
        With every problem of the data.
    """
    return validate_data(data, {}, source=source)
