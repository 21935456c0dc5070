"""The solution of one guarantee scenario: equilibrium, threshold, acceptability, in one object.

:func:`solve_guarantee` builds the guarantee tree of a scenario (:mod:`sim.games.guarantee`),
solves it by backward induction, certifies the profile with the one-shot-deviation regret (and
refuses it above tolerance), then adds the credibility threshold
(:mod:`sim.equilibria.credibility`) and the acceptability margin
(:mod:`sim.equilibria.acceptability`). The subgame-perfect equilibrium of this tree is the perfect
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

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.equilibria.acceptability import acceptance_margin
from sim.equilibria.backward_induction import SubgamePerfectSolution, backward_induction
from sim.equilibria.credibility import credibility_threshold
from sim.equilibria.verify import EquilibriumVerificationError
from sim.games.guarantee import (
    ACTOR_KEYS,
    OUTCOMES,
    RESPONSES,
    RUSSIA_ACTIONS,
    build_guarantee_game,
    guarantee_parameters,
)
from sim.games.tree import ExtensiveGame, Node
from sim.scenario.schema import Scenario

GUARANTOR_KEYS = {"european_coalition": 3, "united_states": 2}
"""Guarantor actor key → player index in the guarantee game."""


@dataclass
class GuaranteeSolution:
    """The subgame-perfect (perfect Bayesian) solution of one guarantee scenario.

    Attributes
    ----------
    russia_action
        The opportunist's equilibrium choice: ``"hold"``, ``"probe"`` or ``"invade"``.
    deterred
        True iff the opportunist holds.
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
        Smallest automaticity at which the opportunist holds (0.0, a value, or None).
    acceptable, acceptance_margin
        Whether Russia prefers the ceasefire under this guarantee to war, and
        :math:`V_{cf} - V_{war}`.
    regret
        One-shot-deviation regret of the returned profile (≤ tolerance).
    ties
        Human-readable descriptions of decision nodes, on or off path, with tied best actions.
    game, spe
        The tree and the backward-induction solution.
    """

    russia_action: str
    deterred: bool
    outcome_probabilities: dict[str, float]
    expected_payoffs: dict[str, float]
    response_probabilities: dict[str, dict[str, dict[str, float]]]
    russia_values: dict[str, float]
    credibility_threshold: float | None
    acceptable: bool
    acceptance_margin: float
    regret: float
    ties: list[str]
    game: ExtensiveGame = field(repr=False)
    spe: SubgamePerfectSolution = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (no tree)."""
        return {
            "russia_action": self.russia_action,
            "deterred": self.deterred,
            "outcome_probabilities": dict(self.outcome_probabilities),
            "expected_payoffs": dict(self.expected_payoffs),
            "credibility_threshold": self.credibility_threshold,
            "acceptable": self.acceptable,
            "acceptance_margin": self.acceptance_margin,
            "regret": self.regret,
            "response_probabilities": {
                g: {a: dict(r) for a, r in by_action.items()}
                for g, by_action in self.response_probabilities.items()
            },
            "ties": list(self.ties),
            "russia_values": dict(self.russia_values),
        }


def solve_guarantee(scenario: Scenario) -> GuaranteeSolution:
    """Solve the guarantee game of one scenario.

    Raises
    ------
    EquilibriumVerificationError
        If the backward-induction profile's one-shot-deviation regret exceeds
        ``scenario.solver.tolerance``.
    """
    tol = scenario.solver.tolerance
    params = guarantee_parameters(scenario)
    game = build_guarantee_game(params)
    spe = backward_induction(game, tol=tol, verify=True)
    regret = float(np.max(spe.regret))
    if regret > tol:  # backward_induction already refuses; kept for an explicit contract
        raise EquilibriumVerificationError(f"regret {regret:.3g} exceeds tolerance {tol:g}")
    opportunist = game.root.child("opportunist")
    choice = RUSSIA_ACTIONS[int(spe.choice[opportunist.id])]
    values = {a: float(spe.values[opportunist.child(a).id][0]) for a in opportunist.actions}
    margin = acceptance_margin(scenario)
    return GuaranteeSolution(
        russia_action=choice,
        deterred=choice == "hold",
        outcome_probabilities={
            name: float(spe.outcome_probabilities.get(name, 0.0)) for name in OUTCOMES
        },
        expected_payoffs={
            key: float(v) for key, v in zip(ACTOR_KEYS, spe.expected_payoffs, strict=True)
        },
        response_probabilities=_response_probabilities(game, spe, opportunist),
        russia_values=values,
        credibility_threshold=credibility_threshold(scenario),
        acceptable=margin >= 0.0,
        acceptance_margin=margin,
        regret=regret,
        ties=_describe_ties(game, spe),
        game=game,
        spe=spe,
    )


def _response_probabilities(
    game: ExtensiveGame, spe: SubgamePerfectSolution, opportunist: Node
) -> dict[str, dict[str, dict[str, float]]]:
    """Probability of each guarantor response to the opportunist's probe (detected) or invasion.

    The reach probabilities of guarantor nodes below the action are taken under the equilibrium
    profile with the opportunist forced to that action, so off-path responses are reported too.
    """
    out: dict[str, dict[str, dict[str, float]]] = {g: {} for g in GUARANTOR_KEYS}
    for action in ("probe", "invade"):
        start = opportunist.child(action)
        if action == "probe":
            start = start.child("detected")
        for key, player in GUARANTOR_KEYS.items():
            levels = RESPONSES[:2] if action == "probe" else RESPONSES
            totals = dict.fromkeys(levels, 0.0)
            for node, reach in _walk(start, spe, 1.0):
                if node.kind == "decision" and node.player == player:
                    chosen = node.actions[int(spe.choice[node.id])]
                    totals[chosen] += reach
            out[key][action] = totals
    return out


def _walk(node: Node, spe: SubgamePerfectSolution, reach: float) -> list[tuple[Node, float]]:
    """Decision nodes below ``node`` with their probability of being reached from it."""
    found: list[tuple[Node, float]] = []
    stack = [(node, reach)]
    while stack:
        here, r = stack.pop()
        if here.kind == "terminal" or r == 0.0:
            continue
        if here.kind == "chance":
            for p, child in zip(here.probs, here.children, strict=True):
                stack.append((child, r * float(p)))
        else:
            found.append((here, r))
            chosen = int(spe.choice[here.id])
            stack.append((here.children[chosen], r))
    return found


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
