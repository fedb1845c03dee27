"""`strikemap ingest` / `incidents` / `correct` / `audit`: the founding case, bad input, kills."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gazetteer.geodesy import geodesic_distance
from geo.cli import main
from geo.extraction.extract import extract_claims
from geo.io.reports import read_report
from geo.store.database import IncidentStore
from tests.payloads import strike_rows

pytestmark = pytest.mark.usefixtures("gazetteer_index")

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "incidents" / "reports"
WIRE = CORPUS / "ly-01-wire-2019-09-27.txt"
LONG = CORPUS / "ly-02-longform-2019-11-09.txt"
MURZUQ = (25.9155, 13.9184)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def incidents_json(capsys: pytest.CaptureFixture[str], db: Path) -> dict:
    code, out, err = run(capsys, "incidents", "--db", str(db), "--json")
    assert code == 0, err
    return json.loads(out)


def test_founding_case_two_reports_make_four_2019_incidents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.sqlite"
    code, out, err = run(capsys, "ingest", "--db", str(db), str(WIRE), str(LONG))
    assert code == 0, err
    assert out.startswith("2 article(s) added, 0 already stored, 0 failed;")
    data = incidents_json(capsys, db)
    strikes_2019 = [i for i in data["incidents"] if i["date_start"].startswith("2019")]
    assert [i["date_start"] for i in strikes_2019] == [
        "2019-09-19",
        "2019-09-24",
        "2019-09-26",
        "2019-09-29",
    ]
    assert all(i["date_start"] == i["date_end"] for i in strikes_2019)
    assert [i["fatalities"]["best"] for i in strikes_2019] == [8, 11, 17, 7]
    assert [i["place"]["precision"] for i in strikes_2019] == [
        "town",
        "near_town",
        "region",
        "region",
    ]
    for incident in strikes_2019[:2]:
        place = incident["place"]
        assert geodesic_distance(MURZUQ, (place["lat"], place["lon"])).km < 5
    assert strikes_2019[2]["place"]["name"] == "southwest Libya"
    assert all(i["place"]["country_code"] == "LY" for i in strikes_2019)
    outlets = [sorted(i["outlets"]) for i in strikes_2019]
    both = ["Arabian Gulf Dispatch", "The Meridian Review"]
    assert outlets == [both, both, both, ["The Meridian Review"]]
    assert [i["status"] for i in strikes_2019] == [
        "corroborated",
        "corroborated",
        "corroborated",
        "single source",
    ]
    # every figure is traceable to a sentence of its article
    for incident in strikes_2019:
        for claim in incident["claims"]:
            text = read_report(CORPUS / claim["article"]["path"]).text
            for quote in claim["sentences"]:
                assert text[quote["start"] : quote["end"]] == quote["text"]
    # the March 2018 AQIM strike is a month-precise incident; the tallies stay aggregates
    earlier = [i for i in data["incidents"] if not i["date_start"].startswith("2019")]
    assert [(i["date_start"], i["date_end"], i["fatalities"]["best"]) for i in earlier] == [
        ("2018-03-01", "2018-03-31", 2)
    ]
    tallies = {a["text"]: a for a in data["aggregates"]}
    assert set(tallies) == {"four strikes", "nearly 500 strikes", "six strikes"}
    four = tallies["four strikes"]
    assert (four["strikes_stated"], four["fatalities_low"]) == (4, 43)
    assert four["covers_incidents"] == [i["id"] for i in strikes_2019]
    assert four["check"] == "43 killed; the incidents sum to 43: consistent"
    assert tallies["nearly 500 strikes"]["place_name"] == "Sirte"
    assert tallies["nearly 500 strikes"]["period_start"] == "2016-01-01"
    assert tallies["six strikes"]["period_end"] == "2018-12-31"
    # AFRICOM's "nearly 600 miles south of Tripoli" is flagged against the 776 km geodesic
    (check,) = data["distance_checks"]
    assert (check["place_name"], check["anchor_name"]) == ("Murzuk", "Tripoli")
    assert check["computed_km"] == pytest.approx(776, abs=3)
    assert check["verdict"] == (
        "off by 190 km (24%): stated 966 km (600 mi), geodesic 776 km (482 mi)"
    )


def test_ingesting_the_same_reports_again_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.sqlite"
    run(capsys, "ingest", "--db", str(db), str(WIRE))
    before = incidents_json(capsys, db)
    code, out, _ = run(capsys, "ingest", "--db", str(db), str(WIRE), "--json")
    assert code == 0
    summary = json.loads(out)["summary"]
    assert (summary["added"], summary["known"], summary["claims"]) == (0, 1, 0)
    assert incidents_json(capsys, db) == before


def test_bad_files_are_reported_one_line_each_and_the_rest_ingested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "empty.txt": b"",
        "binary.bin": bytes(range(256)) * 4,
        "latin1.txt": "Published: 2019-09-27\n\nUne frappe a tu\xe9 huit.".encode("latin-1"),
        "french.txt": (
            "Published: 2019-09-27\n\nUne frappe aérienne américaine a tué huit combattants "
            "de l'État islamique près de Mourzouk jeudi, selon le commandement."
        ).encode(),
        "big.txt": b"Published: 2019-09-27\n\n" + b"A strike killed two. " * 250_000,
        "nodate.txt": b"A US drone strike near Murzuq killed eight militants on Thursday.",
        "baddate.txt": b"Published: 2019-02-30\n\nA drone strike near Murzuq killed eight.",
        "future.txt": b"Published: 2099-01-01\n\nA drone strike near Murzuq killed eight.",
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    db = tmp_path / "inc.sqlite"
    code, out, err = run(capsys, "ingest", "--db", str(db), *paths, str(WIRE))
    assert code == 1
    lines = err.strip().splitlines()
    expected = {
        "empty.txt": "the report is empty",
        "binary.bin": "the file is binary data, not text",
        "latin1.txt": "the file is not valid UTF-8 (byte 38: b'\\xe9'); convert it to UTF-8 first",
        "french.txt": "the report does not look like English text (strikemap reads English)",
        "big.txt": "the file is 5.3 MB; reports over 1 MB are refused (split it into its articles)",
        "nodate.txt": "no publication date: give --published YYYY-MM-DD or a 'Published:' "
        "header line",
        "baddate.txt": "impossible publication date '2019-02-30': day is out of range for month",
        "future.txt": "publication date '2099-01-01' is in the future",
    }
    assert len(lines) == len(expected)
    for line, (name, message) in zip(lines, expected.items(), strict=True):
        assert line == f"strikemap: error: {tmp_path / name}: {message}"
    assert out.startswith("1 article(s) added, 0 already stored, 8 failed;")
    with IncidentStore.open(db) as store:
        assert [a.path for a in store.articles()] == [WIRE.name]


def test_a_bad_publication_option_stops_before_anything_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "inc.sqlite"
    code, _, err = run(capsys, "ingest", "--db", str(db), "--published", "2019-13-01", str(WIRE))
    assert code == 1
    assert err == (
        "strikemap: error: impossible publication date '2019-13-01': month must be in 1..12\n"
    )
    assert not db.exists()


def test_published_option_overrides_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = tmp_path / "plain.txt"
    body.write_text("A US drone strike near Murzuq killed eight militants on Thursday.\n")
    db = tmp_path / "inc.sqlite"
    code, _, err = run(
        capsys,
        "ingest",
        "--db",
        str(db),
        "--published",
        "2019-09-20",
        "--outlet",
        "Desk",
        str(body),
    )
    assert code == 0, err
    (incident,) = incidents_json(capsys, db)["incidents"]
    assert incident["date_start"] == "2019-09-19"
    assert incident["claims"][0]["article"]["outlet"] == "Desk"


def test_corrections_from_the_command_line_are_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.sqlite"
    run(capsys, "ingest", "--db", str(db), str(WIRE), str(LONG))
    code, out, err = run(
        capsys,
        "correct",
        "place",
        "ly-2019-09-29-south-libya",
        "--db",
        str(db),
        "--at",
        "25.3,14.1",
        "--name",
        "desert south of Murzuq",
        "--precision",
        "near_town",
        "--country",
        "LY",
        "--why",
        "local reporting",
        "--who",
        "ana",
    )
    assert code == 0, err
    assert json.loads(out)["place"]["name"] == "desert south of Murzuq"
    code, _, err = run(
        capsys,
        "correct",
        "date",
        "ly-2019-09-29-south-libya",
        "2019-09-28",
        "--db",
        str(db),
        "--why",
        "strike was late on the 28th",
    )
    assert code == 0, err
    run(capsys, "ingest", "--db", str(db), str(WIRE), str(LONG))  # re-ingest undoes nothing
    incident = next(
        i for i in incidents_json(capsys, db)["incidents"] if i["id"] == "ly-2019-09-29-south-libya"
    )
    assert incident["place"]["name"] == "desert south of Murzuq"
    assert incident["date_start"] == "2019-09-28"
    assert incident["corrected"] == ["place", "date"]
    code, out, _ = run(capsys, "audit", "ly-2019-09-29-south-libya", "--db", str(db), "--json")
    trail = json.loads(out)
    assert [(e["action"], e["why"]) for e in trail] == [
        ("re-place", "local reporting"),
        ("re-date", "strike was late on the 28th"),
    ]
    assert trail[0]["who"] == "ana"
    assert trail[0]["previous"]["name"] == "south Libya"
    code, _, err = run(
        capsys, "correct", "date", "nope", "2019-09-28", "--db", str(db), "--why", "x"
    )
    assert (code, err) == (1, f"strikemap: error: no incident 'nope' in {db}\n")


def test_incidents_text_listing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "case.sqlite"
    code, _, err = run(capsys, "incidents", "--db", str(db))
    assert (code, err) == (1, f"strikemap: error: no incident database at {db}\n")
    IncidentStore.open(db).close()
    code, out, _ = run(capsys, "incidents", "--db", str(db))
    assert (code, out) == (0, f"no incidents in {db}\n")
    run(capsys, "ingest", "--db", str(db), str(WIRE))
    code, out, _ = run(capsys, "incidents", "--db", str(db))
    assert code == 0
    assert (
        "ly-2019-09-26-southwest-libya  2019-09-26  drone strike  southwest Libya, LY (region)"
        "  17 killed  [candidate, confidence 0."
        in out  # one article, a region: below the threshold
    )


def _copies(tmp_path: Path, n: int) -> list[Path]:
    sources = sorted(CORPUS.glob("*.txt"))
    out = []
    for i in range(n):
        source = sources[i % len(sources)]
        target = tmp_path / f"copy-{i:03d}-{source.name}"
        target.write_text(source.read_text() + f"\n(Filed as copy {i}.)\n")
        out.append(target)
    return out


def _stored_paths(db: Path) -> list[str]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return [r[0] for r in conn.execute("SELECT path FROM articles ORDER BY id")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def test_a_killed_ingest_leaves_exactly_the_completed_articles(
    tmp_path: Path, gazetteer_index: Path
) -> None:
    files = _copies(tmp_path, 150)
    db = tmp_path / "kill.sqlite"
    env = {**os.environ, "STRIKEMAP_GAZETTEER": str(gazetteer_index)}
    code = "import sys; from geo.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "ingest", "--db", str(db), *map(str, files)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while len(_stored_paths(db)) < 10 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with IncidentStore.open(db) as store:
        assert store.integrity() == "ok"
        assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = [a.path for a in store.articles()]
        assert 10 <= len(stored) < len(files)
        assert stored == [f.name for f in files[: len(stored)]]  # a prefix, in order
        # each stored article is whole: all its claims and aggregates, all claims linked
        for article in store.articles()[-3:]:
            report = read_report(tmp_path / article.path)
            expected = extract_claims(report.text, published=report.published)
            kinds = dict(
                store._conn.execute(
                    "SELECT kind, count(*) FROM claims WHERE article_id = ? GROUP BY kind",
                    [article.id],
                ).fetchall()
            )
            assert kinds.get("event", 0) == len(expected.claims)
            assert kinds.get("aggregate", 0) == len(expected.aggregates)
        unlinked = store._conn.execute(
            "SELECT count(*) FROM claims WHERE kind = 'event' AND incident_id IS NULL"
        ).fetchone()[0]
        assert unlinked == 0
    # finishing the job afterwards stores the rest once
    done = subprocess.run(
        [sys.executable, "-c", code, "ingest", "--db", str(db), *map(str, files), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert summary["known"] == len(stored)
    assert summary["added"] == len(files) - len(stored)


def test_published_dates_in_claims_follow_the_header(tmp_path: Path) -> None:
    report = read_report(WIRE)
    assert report.published == dt.date(2019, 9, 27)
    assert report.outlet == "Arabian Gulf Dispatch"
    assert report.text.startswith("TRIPOLI, Libya")


def test_map_of_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "case.sqlite"
    run(capsys, "ingest", "--db", str(db), str(WIRE), str(LONG))
    page = tmp_path / "db.html"
    code, out, err = run(capsys, "map", "--db", str(db), "-o", str(page), "--offline")
    assert code == 0, err
    # the March 2018 strike, only recalled by the long-form piece, is a candidate: off the map
    assert out == f"wrote {page} (4 strikes, 6 sites, offline)\n"
    html = page.read_text()
    assert "Arabian Gulf Dispatch" in html and "southwest Libya" in html
    code, _, err = run(capsys, "map", "--db", str(tmp_path / "none.sqlite"), "-o", str(page))
    assert (code, err) == (
        1,
        f"strikemap: error: no incident database at {tmp_path / 'none.sqlite'}\n",
    )
    code, _, err = run(capsys, "map", "--db", str(db), "--dataset", "x.json", "-o", str(page))
    assert (code, err) == (1, "strikemap: error: give --dataset or --db, not both\n")


def test_report_text_is_escaped_on_the_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "evil.txt"
    report.write_text(
        "Published: 2019-09-27\nOutlet: <b>Bold</b> Wire\n\n"
        "A drone strike on Thursday killed eight militants near Murzuq "
        "<script>alert('x')</script>, officials said.\n"
    )
    db = tmp_path / "evil.sqlite"
    code, _, err = run(capsys, "ingest", "--db", str(db), str(report))
    assert code == 0, err
    page = tmp_path / "evil.html"
    code, _, err = run(capsys, "map", "--db", str(db), "-o", str(page), "--offline")
    assert code == 0, err
    html = page.read_text()
    assert "<script>alert('x')</script>" not in html
    assert "<b>Bold</b>" not in html
    # the strikes are data, shown with textContent: the text itself, read back verbatim
    (row,) = strike_rows(html)
    assert row["claims"][0]["source"][0] == "<b>Bold</b> Wire"
    assert "<script>alert('x')</script>" in row["claims"][0]["statement"]


def test_a_report_from_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    body = b"A US drone strike near Murzuq killed eight militants on Thursday, officials said."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    db = tmp_path / "stdin.sqlite"
    code, out, err = run(
        capsys, "ingest", "-", "--published", "2019-09-20", "--outlet", "Desk", "--db", str(db)
    )
    assert code == 0, err
    (incident,) = incidents_json(capsys, db)["incidents"]
    assert incident["claims"][0]["article"]["path"] == "<stdin>"
    assert incident["date_start"] == "2019-09-19"


def test_a_place_correction_never_makes_an_incident_vanish_from_the_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`correct place` without --country once dropped the strike from `map --db` silently."""
    db = tmp_path / "case.sqlite"
    IncidentStore.open(db, seed=True).close()
    page = tmp_path / "map.html"
    strike = "ly-2019-09-19-murzuq"

    def correct(*args: str) -> tuple[int, str, str]:
        return run(capsys, "correct", "place", strike, "--db", str(db), "--why", "t", *args)

    code, out, err = correct("--at", "25.9,13.9", "--name", "X")
    assert (code, err) == (0, "")
    place = json.loads(out)["place"]
    assert (place["name"], place["country_code"]) == ("X", "LY")
    assert place["reason"] == "set by an analyst; country LY from the point"
    assert run(capsys, "map", "--db", str(db), "-o", str(page)) == (
        0,
        f"wrote {page} (5 strikes, 6 sites)\n",
        "",
    )
    for name in ("", "   "):
        assert correct("--at", "25.9,13.9", "--name", name) == (
            1,
            "",
            f"strikemap: error: --name must not be empty, got {name!r}\n",
        )
    assert correct("--at", "0,-30", "--name", "Atlantic") == (
        1,
        "",
        "strikemap: error: no country contains the point '0,-30' (at sea, or beyond the "
        "shipped outlines); give its country with --country\n",
    )
    code, out, err = correct("--at", "0,-30", "--name", "a boat", "--country", "ly")
    assert (code, err) == (0, "")
    assert json.loads(out)["place"]["country_code"] == "LY"
    code, out, _ = run(capsys, "audit", strike, "--db", str(db), "--json")
    assert [e["what"]["name"] for e in json.loads(out) if e["action"] == "re-place"] == [
        "X",
        "a boat",
    ]


