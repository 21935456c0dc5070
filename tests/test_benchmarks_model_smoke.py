"""The model benchmark still runs: ``python -m benchmarks.model --quick`` prints its table.

Only that it runs, prints and agrees with the nashpy variant is checked; timings never are.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_model_benchmark_prints_the_table():
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.model", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    assert out.startswith("machine: ")
    for variant in ("tables (cold)", "tables (warm)", "nashpy per step", "tree per step"):
        assert variant in out
    assert "ratio tables (warm) / nashpy per step" in out
    assert out.count("same decisions") == 2 and ": False" not in out
