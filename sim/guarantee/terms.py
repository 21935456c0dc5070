"""The named payoff terms of the guarantee game, one small function each.

Every function takes floats or numpy arrays (which broadcast) and returns the same, so the guarantee
game can be built for one scenario or for a whole parameter grid. ``docs/model.md`` assembles these
terms into the payoffs of DESIGN.md §3 (:mod:`sim.guarantee.tree`); each function's docstring gives
its formula and its source. Numbers marked "judgement" are the modeller's, not a source's.

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

EXPOSURE: dict[str, float] = {
    "none": 0.0,
    "rear_hubs": 0.3,
    "near_front": 0.7,
    "contact_line": 1.0,
}
"""Exposure of stationed troops to a Russian attack, by posture (judgement)."""

LEGAL_WEIGHT: dict[str, float] = {"declaration": 0.1, "executive": 0.4, "treaty": 1.0}
"""Share of the full (treaty) audience cost incurred by reneging, by legal form (judgement,
after Fearon 1997: ratified commitments tie hands more than executive pledges or declarations)."""

COVERAGE: dict[str, dict[str, float]] = {
    "any_violation": {"probe": 1.0, "invade": 1.0},
    "armed_attack": {"probe": 0.0, "invade": 1.0},
    "widespread_deliberate_sustained": {"probe": 0.0, "invade": 0.7},
}
"""Share of each Russian action the trigger clause covers (judgement: a
'widespread, deliberate and sustained' clause leaves room to argue an invasion is not covered)."""

CONDITIONALITY_ESCAPE = 0.2
"""Share of commitment (and of reneging cost) a strict anti-entrapment clause lets a guarantor
escape by arguing that Ukraine provoked (judgement; Snyder 1984)."""

US_INTERVENTION_SHARE: dict[str, float] = {
    "none": 0.5,
    "isr_logistics": 0.5,
    "air": 0.5,
    "armed": 1.0,
}
"""Share of full US combat power a US intervention brings: without a pledged armed backstop a US
intervention is an air campaign (judgement)."""

US_PRESENCE: dict[str, float] = {"none": 0.0, "isr_logistics": 0.25, "air": 0.6, "armed": 1.0}
"""How intrusive each US backstop is in Russia's eyes, on [0, 1] (judgement)."""

AIRCRAFT_PER_FORCE = 300.0
"""Combat aircraft worth one unit of Russian force in the contest success function
(judgement: 150 modern aircraft, the schema maximum, add half of Russia's committed force)."""

MAX_TROOPS_K = 60.0
"""Troops (thousands) of the most intrusive presence; the schema maximum."""

MAX_AIRCRAFT = 150.0
"""Aircraft of the most intrusive presence; the schema maximum."""

INTRUSIVENESS_WEIGHTS: dict[str, float] = {
    "troops": 0.3,
    "exposure": 0.2,
    "air": 0.15,
    "legal": 0.15,
    "us": 0.2,
}
"""Weights of the components of :func:`intrusiveness` (judgement; they sum to 1)."""


