"""Geoparse: paste an article, see the places it names on a map, with the reasons."""

import streamlit as st
from streamlit_folium import st_folium

from geo import StrikemapError
from geo.maps.render import build_toponym_map

SAMPLE = (
    "US Africa Command said an air strike on Thursday killed eight militants in Murzuq, in "
    "southern Libya. Residents of Sabha said the fighters had come from Sirte. A Libyan "
    "official in Tripoli confirmed the toll; the drone flew from Air Base 201 near Agadez."
)


@st.cache_resource(show_spinner="Opening the gazetteer (the first time builds it: about 30 s)")
def _gazetteer():
    from gazetteer import Gazetteer

    return Gazetteer.open()


st.title("Geoparse an article")
text = st.text_area("Article text", value=SAMPLE, height=180)
country = st.text_input("Publication country (ISO code, optional)", value="", max_chars=2)
try:
    from gazetteer.geoparse.toponyms import find_toponyms

    matches = find_toponyms(text, gazetteer=_gazetteer(), publication_country=country or None)
    fmap = build_toponym_map(matches)
except (StrikemapError, ValueError) as exc:
    st.error(str(exc))
    st.stop()

st.caption(f"{len(matches)} place names found")
st_folium(fmap, height=420, use_container_width=True, returned_objects=[], key="toponym_map")
st.dataframe(
    [
        {
            "text": m.text,
            "start": m.start,
            "kind": m.kind,
            "place": m.place.name if m.place else "",
            "country": m.place.country_code if m.place else "",
            "lat": m.place.lat if m.place else None,
            "lon": m.place.lon if m.place else None,
            "confidence": m.confidence,
            "reason": m.reason,
        }
        for m in matches
    ],
    hide_index=True,
    width="stretch",
)
