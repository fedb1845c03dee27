"""Extract source claims (one per reported event) and aggregate statements from a report.

The public entry points: :func:`check_article_text` refuses what cannot be read as an
English report (empty, binary, non-English or oversized text, with a
:class:`~gazetteer.errors.DataError` naming the problem), and :func:`extract_claims` reads a
report sentence by sentence:

1. **The document** (:func:`read_document`): the geoparser's place names and the section
   headings (:mod:`~geo.extraction.sentences`), dates (:mod:`~geo.extraction.reldates`),
   countable figures (:mod:`~geo.extraction.tolls`), armed groups, the dateline, the
   country the report is about and the town names the geoparser left aside
   (:mod:`~geo.extraction.places`): a :class:`~geo.extraction.document.Document`.
2. **Distance claims** ("Murzuq ... nearly 600 miles south of Tripoli") are checked against
   the geodesic (:mod:`~geo.extraction.distances`).
3. **Event mentions** are found in each sentence by their nouns and verbs
   (:mod:`~geo.extraction.mentions`). An aggregate ("four strikes", "in all, the strikes
   killed 43") becomes an aggregate statement (:mod:`~geo.extraction.aggregates`); an event
   mention takes its date (:mod:`~geo.extraction.dates`), place
   (:mod:`~geo.extraction.places`), toll (:mod:`~geo.extraction.tolls`), actor, target,
   platform, base and attribution (:mod:`~geo.extraction.events`), and opens a new event or
   tells more of one already told (:mod:`~geo.extraction.drafts`).
4. Hedged attribution ("social media reports said") lowers a claim's confidence; every claim
   keeps the reasons for its place, date and confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from gazetteer.errors import DataError
from geo.extraction.aggregates import aggregate_claim
from geo.extraction.confidence import score_claims
from geo.extraction.consolidate import consolidate
from geo.extraction.dates import DateReader
from geo.extraction.distances import distance_checks
from geo.extraction.document import Document
from geo.extraction.drafts import Story
from geo.extraction.events import TermReader
from geo.extraction.mentions import find_mentions
from geo.extraction.places import PlaceReader, countries_named, report_country, variant_names
from geo.extraction.reldates import find_dates
from geo.extraction.sentences import country_headings, dateline_span, sentences
from geo.extraction.tolls import countable_figures
from geo.extraction.vocab import GROUPS, find_terms
from geo.model.claims import AggregateClaim, Article, Extraction, content_hash

if TYPE_CHECKING:
    from gazetteer.geoparse import ToponymMatch
    from gazetteer.search import Gazetteer

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Extraction",
    "check_article_text",
    "extract_article",
    "extract_claims",
    "read_document",
    "extract_document",
    "read_claims",
]

#: Longest report accepted (UTF-8 bytes): long-form pieces run to ~100 kB.
MAX_ARTICLE_BYTES = 1_000_000

# --- input checks ---------------------------------------------------------------------------

_ENGLISH = frozenset(
    "the of and to in a is was were on for that with by at from as said has have had it its "
    "an be this are which who after killed strike strikes their they he she not".split()
)


# Control characters and lone surrogates (Unicode categories Cc and Cs), less the whitespace
# ones a text may hold: one pass of the regex engine instead of a lookup per character.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check_article_text(text: object) -> str:
    """Return ``text`` if it can be read as an English report, else raise ``DataError``.

    Examples
    --------
    >>> check_article_text("   ")
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: the report is empty
    """
    if not isinstance(text, str):
        raise DataError(f"a report must be text, got {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_ARTICLE_BYTES:
        raise DataError(
            f"the report is {size / 1e6:.1f} MB; reports over {MAX_ARTICLE_BYTES / 1e6:.0f} MB "
            "are refused (split it into its articles)"
        )
    if not text.strip():
        raise DataError("the report is empty")
    surrogate = _SURROGATE.search(text)
    if surrogate:  # only a Python caller can pass one: no UTF-8 file holds it
        raise DataError(
            f"the report holds a lone surrogate {surrogate.group()!r} at character "
            f"{surrogate.start()}; it is not Unicode text"
        )
    controls = len(_CONTROLS.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 1000):
        raise DataError("the report looks like binary data, not text")
    words = re.findall(r"[^\W\d_]+", text.lower())
    letters = sum(len(w) for w in words)
    latin = sum(len(w) if w.isascii() else sum(ch.isascii() for ch in w) for w in words)
    english = sum(1 for w in words if w in _ENGLISH)
    if (
        letters
        and latin / letters < 0.8
        or (len(words) >= 12 and english / len(words) < 0.08)
        or (words and len(words) < 12 and english == 0)
    ):
        raise DataError("the report does not look like English text (strikemap reads English)")
    if not words:
        raise DataError("the report has no words")
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def extract_claims(
    text: str,
    *,
    published: dt.date,
    outlet: str | None = None,
    url: str | None = None,
    gazetteer: Gazetteer | None = None,
    publication_country: str | None = None,
) -> Extraction:
    """Extract the claims a report makes about individual events, and its aggregates.

    Parameters
    ----------
    text
        The report's body (plain English text, at most :data:`MAX_ARTICLE_BYTES`).
    published
        Its publication date: relative dates ("on Thursday", "last month") count from it.
    outlet, url
        Who published it (kept with the article by the store; not used for extraction).
    gazetteer
        An open gazetteer (default: ``Gazetteer.open()``).
    publication_country
        ISO code of where the report was published, a weak prior for the geoparser.

    Raises
    ------
    DataError
        If the text is empty, binary, not English or too large, or ``published`` is not a
        real date from 1900 to today.
    """
    del outlet, url  # kept by the store with the article
    check_article_text(text)
    if not isinstance(published, dt.date) or isinstance(published, dt.datetime):
        raise DataError(f"the publication date must be a date, got {published!r}")
    if published > dt.date.today() + dt.timedelta(days=1):
        raise DataError(f"the publication date {published} is in the future")
    if published.year < 1900:  # "last month" in year 1 is no date at all
        raise DataError(f"the publication date {published} is before 1900")
    from gazetteer.geoparse.toponyms import find_toponyms
    from gazetteer.search import Gazetteer

    gaz = gazetteer or Gazetteer.open()
    toponyms = [
        t
        for t in find_toponyms(text, gazetteer=gaz, publication_country=publication_country)
        if t.place is not None
    ]
    return extract_document(read_document(text, published, gaz, toponyms))


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract an article's claims: :func:`extract_claims` of its text, date and source.

    The one call ``strikemap ingest`` (:meth:`geo.store.database.IncidentStore.ingest`) and
    ``strikemap batch`` (:func:`geo.batch.work.extract_partition`) make, so that the two
    cannot read the same article differently.

    Raises
    ------
    DataError
        As :func:`extract_claims`.
    """
    return extract_claims(
        article.text,
        published=article.published,
        outlet=article.outlet,
        url=article.url,
        gazetteer=gazetteer,
    )


