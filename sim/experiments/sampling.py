"""Design points of a sweep, and the seeds and draws that go with them.

:func:`design_points` turns a scenario's ``sweep:`` block (:mod:`sim.scenario.sweep`) into a
table with one row per design point and one column per swept parameter, named by its dotted
path. The samplers:

* ``grid``: every combination of the parameters' values, in C order (the first parameter
  varies slowest), so a grid's rows reshape to ``meta["grid_shape"]``;
* ``lhs``: Latin hypercube (McKay, Beckman & Conover 1979), ``scipy.stats.qmc.LatinHypercube``;
* ``random``: independent uniform draws;
* ``sobol``: Saltelli's (2002) extension of a scrambled Sobol sequence as SALib makes it
  (``SALib.sample.sobol.sample``, first-order and total indices only), N·(D+2) rows in SALib's
  order, so that ``SALib.analyze.sobol.analyze`` applies to any output column as it stands.

Draws in the unit cube become values through :meth:`SweepParameter.from_unit
<sim.scenario.sweep.SweepParameter.from_unit>` (a range, linear or logarithmic, or an index
into a list of values); integer fields take the nearest whole number.

Every random stream is a child of the scenario's root seed (``SeedSequence(seed,
spawn_key=(k, ...))``), one stream per purpose: the sampler (k = 1), the uncertain constants'
draws (k = 2) and each dynamic point's replicates (k = 3, point); so the points and their
results depend on the root seed alone, never on the engine, the number of workers or the chunk
a point falls in.

Examples
--------
>>> from sim.scenario.schema import Scenario
>>> scenario = Scenario.model_validate({"name": "demo", "sweep": {"parameters": {
...     "guarantee.automaticity": {"range": [0, 1], "steps": 3},
...     "guarantee.legal_form": {"values": ["executive", "treaty"]}}}})
>>> table = design_points(scenario)
>>> table.shape, list(table.columns)
((6, 2), ['guarantee.automaticity', 'guarantee.legal_form'])
>>> table.iloc[1].astype(str).tolist()
['0.0', 'treaty']
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from sim.scenario.fields import field_at
from sim.scenario.schema import Scenario
from sim.scenario.sweep import Sweep

SAMPLER_STREAM, UNCERTAIN_STREAM, POINT_STREAM = 1, 2, 3
"""Spawn keys of the root seed's child streams."""


def stream(seed: int, *key: int) -> np.random.SeedSequence:
    """The child stream of the root ``seed`` with spawn key ``key``."""
    return np.random.SeedSequence(seed, spawn_key=tuple(key))


def point_seed(seed: int, point: int) -> int:
    """The root seed of dynamic point ``point``'s replicates (a 63-bit integer).

    >>> point_seed(1, 0) == point_seed(1, 0) != point_seed(1, 1)
    True
    """
    word = stream(seed, POINT_STREAM, point).generate_state(1, np.uint64)[0]
    return int(word >> np.uint64(1))


def sweep_of(scenario: Scenario) -> Sweep:
    """The scenario's sweep block (a clear error when it has none)."""
    if scenario.sweep is None:
        raise ValueError(f"scenario {scenario.name!r} has no 'sweep:' block")
    return scenario.sweep


def unit_points(sweep: Sweep, seed: int) -> np.ndarray:
    """The sampler's points in the unit cube, shape ``(points, parameters)`` (not for grids)."""
    d = len(sweep.parameters)
    rng = np.random.default_rng(stream(seed, SAMPLER_STREAM))
    samples = int(sweep.samples or 0)
    if sweep.sampler == "lhs":
        return np.asarray(qmc.LatinHypercube(d=d, seed=rng).random(samples))
    if sweep.sampler == "random":
        return rng.random((samples, d))
    if sweep.sampler == "sobol":
        from SALib.sample import sobol as saltelli

        problem = {"num_vars": d, "names": list(sweep.parameters), "bounds": [[0.0, 1.0]] * d}
        salib_seed = int(rng.integers(2**31 - 1))
        unit = saltelli.sample(
            problem, samples, calc_second_order=False, scramble=True, seed=salib_seed
        )
        return np.minimum(np.asarray(unit, float), np.nextafter(1.0, 0.0))
    raise ValueError(f"unit_points: not a drawing sampler: {sweep.sampler!r}")


