"""``deter validate``, ``list``, ``show``, ``solve`` and every ``--help``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sim.cli import _parser, main
from sim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[2]

COMMANDS = ("run", "validate", "list", "show", "solve", "export", "sweep", "plot", "app")
PRESETS = (
    "budapest_1994",
    "bilateral_2024",
    "nato_article5",
    "article5_like_no_troops",
    "reassurance_force_rear",
    "steel_hedgehog",
    "us_backstop_air",
    "forward_tripwire",
)

PRISONERS_DILEMMA_NFG = """\
NFG 1 R "Prisoner's dilemma" { "Row" "Column" }
{ { "C" "D" } { "C" "D" } }
""
{
{ "" 3, 3 }
{ "" 5, 0 }
{ "" 0, 5 }
{ "" 1, 1 }
}
1 2 3 4
"""


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_has_an_example(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"] if command is None else [command, "--help"]) == 0
    text = capsys.readouterr().out
    assert "Example" in text
    assert "deter" in text.split("Example", 1)[1]


def test_parser_lists_every_command() -> None:
    help_text = _parser().format_help()
    for command in COMMANDS:
        assert command in help_text


def test_validate_ok_prints_hash(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(scenario_file)]) == 0
    out = capsys.readouterr().out.split()
    assert out[0] == "OK" and out[1] == str(scenario_file)
    assert out[2] == load_scenario(scenario_file).hash and len(out[2]) == 64


def test_validate_several_reports_each(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nguarantee:\n  automaticity: 2\n", encoding="utf-8")
    assert main(["validate", str(scenario_file), str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("OK ")
    assert "bad.yaml:3:" in captured.err and "guarantee.automaticity" in captured.err


def test_validate_all_shipped_scenarios(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted((in_repo / "scenarios").glob("*/*.yaml"))
    assert files, "no scenarios shipped"
    assert main(["validate", *map(str, files)]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.count("OK ") == len(files)


def test_show_prints_resolved_yaml(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(scenario_file), "--set", "guarantee.monitoring=0.8"]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["name"] == "demo"
    assert data["guarantee"]["monitoring"] == 0.8
    assert data["guarantee"]["automaticity"] == 0.7
    assert "payoffs" in data and "solver" in data  # defaults filled in


def test_list_shows_every_preset_and_canon(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("  ")}
    shipped = {p.stem for p in (in_repo / "scenarios").glob("*/*.yaml")}
    assert listed == shipped
    assert set(PRESETS) <= listed
    for line in out.splitlines():
        if line.startswith("  "):
            assert len(line.split(maxsplit=1)) == 2, f"no description: {line!r}"


def test_list_from_elsewhere_uses_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["list"]) == 0
    assert "budapest_1994" in capsys.readouterr().out


def test_solve_guarantee_table_and_json(
    scenario_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["solve", str(scenario_file)]) == 0
    assert "Russia (opportunist) chooses:" in capsys.readouterr().out
    assert main(["solve", str(scenario_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["russia_action"] in {"hold", "probe", "invade"}
    assert abs(sum(data["outcome_probabilities"].values()) - 1) < 1e-9


def test_solve_guarantee_rejects_unsupported_concept(
    scenario_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["solve", str(scenario_file), "--concept", "ce"]) == 2
    assert "Fix:" in capsys.readouterr().err


def test_solve_nfg_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pd.nfg"
    path.write_text(PRISONERS_DILEMMA_NFG, encoding="utf-8")
    assert main(["solve", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"players", "concept", "method", "complete", "degenerate", "equilibria"} <= set(data)
    assert data["players"] == ["Row", "Column"]
    assert data["concept"] == "nash"
    (eq,) = data["equilibria"]  # defection is strictly dominant: one equilibrium
    assert eq["payoffs"] == pytest.approx([1.0, 1.0])
    assert eq["strategies"] == [pytest.approx([0.0, 1.0]), pytest.approx([0.0, 1.0])]
    assert main(["solve", str(path)]) == 0
    table = capsys.readouterr().out
    assert "Concept: nash" in table and "Row" in table


def test_solve_canonical_game_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    canon = sorted((REPO / "scenarios" / "canon").glob("*.yaml"))
    games = [p for p in canon if "game" in (yaml.safe_load(p.read_text()) or {})]
    if not games:
        pytest.skip("no canonical game: scenario yet")
    for path in games[:3]:
        assert main(["solve", str(path), "--concept", "pure", "--json"]) == 0, path
        data = json.loads(capsys.readouterr().out)
        assert data["concept"] == "pure"
        assert isinstance(data["equilibria"], list)


@pytest.mark.parametrize(
    "args",
    [
        ["pd.nfg", "--concept", "spe"],  # no subgames in a normal form
        ["pd.nfg", "--method", "no_such_method"],
        ["pd.nfg", "--concept", "qre"],  # needs --lambda
        ["demo.yaml", "--concept", "qre"],
        ["demo.yaml", "--concept", "qre", "--lambda", "-1"],
    ],
)
def test_solve_options_that_do_not_fit_are_bad_input(
    args: list[str], scenario_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = scenario_file.parent
    (folder / "pd.nfg").write_text(PRISONERS_DILEMMA_NFG, encoding="utf-8")
    assert main(["solve", str(folder / args[0]), *args[1:]]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert args[0] in captured.err and "Fix:" in captured.err


def test_solve_guarantee_agent_qre(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(scenario_file), "--concept", "qre", "--lambda", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["concept"] == "qre"
    assert data["players"] == ["Russia", "Ukraine", "United States", "European coalition"]
    (eq,) = data["equilibria"]
    for player_strategy in eq["strategies"]:
        for infoset in player_strategy:
            assert sum(infoset) == pytest.approx(1.0)
