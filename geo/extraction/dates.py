"""Event dates: when a mentioned strike happened, from the dates of its clause or nearby.

Scope: choosing among the dates :func:`~geo.extraction.reldates.find_dates` found (the
clause's own, not a deadline's "by Friday" nor the dateline's, nor the date of the statement
that reports it when the clause has another: "said on Thursday that Tuesday's strike"),
resolving offsets ("five days later", "the previous night") against the date just given or
the previous strike's, and the fallbacks: a date heading in the sentences before ("14
March. Near Nisab ... A strike hit a house."), the previous sentence's date, else the week
before publication. :func:`same_day` and :func:`narrower` compare two dates as the event
assembly (:mod:`geo.extraction.drafts`) needs.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Container
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from geo.extraction.consolidate import UNDATED
from geo.extraction.mentions import TRIGGER
from geo.extraction.patterns import LazyPattern
from geo.extraction.reldates import DateMention, resolve_offset
from geo.extraction.sentences import tail
from geo.model.records import DatePrecision

if TYPE_CHECKING:
    from geo.extraction.document import Document
    from geo.extraction.mentions import Mention
    from geo.model.claims import Quote

__all__ = ["DateFinding", "DateReader", "local_day", "narrower", "same_day"]

#: A reporting verb with its subject between a date and the strike it tells of: "On Monday,
#: survivors said the strike had killed 10", "On November 13, the Pentagon said ...".
_SAID_AFTER = re.compile(
    r"[\s,]*(?:[\w.'\u2019-]+\s+){1,6}?(?:said|says|told|announced|confirmed|reported|"
    r"stated|claimed|admitted|acknowledged)\b",
    re.IGNORECASE,
)
#: A date that is the strike's own: "Thursday's strike", "the Sunday, April 14 strike".
_STRIKE_AFTER = re.compile(
    r"(?:'s|\u2019s)|\s+(?:(?:air|drone|missile|u\.s\.|us)[\s-]+)?(?:air\s*strikes?|airstrikes?|"
    r"strikes?|raids?|bombings?)\b",
    re.IGNORECASE,
)
#: "since" opening a clause of its own before a date ("since Trump took office in January").
_SINCE = re.compile(r"\bsince\b[^,;.]{0,60}\Z", re.IGNORECASE)
#: Dates that count from the moment of speaking: inside a quotation, from when it was said.
_DEICTIC = re.compile(
    r"(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|evening)|"
    r"yesterday(?:\s+(?:morning|afternoon|evening))?|(?:late\s+)?last\s+night|overnight",
    re.IGNORECASE,
)
_DATE_RANK = {p: n for n, p in enumerate(DatePrecision)}
#: An offset that counts forward to the event told after it ("two days after a strike").
_AFTER_END = re.compile(r"\b(?:after|later\s+than)\s*$", re.IGNORECASE)
#: "less than" before an offset: the offset is a bound, not the distance.
_LESS_THAN = re.compile(
    r"\b(?:less|fewer)\s+than\s+$|\b(?:under|within|not\s+even|barely)\s+$", re.IGNORECASE
)
#: A relative clause opened after the mention ("near Sirte, where last month forces drove
#: out the group"; "killed X, who fled in 2016"): its dates are its own story's.
_RELATIVE_CLAUSE = re.compile(r",\s*(?:where|who|whom|whose)\b", re.IGNORECASE)
#: A person's relative clause: a month or a year in it is of the person's life.
_WHO = re.compile(r"\bwho(?:m|se)?\b", re.IGNORECASE)
_DEADLINE = re.compile(r"\b(?:by|until|till|since|before|as of)\s+$", re.IGNORECASE)
# "said on Thursday", "a statement by the U.S. Africa Command on Saturday": up to seven words
# between, abbreviations ("U.S.") among them, but not the strike itself ("said the strike on
# Tuesday" dates the strike; "said strikes on Sept. 19, 24 and 26 had weakened the group" is
# a statement about strikes, not their news; nor a verb of the event's: "reported by AFRICOM
# took place on November 3"); pictures "circulating on social media on Monday", a video
# "posted on Monday" are dated when they were shown, as a statement is
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|announced|announcement|confirmed|stated|reported|statement|told|added|"
    r"released|admitted|admission|acknowledged|circulated|circulating|posted|surfaced)\s+"
    r"(?:(?!(?:air\s*|drone\s+)?(?:strikes?|raids?|attacks?|bombings?|operations?)\b)"
    # "the last strike reported by AFRICOM took place on November 3": the event's day
    r"(?!(?:took|occurred|happened|conducted|carried)\b)"
    r"[\w\u00e9.'\u2019-]+\s+){0,7}$",
    re.IGNORECASE,
)


#: After an offset that ends in "before" or "after" ("a day before"): another, planned or
#: civil, event ("a peace delegation was to leave", "the talks", "his visit"): the offset
#: counts from that event, whose day the report does not give, not from the strike told
#: before. Not a strike ("two days after the first one", "a day after a drone strike").
_OTHER_REFERENCE = LazyPattern(  # few reports need it: compiled on first use (10 ms)
    r"\s+(?:to\s+)?(?:an?|the|his|her|its|their)\s+"
    r"(?![^.;]{0,40}?(?:" + TRIGGER.pattern + "))"
    r"(?:[\w'’-]+\s+){0,4}?(?:(?:was|were|is|are)\s+(?:to|due|scheduled|set|expected)\b|"
    r"(?:talks|visit|meeting|elections?|delegation|ceasefire|truce|summit|conference|vote|"
    r"negotiations|ceremony|inauguration|deadline)\b)",
    re.IGNORECASE,
)
_BEFORE_AFTER = re.compile(r"\b(?:before|after|prior)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateFinding:
    """The date a clause gives its event, why, and whether it is a statement's date.

    Attributes
    ----------
    date
        The date (None: the clause gives none that can be used).
    reason
        Why this date ("date from 'on Thursday'"); "" without a date.
    statement
        Whether the clause's only dates are those of a statement ("AFRICOM said on
        Tuesday ..."): the event is then one already told, or one up to three days before.
        It may be true when ``date`` is None (an offset with nothing to count from).
    """

    date: DateMention | None
    reason: str
    statement: bool = False


class DateReader:
    """The dates of a report's event mentions (one reader per report; it keeps answers)."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        # dates that give a day and may anchor an offset ("five days later")
        self._day_dates = [
            d
            for d in doc.dates
            if d.date_start is not None
            and d.precision is DatePrecision.DAY
            and not doc.in_dateline(d.start)
        ]
        self._day_date_ends = [d.end for d in self._day_dates]

    def in_clause(self, mention: Mention, *, previous: DateMention | None) -> DateFinding:
        """The date of the mention's clause; offsets count from ``previous`` if need be.

        ``previous`` is the date of the event being told, if any.
        """
        doc = self._doc
        text = doc.text
        found = []
        deadline_end = -1  # where the last deadline ("since November") ends
        for d in doc.date_index.within(mention.lo, mention.hi):
            before = text[max(0, d.start - 12) : d.start]
            if (
                _DEADLINE.search(before)
                # "since November of last year": the year is the deadline's too
                or (deadline_end >= 0 and re.fullmatch(r"\s+of\s+", text[deadline_end : d.start]))
                # "bombed a target ... since Donald Trump took office in January"
                or (mention.end <= d.start and _SINCE.search(text, mention.end, d.start))
            ):
                deadline_end = d.end
                continue
            if (
                d.date_start is None
                and _BEFORE_AFTER.search(d.text)
                and _OTHER_REFERENCE.match(text, d.end)
            ):
                continue  # "a day before a peace delegation was to leave": another event's
            if mention.end <= d.start and (
                _RELATIVE_CLAUSE.search(text, mention.end, d.start)
                or (
                    d.precision is not DatePrecision.DAY and _WHO.search(text, mention.end, d.start)
                )
            ):
                # "camps near Sirte, where last month ...": the place's own story; "killed a
                # fighter who fought in Sirte in 2016": the man's
                continue
            if not doc.in_dateline(d.start):  # "BAMAKO, March 28 —" is when it was filed
                found.append(d)
        if not found:
            return DateFinding(None, "")
        said = [
            d
            for d in found
            if self.stated(mention.sentence, d)
            or (d.end <= mention.start and _SAID_AFTER.match(text, d.end, mention.start))
        ]
        own = [d for d in found if d not in said] or said
        statement = own is said
        # "less than a week after a drone strike killed nine": the strike counts back from
        # the date the sentence gave before, unless it has a date of its own after it
        since = next(
            (
                d
                for d in own
                if d.offset_days is not None
                and d.date_start is None
                and d.end <= mention.start
                and mention.start - d.end <= 30
                and _AFTER_END.search(d.text)
            ),
            None,
        )
        if since is not None and not any(
            d.date_start is not None and d.start >= mention.start for d in own
        ):
            pick = since
        else:
            pick = min(
                own,
                key=lambda d: (
                    d.date_start is None and d.offset_days is None,
                    _DATE_RANK[d.precision],
                    abs(d.start - mention.start),
                ),
            )
        reason = f"date from {pick.text!r}"
        if pick.date_start is None:
            earlier = [
                d
                for d in doc.date_index.starting(mention.sentence.start, pick.start)
                if d.date_start is not None
            ]
            if earlier:  # "said yesterday ... the previous night": from the date just given
                anchor, whence = earlier[-1].date_start, f"{earlier[-1].text!r}"
            elif previous is not None and previous.date_start is not None:
                anchor, whence = previous.date_start, "the previous strike"
            else:
                # the last day-precise date that ends before the offset (dates do not overlap,
                # so their ends are in order too)
                k = bisect_right(self._day_date_ends, pick.start)
                if k == 0:
                    return DateFinding(None, "", statement)
                last = self._day_dates[k - 1]
                anchor, whence = last.date_start, f"{last.text!r} told before it"
            assert anchor is not None
            offset = pick.offset_days or 0
            after = mention.start - pick.end <= 30 and bool(_AFTER_END.search(pick.text))
            if after:
                # "yesterday, two days after a similar strike": this strike is the earlier one
                pick = replace(pick, offset_days=-offset)
            pick = resolve_offset(pick, anchor)
            reason = f"{pick.text!r} counted from {whence} ({anchor})"
            if (
                pick is not None
                and after
                and mention.start >= pick.end
                and _LESS_THAN.search(text, max(0, pick.start - 20), pick.start)
            ):
                # "less than a week after": any day from a week before to the day itself
                assert pick.date_start is not None
                days = abs(offset)
                precision = (
                    DatePrecision.DAY
                    if days <= 2
                    else DatePrecision.WEEK
                    if days <= 14
                    else DatePrecision.MONTH
                )
                pick = replace(pick, date_end=anchor, precision=precision)
                reason += f", or any day up to it ('less than' {days} days)"
        elif statement:
            reason += " (the date of the statement)"
        if pick.note:
            reason += f": {pick.note}"
        if _DEICTIC.fullmatch(pick.text) and self._quoted(mention.sentence, pick.start):
            pick, reason = self._said_when(mention.sentence, pick, reason)
        return DateFinding(pick, reason, statement)

    def _quoted(self, sentence: Quote, at: int) -> bool:
        """Whether offset ``at`` of ``sentence`` lies inside a quotation.

        A quotation opened before it (curly quotes, or an odd number of straight ones) and
        not closed, or one that closes after it in the sentence with none opened between
        (a quotation begun in a sentence before).
        """
        before = self._doc.text[sentence.start : at]
        after = self._doc.text[at : sentence.end]
        if before.count("\u201c") > before.count("\u201d") or before.count('"') % 2:
            return True
        closing, opening = after.find("\u201d"), after.find("\u201c")
        return closing >= 0 and (opening < 0 or closing < opening)

    def _said_when(
        self, sentence: Quote, pick: DateMention, reason: str
    ) -> tuple[DateMention, str]:
        """A quoted "today" counted from the day the words were said, not from publication.

        '"Today's strike killed him," the minister told reporters on Sunday': Sunday. The day
        is the statement's date the sentence gives, else the latest one the report gave
        before ("CENTCOM said on Monday ... 'we conducted a strike today'"); without one the
        words may be from the day before publication, so the date widens by that day.
        """
        doc = self._doc
        published = doc.published
        stated = [
            d
            for d in doc.date_index.within(sentence.start, sentence.end)
            if d is not pick
            and d.precision is DatePrecision.DAY
            and d.date_start is not None
            and d.date_start == d.date_end
            and not self._quoted(sentence, d.start)
            and self.stated(sentence, d)
        ]
        if not stated:
            k = bisect_right(doc.sentence_ends, sentence.start)
            for before in reversed(doc.sentences[:k]):
                stated = [
                    d
                    for d in doc.date_index.within(before.start, before.end)
                    if d.precision is DatePrecision.DAY
                    and d.date_start is not None
                    and d.date_start == d.date_end
                    and not doc.in_dateline(d.start)
                    and not self._quoted(before, d.start)
                    and self.stated(before, d)
                ]
                if stated:
                    break
        assert pick.date_start is not None and pick.date_end is not None
        if stated:
            said = stated[-1]
            assert said.date_start is not None
            shift = said.date_start - published
            moved = replace(
                pick, date_start=pick.date_start + shift, date_end=pick.date_end + shift
            )
            return moved, f"{reason}; counted from the day it was said, {said.text!r}"
        widened = replace(pick, date_start=pick.date_start - dt.timedelta(days=1))
        return widened, f"{reason}; quoted words may be from the day before publication"

    def stated(self, sentence: Quote, d: DateMention) -> bool:
        """Whether the date ``d`` of ``sentence`` is a statement's ("said on Thursday")."""
        text = self._doc.text
        return bool(
            _SAID_BEFORE.search(tail(text, sentence.start, d.start))
            # "said Thursday's strike", "confirming the Sunday, April 14 strike"
            and not _STRIKE_AFTER.match(text, d.end, sentence.end)
        )

    def before(self, mention: Mention, *, quoted: Container[int]) -> DateMention | None:
        """A day given by one of the sentences just before that no claim quotes.

        "On Tuesday 20 February, surveillance detected a column ... The target was engaged."
        """
        doc = self._doc
        for before in doc.sentences_before(mention.sentence, quoted):
            found = [
                d
                for d in doc.date_index.starting(before.start, before.end)
                if d.date_start is not None
                and d.precision is DatePrecision.DAY
                and not doc.in_dateline(d.start)
                # "the strike" after "we counted the bodies this morning" is the event told;
                # a bulletin entry's date heading ("14 March.") is not
                and (not mention.definite or not d.relative or self._heading(before, d))
            ]
            if found:
                return found[0]
        return None

    def _heading(self, sentence: Quote, d: DateMention) -> bool:
        """Whether the sentence is little more than the date (at most three other words)."""
        return self._doc.cached(
            ("heading", sentence.start, d.text),
            lambda: len(sentence.text.replace(d.text, "").split()) <= 3,
        )

    def fallback(self, mention: Mention) -> DateFinding:
        """No date for a new event: the previous sentence's, else the week before publication."""
        doc = self._doc
        k = bisect_right(doc.sentence_ends, mention.sentence.start)  # sentences before it
        if k > 0:
            sentence = doc.sentences[k - 1]
            dates = [
                d
                for d in doc.date_index.starting(sentence.start, sentence.end)
                if d.date_start is not None
            ]
            if dates:
                d = dates[-1]
                return DateFinding(
                    d, f"no date in the sentence; the previous sentence's {d.text!r}"
                )
        start = doc.published - dt.timedelta(days=7)
        week = DateMention(
            mention.start, mention.start, "", start, doc.published, DatePrecision.WEEK, True
        )
        return DateFinding(week, f"{UNDATED}: the week before publication")


