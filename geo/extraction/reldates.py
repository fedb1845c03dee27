"""Dates in English news text, with relative dates resolved against the publication date.

:func:`find_dates` returns every date expression as a :class:`DateMention`, left to right,
non-overlapping, the earliest then longest expression winning. Each carries an inclusive range
``date_start..date_end`` and a :class:`~geo.model.records.DatePrecision`; ``relative`` is true
when the dates depend on the publication date (``published``) or on a reference date.

- Days, DAY: "19 September 2019", "September 19, 2019", "Sept. 19", "Sep 19", "19 Sept",
  "the 19th of September", "Thursday, Sept. 19", "19-20 September", "the night of 12 to 13
  February", ISO "2019-09-24".
  Without a year: the most recent such day on or before ``published``.
- Months, MONTH: "March 2018"; a month name alone needs "in/on/since/until/by/during/from/
  of/before/after" or "last/this/next" before it ("officials may confirm", "Theresa May"
  are not dates) and is the latest such month begun by ``published`` ("last": strictly
  before the current month). Parts, WEEK: "early/mid/late September", "mid-September 2019",
  "the end of September", "the first (few) days of May" are days 1-10, 11-20, 21-end.
- Years, YEAR: "in/during/since/of/until/by/from/before/after 2016" (a bare number is never a
  year: "150 fighters", "Section 2019"), "from 2014 to 2016". Parts, MONTH: "(in) late 2019"
  Sep-Dec, "mid-2018" May-Aug, "early 2018" Jan-Apr, "the end of 2019".
- Weekdays, DAY: "Thursday", "on Thursday night", "Thursday's strike": the latest such day on
  or before ``published`` (the same day counts); "last Thursday" strictly before; "next
  Thursday" strictly after.
- "today", "this morning", "tonight": ``published``; "yesterday", "last night": the day
  before; "overnight": the day before and ``published`` (the night spans both); "the day
  before yesterday"; "two days ago" (DAY), "a week ago" (WEEK),
  "three months ago" (that month), "two years ago" (that year).
- "last week" (published-7 .. published-1) and "(earlier) this week" (Monday .. published),
  WEEK; "last weekend"/"over the weekend": Saturday-Sunday of the latest weekend begun before
  ``published``, WEEK; "last month" (previous calendar month) and "(earlier) this month"
  (1st .. published), MONTH; "last year" and "(earlier) this year" (Jan 1 .. published), YEAR;
  "early/mid/late last month" (WEEK), "early/mid/late last year" (MONTH).
- Windows ending on ``published``: "in recent days" (7 days), "in recent weeks" (28 days),
  "in the past ten days", "over the past (few days|week)", "in the last 24 hours"; DAY up to
  two days, WEEK up to two weeks, MONTH beyond.
- Offsets from an unknown reference (the previous event): "five days later", "two days
  earlier", "a day after", "the next/following day", "the day after", "the previous day", "the
  day before", "a week later" (WEEK), "the same day" (0): no dates, ``offset_days`` set;
  :func:`resolve_offset` dates them.
- "on the 24th" (or since/until/by/from/before/after the 24th, followed by punctuation or a
  word like "at", "when", "and"): that day of the month of ``published`` if not later than
  ``published``, else of an earlier month; "on the 3rd of last month".
- Feasts of fixed date, DAY: "Christmas Eve", "Christmas Day", "New Year's Eve", "New Year's
  Day", "Boxing Day" (a year may follow): the latest such day on or before ``published``.
  "Christmas" alone is not one day ("over Christmas").

Spans leave out a leading preposition that only licenses the match ("on", "in", "since") but
keep words that change the meaning ("last", "late", "over the past"). Slash dates
("19/09/2019") are not read: day-month and month-day orders are ambiguous.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from gazetteer.lexicon import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTH_NUMBERS, WEEKDAY_NAMES
from gazetteer.wordlists import alternation
from geo.extraction.textnum import fold_case, parse_number_word, starts_lookahead
from geo.model.records import DatePrecision

__all__ = ["DateMention", "find_dates", "resolve_offset"]

_P = DatePrecision
_DAY1 = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression found in a text.

    Attributes
    ----------
    start, end : int
        Character offsets of the expression in the text searched.
    text : str
        The matched surface text.
    date_start, date_end : datetime.date or None
        The inclusive date range meant; ``None`` for an unresolved offset ("two days later").
    precision : DatePrecision
        How precisely the date is known.
    relative : bool
        Whether the dates depend on the publication date or a reference date.
    offset_days : int or None
        Days from a reference date, for offsets ("the next day" is ``+1``).
    note : str
        Short human reason for a resolved relative date.
    """

    start: int
    end: int
    text: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: DatePrecision
    relative: bool
    offset_days: int | None = None
    note: str = ""


