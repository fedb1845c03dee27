"""The incident database.

- :mod:`geo.store.database`: ``IncidentStore`` (SQLite, migrations, ingest, corrections,
  audit trail);
- :mod:`geo.store.linking`: which claims are one incident, and what the incident says;
- :mod:`geo.store.ingest`: ingesting a batch of reports (the policy the CLI and the app share);
- :mod:`geo.store.corrections`: the place an analyst gives an incident, checked once.
"""
