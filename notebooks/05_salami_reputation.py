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
# # 05 · Salami tactics and reputation in the repeated game
#
# "Salami tactics" (Schelling 1966, ch. 2): a challenger who cannot take the whole salami at once
# takes it slice by slice, each slice too thin to justify the response the guarantor threatened.
# Gray-zone probes below a guarantee's trigger are such slices. One crisis round cannot show what
# they do over years; the repeated game in Mesa can.
#
# **Learning goals.** After this notebook you can
#
# 1. explain why a threat to punish small violations is not credible in a one-shot game (Selten's
#    chain-store paradox) and how reputation can restore it (Kreps & Wilson 1982);
# 2. compute a Bayesian update of a reputation by hand;
# 3. run the repeated guarantee game (`run_dynamics`) for two guarantees that differ only in their
#    trigger, and read beliefs, escalation, coalition size and survival curves;
# 4. explain how unanswered probes erode a guarantee even when they teach Russia nothing about the
#    commitment to answer an invasion.

# %% tags=["parameters"]
# Sizes that CI may shrink.
REPLICATES = 300  # repeated-game runs per scenario
ROOT_SEED = 3  # root of every run's random stream (SeedSequence)

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.analysis import plot_beliefs, plot_escalation, plot_game_tree, plot_survival
from sim.analysis.timeseries import plot_coalition_size
from sim.equilibria.backward_induction import backward_induction
from sim.experiments import run_dynamics
from sim.games.loading import load_game
from sim.guarantee import solve_guarantee
from sim.scenario import load_scenario

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "scenarios" / "canon").is_dir())
CANON, PRESETS = ROOT / "scenarios" / "canon", ROOT / "scenarios" / "presets"
SCRATCH = tempfile.TemporaryDirectory(prefix="deter-nb05-")  # removed when the kernel exits
RESULTS = Path(SCRATCH.name)  # run outputs go to a scratch folder

# %% [markdown]
# ## 1. Why answer a small violation? The chain store
#
# Selten's entry game: an Entrant stays out or enters; the Incumbent then fights (both lose) or
# accommodates. Fighting is a threat the Incumbent would not carry out, so the subgame-perfect
# equilibrium is *enter, accommodate*, and by backward induction the same holds in every market
# of a finite chain: the **chain-store paradox** (Selten 1978).

# %%
entry = load_game(CANON / "chain_store_entry.yaml")
ax = plot_game_tree(entry, backward_induction(entry), collapse_unreached=False, fontsize=9)
plt.show()

# %% [markdown]
# **Reputation** (Kreps & Wilson 1982). Suppose that with a small prior probability $\rho$ the
# Incumbent is *tough* and likes fighting. A weak Incumbent can then fight early to look tough.
# With two markets and the Entrant's gain $b$ from accommodation, in the sequential equilibrium
# for $\rho < b$ the weak Incumbent fights in market 1 with probability
# $\beta = \rho(1-b)/((1-\rho)\,b)$, so that after a fight the second Entrant's posterior is,
# by Bayes' rule,
#
# $$\Pr(\text{tough} \mid \text{fight}) = \frac{\rho}{\rho + (1-\rho)\,\beta} = b ,$$
#
# just enough to make it indifferent. The first Entrant is fought with probability $\rho/b$ and
# stays out iff $\rho > b^2$: reputation deters when the prior exceeds $b^{\text{markets left}}$.

# %%
kw = load_scenario(CANON / "kreps_wilson_reputation.yaml").scenario.game.parameters
rho, b = kw["rho"], kw["b"]
beta = rho * (1 - b) / ((1 - rho) * b)
posterior = rho / (rho + (1 - rho) * beta)
print(
    f"rho = {rho}, b = {b}: the weak Incumbent fights with beta = {beta:.3f}; "
    f"posterior after a fight = {posterior:.3f} (= b)"
)
print(
    f"first Entrant fought with probability rho / b = {rho / b:.2f}; stays out iff "
    f"rho > b^2 = {b**2:.2f}: {rho > b**2}"
)

# %% [markdown]
# A guarantor answering a gray-zone probe is an Incumbent fighting in an early market: it pays now
# to keep its threat believable later. A guarantee whose trigger does not cover probes forbids
# exactly that.
#
# ## 2. Two guarantees, one difference
#
# `salami_gray_zone`: a reassurance force (15k troops at rear hubs, 60 aircraft), executive
# agreements, weak monitoring, and a trigger that covers only an *armed attack*.
# `salami_any_violation`: the same, with a trigger that covers *any violation*. First the stage
# game, one crisis round:

# %%
NAMES = ["salami_gray_zone", "salami_any_violation"]
scenarios = {n: load_scenario(PRESETS / f"{n}.yaml").scenario for n in NAMES}
for name, scenario in scenarios.items():
    s = solve_guarantee(scenario)
    print(
        f"{name:22s} trigger {scenario.guarantee.trigger:14s} -> {s.russia_action:6s} "
        f"values { ({k: round(v, 2) for k, v in s.russia_values.items()}) }"
    )

# %% [markdown]
# Under the narrow trigger a probe is worth more than holding; under the broad one a detected
# probe is answered and holding is best. What does that do over ten years?
#
# ## 3. The repeated game
#
# Each quarter Russia decides on its **beliefs** about each guarantor's commitment to answer an
# invasion, Beta($\alpha, \beta$) priors centred on what the guarantee signals. Only informative
# events update them (Beta–Bernoulli conjugacy):
#
# $$\alpha' = \alpha + y, \quad \beta' = \beta + (1-y), \quad
#   E[\kappa] = \frac{\alpha}{\alpha+\beta},$$
#
# with $y = 1$ when a guarantor honours a pledge and $y = 0$ when it falls short. Coalition members
# pay the costs of probes and leave when their costs pass their thresholds; the guarantee's signal
# falls with the coalition (docs/dynamics.md). `run_dynamics` runs the replicates, each with its
# own random stream spawned from one root seed, and writes Parquet tables.

