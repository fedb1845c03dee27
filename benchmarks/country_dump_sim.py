"""What a user's GeoNames country dump would add to the geoparser, measured on the corpora.

Run: .venv/bin/python benchmarks/country_dump_sim.py [--data-dir DIR] [--dump FILE ...]
        [--oracle] [--work DIR]

A user adds a country dump (``strikemap gazetteer build --geonames SO.txt``; the files are
GeoNames' per-country ``XX.txt``). The corpora are not about one country, so two measures:

``--dump FILE`` (real dumps, e.g. ``../shared/data/geonames/NL.txt``)
    Builds an index of the shipped sources plus the dump and resolves both corpora with gold
    spans: Acc@161, the candidate ceiling, and the toponyms inside that country, before and
    after. This measures the noise a whole dump brings (thousands of small homonyms) as well
    as what it covers.
``--oracle``
    Simulates every country's dump at once, each reduced to the places the corpora need:
    for each gold toponym that no candidate reaches in the shipped index, whose gold point
    lies in a country, and that a GeoNames dump would hold (towns, villages, neighbourhoods,
    divisions, rivers and lakes, natural regions), one row in GeoNames' 19-column format with
    the name as written, the gold point, and its GeoNames id where the corpus gives one. A
    second row adds streets, buildings and venues (GeoNames holds some buildings, few streets).
    An upper bound: a real dump names the place as GeoNames does (not always as the article
    does) and brings homonyms too. The table says per country how many toponyms its dump
    would reach: which dumps are worth a user's while.

The corpora are read from ``../shared/eval/geoparsing`` and never copied; the synthetic dump
is written to ``--work`` (a temporary folder by default) and deleted with it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geoparse_eval as ge  # noqa: E402
import geoparse_misses as gm  # noqa: E402

#: Kinds of uncovered toponym that a GeoNames country dump would not supply.
NOT_IN_A_DUMP = (
    "demonym or adjective",
    "country, its point elsewhere in the corpus",
    "sea, continent or group of countries, its point elsewhere",
    "organisation, event or team named for a place",
)
#: Kinds a GeoNames dump holds only in part.
VENUES = ("street, building or venue",)
#: GeoNames feature class and code given to each kind in the synthetic dump.
FEATURE = {
    "river, lake, sea or other water": ("H", "STM"),
    "US county": ("A", "ADM2"),
    "second-level division (outside the US)": ("A", "ADM2"),
    "US township, ward or district": ("A", "ADM3"),
    "first-level division": ("A", "ADM1"),
    "street, building or venue": ("S", "BLDG"),
    "natural region or area": ("L", "AREA"),
}


def score(corpora: dict[str, ge.Corpus], index: Path, tables: gm.GeoNamesTables) -> dict:
    """Acc@161 (with gold spans), the ceiling, and the tallies, per corpus, on ``index``."""
    from gazetteer.search import Gazetteer

    out = {}
    with Gazetteer(index) as gazetteer:
        resolver = ge.strikemap_resolver(gazetteer)
        for key, corpus in corpora.items():
            result = ge.evaluate(corpus, resolver, mode="gold", system="strikemap")
            tally = gm.tally_misses(corpus, gazetteer, tables, ge.ACC_RADIUS_KM)
            out[key] = {"scores": result, "tally": tally}
    return out


def oracle_rows(
    corpora: dict[str, ge.Corpus], baseline: dict, *, venues: bool = False
) -> tuple[list[str], Counter]:
    """GeoNames dump lines for the uncovered toponyms a dump would hold, and their countries."""
    from gazetteer.basemap import country_at

    lines, countries, seen = [], Counter(), set()
    synthetic = 900_000_000
    for key, corpus in corpora.items():
        docs = {d.id: d for d in corpus.documents}
        for kind, doc_id, surface, ref, lat, lon, _ in baseline[key]["tally"].rows:
            if kind in NOT_IN_A_DUMP or doc_id not in docs or (kind in VENUES) != venues:
                continue
            country = country_at(lat, lon)
            if not country:
                continue  # at sea: no country's dump
            countries[(key, country)] += 1
            if (surface, round(lat, 3), round(lon, 3)) in seen:
                continue
            seen.add((surface, round(lat, 3), round(lon, 3)))
            gid = ref if ref.isdigit() else str(synthetic + len(lines))
            fclass, fcode = FEATURE.get(kind, ("P", "PPL"))
            cols = [gid, surface, surface, "", f"{lat:.5f}", f"{lon:.5f}", fclass, fcode]
            cols += [country, "", "", "", "", "", "0", "", "", "", "2026-01-01"]
            lines.append("\t".join(cols))
    return lines, countries


def build(path: Path, dumps: list[Path]) -> float:
    from gazetteer.index import build_index

    t0 = time.perf_counter()
    build_index(path, geonames_files=dumps)
    return time.perf_counter() - t0


def row(label: str, result: dict, base: dict | None) -> str:
    cells = []
    for key in result:
        r, t = result[key]["scores"], result[key]["tally"]
        delta = "" if base is None else f" ({100 * (r.acc161 - base[key]['scores'].acc161):+.1f})"
        cells.append(f"{ge._pct(r.acc161)}{delta} | {ge._pct(t.ceiling)}")
    return f"| {label} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="country_dump_sim.py", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ge.DEFAULT_DATA_DIR)
    parser.add_argument("--dump", type=Path, action="append", default=[], metavar="FILE")
    parser.add_argument("--oracle", action="store_true", help="simulate every country's dump")
    parser.add_argument("--work", type=Path, help="folder for the indexes (default: temporary)")
    args = parser.parse_args(argv)
    corpora = {}
    for key, (filename, reader) in ge.READERS.items():
        path = args.data_dir / filename
        if path.is_file():
            corpora[key] = reader(path)
    if not corpora:
        print(f"no corpus in {args.data_dir}; nothing done")
        return 0
    for dump in args.dump:
        if not dump.is_file():
            print(f"country_dump_sim.py: error: no dump at {str(dump)!r}", file=sys.stderr)
            return 2
    from gazetteer.index import default_index_path

    tables = gm.GeoNamesTables.read()
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        work_dir = Path(work)
        base = score(corpora, default_index_path(), tables)
        names = " | ".join(f"{ge.CORPUS_NAMES[k]} Acc@161 | ceiling" for k in corpora)
        lines = [f"| Index | {names} |", "|---|" + "---:|---:|" * len(corpora)]
        lines.append(row("shipped sources", base, None))
        for dump in args.dump:
            index = work_dir / f"with-{dump.stem}.sqlite"
            seconds = build(index, [dump])
            lines.append(
                row(
                    f"+ {dump.name} (built in {seconds:.0f} s)", score(corpora, index, tables), base
                )
            )
        counts: Counter = Counter()
        if args.oracle:
            dump_lines, counts = oracle_rows(corpora, base)
            venue_lines, _ = oracle_rows(corpora, base, venues=True)
            steps = [
                ("towns, divisions, rivers, regions", dump_lines),
                ("and streets, buildings, venues", dump_lines + venue_lines),
            ]
            for number, (what, rows) in enumerate(steps):
                synthetic = work_dir / f"ORACLE{number}.txt"
                synthetic.write_text("\n".join(rows) + "\n", encoding="utf-8")
                index = work_dir / f"with-oracle{number}.sqlite"
                build(index, [synthetic])
                label = f"+ every country's dump, simulated: {what} ({len(rows)} places)"
                lines.append(row(label, score(corpora, index, tables), base))
    print("\n".join(lines))
    if counts:
        print(
            "\nUncovered toponyms a country's dump would hold (towns, divisions, rivers, "
            "regions), by country (top 20):\n"
        )
        print("| Country | " + " | ".join(ge.CORPUS_NAMES[k] for k in corpora) + " |")
        print("|---|" + "---:|" * len(corpora))
        by_country = Counter()
        for (_, country), n in counts.items():
            by_country[country] += n
        for country, _ in by_country.most_common(20):
            cells = " | ".join(str(counts.get((k, country), 0)) for k in corpora)
            print(f"| {country or '(at sea)'} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
