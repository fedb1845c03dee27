"""The incident benchmark's scoring, on hand-made dicts, and the corpus's own consistency.

Nothing here runs the extraction pipeline: the extracted incidents are written below.
"""

import copy
import datetime as dt
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from pyproj import Geod

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "incidents"


def _load_benchmark():
    spec = importlib.util.spec_from_file_location(
        "incident_eval", ROOT / "benchmarks" / "incident_eval.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["incident_eval"] = module
    spec.loader.exec_module(module)
    return module


ie = _load_benchmark()
GEOD = Geod(ellps="WGS84")

MURZUQ = (25.91552, 13.91839)
REPORT_A = "ly-01-wire-2019-09-27.txt"
REPORT_B = "ly-02-longform-2019-11-09.txt"


def gold_incident(**overrides):
    item = {
        "id": "g-murzuq",
        "reports": [REPORT_A, REPORT_B],
        "event_type": "air strike",
        "date_start": "2019-09-19",
        "date_end": "2019-09-19",
        "country": "LY",
        "place": {"name": "Murzuq", "lat": MURZUQ[0], "lon": MURZUQ[1]},
        "location_precision": "town",
        "radius_km": None,
        "fatalities": {"low": 8, "high": 8},
        "per_report_fatalities": {REPORT_A: 8, REPORT_B: 8},
    }
    item.update(overrides)
    return item


def extracted_incident(
    id="e1",
    start="2019-09-19",
    end="2019-09-19",
    lat=MURZUQ[0],
    lon=MURZUQ[1],
    country="LY",
    low=8,
    high=8,
    reports=(REPORT_A, REPORT_B),
    place=True,
):
    return {
        "id": id,
        "event_type": "air strike",
        "date_start": start,
        "date_end": end,
        "date_precision": "day",
        "place": (
            {
                "name": "somewhere",
                "lat": lat,
                "lon": lon,
                "country_code": country,
                "precision": "town",
                "radius_km": 5.0,
            }
            if place
            else None
        ),
        "fatalities": None if low is None else {"low": low, "best": low, "high": high},
        "status": "corroborated",
        "claims": [
            {
                "article": {
                    "id": n,
                    "outlet": "Outlet",
                    "url": None,
                    "published": "2019-09-27",
                    "title": "t",
                    "path": f"/tmp/corpus/reports/{name}",
                },
                "sentence": "A strike killed eight.",
                "fatalities_low": low,
                "fatalities_high": high,
            }
            for n, name in enumerate(reports, 1)
        ],
    }


def moved(lat, lon, azimuth, km):
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, km * 1000)
    return lat2, lon2


def run(extracted_incidents, gold_incidents=None, extracted_aggs=(), gold_aggs=()):
    extracted = {"incidents": list(extracted_incidents), "aggregates": list(extracted_aggs)}
    gold = {
        "incidents": list(gold_incidents if gold_incidents is not None else [gold_incident()]),
        "aggregates": list(gold_aggs),
    }
    return ie.score(extracted, gold)


# --- incidents --------------------------------------------------------------------------------


def test_exact_match():
    m = run([extracted_incident()])
    assert m["incidents"]["matched"] == 1
    assert m["incidents"]["precision"] == 1.0
    assert m["incidents"]["recall"] == 1.0
    assert m["incidents"]["f1"] == 1.0
    assert m["linking"] == {"matched": 1, "linked": 1, "rate": 1.0}
    assert m["misses"] == {"gold": [], "extracted": []}
    assert m["matches"][0]["distance_km"] == 0.0


def test_date_off_by_a_day_misses():
    m = run([extracted_incident(start="2019-09-20", end="2019-09-20")])
    assert m["incidents"]["precision"] == 0.0
    assert m["incidents"]["recall"] == 0.0
    miss = m["misses"]["gold"][0]
    assert miss["failed"] == ["date"]
    assert miss["nearest_extracted"] == "e1"
    assert "does not overlap" in miss["why"]["date"]
    assert m["incidents"]["gold_misses_failing"] == {"date": 1, "place": 0, "fatalities": 0}


def test_date_range_one_day_wider_matches_two_days_wider_misses():
    assert run([extracted_incident(end="2019-09-20")])["incidents"]["recall"] == 1.0
    assert run([extracted_incident(start="2019-09-18")])["incidents"]["recall"] == 1.0
    m = run([extracted_incident(start="2019-09-18", end="2019-09-20")])
    assert m["incidents"]["recall"] == 0.0
    assert "spans 3 days" in m["misses"]["gold"][0]["why"]["date"]
    month = run([extracted_incident(start="2019-09-01", end="2019-09-30")])
    assert month["incidents"]["recall"] == 0.0


