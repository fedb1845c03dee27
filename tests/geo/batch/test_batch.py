"""strikemap batch: the same incidents as ingest, resumable, failures kept, bad input one line."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from geo.batch import run_batch
from geo.cli import main
from geo.io.reports import read_report
from geo.model.claims import content_hash
from geo.store.database import IncidentStore
from geo.store.ingest import ingest_reports, report_file

CORPORA = Path(__file__).resolve().parents[2] / "corpus"
CORPUS_NAMES = sorted(p.name for p in CORPORA.iterdir() if (p / "reports").is_dir())


@pytest.fixture(scope="module")
def scheduler():
    """One in-process Dask cluster (a worker thread) for the module's library tests."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def _records(store: IncidentStore) -> list[dict]:
    return [i.as_dict() for i in store.incidents()] + [a.as_dict() for a in store.aggregates()]


def _ingested(files: list[Path], db: Path, gaz) -> list[dict]:
    with IncidentStore.open(db) as store:
        batch = ingest_reports(store, [report_file(f) for f in files], gazetteer=gaz)
        assert batch.failed == 0
        return _records(store)


def _write_jsonl(path: Path, files: list[Path], extra: list[str] = ()) -> list[str]:
    """The reports as JSON lines (header fields as keys); their content hashes."""
    lines, hashes = [], []
    for f in files:
        a = read_report(f)
        lines.append(
            json.dumps(
                {
                    "id": f.name,
                    "text": a.text,
                    "published": a.published.isoformat(),
                    "outlet": a.outlet,
                    "url": a.url,
                    "title": a.title,
                }
            )
        )
        hashes.append(a.hash)
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return hashes


@pytest.mark.parametrize("corpus", CORPUS_NAMES)
def test_batch_gives_the_incidents_ingest_gives(corpus, tmp_path, gaz, scheduler):
    files = sorted((CORPORA / corpus / "reports").glob("*.txt"))
    want = _ingested(files, tmp_path / "ingest.sqlite", gaz)
    with IncidentStore.open(tmp_path / "batch.sqlite") as store:
        result = run_batch(CORPORA / corpus / "reports", store, scheduler=scheduler)
        got = _records(store)
        assert [a.path for a in store.articles()] == [f.name for f in files]
    assert got == want  # ids, dates, places, tolls, statuses, claims, sources: all of it
    assert len(got) > 10
    assert (result.articles, result.extracted, result.added, result.failures) == (
        len(files),
        len(files),
        len(files),
        0,
    )
    claims = sum(len(r["sources"]) for r in want if "sources" in r and "statement" not in r)
    assert result.claims == result.claims_written
    assert result.claims >= claims


def test_claims_are_written_as_geoparquet_by_month(tmp_path, scheduler):
    import geopandas as gpd

    reports = CORPORA / "incidents" / "reports"
    with IncidentStore.open(tmp_path / "b.sqlite") as store:
        result = run_batch(reports, store, out=tmp_path / "out", scheduler=scheduler)
        incidents = {i.id: i for i in store.incidents()}
    months = sorted(p.name for p in (tmp_path / "out" / "claims").iterdir())
    assert len(months) == result.months
    assert all(m.startswith("month=") for m in months)
    frames = [gpd.read_parquet(p) for p in sorted((tmp_path / "out" / "claims").glob("*/*"))]
    assert sum(len(f) for f in frames) == result.claims_written == result.claims == 43
    sept = gpd.read_parquet(tmp_path / "out" / "claims" / "month=2019-09" / "part-0.parquet")
    assert sept.crs.to_epsg() == 4326
    assert {d.strftime("%Y-%m") for d in sept["date_start"]} == {"2019-09"}
    murzuq = sept[sept["incident_id"] == "ly-2019-09-19-murzuk"]
    assert len(murzuq) >= 2
    assert murzuq.geometry.x.round(3).tolist()[0] == pytest.approx(13.918)
    assert murzuq.geometry.y.round(3).tolist()[0] == pytest.approx(25.916)
    assert set(sept["incident_id"]) <= set(incidents)


