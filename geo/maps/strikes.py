r"""Strikes drawn from data: one JSON payload per map, markers and popups built in the browser.

A map of 100,000 strikes cannot carry 100,000 Python-built markers, each with its own HTML
popup (54 MB and 770,000 DOM nodes for 10,000). Here the strikes travel as one compact
payload (:func:`strike_payload`), embedded in the page as data: a ``<script
type="application/json">`` element, never script or template source. The page's script
(:data:`STRIKES_JS`) parses it and draws a circle per strike. Up to :data:`FAST_ABOVE`
strikes they go into a Leaflet.markercluster group; above, markercluster is too slow (about
10 s of script for 100,000 strikes), and the page groups the strikes in view by grid cell at
each zoom itself, putting only the bubbles and strikes in view into the page. Either way a
click on a bubble zooms in, or fans its strikes out when they share a point. A popup or
tooltip is built only when one is opened, from the strike's values, with ``textContent``:
record text is never parsed as HTML. Uncertainty areas come from the same data.

In the page, ``layer.strikemapRows(keep)`` gives the row numbers of the strikes for which
``keep(k, data)`` holds and ``layer.strikemapShow(rows, done)`` draws only those (a time
filter's hooks); ``layer.strikemapData`` is the parsed payload (``data.column(name)``,
``data.row(k)``, ``data.count``).

The payload uses arrays only (no JSON objects), so every ``{`` or ``}`` in it lies inside a
string and is written as ``\u007b``/``\u007d``, like ``< > & ' $`` and the backtick
(:func:`json_for_html`): the page holds no text that a template engine or an HTML parser
would act on, in any of its copies (folium's page, streamlit-folium's component).

Payload layout (version :data:`PAYLOAD_VERSION`)::

    [version, strings, sources, sites, fields, columns]

* ``strings``: a table of repeated strings (places, labels, outlets ...); values of the fields
  named in :data:`STRING_FIELDS` are indices into it (``-1``: none);
* ``sources``: ``[outlet, published label, url or null]`` per cited source (strings inline);
* ``sites``: ``[name, lat, lon]`` per launch site (bases and airfields, not headquarters);
* ``fields``: the names of a strike's values, :data:`ROW_FIELDS`;
* ``columns``: one array per field, in ``fields`` order, holding that value for every strike
  (strike ``k``'s values are ``columns[f][k]``); ``claims`` holds a list per strike of
  ``[source index, statement, fatalities or null, 1 if quoted else 0]``.

Columns, not one array per strike: alike values lie side by side, so the gzipped page is a
fifth smaller (10,000 strikes: 397 kB of gzip, not 478 kB), and the browser reads the
coordinates it draws from two arrays without touching the rest.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson
from branca.element import Figure
from folium.map import Layer
from jinja2 import Template

from gazetteer.geodesy import Distance
from geo.model.records import Incident, LocationPrecision, Site, Source

__all__ = [
    "AREA_LIMIT",
    "AREA_PRECISIONS",
    "FAST_ABOVE",
    "PAYLOAD_VERSION",
    "ROW_FIELDS",
    "STRING_FIELDS",
    "AreaLayer",
    "StrikeLayer",
    "ToolsControl",
    "data_element",
    "json_for_html",
    "launch_sites_near",
    "NearestSites",
    "nearest_launch_sites",
    "nearest_sites_of",
    "strike_payload",
]

PAYLOAD_VERSION = 2

#: A strike's values, in the payload's column order.
ROW_FIELDS = (
    "id",
    "lat",
    "lon",
    "day_start",  # days since 1970-01-01
    "day_end",
    "date",  # the date as precisely as it is known (Incident.date_label)
    "date_precision",
    "event",
    "place",
    "country",
    "precision",  # the location precision's label ("near a town")
    "radius_km",
    "area",  # 1 when the strike is drawn as an area too (known only near a town or wider)
    "low",
    "best",
    "high",
    "status",
    "actor",
    "target",
    "platform",
    "coord_source",
    "nearest",  # index into sites, or -1
    "nearest_km",
    "notes",
    "conflicts",
    "claims",
)
#: Row values stored as indices into the payload's string table.
STRING_FIELDS = frozenset(
    {
        "date",
        "date_precision",
        "event",
        "place",
        "country",
        "precision",
        "status",
        "actor",
        "target",
        "platform",
        "coord_source",
    }
)

#: With more strikes than this, a map clusters them with its own grid, not markercluster.
FAST_ABOVE = 5_000

#: With more uncertainty areas than this, their layer starts hidden (drawn when shown).
AREA_LIMIT = 2_000

_EPOCH = dt.date(1970, 1, 1)
#: Strikes known only this precisely get an uncertainty area as well as a point.
AREA_PRECISIONS = frozenset(
    {
        LocationPrecision.NEAR_TOWN,
        LocationPrecision.DISTRICT,
        LocationPrecision.REGION,
        LocationPrecision.COUNTRY,
    }
)


#: Mean Earth radius (IUGG), for the spherical screening of candidate sites.
_SPHERE_KM = 6371.0088
#: A spherical distance is within 0.6 % of the WGS-84 geodesic one: a site whose spherical
#: distance exceeds the smallest by more than this share cannot be the nearest.
_SPHERE_MARGIN = 0.01


def _sphere_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distances on the mean sphere (haversine), broadcast over arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * _SPHERE_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


@dataclass(frozen=True, slots=True)
class NearestSites:
    """Each of ``n`` points' nearest launch site, as arrays (one entry per point).

    ``index`` is the site's position in the list searched (``-1``: there was no site),
    ``km`` and ``bearing`` the geodesic distance (WGS-84) and the initial bearing from the
    point to the site, in degrees clockwise from north (``nan`` where there was no site).
    """

    index: np.ndarray
    km: np.ndarray
    bearing: np.ndarray

    def __post_init__(self) -> None:
        if not (len(self.index) == len(self.km) == len(self.bearing)):
            raise ValueError(
                "NearestSites: index, km and bearing must have one entry per point; got "
                f"{len(self.index)!r}, {len(self.km)!r}, {len(self.bearing)!r}"
            )

    def __len__(self) -> int:
        return len(self.index)

    def found(self, k: int, sites: Sequence[Site]) -> tuple[Site, Distance] | None:
        """Point ``k``'s nearest site in ``sites`` (the list searched) and its distance."""
        j = int(self.index[k])
        if j < 0:
            return None
        return sites[j], Distance(float(self.km[k]), float(self.bearing[k]))


