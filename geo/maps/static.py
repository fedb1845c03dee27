r"""Static maps for reports: PNG, SVG or PDF on an A4 page, drawn offline with matplotlib.

The page shows what the interactive map shows (:mod:`geo.maps.render`), with the same symbols
and colours: strikes as red circles whose area grows with the reported toll, a dashed
geodesic circle around each strike known only to a district, region or "near a town"
(:func:`geo.maps.areas.uncertainty_areas`), a dotted geodesic line from each strike to its
nearest launch site labelled in km and miles, and the bases (▲) and headquarters (★) with
their names. Around the map: the title, the period and counts, a legend, a scale bar, a
north arrow and the credits (the Natural Earth outlines, the outlets cited).

The map is drawn on the shipped country outlines (:func:`gazetteer.basemap.country_shapes`)
in an equirectangular projection whose scale is true at the map's middle latitude, so north
is up everywhere and the scale bar is exact along that parallel. Nothing is fetched.

Text from records (site names, outlets, the title) is untrusted: it is shown verbatim, with
matplotlib's mathtext off (``$\frac{1}{0}$`` stays those characters), control characters
escaped and long names shortened.

The output is deterministic: the same input gives the same bytes (no dates, no software
version in the files; SVG ids from a fixed salt).
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import math
import os
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from pyproj import Transformer

from gazetteer.basemap import country_shapes
from gazetteer.errors import InvalidQueryError
from gazetteer.geodesy import KM_PER_MILE, Distance
from gazetteer.untrusted import printable, short_repr
from geo.io.dataset import Dataset
from geo.io.files import write_atomic
from geo.maps.areas import geodesic_lines, uncertainty_areas
from geo.maps.render import (
    AREA_PRECISIONS,
    BASE_COLOUR,
    HQ_COLOUR,
    LAND_COLOUR,
    LINE_COLOUR,
    SEA_COLOUR,
    STRIKE_COLOUR,
    UNCERTAINTY_COLOUR,
    distance_links,
    strike_radius_px,
)
from geo.maps.strikes import launch_sites_near, nearest_launch_sites
from geo.model.records import Incident, Site, SiteKind

__all__ = [
    "A4_MM",
    "BoundingBox",
    "LEGEND_LABELS",
    "Orientation",
    "StaticFormat",
    "draw_static_map",
    "pixel_of",
    "render_static_map",
    "save_static_map",
]

#: The page: A4, in millimetres (landscape).
A4_MM = (297.0, 210.0)

#: Fixed salt for the ids in SVG files, so that the same map gives the same bytes.
_SVG_SALT = "strikemap"

#: With more distance lines than this, the lines are drawn without labels (unreadable).
MAX_LINE_LABELS = 40

#: Longest record text shown on the map (site names, outlets); longer text is shortened.
MAX_LABEL_CHARS = 60

STRIKE_EDGE = "#7b241c"
OUTLINE_COLOUR = "#9a9a8a"

_RC: dict[Any, Any] = {
    "text.parse_math": False,  # report text such as "$\\frac{1}{0}$" is shown, not typeset
    "text.usetex": False,
    "svg.fonttype": "none",  # SVG text stays text (searchable, editable in a report)
    "svg.hashsalt": _SVG_SALT,
    "pdf.fonttype": 42,  # TrueType in PDF: text can be selected and copied
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs everywhere
    "path.simplify": True,
}

#: The legend's rows (strike and site counts are added to the first, third and fourth).
LEGEND_LABELS = (
    "Strike: circle area ~ reported deaths",
    "Area where an imprecise strike may lie",
    "Base or airfield",
    "Headquarters",
    "Geodesic distance to nearest launch site",
)


class StaticFormat(enum.Enum):
    """The file formats of a static map."""

    PNG = "png"
    SVG = "svg"
    PDF = "pdf"

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> StaticFormat | None:
        """The format a file name ends in (``.png``, ``.svg``, ``.pdf``), or None.

        Examples
        --------
        >>> StaticFormat.from_path("libya.PNG"), StaticFormat.from_path("libya.html")
        (<StaticFormat.PNG: 'png'>, None)
        """
        suffix = Path(path).suffix.lower().lstrip(".")
        return next((f for f in cls if f.value == suffix), None)


class Orientation(enum.Enum):
    """How the A4 page is turned."""

    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"

    @classmethod
    def parse(cls, value: Orientation | str) -> Orientation:
        """An orientation from its name (any case).

        Examples
        --------
        >>> Orientation.parse("Portrait")
        <Orientation.PORTRAIT: 'portrait'>
        >>> Orientation.parse("square")
        Traceback (most recent call last):
        ...
        gazetteer.errors.InvalidQueryError: orientation must be 'landscape' or 'portrait', \
