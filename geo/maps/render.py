"""Interactive Leaflet maps (folium) of strikes, bases and the distances between them.

Strikes are circles sized by fatalities; a strike whose place is known only to a district,
region or "near a town" also gets a dashed area showing how far it may lie from the point.
Each strike is joined to its nearest launch site (not a headquarters) by a geodesic line
labelled in km and miles, unless that site is farther than ``MAX_LINE_KM`` (no known site
could have launched it; the map's site list is incomplete there). Every popup cites its
sources.

Text from records is untrusted. It is escaped (:func:`geo.maps.markup.escape_html`: no tag, no
script, no Jinja2 syntax survives), and the elements that carry it (popups, tooltips, label
icons) put their rendered output into the page as data: folium/branca would otherwise
compile that output once more as a Jinja2 template, so record text would be template source.

``offline=True`` makes a page that needs no network: Leaflet is inlined (see
:mod:`geo.maps.assets`) and tiles are replaced by the shipped Natural Earth country outlines.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
import numpy as np
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from gazetteer.errors import StrikemapError
from gazetteer.geodesy import (
    KM_PER_MILE,
    Distance,
    geodesic_distance,
    geodesic_path_latlon,
    nearest,
)
from geo.io.dataset import Dataset
from geo.io.files import write_atomic
from geo.maps.assets import LEAFLET, MARKERCLUSTER, Asset, asset_links
from geo.maps.controls import CONTROLS_CSS, LabelLayer, PopupClearance, TimeControl
from geo.maps.markup import escape_html
from geo.maps.outlines import OutlineLayer
from geo.maps.strikes import (
    AREA_PRECISIONS,
    ROW_FIELDS,
    AreaLayer,
    NearestSites,
    StrikeLayer,
    ToolsControl,
    launch_sites_near,
    nearest_sites_of,
    strike_payload,
)
from geo.model.claims import DistanceCheck
from geo.model.records import MAX_COUNT, Incident, Site, SiteKind

__all__ = [
    "AREA_PRECISIONS",
    "OFFLINE_VIOLATION",
    "distance_claim_label",
    "distance_links",
    "build_incident_map",
    "build_toponym_map",
    "nearest_launch_site",
    "find_remote_references",
    "render_map_html",
    "save_incident_map",
    "site_near_any",
]

#: No line from a strike to a launch site farther than this (about an MQ-9's combat radius).
MAX_LINE_KM = 2_000.0

#: No distance lines at all when more strike points than this would need one.
MAX_DISTANCE_LINES = 300

#: The zoom range of every map (OpenStreetMap's tiles stop at 18).
MIN_ZOOM, MAX_ZOOM = 1, 18

STRIKE_COLOUR = "#c0392b"
UNCERTAINTY_COLOUR = "#e67e22"
BASE_COLOUR = "#1f4e79"
HQ_COLOUR = "#6c3483"
LINE_COLOUR = "#34495e"
CLAIM_AGREES_COLOUR = "#1e8449"
CLAIM_DISAGREES_COLOUR = "#8e44ad"
SEA_COLOUR = "#dce9f2"
LAND_COLOUR = "#f7f4ea"

OFFLINE_VIOLATION = "offline map would load remote resources"


def strike_radius_px(fatalities: int | None) -> float:
    """Marker radius in pixels: grows with the square root of the toll (area ~ deaths).

    Examples
    --------
    >>> strike_radius_px(None), strike_radius_px(0), round(strike_radius_px(16), 1)
    (6.0, 6.0, 18.0)
    >>> strike_radius_px(10**400) == strike_radius_px(MAX_COUNT)  # no OverflowError
    True
    """
    return 6.0 + 3.0 * math.sqrt(min(max(fatalities or 0, 0), MAX_COUNT))


def build_incident_map(
    dataset: Dataset,
    *,
    offline: bool = False,
    incidents: Sequence[Incident] | None = None,
    max_distance_lines: int = MAX_DISTANCE_LINES,
    cluster_threshold: int = 50,
    distance_checks: Sequence[DistanceCheck] = (),
) -> folium.Map:
    """Build the map of a dataset's strikes and sites.

    The strikes are one data payload drawn in the browser (see :mod:`geo.maps.strikes`):
    clustered, co-located strikes fanned out on a click, popups built on demand. Bases and
    headquarters are markers with their own popups; each distinct strike point is joined to
    its nearest launch site by a labelled geodesic line while there are at most
    ``max_distance_lines`` of them (beyond that the popups still give the distances).

    Parameters
    ----------
    dataset
        Sources, sites and incidents to draw.
    offline
        Inline Leaflet and use the shipped country outlines instead of web tiles.
    incidents
        Draw only these incidents (default: all of the dataset's).
    max_distance_lines
        Draw no distance line when more strike points than this would need one.
    cluster_threshold
        With more strikes than this, strikes within 60 px of each other are grouped into
        numbered bubbles; with fewer, only those within 30 px. A click on a bubble zooms in,
        or fans its strikes out when they share one point.    distance_checks
        Distance claims made in reports ("nearly 600 miles south of Tripoli"), checked: each
        one stored with its two points is drawn as the measured geodesic line from the
        reference place to the place, labelled with the claimed and measured distances and
        whether they agree (:func:`distance_claim_label`), in a layer of its own.
    """
    shown = list(dataset.incidents if incidents is None else incidents)
    launch_sites = [s for s in dataset.sites if s.kind.launches_aircraft]

    fmap = _base_map(LEAFLET + MARKERCLUSTER, offline=offline, location=(24.0, 12.0), zoom_start=5)
    # One nearest-launch-site search for all strikes, in bulk, for popups and lines.
    lats = np.array([i.lat for i in shown], dtype=float)
    lons = np.array([i.lon for i in shown], dtype=float)
    found = nearest_sites_of(lats, lons, launch_sites)
    payload = strike_payload(shown, dataset.sources, launch_sites, found)
    strikes = StrikeLayer(
        payload,
        name=f"Strikes ({len(shown):,})",
        # a few strikes are each drawn alone, unless their circles would overlap
        cluster_radius_px=30 if len(shown) <= cluster_threshold else 60,
    )
    n_areas = sum(payload[5][ROW_FIELDS.index("area")]) if shown else 0
    areas = AreaLayer(strikes, name=f"Location uncertainty ({n_areas:,})", n_areas=n_areas)
    n_links, links = _links(shown, lats, lons, found, launch_sites, max_distance_lines)
    line_name = "Distance to nearest launch site"
    if n_links > max_distance_lines:
        line_name += f" (not drawn for {n_links:,} strike points: see the popups)"
    lines = folium.FeatureGroup(name=line_name, show=True)
    strikes.add_to(fmap)  # before the areas, which read its data
    areas.add_to(fmap)
    lines.add_to(fmap)
    sites_group = folium.FeatureGroup(name=f"Bases and headquarters ({len(dataset.sites)})").add_to(
        fmap
    )
    if links is not None:
        _add_distance_lines(lines, links)
    drawable = [c for c in distance_checks if c.points_latlon is not None]
    if drawable:
        claims = folium.FeatureGroup(name=f"Distance claims checked ({len(drawable)})", show=True)
        _add_distance_claims(claims, drawable)
        claims.add_to(fmap)

    for site in dataset.sites:
        colour = HQ_COLOUR if site.kind is SiteKind.HEADQUARTERS else BASE_COLOUR
        symbol = "★" if site.kind is SiteKind.HEADQUARTERS else "▲"
        _Marker(
            location=(site.lat, site.lon),
            icon=_DivIcon(
                html=f'<div class="strikemap-base-icon" style="color:{colour}">{symbol}</div>',
                class_name=f"strikemap-base strikemap-site-{site.kind.value}",
                icon_size=(22, 22),
                icon_anchor=(11, 11),
            ),
            popup=_popup(site_popup_html(site, dataset)),
            tooltip=_tooltip(f"{site.name} ({_KIND_LABELS[site.kind]})"),
        ).add_to(sites_group)

    LabelLayer(strikes, dataset.sites, name="Labels (bases, strikes, distances)").add_to(fmap)
    _Legend(len(shown), len(dataset.sites), len(drawable)).add_to(fmap)
    control = folium.LayerControl(collapsed=False)
    control.add_to(fmap)
    _Responsive(control).add_to(fmap)
    ToolsControl(strikes).add_to(fmap)
    TimeControl(strikes, areas=areas).add_to(fmap)
    PopupClearance().add_to(fmap)
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(_Verbatim(f"<style>{CONTROLS_CSS}</style>"), name="strikemap_controls")

    near = launch_sites_near(shown, launch_sites)
    if shown or near:
        lats_all = np.concatenate([lats, np.array([s.lat for s in near], dtype=float)])
        lons_all = np.concatenate([lons, np.array([s.lon for s in near], dtype=float)])
        bounds = [
            (float(lats_all.min()), float(lons_all.min())),
            (float(lats_all.max()), float(lons_all.max())),
        ]
        fmap.fit_bounds(bounds, padding=(30, 30))
        root.script.add_child(
            _Verbatim(
                _REFIT_JS.replace("__MAP__", fmap.get_name()).replace(
                    "__BOUNDS__", json.dumps([[float(a), float(b)] for a, b in bounds])
                )
            ),
            name="strikemap_refit",
        )
    return fmap


def _links(
    shown: Sequence[Incident],
    lats: np.ndarray,
    lons: np.ndarray,
    found: NearestSites,
    launch_sites: Sequence[Site],
    max_lines: int,
) -> tuple[int, list[list[tuple[Incident, Site, Distance]]] | None]:
    """How many distance lines the strikes need, and (when at most ``max_lines``) the lines.

    The same lines as :func:`distance_links` gives: one per distinct (strike point, nearest
    launch site) within :data:`MAX_LINE_KM`, counted in bulk; the lines themselves are made
    from the first strike at each point only, and only when they will be drawn.
    """
    keep = np.flatnonzero((found.index >= 0) & (found.km <= MAX_LINE_KM))
    if not len(keep):
        return 0, []
    keys = np.stack([lats[keep], lons[keep], found.index[keep].astype(float)], axis=1)
    _, first = np.unique(keys, axis=0, return_index=True)
    if len(first) > max_lines:
        return len(first), None
    rows = sorted(int(keep[k]) for k in first)
    reps = [shown[k] for k in rows]
    nearest_site = {shown[k].id: found.found(k, launch_sites) for k in rows}
    links = distance_links(reps, nearest_site)
    return sum(len(group) for group in links), links


# A map whose container had no size yet when the page's script ran (an embedded map's frame
# not laid out yet, on a busy machine) was fitted to a 0 x 0 view: zoom 18, no strike in
# view, and Leaflet keeps that size until told. When the container gets its size, the map
# takes it and is fitted again.
# (Run once the page's script has made the map: this element is added before it.)
_REFIT_JS = """
setTimeout(function () {
  if (typeof __MAP__ === "undefined" || !window.ResizeObserver) return;
  var map = __MAP__, box = map.getContainer();
  if (map.getSize().x > 0 && map.getSize().y > 0) return;
  var watch = new ResizeObserver(function () {
    if (!box.clientWidth || !box.clientHeight) return;
    watch.disconnect();
    map.invalidateSize({pan: false});
    map.fitBounds(__BOUNDS__, {padding: [30, 30]});
  });
  watch.observe(box);
}, 0);
"""


class _Verbatim(Element):
    """Text already rendered, added to the page as it is: never compiled as a template."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = text


class _RenderedOnce(MacroElement):
    """Mixin: the element's rendered output enters the page as data, never as a template.

    branca's ``MacroElement.render`` wraps each rendered macro in ``Element(text)``, and
    ``Element`` compiles its text as a Jinja2 template: the text a popup, tooltip or label
    shows would be template source. Listed after a folium class (``class
    _Tooltip(folium.Tooltip, _RenderedOnce)``), this render takes the place of
    ``MacroElement.render`` at the end of the folium class's own render chain and adds the
    output as :class:`_Verbatim`. It is also about twice as fast on large maps.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # branca: -> str
        figure = self.get_root()
        assert isinstance(figure, Figure), "render this element inside a map"
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(
                    _Verbatim(macro(self, kwargs)), name=self.get_name()
                )
        for child in self._children.values():
            child.render(**kwargs)


class _Tooltip(folium.Tooltip, _RenderedOnce):
    """A tooltip rendered once (see :class:`_RenderedOnce`)."""


class _DivIcon(folium.DivIcon, _RenderedOnce):
    """A label icon rendered once."""


# folium's Marker.render() takes no keyword arguments (and calls ours with none): mypy
# cannot tell that the combination is sound, hence the ignores below.
class _Marker(folium.Marker, _RenderedOnce):  # type: ignore[misc]
    """A marker rendered once, and so is the statement that gives it its icon."""

    class SetIcon(folium.Marker.SetIcon, _RenderedOnce):
        """Rendered once."""


class _CircleMarker(folium.CircleMarker, _RenderedOnce):  # type: ignore[misc]
    """A circle of fixed pixel size, rendered once."""


class _PolyLine(folium.PolyLine, _RenderedOnce):
    """A line rendered once."""


class _Popup(folium.Popup):
    """A popup whose rendered script enters the page as data (see :class:`_RenderedOnce`).

    ``folium.Popup.render`` does not end in ``MacroElement.render``: it is replaced whole.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # branca: -> str
        for child in self._children.values():
            child.render(**kwargs)
        figure = self.get_root()
        assert isinstance(figure, Figure), "render this popup inside a map"
        figure.script.add_child(
            _Verbatim(self._template.render(this=self, kwargs=kwargs)), name=self.get_name()
        )


def _tooltip(text: str) -> folium.Tooltip:
    """A tooltip that shows plain ``text`` verbatim (escaped here, rendered once)."""
    return _Tooltip(escape_html(text))


def _popup(html: str, *, max_width: int = 340) -> folium.Popup:
    """A popup of ``html`` built by this module, every record value in it escaped."""
    return _Popup(html, max_width=max_width)


def _base_map(
    assets: tuple[Asset, ...], *, offline: bool, location: tuple[float, float], zoom_start: int
) -> folium.Map:
    """A map with our assets, styles and the Natural Earth outlines, ready for layers.

    Online, OpenStreetMap tiles are offered as a second base layer.
    """
    fmap = folium.Map(location=location, zoom_start=zoom_start, tiles=None, control_scale=True)
    # With no tile layer Leaflet knows no zoom range, and the marker-cluster plugin then
    # refuses to draw ("Map has no maxZoom specified"): give the map its own.
    fmap.options.update(min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM)
    fmap.default_js, fmap.default_css = asset_links(assets, offline=offline)
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(
        Element(f"<style>div.leaflet-container{{background:{SEA_COLOUR};}}{_CSS}</style>"),
        name="strikemap_css",
    )
    # the outlines, compact, serialised once per process, drawn without hit-testing
    OutlineLayer(fill=LAND_COLOUR).add_to(fmap)
    if not offline:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap tiles (online)", overlay=False
        ).add_to(fmap)
    return fmap


