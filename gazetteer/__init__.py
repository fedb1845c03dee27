"""Places: the offline gazetteer, its lookups, a geopy geocoder and the geoparser.

``find_toponyms`` and ``resolve_toponyms`` find and resolve the places in a text.

``Gazetteer.open()`` opens the on-disk index (SQLite, built from the shipped sources on first
use; ``strikemap gazetteer build`` rebuilds it, optionally with GeoNames dumps).
"""

from typing import TYPE_CHECKING

from gazetteer.exports import lazy_exports

if TYPE_CHECKING:
    from gazetteer.geocoder import GazetteerGeocoder, GazetteerQueryError
    from gazetteer.geoparse import ToponymMatch, find_toponyms, resolve_toponyms
    from gazetteer.index import BuildReport, build_index, default_index_path, ensure_index
    from gazetteer.model import Candidate, MatchKind, Place, PlaceKind, ToponymKind
    from gazetteer.names import clean_query, fold, loose_key
    from gazetteer.search import Gazetteer, ReverseResult

__all__ = [
    "BuildReport",
    "Candidate",
    "Gazetteer",
    "GazetteerGeocoder",
    "GazetteerQueryError",
    "MatchKind",
    "Place",
    "PlaceKind",
    "ReverseResult",
    "ToponymKind",
    "ToponymMatch",
    "build_index",
    "clean_query",
    "default_index_path",
    "ensure_index",
    "find_toponyms",
    "fold",
    "loose_key",
    "resolve_toponyms",
]

# imported on first use: `import gazetteer.errors` loads no index, numpy or geopy (the hook is
# hidden from mypy, which reads the imports above and so still flags a misspelt name)
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
