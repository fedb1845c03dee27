"""The map's time slider, labels and popups in a real browser, on the `--offline` page."""

import datetime as dt

import pytest

from geo import load_default_dataset
from geo.cli import main
from geo.maps.strikes import AREA_PRECISIONS
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_app_browser import REACHABLE
from tests.browser.test_offline_map import STRIKE_LAYER, wait_until_drawn

EPOCH = dt.date(1970, 1, 1)


@pytest.fixture
def offline_map(tmp_path):
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    return out


def _expected(day, mode="cumulative", step="month"):
    """The founding case's strikes the slider shows on ``day`` (computed here, not read)."""
    if step == "week":
        opens = day - dt.timedelta(days=7)
    else:  # the same day a month before
        month = day.month - 1 or 12
        year = day.year - (day.month == 1)
        opens = day.replace(year=year, month=month)
    return [
        i
        for i in load_default_dataset().incidents
        if i.date_start <= day and (mode == "cumulative" or i.date_end > opens)
    ]


def _counts(page):
    """Strikes in the cluster layer, strikes a user can reach on screen, areas drawn.

    (The grid clusters' layer holds two groups, not the strikes: there the first count is
    the strikes reachable too.)
    """
    page.wait_for_function(f"{STRIKE_LAYER}.strikemapReady === true")
    page.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")
    page.wait_for_timeout(300)
    return (
        page.evaluate(
            f"{STRIKE_LAYER}.strikemapMarkers ? {STRIKE_LAYER}.getLayers().length : ({REACHABLE})()"
        ),
        page.evaluate(f"({REACHABLE})()"),
        page.locator("path.strikemap-uncertainty").count(),
    )


def _areas(incidents):
    return sum(1 for i in incidents if i.location_precision in AREA_PRECISIONS)


def _links_shown(page):
    """Distance lines and their labels shown (the time slider hides those of hidden points)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('path.strikemap-distance')]
          .filter((e) => e.style.display !== 'none').length"""
    ), sum(e.is_visible() for e in page.locator(".strikemap-distance-label").all())


def _points(incidents):
    """The distinct strike points: one distance line each in the founding case."""
    return len({(round(i.lat, 5), round(i.lon, 5)) for i in incidents})


@pytest.fixture(params=["markercluster", "grid"])
def either_map(request, tmp_path, monkeypatch):
    """The founding case's offline map, clustered by markercluster or (FAST_ABOVE = 0) by the
    page's own grid clusters."""
    from geo.maps import strikes

    if request.param == "grid":
        monkeypatch.setattr(strikes, "FAST_ABOVE", 0)
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    return out, request.param == "grid"


def _on_the_right_path(page, grid):
    assert page.evaluate(f"{STRIKE_LAYER}.strikemapMarkers === undefined") is grid


def test_the_time_slider_filters_the_strikes_by_date(page, either_map):
    offline_map, grid = either_map
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(offline_map.as_uri())
    wait_until_drawn(page)
    _on_the_right_path(page, grid)
    everything = load_default_dataset().incidents
    # it starts at the last strike's day, every strike shown
    assert page.locator(".strikemap-time-date").inner_text() == "to 2019-09-29"
    assert page.locator(".strikemap-time-count").inner_text() == "5 of 5 strikes"
    assert _counts(page) == (5, 5, _areas(everything))
    assert _links_shown(page) == (3, 3) == (_points(everything),) * 2

    slider = page.locator(".strikemap-time-slider")
    # from the first day of the March 2018 strike (known to the month) to 29 September 2019
    assert int(slider.get_attribute("min")) == (dt.date(2018, 3, 1) - EPOCH).days
    assert int(slider.get_attribute("max")) == (dt.date(2019, 9, 29) - EPOCH).days
    day = dt.date(2019, 9, 25)
    slider.fill(str((day - EPOCH).days))
    shown = _expected(day)
    assert sorted(i.id for i in shown) == [
        "ly-2018-03-south-aqim",
        "ly-2019-09-19-murzuq",
        "ly-2019-09-24-murzuq-area",
    ]
    assert _counts(page) == (3, 3, _areas(shown))
    # the lines to the points of the 26th and 29th go too; the 2018 strike shares the 29th's
    assert _links_shown(page) == (2, 2) == (_points(shown),) * 2
    assert page.locator(".strikemap-time-date").inner_text() == "to 2019-09-25"
    assert page.locator(".strikemap-time-count").inner_text() == "3 of 5 strikes"

    # the week ending on the 25th: the 19th and the 24th
    page.locator(".strikemap-time-step").select_option("week")
    page.locator(".strikemap-time-mode").select_option("window")
    shown = _expected(day, "window", "week")
    assert sorted(i.date_start.day for i in shown) == [19, 24]
    assert _counts(page) == (2, 2, _areas(shown))
    assert _links_shown(page) == (1, 1)  # the 19th and the 24th share Murzuq's point
    assert page.locator(".strikemap-time-date").inner_text() == "2019-09-19 \u2013 2019-09-25"

    # before the first strike of 2019, in that window: nothing
    slider.fill(str((dt.date(2019, 6, 1) - EPOCH).days))
    assert _counts(page) == (0, 0, 0)
    assert _links_shown(page) == (0, 0)
    assert page.locator(".strikemap-time-count").inner_text() == "0 of 5 strikes"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-map-time-slider.png"))
    assert page.errors.messages == []