got 'square'
        """
        if isinstance(value, Orientation):
            return value
        for orientation in cls:
            if isinstance(value, str) and value.strip().lower() == orientation.value:
                return orientation
        raise InvalidQueryError(
            f"orientation must be 'landscape' or 'portrait', got {short_repr(value)}"
        )


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """The area a map shows, in degrees: west, south, east, north (WGS 84).

    A box whose west edge is east of its east edge crosses the antimeridian
    (``170,-20,-170,-10`` is 20 degrees wide around 180°).

    Examples
    --------
    >>> BoundingBox.parse("2,12,16,38")
    BoundingBox(west=2.0, south=12.0, east=16.0, north=38.0)
    >>> BoundingBox.parse("170,-20,-170,-10").width_deg
    20.0
    >>> BoundingBox.parse("2,38,16,12")
    Traceback (most recent call last):
    ...
    gazetteer.errors.InvalidQueryError: bbox south (38.0) must be below north (12.0); \
give W,S,E,N in degrees
    """

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        for name in ("west", "south", "east", "north"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidQueryError(f"bbox {name} must be a number, got {short_repr(value)}")
            if not math.isfinite(value):
                raise InvalidQueryError(f"bbox {name} must be finite, got {value!r}")
            limit = 180.0 if name in ("west", "east") else 90.0
            if not -limit <= value <= limit:
                raise InvalidQueryError(
                    f"bbox {name} must be between {-limit:g} and {limit:g}, got {value!r}"
                )
        if self.south >= self.north:
            raise InvalidQueryError(
                f"bbox south ({self.south!r}) must be below north ({self.north!r}); "
                "give W,S,E,N in degrees"
            )
        if self.west == self.east:
            raise InvalidQueryError(
                f"bbox west and east are both {self.west!r}; give W,S,E,N in degrees"
            )

    @classmethod
    def parse(cls, text: str) -> BoundingBox:
        """A box from ``"W,S,E,N"`` (degrees; spaces allowed)."""
        parts = text.split(",") if isinstance(text, str) else []
        try:
            if len(parts) != 4:
                raise ValueError
            west, south, east, north = (float(p) for p in parts)
        except ValueError:
            raise InvalidQueryError(
                f"bbox must be four numbers W,S,E,N in degrees such as '2,12,16,38', "
                f"got {short_repr(text)}"
            ) from None
        return cls(west, south, east, north)

    @property
    def width_deg(self) -> float:
        """Degrees of longitude from the west edge eastwards to the east edge."""
        return (self.east - self.west) % 360.0 or 360.0

    @property
    def east_unwrapped(self) -> float:
        """The east edge as a longitude greater than the west edge (may exceed 180)."""
        return self.west + self.width_deg


@dataclass(frozen=True, slots=True)
class _View:
    """The map's frame: the projection and the extent in projected metres."""

    transformer: Transformer
    lat_ts: float
    lon_0: float
    lon_lat_window: tuple[float, float, float, float]  # W, S, E (unwrapped), N, with margin
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def project(self, lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.transformer.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    def project_geometry(self, geom: Any) -> Any:
        return shapely.transform(geom, lambda xy: np.column_stack(self.project(xy[:, 0], xy[:, 1])))

    def contains(self, x: float, y: float) -> bool:
        return self.x_range[0] <= x <= self.x_range[1] and self.y_range[0] <= y <= self.y_range[1]


def _page_inches(orientation: Orientation, dpi: int) -> tuple[float, float]:
    """A4 in inches, rounded so that the page is a whole number of pixels at ``dpi``."""
    width_mm, height_mm = A4_MM if orientation is Orientation.LANDSCAPE else A4_MM[::-1]
    return (
        round(width_mm / 25.4 * dpi) / dpi,
        round(height_mm / 25.4 * dpi) / dpi,
    )


def _plain(text: object, limit: int = MAX_LABEL_CHARS) -> str:
    """Record text made safe to show: control characters escaped, long text shortened."""
    shown = printable(text).replace("\n", " ")
    return shown if len(shown) <= limit else shown[: limit - 1].rstrip() + "…"


def _text(target: Any, *args: Any, **kwargs: Any) -> Any:
    """``target.text(...)`` with mathtext off, whatever the global settings."""
    kwargs.setdefault("parse_math", False)
    return target.text(*args, **kwargs)


def _fit_lon_lat(
    incidents: Sequence[Incident],
    sites: Sequence[Site],
    links: Sequence[tuple[Incident, Site, Distance]],
) -> BoundingBox:
    """The box around the strikes, their uncertainty areas and the launch sites near them.

    Launch sites within 1,500 km of a strike are shown, as on the interactive map, and so is
    every site a distance line reaches.
    """
    lons: list[float] = []
    lats: list[float] = []
    for incident in incidents:
        lons.append(incident.lon)
        lats.append(incident.lat)
    areas = [i for i in incidents if i.location_precision in AREA_PRECISIONS]
    for area in uncertainty_areas(
        [i.lat for i in areas], [i.lon for i in areas], [i.uncertainty_radius_km for i in areas]
    ):
        west, south, east, north = area.bounds
        if east - west < 180.0:  # an area cut at the antimeridian: its points suffice
            lons += [west, east]
        lats += [south, north]
    # the launch sites in range, as on the interactive map
    for site in launch_sites_near(incidents, [s for s in sites if s.kind.launches_aircraft]):
        lons.append(site.lon)
        lats.append(site.lat)
    for _, site, _ in links:
        lons.append(site.lon)
        lats.append(site.lat)
    if not lons:  # no strike: the sites, else the world
        lons = [s.lon for s in sites] or [-180.0, 180.0]
        lats = [s.lat for s in sites] or [-60.0, 80.0]
    lon = np.asarray(lons)
    west, east = float(lon.min()), float(lon.max())
    shifted = lon % 360.0  # the same points seen across the antimeridian
    if east - west > 180.0 and float(np.ptp(shifted)) < east - west:
        west, east = float(shifted.min()), float(shifted.max())
    south, north = min(lats), max(lats)
    # a margin, and at least two degrees each way around a single point
    pad_x = max(0.08 * (east - west), 1.0 - (east - west) / 2)
    pad_y = max(0.08 * (north - south), 1.0 - (north - south) / 2)
    west, east = west - pad_x, east + pad_x
    south, north = max(south - pad_y, -89.0), min(north + pad_y, 89.0)
    if east - west >= 360.0:
        return BoundingBox(-180.0, south, 180.0, north)
    width = east - west
    west = (west + 180.0) % 360.0 - 180.0  # in [-180, 180)
    east = west + width
    if east > 180.0:  # the box crosses the antimeridian: its east edge is written west of 180
        east -= 360.0
    return BoundingBox(west, south, east, north)


def _make_view(bbox: BoundingBox, aspect: float) -> _View:
    """Project the box and widen its shorter side to fill an axes of this width/height."""
    width_deg = bbox.width_deg
    lon_0 = (bbox.west + width_deg / 2.0 + 180.0) % 360.0 - 180.0
    lat_ts = max(min((bbox.south + bbox.north) / 2.0, 80.0), -80.0)
    transformer = Transformer.from_crs(
        "EPSG:4326",
        f"+proj=eqc +lat_ts={lat_ts:.6f} +lon_0={lon_0:.6f} +datum=WGS84 +units=m",
        always_xy=True,
    )
    # x grows linearly with longitude: metres per degree, measured beside the central meridian
    (xa, xb), (y0, y1) = transformer.transform([lon_0 - 0.5, lon_0 + 0.5], [bbox.south, bbox.north])
    per_deg = float(xb - xa)
    x0, x1 = -per_deg * width_deg / 2.0, per_deg * width_deg / 2.0
    y0, y1 = float(y0), float(y1)
    if (x1 - x0) / (y1 - y0) < aspect:  # too tall for the axes: widen
        grow = ((y1 - y0) * aspect - (x1 - x0)) / 2.0
        x0, x1 = x0 - grow, x1 + grow
    else:  # too wide: heighten
        grow = ((x1 - x0) / aspect - (y1 - y0)) / 2.0
        y0, y1 = y0 - grow, y1 + grow
    # the lon/lat window the frame covers (to clip the outlines to), with a margin
    half_lon = min(x1 / per_deg + 1.0, 180.0)
    _, lats = transformer.transform([lon_0, lon_0], [y0, y1], direction="INVERSE")
    lats = np.nan_to_num(np.asarray(lats, dtype=float), nan=0.0, posinf=90.0, neginf=-90.0)
    y_pole = float(transformer.transform(lon_0, 90.0)[1])
    south = -90.0 if y0 <= -y_pole else max(float(lats[0]) - 1.0, -90.0)
    north = 90.0 if y1 >= y_pole else min(float(lats[1]) + 1.0, 90.0)
    window = (lon_0 - half_lon, south, lon_0 + half_lon, north)
    return _View(transformer, lat_ts, lon_0, window, (x0, x1), (y0, y1))


def _clipped_outlines(view: _View) -> list[Any]:
    """The country outlines inside the view's lon/lat window, projected."""
    outlines = country_shapes().geometries
    west, south, east, north = view.lon_lat_window
    pieces: list[Any] = []
    for shift in (-360.0, 0.0, 360.0):  # a window past +-180 is cut in the outlines' frame
        lo, hi = max(west + shift, -180.0), min(east + shift, 180.0)
        if lo >= hi:
            continue
        clipped = shapely.clip_by_rect(outlines, lo, south, hi, north)
        pieces.extend(g for g in clipped if not g.is_empty and g.area > 0)
    return [view.project_geometry(g) for g in pieces]


def _polygon_path(geoms: Sequence[Any]) -> MplPath:
    """One matplotlib path for (multi)polygons: exteriors counterclockwise, holes clockwise."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for geom in geoms:
        for polygon in getattr(geom, "geoms", [geom]):
            if polygon.geom_type != "Polygon" or polygon.is_empty:
                continue
            polygon = shapely.geometry.polygon.orient(polygon, 1.0)
            for ring in (polygon.exterior, *polygon.interiors):
                xy = np.asarray(ring.coords)
                if len(xy) < 4:
                    continue
                ring_codes = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
                ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
                vertices.append(xy)
                codes.append(ring_codes)
    if not vertices:
        return MplPath(np.empty((0, 2)))
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _line_segments(geoms: Sequence[Any]) -> list[np.ndarray]:
    segments = []
    for geom in geoms:
        for line in getattr(geom, "geoms", [geom]):
            if not line.is_empty:
                segments.append(np.asarray(line.coords))
    return segments


def _nice_length_km(span_km: float) -> float:
    """A round length about a fifth of ``span_km``: 1, 2 or 5 times a power of ten.

    Examples
    --------
    >>> _nice_length_km(1450.0), _nice_length_km(90.0), _nice_length_km(30000.0)
    (200.0, 10.0, 5000.0)
    """
    target = max(span_km / 5.0, 1e-3)
    power = 10.0 ** math.floor(math.log10(target))
    return max(m * power for m in (1.0, 2.0, 5.0) if m * power <= target)


def _period(incidents: Sequence[Incident]) -> str:
    if not incidents:
        return "no strikes"
    start = min(i.date_start for i in incidents)
    end = max(i.date_end for i in incidents)
    if start == end:
        return _day(start)
    return f"{_day(start)} – {_day(end)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def draw_static_map(
    dataset: Dataset,
    *,
    incidents: Sequence[Incident] | None = None,
    bbox: BoundingBox | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    orientation: Orientation | str = Orientation.LANDSCAPE,
    dpi: int = 300,
) -> Figure:
    """Draw the map of a dataset's strikes and sites on an A4 page.

    Parameters
    ----------
    dataset
        Sources, sites and incidents to draw.
    incidents
        Draw only these incidents (default: all of the dataset's), e.g. those an
        :class:`~geo.model.filters.IncidentFilter` keeps.
    bbox
        The area to show (default: fitted to the strikes, their uncertainty areas and the
        launch sites their distance lines reach). The page's proportions widen it one way.
    title
        The page's title (default: the dataset's).
    subtitle
        A line under the period and counts, e.g. the filter in words.
    orientation
        ``landscape`` (297 × 210 mm) or ``portrait``.
    dpi
        Resolution of a PNG: 300 makes 3508 × 2480 pixels in landscape.

    Returns
    -------
    matplotlib.figure.Figure
        A figure with no pyplot state (Agg canvas), ready for :func:`render_static_map`.
    """
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 50 <= dpi <= 1200:
        raise InvalidQueryError(
            f"dpi must be a whole number from 50 to 1200, got {short_repr(dpi)}"
        )
    orientation = Orientation.parse(orientation)
    shown = list(dataset.incidents if incidents is None else incidents)
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        # a glyph DejaVu Sans lacks (CJK, emoji) is drawn as a box: not worth a warning
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        return _draw(dataset, shown, bbox, title, subtitle, orientation, dpi)


def _draw(
    dataset: Dataset,
    shown: list[Incident],
    bbox: BoundingBox | None,
    title: str | None,
    subtitle: str | None,
    orientation: Orientation,
    dpi: int,
) -> Figure:
    fig = Figure(figsize=_page_inches(orientation, dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    fig_w, fig_h = fig.get_size_inches()
    margin = 0.45  # inches
    top = 1.0 - 1.05 / fig_h
    bottom = 0.75 / fig_h
    ax = fig.add_axes((margin / fig_w, bottom, 1 - 2 * margin / fig_w, top - bottom))
    ax.set_facecolor(SEA_COLOUR)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#555555")
        spine.set_linewidth(0.8)

    launch_sites = [s for s in dataset.sites if s.kind.launches_aircraft]
    nearest_site = dict(
        zip((i.id for i in shown), nearest_launch_sites(shown, launch_sites), strict=True)
    )
    groups = distance_links(shown, nearest_site)
    links = [link for group in groups for link in group]
    box = bbox if bbox is not None else _fit_lon_lat(shown, dataset.sites, links)
    ax_w_in = ax.get_position().width * fig_w
    ax_h_in = ax.get_position().height * fig_h
    view = _make_view(box, ax_w_in / ax_h_in)
    ax.set_xlim(*view.x_range)
    ax.set_ylim(*view.y_range)
    ax.set_aspect("equal", adjustable="box")

    ax.add_patch(
        PathPatch(
            _polygon_path(_clipped_outlines(view)),
            facecolor=LAND_COLOUR,
            edgecolor=OUTLINE_COLOUR,
            linewidth=0.5,
            zorder=1,
        )
    )

    # uncertainty areas: dashed geodesic circles, lightly filled
    imprecise = sorted(
        (i for i in shown if i.location_precision in AREA_PRECISIONS), key=lambda i: i.id
    )
    areas = uncertainty_areas(
        [i.lat for i in imprecise],
        [i.lon for i in imprecise],
        [i.uncertainty_radius_km for i in imprecise],
    )
    if areas:
        path = _polygon_path([view.project_geometry(a) for a in areas])
        ax.add_patch(
            PathPatch(path, facecolor=UNCERTAINTY_COLOUR, alpha=0.08, edgecolor="none", zorder=2)
        )
        ax.add_patch(
            PathPatch(
                path,
                facecolor="none",
                edgecolor=UNCERTAINTY_COLOUR,
                linewidth=1.1,
                linestyle=(0, (4, 3)),
                zorder=2,
            )
        )

    # distance lines, labelled (staggered along lines that share a site, as on the page)
    lines = geodesic_lines(
        [(i.lat, i.lon) for i, _, _ in links], [(s.lat, s.lon) for _, s, _ in links]
    )
    segments = _line_segments([view.project_geometry(g) for g in lines])
    if segments:
        ax.add_collection(
            LineCollection(
                segments, colors=LINE_COLOUR, linewidths=1.2, linestyles=(0, (1, 3)), zorder=3
            )
        )
    if len(links) <= MAX_LINE_LABELS:
        k_line = 0
        for group in groups:
            for k, (_, site, distance) in enumerate(group):
                fraction = 0.5 if len(group) == 1 else 0.2 + 0.55 * k / (len(group) - 1)
                coords = np.vstack([np.asarray(p) for p in _line_segments([lines[k_line]])])
                k_line += 1
                lon, lat = coords[round(fraction * (len(coords) - 1))]
                x, y = view.project(lon, lat)
                if not view.contains(float(x), float(y)):
                    continue
                _text(
                    ax,
                    float(x),
                    float(y),
                    f"{distance.label()} to {_plain(site.name, 40)}",
                    fontsize=6.5,
                    color="#222222",
                    ha="left",
                    va="bottom",
                    zorder=6,
                    clip_on=True,
                    bbox={
                        "boxstyle": "round,pad=0.25",
                        "facecolor": "white",
                        "edgecolor": "#bbbbbb",
                        "linewidth": 0.5,
                        "alpha": 0.9,
                    },
                )

    # strikes: larger tolls first, so a smaller circle on the same spot stays visible
    ordered = sorted(shown, key=lambda i: (-(i.fatalities.best if i.fatalities else 0), i.id))
    if ordered:
        x, y = view.project([i.lon for i in ordered], [i.lat for i in ordered])
        radius_pt = (
            np.array(
                [strike_radius_px(i.fatalities.best if i.fatalities else None) for i in ordered]
            )
            * 0.75
        )  # CSS pixels to points
        ax.scatter(
            x,
            y,
            s=(2 * radius_pt) ** 2,
            facecolors=matplotlib.colors.to_rgba(STRIKE_COLOUR, 0.75),
            edgecolors=STRIKE_EDGE,
            linewidths=1.0,
            zorder=5,
        )

    # bases and headquarters, named
    n_bases = n_hq = 0
    for site in sorted(dataset.sites, key=lambda s: s.id):
        x, y = view.project(site.lon, site.lat)
        if not view.contains(float(x), float(y)):
            continue
        hq = site.kind is SiteKind.HEADQUARTERS
        n_hq += hq
        n_bases += not hq
        ax.plot(
            [float(x)],
            [float(y)],
            marker="*" if hq else "^",
            markersize=13 if hq else 10,
            color=HQ_COLOUR if hq else BASE_COLOUR,
            markeredgecolor="white",
            markeredgewidth=0.9,
            linestyle="none",
            zorder=7,
        )
        ax.annotate(
            _plain(site.name),
            (float(x), float(y)),
            xytext=(7, 0),
            textcoords="offset points",
            fontsize=7.5,
            fontweight="bold",
            color=HQ_COLOUR if hq else BASE_COLOUR,
            ha="left",
            va="center",
            zorder=8,
            annotation_clip=True,
            parse_math=False,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.75,
            },
        )

    fig._strikemap_view = view  # type: ignore[attr-defined]  # read by pixel_of
    _legend(ax, len(shown), n_bases, n_hq)
    _scale_bar(ax, view)
    _north_arrow(ax)
    _frame_text(fig, dataset, shown, title, subtitle, view, fig_h)
    return fig


def pixel_of(figure: Figure, lat: float, lon: float) -> tuple[float, float]:
    """Where a point lies in the figure's PNG: ``(column, row)`` in pixels from the top left.

    ``figure`` is one :func:`draw_static_map` drew; the point may lie outside the frame.
    """
    view: _View | None = getattr(figure, "_strikemap_view", None)
    if view is None:
        raise InvalidQueryError("pixel_of needs a figure drawn by draw_static_map")
    x, y = view.project(lon, lat)
    column, up = figure.axes[0].transData.transform((float(x), float(y)))
    return float(column), float(figure.bbox.height - up)


def _legend(ax: Any, n_strikes: int, n_bases: int, n_hq: int) -> None:
    strike, area, base, hq, line = LEGEND_LABELS
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=9,
            markerfacecolor=matplotlib.colors.to_rgba(STRIKE_COLOUR, 0.75),
            markeredgecolor=STRIKE_EDGE,
            label=f"{strike} ({n_strikes})",
        ),
        Patch(
            facecolor=matplotlib.colors.to_rgba(UNCERTAINTY_COLOUR, 0.08),
            edgecolor=UNCERTAINTY_COLOUR,
            linestyle=(0, (4, 3)),
            label=area,
        ),
        Line2D(
            [],
            [],
            marker="^",
            linestyle="none",
            markersize=8,
            color=BASE_COLOUR,
            label=f"{base} ({n_bases})",
        ),
        Line2D(
            [],
            [],
            marker="*",
            linestyle="none",
            markersize=11,
            color=HQ_COLOUR,
            label=f"{hq} ({n_hq})",
        ),
        Line2D([], [], color=LINE_COLOUR, linewidth=1.2, linestyle=(0, (1, 3)), label=line),
    ]
    legend = ax.legend(
        handles=handles,
        loc="lower left",
        fontsize=7.5,
        title="Legend",
        title_fontsize=8.5,
        frameon=True,
        framealpha=0.95,
        edgecolor="#999999",
        fancybox=False,
        borderpad=0.7,
    )
    legend.set_zorder(20)
    for text in (*legend.get_texts(), legend.get_title()):
        text.set_parse_math(False)


def _scale_bar(ax: Any, view: _View) -> None:
    """A bar of round km over one of round miles, true along the standard parallel."""
    width = view.x_range[1] - view.x_range[0]
    height = view.y_range[1] - view.y_range[0]
    span_km = width / 1000.0
    km = _nice_length_km(span_km)
    mi = _nice_length_km(span_km / KM_PER_MILE)
    km_m, mi_m = km * 1000.0, mi * KM_PER_MILE * 1000.0
    longest = max(km_m, mi_m)
    label_room = 0.07 * width
    right = view.x_range[1] - 0.02 * width
    left = right - label_room - longest - 0.015 * width
    y0 = view.y_range[0] + 0.05 * height
    bar_h = 0.008 * height
    ax.add_patch(
        Rectangle(
            (left - 0.015 * width, y0 - 0.03 * height),
            right - left + 0.015 * width,
            0.1 * height,
            facecolor="white",
            edgecolor="#999999",
            linewidth=0.5,
            alpha=0.95,
            zorder=19,
        )
    )
    for k, (length, label, y) in enumerate(
        ((km_m, f"{km:,.0f} km", y0 + 0.025 * height), (mi_m, f"{mi:,.0f} mi", y0))
    ):
        ax.add_patch(
            Rectangle(
                (left, y),
                length,
                bar_h,
                facecolor="#333333" if k == 0 else "#777777",
                edgecolor="none",
                zorder=20,
            )
        )
        _text(ax, left + length, y + bar_h / 2, f" {label}", fontsize=7, va="center", zorder=21)
    _text(
        ax,
        left,
        y0 + 0.045 * height,
        f"Scale true at {abs(view.lat_ts):.1f}°{'N' if view.lat_ts >= 0 else 'S'}",
        fontsize=6,
        color="#444444",
        va="bottom",
        zorder=21,
    )


def _north_arrow(ax: Any) -> None:
    ax.add_patch(
        FancyArrow(
            0.955,
            0.86,
            0.0,
            0.08,
            width=0.006,
            head_width=0.025,
            head_length=0.035,
            length_includes_head=True,
            transform=ax.transAxes,
            facecolor="#333333",
            edgecolor="white",
            linewidth=0.6,
            zorder=20,
        )
    )
    _text(
        ax,
        0.955,
        0.845,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=10,
        fontweight="bold",
        zorder=20,
    )


def _frame_text(
    fig: Figure,
    dataset: Dataset,
    shown: Sequence[Incident],
    title: str | None,
    subtitle: str | None,
    view: _View,
    fig_h: float,
) -> None:
    ax_box = fig.axes[0].get_position()
    left = ax_box.x0
    _text(
        fig,
        left,
        1.0 - 0.3 / fig_h,
        _plain(dataset.title if title is None else title, 110),
        fontsize=15,
        fontweight="bold",
        va="top",
        ha="left",
    )
    strikes = f"{len(shown)} strike{'s' if len(shown) != 1 else ''}"
    line = f"{_period(shown)} · {strikes}"
    if subtitle:
        line += f" · {_plain(subtitle, 120)}"
    _text(fig, left, 1.0 - 0.62 / fig_h, line, fontsize=9.5, color="#333333", va="top")

    outlets = sorted(
        {
            _plain(dataset.sources[c.source_id].outlet, 40)
            for i in shown
            for c in i.claims
            if c.source_id in dataset.sources
        }
    )
    listed = ", ".join(outlets[:12]) + (
        f" and {len(outlets) - 12} more" if len(outlets) > 12 else ""
    )
    credits = (
        f"Sources: {listed or 'none'}. Country outlines: Natural Earth (public domain). "
        f"Equirectangular projection, standard parallel {view.lat_ts:.1f}°; distances are "
        "geodesic (WGS 84). Made with strikemap."
    )
    width_chars = int(ax_box.width * fig.get_size_inches()[0] * 72 / 3.6)  # ~6.5 pt text
    _text(
        fig,
        left,
        ax_box.y0 - 0.08 / fig_h,
        "\n".join(textwrap.wrap(credits, width_chars)[:3]),
        fontsize=6.5,
        color="#444444",
        va="top",
        ha="left",
        linespacing=1.3,
    )


def render_static_map(figure: Figure, fmt: StaticFormat | str) -> bytes:
    """The figure as PNG, SVG or PDF bytes: the same figure gives the same bytes.

    No creation date and no software version is written (PNG ``Software``, SVG ``Date``
    and ``Creator``, PDF ``CreationDate``, ``Creator`` and ``Producer``).
    """
    chosen = fmt if isinstance(fmt, StaticFormat) else _format(fmt)
    metadata: dict[str, Any] = {
        StaticFormat.PNG: {"Software": None},
        StaticFormat.SVG: {"Date": None, "Creator": None},
        StaticFormat.PDF: {"CreationDate": None, "Creator": None, "Producer": None},
    }[chosen]
    out = io.BytesIO()
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        figure.savefig(out, format=chosen.value, dpi=figure.dpi, metadata=metadata)
    return out.getvalue()


def _format(value: str) -> StaticFormat:
    for fmt in StaticFormat:
        if isinstance(value, str) and value.strip().lower() == fmt.value:
            return fmt
    raise InvalidQueryError(f"static map format must be png, svg or pdf, got {short_repr(value)}")


def save_static_map(
    dataset: Dataset,
    path: str | os.PathLike[str],
    fmt: StaticFormat | str | None = None,
    **options: Any,
) -> Path:
    """Draw the map (see :func:`draw_static_map` for ``options``) and write it atomically.

    ``fmt`` defaults to the file name's ending (``.png``, ``.svg``, ``.pdf``).
    """
    chosen = _format(fmt) if isinstance(fmt, str) else fmt or StaticFormat.from_path(path)
    if chosen is None:
        raise InvalidQueryError(
            f"a static map's file name must end in .png, .svg or .pdf, got {str(path)!r}"
        )
    figure = draw_static_map(dataset, **options)
    return write_atomic(path, render_static_map(figure, chosen))
