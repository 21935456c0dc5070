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
# # 02 · The tripwire and the threat that leaves something to chance
#
# A guarantor cannot credibly promise to go to war for a country that is not its own: when the
# moment comes, it may prefer not to. Schelling's answer (1960, ch. 8; 1966, ch. 2–3) is to stop
# promising certainty and create a **risk** instead: a threat that leaves something to chance. A
# small force stationed where it will be hit, a *tripwire*, makes the response partly automatic,
# because once its soldiers die the guarantor's choice is no longer free.
#
# **Learning goals.** After this notebook you can
#
# 1. derive the *minimum effective risk* $p^* = g/(g+w)$ of Schelling's chance threat and check it
#    with a `game:` sweep;
# 2. explain how troops on the ground and their posture raise the probability that a guarantor is
#    committed (the tripwire $\tau$ of the guarantee game);
# 3. show with a sweep that a tripwire lowers the political automaticity needed to deter an
#    invasion, and read a threshold curve.

# %% tags=["parameters"]
# Sizes that CI may shrink.
P_STEPS = 41  # grid of the threat's probability p in the game: sweep
AUTOMATICITY_STEPS = 21  # grid of automaticity in the guarantee sweep
TROOPS_STEPS = 7  # grid of troops (0-60k) in the guarantee sweep

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sim.analysis import plot_game_tree, plot_outcome_shares, plot_threshold_curves
from sim.equilibria.backward_induction import backward_induction
from sim.experiments import run_sweep
from sim.games.loading import load_game
from sim.guarantee import guarantee_parameters
from sim.scenario import load_scenario
from sim.scenario.sweep_options import with_sweep_options

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "scenarios" / "canon").is_dir())
CANON, PRESETS = ROOT / "scenarios" / "canon", ROOT / "scenarios" / "presets"
SCRATCH = tempfile.TemporaryDirectory(prefix="deter-nb02-")  # removed when the kernel exits
RESULTS = Path(SCRATCH.name)  # sweep bundles go to a scratch folder

# %% [markdown]
# ## 1. Schelling's chance threat
#
# The Challenger complies or defies. If it defies, the threat is carried out with probability $p$
# (the Challenger loses $w$) and otherwise not (it gains $g$). It defies iff
#
# $$(1-p)\,g - p\,w > 0 \iff p < p^* = \frac{g}{g + w}.$$
#
# The Defender does not have to *want* to punish: it only has to make punishment *likely enough*.

# %%
schelling = CANON / "schelling_chance_threat.yaml"
spec = load_scenario(schelling).scenario.game
g, w, p0 = (spec.parameters[k] for k in ("g", "w", "p"))
p_star = g / (g + w)
print(f"g = {g}, w = {w}: minimum effective risk p* = {p_star:.3f}; the file's p = {p0}")

game = load_game(schelling)
ax = plot_game_tree(
    game,
    backward_induction(game),
    collapse_unreached=False,
    fontsize=9,
    title=f"Schelling's chance threat at p = {p0}",
)
plt.show()

# %% [markdown]
# ### A `game:` sweep of p
#
# `deter sweep` (here `run_sweep` from Python) solves the canonical model at every value of $p$ in
# one batched backward-induction pass and records the probability of each outcome.

# %%
loaded = with_sweep_options(load_scenario(schelling), params=[f"game.parameters.p=0:1:{P_STEPS}"])
points = run_sweep(loaded, out_dir=RESULTS, engine="serial").outputs.points
fig, ax = plt.subplots(figsize=(7, 3.5))
plot_outcome_shares(points, "game.parameters.p", ax=ax)
ax.axvline(p_star, color="black", ls="--", lw=0.8)
plt.show()

complies = points.loc[points["p_status_quo"] > 0.5, "game.parameters.p"]
print(
    f"the Challenger complies from p = {complies.min():.3f} on (p* = {p_star:.3f}; grid step "
    f"{1 / (P_STEPS - 1):.3f})"
)
assert complies.min() >= p_star - 1e-12 and complies.min() - p_star <= 1 / (P_STEPS - 1)

# %% [markdown]
# ## 2. The tripwire in the guarantee game
#
# In the guarantee game the coalition is committed to its pledged response to an invasion with
# probability
#
# $$\kappa_E(\text{invade}) = 1 - \big(1 - A\,c(\text{invade})\big)\,(1 - \tau),
#   \qquad \tau = e\,\big(1 - e^{-T/k}\big),$$
#
# where $A$ is the political commitment (automaticity under the independent rule), $c$ the
# trigger's coverage, $T$ the troops on the ground (thousands), $k$ the tripwire scale and $e$ the
# exposure of the posture (rear hubs, near the front, on the contact line). Two ways to the same
# commitment: a political decision taken in advance, or soldiers whose loss decides for you.
# `guarantee_parameters` computes $\kappa$ for whole arrays of troops at once:

# %%
base = load_scenario(PRESETS / "august_2025_proposal.yaml").scenario
troops = np.linspace(0, 60, 61)
fig, ax = plt.subplots(figsize=(6, 3.5))
for posture in ("rear_hubs", "near_front", "contact_line"):
    for automaticity, style in ((0.0, "--"), (base.guarantee.automaticity, "-")):
        scenario = load_scenario(
            PRESETS / "august_2025_proposal.yaml",
            overrides=[f"guarantee.posture={posture}", f"guarantee.automaticity={automaticity}"],
        ).scenario
        kappa = guarantee_parameters(
            scenario, {"guarantee.troops_on_ground": troops}
        ).kappa_e_invade
        ax.plot(
            troops,
            np.broadcast_to(kappa, troops.shape),
            style,
            color={"rear_hubs": "C0", "near_front": "C1", "contact_line": "C3"}[posture],
            label=f"{posture.replace('_', ' ')}, automaticity {automaticity}",
        )
