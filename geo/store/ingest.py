"""Ingesting a batch of reports: the policy ``strikemap ingest`` and the app share.

* Each report is read and ingested on its own, in its own transaction
  (:meth:`~geo.store.database.IncidentStore.ingest`): one that fails is reported with a
  one-line message and the others are still ingested. The same article twice adds nothing.
* The gazetteer is opened when the first *new* article needs it: a batch of articles that
  are all stored already opens none. When it cannot be opened the batch stops with
  :class:`BatchStopped`, which says how far it got: that is no fault of the report at hand.
* An unexpected exception is a bug: it is reported for the report that raised it as an
  ``internal error`` (or raised, with ``reraise_bugs``) and the batch goes on.
* After the batch, the incidents it created or updated are consolidated
  (:func:`geo.store.consolidation.consolidate`): two incidents that later evidence shows are
  one strike are merged, audited. The batch's new and updated incidents are then the
  survivors.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer.errors import StrikemapError
from gazetteer.serialization import JsonRecord, json_options
from gazetteer.untrusted import internal_error
from geo.io.reports import read_report
from geo.store.consolidation import ConsolidatedMerge, consolidate
from geo.store.database import IngestResult

if TYPE_CHECKING:
    import datetime as dt

    from gazetteer.search import Gazetteer
    from geo.model.claims import Article
    from geo.store.database import IncidentStore

__all__ = [
    "BatchStopped",
    "IngestBatch",
    "IngestStatus",
    "PendingReport",
    "ReportOutcome",
    "ingest_reports",
    "report_file",
]


class IngestStatus(enum.StrEnum):
    """What became of one report of a batch."""

    ADDED = "added"
    KNOWN = "known"  # the same text was stored before: nothing added
    ERROR = "error"


class BatchStopped(StrikemapError):
    """The batch could not go on (the gazetteer cannot be opened); earlier reports are kept."""


@dataclass(frozen=True, slots=True)
class PendingReport:
    """A report to ingest: how to name it, how to read it, and the path the database keeps."""

    name: str
    read: Callable[[], Article]
    stored_path: str = ""


def report_file(
    path: str | Path,
    *,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> PendingReport:
    r"""A report file (``-``: standard input), read with :func:`geo.io.reports.read_report`.

    The values given override the file's header lines. The database keeps the file's name
    (``<stdin>`` for standard input; bytes that are not UTF-8 shown as ``\xfe``).
    """
    path = Path(path)
    stdin = str(path) == "-"
    return PendingReport(
        name=str(path),
        read=lambda: read_report(path, published=published, outlet=outlet, url=url, title=title),
        stored_path="<stdin>" if stdin else _storable(path.name),
    )


def _storable(name: str) -> str:
    r"""A file name that SQLite can store: bytes that are not UTF-8 shown as ``\xfe``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class ReportOutcome(JsonRecord):
    """What ingesting one report of a batch did: its result, or why it failed.

    ``path`` names the report as the batch was given it. As JSON: ``path``, ``status``, then
    the result's fields, or ``error``.
    """

    path: str
    status: IngestStatus
    result: IngestResult | None = field(default=None, metadata=json_options(flatten=True))
    error: str = field(default="", metadata=json_options(omit_default=True))


@dataclass(slots=True)
class IngestBatch:
    """What a batch did: its reports' outcomes, its incidents, its consolidation's merges."""

    outcomes: list[ReportOutcome] = field(default_factory=list)
    incidents_new: set[str] = field(default_factory=set)
    incidents_updated: set[str] = field(default_factory=set)
    merges: list[ConsolidatedMerge] = field(default_factory=list)

    def count(self, status: IngestStatus) -> int:
        """How many reports ended so."""
        return sum(o.status is status for o in self.outcomes)

    @property
    def failed(self) -> int:
        """How many reports failed."""
        return self.count(IngestStatus.ERROR)

    def summary(self) -> dict[str, int]:
        """The counts ``strikemap ingest`` reports.

        ``added``, ``known``, ``failed``, ``claims``, ``aggregates``, ``files``,
        ``incidents_new``, ``incidents_updated`` and ``incidents_merged`` (incidents the
        consolidation merged into another).
        """
        results = [o.result for o in self.outcomes if o.result is not None]
        return {
            "added": self.count(IngestStatus.ADDED),
            "known": self.count(IngestStatus.KNOWN),
            "failed": self.failed,
            "claims": sum(r.claims for r in results),
            "aggregates": sum(r.aggregates for r in results),
            "files": len(self.outcomes),
            "incidents_new": len(self.incidents_new),
            "incidents_updated": len(self.incidents_updated),
            "incidents_merged": len(self.merges),
        }


def ingest_reports(
    store: IncidentStore,
    reports: Iterable[PendingReport],
    *,
    gazetteer: Gazetteer | Callable[[], Gazetteer] | None = None,
    reraise_bugs: bool = False,
    on_outcome: Callable[[ReportOutcome], None] | None = None,
    consolidating: bool = True,
) -> IngestBatch:
    """Ingest each report on its own; a report that fails is reported and the rest go on.

    Parameters
    ----------
    store
        The open incident database.
    reports
        The reports, in order (see :func:`report_file`).
    gazetteer
        The gazetteer, or a function that opens it: it is called when the first new
        article needs it. ``None``: extraction opens the default one.
    reraise_bugs
        Raise an unexpected exception (a bug) instead of reporting it as an internal error.
    on_outcome
        Called with each report's outcome as soon as it is known (to print progress).
    consolidating
        After the batch, merge the incidents it created or updated with those that are the
        same strike (:func:`~geo.store.consolidation.consolidate`). False leaves that to a
        later call (a caller that ingests in several batches and consolidates once).

    Raises
    ------
    BatchStopped
        If the gazetteer cannot be opened; the message says before which report, and how
        many earlier ones were processed (they stay ingested).
    """
    batch = IngestBatch()
    opened = None if callable(gazetteer) else gazetteer
    for report in reports:
        try:
            article = report.read()
            if opened is None and callable(gazetteer) and store.has_article(article) is None:
                try:
                    opened = gazetteer()
                except StrikemapError as exc:
                    done = len(batch.outcomes)
                    raise BatchStopped(
                        f"{exc} (stopped before {report.name}; {done} earlier file(s) were "
                        "processed)"
                    ) from exc
            result = store.ingest(article, path=report.stored_path, gazetteer=opened)
        except BatchStopped:
            raise
        except Exception as exc:  # this report failed; say why and go on with the next
            known = isinstance(exc, StrikemapError | ValueError)
            if not known and reraise_bugs:
                raise
            message = " ".join(str(exc).split()) if known else internal_error(exc)
            outcome = ReportOutcome(report.name, IngestStatus.ERROR, error=message)
        else:
            status = IngestStatus.ADDED if result.added else IngestStatus.KNOWN
            outcome = ReportOutcome(report.name, status, result)
            batch.incidents_new.update(result.incidents_new)
            batch.incidents_updated.update(set(result.incidents_updated) - batch.incidents_new)
        batch.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    if consolidating and (batch.incidents_new or batch.incidents_updated):
        batch.merges = consolidate(
            store, sorted(batch.incidents_new) + sorted(batch.incidents_updated)
        )
        for merge in batch.merges:
            batch.incidents_new.discard(merge.merged)
            batch.incidents_updated.discard(merge.merged)
            if merge.keep not in batch.incidents_new:
                batch.incidents_updated.add(merge.keep)
    return batch
