"""Benchmark of the repeated game: model steps per second, against a nashpy-per-step variant.

Run ``python -m benchmarks.model`` (1,000 replicates of 40 quarters) or ``--quick``. Everything
runs in this process on one core (thread-count variables of the BLAS/OpenMP runtimes set to 1).

Scenario: the ``salami_gray_zone`` preset with its dynamics (learning, wars, forces, elections,
coalition exits). Variants, on the same replicates and seeds:

* ``tables (cold)``: :class:`~sim.model.model.GuaranteeModel` with a fresh stage policy, so the
  time includes solving the batched stage trees it needs;
* ``tables (warm)``: the same runs again with the policy's tables already computed;
* ``nashpy per step``: the same model, but each quarter Russia's decision is taken by solving the
  normal form of its choice (its three action values against a passive opponent) with nashpy's
  ``support_enumeration`` (the values still come from the precomputed tables);
* ``tree per step``: the same model, but each decision rebuilds the stage tree with Russia's
  beliefs in place of the commitment probabilities and solves it by backward induction (what a
  model without the tables would do).

Rates are model steps (quarters) per second of process CPU time; the per-step variants run fewer
replicates and their rates are per step all the same. All variants must take the same decisions.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings
from pathlib import Path

import nashpy
import numpy as np

from sim.equilibria.backward_induction import backward_induction
from sim.games.guarantee import build_guarantee_game, guarantee_parameters
from sim.model.agents import RussiaAgent
from sim.model.guarantee_policy import GuaranteeStagePolicy, with_members
from sim.model.model import GuaranteeModel
from sim.model.stage_policy import StageTables
from sim.scenario.dynamics import Dynamics
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESET = Path(__file__).resolve().parent.parent / "scenarios" / "presets" / "salami_gray_zone.yaml"


class NashpyRussia(RussiaAgent):
    """Russia deciding each quarter by a nashpy solve of its choice's normal form."""

    def choose(self, values: list[float], precision: float | None) -> int:
        if precision is not None:
            return super().choose(values, precision)
        a = np.asarray(values, dtype=float).reshape(3, 1)
        game = nashpy.Game(a, np.zeros_like(a))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            row, _ = next(iter(game.support_enumeration()))
        return int(np.argmax(row))


class NashpyModel(GuaranteeModel):
    russia_agent_class = NashpyRussia


class TreeRussia(RussiaAgent):
    """Russia valuing its moves by solving the stage tree under its beliefs, every decision."""

    def action_values(self, tables: StageTables, dynamics: Dynamics) -> list[float]:
        (us_p, us_i), (ec_p, ec_i) = tables.believed_kappa(*self.belief_means)
        model = self.model
        assert isinstance(model, GuaranteeModel)
        state = model.current_state()
        scenario = with_members(model.scenario, state.members)
        policy = model.policy
        assert isinstance(policy, GuaranteeStagePolicy)
        u, r, res = (float(policy.axes[i][k]) for i, k in enumerate(policy.index(state)))
        params = guarantee_parameters(
            scenario,
            {
                "guarantee.ukraine_strength": min(
                    max(scenario.guarantee.ukraine_strength * u, 85.0), 1000.0
                ),
                "actors.russia.force": scenario.actors.russia.force * r,
                "actors.united_states.resolve": res,
            },
        ).with_values(
            kappa_us_probe=us_p, kappa_us_invade=us_i, kappa_e_probe=ec_p, kappa_e_invade=ec_i
        )
        game = build_guarantee_game(params)
        solution = backward_induction(game)
        opp = next(n for n in game.decision_nodes if n.actions == ("hold", "probe", "invade"))
        values = [float(solution.values[c.id][0]) for c in opp.children]
        cf = dynamics.ceasefire
        if cf.grim_trigger and not self.ceasefire_broken:
            d = cf.discount
            values = [values[0] / (1.0 - d)] + [
                v + d * cf.punishment_value / (1.0 - d) for v in values[1:]
            ]
        return values


class TreeModel(GuaranteeModel):
    russia_agent_class = TreeRussia


def run(
    model_class: type[GuaranteeModel],
    scenario: Scenario,
    seeds: list[np.random.SeedSequence],
    policy: GuaranteeStagePolicy,
) -> tuple[int, float, float, int]:
    """Steps, CPU seconds, wall seconds and the number of invasions (a checksum)."""
    steps = invasions = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for seed in seeds:
        model = model_class(scenario, rng=np.random.default_rng(seed), policy=policy)
        model.run()
        steps += model.quarter
        invasions += int((model.record["russia_action"] == 2).sum())
    return steps, time.process_time() - cpu, time.perf_counter() - wall, invasions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small run (smoke test)")
    parser.add_argument("--replicates", type=int, default=None)
    args = parser.parse_args(argv)
    replicates = args.replicates or (50 if args.quick else 1000)
    nashpy_replicates = max(5, replicates // 10)

    scenario = load_scenario(PRESET).scenario
    seeds = np.random.SeedSequence(scenario.seed).spawn(replicates)
    print(f"machine: {platform.machine()} {platform.system()}, python {platform.python_version()}")
    quarters = scenario.dynamics.quarters if scenario.dynamics else None
    print(f"scenario: {scenario.name}, {replicates} replicates x {quarters} quarters")

    policy = GuaranteeStagePolicy(scenario, scenario.dynamics)
    tree_replicates = max(2, replicates // 100)
    rows = [
        ("tables (cold)", replicates, *run(GuaranteeModel, scenario, seeds, policy)),
        ("tables (warm)", replicates, *run(GuaranteeModel, scenario, seeds, policy)),
        (
            "nashpy per step",
            nashpy_replicates,
            *run(NashpyModel, scenario, seeds[:nashpy_replicates], policy),
        ),
        (
            "tree per step",
            tree_replicates,
            *run(TreeModel, scenario, seeds[:tree_replicates], policy),
        ),
    ]
    print(f"{'variant':<18}{'runs':>7}{'steps':>9}{'cpu s':>9}{'wall s':>9}{'steps/s (cpu)':>15}")
    for name, n, steps, cpu, wall, _ in rows:
        print(f"{name:<18}{n:>7}{steps:>9}{cpu:>9.2f}{wall:>9.2f}{steps / cpu:>15,.0f}")
    rate = {name: steps / cpu for name, _, steps, cpu, _, _ in rows}
    for ours in ("tables (cold)", "tables (warm)"):
        for other in ("nashpy per step", "tree per step"):
            print(f"ratio {ours} / {other}: {rate[ours] / rate[other]:.1f}x")
    agree = True
    for name, n, *_, invasions in rows[2:]:
        reference = run(GuaranteeModel, scenario, seeds[:n], policy)[3]
        same = invasions == reference
        agree &= same
        print(f"same decisions, {name} (invasions {invasions} vs {reference}): {same}")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