def test_a_killed_batch_resumes_without_processing_anything_twice(tmp_path, gaz, scheduler):
    files = sorted((CORPORA / "incidents-heldout" / "reports").glob("*.txt"))
    source = tmp_path / "archive.jsonl"
    hashes = _write_jsonl(source, files)
    want = _ingested(files, tmp_path / "ingest.sqlite", gaz)

    seen: list[list[dict]] = []

    def kill_after_two(rows):
        seen.append(rows)
        if len(seen) == 2:
            raise KeyboardInterrupt  # as a kill: the state has two partitions

    out = tmp_path / "out"
    with IncidentStore.open(tmp_path / "batch.sqlite") as store:
        with pytest.raises(KeyboardInterrupt):
            run_batch(
                source, store, out=out, scheduler=scheduler, partition_size=3,
                on_partition=kill_after_two,
            )  # fmt: skip
        assert store.articles() == []  # nothing linked yet
        first = [r["hash"] for rows in seen for r in rows]
        assert len(first) == 6
        second = run_batch(source, store, out=out, scheduler=scheduler, partition_size=3)
        assert second.resumed == 6
        assert second.extracted == len(files) - 6
        assert not set(first) & set(second.processed)  # nothing processed twice
        assert sorted(first + second.processed) == sorted(hashes)  # nothing lost
        assert _records(store) == want
        third = run_batch(source, store, out=out, scheduler=scheduler)
        assert (third.extracted, third.resumed, third.added, third.known) == (
            0,
            len(files),
            0,
            len(files),
        )
        assert _records(store) == want


FRENCH = (
    "Une frappe aérienne a tué deux personnes près de Gao au Mali, selon les autorités locales "
    "qui ont confirmé le bilan mardi soir."
)


def test_failing_articles_go_to_the_failures_file_and_the_rest_go_on(tmp_path, scheduler):
    files = sorted((CORPORA / "incidents" / "reports").glob("*.txt"))[:3]
    bad = [
        json.dumps({"id": "bad-date", "text": "A strike killed two.", "published": "2019-02-30"}),
        json.dumps({"id": "no-text", "published": "2019-09-01"}),
        json.dumps({"id": "french", "text": FRENCH,
                    "published": "2019-09-01"}),
    ]  # fmt: skip
    source = tmp_path / "a.jsonl"
    _write_jsonl(source, files, bad)
    with IncidentStore.open(tmp_path / "b.sqlite") as store:
        result = run_batch(source, store, out=tmp_path / "out", scheduler=scheduler)
        assert len(store.articles()) == 3
    assert (result.articles, result.extracted, result.failed, result.failures) == (6, 3, 3, 3)
    lines = (tmp_path / "out" / "failures.jsonl").read_text(encoding="utf-8").splitlines()
    failures = [json.loads(line) for line in lines]
    assert [f["id"] for f in failures] == ["bad-date", "no-text", "french"]
    assert failures[0]["reason"] == (
        "impossible publication date '2019-02-30': day is out of range for month"
    )
    assert failures[1]["reason"] == "no field 'text'"
    assert failures[2]["reason"] == (
        "the report does not look like English text (strikemap reads English)"
    )
    assert failures[2]["hash"] == content_hash(FRENCH)
    assert all(len(f["hash"]) == 64 for f in failures)


