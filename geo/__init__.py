"""strikemap's incident side: records, datasets, distances, maps and the CLI.

``geo`` and ``gazetteer`` never import streamlit; the app in ``app.py``/``app_pages/`` is
a thin layer over them.
"""

from geo.dataset import (
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
from geo.distance import Distance, geodesic_distance, geodesic_path_latlon, nearest
from geo.errors import (
    AssetsMissingError,
    DataError,
    InvalidCoordinatesError,
    InvalidQueryError,
    StrikemapError,
    UnknownPlaceError,
)
from geo.model import (
    Aggregate,
    DatePrecision,
    Fatalities,
    Incident,
    LocationPrecision,
    Site,
    SiteKind,
    Source,
    SourceClaim,
    validate_lat_lon,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_DATASET_PATH",
    "Aggregate",
    "AssetsMissingError",
    "DataError",
    "Dataset",
    "DatePrecision",
    "Distance",
    "Fatalities",
    "Incident",
    "InvalidCoordinatesError",
    "InvalidQueryError",
    "LocationPrecision",
    "Site",
    "SiteKind",
    "Source",
    "SourceClaim",
    "StrikemapError",
    "UnknownPlaceError",
    "__version__",
    "aggregates_frame",
    "check_aggregate",
    "claims_frame",
    "geodesic_distance",
    "geodesic_path_latlon",
    "incident_near",
    "incidents_to_gdf",
    "load_dataset",
    "load_default_dataset",
    "metres_per_pixel",
    "nearest",
    "sites_to_gdf",
    "validate_lat_lon",
]