def test_month_gold_accepts_a_day_inside_and_the_month():
    gold = [gold_incident(date_start="2018-03-01", date_end="2018-03-31")]
    assert (
        run([extracted_incident(start="2018-03-15", end="2018-03-15")], gold)["incidents"]["recall"]
        == 1.0
    )
    assert (
        run([extracted_incident(start="2018-03-01", end="2018-03-31")], gold)["incidents"]["recall"]
        == 1.0
    )
    assert (
        run([extracted_incident(start="2018-02-20", end="2018-03-31")], gold)["incidents"]["recall"]
        == 0.0
    )


def test_missing_end_date_means_one_day():
    assert run([extracted_incident(end=None)])["incidents"]["recall"] == 1.0
    m = run([extracted_incident(start=None, end=None)])
    assert m["incidents"]["recall"] == 0.0
    assert m["misses"]["gold"][0]["why"]["date"] == "no date"


def test_place_30_km_off_misses_20_km_matches():
    lat, lon = moved(*MURZUQ, 90, 30)
    m = run([extracted_incident(lat=lat, lon=lon)])
    assert m["incidents"]["precision"] == 0.0
    assert m["incidents"]["recall"] == 0.0
    miss = m["misses"]["gold"][0]
    assert miss["failed"] == ["place"]
    assert miss["distance_km"] == pytest.approx(30.0, abs=0.1)
    lat, lon = moved(*MURZUQ, 90, 20)
    assert run([extracted_incident(lat=lat, lon=lon)])["incidents"]["recall"] == 1.0


def test_region_match_within_radius():
    gold = [
        gold_incident(
            id="g-sw",
            place={"name": "southwest Libya", "lat": 25.5, "lon": 12.5},
            location_precision="region",
            radius_km=400,
        )
    ]
    lat, lon = moved(25.5, 12.5, 45, 300)
    m = run([extracted_incident(lat=lat, lon=lon)], gold)
    assert (m["incidents"]["precision"], m["incidents"]["recall"]) == (1.0, 1.0)
    # too far
    lat, lon = moved(25.5, 12.5, 45, 450)
    m = run([extracted_incident(lat=lat, lon=lon)], gold)
    assert (m["incidents"]["precision"], m["incidents"]["recall"]) == (0.0, 0.0)
    assert "> 400 km" in m["misses"]["gold"][0]["why"]["place"]
    # near enough but the wrong country
    lat, lon = moved(25.5, 12.5, 45, 100)
    m = run([extracted_incident(lat=lat, lon=lon, country="NE")], gold)
    assert m["incidents"]["recall"] == 0.0
    assert "country NE" in m["misses"]["gold"][0]["why"]["place"]


def test_town_gold_ignores_country_code():
    m = run([extracted_incident(country=None)])
    assert m["incidents"]["recall"] == 1.0


def test_fatalities_mismatch():
    m = run([extracted_incident(low=8, high=9)])
    assert (m["incidents"]["precision"], m["incidents"]["recall"]) == (0.0, 0.0)
    assert m["incidents"]["matched_date_place"] == 1
    miss = m["misses"]["gold"][0]
    assert miss["failed"] == ["fatalities"]
    assert miss["why"]["fatalities"] == "killed 8-9, gold 8-8"
    # no toll extracted for a gold toll, and a toll for a gold without one
    assert run([extracted_incident(low=None)])["incidents"]["recall"] == 0.0
    gold = [gold_incident(fatalities=None)]
    assert run([extracted_incident()], gold)["incidents"]["recall"] == 0.0
    assert run([extracted_incident(low=None)], gold)["incidents"]["recall"] == 1.0


def test_two_extracted_for_one_gold():
    m = run([extracted_incident(id="e1", end="2019-09-20"), extracted_incident(id="e2")])
    assert m["incidents"]["matched"] == 1
    assert m["incidents"]["precision"] == 0.5
    assert m["incidents"]["recall"] == 1.0
    assert m["incidents"]["f1"] == pytest.approx(2 / 3)
    # the greedy rule takes the closer date (e2, exact) and leaves e1 spurious
    assert m["matches"][0]["extracted"] == "e2"
    spurious = m["misses"]["extracted"]
    assert [row["id"] for row in spurious] == ["e1"]
    assert spurious[0]["nearest_gold"] == "g-murzuq"
    assert spurious[0]["failed"] == []  # it would have matched had e2 not been closer


