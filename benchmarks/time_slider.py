"""The map's time slider on 10,000 and 100,000 strikes: how long a move and a play step take.

Run: .venv/bin/python benchmarks/time_slider.py [--sizes 5000,10000,100000]

The pages are benchmarks/map_scale.py's strikemap pages (the same seeded synthetic strikes,
dated over 1,000 days from 2018-01-01), opened offline in headless Chromium. For each:

* ``first move``: the slider set to the middle day (cumulative: about half the strikes are
  taken off the cluster layer), until the layer has them all and the next frame runs;
* ``back to all``: the slider set to the last day again (every strike put back);
* ``play step``: one step of playback by month in the window mode, from the middle day.

Up to ``geo.maps.strikes.FAST_ABOVE`` strikes (5,000) the page clusters with markercluster
(the strikes shown are the cluster layer's markers); above, with its own grid clusters (the
strikes shown are the rows the slider passed to ``strikemapShow``). Each row also gives the
strikes shown after the move, checked against the count computed here. One run's figures;
compare within a run. Never a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from map_scale import ARGS, CHROMIUM, strikemap_page, synthetic  # noqa: E402

from geo.maps.strikes import FAST_ABOVE  # noqa: E402

LAYER = "window[Object.keys(window).find((k) => /^strike_layer_[0-9a-f]+$/.test(k))]"
EPOCH = dt.date(1970, 1, 1)

# set the slider to ``day`` as a user does (an input event), then wait until the cluster
# layer holds the strikes shown and one more frame is drawn; milliseconds
_MOVE = f"""async ([day, mode, step]) => {{
  const layer = {LAYER};
  const modeBox = document.querySelector('.strikemap-time-mode');
  const stepBox = document.querySelector('.strikemap-time-step');
  for (const [box, value] of [[modeBox, mode], [stepBox, step]]) {{
    if (box.value !== value) {{ box.value = value; box.dispatchEvent(new Event('change')); }}
  }}
  await new Promise((done) => {{ const wait = () => layer.strikemapReady ? done() :
    setTimeout(wait, 5); wait(); }});
  const slider = document.querySelector('.strikemap-time-slider');
  const start = performance.now();
  slider.value = String(day);
  slider.dispatchEvent(new Event('input'));
  await new Promise((done) => {{ const wait = () => layer.strikemapReady ? done() :
    setTimeout(wait, 5); wait(); }});
  await new Promise((done) => requestAnimationFrame(() => done()));
  return [performance.now() - start, layer.strikemapMarkers ? layer.getLayers().length :
    layer.strikemapTime.state.rows.length];
}}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5000,10000,100000")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="Also time the page with markercluster's clusters never rebuilt (strikes removed "
        "one by one; 5,000 strikes or fewer).",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        "| strikes | page | first move (ms) | shown | back to all (ms) | play step (ms) | shown |"
    )
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in (int(x) for x in args.sizes.split(",")):
            incidents, sources = synthetic(n)
            html = strikemap_page(incidents, sources)
            variants = [("as built", html)]
            if args.compare and n <= FAST_ABOVE:
                never = html.replace("REBUILD_ABOVE = 2000", "REBUILD_ABOVE = Infinity")
                assert never != html
                variants.append(("never rebuilt", never))
            for name, text in variants:
                path = Path(folder) / f"slider-{n}.html"
                path.write_text(text, encoding="utf-8")
                print(_row(browser, path, n, name, incidents), flush=True)
        browser.close()


def _row(browser, path, n, name, incidents) -> str:
    """One page's figures, as a table row."""
    from geo.maps.controls import PLAY_INTERVAL_MS

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_function(f"{LAYER} && {LAYER}.strikemapReady === true", timeout=300_000)
    first = min(i.date_start for i in incidents)
    last = max(i.date_end for i in incidents)
    middle = first + (last - first) / 2
    moved, shown = page.evaluate(_MOVE, [(middle - EPOCH).days, "cumulative", "month"])
    assert shown == sum(1 for i in incidents if i.date_start <= middle), shown
    back, everything = page.evaluate(_MOVE, [(last - EPOCH).days, "cumulative", "month"])
    assert everything == n, everything
    page.evaluate(_MOVE, [(middle - EPOCH).days, "window", "month"])
    start = time.perf_counter()
    page.locator(".strikemap-time-play").click()
    page.wait_for_function(
        f"{LAYER}.strikemapTime.state.history.length > 0 && "
        f"{LAYER}.strikemapTime.state.day > {(middle - EPOCH).days} && "
        f"{LAYER}.strikemapReady",
        timeout=300_000,
        polling=5,
    )
    page.locator(".strikemap-time-play").click()  # pause
    history = page.evaluate(f"{LAYER}.strikemapTime.state.history")
    # the step itself: from the press to the layer being ready, less the wait for the tick
    step_ms = (time.perf_counter() - start) * 1000 - PLAY_INTERVAL_MS
    page.close()
    return (
        f"| {n:,} | {name} | {moved:,.0f} | {shown:,} | {back:,.0f} | {step_ms:,.0f} | "
        f"{history[-1][3]:,} |"
    )


if __name__ == "__main__":
    main()