# %%
runs, series, summaries = {}, {}, {}
for name, scenario in scenarios.items():
    folder = RESULTS / name
    summaries[name] = run_dynamics(
        scenario, replicates=REPLICATES, root_seed=ROOT_SEED, out_dir=folder
    )
    series[name] = pd.read_parquet(folder / "timeseries.parquet")
    runs[name] = pd.read_parquet(folder / "runs.parquet")

pd.DataFrame(
    {
        name: {
            "P(invasion within horizon)": s.p_invasion_within_horizon,
            "probes per run": s.probes_per_run,
            "share of probes unanswered": s.unanswered_probe_share,
            "share of quarters at peace": s.share_quarters_at_peace,
            "median quarter of first invasion": s.median_quarters_to_invasion,
        }
        for name, s in summaries.items()
    }
).round(3)

# %%
fig, axes = plt.subplots(3, 2, figsize=(12, 10), sharex=True)
for column, name in enumerate(NAMES):
    ts = series[name]
    plot_beliefs(ts, ax=axes[0, column])
    axes[0, column].set_title(name)
    plot_coalition_size(ts, ax=axes[1, column])
    plot_escalation(ts, ax=axes[2, column])
fig.tight_layout()
plt.show()

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for name in NAMES:
    plot_survival(runs[name], summaries[name].quarters, ax=ax)
ax.legend(NAMES, fontsize="small")
ax.set_title("Share of runs without an invasion yet")
plt.show()

gray, broad = summaries["salami_gray_zone"], summaries["salami_any_violation"]
assert gray.p_invasion_within_horizon > broad.p_invasion_within_horizon
assert gray.probes_per_run > broad.probes_per_run

mean_size = series["salami_gray_zone"].groupby("quarter")["coalition_size"].mean()
half = int(mean_size.index[mean_size <= mean_size.iloc[0] / 2][0])
print(
    f"gray zone: the mean coalition has lost half its members by quarter {half}; "
    f"median first invasion in quarter {gray.median_quarters_to_invasion}"
)

# %% [markdown]
# **Reading.** Under the narrow trigger Russia probes quarter after quarter and nobody answers.
# The probes do not teach Russia anything about the commitment to answer an invasion (they are not
# covered, so a committed and an uncommitted guarantor behave the same). They work another way:
# each slice costs the coalition's members, and members leave as their costs mount. A smaller
# coalition brings less force and a weaker signal of commitment; invading starts to pay at about
# the time half the members have gone, and Russia's belief in the coalition follows it down.
# (The US belief steps down in both panels at the first US election, in quarter 10, when the
# presidency can change hands and the backstop's resolve with it.) Under the broad trigger the
# first slice would be answered, so it is never cut: the coalition stays together, and the
# remaining invasions are the hard-liners' (the floor that no guarantee removes).
#
# ## Exercise
#
# 1. **Monitoring.** Keep the narrow trigger but raise monitoring to 0.9
#    (`load_scenario(..., overrides=["guarantee.monitoring=0.9"])`). Do the probes stop? Use
#    `solve_guarantee(...).thresholds["monitoring"]` to explain why, then run the repeated game.
# 2. **Reputation.** In the Kreps–Wilson model with $b = 0.5$, how high must the prior $\rho$ be
#    for reputation to deter the first Entrant when there are three markets left? What does that
#    suggest about how early a guarantor should answer probes?

# %% tags=["solution"] jupyter={"source_hidden": true, "outputs_hidden": true}
# Solution.
# 1. A detected probe draws automatic (snapback) sanctions; above the monitoring threshold the
#    expected sanction outweighs the probe's gain, so Russia holds from the start and the salami
#    is never sliced, even though the trigger still does not cover probes.
watched = load_scenario(
    PRESETS / "salami_gray_zone.yaml", overrides=["guarantee.monitoring=0.9"]
).scenario
stage = solve_guarantee(watched)
print(
    f"monitoring threshold {stage.thresholds['monitoring']:.3f}; at 0.9 Russia chooses "
    f"{stage.russia_action}"
)
watched_summary = run_dynamics(
    watched, replicates=REPLICATES, root_seed=ROOT_SEED, out_dir=RESULTS / "watched"
)
print(
    f"probes per run {watched_summary.probes_per_run:.2f}; P(invasion) "
    f"{watched_summary.p_invasion_within_horizon:.3f} (narrow trigger, weak monitoring: "
    f"{gray.p_invasion_within_horizon:.3f})"
)

# 2. Reputation deters the first Entrant iff rho > b^(markets left): with three markets,
#    rho > 0.5^3 = 0.125. The more markets (quarters) remain, the smaller the doubt about its type
#    a guarantor needs to exploit, *provided* it answers early: reputation is built in the first
#    markets and spent in the last ones.
for markets in (2, 3, 4):
    print(f"{markets} markets: reputation deters iff rho > {b**markets:.4f}")

# %% [markdown]
# ## References
#
# - Kreps, D. M., & Wilson, R. (1982). Reputation and imperfect information. *Journal of Economic
#   Theory* 27(2), 253–279.
# - Milgrom, P., & Roberts, J. (1982). Predation, reputation, and entry deterrence. *Journal of
#   Economic Theory* 27(2), 280–312.
# - Schelling, T. C. (1966). *Arms and Influence*. Yale University Press, ch. 2.
# - Selten, R. (1978). The chain store paradox. *Theory and Decision* 9(2), 127–159.
