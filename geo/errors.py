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
