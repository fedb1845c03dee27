"""The geoparsing benchmark's corpus readers and metrics, on small synthetic articles.

Nothing here needs ../shared or the gazetteer index: the articles are written below, the
resolvers are fakes with known answers.
"""

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.factories import load_benchmark

ROOT = Path(__file__).resolve().parents[2]


ge = load_benchmark("geoparse_eval")

# Two articles in the GeoWebNews layout. Offsets are 0-based, end-exclusive.
# "Rain fell on Avalon and the Avalonian coast near Port Ferro."
#  Avalon 13-19, Avalonian 28-37, Port Ferro 49-59
GWN_XML = """<?xml version="1.0" ?>
<articles>
  <!-- synthetic articles written for the tests -->
  <article file="7">
    <title>Rain</title>
    <link>http://example.org/rain</link>
    <text>Rain fell on Avalon and the Avalonian coast near Port Ferro.</text>
    <toponyms>
      <toponym>
        <extractedName>Avalon</extractedName>
        <normalisedName>Avalon</normalisedName>
        <type>Literal</type>
        <modifierType/>
        <nonLocational>No</nonLocational>
        <start>13</start>
        <end>19</end>
        <geonamesID>101</geonamesID>
        <latitude>10.0</latitude>
        <longitude>20.0</longitude>
      </toponym>
      <toponym>
        <extractedName>Avalonian</extractedName>
        <normalisedName/>
        <type>Demonym</type>
        <modifierType/>
        <nonLocational>No</nonLocational>
        <start>28</start>
        <end>37</end>
        <geonamesID/>
        <latitude/>
        <longitude/>
      </toponym>
      <toponym>
        <extractedName>Port Ferro</extractedName>
        <normalisedName>Port Ferro</normalisedName>
        <type>Metonymic</type>
        <modifierType/>
        <nonLocational>No</nonLocational>
        <start>49</start>
        <end>59</end>
        <geonamesID>102</geonamesID>
        <latitude>0.0</latitude>
        <longitude>0.0</longitude>
      </toponym>
      <toponym>
        <extractedName>Nowhere</extractedName>
        <normalisedName/>
        <type>Literal</type>
        <modifierType/>
        <nonLocational>No</nonLocational>
        <start>-20</start>
        <end>-13</end>
        <geonamesID/>
        <latitude>1.0</latitude>
        <longitude>1.0</longitude>
      </toponym>
    </toponyms>
  </article>
  <article file="8">
    <title>Council</title>
    <link>http://example.org/council</link>
    <text>The Avalon Council met in Port Ferro.</text>
    <toponyms>
      <toponym>
        <extractedName>Avalon Council</extractedName>
        <normalisedName/>
        <type>Non_Toponym</type>
        <modifierType/>
        <nonLocational>No</nonLocational>
        <start>4</start>
        <end>18</end>
        <geonamesID/>
        <latitude/>
        <longitude/>
      </toponym>
      <toponym>
        <extractedName>Avalon</extractedName>
        <normalisedName>Avalon</normalisedName>
        <type>Embedded_Non_Lit</type>
        <modifierType>Noun</modifierType>
        <nonLocational>No</nonLocational>
        <start>4</start>
        <end>10</end>
        <geonamesID>101</geonamesID>
        <latitude>10.0</latitude>
        <longitude>20.0</longitude>
      </toponym>
      <toponym>
        <extractedName>Port Ferro</extractedName>
        <normalisedName>Port Ferro</normalisedName>
        <type>Literal</type>
        <modifierType/>
        <nonLocational>No</nonLocational>
        <start>26</start>
        <end>36</end>
        <geonamesID>102</geonamesID>
        <latitude>0.0</latitude>
        <longitude>0.0</longitude>
      </toponym>
    </toponyms>
  </article>
</articles>
"""

