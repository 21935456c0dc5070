"""Figures of a parameter sweep, drawn from its points table (one row per design point).

Every ``plot_*`` function takes the points table (``points.parquet`` of ``deter sweep`` read as a
pandas DataFrame), the columns to draw, and an optional ``Axes``, and returns the ``Axes``.
Colours, labels and legends are the same in every figure (:mod:`sim.analysis.sweep_style`).

Two-parameter figures draw *cells* when the points form a grid over the two parameters (each
cell then shows the rows at that pair of values; when other parameters are swept too, the cell
shows their most common category or their mean, and the title says so) and a scatter otherwise
(Latin hypercube, Sobol and random samplers).

Examples
--------
>>> import pandas as pd
>>> pts = pd.DataFrame({"guarantee.automaticity": [0.0, 1.0, 0.0, 1.0],
...                     "guarantee.troops_on_ground": [0.0, 0.0, 30.0, 30.0],
...                     "russia_action": ["invade", "hold", "probe", "hold"],
...                     "viable": [False, True, False, False]})
>>> ax = plot_deterrence_map(pts, "guarantee.automaticity", "guarantee.troops_on_ground")
>>> ax.get_xlabel()
'automaticity (probability)'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.analysis.sweep_style import (
    ACTION_COLOURS,
    ACTION_LABELS,
    OUTCOME_COLOURS,
    OUTLINE_COLOUR,
    OUTLINE_WIDTH,
    REGION_COLOURS,
    REGIONS,
    below_legend,
    category_text,
    is_categorical,
    marker_size,
    new_axes,
    outside_legend,
    readable,
    require_columns,
    scatter_rows,
    short_name,
)
from sim.guarantee.levers import LEVERS
from sim.guarantee.names import RUSSIA_ACTIONS


@dataclass(frozen=True)
class AxisLevels:
    """How one column is laid out along an axis.

    Attributes
    ----------
    column
        The column.
    categorical
        True: categories at 0, 1, …, in order of first appearance.
    levels
        The distinct values (sorted when numeric).
    codes
        Each row's index into ``levels``.
    """

    column: str
    categorical: bool
    levels: np.ndarray
    codes: np.ndarray

    @classmethod
    def of(cls, points: pd.DataFrame, column: str) -> AxisLevels:
        series = points[column]
        if is_categorical(series):
            codes, uniques = pd.factorize(series.astype(str), sort=False)
            return cls(column, True, np.asarray(uniques, dtype=object), codes)
        values = series.to_numpy(dtype=float)
        levels, codes = np.unique(values, return_inverse=True)
        return cls(column, False, levels, codes.reshape(-1))

    @property
    def positions(self) -> np.ndarray:
        """The position of each level on the axis."""
        if self.categorical:
            return np.arange(len(self.levels), dtype=float)
        return self.levels.astype(float)

    @property
    def edges(self) -> np.ndarray:
        """Cell edges halfway between the levels (a half step beyond the ends)."""
        pos = self.positions
        if len(pos) == 1:
            half = 0.5 if self.categorical or pos[0] == 0 else abs(pos[0]) * 0.05
            return np.array([pos[0] - half, pos[0] + half])
        mid = (pos[1:] + pos[:-1]) / 2
        return np.concatenate([[pos[0] - (mid[0] - pos[0])], mid, [pos[-1] + (pos[-1] - mid[-1])]])

    def row_positions(self) -> np.ndarray:
        """Each row's position on the axis."""
        return self.positions[self.codes]

    def dress(self, ax: Axes, which: str) -> None:
        """Axis label, and category names as tick labels."""
        setter = ax.set_xlabel if which == "x" else ax.set_ylabel
        setter(readable(self.column))
        if self.categorical:
            ticks = self.positions
            labels = [category_text(v) for v in self.levels]
            if which == "x":
                ax.set_xticks(ticks, labels, rotation=20 if len(labels) > 3 else 0)
            else:
                ax.set_yticks(ticks, labels)


