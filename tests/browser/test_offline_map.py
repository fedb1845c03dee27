"""The `--offline` HTML in a real browser with every non-file: request blocked."""

import pytest

from geo.cli import main
from tests.browser.conftest import ARTIFACTS

STRIKE_LAYER = "window[Object.keys(window).find((k) => /^strike_layer_[0-9a-f]+$/.test(k))]"


def wait_until_drawn(page):
    """Wait until every strike of the page's payload is in the cluster layer."""
    page.wait_for_function(f"{STRIKE_LAYER} && {STRIKE_LAYER}.strikemapReady === true")
    wait_until_still(page)


def wait_until_still(page):
    """Wait for Leaflet's fit-to-bounds zoom to finish: a click during it is lost."""
    page.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")
    page.wait_for_timeout(300)


def click_until_popup(page, target, expected="", tries=4):
    """Click a marker until its popup shows ``expected``; a busy machine can drop a click."""
    popup = page.locator(".leaflet-popup-content")
    for _ in range(tries):
        wait_until_still(page)
        target.click()
        try:
            popup.wait_for(timeout=5_000)
            if expected in popup.inner_text():
                return popup
        except Exception:  # noqa: BLE001 - retried, then the assertion below reports it
            pass
    assert expected in popup.inner_text()
    return popup


def open_both_murzuq_strikes(page, screenshot):
    """Once fanned out, the 19 and 24 September strikes each open their own popup."""
    for strike, date in (
        ("ly-2019-09-19-murzuq", "2019-09-19 (day precision)"),
        ("ly-2019-09-24-murzuq-area", "2019-09-24 (day precision)"),
    ):
        popup = click_until_popup(page, page.locator(f"path.strikemap-incident-{strike}"), date)
        assert "Murzuq" in popup.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / screenshot))


def test_offline_map_renders_with_the_network_blocked(page, tmp_path):
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0

    requested, blocked = [], []

    def only_files(route):
        url = route.request.url
        requested.append(url)
        if url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", only_files)
    page.goto(out.as_uri())
    page.wait_for_selector(".folium-map")
    wait_until_drawn(page)

    # the southwest strike alone; each pair of strikes that share a point is one bubble
    assert page.evaluate(_REACHABLE) == {"clustered": 4, "single": 1, "bases": 6}
    assert page.locator(".strikemap-base").count() == 6
    assert page.locator("path.strikemap-uncertainty").count() == 4
    assert page.locator(".strikemap-distance-label").count() == 3
    assert page.locator(".leaflet-control-layers").count() == 1
    assert (
        "geodesic distance to nearest launch site" in page.locator(".strikemap-legend").inner_text()
    )
    # The basemap is the shipped country outlines: one path for each of the 241 countries
    # (its parts together), drawn without hit-testing (a zoom redraws them faster, and a
    # click on land reaches the map)
    assert page.locator("path.strikemap-outline").count() == 241
    assert page.locator("path.strikemap-outline.leaflet-interactive").count() == 0

    popup = click_until_popup(page, page.locator("path.strikemap-incident-ly-2019-09-26-southwest"))
    text = popup.inner_text()
    assert "southwest Libya, LY (region; ±350 km)" in text
    assert "The third strike, flown by an MQ-9 Reaper based in Niger, killed 17" in text
    assert "Gulf News (wire report)" in text and "Sources (2)" in text
    assert "Nearest launch site\tDirkou airfield, 674 km (419 mi)" in text
    # built in the browser from the row: distances to every launch site, with the spread
    # the 350 km uncertainty radius gives
    assert (
        "Dirkou airfield: 674 km (419 mi) (324\u20131024 km)"
        in popup.locator(".strikemap-range", has_text="Dirkou").text_content()
    )

    click_until_popup(page, page.locator(".strikemap-site-drone_base").first, "Air Base 101")

    assert page.errors.messages == []
    assert blocked == []
    assert requested == [out.as_uri()]


def test_strikes_at_one_point_fan_out_and_each_opens_its_own_popup(page, tmp_path):
    """19 and 24 September share Murzuq's point: a click fans them out, not another strike."""
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    page.goto(out.as_uri())
    wait_until_drawn(page)
    # click the bubble holding the 19 September strike until it is drawn itself: a bubble of
    # strikes at several points zooms in, one of strikes at one point fans them out
    for _ in range(6):
        if page.locator("path.strikemap-incident-ly-2019-09-19-murzuq").count():
            break
        box = page.evaluate(
            f"(() => {{ const layer = {STRIKE_LAYER}; const bubble = layer.getVisibleParent("
            "layer.strikemapMarkers['ly-2019-09-19-murzuq']); "
            "return bubble._icon.getBoundingClientRect().toJSON(); })()"
        )
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        wait_until_still(page)
    assert page.evaluate(f"Object.keys({STRIKE_LAYER}._spiderfied ? {{a: 1}} : {{}}).length") == 1
    wait_until_still(page)
    # fanned out: both drawn apart, each with its own popup
    assert page.locator("path.strikemap-incident-ly-2019-09-24-murzuq-area").count() == 1
    open_both_murzuq_strikes(page, "offline-map-fanned-out.png")
    assert page.errors.messages == []


