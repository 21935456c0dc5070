"""Verdicts and their robustness over the judgement constants' plausible ranges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.guarantee import (
    LEVERS,
    acceptance_margins,
    guarantee_parameters,
    judgement_ranges,
    robustness,
    solve_grid,
)
from sim.scenario.fields import field_at, plausible_range
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

PRESETS = Path(__file__).resolve().parents[2] / "scenarios" / "presets"
ALL = sorted(p.stem for p in PRESETS.glob("*.yaml"))


def preset(name: str) -> Scenario:
    return load_scenario(PRESETS / f"{name}.yaml").scenario


def value_at(scenario: Scenario, path: str) -> float:
    obj: object = scenario
    for part in path.split("."):
        obj = getattr(obj, part)
    return float(obj)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ALL)
def test_no_verdict_turns_on_a_one_percent_change(name: str) -> None:
    # Issue 8: no knife-edge that a ±1% change in one constant (or design value) flips. Each
    # judgement constant and each numeric lever is moved by ±1%, one at a time.
    scenario = preset(name)
    base = guarantee_parameters(scenario)
    action = solve_grid(base).russia_action.item()
    accepted = bool(acceptance_margins(base) >= 0)
    paths = [r[0] for r in judgement_ranges()] + [lever.path for lever in LEVERS.values()]
    for path in paths:
        v = value_at(scenario, path)
        if v == 0:
            continue
        params = guarantee_parameters(scenario, {path: [0.99 * v, 1.01 * v]}, mesh=False)
        actions = np.broadcast_to(solve_grid(params).russia_action, (2,))
        margins = np.broadcast_to(acceptance_margins(params), (2,))
        assert np.all(actions == action), f"{path}: {actions} vs {action}"
        assert np.all((margins >= 0) == accepted), f"{path}: {margins}"


def test_judgement_ranges_cover_the_defaults() -> None:
    ranges = judgement_ranges()
    assert len(ranges) >= 40
    default = Scenario(name="d")
    for path, low, high in ranges:
        assert low < high, path
        assert low <= value_at(default, path) <= high, path


def test_every_payoff_constant_is_sourced_or_a_judgement_with_a_range() -> None:
    default = Scenario(name="d")
    for section in ("payoffs", "actors"):
        stack: list[tuple[str, type]] = [(section, type(getattr(default, section)))]
        while stack:
            prefix, model = stack.pop()
            for name, info in model.model_fields.items():  # type: ignore[attr-defined]
                annotation = info.annotation
                if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                    stack.append((f"{prefix}.{name}", annotation))
                    continue
                if annotation not in (float, int):
                    continue
                extra = info.json_schema_extra or {}
                source = str(extra.get("source", ""))  # type: ignore[union-attr]
                assert source, f"{prefix}.{name} has no source"
                if "judgement" in source:
                    assert plausible_range(info) is not None, f"{prefix}.{name}: no range"


def test_robustness_is_seeded_and_consistent() -> None:
    scenario = preset("us_backstop_air")
    first, again = robustness(scenario, draws=64), robustness(scenario, draws=64)
    assert first == again
    other = robustness(scenario.model_copy(update={"seed": scenario.seed + 1}), draws=64)
    assert other != first
    assert first.p_viable <= min(first.p_deterred, first.p_acceptable)
    assert first.p_deterred + first.p_acceptable - 1 <= first.p_viable
    assert first.to_dict()["robustness_draws"] == 64


def test_robustness_separates_robust_and_fragile_verdicts() -> None:
    # Budapest fails to deter whatever the judgements; the forward tripwire deters under
    # nearly all of them; the viable us_backstop_air design is viable under only some.
    assert robustness(preset("budapest_1994"), draws=128).p_deterred == 0.0
    assert robustness(preset("forward_tripwire"), draws=128).p_deterred > 0.9
    viable = robustness(preset("us_backstop_air"), draws=128).p_viable
    assert 0.2 < viable < 0.9


def test_plausible_range_of_a_field() -> None:
    info = field_at(Scenario, ("payoffs", "escalation_risk"))
    assert plausible_range(info) is not None