def test_the_map_of_a_database_names_what_it_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.factories import make_article, make_claim, stub

    db = tmp_path / "case.sqlite"
    with IncidentStore.open(db, seed=True) as store:
        store.ingest(
            make_article("no place"), extract=stub(make_claim(0, "2019-12-20", place=None))
        )
    page = tmp_path / "map.html"
    assert run(capsys, "map", "--db", str(db), "-o", str(page)) == (
        0,
        f"wrote {page} (5 strikes, 6 sites, 1 record(s) left out (see above))\n",
        "strikemap: warning: left out of the map: incident xx-2019-12-20-unplaced: no place: "
        "its reports name none\n",
    )


# --- the batch policy as a library function (geo.store.ingest), shared by the CLI and the app ---


def test_a_batch_reports_each_failure_and_ingests_the_rest(tmp_path: Path, gaz) -> None:
    from geo.store.ingest import IngestStatus, ingest_reports, report_file

    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    opened: list[int] = []

    def gazetteer():
        opened.append(1)
        return gaz

    seen = []
    with IncidentStore.open(tmp_path / "batch.sqlite") as store:
        reports = [report_file(WIRE), report_file(binary), report_file(LONG), report_file(WIRE)]
        batch = ingest_reports(store, reports, gazetteer=gazetteer, on_outcome=seen.append)
    assert opened == [1]  # once, for the first new article
    assert [o.status for o in batch.outcomes] == [
        IngestStatus.ADDED,
        IngestStatus.ERROR,
        IngestStatus.ADDED,
        IngestStatus.KNOWN,
    ]
    assert seen == batch.outcomes
    assert batch.outcomes[1].error == "the file is binary data, not text"
    assert batch.outcomes[1].as_dict() == {
        "path": str(binary),
        "status": "error",
        "error": batch.outcomes[1].error,
    }
    summary = batch.summary()
    assert summary == {
        "added": 2,
        "known": 1,
        "failed": 1,
        "claims": summary["claims"],
        "aggregates": summary["aggregates"],
        "files": 4,
        "incidents_new": 5,
        "incidents_updated": 0,
        "incidents_merged": 0,
    }
    assert summary["claims"] >= 8 and summary["aggregates"] >= 1


