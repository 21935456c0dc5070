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
# # 01 · Budapest 1994 vs Article 5: why assurances do not deter
#
# In 1994 Ukraine gave up the world's third-largest nuclear arsenal against *assurances* from the
# US, the UK and Russia: a promise to respect its borders and to seek Security Council action, with
# no obligation to respond. NATO's Article 5 is also not automatic ("such action as it deems
# necessary"), yet it has deterred attacks on allies for seventy-five years. What is the
# difference? This notebook answers with the guarantee game of `sim.guarantee`.
#
# **Learning goals.** After this notebook you can
#
# 1. describe a guarantee as a set of levers θ (automaticity, legal form, trigger, coalition,
#    forces, US backstop, Ukraine's army) and solve it with `solve_guarantee`;
# 2. read Russia's equilibrium choice, its values and the outcome probabilities off the solution
#    and off the game tree;
# 3. explain what **automaticity** (the chance a guarantor is committed, Schelling 1966) and
#    **legal form** (audience costs that tie hands, Fearon 1997) do, and why neither helps when
#    the pledge has nothing behind it;
# 4. find how much of a lever is needed from a sweep.

# %% tags=["parameters"]
# Sizes that CI may shrink.
AUTOMATICITY_STEPS = 21  # grid of automaticity in the sweep of section 4

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.analysis import plot_deterrence_map, plot_game_tree
from sim.experiments import run_sweep
from sim.guarantee import solve_guarantee
from sim.scenario import load_scenario
from sim.scenario.sweep_options import with_sweep_options

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "scenarios" / "presets").is_dir())
PRESETS = ROOT / "scenarios" / "presets"
SCRATCH = tempfile.TemporaryDirectory(prefix="deter-nb01-")  # removed when the kernel exits
RESULTS = Path(SCRATCH.name)  # sweep bundles go to a scratch folder


def preset(name, *overrides):
    """A preset scenario, optionally with ``path=value`` overrides (as ``deter run --set``)."""
    return load_scenario(PRESETS / f"{name}.yaml", overrides=list(overrides)).scenario


# %% [markdown]
# ## 1. Three designs
#
# `budapest_1994` (assurances: automaticity 0, a declaration, one European signatory, no forces),
# `article5_like_no_troops` (a treaty pledge by twelve European states with US intelligence and
# logistics, but no foreign forces) and `nato_article5` (all allies, an armed US backstop, a forward
# presence and air policing).

# %%
NAMES = ["budapest_1994", "article5_like_no_troops", "nato_article5"]
solutions = {name: solve_guarantee(preset(name)) for name in NAMES}


def lever_row(scenario):
    g = scenario.guarantee
    return {
        "automaticity": g.automaticity,
        "legal form": g.legal_form,
        "trigger": g.trigger,
        "US backstop": g.us_backstop,
        "troops (k)": g.troops_on_ground,
        "aircraft": g.air_assets,
        "Ukraine's army (k)": g.ukraine_strength,
    }


def verdict_row(solution):
    values = solution.russia_values
    return {
        "Russia's choice": solution.russia_action,
        "value of invading": round(values["invade"], 2),
        "value of probing": round(values["probe"], 2),
        "invasion deterred": solution.invasion_deterred,
        "deterred": solution.deterred,
        "P(deterred)": round(solution.outcome_probabilities["deterred"], 3),
        "acceptable to Russia": solution.acceptable,
    }


pd.DataFrame({n: {**lever_row(preset(n)), **verdict_row(s)} for n, s in solutions.items()})

# %% [markdown]
# Russia's value of holding is 0 (the status quo). It invades under Budapest, probes below the
# trigger under the Article 5-like pledge (an invasion no longer pays, a gray-zone probe still
# does), and holds under NATO's Article 5. The hard-liner share $h$ of Russian leaderships attacks
# whatever the design, so $P(\text{deterred}) \le 1 - h$ even where deterrence holds.

# %%
assert solutions["budapest_1994"].russia_action == "invade"
assert solutions["article5_like_no_troops"].russia_action == "probe"
assert solutions["nato_article5"].deterred