# --- large datasets: clustered strikes must all be drawn -------------------------------


def _many_strikes(raw, n):
    """The default dataset with ``n`` strikes spread over southern Libya (seeded)."""
    import random

    rng = random.Random(n)
    template = next(i for i in raw["incidents"] if i["id"] == "ly-2019-09-19-murzuq")
    raw["incidents"] = [
        {
            **template,
            "id": f"strike-{k}",
            "lat": round(rng.uniform(22.0, 30.0), 4),
            "lon": round(rng.uniform(10.0, 20.0), 4),
        }
        for k in range(n)
    ]
    raw["aggregates"] = []
    return raw


# Markers a user can reach: the count on each cluster bubble plus the strikes drawn alone.
_REACHABLE = """() => {
  let clustered = 0;
  for (const bubble of document.querySelectorAll('.marker-cluster')) {
    clustered += parseInt(bubble.innerText, 10);
  }
  return {
    clustered,
    single: document.querySelectorAll('path.strikemap-strike').length,
    bases: document.querySelectorAll('.strikemap-base').length,
  };
}"""


@pytest.mark.parametrize("n", [60, 5000])
def test_every_strike_of_a_large_offline_map_is_drawn(
    page, tmp_path, raw_dataset, write_dataset, n
):
    """With more than 50 strikes the map clusters them; before, it drew none ("no maxZoom")."""
    dataset = write_dataset(_many_strikes(raw_dataset, n))
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline", "--dataset", str(dataset)]) == 0
    page.goto(out.as_uri())
    page.wait_for_selector(".folium-map")
    wait_until_drawn(page)
    counts = page.evaluate(_REACHABLE)
    assert counts["clustered"] + counts["single"] == n, counts
    assert counts["clustered"] > 0  # clustered indeed
    assert counts["bases"] == 6
    assert page.errors.messages == []


# --- hostile text: shown verbatim, never run ----------------------------------------------

# Free-text fields of a dataset file and the records that have them.
_TEXT_FIELDS = {
    "sources": ("outlet",),
    "sites": ("name", "role", "coord_source"),
    "incidents": ("place_name", "actor", "target", "platform", "notes", "coord_source"),
}

# Opens every popup and tooltip through Leaflet's API (a strike's through the layer's own
# strikemapOpen, which fans its cluster out first); returns what each one shows and how many
# elements a payload could have injected into it.
_OPEN_ALL = """async () => {
  const map = window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))];
  const strikes = window[Object.keys(window).find((k) => /^strike_layer_[0-9a-f]+$/.test(k))];
  const shown = {popups: [], tooltips: [], injected: 0};
  const tags = 'img, svg, script, iframe, object, embed, [onerror], [onload]';
  const read = (content) => {
    shown.injected += content.querySelectorAll(tags).length;
    return content.innerText;
  };
  const layers = [];
  map.eachLayer((layer) => layers.push(layer));
  for (const layer of layers) {
    if (layer.strikemapRow !== undefined) continue;  // strikes: below
    if (layer.getPopup && layer.getPopup()) {
      layer.openPopup();
      shown.popups.push(read(layer.getPopup().getElement().querySelector('.leaflet-popup-content')));
      layer.closePopup();
    }
    if (layer.getTooltip && layer.getTooltip()) {
      layer.openTooltip();
      shown.tooltips.push(read(layer.getTooltip().getElement()));
      layer.closeTooltip();
    }
  }
  for (const [id, marker] of Object.entries(strikes.strikemapMarkers)) {
    await new Promise((done) => strikes.strikemapOpen(id, done));
    shown.popups.push(read(marker.getPopup().getElement().querySelector('.leaflet-popup-content')));
    marker.closePopup();
    marker.fire('mouseover');
    strikes.fire('mouseover', {layer: marker});
    shown.tooltips.push(read(marker.getTooltip().getElement()));
    marker.closeTooltip();
  }
  shown.labels = [...document.querySelectorAll('.strikemap-distance-label')].map((e) => e.innerText);
  shown.siteLabels = [...document.querySelectorAll('.strikemap-label-site')].map((e) => e.innerText);
  shown.injected += document.querySelectorAll('img[onerror], svg[onload], [onerror], [onload]').length;
  return shown;
}"""


