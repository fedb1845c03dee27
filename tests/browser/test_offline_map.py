"""The `--offline` HTML in a real browser with every non-file: request blocked."""

from geo.cli import main


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

    popup = click_until_popup(page, page.locator("path.strikemap-incident-ly-2019-09-26-southwest"))
    text = popup.inner_text()
    assert "southwest Libya, LY (region; ±350 km)" in text
    assert "The third strike, flown by an MQ-9 Reaper based in Niger, killed 17" in text
    assert "Gulf News (wire report)" in text and "Sources (2)" in text
    assert "Nearest launch site\tDirkou airfield, 674 km (419 mi)" in text

    click_until_popup(page, page.locator(".strikemap-site-drone_base").first, "Air Base 101")

    assert page.errors.messages == []
    assert blocked == []
    assert requested == [out.as_uri()]
