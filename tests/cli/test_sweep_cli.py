"""``deter sweep`` and ``deter plot`` from the command line: results, JSON, bad input (exit 2, a
located message, nothing written)."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from sim.cli import main

REPO = Path(__file__).resolve().parents[2]
PRESET = REPO / "scenarios" / "presets" / "august_2025_proposal.yaml"

GOOD = f"""\
name: cli_sweep
extends: {PRESET}
guarantee:
  ukraine_strength: 400
sweep:
  parameters:
    guarantee.automaticity: {{range: [0, 1], steps: 6}}
    guarantee.troops_on_ground: {{range: [0, 60], steps: 4}}
"""


def write(folder: Path, text: str, name: str = "s.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sweep_json_reports_bundle_points_columns_and_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--engine", "serial", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["points"] == 24
    assert {"bundle", "columns", "seconds", "cheapest_viable"} <= set(found)
    bundle = Path(found["bundle"])
    assert bundle.parent == out / "cli_sweep"
    names = {p.name for p in bundle.iterdir()}
    assert {"points.parquet", "tornado.parquet", "report.md", "manifest.json", "scenario.yaml"} <= (
        names
    )
    assert any(n.endswith(".png") for n in names)
    assert "guarantee.automaticity" in found["columns"]
    # the bundle's scenario.yaml holds the sweep and reruns to the same points
    again = tmp_path / "again"
    assert (
        main(
            [
                "sweep",
                str(bundle / "scenario.yaml"),
                "--out",
                str(again),
                "--quiet",
                "--engine",
                "serial",
            ]
        )
        == 0
    )
    rerun = Path(capsys.readouterr().out.strip())
    assert (rerun / "points.parquet").read_bytes() == (bundle / "points.parquet").read_bytes()


def test_param_flags_make_the_sweep_and_land_in_the_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "sweep",
            str(PRESET),
            "--param",
            "guarantee.automaticity=0:1:3",
            "--param",
            "guarantee.legal_form=executive,treaty",
            "--out",
            str(out),
            "--quiet",
            "--engine",
            "serial",
        ]
    )
    assert code == 0
    bundle = Path(capsys.readouterr().out.strip())
    text = (bundle / "scenario.yaml").read_text()
    assert "guarantee.legal_form" in text and "guarantee.automaticity" in text


@pytest.mark.parametrize("kind", ["map", "viable", "threshold", "frontier", "tornado"])
def test_plot_redraws_each_kind_from_the_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = write(tmp_path, GOOD)
    assert (
        main(["sweep", str(path), "--out", str(tmp_path / "o"), "--quiet", "--engine", "serial"])
        == 0
    )
    bundle = Path(capsys.readouterr().out.strip())
    target = tmp_path / f"{kind}.png"
    assert main(["plot", str(bundle), "--kind", kind, "--out", str(target)]) == 0
    assert target.stat().st_size > 5000


def test_plot_unknown_kind_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD)
    assert (
        main(["sweep", str(path), "--out", str(tmp_path / "o"), "--quiet", "--engine", "serial"])
        == 0
    )
    bundle = Path(capsys.readouterr().out.strip())
    assert main(["plot", str(bundle), "--kind", "pie"]) == 2
    assert "unknown figure kind 'pie'" in capsys.readouterr().err
    assert main(["plot", str(bundle), "--kind", "sobol"]) == 2  # not a Sobol sweep
    assert "sobol" in capsys.readouterr().err


BAD = [
    (
        "unknown-path",
        "    guarantee.automaticty: {range: [0, 1], steps: 3}\n",
        (":7:", "sweep.parameters.guarantee.automaticty", "not a field that can be swept"),
    ),
    (
        "out-of-bounds",
        "    guarantee.automaticity: {range: [0, 1.5], steps: 3}\n",
        (":7:", "1.5 is outside the range", "0 ≤ x ≤ 1"),
    ),
    (
        "bad-category",
        "    guarantee.legal_form: {values: [treaty, pact]}\n",
        (":7:", "'pact' is not a value", "declaration, executive, treaty"),
    ),
    (
        "categorical-range",
        "    guarantee.posture: {range: [0, 1], steps: 2}\n",
        (":7:", "categorical", "values"),
    ),
    (
        "grid-without-steps",
        "    guarantee.automaticity: {range: [0, 1]}\n",
        (
            ":7:",
            "needs 'steps'",
        ),
    ),
]


@pytest.mark.parametrize(("case", "line", "expect"), BAD, ids=[b[0] for b in BAD])
def test_bad_sweep_blocks_are_located_and_write_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    line: str,
    expect: tuple[str, ...],
) -> None:
    text = f"name: bad\nextends: {PRESET}\nguarantee:\n  automaticity: 0.5\nsweep:\n  parameters:\n"
    path = write(tmp_path, text + line)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--engine", "serial"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err
    for piece in expect:
        assert piece in err, (piece, err)
    assert "Fix:" in err
    assert not out.exists()


SAMPLER_CASES = [
    ("samples-zero", "  sampler: lhs\n  samples: 0\n", ("samples", "is not above the minimum 0")),
    (
        "sobol-not-power-of-two",
        "  sampler: sobol\n  samples: 100\n",
        ("not a power of two", "samples: 64 or 128"),
    ),
    ("lhs-without-samples", "  sampler: lhs\n", ("needs 'samples'",)),
]


@pytest.mark.parametrize(
    ("case", "lines", "expect"), SAMPLER_CASES, ids=[c[0] for c in SAMPLER_CASES]
)
def test_bad_sampler_settings(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    lines: str,
    expect: tuple[str, ...],
) -> None:
    text = (
        f"name: bad\nextends: {PRESET}\nsweep:\n{lines}  parameters:\n"
        "    guarantee.automaticity: {range: [0, 1]}\n"
    )
    path = write(tmp_path, text)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err
    for piece in expect:
        assert piece in err, (piece, err)
    assert not out.exists()


def test_param_conflicting_with_the_file_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD)
    out = tmp_path / "out"
    code = main(["sweep", str(path), "--param", "guarantee.automaticity=0:1:5", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "--param guarantee.automaticity=0:1:5" in err and "already swept" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("param", "expect"),
    [
        ("guarantee.automaticity=0:2:5", ("--param guarantee.automaticity=0:2:5", "outside")),
        ("guarantee.automaticity", ("expected PATH=LO:HI:STEPS",)),
        ("guarantee.automaticity=a:b:3", ("must be numbers",)),
        ("guarantee.trigger=any_violation,always", ("'always' is not a value",)),
    ],
)
def test_bad_param_flags_name_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], param: str, expect: tuple[str, ...]
) -> None:
    out = tmp_path / "out"
    assert main(["sweep", str(PRESET), "--param", param, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    for piece in expect:
        assert piece in err, (piece, err)
    assert not out.exists()


def test_nothing_to_sweep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["sweep", str(PRESET), "--out", str(out)]) == 2
    assert "nothing to sweep" in capsys.readouterr().err
    assert not out.exists()


def test_unreachable_dask_scheduler_fails_fast_and_cleanly(
    no_hang: Callable[..., AbstractContextManager[None]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path, GOOD)
    out = tmp_path / "out"
    with no_hang():
        code = main(
            [
                "sweep",
                str(path),
                "--engine",
                "dask",
                "--address",
                "tcp://127.0.0.1:9",
                "--out",
                str(out),
            ]
        )
        assert code == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert not list(out.rglob("*.parquet"))
    assert not [p for p in out.rglob("*") if p.is_dir() and p.name.startswith(".partial")]


def test_resume_of_a_folder_that_is_not_a_sweep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sweep", "--resume", str(tmp_path)]) == 2
    assert "not the working folder of an interrupted sweep" in capsys.readouterr().err
