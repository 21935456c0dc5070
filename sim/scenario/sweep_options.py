"""A sweep given on the command line: ``deter sweep SCENARIO --param PATH=SPEC ...``.

:func:`parse_param` and :func:`parse_uncertain` read the options' texts;
:func:`with_sweep_options` merges command-line sweep options into a loaded scenario's ``sweep:``
block (creating it when the file has none) and validates the result like a file: every problem
is reported at once, the ones caused by an option naming that option (``--param <text>``) as
their file. A ``--param`` that names a parameter the file already sweeps is a conflict, not an
override: edit the file or drop the option. The merged scenario is hashed again, so a bundle's
``scenario.yaml`` holds the whole sweep and reruns it.

Examples
--------
>>> import tempfile, pathlib
>>> from sim.scenario.loader import load_scenario
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "s.yaml").write_text("name: demo\\n")
>>> loaded = with_sweep_options(load_scenario(folder / "s.yaml"),
...                             params=["guarantee.automaticity=0:1:11"])
>>> loaded.scenario.sweep.point_count()
11
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from sim.scenario.errors import Problem, ScenarioError, sort_problems
from sim.scenario.hashing import scenario_hash
from sim.scenario.loader import LoadedScenario
from sim.scenario.schema import Scenario
from sim.scenario.sweep import Value
from sim.scenario.validation import problems_from_validation_error


def with_sweep_options(
    loaded: LoadedScenario,
    *,
    params: Sequence[str] = (),
    sampler: str | None = None,
    samples: int | None = None,
    uncertain: Sequence[str] = (),
    draws: int | None = None,
    replicates: int | None = None,
) -> LoadedScenario:
    """The loaded scenario with the command line's sweep options merged in (module notes).

    Raises
    ------
    ScenarioError
        With every problem: a malformed option, a conflict with the file's ``sweep:`` block, no
        sweep at all, or a merged block that does not validate.
    """
    data = loaded.scenario.model_dump(mode="json", exclude_none=False)
    sweep: dict[str, Any] = dict(data.get("sweep") or {})
    sweep["parameters"] = dict(sweep.get("parameters") or {})
    file_params = set(sweep["parameters"])
    problems: list[Problem] = []
    sources: dict[str, str] = {}
    for text in params:
        source = f"--param {text}"
        try:
            path, spec = parse_param(text)
        except ValueError as error:
            problems.append(Problem(source, 0, 0, "", str(error), PARAM_SYNTAX, "fix the text"))
            continue
        if path in file_params:
            problems.append(
                Problem(
                    source,
                    0,
                    0,
                    f"sweep.parameters.{path}",
                    f"'{path}' is already swept by {loaded.path}",
                    "each parameter once",
                    f"drop --param {path}=..., or edit sweep.parameters in the file",
                )
            )
            continue
        if path in sweep["parameters"]:
            problems.append(
                Problem(
                    source,
                    0,
                    0,
                    f"sweep.parameters.{path}",
                    f"'{path}' is given twice",
                    "each parameter once",
                    "keep one --param for it",
                )
            )
            continue
        sweep["parameters"][path] = spec
        sources[path] = source
    for text in uncertain:
        try:
            found = parse_uncertain(text)
        except ValueError as error:
            problems.append(
                Problem(
                    f"--uncertain {text}",
                    0,
                    0,
                    "",
                    str(error),
                    "judgement, or PATH=LO:HI",
                    "fix the text",
                )
            )
            continue
        if isinstance(found, str):
            sweep["uncertain"] = found
        else:
            path, spec = found
            current = sweep.get("uncertain")
            table = dict(current) if isinstance(current, dict) else {}
            table[path] = spec
            sweep["uncertain"] = table
    for key, value in (
        ("sampler", sampler),
        ("samples", samples),
        ("draws", draws),
        ("replicates", replicates),
    ):
        if value is not None:
            sweep[key] = value
    if problems:
        raise ScenarioError(sort_problems(problems))
    if not sweep["parameters"]:
        raise ScenarioError(
            [
                Problem(
                    str(loaded.path),
                    0,
                    0,
                    "sweep",
                    "nothing to sweep: the scenario has no 'sweep:' block and no --param was given",
                    "a 'sweep:' block, or --param PATH=SPEC",
                    "add --param guarantee.automaticity=0:1:21 (docs/sweeps.md)",
                )
            ]
        )
    data["sweep"] = sweep
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        found_problems = problems_from_validation_error(error, data, {}, source="command line")
        raise ScenarioError(sort_problems([_blame(p, sources) for p in found_problems])) from None
    return dataclasses.replace(
        loaded,
        scenario=scenario,
        hash=scenario_hash(scenario),
    )


def _blame(problem: Problem, sources: dict[str, str]) -> Problem:
    """Name the ``--param`` behind a problem of a parameter it added."""
    for path, source in sources.items():
        if problem.field.startswith(f"sweep.parameters.{path}"):
            return dataclasses.replace(problem, file=source)
    return problem


PARAM_SYNTAX = "PATH=LO:HI:STEPS, PATH=LO:HI:STEPS:log, PATH=LO:HI (drawn), or PATH=A,B,C"


def parse_param(text: str) -> tuple[str, dict[str, Any]]:
    """A ``--param`` text as ``(path, spec)``; :class:`ValueError` with the allowed forms if bad.

    >>> parse_param("guarantee.automaticity=0:1:21")
    ('guarantee.automaticity', {'range': [0.0, 1.0], 'steps': 21})
    >>> parse_param("guarantee.legal_form=executive,treaty")
    ('guarantee.legal_form', {'values': ['executive', 'treaty']})
    >>> parse_param("payoffs.war_cost_russia=0.5:4:log")
    ('payoffs.war_cost_russia', {'range': [0.5, 4.0], 'log': True})
    """
    path, sep, spec = text.partition("=")
    path, spec = path.strip(), spec.strip()
    if not sep or not path or not spec:
        raise ValueError(f"expected {PARAM_SYNTAX}")
    if ":" in spec:
        parts = spec.split(":")
        log = parts[-1].strip().lower() == "log"
        if log:
            parts = parts[:-1]
        if len(parts) not in (2, 3):
            raise ValueError(f"a range is LO:HI or LO:HI:STEPS (optionally :log); {PARAM_SYNTAX}")
        try:
            lo, hi = float(parts[0]), float(parts[1])
            steps = int(parts[2]) if len(parts) == 3 else None
        except ValueError:
            raise ValueError(
                f"LO and HI must be numbers and STEPS a whole number; {PARAM_SYNTAX}"
            ) from None
        out: dict[str, Any] = {"range": [lo, hi]}
        if steps is not None:
            out["steps"] = steps
        if log:
            out["log"] = True
        return path, out
    values: list[Value] = []
    for item in (v.strip() for v in spec.split(",")):
        if not item:
            raise ValueError(f"an empty value in {spec!r}; {PARAM_SYNTAX}")
        try:
            values.append(float(item))
        except ValueError:
            values.append(item)
    return path, {"values": values}


def parse_uncertain(text: str) -> tuple[str, dict[str, Any]] | str:
    """A ``--uncertain`` text: ``judgement``, or ``PATH=LO:HI``.

    >>> parse_uncertain("payoffs.war_cost_russia=1:3")
    ('payoffs.war_cost_russia', {'range': [1.0, 3.0]})
    """
    if text.strip() == "judgement":
        return "judgement"
    path, spec = parse_param(text)
    if set(spec) != {"range"}:
        raise ValueError("an uncertain constant takes PATH=LO:HI, or the word 'judgement'")
    return path, spec
