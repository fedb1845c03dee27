"""Records of the gazetteer: places and ranked candidates."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from typing import Any

from gazetteer.errors import DataError
from gazetteer.geodesy import validate_lat_lon

__all__ = ["Candidate", "MatchKind", "Place", "PlaceKind", "ToponymKind"]


class PlaceKind(enum.Enum):
    """What a place is. GeoNames feature codes map onto these (see ``from_feature_code``)."""

    CONTINENT = "continent"
    COUNTRY = "country"
    ADMIN1 = "admin1"
    ADMIN2 = "admin2"
    CITY = "city"
    AIRPORT = "airport"
    AIRFIELD = "airfield"
    AIR_BASE = "air base"
    MILITARY_BASE = "military base"
    HEADQUARTERS = "headquarters"
    REGION = "region"
    DESERT = "desert"
    MOUNTAINS = "mountains"
    MOUNTAIN = "mountain"
    PLATEAU = "plateau"
    BASIN = "basin"
    PLAIN = "plain"
    VALLEY = "valley"
    PENINSULA = "peninsula"
    ISLAND = "island"
    ISLANDS = "islands"
    WETLAND = "wetland"
    DELTA = "delta"
    CAPE = "cape"
    OASIS = "oasis"
    WADI = "wadi"
    WATER = "water"
    BORDER_CROSSING = "border crossing"
    OTHER = "other"

    @classmethod
    def parse(cls, label: str) -> PlaceKind:
        """The kind named by a label such as ``"air base"``, ``"air_base"`` or ``"town"``.

        Examples
        --------
        >>> PlaceKind.parse("Air_Base"), PlaceKind.parse("town"), PlaceKind.parse("district")
        (<PlaceKind.AIR_BASE: 'air base'>, <PlaceKind.CITY: 'city'>, <PlaceKind.ADMIN2: 'admin2'>)
        """
        key = " ".join(str(label).replace("_", " ").replace("-", " ").lower().split())
        key = _KIND_ALIASES.get(key, key)
        try:
            return cls(key)
        except ValueError:
            allowed = ", ".join(k.value for k in cls)
            raise DataError(f"kind must be one of {allowed}; got {label!r}") from None

    @classmethod
    def from_feature_code(cls, feature_class: str, feature_code: str) -> PlaceKind:
        """Kind of a GeoNames feature from its class (A, P, S, T, L, H ...) and code.

        Examples
        --------
        >>> PlaceKind.from_feature_code("S", "AIRB"), PlaceKind.from_feature_code("P", "PPLA2")
        (<PlaceKind.AIR_BASE: 'air base'>, <PlaceKind.CITY: 'city'>)
        """
        code = feature_code.upper()
        if code in _CODE_KINDS:
            return _CODE_KINDS[code]
        if code == "CONT":
            return cls.CONTINENT
        if code.startswith("PCL"):
            return cls.COUNTRY
        if code.startswith("ADM1"):
            return cls.ADMIN1
        if code.startswith("ADM2"):
            return cls.ADMIN2
        if feature_class.upper() == "P":
            return cls.CITY
        if code.startswith(("WAD",)):
            return cls.WADI
        if feature_class.upper() == "H":
            return cls.WATER
        return cls.OTHER


_KIND_ALIASES = {
    "town": "city",
    "village": "city",
    "populated place": "city",
    "district": "admin2",
    "province": "admin1",
    "state": "admin1",
    "base": "military base",
    "airbase": "air base",
    "hq": "headquarters",
}

_CODE_KINDS = {
    "AIRB": PlaceKind.AIR_BASE,
    "AIRF": PlaceKind.AIRFIELD,
    "AIRP": PlaceKind.AIRPORT,
    "AIRH": PlaceKind.AIRFIELD,
    "MILB": PlaceKind.MILITARY_BASE,
    "INSM": PlaceKind.MILITARY_BASE,
    "BCKD": PlaceKind.MILITARY_BASE,
    "RGN": PlaceKind.REGION,
    "RGNE": PlaceKind.REGION,
    "RGNH": PlaceKind.REGION,
    "AREA": PlaceKind.REGION,
    "DSRT": PlaceKind.DESERT,
    "ERG": PlaceKind.DESERT,
    "MTS": PlaceKind.MOUNTAINS,
    "HLLS": PlaceKind.MOUNTAINS,
    "MT": PlaceKind.MOUNTAIN,
    "PK": PlaceKind.MOUNTAIN,
    "HLL": PlaceKind.MOUNTAIN,
    "PLAT": PlaceKind.PLATEAU,
    "BSND": PlaceKind.BASIN,
    "PLN": PlaceKind.PLAIN,
    "VAL": PlaceKind.VALLEY,
    "PEN": PlaceKind.PENINSULA,
    "ISL": PlaceKind.ISLAND,
    "ISLS": PlaceKind.ISLANDS,
    "WTLD": PlaceKind.WETLAND,
    "DLTA": PlaceKind.DELTA,
    "CAPE": PlaceKind.CAPE,
    "OAS": PlaceKind.OASIS,
    "BDCR": PlaceKind.BORDER_CROSSING,
    "PSTB": PlaceKind.BORDER_CROSSING,
    "HQ": PlaceKind.HEADQUARTERS,
}


@dataclass(frozen=True, slots=True)
class Place:
    """A place in the gazetteer.

    ``id`` is stable across builds: ``geonames:<id>`` where GeoNames has the place, otherwise
    ``<source>:<key>`` (``ne:LBY-2213``, ``icao:DRZD``, ``curated:air-base-201``).
    ``prominence`` (0-1) ranks homonyms; it grows with population and importance.
    """

    id: str
    name: str
    kind: PlaceKind
    feature_code: str
    country_code: str
    admin1: str
    lat: float
    lon: float
    population: int
    prominence: float
    source: str
    admin1_code: str = ""

    def __post_init__(self) -> None:
        if not self.id or not self.name:
            raise DataError(f"a place needs an id and a name, got {self.id!r} {self.name!r}")
        validate_lat_lon(self.lat, self.lon, what=f"place {self.id!r}")

    @classmethod
    def trusted(cls, *values: Any) -> Place:
        """A place from field values already validated (rows of a built index), in field order.

        Skips ``__post_init__``: lookups build thousands of places a second.
        """
        place = object.__new__(cls)
        for name, value in zip(_PLACE_FIELDS, values, strict=True):
            _set(place, name, value)
        return place

    @property
    def label(self) -> str:
        """``"Murzuq, Murzuq, LY"``: name, first-level division and country code."""
        parts = [self.name]
        if self.admin1 and self.admin1 != self.name:
            parts.append(self.admin1)
        if self.country_code:
            parts.append(self.country_code)
        return ", ".join(parts)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready mapping with every field (kind as its label)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "feature_code": self.feature_code,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin1_code": self.admin1_code,
            "lat": self.lat,
            "lon": self.lon,
            "population": self.population,
            "prominence": round(self.prominence, 3),
            "source": self.source,
        }


class MatchKind(enum.Enum):
    """How a candidate's name matched the query, the closest first.

    Code that asks how a place was found branches on this, never on a candidate's
    ``reason`` (text for people to read, which says the same in words).

    Examples
    --------
    >>> MatchKind.ALTERNATE.is_exact, MatchKind.VARIANT.is_exact
    (True, False)
    """

    EXACT = "exact"  # the place's own name ("exact name 'Murzuq'")
    ALTERNATE = "alternate"  # one of its alternate names ("alternate name 'Murzuk'")
    EXPANDED = "expanded"  # once abbreviations are expanded ("St." -> "Saint")
    VARIANT = "variant"  # a transliteration variant ("spelling variant 'Marzuq'")
    NEARBY = "nearby"  # an airport or base near a town of that name ("airport 8 km from ...")
    FUZZY = "fuzzy"  # a near spelling, a typo ("close spelling 'Tripoli' (89% similar)")

    @property
    def is_exact(self) -> bool:
        """Whether the name is one the place bears, its own or an alternate, as written."""
        return self in (MatchKind.EXACT, MatchKind.ALTERNATE)


class ToponymKind(enum.StrEnum):
    """How a name found in a text refers to its place.

    Examples
    --------
    >>> ToponymKind("demonym") is ToponymKind.DEMONYM, ToponymKind.NAME.value
    (True, 'name')
    """

    NAME = "name"  # a place name ("Murzuq", "the Gulf of Sirte")
    DEMONYM = "demonym"  # an adjective or demonym standing for a country ("Libyan")


_PLACE_FIELDS = tuple(f.name for f in fields(Place))
_set = object.__setattr__


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place proposed for a query, with its score (0-1) and the reason for that score.

    ``match_kind`` says how its name matched the query (exact, alternate, a spelling
    variant ...); ``reason`` says it in words, with the rest of the score's story.
    """

    place: Place
    score: float
    reason: str
    matched_name: str
    match_kind: MatchKind
    distance_km: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.match_kind, MatchKind):
            raise TypeError(
                f"match_kind must be a MatchKind, got {self.match_kind!r}; e.g. MatchKind.EXACT"
            )

    def as_dict(self) -> dict[str, object]:
        """The place's fields plus ``score``, ``reason``, ``matched_name``, ``distance_km``."""
        out = self.place.as_dict()
        out.update(
            score=round(self.score, 4),
            reason=self.reason,
            matched_name=self.matched_name,
            distance_km=None if self.distance_km is None else round(self.distance_km, 1),
        )
        return out
