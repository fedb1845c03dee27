"""Errors raised by strikemap.

Every error the library raises on purpose derives from :class:`StrikemapError`, and each
subclass also inherits the builtin it refines, so callers may catch either::

    StrikemapError
     ├── DataError(StrikemapError, ValueError)          a data file or record is invalid
     │    └── InvalidCoordinatesError(DataError)          latitude/longitude out of range
     ├── InvalidQueryError(StrikemapError, ValueError)   a place query that cannot be searched
     ├── UnknownPlaceError(StrikemapError, LookupError)  a name or id that is not known
     └── AssetsMissingError(StrikemapError, FileNotFoundError)
                                                         offline front-end assets not installed

Messages name the argument, show the bad value's ``repr`` and say how to fix it.
"""

from __future__ import annotations

__all__ = [
    "AssetsMissingError",
    "DataError",
    "InvalidCoordinatesError",
    "InvalidQueryError",
    "StrikemapError",
    "UnknownPlaceError",
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
    >>> decode_utf8(b"caf\xe9", "the file")
    Traceback (most recent call last):
    ...
    geo.errors.DataError: the file is not valid UTF-8 (byte 3: b'\xe9'); convert it to UTF-8 first
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise error(
            f"{where} is not valid UTF-8 (byte {exc.start}: {bad!r}); convert it to UTF-8 first"
        ) from None
