"""The design frontier: the swept guarantees no other design beats on cost and margins.

A design *dominates* another when it is no worse on every objective and better on at least
one; the frontier (Pareto set) is the designs that no swept design dominates. Here the
objectives are the guarantors' cost (fewer troops, fewer aircraft, higher expected payoffs for
the guarantors) against the deterrence and acceptance margins (higher is better).
:func:`cheapest_viable` names the cheapest design that both deters and is accepted.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"cost": [1.0, 2.0, 2.0, 3.0], "margin": [0.0, 1.0, 0.5, 1.0]})
>>> design_frontier(t, minimize=["cost"], maximize=["margin"]).tolist()
[True, True, False, False]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from sim.analysis.sweep_style import (
    ACTION_COLOURS,
    REGION_COLOURS,
    category_text,
    marker_size,
    new_axes,
    number_text,
    outside_legend,
    readable,
    require_columns,
    scatter_rows,
    short_name,
)
from sim.guarantee.names import GUARANTOR_PLAYERS

TROOPS = "guarantee.troops_on_ground"
AIRCRAFT = "guarantee.air_assets"
GUARANTOR_PAYOFFS: tuple[str, ...] = tuple(f"payoff_{g}" for g in GUARANTOR_PLAYERS)
"""The guarantors' expected payoff columns (United States, European coalition)."""

CHUNK = 512
"""Rows compared at once by :func:`design_frontier` (memory: CHUNK × n × objectives)."""


def design_frontier(
    points: pd.DataFrame, minimize: Sequence[str], maximize: Sequence[str]
) -> np.ndarray:
    """The non-dominated rows (the Pareto set) of a table.

    Row :math:`j` dominates row :math:`i` when, with every objective written to be minimised
    (``maximize`` columns negated), :math:`z_j \\le z_i` in every objective and
    :math:`z_j < z_i` in at least one. The result marks rows no other row dominates. Rows with
    a missing (NaN) objective are never on the frontier and dominate nothing. Equal rows do
    not dominate each other, so duplicates are all on the frontier.

    Two objectives use a sort (:math:`O(n \\log n)`); more compare every pair in chunks of
    :data:`CHUNK` rows (:math:`O(n^2)` time, fine up to a few tens of thousands of rows).

    Parameters
    ----------
    points
        The table.
    minimize, maximize
        Columns where lower, resp. higher, is better (booleans count as 0/1).

    Returns
    -------
    numpy.ndarray
        Boolean mask, one entry per row, in the table's order.
    """
    columns = [*minimize, *maximize]
    if not columns:
        raise ValueError("design_frontier needs at least one column to minimize or maximize")
    require_columns(points, columns, "the design frontier")
    z = np.column_stack(
        [points[c].to_numpy(dtype=float) for c in minimize]
        + [-points[c].to_numpy(dtype=float) for c in maximize]
    )
    ok = ~np.isnan(z).any(axis=1)
    mask = np.zeros(len(points), dtype=bool)
    idx = np.flatnonzero(ok)
    if idx.size == 0:
        return mask
    zz = z[idx]
    if zz.shape[1] == 1:
        mask[idx] = zz[:, 0] == zz[:, 0].min()
    elif zz.shape[1] == 2:
        mask[idx] = _frontier_2d(zz)
    else:
        mask[idx] = _frontier_pairs(zz)
    return mask


def _frontier_2d(z: np.ndarray) -> np.ndarray:
    # Sort by the first objective, then the second; a row is dominated when an earlier row
    # (no worse on the first) is strictly better on the second, or equal on the second and
    # strictly better on the first.
    order = np.lexsort((z[:, 1], z[:, 0]))
    a, b = z[order, 0], z[order, 1]
    best = np.minimum.accumulate(b)
    prev_best = np.concatenate([[np.inf], best[:-1]])
    # the best second objective among rows with a strictly smaller first objective
    first_of_group = np.concatenate([[True], a[1:] != a[:-1]])
    group_start = np.maximum.accumulate(np.where(first_of_group, np.arange(a.size), 0))
    best_before_group = prev_best[group_start]
    group_min = pd.Series(b).groupby(group_start).transform("min").to_numpy()
    dominated = (b > group_min) | (best_before_group <= b)
    out = np.empty(z.shape[0], dtype=bool)
    out[order] = ~dominated
    return out


