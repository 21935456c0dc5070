"""Each term of the guarantee game at worked numbers (formulas in docs/model.md)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.guarantee import terms as pt


def test_time_conversions() -> None:
    # A yearly rate r becomes 1 − (1 − r)^¼ a quarter; four quarters give back r.
    q = float(pt.per_quarter(0.19))
    assert 1 - (1 - q) ** 4 == pytest.approx(0.19)
    assert float(pt.quarterly_discount(0.9)) ** 4 == pytest.approx(0.9)
    assert float(pt.per_quarter(0.0)) == 0.0


def test_tripwire_schelling_worked_numbers() -> None:
    # τ = e (1 − exp(−T/k)): 30k at the contact line with k = 5k is all but certain.
    assert pt.tripwire(1.0, 30.0, 5.0) == pytest.approx(1 - math.exp(-6))
    assert pt.tripwire(0.3, 5.0, 5.0) == pytest.approx(0.3 * (1 - math.exp(-1)))
    assert pt.tripwire(0.0, 60.0, 5.0) == 0.0
    assert pt.tripwire(0.7, 0.0, 5.0) == 0.0


def test_effective_members_is_inverse_herfindahl() -> None:
    assert pt.effective_members([2.0, 2.0, 2.0]) == pytest.approx(3.0)
    assert pt.effective_members([3.0, 1.0]) == pytest.approx(16 / 10)
    assert pt.effective_members([5.0]) == pytest.approx(1.0)
    assert pt.effective_members([]) == 0.0


def test_political_commitment_aggregation_rules() -> None:
    assert pt.political_commitment(0.6, "independent", 4.0) == pytest.approx(0.6)
    assert pt.political_commitment(0.6, "us_led", 4.0, us_commitment=0.5) == pytest.approx(0.3)
    assert pt.political_commitment(0.6, "unanimity", 2.0) == pytest.approx(0.36)
    # Unanimity is harder the more effective members must agree; one member is independent.
    assert pt.political_commitment(0.6, "unanimity", 1.0) == pytest.approx(0.6)
    assert pt.political_commitment(0.6, "unanimity", 5.0) < pt.political_commitment(
        0.6, "unanimity", 2.0
    )
    with pytest.raises(ValueError, match="aggregation"):
        pt.political_commitment(0.5, "majority", 2.0)


def test_coverage_table() -> None:
    assert pt.coverage("any_violation", "probe", 0.7) == 1.0
    assert pt.coverage("any_violation", "invade", 0.7) == 1.0
    assert pt.coverage("armed_attack", "probe", 0.7) == 0.0
    assert pt.coverage("armed_attack", "invade", 0.7) == 1.0
    assert pt.coverage("widespread_deliberate_sustained", "invade", 0.7) == 0.7
    assert pt.coverage("widespread_deliberate_sustained", "probe", 0.7) == 0.0
    with pytest.raises(ValueError, match="trigger"):
        pt.coverage("any_attack", "invade", 0.7)


def test_coalition_commitment() -> None:
    # κ_E = 1 − (1 − A c)(1 − τ) = 1 − 0.6 · 0.5 = 0.7
    assert pt.coalition_commitment(0.4, 1.0, 0.5) == pytest.approx(0.7)
    assert pt.coalition_commitment(0.4, 0.0, 0.0) == 0.0
    assert pt.coalition_commitment(0.0, 1.0, 0.3) == pytest.approx(0.3)


def test_contest_success_tullock() -> None:
    # Tullock (1980): p = F_R^γ / (F_R^γ + F_D^γ); equal forces give 1/2 for any γ.
    assert pt.contest_success(1.0, 1.0, 3.0) == pytest.approx(0.5)
    assert pt.contest_success(1.0, 2.0, 1.0) == pytest.approx(1 / 3)
    assert pt.contest_success(1.0, 2.0, 2.0) == pytest.approx(1 / 5)
    assert pt.ukraine_force(800.0, 700.0) == pytest.approx(8 / 7)


def test_projected_power_is_spending_relative_to_russia() -> None:
    # P = π W / W_R: the US (997) against Russia (149) with π = 0.25.
    assert pt.projected_power(997.0, 149.0, 0.25) == pytest.approx(0.25 * 997 / 149)
    assert pt.projected_power(0.0, 149.0, 0.25) == 0.0


def test_fait_accompli() -> None:
    assert pt.fait_accompli_share(0.0, 30.0) == 0.0
    assert pt.fait_accompli_share(60.0, 30.0) == pytest.approx(1 - math.exp(-2))


def test_war_value_is_a_discounted_costly_lottery() -> None:
    # W = δ^D x V − (1 − δ^D)/(1 − δ) k; D = 2, δ = 0.9: 0.81·5 − 1.9·1 = 2.15.
    assert pt.war_value(0.5, 10.0, 1.0, 2.0, 0.9) == pytest.approx(2.15)
    # A longer war at the same yearly cost is worth less; a larger share more.
    assert pt.war_value(0.5, 10.0, 1.0, 4.0, 0.9) < pt.war_value(0.5, 10.0, 1.0, 2.0, 0.9)
    assert pt.war_value(0.7, 10.0, 1.0, 2.0, 0.9) > pt.war_value(0.5, 10.0, 1.0, 2.0, 0.9)


def test_escalation_grows_with_the_guarantors_share_and_exposure() -> None:
    # q = min(1, q0 (1 + e) σ)
    assert pt.escalation_probability(0.05, 0.0, 1.0) == pytest.approx(0.05)
    assert pt.escalation_probability(0.05, 1.0, 1.0) == pytest.approx(0.10)
    assert pt.escalation_probability(0.05, 1.0, 0.25) == pytest.approx(0.025)
    assert pt.escalation_probability(0.8, 1.0, 1.0) == 1.0
    assert pt.escalation_probability(0.05, 1.0, 0.0) == 0.0


def test_shortfall_below_the_pledge() -> None:
    assert pt.shortfall(2, 0) == 1.0
    assert pt.shortfall(2, 1) == 0.5
    assert pt.shortfall(1, 2) == 0.0
    assert pt.shortfall(0, 0) == 0.0


def test_intrusiveness_and_annuity() -> None:
    w = (0.3, 0.2, 0.15, 0.15, 0.2)
    assert pt.intrusiveness(60.0, 1.0, 150.0, 1.0, 1.0, w) == pytest.approx(1.0)
    assert pt.intrusiveness(0.0, 0.0, 0.0, 0.0, 0.0, w) == 0.0
    # 30k at the contact line, 120 aircraft, treaty, armed US backstop:
    expected = 0.3 * 0.5 + 0.2 * 1.0 + 0.15 * 0.8 + 0.15 * 1.0 + 0.2 * 1.0
    assert pt.intrusiveness(30.0, 1.0, 120.0, 1.0, 1.0, w) == pytest.approx(expected)
    # Weights are normalised: doubling all of them changes nothing.
    doubled = tuple(2 * x for x in w)
    assert pt.intrusiveness(30.0, 1.0, 120.0, 1.0, 1.0, doubled) == pytest.approx(expected)
    # u (1 − δ^n)/(1 − δ): two quarters at δ = 0.5 give 1.5 u.
    assert pt.annuity(2.0, 2, 0.5) == pytest.approx(3.0)
    assert pt.annuity(1.0, np.inf, 0.9) == pytest.approx(10.0)


@given(
    exposure=st.floats(0, 1),
    troops=st.floats(0, 60),
    force=st.floats(0.05, 5),
    gamma=st.floats(0.2, 5),
)
def test_terms_stay_in_range(exposure: float, troops: float, force: float, gamma: float) -> None:
    assert 0.0 <= float(pt.tripwire(exposure, troops, 5.0)) <= exposure
    p = float(pt.contest_success(1.0, force, gamma))
    assert 0.0 <= p <= 1.0
    assert float(pt.contest_success(1.0, force * 1.5, gamma)) <= p


def test_terms_accept_arrays() -> None:
    a = np.linspace(0, 1, 5)
    assert pt.political_commitment(a, "unanimity", 3.0).shape == (5,)
    assert pt.contest_success(1.0, a[:, None] + 0.5, np.array([1.0, 2.0])).shape == (5, 2)
