"""The incident benchmark's scoring, on hand-made dicts, and the corpus's own consistency.

Nothing here runs the extraction pipeline: the extracted incidents are written below.
"""

import copy
import datetime as dt
import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

import pytest
from pyproj import Geod

from tests.factories import load_benchmark

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "incidents"


ie = load_benchmark("incident_eval")
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


# --- restricting our corpus to some reports (--only, --founding) --------------------------------


def test_restrict_gold_keeps_the_named_reports_and_recomputes_tolls():
    gold = {
        "incidents": [
            gold_incident(
                reports=[REPORT_A, "c.txt"],
                per_report_fatalities={REPORT_A: 8, "c.txt": 9},
                fatalities={"low": 8, "high": 9},
            ),
            gold_incident(id="g-other", reports=["c.txt"], per_report_fatalities={"c.txt": 3}),
            gold_incident(id="g-none", reports=[REPORT_A], per_report_fatalities={REPORT_A: None}),
        ],
        "aggregates": [dict(GOLD_AGGS[0], report=REPORT_A), GOLD_AGGS[1]],
    }
    kept = ie.restrict_gold(gold, [REPORT_A])
    assert [i["id"] for i in kept["incidents"]] == ["g-murzuq", "g-none"]
    assert kept["incidents"][0]["reports"] == [REPORT_A]
    assert kept["incidents"][0]["per_report_fatalities"] == {REPORT_A: 8}
    assert kept["incidents"][0]["fatalities"] == {"low": 8, "high": 8}
    assert kept["incidents"][1]["fatalities"] is None
    assert [a["report"] for a in kept["aggregates"]] == [REPORT_A]
    assert gold["incidents"][0]["fatalities"] == {"low": 8, "high": 9}  # the input is untouched


def test_founding_gold_is_the_four_2019_strikes_and_march_2018():
    gold = ie.restrict_gold(ie.load_gold(CORPUS), ie.FOUNDING_REPORTS)
    got = {
        (i["date_start"], i["fatalities"]["low"] if i["fatalities"] else None)
        for i in gold["incidents"]
    }
    assert got == {
        ("2019-09-19", 8),
        ("2019-09-24", 11),
        ("2019-09-26", 17),
        ("2019-09-29", 7),
        ("2018-03-01", 2),
    }
    assert all(set(i["reports"]) <= set(ie.FOUNDING_REPORTS) for i in gold["incidents"])


