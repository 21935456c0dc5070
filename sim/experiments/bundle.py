"""Atomic results bundles: a folder that appears complete or not at all.

A run writes ``<out>/<scenario name>/<UTC timestamp>-<hash8>/``. Every file goes first into a hidden
temporary sibling folder (``.tmp-...``, on the same file system); when the last file is written the
folder is renamed into place in one ``os.rename``, which POSIX makes atomic. If anything fails
before that (an exception, Ctrl-C, and through the CLI's handler ``SIGTERM``), the temporary
folder is removed, together with any parent folder the bundle created, so an interrupted run
leaves neither a half bundle nor litter. A process killed outright (``SIGKILL``) cannot clean up:
its temporary folder, hidden and named with the process id (``.tmp-<bundle>-<pid>-...``), is
removed by the next bundle written beside it once that process is gone
(:func:`remove_stale_temporaries`). Readers of results never list hidden folders.

Examples
--------
>>> import tempfile
>>> from datetime import UTC, datetime
>>> out = Path(tempfile.mkdtemp())
>>> when = datetime(2025, 8, 18, 9, 30, tzinfo=UTC)
>>> with atomic_bundle(out, "demo", when, "0123456789abcdef") as bundle:
...     _ = (bundle.path / "a.txt").write_text("hello")
>>> bundle.final.relative_to(out).as_posix()
'demo/20250818T093000Z-01234567'
>>> sorted(p.name for p in bundle.final.iterdir())
['a.txt']
>>> [p.name for p in (out / "demo").iterdir()]
['20250818T093000Z-01234567']
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TEMP_PREFIX = ".tmp-"
"""Prefix of the temporary sibling folders a bundle is written into."""


def bundle_name(started: datetime, scenario_hash: str) -> str:
    """The folder name ``<UTC timestamp>-<first 8 hex of the hash>``.

    >>> bundle_name(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "abcdef0123")
    '20260102T030405Z-abcdef01'
    """
    return f"{started.astimezone(UTC):%Y%m%dT%H%M%SZ}-{scenario_hash[:8]}"


@dataclass
class Bundle:
    """A bundle being written.

    Attributes
    ----------
    path
        The temporary folder to write into (valid inside :func:`atomic_bundle`).
    final
        Where the folder is renamed to on success.
    files
        Names written through :meth:`write_text` / :meth:`write_json` (others may be written
        directly under :attr:`path`).
    """

    path: Path
    final: Path
    files: list[str] = field(default_factory=list)

    def write_text(self, name: str, text: str) -> Path:
        """Write ``text`` (UTF-8) to ``name`` inside the bundle."""
        target = self.path / name
        target.write_text(text, encoding="utf-8")
        self.files.append(name)
        return target

    def write_json(self, name: str, data: Any) -> Path:
        """Write ``data`` as indented JSON (non-finite floats are refused)."""
        return self.write_text(name, json.dumps(data, indent=2, allow_nan=False) + "\n")


@contextmanager
def atomic_bundle(
    out_dir: str | os.PathLike[str], scenario_name: str, started: datetime, scenario_hash: str
) -> Iterator[Bundle]:
    """Write a bundle atomically under ``out_dir/scenario_name/``.

    Parameters
    ----------
    out_dir
        The results root (``results/`` by default in the CLI).
    scenario_name
        Names the sub-folder that collects the runs of one scenario.
    started, scenario_hash
        Name the bundle (see :func:`bundle_name`). If that name is taken (two runs in one second),
        ``-2``, ``-3``, ... is appended.

    Yields
    ------
    Bundle
        Write into ``bundle.path``. On normal exit the folder is renamed to ``bundle.final``;
        on any exception (including ``KeyboardInterrupt``) it is deleted, with any parent
        folders this call created, and the exception propagates.
    """
    parent = Path(out_dir) / scenario_name
    created = _missing_ancestors(parent)
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(parent)
    base = bundle_name(started, scenario_hash)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{base}-{os.getpid()}-", dir=parent))
    except BaseException:
        _remove_empty(created)
        raise
    bundle = Bundle(path=tmp, final=parent / base)
    try:
        yield bundle
        tmp.chmod(_folder_mode())  # mkdtemp makes it private; give it the usual permissions
        bundle.final = _rename_into_place(tmp, parent, base)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_empty(created)
        raise
    bundle.path = bundle.final


def _owner(name: str) -> int | None:
    """The process id in a temporary folder's name ``.tmp-<stamp>-<hash8>-<pid>-<random>``."""
    parts = name.removeprefix(TEMP_PREFIX).split("-")
    if len(parts) >= 4 and parts[-2].isdigit():
        return int(parts[-2])
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or cannot tell: keep its folder
    return True


def remove_stale_temporaries(parent: Path) -> list[Path]:
    """Remove the temporary folders in ``parent`` left by processes that no longer run (a run
    killed with ``SIGKILL``); return them. Folders of running processes are left alone.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / ".tmp-20250818T093000Z-01234567-999999999-abc").mkdir()
    >>> (folder / f".tmp-20250818T093000Z-01234567-{os.getpid()}-abc").mkdir()
    >>> [p.name for p in remove_stale_temporaries(folder)]
    ['.tmp-20250818T093000Z-01234567-999999999-abc']
    """
    removed: list[Path] = []
    try:
        candidates = sorted(parent.glob(f"{TEMP_PREFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        pid = _owner(folder.name)
        if pid is None or pid == os.getpid() or _alive(pid) or not folder.is_dir():
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _rename_into_place(tmp: Path, parent: Path, base: str) -> Path:
    """Rename ``tmp`` to the first free name ``base``, ``base-2``, ... in ``parent``."""
    suffix = 1
    while True:
        final = parent / (base if suffix == 1 else f"{base}-{suffix}")
        if not final.exists():
            try:
                os.rename(tmp, final)  # fails rather than replace a non-empty folder
                return final
            except OSError:
                if not final.exists():
                    raise
        suffix += 1


def _folder_mode() -> int:
    """Permissions of a new folder under the process umask (``0o755`` under umask ``022``)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _missing_ancestors(path: Path) -> list[Path]:
    """``path`` and its ancestors that do not exist yet, deepest first."""
    missing = []
    for candidate in [path, *path.parents]:
        if candidate.exists():
            break
        missing.append(candidate)
    return missing


def _remove_empty(folders: list[Path]) -> None:
    """Remove the given folders (deepest first) while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return
