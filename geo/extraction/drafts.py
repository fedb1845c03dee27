"""The events being told: which event each mention tells of, and the claims they become.

Scope: the state of the reading. A :class:`Story` keeps the events told so far (each a
:class:`Draft`, a claim being assembled) and the one being told now. For each event mention
it asks the step modules for the clause's date (:mod:`~geo.extraction.dates`), place
(:mod:`~geo.extraction.places`), toll (:mod:`~geo.extraction.tolls`) and terms
(:mod:`~geo.extraction.events`), and decides whether the mention opens a new event or tells
more of one already told: the one being told ("the strike"), the n-th ("the second strike"),
one of the same day and place (a lead and its recap), or, for a statement's date ("AFRICOM
said on Tuesday it had killed ..."), one up to three days before. A sentence with no mention
may still give the current event's toll ("It killed 17"). :meth:`Story.claims` turns the
drafts into :class:`~geo.model.claims.Claim` records.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from gazetteer.geodesy import geodesic_distance
from gazetteer.lexicon import MONTH_NUMBERS, WEEKDAY_NAMES
from gazetteer.wordlists import alternation
from geo.extraction.consolidate import LISTED_PLACE
from geo.extraction.dates import DateReader, local_day, narrower, same_day
from geo.extraction.events import TermReader, event_type
from geo.extraction.mentions import TOTAL, Mention
from geo.extraction.places import PlaceReader, RegionsNamed, finer, places_agree
from geo.extraction.reldates import DateMention
from geo.extraction.sentences import blank_line_between
from geo.extraction.textnum import VAGUE_QUALIFIERS, fold_case
from geo.extraction.tolls import injured, killed
from geo.extraction.vocab import ACTORS, GROUPS, PLATFORMS
from geo.model.claims import VAGUE_TOLL, Claim, Quote
from geo.model.records import DatePrecision, EventType, LocationPrecision

if TYPE_CHECKING:
    from geo.extraction.document import Document
    from geo.extraction.textnum import Quantity
    from geo.model.claims import ClaimedPlace

__all__ = ["Draft", "Story"]

#: A sentence that dates the event just told ("The incident occurred on Sunday night", "The
#: attack happened late on Friday"), though it names no strike of its own.
#: "it occurred about 50 km northwest of Kismayo", "the strike took place near Jilib": a
#: sentence telling where the event just told happened.
#: Words that may stand between "the" and the event noun of such a sentence ("The latest
#: incident happened ...", "The deadly strike took place ...").
_EVENT_ADJECTIVE = (
    r"(?:(?:latest|recent|most\s+recent|last|deadly|fatal|first|new|pre-?dawn|overnight|"
    r"night(?:time)?|morning|u\.s\.|us|american|military|suspected)\s+)?"
)
_IT_HAPPENED = re.compile(
    r"\b(?:it|the\s+" + _EVENT_ADJECTIVE + r"(?:incident|attack|strike|air\s*strike|"
    r"drone\s+strike|raid|bombing))\s+"
    r"(?:reportedly\s+|had\s+)?(?:occurred|happened|took\s+place|was\s+carried\s+out)\b",
    re.IGNORECASE,
)
#: "The camps were about 45 km southwest of Sirte", "A base in al-Qaim was one of the
#: targeted locations": a sentence whose subject is the target, telling where it was.
_TARGET_WAS = re.compile(
    r"^\W*(?:the|a|an|one|both|its|their)\s+(?:[\w-]+\s+){0,2}?(?:camps?|compounds?|targets?|"
    r"sites?|bases?|hideouts?|positions?|vehicles?|houses?|buildings?|facilit(?:y|ies)|"
    r"locations?|encampments?|convoy|headquarters)\b[^.;]{0,80}?\b(?:was|were|lay|lies)\b"
    r"|\b(?:was|were)\s+(?:one\s+of|among)\s+the\s+(?:[\w-]+\s+){0,2}?(?:targets|"
    r"targeted\s+\w+|(?:sites|locations|places|positions)\s+(?:hit|struck|targeted|bombed))\b",
    re.IGNORECASE,
)
#: "The latest incident happened ... on January 24", "The operation was launched on
#: Wednesday, July 17": a sentence that gives the day of an event already told.
_EVENT_DAY = re.compile(
    r"^\W*(?:the|this|that)\s+" + _EVENT_ADJECTIVE + r"(?:incident|attack|strike|air\s*strike|"
    r"drone\s+strike|raid|bombing|bombardment|explosion|tragedy|operation)\s+"
    r"(?:reportedly\s+|had\s+|is\s+said\s+to\s+have\s+)?"
    r"(?:occurred|happened|took\s+place|occur|happen|take\s+place|"
    r"(?:was|were)\s+(?:launched|carried\s+out|conducted)|began|started)\b",
    re.IGNORECASE,
)
#: "injured in Wednesday morning's attack": a day given as the owner of the event.
_DAY_OWNS_EVENT = re.compile(
    r"(?:'s|\u2019s)\s+" + _EVENT_ADJECTIVE + r"(?:incident|attack|strike|air\s*strike|"
    r"airstrike|drone\s+strike|raid|bombing|bombardment)s?\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Draft:
    """A claim being assembled: what the mentions of one event have said so far."""

    index: int
    quotes: list[Quote]
    event_type: str
    date: DateMention | None
    date_reason: str
    place: ClaimedPlace | None
    place_explicit: bool
    fat_low: int | None = None
    fat_high: int | None = None
    injured: int | None = None
    actor: str = ""
    target: str = ""
    platform: str = ""
    base: str = ""
    attribution: str = ""
    confidence: float = 0.8
    reasons: list[str] = field(default_factory=list)
    ordinal: int | None = None
    last_sentence: int = 0
    toll_derived: bool = False


class _Quotes(list[Quote]):
    """A draft's quotes: a list that answers ``in`` at once and knows its last end.

    A draft that many mentions tell of (one strike retold sentence after sentence) gathers
    many quotes; asking whether it quotes a sentence, or where its last quote ends, must not
    cost their number each time. Every quote's start also goes into ``quoted``, the set of
    sentences some draft quotes.
    """

    def __init__(self, quotes: Iterable[Quote], quoted: set[int]) -> None:
        super().__init__()
        self._spans: set[tuple[int, int]] = set()
        self._quoted = quoted
        self.last_end = -1
        for quote in quotes:
            self.append(quote)

    def append(self, quote: Quote) -> None:
        super().append(quote)
        self._spans.add((quote.start, quote.end))
        self._quoted.add(quote.start)
        self.last_end = max(self.last_end, quote.end)

    def __contains__(self, quote: object) -> bool:
        # a sentence of the report is known by its offsets (its text follows from them)
        if isinstance(quote, Quote):
            return (quote.start, quote.end) in self._spans
        return super().__contains__(quote)


# A draft's date range longer than this is not broken into days in _DraftDays: the few such
# drafts are looked through one by one.
_BUCKET_DAYS = 62


class _DraftDays:
    """The drafts by their dates, kept current as a draft's date changes.

    Answers, in the order a scan of the drafts would give: the drafts whose day-precise date
    may share a day with a date (a superset, each to be checked with ``same_day``); those
    whose date starts up to some days before a date, latest told first; and the n-th draft in
    date order (undated last, ties in the order told).
    """

    def __init__(self) -> None:
        self._drafts: list[Draft] = []  # by index, as told
        self._indexed: dict[int, DateMention | None] = {}  # draft index -> date as indexed
        self._by_start: dict[dt.date, list[int]] = {}
        self._by_day: dict[dt.date, set[int]] = {}
        self._wide: set[int] = set()
        self._ranked: list[tuple[dt.date, int]] = []

    def add(self, draft: Draft) -> None:
        assert draft.index == len(self._drafts)
        self._drafts.append(draft)
        self._insert(draft.index, draft.date)

    def update(self, draft: Draft) -> None:
        old = self._indexed.get(draft.index)
        if old is draft.date:
            return
        self._remove(draft.index, old)
        self._insert(draft.index, draft.date)

    @staticmethod
    def _days(date: DateMention | None) -> list[dt.date] | None:
        """Each day of a day-precise date (None if too long to list); [] if not day-precise."""
        if date is None or date.precision is not DatePrecision.DAY or date.date_start is None:
            return []
        assert date.date_end is not None
        span = (date.date_end - date.date_start).days
        if span > _BUCKET_DAYS:
            return None
        return [date.date_start + dt.timedelta(days=k) for k in range(span + 1)]

    def _insert(self, index: int, date: DateMention | None) -> None:
        self._indexed[index] = date
        start = date.date_start if date is not None else None
        insort(self._ranked, (start or dt.date.max, index))
        if start is not None:
            insort(self._by_start.setdefault(start, []), index)
        days = self._days(date)
        if days is None:
            self._wide.add(index)
        for day in days or ():
            self._by_day.setdefault(day, set()).add(index)

    def _remove(self, index: int, date: DateMention | None) -> None:
        start = date.date_start if date is not None else None
        self._ranked.remove((start or dt.date.max, index))
        if start is not None:
            self._by_start[start].remove(index)
        days = self._days(date)
        if days is None:
            self._wide.discard(index)
        for day in days or ():
            self._by_day[day].discard(index)

    def same_day(self, date: DateMention) -> list[Draft]:
        """The drafts that may share a day with ``date``, in the order told."""
        days = self._days(date)
        if days is None:
            return list(self._drafts)
        found = set(self._wide)
        for day in days:
            found.update(self._by_day.get(day, ()))
        return [self._drafts[i] for i in sorted(found)]

    def started_within(self, day: dt.date, *, days: int) -> list[Draft]:
        """The drafts whose date starts ``days`` days before ``day`` or later up to ``day``.

        Latest told first.
        """
        found = [
            i for k in range(days + 1) for i in self._by_start.get(day - dt.timedelta(days=k), ())
        ]
        return [self._drafts[i] for i in sorted(found, reverse=True)]

    def nth_by_date(self, n: int) -> Draft:
        """The n-th draft (from 0) by date, undated last, ties in the order told."""
        return self._drafts[self._ranked[n][1]]


class Story:
    """The events a report has told so far, as its sentences are read in order.

    Parameters
    ----------
    doc
        The report.
    dates, places, terms
        The report's readers of dates, places and terms.
    """

    def __init__(
        self, doc: Document, dates: DateReader, places: PlaceReader, terms: TermReader
    ) -> None:
        self._doc = doc
        self._dates = dates
        self._places = places
        self._terms = terms
        self.drafts: list[Draft] = []
        self.current: Draft | None = None  # the event being told
        self.regions = RegionsNamed()  # the directional regions named so far
        self._quoted: set[int] = set()  # starts of the sentences some draft quotes
        self._by_day = _DraftDays()
        self._aggregates: list[Mention] = []  # the tallies told ("more than 20 strikes")

    @property
    def telling(self) -> bool:
        """Whether an event is being told."""
        return self.current is not None

    def note_regions(self, sentence: Quote) -> None:
        """Note the directional regions the sentence names (places of last resort)."""
        self._places.note_regions(sentence, self.regions)

    def tell(self, mention: Mention, sentence_no: int) -> None:
        """Read an event mention of the ``sentence_no``-th sentence (from 1)."""
        self._tell(mention, sentence_no)
        if self.current is not None:  # the draft the mention told of may have a new date
            self._by_day.update(self.current)

    def _tell(self, mention: Mention, sentence_no: int) -> None:
        doc = self._doc
        lo, hi = mention.lo, mention.hi
        current = self.current
        finding = self._dates.in_clause(mention, previous=current.date if current else None)
        date, date_reason = finding.date, finding.reason
        if date is not None and date.date_start is not None and date.date_start > doc.published:
            date, date_reason = None, ""  # "five days later" past publication: no knowable day
        located = self._places.in_clause(
            mention, previous=current.place if current else None, regions=self.regions
        )
        place, explicit = located.place, located.explicit
        where = place or (current.place if current else None)
        if date is not None:
            # "9:48 pm Eastern time on Saturday", "1 a.m. (1900 GMT Tuesday)"
            here = local_day(doc.text, date, where.lon if where is not None else None)
            if here is not None:
                date, date_reason = here, f"{date_reason}; {here.note}"
        if (
            place is None
            and not mention.definite
            and current is not None
            and self._new_paragraph(mention)
        ):
            place = self._place_before(mention)  # "Near Habban. A pickup truck was struck."
            explicit = place is not None
        kill = killed(doc, lo, hi)
        target = self._terms.first(GROUPS, lo, hi)
        refer: Draft | None = None
        if date is None and self._that_other(mention.sentence, lo, mention.end):
            return  # "... the most recent on Sept. 18. In that strike, it killed 27": not this one
        if date is None:
            before = self._dates.before(mention, quoted=self._quoted)
            if before is not None and (
                current is None
                or not same_day(current.date, before)
                or self._new_paragraph(mention)
            ):
                # "On Tuesday 20 February, surveillance detected a column ... The target was
                # engaged.": the date of the sentence before, a new event
                date, date_reason = before, f"date from the sentence before, {before.text!r}"
                mention = replace(mention, definite=False)
        stated_of: Draft | None = None  # the event a definite mention's statement dates
        if finding.statement and mention.definite and current is not None:
            if date is not None and not same_day(current.date, date):
                # "the strikes" in pictures posted on Monday, when the event told last is
                # of another time: the event of that day
                stated_of = next(
                    (
                        d
                        for d in self._by_day.same_day(date)
                        if same_day(d.date, date) and places_agree(d.place, place)
                    ),
                    None,
                )
            date, date_reason = None, ""  # "AFRICOM said on Tuesday that the strike ..."
        elif finding.statement and date is not None and date.date_start is not None:
            # the latest draft dated up to three days before, where the statement says
            told = next(
                (
                    d
                    for d in self._by_day.started_within(date.date_start, days=3)
                    if places_agree(d.place, place, slack_km=0)
                ),
                None,
            )
            # "CENTCOM said on Wednesday it had killed ... in a strike in northwest Syria"
            if told is not None:
                self._enrich(told, mention, sentence_no, None, "", place, explicit, kill, target)
                self.current = told
                return
            if date.precision is DatePrecision.DAY and date.date_start == date.date_end:
                # a statement made on Friday of a strike it does not date: Thursday or Friday
                date = replace(date, date_start=date.date_start - dt.timedelta(days=1))
                date_reason += "; the strike may be the day before the statement"
        if (
            current is not None
            and date is not None
            and not finding.statement
            and _before_statement(current, date)
            and not (place and explicit and not places_agree(current.place, place))
            and (kill is None or current.fat_low is None or kill.low == current.fat_low)
        ):
            # "X reported on March 23 that 130 were killed after a strike ... In the morning
            # of March 17, a commander requested an airstrike": the day of the strike reported
            refer = current
        elif mention.ordinal is not None and mention.ordinal > 0:
            # the drafts ranked by date (undated last; ties in the order they were told)
            if mention.ordinal <= len(self.drafts):
                nth = self._by_day.nth_by_date(mention.ordinal - 1)
                if date is None or same_day(nth.date, date):
                    refer = nth
        elif mention.ordinal == -1 and current is not None and date is None:
            refer = current
        if refer is None and stated_of is not None:
            refer = stated_of
        if (
            refer is None
            and mention.definite
            and not mention.plural
            and current is not None
            and (date is None or date.precision is not DatePrecision.DAY)
            and not (place and explicit and not places_agree(current.place, place))
            and not _apart(current.date, date)  # "since the bombing of the USS Stark in 1987"
        ):
            refer = current
        if (
            refer is None
            and current is not None
            and date is not None
            and not finding.statement
            and not mention.ordinal
            and _restated_day(current, date, kill, doc.text)
            and places_agree(current.place, place)
            and _family(current.event_type)
            == _family(event_type(mention.noun, drone=mention.drone, platform=""))
        ):
            # "killed more than 100 on Monday ... 'conducted an air strike on Tuesday,
            # November 21, killing more than 100'": one strike; the calendar date stands
            weekday = current.date.text if current.date is not None else ""
            current.date = date
            current.date_reason = (
                f"{date_reason}; a calendar date over the weekday {weekday!r} given to the "
                "same strike, a day apart"
            )
            refer = current
        if refer is None and date is not None:
            refer = next(
                (
                    d
                    for d in self._by_day.same_day(date)
                    if same_day(d.date, date)
                    and (
                        places_agree(d.place, place)
                        # "in Angoor Adda, near the capital of Wana" of a strike "in Wana"
                        or _told_near(doc.text, mention, d.place)
                    )
                ),
                None,
            )
        # "a raid by Somali troops ... it killed 13 with a new airstrike": a ground raid
        # and an air strike told without a day are not one event
        kind = _family(event_type(mention.noun, drone=mention.drone, platform=""))
        other_kind = (
            current is not None
            and not mention.definite
            and bool(current.event_type)
            and _family(current.event_type) != kind
            # "In a separate raid on Wednesday, a drone strike on a house killed two": one
            and mention.sentence not in current.quotes
        )
        if (
            refer is None
            and date is None
            and current is not None
            and not other_kind
            and (
                mention.definite
                or not (place and explicit)
                or places_agree(current.place, place, slack_km=0)
            )
        ):
            refer = current  # undated and where the last strike was: the same event
        if (
            refer is None
            and date is None
            and current is not None
            and not other_kind
            and kill is None
            and not (place and explicit)
        ):
            refer = current
        if refer is not None:
            self._enrich(
                refer, mention, sentence_no, date, date_reason, place, explicit, kill, target
            )
            self.current = refer
            return
        if (
            date is None
            and kill is None
            and not (place and explicit and place.precision is not LocationPrecision.COUNTRY)
        ):
            return  # "the coalition's bombing of cities": background, not a reported event
        if date is None:
            fallback = self._dates.fallback(mention)
            date, date_reason = fallback.date, fallback.reason
        if place is None:
            place = self._place_before(mention)
            explicit = place is not None
        if place is None:
            place = self._places.fallback(
                mention.start, self.regions, date=date, sentence=mention.sentence
            )
            explicit = False
        draft = Draft(
            index=len(self.drafts),
            quotes=_Quotes([mention.sentence], self._quoted),
            event_type="",
            date=date,
            date_reason=date_reason,
            place=place,
            place_explicit=explicit,
            ordinal=mention.ordinal if mention.ordinal and mention.ordinal > 0 else None,
        )
        self._enrich(draft, mention, sentence_no, None, "", None, False, kill, target)
        self.drafts.append(draft)
        self._by_day.add(draft)
        self.current = draft

    def _place_before(self, mention: Mention) -> ClaimedPlace | None:
        current = self.current
        return self._places.before(
            mention,
            previous=current.place if current else None,
            quoted=self._quoted,
            regions=self.regions,
        )

    def _new_paragraph(self, mention: Mention) -> bool:
        """Whether the mention opens a paragraph after the current event's last sentence."""
        if self.current is None:
            return True
        quotes = self.current.quotes
        last = quotes.last_end if isinstance(quotes, _Quotes) else max(q.end for q in quotes)
        return last <= mention.start and blank_line_between(
            self._doc.paragraph_breaks, last, mention.start
        )

    def _enrich(
        self,
        draft: Draft,
        mention: Mention,
        sentence_no: int,
        date: DateMention | None,
        date_reason: str,
        place: ClaimedPlace | None,
        explicit: bool,
        kill: Quantity | None,
        target: str,
    ) -> None:
        """Add what one mention says of its event to the event's draft."""
        lo, hi = mention.lo, mention.hi
        sentence = mention.sentence
        if sentence not in draft.quotes:
            draft.quotes.append(sentence)
        draft.last_sentence = sentence_no
        if date is not None and (draft.date is None or narrower(draft.date, date)):
            draft.date, draft.date_reason = date, date_reason
        if place is not None and (
            draft.place is None
            or not draft.place_explicit
            or (
                explicit
                and finer(place.precision, draft.place.precision)
                and geodesic_distance((place.lat, place.lon), (draft.place.lat, draft.place.lon)).km
                <= draft.place.radius_km
            )
        ):
            draft.place, draft.place_explicit = place, explicit
        if kill is not None and draft.fat_low is None and draft.fat_high is None:
            draft.fat_low, draft.fat_high = kill.low, kill.high
            if kill.low is None and kill.high is None:
                draft.fat_low = draft.fat_high = int(kill.value)
            vague = f" {VAGUE_TOLL}" if kill.qualifier in VAGUE_QUALIFIERS else ""
            draft.reasons.append(f"toll: {kill.text!r}{vague}")
        elif kill is not None and _counts_within(kill, draft):
            # "Dozens were killed ... MSF said it had counted 50 dead": the count the vague
            # word stood for
            told = next(r for r in reversed(draft.reasons) if r.startswith("toll:"))
            draft.reasons.remove(told)
            word = told.removeprefix("toll: ").replace(f" {VAGUE_TOLL}", "")
            draft.reasons.append(f"toll: {kill.text!r}, the count after {word}")
            draft.fat_low, draft.fat_high = kill.low, kill.high
        hurt = injured(self._doc, lo, hi)
        if hurt is not None and draft.injured is None:
            draft.injured = hurt
        draft.target = draft.target or target
        draft.actor = draft.actor or self._terms.first(ACTORS, sentence.start, sentence.end)
        platform = self._terms.first(PLATFORMS, sentence.start, sentence.end)
        if platform and (not draft.platform or draft.platform == "drone"):
            draft.platform = platform
        event = event_type(mention.noun, drone=mention.drone, platform=draft.platform)
        if (
            not draft.event_type
            or (draft.event_type == "air strike" and event == "drone strike")
            # "a counter-terrorism raid" then "the air strike targeted a car": told as a
            # strike from the air, the raid was one (a ground raid is never an air strike)
            or (
                draft.event_type == "raid"
                and event != "raid"
                and (mention.drone or "air" in mention.noun)
            )
        ):
            draft.event_type = event  # a later "the raid" does not unmake an air strike
        base = self._terms.base(sentence)
        if base and not draft.base:
            draft.base = base
        label, confidence = self._terms.attribution(sentence)
        if label and confidence < draft.confidence + 0.1:
            draft.attribution, draft.confidence = (
                label,
                min(draft.confidence, confidence) if (draft.attribution) else confidence,
            )

    def _follow_up(self, sentence: Quote, sentence_no: int) -> tuple[Draft, Mention] | None:
        """The current event and a probe over all of ``sentence``, or None.

        Only within two sentences of the event's last mention, where a sentence with no
        mention of its own may still tell of the event: its day, its place, its toll.
        """
        current = self.current
        if current is None or sentence_no - current.last_sentence > 2:
            return None
        return current, Mention.probe(sentence, sentence.start, sentence.start, sentence.end)

    def orphan_date(self, sentence: Quote, sentence_no: int) -> None:
        """A sentence with no mention may still give the day of an event just told.

        "A drone strike in the north killed dozens, officials said on Monday. The incident
        occurred on Sunday night.": Sunday, the day of the event, not of the statement; so
        too "Four were hurt in Sunday's attack". Only a day no later than publication, and
        within a week before the event's date so far. The event is the current one, else
        another told within the two sentences before whose date admits the day ("A strike
        killed 27 ... A similar strike in December killed 64. The latest incident happened
        on January 24"): that event becomes the one being told.
        """
        text = self._doc.text
        owned = None
        if not _EVENT_DAY.match(sentence.text):
            owned = next(
                (
                    d
                    for d in self._doc.date_index.within(sentence.start, sentence.end)
                    if _DAY_OWNS_EVENT.match(text, d.end, sentence.end)
                ),
                None,
            )
            if owned is None:
                self._scene_day(sentence, sentence_no)
                return
        if (follow_up := self._follow_up(sentence, sentence_no)) is None:
            return
        current, probe = follow_up
        date = owned or self._dates.in_clause(probe, previous=current.date).date
        if (
            date is None
            or date.precision is not DatePrecision.DAY
            or date.date_start is None
            or date.date_start > self._doc.published
        ):
            return
        recent = [
            d
            for d in reversed(self.drafts)
            if d is not current and sentence_no - d.last_sentence <= 2
        ]
        for draft in (current, *recent):
            told = draft.date
            if (
                told is not None
                and told.date_end is not None
                and not told.date_end - dt.timedelta(days=7) <= date.date_start <= told.date_end
            ):
                continue
            draft.date, draft.date_reason = date, f"the event's day, told after it, {date.text!r}"
            if sentence not in draft.quotes:
                draft.quotes.append(sentence)
            self._by_day.update(draft)
            self.current = draft
            return

    def _scene_day(self, sentence: Quote, sentence_no: int) -> None:
        """The calendar day opening the sentence after a strike told by its month or year.

        It is the strike's day: "A drone strike in Syria last year killed a shepherd. On May
        3, 2023, he was herding his sheep near the village when ...": the scene the strike
        interrupted. Only a full calendar date (a month and a day) at the head of the
        sentence right after the event's last, within the event's month or year, no later
        than publication.
        """
        current = self.current
        if current is None or sentence_no - current.last_sentence != 1:
            return
        told = current.date
        if (
            told is None
            or told.date_start is None
            or told.date_end is None
            or told.precision not in (DatePrecision.MONTH, DatePrecision.YEAR)
        ):
            return
        date = next(iter(self._doc.date_index.within(sentence.start, sentence.end)), None)
        if (
            date is None
            or date.precision is not DatePrecision.DAY
            or date.date_start is None
            or date.date_start != date.date_end
            or not re.fullmatch(r"\W*(?:on\s+)?", self._doc.text[sentence.start : date.start], re.I)
            or not re.search(rf"\b{_MONTH}", date.text, re.I)
            or not told.date_start <= date.date_start <= told.date_end
            or date.date_start > self._doc.published
        ):
            return
        current.date = date
        current.date_reason = f"the day that opens the sentence after it, {date.text!r}"
        if sentence not in current.quotes:
            current.quotes.append(sentence)
        self._by_day.update(current)

    def orphan_place(self, sentence: Quote, sentence_no: int) -> None:
        """A sentence with no mention may still say where the current event took place.

        "A spokeswoman says it occurred about 50 km northwest of Kismayo", "The camps were
        about 45 km southwest of Sirte": the event told just before (within two sentences)
        took place there, when that place is finer than the one it has (a closer precision
        or a smaller radius) and lies within it (a region, a country, "southwest of Sirte"),
        when it is an offset from that very town ("near Sirte", then "45 km southwest of
        Sirte"), or when the event has only a place of last resort.
        """
        if not (_IT_HAPPENED.search(sentence.text) or _TARGET_WAS.search(sentence.text)):
            return
        if (follow_up := self._follow_up(sentence, sentence_no)) is None:
            return
        current, probe = follow_up
        found = self._places.in_clause(probe, previous=current.place, regions=self.regions)
        place = found.place
        if place is None or not found.explicit:
            return
        told = current.place
        if (
            told is not None
            and current.place_explicit
            and not (place.anchor and place.anchor == told.name)
            and (
                not (finer(place.precision, told.precision) or place.radius_km < told.radius_km)
                or geodesic_distance((place.lat, place.lon), (told.lat, told.lon)).km
                > told.radius_km
            )
        ):
            return
        current.place, current.place_explicit = place, True
        if sentence not in current.quotes:
            current.quotes.append(sentence)

    def orphan_figures(self, sentence: Quote, sentence_no: int) -> None:
        """A sentence with no mention may still give the current event's toll ("It killed 17").

        Only within two sentences of the event's last mention, and only if it has no toll;
        the day the sentence gives the toll ("Dozens were killed on Tuesday") dates the event
        when it is narrower than the event's date so far. A vague toll ("dozens") takes a
        count within its range ("50 dead").
        """
        follow_up = self._follow_up(sentence, sentence_no)
        if follow_up is None or (follow_up[0].fat_low is not None and not _vague(follow_up[0])):
            return  # a vague toll ("dozens") may still take the count a sentence gives
        current, mention = follow_up
        kill = killed(self._doc, mention.lo, mention.hi)
        if kill is not None and (
            self._other_day(current, mention, kill)
            or self._that_other(sentence, sentence.start, kill.start)
        ):
            return  # "Seventeen sailors were killed in the October 2000 attack": another event
        if kill is None:
            return
        # "Dozens of people were killed on Tuesday": the day of the toll is the event's
        tied = self._tied_date(mention, kill)
        date = None
        if (
            tied is not None
            and tied.precision is DatePrecision.DAY
            and tied.date_start is not None
            and tied.date_start <= self._doc.published
        ):
            date = tied
        reason = f"the day of the toll told after it, {date.text!r}" if date else ""
        self._enrich(current, mention, sentence_no, date, reason, None, False, kill, "")
        self._by_day.update(current)

    def refine_places(self) -> None:
        """Each event placed no finer than a district takes the finest site told of it there.

        "40 civilians were killed in an airstrike in southern Helmand province ... 'an
        operation against al-Qaeda in Musa Qala in Helmand last night', the spokesman said":
        a report that gives a wide area for its strike and, in a sentence that tells of the
        strike or follows one that does, a town, a division or an offset within that area
        (:meth:`~geo.extraction.places.PlaceReader.sites`) tells where in the area the
        strike was. Only sites of sentences the event quotes, or of the :data:`_FOLLOWING`
        sentences after one it quotes that no other event quotes and that tell of no
        background (:data:`_BACKGROUND`: "have also hit ... several times"); in the event's
        country, within its radius and, for a division, in that division; not the
        division's namesake town ("the Gao region", then "Gao"); not the site of another
        event of the report; of no other time (no date of the sentence more than
        :data:`_SAME_TIME_DAYS` days from the event's); and only when those sites are one
        place: all of them within the finest one's reach. A town named so is near the town
        (the strike was somewhere about it), an offset keeps its own radius.
        """
        coarse = [d for d in self.drafts if d.place is not None and d.place.radius_km > _SITE_KM]
        if not coarse:
            return
        doc = self._doc
        number = {q.start: n for n, q in enumerate(doc.sentences)}
        sites = self._places.sites()
        settled = [
            d.place for d in self.drafts if d.place is not None and d.place.radius_km <= _SITE_KM
        ]

        def within(outer: ClaimedPlace, inner: ClaimedPlace) -> bool:
            if outer.country_code != inner.country_code or inner.radius_km >= outer.radius_km:
                return False
            km = geodesic_distance((inner.lat, inner.lon), (outer.lat, outer.lon)).km
            if km > outer.radius_km:
                return False
            if outer.place_id and outer.precision is LocationPrecision.DISTRICT:
                division = self._places.division_at(outer.lat, outer.lon)
                return division is None or division == self._places.division_at(
                    inner.lat, inner.lon
                )
            return True

        # the numbers of the sentences each draft quotes, and how many drafts quote each
        quoted = {
            id(d): {number[q.start] for q in d.quotes if q.start in number} for d in self.drafts
        }
        quoting = Counter(n for numbers in quoted.values() for n in numbers)
        for draft in coarse:
            told = draft.place
            assert told is not None
            mine = quoted[id(draft)]
            found = [
                place
                for place, sentence in sites
                if (n := number.get(sentence.start)) is not None
                and (
                    n in mine
                    or (
                        not quoting[n]  # no other draft quotes it (nor this one)
                        and any(0 < n - m <= _FOLLOWING for m in mine)
                        and not _BACKGROUND.search(sentence.text)
                    )
                )
                and place.name != told.name  # "the Gao region", then "Gao": the same area
                and place.name != told.anchor  # "150 miles outside Sirte": not at Sirte
                and not any(places_agree(place, other, slack_km=0) for other in settled)
                and self._same_time(sentence, draft)
                # last: it may ask the gazetteer which division holds a point
                and within(told, place)
            ]
            if not found:
                continue
            finest = min(found, key=lambda p: p.radius_km)
            if not all(places_agree(finest, p, slack_km=0) for p in found):
                continue
            if finest.radius_km < _SITE_KM and not finest.anchor:
                # named elsewhere in the report: somewhere about the town, not in it
                finest = replace(
                    finest,
                    precision=LocationPrecision.NEAR_TOWN,
                    radius_km=LocationPrecision.NEAR_TOWN.default_radius_km,
                )
            draft.place = replace(
                finest,
                reason=f"the finest site the report tells of within {told.name}: {finest.reason}",
            )

    def _same_time(self, sentence: Quote, draft: Draft) -> bool:
        """Whether no date of ``sentence`` lies more than a few days from the draft's."""
        told = draft.date
        if told is None or told.date_start is None or told.date_end is None:
            return True
        for d in self._doc.date_index.within(sentence.start, sentence.end):
            if d.date_start is None or d.date_end is None:
                continue
            gap = max((d.date_start - told.date_end).days, (told.date_start - d.date_end).days)
            if gap > _SAME_TIME_DAYS:
                return False
        return True

    def _tied_date(self, probe: Mention, kill: Quantity) -> DateMention | None:
        """The date of the probed sentence tied to the toll ``kill``, if any.

        Tied: not a statement's date ("said on Monday") nor the dateline's, and with no
        comma, semicolon or colon between it and the figure ("were killed in the October
        12, 2000 attack", not "killed X, who oversaw the attacks of September 11, 2001").
        """
        doc = self._doc
        for d in doc.date_index.within(probe.lo, probe.hi):
            if doc.in_dateline(d.start) or self._dates.stated(probe.sentence, d):
                continue
            between = doc.text[min(d.end, kill.end) : max(d.start, kill.start)]
            if not re.search(r"[,;:]", between):
                return d
        return None

    def _other_day(self, current: Draft, probe: Mention, kill: Quantity) -> bool:
        """Whether the toll ``kill`` of a sentence is dated to another day than the event's.

        "Seventeen sailors were killed in the October 12, 2000 attack": a date tied to the
        figure (:meth:`_tied_date`) that shares no day with the event's tells of another
        event.
        """
        return _apart(current.date, self._tied_date(probe, kill))

    def _that_other(self, sentence: Quote, lo: int, at: int) -> bool:
        """Whether "that attack" at ``at`` points to another event than the one being told.

        "The strike was the deadliest since the bombing of the port in May 2009. That
        bombing killed 40.": a demonstrative "that" (or "those") before an event noun, opening
        a clause or after a preposition ("In that strike"), in the sentence right after (or a
        clause after) a date that shares no day with the current event's, tells of the event
        that date belongs to. ``text[lo:at]`` is where to look for it.
        """
        current = self.current
        doc = self._doc
        if current is None or current.date is None:
            return False
        if not _THAT_EVENT.search(doc.text[lo:at]):
            return False
        k = doc.sentence_numbers.get(sentence.start)
        start = doc.sentences[k - 1].start if k else sentence.start
        return any(
            _apart(current.date, d)
            for d in doc.date_index.within(start, at)
            if not doc.in_dateline(d.start)
        )

    def note_aggregate(self, mention: Mention) -> None:
        """Keep a tally mention ("more than 20 strikes in Abyan, Baida and Shabwa")."""
        self._aggregates.append(mention)

    def listed_places(self) -> set[int]:
        """One event per place a day's tally lists; the indexes of the drafts so counted.

        "More than 20 strikes targeted the group in the governorates of Abyan, Baida and
        Shabwa" of a report that tells of one day's strikes ("Thursday's strikes"): the
        strikes of a day at each listed place are an event (as an incident record counts
        them: one per place and day). The day is the tally's own, else the only day the
        report gives its strikes and tallies. Only a counted tally ("more than 20"), not a
        campaign's ("this year") nor background ("have also carried out many air strikes in
        Idlib and Aleppo"). A place that an event of that day already
        stands on adds nothing; an event of that day with no place of its own takes the
        first place left.
        """
        counted: set[int] = set()
        days: set[dt.date] = {
            d.date.date_start
            for d in self.drafts
            if d.date is not None
            and d.date.precision is DatePrecision.DAY
            and d.date.date_start is not None
            and d.date.date_start == d.date.date_end
            and _family(d.event_type) == "air"
        }
        own: list[dt.date | None] = []
        for mention in self._aggregates:
            finding = self._dates.in_clause(mention, previous=None)
            date = finding.date
            one = (
                date is not None
                and not finding.statement
                and date.precision is DatePrecision.DAY
                and date.date_start is not None
                and date.date_start == date.date_end
                and date.date_start <= self._doc.published
            )
            own.append(date.date_start if one and date is not None else None)
            days.update(day for day in own[-1:] if day is not None)
        for mention, day in zip(self._aggregates, own, strict=True):
            clause = self._doc.text[mention.lo : mention.hi]
            if mention.count is None or TOTAL.search(clause) or _BACKGROUND.search(clause):
                # "this year", "since 2017": a campaign's tally; "have also carried out many
                # air strikes in Idlib and Aleppo provinces during the war": background
                continue
            places = self._places.listed(mention, self.regions)
            if not places:
                continue
            if day is None:
                if len(days) != 1:
                    continue
                day = next(iter(days))
            that_day = [
                d
                for d in self.drafts
                if d.date is not None
                and d.date.precision is DatePrecision.DAY
                and d.date.date_start == d.date.date_end == day
                and _family(d.event_type) == "air"
            ]
            for place in places:
                told = next(
                    (d for d in that_day if d.place_explicit and _same_site(d.place, place)),
                    None,
                )
                if told is None:
                    told = next((d for d in that_day if not d.place_explicit), None)
                    if told is not None:
                        told.place, told.place_explicit = place, True
                        told.reasons.append(f"{LISTED_PLACE} {mention.sentence.text[:60]!r}")
                if told is not None:
                    counted.add(told.index)
                    continue
                date = DateMention(
                    mention.start, mention.end, mention.noun, day, day, DatePrecision.DAY, False
                )
                draft = Draft(
                    index=len(self.drafts),
                    quotes=_Quotes([mention.sentence], self._quoted),
                    event_type=event_type(mention.noun, drone=mention.drone, platform=""),
                    date=date,
                    date_reason=f"{day:%d %B %Y}, the day of the strikes tallied",
                    place=place,
                    place_explicit=True,
                )
                draft.reasons.append(f"{LISTED_PLACE} {mention.sentence.text[:60]!r}")
                self.drafts.append(draft)
                self._by_day.add(draft)
                that_day.append(draft)
                counted.add(draft.index)
        return counted

    def listed_days(self) -> set[int]:
        """Strikes a sentence lists by day and no other sentence tells of; a derived toll.

        "strikes on Sept. 19, 24, 26 and 29 that killed a total of 43": each listed day that
        no event told so far falls on becomes an event of its own (its place the widest
        region the report names, else its country); when exactly one listed day has no toll
        and every other has one, its toll is the total less theirs, marked as derived.
        Returns the indexes of the drafts such a list counts (as an aggregate counts them).
        """
        doc = self._doc
        counted: set[int] = set()
        for sentence in doc.sentences:
            # every list ends "and <day>": a sentence without is not scanned from each word
            if not _AND_DIGIT.search(fold_case(sentence.text)):
                continue
            found = _DAY_LIST.search(sentence.text)
            if found is None:
                continue
            days = _listed_dates(found, doc.published)
            if len(days) < 2:
                continue
            listed: list[tuple[dt.date, Draft | None]] = []
            for day in days:
                told = next(
                    (
                        d
                        for d in self.drafts
                        if d.date is not None
                        and d.date.precision is DatePrecision.DAY
                        and d.date.date_start == d.date.date_end == day
                    ),
                    None,
                )
                listed.append((day, told))
            missing = [day for day, told in listed if told is None]
            if not missing or len(missing) == len(listed):
                continue  # nothing to add, or a list of days no sentence tells of
            family = next(d.event_type for _, d in listed if d is not None)
            counted.update(d.index for _, d in listed if d is not None)
            for day in missing:
                text = doc.text[sentence.start + found.start() : sentence.start + found.end()]
                date = DateMention(
                    sentence.start + found.start(),
                    sentence.start + found.end(),
                    text,
                    day,
                    day,
                    DatePrecision.DAY,
                    False,
                )
                draft = Draft(
                    index=len(self.drafts),
                    quotes=_Quotes([sentence], self._quoted),
                    event_type=family,
                    date=date,
                    date_reason=f"{day:%d %B %Y}, one of the days listed in {text!r}",
                    # the place the listing sentence gives (no only site: the listed days
                    # may be anywhere the sentence says, "in southern Libya")
                    place=self._places.fallback(sentence.start, self.regions),
                    place_explicit=False,
                )
                self.drafts.append(draft)
                self._by_day.add(draft)
                counted.add(draft.index)
            total = _total(doc, sentence)
            tolls = [d.fat_low for _, d in listed if d is not None and d.fat_low == d.fat_high]
            if (
                total is not None
                and len(missing) == 1
                and len(tolls) == len(listed) - 1
                and all(t is not None for t in tolls)
            ):
                rest = total - sum(t for t in tolls if t is not None)
                if rest >= 0:
                    draft = self.drafts[-1]
                    draft.fat_low = draft.fat_high = rest
                    draft.toll_derived = True
                    others = ", ".join(str(t) for t in tolls)
                    draft.reasons.append(
                        f"toll: {rest}, derived: the total of {total} less {others} "
                        "(the other strikes listed)"
                    )
        return counted

    def claims(self) -> tuple[Claim, ...]:
        """The drafts as claims, in the order told.

        A claim without an actor or target takes the report's most named one.
        """
        actor, target = self._terms.dominant(ACTORS), self._terms.dominant(GROUPS)
        return tuple(
            _claim(d, self._doc.published, actor=actor, target=target) for d in self.drafts
        )


