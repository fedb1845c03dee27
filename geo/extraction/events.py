"""What an event is and who is behind it: event type, actor, target, platform, base, attribution.

Scope: the vocabulary terms of a sentence or clause (:mod:`geo.extraction.vocab`: actors
such as AFRICOM, armed groups such as ISIS / Daesh, platforms such as the MQ-9 Reaper,
attribution phrases such as "social media reports said" with their confidence), the base a
strike was flown from ("launched from Sigonella"), and the event type a mention's trigger
and platform make ("raid", "air strike", "drone strike"). :class:`TermReader` reads terms
once per report and answers for each sentence from that reading.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from geo.extraction.spans import SpanIndex
from geo.extraction.vocab import ATTRIBUTIONS, DRONE_PLATFORMS, Term, find_terms

if TYPE_CHECKING:
    from geo.extraction.document import Document
    from geo.model.claims import Quote

__all__ = ["TermReader", "event_type"]

_WORDISH = re.compile(r"[\w-]")  # what a vocabulary term may not touch
_BASED = re.compile(
    r"\b(?:based\s+(?:in|at)|launched\s+from|flown\s+from|flew\s+from|took\s+off\s+from|"
    r"operating\s+(?:out\s+)?of|from\s+a\s+base\s+in|from\s+(?:the\s+)?(?:air\s+base|base))\s+"
    r"(?:the\s+)?(?P<rest>.{0,60})",
    re.IGNORECASE,
)


def event_type(noun: str, *, drone: bool, platform: str) -> str:
    """The event type a trigger's noun, its drone cue and the platform make.

    A ground "raid" stays a raid; anything else is an air strike, a drone strike when the
    mention or the platform says drone.

    Examples
    --------
    >>> event_type("raid", drone=False, platform="")
    'raid'
    >>> event_type("air raids", drone=False, platform="")
    'air strike'
    >>> event_type("strike", drone=False, platform="MQ-9 Reaper")
    'drone strike'
    """
    event = "raid" if "raid" in noun and "air" not in noun else "air strike"
    if event == "air strike" and (drone or platform in DRONE_PLATFORMS):
        event = "drone strike"
    return event


class TermReader:
    """The vocabulary terms of a report's sentences (one reader per report; it keeps answers)."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc

    def all_terms(self, table: Mapping[str, object]) -> list[Term]:
        """``find_terms`` over the whole report, once per vocabulary."""
        doc = self._doc
        return doc.cached(("all terms", id(table)), lambda: find_terms(doc.text, table))

    def dominant(self, table: Mapping[str, object]) -> str:
        """The label the report names most often from ``table`` ("" if none)."""
        terms = self.all_terms(table)
        if not terms:
            return ""
        return Counter(t.label for t in terms).most_common(1)[0][0]

    def terms_in(self, table: Mapping[str, object], lo: int, hi: int) -> list[Term]:
        """``find_terms(doc.text[lo:hi], table)``; for a sentence, from the whole report's.

        A sentence is set off by spaces, so the terms found in it alone are those of the
        whole report that lie in it, unless a term runs across its edge ("..U.S. Africa
        Command" split after "U.S."): such sentences are read on their own.
        """
        doc = self._doc
        text = doc.text
        n = doc.sentence_numbers.get(lo)
        if n is None or doc.sentences[n].end != hi:
            return find_terms(text[lo:hi], table)

        def index() -> tuple[SpanIndex[Term], set[int]]:
            terms = self.all_terms(table)
            across: set[int] = set()  # sentences a term runs into or out of
            for t in terms:
                first = bisect_right(doc.sentence_starts, t.start) - 1
                if first < 0 or t.end > doc.sentences[first].end:
                    last = bisect_left(doc.sentence_starts, t.end)
                    across.update(range(max(first, 0), last))
            return SpanIndex(terms), across

        found, across = doc.cached(("term index", id(table)), index)
        if n in across or (lo > 0 and _WORDISH.match(text, lo - 1)) or _WORDISH.match(text, hi):
            return find_terms(text[lo:hi], table)
        # offsets from the sentence's start, as when it is read alone
        return [replace(t, start=t.start - lo, end=t.end - lo) for t in found.within(lo, hi)]

    def first(self, table: Mapping[str, object], lo: int, hi: int) -> str:
        """The label of the first term of ``table`` in ``doc.text[lo:hi]`` ("" if none)."""

        # asked again and again of the same sentence (actor, platform) by its mentions
        def label() -> str:
            terms = self.terms_in(table, lo, hi)
            return terms[0].label if terms else ""

        return self._doc.cached(("term", id(table), lo, hi), label)

    def base(self, sentence: Quote) -> str:
        """The base a sentence says the strike was flown from ("launched from Sigonella")."""
        doc = self._doc

        def find() -> str:
            m = _BASED.search(sentence.text)
            if not m:
                return ""
            at = sentence.start + m.start("rest")
            t = next((t for t in doc.toponym_index.starting(at, at + 41) if t.place), None)
            return t.place.name if t and t.place else ""

        return doc.cached(("base", sentence.start), find)

    def attribution(self, sentence: Quote) -> tuple[str, float]:
        """The sentence's least confident attribution and its confidence (default 0.8).

        "social media reports said" is 0.5; without an attribution phrase, ("", 0.8).
        """

        def find() -> tuple[str, float]:
            terms = self.terms_in(ATTRIBUTIONS, sentence.start, sentence.end)
            if not terms:
                return ("", 0.8)
            best = min(terms, key=lambda t: ATTRIBUTIONS[t.text.lower()][1])
            return ATTRIBUTIONS[best.text.lower()]

        return self._doc.cached(("attribution", sentence.start), find)
