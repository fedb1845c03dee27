"""Places: the offline gazetteer, name folding, ranked lookup, reverse lookup, geopy geocoder.

``Gazetteer.open()`` opens the on-disk index (SQLite, built from the shipped sources on first
use; ``strikemap gazetteer build`` rebuilds it, optionally with GeoNames dumps).
"""

from gazetteer.geocoder import GazetteerGeocoder, GazetteerQueryError
from gazetteer.index import BuildReport, build_index, default_index_path, ensure_index
from gazetteer.model import Candidate, Place, PlaceKind
from gazetteer.names import clean_query, fold, loose_key
from gazetteer.search import Gazetteer, ReverseResult

__all__ = [
    "BuildReport",
    "Candidate",
    "Gazetteer",
    "GazetteerGeocoder",
    "GazetteerQueryError",
    "Place",
    "PlaceKind",
    "ReverseResult",
    "build_index",
    "clean_query",
    "default_index_path",
    "ensure_index",
    "fold",
    "loose_key",
]
