"""The app's download buttons in a real browser: each gives the file it names."""

import json
import xml.etree.ElementTree as ET

import pyogrio
from geojson_pydantic import FeatureCollection
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from geo.io.export import CSV_COLUMNS

KML = "{http://www.opengis.net/kml/2.2}"


def _download(page, label, folder, tries=3):
    """Click a download button until the file comes.

    The map page runs its script twice on load (streamlit-folium reports the map's first
    state); a button clicked during the second run still carries the first run's file id,
    which the server has dropped ("Deferred file ... not found"), and nothing downloads.
    """
    button = page.locator("[data-testid='stDownloadButton'] button").filter(has_text=label)
    for attempt in range(tries):
        button.wait_for(timeout=60_000)
        page.wait_for_selector("[data-testid='stStatusWidget'] button", state="detached")
        try:
            with page.expect_download(timeout=30_000) as info:
                button.click()
            download = info.value
            break
        except PlaywrightTimeoutError:
            if attempt == tries - 1:
                raise
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


def _check_files(files):
    geojson, csv_file, gpkg, kml = files
    collection = FeatureCollection.model_validate_json(geojson.read_text("utf-8"))
    kinds = [f.properties["kind"] for f in collection.features]
    assert kinds.count("incident") == 5 and kinds.count("uncertainty_area") == 4
    lines = csv_file.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0].split(",") == list(CSV_COLUMNS)
    assert len([line for line in lines[1:] if line]) == 5
    layers = [name for name, _ in pyogrio.list_layers(gpkg)]
    assert layers == ["incidents", "sites", "uncertainty_areas", "distance_lines", "aggregates"]
    assert len(pyogrio.read_dataframe(gpkg, layer="incidents")) == 5
    spans = ET.parse(kml).getroot().findall(f".//{KML}Folder[1]/{KML}Placemark/{KML}TimeSpan")
    assert len(spans) == 5


LABELS = ("GeoJSON", "CSV (ACLED columns)", "GeoPackage (QGIS)", "KML (Google Earth)")


def test_the_map_page_downloads_every_format(page, app_url, tmp_path):
    page.goto(app_url)
    page.get_by_role("heading", name="Strike map").wait_for(timeout=60_000)
    files = [_download(page, label, tmp_path) for label in LABELS]
    assert [f.name for f in files] == [  # the database: the landing page's source
        "incidents.geojson",
        "incidents.csv",
        "incidents.gpkg",
        "incidents.kml",
    ]
    _check_files(files)
    murzuq = next(
        f
        for f in json.loads(files[0].read_text("utf-8"))["features"]
        if f["id"] == "ly-2019-09-19-murzuq"
    )
    assert murzuq["geometry"]["coordinates"] == [13.91839, 25.91552]
    assert page.errors.messages == []


def test_the_map_page_downloads_the_static_map(page, app_url, tmp_path):
    page.goto(app_url)
    page.get_by_role("heading", name="Strike map").wait_for(timeout=60_000)
    png = _download(page, "Map for reports (PNG, A4 300 dpi)", tmp_path)
    assert png.name == "incidents-map.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.size == (3508, 2480)  # A4 landscape at 300 dpi
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # not blank
    assert page.errors.messages == []


def test_the_incidents_page_downloads_the_database(page, app_url, tmp_path):
    page.goto(app_url)
    page.get_by_role("heading", name="Strike map").wait_for(timeout=60_000)
    page.get_by_role("link", name="Incidents from reports").click()  # as a user goes there
    page.get_by_role("heading", name="Incidents from reports").wait_for(timeout=60_000)
    files = [_download(page, label, tmp_path) for label in LABELS]
    assert [f.name for f in files] == [
        "incidents.geojson",
        "incidents.csv",
        "incidents.gpkg",
        "incidents.kml",
    ]
    _check_files(files)  # the app's database is seeded with the same five strikes
    assert page.errors.messages == []
