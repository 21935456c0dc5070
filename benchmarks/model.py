"""Benchmark of the repeated game: model steps per second, against a nashpy-per-step variant.

Run ``python -m benchmarks.model`` (1,000 replicates of 40 quarters) or ``--quick``. Everything
runs in this process on one core (thread-count variables of the BLAS/OpenMP runtimes set to 1).

Scenario: the ``salami_gray_zone`` preset with its dynamics (learning, wars, forces, elections,
coalition exits). Two engines run the same model (bit-identical outputs, tested):
:class:`~sim.model.ensemble.GuaranteeEnsemble` steps all replicates together as arrays (what
``deter run`` uses), :class:`~sim.model.model.GuaranteeModel` runs one replicate at a time with
one Mesa agent per actor. Variants, on the same replicates and seeds:

* ``ensemble (cold)``: a fresh stage policy, so the time includes solving the batched stage trees
  the runs need (``deter run``'s cost);
* ``ensemble (warm)``: the same runs again with the trees solved;
* ``ensemble, nashpy``: the same model, but each quarter every deciding replicate's move is taken
  by solving the normal form of Russia's choice (its three action values against a passive
  opponent) with nashpy's ``support_enumeration`` (the values still come from the tables);
* ``agents (cold)``, ``agents (warm)``, ``agents, nashpy``: the same three with
  :class:`GuaranteeModel`;
* ``agents, tree per step``: :class:`GuaranteeModel` with each decision rebuilding the stage tree
  with Russia's beliefs in place of the commitment probabilities and solving it by backward
  induction (a model without the tables).

Rates are model steps (quarters) per second of process CPU time; the per-step variants run fewer
replicates and their rates are per step all the same. All variants must take the same decisions.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings
from pathlib import Path
from typing import Any

import nashpy
import numpy as np
from numpy.typing import NDArray

from sim.equilibria.backward_induction import backward_induction
from sim.games.guarantee import build_guarantee_game, guarantee_parameters
from sim.model.agents import RussiaAgent
from sim.model.ensemble import GuaranteeEnsemble
from sim.model.guarantee_policy import GuaranteeStagePolicy, with_members
from sim.model.model import GuaranteeModel
from sim.model.stage_policy import StageTables
from sim.scenario.dynamics import Dynamics
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESET = Path(__file__).resolve().parent.parent / "scenarios" / "presets" / "salami_gray_zone.yaml"


class NashpyRussia(RussiaAgent):
    """Russia deciding each quarter by a nashpy solve of its choice's normal form."""

    def choose(self, values: list[float], precision: float | None, u: float | None = None) -> int:
        if precision is not None:
            return super().choose(values, precision, u)
        a = np.asarray(values, dtype=float).reshape(3, 1)
        game = nashpy.Game(a, np.zeros_like(a))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            row, _ = next(iter(game.support_enumeration()))
        return int(np.argmax(row))


class NashpyModel(GuaranteeModel):
    russia_agent_class = NashpyRussia


class NashpyEnsemble(GuaranteeEnsemble):
    """The ensemble with each deciding replicate's move taken by a nashpy solve, every quarter."""

    def choose(self, values: list[NDArray[np.float64]], u: NDArray[np.float64]) -> Any:
        if self.dynamics.logit_precision is not None:
            return super().choose(values, u)
        columns = np.stack(values, axis=1)
        chosen = np.empty(len(columns), dtype=np.int64)
        for i, row in enumerate(columns):
            game = nashpy.Game(row.reshape(3, 1), np.zeros((3, 1)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                strategy, _ = next(iter(game.support_enumeration()))
            chosen[i] = int(np.argmax(strategy))
        return chosen


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


def run_agents(
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


def run_ensemble(
    ensemble_class: type[GuaranteeEnsemble],
    scenario: Scenario,
    seeds: list[np.random.SeedSequence],
    policy: GuaranteeStagePolicy,
) -> tuple[int, float, float, int]:
    """As :func:`run_agents`, all replicates in one ensemble."""
    cpu, wall = time.process_time(), time.perf_counter()
    ensemble = ensemble_class(scenario, seeds, policy=policy)
    ensemble.run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    invasions = int((ensemble.record["russia_action"] == 2).sum())
    return ensemble.quarter * len(seeds), cpu, wall, invasions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small run (smoke test)")
    parser.add_argument("--replicates", type=int, default=None)
    args = parser.parse_args(argv)
    replicates = args.replicates or (50 if args.quick else 1000)
    nashpy_replicates = max(5, replicates // 10)
    tree_replicates = max(2, replicates // 100)

    scenario = load_scenario(PRESET).scenario
    seeds = np.random.SeedSequence(scenario.seed).spawn(replicates)
    print(f"machine: {platform.machine()} {platform.system()}, python {platform.python_version()}")
    quarters = scenario.dynamics.quarters if scenario.dynamics else None
    print(f"scenario: {scenario.name}, {replicates} replicates x {quarters} quarters")

    def fresh() -> GuaranteeStagePolicy:
        return GuaranteeStagePolicy(scenario, scenario.dynamics)

    ens_policy, agents_policy = fresh(), fresh()
    few, fewer = seeds[:nashpy_replicates], seeds[:tree_replicates]
    rows = [
        (
            "ensemble (cold)",
            replicates,
            run_ensemble(GuaranteeEnsemble, scenario, seeds, ens_policy),
        ),
        (
            "ensemble (warm)",
            replicates,
            run_ensemble(GuaranteeEnsemble, scenario, seeds, ens_policy),
        ),
        ("ensemble, nashpy", len(few), run_ensemble(NashpyEnsemble, scenario, few, ens_policy)),
        ("agents (cold)", replicates, run_agents(GuaranteeModel, scenario, seeds, agents_policy)),
        ("agents (warm)", replicates, run_agents(GuaranteeModel, scenario, seeds, agents_policy)),
        ("agents, nashpy", len(few), run_agents(NashpyModel, scenario, few, agents_policy)),
        (
            "agents, tree per step",
            len(fewer),
            run_agents(TreeModel, scenario, fewer, agents_policy),
        ),
    ]
    header = f"{'variant':<23}{'runs':>6}{'steps':>8}{'cpu s':>8}{'wall s':>8}{'steps/s (cpu)':>15}"
    print(header)
    for name, n, (steps, cpu, wall, _) in rows:
        print(f"{name:<23}{n:>6}{steps:>8}{cpu:>8.2f}{wall:>8.2f}{steps / cpu:>15,.0f}")
    rate = {name: steps / cpu for name, _, (steps, cpu, _, _) in rows}
    for ours, other in (
        ("ensemble (cold)", "ensemble, nashpy"),
        ("ensemble (warm)", "ensemble, nashpy"),
        ("ensemble (cold)", "agents, nashpy"),
        ("ensemble (cold)", "agents (cold)"),
        ("agents (cold)", "agents, nashpy"),
        ("agents (cold)", "agents, tree per step"),
    ):
        print(f"ratio {ours} / {other}: {rate[ours] / rate[other]:.1f}x")
    invasions = {name: (n, result[3]) for name, n, result in rows}
    agree = True
    for name, (n, count) in invasions.items():
        reference = run_ensemble(GuaranteeEnsemble, scenario, seeds[:n], ens_policy)[3]
        same = count == reference
        agree &= same
        print(f"same decisions, {name} (invasions {count} vs {reference}): {same}")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
