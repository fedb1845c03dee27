"""KML 2.2 exports for Google Earth (see :mod:`geo.io.export` for what every format holds).

Report text is untrusted: it is escaped for XML everywhere (characters XML cannot carry
become U+FFFD) and, in the HTML balloons Google Earth renders, escaped for HTML too; only a
web address (``http``/``https``) becomes a link. No placemark refers to a network resource.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from geo.io.export import ExportData
from geo.io.tabular import (
    ExportTable,
    coordinate,
    csv_cell,
    export_metadata,
    in_bulk,
    json_line,
    tenth,
)
from geo.model.records import LocationPrecision
from geo.store.database import StoredIncident

__all__ = ["render_kml"]


# --- KML -------------------------------------------------------------------------------------

_KML_NS = "http://www.opengis.net/kml/2.2"
# Characters XML 1.0 cannot carry at all: shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WEB_LINK = re.compile(r"https?://\S+", re.IGNORECASE)

_KML_STYLES = {  # aabbggrr colours
    "incident": ("ff1c24c0", "ff1c247b"),
    "base": ("ff8b5a1f", "ff8b5a1f"),
    "headquarters": ("ff4a2d6c", "ff4a2d6c"),
    "area": ("ff0f7ae6", "200f7ae6"),
    "line": ("cc555555", "00000000"),
}


def _xml(text: Any) -> str:
    return _NOT_XML.sub("\ufffd", "" if text is None else str(text))


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = _xml(text)
    return element


def _kml_coords(coords: Iterable[Sequence[float]]) -> str:
    return " ".join(f"{coordinate(x)!r},{coordinate(y)!r}" for x, y, *_ in coords)


def _kml_geometry(parent: ET.Element, geom: Any) -> None:
    kind = geom.geom_type
    if kind.startswith("Multi"):
        multi = _sub(parent, "MultiGeometry")
        for part in geom.geoms:
            _kml_geometry(multi, part)
    elif kind == "Polygon":
        polygon = _sub(parent, "Polygon")
        outer = _sub(_sub(polygon, "outerBoundaryIs"), "LinearRing")
        _sub(outer, "coordinates", _kml_coords(geom.exterior.coords))
        for hole in geom.interiors:
            inner = _sub(_sub(polygon, "innerBoundaryIs"), "LinearRing")
            _sub(inner, "coordinates", _kml_coords(hole.coords))
    elif kind == "LineString":
        line = _sub(parent, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", _kml_coords(geom.coords))
    else:  # Point
        _sub(_sub(parent, "Point"), "coordinates", _kml_coords(geom.coords))


def _time_span(parent: ET.Element, incident: StoredIncident) -> None:
    span = _sub(parent, "TimeSpan")
    _sub(span, "begin", f"{incident.date_start.isoformat()}T00:00:00Z")
    _sub(span, "end", f"{incident.date_end.isoformat()}T23:59:59Z")


def _shape_mark(
    folder: ET.Element,
    name: str,
    incident: StoredIncident,
    style: str,
    fields: Mapping[str, Any],
    geom: Any,
) -> None:
    """A placemark of an incident's area or line: name, time span, style, fields, geometry."""
    mark = _sub(folder, "Placemark")
    _sub(mark, "name", name)
    _time_span(mark, incident)
    _sub(mark, "styleUrl", f"#{style}")
    _extended(mark, fields)
    _kml_geometry(mark, geom)


def _extended(parent: ET.Element, row: Mapping[str, Any], *, id_name: str = "id") -> None:
    extended = _sub(parent, "ExtendedData")
    for name, value in row.items():
        if name == "id":  # readers (GDAL's LIBKML) keep "id" for the placemark's own id
            name = id_name
        if isinstance(value, list):
            value = json_line(value) if name == "sources" else "; ".join(map(str, value))
        data = _sub(extended, "Data", name=name)
        _sub(data, "value", csv_cell(value))


