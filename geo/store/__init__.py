"""The incident database.

- :mod:`geo.store.database`: ``IncidentStore`` (SQLite, migrations, ingest, corrections,
  audit trail);
- :mod:`geo.store.linking`: which claims are one incident, and what the incident says.
"""
