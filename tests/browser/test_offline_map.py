"""The `--offline` HTML in a real browser with every non-file: request blocked."""

from geo.cli import main


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
    page.wait_for_function("document.querySelectorAll('path.strikemap-strike').length === 5")

    assert page.locator("path.strikemap-strike").count() == 5
    assert page.locator(".strikemap-base").count() == 6
    assert page.locator("path.strikemap-uncertainty").count() == 4
    assert page.locator(".strikemap-distance-label").count() == 3
    assert page.locator(".leaflet-control-layers").count() == 1
    assert (
        "geodesic distance to nearest launch site" in page.locator(".strikemap-legend").inner_text()
    )
    # The basemap is the shipped country outlines: 241 countries, many with several parts.
    assert page.locator("path.leaflet-interactive").count() > 241

    page.locator("path.strikemap-incident-ly-2019-09-26-southwest").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "southwest Libya, LY (region; ±350 km)" in text
    assert "The third strike, flown by an MQ-9 Reaper based in Niger, killed 17" in text
    assert "Gulf News (wire report)" in text and "Sources (2)" in text
    assert "Nearest launch site\tDirkou airfield, 674 km (419 mi)" in text

    page.locator(".strikemap-site-drone_base").first.click()
    page.wait_for_function(
        "document.querySelector('.leaflet-popup-content').innerText.includes('Air Base 101')"
    )

    assert page.errors.messages == []
    assert blocked == []
    assert requested == [out.as_uri()]
