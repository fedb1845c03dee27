"""The record of a batch's work, so that a killed batch resumes where it stopped.

A SQLite file beside the batch's output (``OUT/batch-state.sqlite``) holds one row per article
processed, keyed by its content hash: its place in the archive, its id, and either its
extraction (as JSON, with the unrounded points linking needs) or why it failed. Each
partition's rows are committed together as the partition comes back, so a kill loses at
most the partitions in flight; a resumed batch processes only the articles without a row
(and, when asked, those that failed). An article that failed through no fault of its own
(its worker died, the machine ran out of memory) gets no row: the next run processes it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from gazetteer.errors import StrikemapError
from geo.model.claims import Article, Extraction
from geo.store.database import ExtractedArticle

__all__ = ["BatchState", "StateError"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    hash TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    reason TEXT NOT NULL DEFAULT '',
    article TEXT,
    extraction TEXT,
    exact TEXT
);
CREATE INDEX IF NOT EXISTS items_seq ON items (seq);
"""
_APPLICATION_ID = 0x53544B42  # "STKB"


def _storable(name: str) -> str:
    r"""A name SQLite can store: bytes that are not UTF-8 (a file name's) shown as ``\xfe``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class StateError(StrikemapError, OSError):
    """The batch's state file cannot be used."""


class BatchState:
    """The open state file of a batch (see the module's docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            existed = path.exists() and path.stat().st_size > 0
            self._conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
            if existed and app_id != _APPLICATION_ID:
                self._conn.close()
                raise StateError(f"{path} is not a strikemap batch state file")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.executescript(_SCHEMA)
            self._conn.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot use the batch state file {path}: {exc}") from None

    def close(self) -> None:
        """Close the file."""
        self._conn.close()

    def __enter__(self) -> BatchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def failed(self) -> set[str]:
        """The hashes of the articles that failed."""
        return {h for (h,) in self._conn.execute("SELECT hash FROM items WHERE status = 'failed'")}

    def record(self, rows: Iterable[dict[str, Any]]) -> None:
        """Store one partition's results (see :func:`geo.batch.work.extract_partition`).

        A row ``transient`` (the machine failed, not the article) is not stored. A new
        result replaces an article's failure (it was retried), never its extraction.
        """
        values = [
            (
                r["hash"],
                r["seq"],
                _storable(r["name"]),
                "failed" if "reason" in r else "done",
                r.get("reason", ""),
                json.dumps(r["article"]) if "article" in r else None,
                json.dumps(r["extraction"]) if "extraction" in r else None,
                json.dumps(r["exact"]) if "exact" in r else None,
            )
            for r in rows
            if "transient" not in r
        ]
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany(
                    "INSERT INTO items "
                    "(hash, seq, name, status, reason, article, extraction, exact) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO UPDATE SET "
                    "seq = excluded.seq, name = excluded.name, status = excluded.status, "
                    "reason = excluded.reason, article = excluded.article, "
                    "extraction = excluded.extraction, exact = excluded.exact "
                    "WHERE items.status = 'failed'",
                    values,
                )
        except sqlite3.Error as exc:
            raise StateError(f"cannot write the batch state file {self.path}: {exc}") from None

    def counts(self) -> dict[str, int]:
        """How many articles are done and how many failed."""
        got = dict(self._conn.execute("SELECT status, count(*) FROM items GROUP BY status"))
        return {"done": int(got.get("done", 0)), "failed": int(got.get("failed", 0))}

    def failures(self) -> Iterator[dict[str, str]]:
        """The failed articles in archive order: ``id``, ``hash``, ``reason``."""
        for name, key, reason in self._conn.execute(
            "SELECT name, hash, reason FROM items WHERE status = 'failed' ORDER BY seq"
        ):
            yield {"id": name, "hash": key, "reason": reason}

    def hashes(self) -> set[str]:
        """The hashes of the articles done (extracted)."""
        return {h for (h,) in self._conn.execute("SELECT hash FROM items WHERE status = 'done'")}

    def date_window(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day of the extracted claims (``None``: no claim)."""
        first = last = None
        for (extraction_json,) in self._conn.execute(
            "SELECT extraction FROM items WHERE status = 'done'"
        ):
            for claim in json.loads(extraction_json)["claims"]:
                start, end = claim["date_start"], claim["date_end"]
                first = start if first is None or start < first else first
                last = end if last is None or end > last else last
        if first is None or last is None:
            return None
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)

    def extracted(self) -> Iterator[ExtractedArticle]:
        """The extracted articles in archive order, as extracted (points unrounded)."""
        for name, article_json, extraction_json, exact_json in self._conn.execute(
            "SELECT name, article, extraction, exact FROM items WHERE status = 'done' ORDER BY seq"
        ):
            raw = json.loads(article_json)
            article = Article(
                text=raw["text"],
                published=dt.date.fromisoformat(raw["published"]),
                outlet=raw["outlet"],
                url=raw["url"],
                title=raw["title"],
            )
            extraction = Extraction.from_dict(json.loads(extraction_json))
            exact = json.loads(exact_json)
            claims = tuple(
                c
                if c.place is None or e is None
                else replace(c, place=replace(c.place, lat=e[0], lon=e[1], radius_km=e[2]))
                for c, e in zip(extraction.claims, exact, strict=True)
            )
            extraction = replace(extraction, claims=claims)
            yield ExtractedArticle(article, extraction, name)