def tripwire(exposure: ArrayLike, troops_k: ArrayLike, scale_k: ArrayLike) -> FloatArray:
    """Probability that stationed troops make the coalition's response automatic.

    Notes
    -----
    :math:`\\tau = e\\,(1 - \\exp(-T/k))`, with exposure :math:`e` of the posture
    (:data:`EXPOSURE`), troops :math:`T` (thousands) and scale :math:`k`. Troops in harm's way make
    a response all but certain whatever the capitals prefer: the tripwire of Schelling (1960,
    ch. 8; 1966, ch. 2).

    References
    ----------
    Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
    Schelling, T. C. (1966). *Arms and Influence*. Yale University Press.

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
    n_eff: float,
    us_commitment: ArrayLike = 1.0,
    strict: bool = False,
) -> FloatArray:
    """The coalition's political probability of being committed.

    Notes
    -----
    With automaticity :math:`a`:
    independent members, :math:`A = a`; a US-led coalition, :math:`A = a\\,c_{US}` (it follows
    the US, committed with probability :math:`c_{US}`); unanimity, :math:`A = a^{n_{eff}}`
    (every effective member must be committed). A strict anti-entrapment clause multiplies the
    result by :math:`1 - \\epsilon` (:data:`CONDITIONALITY_ESCAPE`). Chance commitment follows
    Schelling's threat that leaves something to chance (1966, ch. 3); the aggregation rules are
    the modeller's judgement.

    Examples
    --------
    >>> float(political_commitment(0.5, "unanimity", 2.0))
    0.25
    >>> float(political_commitment(0.5, "independent", 2.0, strict=True))
    0.4
    """
    a = np.asarray(automaticity, dtype=float)
    if aggregation == "independent":
        out = a
    elif aggregation == "us_led":
        out = a * np.asarray(us_commitment, dtype=float)
    elif aggregation == "unanimity":
        out = a**n_eff
    else:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    return out * (1.0 - CONDITIONALITY_ESCAPE) if strict else out


def coverage(trigger: str, action: str) -> float:
    """Share of a Russian ``action`` (``probe`` or ``invade``) covered by the ``trigger``.

    See :data:`COVERAGE` (judgement).

    Examples
    --------
    >>> coverage("armed_attack", "probe"), coverage("armed_attack", "invade")
    (0.0, 1.0)
    """
    return COVERAGE[trigger][action]


def coalition_commitment(
    political: ArrayLike, cover: ArrayLike, tripwire_prob: ArrayLike
) -> FloatArray:
    """Probability κ_E that the coalition is committed to respond to an action.

    Notes
    -----
    :math:`\\kappa_E = 1 - (1 - A\\,c)(1 - \\tau)`: committed either politically (probability
    :math:`A c`, political commitment times coverage) or by the tripwire :math:`\\tau`, the two
    independent. After a probe the tripwire is not engaged (``tripwire_prob = 0``). Schelling
    (1966).

    Examples
    --------
    >>> float(coalition_commitment(0.5, 1.0, 0.5))
    0.75
    """
    ac = np.asarray(political, float) * np.asarray(cover, float)
    return 1.0 - (1.0 - ac) * (1.0 - np.asarray(tripwire_prob, float))


def us_commitment(
    automaticity: ArrayLike, resolve: ArrayLike, cover: ArrayLike, pledged: bool, strict: bool
) -> FloatArray:
    """Probability κ_US that the United States is committed to its backstop.

    Notes
    -----
    :math:`\\kappa_{US} = a\\,r\\,c` if a backstop is pledged, else 0, with resolve :math:`r`
    (probability the US political system honours the pledge) and coverage :math:`c`; times
    :math:`1-\\epsilon` under a strict clause.

    Examples
    --------
    >>> float(us_commitment(0.5, 0.8, 1.0, True, False))
    0.4
    """
    base = np.asarray(automaticity, float) * np.asarray(resolve, float) * np.asarray(cover, float)
    if not pledged:
        return base * 0.0
    return base * (1.0 - CONDITIONALITY_ESCAPE) if strict else base


def contest_success(force_r: ArrayLike, force_d: ArrayLike, gamma: ArrayLike) -> FloatArray:
    """Probability that Russia wins a war: the Tullock contest success function.

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


def ukraine_force(strength_k: ArrayLike, russian_army_k: ArrayLike) -> FloatArray:
    """Ukraine's force relative to Russia's: :math:`F_U = \\text{strength} / \\text{army}_R`.

    Deterrence by denial (Snyder 1961): a larger army lowers Russia's success probability.

    Examples
    --------
    >>> float(ukraine_force(350.0, 700.0))
    0.5
    """
    return np.asarray(strength_k, float) / np.asarray(russian_army_k, float)


def supported_force(base: ArrayLike, boosts: ArrayLike) -> FloatArray:
    """Ukraine's force with guarantor support: :math:`F_U (1 + \\sum_j b_j)`.

    ``boosts`` is the summed boost :math:`\\sum_j b_j` of the supporting guarantors, each
    :math:`b_j` = support boost × capacity share (judgement).

    Examples
    --------
    >>> float(supported_force(0.5, 1.0))
    1.0
    """
    return np.asarray(base, float) * (1.0 + np.asarray(boosts, float))


def fait_accompli_share(delay_days: ArrayLike, time_constant_days: ArrayLike) -> FloatArray:
    """Share of a war's gains Russia secures before a response bites.

    Notes
    -----
    :math:`f = 1 - \\exp(-d/\\tau_f)`, with response delay :math:`d`. A fait accompli wins what
    it can before the defender reacts (Schelling 1966, ch. 2; judgement for the functional form).

    Examples
    --------
    >>> float(fait_accompli_share(0.0, 30.0))
    0.0
    >>> round(float(fait_accompli_share(30.0, 30.0)), 4)
    0.6321
    """
    return 1.0 - np.exp(-np.asarray(delay_days, float) / np.asarray(time_constant_days, float))


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


