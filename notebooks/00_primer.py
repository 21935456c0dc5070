# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 00 · Primer: solving a game by hand and with `solve`
#
# Before the guarantee game with four players and a few hundred nodes, two small games that every
# course on deterrence starts with: **Chicken**, a normal-form game of crisis bargaining, and the
# **Zagare–Kilgour unilateral deterrence game**, a game tree in which a Challenger is unsure whether
# the Defender would really fight.
#
# **Learning goals.** After this notebook you can
#
# 1. read a payoff matrix, mark best responses and find the pure Nash equilibria by hand;
# 2. compute a mixed equilibrium from the indifference condition;
# 3. solve a game tree with chance by backward induction and read the equilibrium path;
# 4. explain *credibility* as Zagare and Kilgour (2000) define it: a threat deters only if the
#    Challenger believes the Defender prefers to carry it out, and find the critical credibility;
# 5. check every hand calculation with `sim.equilibria.solve`.

# %% tags=["parameters"]
# Sizes that CI may shrink.
P_STEPS = 101  # grid of the Defender's credibility p in the Zagare–Kilgour sweep

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sim.analysis import plot_game_tree, plot_payoff_matrix
from sim.analysis.payoff_matrix import best_responses
from sim.equilibria import solve
from sim.equilibria.backward_induction import backward_induction
from sim.games.from_spec import game_from_spec
from sim.games.loading import load_game
from sim.scenario import load_scenario

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "scenarios" / "canon").is_dir())
CANON = ROOT / "scenarios" / "canon"

# %% [markdown]
# ## 1. Chicken
#
# Two drivers head for each other. Each can **swerve** or go **straight**. The one who swerves alone
# loses face, the one who goes straight alone wins, and if neither swerves they crash
# (Rapoport & Chammah 1966; Schelling 1966, ch. 3, reads nuclear crises this way). The scenario
# file `scenarios/canon/chicken.yaml` writes the payoffs with named parameters:

# %%
chicken_spec = load_scenario(CANON / "chicken.yaml").scenario.game
chicken = game_from_spec(chicken_spec)
tie, lose, win, crash = (chicken_spec.parameters[k] for k in ("tie", "lose", "win", "crash"))
print(chicken)
print("parameters:", dict(chicken_spec.parameters))
A, B = chicken.to_bimatrix()
print("Row's payoffs A =\n", A, "\nColumn's payoffs B =\n", B)

# %% [markdown]
# ### By hand: best responses
#
# For each action of Column, which action gives Row the most? For each action of Row, which gives
# Column the most? A cell where *both* players are best-responding is a **pure Nash equilibrium**
# (Nash 1951): nobody gains by changing their action alone.

# %%
for j, column_action in enumerate(chicken.actions[1]):
    best = chicken.actions[0][int(np.argmax(A[:, j]))]
    print(f"if Column plays {column_action:8s} Row's best response is {best}")
for i, row_action in enumerate(chicken.actions[0]):
    best = chicken.actions[1][int(np.argmax(B[i, :]))]
    print(f"if Row plays {row_action:8s}    Column's best response is {best}")

# %%
row_best, column_best = best_responses(chicken)  # the same marks, as arrays
print("pure equilibria (both best-responding):", np.argwhere(row_best & column_best).tolist())

# %% [markdown]
# `plot_payoff_matrix` draws the same marks: a boxed payoff is a best response, a shaded cell has
# both payoffs boxed, i.e. a pure equilibrium. Given `solve`'s result it also lists every
# equilibrium, mixed ones included.

# %%
chicken_result = solve(chicken)
ax = plot_payoff_matrix(chicken, chicken_result)
plt.show()

# %% [markdown]
# ### By hand: the mixed equilibrium
#
# In a mixed equilibrium each driver makes the other **indifferent**. If Column goes straight with
# probability $q$, Row's two actions are worth
#
# $$u(\text{swerve}) = (1-q)\,\text{tie} + q\,\text{lose}, \qquad
#   u(\text{straight}) = (1-q)\,\text{win} + q\,\text{crash},$$
#
# and they are equal at
#
# $$q^* = \frac{\text{win} - \text{tie}}
#   {(\text{win} - \text{tie}) + (\text{lose} - \text{crash})}.$$
#
# The worse the crash, the *less* often a rational driver goes straight, but the crash is never
# ruled out: it happens with probability $(q^*)^2$.

# %%
q_star = (win - tie) / ((win - tie) + (lose - crash))
print(f"q* = {q_star:.4f};  probability of a crash (q*)^2 = {q_star**2:.4f}")

