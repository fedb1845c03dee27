"""Places: look a name up in the offline gazetteer, or find what lies at a point."""

import streamlit as st

from geo import StrikemapError
from geo.maps.markup import escape_markdown


@st.cache_resource(show_spinner="Opening the gazetteer (the first time builds it: about 30 s)")
def _gazetteer():
    from gazetteer import Gazetteer

    return Gazetteer.open()


st.title("Places")
name = st.text_input("Place name, in any spelling", value="Derna")
country = st.text_input("Only in country (ISO code, optional)", value="", max_chars=2)
try:
    gaz = _gazetteer()
    found = gaz.search(name, country=country or None, limit=10)
except (StrikemapError, ValueError) as exc:
    st.error(str(exc))
    st.stop()
if not found:
    st.info(f"No place found for {escape_markdown(repr(name))}.")
else:
    st.dataframe(
        [
            {
                "name": c.place.name,
                "division": c.place.admin1,
                "country": c.place.country_code,
                "kind": c.place.kind.value,
                "lat": c.place.lat,
                "lon": c.place.lon,
                "score": c.score,
                "reason": c.reason,
                "id": c.place.id,
            }
            for c in found
        ],
        hide_index=True,
        width="stretch",
    )

st.subheader("What lies at a point")
cols = st.columns(2)
lat = cols[0].number_input("Latitude", value=25.9, min_value=-90.0, max_value=90.0)
lon = cols[1].number_input("Longitude", value=13.9, min_value=-180.0, max_value=180.0)
try:
    st.markdown(escape_markdown(gaz.reverse(lat, lon).description))
except (StrikemapError, ValueError) as exc:
    st.error(str(exc))
