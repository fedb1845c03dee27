"""The incident store: SQLite database of articles, claims, incidents and an audit trail.

* **Where**: ``--db PATH`` / ``$STRIKEMAP_DB``, else ``incidents.sqlite`` in the user data folder.
  The default database is seeded with the curated dataset (``data/default``) when it is first
  created; a database named explicitly starts empty unless ``seed=True``.
* **Schema versioning**: ``PRAGMA user_version`` holds the schema version and
  ``PRAGMA application_id`` marks the file as ours. Opening an older database applies the
  pending :data:`MIGRATIONS` in one transaction; a newer one is refused with a clear message.
* **Ingest** is idempotent (an article is known by :func:`~geo.model.claims.content_hash` of its
  text, so the same article twice adds nothing) and atomic per article: its row, claims, incident
  links and new incidents are written in a single transaction, so a crash or kill mid-ingest
  leaves the database as it was before that article.
* **Analyst corrections** (merge, split, re-place, re-date) are stored as what they are: claim
  moves and overrides, each with an audit entry (when, who, what, why, previous value). Ingest
  only ever attaches *new* claims, so re-ingesting articles never undoes a correction.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import platformdirs

from gazetteer.errors import (
    DataError,
    ReadOnlyDatabaseError,
    StrikemapError,
    database_file_error,
)
from gazetteer.serialization import JsonRecord, json_options
from geo.model.claims import (
    AggregateClaim,
    Article,
    Claim,
    ClaimedPlace,
    DistanceCheck,
    Extraction,
    Quote,
)
from geo.model.records import (
    Aggregate,
    DatePrecision,
    DistanceClaim,
    Incident,
    IncidentStatus,
    Review,
    Source,
    SourceClaim,
)
from geo.store.corrections import checked_place
from geo.store.linking import (
    ClaimOrder,
    Derived,
    LinkedClaim,
    Linker,
    bulk_linking,
    derive,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from gazetteer.search import Gazetteer
    from geo.io.dataset import Dataset
    from geo.model.records import Site

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ArticleOrigin",
    "AuditEntry",
    "DatasetExport",
    "ExtractedArticle",
    "ImportResult",
    "Seeding",
    "IncidentStore",
    "IngestResult",
    "LeftOut",
    "StoreError",
    "StoredAggregate",
    "StoredArticle",
    "StoredClaim",
    "StoredIncident",
    "default_db_path",
    "seeding",
]

APPLICATION_ID = 0x53544B4D  # "STKM"
BUSY_TIMEOUT_S = 30.0  # how long to wait for another process's write to finish

MIGRATIONS: list[str] = [
    # v1: the first schema.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        outlet TEXT NOT NULL,
        url TEXT,
        title TEXT NOT NULL,
        published TEXT NOT NULL,
        path TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL CHECK (origin IN ('ingest', 'curated')),
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        merged_into TEXT REFERENCES incidents(id),
        place_override TEXT,
        date_override TEXT,
        date_start TEXT,
        date_end TEXT
    );
    CREATE INDEX incidents_dates ON incidents (date_start, date_end);
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('event', 'aggregate')),
        incident_id TEXT REFERENCES incidents(id),
        data TEXT NOT NULL,
        UNIQUE (article_id, kind, idx)
    );
    CREATE INDEX claims_incident ON claims (incident_id);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        incident_id TEXT,
        what TEXT NOT NULL,
        previous TEXT,
        why TEXT NOT NULL
    );
    """,
    # v2: distances that reports state between places, checked against the geodesic.
    """
    CREATE TABLE distance_checks (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        idx INTEGER NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (article_id, idx)
    );
    """,
    # v3: a curated source keeps its id, the precision of its publication date and its note;
    # a curated incident keeps its notes (see _backfill_curated for databases seeded before).
    """
    ALTER TABLE articles ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN published_precision TEXT NOT NULL DEFAULT 'day';
    ALTER TABLE articles ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE incidents ADD COLUMN notes TEXT NOT NULL DEFAULT '';
    """,
    # v4: an analyst's verdict on an incident (a candidate accepted, or any incident rejected).
    """
    ALTER TABLE incidents ADD COLUMN review TEXT CHECK (review IN ('accepted', 'rejected'));
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(StrikemapError):
    """The database cannot be opened or an operation on it is refused."""


class ArticleOrigin(enum.StrEnum):
    """Where a stored article came from: ingested text, or a source of a curated dataset."""

    INGEST = "ingest"
    CURATED = "curated"


_T = TypeVar("_T", bound=Callable[..., Any])
_SQLITE_NOTADB = 26
_REPAIR = "restore it from a backup (the sqlite3 tool's `.recover` command may save what is left)"


def _faults(method: _T) -> _T:
    """Make ``method`` raise a :class:`~gazetteer.errors.DatabaseFileError` for a faulty file.

    The error names the database and says what to do (read-only, full disk, damaged,
    locked) instead of a bare :mod:`sqlite3` error. Errors in the SQL itself are bugs and
    pass through unchanged.
    """

    @functools.wraps(method)
    def guarded(self: IncidentStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            fault = database_file_error(exc, self._what, repair=_REPAIR)
            if fault is None:
                raise
            raise fault from exc

    return cast(_T, guarded)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the database in WAL mode (persistent: once set, later opens find it set).

    Switching modes needs the file to itself, and SQLite answers "busy" at once instead of
    waiting when another process is opening it too: wait here, as long as for a write.
    """
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorcode", 0) & 0xFF in (5, 6)  # BUSY, LOCKED
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing database, also in a read-only folder.

    SQLite reads a WAL database through its ``-shm`` file, which a read-only folder cannot
    hold; when no ``-wal`` file exists nobody is writing the database, and it is read as an
    immutable file instead.
    """
    uri = path.absolute().as_uri()
    try:
        conn = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error as exc:
        conn.close()
        wal = path.with_name(path.name + "-wal")
        cannot_open = getattr(exc, "sqlite_errorcode", 0) & 0xFF == 14  # SQLITE_CANTOPEN
        if not cannot_open or wal.exists():
            raise _opening_error(exc, path) from None
    return sqlite3.connect(
        f"{uri}?immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
    )


def _opening_error(exc: sqlite3.Error, path: Path) -> StrikemapError:
    """What to raise when reading a file's header and schema failed."""
    fault = database_file_error(exc, f"the incident database {str(path)!r}", repair=_REPAIR)
    if fault is None or getattr(exc, "sqlite_errorcode", 0) & 0xFF == _SQLITE_NOTADB:
        return StoreError(f"{path} is not a strikemap incident database ({exc})")
    return fault


def _refuse_read_only(path: Path, why: str = "") -> None:
    """Raise before any work when the database (to be written) or its folder is read-only."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.exists() and not os.access(path, os.W_OK):
        blocked = "is read-only"
    elif not os.access(folder, os.W_OK):
        if not path.exists():
            raise ReadOnlyDatabaseError(
                f"cannot create the incident database {str(path)!r}: the folder {str(folder)!r} "
                "is read-only; choose a database in a writable folder"
            )
        blocked = f"is in a read-only folder ({folder})"
    else:
        return
    raise ReadOnlyDatabaseError(
        f"the incident database {str(path)!r} {blocked}{why}: it can be read (incidents, map, "
        "audit) but not changed; make the file and its folder writable, or work on a "
        "writable copy"
    )


def _backfill_curated(conn: sqlite3.Connection) -> None:
    """Give a database seeded before schema 3 what its seeding dropped (part of migration 3).

    * a curated article gets back its source id (from its key ``curated:<dataset>:<source>``)
      and, when it was seeded from the embedded default dataset, the precision of its
      publication date and its note;
    * an incident seeded from the default dataset gets back its notes;
    * a place that seeding set loses the ``curated:`` that seeding put before its
      coordinate source (a place an analyst set since is left as it is).
    """
    articles = conn.execute(
        "SELECT id, hash, path FROM articles WHERE origin = 'curated' ORDER BY id"
    ).fetchall()
    if not articles:
        return
    from geo.io.dataset import load_default_dataset

    default = load_default_dataset()
    for article_id, key, dataset_id in articles:
        prefix = f"curated:{dataset_id}:"
        if not key.startswith(prefix):
            continue
        source_id = key[len(prefix) :]
        source = default.sources.get(source_id) if dataset_id == default.id else None
        conn.execute(
            "UPDATE articles SET source_id = ?, published_precision = ?, note = ? WHERE id = ?",
            [
                IncidentStore._free_source_id(conn, source_id),
                (source.published_precision or DatePrecision.DAY).value
                if source is not None
                else DatePrecision.DAY.value,
                "" if source is None else source.note,
                article_id,
            ],
        )
    seeded = conn.execute(
        "SELECT s.incident_id, s.what, i.place_override, EXISTS (SELECT 1 FROM audit r WHERE "
        "r.incident_id = s.incident_id AND r.action = 're-place') FROM audit s "
        "JOIN incidents i ON i.id = s.incident_id WHERE s.action = 'seed'"
    ).fetchall()
    notes = {i.id: i.notes for i in default.incidents}
    for incident_id, what, place, replaced in seeded:
        if json.loads(what).get("dataset") == default.id and incident_id in notes:
            conn.execute(
                "UPDATE incidents SET notes = ? WHERE id = ?", [notes[incident_id], incident_id]
            )
        if place is None or replaced:
            continue
        value = json.loads(place)
        reason = value.get("reason", "")
        if reason.startswith("curated: "):
            value["reason"] = reason.removeprefix("curated: ")
            conn.execute(
                "UPDATE incidents SET place_override = ? WHERE id = ?",
                [json.dumps(value), incident_id],
            )


def default_db_path() -> Path:
    """``$STRIKEMAP_DB``, else ``incidents.sqlite`` in the user data folder."""
    if env := os.environ.get("STRIKEMAP_DB"):
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("strikemap")) / "incidents.sqlite"


# --- records read back ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredArticle(JsonRecord):
    """An ingested (or curated) article, without its text.

    A curated article is a source of a seeded dataset: ``source_id`` is its id there, and
    ``published_precision`` and ``note`` are the source's. An ingested article is dated to the
    day and cited as ``article-<id>``.
    """

    id: int
    outlet: str
    url: str | None
    published: dt.date
    title: str
    path: str
    origin: ArticleOrigin
    hash: str
    source_id: str = ""
    published_precision: DatePrecision = DatePrecision.DAY
    note: str = ""

    @property
    def source(self) -> Source:
        """The article as the :class:`~geo.model.records.Source` that records cite."""
        return Source(
            id=self.source_id or f"article-{self.id}",
            outlet=self.outlet,
            published=self.published,
            published_precision=self.published_precision,
            title=self.title,
            url=self.url,
            note=self.note,
        )


@dataclass(frozen=True, slots=True)
class StoredClaim(JsonRecord):
    """A claim with its database id and the article it came from.

    As JSON: the claim's fields, then ``id``, ``article`` and ``sentence``.
    """

    claim: Claim = field(metadata=json_options(flatten=True))
    id: int
    article: StoredArticle
    sentence: str = field(init=False)  # the claim's quoted sentences, joined

    def __post_init__(self) -> None:
        object.__setattr__(self, "sentence", self.claim.sentence)

    @property
    def source_claim(self) -> SourceClaim:
        """The claim as an incident record cites it: its article's source, sentence and toll."""
        return SourceClaim(
            self.article.source.id,
            self.claim.sentence,
            self.claim.fatalities_point,
            quote=self.article.origin is ArticleOrigin.INGEST,
        )