#: A clock time in a named time zone: "9:48 pm Eastern time", "at 0730 GMT", "10 p.m. EDT".
_CLOCK = re.compile(
    r"\b(?P<h>[012]?\d)(?:[:.](?P<m>[0-5]\d)|(?P<m4>[0-5]\d))?\s*"
    r"(?P<ap>[ap]\.?\s?m\b\.?)?\s*\(?\s*"
    r"(?P<tz>Eastern|Central|Mountain|Pacific|Washington|E[DS]T|C[DS]T|M[DS]T|P[DS]T|ET|GMT|UTC|"
    r"Zulu)\b(?:\s+(?:standard\s+|daylight\s+)?time)?",
)
#: Hours from UTC of a zone in winter (December to February) and the rest of the year.
_ZONES = {
    "eastern": (-5, -4),
    "washington": (-5, -4),
    "et": (-5, -4),
    "central": (-6, -5),
    "mountain": (-7, -6),
    "pacific": (-8, -7),
    "est": (-5, -5),
    "edt": (-4, -4),
    "cst": (-6, -6),
    "cdt": (-5, -5),
    "mst": (-7, -7),
    "mdt": (-6, -6),
    "pst": (-8, -8),
    "pdt": (-7, -7),
    "gmt": (0, 0),
    "utc": (0, 0),
    "zulu": (0, 0),
}
#: Minutes either side of midnight, local solar time, within which the day is left open.
_MIDNIGHT_SLACK = 60