# Two articles in the GeoVirus layout. Offsets are 1-based: text[start - 1:end - 1] == name.
# "Cases rose in Avalon and across Atlantis." Avalon 0-based 14-20, Atlantis 32-40.
# The second article nests two locations inside a third, as the published file once does.
GEOVIRUS_XML = """<articles>
    <article>
        <source>https://example.org/wiki/Cases_rose</source>
        <text>Cases rose in Avalon and across Atlantis.</text>
        <locations>
            <location>
                <name>Avalon</name>
                <start>15</start>
                <end>21</end>
                <lat>10</lat>
                <lon>20</lon>
                <page>https://example.org/wiki/Avalon</page>
            </location>
            <location>
                <name>Atlantis</name>
                <start>33</start>
                <end>41</end>
                <lat>30.5</lat>
                <lon>-40.25</lon>
                <page>https://example.org/wiki/Atlantis</page>
                <continent/>
            </location>
        </locations>
    </article>
    <article>
        <source>https://example.org/wiki/Flights</source>
        <text>Flights from Port Ferro to Avalon and Lemuria.</text>
        <locations>
            <location>
                <location>
                <name>Port Ferro</name>
                <start>14</start>
                <end>24</end>
                <lat>0</lat>
                <lon>0</lon>
                <page>https://example.org/wiki/Port_Ferro</page>
            </location>
            <location>
                <name>Avalon</name>
                <start>28</start>
                <end>34</end>
                <lat>10</lat>
                <lon>20</lon>
                <page>https://example.org/wiki/Avalon</page>
            </location>
                <name>Lemuria</name>
                <start>39</start>
                <end>46</end>
                <lat>-5</lat>
                <lon>60</lon>
                <page>https://example.org/wiki/Lemuria</page>
            </location>
        </locations>
    </article>
    <!--<article>-->
        <!--<text>A commented-out article is not read.</text>-->
    <!--</article>-->
</articles>
"""


@pytest.fixture
def gwn_path(tmp_path):
    path = tmp_path / "GWN.xml"
    path.write_text(GWN_XML, encoding="utf-8")
    return path


@pytest.fixture
def geovirus_path(tmp_path):
    path = tmp_path / "GeoVirus.xml"
    path.write_text(GEOVIRUS_XML, encoding="utf-8")
    return path


def place(lat, lon, name="P", *, population=0, prominence=0.0, pid=""):
    return SimpleNamespace(
        lat=lat,
        lon=lon,
        name=name,
        label=name,
        id=pid,
        population=population,
        prominence=prominence,
    )


def match(start, end, where):
    return ge.Prediction(start, end, "", where)


# --- readers --------------------------------------------------------------------------------


def test_read_gwn_keeps_zero_based_offsets_types_and_points(gwn_path):
    corpus = ge.read_gwn(gwn_path)
    assert [d.id for d in corpus.documents] == ["7", "8"]
    first = corpus.documents[0]
    assert [(t.name, t.start, t.end, t.type) for t in first.toponyms] == [
        ("Avalon", 13, 19, "Literal"),
        ("Avalonian", 28, 37, "Demonym"),
        ("Port Ferro", 49, 59, "Metonymic"),
    ]
    for doc in corpus.documents:
        for t in doc.toponyms:
            assert doc.text[t.start : t.end] == t.name
    avalon, demonym, port = first.toponyms
    assert (avalon.lat, avalon.lon) == (10.0, 20.0)
    assert (avalon.ref, demonym.ref) == ("101", "")  # the gold's GeoNames id, when it has one
    assert (port.lat, port.lon) == (0.0, 0.0)  # a zero coordinate is still a point
    assert not demonym.has_coordinates and demonym.lat is None


def test_read_gwn_drops_a_toponym_whose_offsets_miss_its_name(gwn_path):
    corpus = ge.read_gwn(gwn_path)
    assert corpus.dropped == (
        "GWN document 7: 'Nowhere' dropped, its offsets -20--13 fall outside the text "
        "(60 characters)",
    )
    assert sum(len(d.toponyms) for d in corpus.documents) == 6


def test_gwn_targets_are_literal_toponyms_with_points(gwn_path):
    corpus = ge.read_gwn(gwn_path)
    targets = [t.name for d in corpus.documents for t in d.toponyms if corpus.is_target(t)]
    assert targets == ["Avalon", "Port Ferro"]


def test_read_geovirus_shifts_one_based_offsets(geovirus_path):
    corpus = ge.read_geovirus(geovirus_path)
    assert len(corpus.documents) == 2  # the commented-out article is not read
    first = corpus.documents[0]
    assert [(t.name, t.start, t.end, t.type) for t in first.toponyms] == [
        ("Avalon", 14, 20, "location"),
        ("Atlantis", 32, 40, "continent"),
    ]
    assert (first.toponyms[1].lat, first.toponyms[1].lon) == (30.5, -40.25)
    assert corpus.dropped == ()


