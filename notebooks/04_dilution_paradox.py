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
# # 04 · The dilution paradox: deterrence against acceptability
#
# A guarantee has to do two things at once. It must **deter**: make renewed aggression a losing
# proposition. And, if it is part of a ceasefire, Russia must **accept** it: prefer the ceasefire
# with the guarantee to fighting on. The critics' paradox: a guarantee strong enough to deter may
# be unacceptable to Moscow, and one diluted until Moscow accepts it may deter no one. The designs
# that do both form the **viable set**. Is it empty?
#
# **Learning goals.** After this notebook you can
#
# 1. state the deterrence condition and the acceptability condition of the guarantee game, the
#    latter as Fearon's (1995) bargaining model of war;
# 2. run a sweep over two levers (`run_sweep`) and read the viable set and the deterrence map;
# 3. explain why the viable set can be empty, and which levers open it;
# 4. judge how robust a viable design is to the model's judgement constants.

# %% tags=["parameters"]
# Sizes that CI may shrink.
AUTOMATICITY_STEPS = 21  # grid of automaticity
TROOPS_STEPS = 7  # grid of troops, 0-60k
LINE_STEPS = 41  # grid of the one-lever sweep of section 3

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

from sim.analysis import (
    plot_design_frontier,
    plot_deterrence_map,
    plot_margins,
    plot_robustness_map,
    plot_viable_set,
)
from sim.experiments import run_sweep
from sim.guarantee import solve_guarantee
from sim.scenario import load_scenario
from sim.scenario.sweep_options import with_sweep_options

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "scenarios" / "presets").is_dir())
PRESETS, SWEEPS = ROOT / "scenarios" / "presets", ROOT / "scenarios" / "sweeps"
SCRATCH = tempfile.TemporaryDirectory(prefix="deter-nb04-")  # removed when the kernel exits
RESULTS = Path(SCRATCH.name)  # sweep bundles go to a scratch folder

# The August 2025 coalition design, with a trigger that covers any violation (so that probes
# can be deterred too) and no repeated game.
DESIGN = ["guarantee.trigger=any_violation", "dynamics=null"]


def sweep(*params, army=600, extra=()):
    """Sweep the design over ``params`` (``PATH=LO:HI:STEPS`` or ``PATH=A,B``) at one army size."""
    loaded = load_scenario(
        PRESETS / "august_2025_proposal.yaml",
        overrides=[*DESIGN, f"guarantee.ukraine_strength={army}", *extra],
    )
    return run_sweep(
        with_sweep_options(loaded, params=list(params)), out_dir=RESULTS, engine="serial"
    ).outputs


# %% [markdown]
# ## 1. Two conditions
#
# **Deterrence.** The opportunistic Russia holds iff holding is worth at least as much as its
# best alternative: the *deterrence margin* $u_{hold} - \max(u_{probe}, u_{invade}) \ge 0$.
#
# **Acceptability** (the bargaining model of war, Fearon 1995). Russia accepts a ceasefire under
# the guarantee θ iff it is worth at least as much as fighting on:
#
# $$V_{cf}(\theta) \ge V_{war}, \qquad
#   V_{cf} = \max\Big(u_{invade},\ \max_{a \in \{hold,probe\}}
#   \frac{1-\delta_q^{4T}}{1-\delta_q}\big(u_a - P/4\big) + \dots\Big),$$
#
# where $P = $ `presence_cost` $\times I(\theta)$ is the yearly cost to Russia of the guarantee's
# **intrusiveness** $I$: troops (their number and posture), aircraft, legal weight and US presence
# (docs/model.md, section 7). Every lever that deters also intrudes, and that is the paradox: what
# lowers $u_{invade}$ and $u_{probe}$ (deterrence) also lowers $V_{cf}$ (acceptability).

# %%
design = load_scenario(
    PRESETS / "august_2025_proposal.yaml", overrides=[*DESIGN, "guarantee.ukraine_strength=600"]
).scenario
solution = solve_guarantee(design)
values = solution.russia_values
rounded = {k: round(v, 2) for k, v in values.items()}
print(f"Russia's choice: {solution.russia_action}; values {rounded}")
print(
    f"deterrence margin {values['hold'] - max(values['probe'], values['invade']):+.2f}, "
    f"acceptance margin {solution.acceptance_margin:+.2f} -> viable: "
    f"{solution.deterred and solution.acceptable}"
)

# %% [markdown]
# ## 2. The viable set over automaticity and troops
#
# Sweep automaticity against troops on the ground (Ukraine's army at 600k). `plot_viable_set`
# colours each design by which of the two conditions it meets.

# %%
grid = sweep(
    f"guarantee.automaticity=0:1:{AUTOMATICITY_STEPS}",
    f"guarantee.troops_on_ground=0:60:{TROOPS_STEPS}",
)
points = grid.points
fig, (left, right) = plt.subplots(1, 2, figsize=(15, 4.2))
plot_viable_set(points, "guarantee.automaticity", "guarantee.troops_on_ground", ax=left)
plot_deterrence_map(points, "guarantee.automaticity", "guarantee.troops_on_ground", ax=right)
fig.tight_layout()
plt.show()
shares = points[["deterred", "acceptable", "viable"]].mean()
print(shares.map("{:.0%}".format).to_string())
assert 0 < shares["viable"] < shares["deterred"]

# %% [markdown]
# **Reading.** Weak designs (low automaticity, few troops) are accepted but do not deter: the
# *diluted* guarantee. Strong ones deter but are rejected. Between them runs a narrow band of
# viable designs, and it is narrow because both conditions move with the same levers.
#
# ## 3. One lever: the two margins cross
#
# Hold troops at 10k and sweep automaticity finely. The deterrence margin rises, the acceptance
# margin falls; the design is viable where both are at or above zero.