# month and weekday names are gazetteer.lexicon's (data/lexicon/months.tsv, weekdays.tsv)
_MONTH_NAMES = [name.capitalize() for name in MONTH_NAMES]
_MONTHS = dict(MONTH_NUMBERS)  # names and abbreviations, lower case
_ABBR = alternation(a.capitalize() for a in MONTH_ABBREVIATIONS)
_MONTH = rf"(?-i:(?:{alternation(_MONTH_NAMES)})\b|(?:{_ABBR})\b\.?)"
_WD_NAMES = [name.capitalize() for name in WEEKDAY_NAMES]
_WD = rf"(?:{alternation(_WD_NAMES)})\b"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_DAY2 = r"(?:(?:\s*[-–]\s*|\s+to\s+)(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d))?"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_PART = (
    r"(?P<part>early|mid|late|the\s+(?:start|beginning|middle|end|"
    r"(?:first|last)\s+(?:few\s+)?days)\s+of)[\s-]+"
)
_PRE = r"(?<![\w$£€#/:\-–])(?<!\d[.,])"
_COUNT = r"(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?)"
_PARTS = {
    "start": "early",
    "beginning": "early",
    "middle": "mid",
    "end": "late",
    "first": "early",
    "last": "late",
}


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _month_start(year: int, month: int, shift: int = 0) -> dt.date:
    i = year * 12 + month - 1 + shift
    return dt.date(i // 12, i % 12 + 1, 1)


def _month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _part(part: str | None) -> str | None:
    if not part:
        return None
    words = part.lower().split()
    return _PARTS.get(words[1], words[0]) if words[0] == "the" else words[0]


def _month_range(first: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """A calendar month, or its first/middle/last third (1-10, 11-20, 21-end)."""
    end = _month_end(first)
    if part == "early":
        return first, first.replace(day=10)
    if part == "mid":
        return first.replace(day=11), first.replace(day=20)
    return (first.replace(day=21), end) if part == "late" else (first, end)


def _year_range(year: int, part: str | None) -> tuple[dt.date, dt.date]:
    """A calendar year, or its first/middle/last four months."""
    lo, hi = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(part or "", (1, 12))
    return dt.date(year, lo, 1), _month_end(dt.date(year, hi, 1))


def _count(word: str | None) -> int | None:
    if word is None:
        return 1
    return 1 if word.lower() in ("a", "an", "one") else parse_number_word(word)


_Result = tuple[dt.date | None, dt.date | None, DatePrecision, bool, str] | None
_Builder = Callable[[re.Match[str], dt.date], _Result]

#: Feasts that fall on one calendar day each year: (month, day).
_FEASTS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "boxing day": (12, 26),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
}


def _day_month(m: re.Match[str], pub: dt.date) -> _Result:
    """A day (or day range) of a month; the year, if missing, is the latest not after *pub*."""
    month_text, day = m.group("m").lower().rstrip("."), int(m.group("d"))
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    day2 = int(m.groupdict().get("d2") or day)
    if not 1 <= day <= day2 <= 31:
        return None
    if m.group("y"):
        year, note = int(m.group("y")), ""
    else:
        year = pub.year
        while not (day <= calendar.monthrange(year, month)[1] and dt.date(year, month, day) <= pub):
            year -= 1
            if year < pub.year - 8:
                return None
        name = f"{day} {_MONTH_NAMES[month - 1]}"
        note = f"most recent {name} on or before publication ({pub})"
    if not 1 <= month <= 12 or day2 > calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day), dt.date(year, month, day2), _P.DAY, not m.group("y"), note


