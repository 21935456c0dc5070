"""Figures of the repeated game: time series with bands across replicates, survival curve.

Every plotting function takes a table and an optional ``Axes`` and returns the ``Axes``.
:func:`plot_dynamics_figures` reads the Parquet files written by
:func:`sim.experiments.replicates.run_dynamics` and saves the standard figures next to them.

Examples
--------
>>> import pandas as pd
>>> ts = pd.DataFrame({"replicate": [0, 0, 1, 1], "quarter": [1, 2, 1, 2],
...                    "belief_ec": [0.5, 0.4, 0.5, 0.3]})
>>> ax = plot_band(ts, "belief_ec")
>>> ax.get_xlabel()
'quarter'
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.model.escalation import ESCALATION_LABELS

BAND = (0.1, 0.9)
"""Quantiles of the shaded band across replicates."""

FIGURE_FILES = ("dynamics_timeseries.png", "dynamics_survival.png")


def _axes(ax: Axes | None, figsize: tuple[float, float] = (5.0, 3.2)) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=figsize).add_subplot()


def plot_band(
    timeseries: pd.DataFrame,
    column: str,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    color: str | None = None,
    band: tuple[float, float] = BAND,
) -> Axes:
    """Mean of ``column`` per quarter across replicates, with a quantile band.

    Parameters
    ----------
    timeseries
        Rows of (``quarter``, ``column``), one per replicate and quarter.
    column
        The variable to plot.
    band
        Lower and upper quantiles of the shaded band (default 10 %–90 %).
    """
    ax = _axes(ax)
    grouped = timeseries.groupby("quarter")[column]
    mean = grouped.mean()
    lo, hi = grouped.quantile(band[0]), grouped.quantile(band[1])
    (line,) = ax.plot(mean.index, mean.to_numpy(), label=label or column, color=color)
    ax.fill_between(mean.index, lo.to_numpy(), hi.to_numpy(), alpha=0.2, color=line.get_color())
    ax.set_xlabel("quarter")
    return ax


def plot_beliefs(timeseries: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Russia's belief in each guarantor's commitment (mean and band)."""
    ax = plot_band(timeseries, "belief_us", ax=ax, label="United States")
    plot_band(timeseries, "belief_ec", ax=ax, label="European coalition")
    ax.set_ylim(0.0, 1.0)
    ax.set_ylabel("Russia's belief in commitment")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_escalation(timeseries: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Share of replicates at each escalation rung per quarter (stacked)."""
    ax = _axes(ax)
    levels = np.arange(len(ESCALATION_LABELS))
    shares = pd.crosstab(
        timeseries["quarter"], timeseries["escalation"], normalize="index"
    ).reindex(columns=levels, fill_value=0.0)
    ax.stackplot(shares.index, shares.to_numpy().T, labels=ESCALATION_LABELS, alpha=0.8)
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("quarter")
    ax.set_ylabel("share of runs")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="x-small", frameon=False)
    return ax


def plot_strength(timeseries: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Ukraine's army (thousand personnel): mean and band."""
    ax = plot_band(timeseries, "ukraine_army", ax=ax, label="Ukraine's army")
    ax.set_ylabel("thousand personnel")
    return ax


def plot_coalition_size(timeseries: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Members still in the coalition: mean and band."""
    ax = plot_band(timeseries, "coalition_size", ax=ax, label="coalition members")
    ax.set_ylabel("members")
    ax.set_ylim(bottom=0)
    return ax


def survival_curve(runs: pd.DataFrame, quarters: int) -> pd.Series:
    """Share of runs with no invasion by the end of each quarter, :math:`S(t) = P(T > t)`.

    ``runs.first_invasion`` is the quarter of the first invasion (−1: none within the horizon;
    such runs are censored at the horizon, so :math:`S` is exact up to it).

    >>> survival_curve(pd.DataFrame({"first_invasion": [2, -1, 1, -1]}), 3).tolist()
    [1.0, 0.75, 0.5, 0.5]
    """
    first = runs["first_invasion"].to_numpy()
    first = np.where(first < 0, quarters + 1, first)
    t = np.arange(quarters + 1)
    surviving = (first[None, :] > t[:, None]).mean(axis=1)
    return pd.Series(surviving, index=pd.Index(t, name="quarter"))


def plot_survival(runs: pd.DataFrame, quarters: int, *, ax: Axes | None = None) -> Axes:
    """Survival curve of "no invasion yet" across replicates."""
    ax = _axes(ax)
    curve = survival_curve(runs, quarters)
    ax.step(curve.index, curve.to_numpy(), where="post")
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("quarter")
    ax.set_ylabel("share of runs without invasion")
    return ax


def plot_dynamics_figures(out_dir: str | Path) -> list[Path]:
    """Save the standard figures of a folder written by ``run_dynamics``.

    Writes ``dynamics_timeseries.png`` (beliefs, escalation, Ukraine's army, coalition size) and
    ``dynamics_survival.png`` into ``out_dir`` and returns their paths.
    """
    folder = Path(out_dir)
    columns = [
        "quarter",
        "escalation",
        "belief_us",
        "belief_ec",
        "ukraine_army",
        "coalition_size",
    ]
    timeseries = pq.read_table(folder / "timeseries.parquet", columns=columns).to_pandas()
    runs = pq.read_table(folder / "runs.parquet", columns=["first_invasion"]).to_pandas()
    quarters = int(timeseries["quarter"].max())

    fig = Figure(figsize=(10.0, 7.0), layout="constrained")
    axes = fig.subplots(2, 2)
    plot_beliefs(timeseries, ax=axes[0, 0])
    plot_escalation(timeseries, ax=axes[0, 1])
    plot_strength(timeseries, ax=axes[1, 0])
    plot_coalition_size(timeseries, ax=axes[1, 1])
    titles = (
        "Russia's belief in each guarantor's commitment",
        "Escalation level",
        "Ukraine's army",
        "Coalition members still in",
    )
    for ax, title in zip(axes.flat, titles, strict=True):
        ax.set_title(title, fontsize="medium")
    n = runs.shape[0]
    fig.suptitle(f"Repeated game: mean and {BAND[0]:.0%}–{BAND[1]:.0%} band over {n} runs")
    paths = [folder / FIGURE_FILES[0], folder / FIGURE_FILES[1]]
    fig.savefig(paths[0], dpi=120)

    fig2 = Figure(figsize=(5.0, 3.5), layout="constrained")
    survival_ax = plot_survival(runs, quarters, ax=fig2.add_subplot())
    survival_ax.set_title("Runs with no invasion yet", fontsize="medium")
    fig2.savefig(paths[1], dpi=120)
    return paths