@dataclass(frozen=True, slots=True)
class StoredIncident(Derived, JsonRecord):
    """An incident as the analyst sees it: derived from its claims, then corrected.

    The fields of :class:`~geo.store.linking.Derived` (as linking its claims gives them, with
    the place and date an analyst or a seed set), then the id, which fields an analyst
    corrected (``"place"``, ``"date"``), the outlets, the claims, a curated incident's notes
    and an analyst's review verdict: the shape ``strikemap incidents --json`` prints
    (``notes`` and ``review`` only when there are some).
    """

    id: str
    corrected: tuple[str, ...]
    outlets: tuple[str, ...] = field(init=False)  # distinct outlets, in claim order
    claims: tuple[StoredClaim, ...]
    notes: str = field(default="", metadata=json_options(omit_default=True))
    #: an analyst's verdict (accepted, rejected), if any
    review: Review | None = field(default=None, metadata=json_options(omit_default=True))

    def __post_init__(self) -> None:
        outlets = tuple(dict.fromkeys(c.article.outlet for c in self.claims))
        object.__setattr__(self, "outlets", outlets)

    @classmethod
    def from_derived(
        cls,
        derived: Derived,
        *,
        id: str,  # noqa: A002 - the field's name
        claims: tuple[StoredClaim, ...],
        corrected: tuple[str, ...] = (),
        notes: str = "",
        review: Review | None = None,
    ) -> StoredIncident:
        """The incident that ``derived`` (what its claims give, as corrected) describes."""
        values = {f.name: getattr(derived, f.name) for f in fields(Derived)}
        return cls(**values, id=id, corrected=corrected, claims=claims, notes=notes, review=review)

    def to_incident(self) -> Incident:
        """The incident as the record datasets, maps and exports share.

        Each claim cites its article's :attr:`StoredArticle.source`; an ingested article's
        claim is a quote, a curated one's the curator's paraphrase.

        Raises
        ------
        DataError
            If it cannot be one: it has no place, its place has no country, or a value fails
            the record's validation. The message says which.
        """
        place = self.place
        if place is None:
            raise DataError("no place: its reports name none")
        if not _ISO2.fullmatch(place.country_code or ""):
            raise DataError(
                f"its place {place.name!r} has no country code (got {place.country_code!r})"
            )
        return Incident(
            id=self.id,
            event_type=self.event_type,
            date_start=self.date_start,
            date_end=self.date_end,
            date_precision=self.date_precision,
            **place.incident_fields(),
            fatalities=self.fatalities,
            actor=self.actor,
            target=self.target,
            platform=self.platform,
            claims=tuple(c.source_claim for c in self.claims),
            notes=self.notes,
            status=self.status,
            conflicts=self.conflicts,
        )


