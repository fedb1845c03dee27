"""Faults of the files under the command line: read-only, full disk, damaged, racing.

Each one gives one ``strikemap: error: ...`` line and a non-zero exit code, never a
traceback, and loses nothing that was stored.

Read-only files: the suite runs as root in CI, and root ignores permission bits (``chmod``
proves nothing there). :func:`really_read_only` sets the immutable attribute instead
(``chattr +i``), which binds root as well, and checks that a write really fails before the
test goes on; as another user, permission bits suffice. Where neither is possible the test
is skipped, never passed vacuously.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from geo.cli import main
from geo.store.database import IncidentStore
from tests.factories import make_article, make_claim, stub

pytestmark = pytest.mark.usefixtures("gazetteer_index")

FILLER = "Residents said the roads were quiet and shops stayed open all afternoon. " * 170
REPAIR = "restore it from a backup (the sqlite3 tool's `.recover` command may save what is left)"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def report(folder: Path, name: str, published: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"Outlet: Test Wire\nPublished: {published}\n\n{body}\n", encoding="utf-8")
    return path


def seeded_db(folder: Path) -> Path:
    """The curated case in a new database, with one analyst correction."""
    db = folder / "case.sqlite"
    with IncidentStore.open(db, seed=True) as store:
        store.redate("ly-2019-09-19-murzuq", make_article("x").published, why="checked")
    return db


@contextmanager
def really_read_only(*paths: Path) -> Iterator[None]:
    """Make files and folders read-only for this process, root included (see module doc)."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    done: list[Path] = []
    try:
        for p in paths:
            result = subprocess.run(["chattr", "+i", str(p)], capture_output=True, text=True)
            if result.returncode:
                pytest.skip(f"cannot make {p} immutable here: {result.stderr.strip()}")
            done.append(p)
        for p in paths:  # the test is only worth something if writing really fails
            with pytest.raises(PermissionError):
                if p.is_dir():
                    (p / "probe").touch()
                else:
                    p.open("ab").close()
        yield
    finally:
        for p in done:
            subprocess.run(["chattr", "-i", str(p)], check=True)


# --- read-only ------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["folder", "file", "both"])
def test_a_read_only_database_can_be_read_but_not_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = seeded_db(folder)
    before = db.read_bytes()
    new_report = report(tmp_path, "new.txt", "2019-09-20", "A drone strike killed four fighters.")
    locked = {"folder": [folder], "file": [db], "both": [db, folder]}[which]
    blocked = f"is in a read-only folder ({folder})" if which == "folder" else "is read-only"
    refusal = (
        f"strikemap: error: the incident database {str(db)!r} {blocked}: it can be read "
        "(incidents, map, audit) but not changed; make the file and its folder writable, or "
        "work on a writable copy\n"
    )
    with really_read_only(*locked):
        code, out, err = run(capsys, "incidents", "--db", db, "--json")
        assert (code, err) == (0, "")
        assert len(json.loads(out)["incidents"]) == 5
        code, out, err = run(capsys, "audit", "ly-2019-09-19-murzuq", "--db", db)
        assert (code, err) == (0, "")
        assert [line.split()[2] for line in out.splitlines()[::3]] == ["seed", "re-date"]
        code, out, err = run(capsys, "map", "--db", db, "-o", tmp_path / "map.html")
        assert (code, err) == (0, "")
        assert out.startswith(f"wrote {tmp_path / 'map.html'} (5 strikes, 6 sites")
        code, out, err = run(
            capsys,
            "correct",
            "date",
            "ly-2019-09-19-murzuq",
            "2019-09-18",
            "--why",
            "x",
            "--db",
            db,
        )
        assert (code, out, err) == (1, "", refusal)
        code, out, err = run(capsys, "ingest", new_report, "--db", db)
        assert (code, out, err) == (1, "", refusal)
        if which != "file":
            new_db = folder / "new.sqlite"
            code, out, err = run(capsys, "ingest", new_report, "--db", new_db)
            assert (code, out) == (1, "")
            assert err == (
                f"strikemap: error: cannot create the incident database {str(new_db)!r}: the "
                f"folder {str(folder)!r} is read-only; choose a database in a writable folder\n"
            )
    assert db.read_bytes() == before
    assert not (folder / "new.sqlite").exists()
    with IncidentStore.open(db) as store:
        assert [e.action for e in store.audit("ly-2019-09-19-murzuq")] == ["seed", "re-date"]


def test_a_read_only_database_that_needs_upgrading_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geo.store import database as store_module

    folder = tmp_path / "old"
    folder.mkdir()
    db = folder / "v1.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(store_module.MIGRATIONS[0])
    conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with really_read_only(db, folder):
        code, out, err = run(capsys, "incidents", "--db", db)
    assert (code, out) == (1, "")
    assert err == (
        f"strikemap: error: the incident database {str(db)!r} is read-only (it has schema "
        "version 1 and must be upgraded to 4): it can be read (incidents, map, audit) but not "
        "changed; make the file and its folder writable, or work on a writable copy\n"
    )


