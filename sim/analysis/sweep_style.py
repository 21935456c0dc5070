"""The look of every sweep figure, written once: colours, labels, number formats, legends.

Russia's actions (:data:`ACTION_COLOURS`), the outcomes (:data:`OUTCOME_COLOURS`, Okabe & Ito
2008) and the four regions of the viable set (:data:`REGION_COLOURS`, Tol 2021) have one colour
each in every figure, safe for colour-blind readers; parameters are labelled from the schema
(their name and unit, :func:`readable`).

References
----------
Okabe, M. & Ito, K. (2008). *Color Universal Design*. https://jfly.uni-koeln.de/color/
Tol, P. (2021). *Colour schemes*. SRON technical note SRON/EPS/TN/09-002.

Examples
--------
>>> readable("guarantee.troops_on_ground")
'troops on ground (thousand personnel)'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import ScaledTranslation

from sim.guarantee.names import OUTCOMES
from sim.scenario.fields import field_at, field_extra
from sim.scenario.schema import Scenario

ACTION_COLOURS: dict[str, str] = {"hold": "#0072B2", "probe": "#E69F00", "invade": "#882255"}
"""Russia's action → colour (blue, amber, wine: apart in hue and in lightness)."""

ACTION_LABELS: dict[str, str] = {
    "hold": "hold (deterred)",
    "probe": "probe (salami tactics)",
    "invade": "invade",
}
"""Legend text of Russia's actions."""

OUTCOME_COLOURS: dict[str, str] = dict(
    zip(
        OUTCOMES,
        (
            "#0072B2",  # deterred: the colour of "hold"
            "#E69F00",  # probe_unanswered
            "#56B4E9",  # probe_punished
            "#882255",  # invasion_unopposed: the colour of "invade"
            "#CC79A7",  # invasion_supported
            "#009E73",  # russian_retreat
            "#D55E00",  # direct_war
            "#000000",  # catastrophe
        ),
        strict=True,
    )
)
"""Outcome → colour, the same in every figure."""

REGIONS: tuple[str, ...] = (
    "viable (deters, accepted)",
    "deters but rejected (too strong for Moscow)",
    "accepted but does not deter (diluted)",
    "neither",
)
"""The four regions of the viable set, named for the dilution paradox."""

REGION_COLOURS: tuple[str, ...] = ("#117733", "#88CCEE", "#DDCC77", "#DDDDDD")
"""Colours of :data:`REGIONS` (Tol's muted scheme: green, cyan, sand, pale grey)."""

OUTLINE_COLOUR = "black"
OUTLINE_WIDTH = 2.0
"""Colour and width of the viable region's outline."""

MAX_SCATTER = 20_000
"""At most this many points are drawn in a scatter (an even, seeded subsample beyond)."""

_PREFIXES = ("guarantee.", "payoffs.", "game.parameters.", "actors.")


def readable(path: str) -> str:
    """A column or dotted parameter path as text for an axis.

    The section prefix goes, underscores become spaces, and the schema's unit is appended
    when it has one.

    Examples
    --------
    >>> readable("guarantee.troops_on_ground")
    'troops on ground (thousand personnel)'
    >>> readable("guarantee.coalition.size")
    'coalition size (states)'
    >>> readable("game.parameters.p")
    'p'
    """
    name = path
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    text = category_text(name.replace(".", " "))
    unit = _unit(path)
    if not unit or unit == "count" or text.endswith(f" {unit}"):
        return text
    return f"{text} ({unit})"


def short_name(path: str) -> str:
    """:func:`readable` without the unit (for titles and legends).

    >>> short_name("guarantee.us_backstop")
    'US backstop'
    """
    name = path
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return category_text(name.replace(".", " "))


_ACRONYMS = {
    "us": "US",
    "isr": "ISR",
    "wds": "WDS",
    "eu": "EU",
    "nato": "NATO",
    "ukraine": "Ukraine",
    "russia": "Russia",
    "european": "European",
}


def category_text(value: object) -> str:
    """A category or name as text: underscores to spaces, acronyms in capitals.

    >>> category_text("isr_logistics")
    'ISR logistics'
    """
    words = str(value).replace("_", " ").split(" ")
    text = " ".join(_ACRONYMS.get(w, w) for w in words)
    return text.replace("united states", "United States")


def _unit(path: str) -> str:
    if "." not in path:
        return ""
    try:
        info = field_at(Scenario, tuple(path.split(".")))
    except (TypeError, ValueError, KeyError):  # pragma: no cover - defensive
        return ""
    return field_extra(info, "unit")


def number_text(value: float) -> str:
    """A number for a label: whole numbers in full, others to three significant digits.

    >>> number_text(1000.0), number_text(0.675), number_text(7.5), number_text(-0.025)
    ('1000', '0.675', '7.5', '-0.025')
    """
    v = float(value)
    if not np.isfinite(v):
        return str(v)
    if v == int(v) and abs(v) < 1e7:
        return str(int(v))
    if 1e-3 <= abs(v) < 1e4:
        return f"{v:.3g}"
    return f"{v:.3g}" if abs(v) < 1e-3 else f"{v:,.0f}"


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (7.0, 4.4)) -> Axes:
    """``ax``, or the axes of a new constrained-layout figure (not pyplot)."""
    if ax is not None:
        return ax
    return Figure(figsize=figsize, layout="constrained").add_subplot()


def is_categorical(series: pd.Series) -> bool:
    """Whether a column is drawn as categories (strings, booleans, pandas categories)."""
    return not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)


def require_columns(points: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise ``ValueError`` naming the columns ``what`` needs that the table lacks."""
    missing = [c for c in columns if c not in points.columns]
    if missing:
        raise ValueError(
            f"{what} needs the column(s) {', '.join(missing)}, which this points table lacks; "
            f"its columns are: {', '.join(map(str, points.columns[:30]))}"
        )


def outside_legend(ax: Axes, handles: Sequence[Artist] | None = None, **kwargs: Any) -> None:
    """A legend to the right of the data, without a frame."""
    options: dict[str, Any] = {
        "loc": "upper left",
        "bbox_to_anchor": (1.02, 1.0),
        "fontsize": "small",
        "frameon": False,
        "borderaxespad": 0.0,
    }
    options.update(kwargs)
    if handles is None:
        ax.legend(**options)
    else:
        ax.legend(handles=list(handles), **options)


def below_legend(
    ax: Axes, handles: Sequence[Artist] | None = None, *, ncols: int = 2, **kwargs: Any
) -> None:
    """A legend under the axes, clear of the tick labels and the x-axis label."""
    figure = ax.get_figure()
    assert figure is not None
    anchor = ax.transAxes + ScaledTranslation(0.0, -34 / 72, figure.dpi_scale_trans)
    options: dict[str, Any] = {
        "loc": "upper center",
        "bbox_to_anchor": (0.5, 0.0),
        "bbox_transform": anchor,
        "ncols": ncols,
        "fontsize": "small",
        "frameon": False,
    }
    options.update(kwargs)
    if handles is None:
        ax.legend(**options)
    else:
        ax.legend(handles=list(handles), **options)


def marker_size(n: int) -> float:
    """Scatter marker area (points²) for ``n`` drawn points: smaller when they are many."""
    return 14.0 if n <= 2_000 else 5.0 if n <= 8_000 else 2.0


def scatter_rows(n: int, limit: int = MAX_SCATTER) -> np.ndarray:
    """Indices of at most ``limit`` of ``n`` rows: all, or an even seeded subsample."""
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(0).choice(n, size=limit, replace=False))
