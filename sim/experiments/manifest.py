"""Provenance of a run: package versions, git commit, command line and timings per phase.

A results bundle carries a ``manifest.json`` so that anyone holding the folder can tell what
produced it: the scenario (name and hash), the root seed, the exact versions of Python and of the
libraries that computed it, the git commit of the code (and whether the working tree had
uncommitted changes), the command line, and how long each phase took.

Examples
--------
>>> timer = PhaseTimer()
>>> with timer.phase("solve"):
...     pass
>>> list(timer.seconds)
['solve']
>>> sorted(package_versions())[:3]
['PyYAML', 'matplotlib', 'mesa']
"""

from __future__ import annotations

import platform
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import sim

TRACKED_DISTRIBUTIONS: tuple[str, ...] = (
    "numpy",
    "scipy",
    "nashpy",
    "mesa",
    "matplotlib",
    "pandas",
    "pyarrow",
    "pydantic",
    "PyYAML",
)
"""Distributions whose versions every manifest records."""

PACKAGE_DISTRIBUTION = "deterrence-sim"
"""Name of this project's distribution (the import package is ``sim``)."""


def utc_now() -> datetime:
    """The current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """``moment`` as an ISO 8601 string ending in ``Z``, to the second.

    >>> iso_utc(datetime(2025, 8, 18, 9, 30, 5, 123, tzinfo=UTC))
    '2025-08-18T09:30:05Z'
    """
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def package_versions() -> dict[str, str]:
    """Versions of Python, the tracked libraries and ``sim``.

    Returns
    -------
    dict
        ``{"python": "3.11.9", "numpy": "...", ..., "sim": "0.1.0"}``; a library that is not
        installed is recorded as ``"not installed"``.
    """
    versions = {"python": platform.python_version()}
    for dist in TRACKED_DISTRIBUTIONS:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    versions["sim"] = sim.__version__
    return versions


def repository_root() -> Path:
    """The folder that holds the ``sim`` package (the repository root in a checkout)."""
    return Path(sim.__file__).resolve().parent.parent


def git_state(root: Path | None = None) -> dict[str, Any] | None:
    """The git commit of ``root`` (default: :func:`repository_root`) and whether it is dirty.

    Returns
    -------
    dict or None
        ``{"commit": "<40 hex>", "dirty": bool}``, where ``dirty`` means tracked files differ
        from the commit; ``None`` when ``root`` is not a git checkout or git is unavailable.
    """
    root = repository_root() if root is None else root
    if not (root / ".git").exists():
        return None
    try:
        commit = _git(root, "rev-parse", "HEAD")
        status = _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit.strip(), "dirty": bool(status.strip())}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    return done.stdout


class PhaseTimer:
    """Wall-clock seconds spent in named phases of a run.

    Re-entering a phase adds to its total. Used for the ``timings`` of a manifest.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the body of a ``with`` block as phase ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            self.seconds[name] = self.seconds.get(name, 0.0) + elapsed

    def as_dict(self) -> dict[str, float]:
        """Phase → seconds (rounded to the microsecond), plus ``total``."""
        out = {k: round(v, 6) for k, v in self.seconds.items()}
        out["total"] = round(sum(self.seconds.values()), 6)
        return out


def build_manifest(
    *,
    scenario_name: str,
    scenario_hash: str,
    root_seed: int,
    command: Sequence[str],
    started: datetime,
    finished: datetime,
    timings: dict[str, float],
    files: Sequence[str] = (),
    sources: Sequence[str] = (),
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-ready manifest of one run.

    Parameters
    ----------
    scenario_name, scenario_hash, root_seed
        What was run: the scenario's name, its canonical hash and the root seed of every random
        stream.
    command
        The command line (``argv``), as given.
    started, finished
        UTC start and end of the run.
    timings
        Seconds per phase (see :class:`PhaseTimer`).
    files
        Names of the files of the bundle, for a reader's convenience.
    sources
        The scenario file and the files it extends.
    extra
        Further keys (for example the dynamics settings) merged into the manifest.
    """
    manifest: dict[str, Any] = {
        "scenario": {"name": scenario_name, "hash": scenario_hash, "sources": list(sources)},
        "root_seed": int(root_seed),
        "command": list(command),
        "started_utc": iso_utc(started),
        "finished_utc": iso_utc(finished),
        "timings_seconds": dict(timings),
        "versions": package_versions(),
        "git": git_state(),
        "platform": platform.platform(),
        "files": sorted(files),
    }
    if extra:
        manifest.update(extra)
    return manifest
