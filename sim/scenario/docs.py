"""``docs/scenarios.md``, generated from the scenario schema.

The page is rendered from the pydantic models themselves: for each block of
:class:`sim.scenario.schema.Scenario` (found by walking ``model_fields`` recursively) a table of
its fields with type or allowed values, range (``ge/gt/le/lt`` and length constraints), unit,
default, source and description (``unit`` and ``source`` come from each field's
``json_schema_extra``). An introduction, an example with ``extends`` and ``--set``, and an error
message produced by the real loader come first. Nothing here lists fields by hand, so fields
added to the schema appear after ``make docs``.

Usage::

    python -m sim.scenario.docs                             # print the page
    python -m sim.scenario.docs --check docs/scenarios.md  # exit 1 if the file is stale

Examples
--------
>>> page = render_schema_docs()
>>> page.startswith("# Scenario files")
True
>>> "| `automaticity` |" in page
True
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sim.scenario.errors import EXIT_BAD_INPUT, ScenarioError
from sim.scenario.fields import (
    describe_type,
    dict_value,
    field_bounds,
    field_extra,
    format_number,
    format_range,
    list_item,
    model_class,
    plausible_range,
    union_members,
)
from sim.scenario.schema import Scenario
from sim.scenario.validation import validate_data
from sim.scenario.yaml_positions import parse_yaml

EXAMPLE_BASE = """\
# scenarios/presets/coalition_base.yaml
name: coalition_base
description: A European-led guarantee with a US air backstop.
guarantee:
  automaticity: 0.5
  legal_form: executive
  coalition:
    size: 8
    aggregation: independent
  us_backstop: air
"""
"""A parent scenario for the example (file ``coalition_base.yaml``)."""

EXAMPLE_CHILD = """\
# scenarios/presets/coalition_treaty_troops.yaml
extends: coalition_base.yaml    # relative to this file's folder
name: coalition_treaty_troops
guarantee:
  legal_form: treaty            # replaces the parent's value
  troops_on_ground: 20          # thousand personnel
  posture: rear_hubs            # troops need a posture
  # automaticity, coalition and us_backstop are inherited
"""
"""A child scenario for the example (file ``coalition_treaty_troops.yaml``)."""

EXAMPLE_OVERRIDES = ("guarantee.automaticity=0.8", "guarantee.coalition={size: 12}")
"""``--set`` overrides used in the example."""

EXAMPLE_BAD = """\
name: My Scenario
guarantee:
  automaticty: 0.6
  legal_form: treety
  monitoring: 1.2
"""
"""A scenario with four mistakes; the page shows the loader's report of it."""

_ROLE = re.compile(r":(?:mod|class|func|meth|attr|data):`~?([^`]+)`")


@dataclass(frozen=True)
class _Section:
    path: str
    model: type[BaseModel]


def _markdown(text: str) -> str:
    """reStructuredText inline markup of docstrings → Markdown."""
    text = _ROLE.sub(r"`\1`", text)
    return text.replace("``", "`")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _docstring(model: type[BaseModel]) -> str:
    doc = model.__dict__.get("__doc__")
    return _markdown(inspect.cleandoc(doc)) if doc else ""


def _value(value: Any) -> str:
    if isinstance(value, BaseModel):
        return "see below"
    if value is None:
        return "`null`"
    if isinstance(value, bool | int | float):
        return f"`{format_number(value)}`"
    if isinstance(value, str):
        return f"`{value}`" if value else '`""`'
    if isinstance(value, list | tuple) and not value:
        return "`[]`"
    if isinstance(value, dict) and not value:
        return "`{}`"
    return f"`{value!r}`"


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    return _value(info.get_default(call_default_factory=True))


def _nested_models(annotation: Any) -> list[tuple[str, type[BaseModel]]]:
    """``(suffix, model)`` for models reachable from a field: itself, list items, dict values."""
    found: list[tuple[str, type[BaseModel]]] = []
    model = model_class(annotation)
    if model is not None:
        found.append(("", model))
    item = list_item(annotation)
    item_model = model_class(item) if item is not None else None
    if item_model is not None:
        found.append(("[]", item_model))
    value = dict_value(annotation)
    value_model = model_class(value) if value is not None else None
    if value_model is not None:
        found.append((".<name>", value_model))
    return found


def _sections() -> list[_Section]:
    """Every block of the schema, depth first in schema order; each model class once."""
    sections: list[_Section] = []
    seen: set[type[BaseModel]] = set()

    def visit(path: str, model: type[BaseModel]) -> None:
        seen.add(model)
        sections.append(_Section(path, model))
        for name, info in model.model_fields.items():
            for suffix, sub in _nested_models(info.annotation):
                if sub not in seen:
                    visit(f"{path}.{name}{suffix}" if path else f"{name}{suffix}", sub)

    visit("", Scenario)
    return sections


def _anchor(path: str) -> str:
    return re.sub(r"[^a-z0-9_\- ]", "", f"{path or 'top level'}".lower()).replace(" ", "-")


