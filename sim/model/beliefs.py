"""Russia's beliefs about each guarantor's commitment: Beta priors updated by Bayes' rule.

Russia treats "does this guarantor answer a detected violation?" as a Bernoulli trial whose success
probability ``r`` is the guarantor's commitment, with a Beta(α, β) belief on ``r``. The Beta is
conjugate to the Bernoulli, so Bayes' rule is a count update (Gelman et al. 2013, §2.4):

.. math:: \\alpha' = \\alpha + w y, \\qquad \\beta' = \\beta + w (1 - y), \\qquad
          E[r] = \\alpha / (\\alpha + \\beta),

with ``y = 1`` when the guarantor answered and ``y = 0`` when it did not, and weight ``w`` (1 for
a direct observation; a spill-over from the other guarantor counts with weight < 1, as in
reputation models where audiences generalise across defenders: Kreps & Wilson 1982; Sechser 2010).
Every function takes and returns arrays with one entry per replicate.

References
----------
Gelman, A., et al. (2013). *Bayesian Data Analysis*, 3rd ed. CRC Press.
Kreps, D. M., & Wilson, R. (1982). Reputation and imperfect information. *J. Econ. Theory* 27.
Sechser, T. S. (2010). Goliath's curse: coercive threats and asymmetric power. *Int. Org.* 64.

Examples
--------
>>> import numpy as np
>>> a, b = from_mean(np.array([0.6]), np.array([10.0]))
>>> a, b = observe(a, b, answered=np.array([False]), seen=np.array([True]))
>>> float(mean(a, b)[0])   # an unanswered probe: 6 / 11
0.5454545454545454
"""

from __future__ import annotations

import numpy as np

from sim.arrays import BoolArray, FloatArray

MEAN_FLOOR = 1e-3
"""Prior means are kept in ``[MEAN_FLOOR, 1 − MEAN_FLOOR]`` so that both Beta parameters stay
positive (a guarantee that signals no commitment at all is a prior of mean 0.001)."""


def from_mean(mean: FloatArray, strength: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(α, β)`` with the given mean (clipped to the floor) and strength ``α + β``."""
    m = np.minimum(np.maximum(mean, MEAN_FLOOR), 1.0 - MEAN_FLOOR)
    return m * strength, (1.0 - m) * strength


def mean(alpha: FloatArray, beta: FloatArray) -> FloatArray:
    """:math:`E[r] = \\alpha / (\\alpha + \\beta)`."""
    return alpha / (alpha + beta)


def observe(
    alpha: FloatArray,
    beta: FloatArray,
    *,
    answered: BoolArray,
    seen: BoolArray,
    weight: float = 1.0,
) -> tuple[FloatArray, FloatArray]:
    """Bayes' rule for one observation where ``seen`` (answered or not), weight ``weight``."""
    yes, no = seen & answered, seen & ~answered
    return np.where(yes, alpha + weight, alpha), np.where(no, beta + weight, beta)


def recentred(
    alpha: FloatArray, beta: FloatArray, target: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The belief moved to mean ``target`` at the same strength (a public change of signal)."""
    return from_mean(target, alpha + beta)
