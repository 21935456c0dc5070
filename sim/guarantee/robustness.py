"""How robust a verdict is over the judgement constants' plausible ranges.

Every judgement constant of the scenario schema (under ``actors`` and ``payoffs``) carries a
plausible range. :func:`robustness` draws ``n`` points from the box of those ranges by Latin
hypercube sampling (McKay, Beckman & Conover 1979; ``scipy.stats.qmc.LatinHypercube``, seeded
from the scenario's root seed), keeps the design θ fixed, solves every draw at once
(:func:`~sim.guarantee.grid.solve_grid` and
:func:`~sim.guarantee.acceptability.acceptance_margins` over arrays of constants) and reports the
share of draws under which the opportunistic Russia holds, accepts the ceasefire, and both (the
design is viable). A share near 0 or 1 is a verdict that does not hang on the judgements; a
share near one half is a verdict the judgements decide.

References
----------
McKay, M. D., Beckman, R. J., & Conover, W. J. (1979). A comparison of three methods for selecting
values of input variables in the analysis of output from a computer code. *Technometrics* 21(2).

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> found = robustness(Scenario(name="demo"), draws=16)
>>> 0.0 <= found.p_deterred <= 1.0 and found.draws == 16
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel
from scipy.stats import qmc

from sim.arrays import FloatArray
from sim.guarantee.acceptability import acceptance_margins
from sim.guarantee.grid import solve_grid
from sim.guarantee.parameters import guarantee_parameters
from sim.scenario.fields import plausible_range
from sim.scenario.schema import Actors, Payoffs, Scenario

DRAWS = 256
"""Latin-hypercube draws of a robustness check (``deter run``'s default)."""


@dataclass(frozen=True)
class Robustness:
    """Shares of judgement draws under which each verdict holds.

    Attributes
    ----------
    p_deterred, p_acceptable, p_viable
        Share of draws in which the opportunist holds, accepts, and both.
    draws
        Number of draws (the constants varied are those of :func:`judgement_ranges`).
    """

    p_deterred: float
    p_acceptable: float
    p_viable: float
    draws: int

    def to_dict(self) -> dict[str, object]:
        """The JSON keys of ``deter run``: ``p_deterred_robust``, ``p_acceptable_robust``,
        ``p_viable_robust``, ``robustness_draws``."""
        return {
            "p_deterred_robust": self.p_deterred,
            "p_acceptable_robust": self.p_acceptable,
            "p_viable_robust": self.p_viable,
            "robustness_draws": self.draws,
        }


def judgement_ranges() -> list[tuple[str, float, float]]:
    """Every judgement constant with a plausible range: ``(dotted path, low, high)``, in schema
    order (``actors`` first, then ``payoffs``)."""
    found: list[tuple[str, float, float]] = []

    def visit(prefix: str, model: type[BaseModel]) -> None:
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                visit(f"{prefix}{name}.", annotation)
                continue
            span = plausible_range(info)
            if span is not None:
                found.append((f"{prefix}{name}", *span))

    visit("actors.", Actors)
    visit("payoffs.", Payoffs)
    return found


def robustness(scenario: Scenario, *, draws: int = DRAWS) -> Robustness:
    """The shares of Latin-hypercube draws of the judgement constants under which the scenario's
    design deters, is accepted, and both (module notes). Seeded from ``scenario.seed``."""
    ranges = judgement_ranges()
    rng = np.random.default_rng(np.random.SeedSequence(scenario.seed).spawn(1)[0])
    unit = qmc.LatinHypercube(d=len(ranges), seed=rng).random(draws)
    low = np.array([r[1] for r in ranges])
    high = np.array([r[2] for r in ranges])
    points = low + unit * (high - low)
    overrides = {path: points[:, k] for k, (path, _, _) in enumerate(ranges)}
    params = guarantee_parameters(scenario, overrides, mesh=False)
    tol = scenario.solver.tolerance
    solved = solve_grid(params, tol=tol)
    accepted = acceptance_margins(params, tol=tol, russia_values=solved.russia_values) >= 0.0
    shares = verdict_shares(solved.deterred, accepted)
    return Robustness(
        p_deterred=float(shares["p_deterred_robust"]),
        p_acceptable=float(shares["p_acceptable_robust"]),
        p_viable=float(shares["p_viable_robust"]),
        draws=draws,
    )


def verdict_shares(
    deterred: NDArray[np.bool_], accepted: NDArray[np.bool_], axis: int = -1
) -> dict[str, FloatArray]:
    """The shares of draws (along ``axis``) under which a design deters, is accepted, and
    both, keyed as ``deter run --json`` and a sweep's points table name them."""
    return {
        "p_deterred_robust": np.mean(deterred, axis=axis),
        "p_acceptable_robust": np.mean(accepted, axis=axis),
        "p_viable_robust": np.mean(deterred & accepted, axis=axis),
    }