def test_null_place_never_matches():
    m = run([extracted_incident(place=False)])
    assert (m["incidents"]["precision"], m["incidents"]["recall"]) == (0.0, 0.0)
    assert m["misses"]["gold"][0]["why"]["place"] == "no place"
    region = [gold_incident(location_precision="country", radius_km=2000)]
    assert run([extracted_incident(place=False)], region)["incidents"]["recall"] == 0.0


def test_greedy_one_to_one_over_two_gold():
    gold = [
        gold_incident(id="g19"),
        gold_incident(id="g20", date_start="2019-09-20", date_end="2019-09-20"),
    ]
    extracted = [
        extracted_incident(id="e19-20", start="2019-09-19", end="2019-09-20"),
        extracted_incident(id="e20", start="2019-09-20", end="2019-09-20"),
    ]
    m = run(extracted, gold)
    assert m["incidents"]["matched"] == 2
    assert {(r["gold"], r["extracted"]) for r in m["matches"]} == {
        ("g19", "e19-20"),
        ("g20", "e20"),
    }


def test_no_extracted_incidents():
    m = run([])
    assert m["incidents"] == {
        "gold": 1,
        "extracted": 0,
        "matched": 0,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "matched_date_place": 0,
        "gold_misses_failing": {"date": 0, "place": 0, "fatalities": 0},
    }
    assert m["misses"]["gold"][0]["nearest_extracted"] is None


def test_linking_counts_exact_report_sets():
    m = run([extracted_incident(reports=(REPORT_A,))])
    assert m["incidents"]["matched"] == 1
    assert m["linking"] == {"matched": 1, "linked": 0, "rate": 0.0}
    assert m["matches"][0]["missing_reports"] == [REPORT_B]
    m = run([extracted_incident(reports=(REPORT_A, REPORT_B, "other.txt"))])
    assert m["linking"]["linked"] == 0
    assert m["matches"][0]["extra_reports"] == ["other.txt"]


def test_by_country():
    m = run([extracted_incident(), extracted_incident(id="e2", country="SO", lat=0.0, lon=42.0)])
    assert m["by_country"] == {
        "LY": {"gold": 1, "matched": 1, "extracted": 1},
        "SO": {"gold": 0, "matched": 0, "extracted": 1},
    }


# --- aggregates -------------------------------------------------------------------------------


GOLD_AGGS = [
    {
        "report": REPORT_B,
        "text": "nearly 500 strikes on Sirte",
        "country": "LY",
        "strikes": 500,
        "fatalities": None,
    },
    {
        "report": REPORT_B,
        "text": "The four strikes over ten days killed 43 militants",
        "country": "LY",
        "strikes": 4,
        "fatalities": 43,
    },
]


def extracted_aggregate(report=REPORT_B, country="LY", low=500, high=500, text="x"):
    return {
        "id": 1,
        "text": text,
        "country_code": country,
        "strikes_low": low,
        "strikes_high": high,
        "fatalities_low": None,
        "fatalities_high": None,
        "article": {"id": 2, "path": f"reports/{report}"},
    }


def test_aggregates_found_and_spurious():
    m = run(
        [extracted_incident()],
        extracted_aggs=[
            extracted_aggregate(low=None, high=500),  # found: "nearly 500"
            extracted_aggregate(low=4, high=4, country="SO"),  # wrong country: spurious
            extracted_aggregate(low=4, high=4, report=REPORT_A),  # wrong report: spurious
        ],
        gold_aggs=GOLD_AGGS,
    )
    agg = m["aggregates"]
    assert (agg["gold"], agg["extracted"], agg["found"], agg["spurious"]) == (2, 3, 1, 2)
    assert agg["recall"] == 0.5
    assert agg["missed_list"] == [{"report": REPORT_B, "text": GOLD_AGGS[1]["text"]}]
    assert agg["leaked"] == 0


def test_aggregate_leaks_as_incident():
    leak = extracted_incident(id="e43", low=43, high=43, reports=(REPORT_B,))
    m = run([extracted_incident(), leak], gold_aggs=GOLD_AGGS)
    agg = m["aggregates"]
    assert agg["leaked"] == 1
    assert agg["leaked_list"][0]["incident"] == "e43"
    assert agg["leaked_list"][0]["reason"] == "claim toll equals an aggregate figure"
    assert m["incidents"]["precision"] == 0.5


