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
# # 06 · The steel hedgehog: deterrence by denial against guarantees
#
# Snyder (1961) distinguished deterrence by **punishment** (you may win, but it will cost you more
# than it is worth) from deterrence by **denial** (you will not win). A guarantee deters by
# punishment: it threatens a response by others. A "steel hedgehog", a Ukrainian army so strong
# that an invasion cannot succeed, deters by denial. Which is more reliable, which is cheaper,
# and which would Moscow rather accept?
#
# **Learning goals.** After this notebook you can
#
# 1. explain deterrence by denial with a contest success function (Tullock 1980; Hirshleifer 1989);
# 2. find the army size at which an invasion stops paying, with and without a guarantee, from a
#    sweep and with `sim.guarantee.threshold`;
# 3. show that denial and punishment are substitutes (a threshold curve);
# 4. explain why a stronger army makes a ceasefire *more* acceptable to Russia while a stronger
#    guarantee makes it less (Fearon 1995).

# %% tags=["parameters"]
# Sizes that CI may shrink.
STRENGTH_STEPS = 62  # grid of Ukraine's army, 85k-1M (15k apart)
AUTOMATICITY_STEPS = 11  # grid of automaticity in the substitution sweep

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sim.analysis import plot_margins, plot_threshold_curves, plot_viable_set
from sim.experiments import run_sweep
from sim.guarantee import guarantee_parameters, solve_guarantee, threshold
from sim.scenario import load_scenario
from sim.scenario.sweep_options import with_sweep_options

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "scenarios" / "presets").is_dir())
PRESETS = ROOT / "scenarios" / "presets"
SCRATCH = tempfile.TemporaryDirectory(prefix="deter-nb06-")  # removed when the kernel exits
RESULTS = Path(SCRATCH.name)  # sweep bundles go to a scratch folder
STRENGTH = f"guarantee.ukraine_strength=85:1000:{STRENGTH_STEPS}"


def preset(name, *overrides):
    return load_scenario(PRESETS / f"{name}.yaml", overrides=[*overrides, "dynamics=null"])


def sweep(name, *params, overrides=()):
    loaded = with_sweep_options(preset(name, *overrides), params=list(params))
    return run_sweep(loaded, out_dir=RESULTS, engine="serial").outputs.points


# %% [markdown]
# ## 1. Denial as a contest
#
# Ukraine's army of $N$ thousand is a force $F_U = N / N_R$ relative to the force Russia can commit
# ($N_R$ = `actors.russia.army_k`). Russia's chance of success against it alone is the Tullock
# contest
#
# $$p_0 = \frac{F_R^\gamma}{F_R^\gamma + F_U^\gamma}, \qquad F_R = 1,$$
#
# and an invasion is a costly lottery over that chance (docs/model.md, section 4). Denial works by
# driving $p_0$ down; the guarantee's support and intervention add to $F_U$.

# %%
hedgehog = preset("steel_hedgehog").scenario
armies = np.linspace(85, 1000, 200)
params = guarantee_parameters(hedgehog, {"guarantee.ukraine_strength": armies})
gamma = float(params.contest_exponent)
p0 = 1 / (1 + np.asarray(params.ukraine_force) ** gamma)  # F_R = 1
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(armies, p0)
ax.set_xlabel("Ukraine's peacetime army (thousand)")
ax.set_ylabel("Russia's chance of success $p_0$")
ax.set_title(f"Denial: the contest success function (γ = {gamma})")
ax.set_ylim(0, 1)
plt.show()
print(
    f"N_R = {hedgehog.actors.russia.army_k}k; p0 at 200k = {p0[np.argmin(abs(armies - 200))]:.2f}, "
    f"at 1,000k = {p0[-1]:.2f}"
)

# %% [markdown]
# ## 2. The hedgehog preset
#
# `steel_hedgehog`: an army of a million, continuous supply, support pledges, no foreign troops,
# little automaticity.

# %%
solution = solve_guarantee(hedgehog)
print(
    f"Russia: {solution.russia_action}; values "
    f"{ ({k: round(v, 2) for k, v in solution.russia_values.items()}) }"
)
print(
    f"invasion deterred: {solution.invasion_deterred}; deterred: {solution.deterred}; "
    f"acceptance margin {solution.acceptance_margin:+.2f} (accepted: {solution.acceptable})"
)
assert solution.invasion_deterred and solution.acceptable

# %% [markdown]
# The hedgehog stops an invasion *and* Russia would accept a ceasefire with it. It does not stop
# gray-zone probes: the armed-attack trigger leaves them to the guarantors, and denial does not
# reach below the threshold of war (notebook 05).
#
# ## 3. How big an army? Four designs
#
# Sweep Ukraine's army for four guarantee designs and read where invading stops paying.

# %%
DESIGNS = ["budapest_1994", "article5_like_no_troops", "steel_hedgehog", "forward_tripwire"]
lines = {name: sweep(name, STRENGTH) for name in DESIGNS}
fig, ax = plt.subplots(figsize=(7, 3.8))
for name, points in lines.items():
    ax.plot(points["guarantee.ukraine_strength"], points["value_invade"], label=name)
ax.axhline(0, color="black", lw=0.8)
ax.set_xlabel("Ukraine's peacetime army (thousand)")
ax.set_ylabel("Russia's value of invading")
ax.set_title("Denial and punishment: where invading stops paying")
ax.legend(fontsize="small")
plt.show()

