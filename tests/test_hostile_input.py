"""Hostile and odd input through the command line (issue 10): one clear error line, never a
traceback; a batch reports the item that failed and goes on; control characters are shown
visibly wherever the CLI prints text from a report, a dataset or the command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.store.database import IncidentStore

pytestmark = pytest.mark.usefixtures("gazetteer_index")

OSC = "\x1b]0;pwned\x07"  # sets the terminal window's title
CSI = "\x1b[2J"  # clears the screen
BIDI = "\u202e"  # right-to-left override
C1_CSI = "\x9b31m"  # the one-byte CSI of C1
HOSTILE = f"Desk{OSC}{CSI}{BIDI}{C1_CSI}\x00"
SHOWN = "Desk\\x1b]0;pwned\\x07\\x1b[2J\\u202e\\x9b31m\\x00"
RAW_CONTROLS = ("\x1b", "\x07", "\x00", "\u202e", "\x9b")

REPORT = (
    "Published: 2019-09-27\n\nOn Monday a US air strike killed eight fighters in Murzuq, Libya.\n"
)
OTHER = (
    "Published: 2019-09-28\n\nOn Friday a drone strike killed four militants near Sabha, Libya.\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str) -> str:
    path.write_text(text, "utf-8")
    return str(path)


def stored(db: Path) -> list[str]:
    with IncidentStore.open(db) as store:
        return [a.path for a in store.articles()]


def assert_no_raw_controls(*texts: str) -> None:
    for text in texts:
        for ch in RAW_CONTROLS:
            assert ch not in text, (ch, text)


# --- 1. "Russian, Georgia" and batches that go on after a failing item -------------------------


def test_a_demonym_then_a_name_geoparses(tmp_path, capsys):
    code, out, err = run(capsys, "toponyms", write(tmp_path / "a.txt", "Russian, Georgia\n"))
    assert (code, err) == (0, "")
    rows = [line.split("\t") for line in out.splitlines()]
    assert [(r[0], r[1]) for r in rows] == [("0-7", "Russian"), ("9-16", "Georgia")]
    assert rows[0][2].startswith("Russia, RU (country)")
    assert rows[1][2].startswith("Georgia, GE (country)")


def test_ingest_stores_the_files_around_a_demonym_pair(tmp_path, capsys):
    db = tmp_path / "case.sqlite"
    a = write(tmp_path / "a.txt", REPORT)
    bad = write(
        tmp_path / "bad.txt",
        "Published: 2019-09-27\n\nA Russian, Georgia air strike killed three people in Tbilisi.\n",
    )
    c = write(tmp_path / "c.txt", OTHER)
    code, out, err = run(capsys, "ingest", "--db", str(db), a, bad, c)
    assert (code, err) == (0, "")
    assert out.startswith("3 article(s) added, 0 already stored, 0 failed;")
    assert stored(db) == ["a.txt", "bad.txt", "c.txt"]


def _explode_on(marker: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make extraction hit a 'bug' (an unexpected exception) for texts holding ``marker``."""
    import geo.extraction.extract

    real = geo.extraction.extract.extract_claims

    def extract(text, **kw):
        if marker in text:
            raise KeyError(("russian", "georgia"))
        return real(text, **kw)

    monkeypatch.setattr(geo.extraction.extract, "extract_claims", extract)


def test_an_internal_error_in_one_file_is_reported_and_the_batch_goes_on(
    tmp_path, capsys, monkeypatch
):
    _explode_on("BOOM", monkeypatch)
    db = tmp_path / "case.sqlite"
    a = write(tmp_path / "a.txt", REPORT)
    bad = write(tmp_path / "bad.txt", REPORT.replace("fighters", "fighters BOOM"))
    c = write(tmp_path / "c.txt", OTHER)
    code, out, err = run(capsys, "ingest", "--db", str(db), a, bad, c, "--json")
    assert code == 1
    assert err == (
        f"strikemap: error: {bad}: internal error (a bug in strikemap; please report it): "
        "KeyError: ('russian', 'georgia')\n"
    )
    summary = json.loads(out)
    assert (summary["summary"]["added"], summary["summary"]["failed"]) == (2, 1)
    assert [f["status"] for f in summary["files"]] == ["added", "error", "added"]
    assert stored(db) == ["a.txt", "c.txt"]  # the failing file's transaction left nothing


