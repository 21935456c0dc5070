"""Shared fixtures of the command-line tests."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PRESET = REPO / "scenarios" / "presets" / "article5_like_no_troops.yaml"


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root (where ``make run`` runs)."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    """A small valid guarantee scenario."""
    path = tmp_path / "demo.yaml"
    path.write_text(
        "name: demo\n"
        "description: A small test scenario.\n"
        "guarantee:\n"
        "  automaticity: 0.7\n"
        "  legal_form: treaty\n",
        encoding="utf-8",
    )
    return path


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"an example ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def example_time_limit() -> Callable[[int], AbstractContextManager[None]]:
    """``with example_time_limit(s): ...`` raises TimeoutError in the block after ``s`` seconds
    (SIGALRM): a fuzz example that hangs fails as that example instead of stalling the run."""
    return _time_limit
