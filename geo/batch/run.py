"""``strikemap batch``: geoparse and extract an archive on Dask, then link it in one pass.

1. **Scan** (client): stream the archive, key each article by content hash; those already
   in the batch's state (:mod:`geo.batch.state`) are passed over, unreadable ones recorded
   as failures, the rest cut into partitions of a few dozen articles.
2. **Extract** (workers): each partition is a Dask task
   (:func:`geo.batch.work.extract_partition`) submitted to a ``distributed.Client``: a
   ``LocalCluster`` with a worker process per core by default, or an existing cluster
   (``scheduler``). The client stores each partition's results in the state file as they
   come back (:func:`distributed.as_completed`), so a kill loses only the partitions in
   flight, and a failed article is recorded with its reason while the rest go on. A failure
   that is not the article's (its worker died: ``KilledWorker``; the machine ran out of
   memory) is not recorded: the batch goes on and the next run processes those articles.
   Articles that failed in an earlier run are passed over, and counted, unless
   ``retry_failed``.
3. **Link** (client): every extracted article, in archive order, is stored and linked in
   one transaction by :meth:`geo.store.database.IncidentStore.ingest_extracted` (an indexed,
   in-memory linker: the incidents ``strikemap ingest`` gives the same articles in the
   same order). Articles already in the database add nothing.
4. **Write** the claims of the archive's articles as GeoParquet, one file per month of the
   claims' first day (``OUT/claims/month=YYYY-MM/part-0.parquet``), and the failures as
   JSON lines (``OUT/failures.jsonl``: ``id``, ``hash``, ``reason``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.errors import StrikemapError
from gazetteer.serialization import JsonRecord
from geo.batch.sources import BatchInputError, Scanned, scan, source_kind
from geo.batch.state import BatchState
from geo.batch.work import Partition, extract_partition
from geo.io.files import atomic_target, write_atomic
from geo.store.consolidation import consolidate

if TYPE_CHECKING:
    from geo.store.database import IncidentStore

__all__ = [
    "PARTITION_SIZE",
    "BatchError",
    "BatchResult",
    "default_out",
    "run_batch",
    "write_claims",
]

#: Articles per Dask task: enough to make a task's overhead small, few enough that a kill
#: loses little and memory stays bounded.
PARTITION_SIZE = 32
STATE_FILE = "batch-state.sqlite"
FAILURES_FILE = "failures.jsonl"
CLAIMS_FOLDER = "claims"
#: Seconds a cluster may have no worker at all before the batch stops waiting for one: the
#: partitions not done are left for the next run (an external scheduler whose workers all
#: died, or that never had any, would otherwise keep the batch waiting for ever).
NO_WORKER_WAIT_S = 60.0
_POLL_S = 0.02  # while no partition is ready
_CHECK_S = 2.0  # between looks at the cluster's workers while none comes back


_NO_CLAIMS = (dt.date(1900, 1, 1), dt.date(1900, 1, 1))  # a window no stored incident is in


class BatchError(StrikemapError, RuntimeError):
    """The batch cannot run (no cluster to reach, an output folder that cannot be used)."""


@dataclass(slots=True)
class BatchResult(JsonRecord):
    """What a batch did.

    ``articles``: in the archive (a text twice counts once); ``extracted``/``failed``: by
    this run's workers (``failed`` also counts articles the scan could not read);
    ``resumed``: extracted by an earlier run of the same batch; ``skipped_failed``: failed
    in an earlier run and not processed again (see ``retry_failed``); ``retried``: failed
    in an earlier run and processed again by this one; ``unprocessed``: not processed
    through no fault of their own (``unprocessed_reason``: the first such reason, a worker
    that died, memory), left for the next run; ``added``: stored
    in the database by this run; ``known``: already there (not extracted again);
    ``claims``, ``incidents_new``, ``incidents_updated``: of the articles added;
    ``incidents_merged``: merged by the consolidation after linking
    (:func:`geo.store.consolidation.consolidate`);
    ``failures``: failed articles in all (see ``OUT/failures.jsonl``); ``claims_written``:
    claims in the GeoParquet files; ``months``: their month folders; the times in seconds;
    ``processed``: the hashes this run's workers processed, in the order they came back.
    """

    articles: int = 0
    extracted: int = 0
    failed: int = 0
    resumed: int = 0
    skipped_failed: int = 0
    retried: int = 0
    unprocessed: int = 0
    unprocessed_reason: str = ""
    added: int = 0
    known: int = 0
    claims: int = 0
    incidents_new: int = 0
    incidents_updated: int = 0
    incidents_merged: int = 0
    failures: int = 0
    claims_written: int = 0
    months: int = 0
    workers: int = 0
    extract_s: float = 0.0
    link_s: float = 0.0
    out: str = ""
    processed: list[str] = field(default_factory=list)


def default_out(db: Path) -> Path:
    """The output folder beside the database: ``incidents.sqlite`` -> ``incidents-batch/``."""
    return db.with_name(f"{db.stem}-batch")


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int | None, processes: bool) -> Iterator[Any]:
    """A ``distributed.Client``: connected to ``scheduler``, or to a new ``LocalCluster``."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise BatchError(
                f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS`"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _partitions(kind: str, path: Path, pending: list[Scanned], size: int) -> Iterator[Partition]:
    for start in range(0, len(pending), size):
        chunk = pending[start : start + size]
        yield kind, str(path), [(s.seq, s.name, s.hash, s.locator) for s in chunk]


def run_batch(
    source: str | Path,
    store: IncidentStore,
    *,
    out: str | Path | None = None,
    index: str | Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    processes: bool = True,
    partition_size: int = PARTITION_SIZE,
    retry_failed: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    on_partition: Callable[[list[dict[str, Any]]], None] | None = None,
    no_worker_wait: float = NO_WORKER_WAIT_S,
) -> BatchResult:
    """Extract an archive on Dask and link it into ``store`` (see the module's docstring).

    Parameters
    ----------
    source
        A folder of ``.txt``/``.json`` articles, a ``.jsonl`` or a ``.parquet`` file (see
        :mod:`geo.batch.sources`).
    store
        The open incident database.
    out
        The output folder (claims, failures, the state that makes the batch resumable);
        default :func:`default_out` of the database.
    index
        The gazetteer index (default: ``$STRIKEMAP_GAZETTEER`` or the user cache folder's,
        built there on first use). Workers open it by its path: on a cluster of several
        hosts, it must be at that path on each.
    scheduler
        The address of a running Dask scheduler (``tcp://host:8786``); default: a
        ``LocalCluster`` of ``workers`` worker processes (default: one per core).
    processes
        With a ``LocalCluster``: worker processes (default) or threads of this process.
    partition_size
        Articles per task.
    retry_failed
        Process again the articles an earlier run recorded as failed (default: pass them
        over, counted in ``skipped_failed``). One that now succeeds leaves the failures.
    on_progress
        Called with (articles processed, articles to process) as partitions come back.
    on_partition
        Called with each partition's results once they are stored (tests stop here to
        simulate a kill).
    no_worker_wait
        Seconds the cluster may have no worker before the batch stops waiting: the
        partitions not done are counted as unprocessed, for the next run.

    Raises
    ------
    BatchInputError
        If the archive is missing or malformed (nothing is processed).
    BatchError
        If the scheduler cannot be reached.
    """
    from gazetteer.search import Gazetteer

    source = Path(source)
    if partition_size < 1:
        raise BatchError(f"partition_size must be at least 1, got {partition_size!r}")
    if workers is not None and workers < 1:
        raise BatchError(f"workers must be at least 1, got {workers!r}")
    kind = source_kind(source)
    out_dir = Path(out) if out is not None else default_out(store.path)
    if out_dir.exists() and not out_dir.is_dir():
        raise BatchError(f"{out_dir} is a file, not an output folder")
    result = BatchResult(out=str(out_dir))
    with BatchState(out_dir / STATE_FILE) as state:
        done, failed = state.hashes(), state.failed()
        seen: set[str] = set()
        pending: list[Scanned] = []
        in_db: set[str] = set()
        unreadable: list[dict[str, Any]] = []
        for item in scan(source):
            if item.hash in seen:  # the same text twice: the first one counts
                continue
            seen.add(item.hash)
            if item.hash in done:
                result.resumed += 1
            elif item.hash in failed and not retry_failed:
                result.skipped_failed += 1
            elif store.has_hash(item.hash) is not None:  # stored before: nothing to extract
                in_db.add(item.hash)
            elif item.error:
                unreadable.append(
                    {"seq": item.seq, "name": item.name, "hash": item.hash, "reason": item.error}
                )
            else:
                pending.append(item)
            if retry_failed and item.hash in failed:
                result.retried += 1
        result.articles = len(seen)
        if unreadable:
            state.record(unreadable)
            result.failed += len(unreadable)
        total = len(pending)
        t0 = time.perf_counter()
        if pending:
            # opened (and built, on first use) here, not by every worker at once; the workers
            # are given its path
            with Gazetteer.open(index) as gaz:
                index_path = str(gaz.path.resolve())
            result.workers = _extract(
                kind, source, pending, state, result, index_path=index_path,
                scheduler=scheduler, workers=workers, processes=processes,
                partition_size=partition_size, on_progress=on_progress,
                on_partition=on_partition, total=total, no_worker_wait=no_worker_wait,
            )  # fmt: skip
        result.extract_s = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        window = state.date_window()  # so that the articles stream from the state file
        stored = store.ingest_extracted(state.extracted(), window=window or _NO_CLAIMS)
        result.link_s = round(time.perf_counter() - t0, 3)
        new: set[str] = set()
        updated: set[str] = set()
        for r in stored:
            if r.added:
                result.added += 1
                result.claims += r.claims
                new.update(r.incidents_new)
                updated.update(set(r.incidents_updated) - new)
            else:
                result.known += 1
        result.known += len(in_db)
        # as after an ingest batch: incidents that are one strike are merged, audited
        merges = consolidate(store, sorted(new) + sorted(updated))
        for merge in merges:
            new.discard(merge.merged)
            updated.discard(merge.merged)
            if merge.keep not in new:
                updated.add(merge.keep)
        result.incidents_merged = len(merges)
        result.incidents_new, result.incidents_updated = len(new), len(updated)
        failures = list(state.failures())
        result.failures = len(failures)
        write_atomic(
            out_dir / FAILURES_FILE,
            "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures),
        )
        hashes = state.hashes()
    result.claims_written, result.months = write_claims(
        store, hashes | in_db, out_dir / CLAIMS_FOLDER
    )
    return result


def _extract(
    kind: str,
    source: Path,
    pending: list[Scanned],
    state: BatchState,
    result: BatchResult,
    *,
    index_path: str,
    scheduler: str | None,
    workers: int | None,
    processes: bool,
    partition_size: int,
    on_progress: Callable[[int, int], None] | None,
    on_partition: Callable[[list[dict[str, Any]]], None] | None,
    total: int,
    no_worker_wait: float,
) -> int:
    """Run the partitions on the cluster, storing each one's results as it comes back.

    A partition whose task failed (its worker died: ``KilledWorker`` once the scheduler gave
    up retrying it; or the task could not open the gazetteer or the archive) is not the
    articles' fault: nothing is recorded for them, the batch goes on, and the next run
    processes them. So are the partitions still waiting when the cluster has had no worker
    for ``no_worker_wait`` seconds.
    """
    from distributed import as_completed

    count = 0
    with _client(scheduler, workers, processes) as client:
        n_workers = len(client.nthreads())
        partitions = list(_partitions(str(kind), source, pending, partition_size))
        futures = client.map(extract_partition, partitions, index=index_path, pure=False)
        sizes = {f.key: len(p[2]) for f, p in zip(futures, partitions, strict=True)}
        del partitions
        if on_progress is not None:
            on_progress(0, total)
        arriving = as_completed(futures)
        stored: set[str] = set()
        idle_since = time.monotonic()  # since no partition came back
        no_worker_since: float | None = None
        try:
            while not arriving.is_empty():
                if not arriving.has_ready():
                    time.sleep(_POLL_S)
                    now = time.monotonic()
                    if now - idle_since < _CHECK_S:
                        continue
                    idle_since = now
                    if client.nthreads():
                        no_worker_since = None
                        continue
                    no_worker_since = no_worker_since or now
                    if now - no_worker_since < no_worker_wait:
                        continue
                    result.unprocessed += sum(n for k, n in sizes.items() if k not in stored)
                    result.unprocessed_reason = result.unprocessed_reason or (
                        f"the cluster had no worker for {no_worker_wait:g} s"
                    )
                    break
                idle_since, no_worker_since = time.monotonic(), None
                for future in arriving.next_batch(block=False):
                    stored.add(future.key)
                    rows = _store_partition(future, sizes[future.key], state, result)
                    count += sizes[future.key]
                    if on_progress is not None:
                        on_progress(count, total)
                    if on_partition is not None:
                        on_partition(rows)
        finally:
            client.cancel(futures)
    return n_workers


def _store_partition(
    future: Any, size: int, state: BatchState, result: BatchResult
) -> list[dict[str, Any]]:
    """Record a finished partition's rows in ``state``, count them in ``result``; the rows."""
    try:
        rows = future.result()
    except Exception as exc:  # the task, not an article: left for the next run
        result.unprocessed += size
        result.unprocessed_reason = result.unprocessed_reason or _task_failure(exc)
        rows = []
    future.release()
    state.record(rows)
    for row in rows:
        if "transient" in row:
            result.unprocessed += 1
            result.unprocessed_reason = result.unprocessed_reason or row["transient"]
            continue
        result.processed.append(row["hash"])
        if "reason" in row:
            result.failed += 1
        else:
            result.extracted += 1
    return rows


def _task_failure(exc: Exception) -> str:
    """Why a partition's task failed, in one line."""
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        return "a worker died while extracting them (KilledWorker)"
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}".strip()


def _month_frames(store: IncidentStore, hashes: set[str]) -> dict[str, list[dict[str, Any]]]:
    months: dict[str, list[dict[str, Any]]] = {}
    for article, claim_id, incident_id, claim in store.claims_of_articles(hashes):
        place = claim.place
        months.setdefault(claim.date_start.strftime("%Y-%m"), []).append(
            {
                "claim_id": claim_id,
                "incident_id": incident_id,
                "article_hash": article.hash,
                "article": article.path,
                "outlet": article.outlet,
                "published": article.published,
                "url": article.url,
                "claim_index": claim.index,
                "event_type": claim.event_type.value,
                "date_start": claim.date_start,
                "date_end": claim.date_end,
                "date_precision": claim.date_precision.value,
                "place_name": place.name if place else None,
                "country_code": place.country_code if place else None,
                "location_precision": place.precision.value if place else None,
                "radius_km": place.radius_km if place else None,
                "fatalities_low": claim.fatalities_low,
                "fatalities_high": claim.fatalities_high,
                "injured": claim.injured,
                "actor": claim.actor,
                "target": claim.target,
                "confidence": claim.confidence,
                "sentence": claim.sentence,
                "lon": place.lon if place else None,
                "lat": place.lat if place else None,
            }
        )
    return months


def write_claims(store: IncidentStore, hashes: set[str], folder: Path) -> tuple[int, int]:
    """Write the claims of the articles ``hashes`` as GeoParquet, one file per month.

    ``folder/month=YYYY-MM/part-0.parquet`` (the month of each claim's first day; a
    Hive-style partition that ``geopandas.read_parquet(folder)`` and pyarrow datasets read
    as a column), points in WGS 84 (an unplaced claim has no geometry), rows by date then
    claim id. Each file is written atomically; month folders no longer needed are removed.
    Returns the number of claims and of months written.
    """
    import geopandas as gpd
    import pandas as pd
    from shapely import points

    months = _month_frames(store, hashes)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for month, rows in sorted(months.items()):
        frame = pd.DataFrame(rows).sort_values(["date_start", "claim_id"], kind="stable")
        for col in ("published", "date_start", "date_end"):
            frame[col] = pd.to_datetime(frame[col]).dt.date
        geometry = [
            None if pd.isna(lon) else points(lon, lat)
            for lon, lat in zip(frame.pop("lon"), frame.pop("lat"), strict=True)
        ]
        gdf = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
        target = folder / f"month={month}"
        target.mkdir(exist_ok=True)
        with atomic_target(target / "part-0.parquet") as tmp:
            gdf.to_parquet(tmp, index=False)
        written += len(gdf)
    for stale in folder.glob("month=*"):
        if stale.is_dir() and stale.name.removeprefix("month=") not in months:
            shutil.rmtree(stale)
    return written, len(months)


__all__ += ["BatchInputError"]