def test_strikemap_debug_shows_the_traceback_of_an_internal_error(tmp_path, capsys, monkeypatch):
    _explode_on("BOOM", monkeypatch)
    monkeypatch.setenv("STRIKEMAP_DEBUG", "1")
    bad = write(tmp_path / "bad.txt", REPORT.replace("fighters", "fighters BOOM"))
    with pytest.raises(KeyError):
        main(["ingest", "--db", str(tmp_path / "x.sqlite"), bad])


def test_an_internal_error_outside_a_batch_is_one_line(tmp_path, capsys, monkeypatch):
    import gazetteer.geoparse.toponyms

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(gazetteer.geoparse.toponyms, "find_toponyms", broken)
    code, out, err = run(capsys, "toponyms", write(tmp_path / "a.txt", "Derna\n"))
    assert (code, out) == (1, "")
    assert err == (
        "strikemap: error: internal error (a bug in strikemap; please report it): "
        "ZeroDivisionError: division by zero\n"
    )


def _batch(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return str(path)


def test_jsonl_batch_goes_on_after_a_demonym_pair_and_an_internal_error(
    tmp_path, capsys, monkeypatch
):
    import gazetteer.geoparse.toponyms

    real = gazetteer.geoparse.toponyms.find_toponyms

    def find(text, **kw):
        if "BOOM" in text:
            raise IndexError("list index out of range")
        return real(text, **kw)

    monkeypatch.setattr(gazetteer.geoparse.toponyms, "find_toponyms", find)
    batch = _batch(
        tmp_path,
        [
            json.dumps({"id": 1, "text": "Clashes in Sirte."}),
            json.dumps({"id": 2, "text": "Russian, Georgia"}),
            json.dumps({"id": 3, "text": "BOOM in Derna"}),
            json.dumps({"id": 4, "text": "Strikes near Murzuq."}),
        ],
    )
    code, out, err = run(capsys, "toponyms", "--jsonl", batch)
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [1, 2, 4]
    assert [t["text"] for t in rows[1]["toponyms"]] == ["Russian", "Georgia"]
    assert err.splitlines() == [
        "strikemap: error: in.jsonl:3: internal error (a bug in strikemap; please report it): "
        "IndexError: list index out of range",
        "strikemap: 3 documents geoparsed, 1 failed",
    ]


# --- 3./4. spans, ids and nesting in --jsonl: one message naming the line ----------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"text": "Derna", "spans": [[0, Infinity]]}',
            "not valid JSON: Infinity is not a JSON number",
        ),
        ('{"text": "Derna", "spans": [[0, NaN]]}', "not valid JSON: NaN is not a JSON number"),
        (
            '{"text": "Derna", "spans": [[0, 1e400]]}',
            "span offsets must be whole numbers, got [0, inf]",
        ),
        (
            '{"text": "Derna", "spans": [[0, 2.5]]}',
            "span offsets must be whole numbers, got [0, 2.5]",
        ),
        (
            '{"text": "Derna", "spans": [[0, true]]}',
            "span offsets must be whole numbers, got [0, True]",
        ),
        (
            '{"text": "Derna", "spans": [{"start": 1}]}',
            "a span must be (start, end), got {'start': 1}",
        ),
        ('{"text": "Derna", "spans": [[0, 1, 2]]}', "a span must be (start, end), got [0, 1, 2]"),
        ('{"text": "Derna", "spans": ["ab"]}', "a span must be (start, end), got 'ab'"),
        ('{"text": "Derna", "spans": [null]}', "a span must be (start, end), got None"),
        (
            '{"text": "Derna", "spans": "0-5"}',
            "\"spans\" must be a list of [start, end] pairs, got '0-5'",
        ),
        (
            '{"text": "Derna", "id": {"a": [1]}}',
            "\"id\" must be a string or a number, got {'a': [1]}",
        ),
        ('{"text": "Derna", "id": 1e400}', '"id" must be a string or a number, got inf'),
        ('{"text": "Derna", "id": true}', '"id" must be a string or a number, got True'),
        (
            '{"text": "Derna", "id": ' + "[" * 50_000 + "]" * 50_000 + "}",
            "JSON nested 50001 levels deep; at most 100 are allowed",
        ),
        ("[" * 100_000, "JSON nested 100000 levels deep; at most 100 are allowed"),
        (
            '{"text": "Derna", "spans": [[0, ' + "9" * 5000 + "]]}",
            "not valid JSON: Exceeds the limit (4300 digits) for integer string conversion: "
            "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit",
        ),
    ],
)
def test_bad_jsonl_lines_are_reported_by_number_and_the_rest_processed(
    tmp_path, capsys, line, message
):
    batch = _batch(
        tmp_path,
        [
            json.dumps({"id": "a", "text": "Clashes in Sirte."}),
            line,
            json.dumps({"id": "c", "text": "Derna"}),
        ],
    )
    code, out, err = run(capsys, "toponyms", "--jsonl", batch)
    assert code == 1
    assert [json.loads(row)["id"] for row in out.splitlines()] == ["a", "c"]
    errors = err.splitlines()
    assert len(errors) == 2 and errors[1] == "strikemap: 2 documents geoparsed, 1 failed"
    assert errors[0].startswith("strikemap: error: in.jsonl:2: ")
    assert errors[0] == f"strikemap: error: in.jsonl:2: {message}"


