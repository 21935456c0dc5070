"""A sweep's headline findings, its figures and its one-page report, read from the points table.

* :func:`sweep_findings`: the numbers an analyst quotes (shares deterred, accepted, viable;
  the cheapest viable design; which way each swept parameter moves deterrence), JSON-ready.
* :func:`write_sweep_figures`: the figures that fit the sweep, saved as PNG.
* :func:`render_sweep_report`: ``report.md``: what was swept, the findings, the figures and
  how to read each.
* :data:`PLOT_KINDS`: one figure by name, for ``deter plot BUNDLE --kind KIND``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.analysis.frontier import cheapest_viable, plot_design_frontier
from sim.analysis.sensitivity import (
    SOBOL_OUTPUTS,
    SOBOL_TOP,
    TORNADO_OUTPUTS,
    TORNADO_TOP,
    plot_prim,
    plot_prim_trajectory,
    plot_sobol,
    plot_tornado,
    prim_boxes,
    sobol_indices,
)
from sim.analysis.sweep_plots import (
    THRESHOLD_COLUMNS,
    outcome_columns,
    plot_deterrence_map,
    plot_margins,
    plot_outcome_shares,
    plot_robustness_line,
    plot_robustness_map,
    plot_threshold_curves,
    plot_value_map,
    plot_viable_set,
)
from sim.analysis.sweep_style import (
    category_text,
    is_categorical,
    new_axes,
    number_text,
    outside_legend,
    readable,
    short_name,
)
from sim.guarantee.levers import LEVERS

DPI = 150
"""Resolution of the saved figures."""

GUARANTEE_KINDS = ("guarantee", "dynamic")
"""Sweep kinds whose rows hold the guarantee game's solution."""

UNCERTAIN_LISTED = 8
"""The report lists each uncertain constant's range up to this many; beyond, only names."""

FLAT_TOLERANCE = 1e-9
"""A parameter whose effect on the deterrence margin stays below this is flat."""

FIGURES: dict[str, tuple[str, str]] = {
    "deterrence_map.png": (
        "Russia's best reply across the design space",
        "Each cell (or point) is one design, coloured by what an opportunistic Russia does "
        "against it: hold (deterred), probe below the trigger, or invade. The black outline "
        "(rings, for a sampled sweep) encloses the designs that both deter and that Russia "
        "accepts as part of a ceasefire.",
    ),
    "viable_set.png": (
        "The viable set and the dilution paradox",
        "Green designs deter and are accepted. Cyan designs deter but Moscow would reject "
        "them (too strong); sand designs are accepted because they have been diluted until "
        "they no longer deter. A negotiation that trades strength for acceptance moves from "
        "cyan to sand, possibly across an empty green band.",
    ),
    "threshold_curve.png": (
        "How much of a lever deterrence needs",
        "The line is the least value of the lever (vertical axis) at which Russia holds, for "
        "each value of the second parameter; the shaded side deters. Triangles: no swept "
        "value deters. Crosses: deterrence is not monotone in the lever there, so a single "
        "threshold over-simplifies.",
    ),
    "margins.png": (
        "Deterrence and acceptance margins",
        "Both margins are in Russia's payoff units. Deterrence holds where the blue line is "
        "at or above zero, acceptance where the sand line is; the shaded band is where both "
        "hold (viable designs).",
    ),
    "sobol_indices.png": (
        "Which parameters drive the results (Sobol indices)",
        "Bars are the share of each output's variance due to a parameter alone (first order) "
        "and including its interactions (total), with 95 % bootstrap intervals. A parameter "
        "whose total index is near zero can be fixed anywhere in its range without changing "
        "the result.",
    ),
    "tornado.png": (
        "Sensitivity to the judgement constants (tornado)",
        "Each bar shows how far the margin at the base design moves when one judgement "
        "constant goes to the low or high end of its plausible range, all else fixed. Bars "
        "that cross the dashed zero line mark constants on which the verdict turns.",
    ),
    "robustness_map.png": (
        "Robustness over deep uncertainty",
        "Colour is the share of the uncertain payoff draws under which the design both deters "
        "and is accepted. Designs at 90 % or more keep working across the plausible range of "
        "the constants; a design near 50 % is a coin toss on judgements no one can verify.",
    ),
    "design_frontier.png": (
        "Design frontier: cost against acceptability",
        "Each point is a swept design; filled points deter. The step line is the frontier: "
        "deterring designs no other deterring design beats on both cost and acceptance "
        "margin. The star is the cheapest viable design (fewest troops, then aircraft, then "
        "the guarantors' highest expected payoff).",
    ),
    "prim_viable.png": (
        "Where viable designs concentrate (PRIM scenario discovery)",
        "Left: the box of parameter values PRIM found, within each swept range; coverage is "
        "the share of all viable designs inside the box, density the share of the box's "
        "designs that are viable. Right: the peeling trajectory, trading coverage against "
        "density; the ringed point is the box shown.",
    ),
    "invasion_map.png": (
        "Probability of invasion within the horizon (repeated game)",
        "Colour (or height) is the share of simulated runs in which Russia invades within the "
        "horizon, averaged over replicates. Compare with the one-shot deterrence map: where "
        "they differ, dynamics (beliefs, elections, probing) matter.",
    ),
    "outcomes.png": (
        "Probability of each outcome",
        "The equilibrium probability of each terminal outcome of the game, against the swept "
        "parameters.",
    ),
}
"""Figure file → (title, how to read), in the order the report shows them."""


