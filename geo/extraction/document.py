"""What the extractor knows of a report before it reads any event: :class:`Document`.

Scope: the facts every step reads and none changes (the text, its publication date, its
sentences, place names, dates, figures and armed-group names, its dateline, the country it
is about) and the indexes that answer position questions about them by bisection. Each step
module (:mod:`~geo.extraction.dates`, :mod:`~geo.extraction.places`,
:mod:`~geo.extraction.tolls` ...) takes a document and the state it needs as arguments;
the state of the reading (the events told so far) lives in :mod:`geo.extraction.drafts`.

The document is built in two passes by :func:`geo.extraction.extract.extract_claims`: the
geoparser's names and the section headings first, then
:func:`geo.extraction.places.variant_names` adds the names it finds with that document's
help (:meth:`Document.with_toponyms`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar, cast

from geo.extraction.sentences import CLAUSE_MARK, Marks, paragraph_breaks
from geo.extraction.spans import SpanIndex

if TYPE_CHECKING:
    from gazetteer.geoparse import ToponymMatch
    from gazetteer.model import Place
    from gazetteer.search import Gazetteer
    from geo.extraction.reldates import DateMention
    from geo.extraction.textnum import Quantity
    from geo.extraction.vocab import Term
    from geo.model.claims import Quote

__all__ = ["AREA_KINDS", "Document", "TextFacts", "is_stray"]

T = TypeVar("T")

#: Place kinds that are areas, not points.
AREA_KINDS = frozenset({"admin1", "admin2", "region", "desert", "mountains", "valley"})


def is_stray(place: Place, *, country: str, countries_named: frozenset[str]) -> bool:
    """Whether a place is a homonym abroad that a report about ``country`` cannot mean.

    A small place or an area in a country the report never names: "Bur" in a Somalia
    story is not in Iran, "Bulo" not in the Philippines.
    """
    code = place.country_code
    return bool(
        country
        and code
        and code != country
        and code not in countries_named
        and place.kind.value != "country"
        and (place.population < 100_000 or place.kind.value in AREA_KINDS)
    )


class TextFacts:
    """What a report's text and sentences alone give: indexes and answers (:class:`Document`).

    Built once per report and shared by its documents of other place names
    (:meth:`Document.with_toponyms`): none of it depends on the names.
    """

    __slots__ = (
        "cache",
        "clause_marks",
        "paragraph_breaks",
        "sentence_ends",
        "sentence_numbers",
        "sentence_starts",
        "sentences",
        "text",
    )

    def __init__(self, text: str, sentences: Sequence[Quote]) -> None:
        self.text = text
        self.sentences = sentences
        self.sentence_ends = [q.end for q in sentences]
        self.sentence_starts = [q.start for q in sentences]
        self.sentence_numbers = {q.start: n for n, q in enumerate(sentences)}
        self.clause_marks = Marks(text, CLAUSE_MARK)
        self.paragraph_breaks = paragraph_breaks(text)
        self.cache: dict[tuple[object, ...], object] = {}


@dataclass(frozen=True, slots=True)
class Document:
    """A report as the extractor reads it: text, facts found in it, and their indexes.

    Parameters
    ----------
    text, published
        The report's body and publication date.
    gazetteer
        The open gazetteer (divisions, regions and countries are looked up in it).
    toponyms
        The resolved place names, sorted by ``(start, end)``.
    dates, figures
        The dates and the countable figures (tolls, counts of strikes), sorted by start.
    sentences
        The sentences, in order.
    groups
        The armed groups' names, in order.
    dateline_end, dateline_start
        Where the dateline ends (0: none) and starts; nothing in it is the event's place
        or date.
    country
        The country the report is mostly about ("" if none): the most named one, not
        counting actors ("U.S. drone", "France said").
    countries_named
        Every country the report names, as a country or by a demonym.
    text_facts
        What the text and sentences alone give, when another document of the same report
        has worked it out (:meth:`with_toponyms`); built from them otherwise.
    """

    text: str
    published: dt.date
    gazetteer: Gazetteer
    toponyms: Sequence[ToponymMatch]
    dates: Sequence[DateMention]
    figures: Sequence[Quantity]
    sentences: Sequence[Quote]
    groups: Sequence[Term]
    dateline_end: int
    country: str
    countries_named: frozenset[str]
    dateline_start: int = 0
    text_facts: TextFacts | None = field(default=None, repr=False, compare=False)
    toponym_index: SpanIndex[ToponymMatch] = field(init=False, repr=False, compare=False)
    group_index: SpanIndex[Term] = field(init=False, repr=False, compare=False)
    date_index: SpanIndex[DateMention] = field(init=False, repr=False, compare=False)
    figure_index: SpanIndex[Quantity] = field(init=False, repr=False, compare=False)
    sentence_starts: list[int] = field(init=False, repr=False, compare=False)
    sentence_ends: list[int] = field(init=False, repr=False, compare=False)
    sentence_numbers: dict[int, int] = field(init=False, repr=False, compare=False)
    longest_name: int = field(init=False, repr=False, compare=False)
    first_with_place: dict[int, ToponymMatch] = field(init=False, repr=False, compare=False)
    clause_marks: Marks = field(init=False, repr=False, compare=False)
    paragraph_breaks: tuple[list[int], list[int]] = field(init=False, repr=False, compare=False)
    _cache: dict[tuple[object, ...], object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Indexes that answer each mention's questions without a scan of the whole report:
        # every question the extractor asks of the report's dates, figures, place names and
        # sentences would otherwise cost the report's length per mention, the report's length
        # squared in all. Each index returns what the scan returned.
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        put("toponym_index", SpanIndex(self.toponyms))
        put("group_index", SpanIndex(self.groups))
        put("date_index", SpanIndex(self.dates))
        put("figure_index", SpanIndex(self.figures))
        # what the text and its sentences alone give: shared with the same report's
        # document of other names (:meth:`with_toponyms`)
        facts = self.text_facts
        if facts is None or facts.text is not self.text or facts.sentences is not self.sentences:
            facts = TextFacts(self.text, self.sentences)
            put("text_facts", facts)
        put("sentence_ends", facts.sentence_ends)
        put("sentence_starts", facts.sentence_starts)
        put("sentence_numbers", facts.sentence_numbers)
        # the longest place name: how far back a name can start and still end near a point
        put("longest_name", max((t.end - t.start for t in self.toponyms), default=0))
        first: dict[int, ToponymMatch] = {}
        for t in self.toponyms:
            if t.place is not None:
                first.setdefault(id(t.place), t)
        put("first_with_place", first)
        put("clause_marks", facts.clause_marks)
        put("paragraph_breaks", facts.paragraph_breaks)
        put("_cache", {})

    def with_toponyms(self, toponyms: Sequence[ToponymMatch]) -> Document:
        """The same document with these place names (sorted by ``(start, end)``)."""
        return replace(self, toponyms=toponyms, text_facts=self.text_facts)

    def in_dateline(self, pos: int) -> bool:
        """Whether offset ``pos`` lies in the dateline (where and when the piece was filed)."""
        return self.dateline_start <= pos < self.dateline_end

    def stray(self, place: Place) -> bool:
        """Whether ``place`` is a homonym abroad that this report cannot mean (:func:`is_stray`)."""
        return is_stray(place, country=self.country, countries_named=self.countries_named)

    def cached(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per document for each ``key``.

        For answers that depend on the document alone (a gazetteer query, a sentence's
        terms): the steps ask them again and again, mention after mention.
        """
        cache = self._cache
        if key not in cache:
            cache[key] = compute()
        return cast(T, cache[key])

    def cached_for_text(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per report text for each ``key``.

        For answers that depend on the text and its sentences alone, not on the place names
        (a sentence's triggers): the document of the geoparser's names and the one that
        adds the variants (:meth:`with_toponyms`) share them.
        """
        assert self.text_facts is not None  # set by __post_init__
        cache = self.text_facts.cache
        if key not in cache:
            cache[key] = compute()
        return cast(T, cache[key])

    def sentences_before(self, sentence: Quote, quoted: Container[int]) -> list[Quote]:
        """Up to four sentences just before ``sentence``, nearest first, in its paragraph.

        Only sentences no claim quotes (whose start is not in ``quoted``): a bulletin's "14 March.
        Near Nisab, Shabwa province. A strike hit a house."
        """
        n = self.sentence_numbers[sentence.start]
        out: list[Quote] = []
        after = sentence
        for before in reversed(self.sentences[max(0, n - 4) : n]):
            if "\n" in self.text[before.end : after.start] or before.start in quoted:
                break
            out.append(before)
            after = before
        return out