def _add_distance_lines(
    layer: folium.FeatureGroup, links: list[list[tuple[Incident, Site, Distance]]]
) -> None:
    """One geodesic line per distinct (strike point, nearest launch site), labelled.

    ``links`` is :func:`distance_links`'s value. Lines to the same site converge on it, so
    their labels are staggered along the lines (nearer the strike end for the northernmost
    strikes) instead of all sitting mid-way.
    """
    for group in links:
        for k, (incident, site, distance) in enumerate(group):
            path = geodesic_path_latlon((incident.lat, incident.lon), (site.lat, site.lon))
            label = f"{distance.label()} to {site.name}"
            # the strike point as the page's data has it: the time slider hides the line and
            # its label while no strike at that point is shown
            at = f"strikemap-at-{round(incident.lat, 5)!r}_{round(incident.lon, 5)!r}"
            _PolyLine(
                path,
                color=LINE_COLOUR,
                weight=2,
                opacity=0.8,
                dash_array="2 6",
                class_name=f"strikemap-distance {at}",
                tooltip=_tooltip(f"{incident.place_name} → {label}"),
            ).add_to(layer)
            fraction = 0.5 if len(group) == 1 else 0.2 + 0.55 * k / (len(group) - 1)
            _Marker(
                location=path[round(fraction * (len(path) - 1))],
                icon=_DivIcon(
                    html=f'<span class="strikemap-distance-label">{escape_html(label)}</span>',
                    class_name=f"strikemap-distance-anchor {at}",
                    icon_size=(0, 0),
                    icon_anchor=(0, 0),
                ),
                interactive=False,
            ).add_to(layer)