# %% [markdown]
# ## 2. The equilibrium path under Budapest
#
# The game tree shows why: after an invasion, nature draws whether the coalition (here the UK) is
# *committed*, with probability $\kappa_E$; an uncommitted guarantor chooses on its own payoffs.
# Under Budapest $\kappa_E = 0$: the UK chooses, and support is the most it would give. The US,
# with no backstop, chooses too, and stays out. Subtrees that play never enters are collapsed into
# a grey marker that says what they are worth to the player who declined them.

# %%
budapest = solutions["budapest_1994"]
ax = plot_game_tree(budapest.game, budapest.spe, title="Budapest 1994: the equilibrium path")
plt.show()

# %% [markdown]
# ## 3. Commitment has to be *to something*
#
# How the levers reach the tree (docs/model.md, section 3). With automaticity $a$, the
# coalition's commitment under the independent rule is $A = a$, and
#
# $$\kappa_E(\text{invade}) = 1 - \big(1 - A\,c(\text{invade})\big)(1 - \tau),$$
#
# with $c$ the trigger's coverage of an invasion and $\tau$ the tripwire of troops on the ground.
# A committed guarantor plays its **pledged level**: *intervene* if the guarantee stations troops
# or aircraft, otherwise only *support*. The legal form sets the **audience cost** an uncommitted
# guarantor pays for falling short of its pledge, $AC_j \cdot \text{shortfall}_j$ (Fearon 1997:
# tying hands).
#
# So start from Budapest and add one lever at a time: first the words (automatic, a treaty, an
# armed-attack trigger), then the coalition, then forces.

# %%
LADDER = [
    ("Budapest 1994", []),
    ("+ automatic (a = 1)", ["guarantee.automaticity=1"]),
    ("+ treaty", ["guarantee.legal_form=treaty"]),
    ("+ armed-attack trigger", ["guarantee.trigger=armed_attack"]),
    (
        "+ 12-state coalition",
        [
            "guarantee.coalition.members=null",
            "guarantee.coalition.group=coalition_of_the_willing",
            "guarantee.coalition.size=12",
        ],
    ),
    ("+ US ISR and logistics", ["guarantee.us_backstop=isr_logistics"]),
    ("+ 60 aircraft", ["guarantee.air_assets=60"]),
    (
        "+ 10k troops near the front",
        ["guarantee.troops_on_ground=10", "guarantee.posture=near_front"],
    ),
    ("+ armed US backstop", ["guarantee.us_backstop=armed"]),
    ("+ Ukraine's army 600k", ["guarantee.ukraine_strength=600"]),
]
rows, overrides = [], []
for label, more in LADDER:
    overrides += more
    solution = solve_guarantee(preset("budapest_1994", *overrides))
    rows.append(
        {
            "design": label,
            "value of invading": solution.russia_values["invade"],
            "Russia's choice": solution.russia_action,
        }
    )
ladder = pd.DataFrame(rows)

fig, ax = plt.subplots(figsize=(7, 4))
colours = ["#8c2d5a" if v > 0 else "#0072b2" for v in ladder["value of invading"]]
ax.barh(ladder["design"], ladder["value of invading"], color=colours)
ax.axvline(0, color="black", lw=0.8)
ax.invert_yaxis()
ax.set_xlabel("Russia's value of invading (holding = 0)")
ax.set_title("From an assurance to a deterrent, one lever at a time")
plt.show()
ladder.round(2)

# %% [markdown]
# **Reading.** The words alone (automaticity, a treaty, a broader trigger) barely move the value
# of invading (next cell): a commitment to *support* a weak army is a commitment to something that
# does not change the war's outcome, and an uncommitted UK would give that support anyway.
# Forces change the value: aircraft and troops turn the pledge into *intervention*, and the armed
# US backstop adds the force that makes Russia back down. An assurance fails not because it is
# insincere but because, even if honoured, it does not make aggression lose.

# %%
words = ladder["value of invading"].iloc[:4]
print(f"the words move the value of invading by {np.ptp(words):.4f} in all")
assert np.ptp(words) < 0.01  # the words alone barely change anything here
assert ladder["value of invading"].iloc[-1] < 0 < ladder["value of invading"].iloc[0]

