"""Extraction: from an article's text to claims about strikes.

- :mod:`geo.extraction.extract`: sentences, events, tolls, places, dates and aggregates;
- :mod:`geo.extraction.reldates`: dates and relative dates; :mod:`geo.extraction.textnum`:
  numbers in words; :mod:`geo.extraction.regions`: directional regions of a country;
- :mod:`geo.extraction.vocab`: the word lists; :mod:`geo.extraction.spans`: span lookups.
"""
