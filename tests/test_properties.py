"""Property-based tests (hypothesis): hostile and news-like input never crashes strikemap.

Over the geoparser, the extractor, the dataset loader and the ``toponyms --jsonl`` batch, the
only exceptions allowed are the documented :class:`~gazetteer.errors.StrikemapError` subclasses,
and every output satisfies its invariants (offsets inside the text and consistent with it,
coordinates in range, figures within their bounds).

``make test`` runs the ``strikemap`` profile (bounded in time); ``make fuzz`` runs the same
tests under the ``fuzz`` profile, 10,000 documents each (50,000 in all). The profiles are
registered in ``tests/conftest.py``. Every sample text is built here from a small grammar.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazetteer.errors import DataError, InvalidQueryError
from gazetteer.geoparse.toponyms import find_toponyms, resolve_toponyms
from geo.extraction.extract import extract_claims
from geo.io.dataset import DEFAULT_DATASET_PATH, check_aggregate, load_dataset
from geo.maps.render import strike_radius_px
from geo.model.records import MAX_COUNT, MAX_RADIUS_KM

pytestmark = pytest.mark.usefixtures("gazetteer_index")

# --- a grammar of news-like text, with hostile fragments mixed in ----------------------------

PLACES = [
    "Murzuq", "Murzuk", "Marzuq", "Sirte", "Surt", "Tripoli", "Derna", "Darnah", "Sabha",
    "Bani Walid", "Misrata", "Benghazi", "al-Kufra", "Fezzan", "Agadez", "Agadès", "Niamey",
    "Dirkou", "Air Base 201", "Air Base 101", "Sigonella", "Stuttgart", "Ramstein Air Base",
    "Libya", "Niger", "Lebanon", "Georgia", "Tbilisi", "Washington", "Washington, D.C.",
    "Springfield, Ill.", "St. Louis", "Mogadishu", "Somalia", "Jilib", "Yemen", "Aden",
    "Marib", "Mali", "Gao", "Kidal", "Deir ez-Zor", "Idlib", "Syria", "Iraq", "Mosul",
    "the Gulf of Sirte", "Lake Chad", "West Africa", "the Middle East", "the Horn of Africa",
    "Europe", "Africa", "Ohio", "New York", "Texas", "Victoria", "Melbourne", "U.S.", "UK",
    "DRC", "LICZ", "DRZD", "NIM", "Royal Street", "Colchester General Hospital", "Qxzwv",
    "Paris", "Jordan", "Chad", "Turkey", "Israel", "Gaza", "Kabul", "Helmand",
]  # fmt: skip
DEMONYMS = [
    "Russian", "Libyan", "American", "European", "Nigerien", "Somali", "Yemeni", "Malian",
    "Syrian", "Iraqi", "Georgian", "African", "Latin American", "French", "Turkish",
]  # fmt: skip
WORD_NUMBERS = [
    "eight", "eleven", "17", "43", "a dozen", "half a dozen", "dozens", "several", "a few",
    "nearly 500", "about a third", "at least 11", "between 5 and 7", "more than 20",
    "two to three thousand", "1.5 million", "30 percent", "half", "scores of", "hundreds",
    "one", "no one", "both", "1,200", "10,000,000", "10,000,001", "20 million", "0", "-3",
    "2.5", "1e400", "NaN", "infinity", "9-11", "$110 million",
]  # fmt: skip
DATES = [
    "on Thursday", "on Monday night", "last month", "last week", "five days later",
    "two days earlier", "the next day", "on 19 September 2019", "September 26", "Sept. 29",
    "in 2016", "in March 2018", "earlier this year", "late last year", "yesterday",
    "on December 31, 9999", "on 1 January 1", "in the year 10000", "on February 30",
    "on 31/12/9999", "in 1066", "3000 days later", "a million days later", "next week",
]  # fmt: skip
ACTORS = [
    "US Africa Command", "AFRICOM", "U.S. Africa Command", "the Pentagon", "ISIS", "Daesh",
    "Islamic State", "al-Qaeda", "AQIM", "AQAP", "al-Shabaab", "the coalition", "Gen. Haftar",
    "Lt. Col. Smith", "David Hogg", "Malik Khazmi", "a spokesman",
]  # fmt: skip
TEMPLATES = [
    "{actor} said a drone strike {date} killed {n} militants in {place}, {place}.",
    "An air strike {date} near {place} killed {n} fighters, {actor} said.",
    "A {demonym}, {place} strike killed {n}.",
    "The {demonym} and {demonym} forces moved from {place} to {place} {date}.",
    "{n} people were killed and {n} wounded in {place} {date}.",
    "The strike hit a compound {n} miles southwest of {place}, killing {n}.",
    "{place}, nearly {n} miles south of {place}, was struck {date}.",
    "In the same area, another strike killed {n} {date}.",
    "The four strikes killed {n}, about a third of the {n} fighters in {place}.",
    "Nearly {n} US air strikes hit {place} in {date}.",
    "Social media reports said the MQ-9 Reaper flew from {place}.",
    "{PLACE}, {place} — {actor} confirmed a raid {date}.",
    "{place}, {place} and {place} were hit; {place} or {place} next.",
    "in {place} and {place}",
    "Outlet: {place}\nPublished: 2019-09-27\nTitle: {n} killed\n\n",
    "the state of {place}; the city of {place}; the river {place}",
    "{actor} killed both in {place}.",
    "killing {actor}, a senior official, in {place}",
]  # fmt: skip
HOSTILE = [
    "\x1b]0;pwned\x07", "\x1b[2J", "\u202e", "\u2066", "\x00", "\x9b", "\r", "\t", "\f",
    "\ufeff", "\u200b", "\ud800", "\udcff", "{{7*7}}", "{% raw %}", "{#", "}}", "{{", "<script>",
    "`${x}`", "\\", '"', "'", "’s", "...", "—", "  ", "\n\n", "Gen. Gen. Gen.", "1,1,1,1,",
    "U.S.U.S.", "(", ")", ",,", "St.", "Mt. ", "A", "I", "The", "#", "@", "%",
]  # fmt: skip


def _huge_numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 10**15).map(str),
        st.integers(0, 10**9).map(lambda n: f"{n:,}"),
        st.integers(300, 1200).map(lambda n: "9" * n),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(WORD_NUMBERS),
    )


@st.composite
def sentence(draw: st.DrawFn) -> str:
    template = draw(st.sampled_from(TEMPLATES))
    slots = {
        "{place}": lambda: draw(st.sampled_from(PLACES)),
        "{PLACE}": lambda: draw(st.sampled_from(PLACES)).upper(),
        "{demonym}": lambda: draw(st.sampled_from(DEMONYMS)),
        "{n}": lambda: draw(_huge_numbers()),
        "{date}": lambda: draw(st.sampled_from(DATES)),
        "{actor}": lambda: draw(st.sampled_from(ACTORS)),
    }
    return re.sub(r"\{[A-Za-z]+\}", lambda m: slots[m.group()](), template)


FRAGMENT = st.one_of(
    sentence(),
    sentence(),
    sentence(),
    st.sampled_from(HOSTILE),
    st.text(max_size=20),  # any unicode, surrogates and controls included
    st.sampled_from(PLACES + DEMONYMS + DATES + ACTORS),
    st.tuples(st.sampled_from(HOSTILE + PLACES), st.integers(2, 40)).map(lambda t: t[0] * t[1]),
)
SEPARATOR = st.sampled_from([" ", " ", ". ", ", ", "\n", "\n\n", "", " — ", "; "])


@st.composite
def document(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(FRAGMENT, SEPARATOR), min_size=1, max_size=14))
    return "".join(f + s for f, s in parts)


PUBLISHED = st.one_of(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today()),
    st.sampled_from(
        [
            dt.date(2019, 9, 27),
            dt.date(1900, 1, 1),
            dt.date.today(),
            dt.date(1899, 12, 31),
            dt.date(1, 1, 1),
            dt.date(1, 1, 5),
            dt.date.max,
        ]
    ),
    st.dates(),  # any date: out-of-range ones must be refused, not crash
)

RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _check_matches(text: str, matches) -> None:
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert 0.0 <= m.confidence <= 1.0
        if m.place is not None:
            assert -90 <= m.place.lat <= 90 and -180 <= m.place.lon <= 180
        json.dumps(m.as_dict(), allow_nan=False)


# --- the geoparser ---------------------------------------------------------------------------


@given(text=document())
def test_find_toponyms_never_crashes(gaz, text):
    try:
        found = find_toponyms(text, gazetteer=gaz)
    except InvalidQueryError:
        return
    _check_matches(text, found)
    starts = [m.start for m in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def _any_span(length: int) -> st.SearchStrategy[object]:
    valid = st.integers(0, max(0, length - 1)).flatmap(
        lambda s: st.tuples(st.just(s), st.integers(s + 1, max(s + 1, length)))
    )
    scalar = st.one_of(
        st.integers(-(10**400), 10**400),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.text(max_size=3),
    )
    return st.one_of(
        valid,
        valid,
        valid.map(list),
        st.tuples(scalar, scalar),
        st.lists(scalar, max_size=3),
        st.dictionaries(st.sampled_from(["start", "end"]), scalar, max_size=2),
        scalar,
    )


@given(data=st.data(), text=document())
def test_resolve_toponyms_with_arbitrary_spans(gaz, data, text):
    spans = data.draw(st.lists(_any_span(len(text)), max_size=8))
    try:
        found = resolve_toponyms(text, spans, gazetteer=gaz)
    except InvalidQueryError:
        return
    assert len(found) == len(spans)
    for m, span in zip(found, spans, strict=True):
        assert (m.start, m.end) == (span[0], span[1])  # type: ignore[index]
    _check_matches(text, found)


# --- the extractor ---------------------------------------------------------------------------


@given(text=document(), published=PUBLISHED)
def test_extract_claims_never_crashes(gaz, text, published):
    try:
        result = extract_claims(text, published=published, gazetteer=gaz)
    except DataError:
        return
    for claim in result.claims:
        assert claim.sentences
        for q in claim.sentences:
            assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text
        assert claim.date_start <= claim.date_end
        assert dt.date(1800, 1, 1) <= claim.date_start <= published  # nothing after publication
        for figure in (claim.fatalities_low, claim.fatalities_high, claim.injured):
            assert figure is None or 0 <= figure <= MAX_COUNT
        if claim.place is not None:
            p = claim.place
            assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
            assert 0 < p.radius_km <= MAX_RADIUS_KM
        assert 0.0 <= claim.confidence <= 1.0
        json.dumps(claim.as_dict(), allow_nan=False)
    for agg in result.aggregates:
        q = agg.sentence
        assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text
        for figure in (agg.strikes_low, agg.strikes_high, agg.fatalities_low, agg.strikes_stated):
            assert figure is None or 0 <= figure <= MAX_COUNT
        json.dumps(agg.as_dict(), allow_nan=False)
    for check in result.distances:
        assert math.isfinite(check.stated_km) and math.isfinite(check.computed_km)
        json.dumps(check.as_dict(), allow_nan=False)


# --- the dataset loader ----------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**400), 10**400),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        st.sampled_from(["2019-09-19", "town", "region", "day", "LY", "drone_base", "x"]),
    ),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
DEFAULT_RAW = json.loads(DEFAULT_DATASET_PATH.read_text("utf-8"))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@st.composite
def dataset_json(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        raw = draw(JSON_VALUES)
    else:
        raw = json.loads(json.dumps(DEFAULT_RAW))
        paths = [p for p in _paths(raw) if p]
        for _ in range(draw(st.integers(1, 4))):
            path = draw(st.sampled_from(paths))
            parent = raw
            try:
                for key in path[:-1]:
                    parent = parent[key]
                if draw(st.booleans()) and isinstance(parent, dict):
                    parent.pop(path[-1], None)
                else:
                    parent[path[-1]] = draw(JSON_VALUES)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier mutation removed the path
    text = json.dumps(raw, allow_nan=True)
    depth = draw(st.sampled_from([0, 0, 0, 5, 150, 5000]))
    return "[" * depth + text + "]" * depth if depth else text


@given(text=dataset_json())
def test_load_dataset_refuses_or_loads_sane_records(tmp_path_factory, text):
    path = tmp_path_factory.getbasetemp() / "fuzz-dataset.json"
    path.write_text(text, "utf-8")
    try:
        data = load_dataset(path)
    except DataError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 2_000
        assert not RAW_CONTROLS.search(message)
        return
    for inc in data.incidents:
        assert -90 <= inc.lat <= 90 and -180 <= inc.lon <= 180
        assert 0 < inc.uncertainty_radius_km <= MAX_RADIUS_KM
        assert inc.fatalities is None or inc.fatalities.high <= MAX_COUNT
        assert strike_radius_px(inc.fatalities.best if inc.fatalities else None) > 0
    for agg in data.aggregates:
        check_aggregate(agg, data.incidents)


# --- the JSON-lines batch --------------------------------------------------------------------


@st.composite
def jsonl_line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind <= 5:
        item: dict[str, object] = {"text": draw(document())}
        if draw(st.booleans()):
            item["id"] = draw(JSON_VALUES)
        if draw(st.booleans()):
            item["spans"] = draw(st.lists(_any_span(len(item["text"])), max_size=4))  # type: ignore[arg-type]
        return json.dumps(item, allow_nan=True, ensure_ascii=draw(st.booleans()))
    if kind <= 7:
        return json.dumps(draw(JSON_VALUES), allow_nan=True)
    if kind == 8:
        return "[" * draw(st.integers(90, 20_000))
    return draw(st.text(max_size=40)).replace("\n", " ").replace("\r", " ")


def _run_cli(args: list[str]) -> tuple[int, str, str]:
    """Run the CLI with strict UTF-8 stdout/stderr, as a terminal or a file would be."""
    from geo.cli import main

    streams = [io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for _ in range(2)]
    with contextlib.redirect_stdout(streams[0]), contextlib.redirect_stderr(streams[1]):
        code = main(args)
    texts = []
    for stream in streams:
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return code, texts[0], texts[1]


@given(lines=st.lists(jsonl_line(), min_size=1, max_size=5))
def test_toponyms_jsonl_batch_reports_each_bad_line_and_goes_on(tmp_path_factory, lines):
    path: Path = tmp_path_factory.getbasetemp() / "fuzz.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
    code, out, err = _run_cli(["toponyms", "--jsonl", str(path)])
    rows = [json.loads(line, parse_constant=_refuse) for line in out.splitlines()]
    errors = [e for e in err.splitlines() if e.startswith("strikemap: error: ")]
    assert all(re.match(r"strikemap: error: fuzz\.jsonl:\d+: ", e) for e in errors), errors
    assert not any("internal error" in e for e in errors), errors
    given_lines = [line.encode("utf-8", "surrogatepass") for line in lines]
    assert len(rows) + len(errors) == sum(1 for line in given_lines if line.strip())
    assert code == (1 if errors else 0)
    assert not RAW_CONTROLS.search(out) and not RAW_CONTROLS.search(err)
    for row in rows:
        assert set(row) == {"id", "toponyms"}


def _refuse(name: str) -> None:
    raise AssertionError(f"{name} in JSON output")
