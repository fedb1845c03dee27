"""The strike map: the incident database on a map, a table of incidents and their sources.

Every page reads the same incident database (seeded with the founding case when it is
created); the JSON dataset is an import and export format only. The database is read again
only when its file changes, and the map is not rebuilt on zoom or pan (the map component
reports clicks only).
"""

from dataclasses import replace
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from app_pages.downloads import download_buttons, static_map_button
from app_pages.filters import filter_sidebar
from app_pages.timeline import time_histogram
from geo import (
    StrikemapError,
    aggregates_frame,
    claims_frame,
    incident_near,
    incidents_to_gdf,
    load_default_dataset,
    metres_per_pixel,
    sites_to_gdf,
)
from geo.io.export import collect_from_store
from geo.maps.markup import escape_markdown
from geo.maps.render import build_incident_map, distance_claim_label
from geo.store.database import IncidentStore, default_db_path


def _file_state(path: Path) -> tuple[int, ...]:
    """Changes whenever the database (or its write-ahead log) is written."""
    state: list[int] = []
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            stat = name.stat()
        except OSError:
            state += [0, 0]
        else:
            state += [stat.st_mtime_ns, stat.st_size]
    return tuple(state)


@st.cache_resource(max_entries=4, show_spinner="Reading the incident database")
def _database(path: str, state: tuple[int, ...]):
    """The database as a dataset (with the curated bases) and what could not be mapped, and
    the distance claims of its reports, checked.

    ``path`` and ``state`` (the file's, from :func:`_file_state`) are the cache's key: the
    database is read again when it changes.
    """
    bases = load_default_dataset()  # the curated bases, and the sources they cite
    with IncidentStore.open(readonly=True) as store:  # the default database: ``path``
        export = store.as_dataset(sites=bases.sites, sources=bases.sources, title=bases.title)
        return export, tuple(check for _, check in store.distance_checks())


path = default_db_path()
if not path.exists():  # the first run creates the default database, seeded
    try:
        IncidentStore.open().close()
    except StrikemapError as exc:
        st.error(str(exc))
        st.stop()
state = _file_state(path)
try:
    export, distance_checks = _database(str(path), state)
except (StrikemapError, ValueError) as exc:
    st.error(str(exc))
    st.stop()
dataset = export.dataset

st.title("Strike map")
view = filter_sidebar(dataset)
shown = view.apply(dataset)
everything = len(shown) == len(dataset.incidents)
st.caption(
    f"{len(dataset.incidents)} incidents and {len(dataset.aggregates)} aggregate statements in "
    f"the incident database ({path}); ingest reports and correct incidents on the "
    "*Incidents from reports* page."
    + ("" if everything else f" **Filtered: {len(shown)} of {len(dataset.incidents)} shown.**")
)

online = st.sidebar.toggle(
    "Online map tiles (OpenStreetMap)",
    value=False,
    help="Off: the shipped Natural Earth country outlines, no network needed.",
)
if online:
    st.sidebar.caption(
        "The tiles need a network. Without one the map stays blank: choose *Country outlines "
        "(offline)* in the map's layer control, or turn this off."
    )
if export.left_out:
    st.warning(
        f"{len(export.left_out)} record(s) left out of the map: "
        + "; ".join(escape_markdown(str(item)) for item in export.left_out)
    )

# strikes per week or month, by every criterion but the dates: a brush sets the date range
undated = replace(view, base=replace(view.base, since=None, until=None))
time_histogram(undated.apply(dataset), since=view.base.since, until=view.base.until)

try:
    # built on each run (streamlit-folium changes the map it is given, so it is not cached);
    # the page runs only on a click, never on zoom or pan
    fmap = build_incident_map(
        dataset, offline=not online, incidents=shown, distance_checks=distance_checks
    )
except StrikemapError as exc:
    st.error(str(exc))
    st.stop()

# Only clicks come back: zooming and panning never rerun the page.
clicked = st_folium(
    fmap,
    height=560,
    use_container_width=True,
    returned_objects=["last_object_clicked"],
    key="strike_map",
)

st.subheader(f"Incidents ({len(shown)})")
table = incidents_to_gdf(shown).drop(columns="geometry")
table["status"] = [i.status.value if i.status else "" for i in shown]
columns = [
    "date",
    "event_type",
    "place",
    "location_precision",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "status",
    "actor",
    "target",
    "sources",
    "id",
]
selection = st.dataframe(
    table[columns],
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="incident_table",
)

chosen = []
rows = selection.selection.rows if selection else []
if rows:
    chosen = [shown[rows[0]]]
elif clicked and clicked.get("last_object_clicked"):
    # Leaflet reports where the click landed, not the marker's centre: accept the nearest
    # strike point within about 30 screen pixels at the map's first zoom (fanned-out strikes
    # are reported at their own point, so all the strikes at that point are listed).
    point = clicked["last_object_clicked"]
    within_km = 30 * metres_per_pixel(point["lat"], 5) / 1000
    chosen = incident_near(
        replace(dataset, incidents=tuple(shown)), point["lat"], point["lng"], within_km=within_km
    )

if not chosen:
    st.info("Click a strike on the map or select a row to see its sources.")
for incident in chosen:
    st.markdown(
        f"**{incident.date_label} · {escape_markdown(incident.place_name)}** — "
        f"{escape_markdown(incident.event_type.value)}, "
        f"{incident.fatalities or 'toll not reported'} killed, "
        f"{incident.location_precision.label} precision"
    )
    st.table(claims_frame(dataset, incident).drop(columns=["quote", "source_id"]))

st.subheader("Aggregate statements")
st.caption("Totals the sources give for many strikes at once; never mapped as single incidents.")
st.table(aggregates_frame(dataset))

if distance_checks:
    st.subheader("Distance claims")
    st.caption(
        "Distances the reports state between two places, against the geodesic (WGS 84); "
        "drawn on the map as lines from the reference place."
    )
    st.table(
        {
            "claim": [check.text for check in distance_checks],
            "check": [distance_claim_label(check) for check in distance_checks],
        }
    )

with st.expander(f"Bases and headquarters ({len(dataset.sites)})"):
    st.table(sites_to_gdf(dataset.sites).drop(columns="geometry"))


def _collect_database():
    with IncidentStore.open(path, readonly=True) as store:  # on the download thread
        return collect_from_store(store, incident_filter=view.base)


st.subheader("Download")
st.caption(
    "Every incident with its sources, the bases and the uncertainty areas; coordinates are "
    "WGS 84 longitude/latitude, rounded to 5 decimal places."
    + (
        " The files follow the date, country, division, actor, event type and status filters; "
        "the toll, precision, outlet and text filters apply on this page only."
        if view.app_only
        else ""
    )
)
download_buttons(_collect_database, stem="incidents", key="map_download")
st.caption(
    "The map as a picture for a report or a PDF: strikes, uncertainty areas, distances, "
    "bases, legend, scale bar and credits on an A4 page, drawn offline."
)
static_map_button(replace(dataset, incidents=tuple(shown)), stem="incidents", key="map_download")