# --- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_fails_the_file_that_does_not_fit_and_keeps_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk simulated with SQLite's page limit: room for small reports, not a long one."""
    db = tmp_path / "case.sqlite"
    IncidentStore.open(db).close()
    prepare = IncidentStore._prepare

    def with_little_room(self: IncidentStore, *args: object) -> object:
        prepared = prepare(self, *args)
        pages = self._conn.execute("PRAGMA page_count").fetchone()[0]
        self._conn.execute(f"PRAGMA max_page_count = {pages + 6}")
        return prepared

    monkeypatch.setattr(IncidentStore, "_prepare", with_little_room)
    first = report(tmp_path, "a.txt", "2019-09-20", "A drone strike killed four men in Sabha.")
    long = report(tmp_path, "b.txt", "2019-09-21", f"A raid killed nine in Derna.\n\n{FILLER * 3}")
    last = report(tmp_path, "c.txt", "2019-09-22", "An air strike killed two people in Sirte.")
    code, out, err = run(capsys, "ingest", first, long, last, "--db", db)
    assert code == 1
    assert err == (
        f"strikemap: error: {long}: the disk holding the incident database {str(db)!r} is "
        "full (database or disk is full): nothing of this change was stored; free some space "
        "and try again\n"
    )
    assert out.startswith("2 article(s) added, 0 already stored, 1 failed;")
    monkeypatch.undo()
    with IncidentStore.open(db) as store:
        assert [a.path for a in store.articles()] == ["a.txt", "c.txt"]
        assert store.integrity() == "ok"
    code, out, err = run(capsys, "ingest", first, long, last, "--db", db)  # room again
    assert (code, err) == (0, "")
    assert out.startswith("1 article(s) added, 2 already stored, 0 failed;")


def test_a_full_disk_mid_transaction_leaves_the_store_usable(tmp_path: Path) -> None:
    from gazetteer.errors import DatabaseFullError

    with IncidentStore.open(tmp_path / "case.sqlite") as store:
        store.ingest(make_article("first"), extract=stub(make_claim(0, "2019-09-19")))
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(DatabaseFullError, match=r"is full \(database or disk is full\)"):
            store.ingest(make_article("second " * 5000), extract=stub(make_claim(0, "2019-09-25")))
        assert not store._conn.in_transaction
        store._conn.execute(f"PRAGMA max_page_count = {pages + 1000}")
        assert store.ingest(
            make_article("second " * 5000), extract=stub(make_claim(0, "2019-09-25"))
        ).added
        assert [i.date_start.day for i in store.incidents()] == [19, 25]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_a_really_full_file_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        db = seeded_db(disk)
        with IncidentStore.open(db, readonly=True) as store:
            curated = len(store.articles())
        files = [
            report(
                tmp_path,
                f"r{n:02}.txt",
                "2019-09-20",
                f"A drone strike killed {n + 2} fighters near Sabha, report {n}. " + FILLER,
            )
            for n in range(40)
        ]
        code, out, err = run(capsys, "ingest", *files, "--db", db, "--json")
        summary = json.loads(out)["summary"]
        lines = err.splitlines()
        assert code == 1 and summary["failed"] == len(lines) > 0
        assert summary["added"] > 0
        assert all(" is full (database or disk is full)" in line for line in lines), lines
        assert all(line.startswith("strikemap: error: ") for line in lines)
        with IncidentStore.open(db, readonly=True) as store:
            assert len(store.articles()) == curated + summary["added"]
            assert store.integrity() == "ok"
            assert len(store.audit()) == 6  # the seed and the correction survive
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# --- a damaged file -------------------------------------------------------------------------


def damage_the_middle(db: Path) -> None:
    """Overwrite the middle third of the file's pages with garbage."""
    data = bytearray(db.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 3, 2 * pages // 3):
        data[page * 4096 : (page + 1) * 4096] = b"\xde\xad\xbe\xef" * 1024
    db.write_bytes(bytes(data))


def test_a_damaged_database_is_named_and_nothing_traces_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.sqlite"
    with IncidentStore.open(db, seed=True) as store:
        for n in range(60):
            store.ingest(
                make_article(f"report {n} " + "words " * 400, day="2019-10-01"),
                extract=stub(make_claim(0, f"2019-0{1 + n % 9}-{10 + n % 19}", killed=n)),
            )
    damage_the_middle(db)
    damaged = (
        f"strikemap: error: the incident database {str(db)!r} is damaged (database disk image "
        f"is malformed); {REPAIR}\n"
    )
    new_report = report(tmp_path, "new.txt", "2019-09-20", "A drone strike killed four men.")
    commands: list[tuple[object, ...]] = [
        ("incidents", "--db", db),
        ("incidents", "--db", db, "--json"),
        ("map", "--db", db, "-o", tmp_path / "map.html"),
        ("correct", "date", "ly-2019-05-14-murzuq", "2019-05-15", "--why", "x", "--db", db),
        ("ingest", new_report, "--db", db),
    ]
    for args in commands:
        code, out, err = run(capsys, *args)
        if args[0] == "ingest":
            assert err == damaged.replace("error: ", f"error: {new_report}: ", 1), args
            assert out.startswith("0 article(s) added, 0 already stored, 1 failed;")
        else:
            assert (code, out, err) == (1, "", damaged), args
    code, out, err = run(capsys, "audit", "--db", db)  # the audit table is not damaged
    assert (code, err) == (0, "")
    assert out.count("  seed  ") == 5


@pytest.mark.parametrize(
    "args",
    [
        ["incidents"],
        ["incidents", "--json"],
        ["audit"],
        ["correct", "date", "I1", "2019-09-19", "--why", "typo"],
        ["correct", "merge", "I1", "I2", "--why", "same strike"],
        ["correct", "accept", "I1", "--why", "checked"],
        ["correct", "reject", "I1", "--why", "not a strike"],
    ],
)
def test_a_mistyped_db_is_an_error_not_a_new_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    missing = tmp_path / "mistyped.sqlite"
    code, out, err = run(capsys, *args, "--db", str(missing))
    assert (code, out, err) == (1, "", f"strikemap: error: no incident database at {missing}\n")
    assert not missing.exists()


def test_incidents_seed_still_creates_a_named_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.sqlite"
    code, out, err = run(capsys, "incidents", "--db", str(db), "--seed")
    assert code == 0, err
    assert db.is_file()
    assert "I" in out