@dataclass(frozen=True, slots=True)
class StoredAggregate(JsonRecord):
    """An aggregate statement with the article it came from.

    As JSON: the aggregate's fields (``covers_incidents`` as stored: with merged incidents
    followed to the one they were merged into), then ``id``, ``article`` and ``check``.
    """

    aggregate: AggregateClaim = field(metadata=json_options(flatten=True))
    id: int
    article: StoredArticle
    covers_incidents: tuple[str, ...] = ()
    check: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry(JsonRecord):
    """One analyst correction (or seeding): when, who, what, why and the previous value."""

    id: int
    at: str
    who: str
    action: str
    incident_id: str | None
    what: Any
    previous: Any
    why: str


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A record that a map or export of the store leaves out, and why."""

    kind: str  # "incident" or "aggregate"
    id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}: {self.reason}"


@dataclass(frozen=True, slots=True)
class DatasetExport:
    """The store as a dataset, and the records it had to leave out (see ``as_dataset``)."""

    dataset: Dataset
    left_out: tuple[LeftOut, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """An article with its extraction, to store with :meth:`IncidentStore.ingest_extracted`.

    ``path`` is what the database keeps as the article's file name (or record id).
    """

    article: Article
    extraction: Extraction
    path: str = ""

    def __post_init__(self) -> None:
        if self.extraction.article_hash != self.article.hash:
            raise DataError(
                f"the extraction of {self.path!r} is of another text (hash "
                f"{self.extraction.article_hash[:12]}, the article's {self.article.hash[:12]})"
            )


@dataclass(slots=True)
class IngestResult(JsonRecord):
    """What ingesting one article did."""

    article_id: int
    added: bool
    claims: int = 0
    aggregates: int = 0
    incidents_new: list[str] = field(default_factory=list)
    incidents_updated: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult(JsonRecord):
    """What importing incidents from a file did (see :meth:`IncidentStore.import_incidents`)."""

    added: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    articles: int = 0
    claims: int = 0


# --- seeding: curated records as the database holds them ----------------------------------


@dataclass(frozen=True, slots=True)
class Seeding:
    """A curated dataset as the incident database holds it once seeded: the one mapping.

    ``articles``: one curated article per source with a publication date, by source id (ids
    from 1 in the dataset's order; the database gives its own when storing them).
    ``incidents``: each incident with its place (its coordinate source as the reason) and its
    claims, one per source claim, by source id. ``aggregates``: each aggregate statement as
    an aggregate claim of its first source. Claims are numbered per article, as stored.
    ``distance_checks``: each curated distance claim checked against the geodesic, by source
    id (numbered per article, as the distance checks of an ingested report are).
    """

    articles: dict[str, StoredArticle]
    incidents: tuple[tuple[Incident, ClaimedPlace, tuple[tuple[str, Claim], ...]], ...]
    aggregates: tuple[tuple[str, AggregateClaim], ...]
    distance_checks: tuple[tuple[str, DistanceCheck], ...] = ()


def seeding(dataset: Dataset) -> Seeding:
    """What :meth:`IncidentStore.seed` stores for ``dataset`` (see :class:`Seeding`).

    Raises
    ------
    DataError
        If an incident, aggregate or distance claim cites a source whose publication date is
        not recorded.
    """
    records: tuple[Incident | Aggregate | DistanceClaim, ...] = (
        *dataset.incidents,
        *dataset.aggregates,
        *dataset.distance_claims,
    )
    cited = {c.source_id for r in records for c in r.claims}
    articles: dict[str, StoredArticle] = {}
    for source in dataset.sources.values():
        if source.published is None or source.published_precision is None:
            if source.id in cited:
                raise DataError(
                    f"cannot seed source {source.id!r} of dataset {dataset.id!r}: its "
                    "publication date is not recorded"
                )
            continue
        articles[source.id] = StoredArticle(
            id=len(articles) + 1,
            outlet=source.outlet,
            url=source.url,
            published=source.published,
            title=source.title,
            path=dataset.id,
            origin=ArticleOrigin.CURATED,
            hash=f"curated:{dataset.id}:{source.id}",
            source_id=source.id,
            published_precision=source.published_precision,
            note=source.note,
        )
    counters: dict[str, int] = {}

    def index(source_id: str) -> int:
        counters[source_id] = counters.get(source_id, -1) + 1
        return counters[source_id]

    incidents = []
    for incident in dataset.incidents:
        place = ClaimedPlace.of_incident(incident)
        claims = tuple(
            (
                c.source_id,
                Claim(
                    index=index(c.source_id),
                    sentences=(Quote(0, len(c.statement), c.statement),),
                    event_type=incident.event_type,
                    date_start=incident.date_start,
                    date_end=incident.date_end,
                    date_precision=incident.date_precision,
                    place=place,
                    fatalities_low=c.fatalities,
                    fatalities_high=c.fatalities,
                    actor=incident.actor,
                    target=incident.target,
                    platform=incident.platform,
                    reasons=("curated record",),
                ),
            )
            for c in incident.claims
        )
        incidents.append((incident, place, claims))
    aggregates = []
    for aggregate in dataset.aggregates:
        source_id = aggregate.claims[0].source_id
        agg = AggregateClaim(
            index=index(source_id),
            sentence=Quote(0, len(aggregate.statement), aggregate.statement),
            text=aggregate.statement,
            **aggregate.tally(),
            strikes_stated=aggregate.strikes_low or aggregate.strikes_high,
            covers_incidents=aggregate.incident_ids,
        )
        aggregates.append((source_id, agg))
    from geo.extraction.distances import checked_distance

    checks: list[tuple[str, DistanceCheck]] = []
    per_source: dict[str, int] = {}
    for told in dataset.distance_claims:
        per_source[told.source_id] = per_source.get(told.source_id, -1) + 1
        check = checked_distance(
            index=per_source[told.source_id],
            sentence=Quote(0, len(told.statement), told.statement),
            text=told.text,
            place=(told.place_name, told.place_lat, told.place_lon),
            anchor=(told.anchor_name, told.anchor_lat, told.anchor_lon),
            stated_km=told.stated_km,
            direction=told.stated_direction,
        )
        checks.append((told.source_id, check))
    return Seeding(articles, tuple(incidents), tuple(aggregates), tuple(checks))


# --- the store ------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _who() -> str:
    return os.environ.get("STRIKEMAP_USER") or os.environ.get("USER") or "analyst"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "unplaced"


class IncidentStore:
    """An open incident database. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool = False) -> None:
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self._writes = 0  # transactions ended (committed or not) through this store
        self._stored_links: _StoredLinks | None = None  # see _links_for_ingest

    @property
    def _what(self) -> str:
        return f"the incident database {str(self.path)!r}"

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        seed: bool | None = None,
        readonly: bool = False,
        create: bool = True,
    ) -> IncidentStore:
        """Open (creating and migrating as needed) the database at ``path``.

        Parameters
        ----------
        path
            The database file; default :func:`default_db_path`.
        seed
            Seed a newly created database with the curated dataset. Default: only the
            default database is seeded.
        readonly
            The caller only reads: an existing, current database is opened read-only, so
            that a read-only file, folder or file system can still be read. A database that
            does not exist yet, or needs migrating, is opened for writing as usual.
        create
            Create the database if ``path`` names no file. False for commands that only
            read or correct an existing database, so that a mistyped path is an error
            rather than a new, empty database.

        Raises
        ------
        StoreError
            If the file is not a strikemap database, is from a newer strikemap, or cannot be
            opened.
        ReadOnlyDatabaseError
            If the database must be written (created, migrated, changed) but it or its
            folder is read-only.
        DatabaseFileError
            If SQLite cannot use the file (damaged, locked, disk full).
        """
        target = Path(path).expanduser() if path is not None else default_db_path()
        if seed is None:
            seed = path is None
        if target.is_dir():
            raise StoreError(f"{target} is a folder, not a database file")
        if not create and not target.exists():
            raise StoreError(f"no incident database at {target}")
        why = ""
        if readonly and target.is_file():
            store = cls(_read_only_connection(target), target, readonly=True)
            try:
                version = store._check_kind()
            except BaseException:
                store.close()
                raise
            if version == SCHEMA_VERSION:
                return store
            store.close()
            why = f" (it has schema version {version} and must be upgraded to {SCHEMA_VERSION})"
        _refuse_read_only(target, why)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the incident database {target}: {exc}") from None
        store = cls(conn, target)
        try:
            store._prepare(seed)
        except BaseException:
            conn.close()
            raise
        return store

    def _check_kind(self) -> int:
        """The schema version, after checking that the file is ours and not from the future."""
        conn = self._conn
        try:
            # one statement, so one snapshot: a creator may commit between two statements
            app_id, version, tables = conn.execute(
                "SELECT (SELECT application_id FROM pragma_application_id), "
                "(SELECT user_version FROM pragma_user_version), "
                "(SELECT count(*) FROM sqlite_master)"
            ).fetchone()
        except sqlite3.Error as exc:
            raise _opening_error(exc, self.path) from None
        if app_id != APPLICATION_ID and (tables or version):
            raise StoreError(f"{self.path} is not a strikemap incident database")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this strikemap "
                f"understands ({SCHEMA_VERSION}); upgrade strikemap to open it"
            )
        return int(version)

    @_faults
    def _prepare(self, seed: bool) -> None:
        """Create or migrate the schema (and seed a new database) in one write transaction.

        The version is read again inside the transaction: of several processes opening one
        new database at once, exactly one creates it and the others find it created.
        """
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = ON")
        current = self._check_kind() == SCHEMA_VERSION
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        if current:
            return
        dataset = None
        if seed:
            from geo.io.dataset import load_default_dataset

            dataset = load_default_dataset()
        with self._transaction():
            version = self._check_kind()
            if version == SCHEMA_VERSION:  # another process created or migrated it meanwhile
                return
            try:
                for script in MIGRATIONS[version:]:
                    for statement in _statements(script):
                        conn.execute(statement)
            except sqlite3.Error as exc:
                if database_file_error(exc, self._what, repair=_REPAIR) is not None:
                    raise
                raise StoreError(
                    f"cannot upgrade {self.path} from schema version {version} to "
                    f"{SCHEMA_VERSION} ({exc}); it is left as it was"
                ) from None
            if 0 < version < 3:
                _backfill_curated(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if version == 0 and dataset is not None:
                self._seed(conn, dataset)

    @property
    @_faults
    def schema_version(self) -> int:
        """The database's schema version."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self._stored_links = None
        self._conn.close()

    def __enter__(self) -> IncidentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            raise StoreError(
                f"{self._what} was opened read-only; open it with readonly=False to change it"
            )
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back (a full disk does): a second rollback
            # would fail and hide the error that matters.
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
        finally:
            self._writes += 1

    # --- ingest -----------------------------------------------------------------------------

    def has_article(self, article: Article) -> int | None:
        """The id of this article if it is already stored."""
        return self.has_hash(article.hash)

    @_faults
    def has_hash(self, key: str) -> int | None:
        """The id of the article whose text has this content hash, if it is stored."""
        row = self._conn.execute("SELECT id FROM articles WHERE hash = ?", [key]).fetchone()
        return None if row is None else int(row[0])

    @_faults
    def ingest(
        self,
        article: Article,
        *,
        path: str = "",
        gazetteer: Gazetteer | None = None,
        extract: Callable[[Article, Gazetteer | None], Extraction] | None = None,
    ) -> IngestResult:
        """Extract the article's claims and link them into incidents, in one transaction.

        An article already stored (same text) adds nothing: ``added`` is false. ``extract``
        replaces :func:`geo.extraction.extract.extract_article` (the extraction
        ``strikemap batch`` makes too), called with the article and ``gazetteer``.

        The claims are linked as :meth:`ingest_extracted` links (a
        :class:`~geo.store.linking.Linker`) against the stored incidents within two days of
        them. Those are read once per range of days and kept for the next call, while
        nothing else changes the database: ingesting many articles reads each day's
        incidents once, not once per article (see :meth:`_links_for_ingest`). The store
        keeps them until it is closed.

        Raises
        ------
        DataError
            If the article cannot be read as a report (see
            :func:`geo.extraction.extract.extract_claims`).
        """
        known = self.has_article(article)
        if known is not None:
            return IngestResult(known, added=False)
        if extract is None:
            from geo.extraction.extract import extract_article

            extract = extract_article
        extraction = extract(article, gazetteer)
        with self._transaction() as conn:
            if self.has_article(article) is not None:  # another process won the race
                return IngestResult(self.has_article(article) or 0, added=False)
            links = self._links_for_ingest(conn)
            self._stored_links = None  # until this transaction is committed
            days = [d for c in extraction.claims for d in (c.date_start, c.date_end)]
            if days:
                links.load(conn, min(days), max(days))
            touched: set[str] = set()
            result = self._store_extracted(conn, article, extraction, path, links.linker, touched)
            self._write_dates(conn, links.linker, touched)
        links.writes, self._stored_links = self._writes, links
        return result

    def _links_for_ingest(self, conn: sqlite3.Connection) -> _StoredLinks:
        """The stored incidents already loaded for :meth:`ingest`, if still as stored.

        Kept between calls, so that ingesting many articles reads each day's incidents
        once, not once per article; dropped when anything else changed the database (this
        store's other methods, or another connection: ``PRAGMA data_version``).
        """
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        links = self._stored_links
        if links is None or links.writes != self._writes or links.data_version != version:
            links = _StoredLinks(self, version)
        return links

    def _write_dates(self, conn: sqlite3.Connection, linker: Linker, touched: set[str]) -> None:
        """Store the dates the linker derived for the incidents that gained claims."""
        for incident_id in sorted(touched):
            eff = linker.summary(incident_id)
            conn.execute(
                "UPDATE incidents SET date_start = ?, date_end = ? WHERE id = ?",
                [eff.date_start.isoformat(), eff.date_end.isoformat(), incident_id],
            )

    def _insert_article(
        self,
        conn: sqlite3.Connection,
        article: Article,
        path: str,
        origin: ArticleOrigin,
        key: str = "",
        *,
        source_id: str = "",
        published_precision: DatePrecision = DatePrecision.DAY,
        note: str = "",
    ) -> int:
        """Store an article; a curated one with its source's id, date precision and note."""
        cur = conn.execute(
            "INSERT INTO articles (hash, outlet, url, title, published, path, origin, text, "
            "ingested_at, source_id, published_precision, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                key or article.hash,
                article.outlet or "unknown outlet",
                article.url,
                article.title,
                article.published.isoformat(),
                path,
                ArticleOrigin(origin).value,
                article.text,
                _now(),
                source_id,
                published_precision.value,
                note,
            ],
        )
        return int(cur.lastrowid or 0)

    @_faults
    def ingest_extracted(
        self,
        items: Iterable[ExtractedArticle],
        *,
        window: tuple[dt.date, dt.date] | None = None,
        on_article: Callable[[ExtractedArticle, IngestResult], None] | None = None,
    ) -> list[IngestResult]:
        """Store articles already extracted and link all their claims in one pass.

        The articles are linked in the order given, each against the incidents as the
        articles before it left them: the incidents, their ids and the claims' links are the
        same as :meth:`ingest` gives article by article in that order. But the incidents
        stay in memory (a :class:`~geo.store.linking.Linker`, indexed by date and place), so
        linking n claims costs about O(n) (see the linker), not a database read of every
        incident of each article's days. The stored incidents within two days of the
        articles' claims (with their corrections) are read first; an article already stored
        adds nothing.

        Everything is written in one transaction: a kill leaves the database as it was.

        Parameters
        ----------
        items
            The articles with their extractions, in order. With ``window``, they are read
            once, as they come (a generator keeps only one article in memory at a time).
        window
            The first and last day of the articles' claims (to read the stored incidents
            they may join); default: found by reading ``items`` first.
        on_article
            Called with each article and what storing it did.
        """
        results: list[IngestResult] = []
        if window is None:
            items = items if isinstance(items, Sequence) else list(items)
            days = [
                d for it in items for c in it.extraction.claims for d in (c.date_start, c.date_end)
            ]
            window = (min(days), max(days)) if days else None
        with self._transaction() as conn, bulk_linking():
            links = _StoredLinks(self)
            if window is not None:
                links.load(conn, *window)
            linker = links.linker
            touched: set[str] = set()
            for item in items:
                known = self.has_article(item.article)
                if known is not None:
                    result = IngestResult(known, added=False)
                else:
                    result = self._store_extracted(
                        conn, item.article, item.extraction, item.path, linker, touched
                    )
                results.append(result)
                if on_article is not None:
                    on_article(item, result)
            self._write_dates(conn, linker, touched)
        return results

    def _store_extracted(
        self,
        conn: sqlite3.Connection,
        article: Article,
        extraction: Extraction,
        path: str,
        linker: Linker,
        touched: set[str],
    ) -> IngestResult:
        """Insert one extracted article and link its claims with ``linker``.

        ``linker`` holds the stored incidents of the claims' days (see :class:`_StoredLinks`)
        and is left holding the claims; ``touched`` gains the incidents they went to, whose
        dates the caller stores (:meth:`_write_dates`).
        """
        article_id = self._insert_article(conn, article, path, ArticleOrigin.INGEST)
        result = IngestResult(article_id, added=True)
        live: list[LinkedClaim] = []
        stored: list[tuple[ClaimOrder, LinkedClaim]] = []
        for claim in extraction.claims:
            data = claim.as_dict()
            cur = conn.execute(
                "INSERT INTO claims (article_id, idx, kind, data) VALUES (?, ?, 'event', ?)",
                [article_id, claim.index, json.dumps(data)],
            )
            claim_id = int(cur.lastrowid or 0)
            # scored as extracted (as ingest does), kept as stored (as ingest reads it back),
            # less its quotes, which linking never reads
            live.append(
                LinkedClaim(
                    claim_id, article_id, article.outlet, claim, published=article.published
                )
            )
            kept = replace(Claim.from_dict(json.loads(json.dumps(data))), sentences=())
            order = (article.published, article_id, claim.index)
            stored.append(
                (
                    order,
                    LinkedClaim(
                        claim_id, article_id, article.outlet, kept, published=article.published
                    ),
                )
            )
        for agg in extraction.aggregates:
            conn.execute(
                "INSERT INTO claims (article_id, idx, kind, data) VALUES (?, ?, 'aggregate', ?)",
                [article_id, agg.index, json.dumps(agg.as_dict())],
            )
        for check in extraction.distances:
            conn.execute(
                "INSERT INTO distance_checks (article_id, idx, data) VALUES (?, ?, ?)",
                [article_id, check.index, json.dumps(check.as_dict())],
            )
        result.claims = len(live)
        result.aggregates = len(extraction.aggregates)
        assigned = linker.link(live)
        for n, linked in enumerate(live):
            incident_id = self._settle(conn, result, assigned.get(n), linked.claim, linked.claim_id)
            linker.attach(incident_id, *stored[n])
            touched.add(incident_id)
        return result

    def _settle(
        self,
        conn: sqlite3.Connection,
        result: IngestResult,
        incident_id: str | None,
        claim: Claim,
        claim_id: int,
    ) -> str:
        """File a stored claim under the incident linking chose, or a new one (``None``)."""
        if incident_id is None:
            incident_id = self._new_incident(conn, claim)
            result.incidents_new.append(incident_id)
        else:
            result.incidents_updated.append(incident_id)
        conn.execute("UPDATE claims SET incident_id = ? WHERE id = ?", [incident_id, claim_id])
        return incident_id

    def _new_incident(self, conn: sqlite3.Connection, claim: Claim) -> str:
        country = (
            claim.place.country_code.lower() if claim.place and claim.place.country_code else "xx"
        )
        where = _slug(claim.place.name) if claim.place else "unplaced"
        base = f"{country}-{claim.date_start.isoformat()}-{where}"
        incident_id = base
        if conn.execute("SELECT 1 FROM incidents WHERE id = ?", [base]).fetchone():
            # One range scan of the primary key for the ids BASE-N ('.' sorts right after
            # '-'), not one probe per taken number: many strikes can share a day and place.
            taken = {
                int(tail)
                for (row_id,) in conn.execute(
                    "SELECT id FROM incidents WHERE id > ? AND id < ?", [f"{base}-", f"{base}."]
                )
                if (tail := row_id[len(base) + 1 :]).isdigit()
            }
            n = 2
            while n in taken:
                n += 1
            incident_id = f"{base}-{n}"
        conn.execute(
            "INSERT INTO incidents (id, created_at, date_start, date_end) VALUES (?, ?, ?, ?)",
            [incident_id, _now(), claim.date_start.isoformat(), claim.date_end.isoformat()],
        )
        return incident_id

    def _refresh(self, conn: sqlite3.Connection, incident_id: str) -> None:
        linked = self._incident_claims(incident_id)
        if not linked:
            return
        eff = self._effective(incident_id, derive(linked))
        conn.execute(
            "UPDATE incidents SET date_start = ?, date_end = ? WHERE id = ?",
            [eff.date_start.isoformat(), eff.date_end.isoformat(), incident_id],
        )

    # --- reading ----------------------------------------------------------------------------

    def _article(self, row: Sequence[Any]) -> StoredArticle:
        return StoredArticle(
            id=int(row[0]),
            hash=row[1],
            outlet=row[2],
            url=row[3],
            title=row[4],
            published=dt.date.fromisoformat(row[5]),
            path=row[6],
            origin=ArticleOrigin(row[7]),
            source_id=row[8],
            published_precision=DatePrecision(row[9]),
            note=row[10],
        )

    _ARTICLE_COLS = (
        "a.id, a.hash, a.outlet, a.url, a.title, a.published, a.path, a.origin, a.source_id, "
        "a.published_precision, a.note"
    )

    @_faults
    def articles(self) -> list[StoredArticle]:
        """Every stored article, in ingest order."""
        rows = self._conn.execute(
            f"SELECT {self._ARTICLE_COLS} FROM articles a ORDER BY a.id"
        ).fetchall()
        return [self._article(r) for r in rows]

    def _claims_where(self, where: str, params: Sequence[Any]) -> list[StoredClaim]:
        rows = self._conn.execute(
            f"SELECT c.id, c.data, {self._ARTICLE_COLS} FROM claims c "
            f"JOIN articles a ON a.id = c.article_id WHERE c.kind = 'event' AND {where} "
            "ORDER BY a.published, a.id, c.idx",
            list(params),
        ).fetchall()
        return [
            StoredClaim(
                id=int(r[0]), article=self._article(r[2:]), claim=Claim.from_dict(json.loads(r[1]))
            )
            for r in rows
        ]

    @_faults
    def claims_of_articles(
        self, hashes: Iterable[str]
    ) -> Iterator[tuple[StoredArticle, int, str | None, Claim]]:
        """The event claims of the articles with these hashes, with the incident each is in.

        ``(article, claim id, incident id, claim)`` by article then claim; the incident is
        the live one (after any merge), ``None`` for a claim split off without one.
        """
        keys = sorted(set(hashes))
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT c.id, c.data, COALESCE(i.merged_into, c.incident_id), "
                f"{self._ARTICLE_COLS} FROM claims c JOIN articles a ON a.id = c.article_id "
                "LEFT JOIN incidents i ON i.id = c.incident_id "
                f"WHERE c.kind = 'event' AND a.hash IN ({marks}) ORDER BY a.id, c.idx",
                chunk,
            ).fetchall()
            for r in rows:
                yield self._article(r[3:]), int(r[0]), r[2], Claim.from_dict(json.loads(r[1]))

    def _incident_claims(self, incident_id: str) -> list[LinkedClaim]:
        return [
            LinkedClaim(
                c.id, c.article.id, c.article.outlet, c.claim, published=c.article.published
            )
            for c in self._claims_where("c.incident_id = ?", [incident_id])
        ]

    def _overrides(self, incident_id: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        row = self._conn.execute(
            "SELECT place_override, date_override FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no incident {incident_id!r} in {self.path}")
        return (
            None if row[0] is None else json.loads(row[0]),
            None if row[1] is None else json.loads(row[1]),
        )

    def _effective(
        self,
        incident_id: str,
        derived: Derived,
        overrides: tuple[dict[str, Any] | None, dict[str, Any] | None] | None = None,
        *,
        known: tuple[str | None, Sequence[LinkedClaim]] | None = None,
    ) -> Derived:
        """The derived incident with the place and date an analyst (or a seed) set.

        ``known`` is the incident's review verdict and its linked claims when the caller has
        read them already (:meth:`incidents` reads every incident's at once).
        """
        place_o, date_o = overrides or self._overrides(incident_id)
        changes: dict[str, Any] = {}
        if known is None:
            row = self._conn.execute(
                "SELECT review FROM incidents WHERE id = ?", [incident_id]
            ).fetchone()
            review = None if row is None else row[0]
        else:
            review = known[0]
        if review == "rejected":
            changes["status"] = IncidentStatus.REJECTED
        elif review == "accepted":
            if derived.status is IncidentStatus.CANDIDATE:  # its sourcing, as if confident
                linked = self._incident_claims(incident_id) if known is None else known[1]
                articles = {c.article_id for c in linked}
                changes["status"] = (
                    IncidentStatus.SINGLE_SOURCE
                    if len(articles) <= 1
                    else IncidentStatus.CONTESTED
                    if derived.conflicts
                    else IncidentStatus.CORROBORATED
                )
        if place_o is not None:
            changes["place"] = ClaimedPlace.from_dict(place_o)
        if date_o is not None:
            changes["date_start"] = dt.date.fromisoformat(date_o["start"])
            changes["date_end"] = dt.date.fromisoformat(date_o["end"])
            changes["date_precision"] = DatePrecision(date_o["precision"])
        return replace(derived, **changes)

    @_faults
    def incident(self, incident_id: str) -> StoredIncident:
        """One incident by id (a merged-away id gives the incident it was merged into).

        Raises
        ------
        StoreError
            If there is no such incident.
        """
        row = self._conn.execute(
            "SELECT merged_into, notes, review FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no incident {incident_id!r} in {self.path}")
        if row[0] is not None:
            return self.incident(row[0])
        claims = self._claims_where("c.incident_id = ?", [incident_id])
        linked = [
            LinkedClaim(
                c.id, c.article.id, c.article.outlet, c.claim, published=c.article.published
            )
            for c in claims
        ]
        if not linked:
            raise StoreError(f"incident {incident_id!r} has no claims left")
        place_o, date_o = self._overrides(incident_id)
        eff = self._effective(incident_id, derive(linked), (place_o, date_o))
        actions = {  # an analyst's corrections, not the curated values a seed sets
            r[0]
            for r in self._conn.execute(
                "SELECT action FROM audit WHERE incident_id = ?", [incident_id]
            )
        }
        corrected = tuple(
            name
            for name, value, action in (("place", place_o, "re-place"), ("date", date_o, "re-date"))
            if value is not None and action in actions
        )
        return StoredIncident.from_derived(
            eff,
            id=incident_id,
            claims=tuple(claims),
            corrected=corrected,
            notes=row[1],
            review=None if row[2] is None else Review(row[2]),
        )

    @_faults
    def incidents(self) -> list[StoredIncident]:
        """Every live incident (not merged away, with claims), by date then id.

        Three queries in all, whatever the number of incidents (the incidents, every event
        claim with its article, the analysts' corrections), not several per incident: the
        same records as :meth:`incident` gives one by one, about ten times faster.
        """
        rows = self._conn.execute(
            "SELECT i.id, i.notes, i.place_override, i.date_override, i.review FROM incidents i "
            "WHERE i.merged_into IS NULL AND EXISTS "
            "(SELECT 1 FROM claims c WHERE c.incident_id = i.id) ORDER BY i.date_start, i.id"
        ).fetchall()
        claims: dict[str, list[StoredClaim]] = {}
        articles: dict[int, StoredArticle] = {}
        for r in self._conn.execute(
            f"SELECT c.incident_id, c.id, c.data, {self._ARTICLE_COLS} FROM claims c "
            "JOIN articles a ON a.id = c.article_id JOIN incidents i ON i.id = c.incident_id "
            "WHERE c.kind = 'event' AND i.merged_into IS NULL "
            "ORDER BY a.published, a.id, c.idx"
        ):
            article = articles.get(int(r[3]))
            if article is None:
                article = articles[int(r[3])] = self._article(r[3:])
            claims.setdefault(r[0], []).append(
                StoredClaim(id=int(r[1]), article=article, claim=Claim.from_dict(json.loads(r[2])))
            )
        actions: dict[str, set[str]] = {}
        for incident_id, action in self._conn.execute(
            "SELECT DISTINCT incident_id, action FROM audit WHERE action IN ('re-place', 're-date')"
        ):
            actions.setdefault(incident_id, set()).add(action)
        out = []
        for incident_id, notes, place_json, date_json, review in rows:
            stored = claims[incident_id]
            linked = [
                LinkedClaim(
                    c.id, c.article.id, c.article.outlet, c.claim, published=c.article.published
                )
                for c in stored
            ]
            place_o = None if place_json is None else json.loads(place_json)
            date_o = None if date_json is None else json.loads(date_json)
            eff = self._effective(
                incident_id, derive(linked), (place_o, date_o), known=(review, linked)
            )
            done = actions.get(incident_id, set())
            corrected = tuple(
                name
                for name, value, action in (
                    ("place", place_o, "re-place"),
                    ("date", date_o, "re-date"),
                )
                if value is not None and action in done
            )
            out.append(
                StoredIncident.from_derived(
                    eff,
                    id=incident_id,
                    claims=tuple(stored),
                    corrected=corrected,
                    notes=notes,
                    review=None if review is None else Review(review),
                )
            )
        return out

    @_faults
    def article_text(self, article_id: int) -> str:
        """The stored text of an article ('' for one imported from a file, which has none).

        Raises
        ------
        StoreError
            If there is no such article.
        """
        row = self._conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise StoreError(f"no article {article_id!r} in {self.path}")
        return str(row[0])

    @_faults
    def article_claims(self, article_id: int) -> list[StoredClaim]:
        """An article's event claims, in the order it tells them."""
        return self._claims_where("c.article_id = ?", [article_id])

    @_faults
    def incident_ids_between(self, start: dt.date, end: dt.date) -> list[str]:
        """The live incidents (not merged away, with claims) whose dates meet ``start..end``.

        By date, then id. The dates are the incident's as shown (an analyst's correction
        included), as :meth:`incidents` gives them.
        """
        rows = self._conn.execute(
            "SELECT i.id FROM incidents i WHERE i.merged_into IS NULL AND i.date_start <= ? "
            "AND i.date_end >= ? AND EXISTS (SELECT 1 FROM claims c WHERE c.incident_id = i.id) "
            "ORDER BY i.date_start, i.id",
            [end.isoformat(), start.isoformat()],
        ).fetchall()
        return [r[0] for r in rows]

    @_faults
    def aggregates(self) -> list[StoredAggregate]:
        """Every aggregate statement, in article order."""
        rows = self._conn.execute(
            f"SELECT c.id, c.data, {self._ARTICLE_COLS} FROM claims c "
            "JOIN articles a ON a.id = c.article_id WHERE c.kind = 'aggregate' "
            "ORDER BY a.id, c.idx"
        ).fetchall()
        out = []
        for r in rows:
            article = self._article(r[2:])
            agg = AggregateClaim.from_dict(json.loads(r[1]))
            covered: list[str] = [self._survivor(i) for i in agg.covers_incidents]
            if agg.covers_claims and not covered:
                marks = ",".join("?" * len(agg.covers_claims))
                found = self._conn.execute(
                    "SELECT c.incident_id FROM claims c WHERE c.kind = 'event' AND "
                    f"c.article_id = ? AND c.idx IN ({marks}) ORDER BY c.idx",
                    [article.id, *agg.covers_claims],
                ).fetchall()
                covered = [self._survivor(f[0]) for f in found if f[0] is not None]
            out.append(
                StoredAggregate(
                    aggregate=agg,
                    id=int(r[0]),
                    article=article,
                    covers_incidents=tuple(covered),
                    check=self._check_aggregate(agg, covered),
                )
            )
        return out

    def _survivor(self, incident_id: str) -> str:
        row = self._conn.execute(
            "SELECT merged_into FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        return incident_id if row is None or row[0] is None else self._survivor(row[0])

    def _check_aggregate(self, agg: AggregateClaim, covered: Sequence[str]) -> str:
        """Compare a tally with the incidents it covers ("43 killed; they sum to 43")."""
        if not covered:
            return "covers no incident stored individually"
        incidents = [self.incident(i) for i in dict.fromkeys(covered)]
        notes = []
        strikes = agg.strikes_stated
        if strikes is not None and strikes != len(incidents):
            notes.append(f"says {strikes} strikes, {len(incidents)} stored")
        if agg.fatalities_low is not None:
            known = [i.fatalities for i in incidents if i.fatalities is not None]
            if len(known) < len(incidents):
                notes.append("some covered incidents have no toll")
            else:
                low = sum(f.low for f in known)
                high = sum(f.high for f in known)
                best = sum(f.best for f in known)
                stated = agg.fatalities_low
                span = f"{low}" if low == high else f"{low}-{high}"
                if low <= stated <= high:
                    notes.append(f"{stated} killed; the incidents sum to {span}: consistent")
                else:
                    notes.append(
                        f"{stated} killed but the incidents sum to {span} "
                        f"(best {best}): differs by {abs(stated - best)}"
                    )
        return "; ".join(notes) or f"covers {len(incidents)} incidents: consistent"

    @_faults
    def distance_checks(self) -> list[tuple[StoredArticle, DistanceCheck]]:
        """Every distance a report stated between two places, with its check."""
        rows = self._conn.execute(
            f"SELECT d.data, {self._ARTICLE_COLS} FROM distance_checks d "
            "JOIN articles a ON a.id = d.article_id ORDER BY a.id, d.idx"
        ).fetchall()
        return [(self._article(r[1:]), DistanceCheck.from_dict(json.loads(r[0]))) for r in rows]

    @_faults
    def audit(self, incident_id: str | None = None) -> list[AuditEntry]:
        """The audit trail, oldest first (of one incident when ``incident_id`` is given)."""
        sql = "SELECT id, at, who, action, incident_id, what, previous, why FROM audit"
        params: list[Any] = []
        if incident_id is not None:
            sql += " WHERE incident_id = ?"
            params.append(incident_id)
        rows = self._conn.execute(sql + " ORDER BY id", params).fetchall()
        return [
            AuditEntry(
                int(r[0]),
                r[1],
                r[2],
                r[3],
                r[4],
                json.loads(r[5]),
                None if r[6] is None else json.loads(r[6]),
                r[7],
            )
            for r in rows
        ]

    # --- analyst corrections ----------------------------------------------------------------

    def _record(
        self,
        conn: sqlite3.Connection,
        action: str,
        incident_id: str | None,
        what: Any,
        previous: Any,
        why: str,
        who: str | None,
    ) -> None:
        conn.execute(
            "INSERT INTO audit (at, who, action, incident_id, what, previous, why) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                _now(),
                who or _who(),
                action,
                incident_id,
                json.dumps(what),
                None if previous is None else json.dumps(previous),
                why,
            ],
        )

    def _live(self, incident_id: str) -> StoredIncident:
        row = self._conn.execute(
            "SELECT merged_into FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no incident {incident_id!r} in {self.path}")
        if row[0] is not None:
            raise StoreError(f"incident {incident_id!r} was merged into {row[0]!r}")
        return self.incident(incident_id)

    @staticmethod
    def _need_why(why: str) -> str:
        if not isinstance(why, str) or not why.strip():
            raise StoreError("say why: every correction needs a reason")
        return why.strip()

    @_faults
    def merge(self, keep: str, other: str, *, why: str, who: str | None = None) -> StoredIncident:
        """Move every claim of ``other`` into ``keep``; ``other`` is kept as merged into it."""
        why = self._need_why(why)
        if keep == other:
            raise StoreError(f"cannot merge incident {keep!r} with itself")
        self._live(keep)
        moved = [c.id for c in self._live(other).claims]
        with self._transaction() as conn:
            conn.execute("UPDATE claims SET incident_id = ? WHERE incident_id = ?", [keep, other])
            conn.execute("UPDATE incidents SET merged_into = ? WHERE id = ?", [keep, other])
            self._record(conn, "merge", keep, {"merged": other, "claims": moved}, None, why, who)
            self._record(conn, "merged-into", other, {"into": keep}, {"claims": moved}, why, who)
            self._refresh(conn, keep)
        return self.incident(keep)

    @_faults
    def split(
        self, incident_id: str, claim_ids: Iterable[int], *, why: str, who: str | None = None
    ) -> StoredIncident:
        """Move the given claims out of an incident into a new one; returns the new incident."""
        why = self._need_why(why)
        current = self._live(incident_id)
        wanted = sorted(set(claim_ids))
        have = {c.id for c in current.claims}
        missing = [c for c in wanted if c not in have]
        if missing:
            raise StoreError(f"incident {incident_id!r} has no claim {missing[0]}")
        if not wanted or len(wanted) == len(have):
            raise StoreError("a split must leave at least one claim on each side")
        first = next(c.claim for c in current.claims if c.id == wanted[0])
        with self._transaction() as conn:
            new_id = self._new_incident(conn, first)
            conn.executemany(
                "UPDATE claims SET incident_id = ? WHERE id = ?", [(new_id, c) for c in wanted]
            )
            self._record(
                conn,
                "split",
                incident_id,
                {"into": new_id, "claims": wanted},
                {"claims": sorted(have)},
                why,
                who,
            )
            self._record(
                conn, "split-from", new_id, {"from": incident_id, "claims": wanted}, None, why, who
            )
            self._refresh(conn, incident_id)
            self._refresh(conn, new_id)
        return self.incident(new_id)

    @_faults
    def replace(
        self, incident_id: str, place: ClaimedPlace, *, why: str, who: str | None = None
    ) -> StoredIncident:
        """Set the incident's place (an analyst's correction; later claims do not change it).

        The name is stripped and must not be blank. A place given without a country gets
        the country whose outline contains its point (see
        :func:`gazetteer.search.country_code_at`), so that it stays on maps and exports.

        Raises
        ------
        InvalidQueryError
            If the name is blank, the country code is malformed, or no country is given and
            the point lies in none (at sea).
        """
        why = self._need_why(why)
        place = checked_place(place)
        current = self._live(incident_id)
        previous = None if current.place is None else current.place.as_dict()
        with self._transaction() as conn:
            conn.execute(
                "UPDATE incidents SET place_override = ? WHERE id = ?",
                [json.dumps(place.as_dict()), incident_id],
            )
            self._record(conn, "re-place", incident_id, place.as_dict(), previous, why, who)
        return self.incident(incident_id)

    @_faults
    def redate(
        self,
        incident_id: str,
        start: dt.date,
        end: dt.date | None = None,
        precision: DatePrecision = DatePrecision.DAY,
        *,
        why: str,
        who: str | None = None,
    ) -> StoredIncident:
        """Set the incident's date range and precision (an analyst's correction)."""
        why = self._need_why(why)
        end = end or start
        if end < start:
            raise StoreError(f"the end date {end} is before the start date {start}")
        current = self._live(incident_id)
        value = {"start": start.isoformat(), "end": end.isoformat(), "precision": precision.value}
        previous = {
            "start": current.date_start.isoformat(),
            "end": current.date_end.isoformat(),
            "precision": current.date_precision.value,
        }
        with self._transaction() as conn:
            conn.execute(
                "UPDATE incidents SET date_override = ? WHERE id = ?",
                [json.dumps(value), incident_id],
            )
            self._record(conn, "re-date", incident_id, value, previous, why, who)
            self._refresh(conn, incident_id)
        return self.incident(incident_id)

    @_faults
    def review(
        self, incident_id: str, verdict: str, *, why: str, who: str | None = None
    ) -> StoredIncident:
        """Accept (``"accept"``) or reject (``"reject"``) an incident: an audited correction.

        An accepted candidate takes its sourcing status (single source, corroborated or
        contested) and is shown on maps and in exports; a rejected incident is kept, with its
        claims, and shown only when asked for (status ``rejected``). Re-ingesting never
        undoes either.

        Raises
        ------
        StoreError
            If the verdict is neither, the reason is blank or there is no such incident.
        """
        why = self._need_why(why)
        values = {"accept": "accepted", "reject": "rejected"}
        if verdict not in values:
            raise StoreError(f"a verdict is 'accept' or 'reject', got {verdict!r}")
        current = self._live(incident_id)
        with self._transaction() as conn:
            conn.execute(
                "UPDATE incidents SET review = ? WHERE id = ?", [values[verdict], incident_id]
            )
            self._record(
                conn,
                verdict,
                incident_id,
                {"review": values[verdict], "confidence": current.confidence},
                {"status": current.status.value},
                why,
                who,
            )
        return self.incident(incident_id)

    @_faults
    def rescore_claims(
        self, scored: Mapping[int, Claim], *, why: str, who: str | None = None
    ) -> dict[str, tuple[float, float]]:
        """Store new confidences for stored event claims, in one transaction, audited.

        ``scored`` maps a claim id to the claim with its new confidence and reasons; nothing
        else of a claim may differ. One ``rescore`` audit entry (no incident) keeps every
        changed claim's previous confidence and reasons, and each incident whose confidence
        changed gets its own entry with the previous and new confidence and status.

        Returns
        -------
        dict
            Incident id -> (previous confidence, new confidence), for those that changed.

        Raises
        ------
        StoreError
            If a claim id is not a stored event claim, or a new claim differs in more than
            its confidence and reasons; nothing is written then.
        """
        why = self._need_why(why)
        stored = (
            {
                c.id: c
                for c in self._claims_where(
                    f"c.id IN ({','.join('?' * len(scored))})", list(scored)
                )
            }
            if scored
            else {}
        )
        changed: dict[int, Claim] = {}
        for claim_id, new in scored.items():
            old = stored.get(claim_id)
            if old is None:
                raise StoreError(f"no event claim {claim_id!r} in {self.path}")
            if replace(new, confidence=0.0, reasons=()) != replace(
                old.claim, confidence=0.0, reasons=()
            ):
                raise StoreError(
                    f"claim {claim_id}: a rescore may change only the confidence and reasons"
                )
            if (new.confidence, new.reasons) != (old.claim.confidence, old.claim.reasons):
                changed[claim_id] = new
        if not changed:
            return {}
        holders = {
            int(r[0]): r[1]
            for r in self._conn.execute(
                f"SELECT id, incident_id FROM claims WHERE id IN ({','.join('?' * len(changed))})",
                list(changed),
            )
        }
        touched = sorted({holders[c] for c in changed if holders.get(c)})
        live = {i: self._survivor(i) for i in touched}
        before = {i: self.incident(i) for i in dict.fromkeys(live.values())}
        with self._transaction() as conn:
            conn.executemany(
                "UPDATE claims SET data = ? WHERE id = ?",
                [(json.dumps(c.as_dict()), claim_id) for claim_id, c in changed.items()],
            )
            previous = {
                str(claim_id): {
                    "confidence": stored[claim_id].claim.confidence,
                    "reasons": list(stored[claim_id].claim.reasons),
                }
                for claim_id in changed
            }
            what = {"claims": {str(i): c.confidence for i, c in changed.items()}}
            self._record(conn, "rescore", None, what, previous, why, who)
            out: dict[str, tuple[float, float]] = {}
            for incident_id, was in before.items():
                linked = self._incident_claims(incident_id)
                new_incident = self._effective(incident_id, derive(linked))
                if new_incident.confidence == was.confidence:
                    continue
                out[incident_id] = (was.confidence, new_incident.confidence)
                self._record(
                    conn,
                    "rescore",
                    incident_id,
                    {"confidence": new_incident.confidence, "status": new_incident.status.value},
                    {"confidence": was.confidence, "status": was.status.value},
                    why,
                    who,
                )
        return out

    # --- seeding ----------------------------------------------------------------------------

    @_faults
    def seed(self, dataset: Dataset) -> int:
        """Store a curated dataset's incidents and aggregates (once); returns incidents added.

        Each curated source becomes an article of origin ``curated`` that keeps the source's
        id, publication date (and its precision) and note; each incident keeps its curated
        id, place (its coordinate source as the place's reason), date and notes (recorded
        as a seeding in the audit trail), so that :meth:`as_dataset` gives the records back.

        Raises
        ------
        DataError
            If an incident or aggregate cites a source whose publication date is not
            recorded: a stored article needs one.
        """
        with self._transaction() as conn:
            return self._seed(conn, dataset)

    @staticmethod
    def _free_source_id(conn: sqlite3.Connection, source_id: str) -> str:
        """``source_id``, or ``""`` (cited as ``article-<id>``) when another article has it."""
        if (
            source_id
            and conn.execute("SELECT 1 FROM articles WHERE source_id = ?", [source_id]).fetchone()
        ):
            return ""
        return source_id

    def _seed(self, conn: sqlite3.Connection, dataset: Dataset) -> int:
        if conn.execute(
            "SELECT 1 FROM articles WHERE hash LIKE ?", [f"curated:{dataset.id}:%"]
        ).fetchone():
            return 0
        plan = seeding(dataset)
        article_ids = {}
        for source_id, stored in plan.articles.items():
            article = Article("", stored.published, stored.outlet, stored.url, stored.title)
            article_ids[source_id] = self._insert_article(
                conn,
                article,
                stored.path,
                stored.origin,
                stored.hash,
                source_id=self._free_source_id(conn, source_id),
                published_precision=stored.published_precision,
                note=stored.note,
            )
        for incident, place, claims in plan.incidents:
            conn.execute(
                "INSERT INTO incidents (id, created_at, place_override, date_override, "
                "date_start, date_end, notes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    incident.id,
                    _now(),
                    json.dumps(place.as_dict()),
                    json.dumps(
                        {
                            "start": incident.date_start.isoformat(),
                            "end": incident.date_end.isoformat(),
                            "precision": incident.date_precision.value,
                        }
                    ),
                    incident.date_start.isoformat(),
                    incident.date_end.isoformat(),
                    incident.notes,
                ],
            )
            for source_id, claim in claims:
                conn.execute(
                    "INSERT INTO claims (article_id, idx, kind, incident_id, data) "
                    "VALUES (?, ?, 'event', ?, ?)",
                    [article_ids[source_id], claim.index, incident.id, json.dumps(claim.as_dict())],
                )
            self._record(
                conn,
                "seed",
                incident.id,
                {"dataset": dataset.id},
                None,
                "curated dataset seeded into a new database",
                "strikemap",
            )
        for source_id, agg in plan.aggregates:
            conn.execute(
                "INSERT INTO claims (article_id, idx, kind, data) VALUES (?, ?, 'aggregate', ?)",
                [article_ids[source_id], agg.index, json.dumps(agg.as_dict())],
            )
        for source_id, check in plan.distance_checks:
            conn.execute(
                "INSERT INTO distance_checks (article_id, idx, data) VALUES (?, ?, ?)",
                [article_ids[source_id], check.index, json.dumps(check.as_dict())],
            )
        return len(dataset.incidents)

    # --- importing --------------------------------------------------------------------------

    @_faults
    def import_incidents(
        self,
        incidents: Sequence[StoredIncident],
        *,
        articles: Sequence[StoredArticle] = (),
        path: str = "",
        who: str | None = None,
    ) -> ImportResult:
        """Store incidents read from a file (an export of ours, ACLED), in one transaction.

        * Articles are known by their hash: one already stored is reused; a new one is stored
          (without text) in the order of ``articles``, then as the incidents first cite it.
        * An incident whose claims are all stored already adds nothing (``known``), so
          importing a file twice adds nothing; one with some of its claims stored gets the
          others added to the incident that holds those (``updated``).
        * A new incident keeps its id, or gets a numbered suffix if the id is taken
          (``renamed``). Its place and date are stored as set values where they differ from
          what its claims give; the rest is derived from the claims, as for ingested
          articles. Imported incidents are not linked with stored ones (see :meth:`merge`).
        * Each new or updated incident gets an audit entry (action ``import``).
        """
        result = ImportResult()
        with self._transaction() as conn:
            article_ids: dict[str, int] = {}
            cited = [c.article for i in incidents for c in i.claims]
            for article in (*articles, *cited):
                if article.hash in article_ids:
                    continue
                row = conn.execute(
                    "SELECT id FROM articles WHERE hash = ?", [article.hash]
                ).fetchone()
                if row is None:
                    text = Article(
                        "", article.published, article.outlet, article.url, article.title
                    )
                    row = (
                        self._insert_article(
                            conn,
                            text,
                            path,
                            article.origin,
                            article.hash,
                            source_id=self._free_source_id(conn, article.source_id),
                            published_precision=article.published_precision,
                            note=article.note,
                        ),
                    )
                    result.articles += 1
                article_ids[article.hash] = int(row[0])
            for incident in incidents:
                holders = [
                    self._stored_claim(conn, article_ids[c.article.hash], c.claim)
                    for c in incident.claims
                ]
                missing = [c for c, h in zip(incident.claims, holders, strict=True) if h is None]
                if not missing:
                    result.known.append(incident.id)
                    continue
                target = next((h for h in holders if h is not None), None)
                if target is None:
                    target, n = incident.id, 1
                    while conn.execute("SELECT 1 FROM incidents WHERE id = ?", [target]).fetchone():
                        n += 1
                        target = f"{incident.id}-{n}"
                    if target != incident.id:
                        result.renamed[incident.id] = target
                    conn.execute(
                        "INSERT INTO incidents (id, created_at, date_start, date_end, notes) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [
                            target,
                            _now(),
                            incident.date_start.isoformat(),
                            incident.date_end.isoformat(),
                            incident.notes,
                        ],
                    )
                    result.added.append(target)
                else:
                    result.updated.append(target)
                for c in missing:
                    aid = article_ids[c.article.hash]
                    idx = conn.execute(
                        "SELECT coalesce(max(idx), -1) + 1 FROM claims "
                        "WHERE article_id = ? AND kind = 'event'",
                        [aid],
                    ).fetchone()[0]
                    conn.execute(
                        "INSERT INTO claims (article_id, idx, kind, incident_id, data) "
                        "VALUES (?, ?, 'event', ?, ?)",
                        [aid, idx, target, json.dumps(replace(c.claim, index=idx).as_dict())],
                    )
                    result.claims += 1
                if target in result.added:
                    derived = derive(self._incident_claims(target))
                    if incident.place is not None and (
                        derived.place is None or derived.place.as_dict() != incident.place.as_dict()
                    ):
                        conn.execute(
                            "UPDATE incidents SET place_override = ? WHERE id = ?",
                            [json.dumps(incident.place.as_dict()), target],
                        )
                    dates = (incident.date_start, incident.date_end, incident.date_precision)
                    if (derived.date_start, derived.date_end, derived.date_precision) != dates:
                        value = {
                            "start": incident.date_start.isoformat(),
                            "end": incident.date_end.isoformat(),
                            "precision": incident.date_precision.value,
                        }
                        conn.execute(
                            "UPDATE incidents SET date_override = ? WHERE id = ?",
                            [json.dumps(value), target],
                        )
                what: dict[str, Any] = {"file": path, "id": incident.id, "claims": len(missing)}
                if target in result.added and incident.review is not None:
                    # the file's analyst verdict, kept as the import's (audited here)
                    conn.execute(
                        "UPDATE incidents SET review = ? WHERE id = ?",
                        [Review(incident.review).value, target],
                    )
                    what["review"] = Review(incident.review).value
                why = f"imported from {path}" if path else "imported from a file"
                self._record(conn, "import", target, what, None, why, who)
                self._refresh(conn, target)
        return result

    def _stored_claim(self, conn: sqlite3.Connection, article_id: int, claim: Claim) -> str | None:
        """The incident holding this claim of this article, if it is stored already."""
        wanted = claim.as_dict()
        del wanted["index"]
        for incident_id, data in conn.execute(
            "SELECT incident_id, data FROM claims WHERE article_id = ? AND kind = 'event'",
            [article_id],
        ):
            stored = Claim.from_dict(json.loads(data)).as_dict()
            del stored["index"]
            if stored == wanted and incident_id is not None:
                return self._survivor(incident_id)
        return None

    # --- as a dataset -----------------------------------------------------------------------

    @_faults
    def as_dataset(
        self,
        *,
        sites: Sequence[Site] = (),
        sources: Mapping[str, Source] | None = None,
        title: str = "",
        incidents: Sequence[StoredIncident] | None = None,
        aggregates: Sequence[StoredAggregate] | None = None,
    ) -> DatasetExport:
        """The stored incidents and aggregates as a :class:`~geo.io.dataset.Dataset` (for maps).

        Each incident is :meth:`StoredIncident.to_incident`; its claims cite their articles'
        sources (a curated article by its curated source id and with its publication date's
        real precision). ``sites`` (bases, headquarters) are added as given; the sources they
        cite are the database's curated sources, else those in ``sources``, else a source
        that says its publication date is not recorded. A record that cannot be mapped (an
        incident with no place or no country, an aggregate with no period or no country, a
        record that fails validation) is left out of the dataset and named, with the
        reason, in ``left_out``: nothing is dropped silently.

        ``incidents`` and ``aggregates`` are this store's :meth:`incidents` and
        :meth:`aggregates` when the caller has read them already (reading 100,000 incidents
        takes seconds): they are read here when not given.
        """
        from geo.io.dataset import Dataset

        cited: dict[str, Source] = {}
        left_out: list[LeftOut] = []

        def cite(article: StoredArticle) -> None:
            cited.setdefault(article.source.id, article.source)

        stored = self.incidents() if incidents is None else incidents
        incidents_out = []
        for inc in stored:
            try:
                incidents_out.append(inc.to_incident())
            except DataError as exc:
                left_out.append(LeftOut("incident", inc.id, str(exc)))
                continue
            for c in inc.claims:
                cite(c.article)
        mapped = {x.id for x in incidents_out}
        aggregates_out = []
        for agg in self.aggregates() if aggregates is None else aggregates:
            a = agg.aggregate
            agg_id = f"aggregate-{agg.id}"
            if a.period_start is None or a.period_end is None:
                left_out.append(LeftOut("aggregate", agg_id, "no period: the statement gives none"))
                continue
            if not _ISO2.fullmatch(a.country_code or ""):
                left_out.append(
                    LeftOut("aggregate", agg_id, "no country: the statement names none")
                )
                continue
            claim = SourceClaim(
                agg.article.source.id,
                a.sentence.text,
                quote=agg.article.origin is ArticleOrigin.INGEST,
            )
            try:
                aggregates_out.append(
                    Aggregate(
                        id=agg_id,
                        statement=a.sentence.text,
                        period_start=a.period_start,
                        period_end=a.period_end,
                        place_name=a.place_name or a.country_code,
                        country_code=a.country_code,
                        claims=(claim,),
                        strikes_low=a.strikes_low,
                        strikes_high=a.strikes_high,
                        fatalities=a.fatalities_low,
                        incident_ids=tuple(i for i in agg.covers_incidents if i in mapped),
                    )
                )
            except DataError as exc:
                left_out.append(LeftOut("aggregate", agg_id, str(exc)))
                continue
            cite(agg.article)
        if sites:
            curated = {
                a.source.id: a.source for a in self.articles() if a.origin is ArticleOrigin.CURATED
            }
            for claim in (c for site in sites for c in site.claims):
                if claim.source_id not in cited:
                    cited[claim.source_id] = (
                        curated.get(claim.source_id)
                        or (sources or {}).get(claim.source_id)
                        or Source(
                            claim.source_id,
                            claim.source_id,
                            None,
                            None,
                            note="not in the database, nor among the sources given with the "
                            "sites that cite it",
                        )
                    )
        dataset = Dataset(
            id=f"db-{self.path.stem}",
            title=title or f"Incidents in {self.path.name}",
            description=f"{len(incidents_out)} incidents and {len(aggregates_out)} aggregates from "
            f"{self.path}",
            licence="as the ingested reports",
            sources=cited,
            sites=tuple(sites),
            incidents=tuple(incidents_out),
            aggregates=tuple(aggregates_out),
        )
        return DatasetExport(dataset, tuple(left_out))

    # --- checks -----------------------------------------------------------------------------

    @_faults
    def integrity(self) -> str:
        """SQLite's integrity check: ``"ok"`` for a sound file."""
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])


