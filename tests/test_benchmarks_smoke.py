"""The benchmarks still run: each ``python -m benchmarks.<name> --quick`` prints its table.

Only that they run, print and (for the model) agree across variants is checked; timings never are.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def quick_run(module: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", module, "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("machine: ")
    return completed.stdout


def check_solvers(out: str) -> None:
    assert "games/s (cpu)" in out and "batched/this" in out
    for section in ("2x2", "3x3", "4x4"):
        assert f"{section:<18} batched solve_bimatrix_batch" in out
    assert "batched solve_grid" in out
    assert "nashpy support_enumeration" in out
    assert "pygambit enummixed_solve" in out


MODEL_VARIANTS = (
    "model (cold)",
    "model (warm)",
    "model, one replicate per model",
    "model, nashpy",
    "model, tree per step",
)


def check_model(out: str) -> None:
    for variant in MODEL_VARIANTS:
        assert variant in out
    assert "ratio model (cold) / model, nashpy" in out
    assert out.count("same decisions") == len(MODEL_VARIANTS) and ": False" not in out


def check_sweeps(out: str) -> None:
    for variant in ("deter sweep engine, serial", "solve_guarantee per point", "deter run --set"):
        assert variant in out
    assert "points/s" in out


def check_catalogue(out: str) -> None:
    for concept in ("pure", "nash", "qre", "spe"):
        assert f"\n{concept:<8}" in out
    assert "worst/limit" in out and "over the limit:" in out


@pytest.mark.parametrize(
    ("module", "check"),
    [
        ("benchmarks.solvers", check_solvers),
        ("benchmarks.model", check_model),
        ("benchmarks.sweeps", check_sweeps),
        ("benchmarks.catalogue", check_catalogue),
    ],
    ids=["solvers", "model", "sweeps", "catalogue"],
)
def test_quick_benchmark_prints_its_table(module: str, check) -> None:  # type: ignore[no-untyped-def]
    check(quick_run(module))
