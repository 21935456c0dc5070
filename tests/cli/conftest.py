"""Shared fixtures of the command-line tests."""

from __future__ import annotations

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
