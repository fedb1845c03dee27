"""Tolls: how many were killed and injured, read from the figures of an event's clause.

Scope: which figures of a report can be counts at all (:func:`countable_figures`: no dates,
no measures such as "600 miles" or "20 years", nothing above
:data:`~geo.model.records.MAX_COUNT`), and which of those in a clause is its death toll
(:func:`killed`) or its count of injured (:func:`injured`). Figures are read by
:mod:`geo.extraction.textnum` ("eight", "at least 11", "between 10 and 15"); the clause is
the one an event mention owns (:mod:`geo.extraction.mentions`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gazetteer.lexicon import DISTANCE_UNIT_PATTERN
from geo.extraction.sentences import head, tail
from geo.extraction.spans import SpanIndex
from geo.extraction.textnum import Quantity, find_quantities
from geo.model.records import MAX_COUNT

if TYPE_CHECKING:
    from geo.extraction.document import Document
    from geo.extraction.reldates import DateMention

__all__ = ["countable_figures", "injured", "killed"]

#: A figure followed by a unit is a measure, not a count of people or strikes: a distance
#: unit (``data/lexicon/units.tsv``, and any "kilomet..." spelling) or another measure.
_MEASURE = re.compile(
    rf"[\s-]*(?:{DISTANCE_UNIT_PATTERN}|metres?|meters?|feet|ft|kg|tons?|"
    r"tonnes?|percent|per\s+cent|%|years?|months?|weeks?|days?|hours?|minutes?|million|"
    r"billion|dollars?)\b",
    re.IGNORECASE,
)


def countable_figures(text: str, dates: Sequence[DateMention]) -> list[Quantity]:
    """The figures of ``text`` that may be a toll or a count of strikes.

    Not part of a date, not a measure ("600 miles", "20 years") and at most
    :data:`~geo.model.records.MAX_COUNT`.

    Examples
    --------
    >>> [q.value for q in countable_figures("Eight died 600 miles away in 20 million homes", [])]
    [8.0]
    """
    in_dates = SpanIndex(dates)
    return [
        q
        for q in find_quantities(text)
        if not in_dates.overlaps(q.start, q.end)
        and not _MEASURE.match(text, q.end)
        and _countable(q)
        and not _age(text, q)
    ]


#: "aged 20, 16 and 12", "age 36": ages, not counts.
_AGED = re.compile(r"\b(?:aged|age|ages)\s+(?:\d{1,3}\s*,\s*)*(?:\d{1,3},?\s+and\s+)?$", re.I)
#: "Zemaray Ahmadi, 36, was killed": an age set off by commas after a name.
_NAME_COMMA = re.compile(r"\b[A-Z][a-z][\w'\u2019-]*,\s*$")


def _age(text: str, q: Quantity) -> bool:
    """Whether a figure is someone's age ("aged 12", "Ahmed Nur, 36, was killed").

    Examples
    --------
    >>> [q.value for q in countable_figures("Ali Nur, 36, and his sons, aged 12 and 9, died", [])]
    []
    """
    before = text[max(0, q.start - 40) : q.start]
    if _AGED.search(before):
        return True
    return bool(_NAME_COMMA.search(before)) and text[q.end : q.end + 1] == ","


def _countable(q: Quantity) -> bool:
    """Whether a figure can be a toll or a count of strikes: at most :data:`MAX_COUNT`.

    A toll of 20 million, or of 400 digits, is not a toll; it is no count at all.
    """
    return all(v is None or v <= MAX_COUNT for v in (q.value, q.low, q.high))


# --- killed ---------------------------------------------------------------------------------

#: Verbs of killing besides "kill": what military statements say ("eliminated 20 fighters",
#: "neutralised 31 terrorists", "took out five").
_KILL_VERBS = r"eliminat(?:ed|ing|es)|neutrali[sz](?:ed|ing|es)|took\s+out|taken\s+out|taking\s+out"
_KILL_AFTER = re.compile(
    r"\b(?:killed|killing|kills|kill|left|leaving|claimed the lives of|killing of|deaths? of|"
    + _KILL_VERBS
    + r")\s*:?\s+"
    r"(?:(?:what|as many as|a total of|in total|in all)\s+)?$",
    re.IGNORECASE,
)
_DEATH_TOLL = re.compile(
    r"\b(?:(?:death )?toll|(?:deaths|fatalities|dead|killed)\s+(?:\w+\s+){0,2}?"
    r"total(?:l?ing|l?ed)?)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)


def _killed_within(words: int) -> re.Pattern[str]:
    """A number followed, within ``words`` words, by "(were) killed", "dead", "died"."""
    return re.compile(
        rf"^(?:[\s,]+(?:[\w'’-]+\s+){{0,{words}}}?)?"
        r"(?:(?:were|was|have been|had been|are|being)\s+)?"
        r"(?:\w+\s+)?(?:killed|dead|died|slain|eliminated|neutrali[sz]ed|taken\s+out)\b",
        re.IGNORECASE,
    )


#: A figure that counts the wounded or the people who spoke, not the dead: "seen 120
#: wounded and 50 dead", "two witnesses said 80 were killed".
_NOT_THE_DEAD = re.compile(
    r"^\s+(?:[\w'’-]+\s+){0,2}?(?:(?:wounded|injured|hurt)\b"
    r"|(?:witnesses|officials|sources|residents|villagers|medics|doctors|survivors|relatives)"
    r"\s+(?:said|say|says|told|claim\w*|report\w*|estimat\w*|confirm\w*|put)\b)",
    re.IGNORECASE,
)
_KILL_BEFORE = _killed_within(9)
_KILL_BEFORE_NEAR = _killed_within(4)
_ALL_KILLED = re.compile(
    r"^\s+(?:[\w'’-]+\s+){0,4}?[\w'’-]+,?\s+(?:all|both|each)\s+(?:of\s+(?:whom|them)\s+)?"
    r"(?:were\s+|was\s+)?(?:killed|died|dead)\b",
    re.IGNORECASE,
)
_KILLED_NAMED = re.compile(
    r"\b(?:killing|killed)\s+(?P<name>(?:[A-Z][\w'’-]+\s+){1,4}(?:al-[A-Z][\w'’-]+|[A-Z][\w'’-]+))"
    r"(?=,\s+(?:an?|the)\s)"
)


#: One person, named by role: "killing a senior commander", "a local leader was killed".
_ONE_PERSON = (
    r"(?:leader|commander|chief|emir|official|operative|militant|fighter|jihadist|"
    r"terrorist|insurgent|member|figure|facilitator|financier|planner|bomb\s?maker|civilian|"
    r"man|woman|child|boy|girl|farmer|driver|suspect|spokes(?:man|person))"
)
_KILLED_ONE = re.compile(
    r"\b(?:killing|killed|kills|" + _KILL_VERBS + r")\s+(?:an?|the)\s+"
    r"(?:(?!(?:number|total|dozen|handful|few|couple)\b)[\w'’-]+\s+){0,3}?"
    + _ONE_PERSON
    + r"\b(?!\s+(?:and|&)\s)(?![’']s\b|s\b)",
    re.IGNORECASE,
)
_ONE_KILLED = re.compile(
    r"\b(?:an?)\s+(?:[\w'’-]+\s+){0,3}?"
    + _ONE_PERSON
    + r"\s+(?:was|has\s+been|had\s+been)\s+(?:killed|slain|"
    + _KILL_VERBS
    + r")\b",
    re.IGNORECASE,
)

#: A headline's bare subject: "Top militant leader killed in drone strike", "SOMALIA: Senior
#: commander killed ..." (headlines drop the article; prose never opens on a bare singular
#: noun, so the one person is the toll). At the clause's start only.
_HEADLINE_ONE_KILLED = re.compile(
    r"\s*(?:[A-Z]{3,}\s*:\s*)?(?P<one>"
    r"(?:(?!(?:the|an?|his|her|their|its|our|this|that|one|no|said|says|was|were|is|are)\s)"
    r"[\w'’-]+\s+){0,4}?" + _ONE_PERSON + r"\s+(?:killed|slain))\b",
    re.IGNORECASE,
)


#: "Among the dead were six aid workers", "among the casualties ... there are six members
#: killed": a part of the toll, not the toll.
_AMONG = re.compile(
    r"\bamong\s+(?:the\s+|those\s+)?(?:[\w-]+\s+)?(?:dead|killed|casualties|victims|"
    r"fatalities|bodies)\b",
    re.IGNORECASE,
)


#: "aimed at killing X", "in an attempt to kill": what a strike was for, not what it did.
_INTENT = re.compile(
    r"\b(?:aimed\s+at|intended\s+to|meant\s+to|in\s+a\s+bid\s+to|attempt(?:ed|ing)?\s+to|"
    r"an?\s+attempt\s+to|trying\s+to|tried\s+to|sought\s+to|seeking\s+to|designed\s+to)\s*$",
    re.IGNORECASE,
)
#: "also killed", "are also said to have died": dead besides those told, not the toll.
_ALSO = re.compile(
    r"\balso\s+(?:[\w'’-]+\s+){0,4}?(?:killed|killing|kills|died|dead)\b", re.IGNORECASE
)
#: Between two figures of one noun phrase: "ten members of one family".
_PART_OF = re.compile(r"\s+(?:[\w'’-]+\s+){1,2}of\s+(?:the\s+)?", re.IGNORECASE)


def killed(doc: Document, lo: int, hi: int) -> Quantity | None:
    """The death toll in the clause ``doc.text[lo:hi]``, the most reliable pattern first.

    "killed eight" (also "eliminated", "neutralised", "took out", "killed a total of");
    "eight ... were killed" (few words between, then more); "deaths totalling eight"; "six
    men, all of whom died"; "killing both"; "killing <a named person>" (one); "killing a
    senior commander", "a local leader was killed", a headline's "Senior commander killed"
    (one: a person named by role, alone).
    A figure after "among the dead" is a part of the toll and is not read.
    """
    text = doc.text
    figures = [q for q in doc.figure_index.within(lo, hi) if not q.fraction]
    inside = [
        q
        for k, q in enumerate(figures)
        if not _AMONG.search(text, lo, q.start)
        # "Six of his nephews are also said to have died": more dead, not the toll
        and not _ALSO.search(text, max(lo, q.start - 40), min(hi, q.end + 60))
        # "Ten members of one family were killed": "one" is within the ten's phrase
        and not (k and _PART_OF.fullmatch(text, figures[k - 1].end, q.start))
    ]
    for k, q in enumerate(inside):
        before = tail(text, lo, q.start)
        if _KILL_AFTER.search(before) or _DEATH_TOLL.search(before):
            return _and_more(doc, q, inside[k + 1] if k + 1 < len(inside) else None, hi)
    for pattern in (_KILL_BEFORE_NEAR, _KILL_BEFORE, _ALL_KILLED):
        for q in inside:
            after = text[q.end : min(hi, q.end + 90)]
            hit = pattern.match(after)
            if hit and _NOT_THE_DEAD.match(after):
                continue  # "120 wounded and 50 dead": the 50 are the dead
            if hit and (
                re.search(r"\bamong\b", hit.group(0), re.I)
                or re.match(r"\s+of\s+(?:them|those|the\s+(?:dead|victims))\b", after, re.I)
            ):
                continue  # "two farmers were among the dead", "two of them were killed"
            if hit and not re.match(r"\s*(?:strikes?|airstrikes?|raids?)\b", after, re.I):
                return q
    both = re.compile(r"\b(?:killing|killed)\s+both\b", re.I).search(text, lo, hi)
    if both:
        return Quantity(both.start(), both.end(), both.group(0), 2.0, 2, 2, False, "")
    # "killing Khalid al-Shami, a senior official": one named person
    for m in _KILLED_NAMED.finditer(text, lo, hi):
        name = m.group("name")
        if _INTENT.search(text, max(lo, m.start() - 30), m.start()):
            continue  # "aimed at killing Noureddine Chouchane, a Tunisian": the aim, not a toll
        if _ALSO.search(text, max(lo, m.start() - 40), m.end()):
            continue  # "the strike also killed Abu Ahmed, a deputy": one more, not the toll
        if doc.toponym_index.covers(m.start("name")) or doc.group_index.covers(m.start("name")):
            continue
        return Quantity(m.start("name"), m.end("name"), name, 1.0, 1, 1, False, "")
    for pattern in (_KILLED_ONE, _ONE_KILLED):
        one = pattern.search(text, lo, hi)
        if one and not _INTENT.search(text, max(lo, one.start() - 30), one.start()):
            return Quantity(one.start(), one.end(), one.group(0), 1.0, 1, 1, False, "")
    headline = _HEADLINE_ONE_KILLED.match(text, lo, hi)
    if headline and not figures:
        person = headline.group("one")
        return Quantity(headline.start("one"), headline.end(), person, 1.0, 1, 1, False, "")
    return None


#: Between two counts of one toll: "two commanders and four other militants".
_AND = re.compile(r"\s+(?:[\w'\u2019-]+\s+){1,3}?(?:and|as\s+well\s+as|plus)\s+", re.IGNORECASE)
#: After the second count: its noun, not a verb of its own ("and four were wounded").
_AND_NOUN = re.compile(
    r"\s+(?:other\s+|more\s+)?(?!(?:were|was|wounded|injured|others?\s+(?:were|wounded|injured)"
    r")\b)[a-z][\w'\u2019-]*\b(?!\s+(?:were|was)\s+(?:wounded|injured|hurt))",
)


def _and_more(doc: Document, q: Quantity, then: Quantity | None, hi: int) -> Quantity:
    """``q``, or the sum of ``q`` and ``then`` when they count two groups of one toll.

    "killing two commanders and four other militants": six. Not when the second count is
    of the wounded ("killed four fighters and wounded seven", "and seven were injured"), or
    either count is a range or a floor.
    """
    text = doc.text
    if (
        then is None
        or q.low is None
        or q.low != q.high
        or then.low is None
        or then.low != then.high
        or not _AND.fullmatch(text, q.end, then.start)
        or not _AND_NOUN.match(text, then.end, hi)
        or re.search(r"\b(?:wound|injur)", text[then.end : min(hi, then.end + 30)], re.I)
    ):
        return q
    total = q.low + then.low
    return Quantity(
        q.start, then.end, text[q.start : then.end], float(total), total, total, False, ""
    )


# --- injured --------------------------------------------------------------------------------

_INJURE_AFTER = re.compile(r"\b(?:wounded|injured|wounding|injuring)\s+$", re.IGNORECASE)
_INJURE_BEFORE = re.compile(
    r"^(?:\s+(?:[\w'-]+\s+){0,4}?)?(?:(?:were|was|have been)\s+)?(?:wounded|injured)\b",
    re.IGNORECASE,
)
# "... and wounded": a verb of its own, joined to the one before, not the figure's predicate
_JOINED_VERB = re.compile(r"\b(?:and|or|but)\s+(?:wounded|injured)$", re.IGNORECASE)


def injured(doc: Document, lo: int, hi: int) -> int | None:
    """How many were injured, by the clause ``doc.text[lo:hi]`` ("wounding three").

    "wounded seven", "seven people were wounded". A figure is not the injured when the verb
    after it has its own subject or object: "killed four fighters and wounded seven",
    "killed four and left seven wounded".
    """
    text = doc.text
    for q in doc.figure_index.within(lo, hi):
        if q.fraction:
            continue
        if _INJURE_AFTER.search(tail(text, lo, q.start)):
            return int(q.value)
        m = _INJURE_BEFORE.match(head(text, q.end, hi))
        if (
            m is not None
            and not _JOINED_VERB.search(m.group(0))
            and not doc.figure_index.starting(q.end, q.end + m.end())
        ):
            return int(q.value)
    return None
