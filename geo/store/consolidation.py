"""Merge incidents that later evidence shows are one strike (a pass after ingesting a batch).

Linking (:mod:`geo.store.linking`) attaches each new claim to the best incident *at the time
it is ingested*; it never revisits two incidents created earlier. When the first outlet gives
the day the military announced a strike and a later one the strike's own day, or when the
first claims are vaguer than the later ones, one strike can stand as two incidents. This pass
looks at the incidents a batch created or changed and merges such pairs through the store's
audited :meth:`~geo.store.database.IncidentStore.merge` (the audit entry says which rule
merged them; an analyst can split them again, and a split pair is never merged back).

Two live incidents are one strike when all of these hold (the module's constants):

* they share **no article** (one article's claims are distinct events, as in linking) and
  their **event types** are one family;
* both stand on a **site**: a place no wider than ``SITE_RADIUS_KM`` (a town, a village, a
  point near one), in the same country, the two points no farther apart than the wider
  place's radius (so a region-level or country-level incident is never merged here: a
  region is weak evidence of sameness);
* both are dated to a day or two (a range at most ``DAY_LIKE_DAYS`` days wide), and either

  - **a day apart** at most (``DAY_TOLERANCE``, the linking tolerance, which linking only
    allows when both dates are single days) and their tolls do not disagree (one gives none,
    or their ranges meet); or
  - **up to ``TOLL_DAYS`` days apart with the same toll**: both state one, the same low and
    high, of at least ``TOLL_MIN_KILLED`` (a small toll such as one or two killed is too
    common to say two strikes of one town in a week are one).

Incidents an analyst split, or rejected, are never merged by this pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gazetteer.geodesy import geodesic_distance
from gazetteer.serialization import JsonRecord
from geo.model.records import IncidentStatus
from geo.store.linking import DAY_TOLERANCE

if TYPE_CHECKING:
    from geo.store.database import IncidentStore, StoredIncident

__all__ = [
    "CONSOLIDATION_WHO",
    "DAY_LIKE_DAYS",
    "SITE_RADIUS_KM",
    "TOLL_DAYS",
    "TOLL_MIN_KILLED",
    "ConsolidatedMerge",
    "consolidate",
    "same_strike",
]

#: A place at most this wide (km) is a site: a town, a village, a point near one.
SITE_RADIUS_KM = 30.0
#: A date range at most this many days long counts as dated to the day (a strike "overnight").
DAY_LIKE_DAYS = 2
#: Two incidents of one site with the same toll are one strike up to this many days apart.
TOLL_DAYS = 5
#: ... when that toll is at least this.
TOLL_MIN_KILLED = 5
#: Who the audit trail names for the merges this pass makes.
CONSOLIDATION_WHO = "strikemap (consolidation)"

#: Analysts' verdicts that keep an incident out of this pass.
_BLOCKING_ACTIONS = frozenset({"split", "split-from", "reject"})


@dataclass(frozen=True, slots=True)
class ConsolidatedMerge(JsonRecord):
    """One merge the pass made: ``merged`` now lives on as part of ``keep``; ``reason`` why."""

    keep: str
    merged: str
    reason: str


def _articles(incident: StoredIncident) -> frozenset[int]:
    return frozenset(c.article.id for c in incident.claims)


def _days(incident: StoredIncident) -> int:
    return (incident.date_end - incident.date_start).days + 1


def _gap(a: StoredIncident, b: StoredIncident) -> int:
    return max(0, (a.date_start - b.date_end).days, (b.date_start - a.date_end).days)


def same_strike(a: StoredIncident, b: StoredIncident) -> str | None:
    """Why ``a`` and ``b`` are one strike by the rules above, or ``None`` when they may not be.

    The reason is one line for the audit trail, such as ``"one strike: same site (Xarardheere,
    0 km apart) and toll (60), 4 days apart"``.
    """
    if a.id == b.id or _articles(a) & _articles(b):
        return None
    if a.event_type.family is not b.event_type.family:
        return None
    if IncidentStatus.REJECTED in (a.status, b.status):
        return None
    pa, pb = a.place, b.place
    if pa is None or pb is None or max(pa.radius_km, pb.radius_km) > SITE_RADIUS_KM:
        return None
    if not pa.country_code or pa.country_code != pb.country_code:
        return None
    km = geodesic_distance((pa.lat, pa.lon), (pb.lat, pb.lon)).km
    if km > max(pa.radius_km, pb.radius_km):
        return None
    if max(_days(a), _days(b)) > DAY_LIKE_DAYS:
        return None
    gap = _gap(a, b)
    site = f"same site ({pa.name}, {km:.0f} km apart)"
    ta, tb = a.fatalities, b.fatalities
    if gap <= DAY_TOLERANCE:
        if ta is not None and tb is not None and max(ta.low, tb.low) > min(ta.high, tb.high):
            return None
        days = "the same day" if gap == 0 else "a day apart"
        return f"one strike: {site}, {days}, tolls that do not disagree"
    if (
        gap <= TOLL_DAYS
        and ta is not None
        and tb is not None
        and (ta.low, ta.high) == (tb.low, tb.high)
        and ta.low >= TOLL_MIN_KILLED
    ):
        toll = f"{ta.low}" if ta.low == ta.high else f"{ta.low}-{ta.high}"
        return f"one strike: {site} and toll ({toll}), {gap} days apart"
    return None


def _keep_first(a: StoredIncident, b: StoredIncident) -> tuple[StoredIncident, StoredIncident]:
    """Which of two incidents survives a merge: more articles, an analyst's, surer, older id."""

    def rank(i: StoredIncident) -> tuple[int, int, float, str]:
        return (-len(_articles(i)), -len(i.corrected), -i.confidence, i.id)

    return (a, b) if rank(a) <= rank(b) else (b, a)


