"""The solution of one guarantee scenario: equilibrium, threshold, acceptability, in one object.

:func:`solve_guarantee` builds the guarantee tree of a scenario (:mod:`sim.guarantee.tree`),
solves it by backward induction, certifies the profile with the one-shot-deviation regret (and
refuses it above tolerance), then adds the credibility threshold
(:mod:`sim.guarantee.thresholds`), the threshold of every lever,
the robustness shares (:mod:`sim.guarantee.robustness`) and the acceptability margin
(:mod:`sim.guarantee.acceptability`). The subgame-perfect equilibrium of this tree is the perfect
Bayesian equilibrium of Russia's uncertainty about the guarantors' commitment, since the
commitment draws follow Russia's move (DESIGN.md §3).

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> solution = solve_guarantee(Scenario(name="demo"))
>>> solution.russia_action, solution.deterred
('invade', False)
>>> round(sum(solution.outcome_probabilities.values()), 12)
1.0
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from sim.equilibria.backward_induction import SubgamePerfectSolution, induction_pass
from sim.games.tree import ExtensiveGame
from sim.guarantee.acceptability import acceptance_margins
from sim.guarantee.grid import read_solution
from sim.guarantee.levers import LEVERS
from sim.guarantee.names import ACTOR_KEYS, OUTCOMES, RESPONSES, RUSSIA_ACTIONS
from sim.guarantee.parameters import guarantee_parameters
from sim.guarantee.robustness import robustness
from sim.guarantee.thresholds import threshold
from sim.guarantee.tree import GuaranteeTree, build_guarantee_game
from sim.scenario.schema import Scenario


@dataclass
class GuaranteeSolution:
    """The subgame-perfect (perfect Bayesian) solution of one guarantee scenario.

    Attributes
    ----------
    russia_action
        The opportunist's equilibrium choice: ``"hold"``, ``"probe"`` or ``"invade"``.
    deterred
        True iff the opportunist holds (deterred from invading and from probing).
    invasion_deterred
        True iff the opportunist does not invade (it may probe).
    outcome_probabilities
        Each of the 8 outcomes → probability (hard-liner share included; they sum to 1).
    expected_payoffs
        Actor key → expected payoff (Russia's averaged over its types).
    response_probabilities
        Guarantor key → Russian action (``probe``, ``invade``) → response → probability, over the
        commitment draws, against the opportunist (a probe: once detected).
    russia_values
        Russian action → the opportunist's expected value of it.
    credibility_threshold
        The automaticity threshold (:func:`~sim.guarantee.thresholds.threshold`).
    thresholds
        Lever → its threshold (None: no value in range deters), for every numeric lever that
        applies (troops only where a posture is set).
    press_on
        Probability that the opportunist, having invaded, fights on against an intervention
        (None where no guarantor would intervene).
    acceptable, acceptance_margin
        Whether Russia prefers the ceasefire under this guarantee to war, and
        :math:`V_{cf} - V_{war}`.
    regret
        One-shot-deviation regret of the returned profile (≤ tolerance).
    ties
        Human-readable descriptions of decision nodes, on or off path, with tied best actions.
    p_deterred_robust, p_acceptable_robust, p_viable_robust, robustness_draws
        Shares of Latin-hypercube draws of the judgement constants under which the design
        deters, is accepted and both (:mod:`sim.guarantee.robustness`); None when
        ``solver.robustness_draws`` is 0.
    tree, spe
        The tree (with its named nodes) and the certified backward-induction solution.
    """

    russia_action: str
    deterred: bool
    invasion_deterred: bool
    outcome_probabilities: dict[str, float]
    expected_payoffs: dict[str, float]
    credibility_threshold: float | None
    acceptable: bool
    acceptance_margin: float
    regret: float
    response_probabilities: dict[str, dict[str, dict[str, float]]]
    ties: list[str]
    russia_values: dict[str, float]
    thresholds: dict[str, float | None]
    press_on: float | None
    p_deterred_robust: float | None
    p_acceptable_robust: float | None
    p_viable_robust: float | None
    robustness_draws: int
    tree: GuaranteeTree = field(repr=False)
    spe: SubgamePerfectSolution = field(repr=False)

    @property
    def game(self) -> ExtensiveGame:
        """The solved tree."""
        return self.tree.game

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (every field but the tree and its solution)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.repr}
        return json.loads(json.dumps(out))


def solve_guarantee(scenario: Scenario) -> GuaranteeSolution:
    """Solve the guarantee game of one scenario.

    The tree is solved by one backward-induction pass and read as a one-point grid
    (:func:`~sim.guarantee.grid.read_solution`, the path every grid takes); the profile is then
    certified independently by its one-shot-deviation regret at every node.

    Raises
    ------
    EquilibriumVerificationError
        If the backward-induction profile's one-shot-deviation regret exceeds
        ``scenario.solver.tolerance``.
    """
    tol = scenario.solver.tolerance
    params = guarantee_parameters(scenario)
    tree = build_guarantee_game(params)
    induced = induction_pass(tree.game, tol=tol)
    spe = SubgamePerfectSolution.certified(induced)
    point = read_solution(tree, induced, ())
    choice = RUSSIA_ACTIONS[int(point.russia_action)]
    margin = float(acceptance_margins(params, tol=tol, russia_values=point.russia_values))
    responses = {
        guarantor: {
            action: {
                RESPONSES[level]: float(p)
                for level, p in enumerate(point.response_probabilities[(guarantor, action)])
            }
            for action in ("probe", "invade")
        }
        for guarantor in ("european_coalition", "united_states")
    }
    found = (
        robustness(scenario, draws=scenario.solver.robustness_draws)
        if scenario.solver.robustness_draws
        else None
    )
    thresholds = {
        name: threshold(scenario, lever).value
        for name, lever in LEVERS.items()
        if lever.applies(scenario)
    }
    press_on = float(point.press_on)
    return GuaranteeSolution(
        russia_action=choice,
        deterred=choice == "hold",
        invasion_deterred=choice != "invade",
        outcome_probabilities={name: float(point.outcome_probabilities[name]) for name in OUTCOMES},
        expected_payoffs={
            key: float(v) for key, v in zip(ACTOR_KEYS, point.expected_payoffs, strict=True)
        },
        response_probabilities=responses,
        russia_values={
            a: float(v) for a, v in zip(RUSSIA_ACTIONS, point.russia_values, strict=True)
        },
        credibility_threshold=thresholds["automaticity"],
        thresholds=thresholds,
        press_on=None if np.isnan(press_on) else press_on,
        p_deterred_robust=None if found is None else found.p_deterred,
        p_acceptable_robust=None if found is None else found.p_acceptable,
        p_viable_robust=None if found is None else found.p_viable,
        robustness_draws=0 if found is None else found.draws,
        acceptable=margin >= 0.0,
        acceptance_margin=margin,
        regret=float(np.max(spe.regret)),
        ties=_describe_ties(tree.game, spe),
        tree=tree,
        spe=spe,
    )


def _describe_ties(game: ExtensiveGame, spe: SubgamePerfectSolution) -> list[str]:
    """One line per decision node with tied best actions: where it is and what tied."""
    lines: list[str] = []
    for node in game.decision_nodes:
        if not bool(np.any(spe.ties.get(node.id, False))):
            continue
        values = [float(spe.values[c.id][node.player]) for c in node.children]
        best = max(values)
        tied = [a for a, v in zip(node.actions, values, strict=True) if v >= best - spe.tolerance]
        path = " > ".join(parent.actions[i] for parent, i in game.path_to(node)) or "root"
        on_path = float(spe.reach[node.id]) > 0.0
        lines.append(
            f"{node.label} after [{path}]: {', '.join(tied)} tie at {best:.6g} "
            f"({'on' if on_path else 'off'} path; chose {node.actions[int(spe.choice[node.id])]})"
        )
    return lines