def _type_cell(annotation: Any, where: dict[type[BaseModel], str]) -> str:
    parts: list[str] = []
    for member in union_members(annotation):
        nested = _nested_models(member)
        if nested:
            suffix, model = nested[0]
            target = where.get(model, "")
            link = f"[`{target or 'top level'}`](#{_anchor(target)})"
            kind = {
                "": "mapping",
                "[]": "list of mappings",
                ".<name>": "mapping of names to mappings",
            }[suffix]
            parts.append(f"{kind}, see {link}")
        elif member is type(None):
            parts.append("`null`")
        elif get_origin(member) is Literal:
            choices = [f"`{c}`" for c in get_args(member)]
            parts.append("one of " + ", ".join(choices) if len(choices) > 1 else choices[0])
        else:
            parts.append(describe_type(member))
    return " or ".join(parts)


def _range_cell(info: FieldInfo) -> str:
    bounds = field_bounds(info)
    parts = [format_range(bounds).replace("x", "*x*")] if bounds.has_range else []
    if bounds.min_length is not None:
        parts.append(f"at least {bounds.min_length} long")
    if bounds.max_length is not None:
        parts.append(f"at most {bounds.max_length} long")
    if bounds.pattern is not None:
        parts.append(f"matches `{bounds.pattern}`")
    return "; ".join(parts)


def _plausible_cell(info: FieldInfo) -> str:
    span = plausible_range(info)
    return "" if span is None else f"{format_number(span[0])} – {format_number(span[1])}"


