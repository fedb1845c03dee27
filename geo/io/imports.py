"""Imports into the incident database: strikemap's own GeoJSON and CSV, and ACLED's CSV.

:func:`read_import_file` parses a whole file first: any malformed feature or line stops the
import with one error naming it (``cases.geojson: feature 3 (id 'x'): ...``,
``acled.csv: line 7 (event 'LBY123'): ...``), before anything is written.
:func:`import_file` then stores it in one transaction
(:meth:`geo.store.IncidentStore.import_incidents`): importing the same file twice adds
nothing, and an export imported into a new database exports again to the same bytes.

* **Our GeoJSON and CSV** (:mod:`geo.io.export`) carry every source claim in full (article,
  quoted sentences, date, place, toll, actor ...) in ``sources``; incidents keep their ids,
  places and dates. Bases and headquarters in a GeoJSON file are not imported (the database
  holds incidents; maps and exports measure against the curated sites or a sites file), nor
  are aggregate statements (the database keeps those of the reports it ingests; each is
  counted in a warning) or uncertainty areas (they follow from the incidents).
* **ACLED CSV** (columns: :data:`geo.io.acled.ACLED_COLUMNS`): each row is one
  incident ``acled-<event_id_cnty>`` backed by one claim of an article ``ACLED`` (its
  ``source`` column in the title) whose sentence is the row's ``notes``. ``time_precision``
  1, 2, 3 give the day, the week around ``event_date`` or its calendar month;
  ``geo_precision`` 1, 2, 3 a town, near a town, a region (radius as
  :attr:`~geo.model.LocationPrecision.default_radius_km`); ``sub_event_type`` becomes the
  event type (``Air/drone strike`` is a ``strike``), ``actor1`` the actor, ``actor2`` the
  target, ``fatalities`` the toll. ACLED's associated actors, actor types, admin names (kept
  in the place's reason), tags and source scale are not part of the model. ACLED revises
  records in place (the same ``event_id_cnty``, a new ``timestamp``): a revised record of an
  event already stored is not imported as a second incident but named in a warning with
  what changed (:attr:`ImportReport.superseded`), for an analyst to apply as corrections.
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.errors import DataError, InvalidQueryError, decode_utf8
from gazetteer.untrusted import load_json, short_repr
from geo.io.acled import iso_countries
from geo.io.files import read_input
from geo.model.claims import Claim, ClaimedPlace, Quote
from geo.model.records import (
    DatePrecision,
    EventType,
    Fatalities,
    IncidentStatus,
    LocationPrecision,
    Review,
    require_count,
    require_radius_km,
    validate_lat_lon,
)
from geo.store.database import (
    ArticleOrigin,
    ImportResult,
    StoredArticle,
    StoredClaim,
    StoredIncident,
)
from geo.store.linking import LinkedClaim, derive

if TYPE_CHECKING:
    from geo.store.database import IncidentStore

__all__ = [
    "IMPORT_FORMATS",
    "ImportBatch",
    "ImportReport",
    "import_batch",
    "import_file",
    "read_import_file",
]

#: What :func:`read_import_file` reads: our GeoJSON, our CSV, ACLED's CSV.
IMPORT_FORMATS = ("geojson", "csv", "acled")

# ACLED columns an import needs (the others are optional).
_ACLED_REQUIRED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
)
_ACLED_TO_OURS = {
    "air/drone strike": "strike",
    "shelling/artillery/missile attack": "shelling",
    "remote explosive/landmine/ied": "remote explosive",
    "suicide bomb": "suicide bombing",
    "grenade": "grenade attack",
}
_ACLED_GEO = {
    1: LocationPrecision.TOWN,
    2: LocationPrecision.NEAR_TOWN,
    3: LocationPrecision.REGION,
}
_ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")
_MAX_CSV_FIELD = 64 * 1024 * 1024  # one incident's sources, as JSON, in one CSV cell


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """A parsed import file, ready to store.

    Its incidents, the articles they cite (in the order to store them) and how many sites
    and aggregate statements the file holds that are not imported.
    """

    format: str
    incidents: tuple[StoredIncident, ...]
    articles: tuple[StoredArticle, ...]
    sites_skipped: int = 0
    aggregates_skipped: int = 0


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What :func:`import_file` did, and what it has to say about it."""

    path: Path
    batch: ImportBatch
    result: ImportResult
    warnings: tuple[str, ...] = field(default=())
    superseded: tuple[str, ...] = field(default=())  # stored incidents a record updates

    def summary(self) -> str:
        """One line: ``imported cases.geojson (geojson): 5 incidents added, ...``."""
        r = self.result
        skipped = (
            f"; {len(self.superseded)} updated record(s) not applied (see the warnings)"
            if self.superseded
            else ""
        )
        return (
            f"imported {self.path.name} ({self.batch.format}): {len(r.added)} incident(s) "
            f"added, {len(r.known)} already stored, {len(r.updated)} updated; "
            f"{r.articles} article(s) and {r.claims} claim(s) stored{skipped}"
        )


