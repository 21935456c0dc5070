"""The ``sweep:`` block of a scenario: which design parameters to vary, how, and over what.

A sweep turns one scenario into many design points (``deter sweep``, :mod:`sim.experiments.sweep`).
Its parameters map a dotted scenario path to the values it takes:

- ``{values: [...]}``: a list of values; categorical fields (``guarantee.legal_form``,
  ``guarantee.posture``, ``guarantee.us_backstop``, ``guarantee.trigger``,
  ``guarantee.coalition.aggregation``, ...) are swept this way;
- ``{range: [lo, hi], steps: n}``: ``n`` evenly spaced values (``log: true``: evenly spaced in
  the logarithm, ``lo > 0``);
- ``{range: [lo, hi]}`` (with ``log: true`` optionally): a continuous range, for the samplers
  that draw points (``lhs``, ``sobol``, ``random``).

The ``sampler`` says how points are made: ``grid`` (every combination; the default), ``lhs``
(Latin hypercube, McKay et al. 1979), ``sobol`` (Saltelli's scheme on a scrambled Sobol
sequence, whose points give Sobol sensitivity indices; ``samples`` is its base count N, a power
of two, and the sweep has N·(D+2) points) or ``random`` (independent uniform draws); the last
three take ``samples``. Every sampler is seeded from the scenario's root ``seed``.

``uncertain:`` names judgement constants (``payoffs.*``, ``actors.*``) with ranges, or is the
word ``judgement`` for every judgement constant with its plausible range; each design point is
then also solved under ``draws`` Latin-hypercube draws of them (the same draws at every point),
giving the share of draws under which the design deters, is accepted and is viable (robustness
over deep uncertainty, Lempert et al. 2003). ``replicates`` sets the repeated-game runs per point
of a scenario with ``dynamics:``.

Which paths may be swept: numeric fields under ``guarantee``, ``actors``, ``payoffs`` and (with a
``dynamics:`` block) ``dynamics``; the categorical fields of ``guarantee``;
``guarantee.coalition.size`` (the largest members of the group, when members are not listed);
and ``game.parameters.NAME`` in a ``game:`` scenario. Integer fields (``air_assets``,
``coalition.size``) take the nearest whole number of a drawn or spaced value.

Examples
--------
>>> sweep = Sweep.model_validate({"parameters": {
...     "guarantee.automaticity": {"range": [0, 1], "steps": 3},
...     "guarantee.legal_form": {"values": ["executive", "treaty"]}}})
>>> sweep.sampler, [p.count() for p in sweep.parameters.values()]
('grid', [3, 2])
>>> sweep.parameters["guarantee.automaticity"].grid_values()
[0.0, 0.5, 1.0]
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, get_args

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Sampler = Literal["grid", "lhs", "sobol", "random"]
SAMPLERS: tuple[str, ...] = get_args(Sampler)

Engine = Literal["serial", "processes", "dask"]
ENGINES: tuple[str, ...] = get_args(Engine)
"""Where a sweep's chunks run (``deter sweep --engine``; :mod:`sim.experiments.sweep`)."""

MAX_POINTS = 1_000_000
"""Most design points of one sweep (the stage game solves about 2M points/s)."""

MAX_DYNAMIC_RUNS = 20_000_000
"""Most repeated-game runs of one dynamic sweep (points × replicates)."""

Value = float | int | str

Range = Annotated[
    tuple[float, float], BeforeValidator(lambda v: tuple(v) if isinstance(v, list) else v)
]
"""``[lo, hi]``; a YAML list is taken as the pair (scenario files are validated strictly)."""


SweepProblem = tuple[tuple[Any, ...], str, str, str]
"""A problem of a sweep block: (location from the scenario root, message, allowed, hint)."""


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class SweepParameter(_Block):
    """How one parameter varies: a list of values, or a range (with steps for a grid)."""

    values: list[Value] | None = Field(
        None, min_length=1, description="The values it takes (categorical fields: names)."
    )
    range: Range | None = Field(
        None, description="Lowest and highest value, [lo, hi] with lo < hi."
    )
    steps: int | None = Field(
        None, ge=2, le=100_000, description="Evenly spaced values over the range (grid)."
    )
    log: bool = Field(False, description="Space or draw the range in the logarithm (lo > 0).")

    def count(self) -> int | None:
        """Number of grid values (None for a continuous range)."""
        if self.values is not None:
            return len(self.values)
        return self.steps

    def grid_values(self) -> list[Value]:
        """The values of a grid axis (a list, or the spaced range)."""
        if self.values is not None:
            return list(self.values)
        assert self.range is not None and self.steps is not None
        lo, hi = self.range
        space = np.geomspace if self.log else np.linspace
        return [float(v) for v in space(lo, hi, self.steps)]

    def from_unit(self, u: np.ndarray) -> list[Value] | np.ndarray:
        """Map unit draws ``u ∈ [0, 1)`` to values: an index into ``values``, or a point of the
        range (linear, or in the logarithm)."""
        if self.values is not None:
            index = np.minimum((u * len(self.values)).astype(int), len(self.values) - 1)
            return [self.values[i] for i in index]
        assert self.range is not None
        lo, hi = self.range
        if self.log:
            return np.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
        return lo + u * (hi - lo)