def local_day(text: str, date: DateMention, lon: float | None) -> DateMention | None:
    """The day where the strike was, when the clock time beside ``date`` is another zone's.

    "The strike occurred at 9:48 pm Eastern time on Saturday" of a strike in Kabul: 01:48
    UTC on Sunday, about 06:20 in Kabul, so Sunday. The local time is reckoned from the
    place's longitude (15 degrees an hour); within an hour of midnight both days are kept.
    When the local time is told before the zone's in brackets, with the zone's day ("at
    1 a.m. (1900 GMT Tuesday)"), the local day follows from the two times, with no place.
    Returns None when no such clock time stands within 40 characters of ``date``, or
    ``date`` is not one day, or the local time is unknown (no bracketed pair, no ``lon``).

    Examples
    --------
    >>> from geo.model.records import DatePrecision as P
    >>> text = "The strike occurred at 9:48 pm Eastern time on Saturday."
    >>> sat = dt.date(2022, 7, 30)
    >>> date = DateMention(47, 55, "Saturday", sat, sat, P.DAY, True)
    >>> local_day(text, date, 69.2).date_start
    datetime.date(2022, 7, 31)
    >>> local_day(text, date, -77.0) is None
    True
    """
    if date.date_start is None or date.date_start != date.date_end:
        return None
    near = text[max(0, date.start - 40) : date.end + 40]
    clock = next(
        (
            m
            for m in _CLOCK.finditer(near)
            if (m.group("m") or m.group("m4") or m.group("ap"))
            and not (m.group("m4") and m.group("ap"))
        ),
        None,
    )
    if clock is None:
        return None
    zoned = _minutes(clock.group("h"), clock.group("m") or clock.group("m4"), clock.group("ap"))
    if zoned is None:
        return None
    told = _told_before(text, max(0, date.start - 40) + clock.start(), date)
    if told is not None:
        # the zone's day and time, and the local time of that moment: the shift between them
        # is a time zone's (UTC-12 to UTC+14)
        shift = (told - zoned) % 1440
        shift -= 1440 if shift > 14 * 60 else 0
        day = (zoned + shift) // 1440
        if day == 0:
            return None
        moved = date.date_start + dt.timedelta(days=day)
        note = f"{clock.group().strip()} {date.text} is {moved} where the time was told first"
        return replace(date, date_start=moved, date_end=moved, note=note)
    if lon is None:
        return None
    winter, summer = _ZONES[clock.group("tz").lower()]
    offset = winter if date.date_start.month in (12, 1, 2) else summer
    local = zoned - offset * 60 + round(lon * 4)  # minutes from that day's 00:00
    first, last = (local - _MIDNIGHT_SLACK) // 1440, (local + _MIDNIGHT_SLACK) // 1440
    if first == last == 0:
        return None  # the same day where the strike was
    start = date.date_start + dt.timedelta(days=first)
    end = date.date_start + dt.timedelta(days=last)
    note = f"{clock.group().strip()} is {start}" + (f" or {end}" if end != start else "")
    return replace(date, date_start=start, date_end=end, note=f"{note} at longitude {lon:.0f}")


