"""`strikemap map --embed --offline` pasted into a host page, in a real browser."""

from geo.cli import main
from tests.browser.test_app_browser import REACHABLE, STRIKES_READY

HOST = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>A report</title>
<style>body {{ margin: 20px; font: 14px serif; }}</style></head>
<body>
<p>Figure 1: the strikes.</p>
<div id="wide" style="width: 900px; height: 500px">{fragment}</div>
<p>Figure 2: the same map in a narrow column.</p>
<div id="narrow" style="width: 360px; height: 640px">{fragment}</div>
<p>Figure 3: a container with no height of its own.</p>
<div id="auto" style="width: 600px">{fragment}</div>
</body></html>
"""

SIZES = """() => [...document.querySelectorAll('iframe')].map((frame) => {
  const box = frame.getBoundingClientRect();
  const outer = frame.parentElement.parentElement.getBoundingClientRect();
  const map = frame.contentDocument ? null : 'sandboxed';
  return {width: box.width, height: box.height, outerWidth: outer.width,
          outerHeight: outer.height, map};
})"""


def test_the_fragment_fills_its_container_and_needs_no_network(page, tmp_path):
    fragment_file = tmp_path / "map-fragment.html"
    assert main(["map", "-o", str(fragment_file), "--embed", "--offline"]) == 0
    host = tmp_path / "report.html"
    host.write_text(HOST.format(fragment=fragment_file.read_text("utf-8")), "utf-8")

    requested, blocked = [], []

    def only_files(route):
        url = route.request.url
        requested.append(url)
        if url.startswith(("file:", "about:", "data:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", only_files)
    page.goto(host.as_uri())
    frames = [f for f in page.frames if f != page.main_frame]
    assert len(frames) == 3
    # The third frame lies below the window (900 px high): Chromium runs no animation frame
    # in an offscreen cross-origin frame (the sandboxed srcdoc is one), so these waits poll
    # on a timer, not Playwright's default requestAnimationFrame, which never came when the
    # first check was too early (about 1 run in 9).
    for frame in frames:
        frame.frame_element().scroll_into_view_if_needed()  # as a reader scrolls to it
        frame.wait_for_selector(".folium-map")
        # three maps load at once
        frame.wait_for_function(STRIKES_READY, timeout=60_000, polling=100)
        # alone or bubbled
        frame.wait_for_function(f"({REACHABLE})() === 5", timeout=60_000, polling=100)

    sizes = page.evaluate(SIZES)
    assert [(s["width"], s["height"]) for s in sizes] == [(900, 500), (360, 640), (600, 320)]
    assert all(s["map"] == "sandboxed" for s in sizes)  # the host cannot reach into the map
    for frame, (width, height) in zip(frames, [(900, 500), (360, 640), (600, 320)], strict=True):
        inner = frame.evaluate(
            "() => { const b = document.querySelector('.folium-map').getBoundingClientRect();"
            " return [b.width, b.height, document.body.scrollHeight <= innerHeight]; }"
        )
        assert inner == [width, height, True]  # the map fills its frame, no scroll bar
        assert frame.locator(".strikemap-legend").count() == 1
        assert frame.locator(".strikemap-base").count() == 6
    assert blocked == []
    assert requested == [host.as_uri()]
    assert page.errors.messages == []


def test_a_map_laid_out_after_its_script_ran_is_fitted_to_its_strikes(page, tmp_path):
    """A frame with no size when the map's script runs (a busy machine, a hidden figure):
    the map was fitted to 0 x 0 pixels (zoom 18, no strike in view) and stayed so."""
    fragment_file = tmp_path / "map-fragment.html"
    assert main(["map", "-o", str(fragment_file), "--embed", "--offline"]) == 0
    host = tmp_path / "report.html"
    hidden = '<div id="late" style="display: none; width: 700px; height: 450px">{fragment}</div>'
    host.write_text(
        HOST.format(fragment="").split("<p>")[0]
        + hidden.format(fragment=fragment_file.read_text("utf-8"))
        + "</body></html>",
        "utf-8",
    )
    page.goto(host.as_uri())
    frame = next(f for f in page.frames if f != page.main_frame)
    frame.wait_for_function(STRIKES_READY, timeout=60_000, polling=100)
    assert frame.evaluate(_SIZE) == [0, 0]
    page.evaluate("document.getElementById('late').style.display = 'block'")
    frame.wait_for_function(f"({REACHABLE})() === 5", timeout=30_000, polling=100)
    assert frame.evaluate(_SIZE) == [700, 450]
    assert frame.evaluate(f"{_MAP}.getZoom()") < 10
    assert page.errors.messages == []


_MAP = "window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))]"
_SIZE = f"() => [{_MAP}.getSize().x, {_MAP}.getSize().y]"
