"""The running Streamlit app in a real browser: map iframe, markers, click to see sources.

The app runs from the ``app_url`` fixture (tests/browser/conftest.py).
"""


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