def _frontier_pairs(z: np.ndarray) -> np.ndarray:
    n = z.shape[0]
    dominated = np.zeros(n, dtype=bool)
    for start in range(0, n, CHUNK):
        block = z[start : start + CHUNK]
        le = np.all(z[None, :, :] <= block[:, None, :], axis=2)
        lt = np.any(z[None, :, :] < block[:, None, :], axis=2)
        dominated[start : start + CHUNK] = np.any(le & lt, axis=1)
    return ~dominated


def cost_columns(points: pd.DataFrame) -> list[str]:
    """The cost columns present, in the order :func:`cheapest_viable` compares them."""
    return [c for c in (TROOPS, AIRCRAFT) if c in points.columns]


def guarantor_loss(points: pd.DataFrame) -> np.ndarray:
    """The guarantors' expected loss: minus the sum of their expected payoffs (0 if absent)."""
    present = [c for c in GUARANTOR_PAYOFFS if c in points.columns]
    if not present:
        return np.zeros(len(points))
    return -points[present].to_numpy(dtype=float).sum(axis=1)


def cheapest_viable(points: pd.DataFrame, meta: Mapping[str, Any]) -> dict[str, Any] | None:
    """The cheapest swept design that deters Russia and that Russia accepts.

    Cost is compared lexicographically: first the guarantor troops stationed in Ukraine
    (``guarantee.troops_on_ground``, thousand personnel, when swept), then the combat aircraft
    committed (``guarantee.air_assets``, when swept), then the guarantors' expected loss
    :math:`-(u_{US} + u_{EC})` (the United States' and the European coalition's expected
    payoffs, summed: a higher payoff is cheaper), and last the lower ``point`` number.
    Troops come first because they are what parliaments vote on and what Moscow objects to.

    Parameters
    ----------
    points
        The points table (needs ``viable``).
    meta
        The sweep's metadata (``parameters``: the columns reported).

    Returns
    -------
    dict or None
        ``point``, ``parameters`` (path → value), ``deterrence_margin``, ``acceptance_margin``,
        ``guarantor_payoff`` (the sum) and ``cost`` (troops, aircraft when swept); ``None``
        when no design is viable.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"point": [0, 1, 2], "guarantee.troops_on_ground": [30.0, 10.0, 0.0],
    ...                   "viable": [True, True, False], "deterrence_margin": [1.0, 0.2, -1],
    ...                   "acceptance_margin": [0.1, 0.5, 1.0]})
    >>> meta = {"parameters": [{"path": "guarantee.troops_on_ground"}]}
    >>> cheapest_viable(t, meta)["point"]
    1
    """
    require_columns(points, ["viable"], "the cheapest viable design")
    viable = points["viable"].to_numpy(dtype=bool)
    if not viable.any():
        return None
    rows = np.flatnonzero(viable)
    table = points.iloc[rows]
    point = table["point"].to_numpy() if "point" in table.columns else rows
    keys: list[np.ndarray] = [np.asarray(point, dtype=float)]
    keys.append(guarantor_loss(table))
    for column in reversed(cost_columns(table)):
        keys.append(table[column].to_numpy(dtype=float))
    best = int(np.lexsort(keys)[0])
    row = table.iloc[best]
    paths = [p["path"] for p in meta.get("parameters") or [] if p["path"] in points.columns]
    payoffs = [c for c in GUARANTOR_PAYOFFS if c in points.columns]
    return {
        "point": int(point[best]),
        "parameters": {path: _plain(row[path]) for path in paths},
        "deterrence_margin": _plain(row.get("deterrence_margin")),
        "acceptance_margin": _plain(row.get("acceptance_margin")),
        "guarantor_payoff": float(row[payoffs].sum()) if payoffs else None,
        "cost": {c: _plain(row[c]) for c in cost_columns(table)},
    }


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: numpy types to Python, NaN to ``None``."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def cost_axis(points: pd.DataFrame) -> tuple[np.ndarray, str]:
    """The one cost number drawn on the frontier plot, and its label.

    Troops when swept (thousand personnel), else aircraft when swept, else the guarantors'
    expected loss (minus their summed expected payoffs).
    """
    columns = [c for c in cost_columns(points) if points[c].nunique() > 1]
    if columns:
        return points[columns[0]].to_numpy(dtype=float), readable(columns[0])
    return guarantor_loss(points), "guarantors' expected loss (−payoff, US + coalition)"