def test_only_names_an_unknown_report(tmp_path, capsys):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text("Published: 2019-01-01\n\nBody.\n")
    (tmp_path / "gold.json").write_text(json.dumps({"incidents": [], "aggregates": []}))
    assert ie.main(["--corpus", str(tmp_path), "--only", "a.txt", "b.txt"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"no such report(s) in {tmp_path / 'reports'}: b.txt"
    )


def test_claim_text_takes_the_sentence_once():
    claim = {"sentence": "A. B.", "sentences": [{"text": "A."}, {"text": "B."}]}
    assert ie.claim_text(claim) == "A. B."
    assert ie.claim_text({"sentences": [{"text": "A."}]}) == "A."
    assert ie.claim_text({}) == ""


# --- real corpora: synthetic articles in the shape of ../shared/eval/incidents ------------------


ir = load_benchmark("incident_real")

# invented places: a town T at (10, 40) and another, U, 100 km east of it
T = (10.0, 40.0)
U = moved(*T, 90, 100)


def real_gold(group, date="2020-05-01", at=T, tol=25, killed=None, secondary=False):
    item = {"date": date, "lat": at[0], "lon": at[1], "tol_km": tol, "killed": killed}
    item["group"] = group
    if secondary:
        item["secondary"] = True
    return item


def real_article(aid, *gold, published="2020-05-03", outlet=None):
    return {
        "id": aid,
        "published": published,
        "outlet": outlet or f"{aid}.example.org",
        "url": f"https://example.org/{aid}",
        "text": f"Synthetic report {aid}, written for the tests.",
        "notes": "",
        "gold": list(gold),
    }


def real_incident(
    iid,
    articles,
    start="2020-05-01",
    end=None,
    at=T,
    tolls=None,
    confidence=0.8,
    radius_km=5.0,
    precision="town",
    event="air strike",
):
    """An extracted incident; ``tolls``: article -> (low, high) as that article's claim says."""
    tolls = tolls or {}
    stated = [t for t in tolls.values() if t is not None]
    fatalities = None
    if stated:
        low = min(t[0] for t in stated)
        high = max(t[1] if t[1] is not None else t[0] for t in stated)
        fatalities = {"low": low, "best": low, "high": high}
    return {
        "id": iid,
        "event_type": event,
        "date_start": start,
        "date_end": end or start,
        "place": None
        if at is None
        else {
            "name": "T",
            "lat": at[0],
            "lon": at[1],
            "country_code": "XX",
            "precision": precision,
            "radius_km": radius_km,
        },
        "fatalities": fatalities,
        "claims": [
            {
                "article": {"path": f"{a}.txt", "url": f"https://example.org/{a}"},
                "sentence": f"Claim from {a}.",
                "fatalities_low": (tolls.get(a) or (None, None))[0],
                "fatalities_high": (tolls.get(a) or (None, None))[1],
                "confidence": confidence,
            }
            for a in articles
        ],
    }


def score_real(incidents, *articles):
    return ir.score_real(
        {"incidents": list(incidents)}, ir.parse_articles(list(articles), "t.json")
    )


def test_real_exact_match_scores_one():
    m = score_real([real_incident("i1", ["a1"])], real_article("a1", real_gold("g1")))
    assert (m["incidents"]["precision"], m["incidents"]["recall"]) == (1.0, 1.0)
    assert m["incidents"]["false_positives"] == 0
    assert m["matches"][0]["strike"] == "g1"
    assert m["matches"][0]["incident"] == "i1"
    assert m["counts"] == {
        "articles": 1,
        "no_strike_articles": 0,
        "strikes": 1,
        "secondary_strikes": 0,
        "multi_article_strikes": 0,
    }


def test_real_second_incident_for_one_strike_is_a_false_positive():
    articles = [real_article("a1", real_gold("g1")), real_article("a2", real_gold("g1"))]
    m = score_real([real_incident("i1", ["a1"]), real_incident("i2", ["a2"])], *articles)
    assert m["incidents"]["matched"] == 1
    assert m["incidents"]["precision"] == 0.5
    assert m["incidents"]["recall"] == 1.0
    assert m["incidents"]["duplicates"] == 1
    fp = m["errors"]["false_positives"][0]
    assert fp["kind"] == "duplicate"
    assert fp["strike"] == "g1"
    assert {fp["incident"], fp["taken_by"]} == {"i1", "i2"}
    # and linking: the strike reported by two articles is carried by neither incident alone
    assert m["linking"]["strikes"] == 1
    assert (m["linking"]["all"], m["linking"]["most"]) == (0, 0)
    assert m["linking"]["under_linked"] == 1


def test_real_matching_prefers_the_incident_carrying_the_strikes_articles():
    articles = [
        real_article("a1", real_gold("g1")),
        real_article("a2", real_gold("g1")),
        real_article("a3"),
    ]
    # i-other comes from an unrelated article but lies closer in date; i-both carries a1 and a2
    incidents = [
        real_incident("i-other", ["a3"]),
        real_incident("i-both", ["a1", "a2"], start="2020-05-01", end="2020-05-02"),
    ]
    m = score_real(incidents, *articles)
    assert m["matches"][0]["incident"] == "i-both"
    assert m["linking"]["all"] == 1
    assert m["linking"]["exact"] == 1
    assert m["errors"]["false_positives"][0]["incident"] == "i-other"


def test_real_assignment_is_optimal_not_greedy():
    # g1 at T (25 km), g2 at U, 100 km east (100 km). i1, 10 km east of T, fits both and g1
    # best; i2, 20 km west of T, fits only g1. Best-first would give g1 i1 and leave g2 empty.
    articles = [real_article("a1", real_gold("g1", tol=25), real_gold("g2", at=U, tol=100))]
    incidents = [
        real_incident("i1", ["a1"], at=moved(*T, 90, 10)),
        real_incident("i2", ["a1"], at=moved(*T, 270, 20)),
    ]
    m = score_real(incidents, *articles)
    assert {(r["strike"], r["incident"]) for r in m["matches"]} == {("g1", "i2"), ("g2", "i1")}
    assert (m["incidents"]["precision"], m["incidents"]["recall"]) == (1.0, 1.0)


def test_real_place_is_within_tol_km_and_the_incident_radius_is_not_added():
    article = real_article("a1", real_gold("g1", tol=25))
    near = real_incident("i1", ["a1"], at=moved(*T, 0, 24))
    assert score_real([near], article)["incidents"]["recall"] == 1.0
    far = real_incident("i1", ["a1"], at=moved(*T, 0, 30), radius_km=500.0, precision="country")
    m = score_real([far], article)
    assert m["incidents"]["recall"] == 0.0
    miss = m["errors"]["misses"][0]
    assert miss["strike"] == "g1"
    assert miss["nearest"]["fails"] == {"place": "30 km away > 25 km"}
    region = real_article("a1", real_gold("g1", tol=300))
    assert score_real([far], region)["incidents"]["recall"] == 1.0
    m = score_real([real_incident("i1", ["a1"], at=None)], article)
    assert m["errors"]["misses"][0]["nearest"]["fails"] == {"place": "no place"}


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("2020-05-01", None, True),
        ("2020-04-30", "2020-05-01", True),  # one day of slack in width
        ("2020-05-01", "2020-05-02", True),
        ("2020-04-30", "2020-05-02", False),  # three days
        ("2020-05-02", None, False),  # the statement's day, not the strike's
        ("2020-05-01", "2020-05-07", False),  # "last week"
    ],
)
def test_real_date_rule_is_the_corpus_rule(start, end, ok):
    m = score_real(
        [real_incident("i1", ["a1"], start=start, end=end)], real_article("a1", real_gold("g1"))
    )
    assert m["incidents"]["recall"] == (1.0 if ok else 0.0)
    assert (
        ie.date_check(
            ie.date_range({"date_start": start, "date_end": end}),
            (
                dt.date(2020, 5, 1),
                dt.date(2020, 5, 1),
            ),
        )[0]
        is ok
    )


