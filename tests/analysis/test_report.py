"""The one-page run report (sim.analysis.report) and the terminal summaries
(sim.analysis.summary)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sim.analysis.report import guarantee_rows, render_report, write_report
from sim.analysis.summary import equilibrium_summary, guarantee_summary, ordered_outcomes
from sim.scenario.schema import Scenario

SOLUTION = {
    "russia_action": "probe",
    "deterred": False,
    "outcome_probabilities": {
        "deterred": 0.0,
        "probe_unanswered": 0.38,
        "probe_punished": 0.57,
        "invasion_unopposed": 0.0,
        "invasion_supported": 0.05,
        "russian_retreat": 0.0,
        "direct_war": 0.0,
        "catastrophe": 0.0,
    },
    "expected_payoffs": {
        "russia": 1.25,
        "ukraine": -1.5,
        "united_states": -0.25,
        "european_coalition": -0.125,
    },
    "russia_values": {"hold": 0.0, "probe": 1.5, "invade": -0.92},
    "credibility_threshold": 0.625,
    "acceptable": True,
    "acceptance_margin": 2.5,
    "regret": 0.0,
    "ties": ["European coalition after a detected probe: none and support tie"],
    "invasion_deterred": True,
    "press_on": 0.0,
    "thresholds": {"automaticity": 0.625, "response_delay_days": 12.5, "air_assets": None},
    "p_deterred_robust": 0.4,
    "p_acceptable_robust": 0.875,
    "p_viable_robust": 0.3,
    "robustness_draws": 256,
}


def _scenario() -> Scenario:
    return Scenario.model_validate(
        {
            "name": "demo",
            "description": "Demonstration scenario for the report.",
            "guarantee": {"automaticity": 0.4, "troops_on_ground": 10, "posture": "rear_hubs"},
        }
    )


def test_report_sections_and_numbers() -> None:
    provenance = {
        "hash": "f" * 64,
        "sources": ["demo.yaml", "base.yaml"],
        "command": ["deter", "run", "demo.yaml"],
        "started": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "versions": {"python": "3.11.7", "sim": "0.1.0"},
        "git": {"commit": "a" * 40, "dirty": True},
    }
    text = render_report(_scenario(), SOLUTION, provenance)
    assert text.startswith("# demo: guarantee scenario report\n")
    assert "Demonstration scenario for the report." in text
    assert "| automaticity | 0.4 |" in text
    assert "| troops_on_ground | 10 thousand |" in text
    assert "| posture | rear_hubs |" in text
    assert "chooses **probe**" in text and "**not deterred**" in text
    assert "| probe | +1.5000 (chosen) |" in text
    assert "| probe_punished | 0.5700 |" in text
    assert "| United States | -0.2500 |" in text
    assert "0.6250" in text  # credibility threshold
    assert "## Verdicts, thresholds and robustness" in text
    assert "Deterred (the opportunist holds): no; deters under 40% of 256 draws" in text
    assert "Invasion deterred: yes; it probes below the trigger instead" in text
    assert "Facing an intervention, Russia: backs down" in text
    assert "Acceptable to Russia: yes (margin +2.500" in text and "accepted under 88%" in text
    assert "Viable (deters and is acceptable): no; viable under 30% of 256" in text
    assert "automaticity >= 0.625; response_delay_days <= 12.5; no value deters: air_assets" in text
    assert "none and support tie" in text
    assert "f" * 64 in text and "`demo.yaml`, `base.yaml`" in text
    assert "a" * 40 in text and "uncommitted changes" in text
    assert "`deter run demo.yaml`" in text and "2026-01-02T03:04:05Z" in text
    assert "python 3.11.7" in text
    assert len(text.splitlines()) < 110  # about one page


def test_report_repeated_game_section() -> None:
    dynamics = {
        "p_invasion_within_horizon": 0.125,
        "median_quarters_to_invasion": None,
        "mean_costs": {"russia": 1.5},
    }
    text = render_report(_scenario(), SOLUTION, {}, dynamics)
    assert "## Repeated game" in text
    assert "| p_invasion_within_horizon | 0.125 |" in text
    assert "| median_quarters_to_invasion | n/a |" in text
    assert "| mean_costs | russia: 1.5 |" in text


def test_guarantee_rows_cover_theta() -> None:
    rows = dict(guarantee_rows(_scenario()))
    assert set(rows) == set(Scenario.model_fields["guarantee"].annotation.model_fields)  # type: ignore[union-attr]
    assert rows["coalition"].startswith("12 members")


def test_write_report_from_a_real_solution(tmp_path: Path) -> None:
    from sim.experiments.bundle import Bundle
    from sim.experiments.run import RunOutputs
    from sim.guarantee import solve_guarantee
    from sim.scenario.loader import load_scenario

    path = tmp_path / "demo.yaml"
    path.write_text("name: demo\ndescription: Real solution.\n", encoding="utf-8")
    loaded = load_scenario(path)
    outputs = RunOutputs(
        loaded=loaded,
        solution=solve_guarantee(loaded.scenario),
        command=("deter", "run", "demo.yaml"),
        started=datetime(2026, 1, 1, tzinfo=UTC),
    )
    bundle = Bundle(path=tmp_path, final=tmp_path / "final")
    write_report(outputs, bundle)
    text = (tmp_path / "report.md").read_text()
    assert bundle.files == ["report.md"]
    assert f"chooses **{outputs.solution.russia_action}**" in text
    assert loaded.hash in text and "Real solution." in text


def test_guarantee_summary_lines() -> None:
    text = guarantee_summary(SOLUTION, heading="Scenario demo")
    lines = text.splitlines()
    assert lines[0] == "Scenario demo"
    assert "Russia (opportunist) chooses: probe  ->  NOT deterred" in text
    assert "probe +1.500 *" in text
    assert "  probe_punished        0.5700  " + "#" * 17 in lines
    assert "Credibility threshold: 0.6250" in text
    assert "Acceptable to Russia: yes (margin +2.500" in text
    assert "Ties: 1" in text


def test_summary_orders_outcomes_canonically() -> None:
    names = [
        k for k, _ in ordered_outcomes(dict(reversed(SOLUTION["outcome_probabilities"].items())))
    ]  # type: ignore[union-attr]
    assert names == list(SOLUTION["outcome_probabilities"])  # type: ignore[arg-type]


def test_equilibrium_summary_for_trees_and_warnings() -> None:
    text = equilibrium_summary(
        {
            "players": ["Entrant", "Incumbent"],
            "concept": "spe",
            "method": None,
            "complete": True,
            "degenerate": False,
            "equilibria": [
                {"payoffs": [1, 1], "strategies": [[[0.0, 1.0]], [[0.0, 1.0]]], "regret": 0.0}
            ],
            "warnings": ["ties at 1 node"],
        }
    )
    assert "Concept: spe; 1 equilibrium" in text
    assert "Entrant: [0, 1]" in text
    assert text.endswith("warning: ties at 1 node")


@pytest.mark.parametrize("threshold", [None, 0.0, 1.0])
def test_threshold_words(threshold: float | None) -> None:
    text = guarantee_summary({**SOLUTION, "credibility_threshold": threshold})
    (line,) = [ln for ln in text.splitlines() if ln.startswith("Credibility threshold:")]
    expected = "none (no automaticity" if threshold is None else f"{threshold:.4f} (automaticity"
    assert line.startswith(f"Credibility threshold: {expected}")
