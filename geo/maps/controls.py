r"""Map controls that work on the strike layer's data in the browser: time, labels, popups.

* :class:`TimeControl`: a slider over the strikes' dates with playback, by week or month,
  showing the strikes up to the chosen day (cumulative) or within the week or month that ends
  on it (a window); the uncertainty areas and distance lines follow. Nothing is fetched: it
  filters the strikes the page already holds.
* :class:`LabelLayer`: the names of the bases and the date and place of each strike drawn
  singly, as an overlay in the layer control (on by default, off on a narrow map such as a
  phone's); the distance lines' labels follow it.
* :class:`PopupClearance`: a popup opened near the layer control is panned clear of it, so
  its close button is never under the control.

Like :mod:`geo.maps.strikes`, the code is this module's constants with element names filled
in; record text reaches the page only as JSON data (:func:`geo.maps.strikes.json_for_html`)
and is shown with ``textContent``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from geo.maps.strikes import AreaLayer, StrikeLayer, _data_element, _DataLayer, json_for_html
from geo.model.records import Site

__all__ = [
    "CONTROLS_CSS",
    "NARROW_PX",
    "PLAY_INTERVAL_MS",
    "LabelLayer",
    "PopupClearance",
    "TimeControl",
]

#: A map narrower than this (in CSS pixels) is a phone's: labels start off.
NARROW_PX = 600

#: Playback: one step (a week or a month) every this many milliseconds.
PLAY_INTERVAL_MS = 700


class TimeControl(_DataLayer):
    """A time slider with playback over a :class:`StrikeLayer`'s strikes.

    The slider runs from the earliest strike's first day to the latest strike's last day
    and starts at the end, in the cumulative mode: every strike shown. Moving it, or
    playing (one week or one month a step), shows the strikes that began on or before the
    day (*up to the date*) or whose dates overlap the week or month that ends on the day
    (*window*). The control shows the day (or the window) and how many strikes are shown.
    The uncertainty areas of the strikes hidden are hidden too (when ``areas`` is given), and
    so are the distance lines and their labels of the strike points with no strike shown.
    The strikes are filtered through the strike layer's hooks (``strikemapRows``,
    ``strikemapShow``), so bubbles count only the strikes shown, with markercluster (up to
    :data:`geo.maps.strikes.FAST_ABOVE` strikes) and with the grid clusters above it alike.
    """

    def __init__(
        self,
        strikes: StrikeLayer,
        *,
        areas: AreaLayer | None = None,
        interval_ms: int = PLAY_INTERVAL_MS,
    ) -> None:
        super().__init__(name="Time slider", overlay=True, control=False)
        self._name = "TimeControl"
        self.strikes = strikes
        self.areas = areas
        self.interval_ms = int(interval_ms)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the control's code to the page's script."""
        self.script_js = (
            TIME_JS.replace("__LAYER__", self.get_name())
            .replace("__STRIKES__", self.strikes.get_name())
            .replace("__AREAS__", self.areas.get_name() if self.areas is not None else "null")
            .replace("__MAP__", self.map_name())
            .replace("__INTERVAL__", str(max(self.interval_ms, 50)))
        )
        super().render(**kwargs)


