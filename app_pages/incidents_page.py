"""Incidents: ingest a report, review the incidents and their claims, correct them (audited)."""

import datetime as dt
import functools
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_pages.downloads import download_buttons
from app_pages.tables import audit_table, claims_table
from geo import StrikemapError, load_default_dataset
from geo.io.export import collect_from_store
from geo.maps.markup import escape_markdown
from geo.maps.render import build_incident_map
from geo.model.claims import Article
from geo.model.records import DatePrecision, LocationPrecision
from geo.store.corrections import analyst_place
from geo.store.database import IncidentStore, default_db_path
from geo.store.ingest import PendingReport, ingest_reports


@st.cache_resource(show_spinner="Opening the gazetteer (the first time builds it: about 30 s)")
def _gazetteer():
    from gazetteer import Gazetteer

    return Gazetteer.open()


def _store(*, readonly: bool = False) -> IncidentStore:
    # the default database, seeded with the curated case when it is created
    return IncidentStore.open(readonly=readonly)


def _correct(change: Callable[[IncidentStore], object]) -> None:
    """Apply an analyst's correction; a refused one is an ``st.error``, a done one reruns."""
    try:
        with _store() as store:
            change(store)
    except (StrikemapError, ValueError) as exc:
        st.error(str(exc))
    else:
        st.rerun()


st.title("Incidents from reports")
st.caption(f"Database: {default_db_path()}")

with st.expander("Ingest a report", expanded=False), st.form("ingest"):
    text = st.text_area("Report text (English)", height=180)
    published = st.date_input("Published", value=None, max_value=dt.date.today())
    outlet = st.text_input("Outlet")
    url = st.text_input("URL (optional)")
    if st.form_submit_button("Extract and store"):
        try:
            if published is None:
                raise StrikemapError("give the publication date: relative dates count from it")
            report = PendingReport(
                "the report",  # read by the batch, which reports a bad text as its error
                functools.partial(
                    Article, text=text, published=published, outlet=outlet, url=url or None
                ),
            )
            with _store() as store:
                batch = ingest_reports(store, [report], gazetteer=_gazetteer)
                (outcome,) = batch.outcomes
        except (StrikemapError, ValueError) as exc:
            st.error(str(exc))
        else:
            result = outcome.result
            if result is None:
                st.error(outcome.error)
            elif result.added:
                # an imported incident keeps the id its file gave: escaped for markdown
                merged = "".join(
                    f"; {escape_markdown(m.merged)} merged into {escape_markdown(m.keep)}"
                    for m in batch.merges
                )
                st.success(
                    f"{result.claims} claim(s), {result.aggregates} aggregate(s); "
                    f"{len(result.incidents_new)} new incident(s), "
                    f"{len(result.incidents_updated)} updated{merged}"
                )
            else:
                st.info("This report is already stored: nothing added.")

try:
    with _store(readonly=True) as store:
        incidents = store.incidents()
        aggregates = store.aggregates()
        bases = load_default_dataset()  # the curated bases, and the sources they cite
        export = store.as_dataset(  # the incidents just read: not read a second time
            sites=bases.sites, sources=bases.sources, incidents=incidents, aggregates=aggregates
        )
    fmap = build_incident_map(export.dataset, offline=True)
except (StrikemapError, ValueError) as exc:
    st.error(str(exc))
    st.stop()


def _toll(incident) -> str:  # noqa: ANN001
    return "" if incident.fatalities is None else str(incident.fatalities)


table = pd.DataFrame(
    [
        {
            "id": i.id,
            "date": i.date_start.isoformat()
            + ("" if i.date_end == i.date_start else f" to {i.date_end.isoformat()}"),
            "event": i.event_type.value,
            "place": i.place.name if i.place else "",
            "country": i.place.country_code if i.place else "",
            "precision": i.place.precision.label if i.place else "",
            "killed": _toll(i),
            "status": i.status.value,
            "sources": len({c.article.id for c in i.claims}),
            "corrected": ", ".join(i.corrected),
        }
        for i in incidents
    ]
)
st.subheader(f"{len(incidents)} incidents")
if export.left_out:
    st.warning(
        f"{len(export.left_out)} record(s) left out of the map: "
        + "; ".join(escape_markdown(item) for item in export.left_out)
    )
