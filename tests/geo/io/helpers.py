"""Incident databases for the export and import tests, built through the store's own API.

Extraction is replaced by stubs returning hand-made claims (as in test_store.py), so the
databases hold exactly what a test expects: linked and contested incidents, analysts'
corrections, an incident with no place, one across the antimeridian, and hostile text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo.model.claims import Article, Claim, ClaimedPlace, Extraction, Quote
from geo.model.records import DatePrecision, LocationPrecision
from geo.store.database import IncidentStore
from tests.payloads import CORPUS

JILIB = ClaimedPlace("Jilib", 0.4883, 42.7854, "SO", LocationPrecision.TOWN, 5.0, reason="stub")
TAVEUNI = ClaimedPlace(
    "40 km east of Savusavu",
    -16.78,
    179.71,
    "FJ",
    LocationPrecision.REGION,
    150.0,
    place_id="geonames:2198148",
    anchor="Savusavu",
    offset_km=40.0,
    bearing_deg=90.0,
    reason="offset from an anchor",
)


def claim(
    index: int,
    day: str,
    *,
    place: ClaimedPlace | None = JILIB,
    killed: int | None = 8,
    high: int | None = -1,
    event: str = "air strike",
    actor: str = "US military",
    target: str = "al-Shabaab",
    sentence: str = "",
    confidence: float = 1.0,
) -> Claim:
    date = dt.date.fromisoformat(day)
    text = sentence or f"Sentence {index} of the report on {day}."
    return Claim(
        index=index,
        sentences=(Quote(0, len(text), text),),
        event_type=event,
        date_start=date,
        date_end=date,
        date_precision=DatePrecision.DAY,
        place=place,
        fatalities_low=killed,
        fatalities_high=killed if high == -1 else high,
        actor=actor,
        target=target,
        confidence=confidence,
        reasons=("stub",),
    )


def stub(*claims: Claim):
    def extract(text: str, **_: object) -> Extraction:
        return Extraction("x", tuple(claims), ())

    return extract


def article(text: str, day: str, outlet: str, url: str | None = None) -> Article:
    return Article(text=text, published=dt.date.fromisoformat(day), outlet=outlet, url=url)


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
            10.0 + n * 0.1,
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
                    event=f"strike {payload}",
                )
            ),
        )
    return store
