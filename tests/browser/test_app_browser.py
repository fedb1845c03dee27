"""The running Streamlit app in a real browser: map iframe, markers, click to see sources."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "streamlit.log"
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with open(log, "wb") as sink:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"streamlit did not come up:\n{log.read_text(errors='replace')}")
            time.sleep(0.25)
        yield url
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_app_shows_the_map_and_sources(page, app_url):
    page.goto(app_url)
    page.get_by_text("US strikes on ISIS in southern Libya, 2019").wait_for(timeout=60_000)
    frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    frame.locator("path.strikemap-strike").first.wait_for(timeout=60_000)
    assert frame.locator("path.strikemap-strike").count() == 5
    assert frame.locator(".strikemap-base").count() == 6
    assert frame.locator(".strikemap-distance-label").count() == 3

    heading = page.get_by_text("2019-09-26 · southwest Libya")
    for _ in range(4):  # a click during Leaflet's initial zoom is lost: retry
        frame.locator("path.strikemap-incident-ly-2019-09-26-southwest").click()
        try:
            heading.wait_for(timeout=15_000)
            break
        except Exception:  # noqa: BLE001 - the wait below reports a real failure
            page.wait_for_timeout(500)
    heading.wait_for(timeout=15_000)
    sources = page.locator("[data-testid='stTable']").filter(has_text="Gulf News (wire report)")
    sources.wait_for()
    text = sources.inner_text()
    assert "Gulf News (wire report)" in text
    assert "The third strike, flown by an MQ-9 Reaper based in Niger, killed 17" in text
    assert page.errors.messages == []
