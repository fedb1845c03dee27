"""Work that grows with the input, not faster (issue 10).

A report may be a megabyte. No test here times anything against a clock: each runs an input
and one four times its size in the same process and compares the work done, counted where
Python does it (items scanned, gazetteer queries, geodesic pairs) and timed only where a
regular expression does it (the best of three runs). Linear work grows about four times;
the quadratic work these tests were written against grew sixteen times. The second half
checks that the fast paths answer exactly what the scans they replace answered.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from gazetteer.model import Candidate, MatchKind, Place, PlaceKind
from geo.extraction import distances, mentions
from geo.extraction import extract as ex
from geo.extraction import sentences as layout
from geo.extraction.extract import extract_claims
from geo.extraction.sentences import sentences
from geo.extraction.spans import SpanIndex, any_between

PUBLISHED = dt.date(2019, 9, 27)
LINEAR = 8.0  # the most a linear step may grow for a four times larger input (noise included)

needs_gazetteer = pytest.mark.usefixtures("gazetteer_index")


# --- inputs (written for these tests) --------------------------------------------------------


def news(paragraphs: int) -> str:
    """A news-like report: strikes, statements, distances, dates and background."""
    towns = [("Jilib", "Somalia"), ("Murzuq", "Libya"), ("Marib", "Yemen"), ("Gao", "Mali")]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    rng = random.Random(10)
    out = []
    for n in range(paragraphs):
        town, country = rng.choice(towns)
        other, _ = rng.choice(towns)
        out.append(
            f"A US drone strike killed {rng.randint(2, 9)} fighters near {town}, {country}, on "
            f"{rng.choice(days)}, officials said. The strike hit a compound about "
            f"{rng.randint(10, 60)} km north of {other}. Five days later another strike "
            f"killed {rng.randint(2, 9)}. Gen. Smith said the U.S. would keep up the pressure "
            f"on Sept. {n % 28 + 1}. In total, more than {rng.randint(20, 90)} strikes have "
            f"hit the group in {country} since 2017."
        )
    return "\n\n".join(out)


def bulletin(times: int) -> str:
    """A monitor's bulletin: the same heading, town (spelt as the gazetteer does not) and
    province again and again."""
    return (
        "SOMALIA\n\nA US drone strike killed eight fighters in a compound near Qoryoley in "
        "Lower Shabelle province on Thursday, US Africa Command said.\n\n"
    ) * times


def strike_sentence(times: int) -> str:
    return (
        "A US drone strike killed eight Islamic State fighters in a compound in Murzuq, "
        "Libya, on Thursday, US Africa Command said. "
    ) * times


def said_dates(times: int) -> str:
    """One long sentence of strikes, dates and "said": each date looked back to "said"."""
    return (
        "The statement said "
        + (
            "a drone strike on Thursday killed eight fighters near Murzuq and five days later "
            "another strike killed eleven, officials said, "
        )
        * times
    )


def number_list(times: int) -> str:
    return "A strike killed " + "1," * times


def abbreviations(times: int) -> str:
    return "the Gen. Gen. Gen. " * times


# --- measuring ------------------------------------------------------------------------------


def best_of_three(run: Callable[[], object]) -> float:
    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return best


def growth(run: Callable[[str], object], small: str, large: str) -> float:
    """How much longer ``large`` takes than ``small`` (best of three each)."""
    run(small)  # imports and caches
    return best_of_three(lambda: run(large)) / best_of_three(lambda: run(small))


class _Counted(list):
    """A list that counts the items handed out by iterating it."""

    def __init__(self, items: list, counter: list[int]) -> None:
        super().__init__(items)
        self.counter = counter

    def __iter__(self):
        for item in super().__iter__():
            self.counter[0] += 1
            yield item

    def __reversed__(self):
        for item in super().__reversed__():
            self.counter[0] += 1
            yield item


def scanned_items(text: str, gaz) -> int:
    """Items of the extractor's lists (names, dates, figures, sentences, groups, drafts)
    iterated while it reads the report's mentions, after its set-up."""
    from gazetteer.geoparse.toponyms import find_toponyms
    from geo.extraction.drafts import Story

    counter = [0]

    class CountingStory(Story):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.drafts = _Counted([], counter)

    found = [t for t in find_toponyms(text, gazetteer=gaz) if t.place is not None]
    doc = ex.read_document(text, PUBLISHED, gaz, found)
    lists = ("toponyms", "dates", "figures", "sentences", "groups")
    doc = replace(doc, **{name: _Counted(list(getattr(doc, name)), counter) for name in lists})
    counter[0] = 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ex, "Story", CountingStory)
        ex.extract_document(doc)
    return counter[0]


