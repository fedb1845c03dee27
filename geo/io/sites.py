"""Sites files: the bases and headquarters an export measures incidents against.

The incident database holds incidents, not sites: an export from it measures each incident's
nearest launch site against the curated bases of the default dataset (US strikes in Libya,
2019) unless it is given a sites file (``strikemap export --sites FILE``). A sites file is

* a **dataset file** (:mod:`geo.io.dataset`): its ``sites`` and the ``sources`` they cite;
* or a **GeoJSON FeatureCollection** of ``Point`` features, one site each. Properties, all
  optional but ``name``: ``id`` (else the feature's ``id``, else ``site-<n>``, numbered from
  1 in file order), ``site_kind`` (``drone_base``, ``air_base``, ``airfield`` or
  ``headquarters``; else ``kind`` ``headquarters`` makes one, and anything else is an
  ``air_base``, a launch site), ``country_code`` (else the country the point lies in),
  ``location_precision`` (else ``exact_site``), ``coord_source`` (else ``sites file
  <file name>``), ``role`` and ``sources`` as our exports write them (without them, the
  site cites the file itself: a source whose id and outlet are the file's name). Features whose
  ``kind`` is ``incident`` or ``uncertainty_area`` are passed over, so that a strikemap
  GeoJSON export serves as a sites file: its bases and headquarters are read back with
  their sources.

A file that cannot be read, is neither of the two, holds no site or has a bad feature is
refused with one :class:`~gazetteer.errors.DataError` naming the file and the feature.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from gazetteer.errors import DataError, decode_utf8
from gazetteer.untrusted import load_json, short_repr
from geo.io.files import read_input
from geo.model.records import (
    DatePrecision,
    LocationPrecision,
    Site,
    SiteKind,
    Source,
    SourceClaim,
)

__all__ = ["SiteList", "load_sites", "sites_from_geojson"]

_E = TypeVar("_E", bound=enum.Enum)
# features of a strikemap export that are not sites
_NOT_SITES = frozenset({"incident", "uncertainty_area"})


@dataclass(frozen=True, slots=True)
class SiteList:
    """Sites read from a file, sorted by id, and the sources their claims cite."""

    sites: tuple[Site, ...]
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = [s.id for s in self.sites]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise DataError(f"site ids must be unique: {twice} appear more than once")
        object.__setattr__(self, "sites", tuple(sorted(self.sites, key=lambda s: s.id)))

    @property
    def launch_sites(self) -> tuple[Site, ...]:
        """The sites strikes can be flown from (not headquarters)."""
        return tuple(s for s in self.sites if s.kind.launches_aircraft)


def load_sites(path: str | os.PathLike[str]) -> SiteList:
    """The sites in a dataset file or a GeoJSON FeatureCollection of points.

    Raises
    ------
    DataError
        If the file is missing or unreadable, is not JSON, is neither a dataset file nor a
        FeatureCollection, holds no site, or a site is invalid; the message names the file
        and the feature.
    """
    target = Path(path)
    shown = short_repr(str(target))
    data = read_input(target, f"sites file {shown}", folder_hint="; give the file in it")
    name = target.name
    raw = load_json(decode_utf8(data, f"sites file {shown}", encoding="utf-8-sig"), name)
    if isinstance(raw, dict) and raw.get("type") == "FeatureCollection":
        found = sites_from_geojson(raw, where=name)
    elif isinstance(raw, dict) and "sites" in raw and "dataset" in raw:
        from geo.io.dataset import dataset_from_json

        try:
            dataset = dataset_from_json(raw)
        except DataError as exc:
            raise DataError(f"{name}: {exc}") from None
        found = SiteList(dataset.sites, dataset.sources)
    else:
        raise DataError(
            f"{name}: not a sites file: give a GeoJSON FeatureCollection of Point features "
            "or a strikemap dataset file"
        )
    if not found.sites:
        raise DataError(f"{name}: holds no sites (Point features or a dataset's sites)")
    return found


def sites_from_geojson(raw: Mapping[str, Any], *, where: str = "sites file") -> SiteList:
    """The sites of a GeoJSON FeatureCollection (see the module's description).

    Examples
    --------
    >>> found = sites_from_geojson({"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "geometry": {"type": "Point", "coordinates": [43.65, 3.12]},
    ...      "properties": {"name": "Baidoa airstrip"}}]}, where="somalia.geojson")
    >>> site, = found.sites
    >>> site.id, site.kind.value, site.country_code, (site.lat, site.lon)
    ('site-1', 'air_base', 'SO', (3.12, 43.65))
    >>> [(c.source_id, c.statement) for c in site.claims]
    [('somalia.geojson', 'listed in the sites file somalia.geojson')]
    """
    features = raw.get("features")
    if not isinstance(features, list):
        raise DataError(f"{where}: 'features' must be a list, got {short_repr(features)}")
    sites: list[Site] = []
    sources: dict[str, Source] = {}
    for n, feature in enumerate(features, start=1):
        label = f"{where}: feature {n}"
        if not isinstance(feature, dict):
            raise DataError(f"{label} must be a JSON object, got {short_repr(feature)}")
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise DataError(
                f"{label}: 'properties' must be an object, got {short_repr(properties)}"
            )
        if properties.get("kind") in _NOT_SITES:
            continue
        try:
            site, cited = _site(feature, properties, n, where)
        except DataError as exc:
            raise DataError(f"{label}: {exc}") from None
        sites.append(site)
        for source in cited:
            sources.setdefault(source.id, source)
    try:
        return SiteList(tuple(sites), sources)
    except DataError as exc:
        raise DataError(f"{where}: {exc}") from None


def _text(properties: Mapping[str, Any], key: str, default: str = "") -> str:
    value = properties.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise DataError(f"{key!r} must be text, got {short_repr(value)}")
    return value


def _member(kind: type[_E], text: str, key: str) -> _E:
    """The member of ``kind`` whose value is ``text``, else a ``DataError`` naming ``key``."""
    try:
        return kind(text)
    except ValueError:
        choices = ", ".join(m.value for m in kind)
        raise DataError(f"{key!r} must be one of {choices}, got {short_repr(text)}") from None


def _site(
    feature: Mapping[str, Any], properties: Mapping[str, Any], n: int, where: str
) -> tuple[Site, list[Source]]:
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        raise DataError(f"a site must be a Point, got geometry {short_repr(kind)}")
    coordinates = geometry.get("coordinates")
    if (
        not isinstance(coordinates, list)
        or len(coordinates) < 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
    ):
        raise DataError(f"coordinates must be [lon, lat] numbers, got {short_repr(coordinates)}")
    lon, lat = float(coordinates[0]), float(coordinates[1])
    name = _text(properties, "name").strip()
    if not name:
        raise DataError("a site needs a 'name' property")
    ident = properties.get("id", feature.get("id"))
    if ident is None:
        ident = f"site-{n}"
    if not isinstance(ident, str | int) or isinstance(ident, bool):
        raise DataError(f"'id' must be text or a number, got {short_repr(ident)}")
    kind_text = _text(properties, "site_kind") or (
        "headquarters" if properties.get("kind") == "headquarters" else SiteKind.AIR_BASE.value
    )
    kind = _member(SiteKind, kind_text, "site_kind")
    precision = _member(
        LocationPrecision,
        _text(properties, "location_precision", LocationPrecision.EXACT_SITE.value),
        "location_precision",
    )
    country = _text(properties, "country_code")
    if not country:
        from gazetteer.geodesy import validate_lat_lon
        from gazetteer.search import country_code_at

        validate_lat_lon(lat, lon, what=f"site {name!r}")
        country = country_code_at(lat, lon) or ""
        if not country:
            raise DataError(
                f"site {name!r} at ({lat}, {lon}) lies in no country outline; give its "
                "'country_code'"
            )
    claims, cited = _claims(properties.get("sources"))
    if not claims:  # the file is the only source: say so, as every site cites one
        claims = (SourceClaim(where, f"listed in the sites file {where}"),)
        cited = [Source(id=where, outlet=where, published=None, published_precision=None)]
    site = Site(
        id=str(ident),
        name=name,
        kind=kind,
        country_code=country,
        lat=lat,
        lon=lon,
        coord_source=_text(properties, "coord_source") or f"sites file {where}",
        location_precision=precision,
        role=_text(properties, "role"),
        claims=claims,
    )
    return site, cited


def _claims(raw: Any) -> tuple[tuple[SourceClaim, ...], list[Source]]:
    """A site's ``sources`` as our exports write them: claims, and the sources they cite."""
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        raise DataError(f"'sources' must be a list, got {short_repr(raw)}")
    claims, sources = [], []
    for k, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise DataError(f"sources[{k}] must be an object, got {short_repr(entry)}")
        source_id = _text(entry, "source_id")
        published_text = _text(entry, "published")
        try:
            published = dt.date.fromisoformat(published_text) if published_text else None
        except ValueError:
            raise DataError(
                f"sources[{k}]: 'published' must be a date YYYY-MM-DD, got "
                f"{short_repr(published_text)}"
            ) from None
        quote = entry.get("quote", False)
        claims.append(SourceClaim(source_id, _text(entry, "statement"), quote=quote))
        sources.append(
            Source(
                id=source_id,
                outlet=_text(entry, "outlet"),
                published=published,
                published_precision=DatePrecision.DAY if published else None,
                title=_text(entry, "title"),
                url=entry.get("url") if isinstance(entry.get("url"), str) else None,
            )
        )
    return tuple(claims), sources
