"""Find and resolve the place names in a text (a geoparser), offline, with reasons.

Recognition is driven by the gazetteer: runs of capitalised words (with the connectors
place names use: "Bani Walid", "Deir ez-Zor", "Republic of Niger", "al-Kufra", "Air Base
201") are looked up, longest match first, in one batch query. Words that are capitalised for
other reasons are set aside: months, weekdays, titles and news words ("President",
"Police"), a name right after a person's title or first name ("Gen. Khalifa Haftar",
"Barack Obama"), place words inside organisation names ("Islamic State"), and common words
that are also towns ("Reading", "Nice") unless the context says place ("in Nice").
Demonyms and adjectives ("Libyan", "Nigerien") are marked as country-level references.

Resolution uses the whole document: each distinct name gets the gazetteer's ranked
candidates; then countries mentioned in the text (names, demonyms, "Town, Country" and
"Town in Country" pairs), the places already resolved with confidence (spatial coherence)
and the caller's publication country re-rank them; one sense per name per document.
"""

from __future__ import annotations

import contextlib
import gc
import operator
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from gazetteer.errors import InvalidQueryError, UnknownPlaceError
from gazetteer.geoparse.match import ToponymMatch
from gazetteer.geoparse.recognise import (
    FACILITY_HEADS,
    FACILITY_STARTS,
    Span,
    attach_qualifiers,
    demonym_reference,
    recognise_spans,
)
from gazetteer.geoparse.resolve import resolve_spans
from gazetteer.model import ToponymKind
from gazetteer.names import fold
from gazetteer.search import Gazetteer
from gazetteer.untrusted import short_repr

__all__ = [
    "MAX_TEXT_CHARS",
    "ToponymMatch",
    "check_publication_country",
    "find_toponyms",
    "resolve_toponyms",
]

MAX_TEXT_CHARS = 10_000_000


def find_toponyms(
    text: str,
    *,
    gazetteer: Gazetteer | None = None,
    publication_country: str | None = None,
) -> list[ToponymMatch]:
    """Find the place names in ``text`` and resolve each, using the whole document.

    Parameters
    ----------
    text
        The article (plain text). Empty text gives an empty list.
    gazetteer
        An open gazetteer (default: ``Gazetteer.open()``).
    publication_country
        ISO code of where the text was published or what it is about, a weak prior.

    Raises
    ------
    InvalidQueryError
        If ``text`` is not a string or is longer than ``MAX_TEXT_CHARS`` characters.
    """
    _check_text(text)
    gaz = gazetteer or Gazetteer.open()
    publication_country = check_publication_country(publication_country, gaz)
    if not text.strip():
        return []
    with _collector_paused():
        return resolve_spans(recognise_spans(text, gaz), gaz, publication_country, text)


_GC_LOCK = threading.Lock()
_gc_holds = 0  # calls inside _collector_paused, in every thread
_gc_was_enabled = False


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is geoparsed.

    A long document makes hundreds of thousands of small objects (spans, index rows,
    places, candidates) that live until its end, and each full collection walks all of
    them again: a megabyte listing 80,000 towns spent a quarter of its time there.
    Reference counting still frees what is dropped; cycles wait for the collector's next
    run. The collector resumes when the last of the calls in progress (any thread) ends,
    if it was running when the first began.
    """
    global _gc_holds, _gc_was_enabled
    with _GC_LOCK:
        if _gc_holds == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holds += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_holds -= 1
            if _gc_holds == 0 and _gc_was_enabled:
                gc.enable()


def resolve_toponyms(
    text: str,
    spans: Iterable[tuple[int, int]],
    *,
    gazetteer: Gazetteer | None = None,
    publication_country: str | None = None,
) -> list[ToponymMatch]:
    """Resolve given place-name spans of ``text`` (``(start, end)``, end exclusive).

    Returns one match per span, in the order given; a span that names nothing known gets
    ``place=None``. The other spans are the document context.

    Raises
    ------
    InvalidQueryError
        For a span outside the text or empty, or that is not a pair of whole numbers.
    """
    _check_text(text)
    if isinstance(spans, str | bytes | Mapping) or not isinstance(spans, Iterable):
        raise InvalidQueryError(
            f"spans must be a list of (start, end) pairs, got {short_repr(spans)}"
        )
    wanted = []
    for span in spans:
        start, end = _span_bounds(span)
        if not 0 <= start < end <= len(text):
            raise InvalidQueryError(
                f"span ({short_repr(start)}, {short_repr(end)}) is outside the text of "
                f"{len(text)} characters"
            )
        surface = text[start:end]
        key = fold(surface)
        country = demonym_reference(surface)
        kind = ToponymKind.DEMONYM if country else ToponymKind.NAME
        words = key.split()
        facility = len(words) > 1 and (words[-1] in FACILITY_HEADS or words[0] in FACILITY_STARTS)
        wanted.append(Span(start, end, surface, key, kind, country or "", facility=facility))
    gaz = gazetteer or Gazetteer.open()
    publication_country = check_publication_country(publication_country, gaz)
    if not wanted:
        return []
    attach_qualifiers(sorted(wanted, key=lambda s: s.start), text)
    with _collector_paused():
        return resolve_spans(wanted, gaz, publication_country, text)


def _span_bounds(span: Any) -> tuple[int, int]:
    """``(start, end)`` of a given span: a pair of whole numbers, nothing else."""
    try:
        if isinstance(span, str | bytes | Mapping):
            raise TypeError
        start, end = span  # any pair: a tuple, a list, a numpy array
    except (TypeError, ValueError):
        raise InvalidQueryError(f"a span must be (start, end), got {short_repr(span)}") from None
    bounds: list[int] = []
    for value in (start, end):
        try:
            if isinstance(value, bool):
                raise TypeError
            bounds.append(operator.index(value))
        except TypeError:
            raise InvalidQueryError(
                f"span offsets must be whole numbers, got {short_repr(span)}"
            ) from None
    return bounds[0], bounds[1]


def check_publication_country(code: object, gaz: Gazetteer) -> str | None:
    """A publication country as given, checked: its ISO code in capitals, or None if not given.

    Raises
    ------
    InvalidQueryError
        If ``code`` is not two letters, or no country in the gazetteer has that code.
    """
    if code is None or code == "":
        return None
    if not isinstance(code, str) or len(code) != 2 or not (code.isascii() and code.isalpha()):
        raise InvalidQueryError(
            "publication country must be an ISO 3166-1 alpha-2 code such as 'LY', "
            f"got {short_repr(code)}"
        )
    try:
        gaz.country(code.upper())
    except UnknownPlaceError:
        raise InvalidQueryError(
            f"publication country {code!r} is no country in the gazetteer; give an ISO 3166-1 "
            "alpha-2 code such as 'LY'"
        ) from None
    return code.upper()


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise InvalidQueryError(f"text must be a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidQueryError(
            f"text is too long ({len(text):,} characters, at most {MAX_TEXT_CHARS:,}); "
            "split it into articles"
        )
