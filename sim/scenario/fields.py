"""Reading the scenario schema: field types, ranges, choices, units and sources.

Error messages (:mod:`sim.scenario.validation`) and the generated documentation
(:mod:`sim.scenario.docs`) describe fields the same way, from the pydantic models themselves;
nothing here lists the schema's fields by hand, so fields added to the schema are described
without edits here.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> info = field_at(Scenario, ("guarantee", "automaticity"))
>>> format_range(field_bounds(info))
'0 ≤ x ≤ 1'
>>> describe_type(field_at(Scenario, ("guarantee", "legal_form")).annotation)
"one of 'declaration', 'executive', 'treaty'"
>>> model_at(Scenario, ("guarantee", "coalition", "members", 0)).__name__
'Member'
"""

from __future__ import annotations

import math
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo

FieldPath = tuple[str | int, ...]


def documented(
    default: Any,
    description: str,
    *,
    unit: str = "",
    source: str = "",
    plausible: tuple[float, float] | None = None,
    **kw: Any,
) -> Any:
    """A schema field with its description, unit, source and, for a judgement constant, its
    plausible range (all of which end up in ``docs/scenarios.md``; the plausible range is what
    robustness checks sample); ``kw`` are pydantic's ``Field`` arguments (bounds, lengths)."""
    extra: dict[str, Any] = {"unit": unit, "source": source}
    if plausible is not None:
        extra["plausible"] = [float(plausible[0]), float(plausible[1])]
    return Field(default, description=description, json_schema_extra=extra, **kw)


def plausible_range(info: FieldInfo) -> tuple[float, float] | None:
    """The plausible range of a judgement constant, or None."""
    extra: Any = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    found = extra.get("plausible")
    return None if found is None else (float(found[0]), float(found[1]))


def format_number(value: float) -> str:
    """A number as a reader writes it: ``1`` not ``1.0``, ``0.001`` not ``1e-03``.

    >>> format_number(1.0), format_number(0.95), format_number(1e-9), format_number(math.inf)
    ('1', '0.95', '1e-09', 'inf')
    >>> format_number(1e300), format_number(10**40)
    ('1e+300', '1e+40')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value == 0 and math.copysign(1.0, value) < 0:
        return "-0.0"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value)) if abs(value) < 1e16 else str(value)
    if isinstance(value, int) and abs(value) >= 10**20:
        return (
            f"{float(value):.6g}"
            if abs(value) < 10**308
            else f"a {len(str(abs(value)))}-digit number"
        )
    return str(value)


def _union_args(annotation: Any) -> tuple[Any, ...]:
    origin = get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return get_args(annotation)
    return (annotation,)


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def union_members(annotation: Any) -> tuple[Any, ...]:
    """The alternatives of a union (``Optional`` included), or the type itself."""
    return tuple(_strip_annotated(a) for a in _union_args(_strip_annotated(annotation)))


def is_model(annotation: Any) -> bool:
    """Whether ``annotation`` is a pydantic model class."""
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def model_class(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model among the alternatives of ``annotation``, if any."""
    for member in union_members(annotation):
        if is_model(member):
            return typing.cast(type[BaseModel], member)
    return None


def list_item(annotation: Any) -> Any | None:
    """The item type of a list (or tuple/sequence) among the alternatives of ``annotation``."""
    for member in union_members(annotation):
        if get_origin(member) in (list, tuple, Sequence, set, frozenset):
            args = get_args(member)
            return _strip_annotated(args[0]) if args else Any
    return None


def literal_choices(annotation: Any) -> tuple[Any, ...]:
    """Every literal value allowed by ``annotation`` (across union alternatives)."""
    choices: list[Any] = []
    for member in union_members(annotation):
        if get_origin(member) is Literal:
            choices.extend(get_args(member))
    return tuple(choices)


def describe_type(annotation: Any) -> str:
    """Plain-English description of what a field accepts.

    >>> describe_type(float | None)
    'a number, or null'
    >>> describe_type(list[str])
    'a list of text'
    """
    parts: list[str] = []
    nullable = False
    literals: list[Any] = []
    for member in union_members(annotation):
        if member is type(None):
            nullable = True
        elif get_origin(member) is Literal:
            literals.extend(get_args(member))
        elif member is bool:
            parts.append("true or false")
        elif member is int:
            parts.append("a whole number")
        elif member is float:
            parts.append("a number")
        elif member is str:
            parts.append("text")
        elif is_model(member):
            parts.append("a mapping (block of keys)")
        elif member is Any:
            parts.append("any value")
        elif get_origin(member) is dict or member is dict:
            parts.append("a mapping")
        elif list_item(member) is not None:
            item = list_item(member)
            parts.append(f"a list of {_plural(describe_type(item))}")
        else:
            parts.append(getattr(member, "__name__", str(member)))
    if literals:
        shown = ", ".join(repr(x) for x in literals)
        parts.append(f"one of {shown}" if len(literals) > 1 else shown)
    text = " or ".join(parts)
    if nullable:
        text += ", or null"
    return text


def _plural(text: str) -> str:
    """Plural of a type description: ``'a number or text'`` → ``'numbers or text'``."""
    if " or " in text and not text.startswith("one of"):
        return " or ".join(_plural(part) for part in text.split(" or "))
    if text.startswith("a mapping (block of keys)"):
        return "mappings (blocks of keys)"
    if text.startswith("a list of "):
        return "lists of " + text[len("a list of ") :]
    if text == "any value":
        return "any values"
    for article in ("a ", "an "):
        if text.startswith(article):
            return text[len(article) :] + "s"
    return text


