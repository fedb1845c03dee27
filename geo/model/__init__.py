"""Records of the incident model: sources, claims, sites, incidents, aggregates and enums.

- :mod:`geo.model.records`: the curated records (``Incident``, ``Site``, ``Source`` ...) and
  the precision enums;
- :mod:`geo.model.claims`: what one article says (``Article``, ``Claim``, ``Extraction``);
- :mod:`geo.model.filters`: ``IncidentFilter``, which incidents a map, table or export shows.
"""