def _vague(draft: Draft) -> bool:
    """Whether the draft's toll is a vague amount ("dozens", "several")."""
    told = [r for r in draft.reasons if r.startswith("toll:")]
    return bool(told) and VAGUE_TOLL in told[-1]


def _counts_within(kill: Quantity, draft: Draft) -> bool:
    """Whether ``kill`` is a count that the draft's vague toll ("dozens") allows.

    Examples
    --------
    >>> from geo.extraction.textnum import find_quantities
    >>> d = Draft(0, [], "air strike", None, "", None, False, 24, None,
    ...           reasons=["toll: 'Dozens' (a vague amount)"])
    >>> [_counts_within(q, d) for q in find_quantities("50, 12, hundreds, at least 30")]
    [True, False, False, True]
    """
    if kill.qualifier in VAGUE_QUALIFIERS or kill.low is None or draft.fat_low is None:
        return False
    return (
        _vague(draft)
        and draft.fat_low <= kill.low
        and (draft.fat_high is None or kill.low <= draft.fat_high)
    )


#: A place at most this wide (km) is a site already: no finer one is looked for.
_SITE_KM = 25.0
#: How many sentences after one an event quotes may still tell where it was.
_FOLLOWING = 3
#: Words of a sentence that tells of the background, not of one event ("US aircraft have
#: also hit groups near Albu Kamal several times over the past two years").
_BACKGROUND = re.compile(
    r"\b(?:(?:several|many|multiple|numerous|dozens\s+of)\s+times|over\s+the\s+(?:past|last)|"
    r"in\s+the\s+past|in\s+recent\s+(?:years|months|weeks)|for\s+years|previously|"
    r"(?:have|has)\s+(?:also\s+|long\s+|repeatedly\s+|often\s+)?(?:hit|struck|bombed|"
    r"targeted|carried\s+out|conducted|launched)|regularly|routinely|will\s+continue|"
    r"since\s+(?:\d{4}|the\s+(?:start|beginning)\s+of|last\s+year))\b",
    re.IGNORECASE,
)
#: A sentence dated this many days or fewer from an event may tell of its place.
_SAME_TIME_DAYS = 3