class UncertainRange(_Block):
    """A judgement constant's range under deep uncertainty."""

    range: Range = Field(..., description="Lowest and highest value, [lo, hi].")


class Sweep(_Block):
    """A parameter sweep: what varies, how points are drawn, what is uncertain (docs/sweeps.md)."""

    parameters: dict[str, SweepParameter] = Field(
        ...,
        min_length=1,
        description="Dotted scenario path → {values: [...]} or {range: [lo, hi], steps: n, "
        "log: bool}.",
    )
    sampler: Sampler = Field("grid", description="grid, lhs, sobol or random.")
    samples: int | None = Field(
        None,
        gt=0,
        le=MAX_POINTS,
        description="Points to draw (lhs, random); the base count N of sobol (a power of two).",
    )
    uncertain: dict[str, UncertainRange] | Literal["judgement"] | None = Field(
        None,
        description="Judgement constants with ranges, or 'judgement' for all of them with "
        "their plausible ranges; each design point is solved under draws of them.",
    )
    draws: int = Field(
        64, ge=2, le=4096, description="Latin-hypercube draws of the uncertain constants."
    )
    replicates: int | None = Field(
        None, ge=1, le=1_000_000, description="Repeated-game runs per point (dynamics:)."
    )

    def point_count(self) -> int:
        """Number of design points the sampler makes."""
        if self.sampler == "grid":
            return math.prod(p.count() or 0 for p in self.parameters.values())
        samples = self.samples or 0
        if self.sampler == "sobol":
            return samples * (len(self.parameters) + 2)
        return samples


def check_sweep(sweep: Sweep, scenario: Any, root: type[BaseModel]) -> list[SweepProblem]:
    """Every problem of a sweep block against its scenario: ``(location, message, allowed,
    hint)`` with the location relative to the scenario root."""
    from sim.scenario.fields import field_bounds, format_range, literal_choices

    problems: list[SweepProblem] = []
    base: tuple[Any, ...] = ("sweep",)
    is_game = getattr(scenario, "game", None) is not None
    has_dynamics = getattr(scenario, "dynamics", None) is not None
    for path, spec in sweep.parameters.items():
        loc = (*base, "parameters", path)
        problems += _check_shape(spec, loc, sweep.sampler)
        kind, info = _sweepable(path, scenario, root, is_game, has_dynamics)
        if isinstance(kind, tuple):
            message, allowed, hint = kind
            problems.append((loc, message, allowed, hint))
            continue
        if kind == "categorical":
            choices = [str(c) for c in literal_choices(info.annotation)] if info else []
            if spec.values is None:
                problems.append(
                    (
                        loc,
                        f"'{path}' is categorical; sweep it with a list of values",
                        ", ".join(choices),
                        f"write {{values: [{', '.join(choices[:2])}]}}",
                    )
                )
                continue
            for i, value in enumerate(spec.values):
                if str(value) not in choices:
                    problems.append(
                        (
                            (*loc, "values", i),
                            f"{value!r} is not a value of '{path}'",
                            ", ".join(choices),
                            f"use one of {', '.join(choices)}",
                        )
                    )
            continue
        bounds = field_bounds(info) if info is not None else None
        numbers: list[tuple[tuple[Any, ...], Any]] = []
        if spec.values is not None:
            numbers = [((*loc, "values", i), v) for i, v in enumerate(spec.values)]
        elif spec.range is not None:
            numbers = [((*loc, "range", i), v) for i, v in enumerate(spec.range)]
        for where, value in numbers:
            if isinstance(value, str):
                problems.append(
                    (where, f"{value!r} is not a number", "a number", f"give '{path}' numbers")
                )
            elif bounds is not None and not _within(float(value), bounds):
                problems.append(
                    (
                        where,
                        f"{value:g} is outside the range of '{path}'",
                        format_range(bounds),
                        "keep the sweep inside the field's range (docs/scenarios.md)",
                    )
                )
    problems += _check_sampler(sweep)
    problems += _check_uncertain(sweep, scenario, root, is_game)
    if sweep.replicates is not None and not has_dynamics:
        problems.append(
            (
                (*base, "replicates"),
                "'replicates' applies only to a scenario with a 'dynamics:' block",
                "a 'dynamics:' block in the scenario",
                "remove 'replicates', or add 'dynamics: {}' to run the repeated game per point",
            )
        )
    points = sweep.point_count()
    if points > MAX_POINTS:
        problems.append(
            (
                (*base, "parameters"),
                f"the sweep has {points:,} points, more than the most of {MAX_POINTS:,}",
                f"at most {MAX_POINTS:,} points",
                "use fewer steps or samples, or split the sweep",
            )
        )
    if has_dynamics and not problems:
        replicates = sweep.replicates or scenario.dynamics.replicates
        if points * replicates > MAX_DYNAMIC_RUNS:
            problems.append(
                (
                    (*base, "replicates"),
                    f"{points:,} points × {replicates:,} replicates is more than "
                    f"{MAX_DYNAMIC_RUNS:,} repeated-game runs",
                    f"points × replicates ≤ {MAX_DYNAMIC_RUNS:,}",
                    "lower 'replicates' or the number of points",
                )
            )
    return problems


