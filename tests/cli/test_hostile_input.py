"""Hostile and careless input (issue 12): every case exits 2 with a located message, or has a
documented bounded behaviour; none is an internal error, and nothing is written on bad input.

Items of the issue: 1 the repeated game's horizon, 2 the ``--replicates``/``--workers`` limits,
3 values that validate but crashed the run, 4 recursion, 6 a bundle that reruns to the same bytes,
8 ``extends`` of special files, 9 YAML 1.1 surprises, 10 the smaller ones. Interruptions (item 5)
are in ``test_interruptions.py``; the fuzz test in ``test_fuzz_scenarios.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.dynamics import MAX_QUARTERS, MAX_REPLICATES, MAX_WORKERS
from sim.scenario.loader import MAX_EXTENDS, MAX_FILE_BYTES
from sim.scenario.yaml_positions import MAX_DEPTH

REPO = Path(__file__).resolve().parents[2]
SALAMI = REPO / "scenarios" / "presets" / "salami_gray_zone.yaml"
FAST = ("--set", "solver.robustness_draws=0")


def _bad(capsys: pytest.CaptureFixture[str], argv: list[str], *says: str) -> str:
    """Run ``deter argv``: exit 2, each of ``says`` in stderr, no internal error."""
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "internal error" not in err
    for text in says:
        assert text in err, err
    return err


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# 1. the horizon of the repeated game
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("years", "says"),
    [
        ("10000", "outside 1 to 1000 years"),
        ("1e9", "outside 1 to 1000 years"),
        ("1e308", "outside 1 to 1000 years"),
        ("200", f"above the maximum {MAX_QUARTERS} quarters"),
    ],
)
def test_a_duration_beyond_the_horizon_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, years: str, says: str
) -> None:
    out = tmp_path / "out"
    argv = [
        "run",
        str(SALAMI),
        "--set",
        f"guarantee.duration_years={years}",
        "--set",
        "dynamics.quarters=null",
        "--out",
        str(out),
    ]
    _bad(capsys, argv, "--set guarantee.duration_years=", "guarantee.duration_years", says)
    assert not out.exists()


def test_a_century_with_quarters_null_runs_400_quarters(tmp_path: Path) -> None:
    code = main(
        [
            "run",
            str(SALAMI),
            *FAST,
            "--set",
            "guarantee.duration_years=100",
            "--set",
            "dynamics.quarters=null",
            "--replicates",
            "2",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert code == 0
    import pyarrow.parquet as pq

    (series,) = tmp_path.glob("salami_gray_zone/*/timeseries.parquet")
    quarters = pq.read_table(series, columns=["quarter"]).column("quarter").to_numpy()
    assert quarters.min() == 1 and quarters.max() == MAX_QUARTERS  # no int16 wrap-around


# ---------------------------------------------------------------------------------------------
# 2. --replicates and --workers: limits from the schema
# ---------------------------------------------------------------------------------------------
def test_replicates_above_the_schema_maximum_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    argv = ["run", str(SALAMI), "--replicates", str(10 * MAX_REPLICATES), "--out", str(out)]
    _bad(capsys, argv, "--replicates", f"at most {MAX_REPLICATES:,}")
    assert not out.exists()


def test_workers_above_the_maximum_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["run", str(SALAMI), "--workers", str(MAX_WORKERS + 1), "--out", str(tmp_path)]
    _bad(capsys, argv, "--workers", f"at most {MAX_WORKERS}")


def test_more_workers_than_cores_are_lowered_with_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sim.experiments.replicates as replicates

    monkeypatch.setattr(replicates, "machine_cores", lambda: 1)
    argv = ["run", str(SALAMI), *FAST, "--workers", "32", "--replicates", "3"]
    code = main([*argv, "--out", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "--workers 32 lowered to 1, the number of cores" in err


def test_sweep_workers_and_out_are_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sweep = ["sweep", "schelling_credibility", "--engine", "serial"]
    _bad(capsys, [*sweep, "--workers", str(MAX_WORKERS + 1)], "--workers", f"at most {MAX_WORKERS}")
    _bad(capsys, [*sweep, "--out", ""], "--out", "is empty")


def test_replicates_without_dynamics_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _bad(capsys, ["run", "budapest_1994", "--replicates", "5", "--out", str(tmp_path / "o")])
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------------------------------------
# 3. values that validated but crashed the run
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("override", "field"),
    [
        ("payoffs.war_cost_russia=.nan", "payoffs.war_cost_russia"),
        ("payoffs.conquest_value=1e308", "payoffs.conquest_value"),
        ("payoffs.conquest_value=.inf", "payoffs.conquest_value"),
        ("payoffs.probe_gain=1e308", "payoffs.probe_gain"),
        ("payoffs.sanctions_cost=1e308", "payoffs.sanctions_cost"),
        ("payoffs.aircraft_per_force=5e-324", "payoffs.aircraft_per_force"),
        ("actors.russia.force=5e-324", "actors.russia.force"),
        ("actors.russia.army_k=5e-324", "actors.russia.army_k"),
        ("guarantee.coalition={members: [{name: a, weight: 1e300}]}", "members[0].weight"),
        ("guarantee.coalition={members: [{name: a, weight: 5e-324}]}", "members[0].weight"),
        ("dynamics.belief_strength=5e-324", "dynamics.belief_strength"),
        ("dynamics.logit_precision=1e308", "dynamics.logit_precision"),
        ("dynamics.ceasefire.punishment_value=-1e308", "punishment_value"),
        ("dynamics.elections.every=100000000000000000000000", "dynamics.elections.every"),
        (
            "payoffs.intrusiveness={troops: 0, exposure: 0, air: 0, legal: 0, us: 0}",
            "payoffs.intrusiveness",
        ),
    ],
)
def test_values_that_would_crash_the_run_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, override: str, field: str
) -> None:
    out = tmp_path / "out"
    _bad(capsys, ["run", str(SALAMI), "--set", override, "--out", str(out)], field, "Fix:")
    assert not out.exists()


@pytest.mark.parametrize(
    ("parameters", "payoff", "says"),
    [
        ("{p: 1.0e+300}", "p * p", "not a finite number"),
        ("{p: 1.0e+308}", "p * 10", "not a finite number"),
        ("{p: 2.0}", "p ** 64 * p ** 64 * p ** 64 * p ** 64 * p ** 64", "larger in size"),
        ("{p: .inf}", "p", "game.parameters.p"),
        ("{p: 1.0}", "1e999", "game.payoffs[0][0][0]"),
    ],
)
def test_game_expressions_that_overflow_are_located(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, parameters: str, payoff: str, says: str
) -> None:
    text = (
        "name: g\ngame:\n  players: [A, B]\n"
        f"  parameters: {parameters}\n"
        "  actions: [[a, b], [c]]\n"
        f"  payoffs: [[['{payoff}'], [0]], [[1], [0]]]\n"
    )
    path = _write(tmp_path, "g.yaml", text)
    _bad(capsys, ["solve", str(path)], f"{path}:", says)


# ---------------------------------------------------------------------------------------------
# 4. recursion
# ---------------------------------------------------------------------------------------------
def _centipede(moves: int) -> dict[str, object]:
    node: dict[str, object] = {"payoffs": [moves, moves]}
    for k in range(moves, 0, -1):
        node = {"player": "AB"[k % 2], "moves": {"take": {"payoffs": [k, -k]}, "pass": node}}
    return node


def test_yaml_nested_a_thousand_deep_is_located(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, "deep.yaml", "name: d\nx: " + "[" * 1000 + "]" * 1000 + "\n")
    _bad(capsys, ["validate", str(path)], f"{path}:2:", f"more than {MAX_DEPTH} levels")


def test_a_200_move_centipede_is_located_and_a_40_move_one_solves(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for moves, code in ((200, 2), (40, 0)):
        doc = {"name": f"c{moves}", "game": {"players": ["A", "B"], "tree": _centipede(moves)}}
        path = _write(tmp_path, f"c{moves}.yaml", json.dumps(doc))  # JSON is YAML
        assert main(["solve", str(path), "--concept", "spe", "--json"]) == code
        err = capsys.readouterr().err
        if code == 2:
            assert f"{path}:1:" in err and f"more than {MAX_DEPTH} levels" in err


def test_a_thousand_chained_extends_are_located(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for i in range(1000):
        _write(tmp_path, f"n{i}.yaml", f"name: n{i}\nextends: n{i + 1}.yaml\n")
    _write(tmp_path, "n1000.yaml", "name: last\n")
    _bad(
        capsys,
        ["validate", str(tmp_path / "n0.yaml")],
        f"n{MAX_EXTENDS}.yaml:2:",
        f"longer than {MAX_EXTENDS} files",
    )


def test_a_gambit_tree_600_moves_deep_is_solved(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The solvers walk trees without recursion: a 600-move chain (once beyond Python's stack)
    is solved; B never takes (-k), so neither does A, and both get 600."""
    lines = ['EFG 2 R "" { "A" "B" }', '""', ""]
    for k in range(1, 601):
        lines += [f'p "" {2 - k % 2} {k} "" {{ "take" "pass" }} 0', f't "" {k} "" {{ {k}, {-k} }}']
    lines.append('t "" 601 "" { 600, 600 }')
    path = _write(tmp_path, "chain.efg", "\n".join(lines) + "\n")
    code = main(["solve", str(path), "--concept", "spe", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["complete"] and len(result["equilibria"]) == 1
    assert result["equilibria"][0]["payoffs"] == [600.0, 600.0]


def test_an_expression_of_20000_terms_is_located(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    expr = " + ".join(["p"] * 20_000)
    text = (
        "name: e\ngame:\n  players: [A, B]\n  parameters: {p: 1.0}\n  actions: [[a], [b]]\n"
        f"  payoffs: [[['{expr}']], [[1]]]\n"
    )
    path = _write(tmp_path, "e.yaml", text)
    err = _bad(capsys, ["solve", str(path)], f"{path}:6:", "game.payoffs[0][0][0]", "characters")
    assert len(err) < 2000


def test_a_chain_of_aliases_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = "name: a\nx:\n  a0: &a0 [1]\n" + "".join(
        f"  a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, 40)
    )
    _bad(capsys, ["validate", str(_write(tmp_path, "a.yaml", text))], "more than")


# ---------------------------------------------------------------------------------------------
# 6. a bundle's scenario.yaml reruns to the same bytes
# ---------------------------------------------------------------------------------------------
def test_a_bundle_reruns_to_identical_bytes(tmp_path: Path) -> None:
    def run(scenario: Path, out: Path, *extra: str) -> Path:
        assert main(["run", str(scenario), *extra, "--out", str(out), "--quiet"]) == 0
        (bundle,) = out.glob("*/*/manifest.json")
        return bundle.parent

    first = run(SALAMI, tmp_path / "a", *FAST, "--replicates", "7", "--seed", "5")
    again = run(first / "scenario.yaml", tmp_path / "b")
    for name in ("scenario.yaml", "equilibrium.json", "timeseries.parquet", "runs.parquet"):
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    assert "replicates: 7" in (first / "scenario.yaml").read_text()
    other = run(SALAMI, tmp_path / "c", *FAST, "--replicates", "8", "--seed", "5")
    hashes = [
        json.loads((b / "manifest.json").read_text())["scenario"]["hash"] for b in (first, other)
    ]
    assert hashes[0] != hashes[1]  # two different runs, two hashes


# ---------------------------------------------------------------------------------------------
# 8. extends of special files
# ---------------------------------------------------------------------------------------------
def test_extends_of_a_symlink_loop_is_located(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "l1.yaml").symlink_to(tmp_path / "l2.yaml")
    (tmp_path / "l2.yaml").symlink_to(tmp_path / "l1.yaml")
    path = _write(tmp_path, "c.yaml", "name: c\nextends: l1.yaml\n")
    _bad(capsys, ["validate", str(path)], f"{path}:2:10: extends:", "loop of symbolic links")


def test_extends_of_a_device_is_refused_without_reading_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    for target, says in (("/dev/zero", ".yaml or .yml"), ("zero.yaml", "not a regular file")):
        path = _write(tmp_path, "c.yaml", f"name: c\nextends: {target}\n")
        _bad(capsys, ["validate", str(path)], f"{path}:2:10: extends:", says)


def test_a_huge_file_is_refused_without_reading_it_whole(
    no_hang: Callable[..., AbstractContextManager[None]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w") as handle:
        handle.write("name: big\ndescription: '")
        handle.write("x" * (MAX_FILE_BYTES + 10))
        handle.write("'\n")
    with no_hang():
        _bad(capsys, ["validate", str(big)], f"larger than {MAX_FILE_BYTES:,} bytes")
        path = _write(tmp_path, "c.yaml", "name: c\nextends: big.yaml\n")
        _bad(capsys, ["validate", str(path)], f"{path}:2:10: extends:", "larger than")


def test_the_contents_of_a_non_scenario_file_are_never_echoed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = "root:$6$s3cr3tHash:19000:0:99999:7:::"
    _write(tmp_path, "shadow", secret + "\n")
    path = _write(tmp_path, "c.yaml", "name: c\nextends: shadow\n")
    err = _bad(capsys, ["validate", str(path)], f"{path}:2:10: extends:", ".yaml or .yml")
    assert "s3cr3t" not in err
    err = _bad(capsys, ["validate", str(_write(tmp_path, "d.yaml", "extends: /etc/shadow\n"))])
    assert "root:" not in err


def test_extends_of_a_yml_file_works(tmp_path: Path) -> None:
    _write(tmp_path, "base.yml", "name: base\nguarantee: {automaticity: 0.3}\n")
    path = _write(tmp_path, "c.yaml", "name: c\nextends: base.yml\n")
    assert main(["validate", str(path)]) == 0


# ---------------------------------------------------------------------------------------------
# 9. YAML 1.1 surprises: strict types
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "field", "says"),
    [
        ("guarantee: {automaticity: yes}", "guarantee.automaticity", "'yes' is not a number"),
        ("guarantee: {automaticity: on}", "guarantee.automaticity", "'on' is not a number"),
        ("guarantee: {automaticity: true}", "guarantee.automaticity", "true is not a number"),
        ("guarantee: {automaticity: false}", "guarantee.automaticity", "false is not a number"),
        ("guarantee: {response_delay_days: 1:30}", "response_delay_days", "'1:30' is not"),
        ("guarantee: {automaticity: '0.5'}", "guarantee.automaticity", "write it without quotes"),
        ("guarantee: {air_assets: 012}", "guarantee.air_assets", "'012' is not"),
        ("guarantee: {air_assets: 10.0}", "guarantee.air_assets", "whole number"),
        ("dynamics: {learning: -0.0}", "dynamics.learning", "-0.0 is not true or false"),
        ("dynamics: {learning: yes}", "dynamics.learning", "'yes' is not true or false"),
        ("name: 2025-01-01", "name", "is not text"),
    ],
)
def test_yaml_11_surprises_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, field: str, says: str
) -> None:
    text = line + "\n" if line.startswith("name:") else f"name: y\n{line}\n"
    path = _write(tmp_path, "y.yaml", text)
    _bad(capsys, ["validate", str(path)], f"{path}:", field, says)


def test_numbers_in_exponent_form_are_numbers(tmp_path: Path) -> None:
    text = "name: e\nguarantee: {automaticity: 5e-1}\nsolver: {tolerance: 1e-9}\n"
    assert main(["validate", str(_write(tmp_path, "e.yaml", text))]) == 0


# ---------------------------------------------------------------------------------------------
# 10. the smaller ones
# ---------------------------------------------------------------------------------------------
def test_a_50000_segment_set_path_is_refused_quickly(
    no_hang: Callable[..., AbstractContextManager[None]], capsys: pytest.CaptureFixture[str]
) -> None:
    with no_hang():
        path = ".".join(["a"] * 50_000)
        err = _bad(capsys, ["validate", str(SALAMI), "--set", f"{path}=1"], "field path is longer")
    assert len(err) < 2000


def test_an_empty_out_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _bad(capsys, ["run", str(SALAMI), "--out", ""], "--out", "is empty")
    assert list(tmp_path.iterdir()) == []


def test_a_results_folder_named_like_a_preset_does_not_hide_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "budapest_1994" / "20260101T000000Z-01234567").mkdir(parents=True)
    assert main(["validate", "budapest_1994"]) == 0
    assert "budapest_1994.yaml" in capsys.readouterr().out


def test_members_beside_an_inherited_size_say_size_null(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        f"name: m\nextends: {SALAMI}\nguarantee:\n  coalition:\n"
        "    members: [{name: France, weight: 64.7}]\n"
    )
    _bad(capsys, ["validate", str(_write(tmp_path, "m.yaml", text))], "'size: null'")


@pytest.mark.parametrize(
    ("members", "says"),
    [
        ("[{name: France}, {name: ' france '}]", "listed twice"),
        ("[{name: France}, {name: ''}]", "members[1].name"),
        ("[{name: France}, {name: '   '}]", "blank"),
    ],
)
def test_duplicate_or_empty_member_names_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, members: str, says: str
) -> None:
    text = f"name: m\nguarantee:\n  coalition:\n    members: {members}\n"
    _bad(capsys, ["validate", str(_write(tmp_path, "m.yaml", text))], says)


def test_a_one_megabyte_bad_value_is_not_echoed_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    value = "x" * 900_000
    text = f"name: big\nguarantee:\n  legal_form: {value}\n  {'k' * 1000}: 1\n"
    err = _bad(capsys, ["validate", str(_write(tmp_path, "v.yaml", text))], "900000 characters")
    assert len(err) < 3000
    err = _bad(capsys, ["validate", str(SALAMI), "--set", f"guarantee.legal_form={value}"])
    assert len(err) < 3000
