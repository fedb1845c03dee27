"""Linking in ``strikemap ingest`` when the database already holds many incidents.

``IncidentStore.ingest`` links each article's claims against the stored incidents within two
days of them. This measures what that costs per article, and how much of it is reading and
deriving those incidents from SQL, on a database that already holds many:

1. a database is filled with ``--incidents`` stored strikes (synthetic claims, one to three
   articles each, over ``--days`` days on 300 towns of eight countries), through
   ``ingest_extracted`` (fast; not measured);
2. ``--articles`` new synthetic articles (one claim each, on the same days and towns: some
   join a stored incident, some start one) are ingested one by one with
   ``IncidentStore.ingest`` and a stub extractor (extraction is not what is measured),
   under ``cProfile``: the time per article, and the store's functions that take it.

No gazetteer is needed. Usage::

    .venv/bin/python benchmarks/ingest_link.py [--incidents 20000] [--days 730] [--articles 2000]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import tempfile
import time
from pathlib import Path

COUNTRIES = ["LY", "SO", "YE", "ML", "SY", "NE", "NG", "IQ"]


def _towns(rng: random.Random) -> list[tuple[str, float, float, str]]:
    return [
        (f"Town {n}", rng.uniform(0, 38), rng.uniform(-10, 50), rng.choice(COUNTRIES))
        for n in range(300)
    ]


def _claim(town: tuple[str, float, float, str], day: dt.date, toll: int):
    from geo.model.claims import Claim, ClaimedPlace, Quote
    from geo.model.records import DatePrecision, EventType, LocationPrecision

    name, lat, lon, country = town
    place = ClaimedPlace(
        name=name, lat=lat, lon=lon, country_code=country, precision=LocationPrecision.TOWN,
        radius_km=5.0,
    )  # fmt: skip
    sentence = f"An air strike near {name} killed {toll} people, officials said."
    return Claim(
        index=0, sentences=(Quote(0, len(sentence), sentence),),
        event_type=EventType.AIR_STRIKE, date_start=day, date_end=day,
        date_precision=DatePrecision.DAY, place=place, fatalities_low=toll, fatalities_high=toll,
        confidence=0.8, reasons=("place: the sentence names the town",),
    )  # fmt: skip


def _article(n: int, day: dt.date, outlet: str):
    from geo.model.claims import Article

    return Article(
        text=f"Synthetic report {n} of {outlet}.", published=day + dt.timedelta(days=1),
        outlet=outlet,
    )  # fmt: skip


def fill(store, rng: random.Random, towns, incidents: int, days: int, first: dt.date) -> int:
    from geo.model.claims import Extraction
    from geo.store.database import ExtractedArticle

    items = []
    n = 0
    for _ in range(incidents):
        town, day = rng.choice(towns), first + dt.timedelta(days=rng.randrange(days))
        toll = rng.randrange(1, 20)
        for outlet in rng.sample(["Wire A", "Wire B", "Wire C"], rng.choice([1, 2, 3])):
            article = _article(n, day, outlet)
            claim = _claim(town, day, toll)
            items.append(ExtractedArticle(article, Extraction(article.hash, (claim,), ()), ""))
            n += 1
    items.sort(key=lambda it: it.article.published)
    store.ingest_extracted(items)
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--articles", type=int, default=2_000)
    args = parser.parse_args()

    from geo.model.claims import Extraction
    from geo.store.database import IncidentStore

    rng = random.Random(16)
    towns = _towns(rng)
    first = dt.date(2020, 1, 1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "many.sqlite"
        with IncidentStore.open(db) as store:
            t0 = time.perf_counter()
            stored = fill(store, rng, towns, args.incidents, args.days, first)
            last = first + dt.timedelta(days=args.days)
            print(
                f"filled: {stored:,} articles, {len(store.incident_ids_between(first, last)):,} "
                f"incidents over {args.days} days ({time.perf_counter() - t0:.1f} s)",
                flush=True,
            )
            new = []
            for n in range(args.articles):
                town = rng.choice(towns)
                day = first + dt.timedelta(days=rng.randrange(args.days))
                article = _article(10_000_000 + n, day, "Wire D")
                new.append((article, _claim(town, day, rng.randrange(1, 20))))

            def ingest_all() -> tuple[float, float]:
                t0, c0 = time.perf_counter(), time.process_time()
                for article, claim in new:
                    extraction = Extraction(article.hash, (claim,), ())
                    store.ingest(article, extract=lambda *_, e=extraction, **__: e)
                return time.perf_counter() - t0, time.process_time() - c0

            profile = cProfile.Profile()
            profile.enable()
            seconds, cpu = ingest_all()
            profile.disable()
            print(
                f"ingest {args.articles:,} articles, one claim each: {seconds:.1f} s wall-clock "
                f"({1000 * seconds / args.articles:.1f} ms an article), {cpu:.1f} s CPU "
                f"({args.articles / cpu:.0f} articles per CPU-second), under cProfile; "
                "the store's functions by cumulative time:",
                flush=True,
            )
            stats = pstats.Stats(profile)
            rows = [
                (v[3], k)
                for k, v in stats.stats.items()  # type: ignore[attr-defined]
                if "geo/store" in k[0] and k[2] not in ("ingest", "guarded", "_transaction")
            ]
            for cumulative, (file, line, name) in sorted(rows, reverse=True)[:8]:
                print(f"  {cumulative:6.1f} s  {Path(file).name}:{line} {name}")


if __name__ == "__main__":
    main()
