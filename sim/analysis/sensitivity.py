"""Which parameters matter: Sobol indices, a one-at-a-time tornado, and PRIM scenario discovery.

* :func:`sobol_indices` apportions the variance of an output of a Sobol sweep to the swept
  parameters (SALib; Sobol 2001, Saltelli 2002, Saltelli et al. 2010); :func:`plot_sobol`
  draws them with their bootstrap confidence intervals.
* :func:`plot_tornado` draws the one-at-a-time swing of an output over each judgement
  constant's plausible range (the ``tornado.parquet`` table of a static sweep).
* :func:`prim_boxes` finds the box of parameter values where a design is viable with the
  Patient Rule Induction Method (Friedman & Fisher 1999) as used for scenario discovery
  (Bryant & Lempert 2010), through the EMA Workbench (Kwakkel 2017); :func:`plot_prim` draws
  the box, :func:`plot_prim_trajectory` the peeling trajectory.

References
----------
Sobol, I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their
Monte Carlo estimates. *Mathematics and Computers in Simulation* 55, 271–280.
Saltelli, A. (2002). Making best use of model evaluations to compute sensitivity indices.
*Computer Physics Communications* 145, 280–297.
Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. & Tarantola, S. (2010).
Variance based sensitivity analysis of model output. *Computer Physics Communications* 181,
259–270.
Friedman, J. H. & Fisher, N. I. (1999). Bump hunting in high-dimensional data. *Statistics and
Computing* 9, 123–143.
Bryant, B. P. & Lempert, R. J. (2010). Thinking inside the box: a participatory,
computer-assisted approach to scenario discovery. *Technological Forecasting and Social
Change* 77, 34–49.
Kwakkel, J. H. (2017). The Exploratory Modeling Workbench. *Environmental Modelling &
Software* 96, 239–250.
Herman, J. & Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis.
*Journal of Open Source Software* 2(9), 97.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from sim.analysis.sweep_style import (
    ACTION_COLOURS,
    REGION_COLOURS,
    below_legend,
    is_categorical,
    new_axes,
    number_text,
    outside_legend,
    readable,
    require_columns,
    short_name,
)

SOBOL_OUTPUTS: tuple[str, ...] = ("deterred", "acceptance_margin", "p_direct_war")
"""The outputs whose Sobol indices a guarantee sweep reports (``deterred`` as P(deterred))."""

TORNADO_OUTPUTS: tuple[str, ...] = ("deterrence_margin", "acceptance_margin")
"""The outputs of ``tornado.parquet``."""

SOBOL_TOP = 15
"""The Sobol figure of a sweep shows at most this many parameters, largest total index first."""

TORNADO_TOP = 15
"""The tornado shows at most this many constants, those with the largest swings."""

PRIM_MAX_POINTS = 10_000
"""PRIM runs on at most this many rows (a seeded random subsample beyond)."""

_OUTPUT_TEXT = {
    "deterred": "P(deterred)",
    "acceptance_margin": "acceptance margin",
    "deterrence_margin": "deterrence margin",
    "p_direct_war": "P(direct war)",
    "viable": "viable",
}


def output_text(output: str) -> str:
    """A readable name of an output column (``deterred`` → ``P(deterred)``)."""
    return _OUTPUT_TEXT.get(output, short_name(output))


def _parameters(meta: Mapping[str, Any]) -> list[dict[str, Any]]:
    parameters = list(meta.get("parameters") or [])
    if not parameters:
        raise ValueError("the sweep's metadata lists no swept parameters (meta['parameters'])")
    return parameters


def sobol_indices(
    points: pd.DataFrame,
    meta: Mapping[str, Any],
    output: str,
    *,
    num_resamples: int = 1000,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """First-order and total Sobol indices of one output of a Sobol sweep.

    With :math:`Y = f(X_1, \\dots, X_D)` and independent inputs, the first-order index of
    :math:`X_i` is the share of the variance of :math:`Y` explained by :math:`X_i` alone and
    the total index the share that involves :math:`X_i` at all:

    .. math::

        S_i = \\frac{V_{X_i}(E[Y \\mid X_i])}{V(Y)}, \\qquad
        S_{T_i} = \\frac{E_{X_{\\sim i}}(V[Y \\mid X_{\\sim i}])}{V(Y)} .

    They are estimated by SALib's ``sobol.analyze`` (Saltelli 2002 and Saltelli et al. 2010
    estimators, ``calc_second_order=False``) from the sweep's rows, which are exactly SALib's
    Saltelli sample (:math:`N(D+2)` rows in SALib's order). Confidence intervals are
    bootstrap intervals with ``num_resamples`` resamples, seeded from ``meta["seed"]``.
    A categorical parameter enters through the unit value that chose its category, so its
    indices are those of the step function of that value.

    Parameters
    ----------
    points
        The points table of a sweep with ``sampler: sobol``.
    meta
        The sweep's metadata (``sampler``, ``parameters``, ``seed``, ``sobol.N``).
    output
        A numeric or boolean column; ``deterred`` is read as the probability of deterrence
        (its mean is P(deterred)), likewise any boolean column.

    Returns
    -------
    pandas.DataFrame
        Index: parameter paths in the sweep's order; columns ``S1``, ``S1_conf``, ``ST``,
        ``ST_conf`` (half-widths of the ``conf_level`` intervals).

    Raises
    ------
    ValueError
        If the sweep did not use the Sobol sampler, the row count is not :math:`N(D+2)`, the
        output is missing or constant (no variance to apportion).
    """
    sampler = meta.get("sampler")
    if sampler != "sobol":
        raise ValueError(
            f"Sobol indices need a sweep with `sampler: sobol` (Saltelli's sample), but this "
            f"sweep used `{sampler}`; rerun it with `sampler: sobol` and `samples: N` (a power "
            "of two), or use the tornado (--kind tornado) or PRIM (--kind prim) instead"
        )
    parameters = _parameters(meta)
    require_columns(points, [output], "Sobol indices")
    d = len(parameters)
    ordered = points.sort_values("point") if "point" in points.columns else points
    y = ordered[output].to_numpy(dtype=float)
    n_rows = y.shape[0]
    if n_rows % (d + 2):
        raise ValueError(
            f"a Sobol sweep over {d} parameters has N·(D+2) = N·{d + 2} rows, but this table "
            f"has {n_rows}; was it filtered or resumed incompletely?"
        )
    expected = (meta.get("sobol") or {}).get("N")
    if expected is not None and int(expected) * (d + 2) != n_rows:
        raise ValueError(
            f"meta says N = {expected}, so {int(expected) * (d + 2)} rows, but the table has "
            f"{n_rows}"
        )
    if np.isnan(y).any():
        raise ValueError(f"{output} has missing values (NaN); Sobol indices need every row")
    if np.ptp(y) == 0:
        raise ValueError(
            f"{output} is the same ({y[0]:g}) at every point of the sweep: there is no variance "
            "to apportion, so its Sobol indices are undefined"
        )
    from SALib.analyze import sobol

    problem = {
        "num_vars": d,
        "names": [p["path"] for p in parameters],
        "bounds": [[0.0, 1.0]] * d,
    }
    seed = meta.get("seed")
    result = sobol.analyze(
        problem,
        y,
        calc_second_order=False,
        num_resamples=num_resamples,
        conf_level=conf_level,
        print_to_console=False,
        seed=None if seed is None else int(seed),
    )
    return pd.DataFrame(
        {key: np.asarray(result[key], dtype=float) for key in ("S1", "S1_conf", "ST", "ST_conf")},
        index=pd.Index(problem["names"], name="parameter"),
    )


def plot_sobol(
    indices: pd.DataFrame,
    *,
    output: str = "",
    order: Sequence[str] | None = None,
    top: int | None = None,
    ax: Axes | None = None,
) -> Axes:
    """First-order and total Sobol indices as bars with confidence-interval whiskers.

    Parameters are sorted by total index, largest at the top (or in ``order``, top first). A
    total index well above the first-order one means the parameter acts through
    interactions with others; a total index near zero means the parameter can be fixed
    anywhere in its range.

    Parameters
    ----------
    indices
        The table of :func:`sobol_indices`.
    output
        The output's column name, for the title.
    order
        Parameters to show, top first (default: all, by total index).
    top
        Show only the ``top`` parameters (by total index, or the first of ``order``); the
        title says how many were left out.
    """
    require_columns(indices, ["S1", "S1_conf", "ST", "ST_conf"], "the Sobol plot")
    names = list(order) if order is not None else list(indices.sort_values("ST").index[::-1])
    shown = names if top is None else names[:top]
    table = indices.loc[shown[::-1]]
    ax = new_axes(ax, (7.0, 1.2 + 0.45 * len(table)))
    pos = np.arange(len(table), dtype=float)
    h = 0.38
    error = {"ecolor": "black", "capsize": 3, "elinewidth": 0.9}
    ax.barh(
        pos + h / 2, table["S1"], height=h, xerr=table["S1_conf"], color=ACTION_COLOURS["hold"],
        label="first order $S_1$ (alone)", error_kw=error,
    )  # fmt: skip
    ax.barh(
        pos - h / 2, table["ST"], height=h, xerr=table["ST_conf"], color=ACTION_COLOURS["probe"],
        label="total $S_T$ (with interactions)", error_kw=error,
    )  # fmt: skip
    ax.set_yticks(pos, [short_name(str(p)) for p in table.index])
    ax.axvline(0.0, color="grey", linewidth=0.8)
    right = float(np.nanmax((table["ST"] + table["ST_conf"]).to_numpy(dtype=float), initial=1.0))
    left = float(np.nanmin((table["S1"] - table["S1_conf"]).to_numpy(dtype=float), initial=0.0))
    ax.set_xlim(min(-0.05, left), max(1.0, right))
    ax.set_xlabel("share of the variance (95 % interval)")
    title = f"Sobol indices of {output_text(output)}" if output else "Sobol indices"
    left_out = len(indices) - len(table)
    if left_out:
        title += f"\n({left_out} parameters with smaller indices not shown)"
    ax.set_title(title, fontsize="medium")
    ax.grid(axis="x", alpha=0.3)
    outside_legend(ax)
    return ax


def plot_tornado(
    tornado: pd.DataFrame, output: str, *, top: int | None = TORNADO_TOP, ax: Axes | None = None
) -> Axes:
    """One-at-a-time sensitivity of an output to each judgement constant (a tornado).

    For each constant :math:`c` with plausible range :math:`[c_{lo}, c_{hi}]`, the bars run
    from the output at the base design with all constants at their scenario values,
    :math:`y(c_{base})`, to :math:`y(c_{lo})` and :math:`y(c_{hi})`, all else fixed.
    Constants are sorted by swing :math:`|y(c_{hi}) - y(c_{lo})|`, largest at the top. For a
    margin, the dashed line at zero is the verdict's edge: a bar that crosses it means the
    verdict turns on that constant.

    Parameters
    ----------
    tornado
        The ``tornado.parquet`` table: ``constant``, ``low``, ``high``, ``base`` and
        ``<output>_low``, ``<output>_high``, ``<output>_base``.
    output
        ``deterrence_margin`` or ``acceptance_margin`` (any output the table carries).
    top
        Show only the ``top`` largest swings (``None``: all); constants that do not move the
        output at all are left out, and the title says how many were.
    """
    columns = ["constant", "low", "high", f"{output}_low", f"{output}_high", f"{output}_base"]
    require_columns(tornado, columns, f"the tornado of {output}")
    if tornado.empty:
        raise ValueError("the tornado table has no rows (no judgement constants were varied)")
    table = tornado.copy()
    table["swing"] = (table[f"{output}_high"] - table[f"{output}_low"]).abs()
    table = table.sort_values("swing", kind="stable")
    n_all = len(table)
    moving = table[table["swing"] > 0]
    table = moving if top is None else moving.iloc[max(0, len(moving) - top) :]
    if table.empty:
        table = tornado.assign(swing=0.0).iloc[:1]
    left_out = n_all - len(table)
    ax = new_axes(ax, (7.5, 1.4 + 0.38 * len(table)))
    pos = np.arange(len(table), dtype=float)
    base = table[f"{output}_base"].to_numpy(dtype=float)
    low = table[f"{output}_low"].to_numpy(dtype=float)
    high = table[f"{output}_high"].to_numpy(dtype=float)
    ax.barh(
        pos,
        low - base,
        left=base,
        height=0.7,
        color=REGION_COLOURS[1],
        label="constant at the low end of its range",
    )
    ax.barh(
        pos, high - base, left=base, height=0.7, color=ACTION_COLOURS["hold"],
        label="constant at the high end", alpha=0.9,
    )  # fmt: skip
    centre = float(np.median(base))
    ax.axvline(centre, color="black", linewidth=1.0, label=f"base design ({number_text(centre)})")
    if "margin" in output:
        ax.axvline(0.0, color=ACTION_COLOURS["invade"], linewidth=1.0, linestyle="--")
        ax.text(
            0.0, 0.0, " verdict flips ", transform=ax.get_xaxis_transform(), ha="left",
            va="bottom", fontsize="x-small", color=ACTION_COLOURS["invade"],
        )  # fmt: skip
    labels = [
        f"{short_name(str(c))}  [{number_text(lo)}–{number_text(hi)}]"
        for c, lo, hi in zip(table["constant"], table["low"], table["high"], strict=True)
    ]
    ax.set_yticks(pos, labels, fontsize="small")
    ax.set_xlabel(f"{output_text(output)} (Russia's payoff units)")
    more = f"\n({left_out} constants with smaller or no swing not shown)" if left_out else ""
    ax.set_title(
        f"What moves the {output_text(output)}: each judgement constant across its range{more}",
        fontsize="medium",
    )
    ax.grid(axis="x", alpha=0.3)
    below_legend(ax, ncols=3)
    return ax


@dataclass(frozen=True)
class PrimResult:
    """The box PRIM found and how it was chosen.

    Attributes
    ----------
    target
        The column whose "true" rows the box should hold.
    threshold
        The least density asked of the box.
    limits
        One row per restricted parameter (index: path), most restrictive first: ``low``,
        ``high`` (numeric, NaN for a categorical), ``values`` (the categories kept, ``None``
        for a numeric), the swept range ``swept_low``, ``swept_high`` (or all categories in
        ``swept_values``), and ``cut``, the share of the swept range (or of the categories)
        that the box leaves out.
    coverage
        Share of all target rows that are inside the box.
    density
        Share of the rows inside the box that are target rows.
    mass
        Share of all rows inside the box.
    n_points, n_target
        Rows analysed and target rows among them.
    trajectory
        The peeling and pasting trajectory: ``coverage``, ``density``, ``mass``, ``res_dim``.
    selected
        The trajectory entry chosen: the largest coverage whose density reaches
        ``threshold`` (the densest entry when none does).
    meets_threshold
        Whether the chosen box's density reaches ``threshold``.
    """

    target: str
    threshold: float
    limits: pd.DataFrame
    coverage: float
    density: float
    mass: float
    n_points: int
    n_target: int
    trajectory: pd.DataFrame
    selected: int
    meets_threshold: bool

    def describe(self) -> str:
        """The box as a sentence, e.g. ``automaticity ≥ 0.6 and troops on ground ≥ 20``."""
        parts = []
        for path, row in self.limits.iterrows():
            name = short_name(str(path))
            if row["values"] is not None:
                parts.append(f"{name} in {{{', '.join(sorted(map(str, row['values'])))}}}")
                continue
            lo_cut = row["low"] > row["swept_low"]
            hi_cut = row["high"] < row["swept_high"]
            if lo_cut and hi_cut:
                parts.append(f"{number_text(row['low'])} ≤ {name} ≤ {number_text(row['high'])}")
            elif lo_cut:
                parts.append(f"{name} ≥ {number_text(row['low'])}")
            elif hi_cut:
                parts.append(f"{name} ≤ {number_text(row['high'])}")
        return " and ".join(parts) if parts else "anywhere in the swept space"


def prim_boxes(
    points: pd.DataFrame,
    meta: Mapping[str, Any],
    target: str = "viable",
    threshold: float = 0.8,
    *,
    cutoff: float = 0.5,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    max_points: int = PRIM_MAX_POINTS,
) -> PrimResult:
    """Scenario discovery: the box of swept parameters where ``target`` holds, by PRIM.

    PRIM (Friedman & Fisher 1999) starts from the box holding every design and repeatedly
    *peels* off the slice of at most ``peel_alpha`` of the remaining rows, along one parameter,
    whose removal most raises the box's *density* (share of target rows inside), until the
    box holds ``mass_min`` of the rows; it then pastes back slices that help. Each step is an
    entry of the trajectory, trading *coverage* (share of all target rows inside the box)
    against density (Bryant & Lempert 2010). Among the entries whose density reaches
    ``threshold`` the one with the largest coverage is chosen. Categorical parameters are
    peeled one category at a time (EMA Workbench; Kwakkel 2017).

    Parameters
    ----------
    points
        The points table.
    meta
        The sweep's metadata (``parameters``: the columns PRIM may restrict; ``seed``).
    target
        A boolean column (``viable``, ``deterred`` …) or a numeric one, read as
        ``value >= cutoff`` (e.g. ``p_viable_robust``).
    threshold
        The least density asked of the box.
    max_points
        PRIM runs on at most this many rows (a subsample seeded from ``meta["seed"]``).

    Raises
    ------
    ValueError
        When the target holds at no design or at every design (there is no box to find),
        or fewer than two parameters were swept.
    """
    parameters = [p["path"] for p in _parameters(meta)]
    require_columns(points, [target, *parameters], "PRIM")
    if len(parameters) < 2:
        raise ValueError(
            "PRIM looks for a box in two or more swept parameters; this sweep has one "
            f"({parameters[0]}): read the threshold off the margins plot (--kind margins)"
        )
    column = points[target]
    if pd.api.types.is_bool_dtype(column):
        y_all = column.to_numpy(dtype=bool)
    else:
        y_all = column.to_numpy(dtype=float) >= cutoff
    if not y_all.any() or y_all.all():
        state = "no" if not y_all.any() else "every"
        raise ValueError(
            f"`{target}` holds at {state} design of the sweep, so there is no box to find; "
            "widen the swept ranges (or choose another target) so that some designs are "
            f"{target} and some are not"
        )
    rows = np.arange(len(points))
    if len(points) > max_points:
        rng = np.random.default_rng(int(meta.get("seed") or 0))
        rows = np.sort(rng.choice(len(points), size=max_points, replace=False))
    x = pd.DataFrame(index=range(rows.size))
    for path in parameters:
        series = points[path].iloc[rows].reset_index(drop=True)
        if is_categorical(series):
            x[path] = series.astype(str).astype("category")
        else:
            x[path] = series.to_numpy(dtype=float)
    y = y_all[rows]
    if not y.any() or y.all():
        raise ValueError(f"the subsample of {rows.size} rows has no contrast in `{target}`")

    logger = logging.getLogger("EMA")
    level = logger.level
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim as ema_prim

        logger.setLevel(logging.WARNING)
        try:
            # EMA counts a row of interest where y >= threshold and keeps the peeled box only
            # when its density reaches the threshold (else it returns the whole space). With a
            # tiny positive threshold every y = 1 row counts and the box is always kept; the
            # entry that meets ``threshold`` is chosen below.
            finder = ema_prim.Prim(
                x, y.astype(int), threshold=1e-9, peel_alpha=peel_alpha, mass_min=mass_min
            )
            box = finder.find_box()
            if box is None:  # pragma: no cover - only when no rows remain
                raise ValueError("PRIM found no box")
            trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]]
            trajectory = trajectory.astype(float).reset_index(drop=True)
            selected = _choose(trajectory, threshold)
            box_lim = box.box_lims[selected]
            box_init = finder.box_init
        finally:
            logger.setLevel(level)
    limits = _limits(box_lim, box_init, x)
    chosen = trajectory.iloc[selected]
    return PrimResult(
        target=target,
        threshold=float(threshold),
        limits=limits,
        coverage=float(chosen["coverage"]),
        density=float(chosen["density"]),
        mass=float(chosen["mass"]),
        n_points=int(rows.size),
        n_target=int(y.sum()),
        trajectory=trajectory,
        selected=int(selected),
        meets_threshold=bool(chosen["density"] >= threshold),
    )


def _choose(trajectory: pd.DataFrame, threshold: float) -> int:
    density = trajectory["density"].to_numpy(dtype=float)
    coverage = trajectory["coverage"].to_numpy(dtype=float)
    ok = np.flatnonzero(density >= threshold)
    if ok.size == 0:
        return int(np.argmax(density))
    best = coverage[ok].max()
    return int(ok[np.flatnonzero(coverage[ok] == best)[0]])


def _limits(box_lim: pd.DataFrame, box_init: pd.DataFrame, x: pd.DataFrame) -> pd.DataFrame:
    # The box's numeric limits are snapped to the least and greatest swept values inside it
    # (PRIM peels at quantiles, which on a grid fall between swept values).
    inside = np.ones(len(x), dtype=bool)
    for path in box_init.columns:
        lo, hi = box_lim[path].iloc[0], box_lim[path].iloc[1]
        if isinstance(lo, set):
            inside &= x[path].astype(str).isin({str(v) for v in lo}).to_numpy()
        else:
            values = x[path].to_numpy(dtype=float)
            inside &= (values >= lo) & (values <= hi)
    rows: list[tuple[Any, ...]] = []
    for path in box_init.columns:
        lo, hi = box_lim[path].iloc[0], box_lim[path].iloc[1]
        lo0, hi0 = box_init[path].iloc[0], box_init[path].iloc[1]
        if isinstance(lo0, set):
            if set(lo) == set(lo0):
                continue
            rows.append((path, np.nan, np.nan, sorted(map(str, lo)), np.nan, np.nan, sorted(lo0)))
            continue
        if lo == lo0 and hi == hi0:
            continue
        kept = x[path].to_numpy(dtype=float)[inside]
        if kept.size:
            lo, hi = kept.min(), kept.max()
        rows.append((path, float(lo), float(hi), None, float(lo0), float(hi0), None))
    columns = ["parameter", "low", "high", "values", "swept_low", "swept_high", "swept_values"]
    table = pd.DataFrame(rows, columns=columns)
    table["cut"] = [_cut(row) for _, row in table.iterrows()]
    # the parameters that restrict the box most first (ties: the sweep's order)
    order = {p: i for i, p in enumerate(x.columns)}
    table["order"] = table["parameter"].map(order)
    table = table.sort_values(["cut", "order"], ascending=[False, True]).drop(columns="order")
    return table.set_index("parameter")


def _cut(row: pd.Series) -> float:
    """Share of a parameter's swept range (or of its categories) that the box leaves out."""
    if row["values"] is not None:
        return 1.0 - len(row["values"]) / max(1, len(row["swept_values"]))
    span = row["swept_high"] - row["swept_low"]
    return float(1.0 - (row["high"] - row["low"]) / span) if span > 0 else 0.0


def plot_prim(result: PrimResult, *, top: int | None = 8, ax: Axes | None = None) -> Axes:
    """The PRIM box: each restricted parameter's kept range within its swept range.

    Numeric parameters are drawn on a 0–1 scale of their swept range (the grey bar is the
    swept range, the coloured bar the box, labelled with the actual values); a categorical
    parameter shows the categories kept. The ``top`` parameters that the box restricts most
    are shown, most restrictive first; the title says how many slight restrictions were left
    out.
    """
    limits = result.limits if top is None else result.limits.iloc[:top]
    left_out = len(result.limits) - len(limits)
    ax = new_axes(ax, (7.5, 1.6 + 0.55 * max(1, len(limits))))
    colour = REGION_COLOURS[0]
    pos = np.arange(len(limits), dtype=float)[::-1]
    for y, (_, row) in zip(pos, limits.iterrows(), strict=True):
        ax.barh(y, 1.0, left=0.0, height=0.6, color="#EEEEEE", edgecolor="#BBBBBB")
        if row["values"] is not None:
            kept = ", ".join(str(v).replace("_", " ") for v in row["values"])
            ax.barh(y, 1.0, left=0.0, height=0.6, color=colour, alpha=0.35)
            ax.text(0.5, y, f"only: {kept}", ha="center", va="center", fontsize="small")
            continue
        span = row["swept_high"] - row["swept_low"] or 1.0
        a = (row["low"] - row["swept_low"]) / span
        b = (row["high"] - row["swept_low"]) / span
        ax.barh(y, b - a, left=a, height=0.6, color=colour)
        ax.text(a, y + 0.36, number_text(row["low"]), ha="center", va="bottom", fontsize="x-small")
        ax.text(b, y + 0.36, number_text(row["high"]), ha="center", va="bottom", fontsize="x-small")
        ax.text(
            -0.01,
            y,
            number_text(row["swept_low"]),
            ha="right",
            va="center",
            fontsize="x-small",
        )
        ax.text(1.01, y, number_text(row["swept_high"]), ha="left", va="center", fontsize="x-small")
    ax.set_yticks(pos, [readable(str(p)) for p in limits.index])
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.7, len(limits) - 0.2)
    ax.set_xticks([])
    ax.set_xlabel("position within the swept range")
    below = "" if result.meets_threshold else f" (below the {result.threshold:.0%} asked)"
    if left_out:
        below += f"\n({left_out} parameters trimmed less are not shown)"
    ax.set_title(
        f"Where {result.target} designs concentrate (PRIM box)\ncoverage {result.coverage:.0%}, "
        f"density {result.density:.0%}{below}",
        fontsize="medium",
    )
    handles = [
        Patch(facecolor="#EEEEEE", edgecolor="#BBBBBB", label="swept range"),
        Patch(facecolor=colour, label=f"box: {result.target} designs concentrate here"),
    ]
    below_legend(ax, handles, ncols=1)
    return ax


