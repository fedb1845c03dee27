"""What a Dask worker does: read its partition of the archive, geoparse and extract each article.

A worker is given the gazetteer index's *path*, never an open gazetteer: it opens the index
itself, once per worker thread, and keeps it for the next partitions. A task returns plain
JSON-ready dicts (small to send back; the client stores them as they come).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from gazetteer.errors import StrikemapError
from gazetteer.untrusted import internal_error
from geo.batch.sources import Loaded, SourceKind, load

__all__ = ["Partition", "cpu_seconds", "exact_places", "extract_partition", "peak_memory_mb"]

_local = threading.local()

#: One partition: the archive's kind and path, and its articles as
#: ``(seq, name, hash, locator)``.
Partition = tuple[str, str, list[tuple[int, str, str, Any]]]


def _gazetteer(index: str) -> Any:
    """The gazetteer at ``index``, opened once per worker thread (not shared between threads)."""
    opened = getattr(_local, "gazetteers", None)
    if opened is None:
        opened = _local.gazetteers = {}
    if index not in opened:
        from gazetteer.search import Gazetteer

        opened[index] = Gazetteer.open(index)
    return opened[index]


def exact_places(extraction: Any) -> list[list[float] | None]:
    """Each claim's point and radius unrounded (the stored JSON rounds them).

    Linking scores a new claim as extracted, as ``strikemap ingest`` does; the batch state
    keeps these beside the JSON so that a resumed batch links exactly as an unbroken one.
    """
    return [
        None if c.place is None else [c.place.lat, c.place.lon, c.place.radius_km]
        for c in extraction.claims
    ]


def extract_partition(partition: Partition, index: str) -> list[dict[str, Any]]:
    """Extract the claims of each article of ``partition`` (runs on a worker).

    Returns one dict per article: ``seq``, ``name``, ``hash``, and

    * ``article``, ``extraction`` and ``exact`` (see :func:`exact_places`) when it was
      extracted (:func:`geo.extraction.extract.extract_article`, as ``strikemap ingest``);
    * ``reason`` when it failed for a reason of its own, which another run would meet again
      (bad input, or an ``internal error`` for a bug): the batch records it as failed;
    * ``transient`` when the machine, not the article, was at fault (out of memory, the
      gazetteer index or a file it needs could not be read): the batch records nothing, so
      that the next run processes the article again.

    The partition goes on after an article that fails either way.
    """
    from geo.extraction.extract import extract_article

    kind, path, items = partition
    gaz = _gazetteer(index)
    out: list[dict[str, Any]] = []
    loaded = load(SourceKind(kind), Path(path), [locator for *_, locator in items])
    for (seq, name, key, _locator), got in zip(items, loaded, strict=True):
        row: dict[str, Any] = {"seq": seq, "name": name, "hash": key}
        try:
            if isinstance(got, Exception):
                raise got
            assert isinstance(got, Loaded)
            article = got.article
            row["hash"] = article.hash  # the file may have changed since the scan
            extraction = extract_article(article, gaz)
        except (MemoryError, OSError) as exc:  # the machine's fault (OSError: not the text's)
            row["transient"] = f"{type(exc).__name__}: {' '.join(str(exc).split())}".strip()
        except (StrikemapError, ValueError) as exc:
            row["reason"] = " ".join(str(exc).split())
        except Exception as exc:  # a bug: this article fails, the others go on
            row["reason"] = internal_error(exc)
        else:
            row["article"] = {
                "text": article.text,
                "published": article.published.isoformat(),
                "outlet": article.outlet,
                "url": article.url,
                "title": article.title,
            }
            row["extraction"] = extraction.as_dict()
            row["exact"] = exact_places(extraction)
        out.append(row)
    return out


def peak_memory_mb() -> float:
    """Peak resident memory of the process (MB; the benchmark runs it on each worker).

    Linux's ``VmHWM`` (reset when a process starts a new program, unlike ``ru_maxrss``, which
    a spawned worker inherits from its parent); elsewhere ``ru_maxrss``.
    """
    import resource
    import sys

    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> float:
    """CPU time (user and system) of the process so far (the benchmark runs it on workers)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