def nearest_sites_of(
    lats: Sequence[float] | np.ndarray,
    lons: Sequence[float] | np.ndarray,
    launch_sites: Sequence[Site],
) -> NearestSites:
    """The nearest launch site of every point, in bulk (see :class:`NearestSites`).

    The sites that could be nearest are screened on the sphere (NumPy, all pairs); the
    geodesic (one vectorised pyproj call) is computed only for those within
    ``_SPHERE_MARGIN`` of a point's spherically nearest site, usually one or two of them.
    The result is the geodesic nearest, as if every pair were measured: 100,000 points and
    six sites take about 0.2 s, not 0.7 s for every pair or 15 s one pair at a time. Ties go
    to the site listed first.
    """
    from gazetteer.geodesy import _GEOD

    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    if lat.shape != lon.shape or lat.ndim != 1:
        raise ValueError(f"lats and lons: one value per point; got {lat.shape!r}, {lon.shape!r}")
    n = len(lat)
    if not n or not launch_sites:
        return NearestSites(np.full(n, -1, dtype=int), np.full(n, np.nan), np.full(n, np.nan))
    slat = np.array([s.lat for s in launch_sites], dtype=float)
    slon = np.array([s.lon for s in launch_sites], dtype=float)
    sphere = _sphere_km(lat[:, None], lon[:, None], slat[None, :], slon[None, :])
    limit = sphere.min(axis=1) * (1.0 + _SPHERE_MARGIN) + 1.0
    rows, cols = np.nonzero(sphere <= limit[:, None])
    azimuth, _, metres = _GEOD.inv(lon[rows], lat[rows], slon[cols], slat[cols])
    km = np.full(sphere.shape, np.inf)
    km[rows, cols] = np.asarray(metres) / 1000.0
    bearing = np.zeros(sphere.shape)
    bearing[rows, cols] = np.asarray(azimuth) % 360.0
    best = km.argmin(axis=1)
    at = np.arange(n)
    return NearestSites(best, km[at, best], bearing[at, best])


def nearest_launch_sites(
    incidents: Sequence[Incident], launch_sites: Sequence[Site]
) -> list[tuple[Site, Distance] | None]:
    """Each incident's nearest launch site and the geodesic distance to it (WGS-84).

    :func:`nearest_sites_of` for the incidents' points, one pair each. ``None`` for every
    incident when there is no launch site.
    """
    found = nearest_sites_of([i.lat for i in incidents], [i.lon for i in incidents], launch_sites)
    return [found.found(k, launch_sites) for k in range(len(found))]


def launch_sites_near(
    incidents: Sequence[Incident], launch_sites: Sequence[Site], *, limit_km: float = 1500.0
) -> list[Site]:
    """The launch sites within ``limit_km`` of any incident (maps are fitted to show them).

    Screened on the sphere; the geodesic decides only for points whose spherical distance
    lies within ``_SPHERE_MARGIN`` of the limit.
    """
    from gazetteer.geodesy import _GEOD

    if not incidents:
        return []
    lats = np.array([i.lat for i in incidents], dtype=float)
    lons = np.array([i.lon for i in incidents], dtype=float)
    near = []
    for site in launch_sites:
        sphere = _sphere_km(lats, lons, site.lat, site.lon)
        if float(sphere.min()) <= limit_km * (1.0 - _SPHERE_MARGIN):
            near.append(site)
            continue
        band = sphere <= limit_km * (1.0 + _SPHERE_MARGIN)
        if not band.any():
            continue
        _, _, metres = _GEOD.inv(
            np.full(int(band.sum()), site.lon),
            np.full(int(band.sum()), site.lat),
            lons[band],
            lats[band],
        )
        if float(np.min(metres)) <= limit_km * 1000.0:
            near.append(site)
    return near


def strike_payload(
    incidents: Sequence[Incident],
    sources: Mapping[str, Source],
    launch_sites: Sequence[Site],
    nearest_found: NearestSites | Sequence[tuple[Site, Distance] | None] | None = None,
) -> list[Any]:
    """The strikes as the page's data (see the module's docstring for the layout).

    ``nearest_found`` is each incident's nearest launch site: :func:`nearest_sites_of`'s
    value for the incidents' points (the fast form), or :func:`nearest_launch_sites`'s;
    it is computed when not given. A claim citing a source not in ``sources`` shows the
    source's id as its outlet, "date not recorded".
    """
    shown = list(incidents)
    if nearest_found is None:
        nearest_found = nearest_sites_of(
            [i.lat for i in shown], [i.lon for i in shown], launch_sites
        )
    if len(nearest_found) != len(shown):
        raise ValueError(f"nearest_found: one per incident, {len(shown)}; got {len(nearest_found)}")
    if isinstance(nearest_found, NearestSites):
        nearest = nearest_found.index.tolist()
        nearest_km_list = [
            None if j < 0 else round(km, 1)
            for j, km in zip(nearest, nearest_found.km.tolist(), strict=True)
        ]
    else:
        site_index = {site.id: k for k, site in enumerate(launch_sites)}
        nearest = [-1 if f is None else site_index[f[0].id] for f in nearest_found]
        nearest_km_list = [None if f is None else round(f[1].km, 1) for f in nearest_found]

    # Sources in the order first cited; each claim refers to its source's row.
    source_index: dict[str, int] = {}
    source_rows: list[list[Any]] = []
    for source_id in dict.fromkeys(c.source_id for i in shown for c in i.claims):
        known = sources.get(source_id)
        source_index[source_id] = len(source_rows)
        source_rows.append(
            [source_id, "date not recorded", None]
            if known is None
            else [known.outlet, known.published_label, known.url]
        )

    # The string table, in the order values are first met, column by column (-1: none).
    strings: dict[str, int] = {}

    def texts(values: Sequence[str]) -> list[int]:
        put = strings.setdefault
        return [put(v, len(strings)) if v else -1 for v in values]

    # column by column, each one pass over the incidents (a fifth faster than row by row)
    fatalities = [i.fatalities for i in shown]
    precisions = [i.location_precision for i in shown]
    column: dict[str, list[Any]] = {
        "id": [i.id for i in shown],
        "lat": [round(i.lat, 5) for i in shown],
        "lon": [round(i.lon, 5) for i in shown],
        "day_start": [(i.date_start - _EPOCH).days for i in shown],
        "day_end": [(i.date_end - _EPOCH).days for i in shown],
        "date": texts([i.date_label for i in shown]),
        "date_precision": texts([i.date_precision.value for i in shown]),
        "event": texts([str(i.event_type.value) for i in shown]),
        "place": texts([i.place_name for i in shown]),
        "country": texts([i.country_code for i in shown]),
        "precision": texts([p.label for p in precisions]),
        "radius_km": [round(i.uncertainty_radius_km, 1) for i in shown],
        "area": [1 if p in AREA_PRECISIONS else 0 for p in precisions],
        "low": [None if f is None else f.low for f in fatalities],
        "best": [None if f is None else f.best for f in fatalities],
        "high": [None if f is None else f.high for f in fatalities],
        "status": texts([i.status.value if i.status else "" for i in shown]),
        "actor": texts([i.actor for i in shown]),
        "target": texts([i.target for i in shown]),
        "platform": texts([i.platform for i in shown]),
        "coord_source": texts([i.coord_source for i in shown]),
        "nearest": nearest,
        "nearest_km": nearest_km_list,
        "notes": [i.notes or None for i in shown],
        "conflicts": [list(i.conflicts) for i in shown],
        "claims": [
            [
                [source_index[c.source_id], c.statement, c.fatalities, 1 if c.quote else 0]
                for c in i.claims
            ]
            for i in shown
        ],
    }
    sites = [[s.name, round(s.lat, 5), round(s.lon, 5)] for s in launch_sites]
    columns = [column[name] for name in ROW_FIELDS]
    return [PAYLOAD_VERSION, list(strings), source_rows, sites, list(ROW_FIELDS), columns]


