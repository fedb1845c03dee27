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
from geo.maps.strikes import PAYLOAD_VERSION, ROW_FIELDS
from tests.payloads import strike_data, strike_rows


def _html(dataset, offline=True, **kwargs):
    return render_map_html(build_incident_map(dataset, offline=offline, **kwargs), offline=offline)


def _rows(page):
    (payload,) = strike_data(page)
    assert payload[0] == PAYLOAD_VERSION and payload[4] == list(ROW_FIELDS)
    return strike_rows(page)


def test_offline_map_references_nothing_remote(dataset):
    page = _html(dataset)
    assert find_remote_references(page) == []
    assert "cdn.jsdelivr.net" not in page and "tile.openstreetmap" not in page
    rows = _rows(page)
    assert sorted(r["id"] for r in rows) == sorted(i.id for i in dataset.incidents)
    assert page.count("strikemap-site-") == 6
    assert sum(r["area"] for r in rows) == 4  # all but the town-level strike
    assert "Location uncertainty (4)" in page
    assert "Country outlines (offline)" in page


def test_strike_rows_carry_what_popups_show(dataset):
    rows = {r["id"]: r for r in _rows(_html(dataset))}
    southwest = rows["ly-2019-09-26-southwest"]
    assert (southwest["lat"], southwest["lon"]) == (25.0, 12.0)
    assert southwest["date"] == "2019-09-26" and southwest["precision"] == "region"
    assert southwest["radius_km"] == 350 and southwest["area"] == 1
    assert (southwest["low"], southwest["best"], southwest["high"]) == (17, 17, 17)
    assert southwest["nearest"] == "Dirkou airfield"
    assert southwest["nearest_km"] == pytest.approx(673.8, abs=0.1)
    assert dt.date(1970, 1, 1) + dt.timedelta(days=southwest["day_start"]) == dt.date(2019, 9, 26)
    assert [c["source"][0] for c in southwest["claims"]] == [
        "Gulf News (wire report)",
        "The New York Times",
    ]
    assert southwest["claims"][1]["source"][1] == "2019-11-01, ±month"
    assert rows["ly-2018-03-south-aqim"]["date"] == "2018-03"
    assert rows["ly-2019-09-19-murzuq"]["area"] == 0


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
    claims = [c["statement"] for r in _rows(page) for c in r["claims"]]
    assert "The third strike, flown by an MQ-9 Reaper based in Niger, killed 17" in " ".join(claims)
    assert len(claims) == 8
    assert page.count('<li class="strikemap-claim">') == 6  # the sites' claims, built in Python


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
    # in the data, every character HTML, JS or a template engine could act on is a \u escape
    assert "\\u003cimg src=x onerror=alert(1)\\u003e\\u0060\\u0024\\u007balert(2)" in page
    # and the browser's JSON.parse gives the text back verbatim
    (row,) = _rows(page)
    assert row["place"] == evil and row["notes"] == evil
    assert row["claims"][0]["statement"] == evil and row["claims"][0]["source"][0] == evil


def test_rows_of_linked_incidents_carry_status_and_disagreements(dataset):
    from geo.model.records import IncidentStatus

    curated = dataset.incident("ly-2019-09-19-murzuq")
    (row,) = _rows(_html(replace(dataset, incidents=(curated,))))
    assert row["status"] == "" and row["conflicts"] == []  # nobody linked it
    contested = replace(
        curated, status=IncidentStatus.CONTESTED, conflicts=("fatality figures disagree",)
    )
    (row,) = _rows(_html(replace(dataset, incidents=(contested,))))
    assert row["status"] == "contested"
    assert row["conflicts"] == ["fatality figures disagree"]


def test_a_claim_citing_an_unknown_source_names_it(dataset):
    curated = dataset.incident("ly-2019-09-19-murzuq")
    orphan = replace(curated, claims=(SourceClaim(source_id="lost-1", statement="x"),))
    (row,) = _rows(_html(replace(dataset, incidents=(orphan,))))
    assert row["claims"][0]["source"] == ["lost-1", "date not recorded", None]


def test_payload_refuses_objects():
    from geo.maps.strikes import json_for_html

    with pytest.raises(
        TypeError, match=r"^a map payload holds arrays, not objects: got \{'a': 1\}$"
    ):
        json_for_html([1, [{"a": 1}]])


def test_nearest_launch_sites_match_one_by_one(dataset):
    from geo.maps.strikes import nearest_launch_sites

    launch = [s for s in dataset.sites if s.kind.launches_aircraft]
    found = nearest_launch_sites(dataset.incidents, launch)
    for incident, (site, distance) in zip(dataset.incidents, found, strict=True):
        one_site, one = nearest_launch_site(incident, launch)
        assert site.id == one_site.id
        assert distance.km == pytest.approx(one.km, abs=1e-6)
        assert distance.bearing_deg == pytest.approx(one.bearing_deg % 360, abs=1e-6)
    assert nearest_launch_sites(dataset.incidents, []) == [None] * len(dataset.incidents)