def _incident_balloon(row: Mapping[str, Any], incident: StoredIncident) -> str:
    """The balloon's HTML: every report text escaped (Google Earth renders it as HTML)."""
    from geo.maps.markup import escape_html

    def killed() -> str:
        if row["fatalities_low"] is None:
            return "toll not reported"
        low, best, high = row["fatalities_low"], row["fatalities_best"], row["fatalities_high"]
        return f"{best} killed" if low == high else f"{best} killed ({low}–{high})"

    parts = [
        f"<b>{escape_html(row['event_type'])}</b>, {escape_html(_date_text(incident))}",
        f"{escape_html(row['place_name'])}, {escape_html(row['country'] or row['country_code'])}"
        f" ({escape_html(LocationPrecision(row['location_precision']).label)}, within "
        f"{row['uncertainty_radius_km']:g} km)",
        f"{escape_html(killed())}; {escape_html(row['status'])}",
    ]
    if row["actor"] or row["target"]:
        parts.append(f"actor: {escape_html(row['actor'])}; target: {escape_html(row['target'])}")
    if row["nearest_launch_site"]:
        parts.append(
            f"nearest launch site: {escape_html(row['nearest_launch_site'])}, "
            f"{row['nearest_launch_site_km']:,.1f} km ({row['nearest_launch_site_mi']:,.1f} mi)"
        )
    items = []
    for c in incident.claims:
        url = c.article.url or ""
        link = (
            f' <a href="{escape_html(url)}">{escape_html(url)}</a>'
            if _WEB_LINK.fullmatch(url)
            else (f" {escape_html(url)}" if url else "")
        )
        items.append(
            f"<li>{escape_html(c.article.outlet)}, {c.article.published.isoformat()}: "
            f"&#8220;{escape_html(c.sentence)}&#8221;{link}</li>"
        )
    return "<br>".join(parts) + "<br><b>Sources</b><ul>" + "".join(items) + "</ul>"


def _aggregate_balloon(row: Mapping[str, Any]) -> str:
    """An aggregate statement's balloon: every text escaped, as the incidents'."""
    from geo.maps.markup import escape_html

    def span(low: int | None, high: int | None, what: str) -> str:
        if low is None and high is None:
            return f"{what}: not stated"
        if low == high:
            return f"{what}: {low}"
        return f"{what}: {'?' if low is None else low}–{'?' if high is None else high}"

    period = " to ".join(dict.fromkeys(d for d in (row["period_start"], row["period_end"]) if d))
    parts = [
        f"<b>{escape_html(row['statement'])}</b>",
        f"{escape_html(row['place_name'])}, {escape_html(row['country'] or row['country_code'])}"
        f"; {escape_html(period or 'period not stated')}",
        escape_html(
            f"{span(row['strikes_low'], row['strikes_high'], 'strikes')}; "
            f"{span(row['fatalities_low'], row['fatalities_high'], 'killed')}"
        ),
        f"covers: {escape_html(', '.join(row['incident_ids']) or 'no incident one by one')}",
        f"check: {escape_html(row['check'])}",
    ]
    items = "".join(
        f"<li>{escape_html(s['outlet'])}: &#8220;{escape_html(s['statement'])}&#8221;</li>"
        for s in row["sources"]
    )
    return "<br>".join(parts) + "<br><b>Sources</b><ul>" + items + "</ul>"


def _date_text(incident: StoredIncident) -> str:
    if incident.date_start == incident.date_end:
        return incident.date_start.isoformat()
    return f"{incident.date_start.isoformat()} to {incident.date_end.isoformat()}"


