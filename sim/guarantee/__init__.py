"""The guarantee game of DESIGN.md §3: from a design θ to its tree, equilibria and verdicts.

Public API:

* :func:`guarantee_parameters` (:mod:`~sim.guarantee.parameters`): a scenario, optionally with
  array overrides, to the numbers of the game;
* :func:`build_guarantee_game` (:mod:`~sim.guarantee.tree`): those numbers to the tree, with its
  named nodes (:class:`GuaranteeTree`);
* :func:`solve_grid` (:mod:`~sim.guarantee.grid`): every point of a parameter grid at once;
* :func:`solve_guarantee` (:mod:`~sim.guarantee.solution`): one scenario, certified, with its
  credibility threshold (:mod:`~sim.guarantee.credibility`) and acceptability
  (:mod:`~sim.guarantee.acceptability`);
* the names of players, actions and outcomes (:mod:`~sim.guarantee.names`).
"""

from sim.guarantee.acceptability import acceptance_margin, acceptance_margins
from sim.guarantee.credibility import credibility_threshold
from sim.guarantee.grid import GridSolution, solve_grid
from sim.guarantee.names import ACTOR_KEYS, OUTCOMES, PLAYERS, RESPONSES, RUSSIA_ACTIONS
from sim.guarantee.parameters import GuaranteeParameters, guarantee_parameters
from sim.guarantee.solution import GuaranteeSolution, solve_guarantee
from sim.guarantee.tree import GuaranteeTree, build_guarantee_game

__all__ = [
    "ACTOR_KEYS",
    "OUTCOMES",
    "PLAYERS",
    "RESPONSES",
    "RUSSIA_ACTIONS",
    "GridSolution",
    "GuaranteeParameters",
    "GuaranteeSolution",
    "GuaranteeTree",
    "acceptance_margin",
    "acceptance_margins",
    "build_guarantee_game",
    "credibility_threshold",
    "guarantee_parameters",
    "solve_grid",
    "solve_guarantee",
]
