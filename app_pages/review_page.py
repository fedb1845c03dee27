"""Review queue: candidates and contested incidents, accepted, rejected or merged (audited)."""

import pandas as pd
import streamlit as st

from app_pages.review import REVIEW_ACTIONS, VERDICTS, apply_verdict, review_queue
from app_pages.tables import audit_table, claims_table
from geo import StrikemapError
from geo.maps.markup import escape_markdown
from geo.store.database import IncidentStore, default_db_path

st.title("Review queue")
st.caption(
    "Candidates (incidents the extractor is not confident of, kept off the maps and exports) "
    "and contested incidents (sources that disagree), least confident first. Each verdict "
    f"needs a reason and goes into the audit trail. Database: {default_db_path()}"
)

done = st.session_state.pop("review_done", None)
if done is not None:  # the verdict of the last run, and what it changed
    summary, rows = done
    st.success(escape_markdown(summary))
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="review_changes")

try:
    with IncidentStore.open(readonly=default_db_path().exists()) as store:
        incidents = store.incidents()
        trail = store.audit()
except (StrikemapError, ValueError) as exc:
    st.error(str(exc))
    st.stop()

queue = review_queue(incidents, trail)
st.subheader(f"Waiting for review ({len(queue)})")
if not queue:
    st.info("Nothing waits for review: no candidates, and every contested incident is judged.")
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "id": i.id,
                    "status": i.status.value,
                    "confidence": round(i.confidence, 3),
                    "date": i.date_start.isoformat(),
                    "place": i.place.name if i.place else "",
                    "killed": "" if i.fatalities is None else str(i.fatalities),
                    "claims": len(i.claims),
                    "outlets": ", ".join(i.outlets),
                    "conflicts": "; ".join(i.conflicts),
                }
                for i in queue
            ]
        ),
        hide_index=True,
        width="stretch",
        key="review_queue",
    )
    chosen_id = st.selectbox("Incident to review", [i.id for i in queue], key="review_pick")
    chosen = next(i for i in queue if i.id == chosen_id)
    st.markdown(
        f"**{escape_markdown(chosen.id)}** · {escape_markdown(chosen.status.value)}, "
        f"confidence {chosen.confidence:.2f} · {escape_markdown(chosen.date_start.isoformat())}"
        f" · {escape_markdown(chosen.place.name if chosen.place else 'no place')}"
    )
    if chosen.conflicts:
        st.warning("Sources disagree: " + "; ".join(map(escape_markdown, chosen.conflicts)))
    claims_table(
        chosen.claims,
        (
            "claim",
            "outlet",
            "published",
            "link",
            "confidence",
            "killed",
            "sentence",
            "why this confidence",
        ),
        key="review_claims",
    )
    with st.form("review"):
        verdict = st.radio("Verdict", VERDICTS, horizontal=True, key="review_verdict")
        others = [i.id for i in incidents if i.id != chosen.id]
        into = st.selectbox("Merge into (for a merge)", others, index=None, key="review_into")
        why = st.text_input("Why (kept in the audit trail)", key="review_why")
        if st.form_submit_button("Record verdict"):
            try:
                with IncidentStore.open() as store:
                    summary, _after, changed = apply_verdict(
                        store, chosen.id, verdict, why=why, into=into
                    )
            except (StrikemapError, ValueError) as exc:
                st.error(str(exc))
            else:
                st.session_state["review_done"] = (
                    summary,
                    [{"field": c.field, "was": c.was, "now": c.now} for c in changed],
                )
                st.rerun()

st.subheader("Audit trail of verdicts")
verdicts = [e for e in reversed(trail) if e.action in REVIEW_ACTIONS]
if verdicts:
    audit_table(
        verdicts,
        ("when", "who", "action", "incident", "why", "now", "was"),
        key="review_trail",
    )
else:
    st.caption("No verdicts yet.")