def test_playback_steps_week_by_week_to_the_end(page, either_map):
    offline_map, grid = either_map
    page.goto(offline_map.as_uri())
    wait_until_drawn(page)
    _on_the_right_path(page, grid)
    page.locator(".strikemap-time-step").select_option("week")
    page.locator(".strikemap-time-mode").select_option("window")
    start = dt.date(2019, 8, 25)
    page.locator(".strikemap-time-slider").fill(str((start - EPOCH).days))
    assert _counts(page)[0] == 0
    play = page.locator(".strikemap-time-play")
    play.click()
    assert play.get_attribute("aria-label") == "Pause"
    # playback stops by itself on the last strike's day
    page.wait_for_function(
        "document.querySelector('.strikemap-time-play').getAttribute('aria-label') === 'Play'",
        timeout=30_000,
    )
    history = page.evaluate(f"{STRIKE_LAYER}.strikemapTime.state.history")
    # (the first entries are the selections' and the slider's, on the 29th and the 25th)
    begun = max(k for k, entry in enumerate(history) if entry[0] == start.isoformat())
    played = history[begun + 1 :]
    days = [dt.date.fromisoformat(entry[0]) for entry in played]
    assert days == [dt.date(2019, 9, d) for d in (1, 8, 15, 22, 29)]
    # each step showed exactly the strikes of its week
    assert [entry[3] for entry in played] == [len(_expected(d, "window", "week")) for d in days]
    assert [entry[3] for entry in played] == [0, 0, 0, 1, 3]
    last = _expected(dt.date(2019, 9, 29), "window", "week")
    assert _counts(page) == (3, 3, _areas(last))
    assert page.locator(".strikemap-time-date").inner_text() == "2019-09-23 \u2013 2019-09-29"

    # pressed again at the end, it starts over from the first strike's day (cumulative, by
    # month), and pausing stops it there
    page.locator(".strikemap-time-mode").select_option("cumulative")
    page.locator(".strikemap-time-step").select_option("month")
    play.click()
    play.click()
    assert play.get_attribute("aria-label") == "Play"
    state = page.evaluate(f"{STRIKE_LAYER}.strikemapTime.state")
    day = EPOCH + dt.timedelta(days=state["day"])
    assert dt.date(2018, 3, 1) <= day < dt.date(2019, 9, 19)
    assert _counts(page)[0] == len(_expected(day)) == 1
    assert page.errors.messages == []


# --- labels ---------------------------------------------------------------------------------

LABELS = "Labels (bases, strikes, distances)"


_LABELS = """() => {
  const text = (selector) => [...document.querySelectorAll(selector)].map((e) => e.innerText)
    .sort();
  const distances = [...document.querySelectorAll('.strikemap-distance-label')];
  return {sites: text('.strikemap-label-site'), strikes: text('.strikemap-label-strike'),
          distances_shown: distances.filter((e) => e.offsetParent !== null).length};
}"""