# --- the extractor ------------------------------------------------------------------------


@needs_gazetteer
@pytest.mark.parametrize(
    ("make", "n"),
    [(news, 12), (strike_sentence, 40), (said_dates, 40), (number_list, 2000), (bulletin, 20)],
    ids=["news", "strike-sentence", "said-dates", "number-list", "bulletin"],
)
def test_extractor_scans_grow_linearly(gaz, make, n):
    small, large = scanned_items(make(n), gaz), scanned_items(make(4 * n), gaz)
    assert small > 0
    assert large / small < 6, (small, large)


@needs_gazetteer
@pytest.mark.parametrize("make", [strike_sentence, bulletin], ids=["strike-sentence", "bulletin"])
def test_gazetteer_is_asked_once_per_name(gaz, make, monkeypatch):
    calls = []
    original, original_many = type(gaz).search, type(gaz).search_many

    def counting(self, name, **kwargs):
        calls.append(name)
        return original(self, name, **kwargs)

    def counting_many(self, names, **kwargs):
        names = list(names)
        calls.extend(names)
        return original_many(self, names, **kwargs)

    monkeypatch.setattr(type(gaz), "search", counting)
    monkeypatch.setattr(type(gaz), "search_many", counting_many)
    extract_claims(make(10), published=PUBLISHED, gazetteer=gaz)
    small = len(calls)
    calls.clear()
    extract_claims(make(40), published=PUBLISHED, gazetteer=gaz)
    assert small > 0
    assert len(calls) == small  # the same names, asked once each however often they recur


@needs_gazetteer
@pytest.mark.parametrize(
    ("make", "n"),
    [(number_list, 2500), (said_dates, 60), (abbreviations, 400), (news, 15)],
    ids=["number-list", "said-dates", "abbreviations", "news"],
)
def test_extraction_time_grows_linearly(gaz, make, n):
    def run(text: str) -> object:
        return extract_claims(text, published=PUBLISHED, gazetteer=gaz)

    assert growth(run, make(n), make(4 * n)) < LINEAR


def test_sentences_time_grows_linearly():
    # "Gen." before a capital never ends a sentence: the word before each full stop was
    # searched for from the sentence's start
    assert growth(sentences, abbreviations(2000), abbreviations(8000)) < LINEAR
    assert len(sentences(abbreviations(3))) == 1


# --- the geoparser --------------------------------------------------------------------------


def town_names(gaz, count: int) -> list[str]:
    rows = gaz._query(
        "SELECT name FROM places WHERE kind = 'city' AND name GLOB '[A-Z][a-z]*' "
        "GROUP BY name ORDER BY max(prominence) DESC LIMIT ?",
        [count],
    )
    return [r[0] for r in rows]


def town_list(names: list[str]) -> str:
    return "".join(
        f"Strikes were reported in the towns of {', '.join(names[i : i + 9])} and {names[i + 9]}. "
        for i in range(0, len(names) - 9, 10)
    )


@needs_gazetteer
def test_nearest_anchor_pairs_grow_linearly(gaz, monkeypatch):
    import gazetteer.geoparse.anchors as anchors
    import gazetteer.geoparse.toponyms as toponyms

    pairs = [0]
    geod = anchors._GEOD

    class Counting:
        def inv(self, lons1, lats1, lons2, lats2):
            pairs[0] += len(lons1) if hasattr(lons1, "__len__") else 1  # lists and arrays
            return geod.inv(lons1, lats1, lons2, lats2)

    monkeypatch.setattr(anchors, "_GEOD", Counting())
    names = town_names(gaz, 1200)
    assert len(names) == 1200
    toponyms.find_toponyms(town_list(names[:300]), gazetteer=gaz)
    small, pairs[0] = pairs[0], 0
    found = toponyms.find_toponyms(town_list(names), gazetteer=gaz)
    assert sum(t.place is not None for t in found) > 800
    assert small > 0
    assert pairs[0] / small < LINEAR, (small, pairs[0])


@needs_gazetteer
def test_geoparse_time_grows_linearly(gaz):
    from gazetteer.geoparse.toponyms import find_toponyms

    def run(text: str) -> object:
        return find_toponyms(text, gazetteer=gaz)

    assert growth(run, number_list(5000), number_list(20000)) < LINEAR
    assert growth(run, strike_sentence(50), strike_sentence(200)) < LINEAR


