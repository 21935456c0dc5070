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
# # 03 · Free riding in a coalition and the aggregation rule
#
# A guarantee from a "coalition of the willing" is a public good: every member benefits from
# deterring Russia whoever pays for it. Olson and Zeckhauser (1966) showed that in such an alliance
# the large members carry a disproportionate share of the burden and the small ones free ride. A
# coalition also has to *decide* to respond: does each member act on its own pledge, does
# everyone wait for Washington, or must all agree?
#
# **Learning goals.** After this notebook you can
#
# 1. solve the Olson–Zeckhauser contribution game by hand (marginal benefit = marginal cost) and
#    read its payoff matrix with best responses marked;
# 2. explain why the small ally free rides and the public good is under-provided;
# 3. compute a coalition's effective number of members (the inverse Herfindahl index) and its
#    political commitment under the **independent**, **US-led** and **unanimity** rules;
# 4. use a sweep to show how coalition size helps under one rule and hurts under another.

# %% tags=["parameters"]
# Sizes that CI may shrink.
MAX_MEMBERS = 20  # largest coalition in the sweep (the largest members of the group first)

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sim.analysis import plot_deterrence_map, plot_payoff_matrix
from sim.analysis.payoff_matrix import best_responses
from sim.equilibria import solve
from sim.experiments import run_sweep
from sim.games.loading import load_game
from sim.guarantee.terms import effective_members, political_commitment
from sim.scenario import load_scenario
from sim.scenario.coalition_members import group_members
from sim.scenario.sweep_options import with_sweep_options

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "scenarios" / "canon").is_dir())
CANON, PRESETS = ROOT / "scenarios" / "canon", ROOT / "scenarios" / "presets"
SCRATCH = tempfile.TemporaryDirectory(prefix="deter-nb03-")  # removed when the kernel exits
RESULTS = Path(SCRATCH.name)  # sweep bundles go to a scratch folder

# %% [markdown]
# ## 1. Olson and Zeckhauser's alliance
#
# Two allies, Large and Small, each contribute $g_i \in \{0, \dots, 5\}$ to deterrence
# $G = g_L + g_S$. Ally $i$ values deterrence in proportion to its size $b_i$, with diminishing
# returns, and pays its own contribution:
#
# $$u_i = b_i\Big(G - \frac{G^2}{2K}\Big) - g_i .$$
#
# **By hand.** An ally adds to $G$ while its marginal benefit $b_i(1 - G/K)$ exceeds the marginal
# cost 1, so it wants $G_i = K(1 - 1/b_i)$. The Large ally wants more deterrence than the Small one;
# once the Large ally provides it, the Small ally has no reason to add anything.

# %%
oz_file = CANON / "olson_zeckhauser_free_riding.yaml"
oz_spec = load_scenario(oz_file).scenario.game
b_L, b_S, K = (oz_spec.parameters[k] for k in ("b_L", "b_S", "K"))
target_L, target_S = K * (1 - 1 / b_L), K * (1 - 1 / b_S)
efficient = K * (1 - 1 / (b_L + b_S))
print(
    f"Large wants G = {target_L:.2f}, Small wants G = {target_S:.2f}; "
    f"the efficient level (joint benefit) is {efficient:.2f}"
)
print(f"Large's share of size b_L / (b_L + b_S) = {b_L / (b_L + b_S):.2f}")

oz = load_game(oz_file)
oz_result = solve(oz)
ax = plot_payoff_matrix(oz, oz_result)
plt.show()

# %%
(eq,) = oz_result.equilibria
g_L = int(np.argmax(eq.strategies[0]))
g_S = int(np.argmax(eq.strategies[1]))
print(
    f"equilibrium: Large gives {g_L}, Small gives {g_S}; G = {g_L + g_S} "
    f"< efficient {efficient:.2f}; Large's share of the burden = {g_L / (g_L + g_S):.0%}"
)
assert (g_L, g_S) == (round(target_L), 0)

# %% [markdown]
# **Reading.** The Large ally pays all of it, more than its share of size: the *exploitation of
# the great by the small*. And the alliance provides less deterrence than its members would agree
# to if they could commit to sharing the cost. The boxed payoffs show why: in every column Large's
# best response fills the gap up to its own target; in every row Small's best response is to give
# nothing once $G$ reaches its (lower) target.
#
# ## 2. From two allies to a coalition
#
# In the guarantee game the coalition is one player whose members are weighted by military
# spending (SIPRI 2024). How many members "really" count is the **effective number of members**
#
# $$n_{\text{eff}} = \frac{(\sum_i w_i)^2}{\sum_i w_i^2},$$
#
# and how the members decide sets the coalition's political commitment $A$ (automaticity $a$, US
# resolve $r$):
#
# | rule | $A$ | idea |
# |---|---|---|
# | independent | $a$ | each member acts on its own pledge |
# | US-led | $a\,r$ (0 without a US backstop) | nobody moves without Washington |
# | unanimity | $a^{n_{\text{eff}}}$ | all effective members must be committed: each has a veto |

# %%
members = group_members("coalition_of_the_willing")[:MAX_MEMBERS]
sizes = np.arange(1, len(members) + 1)
n_eff = np.array([effective_members([w for _, w in members[:n]]) for n in sizes])
reference = load_scenario(PRESETS / "august_2025_proposal.yaml").scenario
a, r = reference.guarantee.automaticity, reference.actors.united_states.resolve

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4))
left.plot(sizes, sizes, ":", color="grey", label="number of members")
left.plot(sizes, n_eff, "o-", ms=3, label="effective members $n_{eff}$")
left.set_xlabel("coalition size (largest members first)")
left.set_title("Unequal members: $n_{eff}$ grows slowly")
left.legend(fontsize="small")
for rule in ("independent", "us_led", "unanimity"):
    right.plot(
        sizes,
        np.broadcast_to(political_commitment(a, rule, n_eff, r), sizes.shape),
        "o-",
        ms=3,
        label=rule.replace("_", "-"),
    )