#: "that strike", "In those raids", "That attack killed": a demonstrative before an event noun.
_THAT_EVENT = re.compile(
    r"(?:^\W*|[.;:,]\s*|\b(?:in|of|on|after|before|since|from|during|by|with|for|as)\s+)"
    r"(?:that|those)\s+(?:(?!the\b|an?\b)[\w-]+\s+)?(?:attacks?|strikes?|air\s*strikes?|"
    r"airstrikes?|raids?|bombings?|bombardments?|operations?|incidents?)\b",
    re.IGNORECASE,
)


#: A strike is reported at most this many days after it happened (a report's "first
#: reported on March 23" of a strike on March 17).
REPORTED_WITHIN_DAYS = 14
_STATEMENT_DATE = "(the date of the statement)"


def _before_statement(draft: Draft, date: DateMention) -> bool:
    """Whether ``date``, a day, may be the day of a strike ``draft`` dates only by its report.

    The draft's date is a statement's (its day and the day before), and ``date`` falls up to
    :data:`REPORTED_WITHIN_DAYS` days before it.
    """
    told = draft.date
    if told is None or told.date_start is None or _STATEMENT_DATE not in draft.date_reason:
        return False
    if date.precision is not DatePrecision.DAY or date.date_start is None:
        return False
    if date.date_start != date.date_end:
        return False
    return (
        told.date_start - dt.timedelta(days=REPORTED_WITHIN_DAYS)
        <= date.date_start
        < (told.date_start)
    )