def test_real_secondary_strikes_are_neither_required_nor_false():
    articles = [
        real_article("a1", real_gold("g1"), real_gold("old", date="2019-01-01", secondary=True)),
        real_article("a2", real_gold("g2", date="2020-06-01", at=U)),
    ]
    incidents = [
        real_incident("i1", ["a1"]),
        real_incident("i-old", ["a1"], start="2019-01-01"),
        real_incident("i-old-again", ["a1"], start="2019-01-01", at=moved(*T, 0, 10)),
    ]
    m = score_real(incidents, *articles)
    inc = m["incidents"]
    assert m["counts"]["strikes"] == 2 and m["counts"]["secondary_strikes"] == 1
    assert inc["matched"] == 1
    assert inc["secondary_matches"] == 1
    assert inc["false_positives"] == 1  # a second incident for the secondary strike
    assert inc["precision"] == 0.5  # 1 / (3 incidents - 1 on a secondary strike)
    assert inc["recall"] == 0.5  # g2 missed; 'old' not required
    assert [row["strike"] for row in m["errors"]["misses"]] == ["g2"]
    assert [row["incident"] for row in m["errors"]["false_positives"]] == ["i-old-again"]


def test_real_a_strike_reported_once_and_recalled_elsewhere_is_primary():
    articles = [
        real_article("a1", real_gold("g1")),
        real_article("a2", real_gold("g1", secondary=True)),
        real_article("a3", real_gold("g1")),
    ]
    strikes, warnings = ir.build_strikes(ir.parse_articles(articles, "t.json"))
    assert not strikes["g1"].secondary
    assert strikes["g1"].reporting == {"a1", "a3"}
    assert strikes["g1"].recalling == {"a2"}
    assert warnings == []
    # linking needs the reporting articles only; the recalling one may join without harm
    m = score_real([real_incident("i1", ["a1", "a3"])], *articles)
    assert (m["linking"]["all"], m["linking"]["exact"]) == (1, 1)
    m = score_real([real_incident("i1", ["a1", "a2", "a3"])], *articles)
    assert (m["linking"]["all"], m["linking"]["exact"], m["linking"]["over_linked"]) == (1, 1, 0)