def _dumps(payload: list[Any]) -> str:
    """Compact JSON, UTF-8 characters as they are.

    orjson (the same text as ``json.dumps`` with these options, about seven times faster),
    ``json`` for what orjson refuses (an integer beyond 64 bits). A NaN or an infinity
    becomes ``null`` (JSON has no such value); the records a map draws hold none (their
    coordinates, radii and distances are validated finite).
    """
    try:
        return orjson.dumps(payload).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


_HTML_UNSAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("'", "\\u0027"),
    ("$", "\\u0024"),
    ("`", "\\u0060"),
    ("{", "\\u007b"),
    ("}", "\\u007d"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def json_for_html(payload: list[Any]) -> str:
    r"""JSON text that is inert inside an HTML ``<script>`` element and any template engine.

    ``payload`` must hold no dict (arrays, strings, numbers, ``None`` only): then every
    ``{`` and ``}`` in the text is inside a string, and it is escaped there like ``< > & ' $``
    and the backtick. ``JSON.parse`` gives the values back unchanged. (A dict deeper down
    would make the text invalid JSON, which the browser refuses: never a silent change.)

    Examples
    --------
    >>> json_for_html([1, "</script><b>{{7*7}}</b>", None])
    '[1,"\\u003c/script\\u003e\\u003cb\\u003e\\u007b\\u007b7*7\\u007d\\u007d\\u003c/b\\u003e",null]'
    >>> json_for_html([{"a": 1}])
    Traceback (most recent call last):
    ...
    TypeError: a map payload holds arrays, not objects: got {'a': 1}
    """
    for item in payload:
        if isinstance(item, dict) or (
            isinstance(item, list) and any(isinstance(x, dict) for x in item[:1])
        ):
            bad = item if isinstance(item, dict) else item[0]
            raise TypeError(f"a map payload holds arrays, not objects: got {bad!r}")
    text = _dumps(payload)
    for char, escape in _HTML_UNSAFE:  # one C-speed pass per character: faster than translate
        text = text.replace(char, escape)
    return text


#: A payload whose JSON is longer than this travels gzipped, in base64.
COMPRESS_ABOVE = 256_000


def data_element(payload: list[Any], element_id: str) -> str:
    """The page element that carries ``payload``: JSON, or gzipped JSON in base64 when large.

    A payload of more than :data:`COMPRESS_ABOVE` characters of JSON is compressed (about a
    fifth of the size: 100,000 strikes with their sources take 6 MB, not 31), marked
    ``data-encoding="gzip+base64"``; the browser inflates it with ``DecompressionStream``.
    Either way the element holds no character an HTML parser or a template engine acts on.
    """
    return _data_element(json_for_html(payload), element_id)


def _data_element(text: str, element_id: str) -> str:
    if len(text) <= COMPRESS_ABOVE:
        return f'<script type="application/json" id="{element_id}">{text}</script>'
    # level 4: 100,000 strikes' 31 MB of JSON in about 0.6 s, not 2.2 s at level 6, for a
    # tenth more bytes (4.5 MB, not 4.1)
    packed = base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=4, mtime=0))
    return (
        f'<script type="application/octet-stream" data-encoding="gzip+base64" '
        f'id="{element_id}">{packed.decode("ascii")}</script>'
    )


class _DataLayer(Layer):
    """A layer whose page parts are built here and added as data, never compiled as templates.

    ``script_js`` is the layer's code (this module's constant, with element names filled in);
    a subclass may add ``data_html`` to the page's body. streamlit-folium reads the script
    through ``_template.module.script``: the macro only substitutes the value.
    """

    _template = Template("{% macro script(this, kwargs) %}{{ this.script_js }}{% endmacro %}")
    script_js = ""
    data_html = ""

    def map_name(self) -> str:
        """The JavaScript name of the map this layer was added to."""
        parent = self._parent
        assert parent is not None, f"add the {type(self).__name__} to a map before rendering it"
        return parent.get_name()

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # branca: -> str
        from geo.maps.render import _Verbatim

        figure = self.get_root()
        assert isinstance(figure, Figure), "render this layer inside a map"
        if self.data_html:
            figure.html.add_child(_Verbatim(self.data_html), name=f"{self.get_name()}_data")
        figure.script.add_child(_Verbatim(self.script_js), name=self.get_name())