def test_a_huge_integer_id_is_echoed(tmp_path, capsys):
    """An id of 400 digits raised OverflowError (int too large to convert to float)."""
    line = '{"text": "Clashes in Sirte.", "id": ' + "9" * 400 + "}"
    code, out, err = run(capsys, "toponyms", "--jsonl", _batch(tmp_path, [line]))
    assert (code, err) == (0, "")
    assert json.loads(out)["id"] == int("9" * 400)


def test_a_huge_span_offset_is_outside_the_text(tmp_path, capsys):
    line = '{"text": "Derna", "spans": [[0, ' + "9" * 400 + "]]}"
    code, _, err = run(capsys, "toponyms", "--jsonl", _batch(tmp_path, [line]))
    assert code == 1
    assert err.splitlines()[0] == (
        "strikemap: error: in.jsonl:1: span (0, 999999999999...9999 (400 digits)) is outside the "
        "text of 5 characters"
    )


# --- 2. numbers with 400 digits --------------------------------------------------------------


def test_a_400_digit_toll_is_no_toll(tmp_path, capsys):
    db = tmp_path / "case.sqlite"
    text = REPORT.replace("eight", "9" * 400)
    code, out, err = run(capsys, "ingest", "--db", str(db), write(tmp_path / "a.txt", text))
    assert (code, err) == (0, "")
    data = json.loads(run(capsys, "incidents", "--db", str(db), "--json")[1])
    (incident,) = data["incidents"]
    assert incident["fatalities"] is None
    assert incident["place"]["name"] == "Murzuk"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["reverse", "1e400", "13.9"], "point: latitude must be between -90 and 90, got inf"),
        (["reverse", "9" * 400, "13.9"], "point: latitude must be between -90 and 90, got inf"),
        (
            ["geocode", "Derna", "--near", "25.9,1e400"],
            "--near: longitude must be between -180 and 180, got inf",
        ),
    ],
)
def test_huge_coordinates_on_the_command_line(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert (code, out, err) == (1, "", f"strikemap: error: {message}\n")


def test_a_huge_radius_in_a_correction(tmp_path, capsys):
    db = tmp_path / "case.sqlite"
    run(capsys, "ingest", "--db", str(db), write(tmp_path / "a.txt", REPORT))
    (incident,) = json.loads(run(capsys, "incidents", "--db", str(db), "--json")[1])["incidents"]
    code, out, err = run(
        capsys, "correct", "place", incident["id"], "--db", str(db), "--at", "25.9,13.9",
        "--name", "Murzuq", "--country", "LY", "--radius", "1e400", "--why", "x",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "strikemap: error: place 'Murzuq': radius_km must be a number of km above 0 and at most "
        "20,038, got inf\n"
    )


# --- 4. --dataset DIR ------------------------------------------------------------------------


def test_a_dataset_folder_is_one_line(tmp_path, capsys):
    code, out, err = run(capsys, "map", "-o", str(tmp_path / "m.html"), "--dataset", str(tmp_path))
    assert (code, out) == (1, "")
    assert err == (
        f"strikemap: error: dataset file {str(tmp_path)!r} is a folder; give the JSON file in it\n"
    )


# --- 5. escape sequences are shown, never sent to the terminal -------------------------------


def test_outlet_option_and_why_are_shown_visibly(tmp_path, capsys):
    db = tmp_path / "case.sqlite"
    report = write(tmp_path / "a.txt", REPORT)
    code, _, err = run(capsys, "ingest", "--db", str(db), "--outlet", HOSTILE, report)
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, "incidents", "--db", str(db))
    assert code == 0
    assert_no_raw_controls(out)
    assert f"claim 1: {SHOWN}, 2019-09-27 (8 killed): " in out
    (incident,) = json.loads(run(capsys, "incidents", "--db", str(db), "--json")[1])["incidents"]
    # JSON output stays valid JSON and holds the text, with C1 and bidi escaped as \uXXXX
    code, out, _ = run(capsys, "incidents", "--db", str(db), "--json")
    assert_no_raw_controls(out)
    assert "\\u009b31m" in out and "\\u202e" in out and "\\u001b]0;pwned\\u0007" in out
    assert json.loads(out)["incidents"][0]["claims"][0]["article"]["outlet"] == HOSTILE
    code, out, err = run(
        capsys, "correct", "date", incident["id"], "2019-09-22", "--db", str(db),
        "--why", f"per {OSC}{BIDI} AFRICOM", "--who", f"ana{CSI}",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert_no_raw_controls(out)
    code, out, _ = run(capsys, "audit", "--db", str(db))
    assert_no_raw_controls(out)
    assert "  ana\\x1b[2J  re-date  " in out
    assert "why: per \\x1b]0;pwned\\x07\\u202e AFRICOM" in out
    code, out, _ = run(capsys, "audit", "--db", str(db), "--json")
    assert_no_raw_controls(out)
    assert json.loads(out)[0]["why"] == f"per {OSC}{BIDI} AFRICOM"


def test_report_header_lines_are_shown_visibly(tmp_path, capsys):
    db = tmp_path / "case.sqlite"
    header = f"Outlet: Wire{OSC}\nTitle: Strike{CSI}{BIDI}\nURL: https://example.org/{C1_CSI}\n"
    report = write(tmp_path / "a.txt", header + REPORT)
    code, out, err = run(capsys, "ingest", "--db", str(db), report, "--json")
    assert (code, err) == (0, "")
    assert_no_raw_controls(out)
    code, out, _ = run(capsys, "incidents", "--db", str(db))
    assert_no_raw_controls(out)
    assert "claim 1: Wire\\x1b]0;pwned\\x07, 2019-09-27" in out
    with IncidentStore.open(db) as store:  # stored exactly as written
        (article,) = store.articles()
    assert (article.outlet, article.title, article.url) == (
        f"Wire{OSC}",
        f"Strike{CSI}{BIDI}",
        f"https://example.org/{C1_CSI}",
    )


def test_error_lines_show_control_characters_visibly(tmp_path, capsys):
    name = tmp_path / f"evil{OSC}{BIDI}.txt"
    code, out, err = run(capsys, "ingest", "--db", str(tmp_path / "x.sqlite"), str(name))
    assert code == 1
    assert_no_raw_controls(err)
    assert err == (
        f"strikemap: error: {tmp_path}/evil\\x1b]0;pwned\\x07\\u202e.txt: cannot read the file: "
        "No such file or directory\n"
    )
    code, _, err = run(capsys, "geocode", f"Derna{CSI}", "--country", f"L{BIDI}")
    assert code != 0
    assert_no_raw_controls(err)


def test_toponyms_output_shows_control_characters_visibly(tmp_path, capsys):
    text = f"Strikes hit Murzuq{OSC} and Sabha{BIDI}.\n"
    code, out, err = run(capsys, "toponyms", write(tmp_path / "a.txt", text))
    assert (code, err) == (0, "")
    assert_no_raw_controls(out)
    ident = f"x{OSC}{C1_CSI}{BIDI}"
    text = f"Derna{C1_CSI}{BIDI} was hit."
    lines = [
        json.dumps({"id": ident, "text": text}, ensure_ascii=False),
        json.dumps({"id": 2, "text": text, "spans": [[0, 10]]}, ensure_ascii=False),
    ]
    code, out, err = run(capsys, "toponyms", "--jsonl", _batch(tmp_path, lines))
    assert (code, err) == (0, "")
    assert_no_raw_controls(out)
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["id"] == ident
    assert second["toponyms"][0]["text"] == f"Derna{C1_CSI}{BIDI}"


# --- lone surrogates: JSON "\ud800", arguments and file names that are not UTF-8 -------------


def test_lone_surrogates_in_a_jsonl_batch_are_escaped_in_its_output(tmp_path, capsys):
    lines = [
        '{"id": "a\\ud800", "text": "Clashes in Sirte \\udcff and Misrata."}',
        json.dumps({"id": "b", "text": "Strikes near Murzuq."}),
    ]
    code, out, err = run(capsys, "toponyms", "--jsonl", _batch(tmp_path, lines))
    assert (code, err) == (0, "")  # the strict UTF-8 stdout did not refuse the line
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a\ud800", "b"]
    assert '"a\\ud800"' in out
    assert [t["text"] for t in rows[0]["toponyms"]] == ["Sirte", "Misrata"]


def test_options_that_are_not_utf8_are_refused(tmp_path, capsys):
    db = tmp_path / "case.sqlite"
    report = write(tmp_path / "a.txt", REPORT)
    code, out, err = run(capsys, "ingest", "--db", str(db), "--outlet", "W\udcff", report)
    assert (code, out) == (2, "")
    assert (
        err == "strikemap: error: Invalid value for '--outlet': not valid UTF-8 text: 'W\\udcff'\n"
    )
    assert not db.exists()


def test_a_file_name_that_is_not_utf8_is_stored_escaped(tmp_path, capsys):
    import os

    db = tmp_path / "case.sqlite"
    raw = os.fsencode(tmp_path) + b"/r\xfe.txt"
    with open(raw, "wb") as handle:
        handle.write(REPORT.encode())
    code, out, err = run(capsys, "ingest", "--db", str(db), os.fsdecode(raw))
    assert (code, err) == (0, "")
    assert stored(db) == ["r\\xfe.txt"]


def test_a_report_with_a_lone_surrogate_is_refused():
    import datetime as dt

    from gazetteer.errors import DataError
    from geo.extraction.extract import extract_claims

    with pytest.raises(DataError) as info:
        extract_claims(
            "A US air strike killed eight in Murzuq \ud800 on Thursday.",
            published=dt.date(2019, 9, 27),
        )
    assert str(info.value) == (
        "the report holds a lone surrogate '\\ud800' at character 39; it is not Unicode text"
    )


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("9999-12-31", "START must be a date from 1900-01-01 to today, got '9999-12-31'"),
        ("0001-01-01", "START must be a date from 1900-01-01 to today, got '0001-01-01'"),
        ("2019-02-30", "START must be a real date YYYY-MM-DD, got '2019-02-30'"),
    ],
)
def test_a_correction_date_must_be_a_real_past_date(tmp_path, capsys, start, message):
    db = tmp_path / "case.sqlite"
    run(capsys, "ingest", "--db", str(db), write(tmp_path / "a.txt", REPORT))
    (incident,) = json.loads(run(capsys, "incidents", "--db", str(db), "--json")[1])["incidents"]
    code, out, err = run(
        capsys, "correct", "date", incident["id"], start, "--db", str(db), "--why", "x"
    )
    assert (code, out, err) == (1, "", f"strikemap: error: {message}\n")
