"""Maps with more strikes than markercluster handles quickly: the strikemap's own grid clusters.

Above ``geo.maps.strikes.FAST_ABOVE`` strikes, a page groups its strikes by grid cell per zoom
level in the browser and puts only the bubbles and strikes in view into the page. These tests
force that path on small maps too (``FAST_ABOVE = 0``) to check the behaviour the
markercluster path has: every strike reachable, co-located strikes fanned out, popups.
"""

from geo.cli import main
from geo.maps import strikes
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_offline_map import (
    _REACHABLE,
    STRIKE_LAYER,
    _many_strikes,
    click_until_popup,
    wait_until_drawn,
    wait_until_still,
)

_MAP = "window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))]"


def test_every_strike_of_a_6000_strike_map_is_reachable_and_a_filter_redraws(
    page, tmp_path, raw_dataset, write_dataset
):
    n = 6_000
    assert n > strikes.FAST_ABOVE
    dataset = write_dataset(_many_strikes(raw_dataset, n))
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline", "--dataset", str(dataset)]) == 0
    page.goto(out.as_uri())
    wait_until_drawn(page)
    counts = page.evaluate(_REACHABLE)
    assert counts["clustered"] + counts["single"] == n, counts
    assert counts["clustered"] > 0 and counts["bases"] == 6
    # only the bubbles in view are in the page, not 6,000 elements
    assert page.locator(".marker-cluster").count() < 400

    # the time filter's hooks: select rows, draw only those
    page.evaluate(
        f"() => new Promise((done) => {{ const layer = {STRIKE_LAYER};"
        " layer.strikemapShow(layer.strikemapRows((k) => k % 3 === 0), done); })"
    )
    counts = page.evaluate(_REACHABLE)
    assert counts["clustered"] + counts["single"] == n // 3

    # a click on a bubble of strikes at several points zooms in
    zoom = page.evaluate(f"{_MAP}.getZoom()")
    page.locator(".marker-cluster").first.click()
    wait_until_still(page)
    assert page.evaluate(f"{_MAP}.getZoom()") > zoom
    assert page.errors.messages == []


def test_grid_clusters_fan_out_strikes_at_one_point(page, tmp_path, monkeypatch):
    """19 and 24 September share Murzuq's point: clicks on their bubble fan them out."""
    monkeypatch.setattr(strikes, "FAST_ABOVE", 0)
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    assert "L.featureGroup() : L.markerClusterGroup" in out.read_text("utf-8")
    page.goto(out.as_uri())
    wait_until_drawn(page)
    assert sum(page.evaluate(_REACHABLE)[k] for k in ("clustered", "single")) == 5
    murzuq = "path.strikemap-incident-ly-2019-09-19-murzuq"
    for _ in range(8):
        if page.locator(murzuq).count():
            break
        x, y = page.evaluate(
            f"() => {{ const map = {_MAP}; const p = map.latLngToContainerPoint("
            "[25.91552, 13.91839]); const box = map.getContainer().getBoundingClientRect();"
            " return [p.x + box.left, p.y + box.top]; }"
        )
        page.mouse.click(x, y)
        wait_until_still(page)
    fanned = page.evaluate(f"{STRIKE_LAYER}.strikemapFanned")
    assert fanned is not None and len(fanned) == 2
    assert page.locator("path.strikemap-fan-leg").count() == 2
    for strike, date in (
        ("ly-2019-09-19-murzuq", "2019-09-19 (day precision)"),
        ("ly-2019-09-24-murzuq-area", "2019-09-24 (day precision)"),
    ):
        popup = click_until_popup(page, page.locator(f"path.strikemap-incident-{strike}"), date)
        assert "Murzuq" in popup.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-map-grid-fanned-out.png"))
    assert page.errors.messages == []


def test_grid_clusters_open_every_strike_by_id(page, tmp_path, monkeypatch):
    monkeypatch.setattr(strikes, "FAST_ABOVE", 0)
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    page.goto(out.as_uri())
    wait_until_drawn(page)
    shown = page.evaluate(
        f"""async () => {{
          const layer = {STRIKE_LAYER}, out = {{}};
          for (const id of layer.strikemapData.column('id')) {{
            await new Promise((done) => layer.strikemapOpen(id, done));
            // (a closed popup fades out for 200 ms: the one just opened is the last)
            const open = document.querySelectorAll('.leaflet-popup-content');
            out[id] = open[open.length - 1].innerText;
          }}
          return out;
        }}"""
    )
    assert sorted(shown) == [
        "ly-2018-03-south-aqim",
        "ly-2019-09-19-murzuq",
        "ly-2019-09-24-murzuq-area",
        "ly-2019-09-26-southwest",
        "ly-2019-09-29-south",
    ]
    assert "southwest Libya, LY (region; ±350 km)" in shown["ly-2019-09-26-southwest"]
    assert all("Sources (" in text for text in shown.values())
    assert page.errors.messages == []
