"""``deter app``: the Solara server on :mod:`sim.app.main`, offline.

Solara's page loads its front end (Vue, Vuetify, RequireJS, fonts) from a CDN unless its
*assets proxy* serves them: with ``SOLARA_ASSETS_PROXY=True`` the server answers
``/_solara/cdn/...`` from ``<prefix>/share/solara/cdn``, where the ``solara-assets`` package
(pinned to Solara's version) installs every file. A file missing there would be fetched from
``SOLARA_ASSETS_CDN``; we point that at a closed local port, so the app never reaches out to
the internet: a missing asset fails at once, in the server's log. Production mode
(``--production``) drops Solara's online "check" iframe, ``--no-check-version`` its look-up of
the newest Solara on PyPI, and telemetry (Mixpanel) is switched off.

Examples
--------
>>> " ".join(solara_command(port=8765, host="127.0.0.1", open_browser=False)[3:])
'run sim.app.main --port 8765 --host 127.0.0.1 --production --no-open --no-check-version'
>>> offline_environment({})["SOLARA_ASSETS_PROXY"]
'True'
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

APP_MODULE = "sim.app.main"
DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"

UNREACHABLE_CDN = "http://127.0.0.1:9/offline-no-cdn/"
"""Where Solara would fetch an asset missing from the local copy: the discard port of this
machine, closed, so such a request fails at once instead of leaving the machine."""


def assets_folder() -> Path:
    """Where ``solara-assets`` installs the front end, which the assets proxy serves."""
    return Path(sys.prefix) / "share" / "solara" / "cdn"


def check_assets() -> None:
    """Make sure the offline front end is installed.

    Raises
    ------
    FileNotFoundError
        If ``solara-assets`` is missing (the message says how to install it).
    """
    folder = assets_folder()
    if not (folder / "@widgetti").is_dir():
        raise FileNotFoundError(
            f"{folder} holds no Solara front end; install it with "
            "'pip install solara-assets==<solara's version>' (pyproject.toml pins it)"
        )


def solara_command(*, port: int, host: str, open_browser: bool) -> list[str]:
    """The ``solara run`` command line for the app."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        APP_MODULE,
        "--port",
        str(port),
        "--host",
        host,
        "--production",
        "--open" if open_browser else "--no-open",
        "--no-check-version",
    ]


def offline_environment(base: Mapping[str, str]) -> dict[str, str]:
    """``base`` with the settings that keep the app offline and quiet (module notes)."""
    env = dict(base)
    env.update(
        {
            "SOLARA_ASSETS_PROXY": "True",
            "SOLARA_ASSETS_CDN": UNREACHABLE_CDN,
            "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
            "SOLARA_THEME_VARIANT": "light",
            "MPLBACKEND": "Agg",
        }
    )
    return env


def serve(*, port: int, host: str, open_browser: bool) -> int:
    """Run the app's server until it stops; its exit code.

    Ctrl-C stops the server (it receives the same interrupt), waits for it, and raises
    :class:`KeyboardInterrupt` for the caller to report.
    """
    check_assets()
    command = solara_command(port=port, host=host, open_browser=open_browser)
    print(f"deter app: serving on http://{host}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
    process = subprocess.Popen(command, env=offline_environment(os.environ))
    try:
        return process.wait()
    except KeyboardInterrupt:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait(timeout=10)
        raise
