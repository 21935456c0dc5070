"""The classroom app in a real browser: ``deter app`` served, driven by Playwright.

Starts ``deter app --port <free port> --no-open`` as a subprocess, drives Debian's chromium
(``/usr/bin/chromium``; never a browser download) and checks what a class would do:

1. the Guarantee page loads *offline*: every request the page makes is answered by the app's own
   server (no CDN; ``solara-assets`` serves the front end);
2. on ``bilateral_2024`` (automaticity 0.25: Russia invades), moving the automaticity slider to 1
   changes Russia's choice to probing and redraws the game tree;
3. on the Repeated game page, Step advances the quarter counter and redraws the beliefs figure;
   Run plays to the horizon and Reset goes back to quarter 0;
4. the Sweep page draws a deterrence map.

Screenshots go to ``tests/app/output/`` for a person to look at. Without chromium the tests are
skipped (``apt-get install chromium``), unless ``CI`` is set: then they fail.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT = Path(__file__).resolve().parent / "output"
START_TIMEOUT = 90.0
"""Seconds the server may take to listen."""
UI_TIMEOUT_MS = 60_000
"""Milliseconds a page may take to show a result (two cores shared by several jobs)."""
PRESET = "bilateral_2024"
"""Automaticity 0.25: Russia invades; at automaticity 1 it probes (checked in test_app_logic)."""


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium with 'apt-get install chromium'"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is a failure)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _deter() -> list[str]:
    script = Path(sys.executable).with_name("deter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sim.cli"]


def _wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"deter app exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    pytest.fail(f"deter app did not listen on {port} within {START_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C to the server's process group (deter and its solara child), then kill."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=15)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``deter app`` on a free port: its base URL and process (stopped afterwards)."""
    _require_chromium()
    OUTPUT.mkdir(exist_ok=True)
    port = _free_port()
    log = OUTPUT / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*_deter(), "app", "--port", str(port), "--no-open"],
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "MPLBACKEND": "Agg"},
        )
        try:
            _wait_for_port(process, port, log)
            yield f"http://127.0.0.1:{port}", process
        finally:
            _stop(process)


@dataclass
class Browser:
    """The app's address, one chromium page on it, and every URL the page requested."""

    url: str
    page: Any
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser(server: tuple[str, subprocess.Popen[bytes]]) -> Iterator[Browser]:
    """A chromium page (Debian's, with the brief's flags) for the module's tests."""
    sync_api = pytest.importorskip("playwright.sync_api")
    url, _ = server
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = launched.new_page(viewport={"width": 1400, "height": 2400})
            page.set_default_timeout(UI_TIMEOUT_MS)
            found = Browser(url, page)
            page.on("request", lambda request: found.requests.append(request.url))
            page.on("websocket", lambda socket: found.requests.append(socket.url))
            yield found
        finally:
            launched.close()


def _wait_text(page: Any, selector: str, expected: str) -> None:
    """Wait until the element's visible text is ``expected``."""
    page.wait_for_function(
        "([sel, want]) => { const e = document.querySelector(sel);"
        " return e !== null && e.innerText.trim() === want; }",
        arg=[selector, expected],
    )


def _wait_new_src(page: Any, selector: str, before: str) -> str:
    """Wait until the image's ``src`` differs from ``before``; the new one."""
    page.wait_for_function(
        "([sel, old]) => { const e = document.querySelector(sel);"
        " return e !== null && e.getAttribute('src') !== old; }",
        arg=[selector, before],
    )
    return str(page.get_attribute(selector, "src"))


def _image(page: Any, selector: str) -> tuple[str, bytes]:
    """The image's ``src`` and a screenshot of it (PNG bytes)."""
    image = page.locator(selector)
    image.wait_for()
    return str(image.get_attribute("src")), bytes(image.screenshot())


def _screenshot(page: Any, name: str) -> None:
    """Save the page, scrolled back to its top, as ``OUTPUT/name``."""
    page.evaluate(
        "() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })"
    )
    page.screenshot(path=str(OUTPUT / name))


