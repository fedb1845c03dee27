"""Which gold toponyms no candidate reaches, and what kind of place they are.

Used by ``benchmarks/geoparse_eval.py --misses-by-kind``. With gold spans, each document is
resolved once while :func:`gazetteer.geoparse.ranker.recording` keeps every span's candidates;
a gold toponym is *covered* when one of its candidates (or the place chosen, for a demonym)
lies within 161 km of the gold point. The ranker can only pick among candidates, so the
covered share is the ceiling of Acc@161 with gold spans. Each toponym that is not covered is
given one kind, first by its gold reference, then by its words:

1. a demonym or adjective ("Syrian"): the demonym table, or a capitalised word ending as
   demonyms do;
2. GWN's GeoNames id, looked up in GeoNames' own tables (``countryInfo.txt``,
   ``admin1CodesASCII.txt``, ``admin2Codes.txt`` in ``../shared/data/geonames``, read at
   benchmark time when present): a country, a first-level division, a US county, another
   second-level division;
3. words in the name, in the word after it, or in GeoVirus' Wikipedia page title: a river,
   lake, sea or other water; a county or district; a street, building or venue; a natural
   region or area;
4. else a town, village or neighbourhood, told apart by whether the gazetteer had the name
   at all (``no candidate``) or only places of that name elsewhere (``homonyms only``).

The word lists are heuristics for error analysis, not part of the product.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GEONAMES_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "geonames"

WATER = frozenset(
    "river rivers lake lakes sea ocean gulf bay strait straits creek canal channel reservoir "
    "lagoon harbour harbor falls sound estuary".split()
)
DIVISION = frozenset(
    "county counties district districts province prefecture municipality department parish "
    "borough regency shire township constituency ward commune".split()
)
VENUE = frozenset(
    "street st road rd avenue ave boulevard blvd lane drive highway freeway interstate route "
    "hall hospital school college university church cathedral mosque temple park center "
    "centre stadium station bridge square mall library museum airport building tower plaza "
    "market prison jail court courthouse hotel club arena field house palace campus zoo "
    "garden gardens base pier terminal theater theatre academy institute clinic "
    "cemetery memorial monument store restaurant bar farm ranch camp".split()
)
ORGANISATION = frozenset(
    "bank commission council embassy ministry senate congress parliament nations summit show "
    "cup trust cargo chambers office agency government committee police sheriff force "
    "league festival fc united".split()
)
REGION = frozenset(
    "region valley coast peninsula island islands isle mountains mountain mount mt desert "
    "plain plains basin delta highlands forest reef glacier canyon hills range "
    "area territory territories strip corridor belt state".split()
)
DEMONYM_ENDINGS = ("an", "ans", "ese", "ish", "ic", "i", "is")


@dataclass
class MissTally:
    """Gold toponyms no candidate reaches, counted by kind, for one corpus."""

    corpus: str
    toponyms: int = 0
    covered: int = 0
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [no cand., homonyms]
    examples: dict[str, list[str]] = field(default_factory=dict)
    rows: list[tuple[str, str, str, str, float, float, bool]] = field(default_factory=list)

    def add(
        self, kind: str, had_candidates: bool, surface: str, doc: str = "", t: Any = None
    ) -> None:
        if t is not None:
            self.rows.append((kind, doc, surface, t.ref, t.lat, t.lon, had_candidates))
        tally = self.kinds.setdefault(kind, [0, 0])
        tally[1 if had_candidates else 0] += 1
        shown = self.examples.setdefault(kind, [])
        if surface not in shown and len(shown) < 6:
            shown.append(surface)

    @property
    def ceiling(self) -> float | None:
        return self.covered / self.toponyms if self.toponyms else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "toponyms": self.toponyms,
            "covered": self.covered,
            "ceiling": self.ceiling,
            "kinds": {
                k: {"no_candidate": v[0], "homonyms_only": v[1]} for k, v in self.kinds.items()
            },
            "examples": self.examples,
            "rows": self.rows,
        }


@dataclass(frozen=True)
class GeoNamesTables:
    """GeoNames ids of countries, first- and second-level divisions (US apart)."""

    countries: frozenset[str] = frozenset()
    admin1: frozenset[str] = frozenset()
    admin2_us: frozenset[str] = frozenset()
    admin2: frozenset[str] = frozenset()

    @classmethod
    def read(cls, folder: Path = GEONAMES_DIR) -> GeoNamesTables:
        """The tables in ``folder``; empty sets for any file that is absent."""

        def column(name: str, index: int, keep=lambda cols: True) -> frozenset[str]:
            path = folder / name
            if not path.is_file():
                return frozenset()
            out = set()
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("#"):
                        continue
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) > index and keep(cols):
                        out.add(cols[index])
            return frozenset(out)

        return cls(
            countries=column("countryInfo.txt", 16),
            admin1=column("admin1CodesASCII.txt", 3),
            admin2_us=column("admin2Codes.txt", 3, lambda c: c[0].startswith("US.")),
            admin2=column("admin2Codes.txt", 3, lambda c: not c[0].startswith("US.")),
        )


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]+", text)]


def _page_title(ref: str) -> str:
    if "/wiki/" not in ref:
        return ""
    return urllib.parse.unquote(ref.rsplit("/wiki/", 1)[1]).replace("_", " ")


def classify(
    text: str,
    toponym: Any,
    tables: GeoNamesTables,
    *,
    in_us: bool,
    demonym: bool,
    candidate_kinds: frozenset[str] = frozenset(),
) -> str:
    """One kind for a gold toponym that no candidate reaches (see the module docstring)."""
    surface = text[toponym.start : toponym.end]
    words = _words(surface)
    if demonym:
        return "demonym or adjective"
    if candidate_kinds & {"continent", "region", "water"} and len(words) <= 3:
        # the name is known as a sea, a continent or a group of countries, placed elsewhere
        return "sea, continent or group of countries, its point elsewhere"
    ref = toponym.ref
    if ref in tables.countries:
        return "country"
    if ref in tables.admin1:
        return "first-level division"
    if ref in tables.admin2_us:
        return "US county"
    if ref in tables.admin2:
        return "second-level division (outside the US)"
    following = _words(text[toponym.end : toponym.end + 20])[:1]
    preceding = _words(text[max(0, toponym.start - 12) : toponym.start])[-1:]
    title = _words(_page_title(ref).split(",")[0])
    around = set(words) | set(following) | set(title) | set(preceding) & {"river", "lake"}
    if set(words) & ORGANISATION or (len(words) == 2 and words[1] == "city"):
        return "organisation, event or team named for a place"
    if re.fullmatch(r"[A-Z]{1,2}\d{1,4}", surface.strip()):
        return "street, building or venue"
    if around & WATER:
        return "river, lake, sea or other water"
    if around & DIVISION:
        if not in_us:
            return "second-level division (outside the US)"
        if around & {"county", "counties", "parish"}:
            return "US county"
        return "US township, ward or district"
    if around & VENUE:
        return "street, building or venue"
    if around & REGION:
        return "natural region or area"
    if (
        len(words) == 1
        and surface[:1].isupper()
        and words[0].endswith(DEMONYM_ENDINGS)
        and toponym.type not in ("Literal", "location", "continent")
    ):
        return "demonym or adjective"
    return "town, village or neighbourhood" + (" (US)" if in_us else "")


def tally_misses(
    corpus: Any, gazetteer: Any, tables: GeoNamesTables, radius_km: float
) -> MissTally:
    """Resolve ``corpus`` with gold spans, recording candidates; count what none reaches."""
    from gazetteer.basemap import country_at
    from gazetteer.geodesy import geodesic_distance
    from gazetteer.geoparse.ranker import recording
    from gazetteer.geoparse.toponyms import resolve_toponyms
    from gazetteer.lexicon import demonym_country

    tally = MissTally(corpus.key)
    for doc in corpus.documents:
        gold = [t for t in doc.toponyms if t.has_coordinates]
        if not gold:
            continue
        with recording() as records:
            matches = resolve_toponyms(
                doc.text, [(t.start, t.end) for t in gold], gazetteer=gazetteer
            )
        by_span = {(start, end): places for start, end, places, _ in records}
        for t, match in zip(gold, matches, strict=True):
            tally.toponyms += 1
            places: Sequence[Any] = by_span.get((t.start, t.end), [])
            if match.place is not None:
                places = [*places, match.place]
            near = any(
                geodesic_distance((t.lat, t.lon), (p.lat, p.lon)).km <= radius_km for p in places
            )
            if near:
                tally.covered += 1
                continue
            surface = " ".join(doc.text[t.start : t.end].split())
            if any(
                getattr(p.kind, "value", p.kind) == "country"
                and p.country_code == country_at(t.lat, t.lon)
                for p in places
            ):
                tally.add("country, its point elsewhere in the corpus", True, surface, doc.id, t)
                continue
            demonym = getattr(match.kind, "value", "") == "demonym" or bool(
                demonym_country(surface)
            )
            kind = classify(
                doc.text,
                t,
                tables,
                in_us=country_at(t.lat, t.lon) == "US",
                demonym=demonym,
                candidate_kinds=frozenset(str(getattr(p.kind, "value", p.kind)) for p in places),
            )
            tally.add(kind, bool(by_span.get((t.start, t.end))), surface, doc.id, t)
    return tally


def render(tallies: Sequence[MissTally], names: dict[str, str]) -> list[str]:
    """Markdown: the candidate ceiling and the uncovered toponyms by kind, per corpus."""
    lines = [
        "### Gold toponyms no candidate reaches, by kind (gold spans)",
        "",
        "Covered: some candidate (or, for a demonym, the chosen country) lies within 161 km "
        "of the gold point; the covered share is the ceiling of Acc@161.",
        "",
    ]
    for t in tallies:
        lines.append(
            f"- {names[t.corpus]}: {t.toponyms:,} toponyms, {t.covered:,} covered "
            f"(ceiling {100 * (t.ceiling or 0):.1f} %), {t.toponyms - t.covered:,} not."
        )
    lines += [
        "",
        "| Kind | "
        + " | ".join(
            f"{names[t.corpus]}: no candidate | {names[t.corpus]}: homonyms only" for t in tallies
        )
        + " | examples |",
        "|---|" + "---:|---:|" * len(tallies) + "---|",
    ]
    kinds = sorted(
        {k for t in tallies for k in t.kinds},
        key=lambda k: -sum(sum(t.kinds.get(k, [0, 0])) for t in tallies),
    )
    for kind in kinds:
        cells = " | ".join(
            f"{t.kinds.get(kind, [0, 0])[0]:,} | {t.kinds.get(kind, [0, 0])[1]:,}" for t in tallies
        )
        examples = "; ".join(e for t in tallies for e in t.examples.get(kind, [])[:3])
        lines.append(f"| {kind} | {cells} | {examples} |")
    lines.append("")
    return lines
