"""Russia's beliefs about each guarantor's commitment: Beta priors updated by Bayes' rule.

Russia treats "does this guarantor answer a detected violation?" as a Bernoulli trial whose success
probability ``r`` is the guarantor's commitment, with a Beta(α, β) belief on ``r``. The Beta is
conjugate to the Bernoulli, so Bayes' rule is a count update (Gelman et al. 2013, §2.4):

.. math:: \\alpha' = \\alpha + y, \\qquad \\beta' = \\beta + (1 - y), \\qquad
          E[r] = \\alpha / (\\alpha + \\beta),

with ``y = 1`` when the guarantor answered (support or intervention) and ``y = 0`` when it did not.
An unanswered probe lowers the mean (salami tactics, Schelling 1966, ch. 2); an answered one raises
it. Reputation spill-over gives an observation of one guarantor weight ``w`` in the belief about the
other (fractional pseudo-counts), as in reputation models where audiences generalise across
defenders (Kreps & Wilson 1982; Sechser 2010).

References
----------
Gelman, A., et al. (2013). *Bayesian Data Analysis*, 3rd ed. CRC Press.
Kreps, D. M., & Wilson, R. (1982). Reputation and imperfect information. *J. Econ. Theory* 27.
Schelling, T. C. (1966). *Arms and Influence*. Yale University Press.
Sechser, T. S. (2010). Goliath's curse: coercive threats and asymmetric power. *Int. Org.* 64.

Examples
--------
>>> b = BetaBelief.from_mean(0.6, strength=10)
>>> b.mean
0.6
>>> b.observe(answered=False).mean   # an unanswered probe: 6 / 11
0.5454545454545454
"""

from __future__ import annotations

from dataclasses import dataclass

MEAN_FLOOR = 1e-3
"""Prior means are kept in ``[MEAN_FLOOR, 1 − MEAN_FLOOR]`` so that both Beta parameters stay
positive (a guarantee that signals no commitment at all is a prior of mean 0.001)."""


@dataclass(frozen=True)
class BetaBelief:
    """A Beta(α, β) belief on a commitment probability.

    Attributes
    ----------
    alpha, beta
        Positive pseudo-counts of answered and unanswered violations.
    """

    alpha: float
    beta: float

    def __post_init__(self) -> None:
        if not (self.alpha > 0 and self.beta > 0):
            raise ValueError(f"Beta parameters must be positive, got ({self.alpha}, {self.beta})")

    @classmethod
    def from_mean(cls, mean: float, *, strength: float) -> BetaBelief:
        """A belief with the given mean and strength ``α + β`` (mean clipped to the floor)."""
        if strength <= 0:
            raise ValueError("belief strength must be positive")
        m = min(max(float(mean), MEAN_FLOOR), 1.0 - MEAN_FLOOR)
        return cls(m * strength, (1.0 - m) * strength)

    @property
    def mean(self) -> float:
        """:math:`E[r] = \\alpha / (\\alpha + \\beta)`."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def strength(self) -> float:
        """:math:`\\alpha + \\beta`: how many observations the belief is worth."""
        return self.alpha + self.beta

    def observe(self, *, answered: bool, weight: float = 1.0) -> BetaBelief:
        """Bayes' rule for one observation (``weight`` < 1: a spill-over from another guarantor)."""
        if answered:
            return BetaBelief(self.alpha + weight, self.beta)
        return BetaBelief(self.alpha, self.beta + weight)

    def recentred(self, shift: float) -> BetaBelief:
        """Move the mean by ``shift`` at the same strength (a public change in the signal, such as
        an election or members leaving the coalition)."""
        return BetaBelief.from_mean(self.mean + shift, strength=self.strength)