class StrikeLayer(_DataLayer):
    """The strikes, clustered, with popups and tooltips built in the browser on demand.

    Parameters
    ----------
    payload
        :func:`strike_payload`'s value.
    name
        The layer's name in the layer control.
    cluster_radius_px
        Strikes closer than this (in screen pixels) are drawn as one numbered bubble. Strikes
        at the very same point are always grouped, and fan out when their bubble is clicked.
    """

    def __init__(self, payload: list[Any], *, name: str, cluster_radius_px: int = 60) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "StrikeLayer"
        self.payload = payload
        self.cluster_radius_px = cluster_radius_px
        self.n_strikes = len(payload[5][0]) if payload[5] else 0

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the payload to the page's body and the layer's code to its script.

        The payload's element is named by a digest of the payload, not by the element's
        name or id: streamlit-folium renames ``..._<element id>`` names in the script (not in
        the HTML) and changes element ids, which would leave the script looking for an
        element that is not there; and the same strikes give the same script, so the app's
        map component is not rebuilt when the page runs again.
        """
        text = json_for_html(self.payload)
        data_id = f"strikemap-data-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:20]}"
        self.data_html = _data_element(text, data_id)
        self.script_js = _LIBRARY_JS + (
            STRIKES_JS.replace("__LAYER__", self.get_name())
            .replace("__MAP__", self.map_name())
            .replace("__DATA_ID__", data_id)
            .replace("__RADIUS__", str(int(self.cluster_radius_px)))
            .replace("__FAST_ABOVE__", f"{FAST_ABOVE:,}")
            .replace("__FAST__", "true" if self.n_strikes > FAST_ABOVE else "false")
        )
        super().render(**kwargs)


class ToolsControl(_DataLayer):
    """Range rings around the launch sites at radii the analyst types, and a measuring tool.

    The rings are geodesic circles (WGS-84, a point every 5 degrees of bearing); the
    measuring tool gives the geodesic distance between two clicks in km, miles and nautical
    miles. Both run in the browser, from the strike layer's site list.
    """

    def __init__(self, strikes: StrikeLayer) -> None:
        super().__init__(name="Range rings and measuring", overlay=True, control=False)
        self._name = "ToolsControl"
        self.strikes = strikes

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the control's code to the page's script."""
        self.script_js = (
            TOOLS_JS.replace("__LAYER__", self.get_name())
            .replace("__STRIKES__", self.strikes.get_name())
            .replace("__MAP__", self.map_name())
        )
        super().render(**kwargs)


