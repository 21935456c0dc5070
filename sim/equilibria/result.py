"""Result objects of the equilibrium engine: one verified profile and the set a solver returns.

An :class:`Equilibrium` holds one profile with its expected payoffs and its *regret* (the
certificate: the largest unilateral-deviation gain for Nash concepts, the largest obedience
violation for correlated equilibria, the logit fixed-point residual for quantal-response
equilibria). An :class:`EquilibriumResult` holds every profile a solver returned, with the method,
whether the list is known to be complete, whether the game is degenerate, and warnings.

Examples
--------
>>> import numpy as np
>>> eq = Equilibrium([np.array([0.5, 0.5]), np.array([0.5, 0.5])], np.array([0.0, 0.0]), 0.0)
>>> result = EquilibriumResult(("Row", "Column"), "nash", "enumeration", [eq])
>>> result.to_dict()["equilibria"][0]["strategies"]
[[0.5, 0.5], [0.5, 0.5]]
>>> len(result), result.complete
(1, True)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.arrays import FloatArray
from sim.equilibria.verify import DEFAULT_TOLERANCE

NormalFormStrategies = list[FloatArray]
"""One probability vector per player."""
BehaviourStrategies = list[list[FloatArray]]
"""Per player, per information set (``ExtensiveGame.infosets`` order), action probabilities."""


@dataclass(frozen=True)
class Equilibrium:
    """One verified profile.

    Attributes
    ----------
    strategies
        Normal form: a list with one probability vector per player. Trees: per player, a list with
        one action-probability vector per information set, in ``ExtensiveGame.infosets`` order.
        Correlated equilibria: the marginal distribution of each player's action.
    payoffs
        Expected payoff of each player, shape ``(n_players,)``.
    regret
        The certificate of the profile (see the module docstring); never above the tolerance of
        the result that holds it, except for QRE where it is the fixed-point residual.
    distribution
        Correlated equilibria only: the joint distribution over pure profiles, shape
        ``(m_1, ..., m_n)``.
    """

    strategies: list[Any]
    payoffs: FloatArray
    regret: float
    distribution: FloatArray | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``payoffs``, ``strategies``, ``regret`` (and ``distribution``)."""
        out: dict[str, Any] = {
            "payoffs": [float(v) for v in np.asarray(self.payoffs, float)],
            "strategies": _to_lists(self.strategies),
            "regret": float(self.regret),
        }
        if self.distribution is not None:
            out["distribution"] = np.asarray(self.distribution, float).tolist()
        return out


@dataclass
class EquilibriumResult:
    """Every profile one solver call returned, and what is known about the set.

    Attributes
    ----------
    players
        Player names.
    concept
        ``"nash"``, ``"pure"``, ``"spe"``, ``"qre"`` or ``"ce"``.
    method
        The algorithm(s) used, for example ``"enumeration"`` or ``"lemke_howson"``.
    equilibria
        The verified profiles.
    complete
        True when the list is provably every equilibrium of the concept (for two-player Nash:
        every extreme equilibrium, which spans every equilibrium).
    degenerate
        True when the game was found degenerate (a mixed strategy with more pure best responses
        than its support size, or equilibria that are not isolated).
    warnings
        Human-readable notes: degeneracy, incompleteness, dropped profiles, solver disagreements.
    tolerance
        The tolerance used for ties and for the regret certificate.
    details
        Solver-specific extras (for example the maximal Nash subsets of a degenerate game, or the
        logit precision of a QRE), JSON-ready.
    """

    players: tuple[str, ...]
    concept: str
    method: str
    equilibria: list[Equilibrium]
    complete: bool = True
    degenerate: bool = False
    warnings: list[str] = field(default_factory=list)
    tolerance: float = DEFAULT_TOLERANCE
    details: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, index: int) -> Equilibrium:
        return self.equilibria[index]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (keys of the shared contract, plus ``tolerance``, ``details``)."""
        return {
            "players": list(self.players),
            "concept": self.concept,
            "method": self.method,
            "complete": bool(self.complete),
            "degenerate": bool(self.degenerate),
            "equilibria": [eq.to_dict() for eq in self.equilibria],
            "warnings": list(self.warnings),
            "tolerance": float(self.tolerance),
            "details": _to_lists(self.details),
        }


def _to_lists(value: Any) -> Any:
    """Recursively turn numpy arrays and scalars into lists and floats."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _to_lists(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_to_lists(v) for v in value]
    return value
