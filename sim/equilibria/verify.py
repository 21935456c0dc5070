"""Shared verification vocabulary: tolerances and the error for uncertified profiles.

Every solver in :mod:`sim.equilibria` computes the regret of each profile it would return
(the largest gain any player gets from a unilateral deviation; for trees, from a one-shot deviation
at any node) and refuses to return a profile whose regret exceeds the tolerance
(:mod:`sim.equilibria.certificates` does it for normal forms).
"""

from __future__ import annotations

DEFAULT_TOLERANCE = 1e-9
"""Payoff tolerance for ties and for regret certificates, in payoff units."""


class EquilibriumVerificationError(RuntimeError):
    """A solver produced a profile whose regret exceeds the tolerance."""
