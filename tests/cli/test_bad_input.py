"""Bad input of every kind: exit code 2, a message naming file, line and field, nothing written.

Each case runs ``deter run`` (and ``deter validate``) in-process with ``--out`` pointing at a
folder that does not exist yet, and checks that it still does not exist afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.cli import main

BAD_FIXTURES = sorted((Path(__file__).resolve().parents[1] / "scenario" / "bad").glob("*.yaml"))


@dataclass(frozen=True)
class Case:
    """A malformed input: file text (or a special kind), ``--set`` texts and what the message
    must contain (``{file}`` stands for the file's name)."""

    id: str
    text: str | bytes | None
    expect: tuple[str, ...]
    overrides: tuple[str, ...] = ()


VALID = "name: demo\nguarantee:\n  automaticity: 0.5\n"

CASES = [
    Case(
        "unknown-key",
        "name: demo\nguarantee:\n  automaticty: 0.5\n",
        ("{file}:3:", "guarantee.automaticty", "automaticity"),
    ),
    Case(
        "above-maximum",
        "name: demo\nguarantee:\n  automaticity: 1.7\n",
        ("{file}:3:", "guarantee.automaticity", "Fix:"),
    ),
    Case(
        "below-minimum",
        "name: demo\nguarantee:\n  monitoring: 0.1\n",
        ("{file}:3:", "guarantee.monitoring"),
    ),
    Case(
        "bad-literal",
        "name: demo\nguarantee:\n  legal_form: tready\n",
        ("{file}:3:", "guarantee.legal_form", "treaty"),
    ),
    Case(
        "wrong-type",
        "name: demo\nguarantee:\n  troops_on_ground: many\n",
        ("{file}:3:", "guarantee.troops_on_ground"),
    ),
    Case(
        "cross-field",
        "name: demo\nguarantee:\n  troops_on_ground: 10\n  posture: none\n",
        ("{file}:", "guarantee", "posture"),
    ),
    Case("missing-name", "guarantee:\n  automaticity: 0.5\n", ("{file}:", "name")),
    Case("bad-name", "name: Bad Name!\n", ("{file}:1:", "name")),
    Case(
        "nested-list-item",
        "name: demo\nguarantee:\n  coalition:\n    members:\n      - {name: UK, weight: -3}\n",
        ("{file}:5:", "guarantee.coalition.members[0].weight"),
    ),
    Case(
        "payoff-out-of-range",
        "name: demo\npayoffs:\n  discount_factor: 1.5\n",
        ("{file}:3:", "payoffs.discount_factor"),
    ),
    Case(
        "actor-field",
        "name: demo\nactors:\n  russia:\n    hardliner_shar: 0.1\n",
        ("{file}:4:", "actors.russia.hardliner_shar", "hardliner_share"),
    ),
    Case("schema-version", "schema_version: 99\nname: demo\n", ("{file}:1:", "schema_version")),
    Case("syntax-error", "name: demo\nguarantee: [automaticity: 0.5\n", ("{file}:",)),
    Case("tab-indentation", "name: demo\nguarantee:\n\tautomaticity: 0.5\n", ("{file}:",)),
    Case("empty-file", "", ("{file}",)),
    Case("not-a-mapping", "- name: demo\n- name: other\n", ("{file}",)),
    Case(
        "duplicate-key",
        "name: demo\nguarantee:\n  automaticity: 0.5\n  automaticity: 0.6\n",
        ("{file}:4:", "automaticity"),
    ),
    Case(
        "python-object-tag",
        "name: demo\nguarantee: !!python/object:os.system {}\n",
        ("{file}:2:",),
    ),
    Case("binary-file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00", ("{file}",)),
    Case("not-utf8", "name: d\u00e9mo\n".encode("latin-1"), ("{file}",)),
    Case("missing-file", None, ("{file}",)),
    Case("directory", "<dir>", ("{file}",)),
    Case(
        "set-without-equals", VALID, ("--set guarantee.automaticity",), ("guarantee.automaticity",)
    ),
    Case(
        "set-unknown-field",
        VALID,
        ("--set guarantee.automaticty=0.6", "automaticity"),
        ("guarantee.automaticty=0.6",),
    ),
    Case(
        "set-out-of-range",
        VALID,
        ("--set guarantee.automaticity=3", "guarantee.automaticity"),
        ("guarantee.automaticity=3",),
    ),
    Case(
        "set-bad-literal",
        VALID,
        ("--set", "guarantee.trigger"),
        ("guarantee.trigger=sometimes",),
    ),
    Case("extends-missing-parent", "extends: nowhere.yaml\nname: demo\n", ("{file}:1:", "nowhere")),
]


def _materialise(case: Case, tmp_path: Path) -> Path:
    path = tmp_path / f"{case.id}.yaml"
    if case.text is None:
        return path
    if case.text == "<dir>":
        path.mkdir()
    elif isinstance(case.text, bytes):
        path.write_bytes(case.text)
    else:
        path.write_text(case.text, encoding="utf-8")
    return path


def _args(case: Case) -> list[str]:
    return [part for text in case.overrides for part in ("--set", text)]


def _check(message: str, case: Case, path: Path) -> None:
    for expected in case.expect:
        assert expected.format(file=path.name) in message, (expected, message)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_run_bad_input_exits_2_and_writes_nothing(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _materialise(case, tmp_path)
    out = tmp_path / "results"
    code = main(["run", str(path), "--out", str(out), *_args(case)])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert captured.out == ""
    _check(captured.err, case, path)
    assert not out.exists()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_validate_bad_input_exits_2(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _materialise(case, tmp_path)
    code = main(["validate", str(path), *_args(case)])
    captured = capsys.readouterr()
    assert code == 2
    assert "OK" not in captured.out
    _check(captured.err, case, path)


def test_extends_cycle_names_the_chain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nname: a\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nname: b\n", encoding="utf-8")
    out = tmp_path / "results"
    assert main(["run", str(tmp_path / "a.yaml"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "a.yaml" in err and "b.yaml" in err
    assert not out.exists()


@pytest.mark.skipif(not BAD_FIXTURES, reason="tests/scenario/bad/ has no fixture files yet")
@pytest.mark.parametrize("path", BAD_FIXTURES, ids=[p.stem for p in BAD_FIXTURES])
def test_scenario_bad_fixtures(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The loader's malformed fixtures (tests/scenario/bad/) all exit 2 and write nothing."""
    out = tmp_path / "results"
    code = main(["run", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert path.name in err
    assert not out.exists()


def test_unknown_preset_name_suggests(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "results"
    assert main(["run", "no_such_preset_xyz", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no_such_preset_xyz" in err and "Fix:" in err
    assert not out.exists()


def test_out_is_a_file(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "results"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["run", str(scenario_file), "--out", str(blocker / "x")]) == 2
    assert "Fix:" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    assert main(["solve", "x.nfg", "--concept", "bogus"]) == 2
    assert main(["frobnicate"]) == 2
    assert "usage" in capsys.readouterr().err


def test_bad_game_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.nfg"
    path.write_text('NFG 1 R "x" { "A" "B" } { 2 2 }\n1 2 3\n', encoding="utf-8")
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert "broken.nfg:" in err