for name, points in lines.items():
    stops = points.loc[points["invasion_deterred"], "guarantee.ukraine_strength"]
    accepted = points.loc[points["acceptable"], "guarantee.ukraine_strength"]
    print(
        f"{name:24s} invasion stops paying from {stops.min() if len(stops) else 'never':>6}k; "
        f"ceasefire accepted from {accepted.min() if len(accepted) else 'never':>6}k"
    )

# %% [markdown]
# **Reading.** With assurances only (Budapest's levers), denial has to do everything: the army
# must be close to the top of the range. Support pledges and US logistics lower the bar; a forward
# tripwire with an armed US backstop deters at any army size, but Moscow accepts it only with an
# army so strong that fighting on is hopeless. Guarantees substitute for an army in deterrence,
# but not in acceptability. (The Article 5-like treaty and the hedgehog's executive pledges lie
# almost on top of each other: without forces behind it, a pledge of support is worth about the
# same whatever its wording, as in notebook 01.)
#
# ## 4. Denial and punishment are substitutes
#
# Give the hedgehog a trigger that covers any violation (so that Russia can be deterred from
# probing too) and sweep its army against its automaticity: the threshold curve shows the least
# army that deters at each level of commitment.

# %%
both = sweep(
    "steel_hedgehog",
    STRENGTH,
    f"guarantee.automaticity=0:1:{AUTOMATICITY_STEPS}",
    overrides=["guarantee.trigger=any_violation"],
)
fig, (left, right) = plt.subplots(1, 2, figsize=(15, 4.2))
plot_threshold_curves(both, "guarantee.ukraine_strength", "guarantee.automaticity", ax=left)
plot_viable_set(both, "guarantee.automaticity", "guarantee.ukraine_strength", ax=right)
fig.tight_layout()
plt.show()

least = both[both["deterred"]].groupby("guarantee.automaticity")["guarantee.ukraine_strength"].min()
print(
    f"least army that deters: {least.iloc[0]:.0f}k at automaticity 0, "
    f"{least.iloc[-1]:.0f}k at automaticity 1"
)
assert least.iloc[-1] < least.iloc[0]
assert (both["viable"] == both["deterred"]).all()  # here every deterring design is accepted

# %% [markdown]
# `threshold` gives the same number exactly (a grid, then bisection) for one design:

# %%
broad = preset("steel_hedgehog", "guarantee.trigger=any_violation").scenario
found = threshold(broad, "ukraine_strength")
print(
    f"least army that deters at automaticity {broad.guarantee.automaticity}: "
    f"{found.value:.1f}k (the preset has {found.current:.0f}k; deterred: {found.deterred})"
)

# %% [markdown]
# **Reading.** Each point of automaticity buys down the army needed; and everywhere the army
# deters, the design is also viable here: strength moves deterrence and acceptability the same
# way, which no guarantee lever does.
#
# ## Exercise
#
# 1. With the hedgehog's any-violation design, plot the deterrence and acceptance margins against
#    the army size (`plot_margins` on a one-parameter sweep). At what army do the two margins
#    both become non-negative?
# 2. Explain, with the acceptability condition $V_{cf} \ge V_{war}$ of notebook 04, why a larger
#    army *raises* Russia's acceptance margin while more troops on the ground *lower* it. Check
#    the signs on `forward_tripwire` by comparing the acceptance margin at two army sizes and at
#    two troop levels.

# %% tags=["solution"] jupyter={"source_hidden": true, "outputs_hidden": true}
# Solution.
# 1. The deterrence margin crosses zero at the army threshold; the acceptance margin is already
#    positive there, so the viable set starts at the threshold.
line = sweep("steel_hedgehog", STRENGTH, overrides=["guarantee.trigger=any_violation"])
fig, ax = plt.subplots(figsize=(7, 3.6))
plot_margins(line, "guarantee.ukraine_strength", ax=ax)
plt.show()
viable = line.loc[line["viable"], "guarantee.ukraine_strength"]
print(f"both margins non-negative from {viable.min():.0f}k (threshold {found.value:.1f}k)")


# 2. V_war = W(p(F_war), ...) falls as Ukraine's force grows (Russia's chance of winning falls and
#    the war costs it more), so the acceptance margin V_cf - V_war rises with the army. Troops
#    raise the guarantee's intrusiveness I, hence the presence cost P in V_cf, and lower the
#    margin; they do not change V_war (the guarantee is not in place while the war goes on).
def margin(*overrides):
    return solve_guarantee(preset("forward_tripwire", *overrides).scenario).acceptance_margin


print(
    f"forward_tripwire: army 600k {margin('guarantee.ukraine_strength=600'):+.2f}, "
    f"army 1000k {margin('guarantee.ukraine_strength=1000'):+.2f}"
)
print(
    f"forward_tripwire: troops 10k {margin('guarantee.troops_on_ground=10'):+.2f}, "
    f"troops 50k {margin('guarantee.troops_on_ground=50'):+.2f}"
)

# %% [markdown]
# ## References
#
# - Fearon, J. D. (1995). Rationalist explanations for war. *International Organization* 49(3),
#   379–414.
# - Hirshleifer, J. (1989). Conflict and rent-seeking success functions. *Public Choice* 63(2),
#   101–112.
# - Snyder, G. H. (1961). *Deterrence and Defense*. Princeton University Press.
# - Tullock, G. (1980). Efficient rent seeking. In Buchanan, Tollison & Tullock (eds.), *Toward a
#   Theory of the Rent-Seeking Society*. Texas A&M University Press.