class LabelLayer(_DataLayer):
    """Labels: each site's name, each singly drawn strike's date and place.

    An overlay named ``name`` in the layer control. It starts shown unless the map is
    narrower than ``narrow_px``. The labels of the distance lines (drawn by the map in
    Python) are shown or hidden with it.
    """

    def __init__(
        self,
        strikes: StrikeLayer,
        sites: Sequence[Site],
        *,
        name: str = "Labels",
        narrow_px: int = NARROW_PX,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "LabelLayer"
        self.strikes = strikes
        self.sites = [[s.name, round(s.lat, 5), round(s.lon, 5)] for s in sites]
        self.narrow_px = int(narrow_px)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the site names to the page as data and the layer's code to its script."""
        text = json_for_html(self.sites)
        data_id = f"strikemap-labels-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:20]}"
        self.data_html = _data_element(text, data_id)
        self.script_js = (
            LABELS_JS.replace("__LAYER__", self.get_name())
            .replace("__STRIKES__", self.strikes.get_name())
            .replace("__MAP__", self.map_name())
            .replace("__DATA_ID__", data_id)
            .replace("__NARROW__", str(self.narrow_px))
        )
        super().render(**kwargs)


class PopupClearance(_DataLayer):
    """Keep every popup's close button clear of the controls in the map's top-right corner.

    Leaflet pans a popup into view with fixed paddings. Here, before it does, the popup's
    top padding is set to the height of the top-right controls (the layer control, however
    far it is unfolded) whenever the popup's right end would lie under them.
    """

    def __init__(self, *, margin_px: int = 8) -> None:
        super().__init__(name="Popup clearance", overlay=True, control=False)
        self._name = "PopupClearance"
        self.margin_px = int(margin_px)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the code to the page's script."""
        self.script_js = CLEARANCE_JS.replace("__MAP__", self.map_name()).replace(
            "__MARGIN__", str(self.margin_px)
        )
        super().render(**kwargs)


#: The controls' styles (added to the page's head by the incident map).
CONTROLS_CSS = """
.strikemap-time{background:#fff;padding:4px 6px;font:12px sans-serif;max-width:330px}
.strikemap-time-line{display:flex;align-items:center;gap:4px}
.strikemap-time-slider{flex:1 1 auto;min-width:80px;margin:0}
.strikemap-time-play{font:12px sans-serif;min-width:28px;cursor:pointer}
.strikemap-time-date{white-space:nowrap;font-variant-numeric:tabular-nums}
.strikemap-time-options{display:flex;flex-wrap:wrap;gap:4px;margin-top:3px;align-items:center}
.strikemap-time-options select{font:11px sans-serif}
.leaflet-tooltip.strikemap-label{background:rgba(255,255,255,.85);border:0;box-shadow:none;
 padding:0 3px;font:11px/1.3 sans-serif;color:#222}
.leaflet-tooltip.strikemap-label:before{display:none}
.leaflet-tooltip.strikemap-label-site{font-weight:bold;color:#1f4e79}
.strikemap-labels-off .strikemap-distance-label,
.strikemap-labels-off .strikemap-distance-claim-label{display:none}
@media (max-width: 599px){.strikemap-time{max-width:240px}
 .strikemap-time-options{display:none}}
"""


# --- the browser side ---------------------------------------------------------------------

TIME_JS = r"""
var __LAYER__ = null;
(function () {
  "use strict";
  var lib = window.strikemapLib, map = __MAP__, layer = __STRIKES__, areas = __AREAS__;
  var DAY_MS = 86400000, INTERVAL_MS = __INTERVAL__;
  function iso(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }
  // the same day ``n`` months later (or earlier), on the month's last day when it is shorter
  function addMonths(day, n) {
    var d = new Date(day * DAY_MS), y = d.getUTCFullYear(), m = d.getUTCMonth() + n;
    var last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Math.round(Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS);
  }
  function shift(day, step, n) { return step === "week" ? day + 7 * n : addMonths(day, n); }
  layer.strikemapLoaded.then(function (data) {
    if (!data || !data.count) return;
    var n = data.count, start = data.column("day_start"), end = data.column("day_end");
    var lats = data.column("lat"), lons = data.column("lon");
    var first = start[0], last = end[0];
    for (var k = 1; k < n; k++) {
      first = Math.min(first, start[k]);
      last = Math.max(last, end[k]);
    }
    var state = {day: last, mode: "cumulative", step: "month", playing: null, shown: n,
      history: [], areaList: null, pending: false, rows: null};
    // whether strike ``k`` is shown on ``state.day``
    function isShown(k) {
      if (start[k] > state.day) return false;
      return state.mode === "cumulative" || end[k] > shift(state.day, state.step, -1);
    }
    var box = lib.el("div", "leaflet-bar strikemap-time");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var play = lib.el("button", "strikemap-time-play", "\u25b6");
    play.type = "button";
    play.title = "Play: one step at a time, from the start if at the end";
    play.setAttribute("aria-label", "Play");
    var slider = lib.el("input", "strikemap-time-slider");
    slider.type = "range";
    slider.min = String(first);
    slider.max = String(last);
    slider.step = "1";
    slider.value = String(last);
    slider.setAttribute("aria-label", "Date");
    var label = lib.el("span", "strikemap-time-date");
    var options = lib.el("div", "strikemap-time-options");
    var step = lib.el("select", "strikemap-time-step");
    step.setAttribute("aria-label", "Step");
    [["month", "by month"], ["week", "by week"]].forEach(function (o) {
      var option = lib.el("option", null, o[1]);
      option.value = o[0];
      step.appendChild(option);
    });
    var mode = lib.el("select", "strikemap-time-mode");
    mode.setAttribute("aria-label", "Show");
    [["cumulative", "up to the date"], ["window", "in the step ending then"]].forEach(
      function (o) {
        var option = lib.el("option", null, o[1]);
        option.value = o[0];
        mode.appendChild(option);
      });
    var count = lib.el("span", "strikemap-time-count");
    [step, mode, count].forEach(function (node) { options.appendChild(node); });
    var line = lib.el("div", "strikemap-time-line");
    [play, slider, label].forEach(function (node) { line.appendChild(node); });
    box.appendChild(line);
    box.appendChild(options);

    function describe() {
      label.textContent = state.mode === "cumulative" ? "to " + iso(state.day) :
        iso(shift(state.day, state.step, -1) + 1) + " \u2013 " + iso(state.day);
      count.textContent = state.shown.toLocaleString("en-US") + " of " +
        n.toLocaleString("en-US") + " strikes";
    }
    // draw only the strikes of the day's view, through the strike layer's filter hooks
    // (strikemapRows, strikemapShow: markercluster and the grid clusters alike; markercluster
    // takes off and puts back only the strikes that change). While the layer is still adding
    // strikes (markercluster adds them in chunks), the change waits for it to finish: a
    // change made meanwhile would be undone by the chunks still to come.
    function apply() {
      if (!layer.strikemapReady) {
        state.pending = true;
        describe();
        return;
      }
      state.pending = false;
      var rows = layer.strikemapRows(function (r) { return isShown(r); }), shown = rows.length;
      state.shown = shown;
      state.rows = rows;
      layer.strikemapShow(rows);
      applyAreas();
      applyLinks();
      state.history.push([iso(state.day), state.mode, state.step, shown]);  // for tests
      if (state.history.length > 500) state.history.shift();
      describe();
      map.fire("strikemap:time", {day: iso(state.day), shown: shown});
    }
    function applyAreas() {
      if (!areas) return;
      if (!state.areaList) {
        var drawn = areas.getLayers();
        if (!drawn.length) return;  // not drawn yet: drawn all at once when first shown
        state.areaList = drawn;
      }
      state.areaList.forEach(function (circle) {
        var on = isShown(circle.strikemapRow);
        if (on && !areas.hasLayer(circle)) areas.addLayer(circle);
        else if (!on && areas.hasLayer(circle)) areas.removeLayer(circle);
      });
    }
    // the distance lines (drawn by the map in Python) of the strike points with no strike
    // shown are hidden, with their labels: each carries its point in a class,
    // strikemap-at-<lat>_<lon>, the values as the page's data writes them
    function applyLinks() {
      var shownAt = {}, rows = state.rows;
      for (var j = 0; rows === null ? j < n : j < rows.length; j++) {
        var r = rows === null ? j : rows[j];
        shownAt[String(lats[r]) + "_" + String(lons[r])] = true;
      }
      var nodes = map.getContainer().querySelectorAll("[class*='strikemap-at-']");
      for (var m = 0; m < nodes.length; m++) {
        var found = /(?:^|\s)strikemap-at-(\S+)_(\S+)/.exec(nodes[m].getAttribute("class") || "");
        if (!found) continue;
        // as numbers: Python writes 25.0 and 1e-05 where JavaScript writes 25 and 0.00001
        var key = String(parseFloat(found[1])) + "_" + String(parseFloat(found[2]));
        nodes[m].style.display = shownAt[key] ? "" : "none";
      }
    }
    map.on("overlayadd", function () { setTimeout(applyLinks, 0); });
    if (areas) areas.on("add", function () { setTimeout(applyAreas, 0); });
    map.on("strikemap:ready", function () { if (state.pending) apply(); });
    function set(day) {
      state.day = Math.min(Math.max(day, first), last);
      slider.value = String(state.day);
      apply();
    }
    function stop() {
      if (state.playing !== null) clearInterval(state.playing);
      state.playing = null;
      play.textContent = "\u25b6";
      play.setAttribute("aria-label", "Play");
    }
    function tick() {
      if (!layer.strikemapReady) return;  // the last step's strikes are still being added
      var next = shift(state.day, state.step, 1);
      set(next);
      if (next >= last) stop();
    }
    play.addEventListener("click", function () {
      if (state.playing !== null) { stop(); return; }
      // from the start when at the end: the first step's day is the earliest strike's
      if (state.day >= last) set(first);
      play.textContent = "\u275a\u275a";
      play.setAttribute("aria-label", "Pause");
      state.playing = setInterval(tick, INTERVAL_MS);
    });
    slider.addEventListener("input", function () { set(parseInt(slider.value, 10)); });
    step.addEventListener("change", function () { state.step = step.value; apply(); });
    mode.addEventListener("change", function () { state.mode = mode.value; apply(); });
    var Control = L.Control.extend({
      options: {position: "bottomright"},
      onAdd: function () { return box; }
    });
    __LAYER__ = new Control().addTo(map);
    layer.strikemapTime = {state: state, set: set, stop: stop};
    describe();
  });
})();
"""

LABELS_JS = r"""
var __LAYER__ = L.layerGroup();
(function () {
  "use strict";
  var lib = window.strikemapLib, map = __MAP__, group = __LAYER__, strikes = __STRIKES__;
  var container = map.getContainer();
  var sites = JSON.parse(document.getElementById("__DATA_ID__").textContent);
  var siteLabels = sites.map(function (site) {
    return L.tooltip({permanent: true, direction: "right", offset: [9, 0], interactive: false,
      className: "strikemap-label strikemap-label-site"})
      .setLatLng([site[1], site[2]]).setContent(lib.el("span", null, site[0]));
  });
  var strikeLabels = L.layerGroup();
  function isStrike(marker) { return marker && marker.strikemapRow !== undefined &&
    marker.options && /\bstrikemap-strike\b/.test(marker.options.className || ""); }
  function labelOf(marker) {
    var data = strikes.strikemapData;
    if (!marker.strikemapLabel && data) {
      var row = data.row(marker.strikemapRow);
      marker.strikemapLabel = L.tooltip({permanent: true, direction: "right", offset: [8, 0],
        interactive: false, className: "strikemap-label strikemap-label-strike"})
        .setLatLng(marker.getLatLng())
        .setContent(lib.el("span", null, data.get(row, "date") + " \u00b7 " +
          data.get(row, "place")));
    }
    return marker.strikemapLabel;
  }
  function showStrike(marker) {
    var label = labelOf(marker);
    if (!label) return;
    label.setLatLng(marker.getLatLng());
    strikeLabels.addLayer(label);
  }
  // a strike's label is on the map while the strike is drawn singly (not in a bubble)
  map.on("layeradd", function (e) {
    if (map.hasLayer(group) && isStrike(e.layer)) showStrike(e.layer);
  });
  map.on("layerremove", function (e) {
    var label = isStrike(e.layer) && e.layer.strikemapLabel;
    if (label) strikeLabels.removeLayer(label);
  });
  // fanned-out strikes move: so do their labels
  strikes.on("spiderfied unspiderfied", function (e) {
    (e.markers || []).forEach(function (marker) {
      if (marker.strikemapLabel) marker.strikemapLabel.setLatLng(marker.getLatLng());
    });
  });
  group.on("add", function () {
    container.classList.remove("strikemap-labels-off");
    siteLabels.forEach(function (label) { label.addTo(map); });
    strikeLabels.addTo(map);
    // the strikes drawn singly now (markercluster's or the grid clusters' alike)
    map.eachLayer(function (drawn) { if (isStrike(drawn)) showStrike(drawn); });
  });
  group.on("remove", function () {
    container.classList.add("strikemap-labels-off");
    siteLabels.forEach(function (label) { label.remove(); });
    strikeLabels.clearLayers();
    strikeLabels.remove();
  });
  if (map.getSize().x >= __NARROW__) group.addTo(map);
  else container.classList.add("strikemap-labels-off");
})();
"""

CLEARANCE_JS = r"""
(function () {
  "use strict";
  var map = __MAP__, MARGIN = __MARGIN__;
  // the part of the map the top-right controls cover: [left edge, bottom edge] in map pixels
  function topRight() {
    var corner = map._controlCorners && map._controlCorners.topright;
    if (!corner || !corner.children.length) return null;
    var frame = map.getContainer().getBoundingClientRect(), left = Infinity, bottom = 0;
    for (var k = 0; k < corner.children.length; k++) {
      var r = corner.children[k].getBoundingClientRect();
      if (!r.width || !r.height) continue;
      left = Math.min(left, r.left - frame.left);
      bottom = Math.max(bottom, r.bottom - frame.top);
    }
    return bottom > 0 ? [left, bottom] : null;
  }
  map.strikemapClearance = topRight;
  var adjust = L.Popup.prototype._adjustPan;
  if (L.Popup.prototype.strikemapClearance) return;  // patched once per page
  L.Popup.prototype.strikemapClearance = true;
  L.Popup.prototype._adjustPan = function () {
    var popupMap = this._map, saved = this.options.autoPanPaddingTopLeft;
    var control = popupMap && this._container && popupMap.strikemapClearance ?
      popupMap.strikemapClearance() : null;
    if (control && this.options.autoPan) {
      var size = popupMap.getSize(), width = this._containerWidth;
      var tl = L.point(saved || this.options.autoPanPadding);
      var br = L.point(this.options.autoPanPaddingBottomRight || this.options.autoPanPadding);
      var pos = popupMap.layerPointToContainerPoint(
        L.point(this._containerLeft, 0)._add(L.DomUtil.getPosition(this._container)));
      // where the popup's right end will be after Leaflet's own horizontal pan
      var right = pos.x + width;
      if (right + br.x > size.x) right = size.x - br.x;
      if (right - width - tl.x < 0) right = width + tl.x;
      if (right > control[0] - MARGIN) {
        this.options.autoPanPaddingTopLeft = [tl.x, Math.max(tl.y, control[1] + MARGIN)];
      }
    }
    try {
      return adjust.apply(this, arguments);
    } finally {
      this.options.autoPanPaddingTopLeft = saved;
    }
  };
})();
"""
