"""Errors raised by strikemap.

Every error the library raises on purpose derives from :class:`StrikemapError`, and each
subclass also inherits the builtin it refines, so callers may catch either::

    StrikemapError
     ├── DataError(StrikemapError, ValueError)          a data file or record is invalid
     │    └── InvalidCoordinatesError(DataError)          latitude/longitude out of range
     ├── InvalidQueryError(StrikemapError, ValueError)   a place query that cannot be searched
     ├── UnknownPlaceError(StrikemapError, LookupError)  a name or id that is not known
     ├── AssetsMissingError(StrikemapError, FileNotFoundError)
     │                                                   offline front-end assets not installed
     └── DatabaseFileError(StrikemapError, OSError)     an SQLite file (incident database,
          │                                             gazetteer index) cannot be used
          ├── ReadOnlyDatabaseError(DatabaseFileError, PermissionError)
          │                                             it (or its folder) is read-only
          ├── DatabaseFullError(DatabaseFileError)      the disk holding it is full
          ├── DamagedDatabaseError(DatabaseFileError)   it is corrupt
          └── LockedDatabaseError(DatabaseFileError)    another program keeps it locked

Messages name the argument, show the bad value's ``repr`` and say how to fix it.
"""

from __future__ import annotations

import sqlite3

__all__ = [
    "AssetsMissingError",
    "DamagedDatabaseError",
    "DataError",
    "DatabaseFileError",
    "DatabaseFullError",
    "InvalidCoordinatesError",
    "InvalidQueryError",
    "LockedDatabaseError",
    "ReadOnlyDatabaseError",
    "StrikemapError",
    "UnknownPlaceError",
    "database_file_error",
    "decode_utf8",
]


class StrikemapError(Exception):
    """Root of every error strikemap raises on purpose."""


class DataError(StrikemapError, ValueError):
    """A data file or one of its records is invalid."""


class InvalidCoordinatesError(DataError):
    """A latitude or longitude is not a finite number in range."""


class InvalidQueryError(StrikemapError, ValueError):
    """A place name or query is empty, too long, or contains control characters."""


class UnknownPlaceError(StrikemapError, LookupError):
    """A place name or id is not known."""


class AssetsMissingError(StrikemapError, FileNotFoundError):
    """The Leaflet files needed for an offline map have not been installed."""


class DatabaseFileError(StrikemapError, OSError):
    """An SQLite file (the incident database, the gazetteer index) cannot be opened or used."""


class ReadOnlyDatabaseError(DatabaseFileError, PermissionError):
    """A change was asked of an SQLite file that is read-only (or lies in a read-only folder)."""


class DatabaseFullError(DatabaseFileError):
    """The disk (or the quota) holding an SQLite file is full: the change was not stored."""


class DamagedDatabaseError(DatabaseFileError):
    """An SQLite file is corrupt: a page, its header or its records cannot be read."""


class LockedDatabaseError(DatabaseFileError):
    """Another program kept an SQLite file locked longer than strikemap waits."""


# SQLite's primary result codes (https://sqlite.org/rescode.html) that describe the file, not
# the SQL: anything else (a syntax error, a constraint, a misuse) is a bug and is not wrapped.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def database_file_error(exc: sqlite3.Error, what: str, *, repair: str) -> DatabaseFileError | None:
    """The strikemap error for an SQLite failure caused by the file, or ``None`` for a bug.

    Parameters
    ----------
    exc
        What :mod:`sqlite3` raised.
    what
        The file, as the message should name it ("the incident database '/data/case.sqlite'").
    repair
        What to do about a damaged file ("restore it from a backup").

    Examples
    --------
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:")
    >>> try:
    ...     conn.execute("PRAGMA query_only = ON").execute("CREATE TABLE t (x)")
    ... except sqlite3.Error as exc:
    ...     fault = database_file_error(exc, "the file 'x.sqlite'", repair="rebuild it")
    >>> type(fault).__name__, isinstance(fault, PermissionError)
    ('ReadOnlyDatabaseError', True)
    >>> print(str(fault).split(":")[0])
    the file 'x.sqlite' is read-only (attempt to write a readonly database)
    >>> database_file_error(sqlite3.OperationalError("near 'SELEC': syntax error"), "x", repair="")
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    detail = " ".join(str(exc).split())
    primary = code & 0xFF
    if primary == _READONLY:
        return ReadOnlyDatabaseError(
            f"{what} is read-only ({detail}): nothing was changed; make the file and its folder "
            "writable, or work on a writable copy"
        )
    if primary == _FULL:
        return DatabaseFullError(
            f"the disk holding {what} is full ({detail}): nothing of this change was stored; "
            "free some space and try again"
        )
    if primary in (_CORRUPT, _NOTADB):
        return DamagedDatabaseError(f"{what} is damaged ({detail}); {repair}")
    if primary in (_BUSY, _LOCKED):
        return LockedDatabaseError(
            f"{what} is locked by another program ({detail}); try again when it is done"
        )
    if primary == _CANTOPEN:
        return DatabaseFileError(
            f"cannot open {what} ({detail}): check that it exists and that you may read (and, to "
            "change it, write) the file and its folder"
        )
    if primary == _IOERR:
        return DatabaseFileError(f"cannot read or write {what} ({detail}): check the disk")
    return None


def decode_utf8(
    data: bytes,
    where: str,
    *,
    error: type[StrikemapError] = DataError,
    encoding: str = "utf-8",
) -> str:
    r"""Text of ``data``, or ``error`` naming ``where`` and the first bad byte.

    Examples
    --------
    >>> decode_utf8(b"caf\xe9", "the file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: the file is not valid UTF-8 (byte 3: b'\xe9'); convert it to ...
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise error(
            f"{where} is not valid UTF-8 (byte {exc.start}: {bad!r}); convert it to UTF-8 first"
        ) from None
