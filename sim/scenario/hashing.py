"""Canonical hash of a resolved scenario.

The hash identifies what a scenario *means*, not how it was written: it is the SHA-256 of the
canonical JSON of ``scenario.model_dump(mode="json")``, the fully resolved scenario with every
default filled in. Two files that differ only in key order, comments, stated-versus-omitted
defaults, ``extends`` or ``coalition: {size: n}`` versus the equivalent member list hash the same.

Canonical JSON here: mapping keys sorted, no whitespace, text as JSON strings (UTF-8, not
escaped), integers as digits, floats as Python's shortest round-trip ``repr`` and the
non-finite floats as the strings ``"inf"``, ``"-inf"`` and ``"nan"``.

Examples
--------
>>> canonical_json({"b": 1.0, "a": [True, None, "x", float("inf")]})
'{"a":[true,null,"x","inf"],"b":1.0}'
>>> from sim.scenario.schema import Scenario
>>> len(scenario_hash(Scenario(name="demo")))
64
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from pydantic import BaseModel


def canonical_json(value: Any) -> str:
    """Canonical JSON text of plain data (dicts, lists, text, numbers, booleans, null).

    Raises
    ------
    TypeError
        For any other type.
    """
    if isinstance(value, dict):
        items = sorted((str(k), v) for k, v in value.items())
        return (
            "{"
            + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{canonical_json(v)}" for k, v in items)
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return '"nan"'
        if math.isinf(value):
            return '"inf"' if value > 0 else '"-inf"'
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot hash a value of type {type(value).__name__}: {value!r}")


def scenario_hash(scenario: BaseModel) -> str:
    """SHA-256 (hex) of the canonical JSON of the resolved scenario.

    Parameters
    ----------
    scenario
        A validated :class:`sim.scenario.schema.Scenario` (any pydantic model works).

    Returns
    -------
    str
        64 lower-case hex digits.
    """
    text = canonical_json(scenario.model_dump(mode="json"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
