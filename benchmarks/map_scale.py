"""Maps of 10,000 and 100,000 strikes: page size, build time and time to interactive.

Run: .venv/bin/python benchmarks/map_scale.py [--sizes 10000,100000] [--timeout 120]

For each size, three offline pages of the same synthetic strikes (seeded: places, dates,
tolls, precisions, one to three sources each with a sentence), built on the same base map
(Leaflet inlined, the shipped country outlines), are opened in headless Chromium
(Debian's /usr/bin/chromium, driven by Playwright):

* ``strikemap``: :func:`geo.maps.render.build_incident_map` (strikes as one columnar JSON
  payload, clustered in the browser (above 5,000 strikes by the page's own grid clusters),
  popups built on demand with every source);
* ``FastMarkerCluster``: folium's plugin, coordinates only (circles, no popup at all);
* ``GeoJson``: folium's ``GeoJson`` of the points as circle markers with a ``GeoJsonPopup``
  of date, place and toll.

Columns: page size; build (Python: building and rendering the page); interactive (from the
start of navigation until every strike is in the map and the next animation frame runs);
and, for strikemap, zoom and pan (the median of three steps each: in, out, in; 300 px
right, left, right; each until ``zoomend`` or ``moveend`` and the next frame). The
browser opens a 10-strike page first: the first page a browser opens pays for its start
(0.5-1 s here), which would be charged to whichever page came first. One run's figures;
they vary with the machine's load, compare within a run. Never a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import folium
from folium.plugins import FastMarkerCluster

from geo import load_default_dataset
from geo.maps.assets import LEAFLET, MARKERCLUSTER
from geo.maps.render import _base_map, build_incident_map, render_map_html
from geo.model.records import (
    DatePrecision,
    EventType,
    Fatalities,
    Incident,
    LocationPrecision,
    Source,
    SourceClaim,
)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
TARGETS = {10_000: (2.0, 2.0, 2.0), 100_000: (15.0, 10.0, 8.0)}  # MB, build s, interactive s

_PLACES = [f"Town {k}" for k in range(400)]
_OUTLETS = [f"Outlet {k}" for k in range(40)]
_VERBS = ["hit", "struck", "targeted", "bombed"]
_OBJECTS = ["a compound", "a vehicle", "a checkpoint", "a house", "a training camp"]


def synthetic(n: int, seed: int = 7) -> tuple[list[Incident], dict[str, Source]]:
    """``n`` strikes over the Sahel and Libya, with sources and sentences of about 90 chars."""
    rng = random.Random(seed)
    sources = {
        f"src-{k}": Source(
            f"src-{k}",
            _OUTLETS[k % len(_OUTLETS)],
            dt.date(2019, 1, 1) + dt.timedelta(days=k % 700),
            DatePrecision.DAY,
            url=f"https://example.org/{k}",
        )
        for k in range(2_000)
    }
    precisions = [LocationPrecision.TOWN] * 6 + [
        LocationPrecision.NEAR_TOWN,
        LocationPrecision.DISTRICT,
        LocationPrecision.REGION,
    ]
    incidents = []
    for k in range(n):
        day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(1_000))
        place = rng.choice(_PLACES)
        killed = rng.randrange(0, 30)
        precision = rng.choice(precisions)
        claims = tuple(
            SourceClaim(
                f"src-{rng.randrange(2_000)}",
                f"A drone strike {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} near {place} on "
                f"{day:%d %B}, killing {killed} people, officials said.",
                killed,
            )
            for _ in range(rng.choice([1, 1, 2, 3]))
        )
        incidents.append(
            Incident(
                id=f"syn-{k}",
                event_type=EventType("drone strike"),
                date_start=day,
                date_end=day,
                date_precision=DatePrecision.DAY,
                place_name=place,
                country_code="LY",
                lat=round(rng.uniform(12.0, 32.0), 4),
                lon=round(rng.uniform(0.0, 24.0), 4),
                coord_source="synthetic",
                location_precision=precision,
                uncertainty_radius_km=precision.default_radius_km,
                fatalities=Fatalities.exactly(killed),
                actor="Air force",
                target="Group",
                claims=claims,
            )
        )
    return incidents, sources


def strikemap_page(incidents, sources) -> str:
    from dataclasses import replace

    base = load_default_dataset()
    dataset = replace(
        base, incidents=tuple(incidents), aggregates=(), sources={**base.sources, **sources}
    )
    return render_map_html(build_incident_map(dataset, offline=True), offline=True)


def fast_cluster_page(incidents, _sources) -> str:
    fmap = _base_map(LEAFLET + MARKERCLUSTER, offline=True, location=(24.0, 12.0), zoom_start=5)
    layer = FastMarkerCluster(
        [[i.lat, i.lon] for i in incidents],
        # the default callback needs the Font Awesome markers plugin: plain circles here
        callback="(function (row) { return L.circleMarker([row[0], row[1]], {radius: 5}); })",
    )
    layer.default_js, layer.default_css = [], []  # the inlined plugin, not the CDN
    layer.add_to(fmap)
    return render_map_html(fmap, offline=True)


def geojson_page(incidents, _sources) -> str:
    fmap = _base_map(LEAFLET, offline=True, location=(24.0, 12.0), zoom_start=5)
    features = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]},
                "properties": {
                    "date": i.date_label,
                    "place": i.place_name,
                    "killed": i.fatalities.best if i.fatalities else None,
                },
            }
            for i in incidents
        ],
    }
    folium.GeoJson(
        features,
        marker=folium.CircleMarker(radius=5, fill=True),
        popup=folium.GeoJsonPopup(fields=["date", "place", "killed"]),
    ).add_to(fmap)
    return render_map_html(fmap, offline=True)


_READY = {
    "strikemap": "(() => { const k = Object.keys(window).find((k) => /^strike_layer_/.test(k));"
    " return k && window[k].strikemapReady === true; })()",
    "FastMarkerCluster": "document.querySelectorAll('.marker-cluster').length > 0",
    "GeoJson": "document.querySelectorAll('path.leaflet-interactive').length > 300",
}
_NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => done(true)))"
_ZOOM = """(step) => new Promise((done) => {
  const map = window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))];
  const start = performance.now();
  map.once('zoomend', () => requestAnimationFrame(() => done(performance.now() - start)));
  map.setZoom(map.getZoom() + step, {animate: false});
})"""
_PAN = """(dx) => new Promise((done) => {
  const map = window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))];
  const start = performance.now();
  map.once('moveend', () => requestAnimationFrame(() => done(performance.now() - start)));
  map.panBy([dx, 0], {animate: false});
})"""


def _median_ms(page, script: str, steps: tuple[int, ...]) -> float:
    times = sorted(page.evaluate(script, step) for step in steps)
    return times[len(times) // 2]


def interactive_s(
    browser, path: Path, name: str, timeout_s: float
) -> tuple[float, float | None, float | None]:
    """Seconds until interactive, and (strikemap only) a zoom step and a pan in ms."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
        page.wait_for_function(_READY[name], timeout=timeout_s * 1000, polling=50)
        page.evaluate(_NEXT_FRAME)
        seconds = time.perf_counter() - start
        if name != "strikemap":
            return seconds, None, None
        zoom = _median_ms(page, _ZOOM, (1, -1, 1))
        pan = _median_ms(page, _PAN, (300, -300, 300))
        return seconds, zoom, pan
    except Exception:  # noqa: BLE001 - a page that never gets there is reported as such
        return float("inf"), None, None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    strikemap_page(*synthetic(10))  # warm caches (asset encoding, basemap parse)
    builders = {
        "strikemap": strikemap_page,
        "FastMarkerCluster": fast_cluster_page,
        "GeoJson": geojson_page,
    }
    print(
        f"{'strikes':>8} {'page':18} {'MB':>7} {'build s':>8} {'interactive s':>14} "
        f"{'zoom ms':>8} {'pan ms':>7}  targets (MB, build, interactive; zoom, pan < 200 ms)"
    )
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        warm = Path(folder) / "warm-up.html"
        warm.write_text(strikemap_page(*synthetic(10)), encoding="utf-8")
        interactive_s(browser, warm, "strikemap", args.timeout)  # the browser's own start
        for n in (int(x) for x in args.sizes.split(",")):
            incidents, sources = synthetic(n)
            for name, build in builders.items():
                start = time.perf_counter()
                page = build(incidents, sources)
                build_s = time.perf_counter() - start
                path = Path(folder) / f"{name}-{n}.html"
                path.write_text(page, encoding="utf-8")
                size_mb = path.stat().st_size / 1e6
                seconds, zoom, pan = interactive_s(browser, path, name, args.timeout)
                target = TARGETS.get(n)
                shown = "never" if seconds == float("inf") else f"{seconds:.2f}"
                print(
                    f"{n:>8,} {name:18} {size_mb:7.2f} {build_s:8.2f} {shown:>14} "
                    f"{'' if zoom is None else f'{zoom:.0f}':>8} "
                    f"{'' if pan is None else f'{pan:.0f}':>7}  "
                    f"{'' if target is None or name != 'strikemap' else target}",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
