"""Seconds from the page request to the app's first map with every strike drawn.

Run: .venv/bin/python benchmarks/app_first_map.py [--plain]

The app starts as ``make app`` starts it (``python -m app_pages.serve``, which loads the first
page's modules and outlines before the server listens); ``--plain`` starts it with
``streamlit run app.py`` instead, for comparison.

Starts the app on a new default database (seeded on the first request) and opens it three
times in headless Chromium (Debian's /usr/bin/chromium): the first request pays for seeding
the database and the first imports, the next ones are what a user opening the app sees. One
run's figures; never a test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY = (
    "(() => { const k = Object.keys(window).find((k) => /^strike_layer_/.test(k));"
    " return !!k && window[k].strikemapReady === true; })()"
)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tempfile.mkdtemp()
    env = {
        **os.environ,
        "STRIKEMAP_DB": f"{folder}/incidents.sqlite",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    plain = "--plain" in sys.argv[1:]
    print("started with", "streamlit run app.py" if plain else "python -m app_pages.serve")
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    if not plain:
        command = [sys.executable, "-m", "app_pages.serve"]
    command += ["--server.port", str(port), "--server.headless", "true"]
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(400):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--headless=new", "--no-sandbox", "--disable-gpu"],
            )
            for label in ("first request (database seeded)", "second request", "third request"):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}")
                frame = page.wait_for_selector(
                    "iframe[title='streamlit_folium.st_folium']", timeout=90_000
                ).content_frame()
                frame.wait_for_function(READY, timeout=90_000)
                print(f"{label}: first map after {time.perf_counter() - start:.1f} s", flush=True)
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