def distance_claim_label(check: DistanceCheck) -> str:
    """What a distance claim's line on the map says: claimed and measured, and the verdict.

    Examples
    --------
    >>> from geo.model.claims import DistanceCheck, Quote
    >>> check = DistanceCheck(index=0, sentence=Quote(0, 1, "x"), text="600 miles south of",
    ...     place_name="Murzuq", anchor_name="Tripoli", stated_km=965.6,
    ...     stated_direction="south", computed_km=776.2, computed_bearing_deg=174.0, verdict="")
    >>> distance_claim_label(check)
    'Tripoli → Murzuq: claimed 966 km (600 mi), measured 776 km (482 mi): disagrees (24% off)'
    """
    claimed = f"{check.stated_km:,.0f} km ({check.stated_km / KM_PER_MILE:,.0f} mi)"
    measured = f"{check.computed_km:,.0f} km ({check.computed_km / KM_PER_MILE:,.0f} mi)"
    verdict = "agrees" if check.agrees else f"disagrees ({check.off_share:.0%} off)"
    return (
        f"{check.anchor_name} → {check.place_name}: claimed {claimed}, measured {measured}: "
        f"{verdict}"
    )


def _add_distance_claims(layer: folium.FeatureGroup, checks: Sequence[DistanceCheck]) -> None:
    """Each check's geodesic line from the reference place to the place, with its label.

    Green when the claim agrees with the geodesic, purple when it does not; the tooltip
    quotes the report's phrase. Every text is escaped.
    """
    for check in checks:
        points = check.points_latlon
        assert points is not None
        anchor, place = points
        colour = CLAIM_AGREES_COLOUR if check.agrees else CLAIM_DISAGREES_COLOUR
        label = distance_claim_label(check)
        path = geodesic_path_latlon(anchor, place)
        _PolyLine(
            path,
            color=colour,
            weight=3,
            opacity=0.9,
            dash_array="10 6",
            class_name="strikemap-distance-claim",
            tooltip=_tooltip(f"“{check.text}”: {label}"),
        ).add_to(layer)
        _CircleMarker(
            location=anchor,
            radius=4,
            color=colour,
            fill=True,
            fill_opacity=1.0,
            class_name="strikemap-distance-claim-anchor",
            tooltip=_tooltip(f"{check.anchor_name}: the reference of “{check.text}”"),
        ).add_to(layer)
        verdict = "agrees" if check.agrees else "disagrees"
        _Marker(
            location=path[len(path) // 2],
            icon=_DivIcon(
                html=(
                    f'<span class="strikemap-distance-claim-label strikemap-claim-{verdict}">'
                    f"{escape_html(label)}</span>"
                ),
                class_name="strikemap-distance-claim-anchor-label",
                icon_size=(0, 0),
                icon_anchor=(0, 0),
            ),
            interactive=False,
        ).add_to(layer)


def distance_links(
    incidents: Sequence[Incident],
    nearest_site: Mapping[str, tuple[Site, Distance] | None],
) -> list[list[tuple[Incident, Site, Distance]]]:
    """The distance lines a map draws: one per distinct (strike point, nearest launch site).

    None to a site farther than :data:`MAX_LINE_KM`. Grouped by site, in the order sites are
    first reached; in a group, the strikes farthest north or south of the site come first
    (the maps stagger the labels of lines that converge on one site in this order).
    """
    by_site: dict[str, list[tuple[Incident, Site, Distance]]] = {}
    seen: set[tuple[float, float, str]] = set()
    for incident in incidents:
        found = nearest_site[incident.id]
        if found is None:
            continue
        site, distance = found
        if distance.km > MAX_LINE_KM or (incident.lat, incident.lon, site.id) in seen:
            continue
        seen.add((incident.lat, incident.lon, site.id))
        by_site.setdefault(site.id, []).append((incident, site, distance))
    groups = list(by_site.values())
    for group in groups:
        group.sort(key=lambda item: -abs(item[0].lat - item[1].lat))
    return groups


def nearest_launch_site(
    incident: Incident, launch_sites: Sequence[Site]
) -> tuple[Site, Distance] | None:
    """The launch site nearest to an incident's point, with the geodesic distance."""
    return nearest((incident.lat, incident.lon), ((s, (s.lat, s.lon)) for s in launch_sites))


def site_near_any(site: Site, incidents: Sequence[Incident], *, limit_km: float = 1500.0) -> bool:
    """Whether a site lies within ``limit_km`` of any incident (maps are fitted to show it)."""
    return any(
        geodesic_distance((site.lat, site.lon), (i.lat, i.lon)).km <= limit_km for i in incidents
    )


_KIND_LABELS = {
    SiteKind.DRONE_BASE: "drone base",
    SiteKind.AIR_BASE: "air base",
    SiteKind.AIRFIELD: "airfield",
    SiteKind.HEADQUARTERS: "headquarters",
}


def _killed(incident: Incident) -> str:
    return "toll not reported" if incident.fatalities is None else f"{incident.fatalities} killed"


def _claims_html(claims: Sequence, dataset: Dataset) -> str:
    items = []
    for claim in claims:
        source = dataset.sources[claim.source_id]
        figure = "" if claim.fatalities is None else f" <b>[{claim.fatalities} killed]</b>"
        kind = "quote" if claim.quote else "paraphrase"
        items.append(
            f'<li class="strikemap-claim"><b>{escape_html(source.outlet)}</b> '
            f"({source.published_label})"
            f'{figure}: <span title="{kind}">{escape_html(claim.statement)}</span></li>'
        )
    return f'<ul class="strikemap-sources">{"".join(items)}</ul>'


def site_popup_html(site: Site, dataset: Dataset) -> str:
    """Popup HTML for a base or headquarters."""
    return (
        f'<div class="strikemap-popup"><h4>{escape_html(site.name)}</h4>'
        f"<p>{escape_html(_KIND_LABELS[site.kind])}, {escape_html(site.country_code)}: "
        f"{escape_html(site.role)}</p>"
        f"<p>{site.lat:.4f}, {site.lon:.4f} — {escape_html(site.coord_source)}</p>"
        f"{_claims_html(site.claims, dataset)}</div>"
    )


class _Legend(MacroElement):
    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <details class="strikemap-legend" open>
          <summary><b>Legend</b></summary>
          <div><span class="sm-dot"></span> strike ({{ this.n_strikes }}),
               size ~ reported deaths</div>
          <div><span class="sm-area"></span> area where an imprecise strike may lie</div>
          <div><span style="color:#1f4e79">▲</span> base or airfield
               <span style="color:#6c3483">★</span> headquarters ({{ this.n_sites }})</div>
          <div><span class="sm-line"></span> geodesic distance to nearest launch site</div>
          {% if this.n_claims %}
          <div><span class="sm-claim"></span> distance claimed in a report, measured
               ({{ this.n_claims }}; green: agrees, purple: does not)</div>
          {% endif %}
        </details>
        {% endmacro %}
        """
    )

    def __init__(self, n_strikes: int, n_sites: int, n_claims: int = 0) -> None:
        super().__init__()
        self._name = "Legend"
        self.n_strikes = n_strikes
        self.n_sites = n_sites
        self.n_claims = n_claims


class _Responsive(MacroElement):
    """On a narrow map (a phone), the layer control and the legend start folded away.

    Leaflet builds a layer control's layout when it is added, so a control made unfolded is
    re-added folded; the legend is a ``<details>`` element, closed.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, control = {{ this.control.get_name() }};
          if (map.getSize().x >= {{ this.narrow_px }}) return;
          if (!control.options.collapsed) {
            control.options.collapsed = true;
            control.remove();
            control.addTo(map);
          }
          var legend = document.querySelector("details.strikemap-legend");
          if (legend) legend.open = false;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, control: folium.LayerControl, *, narrow_px: int = 600) -> None:
        super().__init__()
        self._name = "Responsive"
        self.control = control
        self.narrow_px = narrow_px