# --- reading fields --------------------------------------------------------------------------


class _Fields:
    """Typed access to one record's fields; errors name the record, the field and the value.

    ``text=True`` reads CSV cells (strings; an empty cell is a missing value).
    """

    def __init__(self, raw: Mapping[str, Any], where: str, *, text: bool = False) -> None:
        if not isinstance(raw, Mapping):
            raise DataError(f"{where} must be a JSON object, got {short_repr(raw)}")
        self.raw, self.where, self.text_cells = raw, where, text

    def _value(self, key: str, optional: bool) -> Any:
        if key not in self.raw:
            if optional:
                return None
            raise DataError(f"{self.where}: missing field {key!r}")
        value = self.raw[key]
        if self.text_cells and value == "":
            value = None
        if value is None and not optional:
            raise DataError(f"{self.where}: field {key!r} must not be empty")
        return value

    def _bad(self, key: str, what: str, value: Any) -> DataError:
        return DataError(f"{self.where}: field {key!r} must be {what}, got {short_repr(value)}")

    def string(self, key: str, *, optional: bool = False, blank: bool = True) -> str:
        value = self._value(key, optional=optional or (self.text_cells and blank))
        if value is None:
            return ""
        if not isinstance(value, str) or (not blank and not value.strip()):
            raise self._bad(key, "a string" if blank else "a non-empty string", value)
        return value

    def maybe_string(self, key: str) -> str | None:
        value = self._value(key, optional=True)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "a string or null", value)
        return value

    def number(self, key: str, *, optional: bool = False) -> float | None:
        value = self._value(key, optional=optional)
        if value is None:
            return None
        if self.text_cells:
            try:
                return float(value)
            except ValueError:
                raise self._bad(key, "a number", value) from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._bad(key, "a number", value)
        return float(value)

    def whole(self, key: str, *, optional: bool = False) -> int | None:
        value = self._value(key, optional=optional)
        if value is None:
            return None
        if self.text_cells:
            cell = value.strip()
            if cell.endswith(".0"):  # spreadsheets write whole numbers as 8.0
                cell = cell[:-2]
            if not cell.isascii() or not cell.lstrip("-").isdigit() or len(cell) > 20:
                raise self._bad(key, "a whole number", value)
            value = int(cell)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._bad(key, "a whole number", value)
        return value

    def date(self, key: str) -> dt.date:
        value = self._value(key, optional=False)
        try:
            if isinstance(value, str) and len(value) == 10:
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        raise self._bad(key, "a date as YYYY-MM-DD", value)

    def choice(self, key: str, kind: Any) -> Any:
        value = self._value(key, optional=False)
        try:
            return kind(value)
        except (ValueError, TypeError):
            allowed = ", ".join(repr(m.value) for m in kind)
            raise self._bad(key, f"one of {allowed}", value) from None

    def event_type(self, key: str) -> EventType:
        value = self.string(key, blank=False)
        try:
            return EventType(value)
        except ValueError:
            raise self._bad(key, "an event type strikemap knows (see EventType)", value) from None

    def listed(self, key: str) -> list[Any]:
        value = self._value(key, optional=False)
        if self.text_cells:
            value = load_json(value, f"{self.where}: field {key!r}")
        if not isinstance(value, list):
            raise self._bad(key, "a list", value)
        return value


# --- our formats -----------------------------------------------------------------------------