def plot_prim_trajectory(result: PrimResult, *, ax: Axes | None = None) -> Axes:
    """PRIM's peeling trajectory: coverage against density, coloured by restricted parameters.

    Moving along the trajectory the box gets denser (more of its designs are ``target``) and
    covers fewer of the target designs. The chosen box is ringed; the dashed line is the
    density asked for.
    """
    traj = result.trajectory
    ax = new_axes(ax, (6.5, 4.4))
    points = ax.scatter(
        traj["coverage"], traj["density"], c=traj["res_dim"], cmap="viridis", s=18, zorder=3
    )
    chosen = traj.iloc[result.selected]
    ax.scatter(
        [chosen["coverage"]], [chosen["density"]], s=140, facecolors="none",
        edgecolors="black", linewidths=1.5, zorder=4, label="chosen box",
    )  # fmt: skip
    ax.axhline(result.threshold, color="grey", linestyle="--", linewidth=0.8, label="density asked")
    ax.set_xlim(0.0, 1.02)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel(f"coverage (share of {result.target} designs inside the box)")
    ax.set_ylabel(f"density (share of the box that is {result.target})")
    ax.set_title("PRIM peeling trajectory", fontsize="medium")
    figure = ax.get_figure()
    assert figure is not None
    bar = figure.colorbar(points, ax=ax, label="restricted parameters")
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    ax.legend(loc="lower left", fontsize="small", frameon=False)
    return ax


def prim_summary(result: PrimResult) -> dict[str, Any]:
    """A JSON-ready summary of a PRIM box (for findings and ``--json``)."""
    box: dict[str, Any] = {}
    for path, row in result.limits.iterrows():
        if row["values"] is not None:
            box[str(path)] = {"values": list(row["values"])}
        else:
            box[str(path)] = {"low": float(row["low"]), "high": float(row["high"])}
    return {
        "target": result.target,
        "box": box,
        "description": result.describe(),
        "coverage": result.coverage,
        "density": result.density,
        "mass": result.mass,
        "meets_threshold": result.meets_threshold,
    }