_CSS = f"""
.strikemap-legend summary{{cursor:pointer}}
.strikemap-tools{{background:#fff;padding:4px;font:12px sans-serif;max-width:150px}}
.strikemap-tools input{{width:90px;font:12px sans-serif}}
.strikemap-tools button{{font:12px sans-serif;margin:2px 2px 0 0;cursor:pointer}}
.strikemap-measure-result{{margin-top:2px}}
.strikemap-legend{{position:absolute;bottom:28px;left:10px;z-index:1000;background:#fff;
 padding:6px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.5 sans-serif}}
.strikemap-legend .sm-dot{{display:inline-block;width:10px;height:10px;border-radius:50%;
 background:{STRIKE_COLOUR};border:1px solid #7b241c}}
.strikemap-legend .sm-area{{display:inline-block;width:12px;height:10px;
 border:1.5px dashed {UNCERTAINTY_COLOUR}}}
.strikemap-legend .sm-claim{{display:inline-block;width:18px;
 border-top:3px dashed {CLAIM_DISAGREES_COLOUR};vertical-align:middle}}
.strikemap-legend .sm-line{{display:inline-block;width:18px;border-top:2px dotted {LINE_COLOUR};
 vertical-align:middle}}
.strikemap-base-icon{{font-size:20px;line-height:22px;text-align:center;text-shadow:0 0 3px #fff}}
.strikemap-base{{background:none;border:none}}
.strikemap-distance-label{{font:11px sans-serif;background:rgba(255,255,255,.9);padding:1px 4px;
 white-space:nowrap;border:1px solid #bbb;border-radius:3px;position:relative;left:6px;top:-8px}}
.strikemap-distance-claim-label{{font:11px sans-serif;background:rgba(255,255,255,.92);
 padding:1px 4px;white-space:nowrap;border:1px solid {CLAIM_DISAGREES_COLOUR};border-radius:3px;
 position:relative;left:6px;top:-8px}}
.strikemap-claim-agrees{{border-color:{CLAIM_AGREES_COLOUR}}}
.strikemap-popup{{font:12px/1.35 sans-serif;max-height:300px;overflow-y:auto}}
.strikemap-popup h4{{margin:0 0 4px;font-size:14px}}
.strikemap-popup th{{text-align:left;padding-right:6px;vertical-align:top}}
.strikemap-sources{{padding-left:16px;margin:2px 0}}
"""

