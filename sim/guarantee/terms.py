"""The named terms of the guarantee game, one small function each.

Every function takes floats or numpy arrays (which broadcast) and returns the same, so the game
can be built for one scenario or for a whole parameter grid. :mod:`sim.guarantee.parameters`
assembles these terms into the numbers of the tree (:mod:`sim.guarantee.tree`); ``docs/model.md``
gives every formula with its source. A reference names the concept a term follows; the functional
forms and their constants are the modeller's judgement unless a source is given, and every
judgement constant has a plausible range in the schema.

Examples
--------
>>> round(float(tripwire(1.0, 30.0, 5.0)), 4)
0.9975
>>> round(float(contest_success(1.0, 1.0, 1.5)), 3)
0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from sim.arrays import FloatArray
from sim.guarantee.levers import field_range

QUARTERS_PER_YEAR = 4
"""The repeated game's step is a quarter; rates given per year are converted by
:func:`per_quarter` and :func:`quarterly_discount`."""

MAX_TROOPS_K = field_range("guarantee.troops_on_ground")[1]
"""Troops (thousands) of the most intrusive presence; the schema maximum."""

MAX_AIRCRAFT = field_range("guarantee.air_assets")[1]
"""Aircraft of the most intrusive presence; the schema maximum."""


# -- time ------------------------------------------------------------------------------------
def per_quarter(rate_per_year: ArrayLike) -> FloatArray:
    """The quarterly probability of an event with yearly probability ``r``:
    :math:`1 - (1 - r)^{1/4}`.

    >>> round(float(per_quarter(0.19)), 4)
    0.0513
    """
    return 1.0 - (1.0 - np.asarray(rate_per_year, float)) ** (1.0 / QUARTERS_PER_YEAR)


def quarterly_discount(yearly: ArrayLike) -> FloatArray:
    """The quarterly discount factor of a yearly one: :math:`\\delta^{1/4}`.

    >>> round(float(quarterly_discount(0.9)), 4)
    0.974
    """
    return np.asarray(yearly, float) ** (1.0 / QUARTERS_PER_YEAR)


# -- commitment --------------------------------------------------------------------------------
def tripwire(exposure: ArrayLike, troops_k: ArrayLike, scale_k: ArrayLike) -> FloatArray:
    """Probability that stationed troops make the coalition's response automatic.

    Notes
    -----
    :math:`\\tau = e\\,(1 - \\exp(-T/k))`, with exposure :math:`e` of the posture, troops
    :math:`T` (thousands) and scale :math:`k`. Troops in harm's way make a response all but
    certain whatever the capitals prefer: the tripwire of Schelling (1960, ch. 8; 1966, ch. 2);
    the saturating form is a judgement.

    Examples
    --------
    >>> round(float(tripwire(0.3, 5.0, 5.0)), 4)
    0.1896
    """
    e = np.asarray(exposure, dtype=float)
    return e * (1.0 - np.exp(-np.asarray(troops_k, dtype=float) / np.asarray(scale_k, float)))


def effective_members(weights: Sequence[float] | ArrayLike) -> float:
    """Effective number of coalition members: the inverse Herfindahl index of their weights.

    Notes
    -----
    :math:`n_{\\text{eff}} = (\\sum_i w_i)^2 / \\sum_i w_i^2`; equals ``n`` for equal weights and
    1 for a single member. An empty coalition has ``n_eff = 0``.

    Examples
    --------
    >>> effective_members([1.0, 1.0, 1.0, 1.0])
    4.0
    >>> round(effective_members([3.0, 1.0]), 3)
    1.6
    """
    w = np.asarray(weights, dtype=float)
    if w.size == 0:
        return 0.0
    return float(w.sum() ** 2 / np.square(w).sum())


def political_commitment(
    automaticity: ArrayLike,
    aggregation: str,
    n_eff: ArrayLike,
    us_commitment: ArrayLike = 1.0,
) -> FloatArray:
    """The probability that the coalition is politically committed, by aggregation rule.

    Notes
    -----
    With automaticity :math:`a`: independent members (the coalition acts on its members' pledge),
    :math:`A = a`; a US-led coalition (it moves only with a US that honours its backstop,
    committed with probability :math:`c_{US}`), :math:`A = a\\,c_{US}`; unanimity (every effective
    member must be committed), :math:`A = a^{n_{eff}}`. Chance commitment follows Schelling's
    threat that leaves something to chance (1966, ch. 3); the rules are judgements.

    Examples
    --------
    >>> float(political_commitment(0.5, "unanimity", 2.0))
    0.25
    >>> float(political_commitment(0.5, "us_led", 4.0, us_commitment=0.8))
    0.4
    """
    a = np.asarray(automaticity, dtype=float)
    if aggregation == "independent":
        return a
    if aggregation == "us_led":
        return a * np.asarray(us_commitment, dtype=float)
    if aggregation == "unanimity":
        return a ** np.asarray(n_eff, dtype=float)
    raise ValueError(f"unknown aggregation {aggregation!r}")


def coverage(trigger: str, action: str, wds_coverage: ArrayLike) -> FloatArray:
    """Share of a Russian ``action`` (``probe`` or ``invade``) that the ``trigger`` covers.

    Any violation covers both; an armed attack covers an invasion only; a 'widespread,
    deliberate and sustained' attack covers the share ``wds_coverage`` of invasions (room to argue
    an attack is not covered) and no probe.

    Examples
    --------
    >>> [float(coverage("armed_attack", action, 0.7)) for action in ("probe", "invade")]
    [0.0, 1.0]
    """
    if trigger == "any_violation":
        return np.asarray(1.0)
    if action == "probe":
        return np.asarray(0.0)
    if trigger == "armed_attack":
        return np.asarray(1.0)
    if trigger == "widespread_deliberate_sustained":
        return np.asarray(wds_coverage, dtype=float)
    raise ValueError(f"unknown trigger {trigger!r}")


def coalition_commitment(
    political: ArrayLike, cover: ArrayLike, tripwire_prob: ArrayLike
) -> FloatArray:
    """Probability κ_E that the coalition is committed to respond to an action.

    Notes
    -----
    :math:`\\kappa_E = 1 - (1 - A\\,c)(1 - \\tau)`: committed either politically (probability
    :math:`A c`, political commitment times coverage) or by the tripwire :math:`\\tau`, the two
    independent. A probe does not engage the tripwire (``tripwire_prob = 0``).

    Examples
    --------
    >>> float(coalition_commitment(0.5, 1.0, 0.5))
    0.75
    """
    ac = np.asarray(political, float) * np.asarray(cover, float)
    return 1.0 - (1.0 - ac) * (1.0 - np.asarray(tripwire_prob, float))


def contest_success(force_r: ArrayLike, force_d: ArrayLike, gamma: ArrayLike) -> FloatArray:
    """Probability that Russia prevails in a war: the Tullock contest success function.

    Notes
    -----
    :math:`p = F_R^\\gamma / (F_R^\\gamma + F_D^\\gamma)`, with Russia's force :math:`F_R`, the
    defenders' force :math:`F_D` and decisiveness :math:`\\gamma` (Tullock 1980; Hirshleifer 1989
    on the ratio form in conflict).

    References
    ----------
    Tullock, G. (1980). Efficient rent seeking. In *Toward a Theory of the Rent-Seeking Society*.
    Hirshleifer, J. (1989). Conflict and rent-seeking success functions. *Public Choice* 63.

    Examples
    --------
    >>> round(float(contest_success(1.0, 3.0, 1.0)), 3)
    0.25
    """
    r = np.asarray(force_r, float) ** np.asarray(gamma, float)
    d = np.asarray(force_d, float) ** np.asarray(gamma, float)
    return r / (r + d)


# -- forces ------------------------------------------------------------------------------------
def projected_power(
    spending: ArrayLike, russia_spending: float, projection: ArrayLike
) -> FloatArray:
    """Combat power a guarantor brings to a war in Ukraine, in units of Russia's committed force.

    Notes
    -----
    :math:`P = \\pi\\,W / W_R`: the guarantor's military expenditure :math:`W` over Russia's
    :math:`W_R` (both SIPRI) measures its capability relative to Russia's (military expenditure is
    one of the components of the Correlates of War capability index, Singer et al. 1972), and the
    projection share :math:`\\pi` (judgement) is the part of it that can be brought to bear in
    Ukraine within a war.

    Examples
    --------
    >>> round(float(projected_power(149.0, 149.0, 0.25)), 2)
    0.25
    """
    return np.asarray(projection, float) * np.asarray(spending, float) / float(russia_spending)


def ukraine_force(strength_k: ArrayLike, russian_army_k: ArrayLike) -> FloatArray:
    """Ukraine's force relative to Russia's: :math:`F_U = \\text{strength} / \\text{army}_R`.

    Deterrence by denial (Snyder 1961): a larger army lowers Russia's success probability and
    raises the cost of the war.

    Examples
    --------
    >>> float(ukraine_force(350.0, 700.0))
    0.5
    """
    return np.asarray(strength_k, float) / np.asarray(russian_army_k, float)


def fait_accompli_share(delay_days: ArrayLike, time_constant_days: ArrayLike) -> FloatArray:
    """Share of a war's gains Russia secures before a response bites.

    Notes
    -----
    :math:`f = 1 - \\exp(-d/\\tau_f)`, with response delay :math:`d`. A fait accompli wins what
    it can before the defender reacts (Schelling 1966, ch. 2 for the concept; the form is a
    judgement).

    Examples
    --------
    >>> float(fait_accompli_share(0.0, 30.0))
    0.0
    >>> round(float(fait_accompli_share(30.0, 30.0)), 4)
    0.6321
    """
    return 1.0 - np.exp(-np.asarray(delay_days, float) / np.asarray(time_constant_days, float))


def war_value(
    share: ArrayLike,
    conquest_value: ArrayLike,
    yearly_cost: ArrayLike,
    years: ArrayLike,
    discount: ArrayLike,
) -> FloatArray:
    """Russia's value of a war: a lottery decided at its end, paid for every year it lasts.

    Notes
    -----
    :math:`W = \\delta^{D} x V - \\frac{1 - \\delta^{D}}{1 - \\delta}\\,k`, with Russia's
    expected share :math:`x` of the prize :math:`V`, the war's duration :math:`D` years, the
    yearly discount factor :math:`\\delta` and the yearly cost :math:`k` (the war's cost and the
    sanctions). The war as a costly lottery follows Fearon (1995); discounting over its duration
    is the standard annuity.

    Examples
    --------
    >>> round(float(war_value(0.5, 10.0, 1.0, 2.0, 0.9)), 3)
    2.15
    """
    d = np.asarray(discount, float)
    late = d ** np.asarray(years, float)
    prize = late * np.asarray(share, float) * np.asarray(conquest_value, float)
    return prize - (1.0 - late) / (1.0 - d) * np.asarray(yearly_cost, float)


def escalation_probability(
    risk: ArrayLike, exposure: ArrayLike, guarantor_share: ArrayLike
) -> FloatArray:
    """Probability that pressing on against guarantor forces ends in catastrophe.

    Notes
    -----
    :math:`q = \\min(1, q_0 (1 + e)\\,\\sigma)`: the brinkmanship risk :math:`q_0` (Powell 1987,
    1990) grows with the guarantors' share :math:`\\sigma = G / F_D` of the force Russia fights
    (a small intervention is a small war) and doubles when guarantor troops stand at the contact
    line (exposure :math:`e = 1`), where fighting between forces in contact is hardest to control
    (the form is a judgement).

    Examples
    --------
    >>> float(escalation_probability(0.05, 1.0, 0.5))
    0.05
    """
    share = np.asarray(guarantor_share, float)
    return np.minimum(1.0, np.asarray(risk, float) * (1.0 + np.asarray(exposure, float)) * share)


def shortfall(pledged: ArrayLike, chosen: ArrayLike) -> FloatArray:
    """Fraction by which a response falls short of the pledge.

    Levels are 0 none, 1 support, 2 intervene.

    Notes
    -----
    :math:`s = \\max(0, \\ell_p - \\ell_c) / \\ell_p`, and 0 when nothing is pledged.

    Examples
    --------
    >>> float(shortfall(2, 1)), float(shortfall(1, 2)), float(shortfall(0, 0))
    (0.5, 0.0, 0.0)
    """
    p = np.asarray(pledged, float)
    gap = np.maximum(p - np.asarray(chosen, float), 0.0)
    return np.divide(gap, p, out=np.zeros(np.broadcast_shapes(p.shape, gap.shape)), where=p > 0)


# -- acceptability -----------------------------------------------------------------------------
def intrusiveness(
    troops_k: ArrayLike,
    exposure: ArrayLike,
    aircraft: ArrayLike,
    legal_weight: ArrayLike,
    us_presence: ArrayLike,
    weights: Sequence[ArrayLike],
) -> FloatArray:
    """How intrusive a guarantee is in Russia's eyes, on [0, 1].

    Notes
    -----
    :math:`I = (w_T T/60 + w_e e + w_A N_{air}/150 + w_\\ell \\ell + w_u u) / \\sum w`, with troops
    :math:`T` (thousands), exposure :math:`e` of the posture, aircraft :math:`N_{air}`, legal
    weight :math:`\\ell` and US presence :math:`u`; the weights (troops, exposure, air, legal, us)
    are judgements. The most intrusive guarantee (60k troops at the contact line, 150 aircraft,
    treaty, US armed backstop) scores 1.

    Examples
    --------
    >>> round(float(intrusiveness(60.0, 1.0, 150.0, 1.0, 1.0, (0.3, 0.2, 0.15, 0.15, 0.2))), 12)
    1.0
    """
    w_t, w_e, w_a, w_l, w_u = (np.asarray(w, float) for w in weights)
    total = (
        w_t * np.asarray(troops_k, float) / MAX_TROOPS_K
        + w_e * np.asarray(exposure, float)
        + w_a * np.asarray(aircraft, float) / MAX_AIRCRAFT
        + w_l * np.asarray(legal_weight, float)
        + w_u * np.asarray(us_presence, float)
    )
    return total / (w_t + w_e + w_a + w_l + w_u)


def annuity(per_quarter_value: ArrayLike, quarters: ArrayLike, discount_q: ArrayLike) -> FloatArray:
    """Present value of a value received every quarter for ``quarters`` quarters (∞ allowed):
    :math:`u\\,(1 - \\delta_q^{n})/(1 - \\delta_q)`.

    >>> round(float(annuity(1.0, np.inf, 0.5)), 6)
    2.0
    """
    d = np.asarray(discount_q, float)
    return (
        np.asarray(per_quarter_value, float) * (1.0 - d ** np.asarray(quarters, float)) / (1.0 - d)
    )