q = np.linspace(0, 1, 201)
fig, ax = plt.subplots(figsize=(5.5, 3.2))
ax.plot(q, (1 - q) * tie + q * lose, label="Row swerves")
ax.plot(q, (1 - q) * win + q * crash, label="Row goes straight")
ax.axvline(q_star, color="grey", ls="--", lw=0.8)
ax.annotate(f"q* = {q_star:.2f}", (q_star, 0), xytext=(8, 10), textcoords="offset points")
ax.set_xlabel("q = probability that Column goes straight")
ax.set_ylabel("Row's expected payoff")
ax.set_title("Chicken: Row is indifferent at q*")
ax.legend()
plt.show()

# %% [markdown]
# ### With `solve`
#
# `sim.equilibria.solve(game)` enumerates **every** Nash equilibrium of a two-player game (support
# and vertex enumeration, merged and checked), and returns each with its *regret*: the most any
# player could gain by deviating. A regret of zero certifies an equilibrium.

# %%
for k, eq in enumerate(chicken_result, start=1):
    row, column = (np.round(s, 4).tolist() for s in eq.strategies)
    print(
        f"{k}. Row {row}, Column {column}, payoffs {np.round(eq.payoffs, 4).tolist()}, "
        f"regret {eq.regret:.1e}"
    )
mixed = [eq for eq in chicken_result if 0 < eq.strategies[0][1] < 1]
assert len(chicken_result) == 3 and len(mixed) == 1
assert np.isclose(mixed[0].strategies[1][1], q_star)  # the hand calculation agrees

# %% [markdown]
# **Reading.** Two pure equilibria, each favouring a different driver, and a mixed one that is
# worse for both than any pure one. Which one is played is the bargaining problem; Schelling's
# advice is to *commit* first (throw the steering wheel out of the window). Commitment is what a
# security guarantee tries to buy.

# %% [markdown]
# ## 2. Zagare and Kilgour's unilateral deterrence game
#
# The Challenger leaves the status quo alone (**SQ**) or challenges. The Defender then concedes
# (**DC**) or denies (**DD**, conflict). A *Hard* Defender prefers DD to DC; a *Soft* one prefers
# to concede. The Challenger does not know which it faces: it believes the Defender is Hard with
# probability $p$, the Defender's **credibility** (Zagare & Kilgour 2000). Nature's draw of the type
# is drawn after the Challenger's move; since the Challenger cannot see it either way, the tree has
# perfect information with chance and backward induction solves it.

# %%
zk_spec = load_scenario(CANON / "zagare_kilgour_unilateral.yaml").scenario.game
zk = load_game(CANON / "zagare_kilgour_unilateral.yaml")
zp = dict(zk_spec.parameters)
print({k: zp[k] for k in ("p", "c_SQ", "c_DC", "c_DD")})

# %% [markdown]
# ### By hand: backward induction
#
# 1. At the Defender's nodes: the Hard Defender denies ($d_{DD}^{hard} > d_{DC}^{hard}$), the Soft
#    one concedes ($d_{DC}^{soft} > d_{DD}^{soft}$).
# 2. So a challenge is worth $p\,c_{DD} + (1-p)\,c_{DC}$ to the Challenger, against $c_{SQ}$ for
#    leaving things alone. It challenges iff
#
# $$p < p^* = \frac{c_{DC} - c_{SQ}}{c_{DC} - c_{DD}}.$$
#
# The threat deters only when the Defender is believed to be Hard often enough.

# %%
hard_denies = zp["d_DD_hard"] > zp["d_DC_hard"]
soft_concedes = zp["d_DC_soft"] > zp["d_DD_soft"]
value_challenge = zp["p"] * zp["c_DD"] + (1 - zp["p"]) * zp["c_DC"]
p_star = (zp["c_DC"] - zp["c_SQ"]) / (zp["c_DC"] - zp["c_DD"])
print(f"Hard denies: {hard_denies}; Soft concedes: {soft_concedes}")
print(f"at p = {zp['p']}: challenge is worth {value_challenge:.3f}, the status quo {zp['c_SQ']}")
print(f"critical credibility p* = {p_star:.4f}")

# %% [markdown]
# ### With `solve` and the game tree
#
# `solve(tree, "spe")` runs backward induction (every pure subgame-perfect equilibrium, certified
# by a one-shot-deviation check at every node). `plot_game_tree` draws the tree: the equilibrium
# path thick, the equilibrium choice at nodes that play never reaches dashed (the Defender's
# *threat*), and each outcome with its probability in brackets.

# %%
zk_result = solve(zk, "spe")
print(zk_result.to_dict()["equilibria"])
spe = backward_induction(zk)
ax = plot_game_tree(zk, spe, collapse_unreached=False, fontsize=9)
plt.show()

# %% [markdown]
# Now lower the Defender's credibility below $p^*$: the Challenger challenges, and the outcome is a
# lottery over the Defender's type.

# %%
p_low = round(p_star / 2, 3)
zk_low = load_game(
    CANON / "zagare_kilgour_unilateral.yaml", overrides=[f"game.parameters.p={p_low}"]
)
ax = plot_game_tree(
    zk_low,
    backward_induction(zk_low),
    collapse_unreached=False,
    fontsize=9,
    title=f"Zagare–Kilgour with credibility p = {p_low}",
)
plt.show()