def _source(raw: Any, where: str) -> StoredClaim:
    """One entry of ``sources``: its article and claim (see :func:`geo.io.export.source_entry`).

    A curated article may say its source id, date precision and note (older files do not).
    """
    f = _Fields(raw, where)
    origin_text = f.string("origin")
    try:
        origin = ArticleOrigin(origin_text)
    except ValueError:
        raise f._bad("origin", "'ingest' or 'curated'", origin_text) from None
    curated = origin is ArticleOrigin.CURATED and "published_precision" in f.raw
    article = StoredArticle(
        id=0,
        hash=f.string("article_hash", blank=False),
        outlet=f.string("outlet", blank=False),
        url=f.maybe_string("url"),
        title=f.string("title"),
        published=f.date("published"),
        path="",
        origin=origin,
        source_id=f.string("source_id", optional=True) if curated else "",
        published_precision=f.choice("published_precision", DatePrecision)
        if curated
        else DatePrecision.DAY,
        note=f.string("note", optional=True) if curated else "",
    )
    sentences = []
    for n, item in enumerate(f.listed("sentences")):
        s = _Fields(item, f"{where}: sentences[{n}]")
        start, end = s.whole("start"), s.whole("end")
        assert start is not None and end is not None
        sentences.append(Quote(start, end, s.string("text")))
    place_raw = f._value("place", optional=True)
    place = None if place_raw is None else _place(_Fields(place_raw, f"{where}: place"))
    reasons = f.listed("reasons")
    if not all(isinstance(r, str) for r in reasons):
        raise f._bad("reasons", "a list of strings", reasons)
    confidence = f.number("confidence")
    assert confidence is not None
    if not 0.0 <= confidence <= 1.0:
        raise f._bad("confidence", "a number from 0 to 1", confidence)
    claim = Claim(
        index=0,
        sentences=tuple(sentences),
        event_type=f.event_type("event_type"),
        date_start=f.date("date_start"),
        date_end=f.date("date_end"),
        date_precision=f.choice("date_precision", DatePrecision),
        place=place,
        fatalities_low=f.whole("fatalities_low", optional=True),
        fatalities_high=f.whole("fatalities_high", optional=True),
        injured=f.whole("injured", optional=True),
        actor=f.string("actor"),
        target=f.string("target"),
        platform=f.string("platform"),
        base=f.string("base"),
        attribution=f.string("attribution"),
        confidence=confidence,
        reasons=tuple(reasons),
    )
    return StoredClaim(claim=claim, id=0, article=article)


def _place(f: _Fields) -> ClaimedPlace:
    radius = f.number("radius_km")
    lat, lon = f.number("lat"), f.number("lon")
    return ClaimedPlace(
        name=f.string("name"),
        lat=lat,  # type: ignore[arg-type]  # a number: checked by _Fields
        lon=lon,  # type: ignore[arg-type]
        country_code=f.string("country_code"),
        precision=f.choice("precision", LocationPrecision),
        radius_km=radius,  # type: ignore[arg-type]
        place_id=f.string("place_id"),
        anchor=f.string("anchor"),
        offset_km=f.number("offset_km", optional=True),
        bearing_deg=f.number("bearing_deg", optional=True),
        reason=f.string("reason"),
    )


