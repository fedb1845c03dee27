"""Records for tests, made one way everywhere: places, claims, articles, incidents, stores.

Each ``make_*`` function gives a valid record with plain defaults (a strike in Murzuq on
19 September 2019, eight killed); a test names only what it is about. ``stub`` stands in for
the extractor, so that a store test pins the store's behaviour alone.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from geo.model.claims import Article, Claim, ClaimedPlace, Extraction, Quote
from geo.model.records import (
    Aggregate,
    DatePrecision,
    EventType,
    Fatalities,
    Incident,
    LocationPrecision,
    Source,
    SourceClaim,
)
from geo.store.database import (
    ArticleOrigin,
    IncidentStore,
    StoredArticle,
    StoredClaim,
    StoredIncident,
)
from geo.store.linking import LinkedClaim, derive

__all__ = [
    "JILIB",
    "MURZUQ",
    "SABHA",
    "SOUTHWEST",
    "TAVEUNI",
    "make_aggregate",
    "make_article",
    "make_claim",
    "make_incident",
    "make_linked",
    "make_source",
    "make_store",
    "make_stored_article",
    "make_stored_incident",
    "load_benchmark",
    "stub",
]

MURZUQ = ClaimedPlace("Murzuq", 25.9155, 13.9184, "LY", LocationPrecision.TOWN, 5.0)
SABHA = ClaimedPlace("Sabha", 27.0377, 14.4283, "LY", LocationPrecision.TOWN, 5.0)
JILIB = ClaimedPlace("Jilib", 0.4883, 42.7854, "SO", LocationPrecision.TOWN, 5.0)
SOUTHWEST = ClaimedPlace("southwest Libya", 24.86, 13.9, "LY", LocationPrecision.REGION, 472.0)
#: A place across the antimeridian, given as an offset from a town.
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

_SAME = -1  # make_claim's ``high``: the same figure as ``killed``


def _day(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def make_claim(
    index: int = 0,
    day: str | dt.date = "2019-09-19",
    *,
    end: str | dt.date | None = None,
    precision: DatePrecision = DatePrecision.DAY,
    place: ClaimedPlace | None = MURZUQ,
    killed: int | None = 8,
    high: int | None = _SAME,
    event: str | EventType = EventType.AIR_STRIKE,
    actor: str = "",
    target: str = "",
    sentence: str = "",
    confidence: float = 1.0,
    reasons: tuple[str, ...] = (),
) -> Claim:
    """One claim of one article: by default an air strike in Murzuq on 2019-09-19, 8 killed.

    ``high`` is the toll's upper figure (``None`` for "at least"); by default ``killed``.
    """
    text = sentence or f"Sentence {index} of the report on {_day(day)}."
    return Claim(
        index=index,
        sentences=(Quote(0, len(text), text),),
        event_type=event,  # type: ignore[arg-type]  # a value: Claim makes it the enum
        date_start=_day(day),
        date_end=_day(end or day),
        date_precision=precision,
        place=place,
        fatalities_low=killed,
        fatalities_high=killed if high == _SAME else high,
        actor=actor,
        target=target,
        confidence=confidence,
        reasons=reasons,
    )


def stub(*claims: Claim) -> Callable[..., Extraction]:
    """An extractor that returns these claims for any text (``IncidentStore.ingest(extract=)``)."""

    def extract(article: Article, gazetteer: object = None) -> Extraction:
        return Extraction("x", tuple(claims), ())

    return extract


def make_article(
    text: str = "A report.",
    day: str | dt.date = "2019-09-27",
    outlet: str = "Wire A",
    url: str | None = None,
) -> Article:
    """An article to ingest (its text only tells it apart from others)."""
    return Article(text=text, published=_day(day), outlet=outlet, url=url)


def make_linked(n: int, start: str, end: str | None = None, **claim: Any) -> LinkedClaim:
    """Claim ``n`` of article ``n`` (outlet ``"outlet n"``), as linking sees it.

    The keywords are :func:`make_claim`'s; the toll defaults to none.
    """
    claim.setdefault("killed", None)
    return LinkedClaim(n, n, f"outlet {n}", make_claim(0, start, end=end, **claim))


def make_source(
    id: str = "wire-1",  # noqa: A002 - the record's field name
    outlet: str = "Wire A",
    published: dt.date | None = dt.date(2019, 9, 27),
    precision: DatePrecision | None = DatePrecision.DAY,
    **fields: Any,
) -> Source:
    """A published report, dated to the day unless said otherwise."""
    return Source(id, outlet, published, precision, **fields)


def make_aggregate(**changes: Any) -> Aggregate:
    """An aggregate statement: by default strikes on southern Libya, 19-29 September 2019."""
    fields: dict[str, Any] = dict(
        id="a",
        statement="four strikes killed 43",
        period_start=dt.date(2019, 9, 19),
        period_end=dt.date(2019, 9, 29),
        place_name="southern Libya",
        country_code="LY",
        claims=(SourceClaim("s", "said"),),
    )
    fields.update(changes)
    return Aggregate(**fields)


def make_incident(**changes: Any) -> Incident:
    """An incident record: by default a Murzuq air strike on 2019-09-19, 8 killed, one claim."""
    fields: dict[str, Any] = dict(
        id="x",
        event_type=EventType.AIR_STRIKE,
        date_start=dt.date(2019, 9, 19),
        date_end=dt.date(2019, 9, 19),
        date_precision=DatePrecision.DAY,
        place_name="Murzuq",
        country_code="LY",
        lat=25.9,
        lon=13.9,
        coord_source="test",
        location_precision=LocationPrecision.TOWN,
        uncertainty_radius_km=5,
        fatalities=Fatalities.exactly(8),
        actor="a",
        target="t",
        claims=(SourceClaim("s", "said"),),
    )
    fields.update(changes)
    return Incident(**fields)


def make_stored_article(
    name: str = "a",
    published: str | dt.date = "2019-10-01",
    *,
    origin: ArticleOrigin = ArticleOrigin.INGEST,
    **fields: Any,
) -> StoredArticle:
    """An article as the store reads it back; ``name`` is its hash and its outlet."""
    values: dict[str, Any] = dict(
        id=0,
        outlet=name,
        url=None,
        published=_day(published),
        title="",
        path="",
        origin=origin,
        hash=name,
    )
    values.update(fields)
    return StoredArticle(**values)


def make_stored_incident(
    *articles: StoredArticle,
    id: str = "x",
    **claim: Any,  # noqa: A002 - the field's name
) -> StoredIncident:
    """An incident as the store gives it: one claim (see :func:`make_claim`) per article."""
    claims = tuple(
        StoredClaim(claim=make_claim(n, **claim), id=n, article=a) for n, a in enumerate(articles)
    )
    derived = derive(
        [
            LinkedClaim(
                c.id, c.article.id, c.article.outlet, c.claim, published=c.article.published
            )
            for c in claims
        ]
    )
    return StoredIncident.from_derived(derived, id=id, claims=claims)


def make_store(path: Path, *claims_by_article: tuple[Article, tuple[Claim, ...]]) -> IncidentStore:
    """A new database at ``path`` holding these articles, each with its claims (stubbed)."""
    store = IncidentStore.open(path)
    for article, claims in claims_by_article:
        store.ingest(article, extract=stub(*claims))
    return store


def load_benchmark(name: str) -> ModuleType:
    """The script ``benchmarks/<name>.py`` as a module (the benchmarks are no package)."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
