"""The shipped outlines (countries, first-level divisions) as shapely geometries.

``read_shapes`` gives a GeoJSON file's geometries, in the file's order, and each feature's
properties, read once per process. Parsing the GeoJSON costs a second or more (the division
outlines hold two million coordinates), so the geometries are also kept as WKB in the user
cache folder, where the gazetteer index lives, under the digest of the source file's bytes: a
later process reads them back in a few hundredths of a second, and a changed source file
makes a new entry. The cache holds nothing but what the source gives (the WKB of each
geometry is the same, byte for byte, as the one parsed from the GeoJSON), it is written
atomically, and an entry that is damaged, truncated or from another source is ignored and
written again.

Neither pandas, geopandas nor GDAL is needed: the command line's ``ingest`` and ``reverse``
load none of them.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import platformdirs

from gazetteer.errors import DataError

__all__ = ["Shapes", "read_shapes"]

_MAGIC = b"strikemap shapes 1\n"
_CHECKSUM_SIZE = 16


@dataclass(frozen=True, slots=True, eq=False)  # arrays have no truth value: compared as objects
class Shapes:
    """A GeoJSON file's features: shapely geometries (a numpy array) and their properties."""

    geometries: Any
    properties: tuple[dict[str, Any], ...]

    def column(self, name: str) -> list[Any]:
        """The property ``name`` of every feature, in the file's order."""
        return [p[name] for p in self.properties]


@functools.lru_cache(maxsize=4)
def read_shapes(path: str | Path) -> Shapes:
    """The features of a GeoJSON file (gzipped when its name ends in ``.gz``), read once.

    Raises
    ------
    DataError
        If the file is missing or is not a GeoJSON FeatureCollection.
    """
    path = Path(path)
    try:
        source = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"shape file {str(path)!r} is missing; it ships with strikemap") from None
    digest = hashlib.blake2b(source, digest_size=16).hexdigest()
    entry = _cache_folder() / f"{path.name}.{digest}.wkb"
    cached = _read_entry(entry, digest)
    if cached is not None:
        return cached
    shapes, blobs = _parse(path, source)
    _write_entry(entry, digest, shapes.properties, blobs)
    return shapes


def _cache_folder() -> Path:
    return Path(platformdirs.user_cache_dir("strikemap")) / "shapes"


def _parse(path: Path, source: bytes) -> tuple[Shapes, list[bytes]]:
    """The features parsed from the GeoJSON, and each geometry's WKB."""
    import shapely

    try:
        text = gzip.decompress(source) if path.name.endswith(".gz") else source
        features = orjson.loads(text)["features"]
        geometries = [shapely.geometry.shape(f["geometry"]) for f in features]
        properties = tuple(dict(f["properties"]) for f in features)
    except (OSError, EOFError, KeyError, TypeError, ValueError, shapely.errors.ShapelyError) as exc:
        raise DataError(f"{path.resolve()}: not a GeoJSON FeatureCollection ({exc})") from None
    blobs = [bytes(b) for b in shapely.to_wkb(geometries)]
    # the geometries as the cache gives them back, so a first run and a later one agree
    return Shapes(shapely.from_wkb(blobs), properties), blobs


def _read_entry(entry: Path, digest: str) -> Shapes | None:
    """The shapes a cache entry holds; ``None`` if it is missing, damaged or another's."""
    import shapely

    try:
        data = entry.read_bytes()
    except OSError:
        return None
    body, checksum = data[:-_CHECKSUM_SIZE], data[-_CHECKSUM_SIZE:]
    if not body.startswith(_MAGIC) or _checksum(body) != checksum:
        return None
    header_end = body.find(b"\n", len(_MAGIC))
    try:
        header = orjson.loads(body[len(_MAGIC) : header_end])
        sizes, properties = header["sizes"], header["properties"]
        if header["source"] != digest or len(sizes) != len(properties):
            return None
        blobs, start = [], header_end + 1
        for size in sizes:
            blobs.append(body[start : start + size])
            start += size
        if start != len(body):
            return None
        geometries = shapely.from_wkb(blobs)
    except (KeyError, TypeError, ValueError, shapely.errors.ShapelyError):
        return None
    return Shapes(geometries, tuple(properties))


def _write_entry(
    entry: Path, digest: str, properties: tuple[dict[str, Any], ...], blobs: list[bytes]
) -> None:
    """Write a cache entry atomically; remove the entries of older versions of the source.

    A folder that cannot be written only costs the next process the parse again.
    """
    header = {"source": digest, "sizes": [len(b) for b in blobs], "properties": properties}
    body = b"".join([_MAGIC, orjson.dumps(header), b"\n", *blobs])
    # a name of our own beside the entry (same file system, so the rename is atomic)
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(body + _checksum(body))
        os.replace(tmp, entry)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return
    source_name = entry.name.removesuffix(f".{digest}.wkb")
    for stale in entry.parent.glob(f"{source_name}.{'[0-9a-f]' * len(digest)}.wkb"):
        if stale != entry:
            with contextlib.suppress(OSError):  # another process may have removed it
                stale.unlink(missing_ok=True)


def _checksum(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=_CHECKSUM_SIZE).digest()