def _json(value: Any) -> Any:
    """Numpy scalars to Python, NaN and infinities to ``None``, recursively."""
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _parameters(meta: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(meta.get("parameters") or [])


def _swept(points: pd.DataFrame, meta: Mapping[str, Any]) -> list[str]:
    paths = [p["path"] for p in _parameters(meta) if p["path"] in points.columns]
    if paths:
        return paths
    # A table without metadata: the dotted columns are the parameters.
    return [c for c in points.columns if "." in c]


def _numeric(points: pd.DataFrame, path: str) -> bool:
    return not is_categorical(points[path])


def _share(points: pd.DataFrame, column: str) -> float | None:
    if column not in points.columns:
        return None
    return float(points[column].to_numpy(dtype=float).mean()) if len(points) else None


def parameter_effect(
    points: pd.DataFrame,
    path: str,
    output: str = "deterrence_margin",
    *,
    grid: bool = False,
    others: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Which way a swept parameter moves an output, by Spearman's rank correlation.

    The direction is the sign of Spearman's :math:`\\rho` between the parameter and the output
    over all points (other parameters vary too, so this is an average effect): "raises" or
    "lowers" when :math:`|\\rho| \\ge 0.05`, "weak" below. A parameter is "flat: a finding to
    explain" when the output's mean is the same at every swept value of it and, on a grid,
    when the output does not move with it at any combination of the ``others`` (the other
    swept parameters; by default the table's dotted columns).
    A categorical parameter reports the output's mean at each category instead.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"a": [0.0, 1.0, 0.0, 1.0], "b": [0.0, 0.0, 1.0, 1.0],
    ...                   "deterrence_margin": [0.0, 1.0, 0.0, 1.0]})
    >>> parameter_effect(t, "a")["direction"], parameter_effect(t, "b", grid=True)["direction"]
    ('raises deterrence margin', 'flat: a finding to explain')
    """
    y = points[output].astype(float)
    if is_categorical(points[path]):
        means = y.groupby(points[path].astype(str), sort=False).mean()
        spread = float(means.max() - means.min()) if len(means) else 0.0
        flat = spread <= FLAT_TOLERANCE
        best = str(means.idxmax()) if len(means) and not flat else None
        return {
            "measure": f"mean {short_name(output)} at each value",
            "by_value": {str(k): float(v) for k, v in means.items()},
            "best": best,
            "direction": (
                "flat: a finding to explain" if flat else f"highest at {category_text(best)}"
            ),
        }
    x = points[path].astype(float)
    means = y.groupby(x).mean()
    spread = float(means.max() - means.min()) if len(means) else 0.0
    scale = float(np.nanmax(np.abs(y.to_numpy()), initial=0.0))
    flat = spread <= FLAT_TOLERANCE * (1.0 + scale)
    if flat and grid:
        fixed = [c for c in (others if others is not None else _swept(points, {})) if c != path]
        if fixed:
            spreads = y.groupby([points[c] for c in fixed]).agg(np.ptp)
            flat = float(spreads.max()) <= FLAT_TOLERANCE
    rho = float(x.corr(y, method="spearman")) if x.nunique() > 1 and y.nunique() > 1 else 0.0
    if flat:
        direction = "flat: a finding to explain"
    elif not math.isfinite(rho) or abs(rho) < 0.05:
        direction = "weak"
    else:
        direction = f"{'raises' if rho > 0 else 'lowers'} {short_name(output)}"
    return {
        "measure": "Spearman rank correlation over all points",
        "spearman": rho,
        "mean_range": spread,
        "direction": direction,
    }


DESIGN_PREFIX = "guarantee."
"""Swept paths under it are the guarantee's design: only then is a cheapest design named."""

SOBOL_FINDINGS = ("deterred", "acceptance_margin")
"""Outputs whose largest total Sobol indices are headline findings of a Sobol sweep."""


def _sobol_top(points: pd.DataFrame, meta: Mapping[str, Any], top: int = 5) -> dict[str, Any]:
    """The ``top`` parameters by total Sobol index for each of :data:`SOBOL_FINDINGS`."""
    found: dict[str, Any] = {}
    for output in SOBOL_FINDINGS:
        try:
            indices = sobol_indices(points, meta, output, num_resamples=200)
        except ValueError:  # a constant output: nothing to apportion
            found[output] = []
            continue
        best = indices.sort_values("ST", ascending=False).head(top)
        found[output] = [
            {"parameter": str(k), "S1": float(r["S1"]), "ST": float(r["ST"])}
            for k, r in best.iterrows()
        ]
    return found


def sweep_findings(points: pd.DataFrame, meta: Mapping[str, Any]) -> dict[str, Any]:
    """The headline findings of a sweep, JSON-ready (no NaN: ``None`` instead).

    Keys: ``kind``, ``points``, ``share_deterred``, ``share_acceptable``, ``share_viable``
    (shares of the swept designs), ``cheapest_viable``
    (:func:`~sim.analysis.frontier.cheapest_viable`, or ``None``; only when some swept parameter
    is part of the design, under ``guarantee.``), ``effects`` (each swept
    parameter's effect on the deterrence margin, :func:`parameter_effect`: the sign of
    Spearman's rank correlation), and, where they apply,
    ``robustness`` (mean ``p_viable_robust``, share of designs viable in ≥ 90 % of the
    uncertain draws), ``invasion_within_horizon`` (min, mean, max of
    ``p_invasion_within_horizon`` over designs) for dynamic sweeps, and ``outcome_shares``
    (mean probability of each outcome) for ``game:`` sweeps, and ``sobol_top`` (the five
    largest total indices of P(deterred) and of the acceptance margin) for Sobol sweeps.
    """
    kind = meta.get("kind", "guarantee")
    swept = _swept(points, meta)
    out: dict[str, Any] = {"kind": kind, "points": len(points)}
    if kind in GUARANTEE_KINDS or "deterred" in points.columns:
        out["share_deterred"] = _share(points, "deterred")
        out["share_acceptable"] = _share(points, "acceptable")
        out["share_viable"] = _share(points, "viable")
        designs = [s for s in swept if s.startswith(DESIGN_PREFIX)]
        out["cheapest_viable"] = (
            cheapest_viable(points, meta) if "viable" in points and designs else None
        )
        if "deterrence_margin" in points.columns:
            grid = meta.get("sampler") == "grid"
            out["effects"] = {
                path: parameter_effect(points, path, grid=grid, others=swept) for path in swept
            }
    if "p_viable_robust" in points.columns:
        robust = points["p_viable_robust"].to_numpy(dtype=float)
        out["robustness"] = {
            "mean_p_viable_robust": float(np.nanmean(robust)),
            "share_designs_viable_in_90pct_of_draws": float(np.mean(robust >= 0.9)),
        }
    if "p_invasion_within_horizon" in points.columns:
        p = points["p_invasion_within_horizon"].to_numpy(dtype=float)
        out["invasion_within_horizon"] = {
            "min": float(np.nanmin(p)),
            "mean": float(np.nanmean(p)),
            "max": float(np.nanmax(p)),
        }
    if meta.get("sampler") == "sobol" and kind in GUARANTEE_KINDS:
        out["sobol_top"] = _sobol_top(points, meta)
    if kind == "game":
        out["outcome_shares"] = {
            name: float(points[f"p_{name}"].mean()) for name in outcome_columns(points)
        }
    return _json(out)


# ---------------------------------------------------------------------------------------------
# Figures by kind: (points, meta, ax, **options) -> Axes


def _two(points: pd.DataFrame, meta: Mapping[str, Any], options: Mapping[str, Any], what: str):
    swept = _swept(points, meta)
    x, y = options.get("x"), options.get("y")
    if x is None or y is None:
        if len(swept) < 2:
            raise ValueError(
                f"the {what} needs two swept parameters; this sweep has {len(swept)} "
                f"({', '.join(swept) or 'none'}): use --kind margins for a line against one"
            )
        x = x or next(p for p in swept if p != y)
        y = y or next(p for p in swept if p != x)
    return str(x), str(y)


def _need_guarantee(meta: Mapping[str, Any], what: str) -> None:
    kind = meta.get("kind", "guarantee")
    if kind not in GUARANTEE_KINDS:
        raise ValueError(
            f"the {what} reads the guarantee game's solution, but this is a `{kind}` sweep; "
            "for a game: sweep use --kind outcomes"
        )


def _kind_map(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    _need_guarantee(meta, "deterrence map")
    x, y = _two(points, meta, options, "deterrence map")
    return plot_deterrence_map(points, x, y, ax=ax)


def _kind_viable(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    _need_guarantee(meta, "viable-set map")
    x, y = _two(points, meta, options, "viable-set map")
    return plot_viable_set(points, x, y, ax=ax)


def _threshold_pair(points: pd.DataFrame, meta: Mapping[str, Any]) -> tuple[str, str] | None:
    swept = _swept(points, meta)
    levers = {lever.path for lever in LEVERS.values()}
    if len(swept) < 2:
        return None
    for lever, against in ((swept[0], swept[1]), (swept[1], swept[0])):
        if lever in levers and _numeric(points, lever):
            return lever, against
    return None


def _kind_threshold(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    _need_guarantee(meta, "threshold curve")
    lever, against = options.get("lever"), options.get("against")
    if lever is None or against is None:
        pair = _threshold_pair(points, meta)
        if pair is None:
            raise ValueError(
                "a threshold curve needs a numeric lever ("
                + ", ".join(sorted(lv.path for lv in LEVERS.values()))
                + ") and a second swept parameter; this sweep has "
                + (", ".join(_swept(points, meta)) or "none")
                + " (pass lever= and against= to choose any numeric parameter)"
            )
        lever, against = lever or pair[0], against or pair[1]
    columns = _threshold_columns(points) or ["deterred"]
    return plot_threshold_curves(points, str(lever), str(against), columns=columns, ax=ax)


def _threshold_columns(points: pd.DataFrame) -> list[str]:
    """The deterrence columns that vary over the sweep (a threshold exists somewhere)."""
    found: list[str] = []
    for column in THRESHOLD_COLUMNS:
        if column in points.columns:
            values = points[column].to_numpy(dtype=bool)
            same = found and np.array_equal(values, points[found[0]].to_numpy(dtype=bool))
            if values.any() and not values.all() and not same:
                found.append(column)
    return found


def _kind_sobol(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    output = str(options.get("output", "deterred"))
    indices = sobol_indices(points, meta, output)
    return plot_sobol(indices, output=output, ax=ax)


def _kind_tornado(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    tornado = options.get("tornado")
    if tornado is None:
        raise ValueError(
            "the tornado reads tornado.parquet, which only static guarantee sweeps write; this "
            "bundle has none (pass tornado=<DataFrame>)"
        )
    return plot_tornado(tornado, str(options.get("output", "deterrence_margin")), ax=ax)


def _kind_prim(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    result = prim_boxes(
        points,
        meta,
        target=str(options.get("target", "viable")),
        threshold=float(options.get("threshold", 0.8)),
    )
    return plot_prim(result, ax=ax)


def _kind_robustness(
    points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any
):
    column = str(options.get("column", "p_viable_robust"))
    swept = _swept(points, meta)
    if len(swept) == 1 and "x" not in options:
        if column not in points.columns:
            return plot_robustness_map(points, swept[0], swept[0], column=column, ax=ax)
        return plot_robustness_line(points, swept[0], ax=ax)
    x, y = _two(points, meta, options, "robustness map")
    return plot_robustness_map(points, x, y, column=column, ax=ax)


def _kind_frontier(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    _need_guarantee(meta, "design frontier")
    return plot_design_frontier(points, meta, ax=ax)


def _kind_margins(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    _need_guarantee(meta, "margins plot")
    swept = _swept(points, meta)
    x = options.get("x") or (swept[0] if swept else None)
    if x is None:
        raise ValueError("the margins plot needs a swept parameter; the sweep lists none")
    return plot_margins(points, str(x), ax=ax)


def _kind_invasion(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    if "p_invasion_within_horizon" not in points.columns:
        raise ValueError(
            "the invasion map reads p_invasion_within_horizon, written only by dynamic sweeps "
            "(scenarios with `dynamics:`); use --kind map for a static sweep"
        )
    swept = _swept(points, meta)
    title = "Probability of invasion within the horizon"
    if len(swept) >= 2 or ("x" in options and "y" in options):
        x, y = _two(points, meta, options, "invasion map")
        return plot_value_map(
            points, x, y, "p_invasion_within_horizon", ax=ax, title=title,
            label="share of runs with an invasion",
        )  # fmt: skip
    return _line(points, swept[0], ["p_invasion_within_horizon"], title, ax)


def _kind_outcomes(points: pd.DataFrame, meta: Mapping[str, Any], ax: Axes | None, **options: Any):
    swept = _swept(points, meta)
    x = options.get("x") or (swept[0] if swept else None)
    if x is None:
        raise ValueError("the outcome plot needs a swept parameter; the sweep lists none")
    return plot_outcome_shares(points, str(x), options.get("outcomes"), ax=ax)


def _line(
    points: pd.DataFrame, x: str, columns: Sequence[str], title: str, ax: Axes | None
) -> Axes:
    ax = new_axes(ax)
    categorical = is_categorical(points[x])
    grouped = points.groupby(x, sort=not categorical)[list(columns)].mean()
    xs = np.arange(len(grouped), dtype=float) if categorical else grouped.index.to_numpy(float)
    for column in columns:
        ax.plot(xs, grouped[column], "o-" if not categorical else "o", label=short_name(column))
    if categorical:
        ax.set_xticks(xs, [str(v).replace("_", " ") for v in grouped.index])
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel(readable(x))
    ax.set_ylabel("probability")
    ax.set_title(title, fontsize="medium")
    ax.grid(alpha=0.3)
    outside_legend(ax)
    return ax


PlotKind = Callable[..., Axes]

PLOT_KINDS: dict[str, PlotKind] = {
    "frontier": _kind_frontier,
    "invasion": _kind_invasion,
    "map": _kind_map,
    "margins": _kind_margins,
    "outcomes": _kind_outcomes,
    "prim": _kind_prim,
    "robustness": _kind_robustness,
    "sobol": _kind_sobol,
    "threshold": _kind_threshold,
    "tornado": _kind_tornado,
    "viable": _kind_viable,
}
"""Figure kind → ``(points, meta, ax, **options) -> Axes``, for ``deter plot --kind``.

Options: ``x``, ``y`` (map, viable, robustness, invasion; default the first two swept
parameters), ``lever``, ``against`` (threshold), ``output`` (sobol: ``deterred``,
``acceptance_margin``, ``p_direct_war`` …; tornado: ``deterrence_margin`` or
``acceptance_margin``), ``tornado`` (the ``tornado.parquet`` table), ``target``, ``threshold``
(prim), ``column`` (robustness), ``outcomes`` (outcomes). A kind that does not fit the sweep
raises ``ValueError`` saying why and what would fit.
"""


# ---------------------------------------------------------------------------------------------
# Writing the figures


def _save(fig: Figure, folder: Path, name: str, written: list[str]) -> None:
    fig.savefig(folder / name, dpi=DPI, bbox_inches="tight")
    written.append(name)


def _figure(width: float = 7.5, height: float = 4.6, ncols: int = 1) -> Figure:
    return Figure(figsize=(width * ncols, height), layout="constrained")


def write_sweep_figures(
    folder: Path,
    points: pd.DataFrame,
    meta: Mapping[str, Any],
    tornado: pd.DataFrame | None = None,
) -> list[str]:
    """Save the figures that fit the sweep into ``folder``; return their file names.

    Guarantee and dynamic sweeps: on a grid of two or more parameters (or a sample of exactly
    two) the deterrence map and the viable set over the first two, and the threshold curve
    when one of them is a numeric lever of :mod:`sim.guarantee.levers` and deterrence (or
    invasion deterrence) holds somewhere but not everywhere; with one parameter the margins
    plot; the Sobol indices for a Sobol sweep; the robustness map when the sweep had
    ``uncertain:`` constants; the design frontier when the design is swept and some design
    deters or is viable; the tornado when ``tornado`` is given; PRIM when some but not all
    designs are viable and two or more parameters were swept; for a dynamic sweep the
    invasion map (or line). ``game:`` sweeps: the outcome probabilities.
    Names are the keys of :data:`FIGURES`.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kind = meta.get("kind", "guarantee")
    swept = _swept(points, meta)
    written: list[str] = []
    if not swept or points.empty:
        return written
    if kind in GUARANTEE_KINDS:
        # maps over the first two parameters: on a grid, or a sample of exactly two (a map over
        # two of many sampled parameters shows mostly the others' noise)
        if len(swept) >= 2 and (meta.get("sampler", "grid") == "grid" or len(swept) == 2):
            for name, draw in (
                ("deterrence_map.png", plot_deterrence_map),
                ("viable_set.png", plot_viable_set),
            ):
                fig = _figure()
                draw(points, swept[0], swept[1], ax=fig.add_subplot())
                _save(fig, folder, name, written)
            pair = _threshold_pair(points, meta)
            columns = _threshold_columns(points)
            if pair is not None and columns:
                fig = _figure()
                plot_threshold_curves(
                    points, pair[0], pair[1], columns=columns, ax=fig.add_subplot()
                )
                _save(fig, folder, "threshold_curve.png", written)
        elif len(swept) == 1:
            fig = _figure()
            plot_margins(points, swept[0], ax=fig.add_subplot())
            _save(fig, folder, "margins.png", written)
        if meta.get("sampler") == "sobol":
            _write_sobol(folder, points, meta, written)
        if "p_viable_robust" in points.columns:
            fig = _figure()
            _kind_robustness(points, meta, fig.add_subplot())
            _save(fig, folder, "robustness_map.png", written)
        designs = any(s.startswith(DESIGN_PREFIX) for s in swept)
        if designs and (points["deterred"].any() or points["viable"].any()):
            fig = _figure()
            plot_design_frontier(points, meta, ax=fig.add_subplot())
            _save(fig, folder, "design_frontier.png", written)
        if tornado is not None and not tornado.empty:
            outputs = [o for o in TORNADO_OUTPUTS if f"{o}_low" in tornado.columns]
            rows = min(len(tornado), TORNADO_TOP)
            fig = _figure(7.0, 1.6 + 0.36 * rows, len(outputs))
            for ax, output in zip(
                np.atleast_1d(fig.subplots(1, len(outputs))), outputs, strict=True
            ):
                plot_tornado(tornado, output, ax=ax)
            _save(fig, folder, "tornado.png", written)
        viable = points["viable"].to_numpy(dtype=bool)
        if len(swept) >= 2 and viable.any() and not viable.all():
            result = prim_boxes(points, meta)
            fig = _figure(6.5, 3.6 + 0.3 * min(len(result.limits), 8), 2)
            left, right = fig.subplots(1, 2, width_ratios=(1.3, 1.0))
            plot_prim(result, ax=left)
            plot_prim_trajectory(result, ax=right)
            _save(fig, folder, "prim_viable.png", written)
        if kind == "dynamic" and "p_invasion_within_horizon" in points.columns:
            fig = _figure()
            _kind_invasion(points, meta, fig.add_subplot())
            _save(fig, folder, "invasion_map.png", written)
    elif kind == "game":
        _write_outcomes(folder, points, swept, written)
    return written


def _write_sobol(
    folder: Path, points: pd.DataFrame, meta: Mapping[str, Any], written: list[str]
) -> None:
    tables = []
    for output in SOBOL_OUTPUTS:
        if output not in points.columns:
            continue
        try:
            tables.append((output, sobol_indices(points, meta, output)))
        except ValueError:  # a constant output has no variance to apportion
            continue
    if not tables:
        return
    # one order for every panel: the largest total index over the outputs first
    largest = pd.concat([t["ST"] for _, t in tables], axis=1).max(axis=1)
    order = list(largest.sort_values(ascending=False, kind="stable").index)
    rows = min(len(order), SOBOL_TOP)
    fig = _figure(4.6, 1.8 + 0.42 * rows, len(tables))
    axes = np.atleast_1d(fig.subplots(1, len(tables), sharey=True))
    for ax, (output, indices) in zip(axes, tables, strict=True):
        plot_sobol(indices, output=output, order=order, top=SOBOL_TOP, ax=ax)
        if ax is not axes[-1] and ax.get_legend() is not None:
            ax.get_legend().remove()
    _save(fig, folder, "sobol_indices.png", written)


def _write_outcomes(folder: Path, points: pd.DataFrame, swept: list[str], written: list[str]):
    names = outcome_columns(points)
    if not names:
        return
    if len(swept) == 1:
        fig = _figure()
        plot_outcome_shares(points, swept[0], names, ax=fig.add_subplot())
        _save(fig, folder, "outcomes.png", written)
        return
    varying = [n for n in names if points[f"p_{n}"].nunique() > 1] or names
    ncols = min(3, len(varying))
    nrows = math.ceil(len(varying) / ncols)
    fig = Figure(figsize=(5.2 * ncols, 3.8 * nrows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for ax, name in zip(axes, varying, strict=False):
        plot_value_map(points, swept[0], swept[1], f"p_{name}", ax=ax, title=f"P({name})",
                       label="probability")  # fmt: skip
    for ax in axes[len(varying) :]:
        ax.set_visible(False)
    _save(fig, folder, "outcomes.png", written)


# ---------------------------------------------------------------------------------------------
# The report


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return number_text(value)
    return str(value).replace("_", " ")


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _swept_rows(meta: Mapping[str, Any]) -> list[str]:
    rows = ["| parameter | kind | values |", "|---|---|---|"]
    for p in _parameters(meta):
        if p.get("values") is not None:
            shown = ", ".join(_fmt(v) for v in p["values"])
        elif p.get("range") is not None:
            lo, hi = p["range"]
            log = " (log scale)" if p.get("log") else ""
            shown = f"{_fmt(float(lo))} to {_fmt(float(hi))}{log}"
        else:
            shown = ""
        rows.append(f"| `{p['path']}` | {p.get('kind', '')} | {shown} |")
    return rows


def render_sweep_report(
    points: pd.DataFrame,
    meta: Mapping[str, Any],
    findings: Mapping[str, Any],
    figures: Sequence[str],
) -> str:
    """A one-page ``report.md``: what was swept, headline findings, figures and how to read them.

    Figures are embedded by their file name (relative to the report), in the order of
    :data:`FIGURES`; unknown names are listed at the end without a note.
    """
    name = meta.get("scenario", "sweep")
    lines = [f"# Sweep: {name}", ""]
    digest = str(meta.get("scenario_hash") or "")
    samples = f", {meta['samples']} samples" if meta.get("samples") else ""
    shape = meta.get("grid_shape")
    grid = f" ({' × '.join(map(str, shape))} grid)" if shape else ""
    lines.append(
        f"{len(points)} designs{grid}, `{meta.get('kind', 'guarantee')}` sweep, sampler "
        f"`{meta.get('sampler', '?')}`{samples}, root seed {meta.get('seed', '?')}, scenario "
        f"hash `{digest[:16]}`."
    )
    lines += ["", "## What was swept", "", *_swept_rows(meta)]
    uncertain = meta.get("uncertain") or []
    if len(uncertain) > UNCERTAIN_LISTED:
        names = ", ".join(short_name(u["path"]) for u in uncertain)
        lines += [
            "",
            f"Robustness: {len(uncertain)} uncertain constants drawn over their plausible "
            f"ranges at every design (ranges in `scenario.yaml`): {names}.",
        ]
    elif uncertain:
        lines += ["", "Uncertain constants, drawn at every design (robustness):", ""]
        for u in uncertain:
            lo, hi = u["range"]
            lines.append(f"- `{u['path']}`: {_fmt(float(lo))} to {_fmt(float(hi))}")
    lines += ["", "## Headline findings", ""]
    lines += _finding_lines(findings)
    shown = [f for f in FIGURES if f in figures] + [f for f in figures if f not in FIGURES]
    if shown:
        lines += ["", "## Figures"]
        for file in shown:
            title, note = FIGURES.get(file, (file, ""))
            lines += ["", f"### {title}", "", f"![{title}]({file})"]
            if note:
                lines += ["", f"*How to read.* {note}"]
    return "\n".join(lines) + "\n"


def _finding_lines(findings: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    if findings.get("share_deterred") is not None:
        lines.append(
            f"- Of {findings['points']} designs, {_pct(findings['share_deterred'])} deter "
            f"Russia, {_pct(findings.get('share_acceptable'))} are acceptable to Moscow, and "
            f"{_pct(findings.get('share_viable'))} are viable (both)."
        )
        best = findings.get("cheapest_viable")
        if best:
            params = ", ".join(
                f"{short_name(k)} = {_fmt(v)}" for k, v in best["parameters"].items()
            )
            lines.append(
                "- Cheapest viable design for the guarantors (fewest troops, then aircraft, then "
                f"their highest expected payoff; point {best['point']}): {params}; deterrence "
                f"margin {_fmt(best['deterrence_margin'])}, acceptance margin "
                f"{_fmt(best['acceptance_margin'])}."
            )
        elif findings.get("share_viable") == 0.0:
            lines.append("- **No swept design is viable**: none both deters and is accepted.")
    for output, top in (findings.get("sobol_top") or {}).items():
        if top:
            text = ", ".join(
                f"{short_name(t['parameter'])} (S_T {t['ST']:.2f}, S_1 {t['S1']:.2f})" for t in top
            )
            lines.append(f"- Largest total Sobol indices of {short_name(output)}: {text}.")
    effects = findings.get("effects") or {}
    if effects:
        lines.append("- Effect on the deterrence margin (sign of Spearman's rank correlation):")
        for path, effect in effects.items():
            detail = ""
            if effect.get("spearman") is not None:
                detail = f" (ρ = {effect['spearman']:+.2f})"
            flag = "**" if effect["direction"].startswith("flat") else ""
            lines.append(f"  - `{path}`: {flag}{effect['direction']}{flag}{detail}")
    robust = findings.get("robustness")
    if robust:
        lines.append(
            f"- Over the uncertain constants, designs are viable in "
            f"{_pct(robust['mean_p_viable_robust'])} of draws on average; "
            f"{_pct(robust['share_designs_viable_in_90pct_of_draws'])} of designs are viable "
            "in at least 90 % of draws."
        )
    invasion = findings.get("invasion_within_horizon")
    if invasion:
        lines.append(
            f"- Probability of invasion within the horizon: {_pct(invasion['min'])} to "
            f"{_pct(invasion['max'])} across designs (mean {_pct(invasion['mean'])})."
        )
    shares = findings.get("outcome_shares")
    if shares:
        text = ", ".join(f"{k.replace('_', ' ')} {_pct(v)}" for k, v in shares.items())
        lines.append(f"- Mean outcome probabilities over the sweep: {text}.")
    return lines or ["- (no findings)"]