# --- the fast paths answer what the scans answered --------------------------------------------


@dataclass(frozen=True, slots=True)
class _Offsets:
    start: int
    end: int


def test_span_index_answers_as_a_scan():
    rng = random.Random(3)
    for _ in range(200):
        spans = sorted(
            (_Offsets(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 60) for _ in range(12))),
            key=lambda s: s.start,
        )
        index = SpanIndex(spans)
        for _ in range(20):
            lo = rng.randint(-2, 64)
            hi = lo + rng.randint(0, 20)
            assert index.within(lo, hi) == [s for s in spans if lo <= s.start and s.end <= hi]
            assert index.starting(lo, hi) == [s for s in spans if lo <= s.start < hi]
            assert index.covers(lo) == any(s.start <= lo < s.end for s in spans)
            assert index.overlaps(lo, hi) == any(s.start < hi and lo < s.end for s in spans)
            assert index.contains(lo, hi) == any(s.start <= lo and hi <= s.end for s in spans)
            values = sorted(s.start for s in spans)
            assert any_between(values, lo, hi) == any(lo <= v < hi for v in values)


def test_span_index_refuses_unsorted_items():
    with pytest.raises(ValueError, match="sorted by start"):
        SpanIndex([_Offsets(5, 6), _Offsets(1, 2)])


_ALPHABET = "ab .,;:\u2014-\n\t  andwhilebutsecondtwoGen.U.S.1"


def _random_text(rng: random.Random, size: int) -> str:
    words = ["and", "while", "but", "second", "two", "another", "Four", "Gen.", "U.S.", "a.b"]
    parts = []
    for _ in range(size):
        parts.append(rng.choice(words) if rng.random() < 0.4 else rng.choice(_ALPHABET))
    return "".join(parts)


def test_text_helpers_answer_as_their_patterns():
    clause = re.compile(r"[,;:\u2014]|\s+and\s+|\s+while\s+|\s+but\s+")
    counted = re.compile(r"\b(?:second|third|fourth|another|two|three|four)\s+$", re.I)
    word = re.compile(r"([\w.]+)\.$")
    rng = random.Random(11)
    for _ in range(300):
        text = _random_text(rng, 60)
        marks = layout.Marks(text, layout.CLAUSE_MARK)
        breaks = layout.paragraph_breaks(text)
        for _ in range(20):
            lo = rng.randint(0, len(text))
            hi = rng.randint(lo, len(text))
            assert marks.between(lo, hi) == bool(clause.search(text[lo:hi])), (text, lo, hi)
            assert mentions._counted_before(text, lo, hi) == bool(counted.search(text[lo:hi]))
            assert layout.blank_line_between(breaks, lo, hi) == bool(
                re.search(r"\n\s*\n", text[lo:hi])
            )
            if hi > lo and text[hi - 1] == ".":
                m = word.search(text[lo:hi])
                assert layout._word_before(text, lo, hi - 1) == (m.group(1) if m else "")


