"""Atomic results bundles (sim.experiments.bundle), the manifest, and the run API behind
``deter run`` (sim.experiments.run)."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sim.experiments.bundle import TEMP_PREFIX, Bundle, atomic_bundle, bundle_name
from sim.experiments.manifest import (
    TRACKED_DISTRIBUTIONS,
    PhaseTimer,
    build_manifest,
    git_state,
    package_versions,
)

WHEN = datetime(2025, 8, 18, 9, 30, 5, tzinfo=UTC)
HASH = "0123456789abcdef" * 4


def _everything(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_bundle_name() -> None:
    assert bundle_name(WHEN, HASH) == "20250818T093005Z-01234567"


def test_success_renames_into_place(tmp_path: Path) -> None:
    with atomic_bundle(tmp_path / "results", "demo", WHEN, HASH) as bundle:
        assert bundle.path.name.startswith(TEMP_PREFIX)
        assert not bundle.final.exists()  # nothing visible while writing
        bundle.write_text("a.txt", "hello")
        bundle.write_json("b.json", {"x": 1.5})
    assert bundle.final == tmp_path / "results" / "demo" / "20250818T093005Z-01234567"
    assert bundle.path == bundle.final
    assert _everything(tmp_path / "results") == [
        "demo",
        "demo/20250818T093005Z-01234567",
        "demo/20250818T093005Z-01234567/a.txt",
        "demo/20250818T093005Z-01234567/b.json",
    ]
    assert json.loads((bundle.final / "b.json").read_text()) == {"x": 1.5}
    assert bundle.files == ["a.txt", "b.json"]


def test_bundle_folder_has_normal_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with atomic_bundle(tmp_path, "demo", WHEN, HASH) as bundle:
            pass
    finally:
        os.umask(umask)
    assert stat.S_IMODE(bundle.final.stat().st_mode) == 0o755


@pytest.mark.parametrize("error", [RuntimeError("crash"), KeyboardInterrupt()])
def test_failure_mid_write_leaves_nothing(tmp_path: Path, error: BaseException) -> None:
    out = tmp_path / "results"
    with pytest.raises(type(error)), atomic_bundle(out, "demo", WHEN, HASH) as bundle:
        bundle.write_text("scenario.yaml", "name: demo\n")
        (bundle.path / "sub").mkdir()
        (bundle.path / "sub" / "table.parquet").write_bytes(b"PAR1")
        raise error
    assert not out.exists(), _everything(tmp_path)
    assert _everything(tmp_path) == []


def test_failure_keeps_existing_folders_and_bundles(tmp_path: Path) -> None:
    out = tmp_path / "results"
    with atomic_bundle(out, "demo", WHEN, HASH) as first:
        first.write_text("a.txt", "first")
    with pytest.raises(ValueError), atomic_bundle(out, "demo", WHEN, HASH) as bundle:
        bundle.write_text("a.txt", "second")
        raise ValueError("bad")
    assert _everything(out) == [
        "demo",
        "demo/20250818T093005Z-01234567",
        "demo/20250818T093005Z-01234567/a.txt",
    ]
    assert (first.final / "a.txt").read_text() == "first"


def test_same_second_same_hash_gets_a_suffix(tmp_path: Path) -> None:
    finals = []
    for text in ("one", "two", "three"):
        with atomic_bundle(tmp_path, "demo", WHEN, HASH) as bundle:
            bundle.write_text("a.txt", text)
        finals.append(bundle.final)
    assert [f.name for f in finals] == [
        "20250818T093005Z-01234567",
        "20250818T093005Z-01234567-2",
        "20250818T093005Z-01234567-3",
    ]
    assert [(f / "a.txt").read_text() for f in finals] == ["one", "two", "three"]


def test_write_json_refuses_nan(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_bundle(tmp_path / "r", "demo", WHEN, HASH) as bundle:
        bundle.write_json("x.json", {"x": float("nan")})
    assert not (tmp_path / "r").exists()


def test_bundle_dataclass_tracks_files(tmp_path: Path) -> None:
    bundle = Bundle(path=tmp_path, final=tmp_path / "final")
    bundle.write_text("x.md", "# x\n")
    assert bundle.files == ["x.md"] and (tmp_path / "x.md").read_text() == "# x\n"


def test_package_versions_cover_the_stack() -> None:
    versions = package_versions()
    assert set(versions) == {"python", "sim", *TRACKED_DISTRIBUTIONS}
    assert versions["sim"] == "0.1.0"
    assert all(isinstance(v, str) and v for v in versions.values())
    assert versions["mesa"].startswith("3.")


def test_git_state_of_this_checkout_and_elsewhere(tmp_path: Path) -> None:
    state = git_state()
    if state is not None:  # a checkout: a 40-hex commit and a dirty flag
        assert len(state["commit"]) == 40 and int(state["commit"], 16) >= 0
        assert isinstance(state["dirty"], bool)
    assert git_state(tmp_path) is None  # not a repository


def test_phase_timer_accumulates() -> None:
    timer = PhaseTimer()
    for _ in range(2):
        with timer.phase("solve"):
            sum(range(1000))
    with pytest.raises(RuntimeError), timer.phase("write"):
        raise RuntimeError
    timings = timer.as_dict()
    assert set(timings) == {"solve", "write", "total"}
    assert timings["total"] == pytest.approx(timings["solve"] + timings["write"], abs=1e-5)
    assert all(v >= 0 for v in timings.values())


def test_build_manifest_is_json_ready() -> None:
    manifest = build_manifest(
        scenario_name="demo",
        scenario_hash=HASH,
        root_seed=0,
        command=["deter", "run", "demo.yaml"],
        started=WHEN,
        finished=WHEN,
        timings={"solve": 0.5, "total": 0.5},
        files=["b", "a"],
        sources=["demo.yaml"],
        extra={"dynamics": {"replicates": 3}},
    )
    assert json.loads(json.dumps(manifest)) == manifest
    assert manifest["root_seed"] == 0  # seed 0 is kept, not dropped
    assert manifest["started_utc"] == "2025-08-18T09:30:05Z"
    assert manifest["files"] == ["a", "b"]
    assert manifest["scenario"] == {"name": "demo", "hash": HASH, "sources": ["demo.yaml"]}
    assert manifest["dynamics"] == {"replicates": 3}


# ------------------------------------------------------------------------------------------
# the run API
# ------------------------------------------------------------------------------------------
@pytest.fixture
def loaded(tmp_path: Path):  # type: ignore[no-untyped-def]
    from sim.scenario.loader import load_scenario

    path = tmp_path / "demo.yaml"
    path.write_text("name: demo\nseed: 7\nguarantee: {automaticity: 0.6}\n", encoding="utf-8")
    return load_scenario(path)


def test_run_scenario_without_artifacts(loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sim.experiments.run import run_scenario

    result = run_scenario(loaded, out_dir=tmp_path / "r", command=["python", "x"])
    assert {p.name for p in result.bundle.iterdir()} == {
        "scenario.yaml",
        "equilibrium.json",
        "manifest.json",
    }
    assert result.manifest["root_seed"] == 7
    assert result.manifest["command"] == ["python", "x"]
    data = result.to_dict()
    assert data["bundle"] == str(result.bundle) and data["hash"] == loaded.hash
    assert "dynamics" not in data  # no dynamics block, no repeated game
    assert json.loads((result.bundle / "equilibrium.json").read_text()) == json.loads(
        json.dumps(result.outputs.solution.to_dict())
    )


def test_run_scenario_artifacts_and_failure(loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sim.experiments.run import RunOutputs, run_scenario

    seen: list[str] = []

    def write_note(outputs: RunOutputs, bundle: Bundle) -> None:
        seen.append(outputs.solution.russia_action)
        bundle.write_text("note.txt", outputs.loaded.scenario.name)

    result = run_scenario(loaded, out_dir=tmp_path / "ok", artifacts=(write_note,))
    assert (result.bundle / "note.txt").read_text() == "demo"
    assert "note" in result.manifest["timings_seconds"]
    assert "note.txt" in result.manifest["files"] and seen

    def explode(outputs: RunOutputs, bundle: Bundle) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        run_scenario(loaded, out_dir=tmp_path / "bad", artifacts=(write_note, explode))
    assert not (tmp_path / "bad").exists()