@in_bulk
def render_kml(data: ExportData) -> str:
    """The export as KML 2.2 for Google Earth.

    Folders: incidents (each with a ``TimeSpan`` from the first to the last day it may have
    happened, so the time slider works), bases and headquarters, uncertainty areas (with the
    incident's time span), the geodesic lines to the nearest launch site, and the aggregate
    statements (placemarks without geometry, with their period as a ``TimeSpan``). Each
    placemark has a plain-text ``name``, an HTML ``description`` in which report text is
    escaped, and its fields as ``ExtendedData``; the balloon shows the description only.
    """
    from geo.maps.markup import escape_html

    table = ExportTable(data)
    ET.register_namespace("", _KML_NS)
    kml = ET.Element("kml", {"xmlns": _KML_NS})
    doc = _sub(kml, "Document")
    _sub(doc, "name", "strikemap export")
    meta = {**export_metadata(data), "filter": data.incident_filter.describe()}
    _sub(doc, "description", "<br>".join(escape_html(f"{k}: {v}") for k, v in sorted(meta.items())))
    for style_id, (line, fill) in _KML_STYLES.items():
        style = _sub(doc, "Style", id=style_id)
        if style_id in ("incident", "base", "headquarters"):
            icon = _sub(style, "IconStyle")
            _sub(icon, "color", line)
            _sub(icon, "scale", "1.1" if style_id == "incident" else "0.9")
        else:
            line_style = _sub(style, "LineStyle")
            _sub(line_style, "color", line)
            _sub(line_style, "width", "1.5")
            _sub(_sub(style, "PolyStyle"), "color", fill)
        _sub(_sub(style, "BalloonStyle"), "text", "$[description]")

    incidents = _sub(doc, "Folder")
    _sub(incidents, "name", "Incidents")
    for k, incident in enumerate(data.incidents):
        row = table.row(k)
        mark = _sub(incidents, "Placemark")
        killed = (
            "toll not reported"
            if row["fatalities_best"] is None
            else f"{row['fatalities_best']} killed"
        )
        _sub(mark, "name", f"{_date_text(incident)} · {row['place_name']} · {killed}")
        _sub(mark, "description", _incident_balloon(row, incident))
        _time_span(mark, incident)
        _sub(mark, "styleUrl", "#incident")
        _extended(mark, row, id_name="incident_id")
        lon, lat = table.lon_lat(k)
        _sub(_sub(mark, "Point"), "coordinates", f"{lon!r},{lat!r}")

    sites = _sub(doc, "Folder")
    _sub(sites, "name", "Bases and headquarters")
    for site in data.sites:
        row = table.site_row(site)
        mark = _sub(sites, "Placemark")
        _sub(mark, "name", site.name)
        statements = "".join(
            f"<li>{escape_html(s['outlet'])}: {escape_html(s['statement'])}</li>"
            for s in row["sources"]
        )
        _sub(
            mark,
            "description",
            f"<b>{escape_html(site.name)}</b> ({escape_html(site.kind.value.replace('_', ' '))})"
            f"<br>{escape_html(site.role)}<ul>{statements}</ul>",
        )
        _sub(mark, "styleUrl", f"#{row['kind']}")
        _extended(mark, row, id_name="site_id")
        _sub(
            _sub(mark, "Point"),
            "coordinates",
            f"{coordinate(site.lon)!r},{coordinate(site.lat)!r}",
        )

    areas = _sub(doc, "Folder")
    _sub(areas, "name", "Uncertainty areas")
    for k, polygon in table.areas():
        incident = data.incidents[k]
        assert incident.place is not None
        _shape_mark(
            areas,
            f"{incident.place.name}: within {tenth(incident.place.radius_km):g} km",
            incident,
            "area",
            {"incident_id": incident.id, "uncertainty_radius_km": tenth(incident.place.radius_km)},
            polygon,
        )

    lines = _sub(doc, "Folder")
    _sub(lines, "name", "Distance to nearest launch site")
    for k, line in table.lines():
        incident = data.incidents[k]
        near = table.nearest[k]
        assert near is not None
        _shape_mark(
            lines,
            f"{near.km:,.0f} km ({near.miles:,.0f} mi) to {near.site.name}",
            incident,
            "line",
            {
                "incident_id": incident.id,
                "site_id": near.site.id,
                "distance_km": tenth(near.km),
                "distance_mi": tenth(near.miles),
            },
            line,
        )

    tallies = _sub(doc, "Folder")
    _sub(tallies, "name", "Aggregate statements")
    for aggregate in data.aggregates:
        row = table.aggregate_row(aggregate)
        mark = _sub(tallies, "Placemark")  # no geometry: a tally of many events
        _sub(mark, "name", f"{aggregate.place_name}: {aggregate.statement}")
        _sub(mark, "description", _aggregate_balloon(row))
        if aggregate.period_start is not None and aggregate.period_end is not None:
            span = _sub(mark, "TimeSpan")
            _sub(span, "begin", f"{aggregate.period_start.isoformat()}T00:00:00Z")
            _sub(span, "end", f"{aggregate.period_end.isoformat()}T23:59:59Z")
        _extended(mark, row, id_name="aggregate_id")

    ET.indent(kml, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode") + "\n"