@dataclass(frozen=True)
class Bounds:
    """Constraints of a field read from its pydantic metadata (``None`` when absent)."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None

    @property
    def has_range(self) -> bool:
        """Whether any numeric bound is set."""
        return any(b is not None for b in (self.ge, self.gt, self.le, self.lt))


def field_bounds(info: FieldInfo | None) -> Bounds:
    """The ``ge/gt/le/lt``, length and pattern constraints of a field."""
    found: dict[str, Any] = {}
    for meta in info.metadata if info is not None else ():
        for name in ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern"):
            value = getattr(meta, name, None)
            if value is not None:
                found[name] = value
    return Bounds(**found)


def format_range(bounds: Bounds) -> str:
    """A range such as ``0 ≤ x ≤ 1``, ``x > 0`` or ``0 < x < 1``; empty when unbounded.

    >>> format_range(Bounds(gt=0, le=10)), format_range(Bounds(ge=0)), format_range(Bounds())
    ('0 < x ≤ 10', 'x ≥ 0', '')
    """
    lower = upper = ""
    if bounds.ge is not None:
        lower = f"{format_number(bounds.ge)} ≤ "
    elif bounds.gt is not None:
        lower = f"{format_number(bounds.gt)} < "
    if bounds.le is not None:
        upper = f" ≤ {format_number(bounds.le)}"
    elif bounds.lt is not None:
        upper = f" < {format_number(bounds.lt)}"
    if not lower and not upper:
        return ""
    if lower and upper:
        return f"{lower}x{upper}"
    if upper:
        return f"x{upper}"
    if bounds.ge is not None:
        return f"x ≥ {format_number(bounds.ge)}"
    return f"x > {format_number(bounds.gt or 0)}"


def range_hint(bounds: Bounds, *, integer: bool = False) -> str:
    """The fix for an out-of-range number, e.g. ``use a number between 0 and 1``.

    >>> range_hint(Bounds(ge=0, le=150), integer=True)
    'use a whole number between 0 and 150'
    >>> range_hint(Bounds(gt=0))
    'use a number above 0'
    """
    kind = "a whole number" if integer else "a number"
    low = bounds.ge if bounds.ge is not None else bounds.gt
    high = bounds.le if bounds.le is not None else bounds.lt
    if low is not None and high is not None:
        text = f"use {kind} between {format_number(low)} and {format_number(high)}"
        exclusive = [format_number(b) for b in (bounds.gt, bounds.lt) if b is not None]
        if exclusive:
            text += f" (excluding {' and '.join(exclusive)})"
        return text
    if bounds.ge is not None:
        return f"use {kind} of at least {format_number(bounds.ge)}"
    if bounds.gt is not None:
        return f"use {kind} above {format_number(bounds.gt)}"
    if bounds.le is not None:
        return f"use {kind} of at most {format_number(bounds.le)}"
    if bounds.lt is not None:
        return f"use {kind} below {format_number(bounds.lt)}"
    return f"use {kind}"


def field_extra(info: FieldInfo | None, key: str) -> str:
    """A documentation key (``unit``, ``source``) from a field's ``json_schema_extra``."""
    extra = info.json_schema_extra if info is not None else None
    if isinstance(extra, dict):
        value = extra.get(key, "")
        return "" if value is None else str(value)
    return ""


def dict_value(annotation: Any) -> Any | None:
    """The value type of a ``dict[str, X]`` among the alternatives of ``annotation``."""
    for member in union_members(annotation):
        if get_origin(member) is dict:
            args = get_args(member)
            return _strip_annotated(args[1]) if len(args) == 2 else Any
    return None


def _step(annotation: Any, part: str | int) -> tuple[Any, FieldInfo | None] | None:
    if isinstance(part, int):
        item = list_item(annotation)
        return None if item is None else (item, None)
    model = model_class(annotation)
    if model is not None and part in model.model_fields:
        info = model.model_fields[part]
        return info.annotation, info
    value = dict_value(annotation)
    return None if value is None else (value, None)


def annotation_at(root: type[BaseModel], path: FieldPath) -> Any | None:
    """The type at ``path`` under ``root`` (``None`` when the path leaves the schema)."""
    annotation: Any = root
    for part in path:
        step = _step(annotation, part)
        if step is None:
            return None
        annotation = step[0]
    return annotation


def field_at(root: type[BaseModel], path: FieldPath) -> FieldInfo | None:
    """The pydantic field at ``path``: the last key's field, even below list indices."""
    annotation: Any = root
    info: FieldInfo | None = None
    for part in path:
        step = _step(annotation, part)
        if step is None:
            return None
        annotation, new_info = step
        if new_info is not None or isinstance(part, str):
            info = new_info
    return info


def model_at(root: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model whose keys are valid at ``path`` (``None`` when ``path`` is not a block)."""
    annotation = annotation_at(root, path)
    return None if annotation is None else model_class(annotation)


def all_field_paths(root: type[BaseModel], prefix: FieldPath = ()) -> list[FieldPath]:
    """Every field path of the schema under ``root``, blocks first, in schema order.

    List items are not entered (their paths would need an index).
    """
    paths: list[FieldPath] = []
    for name, info in root.model_fields.items():
        path = (*prefix, name)
        paths.append(path)
        sub = model_class(info.annotation)
        if sub is not None and sub is not root and len(path) < 8:
            paths.extend(all_field_paths(sub, path))
    return paths