def _labels(page):
    """The labels on the page once Leaflet's fade-out (200 ms) has removed the ones closed."""
    page.wait_for_timeout(400)
    return page.evaluate(_LABELS)


SITE_NAMES = sorted(s.name for s in load_default_dataset().sites)


def test_labels_are_on_at_desk_width_and_toggle_in_the_layer_control(page, offline_map):
    page.goto(offline_map.as_uri())
    wait_until_drawn(page)
    # the southwest strike is the one drawn alone (the others are in bubbles): it has a label
    assert _labels(page) == {
        "sites": SITE_NAMES,
        "strikes": ["2019-09-26 \u00b7 southwest Libya"],
        "distances_shown": 3,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-map-labels.png"))
    # a strike the time slider takes off the map takes its label with it
    page.locator(".strikemap-time-slider").fill(str((dt.date(2019, 9, 25) - EPOCH).days))
    _counts(page)
    assert _labels(page)["strikes"] == []
    page.locator(".strikemap-time-slider").fill(str((dt.date(2019, 9, 29) - EPOCH).days))
    _counts(page)
    assert _labels(page)["strikes"] == ["2019-09-26 \u00b7 southwest Libya"]

    toggle = page.get_by_role("checkbox", name=LABELS)
    assert toggle.is_checked()
    toggle.uncheck()
    assert _labels(page) == {"sites": [], "strikes": [], "distances_shown": 0}
    toggle.check()
    assert _labels(page)["sites"] == SITE_NAMES
    assert _labels(page)["distances_shown"] == 3
    assert page.errors.messages == []


def test_labels_start_off_on_a_phone_and_one_tap_shows_them(browser, offline_map):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(offline_map.as_uri())
        wait_until_drawn(page)
        assert _labels(page) == {"sites": [], "strikes": [], "distances_shown": 0}
        box = page.locator(".leaflet-control-layers-toggle").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".leaflet-control-layers-expanded")
        page.get_by_role("checkbox", name=LABELS).check()
        shown = _labels(page)
        assert shown["sites"] == SITE_NAMES and shown["distances_shown"] == 3
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-offline-map-labels.png"))
    finally:
        context.close()


# --- popups clear of the layer control ------------------------------------------------------

_PLACE = """([lat, lon, right, top]) => {
  // pan the map so (lat, lon) lies ``right`` px left of the layer control, ``top`` px from the
  // map's top; return where that is on the page
  const map = window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))];
  const frame = map.getContainer().getBoundingClientRect();
  const control = document.querySelector('.leaflet-control-layers').getBoundingClientRect();
  const x = control.left - frame.left - right, y = top;
  const p = map.latLngToContainerPoint([lat, lon]);
  map.panBy([p.x - x, p.y - y], {animate: false});
  return [frame.left + x, frame.top + y];
}"""

_CLEARANCE = """() => {
  const close = document.querySelector('.leaflet-popup-close-button').getBoundingClientRect();
  const control = document.querySelector('.leaflet-control-layers').getBoundingClientRect();
  const overlap = close.left < control.right && control.left < close.right
    && close.top < control.bottom && control.top < close.bottom;
  const hit = document.elementFromPoint((close.left + close.right) / 2,
                                        (close.top + close.bottom) / 2);
  return {overlap, clickable: !!hit && !!hit.closest('.leaflet-popup-close-button'),
          close: [close.left, close.top, close.right, close.bottom],
          control: [control.left, control.top, control.right, control.bottom]};
}"""

SOUTHWEST = next(i for i in load_default_dataset().incidents if i.id.endswith("southwest"))
DIRKOU = next(s for s in load_default_dataset().sites if "Dirkou" in s.name)