_WEEKDAY = re.compile(rf"^(?:(?:last|this|past)\s+)?(?:{alternation(WEEKDAY_NAMES)})\b", re.I)


def _told_near(text: str, mention: Mention, place: ClaimedPlace | None) -> bool:
    """Whether the mention's clause sets its site near ``place`` by name ("near ... Wana")."""
    if place is None or not place.name or place.anchor:
        return False
    return bool(
        re.search(
            r"\b(?:near|outside|close\s+to)\s+(?:[\w'\u2019-]+\s+){0,3}?"
            + re.escape(place.name)
            + r"\b",
            text[mention.lo : mention.hi],
        )
    )


_MORE = re.compile(r"\s+(?:more|others?|other\s+\w+)\b", re.I)


def _restated_day(draft: Draft, date: DateMention, kill: Quantity | None, text: str) -> bool:
    """Whether ``date``, a calendar day, retells the strike ``draft`` dates by a weekday.

    "killed more than 100 on Monday", then the statement quoted: "an air strike on Tuesday,
    November 21, killing more than 100": a weekday the day before or after the calendar
    date, and the same toll (one must be given): one strike told twice, the weekday counted
    wrongly from publication or in another time zone.
    """
    told = draft.date
    if told is None or told.date_start is None or date.date_start is None:
        return False
    if not (
        told.precision is date.precision is DatePrecision.DAY
        and told.date_start == told.date_end
        and date.date_start == date.date_end
        and abs((told.date_start - date.date_start).days) == 1
    ):
        return False
    if not _WEEKDAY.match(told.text) or any(ch.isdigit() for ch in told.text):
        return False
    if not re.search(rf"\b{_MONTH}", date.text, re.I) or not any(ch.isdigit() for ch in date.text):
        return False
    if kill is None or draft.fat_low is None or _MORE.match(text, kill.end):
        return False  # "killed four more": others than the first strike's
    low, high = (
        (kill.low, kill.high)
        if (kill.low, kill.high) != (None, None)
        else (
            int(kill.value),
            int(kill.value),
        )
    )
    return (low, high) == (draft.fat_low, draft.fat_high)