def consolidate(
    store: IncidentStore,
    incident_ids: Iterable[str],
    *,
    who: str | None = None,
) -> list[ConsolidatedMerge]:
    """Merge each given incident with the live incidents that are the same strike.

    Each given incident is compared with the live incidents dated within ``TOLL_DAYS`` days
    of it; of those that :func:`same_strike` allows, the nearest in date (then place) is
    merged with it (through :meth:`~geo.store.database.IncidentStore.merge`, audited, the
    reason as the why), and the survivor is looked at again, until nothing more merges.
    Ids merged away or gone meanwhile are skipped.

    Parameters
    ----------
    store
        The open, writable incident database.
    incident_ids
        The incidents to look at: those a batch created or updated.
    who
        Who the audit trail names; default :data:`CONSOLIDATION_WHO`.

    Returns
    -------
    list of ConsolidatedMerge
        The merges made, in order.
    """
    from geo.store.database import StoreError

    who = who or CONSOLIDATION_WHO
    pending = list(dict.fromkeys(incident_ids))
    cache: dict[str, StoredIncident | None] = {}
    blocked: dict[str, bool] = {}

    def load(incident_id: str) -> StoredIncident | None:
        if incident_id not in cache:
            try:
                found = store.incident(incident_id)
            except StoreError:  # gone, or no claims left
                found = None
            # a merged-away id reads as its survivor: not this incident any more
            cache[incident_id] = found if found is not None and found.id == incident_id else None
        return cache[incident_id]

    def is_blocked(incident_id: str) -> bool:
        if incident_id not in blocked:
            blocked[incident_id] = any(
                e.action in _BLOCKING_ACTIONS for e in store.audit(incident_id)
            )
        return blocked[incident_id]

    merges: list[ConsolidatedMerge] = []
    while pending:
        incident_id = pending.pop(0)
        incident = load(incident_id)
        if incident is None or is_blocked(incident_id):
            continue
        window = dt.timedelta(days=TOLL_DAYS)
        best: tuple[tuple[int, float, str], StoredIncident, str] | None = None
        for other_id in store.incident_ids_between(
            incident.date_start - window, incident.date_end + window
        ):
            if other_id == incident_id:
                continue
            other = load(other_id)
            if other is None or is_blocked(other_id):
                continue
            reason = same_strike(incident, other)
            if reason is None:
                continue
            pa, pb = incident.place, other.place
            assert pa is not None and pb is not None  # same_strike asks for both
            km = geodesic_distance((pa.lat, pa.lon), (pb.lat, pb.lon)).km
            key = (_gap(incident, other), km, other_id)
            if best is None or key < best[0]:
                best = (key, other, reason)
        if best is None:
            continue
        keep, gone = _keep_first(incident, best[1])
        store.merge(keep.id, gone.id, why=best[2], who=who)
        merges.append(ConsolidatedMerge(keep.id, gone.id, best[2]))
        cache.pop(keep.id, None)
        cache[gone.id] = None
        pending.insert(0, keep.id)
    return merges
