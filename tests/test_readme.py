"""The README's examples run: its Python block, its scenario file and its shell commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from sim.cli import main
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    [code] = blocks("python")
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["solution"].deterred is True  # type: ignore[attr-defined]


def test_scenario_example_is_valid(tmp_path: Path) -> None:
    [text] = blocks("yaml")
    data = yaml.safe_load(text)
    data["extends"] = str(ROOT / data["extends"])
    path = tmp_path / "my_guarantee.yaml"
    path.write_text(yaml.safe_dump(data))
    scenario = load_scenario(path).scenario
    assert scenario.guarantee.troops_on_ground == 20
    assert len(scenario.guarantee.coalition.member_list) == 15


def tour_commands() -> list[list[str]]:
    [shell] = [b for b in blocks("sh") if "deter list" in b]
    commands = []
    for line in shell.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "deter" and "my_guarantee.yaml" not in line:
            commands.append(words[1:])
    return commands


@pytest.mark.parametrize("argv", tour_commands(), ids=" ".join)
def test_tour_commands_run(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    if argv[0] in ("run", "sweep"):
        argv = [*argv, "--out", str(tmp_path)]
    if argv[0] == "sweep":
        argv = [*argv, "--engine", "serial"]
    if argv[0] == "plot":  # redraw from a study swept into tmp_path first
        study = Path(argv[1]).name
        assert main(["sweep", study, "--out", str(tmp_path), "--quiet", "--engine", "serial"]) == 0
        argv = ["plot", str(tmp_path / study), *argv[2:], "--out", str(tmp_path / "plot.png")]
    if "game.efg" in argv:
        assert main(["export", "chain_store_entry", "--out", str(tmp_path / "game.efg")]) == 0
        argv = [str(tmp_path / "game.efg") if a == "game.efg" else a for a in argv]
    assert main(argv) == 0