def test_the_cli_reports_failures_and_exits_1(tmp_path, capsys, gazetteer_index):
    source = tmp_path / "a.jsonl"
    source.write_text(
        json.dumps({"id": "x", "text": "Nothing here.", "published": "2019-13-01"}) + "\n"
    )
    code = main(["batch", str(source), "--db", str(tmp_path / "b.sqlite"), "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 article(s): 0 extracted" in out and "1 failed" in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.jsonl", "{d}/missing.jsonl: no such file or folder"),
        (
            lambda d: (
                (d / "a.jsonl").write_text('{"text": "x", "published": "2019-01-01"}\n{oops\n')
                and d / "a.jsonl"
            ),
            "{d}/a.jsonl: line 2: not valid JSON (Expecting property name enclosed in double "
            "quotes: line 1 column 2 (char 1))",
        ),
        (
            lambda d: (d / "a.jsonl").write_text("[1, 2]\n") and d / "a.jsonl",
            "{d}/a.jsonl: line 1: an article must be a JSON object, got [1, 2]",
        ),
        (
            lambda d: (d / "a.csv").write_text("id,text\n") and d / "a.csv",
            "{d}/a.csv: not an archive strikemap batch reads (a folder of .txt/.json articles, "
            "a .jsonl file or a .parquet file), got a file ending '.csv'",
        ),
        (
            lambda d: (d / "empty").mkdir() or d / "empty",
            "{d}/empty: the folder holds no .txt or .json article",
        ),
        (
            lambda d: _parquet(d / "a.parquet", {"body": ["x"], "published": ["2019-01-01"]}),
            "{d}/a.parquet: the Parquet file has no 'text' column (its columns: body, published)",
        ),
        (
            lambda d: (d / "a.parquet").write_bytes(b"not parquet") and d / "a.parquet",
            "{d}/a.parquet: not a readable Parquet file (",
        ),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_stored(make, message, tmp_path, capsys):
    source = make(tmp_path)
    db = tmp_path / "b.sqlite"
    code = main(["batch", str(source), "--db", str(db), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("strikemap: error: " + message.format(d=tmp_path))
    assert err.count("\n") == 1 and "Traceback" not in err
    with IncidentStore.open(db) as store:
        assert store.articles() == []


def test_workers_and_scheduler_together_are_refused(tmp_path, capsys):
    code = main(["batch", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"])
    assert code == 2
    assert capsys.readouterr().err.startswith("strikemap: error: ")


def _parquet(path: Path, columns: dict) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table(columns), path, row_group_size=2)
    return path


def test_a_parquet_archive_gives_the_incidents_ingest_gives(tmp_path, gaz, scheduler):
    files = sorted((CORPORA / "incidents-heldout-2" / "reports").glob("*.txt"))
    articles = [read_report(f) for f in files]
    import datetime as dt

    source = _parquet(
        tmp_path / "a.parquet",
        {
            "id": [f.name for f in files],
            "text": [a.text for a in articles],
            "published": [dt.date.fromisoformat(a.published.isoformat()) for a in articles],
            "outlet": [a.outlet for a in articles],
            "url": [a.url for a in articles],
            "title": [a.title for a in articles],
        },
    )
    want = _ingested(files, tmp_path / "ingest.sqlite", gaz)
    with IncidentStore.open(tmp_path / "b.sqlite") as store:
        run_batch(source, store, scheduler=scheduler, partition_size=5)
        assert _records(store) == want


def test_two_worker_processes_on_a_cluster_named_with_scheduler(tmp_path, gaz, capsys):
    """The README's cluster recipe, with a LocalCluster of two processes the test owns."""
    from distributed import LocalCluster

    files = sorted((CORPORA / "incidents" / "reports").glob("*.txt"))[:8]
    folder = tmp_path / "reports"
    folder.mkdir()
    for f in files:
        (folder / f.name).write_bytes(f.read_bytes())
    want = _ingested(files, tmp_path / "ingest.sqlite", gaz)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        code = main(
            ["batch", str(folder), "--db", str(tmp_path / "b.sqlite"), "--json",
             "--scheduler", cluster.scheduler_address]
        )  # fmt: skip
        out = capsys.readouterr().out
        assert code == 0, out
        summary = json.loads(out)
        assert summary["workers"] == 2
        assert summary["extracted"] == summary["added"] == len(files)
    with IncidentStore.open(tmp_path / "b.sqlite") as store:
        assert _records(store) == want


# --- the index finds every incident linking would take ------------------------------------


def test_the_index_never_misses_a_compatible_incident():
    """Brute force against the index, on random places (poles, antimeridian) and dates."""
    import datetime as dt

    from geo.model.claims import Claim, ClaimedPlace
    from geo.model.records import DatePrecision, EventType, LocationPrecision
    from geo.store.linking import IncidentIndex, LinkedClaim, derive, link_score

    rng = random.Random(16)
    day0 = dt.date(2019, 1, 1)

    def claim(n: int) -> Claim:
        span = rng.choice([0, 0, 0, 1, 6, 30, 364])
        start = day0 + dt.timedelta(days=rng.randrange(60))
        lat = rng.choice([rng.uniform(-90, 90), rng.uniform(85, 90), rng.uniform(-10, 10)])
        lon = rng.choice([rng.uniform(-180, 180), rng.uniform(178, 180), rng.uniform(-180, -178)])
        place = None
        if rng.random() > 0.1:
            radius = rng.choice([1.0, 5.0, 30.0, 99.0, 150.0, 250.0, 400.0, 1500.0])
            place = ClaimedPlace(
                name=f"p{n}", lat=lat, lon=lon, country_code="", radius_km=radius,
                precision=LocationPrecision.TOWN,
            )  # fmt: skip
        return Claim(
            index=0, sentences=(), event_type=EventType.AIR_STRIKE, date_start=start,
            date_end=start + dt.timedelta(days=span),
            date_precision=DatePrecision.DAY if span == 0 else DatePrecision.MONTH, place=place,
        )  # fmt: skip

    index = IncidentIndex()
    incidents = {}
    for n in range(400):
        summary = derive([LinkedClaim(n, n, "o", claim(n))])
        incidents[f"i{n}"] = summary
        index.add(f"i{n}", summary)

    def linkable_found(probes: list[Claim]) -> int:
        """Every incident a probe could link to is among its candidates; how many pairs."""
        pairs = 0
        for c in probes:
            found = index.candidates(c)
            for incident_id, summary in incidents.items():
                if link_score(c, summary, frozenset(), -1) >= 0:
                    pairs += 1
                    assert incident_id in found, (c, summary)
        return pairs

    assert linkable_found([claim(1000 + n) for n in range(400)]) > 200

    # re-filed elsewhere (an incident's dates and place move as it gains claims): found at
    # its new days and cells; removed: found nowhere, in any cell or bin it was filed in
    for n in range(400):
        summary = derive([LinkedClaim(n, n, "o", claim(2000 + n))])
        incidents[f"i{n}"] = summary
        index.add(f"i{n}", summary)
    assert len(index) == 400
    probes = [claim(3000 + n) for n in range(400)]
    assert linkable_found(probes) > 200
    for n in range(0, 400, 2):
        index.remove(f"i{n}")
    index.remove("i0")  # not filed: nothing happens
    assert len(index) == 200 and "i0" not in index and "i1" in index
    left = set().union(*(index.candidates(c) for c in probes))
    assert left and all(int(i[1:]) % 2 == 1 for i in left)
    for n in range(1, 400, 2):
        index.remove(f"i{n}")
    assert len(index) == 0
    assert all(index.candidates(c) == set() for c in probes)


def test_a_batch_on_a_database_with_corrected_incidents_links_as_ingest_does(
    tmp_path, gaz, scheduler
):
    """Half the corpus ingested and corrected, then the whole folder: as ingesting the rest."""
    import datetime as dt

    reports = CORPORA / "incidents" / "reports"
    files = sorted(reports.glob("*.txt"))
    first, rest = files[: len(files) // 2], files[len(files) // 2 :]

    def prepared(db: Path) -> IncidentStore:
        store = IncidentStore.open(db)
        ingest_reports(store, [report_file(f) for f in first], gazetteer=gaz)
        incidents = store.incidents()
        assert len(incidents) >= 4
        store.merge(incidents[1].id, incidents[2].id, why="the same strike")
        moved = incidents[3]
        store.redate(moved.id, moved.date_start + dt.timedelta(days=1), why="a later release")
        return store

    with prepared(tmp_path / "ingest.sqlite") as store:
        ingest_reports(store, [report_file(f) for f in rest], gazetteer=gaz)
        want = _records(store)
    with prepared(tmp_path / "batch.sqlite") as store:
        result = run_batch(reports, store, scheduler=scheduler)
        assert (result.known, result.extracted, result.added) == (
            len(first),
            len(rest),
            len(rest),
        )
        assert result.claims_written > result.claims  # the stored articles' claims too
        assert result.incidents_updated > 0  # later articles joined stored incidents
        assert _records(store) == want


def test_the_progress_bar_shows_the_count_rate_and_time_left(monkeypatch):
    import io
    import sys

    from geo.cli.commands import _BatchProgress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    bar = _BatchProgress()
    bar.update(0, 64)
    bar._started -= 100.0  # 100 s ago: 32 articles at 0.3 a second
    bar.update(32, 64)
    bar._bar.refresh()
    bar.close()
    shown = err.getvalue()
    assert "32/64" in shown
    assert "0.3 articles/s" in shown
    assert "ETA" in shown


# --- failures on resume: retried when asked; a worker's death is never the article's -------


def _failing_for(monkeypatch, names: dict[str, BaseException]):
    """Make extraction raise ``names[article id]`` for those articles (in-process workers)."""
    import geo.extraction.extract as extract

    real = extract.extract_article
    texts: dict[str, BaseException] = {}
    for f in CORPORA.joinpath("incidents", "reports").glob("*.txt"):
        if f.name in names:
            texts[read_report(f).text] = names[f.name]

    def extract_article(article, gazetteer=None):
        if article.text in texts:
            raise texts[article.text]
        return real(article, gazetteer)

    monkeypatch.setattr(extract, "extract_article", extract_article)


def _batch_command(tmp_path: Path, n: int, scheduler: str):
    """The first ``n`` reports as JSON lines, and a ``batch`` command over them on ``scheduler``.

    Returns the reports, their content hashes, the database, the output folder and the
    command's arguments (``--json``).
    """
    files = sorted((CORPORA / "incidents" / "reports").glob("*.txt"))[:n]
    source = tmp_path / "a.jsonl"
    hashes = _write_jsonl(source, files)
    db, out = tmp_path / "b.sqlite", tmp_path / "out"
    cmd = ["batch", str(source), "--db", str(db), "--out", str(out), "--json",
           "--scheduler", scheduler]  # fmt: skip
    return files, hashes, db, out, cmd


def _failure_lines(out: Path) -> list[dict]:
    text = (out / "failures.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_failed_articles_are_skipped_on_resume_and_retried_with_retry_failed(
    tmp_path, capsys, monkeypatch, gazetteer_index, scheduler
):
    from gazetteer.errors import DataError

    files, hashes, db, out, cmd = _batch_command(tmp_path, 4, scheduler)
    with monkeypatch.context() as patch:  # a failure that was the article's, run 1
        _failing_for(patch, {files[1].name: DataError("the text is unreadable")})
        assert main(cmd) == 1
        first = json.loads(capsys.readouterr().out)
    assert (first["extracted"], first["failed"], first["failures"]) == (3, 1, 1)
    assert _failure_lines(out) == [
        {"id": files[1].name, "hash": hashes[1], "reason": "the text is unreadable"}
    ]

    assert main(cmd) == 1  # resumed: the failure is passed over, and counted, in one line
    captured = capsys.readouterr()
    second = json.loads(captured.out)
    assert (second["resumed"], second["skipped_failed"], second["retried"]) == (3, 1, 0)
    assert (second["extracted"], second["failed"], second["failures"]) == (0, 0, 1)
    assert captured.err == (
        f"strikemap: 1 article(s) that failed in an earlier run were skipped (see "
        f"{out / 'failures.jsonl'}); --retry-failed processes them again\n"
    )
    assert len(_failure_lines(out)) == 1

    with monkeypatch.context() as patch:  # retried, and failing again: the new reason
        _failing_for(patch, {files[1].name: DataError("still unreadable")})
        assert main([*cmd, "--retry-failed"]) == 1
        third = json.loads(capsys.readouterr().out)
    assert (third["retried"], third["failed"], third["skipped_failed"]) == (1, 1, 0)
    assert [f["reason"] for f in _failure_lines(out)] == ["still unreadable"]

    assert main([*cmd, "--retry-failed"]) == 0  # retried, and extracted: no failure left
    captured = capsys.readouterr()
    fourth = json.loads(captured.out)
    assert (fourth["retried"], fourth["extracted"], fourth["added"]) == (1, 1, 1)
    assert (fourth["failed"], fourth["failures"], fourth["skipped_failed"]) == (0, 0, 0)
    assert captured.err == ""
    assert (out / "failures.jsonl").read_text(encoding="utf-8") == ""
    with IncidentStore.open(db) as store:
        assert sorted(a.hash for a in store.articles()) == sorted(hashes)


def test_an_out_of_memory_article_is_not_recorded_as_failed_and_the_next_run_takes_it(
    tmp_path, capsys, monkeypatch, gazetteer_index, scheduler
):
    files, hashes, db, out, cmd = _batch_command(tmp_path, 3, scheduler)
    with monkeypatch.context() as patch:
        _failing_for(patch, {files[0].name: MemoryError("cannot allocate")})
        assert main(cmd) == 1
        captured = capsys.readouterr()
    first = json.loads(captured.out)
    assert (first["extracted"], first["failed"], first["failures"]) == (2, 0, 0)
    assert (first["unprocessed"], first["unprocessed_reason"]) == (
        1,
        "MemoryError: cannot allocate",
    )
    assert captured.err == (
        "strikemap: 1 article(s) were not processed (MemoryError: cannot allocate); run the "
        "same command again to process them\n"
    )
    assert (out / "failures.jsonl").read_text(encoding="utf-8") == ""
    assert main(cmd) == 0  # no flag needed: it was never the article's failure
    second = json.loads(capsys.readouterr().out)
    assert (second["resumed"], second["extracted"], second["unprocessed"]) == (2, 1, 0)
    with IncidentStore.open(db) as store:
        assert sorted(a.hash for a in store.articles()) == sorted(hashes)


def _die_on_poison(partition, index):
    """extract_partition, but the worker process dies on the article named "poison"."""
    import os

    from geo.batch.work import extract_partition

    if any(name == "poison" for _seq, name, _hash, _loc in partition[2]):
        os._exit(7)  # as the kernel's OOM killer or a crash would: no exception, no reply
    return extract_partition(partition, index)


def test_a_worker_that_dies_leaves_its_articles_for_the_next_run(tmp_path, monkeypatch, gaz):
    import dask
    from distributed import LocalCluster

    files = sorted((CORPORA / "incidents" / "reports").glob("*.txt"))[:4]
    source = tmp_path / "a.jsonl"
    hashes = _write_jsonl(source, files)
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[2] = json.dumps({**json.loads(lines[2]), "id": "poison"})
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr("geo.batch.run.extract_partition", _die_on_poison)
    out = tmp_path / "out"
    config = {
        "distributed.scheduler.allowed-failures": 0,  # KilledWorker on the first death
        "distributed.scheduler.worker-saturation": 1.0,  # one task on a worker at a time
    }
    # two workers: the other goes on while the dead one's nanny restarts it (on a loaded
    # machine a restart can outlast the batch; with no worker left the batch would wait)
    with (
        dask.config.set(config),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        IncidentStore.open(tmp_path / "b.sqlite") as store,
    ):
        result = run_batch(
            source, store, out=out, scheduler=cluster.scheduler_address, partition_size=1
        )
        # the poison's partition is lost with its worker, and so is any partition the
        # scheduler had already handed to that worker (one more, at times, on a busy machine)
        extracted = result.extracted
        assert (result.failed, result.failures) == (0, 0)
        assert extracted + result.unprocessed == 4 and 2 <= extracted <= 3
        assert result.unprocessed_reason == "a worker died while extracting them (KilledWorker)"
        assert hashes[2] not in result.processed
        assert set(result.processed) <= set(hashes[:2] + hashes[3:])
        assert len(result.processed) == extracted
        assert len(store.articles()) == extracted  # the others were linked
    assert (out / "failures.jsonl").read_text(encoding="utf-8") == ""
    monkeypatch.undo()
    with IncidentStore.open(tmp_path / "b.sqlite") as store:
        from distributed import LocalCluster as Threads

        with Threads(n_workers=1, processes=False, dashboard_address=":0") as cluster:
            again = run_batch(source, store, out=out, scheduler=cluster.scheduler_address)
        assert (again.resumed, again.extracted) == (extracted, 4 - extracted)
        assert sorted(again.processed) == sorted(set(hashes) - set(result.processed))
        assert len(store.articles()) == 4


def test_a_cluster_with_no_worker_leaves_the_articles_for_the_next_run(tmp_path, gaz):
    """An external scheduler that has no worker (all died, or none started) does not keep the
    batch waiting for ever: after ``no_worker_wait`` seconds the articles are unprocessed."""
    from distributed import LocalCluster

    files = sorted((CORPORA / "incidents" / "reports").glob("*.txt"))[:3]
    source = tmp_path / "a.jsonl"
    hashes = _write_jsonl(source, files)
    out = tmp_path / "out"
    with IncidentStore.open(tmp_path / "b.sqlite") as store:
        with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster:
            result = run_batch(
                source, store, out=out, scheduler=cluster.scheduler_address,
                partition_size=2, no_worker_wait=0.5,
            )  # fmt: skip
        assert (result.extracted, result.failed, result.unprocessed) == (0, 0, 3)
        assert result.unprocessed_reason == "the cluster had no worker for 0.5 s"
        assert result.processed == [] and store.articles() == []
        with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster:
            again = run_batch(source, store, out=out, scheduler=cluster.scheduler_address)
        assert (again.resumed, again.extracted, again.unprocessed) == (0, 3, 0)
        assert sorted(again.processed) == sorted(hashes)
        assert len(store.articles()) == 3


def test_ingest_and_batch_extract_an_article_through_one_function(
    tmp_path, monkeypatch, gaz, scheduler
):
    """Both call geo.extraction.extract.extract_article, with the same article: no drift."""
    import geo.extraction.extract as extract

    real, seen = extract.extract_article, []

    def spy(article, gazetteer=None):
        seen.append(article)
        return real(article, gazetteer)

    monkeypatch.setattr(extract, "extract_article", spy)
    report = sorted((CORPORA / "incidents" / "reports").glob("*.txt"))[0]
    with IncidentStore.open(tmp_path / "i.sqlite") as store:
        assert ingest_reports(store, [report_file(report)], gazetteer=gaz).failed == 0
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / report.name).write_bytes(report.read_bytes())
    with IncidentStore.open(tmp_path / "b.sqlite") as store:
        assert run_batch(folder, store, scheduler=scheduler).extracted == 1
    assert len(seen) == 2
    assert seen[0] == seen[1] == read_report(report)
