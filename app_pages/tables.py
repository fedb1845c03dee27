"""Tables of records the app's pages share: an incident's claims, the audit trail."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from geo.store.database import AuditEntry, StoredClaim

__all__ = ["AUDIT_COLUMNS", "CLAIM_COLUMNS", "audit_table", "claims_table"]


def _why(c: StoredClaim) -> str:
    return "; ".join(c.claim.reasons)


#: The columns a claims table can show, by heading: what each holds for one claim.
CLAIM_COLUMNS: dict[str, Callable[[StoredClaim], object]] = {
    "claim": lambda c: c.id,
    "outlet": lambda c: c.article.outlet,
    "published": lambda c: c.article.published.isoformat(),
    "link": lambda c: c.article.url or "",
    "confidence": lambda c: c.claim.confidence,
    "killed": lambda c: c.claim.fatalities_point,
    "sentence": lambda c: c.claim.sentence,
    "why": _why,
    "why this confidence": _why,
}

#: The columns an audit trail table can show, by heading: what each holds for one entry.
AUDIT_COLUMNS: dict[str, Callable[[AuditEntry], object]] = {
    "when": lambda e: e.at,
    "who": lambda e: e.who,
    "action": lambda e: e.action,
    "incident": lambda e: e.incident_id,
    "why": lambda e: e.why,
    "now": lambda e: str(e.what),
    "was": lambda e: str(e.previous),
}


def _table(
    records: Sequence[Any],
    getters: Mapping[str, Callable[[Any], object]],
    columns: Sequence[str],
    key: str | None,
) -> None:
    st.dataframe(
        pd.DataFrame([{name: getters[name](r) for name in columns} for r in records]),
        hide_index=True,
        width="stretch",
        key=key,
    )


def claims_table(
    claims: Sequence[StoredClaim], columns: Sequence[str], *, key: str | None = None
) -> None:
    """Draw one row per claim with ``columns`` (headings of :data:`CLAIM_COLUMNS`), in order."""
    _table(claims, CLAIM_COLUMNS, columns, key)


def audit_table(
    entries: Sequence[AuditEntry], columns: Sequence[str], *, key: str | None = None
) -> None:
    """Draw one row per audit entry with ``columns`` (headings of :data:`AUDIT_COLUMNS`)."""
    _table(entries, AUDIT_COLUMNS, columns, key)