def read_document(
    text: str, published: dt.date, gazetteer: Gazetteer, toponyms: list[ToponymMatch]
) -> Document:
    """The report as the extractor reads it, from its text and the geoparser's names.

    ``toponyms`` are the resolved names :func:`~gazetteer.geoparse.toponyms.find_toponyms`
    found; the country headings of a bulletin ("SOMALIA") and the town names the geoparser
    left aside that the gazetteer knows in another spelling are added to them.
    """
    named = sorted([*toponyms, *country_headings(text, gazetteer)], key=lambda t: t.start)
    dates = find_dates(text, published=published)
    dateline = dateline_span(text)
    draft = Document(
        text=text,
        published=published,
        gazetteer=gazetteer,
        toponyms=named,
        dates=dates,
        figures=countable_figures(text, dates),
        sentences=sentences(text),
        groups=find_terms(text, GROUPS),
        dateline_end=dateline[1],
        dateline_start=dateline[0],
        country=report_country(text, named),
        countries_named=countries_named(named),
    )
    return draft.with_toponyms(
        sorted([*named, *variant_names(draft)], key=lambda t: (t.start, t.end))
    )


def extract_document(doc: Document) -> Extraction:
    """Read a document sentence by sentence: its claims (scored), aggregates and distances."""
    extraction, counted = read_claims(doc)
    claims = score_claims(extraction.claims, doc, counted=counted)
    return replace(extraction, claims=claims)


def read_claims(doc: Document) -> tuple[Extraction, frozenset[int]]:
    """The document's claims before scoring, and the indexes of those the report counts.

    Each claim's confidence is still as its attribution gives it; a claim is *counted* when
    an aggregate of the report counts it or a sentence lists its day among others ("strikes
    on Sept. 19, 24, 26 and 29"). The training of :mod:`~geo.extraction.confidence` reads
    claims so; :func:`extract_document` scores them.
    """
    distances = distance_checks(doc)
    story = Story(doc, DateReader(doc), PlaceReader(doc, distances.appositive), TermReader(doc))
    aggregates: list[AggregateClaim] = []
    after_trigger = False  # whether a sentence before had a mention
    for number, sentence in enumerate(doc.sentences, start=1):
        mentions = find_mentions(doc, sentence, after_trigger=after_trigger, telling=story.telling)
        after_trigger = after_trigger or bool(mentions)
        story.note_regions(sentence)
        if not mentions:
            story.orphan_date(sentence, number)
            story.orphan_figures(sentence, number)
            story.orphan_place(sentence, number)
            continue
        for mention in mentions:
            if mention.aggregate:
                story.note_aggregate(mention)
                found = aggregate_claim(doc, mention, told=story.drafts, index=len(aggregates))
                if found is not None:
                    aggregates.append(found)
            else:
                story.tell(mention, number)
    story.refine_places()
    listed = story.listed_days() | story.listed_places()
    claims, index_of = consolidate(story.claims(), published=doc.published)
    aggregates = [
        replace(a, covers_claims=tuple(dict.fromkeys(index_of[i] for i in a.covers_claims)))
        for a in aggregates
    ]
    counted = frozenset(
        [*(i for a in aggregates for i in a.covers_claims), *(index_of[i] for i in listed)]
    )
    extraction = Extraction(content_hash(doc.text), claims, tuple(aggregates), distances.checks)
    return extraction, counted