def test_real_linking_all_most_and_over_linking():
    articles = [
        real_article("a1", real_gold("g1")),
        real_article("a2", real_gold("g1")),
        real_article("a3", real_gold("g1")),
        real_article("b1", real_gold("g2", date="2020-05-09", at=U)),
    ]
    two_of_three = real_incident("i1", ["a1", "a2", "b1"])
    m = score_real([two_of_three, real_incident("i3", ["a3"])], *articles)
    link = m["linking"]
    assert (link["strikes"], link["matched"], link["all"], link["most"]) == (1, 1, 0, 1)
    assert (link["rate_all"], link["rate_most"]) == (0.0, 1.0)
    assert link["over_linked"] == 1
    over = m["errors"]["over_linked"][0]
    assert over["strike"] == "g1"
    assert over["foreign"] == [{"article": "b1", "its_strikes": ["g2"]}]
    under = m["errors"]["under_linked"][0]
    assert under["missing"] == {"a3": ["i3"]}
    # a multi-article strike nobody found counts against linking too
    m = score_real([], *articles)
    assert (m["linking"]["strikes"], m["linking"]["all"], m["linking"]["rate_all"]) == (1, 0, 0.0)


def test_real_toll_agreement_within_the_union_of_gold_ranges():
    articles = [
        real_article("a1", real_gold("g1", killed=[8, 8])),
        real_article("a2", real_gold("g1", killed=[10, None])),
        real_article("a3", real_gold("g1", killed=None)),
    ]
    strikes, _ = ir.build_strikes(ir.parse_articles(articles, "t.json"))
    assert strikes["g1"].toll_range == (8, None)

    def toll(**tolls):
        m = score_real([real_incident("i1", ["a1", "a2", "a3"], tolls=tolls)], *articles)
        return m["toll"]

    t = toll(a1=(8, 8), a2=(10, None))
    assert (t["within"], t["matched_with_gold_toll"], t["rate"]) == (1, 1, 1.0)
    assert (t["claims_within"], t["claims_judged"]) == (2, 2)
    t = toll(a1=(7, 7), a2=(10, None))  # 7 is below every gold figure
    assert (t["within"], t["claims_within"], t["claims_judged"]) == (0, 1, 2)
    t = toll()
    assert (t["within"], t["no_toll"], t["claims_within"]) == (0, 1, 0)
    closed = [real_article("a1", real_gold("g1", killed=[1, 2]))]
    m = score_real([real_incident("i1", ["a1"], tolls={"a1": (1, None)})], *closed)
    # the incident says 1-1 (an open claim counts as its bound, as linking derives it): within;
    # the claim's own "at least one" is not within 1-2
    assert (m["toll"]["within"], m["toll"]["claims_within"], m["toll"]["claims_judged"]) == (
        1,
        0,
        1,
    )
    m = score_real([real_incident("i1", ["a1"], tolls={"a1": (3, 3)})], *closed)
    assert m["toll"]["within"] == 0
    assert m["errors"]["toll"][0]["gold"] == (1, 2)
    assert m["errors"]["toll"][0]["claims"] == [{"article": "a1", "killed": [3, 3]}]
    # a strike whose gold gives no toll is not judged
    m = score_real(
        [real_incident("i1", ["a1"], tolls={"a1": (5, 5)})], real_article("a1", real_gold("g1"))
    )
    assert m["toll"]["matched_with_gold_toll"] == 0


@pytest.mark.parametrize(
    ("toll", "gold", "ok"),
    [
        ((8, 8), (8, 8), True),
        ((8, 9), (8, 8), False),
        ((5, 6), (5, None), True),
        ((5, None), (5, None), True),
        ((5, None), (5, 6), False),
        ((4, 4), (5, None), False),
        (None, (1, 1), False),
        ((None, None), (1, 1), False),
        ((0, 0), (0, 0), True),
    ],
)
def test_real_within(toll, gold, ok):
    assert ir.within(toll, gold) is ok


