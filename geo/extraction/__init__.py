"""Extraction: from an article's text to claims about strikes.

The entry points are :func:`extract_claims` and :func:`check_article_text`
(:mod:`geo.extraction.extract`, which composes the steps below):

- :mod:`~geo.extraction.sentences`: sentences, paragraphs, clauses, datelines, headings;
- :mod:`~geo.extraction.document`: the report as read before any event (names, dates,
  figures, indexes);
- :mod:`~geo.extraction.mentions`: event mentions and their clauses, aggregate or not;
- :mod:`~geo.extraction.dates`: an event's date; :mod:`~geo.extraction.places`: its place
  and precision; :mod:`~geo.extraction.distances`: offset places and distance claims;
- :mod:`~geo.extraction.tolls`: killed and injured; :mod:`~geo.extraction.events`: event
  type, actor, target, platform, base and attribution;
- :mod:`~geo.extraction.drafts`: which event a mention tells of, and the claims;
  :mod:`~geo.extraction.aggregates`: counts and totals of strikes;
- :mod:`~geo.extraction.reldates`: dates and relative dates; :mod:`~geo.extraction.textnum`:
  numbers in words; :mod:`~geo.extraction.regions`: directional regions of a country;
  :mod:`~geo.extraction.vocab`: the word lists; :mod:`~geo.extraction.spans`: span lookups.
"""

from geo.extraction.extract import (
    MAX_ARTICLE_BYTES,
    Extraction,
    check_article_text,
    extract_claims,
)

__all__ = ["MAX_ARTICLE_BYTES", "Extraction", "check_article_text", "extract_claims"]
