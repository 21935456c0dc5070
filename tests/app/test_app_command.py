"""``deter app`` as a process: it serves the app and Ctrl-C stops it cleanly (exit 130)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_ctrl_c_stops_the_server_with_exit_code_130(tmp_path: Path) -> None:
    port = _free_port()
    script = Path(sys.executable).with_name("deter")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sim.cli"]
    process = subprocess.Popen(
        [*command, "app", "--port", str(port), "--no-open"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        assert process.poll() is None, "deter app exited before serving"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            page = response.read().decode()
        assert response.status == 200
        assert "/_solara/cdn/" in page and "cdn.jsdelivr.net" not in page
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    assert process.returncode == 130
    assert "deter app: interrupted; the server has stopped" in err.decode()
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0, "the server still listens"
