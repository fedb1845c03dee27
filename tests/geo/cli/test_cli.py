import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.maps.render import find_remote_references
from tests.payloads import strike_rows, strike_texts


def test_map_offline(tmp_path, capsys):
    out = tmp_path / "m.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    assert capsys.readouterr().out == f"wrote {out} (5 strikes, 6 sites, offline)\n"
    page = out.read_text("utf-8")
    assert find_remote_references(page) == []
    assert len(strike_rows(page)) == 5


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["map"], 2, "strikemap: error: Missing option '-o' / '--output'."),
        (["bogus"], 2, "strikemap: error: No such command 'bogus'."),
        (
            ["map", "-o", "x.txt"],
            1,
            "strikemap: error: --output must end in .html, .png, .svg or .pdf, got 'x.txt'",
        ),
        (
            ["map", "-o", "/nonexistent-dir/m.html"],
            1,
            "strikemap: error: cannot write '/nonexistent-dir/m.html': No such file or directory",
        ),
        (
            ["map", "-o", "m.html", "--dataset", "/nonexistent.json"],
            1,
            "strikemap: error: dataset file '/nonexistent.json' does not exist",
        ),
    ],
)
def test_bad_input_gives_one_line(args, code, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == code
    captured = capsys.readouterr()
    assert captured.err == message + "\n"
    assert captured.out == ""


def test_missing_assets_one_line(tmp_path, capsys, no_assets):
    assert main(["map", "-o", str(tmp_path / "m.html"), "--offline"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("strikemap: error: offline map assets (Leaflet) not found in ")
    assert err.count("\n") == 1
    assert not (tmp_path / "m.html").exists()


def test_console_script_is_installed(tmp_path):
    exe = Path(sys.executable).parent / "strikemap"
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == f"strikemap {importlib.metadata.version('strikemap')}\n"
    bad = subprocess.run(
        [str(exe), "map", "-o", "x.doc"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert bad.returncode == 1
    assert bad.stderr == (
        "strikemap: error: --output must end in .html, .png, .svg or .pdf, got 'x.doc'\n"
    )
    assert "Traceback" not in bad.stderr


def test_map_of_the_seeded_database_cites_its_sources_as_curated(tmp_path, capsys):
    """The map of the default database once cited 'nyt-2019-11 (1970-01-01, ±year)' in base
    popups, every curated source as dated to the day, and 'curated: curated:' as where
    strikes' points came from."""
    db, out = tmp_path / "seeded.sqlite", tmp_path / "db.html"
    assert main(["incidents", "--db", str(db), "--seed"]) == 0
    assert main(["map", "--db", str(db), "-o", str(out), "--offline"]) == 0
    assert capsys.readouterr().err == ""
    page = out.read_text("utf-8")
    assert "1970-01-01" not in page and "±year" not in page and "curated: curated:" not in page
    assert "1970-01-01" not in strike_texts(page) and "curated: curated:" not in strike_texts(page)
    # the sites' popups (built in Python), then the strikes' (built in the browser from rows)
    assert page.count("<b>The New York Times</b> (2019-11-01, ±month)") == 6
    rows = strike_rows(page)
    cited = [c["source"][:2] for r in rows for c in r["claims"]]
    assert cited.count(["The New York Times", "2019-11-01, ±month"]) == 5
    assert cited.count(["Gulf News (wire report)", "2019-09-27, ±week"]) == 3
    points = [r["coord_source"] for r in rows]
    assert sum(p.startswith("curated: rough centre of") for p in points) == 3
    assert sum(p.startswith("geonames:2214603 (Murzuq town") for p in points) == 2
    assert sorted(r["status"] for r in rows) == ["corroborated"] * 3 + ["single source"] * 2
