"""What a sweep computes at its design points: one row of results per point.

:func:`evaluate_points` takes a scenario (as JSON, so it can travel to another process or a Dask
worker) and a slice of its design points (:func:`sim.experiments.sampling.design_points`) and
returns their rows. Three kinds of sweep:

* ``guarantee``: the guarantee game. Points are grouped by the fields that change the game's
  form (categorical choices, coalition size); within a group every numeric parameter is an array
  override of :func:`~sim.guarantee.parameters.guarantee_parameters`, so the group is solved in
  one batched backward-induction pass (:func:`~sim.guarantee.grid.solve_grid`) with its
  acceptance margins (:func:`~sim.guarantee.acceptability.acceptance_margins`), exactly the
  numbers :func:`~sim.guarantee.solution.solve_guarantee` gives at each point. With
  ``uncertain:`` constants the group is solved again over (points × draws) and each point gets
  the share of draws under which it deters, is accepted and is viable.
* ``dynamic`` (a scenario with ``dynamics:``): the guarantee columns, plus the repeated game
  run at each point (:func:`~sim.experiments.replicates.run_dynamics` with the point's own
  root seed, :func:`~sim.experiments.sampling.point_seed`), summarised.
* ``game`` (a ``game:`` scenario): the explicit game at each point; a tree of perfect
  information is solved in one batched backward-induction pass, any other game point by point
  with :func:`sim.equilibria.solve.solve` (subgame-perfect for trees, Nash for normal forms).

Columns are listed in ``docs/sweeps.md``; their order and types never depend on the slice, so
slices computed anywhere concatenate to the same table.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.replicates import DynamicsSummary, run_dynamics
from sim.guarantee.acceptability import acceptance_margins
from sim.guarantee.grid import GridSolution, solve_grid
from sim.guarantee.names import ACTOR_KEYS, HOLD, INVADE, OUTCOMES, PROBE, RUSSIA_ACTIONS
from sim.guarantee.parameters import NUMERIC_PREFIXES, guarantee_parameters
from sim.guarantee.robustness import verdict_shares
from sim.scenario.schema import Scenario

SUMMARY_KEYS: tuple[str, ...] = tuple(
    f.name
    for f in fields(DynamicsSummary)
    if f.repr and f.name not in ("replicates", "quarters", "root_seed")
)
"""The repeated game's summary keys a dynamic point reports (``mean_costs`` by actor)."""

DYNAMIC_COLUMNS: tuple[str, ...] = (
    "seed",
    "replicates",
    *(
        name
        for key in SUMMARY_KEYS
        for name in ([f"mean_cost_{a}" for a in ACTOR_KEYS] if key == "mean_costs" else [key])
    ),
)
"""Added in a dynamic sweep: the point's root seed, its replicates and its summary."""


def sweep_kind(scenario: Scenario) -> str:
    """``"game"``, ``"dynamic"`` or ``"guarantee"``."""
    if scenario.game is not None:
        return "game"
    return "dynamic" if scenario.dynamics is not None else "guarantee"


def apply_point(scenario: Scenario, values: dict[str, Any]) -> Scenario:
    """The scenario with a design point's values set (validated again; no sweep block).

    ``guarantee.coalition.size`` keeps the group and takes its largest members.
    """
    data = scenario.model_dump(mode="json", exclude={"sweep"})
    for path, value in values.items():
        parts = path.split(".")
        node = data
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = _plain(value)
        if path == "guarantee.coalition.size":
            node["members"] = None
    return Scenario.model_validate(data)


