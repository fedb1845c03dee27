"""strikemap's Streamlit app: page config and navigation only (pages live in app_pages/)."""

import streamlit as st

st.set_page_config(page_title="strikemap", page_icon="🗺️", layout="wide")
page = st.navigation(
    [
        st.Page("app_pages/map_page.py", title="Strike map", default=True),
        st.Page("app_pages/incidents_page.py", title="Incidents from reports"),
        st.Page("app_pages/review_page.py", title="Review queue"),
        st.Page("app_pages/geoparse_page.py", title="Geoparse an article"),
        st.Page("app_pages/places_page.py", title="Places"),
    ]
)
page.run()