def _own_incident(f: _Fields, lat: float, lon: float, sources: list[Any]) -> StoredIncident:
    """An incident of our GeoJSON or CSV from its fields, point and sources."""
    where = f.where
    validate_lat_lon(lat, lon, what=f"{where}: the point")
    radius = f.number("uncertainty_radius_km")
    require_radius_km(radius, f"{where}: field 'uncertainty_radius_km'")
    place = ClaimedPlace(
        name=f.string("place_name", blank=False),
        lat=lat,
        lon=lon,
        country_code=f.string("country_code"),
        precision=f.choice("location_precision", LocationPrecision),
        radius_km=radius,  # type: ignore[arg-type]
        place_id=f.string("place_id"),
        anchor=f.string("place_anchor"),
        offset_km=f.number("place_offset_km", optional=True),
        bearing_deg=f.number("place_bearing_deg", optional=True),
        reason=f.string("place_reason"),
    )
    figures = [
        f.whole(k, optional=True) for k in ("fatalities_low", "fatalities_best", "fatalities_high")
    ]
    if all(v is None for v in figures):
        fatalities = None
    elif any(v is None for v in figures):
        raise DataError(f"{where}: give fatalities_low, _best and _high together, got {figures}")
    else:
        try:
            fatalities = Fatalities(*figures)  # type: ignore[arg-type]
        except DataError as exc:
            raise DataError(f"{where}: {exc}") from None
    if not sources:
        raise DataError(f"{where}: field 'sources' is empty; an incident needs a source")
    claims = tuple(_source(s, f"{where}: sources[{n}]") for n, s in enumerate(sources))
    start, end = f.date("date_start"), f.date("date_end")
    if end < start:
        raise DataError(f"{where}: date_end {end} is before date_start {start}")
    # files from before confidence and review were exported have neither
    confidence = f.number("confidence", optional=True)
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        raise f._bad("confidence", "a number from 0 to 1", f.raw["confidence"])
    verdict = f.string("review", optional=True)
    review = None if not verdict else f.choice("review", Review)
    return StoredIncident(
        event_type=f.event_type("event_type"),
        date_start=start,
        date_end=end,
        date_precision=f.choice("date_precision", DatePrecision),
        place=place,
        fatalities=fatalities,
        status=f.choice("status", IncidentStatus),
        conflicts=(),
        actor=f.string("actor"),
        target=f.string("target"),
        platform=f.string("platform"),
        id=f.string("id", blank=False),
        corrected=(),
        claims=claims,
        notes=f.string("notes", optional=True),  # files from before notes were exported: none
        review=review,
        # the file's figure; the database derives its own from the sources' claims
        confidence=1.0 if confidence is None else confidence,
    )


def _read_geojson(text: str, name: str) -> ImportBatch:
    raw = load_json(text, name)
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection":
        raise DataError(f"{name}: expected a GeoJSON FeatureCollection")
    features = raw.get("features")
    if not isinstance(features, list):
        raise DataError(f"{name}: 'features' must be a list, got {short_repr(features)}")
    incidents, sites, aggregates = [], 0, 0
    for n, feature in enumerate(features, start=1):
        where = f"{name}: feature {n}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise DataError(f"{where} is not a GeoJSON Feature: {short_repr(feature)}")
        if isinstance(feature.get("id"), str):
            where += f" (id {short_repr(feature['id'])})"
        props = feature.get("properties")
        if not isinstance(props, dict):
            raise DataError(f"{where}: 'properties' must be an object, got {short_repr(props)}")
        kind = props.get("kind")
        if kind in ("base", "headquarters"):
            sites += 1
            continue
        if kind == "uncertainty_area":
            continue
        if kind == "aggregate":
            aggregates += 1
            continue
        if kind != "incident":
            raise DataError(
                f"{where}: not a strikemap feature (its 'kind' is {short_repr(kind)}, expected "
                "'incident', 'base', 'headquarters', 'aggregate' or 'uncertainty_area'); "
                "strikemap imports its own GeoJSON exports and ACLED CSV files"
            )
        geometry = feature.get("geometry")
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Point"
            or not isinstance(coords, list)
            or len(coords) not in (2, 3)
        ):
            raise DataError(
                f"{where}: an incident needs a Point geometry [lon, lat], "
                f"got {short_repr(geometry)}"
            )
        lon, lat = coords[0], coords[1]
        f = _Fields(props, where)
        incidents.append(_own_incident(f, lat, lon, f.listed("sources")))
    return replace(_batch("geojson", incidents, sites), aggregates_skipped=aggregates)


