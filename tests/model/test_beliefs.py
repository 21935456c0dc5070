"""Beta-Bernoulli updating of Russia's beliefs (Gelman et al. 2013, §2.4)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model.beliefs import MEAN_FLOOR, from_mean, mean, observe, recentred

YES, NO = np.array([True]), np.array([False])


def test_conjugate_update_counts():
    a, b = from_mean(np.array([0.5]), np.array([4.0]))
    for answered in (YES, NO, NO):
        a, b = observe(a, b, answered=answered, seen=YES)
    assert (float(a[0]), float(b[0])) == (3.0, 4.0)
    assert float(mean(a, b)[0]) == pytest.approx(3 / 7)


@given(st.floats(0.0, 1.0), st.floats(0.1, 100.0))
def test_unanswered_lowers_answered_raises(m, strength):
    a, b = from_mean(np.array([m]), np.array([strength]))
    lower = mean(*observe(a, b, answered=NO, seen=YES))
    higher = mean(*observe(a, b, answered=YES, seen=YES))
    assert lower[0] < mean(a, b)[0] < higher[0]
    assert float((a + b)[0]) == pytest.approx(strength)


def test_unseen_weight_and_recentring():
    a, b = from_mean(np.array([0.6]), np.array([10.0]))
    unseen = observe(a, b, answered=NO, seen=NO)
    assert float(unseen[0][0]) == float(a[0]) and float(unseen[1][0]) == float(b[0])
    assert float(observe(a, b, answered=NO, seen=YES, weight=0.5)[1][0]) == pytest.approx(4.5)
    r = recentred(a, b, np.array([0.4]))
    assert float(mean(*r)[0]) == pytest.approx(0.4) and float((r[0] + r[1])[0]) == 10.0
    assert float(mean(*from_mean(np.array([0.0]), np.array([2.0])))[0]) == pytest.approx(MEAN_FLOOR)
