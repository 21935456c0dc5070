"""``deter run``: the summary, ``--json``, the results bundle and its atomicity."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sim.cli import main
from sim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PRESET = REPO / "scenarios" / "presets" / "article5_like_no_troops.yaml"

BUNDLE_FILES = {"scenario.yaml", "manifest.json", "equilibrium.json", "game_tree.png", "report.md"}
OUTCOMES = {
    "deterred",
    "probe_unanswered",
    "probe_punished",
    "invasion_unopposed",
    "invasion_supported",
    "russian_retreat",
    "direct_war",
    "catastrophe",
}
ACTORS = {"russia", "ukraine", "united_states", "european_coalition"}


def _run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["run", *args, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1, "--json prints exactly one line"
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_make_run_command(
    in_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What ``make run`` executes: ``deter run scenarios/presets/article5_like_no_troops.yaml``."""
    out = tmp_path / "results"
    code = main(["run", str(DEFAULT_PRESET.relative_to(in_repo)), "--out", str(out)])
    stdout = capsys.readouterr().out
    assert code == 0
    assert "Russia (opportunist) chooses:" in stdout
    assert "Outcome probabilities" in stdout
    assert "Credibility threshold" in stdout and "Acceptable to Russia" in stdout
    assert "Results bundle:" in stdout
    (bundle,) = (out / "article5_like_no_troops").iterdir()
    assert str(bundle) in stdout
    assert {p.name for p in bundle.iterdir()} == BUNDLE_FILES