# %% [markdown]
# ### The whole family at once
#
# A parameter given as an array makes a *batched* tree: one game per value, solved in one
# backward-induction pass. The Challenger's choice switches exactly at $p^*$.

# %%
ps = np.linspace(0, 1, P_STEPS)
family = game_from_spec(zk_spec, parameters={"p": ps})
family_spe = backward_induction(family)
challenges = family_spe.choice[family.root.id] == family.root.actions.index("challenge")
switch = ps[~challenges].min()
print(
    f"the Challenger stops challenging at p = {switch:.3f} (p* = {p_star:.3f}, "
    f"grid step {ps[1] - ps[0]:.3f})"
)
assert abs(switch - p_star) <= ps[1] - ps[0]

fig, ax = plt.subplots(figsize=(5.5, 2.8))
ax.plot(ps, ps * zp["c_DD"] + (1 - ps) * zp["c_DC"], label="value of challenging")
ax.axhline(zp["c_SQ"], color="C1", label="value of the status quo")
ax.fill_between(
    ps,
    0,
    1,
    where=challenges,
    transform=ax.get_xaxis_transform(),
    alpha=0.15,
    color="C3",
    label="equilibrium: challenge",
)
ax.axvline(p_star, color="grey", ls="--", lw=0.8)
ax.set_xlabel("p = credibility (probability the Defender is Hard)")
ax.set_ylabel("Challenger's payoff")
ax.set_title("Zagare–Kilgour: the Challenger challenges below p*")
ax.legend(fontsize="small")
plt.show()

# %% [markdown]
# **From the primer to the guarantee game.** In `sim.guarantee` the Defender is a guarantor, its
# credibility is the probability $\kappa$ that it is *committed* (set by automaticity, the tripwire
# and the coalition's rules), and an uncommitted guarantor still acts on its own interests, just as
# the Soft Defender does here. The next notebooks build on exactly this logic.
#
# ## Exercise
#
# 1. **Chicken.** Make the crash twice as bad (`crash = -20`, via
#    `load_game(..., overrides=["game.parameters.crash=-20"])`). By hand: what is the new $q^*$, and
#    how likely is a crash in the mixed equilibrium? Check with `solve`. Is a worse catastrophe
#    "safer"?
# 2. **Zagare–Kilgour.** The Challenger values the status quo more: $c_{SQ} = 2.5$. What
#    credibility does the Defender now need? Check by solving the batched family.

# %% tags=["solution"] jupyter={"source_hidden": true, "outputs_hidden": true}
# Solution.
# 1. q* = (win - tie) / ((win - tie) + (lose - crash)) = 1 / (1 + 19) = 0.05, so each driver goes
#    straight half as often, and a crash (both straight) has probability q*^2 = 0.0025 instead of
#    0.01. A worse catastrophe makes rational drivers more careful, but never removes the risk:
#    Schelling's point that the threat of disaster works through the *risk* of it.
worse = load_game(CANON / "chicken.yaml", overrides=["game.parameters.crash=-20"])
q_worse = (win - tie) / ((win - tie) + (lose - (-20)))
mixed_worse = next(eq for eq in solve(worse) if 0 < eq.strategies[0][1] < 1)
print(
    f"by hand q* = {q_worse:.4f}; solve: {mixed_worse.strategies[1][1]:.4f}; "
    f"P(crash) = {q_worse**2:.4f} (was {q_star**2:.4f})"
)
assert np.isclose(mixed_worse.strategies[1][1], q_worse)

# 2. p* = (c_DC - c_SQ) / (c_DC - c_DD) = (3 - 2.5) / (3 - 0) = 1/6: a Challenger that is happier
#    with the status quo is deterred by a *less* credible threat. Deterrence is easier when the
#    status quo is worth keeping: reassurance matters as much as threats.
p_star_2 = (zp["c_DC"] - 2.5) / (zp["c_DC"] - zp["c_DD"])
family_2 = game_from_spec(zk_spec, parameters={"p": ps, "c_SQ": 2.5})
spe_2 = backward_induction(family_2)
challenges_2 = spe_2.choice[family_2.root.id] == family_2.root.actions.index("challenge")
print(
    f"by hand p* = {p_star_2:.4f}; batched solve: the Challenger stops at p = "
    f"{ps[~challenges_2].min():.3f}"
)

# %% [markdown]
# ## References
#
# - Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286–295.
# - Rapoport, A., & Chammah, A. M. (1966). The game of Chicken. *American Behavioral Scientist*
#   10(3), 10–28.
# - Schelling, T. C. (1966). *Arms and Influence*. Yale University Press, ch. 3.
# - Zagare, F. C., & Kilgour, D. M. (2000). *Perfect Deterrence*. Cambridge University Press.
