"""The offline base layer: the shipped country outlines, compact and drawn without hit-testing.

Every offline page carries the Natural Earth outlines (241 countries, about 52,000
vertices). As folium's ``GeoJson`` they took 0.89 MB of each page, were serialised again
for every map, and were drawn as interactive SVG paths, which made a zoom step cost 100 to
600 ms on a 10,000-strike page. Here they travel as integer deltas (a thousandth of a
degree, the precision the shipped file is rounded to; 0.43 MB), serialised once per process
(:func:`outline_payload_text`), and are drawn as non-interactive paths: a click goes through
to the map, and a zoom step redraws them in about a third of the time.

Payload layout: ``[version, countries]``, one ``[name, ISO code or "", polygons]`` per country;
a polygon is a list of rings, a ring one flat list ``[x0, y0, dx1, dy1, ...]`` of integer
thousandths of a degree (longitude first, like GeoJSON), each pair after the first the
difference from the previous vertex.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gazetteer.basemap import BASEMAP_PATH, load_basemap
from geo.maps.strikes import _DataLayer, json_for_html

__all__ = ["OUTLINE_LAYER_NAME", "OutlineLayer", "encode_outlines", "outline_payload_text"]

OUTLINE_LAYER_NAME = "Country outlines (offline)"
_SCALE = 1000  # the shipped outlines are rounded to 0.001 degree


def _ring(points: Sequence[Sequence[float]]) -> list[int]:
    flat: list[int] = []
    px = py = 0
    for x, y in points:
        xi, yi = round(x * _SCALE), round(y * _SCALE)
        flat += (xi - px, yi - py)
        px, py = xi, yi
    return flat


def encode_outlines(collection: Mapping[str, Any]) -> list[Any]:
    """A GeoJSON FeatureCollection of (Multi)Polygons as the layer's compact payload.

    Examples
    --------
    >>> square = {"type": "Polygon", "coordinates": [[[1, 2], [1.5, 2], [1.5, 2.25], [1, 2]]]}
    >>> encode_outlines({"features": [
    ...     {"properties": {"name": "A", "iso_a2": "AA"}, "geometry": square}]})
    [1, [['A', 'AA', [[[1000, 2000, 500, 0, 0, 250, -500, -250]]]]]]
    """
    countries = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise ValueError(
                f"outline geometry: a Polygon or MultiPolygon; got {geometry['type']!r}"
            )
        props = feature.get("properties") or {}
        countries.append(
            [
                str(props.get("name") or ""),
                str(props.get("iso_a2") or ""),  # "" for the few with no code
                [[_ring(ring) for ring in polygon] for polygon in polygons],
            ]
        )
    return [1, countries]


@functools.lru_cache(maxsize=2)
def outline_payload_text(path: str | Path = BASEMAP_PATH) -> str:
    """The shipped outlines' payload as inert JSON (:func:`json_for_html`), made once."""
    return json_for_html(encode_outlines(load_basemap(path)))


class OutlineLayer(_DataLayer):
    """The country outlines as a base layer: land filled, borders thin, no hit-testing.

    Each country is one ``L.polygon`` with the class ``strikemap-outline``; the polygons do
    not take clicks or hovers (``interactive: false``), so the map under them does.
    """

    def __init__(self, *, fill: str, border: str = "#9a9a8a") -> None:
        super().__init__(name=OUTLINE_LAYER_NAME, overlay=False, control=True, show=True)
        self._name = "CountryOutlines"
        self.fill = fill
        self.border = border

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the layer's code, with the outlines' payload, to the page's script."""
        parent = self._parent
        assert parent is not None, "add the layer to a map before rendering it"
        text = outline_payload_text()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        self.script_js = (
            OUTLINES_JS.replace("__LAYER__", self.get_name())
            .replace("__MAP__", parent.get_name())
            .replace("__FILL__", self.fill)
            .replace("__BORDER__", self.border)
            .replace("__DIGEST__", digest)
            .replace("__DATA__", text)  # last: the payload holds no placeholder to replace
        )
        super().render(**kwargs)


OUTLINES_JS = r"""
var __LAYER__ = (function () {
  "use strict";
  var data = __DATA__, group = L.featureGroup([], {attribution: "Natural Earth"});
  group.strikemapOutlines = "__DIGEST__";
  var style = {fillColor: "__FILL__", fillOpacity: 1.0, color: "__BORDER__", weight: 0.8,
               interactive: false, className: "strikemap-outline", smoothFactor: 1.0};
  function ring(flat) {
    var out = new Array(flat.length / 2), x = 0, y = 0;
    for (var k = 0; k < flat.length; k += 2) {
      x += flat[k]; y += flat[k + 1];
      out[k / 2] = [y / 1000, x / 1000];
    }
    return out;
  }
  data[1].forEach(function (country) {
    var polygons = country[2].map(function (polygon) { return polygon.map(ring); });
    L.polygon(polygons.length === 1 ? polygons[0] : polygons, style).addTo(group);
  });
  return group;
})();
__LAYER__.addTo(__MAP__);
"""