# %% [markdown]
# ## 4. Where automaticity and legal form *do* matter
#
# Once the pledge is an intervention, credibility is what is missing, and automaticity and legal
# form supply it. The August 2025 coalition design (`august_2025_proposal`: twelve states, 20,000
# troops at rear hubs, 60 aircraft, a US air backstop) with Ukraine's army capped at 400k, swept
# over automaticity and the three legal forms:

# %%
loaded = with_sweep_options(
    load_scenario(
        PRESETS / "august_2025_proposal.yaml",
        overrides=["guarantee.ukraine_strength=400", "dynamics=null"],
    ),
    params=[
        f"guarantee.automaticity=0:1:{AUTOMATICITY_STEPS}",
        "guarantee.legal_form=declaration,executive,treaty",
    ],
)
sweep = run_sweep(loaded, out_dir=RESULTS, engine="serial")
points = sweep.outputs.points
fig, ax = plt.subplots(figsize=(7, 3.2))
plot_deterrence_map(points, "guarantee.automaticity", "guarantee.legal_form", ax=ax)
plt.show()

# %%
stops_invasion = (
    points[points["invasion_deterred"]]
    .groupby("guarantee.legal_form")["guarantee.automaticity"]
    .min()
    .reindex(["declaration", "executive", "treaty"])
)
print("least automaticity at which an invasion stops paying:")
print(stops_invasion.to_string())
assert stops_invasion["treaty"] <= stops_invasion["declaration"]

# %% [markdown]
# A treaty buys the same deterrence of invasion with a less automatic commitment: an uncommitted
# guarantor that has tied its hands in public pays a higher price for walking away, so it is more
# likely to intervene anyway. But no design in this map *holds*: the armed-attack trigger leaves
# probes uncovered (notebook 05).
#
# ## Exercise
#
# 1. Print Russia's value of invading against automaticity for each legal form (columns
#    `guarantee.automaticity`, `guarantee.legal_form`, `value_invade` of `points`). Where is the
#    gap between a declaration and a treaty largest, and why does it shrink as automaticity
#    approaches 1?
# 2. Make the same guarantee cover any violation (`guarantee.trigger=any_violation`) and find the
#    least automaticity at which Russia is deterred altogether under an executive agreement (hint:
#    `sim.guarantee.threshold(scenario, "automaticity")`).

# %% tags=["solution"] jupyter={"source_hidden": true, "outputs_hidden": true}
# Solution.
# 1. The audience cost acts on an *uncommitted* guarantor (the shortfall from its pledge costs it
#    AC_j): at automaticity 0 every guarantor is uncommitted and the legal form matters most; at
#    automaticity 1 every guarantor is committed and plays its pledge whatever the audience cost,
#    so the legal form matters (almost) only through its other effects. Hand-tying is a
#    substitute for automaticity, not a complement.
values = points.pivot(
    index="guarantee.automaticity", columns="guarantee.legal_form", values="value_invade"
)
gap = values["declaration"] - values["treaty"]
print(values.round(2).to_string())
print(f"gap declaration - treaty: {gap.iloc[0]:.2f} at a = 0, {gap.iloc[-1]:.2f} at a = 1")
assert gap.iloc[0] > gap.iloc[-1]

# 2. Under an any-violation trigger a detected probe is answered too, so Russia can be deterred
#    from both; the threshold is the least automaticity that does it.
from sim.guarantee import threshold

broad = preset(
    "august_2025_proposal",
    "guarantee.ukraine_strength=400",
    "guarantee.trigger=any_violation",
    "guarantee.legal_form=executive",
)
found = threshold(broad, "automaticity")
print(
    f"deterred from probing and invading from automaticity {found.value:.3f} "
    f"(the preset's own {found.current}: deterred = {found.deterred})"
)

# %% [markdown]
# ## References
#
# - Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus sinking costs.
#   *Journal of Conflict Resolution* 41(1), 68–90.
# - Memorandum on Security Assurances in connection with Ukraine's accession to the NPT
#   (Budapest, 5 December 1994).
# - North Atlantic Treaty (Washington, 4 April 1949), Article 5.
# - Schelling, T. C. (1966). *Arms and Influence*. Yale University Press, ch. 2–3.
# - Zagare, F. C., & Kilgour, D. M. (2000). *Perfect Deterrence*. Cambridge University Press.