#: A clock time with its hour marked (a.m./p.m. or hh:mm) and an opening bracket after it:
#: "shortly before 1 a.m. (".
_LOCAL_CLOCK = re.compile(
    r"\b(?P<h>[01]?\d)(?::(?P<m>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?)?\s*\(\s*\Z", re.IGNORECASE
)


def _told_before(text: str, at: int, date: DateMention) -> int | None:
    """The local time (minutes after midnight) told before a bracketed zoned time at ``at``.

    "at 1 a.m. (1900 GMT Tuesday)": 60, when ``date`` ("Tuesday") stands inside the same
    brackets after the zoned time. None otherwise.
    """
    if not at <= date.start or ")" in text[at : date.start]:
        return None
    if not re.match(r"\s*\)", text[date.end : date.end + 3]):
        return None
    local = _LOCAL_CLOCK.search(text, max(0, at - 20), at)
    if local is None or not (local.group("m") or local.group("ap")):
        return None
    return _minutes(local.group("h"), local.group("m"), local.group("ap"))


def _minutes(hour_text: str, minute_text: str | None, ap_text: str | None) -> int | None:
    """Minutes after midnight of a clock time ("1", None, "a.m." -> 60); None if impossible.

    >>> _minutes("12", "30", "a.m."), _minutes("7", None, "pm"), _minutes("13", None, "pm")
    (30, 1140, None)
    """
    hour, minute = int(hour_text), int(minute_text or 0)
    ap = (ap_text or "").lower()
    if hour > 23 or (ap and not 1 <= hour <= 12):
        return None
    if ap.startswith("p") and hour != 12:
        hour += 12
    elif ap.startswith("a") and hour == 12:
        hour = 0
    return hour * 60 + minute


def same_day(a: DateMention | None, b: DateMention | None) -> bool:
    """Whether two day-precise dates share a day (False if either is missing or vaguer).

    Examples
    --------
    >>> from geo.model.records import DatePrecision as P
    >>> day = DateMention(0, 1, "x", dt.date(2019, 9, 19), dt.date(2019, 9, 19), P.DAY, False)
    >>> week = DateMention(0, 1, "x", dt.date(2019, 9, 16), dt.date(2019, 9, 22), P.WEEK, False)
    >>> same_day(day, day), same_day(day, week), same_day(day, None)
    (True, False, False)
    """
    if a is None or b is None or a.date_start is None or b.date_start is None:
        return False
    assert a.date_end is not None and b.date_end is not None
    return (
        a.date_start <= b.date_end
        and b.date_start <= a.date_end
        and (a.precision is DatePrecision.DAY and b.precision is DatePrecision.DAY)
    )


def narrower(current: DateMention, new: DateMention) -> bool:
    """Whether ``new`` is a shorter range than ``current`` (or ``current`` has no day)."""
    if current.date_start is None or new.date_start is None:
        return current.date_start is None
    assert current.date_end is not None and new.date_end is not None
    return (new.date_end - new.date_start) < (current.date_end - current.date_start)
