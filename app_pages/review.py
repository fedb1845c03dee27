"""The review queue's logic: which incidents wait for an analyst, and what a verdict changed.

Plain functions over :class:`~geo.store.database.IncidentStore` records, tested without a
browser; ``review_page.py`` draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geo.model.records import IncidentStatus
from geo.store.database import AuditEntry, IncidentStore, StoredIncident, StoreError

__all__ = ["REVIEW_ACTIONS", "VERDICTS", "Change", "apply_verdict", "changes", "review_queue"]

#: What an analyst can do with a queued incident.
VERDICTS = ("accept", "reject", "merge")
#: The audit actions the review queue's trail shows.
REVIEW_ACTIONS = ("accept", "reject", "merge", "merged-into")
_QUEUED = (IncidentStatus.CANDIDATE, IncidentStatus.CONTESTED)


@dataclass(frozen=True, slots=True)
class Change:
    """One field a verdict changed: its name, the value before and the value after."""

    field: str
    was: str
    now: str


def review_queue(
    incidents: Sequence[StoredIncident], audit: Sequence[AuditEntry]
) -> list[StoredIncident]:
    """The incidents that wait for a verdict, least confident first (then by date and id).

    A candidate waits until it is accepted or rejected (it then has another status); a
    contested incident waits until an analyst accepts it (its sources still disagree, so its
    status stays ``contested``) or rejects it.

    Examples
    --------
    >>> review_queue([], [])
    []
    """
    accepted = {e.incident_id for e in audit if e.action == "accept"}
    waiting = [
        i
        for i in incidents
        if i.status is IncidentStatus.CANDIDATE
        or (i.status is IncidentStatus.CONTESTED and i.id not in accepted)
    ]
    return sorted(waiting, key=lambda i: (i.confidence, i.date_start, i.id))


def _toll(incident: StoredIncident) -> str:
    return "not reported" if incident.fatalities is None else str(incident.fatalities)


def _place(incident: StoredIncident) -> str:
    return "none" if incident.place is None else incident.place.name


def _date(incident: StoredIncident) -> str:
    start, end = incident.date_start.isoformat(), incident.date_end.isoformat()
    return start if start == end else f"{start} to {end}"


_FIELDS = (
    ("status", lambda i: i.status.value),
    ("confidence", lambda i: f"{i.confidence:.2f}"),
    ("claims", lambda i: str(len(i.claims))),
    ("outlets", lambda i: ", ".join(i.outlets)),
    ("killed", _toll),
    ("date", _date),
    ("place", _place),
    ("conflicts", lambda i: "; ".join(i.conflicts) or "none"),
)


def changes(before: StoredIncident, after: StoredIncident) -> list[Change]:
    """The fields that differ between two versions of an incident, in a fixed order."""
    out = []
    for name, value in _FIELDS:
        was, now = value(before), value(after)
        if was != now:
            out.append(Change(name, was, now))
    return out


def apply_verdict(
    store: IncidentStore,
    incident_id: str,
    verdict: str,
    *,
    why: str,
    into: str | None = None,
) -> tuple[str, StoredIncident, list[Change]]:
    """Record an analyst's verdict on ``incident_id``; returns a summary, the incident it left
    and what changed on it.

    ``accept`` and ``reject`` go through :meth:`IncidentStore.review`; ``merge`` moves the
    incident's claims into ``into`` (:meth:`IncidentStore.merge`), and the changes are the
    target's. Each is audited with ``why``.

    Raises
    ------
    StoreError
        If the verdict is none of :data:`VERDICTS`, a merge has no target, the reason is
        blank or an incident does not exist (the store's messages).
    """
    if verdict not in VERDICTS:
        raise StoreError(f"a verdict is one of {', '.join(VERDICTS)}, got {verdict!r}")
    if verdict == "merge":
        if not into:
            raise StoreError("choose the incident to merge into")
        target = store.incident(into)
        after = store.merge(into, incident_id, why=why)
        return f"merged {incident_id} into {into}", after, changes(target, after)
    before = store.incident(incident_id)
    after = store.review(incident_id, verdict, why=why)
    done = {"accept": "accepted", "reject": "rejected"}[verdict]
    return f"{done} {incident_id}", after, changes(before, after)