def test_real_no_strike_articles_count_their_false_alarms():
    articles = [real_article("a1", real_gold("g1")), real_article("n1"), real_article("n2")]
    incidents = [
        real_incident("i1", ["a1", "n2"]),  # a true incident that also took a claim from n2
        real_incident("i-alarm", ["n1"], start="2020-04-01"),
    ]
    m = score_real(incidents, *articles)
    assert m["false_alarms"] == {
        "articles": 2,
        "articles_with_claims": 2,
        "claims": 2,
        "incidents": 2,
        "incidents_only_from_them": 1,
    }
    assert m["incidents"]["precision"] == 0.5
    fp = m["errors"]["false_positives"][0]
    assert (fp["incident"], fp["kind"]) == ("i-alarm", "no-strike article")
    assert m["linking"]["over_linked"] == 1
    alarms = {row["article"]: row["incidents"] for row in m["errors"]["false_alarms"]}
    assert alarms["n2"][0]["matched_strike"] == "g1"
    assert alarms["n1"][0]["quote"] == "Claim from n1."


def test_real_precision_recall_by_confidence_and_articles():
    articles = [
        real_article("a1", real_gold("g1")),
        real_article("a2", real_gold("g1")),
        real_article("b1", real_gold("g2", at=U)),
    ]
    incidents = [
        real_incident("i1", ["a1", "a2"], confidence=0.9),
        real_incident("i2", ["b1"], at=U, confidence=0.5),
        real_incident("i-wrong", ["b1"], start="2020-03-01", confidence=0.65),
    ]
    m = score_real(incidents, *articles)
    by_conf = [
        (r["threshold"], r["incidents"], r["precision"], r["recall"])
        for r in m["curve"]["confidence"]
    ]
    # a fixed grid of thresholds, 0.0 to 0.9
    assert by_conf == [
        *[(t / 10, 3, round(2 / 3, 4), 1.0) for t in range(6)],
        (0.6, 2, 0.5, 0.5),
        *[(t / 10, 1, 1.0, 0.5) for t in range(7, 10)],
    ]
    by_articles = [(r["threshold"], r["incidents"], r["recall"]) for r in m["curve"]["articles"]]
    assert by_articles == [(1.0, 3, 1.0), (2.0, 1, 0.5)]
    assert ir.incident_confidence({"claims": [{"confidence": 0.5}, {"confidence": 0.8}]}) == 0.8
    assert ir.incident_confidence({"claims": [{}]}) == 1.0
    assert ir.incident_confidence({"confidence": 0.3, "claims": [{"confidence": 0.8}]}) == 0.3


def test_real_headline_figures_leave_candidates_out():
    articles = [real_article("a1", real_gold("g1")), real_article("b1", real_gold("g2", at=U))]
    shown = real_incident("i1", ["a1"])
    candidate = {**real_incident("i2", ["b1"], at=U), "status": "candidate", "confidence": 0.2}
    wrong = {**real_incident("i3", ["b1"], start="2020-03-01"), "status": "candidate"}
    m = score_real([shown, candidate, wrong], *articles)
    inc = m["incidents"]
    assert (inc["extracted"], inc["matched"], inc["precision"], inc["recall"]) == (1, 1, 1.0, 0.5)
    assert inc["candidates"] == 2
    assert inc["with_candidates"] == {
        "incidents": 3,
        "matched": 2,
        "precision": round(2 / 3, 4),
        "recall": 1.0,
        "f1": 0.8,
    }
    assert [r["incidents"] for r in m["curve"]["confidence"]][:3] == [3, 3, 3]


def test_real_claims_are_recognised_by_file_name_or_url():
    articles = ir.parse_articles([real_article("a1", real_gold("g1"))], "t.json")
    by_id, by_url = {"a1": "a1"}, {"https://example.org/a1": "a1"}
    assert ir.claim_article({"article": {"path": "/tmp/x/a1.txt"}}, by_id, by_url) == "a1"
    assert (
        ir.claim_article(
            {"article": {"path": "other.txt", "url": "https://example.org/a1"}}, by_id, by_url
        )
        == "a1"
    )
    assert ir.claim_article({"article": {"path": "other.txt"}}, by_id, by_url) == "?"
    incident = real_incident("i1", ["a1"])
    incident["claims"][0]["article"]["path"] = "renamed.txt"
    m = ir.score_real({"incidents": [incident]}, articles)
    assert m["matches"][0]["articles_carried"] == 1


