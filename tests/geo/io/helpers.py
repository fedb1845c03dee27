"""Incident databases for the export and import tests, built through the store's own API.

Extraction is replaced by stubs returning claims made by tests/factories.py, so the
databases hold exactly what a test expects: linked and contested incidents, analysts'
corrections, an incident with no place, one across the antimeridian, and hostile text.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from pathlib import Path

from geo.model.claims import ClaimedPlace
from geo.model.records import DatePrecision, LocationPrecision
from geo.store.database import IncidentStore
from tests import factories
from tests.factories import TAVEUNI, make_article, make_claim, stub
from tests.payloads import CORPUS

# the claims of these databases: in Jilib by default, with an actor and a target
JILIB = replace(factories.JILIB, reason="stub")
claim = functools.partial(
    make_claim, place=JILIB, actor="US military", target="al-Shabaab", reasons=("stub",)
)
article = make_article


def rich_db(path: Path) -> IncidentStore:
    """The founding case (seeded) plus ingested, linked, contested and corrected incidents."""
    store = IncidentStore.open(path, seed=True)
    # two reports published the same day disagree on the toll and name the actor differently:
    # contested, and the actor is a tie that claim order settles
    store.ingest(
        article("Report A", "2019-10-01", "Wire B", "https://example.org/b"),
        extract=stub(
            claim(0, "2019-09-30", killed=5, actor="US military"),
            claim(1, "2019-09-30", place=None, event="raid", killed=None),  # no place
        ),
    )
    store.ingest(
        article("Report B", "2019-10-01", "Wire A"),
        extract=stub(claim(0, "2019-09-30", killed=9, high=None, actor="AFRICOM")),
    )
    store.ingest(
        article("Report C", "2019-10-03", "Wire C", "https://example.org/c?x=1&y=2"),
        extract=stub(claim(0, "2019-10-02", place=TAVEUNI, event="drone strike", killed=None)),
    )
    jilib = next(i for i in store.incidents() if i.place and i.place.name == "Jilib")
    store.replace(
        jilib.id,
        ClaimedPlace(
            "Jilib district", 0.5, 42.8, "SO", LocationPrecision.DISTRICT, 60.0, reason="analyst"
        ),
        why="the district is all that is known",
        who="tester",
    )
    taveuni = next(
        i
        for i in store.incidents()
        if i.event_type == "drone strike" and i.place and i.place.country_code == "FJ"
    )
    store.redate(
        taveuni.id,
        dt.date(2019, 9, 30),
        dt.date(2019, 10, 2),
        DatePrecision.WEEK,
        why="the report gives the week",
        who="tester",
    )
    return store


HOSTILE = CORPUS[0]  # a template injection that runs a shell command if ever compiled
SCRIPT = "<script>alert(1)</script>"


def hostile_db(path: Path) -> IncidentStore:
    """Report text that would run as a template, a tag or a script, in every text field."""
    store = IncidentStore.open(path)
    for n, payload in enumerate(CORPUS):
        place = ClaimedPlace(
            f"{payload} town",
            5.0 + n * 0.9,  # about 100 km apart: one incident each
            20.0,
            "TD",
            LocationPrecision.NEAR_TOWN,
            25.0,
            anchor=payload,
            reason=payload,
        )
        store.ingest(
            article(
                f"Hostile report {n}",
                "2020-01-05",
                f"Outlet {payload}",
                url="javascript:alert(1)" if n % 2 else f"https://example.org/?q={payload}",
            ),
            extract=stub(
                claim(
                    0,
                    "2020-01-0" + str(1 + n % 3),
                    place=place,
                    sentence=f"{payload} killed {n}; {SCRIPT}",
                    actor=f"{payload} actor",
                    target=SCRIPT,
                    event="strike",  # an event type is a code (EventType), not free text
                )
            ),
        )
    return store