st_folium(fmap, height=420, use_container_width=True, returned_objects=[], key="incident_map")
st.dataframe(table, hide_index=True, width="stretch")


def _collect_database():
    with _store(readonly=True) as store:  # on the download thread: its own connection
        return collect_from_store(store)


download_buttons(_collect_database, stem="incidents", key="db_download")

if incidents:
    chosen_id = st.selectbox("Incident", [i.id for i in incidents])
    chosen = next(i for i in incidents if i.id == chosen_id)
    st.markdown("**Claims** (each source's own figure and the sentence it came from)")
    claims_table(
        chosen.claims,
        ("claim", "outlet", "published", "killed", "confidence", "sentence", "why"),
    )
    if chosen.conflicts:
        st.warning("Sources disagree: " + "; ".join(map(escape_markdown, chosen.conflicts)))

    place_tab, date_tab, merge_tab, split_tab, audit_tab = st.tabs(
        ["Re-place", "Re-date", "Merge", "Split", "Audit trail"]
    )
    with place_tab, st.form("replace"):
        lat = st.number_input("Latitude", -90.0, 90.0, chosen.place.lat if chosen.place else 0.0)
        lon = st.number_input("Longitude", -180.0, 180.0, chosen.place.lon if chosen.place else 0.0)
        name = st.text_input("Place name", chosen.place.name if chosen.place else "")
        country = st.text_input("Country (ISO code; leave blank to take it from the point)")
        levels = [p.value for p in LocationPrecision]
        # the current precision unless the analyst changes it: moving a point must not
        # silently shrink a 25 km area to a town's 5 km
        current = chosen.place.precision.value if chosen.place else "town"
        level = st.selectbox(
            "Precision", levels, index=levels.index(current), key=f"precision-{chosen.id}"
        )
        why = st.text_input("Why (kept in the audit trail)", key="why_place")
        if st.form_submit_button("Save place"):

            def _replace(store: IncidentStore) -> None:
                place = analyst_place(name, lat, lon, precision=level, country=country)
                store.replace(chosen.id, place, why=why)

            _correct(_replace)
    with date_tab, st.form("redate"):
        start = st.date_input("First day", chosen.date_start)
        end = st.date_input("Last day", chosen.date_end)
        grains = [p.value for p in DatePrecision]
        grain = st.selectbox("Precision", grains, index=grains.index(chosen.date_precision.value))
        why_date = st.text_input("Why (kept in the audit trail)", key="why_date")
        if st.form_submit_button("Save date"):
            _correct(lambda s: s.redate(chosen.id, start, end, DatePrecision(grain), why=why_date))
    with merge_tab, st.form("merge"):
        others = [i.id for i in incidents if i.id != chosen.id]
        other = st.selectbox("Merge this incident into the one shown", others, key="merge_other")
        why_merge = st.text_input("Why (kept in the audit trail)", key="why_merge")
        if st.form_submit_button("Merge") and other:
            _correct(lambda s: s.merge(chosen.id, other, why=why_merge))
    with split_tab, st.form("split"):
        claim_ids = st.multiselect(
            "Claims that are a separate event", [c.id for c in chosen.claims], key="split_claims"
        )
        why_split = st.text_input("Why (kept in the audit trail)", key="why_split")
        if st.form_submit_button("Split"):
            _correct(lambda s: s.split(chosen.id, claim_ids, why=why_split))
    with audit_tab, _store(readonly=True) as store:
        trail = store.audit(chosen.id)
        audit_table(trail, ("when", "who", "action", "why", "now", "was"))

st.subheader("Aggregate statements (never single incidents)")
st.dataframe(
    pd.DataFrame(
        [
            {
                "outlet": a.article.outlet,
                "statement": a.aggregate.sentence.text,
                "strikes": a.aggregate.strikes_stated,
                "killed": a.aggregate.fatalities_low,
                "check": a.check,
            }
            for a in aggregates
        ]
    ),
    hide_index=True,
    width="stretch",
)
