"""Archives of articles for ``strikemap batch``: a folder, a JSON-lines file or a Parquet file.

Every article has ``text`` and ``published`` (``YYYY-MM-DD``), and optionally ``id``,
``outlet``, ``url`` and ``title``:

* a **folder**: its ``*.txt`` files (report files as ``strikemap ingest`` reads them: an
  optional ``Published:``/``Outlet:``/``URL:``/``Title:`` header) and ``*.json`` files (one
  article object each), in name order; the id is the file name;
* a **JSON-lines** file (``.jsonl``, ``.ndjson``): one article object per line (blank lines
  are passed over); the id is ``id``, else ``line N``;
* a **Parquet** file (``.parquet``): one article per row, with a ``text`` and a ``published``
  column (a string or a date); the id is ``id``, else ``row N``.

The archive is read twice, neither time whole: :func:`scan` streams it in the client to key
each article by its content hash (and to refuse a malformed file before any work), and each
worker reads back only its partition's articles with :func:`load` (a file's name, a line's
byte offset, a row group and row), so memory is bounded by the partition, not the archive.

A malformed *file* (missing, unreadable, a line that is not a JSON object, a Parquet file
without a ``text`` column) is a :class:`BatchInputError`, which stops the batch before any
work; a malformed *article* (no text, an impossible date) fails alone, with its reason.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazetteer.errors import DataError, StrikemapError
from gazetteer.untrusted import short_repr
from geo.io.reports import parse_published, read_report
from geo.model.claims import Article

__all__ = [
    "BatchInputError",
    "Loaded",
    "Scanned",
    "SourceKind",
    "article_from_mapping",
    "load",
    "scan",
    "source_kind",
]

#: Columns (or keys) an article may have.
FIELDS = ("id", "text", "published", "outlet", "url", "title")


class BatchInputError(StrikemapError, ValueError):
    """The archive cannot be read (missing, malformed): the batch stops before any work."""


class SourceKind(enum.StrEnum):
    """How an archive holds its articles."""

    FOLDER = "folder"
    JSONL = "jsonl"
    PARQUET = "parquet"


def source_kind(path: Path) -> SourceKind:
    """The kind of archive ``path`` is, from what it is and its name.

    Raises
    ------
    BatchInputError
        If it does not exist or is neither a folder nor a ``.jsonl``/``.ndjson``/``.parquet``
        file.
    """
    if path.is_dir():
        return SourceKind.FOLDER
    if not path.exists():
        raise BatchInputError(f"{path}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return SourceKind.JSONL
    if suffix in (".parquet", ".pq"):
        return SourceKind.PARQUET
    raise BatchInputError(
        f"{path}: not an archive strikemap batch reads (a folder of .txt/.json articles, a "
        f".jsonl file or a .parquet file), got a file ending {suffix or 'in no suffix'!r}"
    )


@dataclass(frozen=True, slots=True)
class Scanned:
    """One article of the archive as the scan found it.

    ``locator`` finds it again (a file name, a byte offset, a row group and row); ``hash``
    is its key (:attr:`~geo.model.claims.Article.hash`, the database's key, for a readable
    article; for one that is not, the SHA-256 of its raw bytes) and ``error`` why it cannot
    be read (empty when it can).
    """

    seq: int
    name: str
    hash: str
    locator: str | int | tuple[int, int]
    error: str = ""


@dataclass(frozen=True, slots=True)
class Loaded:
    """One article read back: its name and the article."""

    name: str
    article: Article


def _text_field(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DataError(f"field {key!r} must be text, got {short_repr(value)}")
    return value


def article_from_mapping(raw: Mapping[str, Any]) -> Article:
    """An article from a JSON object or a Parquet row (``text``, ``published``, ...).

    The messages do not name the article: the failures file gives its id beside them.

    Raises
    ------
    DataError
        If ``text`` is missing or not text, or ``published`` is missing or not a real date.
    """
    text = raw.get("text")
    if not isinstance(text, str):
        what = "no field 'text'" if text is None else f"'text' must be text, got {short_repr(text)}"
        raise DataError(what)
    published = raw.get("published")
    if published is None or published == "":
        raise DataError("no publication date (field 'published', YYYY-MM-DD)")
    if isinstance(published, dt.datetime):
        published = published.date()
    elif hasattr(published, "to_pydatetime"):  # a pandas Timestamp
        published = published.to_pydatetime().date()
    if isinstance(published, str):
        published = parse_published(published)
    if not isinstance(published, dt.date):
        raise DataError(f"'published' must be a date as YYYY-MM-DD, got {short_repr(published)}")
    return Article(
        text=text,
        published=published,
        outlet=_text_field(raw, "outlet"),
        url=_text_field(raw, "url") or None,
        title=_text_field(raw, "title"),
    )


def _record_name(raw: Mapping[str, Any], fallback: str) -> str:
    value = raw.get("id")
    if value is None or value == "":
        return fallback
    return str(value)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_json_object(data: bytes, where: str) -> dict[str, Any]:
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise BatchInputError(f"{where}: not valid JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise BatchInputError(f"{where}: an article must be a JSON object, got {short_repr(raw)}")
    return raw


# --- scanning --------------------------------------------------------------------------------


def scan(path: Path) -> Iterator[Scanned]:
    """Every article of the archive in order, keyed by content hash.

    Raises
    ------
    BatchInputError
        If the archive is missing or malformed (see the module's docstring); raised before
        the first article is yielded for a Parquet file without a ``text`` column, and at the
        bad line of a JSON-lines file.
    """
    kind = source_kind(path)
    if kind is SourceKind.FOLDER:
        yield from _scan_folder(path)
    elif kind is SourceKind.JSONL:
        yield from _scan_jsonl(path)
    else:
        yield from _scan_parquet(path)


def _scanned(seq: int, loaded: Loaded, locator: str | int | tuple[int, int]) -> Scanned:
    return Scanned(seq, loaded.name, loaded.article.hash, locator)


def _failed(seq: int, name: str, raw: bytes, locator: Any, exc: Exception) -> Scanned:
    return Scanned(seq, name, _sha256(raw), locator, " ".join(str(exc).split()))


def _folder_files(path: Path) -> list[Path]:
    try:
        files = sorted(
            p for p in path.iterdir() if p.suffix.lower() in (".txt", ".json") and p.is_file()
        )
    except OSError as exc:
        raise BatchInputError(f"{path}: cannot read the folder ({exc.strerror or exc})") from None
    if not files:
        raise BatchInputError(f"{path}: the folder holds no .txt or .json article")
    return files


def _scan_folder(path: Path) -> Iterator[Scanned]:
    for seq, file in enumerate(_folder_files(path)):
        try:
            loaded = _load_file(file)
        except DataError as exc:
            try:
                raw = file.read_bytes()
            except OSError:
                raw = str(file).encode("utf-8", "surrogateescape")
            yield _failed(seq, file.name, raw, file.name, exc)
        else:
            yield _scanned(seq, loaded, file.name)


def _open(path: Path) -> Any:
    try:
        return path.open("rb")
    except OSError as exc:
        raise BatchInputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None


def _scan_jsonl(path: Path) -> Iterator[Scanned]:
    seq = 0
    with _open(path) as fh:
        offset = 0
        for number, line in enumerate(fh, start=1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            raw = _read_json_object(line, f"{path}: line {number}")
            name = _record_name(raw, f"line {number}")
            try:
                loaded = Loaded(name, article_from_mapping(raw))
            except DataError as exc:
                yield _failed(seq, name, line.strip(), start, exc)
            else:
                yield _scanned(seq, loaded, start)
            seq += 1
    if seq == 0:
        raise BatchInputError(f"{path}: the file holds no article")


def _parquet(path: Path) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise BatchInputError(f"{path}: not a readable Parquet file ({exc})") from None
    names = set(file.schema_arrow.names)
    missing = [c for c in ("text", "published") if c not in names]
    if missing:
        raise BatchInputError(
            f"{path}: the Parquet file has no {' and no '.join(repr(c) for c in missing)} "
            f"column (its columns: {', '.join(sorted(names)) or 'none'})"
        )
    return file


def _parquet_columns(file: Any) -> list[str]:
    return [c for c in FIELDS if c in set(file.schema_arrow.names)]


def _scan_parquet(path: Path) -> Iterator[Scanned]:
    file = _parquet(path)
    columns = _parquet_columns(file)
    seq = 0
    for group in range(file.num_row_groups):
        rows = file.read_row_group(group, columns=columns).to_pylist()
        for row_in_group, raw in enumerate(rows):
            name = _record_name(raw, f"row {seq + 1}")
            try:
                loaded = Loaded(name, article_from_mapping(raw))
            except DataError as exc:
                data = json.dumps(raw, default=str, sort_keys=True).encode()
                yield _failed(seq, name, data, (group, row_in_group), exc)
            else:
                yield _scanned(seq, loaded, (group, row_in_group))
            seq += 1
    if seq == 0:
        raise BatchInputError(f"{path}: the file holds no article")


# --- loading a partition ---------------------------------------------------------------------


def _load_file(file: Path) -> Loaded:
    if file.suffix.lower() == ".json":
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise DataError(f"cannot read the file: {exc.strerror or exc}") from None
        try:
            raw = _read_json_object(data, file.name)
        except BatchInputError as exc:
            raise DataError(str(exc)) from None
        return Loaded(_record_name(raw, file.name), article_from_mapping(raw))
    return Loaded(file.name, read_report(file))


def load(kind: SourceKind, path: Path, locators: list[Any]) -> Iterator[Loaded | Exception]:
    """The articles at ``locators`` (see :class:`Scanned`), in order; a failure as its error.

    Runs in a worker: it reads only what the locators name.
    """
    if kind is SourceKind.FOLDER:
        for name in locators:
            try:
                yield _load_file(path / name)
            except DataError as exc:
                yield exc
    elif kind is SourceKind.JSONL:
        with path.open("rb") as fh:
            for offset in locators:
                fh.seek(offset)
                line = fh.readline()
                try:
                    raw = _read_json_object(line, f"{path}: byte {offset}")
                    name = _record_name(raw, f"byte {offset}")
                    yield Loaded(name, article_from_mapping(raw))
                except (DataError, BatchInputError) as exc:
                    yield exc
    else:
        file = _parquet(path)
        columns = _parquet_columns(file)
        groups: dict[int, list[dict[str, Any]]] = {}
        for group, row in locators:
            if group not in groups:
                groups = {group: file.read_row_group(group, columns=columns).to_pylist()}
            raw = groups[group][row]
            name = _record_name(raw, f"row group {group} row {row}")
            try:
                yield Loaded(name, article_from_mapping(raw))
            except DataError as exc:
                yield exc