def free_riding_stake(stake: ArrayLike, n_eff: ArrayLike, beta: ArrayLike) -> FloatArray:
    """The coalition's effective stake in Ukraine's survival under free riding.

    Notes
    -----
    :math:`S_{\\text{eff}} = S\\,n_{\\text{eff}}^{-\\beta}`: each member counts on the others, so
    the collective acts as if it valued the public good less the more members share it (Olson &
    Zeckhauser 1966; the exponent β is a judgement).

    References
    ----------
    Olson, M., & Zeckhauser, R. (1966). An economic theory of alliances. *Review of Economics and
    Statistics* 48(3).

    Examples
    --------
    >>> float(free_riding_stake(4.0, 4.0, 0.5))
    2.0
    """
    n = np.maximum(np.asarray(n_eff, float), 1.0)
    return np.asarray(stake, float) * n ** (-np.asarray(beta, float))


def escalation_probability(risk: ArrayLike, exposure: ArrayLike) -> FloatArray:
    """Probability that pressing on against guarantor forces ends in catastrophe.

    Notes
    -----
    :math:`q = \\min(1, q_0 (1 + e))`: the brinkmanship risk :math:`q_0` (Powell 1987, 1990)
    doubles when guarantor troops stand at the contact line (exposure :math:`e = 1`), as fighting
    between nuclear-backed forces in contact is harder to control (judgement).

    Examples
    --------
    >>> float(escalation_probability(0.05, 1.0))
    0.1
    """
    return np.minimum(1.0, np.asarray(risk, float) * (1.0 + np.asarray(exposure, float)))


def intrusiveness(
    troops_k: ArrayLike,
    exposure: ArrayLike,
    aircraft: ArrayLike,
    legal_weight: ArrayLike,
    us_presence: ArrayLike,
) -> FloatArray:
    """How intrusive a guarantee is in Russia's eyes, on [0, 1].

    Notes
    -----
    :math:`I = 0.3\\,T/60 + 0.2\\,e + 0.15\\,N_{air}/150 + 0.15\\,\\ell + 0.2\\,u`, with troops
    :math:`T` (thousands), exposure :math:`e`, aircraft :math:`N_{air}`, legal weight
    :math:`\\ell` and US presence :math:`u` (:data:`US_PRESENCE`); weights in
    :data:`INTRUSIVENESS_WEIGHTS` (judgement). The most intrusive guarantee (60k troops at the
    contact line, 150 aircraft, treaty, US armed backstop) scores 1.

    Examples
    --------
    >>> round(float(intrusiveness(60.0, 1.0, 150.0, 1.0, 1.0)), 12)
    1.0
    >>> round(float(intrusiveness(0.0, 0.0, 0.0, 0.1, 0.0)), 3)
    0.015
    """
    w = INTRUSIVENESS_WEIGHTS
    return (
        w["troops"] * np.asarray(troops_k, float) / MAX_TROOPS_K
        + w["exposure"] * np.asarray(exposure, float)
        + w["air"] * np.asarray(aircraft, float) / MAX_AIRCRAFT
        + w["legal"] * np.asarray(legal_weight, float)
        + w["us"] * np.asarray(us_presence, float)
    )


def ceasefire_value(
    round_value: ArrayLike,
    presence: ArrayLike,
    lapsed_value: ArrayLike,
    discount: ArrayLike,
    horizon: ArrayLike,
) -> FloatArray:
    """Russia's value of a ceasefire under a guarantee that lasts ``horizon`` years.

    Notes
    -----
    :math:`V_{cf} = \\frac{1-\\delta^T}{1-\\delta}(u - P) + \\frac{\\delta^T}{1-\\delta} u_0`,
    i.e. :math:`\\sum_{t<T} \\delta^t (u - P) + \\sum_{t \\ge T} \\delta^t u_0`, with the
    per-round equilibrium value :math:`u` under the guarantee, its yearly presence cost
    :math:`P`, the value :math:`u_0` once it lapses and :math:`\\delta^\\infty = 0`. The
    repeated-game valuation of a settlement follows Powell (1990) and Fearon (1995).

    Examples
    --------
    >>> round(float(ceasefire_value(0.0, 1.0, 2.0, 0.5, 1.0)), 6)
    1.0
    >>> float(ceasefire_value(1.0, 0.0, 5.0, 0.5, np.inf))
    2.0
    """
    d = np.asarray(discount, float)
    tail = d ** np.asarray(horizon, float)
    return (
        (1.0 - tail) * (np.asarray(round_value, float) - np.asarray(presence, float))
        + tail * np.asarray(lapsed_value, float)
    ) / (1.0 - d)


def war_value(yearly: ArrayLike, discount: ArrayLike) -> FloatArray:
    """Russia's value of continuing the war forever: :math:`V_{war} = w / (1 - \\delta)`.

    Examples
    --------
    >>> float(war_value(-1.0, 0.9))
    -10.000000000000002
    """
    return np.asarray(yearly, float) / (1.0 - np.asarray(discount, float))