def _open_beside_the_control(page, lat, lon, expected):
    """Put a marker just left of the layer control, click it; the popup's close button."""
    for _ in range(4):  # a busy machine can drop a click
        page.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")
        x, y = page.evaluate(_PLACE, [lat, lon, 30, 40])
        page.wait_for_timeout(200)
        page.mouse.click(x, y)
        try:
            page.wait_for_selector(".leaflet-popup-content", timeout=5_000)
        except Exception:  # noqa: BLE001 - retried; the assertion below reports it
            continue
        if expected in page.locator(".leaflet-popup-content").inner_text():
            break
    assert expected in page.locator(".leaflet-popup-content").inner_text()
    page.wait_for_timeout(600)  # the popup's pan into view (250 ms)
    return page.evaluate(_CLEARANCE)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_a_popup_close_button_is_never_under_the_layer_control(browser, offline_map, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(offline_map.as_uri())
        wait_until_drawn(page)
        # unfolded at 1280 px (about 190 px high), folded to its button at 390 px
        expanded = page.locator(".leaflet-control-layers-expanded").count() == 1
        assert expanded == (width > 600)
        for lat, lon, expected in (
            (SOUTHWEST.lat, SOUTHWEST.lon, "southwest Libya"),
            (DIRKOU.lat, DIRKOU.lon, DIRKOU.name),
        ):
            found = _open_beside_the_control(page, lat, lon, expected)
            assert found["overlap"] is False, found
            assert found["clickable"] is True, found
            if expected == DIRKOU.name:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"offline-map-popup-clear-{width}px.png"))
            page.locator(".leaflet-popup-close-button").click()
            page.wait_for_selector(".leaflet-popup", state="detached")
    finally:
        context.close()


# --- a distance claim on the map ------------------------------------------------------------


def test_a_distance_claim_is_drawn_with_its_label(page, tmp_path):
    from geo.maps.render import build_incident_map, render_map_html
    from tests.geo.maps.test_distance_claims import _check

    out = tmp_path / "claim.html"
    fmap = build_incident_map(load_default_dataset(), offline=True, distance_checks=[_check(965.6)])
    out.write_text(render_map_html(fmap, offline=True), encoding="utf-8")
    page.goto(out.as_uri())
    wait_until_drawn(page)
    assert page.locator("path.strikemap-distance-claim").count() == 1
    label = page.locator(".strikemap-distance-claim-label")
    assert label.inner_text() == (
        "Tripoli \u2192 Murzuq: claimed 966 km (600 mi), measured 776 km (482 mi): "
        "disagrees (24% off)"
    )
    assert label.is_visible()
    assert "Distance claims checked (1)" in page.locator(".leaflet-control-layers").inner_text()
    assert (
        "distance claimed in a report, measured (1;"
        in page.locator(".strikemap-legend").inner_text()
    )
    # the labels' switch hides it with the others
    page.get_by_role("checkbox", name=LABELS).uncheck()
    assert not label.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.get_by_role("checkbox", name=LABELS).check()
    page.screenshot(path=str(ARTIFACTS / "offline-map-distance-claim.png"))
    assert page.errors.messages == []


# --- many strikes -----------------------------------------------------------------------------


def _open_dated_map(page, tmp_path, raw, write_dataset):
    """Date the strikes of ``raw`` one day apart from 2019-01-01 (cycling each year), draw
    them offline and open the page; gives that first day."""
    first = dt.date(2019, 1, 1)
    for k, incident in enumerate(raw["incidents"]):
        day = (first + dt.timedelta(days=k % 365)).isoformat()
        incident["date_start"] = incident["date_end"] = day
    out = tmp_path / "map.html"
    dataset = write_dataset(raw)
    assert main(["map", "-o", str(out), "--offline", "--dataset", str(dataset)]) == 0
    page.goto(out.as_uri())
    wait_until_drawn(page)
    return first


def test_the_slider_on_5000_strikes_moved_twice_in_a_row(
    page, tmp_path, raw_dataset, write_dataset
):
    """Moves that come while the cluster layer is still adding strikes wait for it: the map
    ends showing exactly the last move's strikes (many changes rebuild the clusters)."""
    from tests.browser.test_offline_map import _many_strikes

    raw = _many_strikes(raw_dataset, 5000)
    first = _open_dated_map(page, tmp_path, raw, write_dataset)
    slider = page.locator(".strikemap-time-slider")
    days = [dt.date(2019, 3, 31), dt.date(2019, 12, 1), dt.date(2019, 6, 30)]
    # three moves at once: the first takes most strikes off (a rebuild: a chunked add), the
    # second and third come while it is adding
    page.evaluate(
        """(days) => { const slider = document.querySelector('.strikemap-time-slider');
          for (const day of days) { slider.value = String(day);
            slider.dispatchEvent(new Event('input')); } }""",
        [(d - EPOCH).days for d in days],
    )
    last = days[-1]
    expected = sum(1 for k in range(5000) if first + dt.timedelta(days=k % 365) <= last)
    assert expected == 2534  # 181 days of 14 strikes each
    page.wait_for_function(
        f"{STRIKE_LAYER}.strikemapReady && !{STRIKE_LAYER}.strikemapTime.state.pending"
    )
    layers, reachable, _ = _counts(page)
    assert (layers, reachable) == (expected, expected)
    assert page.locator(".strikemap-time-count").inner_text() == f"{expected:,} of 5,000 strikes"
    del slider
    assert page.errors.messages == []


