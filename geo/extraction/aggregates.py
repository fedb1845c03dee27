"""Aggregate statements: counts and totals of strikes that never become incidents.

Scope: an aggregate mention (:attr:`geo.extraction.mentions.Mention.aggregate`: "four
strikes killed 43", "nearly 500 strikes on Sirte in 2016", "in all, the strikes killed 43")
becomes an :class:`~geo.model.claims.AggregateClaim` with its count of strikes, its toll,
period, place or country, and the claims it covers (the last N events told when it counts
N of them, or all the events told when it gives only a total). Background plurals ("US
strikes have continued") and the article's own strikes recounted ("the two strikes") are
left aside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from gazetteer.model import ToponymKind
from geo.extraction.mentions import TOTAL
from geo.extraction.tolls import killed
from geo.model.claims import AggregateClaim

if TYPE_CHECKING:
    from geo.extraction.document import Document
    from geo.extraction.mentions import Mention
    from geo.extraction.reldates import DateMention

__all__ = ["Dated", "aggregate_claim"]

#: How specific a place kind is: the most specific named place is the aggregate's.
_SPECIFIC = {
    "air base": 6,
    "military base": 6,
    "airport": 6,
    "airfield": 6,
    "city": 5,
    "admin2": 4,
    "admin1": 3,
    "oasis": 5,
    "region": 2,
    "desert": 2,
    "mountains": 2,
    "valley": 2,
    "country": 1,
}
_PLACE_CUE = re.compile(r"\b(?:in|on|across|over|around|near|against)\s+(?:the\s+)?$", re.I)


class Dated(Protocol):
    """An event told so far, as an aggregate sees it: only its date."""

    @property
    def date(self) -> DateMention | None:
        """The event's date as told so far."""
        ...


def aggregate_claim(
    doc: Document, mention: Mention, *, told: Sequence[Dated], index: int
) -> AggregateClaim | None:
    """The aggregate statement of an aggregate mention, or None for background.

    Parameters
    ----------
    doc
        The report.
    mention
        An aggregate mention.
    told
        The events told so far, in order: an aggregate covers the last ones (their indexes
        are their places in this sequence), and takes its period from them when its clause
        gives none.
    index
        The aggregate's index among the report's aggregates.
    """
    text = doc.text
    lo, hi = mention.lo, mention.hi
    kill = killed(doc, lo, hi)
    if mention.count is None and (kill is None or not TOTAL.search(text[lo:hi])):
        return None  # "US strikes have continued": background, nothing to keep
    if (
        mention.count is not None
        and mention.count.value <= 3
        and kill is None
        and (mention.count.low is not None)
    ):
        return None  # "the two strikes": the article's own strikes, each told on its own
    dates = [d for d in doc.date_index.within(lo, hi) if d.date_start]
    places = [
        t
        for t in doc.toponym_index.within(lo, hi)
        if t.place and t.kind is ToponymKind.NAME and not doc.group_index.contains(t.start, t.end)
    ]
    after = [
        t
        for t in places
        if t.start >= mention.end and _PLACE_CUE.search(text[max(lo, t.start - 12) : t.start])
    ]
    place = (
        after[0]  # "16 strikes in Somalia since January, most of them around Jilib"
        if after
        else max(
            places,
            key=lambda t: _SPECIFIC.get(t.place.kind.value, 3),  # type: ignore[union-attr]
            default=None,
        )
    )
    count = mention.count
    covers: tuple[int, ...] = ()
    if count is not None and count.low is not None and count.low == count.high:
        if len(told) >= count.low:
            covers = tuple(range(len(told))[-int(count.low) :])
    elif count is None and told:
        covers = tuple(range(len(told)))
    phrase = text[(count.start if count else mention.start) : mention.end]
    period_start = min((d.date_start for d in dates if d.date_start), default=None)
    period_end = max((d.date_end for d in dates if d.date_end), default=None)
    if period_start is None and covers:
        covered = [date for i in covers if (date := told[i].date) is not None]
        period_start = min((d.date_start for d in covered if d.date_start), default=None)
        period_end = max((d.date_end for d in covered if d.date_end), default=None)
    return AggregateClaim(
        index=index,
        sentence=mention.sentence,
        text=phrase,
        period_start=period_start,
        period_end=period_end,
        place_name=place.place.name if place and place.place else "",
        country_code=(place.place.country_code if place and place.place else doc.country),
        strikes_low=None
        if count is None
        else (count.low if count.low is not None else int(count.value)),
        strikes_high=None if count is None else (count.high if count.high is not None else None),
        fatalities_low=None
        if kill is None
        else (kill.low if kill.low is not None else int(kill.value)),
        fatalities_high=None if kill is None else kill.high,
        covers_claims=covers,
        strikes_stated=None if count is None else int(count.value),
        qualifier="" if count is None else count.qualifier,
    )
