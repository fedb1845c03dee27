"""strikemap batch at scale: extraction throughput on Dask, and linking growth to 10^6 claims.

Two parts, one run each (timings on a shared machine are noisy; the ratios are the point):

* **extract**: a synthetic archive of report-shaped articles (JSON lines), written here from
  templates in the shape of our own corpora's wire copy (``tests/corpus``: a dateline, a
  strike on a town on a weekday, a toll, an attribution; varied places, dates, tolls,
  outlets; each strike told by one to three outlets), processed by
  :func:`geo.batch.run_batch` on a ``LocalCluster`` of one worker process, then of two.
  Prints articles/s (extraction only, cluster start-up excluded), peak resident memory of
  each worker, and the linking time.
* **link**: the in-memory :class:`geo.store.linking.Linker` alone on 10^4, 10^5, 10^6
  synthetic claims (strikes over ten years on 3,000 places; two or three claims per strike),
  each size in a fresh process: seconds, peak memory, and the growth ratios.

Usage::

    STRIKEMAP_GAZETTEER=/path/to/index .venv/bin/python benchmarks/batch_scale.py \
        [--articles 2000] [--claims 10000 100000 1000000] [--skip-extract] [--skip-link]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Towns of the countries our corpora cover, with the country they are in (written here).
TOWNS = {
    "Libya": ["Murzuq", "Sabha", "Ubari", "Sirte", "Derna", "Ghat", "Kufra", "Bani Walid"],
    "Somalia": ["Jilib", "Kismayo", "Baidoa", "Bosaso", "Beledweyne", "Jamaame", "Afgooye"],
    "Yemen": ["Marib", "Ataq", "Mukalla", "Rada'a", "Al Bayda", "Zinjibar"],
    "Mali": ["Gao", "Timbuktu", "Menaka", "Kidal", "Mopti", "Tessalit"],
    "Syria": ["Idlib", "Raqqa", "Deir ez-Zor", "Manbij", "Al-Bab", "Palmyra"],
    "Niger": ["Agadez", "Diffa", "Tillaberi", "Arlit"],
    "Nigeria": ["Maiduguri", "Bama", "Gwoza", "Monguno"],
    "Iraq": ["Mosul", "Tal Afar", "Kirkuk", "Ramadi"],
}
OUTLETS = ["Sahel Wire Service", "Gulf Evening Post", "Horn Monitor", "Levant Desk",
           "Desert Courier", "Coastline Daily"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ACTORS = ["U.S. Africa Command", "the U.S. military", "coalition aircraft", "the air force"]
GROUPS = ["al-Shabaab", "ISIS", "al-Qaeda", "AQIM"]
NUMBER = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]

TEMPLATES = [
    "{city_upper}, {country} — An air strike near {town} on {weekday} killed {toll} "
    "{group} militants, {actor} said in a statement.\n\nThe strike hit a compound outside "
    "{town}, officials said. No civilians were hurt, according to the statement.",
    "{actor_cap} said it carried out a drone strike on {weekday} in {town}, {country}, "
    "killing {toll} fighters of {group}.\n\nResidents said the strike destroyed two vehicles "
    "on the edge of {town}.",
    "At least {toll} people were killed in an air strike in {town} in {country} on "
    "{weekday}, local officials said.\n\n{actor_cap} did not comment on the strike.",
]


def _article(rng: random.Random, n: int, strike: dict, outlet: str) -> dict:
    published = strike["date"] + dt.timedelta(days=rng.choice([0, 1, 1, 2]))
    weekday = WEEKDAYS[strike["date"].weekday()]
    actor = rng.choice(ACTORS)
    text = rng.choice(TEMPLATES).format(
        city_upper=strike["town"].upper(),
        country=strike["country"],
        town=strike["town"],
        weekday=weekday,
        toll=NUMBER[strike["toll"] - 2] if rng.random() < 0.7 else strike["toll"],
        group=strike["group"],
        actor=actor,
        actor_cap=actor[0].upper() + actor[1:],
    )
    return {
        "id": f"synthetic-{n}",
        "text": text,
        "published": published.isoformat(),
        "outlet": outlet,
        "url": f"https://example.org/{n}",
    }


def _distinct(article: dict, seen: set[str]) -> dict:
    """Make ``article``'s text differ from every text written before it.

    The batch keys articles by the hash of their text, so two identical texts are one
    article: without this, about 28 % of 100,000 generated articles repeated an earlier one
    (same town, weekday, toll, group, actor and template) and were never extracted.
    """
    text, extra = article["text"], 1
    while text in seen:
        extra += 1
        text = f"{article['text']}\n\nWitnesses counted {extra} burnt-out vehicles at the site."
    seen.add(text)
    return {**article, "text": text}


def synthetic_archive(path: Path, articles: int, seed: int = 16) -> int:
    """Write ``articles`` distinct report-shaped articles as JSON lines; the number of strikes.

    Strikes fall on 49 towns over ten years, each told by one to three outlets.
    """
    rng = random.Random(seed)
    places = [(country, town) for country, towns in TOWNS.items() for town in towns]
    start = dt.date(2010, 1, 1)
    n = strikes = 0
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as fh:
        while n < articles:
            country, town = rng.choice(places)
            strike = {
                "country": country,
                "town": town,
                "date": start + dt.timedelta(days=rng.randrange(10 * 365)),
                "toll": rng.randrange(2, 12),
                "group": rng.choice(GROUPS),
            }
            strikes += 1
            for outlet in rng.sample(OUTLETS, rng.choice([1, 2, 2, 3])):
                if n >= articles:
                    break
                fh.write(json.dumps(_distinct(_article(rng, n, strike, outlet), seen)) + "\n")
                n += 1
    return strikes


def extract_part(articles: int) -> None:
    from distributed import Client, LocalCluster

    from geo.batch import run_batch
    from geo.batch.work import cpu_seconds, peak_memory_mb
    from geo.store.database import IncidentStore

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "archive.jsonl"
        strikes = synthetic_archive(source, articles)
        print(f"synthetic archive: {articles} articles of {strikes} strikes "
              f"({source.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
        rates = {}
        for n_workers in (1, 2):
            t0 = time.perf_counter()
            with LocalCluster(
                n_workers=n_workers, threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=40,
            ) as cluster, Client(cluster) as client:  # fmt: skip
                started = time.perf_counter() - t0
                with IncidentStore.open(folder / f"w{n_workers}.sqlite") as store:
                    result = run_batch(
                        source, store, out=folder / f"out{n_workers}",
                        scheduler=cluster.scheduler_address,
                    )  # fmt: skip
                    incidents = len(store.incidents())
                peaks = client.run(peak_memory_mb)
                cpu = sum(client.run(cpu_seconds).values())
            rate = result.extracted / result.extract_s
            rates[n_workers] = rate
            print(
                f"{n_workers} worker(s): cluster start {started:.1f} s; extracted "
                f"{result.extracted} (failed {result.failures}) in {result.extract_s:.1f} s = "
                f"{rate:.1f} articles/s wall-clock ({result.extracted / cpu:.1f} per CPU-second "
                f"of the workers, start-up included); linked {result.claims} claims into "
                f"{incidents} incidents in {result.link_s:.2f} s; {result.claims_written} "
                f"claims in {result.months} months of GeoParquet; peak memory per worker: "
                + ", ".join(f"{v:.0f} MB" for v in sorted(peaks.values()))
            )
        print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")


def link_once(claims: int) -> None:
    """Link ``claims`` synthetic claims with the Linker; print seconds and peak MB (JSON)."""
    from geo.batch.work import peak_memory_mb
    from geo.model.claims import Claim, ClaimedPlace
    from geo.model.records import DatePrecision, EventType, LocationPrecision
    from geo.store.linking import LinkedClaim, Linker, bulk_linking

    rng = random.Random(claims)
    places = [(rng.uniform(-5, 40), rng.uniform(-15, 55)) for _ in range(3000)]
    start = dt.date(2010, 1, 1)
    items = []
    article = 0
    while len(items) < claims:
        lat, lon = rng.choice(places)
        day = start + dt.timedelta(days=rng.randrange(3650))
        radius = rng.choice([5.0, 5.0, 10.0, 25.0, 150.0])
        toll = rng.randrange(1, 20)
        for _ in range(rng.choice([2, 2, 3])):
            drift = rng.choice([0, 0, 1])
            place = ClaimedPlace(
                name="p", lat=lat, lon=lon, country_code="", precision=LocationPrecision.TOWN,
                radius_km=radius,
            )  # fmt: skip
            claim = Claim(
                index=0, sentences=(), event_type=EventType.AIR_STRIKE,
                date_start=day + dt.timedelta(days=drift), date_end=day + dt.timedelta(days=drift),
                date_precision=DatePrecision.DAY, place=place, fatalities_low=toll,
                fatalities_high=toll,
            )  # fmt: skip
            article += 1
            items.append(((day, article, 0), LinkedClaim(article, article, "o", claim)))
    items = items[:claims]
    rng.shuffle(items)  # articles arrive in no order of date
    before = peak_memory_mb()
    linker = Linker()
    t0, c0 = time.perf_counter(), time.process_time()
    with bulk_linking():  # as IncidentStore.ingest_extracted links
        for n, (order, linked) in enumerate(items):
            incident = linker.link([linked]).get(0, f"i{n}")
            linker.attach(incident, order, linked)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"claims": claims, "incidents": len(linker), "s": seconds, "cpu": cpu,
                      "peak_mb": peak_memory_mb(), "claims_mb": before}))  # fmt: skip


def link_part(sizes: list[int]) -> None:
    rows = []
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--link-once", str(size)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"link {row['claims']:>9,} claims -> {row['incidents']:>8,} incidents: "
            f"{row['s']:7.1f} s wall-clock, {row['cpu']:7.1f} s CPU "
            f"({row['claims'] / row['cpu']:,.0f} claims per CPU-second), peak memory "
            f"{row['peak_mb']:.0f} MB ({row['claims_mb']:.0f} MB before linking: the "
            "interpreter and the claims)",
            flush=True,
        )
    for a, b in zip(rows, rows[1:], strict=False):
        print(
            f"x{b['claims'] / a['claims']:.0f} claims: CPU time x{b['cpu'] / a['cpu']:.1f} "
            f"(wall-clock x{b['s'] / a['s']:.1f}), "
            f"memory x{b['peak_mb'] / a['peak_mb']:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--skip-extract", action="store_true")
    parser.add_argument("--skip-link", action="store_true")
    parser.add_argument("--link-once", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.link_once:
        link_once(args.link_once)
        return
    if not args.skip_extract:
        extract_part(args.articles)
    if not args.skip_link:
        link_part(args.claims)


if __name__ == "__main__":
    main()
