"""Benchmark of the repeated game: model steps per second, against a nashpy-per-step variant.

Run ``python -m benchmarks.model`` (1,000 replicates of 40 quarters) or ``--quick``. Everything
runs in this process on one core (thread-count variables of the BLAS/OpenMP runtimes set to 1).

Scenario: the ``salami_gray_zone`` preset with its dynamics (learning, wars, forces, elections,
coalition exits). One :class:`~sim.model.model.GuaranteeModel` steps all replicates together
(its agents' state has a replicate axis); the variants, on the same replicates and seeds:

* ``model (cold)``: a fresh stage policy, so the time includes solving the batched stage trees
  the runs need (``deter run``'s cost);
* ``model (warm)``: the same runs again with the trees solved;
* ``model, one replicate per model``: the same code, one model per replicate (warm);
* ``model, nashpy``: each quarter, every deciding replicate's move is taken by solving the
  normal form of Russia's choice (its three action values against a passive opponent) with
  nashpy's ``support_enumeration`` (the values still come from the stage grid);
* ``model, tree per step``: each deciding replicate's values come from rebuilding the stage tree
  with Russia's beliefs in place of the commitment probabilities and solving it by backward
  induction (a model without the stage grid).

Rates are model steps (replicate-quarters) per second of process CPU time; the per-step variants
run fewer replicates and their rates are per step all the same. All variants must take the same
decisions.
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
from sim.guarantee import build_guarantee_game, guarantee_parameters
from sim.model.agents import RussiaAgent
from sim.model.model import GuaranteeModel
from sim.model.stage import StageGrid, StagePolicy, with_members
from sim.scenario.dynamics import Dynamics
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESET = Path(__file__).resolve().parent.parent / "scenarios" / "presets" / "salami_gray_zone.yaml"

Floats = NDArray[np.float64]


class NashpyRussia(RussiaAgent):
    """Russia deciding each quarter by a nashpy solve of its choice's normal form."""

    def choose(self, values: list[Floats], u: Floats, precision: float | None) -> Any:
        if precision is not None:
            return super().choose(values, u, precision)
        columns = np.stack(values, axis=1)
        chosen = np.empty(len(columns), dtype=np.int64)
        for i, row in enumerate(columns):
            game = nashpy.Game(row.reshape(3, 1), np.zeros((3, 1)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                strategy, _ = next(iter(game.support_enumeration()))
            chosen[i] = int(np.argmax(strategy))
        return chosen


class NashpyModel(GuaranteeModel):
    russia_agent_class = NashpyRussia


class TreeRussia(RussiaAgent):
    """Russia valuing its moves by solving the stage tree under its beliefs, every decision."""

    def action_values(
        self, grid: StageGrid, rows: Any, points: Any, dynamics: Dynamics
    ) -> list[Floats]:
        model = self.model
        assert isinstance(model, GuaranteeModel)
        policy = model.policy
        mu_us, mu_ec = self.belief_means
        out = np.empty((3, len(rows)))
        for j, (i, point) in enumerate(zip(rows.tolist(), points.tolist(), strict=True)):
            scenario = with_members(model.scenario, model.coalition.sets[model.grid_set[i]])
            u, r, res = np.unravel_index(point, policy.grid_shape)
            params = guarantee_parameters(
                scenario,
                {
                    "guarantee.ukraine_strength": min(
                        max(scenario.guarantee.ukraine_strength * policy.axes[0][u], 85.0), 1000.0
                    ),
                    "actors.russia.force": scenario.actors.russia.force * policy.axes[1][r],
                    "actors.united_states.resolve": policy.axes[2][res],
                },
            )
            ratio_us = (
                min(1.0, params.kappa_us_probe / params.kappa_us_invade)
                if float(params.kappa_us_invade) > 0
                else 0.0
            )
            ratio_ec = (
                min(1.0, params.kappa_e_probe / params.kappa_e_invade)
                if float(params.kappa_e_invade) > 0
                else 0.0
            )
            believed = params.with_values(
                kappa_us_probe=mu_us[i] * ratio_us,
                kappa_us_invade=mu_us[i],
                kappa_e_probe=mu_ec[i] * ratio_ec,
                kappa_e_invade=mu_ec[i],
            )
            tree = build_guarantee_game(believed)
            solution = backward_induction(tree.game)
            out[:, j] = [float(solution.values[c.id][0]) for c in tree.opportunist.children]
        return [out[0], out[1], out[2]]


class TreeModel(GuaranteeModel):
    russia_agent_class = TreeRussia


def run(
    model_class: type[GuaranteeModel],
    scenario: Scenario,
    seeds: list[np.random.SeedSequence],
    policy: StagePolicy,
    *,
    one_by_one: bool = False,
) -> tuple[int, float, float, int]:
    """Steps, CPU seconds, wall seconds and the number of invasions (a checksum)."""
    cpu, wall = time.process_time(), time.perf_counter()
    batches = [[s] for s in seeds] if one_by_one else [seeds]
    steps = invasions = 0
    for batch in batches:
        model = model_class(scenario, seeds=batch, policy=policy)
        model.run()
        steps += model.quarter * len(batch)
        invasions += int((model.record["russia_action"] == 2).sum())
    return steps, time.process_time() - cpu, time.perf_counter() - wall, invasions


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

    policy = StagePolicy(scenario, scenario.dynamics)
    few, fewer = seeds[:nashpy_replicates], seeds[:tree_replicates]
    rows = [
        ("model (cold)", replicates, run(GuaranteeModel, scenario, seeds, policy)),
        ("model (warm)", replicates, run(GuaranteeModel, scenario, seeds, policy)),
        (
            "model, one replicate per model",
            len(few),
            run(GuaranteeModel, scenario, few, policy, one_by_one=True),
        ),
        ("model, nashpy", len(few), run(NashpyModel, scenario, few, policy)),
        ("model, tree per step", len(fewer), run(TreeModel, scenario, fewer, policy)),
    ]
    header = f"{'variant':<32}{'runs':>6}{'steps':>8}{'cpu s':>8}{'wall s':>8}{'steps/s (cpu)':>15}"
    print(header)
    for name, n, (steps, cpu, wall, _) in rows:
        print(f"{name:<32}{n:>6}{steps:>8}{cpu:>8.2f}{wall:>8.2f}{steps / cpu:>15,.0f}")
    rate = {name: steps / cpu for name, _, (steps, cpu, _, _) in rows}
    for ours, other in (
        ("model (cold)", "model, nashpy"),
        ("model (warm)", "model, nashpy"),
        ("model (cold)", "model, tree per step"),
        ("model (warm)", "model, one replicate per model"),
    ):
        print(f"ratio {ours} / {other}: {rate[ours] / rate[other]:.1f}x")
    agree = True
    for name, n, result in rows:
        reference = run(GuaranteeModel, scenario, seeds[:n], policy)[3]
        same = result[3] == reference
        agree &= same
        print(f"same decisions, {name} (invasions {result[3]} vs {reference}): {same}")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