def test_read_geovirus_reads_nested_locations(geovirus_path):
    doc = ge.read_geovirus(geovirus_path).documents[1]
    assert [(t.name, t.start, t.end) for t in doc.toponyms] == [
        ("Port Ferro", 13, 23),
        ("Avalon", 27, 33),
        ("Lemuria", 38, 45),
    ]
    for t in doc.toponyms:
        assert doc.text[t.start : t.end] == t.name


def test_read_geovirus_drops_zero_based_offsets_that_miss(tmp_path):
    # The same article with 0-based offsets: the 1-based reader must not accept them.
    path = tmp_path / "GeoVirus.xml"
    path.write_text(GEOVIRUS_XML.replace("<start>15</start>", "<start>14</start>", 1))
    corpus = ge.read_geovirus(path)
    assert corpus.dropped == (
        "GeoVirus document 0: 'Avalon' dropped, the text at 13-20 reads ' Avalon'",
    )


def test_corpus_first_keeps_the_first_documents(gwn_path):
    corpus = ge.read_gwn(gwn_path)
    assert [d.id for d in corpus.first(1).documents] == ["7"]
    assert corpus.first(None) is corpus


# --- gold-span metrics ----------------------------------------------------------------------


def test_acc161_mean_and_median_on_known_answers(gwn_path):
    corpus = ge.read_gwn(gwn_path)
    # Gold points: doc 7 Avalon (10, 20), Port Ferro (0, 0); doc 8 Avalon (10, 20),
    # Port Ferro (0, 0). Answers: exact, 1 degree of longitude off (111 km, a hit),
    # unresolved, 2 degrees off (223 km, a miss).
    answers = {
        "Rain": [place(10, 20), place(0, 1)],
        "The ": [None, place(0, 2)],
    }
    calls = []

    def resolver(text, spans=None):
        calls.append(spans)
        return [
            None if p is None else match(s, e, p)
            for (s, e), p in zip(spans, answers[text[:4]], strict=True)
        ]

    scores = ge.evaluate(corpus, resolver, mode="gold", system="fake")
    assert calls == [[(13, 19), (49, 59)], [(4, 10), (26, 36)]]  # demonym without a point left out
    assert scores.documents == 2
    assert scores.toponyms == 4
    assert scores.correct == 2
    assert scores.acc161 == 0.5
    assert scores.resolved == 3
    assert scores.unresolved == 1
    assert scores.errors_km[0] == 0.0
    assert scores.errors_km[1] == pytest.approx(111.32, abs=0.01)
    assert scores.errors_km[2] == pytest.approx(222.64, abs=0.01)
    assert scores.mean_km == pytest.approx((0 + 111.32 + 222.64) / 3, abs=0.01)
    assert scores.median_km == pytest.approx(111.32, abs=0.01)
    assert scores.by_type == {"Literal": [2, 1], "Metonymic": [1, 1], "Embedded_Non_Lit": [1, 0]}
    assert [(m.surface, m.miss) for m in scores.misses] == [
        ("Avalon", "unresolved"),
        ("Port Ferro", "far"),
    ]


def test_acc161_threshold_is_161_km():
    doc = ge.Document("1", "Here.", (ge.GoldToponym(0, 4, "Here", "Literal", 0.0, 0.0),))
    corpus = ge.Corpus("x", "X", "", (doc,), None)
    # 161 km due north of the equator at longitude 0 is about 1.4551 degrees of latitude.
    near = ge.evaluate(corpus, lambda t, s=None: [match(0, 4, place(1.4540, 0))], mode="gold")
    far = ge.evaluate(corpus, lambda t, s=None: [match(0, 4, place(1.4570, 0))], mode="gold")
    assert near.errors_km[0] < 161 < far.errors_km[0]
    assert (near.acc161, far.acc161) == (1.0, 0.0)