def test_bulk_nearest_sites_are_the_geodesic_nearest_of_every_pair(dataset):
    """The spherical screening never drops the site that is nearest on the ellipsoid."""
    import numpy as np

    from gazetteer.geodesy import geodesic_distance
    from geo.maps.strikes import nearest_sites_of

    launch = [s for s in dataset.sites if s.kind.launches_aircraft]
    rng = np.random.default_rng(14)
    lats = np.concatenate([rng.uniform(-10, 50, 1500), np.full(3, launch[0].lat)])
    lons = np.concatenate([rng.uniform(-20, 40, 1500), np.full(3, launch[0].lon)])
    # points half-way between two sites: the nearest is decided by the ellipsoid alone
    for a, b in ((launch[0], launch[1]), (launch[1], launch[2])):
        lats = np.append(lats, (a.lat + b.lat) / 2)
        lons = np.append(lons, (a.lon + b.lon) / 2)
    found = nearest_sites_of(lats, lons, launch)
    for k, (lat, lon) in enumerate(zip(lats.tolist(), lons.tolist(), strict=True)):
        every = [geodesic_distance((lat, lon), (s.lat, s.lon)).km for s in launch]
        best = min(range(len(launch)), key=lambda j: (every[j], j))
        assert int(found.index[k]) == best, (lat, lon)
        assert found.km[k] == pytest.approx(every[best], abs=1e-6)
    assert found.km[1500] == 0.0  # a point on a site
    empty = nearest_sites_of(lats[:3], lons[:3], [])
    assert empty.index.tolist() == [-1, -1, -1] and np.isnan(empty.km).all()
    with pytest.raises(ValueError, match=r"lats and lons: one value per point; got \(3,\), \(2,\)"):
        nearest_sites_of(lats[:3], lons[:2], launch)


@pytest.mark.parametrize("limit_km", [200.0, 1000.0, 1500.0, 2200.0])
def test_launch_sites_near_match_the_geodesic_at_any_limit(dataset, limit_km):
    from dataclasses import replace

    from gazetteer.geodesy import geodesic_distance
    from geo.maps.strikes import launch_sites_near

    launch = [s for s in dataset.sites if s.kind.launches_aircraft]
    shown = list(dataset.incidents) + [
        replace(dataset.incidents[0], id=f"x{k}", lat=20.0 + k, lon=5.0 + 2 * k) for k in range(8)
    ]
    want = [
        s
        for s in launch
        if min(geodesic_distance((s.lat, s.lon), (i.lat, i.lon)).km for i in shown) <= limit_km
    ]
    assert launch_sites_near(shown, launch, limit_km=limit_km) == want


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
    assert "L.markerClusterGroup({\n  maxClusterRadius: 60," in page
    # the plugin draws nothing on a map without a zoom range ("Map has no maxZoom specified")
    assert '"minZoom": 1,\n  "maxZoom": 18,' in page
    assert find_remote_references(page) == []
    assert len(_rows(page)) == 60
    # a few strikes are grouped only when their circles would overlap
    small = _html(dataset, cluster_threshold=50)
    assert "L.markerClusterGroup({\n  maxClusterRadius: 30," in small


def test_distance_lines_are_left_out_beyond_the_limit(dataset):
    page = _html(dataset, max_distance_lines=2)
    assert "strikemap-distance-label" not in page.split("<style>")[-1].split("</style>")[-1]
    assert "Distance to nearest launch site (not drawn for 3 strike points: see the popups)" in page


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


def test_distance_lines_counted_in_bulk_are_those_of_distance_links(dataset):
    from dataclasses import replace

    import numpy as np

    from geo.maps.render import MAX_LINE_KM, _links, distance_links, nearest_launch_site
    from geo.maps.strikes import nearest_sites_of

    launch = [s for s in dataset.sites if s.kind.launches_aircraft]
    # co-located strikes share a line; a strike beyond MAX_LINE_KM of every site gets none
    shown = list(dataset.incidents) + [
        replace(dataset.incidents[k % 5], id=f"copy{k}") for k in range(12)
    ]
    shown.append(replace(dataset.incidents[0], id="far", lat=-40.0, lon=-60.0))
    lats = np.array([i.lat for i in shown])
    lons = np.array([i.lon for i in shown])
    found = nearest_sites_of(lats, lons, launch)
    every = {i.id: nearest_launch_site(i, launch) for i in shown}
    assert every["far"][1].km > MAX_LINE_KM
    want = distance_links(shown, every)
    n_links, links = _links(shown, lats, lons, found, launch, max_lines=300)
    assert n_links == sum(len(g) for g in want) == 3  # as the founding case's map draws
    assert [[(i.id, s.id, round(d.km, 6)) for i, s, d in g] for g in links] == [
        [(i.id, s.id, round(d.km, 6)) for i, s, d in g] for g in want
    ]
    assert _links(shown, lats, lons, found, launch, max_lines=2) == (3, None)