# %%
line = sweep(f"guarantee.automaticity=0:1:{LINE_STEPS}", extra=["guarantee.troops_on_ground=10"])
fig, ax = plt.subplots(figsize=(7, 3.6))
plot_margins(line.points, "guarantee.automaticity", ax=ax)
plt.show()

# %% [markdown]
# ## 4. When the paradox bites
#
# Now Ukraine's army is worn down to 400k, as a settlement that caps it would do. Same sweep:

# %%
weak = sweep(
    f"guarantee.automaticity=0:1:{AUTOMATICITY_STEPS}",
    f"guarantee.troops_on_ground=0:60:{TROOPS_STEPS}",
    army=400,
)
fig, ax = plt.subplots(figsize=(7.5, 4.2))
plot_viable_set(weak.points, "guarantee.automaticity", "guarantee.troops_on_ground", ax=ax)
plt.show()
print(
    f"viable designs at 400k: {weak.points['viable'].mean():.0%}; at 600k: "
    f"{points['viable'].mean():.0%}"
)

# %% [markdown]
# With a weaker Ukraine, fighting on is worth more to Russia ($V_{war}$ rises) and a guarantee
# must carry more of the deterrence, so it intrudes more: no design is both deterring and
# accepted. The paradox is not a law; it depends on the balance of forces behind the guarantee.
#
# `plot_design_frontier` puts the same designs on a cost–acceptability plane: the guarantors'
# cost across, Russia's acceptance margin up, deterring designs filled, and the cheapest viable
# design marked where there is one.

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.2))
plot_design_frontier(grid.points, grid.meta, ax=ax)
plt.show()

# %% [markdown]
# ## 5. How robust? A shipped study
#
# Every constant marked *judgement* in docs/model.md has a plausible range. The shipped study
# `scenarios/sweeps/strength_x_delay.yaml` (Ukraine's army against the response delay for the
# `us_backstop_air` design) solves each design under Latin-hypercube draws of those constants and
# records the share of draws under which it is viable.

# %%
study = run_sweep(
    load_scenario(SWEEPS / "strength_x_delay.yaml"), out_dir=RESULTS, engine="serial"
).outputs
fig, (left, right) = plt.subplots(1, 2, figsize=(15, 4.2))
plot_viable_set(
    study.points, "guarantee.ukraine_strength", "guarantee.response_delay_days", ax=left
)
plot_robustness_map(
    study.points, "guarantee.ukraine_strength", "guarantee.response_delay_days", ax=right
)
fig.tight_layout()
plt.show()
print(
    f"{len(study.points)} designs; best robust share of viability: "
    f"{study.points['p_viable_robust'].max():.0%}"
)
assert study.points["p_viable_robust"].max() < 1  # no design is viable in every draw

# %% [markdown]
# **Reading.** A large army and a fast response make a design viable in the nominal world, but
# no design is viable in every plausible world: the verdicts hang on judgements (the cost of war,
# the value of the presence, ...) that a class can and should argue about.
#
# ## Exercise
#
# 1. From the one-lever sweep of section 3, find the **viable window** of automaticity with 10k
#    troops: the least and the greatest automaticity that are viable. Which condition fails
#    below the window, and which above?
# 2. Which Ukrainian army size opens the viable set? Repeat the automaticity × troops sweep for
#    armies of 400k, 600k and 800k and compare the share of viable designs. Explain the trend
#    with the two conditions.

# %% tags=["solution"] jupyter={"source_hidden": true, "outputs_hidden": true}
# Solution.
# 1. Below the window Russia is not deterred (the guarantee is diluted); above it Russia rejects
#    the ceasefire (the guarantee is too intrusive for Moscow).
viable = line.points[line.points["viable"]]
low, high = viable["guarantee.automaticity"].min(), viable["guarantee.automaticity"].max()
below = line.points[line.points["guarantee.automaticity"] < low]
above = line.points[line.points["guarantee.automaticity"] > high]
print(f"viable window with 10k troops: automaticity {low:.3f} to {high:.3f}")
print(
    f"below: deterred {below['deterred'].any()}, accepted {below['acceptable'].all()}; "
    f"above: deterred {above['deterred'].all()}, accepted {above['acceptable'].any()}"
)

# 2. A stronger army deters by denial (the guarantee has less to do) *and* makes fighting on
#    worth less to Russia (V_war falls), so a ceasefire with a given guarantee is more acceptable:
#    the strength lever moves both conditions the same way and widens the viable set.
for army in (400, 600, 800):
    outputs = sweep(
        f"guarantee.automaticity=0:1:{AUTOMATICITY_STEPS}",
        f"guarantee.troops_on_ground=0:60:{TROOPS_STEPS}",
        army=army,
    )
    print(
        f"army {army}k: deterred {outputs.points['deterred'].mean():.0%}, accepted "
        f"{outputs.points['acceptable'].mean():.0%}, viable {outputs.points['viable'].mean():.0%}"
    )

# %% [markdown]
# ## References
#
# - Fearon, J. D. (1995). Rationalist explanations for war. *International Organization* 49(3),
#   379–414.
# - Lempert, R. J., Popper, S. W., & Bankes, S. C. (2003). *Shaping the Next One Hundred Years*.
#   RAND (robust decision making).
# - Schelling, T. C. (1966). *Arms and Influence*. Yale University Press (coercion needs
#   assurance as well as threat).
# - Snyder, G. H. (1961). *Deterrence and Defense*. Princeton University Press.
