"""The strike map: the embedded dataset on a map, a table of incidents and their sources."""

import streamlit as st
from streamlit_folium import st_folium

from app_pages.downloads import download_buttons, static_map_button
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
from geo.io.export import collect_from_dataset
from geo.maps.markup import escape_markdown
from geo.maps.render import build_incident_map


@st.cache_resource
def _dataset():
    return load_default_dataset()


dataset = _dataset()
st.title(dataset.title)
st.caption(dataset.description)

online = st.sidebar.toggle(
    "Online map tiles (OpenStreetMap)",
    value=False,
    help="Off: the shipped Natural Earth country outlines, no network needed.",
)

try:
    fmap = build_incident_map(dataset, offline=not online)
except StrikemapError as exc:
    st.error(str(exc))
    st.stop()

clicked = st_folium(
    fmap,
    height=560,
    use_container_width=True,
    returned_objects=["last_object_clicked", "zoom"],
    key="strike_map",
)

st.subheader(f"Incidents ({len(dataset.incidents)})")
table = incidents_to_gdf(dataset.incidents).drop(columns="geometry")
columns = [
    "date",
    "event_type",
    "place",
    "location_precision",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
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
    chosen = [dataset.incidents[rows[0]]]
elif clicked and clicked.get("last_object_clicked"):
    # Leaflet reports where the click landed, not the marker's centre: accept the nearest
    # strike point within about 30 screen pixels at the current zoom.
    point = clicked["last_object_clicked"]
    within_km = 30 * metres_per_pixel(point["lat"], clicked.get("zoom") or 5) / 1000
    chosen = incident_near(dataset, point["lat"], point["lng"], within_km=within_km)

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

with st.expander(f"Bases and headquarters ({len(dataset.sites)})"):
    st.table(sites_to_gdf(dataset.sites).drop(columns="geometry"))

st.subheader("Download")
st.caption(
    "Every incident with its sources, the bases and the uncertainty areas; coordinates are "
    "WGS 84 longitude/latitude, rounded to 5 decimal places."
)
download_buttons(lambda: collect_from_dataset(dataset), stem=dataset.id, key="map_download")
st.caption(
    "The map as a picture for a report or a PDF: strikes, uncertainty areas, distances, "
    "bases, legend, scale bar and credits on an A4 page, drawn offline."
)
static_map_button(dataset, stem=dataset.id, key="map_download")
