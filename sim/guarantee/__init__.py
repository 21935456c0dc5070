"""The guarantee game of DESIGN.md §3: from a design θ to its tree, equilibria and verdicts.

Public API:

* :func:`guarantee_parameters` (:mod:`~sim.guarantee.parameters`): a scenario, optionally with
  array overrides, to the numbers of the game;
* :func:`build_guarantee_game` (:mod:`~sim.guarantee.tree`): those numbers to the tree, with its
  named nodes (:class:`GuaranteeTree`);
* :func:`solve_grid` (:mod:`~sim.guarantee.grid`): every point of a parameter grid at once;
* :func:`solve_guarantee` (:mod:`~sim.guarantee.solution`): one scenario, certified, with its
  thresholds (:func:`threshold`, :mod:`~sim.guarantee.thresholds`), acceptability
  (:mod:`~sim.guarantee.acceptability`) and robustness (:mod:`~sim.guarantee.robustness`);
* :data:`LEVERS` (:mod:`~sim.guarantee.levers`): the guarantee's numeric levers and the
  direction each moves deterrence;
* the names of players, actions and outcomes (:mod:`~sim.guarantee.names`).
"""

from sim.guarantee.acceptability import acceptance_margin, acceptance_margins
from sim.guarantee.grid import GridSolution, solve_grid
from sim.guarantee.levers import LEVERS, Lever
from sim.guarantee.names import ACTOR_KEYS, OUTCOMES, PLAYERS, RESPONSES, RUSSIA_ACTIONS
from sim.guarantee.parameters import GuaranteeParameters, guarantee_parameters
from sim.guarantee.robustness import Robustness, judgement_ranges, robustness
from sim.guarantee.solution import GuaranteeSolution, solve_guarantee
from sim.guarantee.thresholds import Threshold, threshold
from sim.guarantee.tree import GuaranteeTree, build_guarantee_game

__all__ = [
    "ACTOR_KEYS",
    "LEVERS",
    "OUTCOMES",
    "PLAYERS",
    "RESPONSES",
    "RUSSIA_ACTIONS",
    "GridSolution",
    "GuaranteeParameters",
    "GuaranteeSolution",
    "GuaranteeTree",
    "Lever",
    "Robustness",
    "Threshold",
    "acceptance_margin",
    "acceptance_margins",
    "build_guarantee_game",
    "guarantee_parameters",
    "judgement_ranges",
    "robustness",
    "solve_grid",
    "solve_guarantee",
    "threshold",
]
