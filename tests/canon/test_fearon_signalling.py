"""Fearon (1997): tying hands versus sinking costs, separating equilibria of a signalling game.

Fearon, J. D. (1997), "Signaling foreign policy interests: Tying hands versus sinking costs",
*Journal of Conflict Resolution* 41(1), 68-90. Both signals can separate resolved from
irresolute defenders, but they work differently: a sunk cost m is paid whatever happens, an
audience cost a (tying hands) only if the Defender is challenged and backs down. In the two-type
discretisation ``fearon_tying_hands_sinking_costs`` (values v_H, v_L of the issue, war payoff
q_w v - k, challengers greedy with probability gamma, else opportunist) the conditions, derived
here, are

- tying hands separates (resolved ties, irresolute sends nothing) iff
  gamma >= v_L / (v_L - max(q_w v_L - k, -a)): a bluffer who tied its hands pays only when a
  greedy challenger calls, so the bluff must be called often enough. Worked numbers (a = 2):
  gamma* = 1 / (1 + 0.5) = 2/3;
- sinking costs separate (resolved sinks, irresolute sends nothing) iff
  (1 - gamma) v_L <= m <= (1 - gamma) ((1 - q_w) v_H + k): costly enough that the irresolute type
  will not pay for deterrence, cheap enough that the resolved type will. Worked numbers
  (gamma = 0.2, with no hands-tying technology, a = 0): 0.8 <= m <= 2.4.

Each profile is checked as a perfect Bayesian equilibrium (sequential rationality at every
information set, Bayes' rule on the path, the unused signal read as irresolute) over a batched
grid.
"""

from __future__ import annotations

import numpy as np

PARAMS = {"v_H": 4.0, "v_L": 1.0, "q_w": 0.5, "k": 1.0, "x": 1.0, "c": 1.0}


def _rule(signal_of, a, m, stay_out_after):
    def rule(player, path, infoset):
        if player == "Challenger":
            stay = float(infoset in stay_out_after)
            return [stay, 1 - stay]
        kind = "H" if path[0] == "resolved" else "L"
        if len(path) == 1:  # the signal: [no_signal, tie_hands, sink_costs]
            chosen = signal_of[kind]
            return [float(s == chosen) for s in ("no_signal", "tie_hands", "sink_costs")]
        signal = path[1]  # a challenged Defender: [back_down, fight], its best reply
        fight = PARAMS["q_w"] * PARAMS[f"v_{kind}"] - PARAMS["k"]
        back = -a if signal == "tie_hands" else 0.0
        fights = np.asarray(fight > back, dtype=float)
        return [1 - fights, fights]

    return rule


def _worst(regrets):
    return np.max(np.stack([np.asarray(r) for r in regrets.values()]), axis=0)


def test_tying_hands_separates_iff_challenges_are_likely_enough(
    canon, profile_from_rule, assessment_regret
):
    a = 2.0
    grid = np.linspace(0.0, 1.0, 121)
    game = canon("fearon_tying_hands_sinking_costs", gamma=grid, a=a)
    rule = _rule({"H": "tie_hands", "L": "no_signal"}, a, 1.5, {"after_tie_hands"})
    # at gamma = 1 no opportunist exists: beliefs then as on the path; the unused signal reads
    # as irresolute
    beliefs = {"after_no_signal": [0, 1], "after_tie_hands": [1, 0], "after_sink_costs": [0, 1]}
    regrets = assessment_regret(game, profile_from_rule(game, rule), beliefs)
    v_l, q_w, k = PARAMS["v_L"], PARAMS["q_w"], PARAMS["k"]
    star = v_l / (v_l - max(q_w * v_l - k, -a))
    assert abs(star - 2 / 3) < 1e-12
    holds = _worst(regrets) < 1e-12
    off = np.abs(grid - star) > 1e-9
    np.testing.assert_array_equal(holds[off], (grid >= star)[off])
    # below gamma*, the irresolute Defender gains by mimicking:
    # (1 - gamma) v_L + gamma (q_w v_L - k) > 0
    mimic = regrets[("Defender", ("node", _signal_node(game, "irresolute")))]
    np.testing.assert_allclose(mimic, np.maximum(0.0, (1 - grid) * v_l + grid * (q_w * v_l - k)))


def test_sinking_costs_separate_inside_the_band(canon, profile_from_rule, assessment_regret):
    gamma, a = 0.2, 0.0
    grid = np.linspace(0.0, 3.5, 141)
    game = canon("fearon_tying_hands_sinking_costs", m=grid, gamma=gamma, a=a)
    rule = _rule({"H": "sink_costs", "L": "no_signal"}, a, grid, {"after_sink_costs"})
    regrets = assessment_regret(game, profile_from_rule(game, rule), {"after_tie_hands": [0, 1]})
    low = (1 - gamma) * PARAMS["v_L"]
    high = (1 - gamma) * ((1 - PARAMS["q_w"]) * PARAMS["v_H"] + PARAMS["k"])
    assert abs(low - 0.8) < 1e-12 and abs(high - 2.4) < 1e-12
    holds = _worst(regrets) < 1e-12
    off = (np.abs(grid - low) > 1e-9) & (np.abs(grid - high) > 1e-9)
    np.testing.assert_array_equal(holds[off], ((grid >= low) & (grid <= high))[off])


def test_with_a_strong_audience_cost_tying_hands_undercuts_sinking_costs(
    canon, profile_from_rule, assessment_regret
):
    """With a >= k - q_w v_L even an irresolute Defender that tied its hands would fight, so an
    opportunist stays out after a tie whatever it believes; the irresolute type then prefers
    tying hands to the sink-cost equilibrium's 'no signal' (Fearon's point that the two signals
    differ in whom they commit)."""
    game = canon("fearon_tying_hands_sinking_costs", m=1.5, gamma=0.2, a=2.0)
    rule = _rule({"H": "sink_costs", "L": "no_signal"}, 2.0, 1.5, {"after_sink_costs"})
    profile = profile_from_rule(game, rule)
    regrets = assessment_regret(game, profile, {"after_tie_hands": [0, 1]})
    assert float(regrets[("Challenger", "after_tie_hands")]) > 0
    fixed = _rule(
        {"H": "sink_costs", "L": "no_signal"}, 2.0, 1.5, {"after_sink_costs", "after_tie_hands"}
    )
    regrets = assessment_regret(game, profile_from_rule(game, fixed), {"after_tie_hands": [0, 1]})
    mimic = float(regrets[("Defender", ("node", _signal_node(game, "irresolute")))])
    assert abs(mimic - ((1 - 0.2) * 1.0 + 0.2 * (0.5 - 1.0))) < 1e-12


def _signal_node(game, kind):
    branch = game.root.actions.index(kind)
    return game.root.children[branch].id