def design_points(scenario: Scenario) -> pd.DataFrame:
    """Every design point of the scenario's sweep: one row per point (module notes)."""
    sweep = sweep_of(scenario)
    names = list(sweep.parameters)
    if sweep.sampler == "grid":
        axes = [sweep.parameters[n].grid_values() for n in names]
        rows = list(itertools.product(*axes))
        columns: dict[str, Any] = {n: [row[k] for row in rows] for k, n in enumerate(names)}
    else:
        unit = unit_points(sweep, scenario.seed)
        columns = {n: sweep.parameters[n].from_unit(unit[:, k]) for k, n in enumerate(names)}
    return pd.DataFrame({n: _typed(scenario, n, columns[n]) for n in names})


def _typed(scenario: Scenario, path: str, values: Any) -> Any:
    """A column with the field's type: integers rounded, numbers float64, choices text."""
    if path.startswith("game."):
        return np.asarray(values, dtype=float)
    info = field_at(Scenario, tuple(path.split(".")))
    annotation = info.annotation if info is not None else None
    if path == "guarantee.coalition.size":
        return np.rint(np.asarray(values, dtype=float)).astype(np.int64)
    if annotation is int:
        return np.rint(np.asarray(values, dtype=float))
    if isinstance(values, list) and values and isinstance(values[0], str):
        return pd.array(values, dtype="string")
    return np.asarray(values, dtype=float)


def uncertain_ranges(scenario: Scenario) -> list[tuple[str, float, float]]:
    """The sweep's uncertain constants: ``(path, low, high)``, in order (``judgement``: every
    judgement constant with its plausible range)."""
    sweep = sweep_of(scenario)
    if sweep.uncertain is None:
        return []
    if sweep.uncertain == "judgement":
        from sim.guarantee.robustness import judgement_ranges

        return [r for r in judgement_ranges() if r[0] not in sweep.parameters]
    return [(path, *spec.range) for path, spec in sweep.uncertain.items()]


def uncertain_draws(scenario: Scenario) -> dict[str, np.ndarray]:
    """Latin-hypercube draws of the uncertain constants (the same at every design point)."""
    ranges = uncertain_ranges(scenario)
    if not ranges:
        return {}
    sweep = sweep_of(scenario)
    rng = np.random.default_rng(stream(scenario.seed, UNCERTAIN_STREAM))
    unit = qmc.LatinHypercube(d=len(ranges), seed=rng).random(sweep.draws)
    return {path: lo + unit[:, k] * (hi - lo) for k, (path, lo, hi) in enumerate(ranges)}


def sweep_meta(scenario: Scenario, scenario_hash: str, kind: str) -> dict[str, Any]:
    """What a points table records about how it was made (Parquet metadata ``deter``)."""
    sweep = sweep_of(scenario)
    parameters = []
    for path, spec in sweep.parameters.items():
        entry: dict[str, Any] = {"path": path, "log": spec.log}
        categorical = spec.values is not None and any(isinstance(v, str) for v in spec.values)
        entry["kind"] = "categorical" if categorical else "numeric"
        if spec.values is not None:
            entry["values"] = list(spec.values)
        if spec.range is not None:
            entry["range"] = [float(spec.range[0]), float(spec.range[1])]
        if spec.steps is not None:
            entry["steps"] = spec.steps
        parameters.append(entry)
    meta: dict[str, Any] = {
        "kind": kind,
        "scenario": scenario.name,
        "scenario_hash": scenario_hash,
        "seed": scenario.seed,
        "sampler": sweep.sampler,
        "samples": sweep.samples,
        "points": sweep.point_count(),
        "parameters": parameters,
        "uncertain": [{"path": p, "range": [lo, hi]} for p, lo, hi in uncertain_ranges(scenario)],
        "draws": sweep.draws if sweep.uncertain is not None else None,
    }
    if sweep.sampler == "grid":
        meta["grid_shape"] = [sweep.parameters[n].count() for n in sweep.parameters]
    if sweep.sampler == "sobol":
        meta["sobol"] = {"N": sweep.samples, "calc_second_order": False}
    return meta