def _brute_force_best(weights):
    pairs = list(weights)
    best = 0.0
    for n in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, n):
            rows = [r for r, _ in chosen]
            cols = [c for _, c in chosen]
            if len(set(rows)) == len(rows) and len(set(cols)) == len(cols):
                best = max(best, sum(weights[p] for p in chosen))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_real_assignment_matches_brute_force(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 4), rng.randint(1, 5)
    weights = {
        (f"g{r}", c): round(rng.uniform(1, 2), 3)
        for r in range(rows)
        for c in range(cols)
        if rng.random() < 0.6
    }
    chosen = ir.assign_one_to_one(weights)
    assert len({r for r, _ in chosen}) == len(chosen) == len({c for _, c in chosen})
    assert all(pair in weights for pair in chosen)
    assert sum(weights[p] for p in chosen) == pytest.approx(_brute_force_best(weights))


def test_real_assignment_rejects_non_positive_weights():
    with pytest.raises(ValueError, match="weights must be positive"):
        ir.assign_one_to_one({("g", 1): 0.0})
    assert ir.assign_one_to_one({}) == []


def test_real_module_doctests():
    import doctest

    assert doctest.testmod(ir).failed == 0


# --- real corpora: reading, splitting, running ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"id": "a"}, "t.json: expected a JSON list of articles, got dict"),
        (["x"], "t.json: article 0: expected an object, got str"),
        ([{"gold": []}], "t.json: article 0: no 'id'"),
        ([{"id": "../a", "gold": []}], "t.json: article '../a': an id must be a plain file name"),
        ([{"id": "a", "gold": {}}], "t.json: article 'a': gold must be a list, got {}"),
        (
            [real_article("a", dict(real_gold("g"), killed=[3, 2]))],
            "t.json: article 'a', gold 0: killed must be null or [lo, hi] (hi null or >= lo), got [3, 2]",
        ),
        (
            [real_article("a", dict(real_gold("g"), date="1 May"))],
            "t.json: article 'a', gold 0: not a YYYY-MM-DD date: '1 May'",
        ),
        (
            [real_article("a", dict(real_gold("g"), tol_km=0))],
            "t.json: article 'a', gold 0: tol_km must be positive, got 0.0",
        ),
        ([dict(real_article("a"), outlet="x\ny")], "t.json: article 'a', outlet: must be one line"),
    ],
)
def test_real_corpus_errors(raw, message):
    with pytest.raises(ir.CorpusError, match=re.escape(message)):
        ir.parse_articles(raw, "t.json")


def test_real_corpus_files_and_duplicate_ids(tmp_path):
    a = tmp_path / "x-a.json"
    a.write_text(json.dumps([real_article("a1", real_gold("g1"))]))
    b = tmp_path / "x-b.json"
    b.write_text(json.dumps([real_article("a1")]))
    with pytest.raises(ir.CorpusError, match="article id 'a1' is in both x-a.json and x-b.json"):
        ir.load_articles([a, b])
    with pytest.raises(ir.CorpusError, match="is not JSON"):
        (tmp_path / "bad.json").write_text("[")
        ir.load_articles([tmp_path / "bad.json"])


def test_real_inconsistent_group_is_warned_about():
    articles = [
        real_article("a1", real_gold("g1")),
        real_article("a2", real_gold("g1", date="2020-05-02")),
    ]
    strikes, warnings = ir.build_strikes(ir.parse_articles(articles, "t.json"))
    assert strikes["g1"].date == dt.date(2020, 5, 1)
    assert warnings == [
        "group g1: a2 gives 2020-05-02 (10.0, 40.0) ±25 km, a1 2020-05-01 (10.0, 40.0) ±25 km; "
        "using the latter"
    ]


def _articles(*raw, source="t.json"):
    return ir.parse_articles(list(raw), source)


def test_real_splits_by_file_when_no_group_crosses():
    articles = _articles(real_article("a1", real_gold("g1")), source="real-x-a.json") + _articles(
        real_article("b1", real_gold("g2")), real_article("b2"), source="real-x-b.json"
    )
    splits, how = ir.make_splits(articles)
    assert {k: [a.id for a in v] for k, v in splits.items()} == {"a": ["a1"], "b": ["b1", "b2"]}
    assert how == (
        "split by file, no strike group crosses files: a = real-x-a.json, b = real-x-b.json"
    )


