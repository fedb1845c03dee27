import base64
import datetime as dt
import re
from dataclasses import replace

import pytest

from geo import AssetsMissingError, SourceClaim, StrikemapError
from geo.maps.assets import LEAFLET, MARKERCLUSTER, asset_links
from geo.maps.render import (
    OFFLINE_VIOLATION,
    build_incident_map,
    find_remote_references,
    nearest_launch_site,
    render_map_html,
    strike_radius_px,
)


def _html(dataset, offline=True, **kwargs):
    return render_map_html(build_incident_map(dataset, offline=offline, **kwargs), offline=offline)


def test_offline_map_references_nothing_remote(dataset):
    page = _html(dataset)
    assert find_remote_references(page) == []
    assert "cdn.jsdelivr.net" not in page and "tile.openstreetmap" not in page
    assert page.count('"className": "strikemap-strike strikemap-incident-') == 5
    assert '"className": "strikemap-strike strikemap-incident-ly-2019-09-26-southwest"' in page
    assert page.count("strikemap-site-") == 6
    assert page.count('"className": "strikemap-uncertainty"') == 4  # all but the town-level strike
    assert "Country outlines (offline)" in page


def test_online_map_uses_cdn_and_tiles(dataset):
    page = _html(dataset, offline=False)
    remote = find_remote_references(page)
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js" in remote
    assert "OpenStreetMap tiles (online)" in page


def test_distance_lines_go_to_the_nearest_launch_site(dataset):
    launch = [s for s in dataset.sites if s.kind.launches_aircraft]
    murzuq = dataset.incident("ly-2019-09-19-murzuq")
    site, distance = nearest_launch_site(murzuq, launch)
    assert site.id == "site-dirkou-airfield"
    assert distance.km == pytest.approx(777, abs=2)
    page = _html(dataset)
    # three distinct strike points, each joined once to Dirkou
    labels = re.findall(r'strikemap-distance-label\\"\\u003e([^\\]+)\\u003c', page)
    assert sorted(labels) == [
        "674 km (419 mi) to Dirkou airfield",
        "743 km (461 mi) to Dirkou airfield",
        "777 km (483 mi) to Dirkou airfield",
    ]


def test_headquarters_are_never_the_nearest_launch_site(dataset):
    stuttgart = next(s for s in dataset.sites if s.id == "site-stuttgart-africom")
    near_hq = replace(
        dataset.incident("ly-2019-09-19-murzuq"), lat=stuttgart.lat + 0.01, lon=stuttgart.lon
    )
    site, _ = nearest_launch_site(near_hq, [s for s in dataset.sites if s.kind.launches_aircraft])
    assert site.id == "site-ramstein-ab"


def test_popups_cite_sources(dataset):
    page = _html(dataset)
    assert "The third strike, flown by an MQ-9 Reaper based in Niger, killed 17" in page
    assert page.count("strikemap-claim") == 8 + 6  # incident claims + site claims


def test_untrusted_text_is_escaped(dataset):
    evil = "<img src=x onerror=alert(1)>`${alert(2)}`<script>alert(3)</script>"
    incident = dataset.incident("ly-2019-09-19-murzuq")
    bad = replace(
        incident,
        place_name=evil,
        notes=evil,
        claims=(SourceClaim(source_id="nyt-2019-11", statement=evil),),
    )
    sources = dict(dataset.sources)
    sources["nyt-2019-11"] = replace(sources["nyt-2019-11"], outlet=evil)
    page = _html(replace(dataset, incidents=(bad,), sources=sources))
    assert "<img src=x" not in page and "<script>alert(3)" not in page
    assert "${alert(2)}" not in page and "`${" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&#96;&#36;&#123;alert(2)&#125;&#96;" in page


def test_popups_of_linked_incidents_show_status_and_disagreements(dataset):
    from geo.maps.render import incident_popup_html
    from geo.model.records import IncidentStatus

    curated = dataset.incident("ly-2019-09-19-murzuq")
    assert "<th>Status</th>" not in incident_popup_html(curated, dataset)  # nobody linked it
    contested = replace(
        curated, status=IncidentStatus.CONTESTED, conflicts=("fatality figures disagree",)
    )
    html = incident_popup_html(contested, dataset)
    assert "<tr><th>Killed</th><td>8</td></tr><tr><th>Status</th><td>contested</td></tr>" in html
    assert "<tr><th>Sources disagree</th><td>fatality figures disagree</td></tr>" in html