def test_a_failing_document_is_reported_and_counted_as_unresolved(gwn_path):
    corpus = ge.read_gwn(gwn_path)

    def resolver(text, spans=None):
        if text.startswith("Rain"):
            raise RuntimeError("boom")
        return [match(s, e, place(10, 20)) for s, e in spans]

    scores = ge.evaluate(corpus, resolver, mode="gold")
    assert scores.failures == ["document 7: RuntimeError: boom"]
    assert (scores.toponyms, scores.unresolved, scores.correct) == (4, 2, 1)


def test_a_resolver_returning_the_wrong_number_of_matches_is_reported(gwn_path):
    corpus = ge.read_gwn(gwn_path).first(1)
    scores = ge.evaluate(corpus, lambda text, spans=None: [], mode="gold")
    assert scores.failures == ["document 7: 0 matches returned for 2 spans"]
    assert scores.unresolved == 2


def test_evaluate_rejects_an_unknown_mode(gwn_path):
    with pytest.raises(ValueError, match=r"^mode must be 'gold' or 'e2e', got 'fast'$"):
        ge.evaluate(ge.read_gwn(gwn_path), lambda text, spans=None: [], mode="fast")


# --- end-to-end metrics ---------------------------------------------------------------------


def test_end_to_end_precision_recall_f1_lenient_and_strict(gwn_path):
    corpus = ge.read_gwn(gwn_path)
    # Targets: doc 7 Avalon 13-19, doc 8 Port Ferro 26-36 (Literal with points).
    found = {
        "Rain": [
            match(13, 19, place(10, 20)),  # true positive, right place
            match(13, 19, place(10, 20)),  # the same span twice counts once
            match(28, 37, place(5, 5)),  # equals the Demonym: ignored (strict: FP)
            match(49, 59, place(0, 0)),  # equals the Metonymic toponym: ignored
            match(0, 4, place(1, 1)),  # "Rain": false positive
        ],
        "The ": [
            match(4, 10, place(10, 20)),  # equals Embedded_Non_Lit: ignored
            match(11, 18, None),  # "Council", inside the Non_Toponym only: ignored
            match(26, 36, place(0, 3)),  # true positive, 334 km off
            match(27, 36, place(0, 0)),  # overlaps the target: false positive
        ],
    }
    scores = ge.evaluate(corpus, lambda text, spans=None: found[text[:4]], mode="e2e")
    assert (scores.gold, scores.predicted) == (2, 8)
    assert (scores.true_positives, scores.false_positives, scores.ignored) == (2, 2, 4)
    assert scores.precision == 0.5
    assert scores.recall == 1.0
    assert scores.f1 == pytest.approx(2 / 3)
    assert scores.precision_strict == 0.25
    assert scores.f1_strict == pytest.approx(0.4)
    assert scores.acc161_found == 0.5
    misses = sorted((m.doc_id, m.surface, m.miss, m.gold_type) for m in scores.misses)
    assert misses == [
        ("7", "Avalonian", "ignored", "Demonym"),
        ("7", "Port Ferro", "ignored", "Metonymic"),
        ("7", "Rain", "spurious", ""),
        ("8", "Avalon", "ignored", "Embedded_Non_Lit"),
        ("8", "Council", "ignored", "Non_Toponym"),
        ("8", "Port Ferro", "far", "Literal"),
        ("8", "ort Ferro", "spurious", ""),
    ]


def test_end_to_end_on_geovirus_counts_every_location_and_misses(geovirus_path):
    corpus = ge.read_geovirus(geovirus_path)
    found = {
        "Case": [match(14, 20, place(10, 20)), match(0, 5, None)],  # Avalon; "Cases"
        "Flig": [match(13, 23, place(0, 0))],  # Port Ferro
    }
    scores = ge.evaluate(corpus, lambda text, spans=None: found[text[:4]], mode="e2e")
    assert (scores.gold, scores.true_positives, scores.false_positives) == (5, 2, 1)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 5)
    assert scores.f1 == pytest.approx(0.5)
    assert scores.f1 == scores.f1_strict
    assert scores.acc161_found == 1.0
    assert sorted(m.surface for m in scores.misses if m.miss == "not found") == [
        "Atlantis",
        "Avalon",
        "Lemuria",
    ]


