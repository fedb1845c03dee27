"""Cost of geoparsing and ingesting pathological and large inputs, per 100 KB, by size.

Every text path should grow linearly with its input: a report may be up to 1 MB
(:data:`geo.extraction.extract.MAX_ARTICLE_BYTES`), and any such report should ingest or geoparse in
a few seconds. For each input shape below the script builds a text of 100 KB, 500 KB and
1 MB, times the geoparser (``find_toponyms``) and the whole ingest (extraction, linking and
storing into a fresh database), and prints the cost per 100 KB at each size and the ratio
between sizes: a ratio near 1 is linear growth, a ratio near the size ratio (5 or 10) is
quadratic. With ``--cli`` it also times ``strikemap toponyms`` and ``strikemap ingest`` of
each 1 MB text end to end (process start included).

The shapes (all texts generated here, from our own word lists):

- ``number-list``: "A strike killed 1,1,1,...", a figure list the distance pattern scanned
  twice from every position;
- ``abbreviations``: "the Gen. Gen. Gen. ...", abbreviations that do not end a sentence
  (one sentence of a megabyte);
- ``relative-dates``: "a drone strike on Thursday killed eight ... and five days later
  another strike killed eleven, officials said, ..." repeated in one sentence: dates
  resolved against earlier ones, each with a "said" before it;
- ``place-names``: sentences listing ten distinct town names each (10,000 names per
  ~120 KB), every one looked up and resolved in the document's context (each confident one
  an anchor for the others);
- ``news-report``: a realistic news-like report (paragraphs of varied strike, statement and
  background sentences);
- ``strike-sentence``: one strike sentence repeated.

Run::

    .venv/bin/python benchmarks/pathological_input.py            # in-process timings
    .venv/bin/python benchmarks/pathological_input.py --cli      # also the CLI at 1 MB
    .venv/bin/python benchmarks/pathological_input.py --shape news-report --sizes 100 1000

The gazetteer index is ``$STRIKEMAP_GAZETTEER`` (or ``--index``), as for the CLI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

if TYPE_CHECKING:
    from gazetteer.search import Gazetteer

PUBLISHED = dt.date(2019, 9, 27)
KB = 1000

# --- the shapes -------------------------------------------------------------------------------

# Towns and the countries they are in, as the press spells them (facts, listed by us).
_TOWNS = [
    ("Murzuq", "Libya"),
    ("Sirte", "Libya"),
    ("Derna", "Libya"),
    ("Sabha", "Libya"),
    ("Ubari", "Libya"),
    ("Bani Walid", "Libya"),
    ("Ajdabiya", "Libya"),
    ("Kufra", "Libya"),
    ("Jilib", "Somalia"),
    ("Kismayo", "Somalia"),
    ("Baidoa", "Somalia"),
    ("Bosaso", "Somalia"),
    ("Beledweyne", "Somalia"),
    ("Afgooye", "Somalia"),
    ("Marib", "Yemen"),
    ("Shabwa", "Yemen"),
    ("Al Bayda", "Yemen"),
    ("Mukalla", "Yemen"),
    ("Aden", "Yemen"),
    ("Idlib", "Syria"),
    ("Raqqa", "Syria"),
    ("Palmyra", "Syria"),
    ("Deir ez-Zor", "Syria"),
    ("Hasakah", "Syria"),
    ("Gao", "Mali"),
    ("Menaka", "Mali"),
    ("Timbuktu", "Mali"),
    ("Kidal", "Mali"),
    ("Mopti", "Mali"),
    ("Agadez", "Niger"),
    ("Diffa", "Niger"),
    ("Tillaberi", "Niger"),
    ("Mosul", "Iraq"),
    ("Kirkuk", "Iraq"),
    ("Tikrit", "Iraq"),
    ("Fallujah", "Iraq"),
    ("Djibo", "Burkina Faso"),
    ("Dori", "Burkina Faso"),
    ("Maiduguri", "Nigeria"),
    ("Miranshah", "Pakistan"),
    ("Kandahar", "Afghanistan"),
    ("Jalalabad", "Afghanistan"),
]
_ACTORS = ["US Africa Command", "AFRICOM", "the US military", "the coalition", "the French army"]
_GROUPS = ["Islamic State", "ISIS", "al-Shabaab", "AQIM", "al-Qaeda", "Daesh"]
_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "11"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."]
_DIRECTIONS = ["north", "south", "east", "west", "northeast", "southwest", "south-east"]


def _news_paragraph(rng: random.Random) -> str:
    """A paragraph of a news-like report: strike, statement, distance, background, figures."""
    town, country = rng.choice(_TOWNS)
    other, _ = rng.choice(_TOWNS)
    n, m = rng.choice(_NUMBER_WORDS), rng.choice(_NUMBER_WORDS)
    actor, group = rng.choice(_ACTORS), rng.choice(_GROUPS)
    day = rng.choice(_WEEKDAYS)
    month, date = rng.choice(_MONTHS), rng.randint(1, 28)
    km, way = rng.choice([10, 20, 35, 40, 60, 100]), rng.choice(_DIRECTIONS)
    sentences = [
        f"A {rng.choice(['US drone', 'air', 'coalition'])} strike killed {n} {group} "
        f"fighters near {town}, {country}, on {day}, {actor} said in a statement.",
        f"The strike hit a compound about {km} km {way} of {other}, officials told reporters.",
        f"On {month} {date}, an earlier raid in the same area killed {m} militants, "
        f"according to local residents.",
        f"Five days later, another strike on a vehicle near {other} killed at least {n}.",
        f"Gen. {rng.choice(['Smith', 'Towns', 'Langley'])} said the U.S. forces would "
        f"continue to press {group} in the region.",
        f"Since {rng.choice(['2016', '2017', 'last year'])}, more than "
        f"{rng.randint(20, 500)} strikes have hit the group in {country}, a monitor said.",
        f"Residents of {town} described hearing aircraft overhead for several hours "
        f"before the explosion, and {m} people were wounded.",
    ]
    rng.shuffle(sentences)
    return " ".join(sentences[: rng.randint(3, len(sentences))])


def _repeat(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` bytes (whole units only)."""
    return unit * max(1, size // len(unit.encode("utf-8")))


def number_list(size: int, gaz: Gazetteer) -> str:
    head = "A strike killed "
    return head + _repeat("1,", size - len(head))


def abbreviations(size: int, gaz: Gazetteer) -> str:
    # "Gen." before a capital does not end a sentence; "the" keeps the text English
    return _repeat("the Gen. Gen. Gen. ", size)


def relative_dates(size: int, gaz: Gazetteer) -> str:
    # one long sentence: each date was checked for "said" from the sentence's start
    unit = (
        "a drone strike on Thursday killed eight fighters near Murzuq and five days later "
        "another strike killed eleven, officials said, "
    )
    return "The statement said " + _repeat(unit, size - 20)


def place_names(size: int, gaz: Gazetteer) -> str:
    """Sentences listing ten distinct towns each ("... in the towns of A, B, ... and J.")."""
    from gazetteer.lexicon import demonym_country

    # Distinct town names, most prominent first, read from the index: each is a new name to
    # look up and, once resolved, a new anchor for the others. Names that are also demonyms
    # ("Brits") are left out: "Brits, Xiulin" raised a KeyError in the geoparser before
    # issue 10 was fixed, and would stop the benchmark.
    names = [
        row[0]
        for row in gaz._query(
            "SELECT name FROM places WHERE kind = 'city' GROUP BY name "
            "ORDER BY max(prominence) DESC LIMIT ?",
            [size // 8],
        )
        if demonym_country(row[0]) is None
    ]
    sentences: list[str] = []
    total = 0
    cycle = itertools.cycle(names)
    while True:
        group = [next(cycle) for _ in range(10)]
        sentence = (
            f"Strikes were reported in the towns of {', '.join(group[:-1])} and {group[-1]}. "
        )
        if total + len(sentence.encode("utf-8")) > size:
            break
        sentences.append(sentence)
        total += len(sentence.encode("utf-8"))
    return "".join(sentences)


def news_report(size: int, gaz: Gazetteer) -> str:
    rng = random.Random(2019)
    title = "US strikes on militants continue across the Sahel and the Horn of Africa"
    paragraphs = ["TRIPOLI, Libya — " + _news_paragraph(rng)]
    total = len(title) + len(paragraphs[0])
    while True:
        para = _news_paragraph(rng)
        if total + len(para.encode("utf-8")) + 2 > size:
            break
        paragraphs.append(para)
        total += len(para.encode("utf-8")) + 2
    return "\n\n".join(paragraphs) + "\n"


def strike_sentence(size: int, gaz: Gazetteer) -> str:
    unit = (
        "A US drone strike killed eight Islamic State fighters in a compound in Murzuq, Libya, "
        "on Thursday, US Africa Command said. "
    )
    return _repeat(unit, size)


SHAPES: dict[str, Callable[[int, Gazetteer], str]] = {
    "number-list": number_list,
    "abbreviations": abbreviations,
    "relative-dates": relative_dates,
    "place-names": place_names,
    "news-report": news_report,
    "strike-sentence": strike_sentence,
}

# --- measuring --------------------------------------------------------------------------------


def time_geoparse(text: str, gaz: object) -> float:
    """Seconds for ``find_toponyms(text)``."""
    from gazetteer.geoparse.toponyms import find_toponyms

    t0 = time.perf_counter()
    find_toponyms(text, gazetteer=gaz)
    return time.perf_counter() - t0


def time_ingest(text: str, gaz: object) -> float:
    """Seconds to ingest ``text`` as one report into a new database (extraction included)."""
    from gazetteer.errors import DataError
    from geo.model.claims import Article
    from geo.store.database import IncidentStore

    with tempfile.TemporaryDirectory(prefix="strikemap-pathological-") as tmp:
        store = IncidentStore.open(Path(tmp) / "incidents.db", seed=False)
        try:
            t0 = time.perf_counter()
            try:
                store.ingest(Article(text, PUBLISHED, outlet="Bench"), gazetteer=gaz)  # type: ignore[arg-type]
            except DataError:
                pass  # refused (e.g. not English): the refusal's cost is what is measured
            return time.perf_counter() - t0
        finally:
            store.close()


def time_cli(args: Sequence[str]) -> float:
    """Wall seconds of one ``strikemap`` command (process start included)."""
    exe = REPO_ROOT / ".venv" / "bin" / "strikemap"
    t0 = time.perf_counter()
    proc = subprocess.run([str(exe), *args], check=False, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:]
        print(f"  `strikemap {args[0]}` exited {proc.returncode}: {tail}", file=sys.stderr)
    return seconds


def time_cli_pair(text: str, index: str | None) -> tuple[float, float]:
    """``strikemap ingest`` into a fresh database and ``strikemap toponyms`` of ``text``."""
    with tempfile.TemporaryDirectory(prefix="strikemap-pathological-") as tmp:
        report = Path(tmp) / "report.txt"
        report.write_text(text, encoding="utf-8")
        more = ["--index", index] if index else []
        ingest = time_cli(
            ["ingest", "--db", str(Path(tmp) / "case.db"), "--published", str(PUBLISHED)]
            + more
            + [str(report)]
        )
        toponyms = time_cli(["toponyms", *more, str(report)])
    return ingest, toponyms


def _row(costs: Sequence[float]) -> str:
    cells = " / ".join(f"{c:.2f}" for c in costs)
    ratio = f"{costs[-1] / costs[0]:.2f}" if costs[0] > 0 else "-"
    return f"{cells} | {ratio}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="repeatable")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 500, 1000], help="sizes in KB"
    )
    parser.add_argument("--index", help="gazetteer index (default: $STRIKEMAP_GAZETTEER)")
    parser.add_argument("--cli", action="store_true", help="also time the CLI at the largest size")
    args = parser.parse_args(argv)

    from gazetteer.search import Gazetteer

    gaz = Gazetteer.open(args.index) if args.index else Gazetteer.open()
    # warm-up: imports, the typo index and the division outlines load once per process
    time_geoparse("A strike near Murzuq, Libya, and Qwertzuiopland killed eight.", gaz)
    time_ingest("A strike in Marib province, Yemen, 40 km north of Sirte, killed eight.", gaz)
    sizes = sorted(args.sizes)
    shapes = args.shape or list(SHAPES)
    head = " / ".join(f"{s:,} KB" for s in sizes)
    print(f"seconds per 100 KB at {head}; ratio = cost per 100 KB at the largest size over the")
    print("smallest (1 = linear growth)\n")
    print(
        "| input | geoparse, s per 100 KB | ratio | ingest, s per 100 KB | ratio |"
        + (" CLI at the largest size: ingest / toponyms, s |" if args.cli else "")
    )
    print("|---|---|---:|---|---:|" + ("---|" if args.cli else ""))
    for name in shapes:
        texts = [SHAPES[name](size * KB, gaz) for size in sizes]
        costs = {}
        for what, timer in (("geoparse", time_geoparse), ("ingest", time_ingest)):
            costs[what] = [
                timer(text, gaz) / (len(text.encode("utf-8")) / (100 * KB)) for text in texts
            ]
        line = f"| {name} | {_row(costs['geoparse'])} | {_row(costs['ingest'])} |"
        if args.cli:
            ingest, toponyms = time_cli_pair(texts[-1], args.index)
            line += f" {ingest:.1f} / {toponyms:.1f} |"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
