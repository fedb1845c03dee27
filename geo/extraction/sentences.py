"""The report's layout: sentences, paragraphs, clauses, its dateline and section headings.

Scope: where things are in the text, never what they say. :func:`sentences` splits a report
into quoted sentences (abbreviations such as "Sept." or "U.S." do not end one);
:func:`dateline_end` finds where a dateline ("TRIPOLI, Libya —") ends, so that the place and
date in it are not taken for the event's; :func:`country_headings` finds a bulletin's
country headings in capitals ("SOMALIA"); the paragraph and clause helpers answer "is there a
blank line (or a clause break) between a and b" from one pass over the text, so that asking
it for every mention costs no scan of the report.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from gazetteer.lexicon import MONTH_ABBREVIATIONS
from geo.model.claims import Quote

if TYPE_CHECKING:
    from gazetteer.geoparse import ToponymMatch
    from gazetteer.model import Candidate
    from gazetteer.search import Gazetteer

__all__ = [
    "CLAUSE_MARK",
    "LOOK_CHARS",
    "Marks",
    "blank_line_between",
    "clause_break",
    "country_headings",
    "dateline_end",
    "dateline_span",
    "HEADING_REASON",
    "head",
    "paragraph_breaks",
    "sentences",
    "tail",
]

# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(MONTH_ABBREVIATIONS) | frozenset(
    "mr mrs ms dr gen lt col maj capt sgt "
    "adm st no jr sr gov sen rep brig cmdr cpl pvt vs approx etc inc co corp dept est ft mt "
    "u.s u.n u.k e.g i.e a.m p.m".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n")


def sentences(text: str) -> list[Quote]:
    """The text's sentences with offsets; abbreviations ("Sept.", "U.S.", "Lt.") do not end one.

    Examples
    --------
    >>> [q.text for q in sentences("A U.S. strike on Sept. 19 killed eight. Officials said so.")]
    ['A U.S. strike on Sept. 19 killed eight.', 'Officials said so.']
    """
    out: list[Quote] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group(0).startswith("."):
            prev = _word_before(text, start, m.start()).lower()
            if (
                prev in _ABBREVIATIONS
                or (len(prev) == 1 and prev.isalpha())
                or (re.fullmatch(r"(?:[a-z]\.)+[a-z]", prev))
            ):
                continue
        end = m.end()
        _add_sentence(out, text, start, end)
        start = end
    _add_sentence(out, text, start, len(text))
    return out


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends at ``end`` (not before ``start``).

    The word before a full stop ("Sept" in "Sept."), found by stepping back over the run:
    the runs before successive full stops do not overlap, so a text costs one pass however
    long its sentences (a search from the sentence's start would cost the sentence's length
    at every abbreviation).
    """
    i = end
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "_."):
        i -= 1
    return text[i:end]