def _check_shape(spec: SweepParameter, loc: tuple[Any, ...], sampler: str) -> list[SweepProblem]:
    shapes = "{values: [...]} or {range: [lo, hi], steps: n}"
    if (spec.values is None) == (spec.range is None):
        return [(loc, "give either 'values' or 'range'", shapes, "keep one of the two")]
    problems: list[SweepProblem] = []
    if spec.range is not None:
        lo, hi = spec.range
        if not lo < hi:
            problems.append(
                (
                    (*loc, "range"),
                    f"range [{lo:g}, {hi:g}] is empty",
                    "[lo, hi] with lo < hi",
                    f"write range: [{min(lo, hi):g}, {max(lo, hi):g}]"
                    if lo != hi
                    else "give two different numbers, or sweep a single value with values: [...]",
                )
            )
        if spec.log and lo <= 0:
            problems.append(
                (
                    (*loc, "log"),
                    "a logarithmic range needs lo > 0",
                    "lo > 0",
                    "raise lo above 0, or drop 'log: true'",
                )
            )
        if sampler == "grid" and spec.steps is None:
            problems.append(
                (
                    (*loc,),
                    "a grid needs 'steps' for a range",
                    "steps: n with n ≥ 2",
                    "add steps: 11 (or use sampler: lhs, sobol or random for a continuous range)",
                )
            )
        if sampler != "grid" and spec.steps is not None:
            problems.append(
                (
                    (*loc, "steps"),
                    f"'steps' applies to the grid sampler, not {sampler}",
                    "steps with sampler: grid",
                    "remove 'steps' (the sampler draws the range)",
                )
            )
    else:
        if spec.steps is not None or spec.log:
            problems.append(
                (
                    (*loc,),
                    "'steps' and 'log' apply to a range, not to a list of values",
                    shapes,
                    "remove 'steps'/'log', or give a range instead of values",
                )
            )
        assert spec.values is not None
        if len(set(map(str, spec.values))) != len(spec.values):
            problems.append(
                ((*loc, "values"), "the values repeat", "distinct values", "list each value once")
            )
    return problems


def _check_sampler(sweep: Sweep) -> list[SweepProblem]:
    if sweep.sampler == "grid":
        if sweep.samples is not None:
            return [
                (
                    ("sweep", "samples"),
                    "'samples' applies to lhs, sobol and random, not grid",
                    "samples with sampler: lhs, sobol or random",
                    "remove 'samples', or choose another sampler",
                )
            ]
        return []
    if sweep.samples is None:
        return [
            (
                ("sweep",),
                f"sampler {sweep.sampler} needs 'samples'",
                "samples: a whole number ≥ 1",
                "add samples: 256"
                if sweep.sampler != "sobol"
                else "add samples: 256 (a power of two)",
            )
        ]
    if sweep.sampler == "sobol" and sweep.samples & (sweep.samples - 1):
        below = 1 << (sweep.samples.bit_length() - 1)
        return [
            (
                ("sweep", "samples"),
                f"{sweep.samples} is not a power of two (Saltelli's scheme needs one)",
                "1, 2, 4, 8, ..., 2^k",
                f"use samples: {below} or {below * 2}",
            )
        ]
    return []