def _table(section: _Section, where: dict[type[BaseModel], str]) -> list[str]:
    lines = [
        "| field | type / allowed values | range | unit | default | plausible | source "
        "| description |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, info in section.model.model_fields.items():
        cells = [
            f"`{name}`",
            _type_cell(info.annotation, where),
            _range_cell(info),
            field_extra(info, "unit"),
            _default(info),
            _plausible_cell(info),
            _markdown(field_extra(info, "source")),
            _markdown(info.description or ""),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _example_error() -> str:
    parsed = parse_yaml(EXAMPLE_BAD, "scenarios/my_scenario.yaml")
    try:
        validate_data(
            parsed.data,
            parsed.positions,
            source="scenarios/my_scenario.yaml",
            problems=parsed.problems,
        )
    except ScenarioError as err:
        return str(err)
    raise AssertionError("the example of a bad scenario validated")


def _limits() -> list[str]:
    """The limits on input and runs, from the constants that enforce them."""
    from sim.scenario.dynamics import MAX_QUARTERS, MAX_REPLICATES, MAX_WORKERS
    from sim.scenario.expressions import MAX_LENGTH
    from sim.scenario.game_spec import MAX_MAGNITUDE
    from sim.scenario.loader import MAX_EXTENDS, MAX_FILE_BYTES
    from sim.scenario.schema import MAX_DURATION_YEARS, MAX_PAYOFF
    from sim.scenario.yaml_positions import MAX_DEPTH, MAX_NODES

    return [
        f"- **Limits.** A scenario file is at most {MAX_FILE_BYTES:,} bytes, nests at most "
        f"{MAX_DEPTH} levels (a `game:` tree takes two per move) and expands to at most "
        f"{MAX_NODES:,} values; an `extends` chain has at most {MAX_EXTENDS} files, each a "
        "regular `.yaml` or `.yml` file (not a device, a pipe or a loop of links; the contents of "
        "a file that is not a scenario are never quoted). Payoff constants are at most "
        f"{MAX_PAYOFF:,} payoff units; a `game:` number at most {MAX_MAGNITUDE:g} in size, an "
        f"expression at most {MAX_LENGTH:,} characters. A finite `duration_years` is at most "
        f"{MAX_DURATION_YEARS:,}; the repeated game lasts at most {MAX_QUARTERS} quarters, so with "
        f"`dynamics.quarters: null` a guarantee of more than {MAX_QUARTERS // 4} years is refused "
        "(set `dynamics.quarters`). Runs have at most "
        f"{MAX_REPLICATES:,} replicates (`--replicates` too) and `--workers` is at most "
        f"{MAX_WORKERS}; more workers than the machine's cores are lowered to the number of "
        "cores, with a note. Text longer than a line is cut in messages.",
    ]


def _introduction() -> list[str]:
    overrides = " ".join(f"--set '{o}'" for o in EXAMPLE_OVERRIDES)
    return [
        "# Scenario files",
        "",
        "<!-- Generated from sim/scenario/schema.py by `make docs` "
        "(python -m sim.scenario.docs); do not edit by hand. -->",
        "",
        "A scenario is a YAML file describing one security guarantee θ for Ukraine, the actors, "
        "the payoff constants and how to solve and run the game. Only `name` is required; every "
        "other field has a documented default, listed below with its range, unit and source "
        '("judgement" where the number is the modeller\'s). A judgement constant also has a '
        "*plausible* range: the values a careful analyst could defend, sampled by the robustness "
        "check of `deter run` (`p_deterred_robust`, ...; docs/model.md).",
        "",
        "- **Safe YAML.** Files are read with the safe loader: tags such as `!!python/object` are "
        "refused and never executed; duplicate keys are errors.",
        "- **Unknown keys are errors**, with the nearest valid key suggested.",
        "- **`extends: other.yaml`** (a path relative to the extending file; chains allowed) "
        "loads the other file first and merges this one over it: mappings merge key by key, "
        "lists and single values replace. A scenario inherits its parent's `name` unless it "
        "sets its own.",
        "- **`--set dotted.path=value`** on the command line changes one field after `extends`, "
        "e.g. `--set guarantee.automaticity=0.6`, `--set guarantee.coalition={size: 5}` or "
        "`--set guarantee.coalition.members[0].weight=50` (list items must be written in the "
        "file). Values are read as YAML.",
        "- **Every problem at once.** A file with mistakes is rejected with one line per problem "
        "naming the file, line, column and field, what is allowed and how to fix it; commands "
        f"exit with code {EXIT_BAD_INPUT} and write nothing.",
        "- **Hash.** A loaded scenario is identified by the SHA-256 of its resolved form (every "
        "default filled in), so key order, comments, `extends` and stating a default or not do "
        "not change it; results folders carry it. `deter run --replicates N` is the same as "
        "`--set dynamics.replicates=N`: it is part of the bundle's `scenario.yaml` and hash, so "
        "`deter run BUNDLE/scenario.yaml` reruns to the same bytes.",
        "- **Strict types, YAML 1.2 values.** A number must be written as a number: `yes`, `on`, "
        "`true`, a quoted `'0.5'` or `1:30` is not one (YAML 1.1 read `1:30` as 90 and `yes` as "
        "true), `012` is text rather than octal, `1e-9` is a number; a true/false field takes only "
        "`true` or `false` (not `yes`, `0` or `-0.0`); a whole-number field takes no `10.0`. "
        "Numbers must be finite (`.nan` and `.inf` are refused).",
        *_limits(),
        "",
        "## Example",
        "",
        "```yaml",
        EXAMPLE_BASE.rstrip(),
        "```",
        "",
        "```yaml",
        EXAMPLE_CHILD.rstrip(),
        "```",
        "",
        "```console",
        f"$ deter run scenarios/presets/coalition_treaty_troops.yaml {overrides}",
        "```",
        "",
        "A scenario with mistakes:",
        "",
        "```yaml",
        EXAMPLE_BAD.rstrip(),
        "```",
        "",
        "is rejected with:",
        "",
        "```text",
        _example_error(),
        "```",
        "",
        "## Reference",
        "",
        "Ranges use *x* for the value. Payoffs are in payoff units where Russia's value of "
        "conquering Ukraine is 10 (see `docs/model.md`).",
    ]


CONSTANT_BLOCKS = ("actors", "payoffs")
"""The blocks whose numbers are constants of the game (not the design θ)."""


def render_constants_table() -> str:
    """Every numeric constant of the game (``actors`` and ``payoffs``) with its default, plausible
    range and source: the table of ``docs/model.md`` (between its constants-table markers)."""
    lines = [
        "| constant | default | plausible | source | meaning |",
        "|---|---|---|---|---|",
    ]
    for section in _sections():
        if not section.path.startswith(CONSTANT_BLOCKS):
            continue
        for name, info in section.model.model_fields.items():
            if info.annotation not in (float, int):
                continue
            cells = [
                f"`{section.path}.{name}`",
                _default(info),
                _plausible_cell(info),
                _markdown(field_extra(info, "source")),
                _markdown(info.description or ""),
            ]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def render_schema_docs() -> str:
    """The Markdown text of ``docs/scenarios.md``, rendered from the current schema."""
    sections = _sections()
    where = {s.model: s.path for s in sections}
    lines = _introduction()
    for section in sections:
        title = f"`{section.path}`" if section.path else "Top level"
        lines += ["", f"### {title}", ""]
        doc = _docstring(section.model)
        if doc:
            lines += [doc, ""]
        lines += _table(section, where)
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the page, or with ``--check FILE`` return 1 when ``FILE`` differs from it."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.scenario.docs",
        description="Render docs/scenarios.md from the scenario schema.",
        epilog="Example: python -m sim.scenario.docs > docs/scenarios.md",
    )
    parser.add_argument("--check", metavar="FILE", help="exit 1 if FILE is not up to date")
    args = parser.parse_args(argv)
    page = render_schema_docs()
    if args.check is None:
        sys.stdout.write(page)
        return 0
    try:
        with open(args.check, encoding="utf-8") as handle:
            current = handle.read()
    except OSError as exc:
        print(f"{args.check}: cannot be read ({exc.strerror}); run `make docs`", file=sys.stderr)
        return 1
    if current != page:
        print(f"{args.check} is stale: run `make docs` to regenerate it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
