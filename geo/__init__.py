"""strikemap's incident side: records, datasets, distances, maps and the CLI.

``geo`` and ``gazetteer`` never import streamlit; the app in ``app.py``/``app_pages/`` is
a thin layer over them. Public names are imported lazily, so ``import gazetteer.errors`` (which
the gazetteer needs) does not load geopandas or folium.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "geo.claims": [
        "AggregateClaim",
        "Article",
        "Claim",
        "ClaimedPlace",
        "Extraction",
        "Quote",
        "content_hash",
    ],
    "geo.extract": ["check_article_text", "extract_claims"],
    "geo.reports": ["read_report"],
    "geo.store": ["IncidentStore", "StoreError", "StoredIncident", "default_db_path"],
    "geo.dataset": [
        "DEFAULT_DATASET_PATH",
        "Dataset",
        "aggregates_frame",
        "check_aggregate",
        "claims_frame",
        "incident_near",
        "incidents_to_gdf",
        "load_dataset",
        "load_default_dataset",
        "metres_per_pixel",
        "sites_to_gdf",
    ],
    "gazetteer.geodesy": [
        "Distance",
        "geodesic_distance",
        "geodesic_path_latlon",
        "nearest",
        "validate_lat_lon",
    ],
    "gazetteer.errors": [
        "AssetsMissingError",
        "DamagedDatabaseError",
        "DataError",
        "DatabaseFileError",
        "DatabaseFullError",
        "InvalidCoordinatesError",
        "InvalidQueryError",
        "LockedDatabaseError",
        "ReadOnlyDatabaseError",
        "StrikemapError",
        "UnknownPlaceError",
    ],
    "geo.model": [
        "Aggregate",
        "DatePrecision",
        "Fatalities",
        "Incident",
        "LocationPrecision",
        "Site",
        "SiteKind",
        "Source",
        "SourceClaim",
    ],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted([*_WHERE, "__version__"])


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