def test_aggregate_leak_by_sentence_and_legit_figures_ignored():
    sentence_leak = extracted_incident(id="e500", low=None, reports=(REPORT_B,))
    sentence_leak["claims"][0]["sentence"] = (
        "In 2016, American aircraft carried out nearly 500 strikes on Sirte over several months."
    )
    m = run([sentence_leak], gold_aggs=GOLD_AGGS)
    assert [row["text"] for row in m["aggregates"]["leaked_list"]] == [GOLD_AGGS[0]["text"]]
    # a toll that is also a gold incident's toll in that report is not a leak
    aggs = [dict(GOLD_AGGS[0], strikes=8)]
    assert run([extracted_incident()], gold_aggs=aggs)["aggregates"]["leaked"] == 0


# --- output and main ----------------------------------------------------------------------------


def test_summary_errors_and_main(tmp_path, capsys):
    gold = {"incidents": [gold_incident()], "aggregates": GOLD_AGGS}
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    extracted = {
        "incidents": [extracted_incident(low=9, high=9)],
        "aggregates": [extracted_aggregate()],
    }
    extracted_file = tmp_path / "extracted.json"
    extracted_file.write_text(json.dumps(extracted))
    out = tmp_path / "metrics.json"
    code = ie.main(
        [
            "--corpus",
            str(tmp_path),
            "--extracted",
            str(extracted_file),
            "--json",
            str(out),
            "--errors",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "precision 0.000" in printed
    assert "MISSED   g-murzuq" in printed
    assert "fatalities: killed 9-9, gold 8-8" in printed
    assert "AGG MISS" in printed
    metrics = json.loads(out.read_text())
    assert metrics["incidents"]["matched_date_place"] == 1
    assert metrics["aggregates"]["found"] == 1
    assert metrics["timing"] is None


def test_main_reports_a_failing_pipeline(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    (corpus / "reports").mkdir(parents=True)
    (corpus / "reports" / "a.txt").write_text("Outlet: X\nPublished: 2019-01-01\n\nBody.\n")
    (corpus / "gold.json").write_text(json.dumps({"incidents": [], "aggregates": []}))
    fake = tmp_path / "strikemap"
    fake.write_text("#!/bin/sh\necho 'No such command' >&2\nexit 2\n")
    fake.chmod(0o755)
    assert ie.main(["--corpus", str(corpus), "--strikemap", str(fake)]) == 1
    assert "exited 2" in capsys.readouterr().err


def test_run_pipeline_with_a_fake_cli(tmp_path):
    fake = tmp_path / "strikemap"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = ingest ]; then exit 0; fi\n'
        'echo \'{"incidents": [], "aggregates": []}\'\n'
    )
    fake.chmod(0o755)
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    output, timing = ie.run_pipeline(str(fake), files)
    assert output == {"incidents": [], "aggregates": []}
    assert timing["reports"] == 2
    assert timing["reports_per_s"] > 0


# --- the corpus itself --------------------------------------------------------------------------

HEADER = re.compile(r"^(Outlet|Published|Title|URL): (.+)$")
PRECISIONS = {"exact_site", "town", "near_town", "district", "region", "country"}


def read_report(path):
    head, sep, body = path.read_text(encoding="utf-8").partition("\n\n")
    assert sep, f"{path.name}: no blank line after the header"
    fields = {}
    for line in head.splitlines():
        match = HEADER.match(line)
        assert match, f"{path.name}: bad header line {line!r}"
        fields[match.group(1)] = match.group(2)
    return fields, body


@pytest.fixture(scope="module")
def corpus_gold():
    return json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))


def test_corpus_reports_are_well_formed():
    files = sorted((CORPUS / "reports").glob("*.txt"))
    assert len(files) >= 22
    name = re.compile(r"^(ly|so|ye|sy|ml|xx)-\d\d-(wire|release|longform)-(\d{4}-\d\d-\d\d)\.txt$")
    for path in files:
        match = name.match(path.name)
        assert match, path.name
        fields, body = read_report(path)
        assert {"Outlet", "Published", "Title"} <= set(fields), path.name
        assert fields["Published"] == match.group(3), path.name
        dt.date.fromisoformat(fields["Published"])
        if "URL" in fields:
            assert re.match(r"^https://example\.(org|com)/", fields["URL"]), path.name
        assert len(body.split()) > 40, path.name