def _choose_preset(page: Any, name: str) -> None:
    page.click(".deter-preset .v-select__slot")
    page.click(f".menuable__content__active .v-list-item:has-text('{name}')")


def _open_tab(page: Any, label: str) -> None:
    page.get_by_role("tab", name=label).click()


def test_guarantee_page_answers_the_automaticity_slider(browser: Browser) -> None:
    page = browser.page
    page.goto(browser.url + "/")
    page.wait_for_selector(".deter-russia-choice")
    _choose_preset(page, PRESET)
    automaticity = ".deter-lever-automaticity .deter-lever-value"
    _wait_text(page, automaticity, "0.25")
    _wait_text(page, ".deter-russia-choice", "Russia's choice: invade")
    tree = ".deter-game-tree img"
    src_before, png_before = _image(page, tree)
    _screenshot(page, "guarantee-before.png")

    page.locator(".deter-lever-automaticity [role=slider]").focus()
    page.keyboard.press("End")  # the slider to its maximum: automaticity 1

    _wait_text(page, automaticity, "1")
    _wait_text(page, ".deter-russia-choice", "Russia's choice: probe")
    src_after = _wait_new_src(page, tree, src_before)
    _, png_after = _image(page, tree)
    _screenshot(page, "guarantee-after.png")
    assert src_after != src_before
    assert png_after != png_before, "the game tree was not redrawn"

    # troops with no posture: the page says why, in words, and recovers on reset
    page.locator(".deter-lever-troops-on-ground [role=slider]").focus()
    page.keyboard.press("End")
    page.wait_for_selector(".deter-error")
    message = page.inner_text(".deter-error")
    assert "needs a posture" in message and "Traceback" not in message
    _screenshot(page, "guarantee-error.png")
    page.click(".deter-reset-levers")
    _wait_text(page, ".deter-russia-choice", "Russia's choice: invade")


def test_repeated_game_steps_quarter_by_quarter(browser: Browser) -> None:
    page = browser.page
    _open_tab(page, "Repeated game")
    quarter = ".deter-quarter"
    _wait_text(page, quarter, "quarter 0 of 40")
    figure = ".deter-dynamics-figure img"
    src, png = _image(page, figure)
    _screenshot(page, "repeated-start.png")
    for played in (1, 2, 3):
        page.click(".deter-step")
        _wait_text(page, quarter, f"quarter {played} of 40")
        new_src = _wait_new_src(page, figure, src)
        new_png = _image(page, figure)[1]
        assert new_src != src
        assert new_png != png, f"the figure did not change at quarter {played}"
        src, png = new_src, new_png
    _screenshot(page, "repeated-3-quarters.png")
    page.click(".deter-run")
    _wait_text(page, quarter, "quarter 40 of 40")
    _wait_new_src(page, figure, src)
    _screenshot(page, "repeated-40-quarters.png")
    page.click(".deter-reset")
    _wait_text(page, quarter, "quarter 0 of 40")


def test_sweep_page_draws_a_deterrence_map(browser: Browser) -> None:
    page = browser.page
    _open_tab(page, "Sweep")
    src, png = _image(page, ".deter-sweep-map img")
    assert src and png
    _screenshot(page, "sweep.png")


def test_every_request_stays_on_the_app_server(browser: Browser) -> None:
    """Offline: the page never asked anything of a CDN or any other host."""
    if not browser.requests:  # run on its own
        browser.page.goto(browser.url + "/")
        browser.page.wait_for_selector(".deter-game-tree img")
    assert any(url.startswith("ws") for url in browser.requests), "no websocket to the kernel"
    here = urlparse(browser.url).netloc
    elsewhere = sorted(
        {
            url
            for url in browser.requests
            if urlparse(url).scheme in {"http", "https", "ws", "wss"}
            and urlparse(url).netloc != here
        }
    )
    assert not elsewhere, f"requests left the app's server: {elsewhere[:5]}"
