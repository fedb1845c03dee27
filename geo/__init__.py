"""strikemap's incident side: records, extraction, the incident store, maps, files and the CLI.

Built on :mod:`gazetteer` (places, errors, geodesy), which never imports ``geo``. Neither
imports streamlit; the app in ``app.py``/``app_pages/`` is a thin layer over them.

- :mod:`geo.model`: records and their enums; :mod:`geo.extraction`: from text to claims;
- :mod:`geo.store`: the incident database and claim linking; :mod:`geo.maps`: folium maps;
- :mod:`geo.io`: datasets, report files, atomic writes; :mod:`geo.cli`: the ``strikemap``
  command.

The errors and geodesic distances are :mod:`gazetteer`'s, re-exported here so that incident
code finds everything it needs in one namespace.
"""

from typing import TYPE_CHECKING

from gazetteer.exports import lazy_exports

if TYPE_CHECKING:
    from gazetteer.errors import (
        AssetsMissingError,
        DamagedDatabaseError,
        DatabaseFileError,
        DatabaseFullError,
        DataError,
        InvalidCoordinatesError,
        InvalidQueryError,
        LockedDatabaseError,
        ReadOnlyDatabaseError,
        StrikemapError,
        UnknownPlaceError,
    )
    from gazetteer.geodesy import (
        Distance,
        geodesic_distance,
        geodesic_path_latlon,
        nearest,
        validate_lat_lon,
    )
    from geo.extraction.extract import check_article_text, extract_claims
    from geo.io.dataset import (
        DEFAULT_DATASET_PATH,
        Dataset,
        aggregates_frame,
        check_aggregate,
        claims_frame,
        incident_near,
        incidents_to_gdf,
        load_dataset,
        load_default_dataset,
        metres_per_pixel,
        sites_to_gdf,
    )
    from geo.io.reports import read_report
    from geo.model.claims import (
        AggregateClaim,
        Article,
        Claim,
        ClaimedPlace,
        Extraction,
        Quote,
        content_hash,
    )
    from geo.model.records import (
        Aggregate,
        DatePrecision,
        EventType,
        Fatalities,
        Incident,
        IncidentStatus,
        LocationPrecision,
        Review,
        Site,
        SiteKind,
        Source,
        SourceClaim,
    )
    from geo.store.database import IncidentStore, StoredIncident, StoreError, default_db_path
    from geo.version import __version__  # pyproject.toml is the one source

__all__ = [
    "DEFAULT_DATASET_PATH",
    "Aggregate",
    "AggregateClaim",
    "Article",
    "AssetsMissingError",
    "Claim",
    "ClaimedPlace",
    "DamagedDatabaseError",
    "DataError",
    "DatabaseFileError",
    "DatabaseFullError",
    "Dataset",
    "DatePrecision",
    "Distance",
    "EventType",
    "Extraction",
    "Fatalities",
    "Incident",
    "IncidentStatus",
    "IncidentStore",
    "InvalidCoordinatesError",
    "InvalidQueryError",
    "LocationPrecision",
    "LockedDatabaseError",
    "Quote",
    "ReadOnlyDatabaseError",
    "Review",
    "Site",
    "SiteKind",
    "Source",
    "SourceClaim",
    "StoreError",
    "StoredIncident",
    "StrikemapError",
    "UnknownPlaceError",
    "__version__",
    "aggregates_frame",
    "check_aggregate",
    "check_article_text",
    "claims_frame",
    "content_hash",
    "default_db_path",
    "extract_claims",
    "geodesic_distance",
    "geodesic_path_latlon",
    "incident_near",
    "incidents_to_gdf",
    "load_dataset",
    "load_default_dataset",
    "metres_per_pixel",
    "nearest",
    "read_report",
    "sites_to_gdf",
    "validate_lat_lon",
]

# imported on first use: `strikemap --help` loads no geopandas, folium or extractor (the hook is
# hidden from mypy, which reads the imports above and so still flags a misspelt name)
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