def plot_design_frontier(
    points: pd.DataFrame, meta: Mapping[str, Any], *, ax: Axes | None = None
) -> Axes:
    """Guarantor cost against Russia's acceptance margin: which designs are worth considering.

    Each swept design is a point: cost (:func:`cost_axis`) across, acceptance margin up
    (at or above zero Russia accepts the ceasefire). Designs that deter are filled; the line
    joins the frontier among them, the deterring designs no other deterring design beats on
    both lower cost and higher acceptance margin; the cheapest viable design
    (:func:`cheapest_viable`) is annotated. Viable designs lie in the upper shaded band.
    """
    require_columns(points, ["deterred", "acceptance_margin", "viable"], "the design frontier")
    ax = new_axes(ax)
    cost, label = cost_axis(points)
    margin = points["acceptance_margin"].to_numpy(dtype=float)
    deterred = points["deterred"].to_numpy(dtype=bool)
    rows = scatter_rows(len(points))
    shown_d, shown_n = rows[deterred[rows]], rows[~deterred[rows]]
    ax.scatter(
        cost[shown_n], margin[shown_n], s=marker_size(rows.size), color="#BBBBBB", linewidths=0,
        label="does not deter", zorder=2,
    )  # fmt: skip
    ax.scatter(
        cost[shown_d], margin[shown_d], s=marker_size(rows.size), linewidths=0,
        color=ACTION_COLOURS["hold"], label="deters", zorder=3,
    )  # fmt: skip
    ax.axhline(0.0, color="grey", linewidth=0.8, linestyle="--")
    if np.nanmax(margin) > 0:
        ax.axhspan(0.0, float(np.nanmax(margin)) * 1.05, color=REGION_COLOURS[0],
                   alpha=0.08, linewidth=0, label="Russia accepts (margin ≥ 0)")  # fmt: skip
    if deterred.any():
        sub = pd.DataFrame({"cost": cost[deterred], "margin": margin[deterred]})
        on = design_frontier(sub, ["cost"], ["margin"])
        front = sub[on].sort_values(["cost", "margin"])
        ax.plot(
            front["cost"], front["margin"], drawstyle="steps-post", color="black",
            linewidth=1.4, marker="o", markersize=7, markerfacecolor="none",
            label="frontier of deterring designs", zorder=4,
        )  # fmt: skip
    best = cheapest_viable(points, meta)
    if best is not None:
        i = _row_of(points, best["point"])
        ax.scatter(
            [cost[i]], [margin[i]], s=120, marker="*", color=REGION_COLOURS[0],
            edgecolors="black", linewidths=0.8, zorder=5, label="cheapest viable design",
        )  # fmt: skip
        ax.annotate(
            _design_text(best),
            (cost[i], margin[i]),
            xytext=(12, -14),
            textcoords="offset points",
            fontsize="x-small",
            va="top",
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#888888", "alpha": 0.9},
            arrowprops={"arrowstyle": "-", "color": "#888888"},
            zorder=6,
        )
    ax.set_xlabel(label)
    ax.set_ylabel("acceptance margin (≥ 0: Russia accepts)")
    ax.set_title("Design frontier: guarantor cost against acceptability", fontsize="medium")
    ax.grid(alpha=0.3)
    handles, _ = ax.get_legend_handles_labels()
    if best is None:
        handles.append(Line2D([], [], linestyle="", label="(no swept design is viable)"))
    outside_legend(ax, handles)
    return ax


def _row_of(points: pd.DataFrame, point: int) -> int:
    if "point" not in points.columns:
        return point
    return int(np.flatnonzero(points["point"].to_numpy() == point)[0])


def _design_text(best: Mapping[str, Any]) -> str:
    lines = ["cheapest viable:"]
    for path, value in best["parameters"].items():
        shown = number_text(value) if isinstance(value, float) else category_text(value)
        lines.append(f"{short_name(path)} = {shown}")
    return "\n".join(lines[:7])