def _feast(m: re.Match[str], pub: dt.date) -> _Result:
    """A feast of fixed date ("Christmas Eve"); the year, if missing, the latest not after *pub*."""
    name = " ".join(m.group("feast").lower().replace("\u2019", "'").split())
    month, day = _FEASTS[name]
    if m.group("y"):
        year, note = int(m.group("y")), ""
    else:
        year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
        note = f"most recent {m.group('feast')} on or before publication ({pub})"
    first = dt.date(year, month, day)
    return first, first, _P.DAY, not m.group("y"), note


def _month(m: re.Match[str], pub: dt.date) -> _Result:
    month, rel, part = _MONTHS[m.group("m").lower().rstrip(".")], m.group("rel"), m.group("part")
    if m.group("y"):
        year, note = int(m.group("y")), ""
    elif rel or part or m.group("ctx"):
        rel = (rel or "").lower()
        if rel == "next":
            year = pub.year + (month <= pub.month)
        elif rel == "this":
            year = pub.year
        else:
            year = pub.year - (month >= pub.month if rel == "last" else month > pub.month)
        which = {"last": "previous", "next": "next", "this": "this year's"}.get(rel, "latest")
        note = f"{which} {_MONTH_NAMES[month - 1]} relative to publication ({pub})"
    else:
        return None
    lo, hi = _month_range(dt.date(year, month, 1), _part(part))
    return lo, hi, _P.WEEK if part else _P.MONTH, not m.group("y"), note


def _year(m: re.Match[str], pub: dt.date) -> _Result:
    """A year or part of a year after a preposition; a span of years ("from 2014 to 2016")."""
    groups, year = m.groupdict(), int(m.group("y"))
    if groups.get("y2"):
        last = int(groups["y2"])
        return (
            (dt.date(year, 1, 1), dt.date(last, 12, 31), _P.YEAR, False, "")
            if last > year
            else None
        )
    if not (groups["ctx"] or groups["part"]):
        return None
    part = _part(groups["part"])
    lo, hi = _year_range(year, part)
    return lo, hi, _P.MONTH if part else _P.YEAR, False, ""


def _weekday(m: re.Match[str], pub: dt.date) -> _Result:
    name = m.group("wd").capitalize()
    wd, rel = _WD_NAMES.index(name), " ".join((m.group("rel") or "").lower().split())
    if rel == "next":
        day = pub + dt.timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
        return day, day, _P.DAY, True, f"{name} after publication ({pub})"
    back = (pub.weekday() - wd) % 7
    if rel in ("last", "past", "this past"):
        back = back or 7
        note = f"{name} before publication ({pub})"
    else:
        note = f"{name} on or before publication ({pub})"
    day = pub - dt.timedelta(days=back)
    return day, day, _P.DAY, True, note


def _ordinal_day(m: re.Match[str], pub: dt.date) -> _Result:
    day, shift = int(m.group("d")), -1 if (m.group("lm") or "").lower() == "last" else 0
    for i in range(shift, shift - 13, -1):
        first = _month_start(pub.year, pub.month, i)
        if day <= _month_end(first).day and (found := first.replace(day=day)) <= pub:
            return found, found, _P.DAY, True, f"day {day} of {first:%Y-%m} ({pub} published)"
    return None


