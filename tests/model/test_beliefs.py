"""Beta-Bernoulli updating of Russia's beliefs (Gelman et al. 2013, §2.4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model.beliefs import MEAN_FLOOR, BetaBelief


def test_conjugate_update_counts():
    b = BetaBelief.from_mean(0.5, strength=4)
    b = b.observe(answered=True).observe(answered=False).observe(answered=False)
    assert (b.alpha, b.beta) == (3.0, 4.0)
    assert b.mean == pytest.approx(3 / 7)


@given(st.floats(0.0, 1.0), st.floats(0.1, 100.0))
def test_unanswered_lowers_answered_raises(mean, strength):
    b = BetaBelief.from_mean(mean, strength=strength)
    assert b.observe(answered=False).mean < b.mean < b.observe(answered=True).mean
    assert b.strength == pytest.approx(strength)


def test_spillover_weight_and_recentring():
    b = BetaBelief.from_mean(0.6, strength=10)
    assert b.observe(answered=False, weight=0.5).beta == pytest.approx(4.5)
    r = b.recentred(-0.2)
    assert r.mean == pytest.approx(0.4) and r.strength == pytest.approx(10)
    assert BetaBelief.from_mean(0.0, strength=2).mean == pytest.approx(MEAN_FLOOR)


def test_invalid():
    with pytest.raises(ValueError):
        BetaBelief(0.0, 1.0)
    with pytest.raises(ValueError):
        BetaBelief.from_mean(0.5, strength=0)