class AreaLayer(_DataLayer):
    """The uncertainty areas of a :class:`StrikeLayer`'s imprecise strikes (dashed circles).

    With more than :data:`AREA_LIMIT` areas the layer starts hidden and draws them on a
    canvas when the analyst shows it.
    """

    def __init__(self, strikes: StrikeLayer, *, name: str, n_areas: int) -> None:
        super().__init__(name=name, overlay=True, control=True, show=n_areas <= AREA_LIMIT)
        self._name = "AreaLayer"
        self.strikes = strikes
        self.n_areas = n_areas

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the layer's code to the page's script."""
        self.script_js = (
            AREAS_JS.replace("__LAYER__", self.get_name())
            .replace("__STRIKES__", self.strikes.get_name())
            .replace("__MAP__", self.map_name())
            .replace("__SHOW__", "true" if self.show else "false")
            .replace("__CANVAS__", "true" if self.n_areas > AREA_LIMIT else "false")
        )
        super().render(**kwargs)


# --- the browser side ---------------------------------------------------------------------

# Shared helpers, defined once per page: popups and tooltips as DOM nodes (text only through
# textContent), geodesic distances (Vincenty's inverse formula on WGS-84).
_LIBRARY_JS = r"""
window.strikemapLib = window.strikemapLib || (function () {
  "use strict";
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // WGS-84 geodesic distance in km (Vincenty's inverse formula; NaN if it does not converge).
  function geodesicKm(lat1, lon1, lat2, lon2) {
    var a = 6378137.0, f = 1 / 298.257223563, b = a * (1 - f), rad = Math.PI / 180;
    var L = (lon2 - lon1) * rad;
    var U1 = Math.atan((1 - f) * Math.tan(lat1 * rad));
    var U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L, iter = 0, sinS, cosS, sigma, cos2A, cos2Sm, lambdaP;
    do {
      var sinL = Math.sin(lambda), cosL = Math.cos(lambda);
      sinS = Math.sqrt(Math.pow(cosU2 * sinL, 2) +
        Math.pow(cosU1 * sinU2 - sinU1 * cosU2 * cosL, 2));
      if (sinS === 0) return 0;
      cosS = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
      sigma = Math.atan2(sinS, cosS);
      var sinA = cosU1 * cosU2 * sinL / sinS;
      cos2A = 1 - sinA * sinA;
      cos2Sm = cos2A !== 0 ? cosS - 2 * sinU1 * sinU2 / cos2A : 0;
      var C = f / 16 * cos2A * (4 + f * (4 - 3 * cos2A));
      lambdaP = lambda;
      lambda = L + (1 - C) * f * sinA *
        (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm * cos2Sm)));
    } while (Math.abs(lambda - lambdaP) > 1e-12 && ++iter < 200);
    if (iter >= 200) return NaN;
    var u2 = cos2A * (a * a - b * b) / (b * b);
    var A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    var B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    var dS = B * sinS * (cos2Sm + B / 4 * (cosS * (-1 + 2 * cos2Sm * cos2Sm) -
      B / 6 * cos2Sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2Sm * cos2Sm)));
    return b * A * (sigma - dS) / 1000;
  }
  // WGS-84 geodesic destination from a point, bearing and distance (Vincenty's direct formula).
  function destination(lat1, lon1, bearingDeg, distanceKm) {
    var a = 6378137.0, f = 1 / 298.257223563, b = a * (1 - f), rad = Math.PI / 180;
    var alpha1 = bearingDeg * rad, s = distanceKm * 1000;
    var sinA1 = Math.sin(alpha1), cosA1 = Math.cos(alpha1);
    var tanU1 = (1 - f) * Math.tan(lat1 * rad), cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
    var sinU1 = tanU1 * cosU1, sigma1 = Math.atan2(tanU1, cosA1);
    var sinA = cosU1 * sinA1, cos2A = 1 - sinA * sinA;
    var u2 = cos2A * (a * a - b * b) / (b * b);
    var A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    var B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    var sigma = s / (b * A), sigmaP, iter = 0, cos2Sm, sinS, cosS;
    do {
      cos2Sm = Math.cos(2 * sigma1 + sigma);
      sinS = Math.sin(sigma);
      cosS = Math.cos(sigma);
      var dS = B * sinS * (cos2Sm + B / 4 * (cosS * (-1 + 2 * cos2Sm * cos2Sm) -
        B / 6 * cos2Sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2Sm * cos2Sm)));
      sigmaP = sigma;
      sigma = s / (b * A) + dS;
    } while (Math.abs(sigma - sigmaP) > 1e-12 && ++iter < 200);
    sinS = Math.sin(sigma);
    cosS = Math.cos(sigma);
    cos2Sm = Math.cos(2 * sigma1 + sigma);
    var tmp = sinU1 * sinS - cosU1 * cosS * cosA1;
    var lat2 = Math.atan2(sinU1 * cosS + cosU1 * sinS * cosA1,
      (1 - f) * Math.sqrt(sinA * sinA + tmp * tmp));
    var lambda = Math.atan2(sinS * sinA1, cosU1 * cosS - sinU1 * sinS * cosA1);
    var C = f / 16 * cos2A * (4 + f * (4 - 3 * cos2A));
    var L = lambda - (1 - C) * f * sinA *
      (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm * cos2Sm)));
    return [lat2 / rad, lon1 + L / rad];
  }
  function km(value) {
    return Math.round(value).toLocaleString("en-US") + " km (" +
      Math.round(value / 1.609344).toLocaleString("en-US") + " mi)";
  }
  // The payload's strikes, one array per field (see strike_payload). data.row(k) gives strike
  // k's values as one array (the form get, tooltip and popup take); data.rows all of them,
  // built on first use.
  function Data(payload) {
    if (!Array.isArray(payload) || payload[0] !== 2) throw new Error("strikemap: unknown map data");
    this.strings = payload[1];
    this.sources = payload[2];
    this.sites = payload[3];
    this.fields = payload[4];
    this.columns = payload[5];
    this.count = this.columns.length ? this.columns[0].length : 0;
    var index = {};
    payload[4].forEach(function (name, k) { index[name] = k; });
    this.index = index;
    var cached = null, self = this;
    Object.defineProperty(this, "rows", {get: function () {
      if (!cached) {
        cached = new Array(self.count);
        for (var k = 0; k < self.count; k++) cached[k] = self.row(k);
      }
      return cached;
    }});
  }
  Data.prototype.column = function (name) { return this.columns[this.index[name]]; };
  Data.prototype.row = function (k) {
    var row = new Array(this.columns.length);
    for (var f = 0; f < this.columns.length; f++) row[f] = this.columns[f][k];
    return row;
  };
  Data.prototype.get = function (row, name) {
    var value = row[this.index[name]];
    if (STRING_FIELDS[name]) return value < 0 ? "" : this.strings[value];
    return value;
  };
  var STRING_FIELDS = {date: 1, date_precision: 1, event: 1, place: 1, country: 1, precision: 1,
    status: 1, actor: 1, target: 1, platform: 1, coord_source: 1};
  Data.prototype.killed = function (row) {
    var low = this.get(row, "low"), best = this.get(row, "best"), high = this.get(row, "high");
    if (best === null || best === undefined) return null;
    return low === high ? String(best) : best + " (" + low + "\u2013" + high + ")";
  };
  Data.prototype.tooltip = function (row) {
    var killed = this.killed(row);
    return el("span", "strikemap-tooltip", this.get(row, "date") + " \u00b7 " +
      this.get(row, "place") + " \u00b7 " +
      (killed === null ? "toll not reported" : killed + " killed"));
  };
  Data.prototype.popup = function (row) {
    var self = this, g = function (name) { return self.get(row, name); };
    var box = el("div", "strikemap-popup");
    var event = g("event");
    box.appendChild(el("h4", null, event.charAt(0).toUpperCase() + event.slice(1) + ", " +
      g("place")));
    var table = el("table");
    var nearest = g("nearest");
    var killed = this.killed(row);
    var rows = [
      ["Date", g("date") + " (" + g("date_precision") + " precision)"],
      ["Place", g("place") + ", " + g("country") + " (" + g("precision") + "; \u00b1" +
        Math.round(g("radius_km")).toLocaleString("en-US") + " km)"],
      ["Killed", killed === null ? "toll not reported" : killed],
      ["Status", g("status")],
      ["Sources disagree", (g("conflicts") || []).join("; ")],
      ["Actor", g("actor")],
      ["Target", g("target")],
      ["Platform", g("platform")],
      ["Point", g("lat").toFixed(4) + ", " + g("lon").toFixed(4) + " \u2014 " +
        g("coord_source")],
      ["Nearest launch site", nearest >= 0 ? this.sites[nearest][0] + ", " +
        km(g("nearest_km")) : ""],
      ["Notes", g("notes")]
    ];
    rows.forEach(function (pair) {
      if (!pair[1]) return;
      var tr = el("tr");
      tr.appendChild(el("th", null, pair[0]));
      tr.appendChild(el("td", null, pair[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    if (this.sites.length) {
      var details = el("details", "strikemap-ranges");
      details.appendChild(el("summary", null, "Distance to every launch site"));
      var list = el("ul");
      var radius = g("radius_km"), lat = g("lat"), lon = g("lon");
      this.sites.map(function (site) {
        return [site[0], geodesicKm(lat, lon, site[1], site[2])];
      }).sort(function (x, y) { return x[1] - y[1]; }).forEach(function (pair) {
        var spread = radius > 0 ? " (" + Math.round(Math.max(0, pair[1] - radius)) + "\u2013" +
          Math.round(pair[1] + radius) + " km)" : "";
        list.appendChild(el("li", "strikemap-range", pair[0] + ": " + km(pair[1]) + spread));
      });
      details.appendChild(list);
      box.appendChild(details);
    }
    var claims = g("claims");
    var cited = {};
    claims.forEach(function (c) { cited[c[0]] = 1; });
    box.appendChild(el("p", "strikemap-sources-title",
      "Sources (" + Object.keys(cited).length + ")"));
    var ul = el("ul", "strikemap-sources");
    claims.forEach(function (c) {
      var source = self.sources[c[0]];
      var li = el("li", "strikemap-claim");
      li.appendChild(el("b", null, source[0]));
      li.appendChild(document.createTextNode(" (" + source[1] + ")"));
      if (c[2] !== null && c[2] !== undefined) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("b", null, "[" + c[2] + " killed]"));
      }
      li.appendChild(document.createTextNode(": "));
      var said = el("span", null, c[1]);
      said.title = c[3] ? "quote" : "paraphrase";
      li.appendChild(said);
      var url = source[2];
      if (url && /^https?:\/\//i.test(url)) {
        li.appendChild(document.createTextNode(" "));
        var a = el("a", "strikemap-link", "link");
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.appendChild(a);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  };
  // the payload in the element with this id, parsed (inflated first when gzipped)
  function load(id) {
    var node = document.getElementById(id);
    if (node.getAttribute("data-encoding") !== "gzip+base64") {
      return Promise.resolve(new Data(JSON.parse(node.textContent)));
    }
    var binary = atob(node.textContent), bytes = new Uint8Array(binary.length);
    for (var k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(function (text) {
      return new Data(JSON.parse(text));
    });
  }
  return {Data: Data, el: el, geodesicKm: geodesicKm, destination: destination, km: km,
    load: load};
})();
"""

STRIKES_JS = r"""
// Up to __FAST_ABOVE__ strikes: Leaflet.markercluster. Above: the strikemap's own grid
// clusters (a pass over typed arrays per zoom level, only the bubbles and strikes in view are
// in the page); markercluster needs about 10 s of script for 100,000 strikes.
var __LAYER__ = __FAST__ ? L.featureGroup() : L.markerClusterGroup({
  maxClusterRadius: __RADIUS__, chunkedLoading: true, chunkInterval: 100, chunkDelay: 10,
  showCoverageOnHover: false, spiderfyDistanceMultiplier: 2, removeOutsideVisibleBounds: true,
  chunkProgress: function (processed, total) {
    // (also called, with nothing to do, when the empty layer is added to the map)
    if (processed === total && __LAYER__.strikemapDone) __LAYER__.strikemapDone();
  }
});
// on the map at once, empty: the app's map component listens to the layers there when the
// page's script ends, before the strikes (parsed asynchronously) are added
__LAYER__.addTo(__MAP__);
__LAYER__.strikemapLoaded = window.strikemapLib.load("__DATA_ID__").then(function (data) {
  "use strict";
  var layer = __LAYER__, map = __MAP__, fast = __FAST__;
  layer.strikemapTimes = {parsed: performance.now()};  // for benchmarks/map_scale.py
  // above the country outlines, lines (400) and uncertainty areas (420)
  if (!map.getPane("strikemapStrikes")) map.createPane("strikemapStrikes").style.zIndex = 450;
  layer.strikemapData = data;
  layer.strikemapReady = false;
  var n = data.count, ids = data.column("id"), lats = data.column("lat"),
    lons = data.column("lon"), bests = data.column("best");
  var rowOf = {};
  for (var k = 0; k < n; k++) rowOf[ids[k]] = k;
  // the strikes drawn (row numbers, all at first): layer.strikemapShow changes them
  var shown = [];
  for (k = 0; k < n; k++) shown.push(k);

  function marker(k) {
    var best = Math.min(Math.max(bests[k] || 0, 0), 1000000);
    var token = String(ids[k]).replace(/[^A-Za-z0-9_-]/g, "-");
    var made = L.circleMarker([lats[k], lons[k]], {
      radius: 6 + 3 * Math.sqrt(best), color: "#7b241c", weight: 1.5, fill: true,
      fillColor: "#c0392b", fillOpacity: 0.75,
      className: "strikemap-strike strikemap-incident-" + token, pane: "strikemapStrikes",
      bubblingMouseEvents: false  // a click on a fanned-out strike must not fold the fan
    });
    made.strikemapRow = k;
    return made;
  }
  function popupOf(m) {
    if (!m.getPopup()) {
      m.bindPopup(function () { return data.popup(data.row(m.strikemapRow)); },
        {maxWidth: 340, autoPanPaddingTopLeft: [10, 60]});
    }
    return m;
  }
  layer.on("click", function (e) {
    if (e.layer && e.layer.strikemapRow !== undefined) popupOf(e.layer).openPopup();
  });
  layer.on("mouseover", function (e) {
    var m = e.layer;
    if (!m || m.strikemapRow === undefined) return;
    if (!m.getTooltip()) {
      m.bindTooltip(function () { return data.tooltip(data.row(m.strikemapRow)); });
    }
    m.openTooltip();
  });
  layer.strikemapDone = function () {
    layer.strikemapTimes.clustered = performance.now();
    layer.strikemapReady = true;
    map.fire("strikemap:ready");
  };
  // The row numbers of the strikes for which keep(k, data) is true (all without it).
  layer.strikemapRows = function (keep) {
    var out = [];
    for (var r = 0; r < n; r++) if (!keep || keep(r, data)) out.push(r);
    return out;
  };
  var cluster = fast ? fastClusters() : markerClusters();
  // Draw only these strikes (row numbers, from strikemapRows), then call done.
  layer.strikemapShow = function (rows, done) {
    shown = rows.slice();
    cluster.show(done);
  };
  // open a strike's popup by id, fanning its bubble out if it is in one
  layer.strikemapOpen = function (id, done) {
    return rowOf.hasOwnProperty(id) ? cluster.open(rowOf[id], done) : false;
  };
  cluster.show();
  return data;

  function markerClusters() {
    var made = new Array(n), byId = {};
    // larger tolls first, so a smaller circle on the same spot is drawn above, clickable
    var order = [];
    for (var r = 0; r < n; r++) order.push(r);
    order.sort(function (a, b) { return (bests[b] || 0) - (bests[a] || 0); });
    var rank = new Int32Array(n);
    for (r = 0; r < n; r++) {
      rank[order[r]] = r;
      made[r] = marker(r);
      byId[ids[r]] = made[r];
    }
    layer.strikemapMarkers = byId;
    var isOn = new Uint8Array(n), REBUILD_ABOVE = 2000;  // isOn[r]: strike r in the layer
    layer.strikemapTimes.created = performance.now();
    return {
      // Only the strikes that change are taken off or put back, so a small change (a time
      // slider's step) costs little; when many change and few stay, the clusters are built
      // again from the strikes kept, which is faster (removing costs about half as much as
      // adding: benchmarks/time_slider.py --compare).
      show: function (done) {
        var want = new Uint8Array(n), add = [], remove = [];
        for (var s = 0; s < shown.length; s++) want[shown[s]] = 1;
        for (var r = 0; r < n; r++) {
          if (want[r] !== isOn[r]) (want[r] ? add : remove).push(r);
        }
        isOn = want;
        if (done) map.once("strikemap:ready", function () { done(); });
        if (add.length + remove.length > REBUILD_ABOVE &&
            shown.length < remove.length / 2 + add.length) {
          layer.clearLayers();
          add = shown.slice();
        } else if (remove.length) {
          layer.removeLayers(remove.map(function (q) { return made[q]; }));
        }
        if (!add.length) {
          layer.strikemapDone();
          return;
        }
        add.sort(function (a, b) { return rank[a] - rank[b]; });
        layer.strikemapReady = false;
        layer.addLayers(add.map(function (q) { return made[q]; }));
      },
      open: function (r, done) {
        var m = made[r];
        if (!layer.hasLayer(m)) return false;
        layer.zoomToShowLayer(m, function () {
          popupOf(m).openPopup();
          if (done) done();
        });
        return true;
      }
    };
  }

  function fastClusters() {
    var radius = __RADIUS__, maxZoom = map.getMaxZoom();
    // Web Mercator coordinates of every strike, the world being [0, 1) x [0, 1)
    var X = new Float64Array(n), Y = new Float64Array(n);
    for (var r = 0; r < n; r++) {
      var sin = Math.min(Math.max(Math.sin(lats[r] * Math.PI / 180), -0.9999), 0.9999);
      X[r] = lons[r] / 360 + 0.5;
      Y[r] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
    }
    var drawn = new Map(), isShown = new Uint8Array(n), faded = null;
    // feature groups: their strikes' clicks reach the layer's handlers
    var group = L.featureGroup().addTo(layer);  // bubbles and single strikes in view
    var fanGroup = L.featureGroup().addTo(layer);  // a bubble fanned out, with its legs
    function cellSize(z) { return radius / (256 * Math.pow(2, z)); }
    // The bubbles at zoom z: the shown strikes grouped by grid cell (radius px wide), for the
    // cells [gx0, gx1] x [gy0, gy1] only, each whole. Bubble c: centre (cx, cy), bounds
    // (x0, y0, x1, y1), count, cell key, rows members[start[c] .. start[c + 1]).
    function cells(z, gx0, gx1, gy0, gy1) {
      var size = cellSize(z), keys = new Map(), rows = [], of = [];
      var cx = [], cy = [], count = [], key = [], x0 = [], y0 = [], x1 = [], y1 = [];
      for (var s = 0; s < shown.length; s++) {
        var q = shown[s], x = X[q], y = Y[q];
        var gx = Math.floor(x / size), gy = Math.floor(y / size);
        if (gx < gx0 || gx > gx1 || gy < gy0 || gy > gy1) continue;
        var k = gx * 67108864 + gy, c = keys.get(k);
        if (c === undefined) {
          c = count.length;
          keys.set(k, c);
          cx.push(0); cy.push(0); count.push(0); key.push(k);
          x0.push(x); y0.push(y); x1.push(x); y1.push(y);
        }
        rows.push(q);
        of.push(c);
        cx[c] += x; cy[c] += y; count[c] += 1;
        if (x < x0[c]) x0[c] = x; else if (x > x1[c]) x1[c] = x;
        if (y < y0[c]) y0[c] = y; else if (y > y1[c]) y1[c] = y;
      }
      var start = new Int32Array(count.length + 1), members = new Int32Array(rows.length);
      for (c = 0; c < count.length; c++) {
        start[c + 1] = start[c] + count[c];
        cx[c] /= count[c];
        cy[c] /= count[c];
      }
      var fill = start.slice(0, count.length);
      for (s = 0; s < rows.length; s++) members[fill[of[s]]++] = rows[s];
      return {z: z, cx: cx, cy: cy, count: count, key: key, x0: x0, y0: y0, x1: x1, y1: y1,
        start: start, members: members};
    }
    // the bubble holding strike r at zoom z (alone in it when its count is 1)
    function cellOf(r, z) {
      var size = cellSize(z), gx = Math.floor(X[r] / size), gy = Math.floor(Y[r] / size);
      return cells(z, gx, gx, gy, gy);
    }
    function latLng(x, y) {
      var lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI;
      return L.latLng(lat, (x - 0.5) * 360);
    }
    function bubble(at, c) {
      var size = at.count[c] < 10 ? "small" : at.count[c] < 100 ? "medium" : "large";
      var inner = window.strikemapLib.el("div");
      inner.appendChild(window.strikemapLib.el("span", null, at.count[c]));
      var made = L.marker(latLng(at.cx[c], at.cy[c]), {
        icon: L.divIcon({html: inner, className: "marker-cluster marker-cluster-" + size,
          iconSize: L.point(40, 40)}),
        pane: "strikemapStrikes"
      });
      made.on("click", function () { expand(at, c, made); });
      return made;
    }
    // zoom in on a bubble, or fan it out when its strikes share one point (or at max zoom)
    function expand(at, c, made) {
      if ((at.x0[c] === at.x1[c] && at.y0[c] === at.y1[c]) || at.z >= maxZoom) {
        fanOut(at, c, made);
        return;
      }
      var bounds = L.latLngBounds(latLng(at.x0[c], at.y1[c]), latLng(at.x1[c], at.y0[c]));
      var next = Math.min(Math.max(map.getBoundsZoom(bounds), at.z + 1), maxZoom);
      map.setView(bounds.getCenter(), next);
    }
    // the bubble's strikes on a circle (a few) or a spiral (many) around it, with legs
    function fanOut(at, c, made) {
      unfan();
      if (made) {  // the bubble fades while its strikes are fanned out
        made.setOpacity(0.3);
        faded = made;
      }
      var rows = Array.prototype.slice.call(at.members, at.start[c], at.start[c + 1]);
      var centre = latLng(at.cx[c], at.cy[c]), middle = map.latLngToLayerPoint(centre);
      var circles = {}, angle = 0;
      for (var i = 0; i < rows.length; i++) {
        var distance;
        if (rows.length <= 9) {
          angle = 2 * Math.PI * i / rows.length;
          distance = Math.max(56 * rows.length / (2 * Math.PI), 30);
        } else {
          distance = 30 + 6 * Math.sqrt(8 * i);
          angle += 28 / distance;
        }
        var to = map.layerPointToLatLng(middle.add(L.point(distance * Math.cos(angle),
          distance * Math.sin(angle))));
        L.polyline([centre, to], {color: "#7b241c", weight: 1.2, opacity: 0.6,
          interactive: false, className: "strikemap-fan-leg", pane: "strikemapStrikes"})
          .addTo(fanGroup);
        circles[rows[i]] = marker(rows[i]).setLatLng(to).addTo(fanGroup);
      }
      layer.strikemapFanned = rows;
      return circles;
    }
    function unfan() {
      if (faded) faded.setOpacity(1);
      faded = null;
      fanGroup.clearLayers();
      layer.strikemapFanned = null;
    }
    // the bubbles and strikes in view (with a margin), those still in view kept
    function draw() {
      var z = Math.round(map.getZoom()), world = 256 * Math.pow(2, z), cell = cellSize(z);
      var view = map.getBounds().pad(0.3);
      var nw = map.project(view.getNorthWest(), z).divideBy(world);
      var se = map.project(view.getSouthEast(), z).divideBy(world);
      var at = cells(z, Math.floor(nw.x / cell), Math.floor(se.x / cell),
        Math.floor(nw.y / cell), Math.floor(se.y / cell));
      var wanted = new Map();
      for (var c = 0; c < at.count.length; c++) {
        wanted.set(at.count[c] === 1 ? "r" + at.members[at.start[c]] : z + ":" + at.key[c], c);
      }
      drawn.forEach(function (made, key) {
        if (!wanted.has(key)) { group.removeLayer(made); drawn.delete(key); }
      });
      wanted.forEach(function (c, key) {
        if (drawn.has(key)) return;
        var made = at.count[c] === 1 ? marker(at.members[at.start[c]]) : bubble(at, c);
        drawn.set(key, made);
        group.addLayer(made);
      });
    }
    map.on("moveend", draw);  // (a zoom ends with one too)
    map.on("zoomstart click", unfan);
    layer.strikemapTimes.created = performance.now();
    return {
      show: function (done) {
        isShown = new Uint8Array(n);
        for (var s = 0; s < shown.length; s++) isShown[shown[s]] = 1;
        unfan();
        group.clearLayers();
        drawn = new Map();
        draw();
        layer.strikemapDone();
        if (done) done();
      },
      open: function (r, done) {
        if (!isShown[r]) return false;
        // the lowest zoom from the current one at which the strike is alone (else the last)
        var z = Math.round(map.getZoom());
        while (z < maxZoom && cellOf(r, z).members.length > 1) z++;
        var target = L.latLng(lats[r], lons[r]);
        var finish = function () {
          var m = drawn.get("r" + r);
          if (!m) {
            var now = Math.round(map.getZoom()), at = cellOf(r, now);
            m = fanOut(at, 0, drawn.get(now + ":" + at.key[0]))[r];
          }
          popupOf(m).openPopup();
          if (done) done();
        };
        if (Math.round(map.getZoom()) === z && map.getBounds().contains(target)) finish();
        else {
          map.once("moveend", finish);
          map.setView(target, z, {animate: false});
        }
        return true;
      }
    };
  }
}).catch(function (error) {
  console.error("strikemap: the strikes could not be drawn: " + error);
});
"""

AREAS_JS = r"""
var __LAYER__ = L.layerGroup();
(function () {
  "use strict";
  var layer = __LAYER__, map = __MAP__, data = null, drawn = false;
  // above the country outlines and lines (400), below the strikes (450)
  if (!map.getPane("strikemapAreas")) map.createPane("strikemapAreas").style.zIndex = 420;
  var renderer = __CANVAS__ ? L.canvas({padding: 0.2, pane: "strikemapAreas"}) : undefined;
  function draw() {
    if (drawn || !data) return;
    drawn = true;
    var area = data.column("area"), lat = data.column("lat"), lon = data.column("lon"),
      radius = data.column("radius_km");
    for (var k = 0; k < data.count; k++) {
      if (!area[k]) continue;
      var circle = L.circle([lat[k], lon[k]], {
        radius: radius[k] * 1000, color: "#e67e22", weight: 1.5, dashArray: "6 6",
        fill: true, fillOpacity: 0.08, className: "strikemap-uncertainty", renderer: renderer,
        pane: "strikemapAreas",
        interactive: !__CANVAS__
      });
      circle.strikemapRow = k;  // for the time slider (geo/maps/controls.py)
      if (!__CANVAS__) {
        (function (row) {
          circle.bindTooltip(function () {
            return window.strikemapLib.el("span", null, data.get(row, "place") +
              ": within about " + Math.round(data.get(row, "radius_km")).toLocaleString(
                "en-US") + " km (" + data.get(row, "precision") + " precision)");
          });
        })(data.row(k));
      }
      circle.addTo(layer);
    }
  }
  layer.on("add", draw);
  __STRIKES__.strikemapLoaded.then(function (loaded) {
    data = loaded;
    if (map.hasLayer(layer)) draw();
  });
  if (__SHOW__) layer.addTo(map);
})();
"""

TOOLS_JS = r"""
var __LAYER__ = L.layerGroup();
(function () {
  "use strict";
  var lib = window.strikemapLib, map = __MAP__, drawn = __LAYER__.addTo(map), sites = [];
  __STRIKES__.strikemapLoaded.then(function (data) { if (data) sites = data.sites; });
  var Tools = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function () {
      var box = lib.el("div", "leaflet-bar strikemap-tools");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var rings = lib.el("input", "strikemap-ring-radii");
      rings.type = "text";
      rings.value = "500, 1000";
      rings.title = "Range rings around every launch site, in km (comma-separated)";
      rings.setAttribute("aria-label", "Range ring radii in km");
      var ringButton = lib.el("button", "strikemap-ring-button", "Rings");
      ringButton.type = "button";
      var measure = lib.el("button", "strikemap-measure-button", "Measure");
      measure.type = "button";
      measure.title = "Click two points: the geodesic distance between them";
      var result = lib.el("div", "strikemap-measure-result");
      [rings, ringButton, measure, result].forEach(function (n) { box.appendChild(n); });
      var ringLayer = L.layerGroup().addTo(drawn), measureLayer = L.layerGroup().addTo(drawn);
      ringButton.addEventListener("click", function () {
        ringLayer.clearLayers();
        var radii = rings.value.split(",").map(function (t) { return parseFloat(t); })
          .filter(function (r) { return isFinite(r) && r > 0 && r <= 20000; });
        result.textContent = radii.length ? "" : "Give radii in km, such as 500, 1000";
        sites.forEach(function (site) {
          radii.forEach(function (radius) {
            var ring = [];
            for (var bearing = 0; bearing < 360; bearing += 5) {
              ring.push(lib.destination(site[1], site[2], bearing, radius));
            }
            L.polygon(ring, {color: "#1f4e79", weight: 1.2, fill: false, dashArray: "4 4",
              className: "strikemap-range-ring"})
              .bindTooltip(lib.el("span", null, site[0] + ": " +
                radius.toLocaleString("en-US") + " km"))
              .addTo(ringLayer);
          });
        });
      });
      var first = null, measuring = false;
      measure.addEventListener("click", function () {
        measuring = true;
        first = null;
        measureLayer.clearLayers();
        result.textContent = "Click the first point";
        map.getContainer().style.cursor = "crosshair";
      });
      // while measuring, every click on the map is a point, even on a strike or a bubble
      // (caught before Leaflet sees it); clicks on the controls are not
      map.getContainer().addEventListener("click", function (event) {
        if (!measuring || event.target.closest(".leaflet-control")) return;
        event.stopPropagation();
        event.preventDefault();
        var at = map.mouseEventToLatLng(event);
        L.circleMarker(at, {radius: 4, className: "strikemap-measure-point",
          interactive: false}).addTo(measureLayer);
        if (!first) {
          first = at;
          result.textContent = "Click the second point";
          return;
        }
        var d = lib.geodesicKm(first.lat, first.lng, at.lat, at.lng);
        L.polyline([first, at], {color: "#111", weight: 2, dashArray: "6 4",
          className: "strikemap-measure-line", interactive: false}).addTo(measureLayer);
        result.textContent = Math.round(d).toLocaleString("en-US") + " km \u00b7 " +
          Math.round(d / 1.609344).toLocaleString("en-US") + " mi \u00b7 " +
          Math.round(d / 1.852).toLocaleString("en-US") + " nmi";
        measuring = false;
        first = null;
        map.getContainer().style.cursor = "";
      }, true);
      return box;
    }
  });
  new Tools().addTo(map);
})();
"""