@dataclass(frozen=True)
class Layout:
    """Two columns laid out as a grid of cells, or as a scatter."""

    x: AxisLevels
    y: AxisLevels
    grid: bool
    per_cell: int

    @classmethod
    def of(cls, points: pd.DataFrame, x: str, y: str) -> Layout:
        if x == y:
            raise ValueError(f"x and y are the same column ({x}); choose two swept parameters")
        ax_, ay_ = AxisLevels.of(points, x), AxisLevels.of(points, y)
        nx, ny = len(ax_.levels), len(ay_.levels)
        cells = np.unique(ay_.codes * nx + ax_.codes).size
        grid = cells == nx * ny and nx * ny <= 250_000
        return cls(ax_, ay_, bool(grid), max(1, len(points) // max(1, cells)))

    @property
    def cell(self) -> np.ndarray:
        return self.y.codes * len(self.x.levels) + self.x.codes

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.y.levels), len(self.x.levels)

    def modal(self, codes: np.ndarray, k: int) -> np.ndarray:
        """The most common code in each cell (ties → the higher code), shaped (ny, nx)."""
        ny, nx = self.shape
        counts = np.bincount(self.cell * k + codes, minlength=ny * nx * k).reshape(ny * nx, k)
        best = k - 1 - np.argmax(counts[:, ::-1], axis=1)
        return best.reshape(ny, nx)

    def mean(self, values: np.ndarray) -> np.ndarray:
        """The mean of ``values`` in each cell (NaN ignored), shaped (ny, nx)."""
        ny, nx = self.shape
        ok = ~np.isnan(values)
        total = np.bincount(self.cell[ok], weights=values[ok], minlength=ny * nx)
        count = np.bincount(self.cell[ok], minlength=ny * nx)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (total / count).reshape(ny, nx)

    def dress(self, ax: Axes) -> None:
        self.x.dress(ax, "x")
        self.y.dress(ax, "y")
        if self.grid:
            ax.set_xlim(self.x.edges[0], self.x.edges[-1])
            ax.set_ylim(self.y.edges[0], self.y.edges[-1])

    def note(self) -> str:
        """Title suffix saying how cells summarise other swept parameters."""
        if self.grid and self.per_cell > 1:
            return f"\n(each cell: {self.per_cell} designs over the other swept parameters)"
        return ""


def draw_categories(
    ax: Axes,
    layout: Layout,
    codes: np.ndarray,
    colours: Sequence[str],
    labels: Sequence[str],
) -> None:
    """Cells (grid) or points (scatter) coloured by a category code per row."""
    k = len(colours)
    if layout.grid:
        z = layout.modal(codes, k).astype(float)
        cmap = ListedColormap(list(colours))
        norm = BoundaryNorm(np.arange(-0.5, k), k)
        ax.pcolormesh(layout.x.edges, layout.y.edges, z, cmap=cmap, norm=norm, shading="flat")
        return
    rows = scatter_rows(len(codes))
    xs, ys = _jittered(layout.x, rows), _jittered(layout.y, rows)
    for code, (colour, label) in enumerate(zip(colours, labels, strict=True)):
        sel = codes[rows] == code
        if sel.any():
            ax.scatter(
                xs[sel], ys[sel], s=marker_size(rows.size), color=colour, label=label,
                linewidths=0,
            )  # fmt: skip


def _jittered(axis: AxisLevels, rows: np.ndarray) -> np.ndarray:
    pos = axis.row_positions()[rows]
    if axis.categorical:  # a fixed spread per row (golden-ratio sequence), the same in every call
        pos = pos + 0.6 * ((rows * 0.6180339887498949) % 1.0 - 0.5)
    return pos


def draw_outline(ax: Axes, layout: Layout, inside: np.ndarray, label: str) -> LineCollection:
    """The boundary of the cells where ``inside`` (shape (ny, nx)) holds, as one collection."""
    xe, ye = layout.x.edges, layout.y.edges
    padded = np.pad(inside.astype(bool), 1)
    segments: list[list[tuple[float, float]]] = []
    vertical = padded[1:-1, 1:] != padded[1:-1, :-1]  # (ny, nx+1): edge left of column j
    for i, j in zip(*np.nonzero(vertical), strict=True):
        segments.append([(xe[j], ye[i]), (xe[j], ye[i + 1])])
    horizontal = padded[1:, 1:-1] != padded[:-1, 1:-1]  # (ny+1, nx): edge below row i
    for i, j in zip(*np.nonzero(horizontal), strict=True):
        segments.append([(xe[j], ye[i]), (xe[j + 1], ye[i])])
    lines = LineCollection(
        segments,
        label=label,
        capstyle="projecting",
        colors=OUTLINE_COLOUR,
        linewidths=OUTLINE_WIDTH,
    )
    ax.add_collection(lines)
    return lines


def draw_values(
    ax: Axes,
    layout: Layout,
    values: np.ndarray,
    *,
    label: str,
    cmap: str = "cividis",
    vmin: float | None = 0.0,
    vmax: float | None = 1.0,
    outlines: Sequence[float] = (),
) -> None:
    """Cells or points coloured by a number per row, with a colour bar.

    On a grid, the cells at or above each level of ``outlines`` (at most two) are outlined:
    solid for the last level, dotted for the first of two.
    """
    mesh: ScalarMappable
    if layout.grid:
        z = layout.mean(values.astype(float))
        mesh = ax.pcolormesh(
            layout.x.edges, layout.y.edges, z, cmap=cmap, vmin=vmin, vmax=vmax, shading="flat"
        )
        drawn = []
        for k, level in enumerate(outlines[:2]):
            inside = z >= level
            if inside.any() and not inside.all():
                text = f"{level:.0%}" if vmax == 1.0 else f"{level:g}"
                outline = draw_outline(ax, layout, inside, f"at or above {text}")
                dotted = k == 0 and len(outlines) > 1
                outline.set_linestyle(":" if dotted else "-")
                outline.set_linewidth(1.6 if dotted else OUTLINE_WIDTH)
                drawn.append(outline)
        if drawn:
            below_legend(ax, drawn, title="outlined cells", title_fontsize="small")
    else:
        rows = scatter_rows(len(values))
        mesh = ax.scatter(
            _jittered(layout.x, rows),
            _jittered(layout.y, rows),
            c=values[rows],
            s=marker_size(rows.size),
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
            linewidths=0,
        )
    figure = ax.get_figure()
    assert figure is not None
    figure.colorbar(mesh, ax=ax, label=label, shrink=0.9)


def _actions(points: pd.DataFrame) -> np.ndarray:
    codes = points["russia_action"].map({a: i for i, a in enumerate(RUSSIA_ACTIONS)})
    if codes.isna().any():
        bad = sorted(set(points["russia_action"][codes.isna()].astype(str)))
        raise ValueError(f"unknown russia_action value(s) {bad}; expected {list(RUSSIA_ACTIONS)}")
    return codes.to_numpy(dtype=int)


def plot_deterrence_map(points: pd.DataFrame, x: str, y: str, *, ax: Axes | None = None) -> Axes:
    """Russia's best action over two swept parameters, the viable region outlined.

    Each cell (grid sweeps) or point (sampled sweeps) is coloured by Russia's action in the
    subgame-perfect equilibrium: hold (deterred), probe or invade. On a grid the cells where
    the design is *viable* (it deters and Russia accepts the ceasefire) are outlined in black;
    in a scatter, viable points are ringed. Where other parameters are swept too, a cell shows
    the most common action over them (ties → the more escalatory) and is outlined when at
    least half of its designs are viable.

    Parameters
    ----------
    points
        The points table; needs ``x``, ``y``, ``russia_action`` and ``viable``.
    x, y
        The two swept parameters (dotted paths), numeric or categorical.
    """
    require_columns(points, [x, y, "russia_action", "viable"], "the deterrence map")
    ax = new_axes(ax)
    layout = Layout.of(points, x, y)
    codes = _actions(points)
    labels = [ACTION_LABELS[a] for a in RUSSIA_ACTIONS]
    colours = [ACTION_COLOURS[a] for a in RUSSIA_ACTIONS]
    draw_categories(ax, layout, codes, colours, labels)
    viable = points["viable"].to_numpy(dtype=bool)
    handles: list[Artist] = [
        Patch(facecolor=c, label=lab) for c, lab in zip(colours, labels, strict=True)
    ]
    if layout.grid:
        if viable.any():
            inside = layout.mean(viable.astype(float)) >= 0.5
            draw_outline(ax, layout, inside, "viable region (deters, accepted)")
            handles.append(
                Line2D(
                    [],
                    [],
                    label="viable region (deters, accepted)",
                    color=OUTLINE_COLOUR,
                    linewidth=OUTLINE_WIDTH,
                )
            )
    else:
        rows = scatter_rows(len(points))
        sel = rows[viable[rows]]
        if sel.size:
            ax.scatter(
                _jittered(layout.x, sel),
                _jittered(layout.y, sel),
                s=40,
                facecolors="none",
                edgecolors="black",
                linewidths=0.8,
                label="viable (deters, accepted)",
            )
            handles.append(
                Line2D(
                    [], [], marker="o", linestyle="", markerfacecolor="none",
                    markeredgecolor="black", label="viable (deters, accepted)",
                )
            )  # fmt: skip
    layout.dress(ax)
    ax.set_title(
        f"Russia's best reply by {short_name(x)} and {short_name(y)}" + layout.note(),
        fontsize="medium",
    )
    outside_legend(ax, handles, title="Russia's action")
    return ax


def region_codes(points: pd.DataFrame) -> np.ndarray:
    """Each row's region of the viable set: an index into :data:`REGIONS`.

    >>> import pandas as pd
    >>> region_codes(pd.DataFrame({"deterred": [True, True, False, False],
    ...                            "acceptable": [True, False, True, False]})).tolist()
    [0, 1, 2, 3]
    """
    deterred = points["deterred"].to_numpy(dtype=bool)
    acceptable = points["acceptable"].to_numpy(dtype=bool)
    return np.where(deterred, np.where(acceptable, 0, 1), np.where(acceptable, 2, 3))


def plot_viable_set(points: pd.DataFrame, x: str, y: str, *, ax: Axes | None = None) -> Axes:
    """The viable set (deters ∧ accepted) and the dilution paradox, over two parameters.

    A design must be strong enough that Russia holds (deterrence) yet weak enough that Russia
    accepts the ceasefire that comes with it (acceptability). Each design falls in one of four
    regions (:data:`REGIONS`): viable; deters but rejected (too strong for Moscow); accepted
    but does not deter (diluted until it is empty); neither.

    Parameters
    ----------
    points
        The points table; needs ``x``, ``y``, ``deterred`` and ``acceptable``.
    x, y
        The two swept parameters.
    """
    require_columns(points, [x, y, "deterred", "acceptable"], "the viable-set map")
    ax = new_axes(ax)
    layout = Layout.of(points, x, y)
    codes = region_codes(points)
    draw_categories(ax, layout, codes, REGION_COLOURS, REGIONS)
    if layout.grid and (codes == 0).any():
        inside = layout.modal(codes, len(REGIONS)) == 0
        draw_outline(ax, layout, inside, "viable region")
    handles = [Patch(facecolor=c, label=r) for c, r in zip(REGION_COLOURS, REGIONS, strict=True)]
    layout.dress(ax)
    share = float((codes == 0).mean())
    ax.set_title(
        f"Viable set by {short_name(x)} and {short_name(y)}: {share:.0%} of designs viable"
        + layout.note(),
        fontsize="medium",
    )
    outside_legend(ax, handles, title="design")
    return ax


def lever_direction(path: str) -> int:
    """+1 when raising the parameter makes deterrence easier (the default), −1 when harder.

    >>> lever_direction("guarantee.response_delay_days")
    -1
    """
    for lever in LEVERS.values():
        if lever.path == path:
            return lever.direction
    return 1


def threshold_curve(
    points: pd.DataFrame,
    lever: str,
    against: str,
    *,
    direction: int | None = None,
    column: str = "deterred",
) -> pd.DataFrame:
    """The least value of a lever that deters Russia, for each value of a second parameter.

    For each value :math:`a` of ``against`` the threshold is

    .. math:: t(a) = \\min\\{\\ell : \\text{Russia is deterred at } (\\ell, a)\\},

    over the swept values :math:`\\ell` of ``lever`` (NaN where no swept value deters). For a
    lever that acts the other way (``direction = -1``, e.g. ``response_delay_days``) it is the
    *greatest* value that still deters. Where other parameters are swept too, a pair
    :math:`(\\ell, a)` counts as deterring only when every design at it deters (a conservative
    threshold). ``monotone`` says whether deterrence, once reached, holds for every value of
    the lever beyond the threshold (a threshold is only a clean summary where it does).

    Parameters
    ----------
    points
        The points table; needs ``lever``, ``against`` and ``deterred``.
    lever
        A numeric swept parameter.
    against
        The second swept parameter (numeric or categorical).
    direction
        +1 or −1; by default the lever's documented direction (:mod:`sim.guarantee.levers`),
        +1 for parameters that are not levers.
    column
        The boolean column that counts as deterrence: ``deterred`` (Russia holds: neither
        probes nor invades) or ``invasion_deterred`` (Russia does not invade).

    Returns
    -------
    pandas.DataFrame
        One row per value of ``against`` (in sweep order): columns ``against``,
        ``threshold``, ``monotone``, ``n_deterred`` (deterring lever values).

    Examples
    --------
    >>> import pandas as pd
    >>> pts = pd.DataFrame({"a": [0.0, 0.5, 1.0] * 2, "b": [0.0] * 3 + [1.0] * 3,
    ...                     "deterred": [False, True, True, True, True, True]})
    >>> threshold_curve(pts, "a", "b")["threshold"].tolist()
    [0.5, 0.0]
    """
    require_columns(points, [lever, against, column], "a threshold curve")
    if is_categorical(points[lever]):
        raise ValueError(f"the lever {lever} is categorical; a threshold needs a numeric lever")
    sign = lever_direction(lever) if direction is None else direction
    if sign not in (1, -1):
        raise ValueError(f"direction must be +1 or -1, not {direction}")
    table = pd.DataFrame(
        {
            "a": points[against].to_numpy(),
            "lever": points[lever].to_numpy(dtype=float),
            "deterred": points[column].to_numpy(dtype=bool),
        }
    )
    cells = table.groupby(["a", "lever"], sort=False)["deterred"].all().reset_index()
    order = (
        pd.unique(table["a"]) if is_categorical(points[against]) else np.sort(table["a"].unique())
    )
    rows = []
    for value in order:
        cell = cells[cells["a"] == value].sort_values("lever", ascending=sign > 0)
        deterred = cell["deterred"].to_numpy(dtype=bool)
        levels = cell["lever"].to_numpy(dtype=float)
        if deterred.any():
            first = int(np.argmax(deterred))
            threshold = float(levels[first])
            monotone = bool(deterred[first:].all())
        else:
            threshold, monotone = float("nan"), True
        rows.append((value, threshold, monotone, int(deterred.sum())))
    return pd.DataFrame(rows, columns=[against, "threshold", "monotone", "n_deterred"])


THRESHOLD_COLUMNS: dict[str, tuple[str, str, str]] = {
    "deterred": (
        "deters Russia (no probe, no invasion)",
        "Russia deterred",
        ACTION_COLOURS["hold"],
    ),
    "invasion_deterred": (
        "deters an invasion (probes may go on)",
        "invasion deterred",
        ACTION_COLOURS["probe"],
    ),
}
"""Deterrence columns a threshold curve can follow: curve text, region text and colour."""


def plot_threshold_curves(
    points: pd.DataFrame,
    lever: str,
    against: str,
    *,
    columns: Sequence[str] = ("deterred",),
    ax: Axes | None = None,
) -> Axes:
    """The threshold of a lever (:func:`threshold_curve`) against a second parameter.

    One line per deterrence column (``deterred``: Russia holds; ``invasion_deterred``: Russia
    does not invade): the least value of ``lever`` that deters (the greatest, for a lever that
    acts the other way). The side of the first line where Russia is deterred is shaded.
    Crosses mark values of ``against`` where deterrence is not monotone in the lever,
    triangles at the edge those where no swept value deters.
    """
    ax = new_axes(ax)
    categorical = is_categorical(points[against])
    lever_values = points[lever].to_numpy(dtype=float)
    lo, hi = float(np.nanmin(lever_values)), float(np.nanmax(lever_values))
    sign = lever_direction(lever)
    word = "least" if sign > 0 else "greatest"
    shaded = False
    nowhere = []
    for column in columns:
        curve = threshold_curve(points, lever, against, column=column)
        xs = np.arange(len(curve), dtype=float) if categorical else curve[against].to_numpy(float)
        ys = curve["threshold"].to_numpy(dtype=float)
        what, region, colour = THRESHOLD_COLUMNS.get(
            column, (short_name(column), short_name(column), "#332288")
        )
        none = np.isnan(ys)
        if none.all():
            nowhere.append(what)
            continue
        ax.plot(
            xs, ys, "o" if categorical else "o-", color=colour, markersize=5,
            label=f"{word} {short_name(lever)} that {what}",
        )  # fmt: skip
        if not categorical and not shaded:
            ax.fill_between(
                xs, ys, hi if sign > 0 else lo, where=~none, color=colour, alpha=0.12,
                linewidth=0, label=region,
            )  # fmt: skip
            shaded = True
        bad = ~curve["monotone"].to_numpy(dtype=bool)
        if bad.any():
            ax.plot(
                xs[bad], ys[bad], "x", color="black", markersize=9, linestyle="",
                label="not monotone in the lever here",
            )  # fmt: skip
        if none.any():
            ax.plot(
                xs[none], np.full(none.sum(), hi if sign > 0 else lo),
                "^" if sign > 0 else "v", color=colour, markeredgecolor="black",
                linestyle="", markersize=8, clip_on=False,
                label=f"no swept {short_name(lever)} {what.split(' (')[0]}",
            )  # fmt: skip
    if nowhere:
        ax.text(
            0.5, 0.5,
            "\n".join(f"No swept {short_name(lever)} {w}\nat any {short_name(against)}"
                      for w in nowhere),
            transform=ax.transAxes, ha="center", va="center", fontsize="medium",
            color=ACTION_COLOURS["invade"],
        )  # fmt: skip
    pad = 0.04 * (hi - lo if hi > lo else 1.0)
    ax.set_ylim(lo - pad, hi + pad)
    ax.set_ylabel(readable(lever))
    ax.set_xlabel(readable(against))
    if categorical:
        levels = threshold_curve(points, lever, against, column=columns[0])[against]
        ax.set_xticks(np.arange(len(levels)), [category_text(v) for v in levels])
    ax.set_title(
        f"{word.capitalize()} {short_name(lever)} that deters Russia, by {short_name(against)}",
        fontsize="medium",
    )
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        below_legend(ax, ncols=1)
    return ax


def plot_robustness_map(
    points: pd.DataFrame,
    x: str,
    y: str,
    *,
    column: str = "p_viable_robust",
    ax: Axes | None = None,
) -> Axes:
    """Robustness over deep uncertainty: the share of uncertain draws under which a design works.

    A sweep with ``uncertain:`` constants solves every design under many draws of those
    constants; ``p_viable_robust`` is the share of draws under which the design deters *and* is
    accepted (``p_deterred_robust``, ``p_acceptable_robust``: each alone). A design robust in
    the sense of Lempert, Popper & Bankes (2003) keeps a high share; white lines mark 50 % and
    90 % on a grid.

    References
    ----------
    Lempert, R. J., Popper, S. W. & Bankes, S. C. (2003). *Shaping the Next One Hundred Years*.
    RAND MR-1626.
    """
    if column not in points.columns:
        raise ValueError(
            f"the robustness map needs the column {column}, written only by sweeps with "
            "`uncertain:` payoff constants (robustness over deep uncertainty); add an "
            "`uncertain:` block to the sweep, or draw the deterrence map (--kind map) instead"
        )
    require_columns(points, [x, y], "the robustness map")
    ax = new_axes(ax)
    layout = Layout.of(points, x, y)
    what = {
        "p_viable_robust": "deters and is accepted",
        "p_deterred_robust": "deters",
        "p_acceptable_robust": "is accepted",
    }.get(column, column)
    draw_values(
        ax,
        layout,
        points[column].to_numpy(dtype=float),
        label="share of uncertain draws",
        outlines=(0.5, 0.9),
    )
    layout.dress(ax)
    ax.set_title(
        f"Robustness: share of draws in which the design {what}" + layout.note(),
        fontsize="medium",
    )
    return ax


def plot_value_map(
    points: pd.DataFrame,
    x: str,
    y: str,
    column: str,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    label: str | None = None,
) -> Axes:
    """Any probability column (e.g. ``p_invasion_within_horizon``) over two parameters."""
    require_columns(points, [x, y, column], "a value map")
    ax = new_axes(ax)
    layout = Layout.of(points, x, y)
    draw_values(
        ax,
        layout,
        points[column].to_numpy(dtype=float),
        label=label or short_name(column),
        cmap="viridis",
        outlines=(0.5,),
    )
    layout.dress(ax)
    ax.set_title((title or short_name(column)) + layout.note(), fontsize="medium")
    return ax


def plot_margins(points: pd.DataFrame, x: str, *, ax: Axes | None = None) -> Axes:
    """Deterrence and acceptance margins against one swept parameter.

    The deterrence margin is Russia's value of holding minus its best alternative (probe or
    invade): at or above zero Russia is deterred. The acceptance margin is at or above zero
    where Russia accepts the ceasefire under the design. Where both are, the design is viable
    (shaded). Other swept parameters are averaged out (mean per value of ``x``).
    """
    require_columns(points, [x, "deterrence_margin", "acceptance_margin"], "the margins plot")
    ax = new_axes(ax)
    categorical = is_categorical(points[x])
    table = points[[x, "deterrence_margin", "acceptance_margin"]].copy()
    table["viable"] = points["viable"].astype(float) if "viable" in points else np.nan
    grouped = table.groupby(x, sort=not categorical)[
        ["deterrence_margin", "acceptance_margin", "viable"]
    ].mean()
    xs = np.arange(len(grouped), dtype=float) if categorical else grouped.index.to_numpy(float)
    style = "o" if categorical else "-"
    ax.plot(
        xs, grouped["deterrence_margin"], style, color=ACTION_COLOURS["hold"],
        label="deterrence margin (≥ 0: Russia holds)", marker="o", markersize=3,
    )  # fmt: skip
    ax.plot(
        xs, grouped["acceptance_margin"], style, color=REGION_COLOURS[2], label=(
            "acceptance margin (≥ 0: Russia accepts)"
        ), marker="s", markersize=3,
    )  # fmt: skip
    ax.axhline(0.0, color="grey", linewidth=0.8, linestyle="--")
    viable = grouped["viable"].to_numpy(dtype=float) >= 0.5
    if viable.any():
        ax.fill_between(
            xs, 0, 1, where=viable, transform=ax.get_xaxis_transform(),
            color=REGION_COLOURS[0], alpha=0.15, linewidth=0, label="viable",
            step="mid" if categorical else None,
        )  # fmt: skip
    ax.set_xlabel(readable(x))
    ax.set_ylabel("margin (Russia's payoff units)")
    if categorical:
        ax.set_xticks(xs, [category_text(v) for v in grouped.index])
    ax.set_title(f"Deterrence and acceptance margins by {short_name(x)}", fontsize="medium")
    ax.grid(alpha=0.3)
    outside_legend(ax)
    return ax


def plot_outcome_shares(
    points: pd.DataFrame, x: str, outcomes: Sequence[str] | None = None, *, ax: Axes | None = None
) -> Axes:
    """The probability of each outcome (``p_<outcome>`` columns) against one parameter, stacked.

    ``outcomes`` are column names without the ``p_`` prefix; by default every ``p_`` column
    that is not a robustness share. Other swept parameters are averaged out.
    """
    names = list(outcomes) if outcomes is not None else outcome_columns(points)
    require_columns(points, [x, *(f"p_{o}" for o in names)], "the outcome plot")
    if not names:
        raise ValueError("the points table has no p_<outcome> columns to plot")
    ax = new_axes(ax)
    categorical = is_categorical(points[x])
    grouped = points.groupby(x, sort=not categorical)[[f"p_{o}" for o in names]].mean()
    xs = np.arange(len(grouped), dtype=float) if categorical else grouped.index.to_numpy(float)
    palette = _outcome_palette(names)
    if categorical:
        bottom = np.zeros(len(xs))
        for name, colour in zip(names, palette, strict=True):
            vals = grouped[f"p_{name}"].to_numpy(dtype=float)
            ax.bar(xs, vals, bottom=bottom, color=colour, label=name.replace("_", " "))
            bottom += vals
        ax.set_xticks(xs, [category_text(v) for v in grouped.index])
    else:
        ax.stackplot(
            xs,
            grouped.to_numpy(dtype=float).T,
            colors=palette,
            labels=[n.replace("_", " ") for n in names],
        )
        ax.set_xlim(xs.min(), xs.max())
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel(readable(x))
    ax.set_ylabel("probability")
    ax.set_title(f"Probability of each outcome by {short_name(x)}", fontsize="medium")
    outside_legend(ax, title="outcome")
    return ax


def outcome_columns(points: pd.DataFrame) -> list[str]:
    """Outcome names of the ``p_<outcome>`` columns (robustness shares and summaries excluded)."""
    skip = {"p_deterred_robust", "p_acceptable_robust", "p_viable_robust"}
    skip |= {"p_invasion_within_horizon", "p_direct_guarantor_war"}
    return [c[2:] for c in points.columns if c.startswith("p_") and c not in skip]


def _outcome_palette(names: Sequence[str]) -> list[str]:
    spare = ["#332288", "#44AA99", "#999933", "#AA4499", "#DDCC77", "#88CCEE", "#117733"]
    out, i = [], 0
    for name in names:
        if name in OUTCOME_COLOURS:
            out.append(OUTCOME_COLOURS[name])
        else:
            out.append(spare[i % len(spare)])
            i += 1
    return out


ROBUST_COLUMNS: dict[str, str] = {
    "p_deterred_robust": "deters",
    "p_acceptable_robust": "is accepted",
    "p_viable_robust": "deters and is accepted (viable)",
}
"""Robustness shares and what each counts."""


def plot_robustness_line(points: pd.DataFrame, x: str, *, ax: Axes | None = None) -> Axes:
    """Robustness shares (:data:`ROBUST_COLUMNS`) against one swept parameter.

    Each line is the share of uncertain draws under which the design deters, is accepted, or
    both, averaged over any other swept parameters.
    """
    columns = [c for c in ROBUST_COLUMNS if c in points.columns]
    if "p_viable_robust" not in columns:
        raise ValueError(
            "robustness needs p_viable_robust, written only by sweeps with `uncertain:` "
            "payoff constants; add an `uncertain:` block to the sweep"
        )
    require_columns(points, [x], "the robustness plot")
    ax = new_axes(ax)
    categorical = is_categorical(points[x])
    grouped = points.groupby(x, sort=not categorical)[columns].mean()
    xs = np.arange(len(grouped), dtype=float) if categorical else grouped.index.to_numpy(float)
    colours = {
        "p_deterred_robust": ACTION_COLOURS["hold"],
        "p_acceptable_robust": REGION_COLOURS[2],
        "p_viable_robust": REGION_COLOURS[0],
    }
    for column in columns:
        ax.plot(
            xs, grouped[column], "o" if categorical else "o-", markersize=3,
            color=colours[column], label=f"design {ROBUST_COLUMNS[column]}",
            linewidth=2.2 if column == "p_viable_robust" else 1.2,
        )  # fmt: skip
    if categorical:
        ax.set_xticks(xs, [category_text(v) for v in grouped.index])
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel(readable(x))
    ax.set_ylabel("share of uncertain draws")
    ax.set_title(f"Robustness over deep uncertainty by {short_name(x)}", fontsize="medium")
    ax.grid(alpha=0.3)
    outside_legend(ax)
    return ax