def _same_site(a: ClaimedPlace | None, b: ClaimedPlace) -> bool:
    """Whether ``a`` is the place ``b`` names: the same name, or points 10 km apart at most.

    Two neighbouring provinces of a list overlap within their radii; they are not one site.
    """
    if a is None:
        return False
    return a.name == b.name or geodesic_distance((a.lat, a.lon), (b.lat, b.lon)).km <= 10.0


def _family(event: str) -> str:
    """A ground raid or a strike from the air (air and drone strikes are one family)."""
    return "raid" if event == "raid" else "air"


def _apart(a: DateMention | None, b: DateMention | None) -> bool:
    """Whether two dates are known and share no day."""
    if a is None or b is None or a.date_start is None or b.date_start is None:
        return False
    assert a.date_end is not None and b.date_end is not None
    return a.date_end < b.date_start or b.date_end < a.date_start


_MONTH = rf"(?:{alternation(sorted(MONTH_NUMBERS))})\.?"
#: "Sept. 19, 24, 26 and 29", "19, 24 and 26 September": days of one month, listed.
_DAY_LIST = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}(?:\s*,\s*\d{{1,2}})*,?\s+and\s+\d{{1,2}})\b"
    rf"|(?<![\d,])(?<!,\s)(?P<d2>\d{{1,2}}(?:\s*,\s*\d{{1,2}})*,?\s+and\s+\d{{1,2}})\s+(?P<m2>{_MONTH})(?!\w))",
    re.IGNORECASE,
)
#: What every :data:`_DAY_LIST` match holds, in case-folded text.
_AND_DIGIT = re.compile(r"and\s+\d")
#: "a total of 43", "43 in all", "43 in total", "43 altogether".
_TOTAL_BEFORE = re.compile(r"\b(?:a\s+)?total\s+of\s+$", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"^(?:\s+\w+)?\s+(?:in\s+all|in\s+total|altogether)\b", re.IGNORECASE)