def test_a_batch_of_known_articles_opens_no_gazetteer(tmp_path: Path, gaz) -> None:
    from geo.store.ingest import IngestStatus, ingest_reports, report_file

    def refuse():
        raise AssertionError("the gazetteer was opened")

    with IncidentStore.open(tmp_path / "known.sqlite") as store:
        ingest_reports(store, [report_file(WIRE)], gazetteer=gaz)
        batch = ingest_reports(store, [report_file(WIRE)], gazetteer=refuse)
    assert [o.status for o in batch.outcomes] == [IngestStatus.KNOWN]


def test_a_batch_stops_when_the_gazetteer_cannot_be_opened(tmp_path: Path, gaz) -> None:
    from gazetteer.errors import StrikemapError
    from geo.store.ingest import BatchStopped, ingest_reports, report_file

    def broken():
        raise StrikemapError("the gazetteer index is damaged")

    with IncidentStore.open(tmp_path / "stop.sqlite") as store:
        ingest_reports(store, [report_file(WIRE)], gazetteer=gaz)
        with pytest.raises(BatchStopped) as info:
            ingest_reports(store, [report_file(WIRE), report_file(LONG)], gazetteer=broken)
        assert str(info.value) == (
            f"the gazetteer index is damaged (stopped before {LONG}; 1 earlier file(s) were "
            "processed)"
        )
        assert len(store.articles()) == 1


