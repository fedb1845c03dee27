import importlib
import json
import re
from pathlib import Path

import pytest

import geo
from geo.maps.assets import LEAFLET, MARKERCLUSTER

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "module",
    [
        "geo",
        "geo.cli",
        "geo.model.records",
        "geo.model.claims",
        "geo.extraction",
        "geo.extraction.extract",
        "geo.extraction.sentences",
        "geo.extraction.document",
        "geo.extraction.mentions",
        "geo.extraction.dates",
        "geo.extraction.places",
        "geo.extraction.distances",
        "geo.extraction.tolls",
        "geo.extraction.events",
        "geo.extraction.drafts",
        "geo.extraction.aggregates",
        "geo.extraction.regions",
        "geo.extraction.vocab",
        "geo.extraction.textnum",
        "geo.extraction.reldates",
        "geo.extraction.spans",
        "geo.store.database",
        "geo.store.linking",
        "geo.maps.render",
        "geo.maps.assets",
        "geo.maps.markup",
        "geo.io.dataset",
        "geo.io.files",
        "geo.io.reports",
        "gazetteer",
        "gazetteer.errors",
        "gazetteer.untrusted",
        "gazetteer.geodesy",
        "gazetteer.basemap",
        "gazetteer.model",
        "gazetteer.names",
        "gazetteer.index",
        "gazetteer.search",
        "gazetteer.geocoder",
        "gazetteer.geoparse",
        "gazetteer.geoparse.toponyms",
        "gazetteer.geoparse.match",
        "gazetteer.geoparse.recognise",
        "gazetteer.geoparse.resolve",
        "gazetteer.geoparse.anchors",
        "gazetteer.lexicon",
        "gazetteer.wordlists",
        "tools.derive",
        "tools.basemap",
    ],
)
def test_all_is_honest(module):
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.__all__ names missing {name}"
    assert sorted(mod.__all__) == sorted(set(mod.__all__))


def test_errors_inherit_builtins():
    assert issubclass(geo.DataError, ValueError)
    assert issubclass(geo.InvalidCoordinatesError, geo.DataError)
    assert issubclass(geo.UnknownPlaceError, LookupError)
    assert issubclass(geo.AssetsMissingError, FileNotFoundError)
    for name in ("DataError", "UnknownPlaceError", "AssetsMissingError", "DatabaseFileError"):
        assert issubclass(getattr(geo, name), geo.StrikemapError)
    assert issubclass(geo.DatabaseFileError, OSError)
    assert issubclass(geo.ReadOnlyDatabaseError, PermissionError)
    for name in ("ReadOnlyDatabaseError", "DatabaseFullError", "DamagedDatabaseError"):
        assert issubclass(getattr(geo, name), geo.DatabaseFileError)
    assert issubclass(geo.LockedDatabaseError, geo.DatabaseFileError)


def test_library_never_imports_streamlit():
    for folder in ("geo", "gazetteer"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text("utf-8")
            assert not re.search(r"^\s*(import|from)\s+streamlit", text, re.MULTILINE), path


def test_frontend_pins_match_the_code():
    pinned = json.loads((ROOT / "frontend" / "package.json").read_text())["dependencies"]
    used = {a.package: a.version for a in LEAFLET + MARKERCLUSTER}
    assert used == pinned


def test_incident_api_is_exported_from_geo():
    from geo.extraction.extract import extract_claims
    from geo.store.database import IncidentStore

    assert geo.extract_claims is extract_claims
    assert geo.extraction.extract_claims is extract_claims
    assert geo.extraction.check_article_text is geo.check_article_text
    assert geo.extraction.Extraction is geo.Extraction
    assert geo.IncidentStore is IncidentStore
    assert geo.Claim.__module__ == "geo.model.claims"


def test_the_geoparser_is_one_api_however_it_is_reached():
    import gazetteer
    import gazetteer.geoparse as geoparse
    import gazetteer.geoparse.toponyms as toponyms
    from gazetteer.geoparse.match import ToponymMatch

    assert geoparse.__all__ == ["ToponymKind", "ToponymMatch", "find_toponyms", "resolve_toponyms"]
    for name in geoparse.__all__:
        assert getattr(geoparse, name) is getattr(gazetteer, name) is getattr(toponyms, name)
    assert geoparse.ToponymMatch is ToponymMatch