_REMOTE = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)"""
    r"""|url\(\s*["']?((?:https?:)?//[^"')\s]+)""",
    re.IGNORECASE,
)


def find_remote_references(html: str) -> list[str]:
    """URLs that a page would fetch from the network (scripts, styles, images, frames)."""
    return [a or b for a, b in _REMOTE.findall(html)]


def render_map_html(fmap: folium.Map, *, offline: bool) -> str:
    """The map as one HTML page; offline, refuse a page that would load anything remote."""
    page = str(fmap.get_root().render())
    if offline:
        remote = find_remote_references(page)
        if remote:
            raise StrikemapError(f"{OFFLINE_VIOLATION}: {remote[:3]}")
    return page


def save_incident_map(dataset: Dataset, path: str | Path, *, offline: bool = False) -> Path:
    """Render the dataset's map and write it to ``path`` (UTF-8 HTML), atomically.

    On any failure (a full disk ...) a previous file at ``path`` is left as it was.
    """
    page = render_map_html(build_incident_map(dataset, offline=offline), offline=offline)
    return write_atomic(path, page)


def build_toponym_map(matches: Sequence[Any], *, offline: bool = True) -> folium.Map:
    """A map of the places a geoparser resolved in a text, one marker per distinct place.

    ``matches`` are :class:`gazetteer.geoparse.ToponymMatch`; unresolved ones are skipped.
    Each popup lists how the text named the place and why it was chosen (escaped).
    """
    fmap = _base_map(LEAFLET, offline=offline, location=(20.0, 10.0), zoom_start=2)
    by_place: dict[str, list[Any]] = {}
    for match in matches:
        if match.place is not None:
            by_place.setdefault(match.place.id, []).append(match)
    points = []
    for found in by_place.values():
        place = found[0].place
        mentions = ", ".join(dict.fromkeys(escape_html(m.text) for m in found))
        popup = (
            f'<div class="strikemap-popup"><h4>{escape_html(place.name)}</h4>'
            f"<p>{escape_html(place.kind.value)}, {escape_html(place.country_code)} · "
            f"{place.lat:.4f}, {place.lon:.4f}</p><p>Named in the text as: {mentions}</p>"
            f"<p>{escape_html(found[0].reason)} (confidence {found[0].confidence:.2f})</p></div>"
        )
        _CircleMarker(
            location=(place.lat, place.lon),
            radius=5 + 2 * math.sqrt(len(found)),
            color="#1f4e79",
            fill=True,
            fill_opacity=0.7,
            class_name="strikemap-toponym",
            popup=_popup(popup, max_width=320),
            tooltip=_tooltip(f"{place.name} ({len(found)}×)"),
        ).add_to(fmap)
        points.append((place.lat, place.lon))
    if points:
        lats, lons = zip(*points, strict=True)
        fmap.fit_bounds(
            [(min(lats), min(lons)), (max(lats), max(lons))], padding=(30, 30), max_zoom=8
        )
    return fmap