def test_the_slider_on_6000_strikes_filters_the_grid_clusters(
    page, tmp_path, raw_dataset, write_dataset
):
    """Above FAST_ABOVE strikes (the page's own grid clusters, no markercluster) the slider
    shows exactly the strikes of the day, its bubbles count only those, and the strikes drawn
    singly carry their labels."""
    from geo.maps.strikes import FAST_ABOVE
    from tests.browser.test_large_map import _MAP
    from tests.browser.test_offline_map import _REACHABLE, _many_strikes, wait_until_still

    n = 6000
    assert n > FAST_ABOVE
    raw = _many_strikes(raw_dataset, n)
    first = _open_dated_map(page, tmp_path, raw, write_dataset)
    assert page.evaluate(f"{STRIKE_LAYER}.strikemapMarkers") is None  # the grid path
    assert page.locator(".strikemap-time-count").inner_text() == "6,000 of 6,000 strikes"

    def reachable():
        counts = page.evaluate(_REACHABLE)
        return counts["clustered"] + counts["single"]

    assert reachable() == n
    days = [dt.date(2019, 3, 31), dt.date(2019, 12, 1), dt.date(2019, 6, 30)]
    page.evaluate(
        """(days) => { const slider = document.querySelector('.strikemap-time-slider');
          for (const day of days) { slider.value = String(day);
            slider.dispatchEvent(new Event('input')); } }""",
        [(d - EPOCH).days for d in days],
    )
    # 6,000 strikes over 365 days: days 0-159 hold 17 strikes, the others 16; 181 days to
    # 30 June
    expected = sum(1 for k in range(n) if first + dt.timedelta(days=k % 365) <= days[-1])
    assert expected == 160 * 17 + 21 * 16 == 3056
    page.wait_for_function(
        f"{STRIKE_LAYER}.strikemapReady && !{STRIKE_LAYER}.strikemapTime.state.pending"
    )
    assert reachable() == expected
    assert page.locator(".strikemap-time-count").inner_text() == f"{expected:,} of 6,000 strikes"
    assert page.locator(".strikemap-time-date").inner_text() == "to 2019-06-30"
    assert page.locator(".strikemap-label-strike").count() == 0  # all in bubbles
    # zoomed in, every strike drawn singly has its label (labels are on at desk width)
    page.evaluate(f"{_MAP}.setView([26, 15], 10, {{animate: false}})")
    wait_until_still(page)
    singles = page.evaluate(_REACHABLE)["single"]
    assert singles > 0
    assert page.locator(".strikemap-label-strike").count() == singles
    page.evaluate(f"{_MAP}.setView([26, 15], 5, {{animate: false}})")
    wait_until_still(page)
    assert reachable() == expected
    # the window mode: the month ending on 30 June, 31 May to 30 June (days 150-180 of the
    # year: 10 days of 17 strikes, 21 of 16)
    page.select_option(".strikemap-time-mode", "window")
    page.wait_for_function(f"{STRIKE_LAYER}.strikemapReady")
    in_window = sum(1 for k in range(n) if 150 <= k % 365 <= 180)
    assert in_window == 10 * 17 + 21 * 16 == 506
    assert reachable() == in_window
    assert page.locator(".strikemap-time-count").inner_text() == "506 of 6,000 strikes"
    assert page.locator(".strikemap-time-date").inner_text() == "2019-05-31 \u2013 2019-06-30"
    assert page.errors.messages == []