def _add_sentence(out: list[Quote], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = start + (len(chunk) - len(chunk.lstrip()))
        out.append(Quote(lead, lead + len(stripped), stripped))


# --- datelines and headings -----------------------------------------------------------------

_DATELINE = re.compile(
    r"[ \t]*(?P<start>[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+)*(?:/[A-Z][\w'.-]+)*)"
    r"(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)?"
    r"(?:,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?)?"
    r"(?:,?\s*\([^)]{1,30}\))?\s*(?:[\u2014\u2013-]{1,2}|:)\s"  # "TRIPOLI, (Reuters) - "
)


#: A dateline in title case ("Kano — ", "Mogadishu, Oct 17 (UNI) ", "Kano, Nigeria | "): a
#: town, then a dash, a date and an agency, or a bar (web copy: "| By ... |").
_TITLE_DATELINE = re.compile(
    r"[ \t]*(?P<start>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)"
    r"(?:\s*[\u2014\u2013]\s"
    r"|,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?"
    r"\s*(?:\([A-Z][A-Za-z]{1,15}\)\s*(?:[\u2014\u2013-]{1,2}\s*)?|[\u2014\u2013-]{1,2}\s)"
    r"|(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?\s+\|\s)"
)


def dateline_span(text: str) -> tuple[int, int]:
    r"""Where the dateline that opens one of the first lines starts and ends ((0, 0): none).

    A dateline is where the reporter was and when the piece was filed ("BAMAKO — ", "ADEN,
    March 19 (ASW) - ", "KABUL/WASHINGTON: "), not where or when the event was. It may
    follow a headline on the line before.

    Examples
    --------
    >>> dateline_span("TRIPOLI, Libya — A strike hit.")
    (0, 17)
    >>> dateline_span("Strike kills six\nNAIROBI - A strike hit.")
    (17, 27)
    >>> dateline_span("Kano — A strike hit.")
    (0, 7)
    >>> dateline_span("A strike hit Tripoli.")
    (0, 0)
    """
    dateline = next(
        (
            m
            for p in _line_starts(text[:800])
            for m in (_DATELINE.match(text, p) or _TITLE_DATELINE.match(text, p),)
            if m is not None
        ),
        None,
    )
    return (dateline.start("start"), dateline.end()) if dateline else (0, 0)


def dateline_end(text: str) -> int:
    """Where the dateline ends (0: none): see :func:`dateline_span`.

    >>> dateline_end("TRIPOLI, Libya — A strike hit.")
    17
    """
    return dateline_span(text)[1]


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*", text)]


#: The reason a country heading's name gives (:func:`country_headings`).
HEADING_REASON = "a section heading"


def country_headings(text: str, gaz: Gazetteer) -> list[ToponymMatch]:
    """Section headings that name a country in capitals ("SOMALIA" in a monitor's bulletin)."""
    from gazetteer.geoparse import ToponymMatch

    out = []
    searched: dict[str, list[Candidate] | None] = {}  # a bulletin repeats its headings
    for m in re.finditer(r"^[ \t]*([A-Z][A-Z .'-]{2,30}?)[ \t]*$", text, re.MULTILINE):
        heading = m.group(1).title()
        if heading not in searched:
            try:
                searched[heading] = gaz.search(heading, kinds=["country"], limit=1)
            except ValueError:
                searched[heading] = None
        found = searched[heading]
        if found is None:
            continue
        if found and found[0].match_kind.is_exact:
            out.append(
                ToponymMatch(
                    m.start(1), m.end(1), m.group(1), found[0].place, 1.0, (), HEADING_REASON
                )
            )
    return out


# --- paragraphs -----------------------------------------------------------------------------


def paragraph_breaks(text: str) -> tuple[list[int], list[int]]:
    """Blank lines: each newline followed, past spaces only, by another (both positions)."""
    firsts: list[int] = []
    seconds: list[int] = []
    newlines = [m.start() for m in re.finditer("\n", text)]
    for a, b in zip(newlines, newlines[1:], strict=False):
        if text[a + 1 : b].isspace() or a + 1 == b:
            firsts.append(a)
            seconds.append(b)
    return firsts, seconds


def blank_line_between(breaks: tuple[list[int], list[int]], lo: int, hi: int) -> bool:
    r"""Whether ``re.search(r"\n\s*\n", text[lo:hi])`` would match, from the blank lines.

    Examples
    --------
    >>> text = "One.\n\nTwo. Three."
    >>> breaks = paragraph_breaks(text)
    >>> blank_line_between(breaks, 0, 8), blank_line_between(breaks, 6, len(text))
    (True, False)
    """
    firsts, seconds = breaks
    k = bisect_left(firsts, lo)
    return k < len(firsts) and seconds[k] < hi


# --- clauses --------------------------------------------------------------------------------

# What ends a clause between two triggers: a comma, semicolon, colon or dash, or "and",
# "while", "but" between spaces. Each occurrence is found at its shortest (one space each
# side), overlapping ones included, so that "is there one between a and b" has an exact answer
# from the list (see Marks).
CLAUSE_MARK = re.compile(r"(?=([,;:\u2014]|\s(?:and|while|but)\s))")


class Marks:
    """Where a pattern's shortest matches lie in a text, to ask if one lies between a and b.

    ``between(a, b)`` is true exactly when ``pattern.search(text[a:b])`` would find a match,
    for the patterns given through a lookahead of their shortest forms (:data:`CLAUSE_MARK`);
    one pass over the text instead of a search of each stretch.

    Examples
    --------
    >>> marks = Marks("jets struck, and a raid", CLAUSE_MARK)
    >>> marks.between(0, 12), marks.between(0, 11), marks.between(12, 17)
    (True, False, True)
    """

    __slots__ = ("_min_end", "_starts")

    def __init__(self, text: str, lookahead: re.Pattern[str]) -> None:
        spans = [(m.start(), m.start() + len(m.group(1))) for m in lookahead.finditer(text)]
        self._starts = [a for a, _ in spans]
        # the nearest end among the marks from the k-th on (ends are not sorted)
        self._min_end = [b for _, b in spans]
        for k in range(len(spans) - 2, -1, -1):
            self._min_end[k] = min(self._min_end[k], self._min_end[k + 1])

    def between(self, lo: int, hi: int) -> bool:
        """Whether a mark lies wholly within ``[lo, hi)``."""
        k = bisect_left(self._starts, lo)
        return k < len(self._starts) and self._min_end[k] <= hi


def clause_break(text: str, lo: int, hi: int) -> int:
    """Where the clause of the trigger at ``hi`` begins, looking back no further than ``lo``.

    At the end of the last clause mark ("," ";" ":" "—", maybe with "and", "while" ...) in
    ``text[lo:hi]``; without one, half-way.

    Examples
    --------
    >>> clause_break("a strike hit Jilib, and a raid hit Afgoye", 5, 26)
    24
    >>> clause_break("a strike hit Jilib a raid", 0, 20)
    10
    """
    chunk = text[lo:hi]
    best = None
    for m in re.finditer(r"[,;:\u2014]\s*(?:and|while|but|whereas|then)?\s*|\s+and\s+", chunk):
        best = m.end()
    return lo + best if best is not None else lo + len(chunk) // 2


# --- bounded windows ------------------------------------------------------------------------

#: How far the patterns that read the words just before (or after) a date or a figure look:
#: "said on Thursday", "killed at least", "were wounded". They match a few words, so a
#: bounded stretch gives the same answer as the whole clause, at a cost that does not grow
#: with the clause (a clause of a megabyte has as many figures as words).
LOOK_CHARS = 300


def tail(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]``, at most its last :data:`LOOK_CHARS` characters."""
    return text[max(lo, hi - LOOK_CHARS) : hi]


def head(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]``, at most its first :data:`LOOK_CHARS` characters."""
    return text[lo : min(hi, lo + LOOK_CHARS)]