def _window(m: re.Match[str], pub: dt.date) -> _Result:
    """'in the past ten days', 'over the past week', 'in recent days'."""
    unit, n = (m.group("unit") or m.group("unit2")).lower(), m.group("n")
    if n is None and unit.endswith("s") and not m.group("recent"):
        return None  # "the last days of the siege"
    unit = unit.rstrip("s")
    count = None if m.group("recent") or (n or "").lower() in ("few", "several") else _count(n)
    if unit == "month":
        lo = pub - dt.timedelta(days=90) if count is None else _shift_months(pub, -count)
        return lo, pub, _P.MONTH, True, f"{m.group().strip()} before publication ({pub})"
    if count is None:
        days = 7 if unit in ("day", "hour") else 28
    elif unit == "hour":
        days = max(1, -(-count // 24))
    else:
        days = count * (7 if unit == "week" else 1)
    prec = _P.DAY if days <= 2 else _P.WEEK if days <= 14 else _P.MONTH
    return pub - dt.timedelta(days=days), pub, prec, True, f"{days} day(s) to publication ({pub})"


def _shift_months(day: dt.date, months: int) -> dt.date:
    first = _month_start(day.year, day.month, months)
    return first.replace(day=min(day.day, _month_end(first).day))


def _ago(m: re.Match[str], pub: dt.date) -> _Result:
    unit, count = m.group("unit").lower().rstrip("s"), _count(m.group("n"))
    if count is None:
        return None
    note = f"{count} {unit}(s) before publication ({pub})"
    if unit in ("day", "week"):
        day = pub - dt.timedelta(days=count * (7 if unit == "week" else 1))
        return day, day, _P.DAY if unit == "day" else _P.WEEK, True, note
    if unit == "month":
        first = _month_start(pub.year, pub.month, -count)
        return first, _month_end(first), _P.MONTH, True, note
    return *_year_range(pub.year - count, None), _P.YEAR, True, note


_FIXED_NOTES = {
    "today": "publication day",
    "yesterday": "day before publication",
    "2 days": "two days before publication",
    "weekend": "latest weekend begun before publication",
    "overnight": "the night before publication",
}


def _fixed(kind: str) -> _Builder:
    """Builder for a phrase fixed relative to publication, e.g. 'yesterday', 'last month'."""

    def build(m: re.Match[str], pub: dt.date) -> _Result:
        part = _part(m.groupdict().get("part"))
        note = f"{_FIXED_NOTES.get(kind, kind)}, published {pub}"
        if kind in ("today", "yesterday", "2 days"):
            day = pub - dt.timedelta(days={"today": 0, "yesterday": 1, "2 days": 2}[kind])
            return day, day, _P.DAY, True, note
        if kind == "overnight":  # the night before publication: it may have been either day
            return pub - _DAY1, pub, _P.DAY, True, note
        if kind == "last week":
            return pub - 7 * _DAY1, pub - _DAY1, _P.WEEK, True, note
        if kind == "this week":
            return pub - dt.timedelta(days=pub.weekday()), pub, _P.WEEK, True, note
        if kind == "weekend":
            sat = pub - _DAY1 - dt.timedelta(days=((pub - _DAY1).weekday() - 5) % 7)
            return sat, min(sat + _DAY1, pub), _P.WEEK, True, note
        if kind == "last month":
            lo, hi = _month_range(_month_start(pub.year, pub.month, -1), part)
            return lo, hi, _P.WEEK if part else _P.MONTH, True, note
        if kind == "this month":
            return pub.replace(day=1), pub, _P.MONTH, True, note
        if kind == "last year":
            lo, hi = _year_range(pub.year - 1, part)
            return lo, hi, _P.MONTH if part else _P.YEAR, True, note
        return dt.date(pub.year, 1, 1), pub, _P.YEAR, True, note  # this year

    return build


_AFTER = {"later", "after", "afterwards", "next", "following"}
_OFFSET_RES = [
    _re(rf"{_PRE}{_COUNT}\s+(?P<unit>days?|weeks?)\s+"
        r"(?P<dir>later|earlier|after|before|afterwards|previously|prior)\b"),
    _re(r"\bthe\s+(?P<dir>next|following|previous|preceding|prior)\s+"
        r"(?P<unit>day|morning|afternoon|evening|night|week)\b"),
    _re(r"\bthe\s+(?P<unit>day|night|week)\s+(?P<dir>before|after)\b"),
    _re(r"\b(?P<same>(?:the|that)\s+same\s+day|(?:later|earlier)\s+that\s+day)\b"),
]  # fmt: skip


def _offset_mention(m: re.Match[str]) -> DateMention | None:
    if m.groupdict().get("same"):
        days, prec = 0, _P.DAY
    else:
        count = _count(m.groupdict().get("n"))
        if count is None:
            return None
        week = m.group("unit").lower().startswith("week")
        sign = 1 if m.group("dir").lower() in _AFTER else -1
        days, prec = sign * count * (7 if week else 1), _P.WEEK if week else _P.DAY
    note = f"{days:+d} days from an earlier reference"
    return DateMention(m.start(), m.end(), m.group(), None, None, prec, True, days, note)


_ISO = r"(?<![\w\-–/.])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w\-–])"
_CTX_NAMES = "in on since until till by during from through throughout before after of".split()
_CTX = rf"(?:(?P<ctx>{'|'.join(_CTX_NAMES)})\s+)"
# How each rule's match can start (a lookahead that spares trying the rule at other words):
# its optional words' first ones, the name it needs, a digit (see textnum.starts_lookahead)
_CTX_WORDS = [f"{w} " for w in _CTX_NAMES]
_PART_WORDS = ["early", "mid", "late", "the "]
#: A month's name or abbreviation as the rules take it: capitalised, matched by case.
_MONTH_WORDS = (*_MONTH_NAMES, *(a.capitalize() for a in MONTH_ABBREVIATIONS))
_DAY_MONTH_START = starts_lookahead([*_WD_NAMES, "the "])
_MONTH_DAY_START = starts_lookahead([*_WD_NAMES, *_MONTH_WORDS])
_MONTH_START = starts_lookahead(
    [*_CTX_WORDS, "last ", "this ", "next ", *_PART_WORDS, *_MONTH_WORDS]
)
_YEAR_START = starts_lookahead([*_CTX_WORDS, *_PART_WORDS])
_WEEKDAY_START = starts_lookahead(["last ", "this ", "next ", "past ", *_WD_NAMES])
_RULES: list[tuple[re.Pattern[str], _Builder, str]] = [
    (_re(_ISO), _day_month, ""),
    (_re(rf"{_PRE}{_DAY_MONTH_START}(?:{_WD},?\s+)?(?:the\s+)?{_DAY}{_DAY2}\s+(?:of\s+)?"
         rf"(?P<m>{_MONTH})"
         rf"(?:,?\s+{_YEAR})?"), _day_month, ""),
    (_re(rf"{_PRE}{_MONTH_DAY_START}(?:{_WD},?\s+)?(?P<m>{_MONTH})\s+(?:the\s+)?{_DAY}{_DAY2}"
         r"(?![:.,]\d)"
         rf"(?:,?\s+{_YEAR})?"), _day_month, ""),
    (_re(rf"{_PRE}{_MONTH_START}{_CTX}?(?P<body>(?:(?P<rel>last|this|next)\s+)?(?:{_PART})?"
         rf"(?P<m>{_MONTH})"
         rf"(?:,?\s+{_YEAR})?)(?!\s*[0-3]?\d\b)"), _month, "body"),
    (_re(rf"{_PRE}{_YEAR_START}{_CTX}?(?P<body>(?:{_PART})?{_YEAR})(?![\w%]|[.,]\d|[\-–/]\d)"),
     _year, "body"),
    (_re(rf"{_PRE}(?:from|between)\s+{_YEAR}\s*(?:to|and|until|-|–)\s*(?P<y2>(?:19|20)\d\d)"
         r"(?![\w%])"), _year, ""),
    # not a weekday that a full date follows ("this Friday, Aug. 25, 2017": that date)
    (_re(rf"{_PRE}{_WEEKDAY_START}(?:(?P<rel>last|this\s+past|this|next|past)\s+)?(?P<wd>{_WD})"
         rf"(?!,?\s+(?:the\s+)?(?:[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+[0-3]?\d))"
         r"(?:\s+(?:morning|afternoon|evening|night))?"), _weekday, ""),
    (_re(r"\b(?:on|since|until|by|from|before|after)\s+(?P<body>the\s+(?P<d>[0-3]?\d)"
         r"(?:st|nd|rd|th)\b(?:\s+of\s+(?P<lm>this|last)\s+month\b)?)"
         r"(?=\s*[,.;:)!?]|\s*$|\s+(?:at|in|when|and|as|after|before|during|while|the|with)\b)"),
     _ordinal_day, "body"),
    (_re(r"\b(?P<feast>(?-i:Christmas)\s+(?:Eve|Day)|(?-i:New\s+Year)['\u2019]s\s+(?:Eve|Day)|"
         rf"(?-i:Boxing\s+Day))\b(?:,?\s+{_YEAR})?"), _feast, ""),
    (_re(r"\bthe\s+day\s+before\s+yesterday\b"), _fixed("2 days"), ""),
    (_re(r"\byesterday(?:\s+(?:morning|afternoon|evening))?\b|\b(?:late\s+)?last\s+night\b"),
     _fixed("yesterday"), ""),
    (_re(r"\bovernight\b"), _fixed("overnight"), ""),
    (_re(r"\b(?:earlier\s+|later\s+)?today\b|\bthis\s+(?:morning|afternoon|evening)\b"
         r"|\btonight\b"), _fixed("today"), ""),
    (_re(r"\blast\s+week\b"), _fixed("last week"), ""),
    (_re(r"\b(?:earlier\s+)?this\s+week\b"), _fixed("this week"), ""),
    (_re(r"\b(?:last|this\s+past|this|over\s+the|at\s+the|during\s+the)\s+weekend\b"),
     _fixed("weekend"), ""),
    (_re(rf"\b(?:{_PART})?last\s+month\b"), _fixed("last month"), ""),
    (_re(r"\b(?:earlier\s+)?this\s+month\b"), _fixed("this month"), ""),
    (_re(rf"\b(?:{_PART})?last\s+year\b"), _fixed("last year"), ""),
    (_re(r"\b(?:earlier\s+)?this\s+year\b"), _fixed("this year"), ""),
    (_re(r"\b(?:in|over|during|within)\s+(?P<recent>recent)\s+(?P<unit>days|weeks|months)\b"
         rf"|\b(?:(?:in|over|during|within)\s+)?the\s+(?:past|last)\s+(?:{_COUNT}\s+)?"
         r"(?P<unit2>hours?|days?|weeks?|months?)\b"), _window, ""),
    (_re(rf"{_PRE}{_COUNT}\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b"), _ago, ""),
]  # fmt: skip


def _words(*words: str) -> Callable[[str, str], bool]:
    """A need met by a folded text holding any of ``words``."""
    return lambda text, folded: any(w in folded for w in words)


def _phrase(pattern: str, *words: str) -> Callable[[str, str], bool]:
    """A need met by a folded text holding any of ``words`` and a match of ``pattern``."""
    compiled = re.compile(pattern)
    return lambda text, folded: any(w in folded for w in words) and bool(compiled.search(folded))


_THE_PAST = _phrase(r"the\s+(?:past|last)", "past", "last")

_HAS_YEAR = re.compile(r"(?:19|20)\d\d")


def _has_month(text: str, folded: str) -> bool:
    return any(m in text for m in _MONTH_WORDS)


def _has_year(text: str, folded: str) -> bool:
    return bool(_HAS_YEAR.search(text))


# What each rule's every match contains, looked for in the text (a month's name is matched by
# case) or in the case-folded text (see :func:`geo.extraction.textnum.fold_case`): a rule is
# tried at every word of the text, and a text without these words cannot match it.
_NEEDS: dict[re.Pattern[str], Callable[[str, str], bool]] = {
    _RULES[0][0]: _has_year,  # "2019-09-14"
    _RULES[1][0]: _has_month,  # "14 September"
    _RULES[2][0]: _has_month,  # "Sept. 14"
    _RULES[3][0]: _has_month,  # "in late March"
    _RULES[4][0]: _has_year,  # "in 2019"
    _RULES[6][0]: _words(*WEEKDAY_NAMES),  # "on Thursday"
    _RULES[5][0]: _words("from", "between"),  # "from 2015 to 2017"
    _RULES[7][0]: _phrase(r"the\s+[0-3]?\d(?:st|nd|rd|th)", "the"),  # "on the 14th"
    _RULES[8][0]: lambda text, folded: any(w in text for w in ("Christmas", "Year", "Boxing")),
    _RULES[9][0]: _words("yesterday"),
    _RULES[10][0]: _words("yesterday", "night"),
    _RULES[11][0]: _words("overnight"),
    _RULES[12][0]: _words("today", "tonight", "morning", "afternoon", "evening"),
    _RULES[13][0]: _phrase(r"last\s+week", "week"),
    _RULES[14][0]: _phrase(r"this\s+week", "week"),
    _RULES[15][0]: _words("weekend"),
    _RULES[16][0]: _phrase(r"last\s+month", "month"),
    _RULES[17][0]: _phrase(r"this\s+month", "month"),
    _RULES[18][0]: _phrase(r"last\s+year", "year"),
    _RULES[19][0]: _phrase(r"this\s+year", "year"),
    # "in recent days", "over the past two weeks"
    _RULES[20][0]: lambda text, folded: "recent" in folded or _THE_PAST(text, folded),
    _RULES[21][0]: _words("ago"),
    _OFFSET_RES[0]: _phrase(
        r"(?:day|week)s?\s+(?:later|earlier|after|before|previously|prior)",
        "later", "earlier", "after", "before", "previously", "prior",
    ),
    _OFFSET_RES[1]: _words("next", "following", "previous", "preceding", "prior"),
    _OFFSET_RES[2]: _phrase(r"(?:day|night|week)\s+(?:before|after)", "before", "after"),
    _OFFSET_RES[3]: _phrase(r"(?:same|that)\s+day", "same", "that"),
}  # fmt: skip


def find_dates(text: str, *, published: dt.date) -> list[DateMention]:
    """Find every date expression in *text*, resolving relative ones against *published*.

    Parameters
    ----------
    text : str
        Any English text, typically a news report.
    published : datetime.date
        The report's publication date.

    Returns
    -------
    list of DateMention
        Left to right and non-overlapping; see the module docstring for the rules. Offsets
        ("two days later") have no dates until :func:`resolve_offset` gives them a reference.

    Examples
    --------
    >>> pub = dt.date(2019, 9, 27)  # a Friday
    >>> text = "On Thursday night jets struck; two days later, on Sept. 19"
    >>> for d in find_dates(text, published=pub):
    ...     print(d.text, d.date_start, d.precision.value, d.relative, d.offset_days)
    Thursday night 2019-09-26 day True None
    two days later None day True 2
    Sept. 19 2019-09-19 day True None
    >>> [(d.text, str(d.date_start), str(d.date_end)) for d in find_dates(
    ...     "raids in late 2019 and March 2018", published=pub)]
    [('late 2019', '2019-09-01', '2019-12-31'), ('March 2018', '2018-03-01', '2018-03-31')]
    >>> find_dates("officials may confirm 150 fighters at Air Base 201", published=pub)
    []
    """
    found: list[DateMention] = []
    folded = fold_case(text)
    for pattern, build, group in _RULES:
        if pattern in _NEEDS and not _NEEDS[pattern](text, folded):
            continue
        for m in pattern.finditer(text):
            result = build(m, published)
            if result is not None:
                lo, hi, precision, relative, note = result
                start, end = m.span(group) if group else m.span()
                mention = DateMention(start, end, text[start:end], lo, hi, precision, relative)
                found.append(replace(mention, note=note))
    for pattern in _OFFSET_RES:
        if not _NEEDS[pattern](text, folded):
            continue
        found.extend(o for m in pattern.finditer(text) if (o := _offset_mention(m)))
    found.sort(key=lambda d: (d.start, -d.end))  # earliest start first, then the longest
    out: list[DateMention] = []
    for mention in found:
        if not out or mention.start >= out[-1].end:
            out.append(mention)
    return out


def resolve_offset(mention: DateMention, reference: dt.date) -> DateMention:
    """Date an offset mention ("five days later") from a reference date.

    Parameters
    ----------
    mention : DateMention
        A mention with ``offset_days`` set, as returned by :func:`find_dates`.
    reference : datetime.date
        The date the offset counts from, usually the previous event's date.

    Returns
    -------
    DateMention
        A copy with ``date_start = date_end = reference + offset_days``, ``relative=True`` and
        a note naming the reference.

    Raises
    ------
    ValueError
        If the mention is not an offset.

    Examples
    --------
    >>> later = find_dates("Five days later", published=dt.date(2019, 9, 27))[0]
    >>> resolved = resolve_offset(later, dt.date(2019, 9, 14))
    >>> resolved.date_start, resolved.note
    (datetime.date(2019, 9, 19), '+5 days from reference 2019-09-14')
    """
    if mention.offset_days is None:
        raise ValueError(f"not an offset mention: {mention.text!r}")
    day = reference + dt.timedelta(days=mention.offset_days)
    note = f"{mention.offset_days:+d} days from reference {reference}"
    return replace(mention, date_start=day, date_end=day, relative=True, note=note)