def test_popups_say_when_a_sources_date_is_not_recorded(dataset):
    from geo.maps.render import site_popup_html
    from geo.model.records import Source

    sources = dict(dataset.sources)
    sources["nyt-2019-11"] = Source("nyt-2019-11", "nyt-2019-11", None, None)
    niamey = dataset.sites[0]
    html = site_popup_html(niamey, replace(dataset, sources=sources))
    assert '<li class="strikemap-claim"><b>nyt-2019-11</b> (date not recorded): ' in html
    html = site_popup_html(niamey, dataset)
    assert '<li class="strikemap-claim"><b>The New York Times</b> (2019-11-01, ±month): ' in html


def test_strike_size_grows_with_toll():
    assert strike_radius_px(17) > strike_radius_px(8) > strike_radius_px(None) == 6.0


def test_large_sets_are_clustered_offline(dataset):
    base = dataset.incident("ly-2019-09-19-murzuq")
    many = tuple(
        replace(
            base,
            id=f"s{k}",
            lat=20 + k * 0.1,
            lon=12 + (k % 7) * 0.3,
            date_start=dt.date(2019, 1, 1),
            date_end=dt.date(2019, 1, 1),
        )
        for k in range(60)
    )
    page = _html(replace(dataset, incidents=many), cluster_threshold=50)
    assert "L.markerClusterGroup" in page
    # the plugin draws nothing on a map without a zoom range ("Map has no maxZoom specified")
    assert '"minZoom": 1,\n  "maxZoom": 18,' in page
    assert find_remote_references(page) == []
    small = _html(dataset, cluster_threshold=50)
    assert "L.markerClusterGroup" not in small


def test_assets_are_inlined_with_their_images():
    js, css = asset_links(LEAFLET + MARKERCLUSTER, offline=True)
    assert [k for k, _ in js] == ["leaflet", "jquery", "markercluster"]
    leaflet_css = base64.b64decode(dict(css)["leaflet_css"].split("base64,", 1)[1]).decode()
    assert "url(images/" not in leaflet_css
    assert leaflet_css.count("data:image/png;base64,") >= 3
    assert base64.b64decode(dict(js)["leaflet"].split("base64,", 1)[1]).startswith(b"/* @preserve")


def test_missing_assets_give_a_clear_error(dataset, no_assets):
    with pytest.raises(AssetsMissingError) as info:
        build_incident_map(dataset, offline=True)
    assert str(info.value) == (
        f"offline map assets (Leaflet) not found in {no_assets}; run `make assets` in a "
        "strikemap checkout (it needs npm and the npm registry), or install a strikemap wheel "
        "built after it"
    )
    assert isinstance(info.value, FileNotFoundError)
    # online maps do not need the local files
    build_incident_map(dataset, offline=False)


def test_wrong_asset_version_is_refused(dataset, copied_assets):
    package = copied_assets / "leaflet" / "package.json"
    package.write_text(package.read_text().replace('"version": "1.9.4"', '"version": "1.7.1"'))
    with pytest.raises(
        AssetsMissingError,
        match=r"^offline map assets: leaflet 1\.9\.4 is needed, found '1\.7\.1' in ",
    ):
        build_incident_map(dataset, offline=True)


def test_offline_render_refuses_remote_references(dataset):
    fmap = build_incident_map(dataset, offline=True)
    fmap.default_js = [*fmap.default_js, ("evil", "https://example.org/x.js")]
    with pytest.raises(
        StrikemapError, match=rf"^{OFFLINE_VIOLATION}: \['https://example.org/x.js'\]$"
    ):
        render_map_html(fmap, offline=True)


def test_find_remote_references():
    page = (
        '<script src="https://a/x.js"></script><link rel="stylesheet" href="//b/y.css">'
        '<div style="background:url(http://c/z.png)"></div><a href="https://d/">link</a>'
        '<script src="data:text/javascript;base64,AA=="></script>'
    )
    assert find_remote_references(page) == ["https://a/x.js", "//b/y.css", "http://c/z.png"]


def test_toponym_map_is_offline_and_escaped(gaz):
    from gazetteer.geoparse.toponyms import find_toponyms
    from geo.maps.render import build_toponym_map

    matches = find_toponyms("Strikes hit Murzuq and Sabha; Murzuq was hit again.", gazetteer=gaz)
    page = render_map_html(build_toponym_map(matches), offline=True)
    assert find_remote_references(page) == []
    assert page.count('"className": "strikemap-toponym"') == 2
    assert "Named in the text as: Murzuq" in page