def test_end_to_end_with_nothing_found_has_no_precision(geovirus_path):
    scores = ge.evaluate(ge.read_geovirus(geovirus_path), lambda t, s=None: [], mode="e2e")
    assert scores.precision is None and scores.f1 is None
    assert scores.recall == 0.0


# --- population baseline --------------------------------------------------------------------


def candidate(reason, lat=0.0, lon=0.0, *, population=0, prominence=0.0, name="P"):
    where = place(lat, lon, name, population=population, prominence=prominence)
    return SimpleNamespace(place=where, reason=reason, score=0.5)


def test_baseline_picks_the_most_populous_exact_or_alternate_name():
    hamlet = candidate("exact name 'Texas'; city of 993 people", population=993, prominence=0.32)
    state = candidate("exact name 'Texas'; admin1", prominence=0.52)
    variant = candidate("spelling variant 'Texa'; city of 9,000,000", population=9_000_000)
    big = candidate("alternate name 'Texas'; city of 90,000 people", population=90_000)
    assert ge.pick_most_populous([hamlet, state, variant]) is state
    assert ge.pick_most_populous([hamlet, state, variant, big]) is big
    assert ge.pick_most_populous([variant]) is None
    assert ge.baseline_population(state.place) == pytest.approx(10 ** (0.52 * 7 / 0.75) - 1)


def test_population_resolver_queries_the_surface_text_of_each_span():
    queries = []

    class FakeGazetteer:
        def search(self, name, *, limit=10):
            queries.append((name, limit))
            if name == "Port Ferro":
                return [candidate("exact name 'Port Ferro'", 1, 2, population=5)]
            return [candidate("close spelling 'Avalun'", population=5)]

    resolve = ge.population_resolver(FakeGazetteer())
    text = "From Port\nFerro to Avalon."
    out = resolve(text, [(5, 15), (19, 25)])
    assert queries == [("Port Ferro", 10), ("Avalon", 10)]
    assert [(m.start, m.end, m.text) for m in out] == [(5, 15, "Port Ferro"), (19, 25, "Avalon")]
    assert (out[0].place.lat, out[0].place.lon) == (1, 2)
    assert out[1].place is None and out[1].reason == "no exact or alternate name"
    with pytest.raises(NotImplementedError, match="only resolves given spans"):
        resolve(text)


# --- report and command line ----------------------------------------------------------------


