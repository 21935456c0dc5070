"""Interrupted runs (issue 12, item 5): Ctrl-C, ``SIGTERM`` and ``SIGKILL`` during the repeated
game of ``deter run --workers 2`` leave no visible half bundle and no process behind; Ctrl-C prints
no worker traceback; the temporary folder of a killed run is removed by the next run.

Each test starts ``deter`` in its own process group, waits until the workers are writing into the
bundle's temporary folder, then signals it (the whole group for Ctrl-C, as a terminal does).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.experiments.bundle import TEMP_PREFIX

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals and pgrep")

DETER = [sys.executable, "-m", "sim.cli"]
LONG_RUN = [
    "run",
    "salami_gray_zone",
    "--set",
    "solver.robustness_draws=0",
    "--replicates",
    "1000000",
    "--workers",
    "2",
    "--quiet",
]


def _group(pgid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True, check=False)
    return [int(p) for p in found.stdout.split()]


def _start(out: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [*DETER, *LONG_RUN, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        cwd=Path(__file__).resolve().parents[2],
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until the workers write into the temporary folder
        if process.poll() is not None:
            pytest.fail(f"deter stopped early: {process.communicate()}")
        written = list(out.glob(f"*/{TEMP_PREFIX}*/timeseries.parquet"))
        if written and written[0].stat().st_size > 0 and len(_group(process.pid)) >= 3:
            return process
        time.sleep(0.2)
    process.kill()
    pytest.fail("the run did not reach its repeated game in time")


def _gone(pgid: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _group(pgid):
            return True
        time.sleep(0.2)
    return False


def _visible(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if not any(part.startswith(".") for part in p.parts[-2:])]


@pytest.mark.parametrize(
    ("how", "code", "says"),
    [("SIGINT", 130, "interrupted; nothing was written"), ("SIGTERM", 143, "terminated")],
)
def test_an_interrupted_run_leaves_nothing(tmp_path: Path, how: str, code: int, says: str) -> None:
    out = tmp_path / "out"
    process = _start(out)
    if how == "SIGINT":
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
    else:
        os.kill(process.pid, signal.SIGTERM)  # kill PID: the main process only
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert says in err
    assert "Traceback" not in err  # no worker (or main) traceback
    assert _gone(process.pid), "worker processes were left behind"
    assert not out.exists() or list(out.rglob("*")) == []  # no bundle, no temporary folder


def test_a_killed_run_leaves_no_orphan_and_the_next_run_removes_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start(out)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert _gone(process.pid), "orphan workers outlived the killed run"
    (stale,) = out.glob(f"*/{TEMP_PREFIX}*")
    assert _visible(out) == [out / "salami_gray_zone"]  # hidden: no visible half bundle
    finished = subprocess.run(
        [*DETER, *LONG_RUN[:4], "--replicates", "2", "--quiet", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert finished.returncode == 0, finished.stderr
    assert not stale.exists()
    assert [p.name for p in (out / "salami_gray_zone").iterdir()] == [
        Path(finished.stdout.strip()).name
    ]