def test_real_splits_by_group_when_groups_cross_files():
    first = _articles(
        real_article("a1", real_gold("g1")),
        real_article("a2", real_gold("g2")),
        real_article("a3"),
        source="one.json",
    )
    second = _articles(
        real_article("b1", real_gold("g1"), real_gold("g3")),
        real_article("b2", real_gold("g3")),
        real_article("b3", real_gold("g4")),
        source="two.json",
    )
    splits, how = ir.make_splits(first + second, folds=2)
    assert (
        how
        == "1 strike group(s) cross files: 2 folds by strike group (articles sharing a group stay together)"
    )
    fold_of = {a.id: name for name, items in splits.items() for a in items}
    assert fold_of["a1"] == fold_of["b1"] == fold_of["b2"]  # joined through g1 and g3
    assert sorted(len(v) for v in splits.values()) == [3, 3]
    assert ir.make_splits(first + second, folds=2) == (splits, how)  # deterministic
    three, _ = ir.make_splits(first, folds=3)
    assert sorted(len(v) for v in three.values()) == [1, 1, 1]
    with pytest.raises(ir.CorpusError, match="--folds must be at least 2, got 1"):
        ir.make_splits(first, folds=1)


def test_real_reports_carry_the_json_header_into_ingest(tmp_path):
    from geo.io.reports import read_report

    raw = real_article("a1", real_gold("g1"), published="2020-05-03", outlet="wire.example.org")
    raw["text"] = "Outlet: not a header\n\nA synthetic body with a second paragraph."
    files = ir.write_reports(_articles(raw, real_article("a0", published="2020-05-04")), tmp_path)
    assert [f.name for f in files] == ["a1.txt", "a0.txt"]  # chronological
    article = read_report(files[0])
    assert article.published == dt.date(2020, 5, 3)
    assert article.outlet == "wire.example.org"
    assert article.url == "https://example.org/a1"
    assert article.text == raw["text"]


FAKE_CLI = """#!{python}
import json, sys
from pathlib import Path
INCIDENTS = {incidents!r}
args = sys.argv[1:]
db = Path(args[args.index("--db") + 1])
if args[0] == "ingest":
    files = [a for a in args[1:] if a.endswith(".txt")]
    db.write_text(json.dumps([Path(f).stem for f in files]))
    rows = [{{"path": f, "status": "error" if "bad" in f else "added", "error": "not English"}}
            for f in files]
    print(json.dumps({{"summary": {{}}, "files": rows}}))
    sys.exit(1 if any("bad" in f for f in files) else 0)
stems = json.loads(db.read_text())
print(json.dumps({{"incidents": [INCIDENTS[s] for s in stems if s in INCIDENTS], "aggregates": []}}))
"""


def _real_files(tmp_path):
    a = tmp_path / "real-x-a.json"
    a.write_text(
        json.dumps(
            [
                real_article("a1", real_gold("g1", killed=[3, 3])),
                real_article("a2", real_gold("g1", killed=[3, 3])),
                real_article("a-bad"),
            ]
        )
    )
    b = tmp_path / "real-x-b.json"
    b.write_text(json.dumps([real_article("b1", real_gold("g2", at=U)), real_article("b2")]))
    return a, b


