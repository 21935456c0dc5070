"""Figures and reports read from results (functions that take and return an ``Axes``).

Public API: :func:`plot_game_tree`, the repeated game's figures (:func:`plot_beliefs`,
:func:`plot_escalation`, :func:`plot_survival`, :func:`plot_dynamics_figures`), the text
summaries and report (:func:`guarantee_summary`, :func:`render_report`), and the analysis of
parameter sweeps read from a points table: maps (:func:`plot_deterrence_map`,
:func:`plot_viable_set`, :func:`plot_robustness_map`), thresholds (:func:`threshold_curve`),
sensitivity (:func:`sobol_indices`, :func:`plot_tornado`, :func:`prim_boxes`), the design
frontier (:func:`design_frontier`, :func:`cheapest_viable`) and the sweep report
(:func:`sweep_findings`, :func:`write_sweep_figures`, :func:`render_sweep_report`,
:data:`PLOT_KINDS`).
"""

from sim.analysis.frontier import cheapest_viable, design_frontier, plot_design_frontier
from sim.analysis.game_tree import plot_game_tree
from sim.analysis.payoff_matrix import plot_payoff_matrix
from sim.analysis.report import render_report
from sim.analysis.sensitivity import (
    PrimResult,
    plot_prim,
    plot_prim_trajectory,
    plot_sobol,
    plot_tornado,
    prim_boxes,
    sobol_indices,
)
from sim.analysis.summary import guarantee_summary
from sim.analysis.sweep_plots import (
    plot_deterrence_map,
    plot_margins,
    plot_outcome_shares,
    plot_robustness_line,
    plot_robustness_map,
    plot_threshold_curves,
    plot_value_map,
    plot_viable_set,
    threshold_curve,
)
from sim.analysis.sweep_report import (
    PLOT_KINDS,
    render_sweep_report,
    sweep_findings,
    write_sweep_figures,
)
from sim.analysis.timeseries import (
    plot_beliefs,
    plot_dynamics_figures,
    plot_escalation,
    plot_survival,
)

__all__ = [
    "PLOT_KINDS",
    "PrimResult",
    "cheapest_viable",
    "design_frontier",
    "guarantee_summary",
    "plot_beliefs",
    "plot_design_frontier",
    "plot_deterrence_map",
    "plot_dynamics_figures",
    "plot_escalation",
    "plot_game_tree",
    "plot_margins",
    "plot_outcome_shares",
    "plot_payoff_matrix",
    "plot_prim",
    "plot_prim_trajectory",
    "plot_robustness_line",
    "plot_robustness_map",
    "plot_sobol",
    "plot_survival",
    "plot_threshold_curves",
    "plot_tornado",
    "plot_value_map",
    "plot_viable_set",
    "prim_boxes",
    "render_report",
    "render_sweep_report",
    "sobol_indices",
    "sweep_findings",
    "threshold_curve",
    "write_sweep_figures",
]
