"""The repeated game stepped quarter by quarter, and the figure of its runs so far.

:func:`new_model` makes a :class:`sim.model.model.GuaranteeModel` of ``replicates`` runs whose
generators are spawned from one seed exactly as :func:`sim.experiments.run_dynamics` spawns them
(``SeedSequence(seed).spawn(replicates)``), so the app's runs are those of
``deter run SCENARIO --seed SEED --replicates N``. :func:`timeseries_frame` reads the quarters
played so far from the model's record; :func:`dynamics_png` draws Russia's beliefs, the
escalation rungs and the coalition's size with :mod:`sim.analysis.timeseries`.

Examples
--------
>>> from sim.scenario import Dynamics, Scenario
>>> model = new_model(Scenario(name="demo", dynamics=Dynamics(quarters=4)), replicates=3, seed=1)
>>> model.step(); model.step()
>>> frame = timeseries_frame(model)
>>> len(frame), int(frame["quarter"].max())
(6, 2)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.analysis.timeseries import plot_beliefs, plot_coalition_size, plot_escalation
from sim.app.figures import png_bytes
from sim.model.escalation import ESCALATION_LABELS
from sim.model.model import GuaranteeModel
from sim.scenario import Scenario

COLUMNS: tuple[str, ...] = ("belief_us", "belief_ec", "escalation", "coalition_size")
"""The recorded columns the page shows."""

REPLICATE_CHOICES: tuple[int, ...] = (1, 10, 100, 500)
"""How many runs the page can step together."""


def new_model(scenario: Scenario, *, replicates: int, seed: int) -> GuaranteeModel:
    """A fresh model of ``replicates`` runs (quarter 0), seeded as ``run_dynamics`` seeds them.

    A scenario without a ``dynamics:`` block plays with the defaults of docs/dynamics.md.
    """
    seeds = np.random.SeedSequence(seed).spawn(replicates)
    return GuaranteeModel(scenario, seeds=seeds)


def timeseries_frame(model: GuaranteeModel) -> pd.DataFrame:
    """One row per run and quarter played: ``replicate``, ``quarter`` (from 1) and
    :data:`COLUMNS`."""
    played = model.quarter
    n = model.replicates
    data: dict[str, np.ndarray] = {
        "replicate": np.repeat(np.arange(n), played),
        "quarter": np.tile(np.arange(1, played + 1), n),
    }
    for column in COLUMNS:
        data[column] = model.record[column][:, :played].reshape(-1)
    return pd.DataFrame(data)


def status_text(model: GuaranteeModel) -> str:
    """The quarter counter, e.g. ``quarter 3 of 40``."""
    return f"quarter {model.quarter} of {model.quarters}"


def quarter_summary(model: GuaranteeModel) -> str:
    """The last quarter played in words: the runs at each rung, Russia's mean beliefs, and the
    coalition's mean size (empty before the first quarter).

    >>> from sim.scenario import Dynamics, Scenario
    >>> model = new_model(Scenario(name="demo", dynamics=Dynamics(quarters=4)), replicates=2,
    ...                   seed=1)
    >>> quarter_summary(model)
    ''
    >>> model.step()
    >>> quarter_summary(model).split(":")[0]
    'Quarter 1'
    """
    t = model.quarter - 1
    if t < 0:
        return ""
    rungs = np.bincount(model.record["escalation"][:, t], minlength=len(ESCALATION_LABELS))
    shares = ", ".join(
        f"{label} {100 * n / model.replicates:.0f} %"
        for label, n in zip(ESCALATION_LABELS, rungs, strict=False)
        if n
    )
    us = float(model.record["belief_us"][:, t].mean())
    ec = float(model.record["belief_ec"][:, t].mean())
    size = float(model.record["coalition_size"][:, t].mean())
    return (
        f"Quarter {t + 1}: runs at {shares}. Russia's mean belief that the guarantor is "
        f"committed: United States {us:.2f}, European coalition {ec:.2f}. "
        f"Coalition members: {size:.1f} on average."
    )


def dynamics_png(frame: pd.DataFrame, quarters: int) -> bytes:
    """Three panels, one above the other, over quarters 0…``quarters``: beliefs, escalation,
    coalition size.

    Lines are means across the runs and bands their 10–90 % range; with no quarter played yet
    the panels are empty.
    """
    fig = Figure(figsize=(10.0, 9.0), layout="constrained")
    beliefs, escalation, size = fig.subplots(3, 1, sharex=True)
    if len(frame):
        plot_beliefs(frame, ax=beliefs)
        plot_escalation(frame, ax=escalation)
        plot_coalition_size(frame, ax=size)
    else:
        for ax in (beliefs, escalation, size):
            ax.text(0.5, 0.5, "press Step or Run", ha="center", va="center", color="grey")
            ax.set_xlabel("quarter")
    beliefs.set_title("Russia's belief that each guarantor is committed", fontsize="medium")
    beliefs.set_ylabel("belief (probability)")
    escalation.set_title("Escalation rung: share of runs", fontsize="medium")
    size.set_title("Coalition members still in", fontsize="medium")
    for ax in (beliefs, escalation, size):
        ax.set_xlim(0, max(1, quarters))
        ax.set_xlabel("")
    size.set_xlabel("quarter (a step is three months)")
    if len(frame):
        beliefs.set_ylim(0.0, 1.0)
        escalation.set_ylim(0.0, 1.0)
    return png_bytes(fig)