def test_real_main_runs_every_split_through_the_cli(tmp_path, capsys):
    a, b = _real_files(tmp_path)
    incidents = {
        "a1": real_incident("i1", ["a1"], tolls={"a1": (3, 3)}),
        "a2": real_incident("i2", ["a2"]),
        "b2": real_incident("i-alarm", ["b2"]),
    }
    fake = tmp_path / "strikemap"
    fake.write_text(FAKE_CLI.format(python=sys.executable, incidents=incidents))
    fake.chmod(0o755)
    out = tmp_path / "metrics.json"
    code = ie.main(
        ["--real", str(a), str(b), "--strikemap", str(fake), "--json", str(out), "--errors"]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert (
        "split by file, no strike group crosses files: a = real-x-a.json, b = real-x-b.json"
        in printed
    )
    rows = {
        line.split()[0]: line.split()
        for line in printed.splitlines()
        if line[:4] in ("all ", "a   ", "b   ", "a+b ")
    }
    # split role articles strikes incidents matched precision recall F1 ...
    assert rows["all"][1:8] == ["whole", "5", "2+0s", "3", "1", "0.333", "0.500"]
    assert rows["a"][1:8] == ["held-out", "3", "1+0s", "2", "1", "0.500", "1.000"]
    assert rows["b"][1:8] == ["held-out", "2", "1+0s", "1", "0", "0.000", "0.000"]
    assert rows["a+b"][1:8] == ["held-out", "5", "2+0s", "3", "1", "0.333", "0.500"]
    assert "refused by ingest: a-bad: not English" in printed
    assert (
        "FALSE+   i2 [air strike] 2020-05-01 T (XX, town, r 5 km) killed no toll from a2: duplicate of g1 (matched by i1)"
        in printed
    )
    assert "ALARM    b2 (no strike): i-alarm" in printed
    assert "MISSED   g2 2020-05-01" in printed
    payload = json.loads(out.read_text())
    assert [run["split"] for run in payload["runs"]] == ["all", "a", "b", "a+b"]
    assert payload["splits"] == {"a": ["a1", "a2", "a-bad"], "b": ["b1", "b2"]}
    assert payload["runs"][1]["metrics"]["toll"]["within"] == 1
    assert "errors" not in payload["runs"][0]["metrics"]
    assert "Claim from" not in out.read_text()  # no quotes in the file

    assert (
        ie.main(
            ["--real", str(a), str(b), "--strikemap", str(fake), "--split", "b", "--tuned-on", "a"]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "nothing is fitted" not in printed
    assert [line.split()[:2] for line in printed.splitlines() if line.startswith("b ")] == [
        ["b", "held-out"]
    ]


def test_real_main_scores_a_given_output_and_detects_the_json_shape(tmp_path, capsys):
    a, _ = _real_files(tmp_path)
    extracted = tmp_path / "incidents.json"
    extracted.write_text(json.dumps({"incidents": [real_incident("i1", ["a1", "a2"])]}))
    assert ie.main(["--corpus", str(a), "--extracted", str(extracted)]) == 0
    printed = capsys.readouterr().out
    row = next(line.split() for line in printed.splitlines() if line.startswith("all "))
    assert row[1:8] == ["given", "3", "1+0s", "1", "1", "1.000", "1.000"]
    assert "linking: one incident carries all reporting articles for 1 of 1" in printed


def test_real_main_reports_bad_input(tmp_path, capsys):
    assert ie.main(["--real", str(tmp_path / "absent.json")]) == 1
    assert "real corpus file(s) not found:" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"not": "a list"}))
    assert ie.main(["--real", str(bad)]) == 1
    assert capsys.readouterr().err.strip() == (
        "bad real corpus: bad.json: expected a JSON list of articles, got dict"
    )
    a, b = _real_files(tmp_path)
    assert ie.main(["--real", str(a), str(b), "--split", "c"]) == 1
    assert capsys.readouterr().err.strip() == "--split must be one of all, a, b, got 'c'"
    assert ie.main(["--real", str(a), str(b), "--tuned-on", "all"]) == 1
    assert capsys.readouterr().err.strip() == "--tuned-on must be one of a, b, got 'all'"


REAL_DIR = Path(os.environ.get("STRIKEMAP_REAL_DIR", str(ir.REAL_DIR)))


@pytest.mark.skipif(
    not (REAL_DIR / "real-dev-a.json").exists(), reason="no ../shared/eval/incidents here"
)
def test_real_development_corpus_reads_and_splits_by_file():
    articles = ir.load_articles([REAL_DIR / "real-dev-a.json", REAL_DIR / "real-dev-b.json"])
    strikes, warnings = ir.build_strikes(articles)
    assert len(articles) == 150
    assert len(strikes) == 67
    assert sum(not a.gold for a in articles) == 10
    assert warnings == []
    splits, how = ir.make_splits(articles)
    assert sorted(splits) == ["a", "b"]
    assert how.startswith("split by file")