def test_a_bug_is_reported_for_its_report_or_raised_when_asked(tmp_path: Path, gaz) -> None:
    from geo.store.ingest import IngestStatus, PendingReport, ingest_reports, report_file

    def bug():
        raise KeyError("oops")

    reports = [PendingReport("broken", bug), report_file(WIRE)]
    with IncidentStore.open(tmp_path / "bug.sqlite") as store:
        batch = ingest_reports(store, reports, gazetteer=gaz)
        assert [o.status for o in batch.outcomes] == [IngestStatus.ERROR, IngestStatus.ADDED]
        assert batch.outcomes[0].error == (
            "internal error (a bug in strikemap; please report it): KeyError: 'oops'"
        )
        with pytest.raises(KeyError):
            ingest_reports(store, reports, gazetteer=gaz, reraise_bugs=True)


def test_candidates_are_listed_for_review_and_an_analyst_accepts_or_rejects_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.sqlite"
    run(capsys, "ingest", "--db", str(db), str(WIRE))
    code, out, _ = run(capsys, "incidents", "--db", str(db), "--candidates")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert "ly-2019-09-26-southwest-libya" in listed
    assert all("[candidate, confidence 0." in line for line in out.splitlines() if line[0] != " ")
    page = tmp_path / "m.html"
    run(capsys, "map", "--db", str(db), "-o", str(page), "--offline")
    drawn = [row["id"] for row in strike_rows(page.read_text())]
    assert "ly-2019-09-26-southwest-libya" not in drawn

    code, out, err = run(
        capsys, "correct", "accept", "ly-2019-09-26-southwest-libya", "--db", str(db),
        "--why", "AFRICOM statement", "--who", "analyst",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["status"] == "single source"
    run(capsys, "map", "--db", str(db), "-o", str(page), "--offline")
    assert "ly-2019-09-26-southwest-libya" in [row["id"] for row in strike_rows(page.read_text())]
    code, out, _ = run(capsys, "correct", "reject", "ly-2019-09-26-southwest-libya",
                       "--db", str(db), "--why", "a duplicate")  # fmt: skip
    assert json.loads(out)["status"] == "rejected"
    with IncidentStore.open(db) as store:
        actions = [(e.action, e.why) for e in store.audit("ly-2019-09-26-southwest-libya")]
        assert ("accept", "AFRICOM statement") in actions and ("reject", "a duplicate") in actions
        with pytest.raises(Exception, match="^a verdict is 'accept' or 'reject', got 'maybe'$"):
            store.review("ly-2019-09-26-southwest-libya", "maybe", why="x")
    # re-ingesting the report undoes nothing
    run(capsys, "ingest", "--db", str(db), str(WIRE))
    code, out, _ = run(capsys, "incidents", "--db", str(db), "--json")
    statuses = {i["id"]: i["status"] for i in json.loads(out)["incidents"]}
    assert statuses["ly-2019-09-26-southwest-libya"] == "rejected"
