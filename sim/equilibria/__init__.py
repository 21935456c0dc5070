"""The equilibrium engine: every solver certified by its regret (DESIGN.md §5).

Public API: :func:`solve` (one front for Nash, pure, subgame-perfect, QRE and correlated
equilibria, returning an :class:`EquilibriumResult`), :func:`backward_induction` and
:func:`induction_pass` for (batched) perfect-information trees, :func:`solve_bimatrix_batch`
for arrays of bimatrix games, and the tolerance and error of the certificates.
"""

from sim.equilibria.backward_induction import (
    SubgamePerfectSolution,
    backward_induction,
    induction_pass,
)
from sim.equilibria.batched_bimatrix import solve_bimatrix_batch
from sim.equilibria.result import Equilibrium, EquilibriumResult
from sim.equilibria.solve import solve
from sim.equilibria.verify import DEFAULT_TOLERANCE, EquilibriumVerificationError

__all__ = [
    "DEFAULT_TOLERANCE",
    "Equilibrium",
    "EquilibriumResult",
    "EquilibriumVerificationError",
    "SubgamePerfectSolution",
    "backward_induction",
    "induction_pass",
    "solve",
    "solve_bimatrix_batch",
]