def _check_uncertain(
    sweep: Sweep, scenario: Any, root: type[BaseModel], is_game: bool
) -> list[SweepProblem]:
    from sim.scenario.fields import field_at, field_bounds, format_range, plausible_range

    if sweep.uncertain is None:
        return []
    loc = ("sweep", "uncertain")
    if is_game:
        return [
            (
                loc,
                "'uncertain' applies to the guarantee game, not to a 'game:' scenario",
                "a guarantee scenario",
                "remove 'uncertain'",
            )
        ]
    if sweep.uncertain == "judgement":
        return []
    problems: list[SweepProblem] = []
    for path, spec in sweep.uncertain.items():
        parts = tuple(path.split("."))
        info = field_at(root, parts) if parts[0] in ("actors", "payoffs") else None
        if info is None or plausible_range(info) is None:
            problems.append(
                (
                    (*loc, path),
                    f"'{path}' is not a judgement constant",
                    "a judgement constant under actors or payoffs (docs/scenarios.md lists their "
                    "plausible ranges)",
                    "name a judgement constant, e.g. payoffs.war_cost_russia",
                )
            )
            continue
        if path in sweep.parameters:
            problems.append(
                (
                    (*loc, path),
                    f"'{path}' is both swept and uncertain",
                    "one role per constant",
                    "remove it from 'parameters' or from 'uncertain'",
                )
            )
        lo, hi = spec.range
        bounds = field_bounds(info)
        for i, value in enumerate((lo, hi)):
            if not _within(value, bounds):
                problems.append(
                    (
                        (*loc, path, "range", i),
                        f"{value:g} is outside the range of '{path}'",
                        format_range(bounds),
                        "keep the range inside the field's range",
                    )
                )
        if not lo < hi:
            problems.append(
                (
                    (*loc, path, "range"),
                    f"range [{lo:g}, {hi:g}] is empty",
                    "[lo, hi] with lo < hi",
                    "give two different numbers, low first",
                )
            )
    return problems


def _sweepable(
    path: str, scenario: Any, root: type[BaseModel], is_game: bool, has_dynamics: bool
) -> tuple[Any, Any]:
    """``("numeric" | "categorical" | "integer", field info)`` for a path that may be swept, or
    ``((message, allowed, hint), None)`` for one that may not."""
    from sim.scenario.fields import field_at, literal_choices

    parts = tuple(path.split("."))
    if is_game:
        names = sorted(scenario.game.parameters)
        if len(parts) == 3 and parts[:2] == ("game", "parameters") and parts[2] in names:
            return "numeric", None
        return (
            (
                f"'{path}' is not a parameter of this game",
                ", ".join(f"game.parameters.{n}" for n in names) or "(the game has none)",
                "sweep the game's parameters, e.g. game.parameters."
                + (names[0] if names else "NAME"),
            ),
            None,
        )
    allowed_heads = ("guarantee", "actors", "payoffs") + (("dynamics",) if has_dynamics else ())
    allowed = (
        "a numeric or categorical field under " + ", ".join(allowed_heads) + " (docs/scenarios.md)"
    )
    info = field_at(root, parts) if parts and parts[0] in allowed_heads else None
    if info is None:
        hint = "check the spelling against docs/scenarios.md"
        if parts and parts[0] == "dynamics":
            hint = "add a 'dynamics:' block to sweep the repeated game's settings"
        return ((f"'{path}' is not a field that can be swept", allowed, hint), None)
    if path == "guarantee.coalition.size":
        coalition = scenario.guarantee.coalition
        from sim.scenario.coalition_members import group_members

        listed = [(m.name, m.weight) for m in coalition.member_list]
        if listed != list(group_members(coalition.group))[: len(listed)]:
            return (
                (
                    "this scenario lists its own coalition members, so its size cannot be swept",
                    "coalition given by group and size",
                    "replace 'members' by 'group' (and 'size: null' in files it extends), or "
                    "sweep the members' scenario files one by one",
                ),
                None,
            )
        return "integer", info
    annotation = info.annotation
    if literal_choices(annotation) and not _numeric(annotation):
        return "categorical", info
    if _numeric(annotation):
        return "numeric", info
    return ((f"'{path}' is not a number or a choice", allowed, "pick a numeric field"), None)


def _numeric(annotation: Any) -> bool:
    from sim.scenario.fields import union_members

    members = union_members(annotation) or (annotation,)
    return any(m in (int, float) for m in members)


def _within(value: float, bounds: Any) -> bool:
    return not (
        (bounds.ge is not None and value < bounds.ge)
        or (bounds.gt is not None and value <= bounds.gt)
        or (bounds.le is not None and value > bounds.le)
        or (bounds.lt is not None and value >= bounds.lt)
    )