def test_hostile_text_shows_verbatim_and_fires_no_dialog(
    page, tmp_path, raw_dataset, write_dataset
):
    from tests.payloads import CORPUS

    expected = []
    for kind, fields in _TEXT_FIELDS.items():
        for record in raw_dataset[kind]:
            for field in fields:
                value = f"{field}#{len(expected)}: {CORPUS[len(expected) % len(CORPUS)]}"
                record[field] = value
                expected.append(value)
            for claim in record.get("claims", []):
                claim["statement"] = (
                    f"statement#{len(expected)}: {CORPUS[len(expected) % len(CORPUS)]}"
                )
                expected.append(claim["statement"])
    assert len(expected) > 3 * len(CORPUS)  # every payload in several kinds of field
    out = tmp_path / "map.html"
    assert (
        main(["map", "-o", str(out), "--offline", "--dataset", str(write_dataset(raw_dataset))])
        == 0
    )

    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(out.as_uri())
    page.wait_for_selector(".folium-map")
    wait_until_drawn(page)
    shown = page.evaluate(_OPEN_ALL)
    page.wait_for_timeout(500)  # an injected image's onerror would fire by now

    assert dialogs == []
    assert shown["injected"] == 0
    assert len(shown["popups"]) == 5 + 6
    text = "\n".join(shown["popups"])
    assert [value for value in expected if value not in text] == []
    tooltips = "\n".join(shown["tooltips"])
    names = [r["place_name"] for r in raw_dataset["incidents"]]
    names += [s["name"] for s in raw_dataset["sites"]]
    assert [name for name in names if name not in tooltips] == []
    assert "ZQ{{7*7}}QZ" in text  # a template expression stays literal
    assert len(shown["labels"]) == 3
    # the sites' name labels, built in the browser with textContent
    assert sorted(shown["siteLabels"]) == sorted(s["name"] for s in raw_dataset["sites"])
    dirkou = next(s["name"] for s in raw_dataset["sites"] if s["id"] == "site-dirkou-airfield")
    assert all(label.endswith(f" to {dirkou}") for label in shown["labels"])
    assert page.errors.messages == []


# --- range rings and the measuring tool --------------------------------------------------

_LAYER_POINTS = """(name) => {
  const map = window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))];
  const found = [];
  map.eachLayer((layer) => {
    if (layer.options && layer.options.className === name && layer.getLatLngs) {
      const points = layer.getLatLngs();
      found.push((Array.isArray(points[0]) ? points[0] : points).map((p) => [p.lat, p.lng]));
    }
  });
  return found;
}"""


def test_range_rings_and_the_measuring_tool(page, tmp_path):
    from gazetteer.geodesy import geodesic_distance

    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    page.goto(out.as_uri())
    wait_until_drawn(page)

    # rings at the radii typed, around each of the five launch sites (not headquarters)
    page.locator(".strikemap-ring-radii").fill("300, 750")
    page.locator(".strikemap-ring-button").click()
    page.wait_for_function("document.querySelectorAll('path.strikemap-range-ring').length === 10")
    rings = page.evaluate(_LAYER_POINTS, "strikemap-range-ring")
    dirkou = (18.9687, 12.8687)
    radii = sorted(
        round(geodesic_distance(dirkou, ring[0]).km, 3)
        for ring in rings
        if geodesic_distance(dirkou, ring[0]).km < 800
        and abs(geodesic_distance(dirkou, ring[0]).km - geodesic_distance(dirkou, ring[9]).km)
        < 0.01
    )
    assert radii[:2] == [pytest.approx(300, abs=0.01), pytest.approx(750, abs=0.01)]
    assert len(rings[0]) == 72  # a vertex every 5 degrees of bearing

    # two clicks, Tripoli then Murzuq: the geodesic distance in km, mi and nmi
    page.evaluate(
        "() => { const map = window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))];"
        " map.fitBounds([[25.9, 13.2], [32.9, 13.9]], {animate: false}); }"
    )
    wait_until_still(page)
    page.locator(".strikemap-measure-button").click()
    for lat, lon in ((32.88743, 13.18733), (25.91552, 13.91839)):
        point = page.evaluate(
            "([lat, lon]) => { const map = window[Object.keys(window).find("
            "(k) => /^map_[0-9a-f]+$/.test(k))]; const p = map.latLngToContainerPoint([lat, lon]);"
            " const box = map.getContainer().getBoundingClientRect();"
            " return [p.x + box.left, p.y + box.top]; }",
            [lat, lon],
        )
        page.mouse.click(*point)
    result = page.locator(".strikemap-measure-result").inner_text()
    ((start, end),) = page.evaluate(_LAYER_POINTS, "strikemap-measure-line")
    measured = geodesic_distance(start, end)
    assert result == (
        f"{measured.km:,.0f} km · {measured.miles:,.0f} mi · {measured.nautical_miles:,.0f} nmi"
    )
    assert measured.km == pytest.approx(776, abs=6)  # where the clicks landed, to a pixel
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-map-rings-and-measure.png"))
    assert page.errors.messages == []
