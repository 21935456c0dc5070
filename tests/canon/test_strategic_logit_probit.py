"""Strategic logit and probit: choice probabilities of the two-stage deterrence game.

Signorino, C. S. (1999), "Strategic interaction and the statistical analysis of international
conflict", *American Political Science Review* 93(2), 279-297, and Signorino, C. S., & Tarar, A.
(2006), "A unified theory and test of extended immediate deterrence", *American Journal of
Political Science* 50(3), 586-605: with random utility errors on each action (agent error), the
Defender resists with probability p_R = F(U_D(war) - U_D(cap)) and the Challenger challenges
with probability p_C = F(p_R U_C(war) + (1 - p_R) U_C(cap) - U_C(SQ)), where F is the logistic
function scaled by lambda (logit; the agent quantal-response equilibrium of McKelvey & Palfrey
1998) or Phi(. / (sigma sqrt 2)) for independent normal errors of standard deviation sigma
(probit). The recursion over the tree of ``strategic_deterrence_logit_probit`` must reproduce
these closed forms.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit, ndtr

from sim.equilibria.backward_induction import backward_induction
from sim.equilibria.solve import solve

U = {"U_C_SQ": 0.0, "U_C_cap": 1.0, "U_C_war": -1.5, "U_D_cap": -1.0, "U_D_war": -0.5}


def _logit(lam):
    def choice(values):
        z = lam * (values - values.max(axis=0))
        weights = np.exp(z)
        return weights / weights.sum(axis=0)

    return choice


def _probit(sigma):
    def choice(values):
        if values.shape[0] != 2:
            raise ValueError("the probit closed form here is for two actions")
        p1 = ndtr((values[1] - values[0]) / (sigma * np.sqrt(2.0)))
        return np.stack([1 - p1, p1])

    return choice


def _closed_form(cdf, u_c_cap):
    p_r = cdf(U["U_D_war"] - U["U_D_cap"])
    p_c = cdf(p_r * U["U_C_war"] + (1 - p_r) * u_c_cap - U["U_C_SQ"])
    return p_c, p_r


def _probabilities(game, behaviour):
    root = game.root
    defender = root.child("challenge")
    p_c = behaviour[root.id][root.actions.index("challenge")]
    p_r = behaviour[defender.id][defender.actions.index("resist")]
    return p_c, p_r


@pytest.mark.parametrize("lam", [0.5, 1.0, 3.0])
def test_logit_recursion_matches_closed_form(canon, quantal_response, lam):
    grid = np.linspace(-1.0, 4.0, 26)  # the Challenger's value of a capitulation
    game = canon("strategic_deterrence_logit_probit", U_C_cap=grid)
    p_c, p_r = _probabilities(game, quantal_response(game, _logit(lam)))
    want_c, want_r = _closed_form(lambda x: expit(lam * x), grid)
    np.testing.assert_allclose(p_r, want_r, rtol=0, atol=1e-12)
    np.testing.assert_allclose(p_c, want_c, rtol=0, atol=1e-12)


@pytest.mark.parametrize("sigma", [0.3, 1.0, 2.0])
def test_probit_recursion_matches_closed_form(canon, quantal_response, sigma):
    grid = np.linspace(-1.0, 4.0, 26)
    game = canon("strategic_deterrence_logit_probit", U_C_cap=grid)
    p_c, p_r = _probabilities(game, quantal_response(game, _probit(sigma)))
    want_c, want_r = _closed_form(lambda x: ndtr(x / (sigma * np.sqrt(2.0))), grid)
    np.testing.assert_allclose(p_r, want_r, rtol=0, atol=1e-12)
    np.testing.assert_allclose(p_c, want_c, rtol=0, atol=1e-12)


def test_worked_numbers(canon, quantal_response):
    """At lambda = 1: p_R = expit(0.5) = 0.6225, p_C = expit(0.6225 (-1.5) + 0.3775) = 0.3644."""
    game = canon("strategic_deterrence_logit_probit")
    p_c, p_r = _probabilities(game, quantal_response(game, _logit(1.0)))
    assert float(p_r) == pytest.approx(0.622459, abs=1e-6)
    assert float(p_c) == pytest.approx(0.364439, abs=1e-6)


def test_noise_vanishes_into_the_subgame_perfect_equilibrium(canon, quantal_response):
    game = canon("strategic_deterrence_logit_probit")
    spe = backward_induction(game)
    p_c, p_r = _probabilities(game, quantal_response(game, _logit(200.0)))
    root, defender = game.root, game.root.child("challenge")
    assert root.actions[int(spe.choice[root.id])] == "status_quo"
    assert defender.actions[int(spe.choice[defender.id])] == "resist"
    assert float(p_c) < 1e-6 and float(p_r) > 1 - 1e-6


@pytest.mark.parametrize("lam", [0.5, 2.0])
def test_agent_logit_qre_solver_matches_closed_form(canon, lam):
    """The engine's agent-form logit QRE (``solve(..., 'qre')``) is the same recursion."""
    game = canon("strategic_deterrence_logit_probit")
    result = solve(game, "qre", lam=lam)
    assert len(result.equilibria) == 1
    challenger, defender = result.equilibria[0].strategies
    want_c, want_r = _closed_form(lambda x: expit(lam * x), U["U_C_cap"])
    root, node = game.root, game.root.child("challenge")
    assert challenger[0][root.actions.index("challenge")] == pytest.approx(want_c, abs=1e-8)
    assert defender[0][node.actions.index("resist")] == pytest.approx(want_r, abs=1e-8)
