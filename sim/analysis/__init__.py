"""Figures and reports read from results (functions that take and return an ``Axes``).

Public API: :func:`plot_game_tree`, the repeated game's figures (:func:`plot_beliefs`,
:func:`plot_escalation`, :func:`plot_survival`, :func:`plot_dynamics_figures`), and the text
summaries and report (:func:`guarantee_summary`, :func:`render_report`).
"""

from sim.analysis.game_tree import plot_game_tree
from sim.analysis.report import render_report
from sim.analysis.summary import guarantee_summary
from sim.analysis.timeseries import (
    plot_beliefs,
    plot_dynamics_figures,
    plot_escalation,
    plot_survival,
)

__all__ = [
    "guarantee_summary",
    "plot_beliefs",
    "plot_dynamics_figures",
    "plot_escalation",
    "plot_game_tree",
    "plot_survival",
    "render_report",
]