def _csv_rows(text: str, name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and ``(line number, row)`` pairs; a ragged line is an error naming it."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, _MAX_CSV_FIELD))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(f"{name}: the file is empty; expected a header line") from None
        rows = []
        for cells in reader:
            if not any(cells):
                continue
            if len(cells) != len(header):
                raise DataError(
                    f"{name}: line {reader.line_num} has {len(cells)} fields, the header "
                    f"has {len(header)}"
                )
            rows.append((reader.line_num, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        raise DataError(f"{name}: line {reader.line_num}: not valid CSV: {exc}") from None
    finally:
        csv.field_size_limit(limit)
    return header, rows


def _read_own_csv(
    header: list[str], rows: list[tuple[int, dict[str, str]]], name: str
) -> ImportBatch:
    incidents = []
    for line, row in rows:
        where = f"{name}: line {line}"
        if row.get("event_id_cnty"):
            where += f" (id {short_repr(row['event_id_cnty'])})"
        # our names for the ACLED columns that carry our fields
        fields = {
            **row,
            "id": row.get("event_id_cnty", ""),
            "place_name": row.get("location", ""),
            "actor": row.get("actor1", ""),
            "target": row.get("actor2", ""),
            "event_type": row.get("strikemap_event_type", ""),
            "notes": row.get("strikemap_notes", ""),
        }
        f = _Fields(fields, where, text=True)
        lat, lon = f.number("latitude"), f.number("longitude")
        incidents.append(_own_incident(f, lat, lon, f.listed("sources")))  # type: ignore[arg-type]
    return _batch("csv", incidents, 0)


# --- ACLED -----------------------------------------------------------------------------------


def _acled_date(f: _Fields) -> dt.date:
    value = f.string("event_date", blank=False).strip()
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise f._bad("event_date", "a date such as 2019-09-19 or 19 September 2019", value)


def _acled_country(f: _Fields, lat: float, lon: float) -> str:
    by_number = {number: code for code, (_, number) in iso_countries().items()}
    by_name = {name.casefold(): code for code, (name, _) in iso_countries().items()}
    number = f.whole("iso", optional=True) if "iso" in f.raw else None
    if number is not None and number in by_number:
        return by_number[number]
    name = f.string("country", optional=True).strip().casefold()
    if name in by_name:
        return by_name[name]
    from gazetteer.search import country_code_at

    code = country_code_at(lat, lon)
    if code is None:
        raise DataError(
            f"{f.where}: cannot tell the country: 'iso' {short_repr(f.raw.get('iso'))} and "
            f"'country' {short_repr(f.raw.get('country'))} name none, and no country holds "
            f"the point {lat:g},{lon:g}"
        )
    return code


def _acled_incident(f: _Fields) -> StoredIncident:
    event = f.string("event_id_cnty", blank=False).strip()
    lat, lon = validate_lat_lon(
        f.number("latitude"),  # type: ignore[arg-type]
        f.number("longitude"),  # type: ignore[arg-type]
        what=f"{f.where}: the point",
    )
    geo_code, time_code = f.whole("geo_precision"), f.whole("time_precision")
    if geo_code not in _ACLED_GEO:
        raise f._bad("geo_precision", "1, 2 or 3", f.raw["geo_precision"])
    if time_code not in (1, 2, 3):
        raise f._bad("time_precision", "1, 2 or 3", f.raw["time_precision"])
    day = _acled_date(f)
    if time_code == 1:
        start = end = day
        date_precision = DatePrecision.DAY
    elif time_code == 2:  # the week around the date ACLED coded
        start, end = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
        date_precision = DatePrecision.WEEK
    else:  # the month is what is known
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        date_precision = DatePrecision.MONTH
    precision = _ACLED_GEO[geo_code]
    admins = [f.string(k, optional=True) for k in ("admin3", "admin2", "admin1") if k in f.raw]
    where = ", ".join(a for a in admins if a.strip())
    location = f.string("location", blank=False)
    place = ClaimedPlace(
        name=location,
        lat=lat,
        lon=lon,
        country_code=_acled_country(f, lat, lon),
        precision=precision,
        radius_km=precision.default_radius_km,
        reason=f"ACLED geo_precision {geo_code}" + (f"; in {where}" if where else ""),
    )
    toll = f.whole("fatalities", optional=True)
    if toll is not None:
        require_count(toll, f"{f.where}: field 'fatalities'")
    sub_event = f.string("sub_event_type", blank=False).strip()
    try:
        event_type = EventType(_ACLED_TO_OURS.get(sub_event.lower(), sub_event.lower()))
    except ValueError:
        raise f._bad("sub_event_type", "one of ACLED's sub-event types", sub_event) from None
    notes = f.string("notes", optional=True).strip() if "notes" in f.raw else ""
    sentence = notes or f"ACLED event {event}: {sub_event} in {location}."
    published = end
    if "timestamp" in f.raw and f.raw["timestamp"].strip():
        stamp = f.whole("timestamp")
        assert stamp is not None
        if not 0 <= stamp <= 32_503_680_000:  # up to the year 3000
            raise f._bad("timestamp", "a Unix time in seconds", f.raw["timestamp"])
        published = dt.datetime.fromtimestamp(stamp, dt.UTC).date()
    sources = f.string("source", optional=True).strip() if "source" in f.raw else ""
    article = StoredArticle(
        id=0,
        hash=f"acled:{event}",
        outlet="ACLED",
        url=None,
        title=f"ACLED event {event}" + (f"; sources: {sources}" if sources else ""),
        published=published,
        path="",
        origin=ArticleOrigin.CURATED,
    )
    claim = Claim(
        index=0,
        sentences=(Quote(0, len(sentence), sentence),),
        event_type=event_type,
        date_start=start,
        date_end=end,
        date_precision=date_precision,
        place=place,
        fatalities_low=toll,
        fatalities_high=toll,
        actor=f.string("actor1"),
        target=f.string("actor2"),
        reasons=(f"imported from ACLED (event {event}, time_precision {time_code})",),
    )
    stored = StoredClaim(claim=claim, id=0, article=article)
    derived = derive([LinkedClaim(0, 0, article.outlet, claim)])
    return StoredIncident.from_derived(derived, id=f"acled-{event}", claims=(stored,))


def _read_acled(
    header: list[str], rows: list[tuple[int, dict[str, str]]], name: str
) -> ImportBatch:
    missing = [c for c in _ACLED_REQUIRED if c not in header]
    if "iso" not in header and "country" not in header:
        missing.append("country")
    if missing:
        raise DataError(
            f"{name}: not an ACLED export nor a strikemap CSV: the header lacks "
            f"{', '.join(missing)} (a strikemap CSV has a 'sources' column)"
        )
    incidents = []
    seen: dict[str, int] = {}
    for line, row in rows:
        event = row.get("event_id_cnty", "").strip()
        where = f"{name}: line {line}" + (f" (event {short_repr(event)})" if event else "")
        if event in seen:
            raise DataError(f"{where}: event_id_cnty appears twice (also line {seen[event]})")
        seen[event] = line
        incidents.append(_acled_incident(_Fields(row, where, text=True)))
    return _batch("acled", incidents, 0)


# --- the whole file --------------------------------------------------------------------------


def _article_order(incidents: Sequence[StoredIncident]) -> tuple[StoredArticle, ...]:
    """The articles in an order that keeps each incident's claims in their file order.

    The database orders an incident's claims by publication date, then by article id (the
    order articles were stored). Articles published on the same day are stored so that,
    wherever the file lists one before another, it is stored first (a topological order,
    ties by first mention); so derived fields that depend on claim order come out the same.
    """
    first: dict[str, tuple[int, StoredArticle]] = {}
    after: dict[str, set[str]] = {}
    blocked: dict[str, int] = {}
    for incident in incidents:
        chain = [c.article for c in incident.claims]
        for article in chain:
            if article.hash not in first:
                first[article.hash] = (len(first), article)
                after[article.hash], blocked[article.hash] = set(), 0
        for a, b in zip(chain, chain[1:], strict=False):
            if a.hash != b.hash and a.published == b.published and b.hash not in after[a.hash]:
                after[a.hash].add(b.hash)
                blocked[b.hash] += 1
    ready = [(pos, h) for h, (pos, _) in first.items() if blocked[h] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, h = heapq.heappop(ready)
        order.append(h)
        for nxt in after[h]:
            blocked[nxt] -= 1
            if blocked[nxt] == 0:
                heapq.heappush(ready, (first[nxt][0], nxt))
    placed = set(order)
    order += [h for h, _ in sorted(first.items(), key=lambda kv: kv[1][0]) if h not in placed]
    return tuple(first[h][1] for h in order)


def _batch(fmt: str, incidents: list[StoredIncident], sites: int) -> ImportBatch:
    where: dict[str, StoredArticle] = {}
    for incident in incidents:
        for claim in incident.claims:
            a = claim.article
            known = where.setdefault(a.hash, a)
            if (known.outlet, known.published, known.url, known.title, known.origin) != (
                a.outlet,
                a.published,
                a.url,
                a.title,
                a.origin,
            ):
                raise DataError(
                    f"incident {short_repr(incident.id)}: article {short_repr(a.hash)} is given "
                    "with different outlet, date, URL, title or origin elsewhere in the file"
                )
    return ImportBatch(fmt, tuple(incidents), _article_order(incidents), sites)


def read_import_file(path: str | os.PathLike[str], *, fmt: str | None = None) -> ImportBatch:
    """Parse an import file whole: our GeoJSON or CSV, or an ACLED CSV.

    ``fmt`` is one of :data:`IMPORT_FORMATS`; by default ``.geojson``/``.json`` files are
    GeoJSON and a ``.csv`` file is ours if it has a ``sources`` column, else ACLED's.

    Raises
    ------
    DataError
        If the file cannot be read or any record is malformed: one message naming the file
        and the feature or line, the field and the bad value.
    InvalidQueryError
        For an unknown ``fmt``, or a file whose format cannot be told.
    """
    target = Path(path)
    name = target.name
    if fmt is not None and fmt not in IMPORT_FORMATS:
        raise InvalidQueryError(
            f"the import format must be one of {', '.join(IMPORT_FORMATS)}, got {fmt!r}"
        )
    suffix = target.suffix.lower()
    if fmt is None and suffix not in (".geojson", ".json", ".csv"):
        raise InvalidQueryError(
            f"cannot tell the format of {str(target)!r} from its name; give --format "
            f"({', '.join(IMPORT_FORMATS)})"
        )
    data = read_input(target, f"import file {str(target)!r}", unreadable=repr(str(target)))
    text = decode_utf8(data, name, encoding="utf-8-sig")
    if fmt == "geojson" or (fmt is None and suffix in (".geojson", ".json")):
        return _read_geojson(text, name)
    header, rows = _csv_rows(text, name)
    ours = "sources" in header and "strikemap_event_type" in header
    if fmt == "csv" or (fmt is None and ours):
        missing = [
            c for c in ("event_id_cnty", "latitude", "longitude", "sources") if c not in header
        ]
        if missing:
            raise DataError(f"{name}: not a strikemap CSV: the header lacks {', '.join(missing)}")
        return _read_own_csv(header, rows, name)
    return _read_acled(header, rows, name)


def import_file(
    path: str | os.PathLike[str],
    store: IncidentStore,
    *,
    fmt: str | None = None,
    who: str | None = None,
) -> ImportReport:
    """Read an import file whole, then store it in one transaction; report what happened.

    The same as :func:`read_import_file` then :func:`import_batch`.
    """
    return import_batch(read_import_file(path, fmt=fmt), store, path=path, who=who)


def import_batch(
    batch: ImportBatch,
    store: IncidentStore,
    *,
    path: str | os.PathLike[str],
    who: str | None = None,
) -> ImportReport:
    """Store a parsed import file in one transaction; report what happened.

    The report's warnings name what the database does not keep as the file gives it: sites
    (the database holds incidents only), ids taken by other incidents (a suffix is added),
    and any figure, status, actor or event type that the stored claims derive differently
    from the file (the database keeps what the claims give).
    """
    target = Path(path)
    batch, superseded, warnings = _without_updated_acled(batch, store, target.name)
    result = store.import_incidents(
        batch.incidents, articles=batch.articles, path=target.name, who=who
    )
    if batch.aggregates_skipped:
        warnings.append(
            f"{batch.aggregates_skipped} aggregate statement(s) in {target.name} are not "
            "imported: the incident database keeps aggregates from the reports it ingests"
        )
    if batch.sites_skipped:
        warnings.append(
            f"{batch.sites_skipped} base(s) and headquarters in {target.name} are not imported: "
            "the incident database holds incidents; maps and exports use the curated sites"
        )
    for old, new in result.renamed.items():
        warnings.append(f"incident {old!r} is imported as {new!r}: its id is taken in {store.path}")
    added = set(result.added)
    for incident in batch.incidents:
        stored_id = result.renamed.get(incident.id, incident.id)
        if stored_id not in added:
            continue
        stored = store.incident(stored_id)
        for label, theirs, ours in (
            ("event type", incident.event_type, stored.event_type),
            ("fatalities", _toll(incident.fatalities), _toll(stored.fatalities)),
            ("status", incident.status, stored.status),
            ("actor", incident.actor, stored.actor),
            ("target", incident.target, stored.target),
            ("platform", incident.platform, stored.platform),
        ):
            if theirs != ours:
                theirs, ours = getattr(theirs, "value", theirs), getattr(ours, "value", ours)
                warnings.append(
                    f"incident {stored_id!r}: the file gives {label} {theirs!r}, its sources "
                    f"give {ours!r}; the database keeps what the sources give"
                )
    return ImportReport(target, batch, result, tuple(warnings), superseded)


def _without_updated_acled(
    batch: ImportBatch, store: IncidentStore, name: str
) -> tuple[ImportBatch, tuple[str, ...], list[str]]:
    """An ACLED batch without the records that update an event stored already.

    ACLED revises its records: the same ``event_id_cnty`` with new values and a new
    ``timestamp``. Stored as a new claim of the same ACLED article it would make a second
    incident (``acled-<event>-2``) for one event. Such a record is left out and named in a
    warning with what changed; a record equal to the stored one (only its timestamp moved)
    stays in the batch and adds nothing. Returns the batch, the stored incidents that the
    left-out records update, and the warnings.
    """
    if batch.format != "acled":
        return batch, (), []
    stored_articles = {a.hash for a in store.articles()}
    holders: dict[str, StoredIncident] | None = None  # by article hash, built if needed
    keep: list[StoredIncident] = []
    superseded: list[str] = []
    warnings: list[str] = []
    for incident in batch.incidents:
        (new,) = incident.claims  # an ACLED record is one claim of its own article
        if new.article.hash not in stored_articles:
            keep.append(incident)  # an event not seen before
            continue
        stored = _stored_incident(store, incident.id)
        if stored is None or all(c.article.hash != new.article.hash for c in stored.claims):
            if holders is None:  # renamed on import, or merged: look at every incident once
                holders = _acled_holders(store)
            stored = holders.get(new.article.hash)
        if stored is None:
            keep.append(incident)
            continue
        old = next(c for c in stored.claims if c.article.hash == new.article.hash)
        changes = _claim_changes(old.claim, new.claim)
        if not changes:
            keep.append(incident)  # the record as stored: the store finds it known
            continue
        if old.article.published != new.article.published:
            changes.insert(
                0,
                f"ACLED's timestamp {old.article.published.isoformat()} -> "
                f"{new.article.published.isoformat()}",
            )
        event = new.article.hash.removeprefix("acled:")
        superseded.append(stored.id)
        warnings.append(
            f"ACLED event {event!r} in {name} is an updated version of incident "
            f"{stored.id!r} ({'; '.join(changes)}): not imported, so that the event is not "
            "stored twice; correct the stored incident to apply it"
        )
    cited = {c.article.hash for i in keep for c in i.claims}
    kept = replace(
        batch,
        incidents=tuple(keep),
        articles=tuple(a for a in batch.articles if a.hash in cited),
    )
    return kept, tuple(superseded), warnings


def _stored_incident(store: IncidentStore, incident_id: str) -> StoredIncident | None:
    from geo.store.database import StoreError

    try:
        return store.incident(incident_id)
    except StoreError:
        return None


def _acled_holders(store: IncidentStore) -> dict[str, StoredIncident]:
    """The live incident holding each stored ACLED article's claim (one scan, when needed)."""
    return {
        c.article.hash: incident
        for incident in store.incidents()
        for c in incident.claims
        if c.article.hash.startswith("acled:")
    }


def _claim_changes(old: Claim, new: Claim) -> list[str]:
    """What differs between two versions of a claim: ``field old -> new``, by field name."""

    def flat(claim: Claim) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in claim.as_dict().items():
            if key == "index":
                continue
            if isinstance(value, dict):
                out.update({f"{key}.{k}": v for k, v in value.items()})
            else:
                out[key] = value
        return out

    before, after = flat(old), flat(new)
    return [
        f"{key} {_shown(before.get(key))} -> {_shown(after.get(key))}"
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    ]


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return short_repr(value)
    if isinstance(value, list):
        return short_repr(value)
    return "none" if value is None else str(value)


def _toll(fatalities: Fatalities | None) -> str:
    if fatalities is None:
        return "none reported"
    return f"{fatalities.low}/{fatalities.best}/{fatalities.high} (low/best/high)"