ax.set_xlabel("troops on the ground (thousand)")
ax.set_ylabel("κ_E: P(coalition committed | invasion)")
ax.set_ylim(0, 1)
ax.set_title("The tripwire: commitment from exposed troops")
ax.legend(fontsize="x-small", loc="lower right")
plt.show()
print(f"tripwire scale k = {base.payoffs.tripwire_scale_k}, exposures {base.payoffs.exposure}")

# %% [markdown]
# The tripwire saturates: beyond a few multiples of $k$ more troops add no commitment (they may
# still add force). Exposure, not numbers, sets the ceiling: troops at rear hubs can never make
# the response more than $e_{rear}$ automatic.
#
# ## 3. Troops as a substitute for automaticity
#
# Sweep automaticity against troops for the August 2025 coalition design with Ukraine's army
# capped at 400k (as the shipped study `automaticity_x_troops` does), and read off the least
# automaticity that still deters an invasion at each troop level.

# %%
loaded = with_sweep_options(
    load_scenario(
        PRESETS / "august_2025_proposal.yaml",
        overrides=["guarantee.ukraine_strength=400", "dynamics=null"],
    ),
    params=[
        f"guarantee.automaticity=0:1:{AUTOMATICITY_STEPS}",
        f"guarantee.troops_on_ground=0:60:{TROOPS_STEPS}",
    ],
)
grid = run_sweep(loaded, out_dir=RESULTS, engine="serial").outputs.points
fig, ax = plt.subplots(figsize=(7, 3.8))
plot_threshold_curves(
    grid,
    "guarantee.automaticity",
    "guarantee.troops_on_ground",
    columns=("invasion_deterred",),
    ax=ax,
)
plt.show()

# %%
needed = (
    grid[grid["invasion_deterred"]]
    .groupby("guarantee.troops_on_ground")["guarantee.automaticity"]
    .min()
)
print("least automaticity that deters an invasion, by troops (thousand):")
print(needed.to_string())
assert needed.iloc[-1] < needed.iloc[0]  # troops lower the automaticity needed

# %% [markdown]
# **Reading.** With no troops the coalition must be committed politically; with a force at rear
# hubs, less automaticity does the same job, and the gain levels off with the tripwire. This is
# Schelling's argument in numbers: a tripwire buys credibility that words cannot, because it
# removes part of the choice from the guarantor. (It also makes the guarantee more intrusive and
# so less acceptable to Moscow: notebook 04.)
#
# ## Exercise
#
# 1. **Schelling.** The Defender makes the punishment harsher: $w = 10$. By hand, what is the
#    new minimum effective risk? Check with a sweep (`--set`-style override
#    `game.parameters.w=10` in `load_scenario`).
# 2. **Tripwire.** With automaticity 0 and troops on the contact line (exposure $e$), how many
#    troops make the coalition committed with probability 0.5? Solve
#    $e\,(1 - e^{-T/k}) = 0.5$ by hand, then check with `guarantee_parameters`. Can troops at rear
#    hubs ever do it?

# %% tags=["solution"] jupyter={"source_hidden": true, "outputs_hidden": true}
# Solution.
# 1. p* = g / (g + w) = 2 / 12 = 1/6: the harsher the punishment, the smaller the risk that
#    deters. That is why Schelling thought a small chance of catastrophe could deter at all.
harsh = with_sweep_options(
    load_scenario(schelling, overrides=["game.parameters.w=10"]),
    params=[f"game.parameters.p=0:1:{P_STEPS}"],
)
harsh_points = run_sweep(harsh, out_dir=RESULTS, engine="serial").outputs.points
first = harsh_points.loc[harsh_points["p_status_quo"] > 0.5, "game.parameters.p"].min()
print(f"by hand p* = {g / (g + 10):.4f}; the sweep: complies from p = {first:.3f}")

# 2. tau = e (1 - exp(-T/k)) = 0.5  =>  T = -k ln(1 - 0.5/e). On the contact line (e = 1):
#    T = k ln 2. At rear hubs e = 0.3 < 0.5, so no number of troops gets there.
k = base.payoffs.tripwire_scale_k
e = base.payoffs.exposure.contact_line
T_half = -k * np.log(1 - 0.5 / e)
contact = load_scenario(
    PRESETS / "august_2025_proposal.yaml",
    overrides=["guarantee.posture=contact_line", "guarantee.automaticity=0"],
).scenario
check = guarantee_parameters(contact, {"guarantee.troops_on_ground": np.array([T_half])})
print(
    f"by hand T = {T_half:.2f} thousand troops; kappa_E there = "
    f"{float(np.ravel(check.kappa_e_invade)[0]):.4f}"
)
print(f"rear hubs: the tripwire never exceeds e = {base.payoffs.exposure.rear_hubs}")

# %% [markdown]
# ## References
#
# - Powell, R. (1990). *Nuclear Deterrence Theory: The Search for Credibility*. Cambridge
#   University Press.
# - Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press, ch. 8.
# - Schelling, T. C. (1966). *Arms and Influence*. Yale University Press, ch. 2–3.