_ISO2 = re.compile(r"[A-Z]{2}")


class _StoredLinks:
    """The stored incidents of the day ranges loaded so far, in a :class:`Linker`.

    :meth:`load` reads the live incidents (with their claims and the analysts' corrections)
    within two days of a range of days, each once: those of the ranges loaded before, and
    those the linker made or changed, are kept as the linker has them. While every change
    to the database goes through the linker, it holds every stored incident a claim of
    those days may join, as the database has it (:meth:`IncidentStore.ingest` checks that
    nothing else wrote; :meth:`IncidentStore.ingest_extracted` writes in one transaction).
    """

    def __init__(self, store: IncidentStore, data_version: int = 0) -> None:
        self._store = store
        self.data_version = data_version
        self.writes = -1
        self._overrides: dict[str, tuple[dict[str, Any] | None, dict[str, Any] | None]] = {}
        self._reviews: dict[str, str | None] = {}
        self._loaded: list[tuple[dt.date, dt.date]] = []  # sorted, disjoint, not adjacent
        self.linker = Linker(self._effective)

    def _effective(
        self, incident_id: str, derived: Derived, linked: Sequence[LinkedClaim]
    ) -> Derived:
        if incident_id not in self._overrides:  # made by the linker: nothing corrected
            return derived
        return self._store._effective(
            incident_id,
            derived,
            self._overrides[incident_id],
            known=(self._reviews[incident_id], linked),
        )

    def load(self, conn: sqlite3.Connection, first: dt.date, last: dt.date) -> None:
        """Hold the stored incidents within two days of ``first..last`` (as ingest links)."""
        lo, hi = first - dt.timedelta(days=2), last + dt.timedelta(days=2)
        for start, end in _uncovered(self._loaded, lo, hi):
            self._read(conn, start, end)
        self._loaded = _merged([*self._loaded, (lo, hi)])

    def _read(self, conn: sqlite3.Connection, lo: dt.date, hi: dt.date) -> None:
        linker = self.linker
        window = "i.merged_into IS NULL AND i.date_start <= ? AND i.date_end >= ?"
        bounds = [hi.isoformat(), lo.isoformat()]
        for incident_id, place_json, date_json, review in conn.execute(
            f"SELECT i.id, i.place_override, i.date_override, i.review FROM incidents i "
            f"WHERE {window}",
            bounds,
        ):
            if incident_id in linker or incident_id in self._overrides:
                continue  # read before, or made by the linker: it has the latest
            self._overrides[incident_id] = (
                None if place_json is None else json.loads(place_json),
                None if date_json is None else json.loads(date_json),
            )
            self._reviews[incident_id] = review
        claims: dict[str, list[tuple[ClaimOrder, LinkedClaim]]] = {}
        # CROSS JOIN: from the incidents of the days (by their dates' index) to their claims
        # (by claims_incident), never a scan of every claim
        for incident_id, claim_id, data, article_id, outlet, published, idx in conn.execute(
            "SELECT c.incident_id, c.id, c.data, a.id, a.outlet, a.published, c.idx "
            "FROM incidents i CROSS JOIN claims c ON c.incident_id = i.id "
            f"JOIN articles a ON a.id = c.article_id WHERE c.kind = 'event' AND {window}",
            bounds,
        ):
            if incident_id in linker:
                continue
            # linking needs no quote: the linker keeps every claim it holds in memory
            claim = replace(Claim.from_dict(json.loads(data)), sentences=())
            order = (dt.date.fromisoformat(published), int(article_id), int(idx))
            claims.setdefault(incident_id, []).append(
                (
                    order,
                    LinkedClaim(int(claim_id), int(article_id), outlet, claim, published=order[0]),
                )
            )
        for incident_id, items in claims.items():
            linker.track(incident_id, items)


def _uncovered(
    ranges: Sequence[tuple[dt.date, dt.date]], lo: dt.date, hi: dt.date
) -> Iterator[tuple[dt.date, dt.date]]:
    """The parts of the days ``lo..hi`` that the sorted, disjoint ``ranges`` leave out.

    Examples
    --------
    >>> d = dt.date.fromisoformat
    >>> [(str(a), str(b)) for a, b in _uncovered([(d("2019-09-05"), d("2019-09-08"))],
    ...                                           d("2019-09-01"), d("2019-09-10"))]
    [('2019-09-01', '2019-09-04'), ('2019-09-09', '2019-09-10')]
    """
    day = dt.timedelta(days=1)
    cur = lo
    for start, end in ranges:
        if end < cur:
            continue
        if start > hi:
            break
        if start > cur:
            yield cur, start - day
        cur = end + day
        if cur > hi:
            return
    if cur <= hi:
        yield cur, hi


def _merged(ranges: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Day ranges sorted, with those that overlap or touch made one."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