def test_json_keys_and_types(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _run_json([str(scenario_file), "--out", str(tmp_path / "r")], capsys)
    assert data["russia_action"] in {"hold", "probe", "invade"}
    assert isinstance(data["deterred"], bool)
    assert data["deterred"] == (data["russia_action"] == "hold")
    probs = data["outcome_probabilities"]
    assert set(probs) == OUTCOMES
    assert all(isinstance(p, float) and 0 <= p <= 1 for p in probs.values())
    assert math.isclose(sum(probs.values()), 1.0, abs_tol=1e-9)
    assert set(data["expected_payoffs"]) == ACTORS
    assert all(isinstance(v, float) for v in data["expected_payoffs"].values())
    threshold = data["credibility_threshold"]
    assert threshold is None or 0 <= threshold <= 1
    assert isinstance(data["acceptable"], bool)
    assert isinstance(data["acceptance_margin"], float)
    assert data["acceptable"] == (data["acceptance_margin"] >= 0)
    assert Path(data["bundle"]).is_dir()
    assert data["scenario"] == "demo"
    assert data["hash"] == load_scenario(scenario_file).hash
    # robustness beside each verdict (issue 8): shares of judgement draws
    for key in ("p_deterred_robust", "p_acceptable_robust", "p_viable_robust"):
        assert isinstance(data[key], float) and 0.0 <= data[key] <= 1.0
    assert data["p_viable_robust"] <= min(data["p_deterred_robust"], data["p_acceptable_robust"])
    assert data["robustness_draws"] == 256
    assert isinstance(data["invasion_deterred"], bool)
    assert set(data["thresholds"]) >= {"automaticity", "monitoring", "ukraine_strength"}


@pytest.mark.parametrize(
    "overrides",
    [
        [],
        ["guarantee.automaticity=0.0", "guarantee.legal_form=declaration"],
        [
            "guarantee.automaticity=0.9",
            "guarantee.legal_form=treaty",
            "guarantee.troops_on_ground=30",
            "guarantee.posture=contact_line",
            "guarantee.us_backstop=armed",
            "guarantee.trigger=any_violation",
        ],
    ],
    ids=["defaults", "assurances", "tripwire"],
)
def test_outcome_probabilities_sum_to_one(
    scenario_file: Path, capsys: pytest.CaptureFixture[str], overrides: list[str]
) -> None:
    """Over contrasting designs (``deter solve --json`` prints the same solution without the
    figure, which keeps this test fast)."""
    sets = [part for o in overrides for part in ("--set", o)]
    assert main(["solve", str(scenario_file), "--json", *sets]) == 0
    data = json.loads(capsys.readouterr().out)
    assert math.isclose(sum(data["outcome_probabilities"].values()), 1.0, abs_tol=1e-9)
    hardliners = 0.05  # default actors.russia.hardliner_share: a floor on the attack probability
    attacked = 1 - data["outcome_probabilities"]["deterred"]
    assert attacked >= hardliners - 1e-9


def test_bundle_contents(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results"
    data = _run_json(
        [str(scenario_file), "--out", str(out), "--set", "guarantee.monitoring=0.9"], capsys
    )
    bundle = Path(data["bundle"])
    assert bundle.parent == out / "demo"
    stamp, hash8 = bundle.name.split("-")
    assert len(stamp) == len("20250818T093000Z") and stamp.endswith("Z")
    assert hash8 == data["hash"][:8]
    assert {p.name for p in bundle.iterdir()} == BUNDLE_FILES
    assert not [p for p in out.rglob(".tmp-*")]

    # the resolved scenario loads back to the same scenario and hash (overrides included)
    reloaded = load_scenario(bundle / "scenario.yaml")
    assert reloaded.hash == data["hash"]
    assert reloaded.scenario.guarantee.monitoring == 0.9
    assert "extends" not in yaml.safe_load((bundle / "scenario.yaml").read_text())

    equilibrium = json.loads((bundle / "equilibrium.json").read_text())
    assert equilibrium["russia_action"] == data["russia_action"]
    assert equilibrium["outcome_probabilities"] == data["outcome_probabilities"]

    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["scenario"]["name"] == "demo"
    assert manifest["scenario"]["hash"] == data["hash"]
    assert manifest["root_seed"] == reloaded.scenario.seed
    for package in (
        "python",
        "numpy",
        "scipy",
        "nashpy",
        "mesa",
        "matplotlib",
        "pandas",
        "pyarrow",
        "pydantic",
        "PyYAML",
        "sim",
    ):
        assert manifest["versions"][package]
    assert manifest["command"][:2] == ["deter", "run"]
    assert "guarantee.monitoring=0.9" in manifest["command"]
    assert {"solve", "write", "game_tree", "report", "total"} <= set(manifest["timings_seconds"])
    assert manifest["started_utc"] <= manifest["finished_utc"]
    assert manifest["git"] is None or len(manifest["git"]["commit"]) == 40
    assert set(manifest["files"]) == BUNDLE_FILES

    assert (bundle / "game_tree.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = (bundle / "report.md").read_text()
    for heading in (
        "# demo",
        "## Guarantee design",
        "## Equilibrium",
        "## Outcomes and payoffs",
        "## Verdicts, thresholds and robustness",
        "## Provenance",
    ):
        assert heading in report
    assert "A small test scenario." in report
    assert data["hash"] in report


def test_quiet_prints_only_the_bundle(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(scenario_file), "--out", str(tmp_path / "r"), "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and Path(lines[0]).is_dir()


def test_failure_mid_write_leaves_nothing(
    scenario_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A crash after some files are written: no bundle, no temporary folder, no empty parents."""
    import sim.analysis.report as report

    def broken_report(outputs: object, bundle: object) -> None:
        path = bundle.path  # type: ignore[attr-defined]
        (path / "report.md").write_text("half a rep")
        assert (path / "equilibrium.json").exists() and (path / "game_tree.png").exists()
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(report, "write_report", broken_report)
    out = tmp_path / "results"
    assert main(["run", str(scenario_file), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "internal error" in err and "disk on fire" in err and "--debug" in err
    assert not out.exists()


def test_failure_keeps_existing_results(
    scenario_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sim.analysis.report as report

    out = tmp_path / "results"
    assert main(["run", str(scenario_file), "--out", str(out), "--quiet"]) == 0
    first = Path(capsys.readouterr().out.strip())

    def interrupted(outputs: object, bundle: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "write_report", interrupted)
    assert main(["run", str(scenario_file), "--out", str(out)]) == 130
    assert "nothing was written" in capsys.readouterr().err
    assert [p.name for p in (out / "demo").iterdir()] == [first.name]
    assert {p.name for p in first.iterdir()} == BUNDLE_FILES


def test_debug_shows_traceback(
    scenario_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sim.analysis.report as report

    def broken(outputs: object, bundle: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(report, "write_report", broken)
    assert main(["run", str(scenario_file), "--out", str(tmp_path / "r"), "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_preset_name_works_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no scenarios/ here: found relative to the repository
    data = _run_json(["budapest_1994", "--out", "r"], capsys)
    assert Path(data["bundle"]).parent == Path("r") / "budapest_1994"
    assert data["scenario"] == "budapest_1994"


def test_run_refuses_explicit_game_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    canon = sorted((REPO / "scenarios" / "canon").glob("*.yaml"))
    games = [p for p in canon if "game" in (yaml.safe_load(p.read_text()) or {})]
    if not games:
        pytest.skip("no canonical game: scenario yet")
    out = tmp_path / "r"
    assert main(["run", str(games[0]), "--out", str(out)]) == 2
    assert "deter solve" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.skipif(
    shutil.which("deter", path=str(Path(sys.executable).parent)) is None,
    reason="the deter console script is not installed next to this Python",
)
def test_installed_script(scenario_file: Path, tmp_path: Path) -> None:
    """The console script declared in pyproject.toml, as a user runs it."""
    deter = shutil.which("deter", path=str(Path(sys.executable).parent))
    assert deter is not None
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [deter, "run", str(scenario_file), "--out", str(tmp_path / "r"), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert Path(json.loads(done.stdout)["bundle"]).is_dir()
    bad = subprocess.run(
        [deter, "validate", str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert "missing.yaml" in bad.stderr


def test_run_with_dynamics_adds_tables_figures_and_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario with a ``dynamics:`` block also runs the repeated game into the bundle."""
    data = _run_json(
        ["salami_gray_zone", "--out", str(tmp_path / "r"), "--replicates", "2"], capsys
    )
    dynamics = data  # the repeated game's keys sit beside the stage game's
    assert dynamics["replicates"] == 2
    assert 0 <= dynamics["p_invasion_within_horizon"] <= 1
    bundle = Path(data["bundle"])
    names = {p.name for p in bundle.iterdir()}
    assert BUNDLE_FILES | {"timeseries.parquet", "runs.parquet"} <= names
    assert any(n.startswith("dynamics_") and n.endswith(".png") for n in names)
    assert "## Repeated game" in (bundle / "report.md").read_text()
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["dynamics"]["replicates"] == 2
    assert "dynamics" in manifest["timings_seconds"]


def test_run_with_dynamics_prints_the_repeated_game(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["run", "salami_gray_zone", "--out", str(tmp_path), "--replicates", "2"]
    assert main([*argv, "--set", "dynamics.quarters=4"]) == 0
    out = capsys.readouterr().out
    assert "Repeated game (2 runs x 4 quarters" in out
    assert "P(invasion within horizon)" in out