def test_corpus_gold_is_consistent(corpus_gold):
    reports = {p.name for p in (CORPUS / "reports").glob("*.txt")}
    ids = [item["id"] for item in corpus_gold["incidents"]]
    assert len(ids) == len(set(ids))
    cited = set()
    for item in corpus_gold["incidents"]:
        assert set(item["reports"]) <= reports, item["id"]
        assert set(item["per_report_fatalities"]) == set(item["reports"]), item["id"]
        cited |= set(item["reports"])
        start, end = ie.date_range(item)
        assert start <= end
        for report in item["reports"]:
            published = dt.date.fromisoformat(report[-14:-4])
            assert end <= published, (item["id"], report)
        assert item["location_precision"] in PRECISIONS, item["id"]
        if item["location_precision"] in {"region", "country"}:
            assert item["radius_km"] and item["radius_km"] > 25, item["id"]
        else:
            assert item["radius_km"] is None, item["id"]
        assert -90 <= item["place"]["lat"] <= 90 and -180 <= item["place"]["lon"] <= 180
        tolls = [v for v in item["per_report_fatalities"].values() if v is not None]
        expected = {"low": min(tolls), "high": max(tolls)} if tolls else None
        assert item["fatalities"] == expected, item["id"]
        assert item["country"] == item["id"][:2].upper(), item["id"]
    # every report but the two without incidents backs some gold incident
    assert reports - cited == {p for p in reports if p.startswith("xx-")}
    assert len(reports - cited) == 2


def test_corpus_gold_scores_perfectly_against_itself(corpus_gold):
    extracted = {"incidents": [], "aggregates": []}
    for item in corpus_gold["incidents"]:
        extracted["incidents"].append(
            {
                "id": item["id"],
                "date_start": item["date_start"],
                "date_end": item["date_end"],
                "place": {**item["place"], "country_code": item["country"]},
                "fatalities": copy.deepcopy(item["fatalities"]),
                "claims": [
                    {"article": {"path": f"reports/{r}"}, "sentence": "", "fatalities_low": v}
                    for r, v in item["per_report_fatalities"].items()
                ],
            }
        )
    for agg in corpus_gold["aggregates"]:
        extracted["aggregates"].append(
            {
                "text": agg["text"],
                "country_code": agg["country"],
                "strikes_low": agg["strikes"],
                "strikes_high": agg["strikes"],
                "article": {"path": agg["report"]},
            }
        )
    m = ie.score(extracted, corpus_gold)
    assert m["incidents"]["f1"] == 1.0
    assert m["linking"]["rate"] == 1.0
    assert m["aggregates"]["found"] == len(corpus_gold["aggregates"])
    assert m["aggregates"]["spurious"] == 0
    assert m["aggregates"]["leaked"] == 0


def test_corpus_aggregate_texts_are_in_their_reports(corpus_gold):
    for agg in corpus_gold["aggregates"]:
        _, body = read_report(CORPUS / "reports" / agg["report"])
        assert agg["text"] in body, agg["text"]
        assert agg["country"] == agg["report"][:2].upper()


def test_corpus_offset_points_follow_their_descriptions(corpus_gold):
    by_id = {item["id"]: item for item in corpus_gold["incidents"]}
    cases = [
        ("so-2019-05-07-kismayo-southwest", (-0.35817, 42.54536), 225, 30 * 1.609344),
        ("ly-2017-01-18-sirte-southwest", (31.20892, 16.58866), 225, 45),
        ("ml-2019-10-08-gao-north", (16.27167, -0.04472), 0, 40),
    ]
    for gid, (lat, lon), azimuth, km in cases:
        want_lat, want_lon = moved(lat, lon, azimuth, km)
        place = by_id[gid]["place"]
        assert ie.distance_km(place["lat"], place["lon"], want_lat, want_lon) < 0.1, gid


def test_aggregate_stated_figure_and_sentences_list():
    # "more than 60 strikes": an extractor may read it as 61..None and keep the stated 60
    agg = extracted_aggregate(low=501, high=None)
    assert run([], extracted_aggs=[agg], gold_aggs=GOLD_AGGS)["aggregates"]["found"] == 0
    agg["strikes_stated"] = 500
    assert run([], extracted_aggs=[agg], gold_aggs=GOLD_AGGS)["aggregates"]["found"] == 1
    # claims may cite a list of sentences (dicts with "text") instead of one sentence
    leak = extracted_incident(id="e500", low=None, reports=(REPORT_B,))
    del leak["claims"][0]["sentence"]
    leak["claims"][0]["sentences"] = [
        {"start": 0, "end": 9, "text": "Nearly 500 strikes on Sirte."}
    ]
    assert run([leak], gold_aggs=GOLD_AGGS)["aggregates"]["leaked"] == 1
