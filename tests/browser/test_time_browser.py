"""Brushing the time histogram above the map sets the shared filter's dates and the URL."""

import datetime as dt
import re

from geo import load_default_dataset
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_app_browser import _map_frame, _wait_reachable

CHART = "[data-testid='stVegaLiteChart']"


def _drag(page, box, x0, x1):
    """Drag across the chart from ``x0`` to ``x1`` (fractions of its width), mid-height."""
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * x0, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + box["width"] * (x0 + (x1 - x0) * step / 10), y)
    page.mouse.up()


def _widget_date(page, label):
    """The date a sidebar date input shows (its year, month and day spin buttons)."""
    parts = [
        int(page.get_by_role("spinbutton", name=f"{part}, {label}").get_attribute("aria-valuenow"))
        for part in ("year", "month", "day")
    ]
    return dt.date(*parts)


def _url_dates(page):
    since = re.search(r"since=(\d{4}-\d\d-\d\d)", page.url)
    until = re.search(r"until=(\d{4}-\d\d-\d\d)", page.url)
    assert since and until, page.url
    return dt.date.fromisoformat(since[1]), dt.date.fromisoformat(until[1])


def test_brushing_the_histogram_sets_the_date_range(page, app_url):
    page.goto(app_url)
    frame = _map_frame(page)
    page.get_by_role("heading", name="Incidents (5)").wait_for(timeout=30_000)
    chart = page.locator(CHART).first
    chart.wait_for()
    page.wait_for_timeout(800)  # Vega's first render
    box = chart.bounding_box()
    # the five strikes span March 2018 to September 2019, by month: brush the right part
    _drag(page, box, 0.55, 0.99)
    page.wait_for_function("location.search.includes('since=')", timeout=30_000)
    since, until = _url_dates(page)
    assert since.day == 1 and (until + dt.timedelta(days=1)).day == 1  # whole months
    expected = [i.id for i in load_default_dataset().incidents if since <= i.date_start <= until]
    assert 0 < len(expected) < 5
    page.get_by_role("heading", name=f"Incidents ({len(expected)})").wait_for(timeout=30_000)
    _wait_reachable(_map_frame(page), len(expected))  # the map follows
    assert _widget_date(page, "From") == since and _widget_date(page, "To") == until
    page.screenshot(path=str(ARTIFACTS / "app-strike-map-brushed.png"), full_page=True)

    page.reload()  # the brushed range is in the URL: the same view again
    _map_frame(page)
    page.get_by_role("heading", name=f"Incidents ({len(expected)})").wait_for(timeout=30_000)
    assert _url_dates(page) == (since, until)
    del frame
    assert page.errors.messages == []


def test_the_time_slider_works_inside_the_app(page, app_url):
    """The map's time slider filters the app's map in the browser: no rerun, no network."""
    page.goto(app_url)
    frame = _map_frame(page)
    page.get_by_role("heading", name="Incidents (5)").wait_for(timeout=30_000)
    _wait_reachable(frame, 5)
    assert frame.locator(".strikemap-time-count").inner_text() == "5 of 5 strikes"
    day = dt.date(2019, 9, 25)
    frame.locator(".strikemap-time-slider").fill(str((day - dt.date(1970, 1, 1)).days))
    expected = [i for i in load_default_dataset().incidents if i.date_start <= day]
    assert len(expected) == 3
    _wait_reachable(frame, 3)
    assert frame.locator(".strikemap-time-count").inner_text() == "3 of 5 strikes"
    assert frame.locator(".strikemap-time-date").inner_text() == "to 2019-09-25"
    # the page did not run again: the table still lists every incident
    assert page.get_by_role("heading", name="Incidents (5)").is_visible()
    page.screenshot(path=str(ARTIFACTS / "app-strike-map-time-slider.png"), full_page=True)
    assert page.errors.messages == []