def _listed_dates(found: re.Match[str], published: dt.date) -> list[dt.date]:
    """The days of a listed month, each the latest on or before publication."""
    month_word = (found.group("m1") or found.group("m2")).rstrip(".").lower()
    month = MONTH_NUMBERS.get(month_word)
    numbers = [int(n) for n in re.findall(r"\d{1,2}", found.group("d1") or found.group("d2"))]
    if month is None:
        return []
    year = published.year if month <= published.month else published.year - 1
    days = []
    for n in numbers:
        try:
            day = dt.date(year, month, n)
        except ValueError:
            return []
        if day > published:
            return []
        days.append(day)
    return days if len(set(days)) == len(days) else []


def _total(doc: Document, sentence: Quote) -> int | None:
    """The total a sentence gives ("a total of 43", "43 in all"), if any."""
    text = doc.text
    for q in doc.figure_index.within(sentence.start, sentence.end):
        if q.fraction or q.value != int(q.value):
            continue
        before = text[max(sentence.start, q.start - 20) : q.start]
        after = text[q.end : min(sentence.end, q.end + 30)]
        if _TOTAL_BEFORE.search(before) or _TOTAL_AFTER.search(after):
            return int(q.value)
    return None


def _claim(d: Draft, published: dt.date, *, actor: str, target: str) -> Claim:
    """The claim a finished draft makes; a date after publication becomes the week before."""
    date = d.date
    assert date is not None and date.date_start is not None and date.date_end is not None
    reasons = [f"date: {d.date_reason}"]
    first, last, precision = date.date_start, date.date_end, date.precision
    if first > published:  # no report tells of a strike after it came out
        reasons = [f"date: {first} is after publication; the week before publication"]
        first, last = published - dt.timedelta(days=7), published
        precision = DatePrecision.WEEK
    if d.place is not None:
        reasons.append(f"place: {d.place.reason}")
    else:
        reasons.append("place: none given")
    reasons.extend(d.reasons)
    if d.attribution:
        reasons.append(f"attribution: {d.attribution} (confidence {d.confidence:.2f})")
    return Claim(
        index=d.index,
        sentences=tuple(sorted(d.quotes, key=lambda q: q.start)),
        event_type=EventType(d.event_type or "air strike"),
        date_start=first,
        date_end=last,
        date_precision=precision,
        place=d.place,
        fatalities_low=d.fat_low,
        fatalities_high=d.fat_high,
        injured=d.injured,
        actor=d.actor or actor,
        target=d.target or target,
        platform=d.platform,
        base=d.base,
        attribution=d.attribution,
        confidence=d.confidence,
        reasons=tuple(reasons),
        toll_derived=d.toll_derived,
    )