right.set_xlabel("coalition size (largest members first)")
right.set_ylabel("political commitment A")
right.set_title(f"Commitment by rule (a = {a}, US resolve {r})")
right.set_ylim(0, 1)
right.legend(fontsize="small")
plt.show()
print("first members:", ", ".join(name for name, _ in members[:5]), "...")

# %% [markdown]
# ## 3. Size and rule in the guarantee game
#
# A bigger coalition brings more capability (stake, force, support) but, under unanimity, also more
# veto players. Sweep the coalition's size against its rule for the August 2025 design, with a
# trigger that covers any violation and Ukraine's army worn down to 300k:

# %%
loaded = with_sweep_options(
    load_scenario(
        PRESETS / "august_2025_proposal.yaml",
        overrides=[
            "guarantee.ukraine_strength=300",
            "guarantee.trigger=any_violation",
            "dynamics=null",
        ],
    ),
    params=[
        f"guarantee.coalition.size=1:{MAX_MEMBERS}:{MAX_MEMBERS}",
        "guarantee.coalition.aggregation=independent,us_led,unanimity",
    ],
)
points = run_sweep(loaded, out_dir=RESULTS, engine="serial").outputs.points
fig, ax = plt.subplots(figsize=(7.5, 3.0))
plot_deterrence_map(points, "guarantee.coalition.size", "guarantee.coalition.aggregation", ax=ax)
plt.show()

values = points.pivot(
    index="guarantee.coalition.size",
    columns="guarantee.coalition.aggregation",
    values="value_invade",
)
fig, ax = plt.subplots(figsize=(6, 3.4))
for rule in ("independent", "us_led", "unanimity"):  # the colours of the commitment plot above
    ax.plot(values.index, values[rule], "o-", ms=3, label=rule.replace("_", "-"))
ax.axhline(0, color="black", lw=0.8)
ax.legend(fontsize="small")
ax.set_xlabel("coalition size (largest members first)")
ax.set_ylabel("Russia's value of invading")
ax.set_title("More members: more capability, but more vetoes")
plt.show()

# %%
smallest = (
    points[points["deterred"]]
    .groupby("guarantee.coalition.aggregation")["guarantee.coalition.size"]
    .min()
)
print("smallest coalition that deters, by rule:")
print(smallest.reindex(["independent", "us_led", "unanimity"]).to_string())
assert "unanimity" not in smallest.index  # no size deters under unanimity here

# %% [markdown]
# **Reading.** Under the independent rule each new member adds capability and Russia is deterred
# from a handful of members on; a US-led coalition needs more, because it moves only when the US
# does. Under unanimity the value of invading first *rises* with size: each new member is another
# veto, and $a^{n_{\text{eff}}}$ falls faster than capability grows. Free riding reappears as
# the rule: a member that can block the response without paying for it is a free rider on the
# others' resolve.
#
# ## Exercise
#
# 1. **Equal allies.** Make the allies equally large (`game.parameters.b_S=3`). By hand, what
#    total $G$ does each want? Solve with `solve` and draw the matrix: how many equilibria are
#    there, and who pays? What does this say about burden-sharing talks in an alliance of equals?
# 2. **Vetoes.** With automaticity $a = 0.5$, how large must $n_{\text{eff}}$ be for a unanimous
#    coalition's commitment $A$ to fall below 0.1? How many members of the coalition of the
#    willing (largest first) does that take?

# %% tags=["solution"] jupyter={"source_hidden": true, "outputs_hidden": true}
# Solution.
# 1. Both want G = K (1 - 1/3) = 4. Any split of 4 between them is a pure equilibrium (each fills
#    the gap the other leaves), plus mixed ones between neighbouring splits: the size of the public
#    good is determined, who pays is not. Equal allies bargain over the burden; unequal ones don't
#    need to, because the large one pays.
equal = load_game(oz_file, overrides=["game.parameters.b_S=3"])
equal_result = solve(equal)
row_best, column_best = best_responses(equal)
pure = [(int(i), int(j)) for i, j in np.argwhere(row_best & column_best)]
print(f"{len(equal_result)} equilibria; pure (g_L, g_S): {pure}; totals {[i + j for i, j in pure]}")
ax = plot_payoff_matrix(equal, equal_result, title="Olson–Zeckhauser with equal allies")
plt.show()

# 2. A = a^n_eff < 0.1  <=>  n_eff > ln(0.1) / ln(a) = 3.32 for a = 0.5.
needed = np.log(0.1) / np.log(0.5)
first = int(sizes[np.argmax(n_eff > needed)])
print(
    f"n_eff > {needed:.2f}: from {first} members (n_eff = {n_eff[first - 1]:.2f}, "
    f"A = {0.5 ** n_eff[first - 1]:.3f})"
)

# %% [markdown]
# ## References
#
# - Olson, M., & Zeckhauser, R. (1966). An economic theory of alliances. *Review of Economics and
#   Statistics* 48(3), 266–279.
# - Sandler, T., & Hartley, K. (2001). Economics of alliances: the lessons for collective action.
#   *Journal of Economic Literature* 39(3), 869–896.
# - Schelling, T. C. (1966). *Arms and Influence*. Yale University Press, ch. 3.
# - SIPRI Military Expenditure Database (2025 release), for the members' weights.