def test_main_says_when_the_corpus_is_missing(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "GWN.xml"
    assert ge.main(["--corpus", "gwn", "--gwn", str(missing)]) == 0
    assert capsys.readouterr().out == (
        f"GeoWebNews corpus not found at {missing}: skipped. Pass --gwn FILE or --data-dir DIR "
        "(see ../shared/eval/README.md).\n"
        "No corpus to evaluate; nothing done.\n"
    )


def test_main_reports_both_missing_corpora_from_the_data_dir(tmp_path, capsys):
    assert ge.main(["--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"GeoWebNews corpus not found at {tmp_path / 'GWN.xml'}: skipped. Pass --gwn FILE or "
        "--data-dir DIR (see ../shared/eval/README.md).",
        f"GeoVirus corpus not found at {tmp_path / 'GeoVirus.xml'}: skipped. Pass --geovirus "
        "FILE or --data-dir DIR (see ../shared/eval/README.md).",
        "No corpus to evaluate; nothing done.",
    ]


def test_main_runs_the_baseline_and_writes_json_and_errors(
    gwn_path, geovirus_path, tmp_path, monkeypatch, capsys
):
    class FakeGazetteer:
        def search(self, name, *, limit=10):
            points = {"Avalon": (10, 20), "Port Ferro": (0, 3), "Atlantis": (30.5, -40.25)}
            if name not in points:
                return []
            return [candidate(f"exact name {name!r}", *points[name], population=10, name=name)]

    import gazetteer.search

    monkeypatch.setattr(
        gazetteer.search.Gazetteer, "open", classmethod(lambda cls: FakeGazetteer())
    )
    monkeypatch.setattr(ge, "pin_to_one_cpu", lambda: None)
    out_json, out_tsv = tmp_path / "r.json", tmp_path / "e.tsv"
    argv = ["--system", "population", "--gwn", str(gwn_path), "--geovirus", str(geovirus_path)]
    assert ge.main([*argv, "--json", str(out_json), "--errors", str(out_tsv)]) == 0
    out = capsys.readouterr().out
    assert "| GeoWebNews | population baseline | 4 | 50.0 % | 50.0 % | 167 | 167 | 0 |" in out
    assert "| GeoWebNews | Mordecai 3 (published) | – | 94.1 % | – | – | – | – | – |" in out
    assert "| GeoVirus | population baseline | 5 | 60.0 % | 60.0 % | 83 | 0 | 1 |" in out
    assert "| Literal | 2 | 50.0 % |" in out
    assert "| Metonymic | 1 | 0.0 % |" in out
    assert "| Embedded_Non_Lit | 1 | 100.0 % |" in out
    assert "no end-to-end row" in out
    figures = json.loads(out_json.read_text())
    assert [(r["corpus"], r["mode"], r["acc161"]) for r in figures["results"]] == [
        ("gwn", "gold", 0.5),
        ("geovirus", "gold", 0.6),
    ]
    assert figures["corpora"]["gwn"]["dropped"] == [
        "GWN document 7: 'Nowhere' dropped, its offsets -20--13 fall outside the text "
        "(60 characters)"
    ]
    rows = out_tsv.read_text().splitlines()
    assert rows[0].split("\t") == ge.ERROR_COLUMNS
    assert sorted(tuple(r.split("\t")[i] for i in (0, 3, 6, 13, 14)) for r in rows[1:]) == [
        ("geovirus", "1", "Lemuria", "", "unresolved"),
        ("geovirus", "1", "Port Ferro", "334.0", "far"),
        ("gwn", "7", "Port Ferro", "334.0", "far"),
        ("gwn", "8", "Port Ferro", "334.0", "far"),
    ]


def test_limit_must_be_positive(capsys):
    with pytest.raises(SystemExit) as exc:
        ge.main(["--limit", "0"])
    assert exc.value.code == 2
    assert "must be a whole number of at least 1, got '0'" in capsys.readouterr().err


def test_main_reports_a_corpus_that_is_not_xml(tmp_path, capsys):
    broken = tmp_path / "GWN.xml"
    broken.write_text("<articles><article>", encoding="utf-8")
    assert ge.main(["--corpus", "gwn", "--gwn", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cannot read {str(broken)!r} as a GeoWebNews corpus: no element found")


def test_strikemap_resolver_calls_the_toponyms_api(monkeypatch):
    calls = []
    fake = SimpleNamespace(
        find_toponyms=lambda text, *, gazetteer: calls.append(("find", text, gazetteer)) or [],
        resolve_toponyms=lambda text, spans, *, gazetteer: (
            calls.append(("resolve", text, spans, gazetteer)) or []
        ),
    )
    monkeypatch.setitem(sys.modules, "gazetteer.geoparse.toponyms", fake)
    resolve = ge.strikemap_resolver("GAZ")
    resolve("In Avalon.", ((3, 9),))
    resolve("In Avalon.")
    assert calls == [("resolve", "In Avalon.", [(3, 9)], "GAZ"), ("find", "In Avalon.", "GAZ")]


def test_a_far_miss_that_names_the_country_holding_the_gold_point_is_counted_apart():
    # gold points inside Canada and inside Libya; the answers are Canada (far off) and
    # Chad (far off, and not the country that holds the gold point)
    docs = (
        ge.Document("1", "Canada.", (ge.GoldToponym(0, 6, "Canada", "Literal", 60.0, -95.0),)),
        ge.Document("2", "Libya.", (ge.GoldToponym(0, 5, "Libya", "Literal", 27.0, 17.0),)),
    )
    corpus = ge.Corpus("geovirus", "GeoVirus", "", docs, None)

    def country(lat, lon, code):
        return SimpleNamespace(
            lat=lat, lon=lon, name=code, label=code, id=code, kind="country", country_code=code
        )

    answers = {"Cana": country(60.10867, -113.64258, "CA"), "Liby": country(15.0, 19.0, "TD")}
    scores = ge.evaluate(
        corpus, lambda text, spans=None: [match(0, 4, answers[text[:4]])], mode="gold"
    )
    assert scores.correct == 0 and len(scores.misses) == 2
    assert scores.country_elsewhere == 1
    assert scores.as_dict()["country_elsewhere"] == 1