def test_distance_pattern_finds_what_it_found_before():
    # a value no longer starts inside a word or a figure, and a figure has at most 41
    # characters: only work was saved, for figures of normal length
    old = re.compile(
        distances._RELATIVE.pattern.replace(r"(?<!\d)(?<!\d[,.])", "")
        .replace(r"{0,40}(?![\d,.])", "*")
        .replace("(?<![a-z])", ""),
        re.IGNORECASE,
    )
    assert old.pattern != distances._RELATIVE.pattern
    assert r"(?P<value>\d[\d,.]*|[a-z]+" in old.pattern
    rng = random.Random(5)
    pieces = ["1", ",", ".", "2", "5 ", "km", " km", " miles", " south of ", "north", "about ",
              "ten", "x", " ", "-", "twenty five", "(40 mi) ", "to the ", "west", "ern"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        got = [(m.span(), m.groupdict()) for m in distances._RELATIVE.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in old.finditer(text)], text
        if got:
            assert distances._HAS_RELATIVE.search(text)


def test_number_rules_are_skipped_only_where_they_cannot_match():
    from geo.extraction import textnum

    rng = random.Random(8)
    words = ["between", "and", "from", "to", "or", "3", "4", "-", "–", " ", "percent", "%",
             "per cent", "a", "third", "half", "dozens", "a few", "hundred", "twelve", ",",
             "BETWEEN", "To", "OR", "Seventeen", "one-third", "A QUARTER", "Several", "\n",
             "thousand", "2.5", "1,200", "\u212a", "ı", "İ", "ſ", "ß", "Fıve", "ſeveral",
             "TWO-THİRDS", "half a dozen", "\u00a0", "or\tfour", "fifty-six", "Per Cent",
             "between two and five", "FROM 3 TO 12", "from", "Between"]  # fmt: skip
    for _ in range(6000):
        sep = rng.choice([" ", "", "  "])
        text = sep.join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        folded = textnum.fold_case(text)
        for pattern, need in textnum._NEEDS.items():
            if pattern.search(text):
                assert need(text, folded), (pattern.pattern[:40], text)


# --- nearest anchors and close spellings ----------------------------------------------------


def _place(i: int, lat: float, lon: float) -> Place:
    return Place.trusted(
        f"t:{i}", f"P{i}", PlaceKind.CITY, "PPL", "XX", "", lat, lon, 0, 0.1, "t", ""
    )


@pytest.mark.parametrize("layout", ["world", "cluster", "pole", "antimeridian", "duplicates"])
def test_anchor_grid_finds_the_brute_force_nearest(layout):
    from gazetteer.geoparse.anchors import AnchorIndex, _nearest_anchors

    rng = random.Random(layout)

    def point() -> tuple[float, float]:
        if layout == "cluster":
            return rng.uniform(30, 31), rng.uniform(10, 11)
        if layout == "pole":
            return rng.uniform(85, 90), rng.uniform(-180, 180)
        if layout == "antimeridian":
            return rng.uniform(-5, 5), rng.choice([rng.uniform(179, 180), rng.uniform(-180, -179)])
        if layout == "duplicates":
            return rng.choice([(10.0, 10.0), (10.0, 10.001), (-10.0, 170.0)])
        return rng.uniform(-90, 90), rng.uniform(-180, 180)

    places = [_place(i, *point()) for i in range(1500)]
    keys = [rng.choice(["a", "b", f"k{i}"]) for i in range(len(places))]
    index = AnchorIndex(list(zip(keys, places, strict=True)))
    candidates = [
        Candidate(place=p, score=0.5, reason="test", matched_name="x", match_kind=MatchKind.EXACT)
        for p in [*rng.sample(places, 10), *(_place(9000 + j, *point()) for j in range(10))]
        + [_place(9100 + j, rng.uniform(-90, 90), rng.uniform(-180, 180)) for j in range(10)]
    ]
    for name_key in ("a", "none"):
        others = [p for k, p in zip(keys, places, strict=True) if k != name_key]
        expected = _nearest_anchors(candidates, others)
        got = index.nearest(candidates, name_key, [True] * len(candidates))
        assert [(d, a and a.id) for d, a in got] == [(d, a and a.id) for d, a in expected]


@pytest.mark.parametrize("seed", range(6))
def test_anchor_grid_answers_many_names_at_once_as_one_by_one(seed):
    """A document's names are asked together; each gets what brute force gives it."""
    from gazetteer.geoparse.anchors import AnchorIndex, _nearest_anchors

    rng = random.Random(seed)
    spots = [(rng.uniform(-60, 60), rng.uniform(-180, 180)) for _ in range(40)]

    def point() -> tuple[float, float]:  # towns in clusters, some on the very same spot
        lat, lon = rng.choice(spots)
        jitter = rng.choice([0.0, 0.01, 0.5, 3.0])
        return lat + rng.uniform(-jitter, jitter), lon + rng.uniform(-jitter, jitter)

    places = [_place(i, *point()) for i in range(2000)]
    # one place may be the anchor of two names ("Derna" and "Darnah")
    places += [_place(i, places[i].lat, places[i].lon) for i in range(0, 200, 7)]
    keys = [f"k{i % 700}" for i in range(len(places))]
    index = AnchorIndex(list(zip(keys, places, strict=True)))
    questions = []
    for _ in range(60):
        cands = [
            Candidate(
                place=p, score=0.5, reason="test", matched_name="x", match_kind=MatchKind.EXACT
            )
            for p in [*rng.sample(places, 3), _place(5000 + rng.randint(0, 99), *point())]
        ]
        asked = [rng.random() < 0.8 for _ in cands]
        questions.append((cands, rng.choice([*keys[:50], "none"]), asked))
    answers = index.nearest_many(questions)
    for (cands, name_key, asked), got in zip(questions, answers, strict=True):
        others = [p for k, p in zip(keys, places, strict=True) if k != name_key]
        found = iter(_nearest_anchors([c for c, a in zip(cands, asked, strict=True) if a], others))
        expected = [next(found) if a else (math.inf, None) for a in asked]
        assert [(d, a and a.id) for d, a in got] == [(d, a and a.id) for d, a in expected]


@needs_gazetteer
def test_close_spellings_are_found_as_before(gaz):
    """The letter-count filter drops only keys rapidfuzz would reject."""
    from rapidfuzz import fuzz, process

    from gazetteer.search import FUZZY_CUTOFF

    rng = random.Random(2)
    every = [k for letter in "abmst" for k in gaz._fuzzy_keys(letter)._keys]
    queries = ["murzuk", "tripolii", "benghazy", "agadess", "kandahaar", "yangon tokyo"]
    queries += [rng.choice(every) + "x" for _ in range(40)]
    for query in queries:
        size = len(query)
        spread = math.ceil(size * (100 - FUZZY_CUTOFF) / FUZZY_CUTOFF) + 1
        bucket = gaz._fuzzy_keys(query[0])
        bucket._asked = 99  # past _FUZZY_COUNTS_AFTER: the letter counts filter the keys
        lo, hi = max(1, size - spread), size + spread
        everything = [k for k in bucket._keys if lo <= len(k) <= hi]
        expected = process.extract(
            query, everything, scorer=fuzz.ratio, limit=10, score_cutoff=FUZZY_CUTOFF
        )
        got = process.extract(
            query, bucket.choices(query, lo, hi), scorer=fuzz.ratio, limit=10,
            score_cutoff=FUZZY_CUTOFF,
        )  # fmt: skip
        assert [(k, s) for k, s, _ in got] == [(k, s) for k, s, _ in expected], query


@needs_gazetteer
def test_sentence_terms_come_from_the_whole_report_as_read_alone(gaz):
    from geo.extraction.events import TermReader
    from geo.extraction.vocab import ACTORS, ATTRIBUTIONS, PLATFORMS, find_terms

    text = (
        "AFRICOM said a U.S. Africa Command MQ-9 Reaper struck. Officials said so..U.S. "
        "Africa Command denied it. The US military, according to residents, used a drone.\n"
        "non-U.S. forces and U.S. forces-led units were there. IS said nothing; ISIS did."
    )
    terms = TermReader(ex.read_document(text, PUBLISHED, gaz, []))
    for table in (ACTORS, ATTRIBUTIONS, PLATFORMS):
        for q in sentences(text):
            assert terms.terms_in(table, q.start, q.end) == find_terms(q.text, table)
        assert terms.terms_in(table, 3, 40) == find_terms(text[3:40], table)


def test_report_check_counts_as_before():
    import unicodedata

    rng = random.Random(4)
    alphabet = ["a", "the ", "é", "ж", "\x01", "\x0b", "\n", "\t", "\x85", "\ud800", "\x7f", " "]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80)))
        controls = sum(
            1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\r\t\f"
        )
        assert len(ex._CONTROLS.findall(text)) == controls


def test_number_heads_change_no_match():
    """The lookahead of how numbers start leaves every match of the number rule as it was."""
    from geo.extraction import textnum

    assert textnum._NUMBER_HEADS in textnum._NUMBER_RE.pattern
    plain = re.compile(
        textnum._NUMBER_RE.pattern.replace(textnum._NUMBER_HEADS, ""), textnum._FLAGS
    )
    rng = random.Random(12)
    words = [*textnum._QUALS, *textnum._SMALL, "a", "half", "dozen", "hundred", "thousand",
             "million", "and", "3", "12", "1,200", "2.5", "$", "#", "-", "–", "%", "10:30",
             "am", "Air Base", "the", "them", "at", "as", "an", "in", "no", "up", "ſeven",
             "\u212a", "Sıx", "TWENTY-ONE", "A DOZEN", "Half A", "\n", ",", ".", "ONE"]  # fmt: skip
    found = 0
    for _ in range(5000):
        sep = rng.choice([" ", "  ", "\n", "-", ""])
        text = sep.join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        text = rng.choice([str, str.upper, str.title])(text)
        got = [(m.span(), m.groupdict()) for m in textnum._NUMBER_RE.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in plain.finditer(text)], text
        found += len(got)
    assert found > 5000
