"""A 390 x 844 phone: the map's controls fold away and leave it at least 70 % free."""

from geo.cli import main
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_app_browser import FRAME, STRIKES_READY

# The share of the map's area that no control (layers, legend, zoom, scale, credits, tools,
# time slider) covers.
FREE_SHARE = """() => {
  const map = document.querySelector('.leaflet-container').getBoundingClientRect();
  let covered = 0;
  const controls = document.querySelectorAll(
    '.leaflet-control-layers, .strikemap-legend, .leaflet-control-zoom, .leaflet-control-scale,'
    + ' .leaflet-control-attribution, .strikemap-tools, .strikemap-time');
  for (const control of controls) {
    const r = control.getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, map.right) - Math.max(r.left, map.left));
    const h = Math.max(0, Math.min(r.bottom, map.bottom) - Math.max(r.top, map.top));
    covered += w * h;
  }
  return {free: 1 - covered / (map.width * map.height), width: map.width, height: map.height,
          layersOpen: document.querySelector('.leaflet-control-layers-expanded') !== null,
          legendOpen: document.querySelector('details.strikemap-legend').open};
}"""


def _phone(browser):
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)


def test_the_offline_map_on_a_phone(browser, tmp_path):
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    context = _phone(browser)
    page = context.new_page()
    try:
        page.goto(out.as_uri())
        page.wait_for_function(STRIKES_READY)
        shown = page.evaluate(FREE_SHARE)
        assert shown["layersOpen"] is False and shown["legendOpen"] is False
        assert shown["free"] >= 0.7, shown
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-offline-map.png"))
        # the folded control still opens: every layer is one tap away
        box = page.locator(".leaflet-control-layers-toggle").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".leaflet-control-layers-expanded")
    finally:
        context.close()


def test_the_app_map_on_a_phone(browser, app_url):
    context = _phone(browser)
    page = context.new_page()
    try:
        page.goto(app_url)
        frame = page.wait_for_selector(FRAME, timeout=60_000).content_frame()
        frame.wait_for_function(STRIKES_READY, timeout=60_000)
        shown = frame.evaluate(FREE_SHARE)
        assert shown["layersOpen"] is False and shown["legendOpen"] is False
        assert shown["free"] >= 0.7, shown
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-app-strike-map.png"))
    finally:
        context.close()