def _plain(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _structural(path: str, column: pd.Series) -> bool:
    """Fields that change the game's form (choices, the coalition, settings outside the stage
    game's numbers): grouped, not batched."""
    return (
        path.startswith("guarantee.coalition.")
        or not path.startswith(NUMERIC_PREFIXES)
        or not pd.api.types.is_numeric_dtype(column)
    )


def evaluate_points(
    scenario_json: str, points: pd.DataFrame, draws: dict[str, np.ndarray], options: dict[str, Any]
) -> pd.DataFrame:
    """The result rows of ``points`` (a slice of the design table, with its ``point`` column).

    Parameters
    ----------
    scenario_json
        The resolved scenario (with its sweep block) as JSON.
    points
        Design points: ``point`` and one column per swept parameter.
    draws
        Uncertain constant → its draws (empty without ``uncertain:``).
    options
        ``replicates`` (dynamic sweeps).
    """
    scenario = Scenario.model_validate_json(scenario_json)
    kind = sweep_kind(scenario)
    if kind == "game":
        return _game_rows(scenario, points)
    rows = _guarantee_rows(scenario, points, draws)
    if kind == "dynamic":
        rows = _add_dynamics(scenario, points, rows, int(options["replicates"]))
    return rows


# --------------------------------------------------------------------------------------------
# The guarantee game
# --------------------------------------------------------------------------------------------
def _guarantee_rows(
    scenario: Scenario, points: pd.DataFrame, draws: dict[str, np.ndarray]
) -> pd.DataFrame:
    parameters = [c for c in points.columns if c != "point"]
    structural = [c for c in parameters if _structural(c, points[c])]
    numeric = [c for c in parameters if c not in structural]
    parts = []
    keys = points[structural].astype(object) if structural else None
    groups = (
        [(np.arange(len(points)), {})]
        if keys is None
        else [
            (
                np.asarray(index),
                dict(zip(structural, key if isinstance(key, tuple) else (key,), strict=True)),
            )
            for key, index in keys.groupby(structural, sort=False).indices.items()
        ]
    )
    for index, fixed in groups:
        group_scenario = apply_point(scenario, fixed) if fixed else scenario
        chunk = points.iloc[index]
        overrides = {c: chunk[c].to_numpy(dtype=float) for c in numeric}
        rows = _solve_rows(group_scenario, overrides, len(index))
        if draws:
            rows = rows.join(_robust_rows(group_scenario, overrides, draws, len(index)))
        rows.index = index
        parts.append(rows)
    result = pd.concat(parts).sort_index() if parts else pd.DataFrame()
    result.index = points.index
    return pd.concat([points, result], axis=1)


def _solve_rows(scenario: Scenario, overrides: dict[str, np.ndarray], n: int) -> pd.DataFrame:
    """The guarantee columns at ``n`` points (overrides are arrays of length n, or none)."""
    tol = scenario.solver.tolerance
    params = guarantee_parameters(scenario, overrides, mesh=False)
    solved = solve_grid(params, tol=tol)
    margin = acceptance_margins(params, tol=tol, russia_values=solved.russia_values)
    return _guarantee_table(solved, np.broadcast_to(margin, solved.shape), n)


def _guarantee_table(solved: GridSolution, margin: np.ndarray, n: int) -> pd.DataFrame:
    def col(x: Any) -> np.ndarray:
        return np.broadcast_to(np.asarray(x), (n,)).copy()

    values = solved.russia_values
    deterred = col(solved.deterred)
    acceptable = col(margin >= 0.0)
    table: dict[str, Any] = {
        "russia_action": pd.array(
            np.asarray(RUSSIA_ACTIONS)[col(solved.russia_action)], dtype="string"
        ),
        "deterred": deterred,
        "invasion_deterred": col(solved.russia_action != INVADE),
        "deterrence_margin": col(values[HOLD] - np.maximum(values[PROBE], values[INVADE])),
        "acceptable": acceptable,
        "acceptance_margin": col(margin),
        "viable": deterred & acceptable,
        "press_on": col(solved.press_on),
    }
    for o in OUTCOMES:
        table[f"p_{o}"] = col(solved.outcome_probabilities[o])
    for k, a in enumerate(ACTOR_KEYS):
        table[f"payoff_{a}"] = col(solved.expected_payoffs[k])
    for k, a in enumerate(RUSSIA_ACTIONS):
        table[f"value_{a}"] = col(values[k])
    table["regret"] = col(solved.regret)
    return pd.DataFrame(table)


def _robust_rows(
    scenario: Scenario,
    overrides: dict[str, np.ndarray],
    draws: dict[str, np.ndarray],
    n: int,
) -> pd.DataFrame:
    """Shares of the uncertain draws under which each point deters, is accepted, is viable."""
    tol = scenario.solver.tolerance
    grid = {k: v[:, None] for k, v in overrides.items()}
    grid.update({k: v[None, :] for k, v in draws.items()})
    params = guarantee_parameters(scenario, grid, mesh=False)
    solved = solve_grid(params, tol=tol)
    shape = (n, len(next(iter(draws.values()))))
    margin = acceptance_margins(params, tol=tol, russia_values=solved.russia_values)
    deterred = np.broadcast_to(solved.deterred, shape)
    accepted = np.broadcast_to(margin >= 0.0, shape)
    return pd.DataFrame(verdict_shares(deterred, accepted, axis=1))


# --------------------------------------------------------------------------------------------
# The repeated game
# --------------------------------------------------------------------------------------------
def _add_dynamics(
    scenario: Scenario, points: pd.DataFrame, rows: pd.DataFrame, replicates: int
) -> pd.DataFrame:
    from sim.experiments.sampling import point_seed

    parameters = [c for c in points.columns if c != "point"]
    records = []
    for _, row in points.iterrows():
        at = apply_point(scenario, {c: row[c] for c in parameters})
        seed = point_seed(scenario.seed, int(row["point"]))
        summary = run_dynamics(at, replicates=replicates, root_seed=seed, out_dir=None).to_dict()
        record: dict[str, Any] = {"seed": seed, "replicates": replicates}
        for key in SUMMARY_KEYS:
            if key == "mean_costs":
                record.update({f"mean_cost_{a}": c for a, c in summary[key].items()})
            else:
                record[key] = np.nan if summary[key] is None else float(summary[key])
        records.append(record)
    extra = pd.DataFrame.from_records(records, columns=list(DYNAMIC_COLUMNS), index=rows.index)
    extra = extra.astype({"seed": np.int64, "replicates": np.int64})
    return pd.concat([rows, extra], axis=1)


# --------------------------------------------------------------------------------------------
# game: scenarios
# --------------------------------------------------------------------------------------------
def player_key(name: str) -> str:
    """A player's name as a column key: lower case, non-alphanumerics as ``_``.

    >>> player_key("European coalition")
    'european_coalition'
    """
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "player"


def game_outcomes(scenario: Scenario) -> list[str]:
    """The outcome labels of a ``game:`` scenario's tree, in order of first appearance."""
    assert scenario.game is not None
    found: list[str] = []
    nodes = [scenario.game.tree] if scenario.game.tree is not None else []
    while nodes:
        node = nodes.pop(0)
        if node.outcome is not None and node.outcome not in found:
            found.append(node.outcome)
        nodes.extend((node.moves or {}).values())
        nodes.extend(branch.node for branch in node.chance or [])
    return found


def game_concept(scenario: Scenario) -> str:
    """The concept a game sweep reports: ``spe`` for trees, ``nash`` for normal forms."""
    assert scenario.game is not None
    return "spe" if scenario.game.tree is not None else "nash"


def _game_rows(scenario: Scenario, points: pd.DataFrame) -> pd.DataFrame:
    from sim.equilibria.backward_induction import backward_induction
    from sim.equilibria.solve import solve
    from sim.games.from_spec import game_from_spec

    spec = scenario.game
    assert spec is not None
    names = [c for c in points.columns if c != "point"]
    values = {c.removeprefix("game.parameters."): points[c].to_numpy(float) for c in names}
    outcomes = game_outcomes(scenario)
    players = [player_key(p) for p in spec.players]
    n = len(points)
    table: dict[str, Any] = {}
    batched = game_from_spec(spec, values) if spec.tree is not None else None
    if batched is not None and batched.is_perfect_information:  # type: ignore[union-attr]
        spe = backward_induction(batched, tol=scenario.solver.tolerance)  # type: ignore[arg-type]
        found = spe.outcome_probabilities
        for o in outcomes:
            table[f"p_{o}"] = np.broadcast_to(found.get(o, 0.0), (n,)).astype(float)
        for k, p in enumerate(players):
            table[f"payoff_{p}"] = np.broadcast_to(spe.expected_payoffs[k], (n,)).astype(float)
        table["equilibria"] = np.ones(n, np.int64)
        table["regret"] = np.broadcast_to(spe.regret, (n,)).astype(float)
    else:
        concept = game_concept(scenario)
        rows = []
        for i in range(n):
            game = game_from_spec(spec, {k: float(v[i]) for k, v in values.items()})
            result = solve(game, concept)
            first = result.equilibria[0] if result.equilibria else None
            row: dict[str, Any] = {f"p_{o}": np.nan for o in outcomes}
            for k, p in enumerate(players):
                row[f"payoff_{p}"] = np.nan if first is None else float(first.payoffs[k])
            row["equilibria"] = len(result.equilibria)
            row["regret"] = np.nan if first is None else float(first.regret)
            rows.append(row)
        table = pd.DataFrame.from_records(rows).to_dict(orient="series")
        table["equilibria"] = np.asarray(table["equilibria"], np.int64)
    result = pd.DataFrame(table, index=points.index)
    return pd.concat([points, result], axis=1)


# --------------------------------------------------------------------------------------------
# One at a time
# --------------------------------------------------------------------------------------------
TORNADO_OUTPUTS: tuple[str, ...] = ("deterrence_margin", "acceptance_margin")
"""Outputs of the one-at-a-time table."""


def tornado_table(scenario: Scenario) -> pd.DataFrame:
    """The one-at-a-time swing of every judgement constant at the scenario's own design.

    Each constant is set to the low and the high end of its plausible range, all else at the
    scenario's values, and the guarantee game is solved at the 2K + 1 points in one batched pass.
    Columns: ``constant``, ``low``, ``high``, ``base``, and ``<o>_low``, ``<o>_high``,
    ``<o>_base`` for each output o of :data:`TORNADO_OUTPUTS`.
    """
    from sim.guarantee.robustness import judgement_ranges

    ranges = judgement_ranges()
    k = len(ranges)
    base_values = [_value_at(scenario, path) for path, _, _ in ranges]
    overrides = {}
    for j, (path, lo, hi) in enumerate(ranges):
        column = np.full(2 * k + 1, base_values[j])
        column[2 * j], column[2 * j + 1] = lo, hi
        overrides[path] = column
    rows = _solve_rows(scenario, overrides, 2 * k + 1)
    table: dict[str, Any] = {
        "constant": pd.array([r[0] for r in ranges], dtype="string"),
        "low": np.array([r[1] for r in ranges]),
        "high": np.array([r[2] for r in ranges]),
        "base": np.array(base_values),
    }
    for o in TORNADO_OUTPUTS:
        values = rows[o].to_numpy(float)
        table[f"{o}_low"] = values[0 : 2 * k : 2]
        table[f"{o}_high"] = values[1 : 2 * k : 2]
        table[f"{o}_base"] = np.full(k, values[-1])
    return pd.DataFrame(table)


def _value_at(scenario: Scenario, path: str) -> float:
    obj: Any = scenario
    for part in path.split("."):
        obj = getattr(obj, part)
    return float(obj)
