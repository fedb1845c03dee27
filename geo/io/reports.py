"""Read report files for ingest: UTF-8 text with an optional header block.

A report file may start with ``Key: value`` lines, then a blank line, then the body::

    Outlet: Sahel Wire Service
    Published: 2019-09-27
    Title: US strike kills 17 in southwest Libya
    URL: https://example.org/...

Values given on the command line (``--published``, ``--outlet`` ...) override the header.
Every problem is a :class:`~gazetteer.errors.DataError` with a one-line message.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from gazetteer.errors import DataError, decode_utf8
from geo.extraction.extract import MAX_ARTICLE_BYTES, check_article_text
from geo.model.claims import Article

__all__ = ["HEADER_KEYS", "parse_published", "read_report"]

HEADER_KEYS = ("outlet", "published", "title", "url")
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z]+):[ \t]*(?P<value>.*?)\s*$")


def parse_published(value: str) -> dt.date:
    """A publication date written ``YYYY-MM-DD`` that is real and not in the future.

    Examples
    --------
    >>> parse_published("2019-09-27")
    datetime.date(2019, 9, 27)
    >>> parse_published("2019-02-30")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: impossible publication date '2019-02-30': day is out of ...
    """
    text = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise DataError(f"publication date must be YYYY-MM-DD, got {value!r}")
    try:
        date = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DataError(f"impossible publication date {value!r}: {exc}") from None
    if date > dt.date.today() + dt.timedelta(days=1):
        raise DataError(f"publication date {value!r} is in the future")
    if date.year < 1900:
        raise DataError(f"publication date {value!r} is before 1900")
    return date


def _split_header(text: str) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    header: dict[str, str] = {}
    for n, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[n + 1 :])
            return {}, text
        m = _HEADER_LINE.match(line)
        if not m or m.group("key").lower() not in HEADER_KEYS:
            return {}, text
        header[m.group("key").lower()] = m.group("value")
    return {}, text


def read_report(
    path: str | Path,
    *,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Article:
    """Read one report file (``-``: standard input) into an :class:`~geo.model.claims.Article`.

    Raises
    ------
    DataError
        If the file cannot be read, is too large, is not UTF-8 text, has no usable body, or
        has no (or an impossible) publication date.
    """
    file = Path(path)
    try:
        if str(path) == "-":  # standard input, read no further than the size limit allows
            data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
            size = len(data)
        else:
            size = file.stat().st_size
            data = b"" if size > MAX_ARTICLE_BYTES else file.read_bytes()
        if size > MAX_ARTICLE_BYTES:
            shown = f"{size / 1e6:.1f} MB" if str(path) != "-" else "over 1 MB"
            raise DataError(
                f"the file is {shown}; reports over "
                f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB are refused (split it into its articles)"
            )
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror or exc}") from None
    if b"\x00" in data:
        raise DataError("the file is binary data, not text")
    text = decode_utf8(data, "the file", encoding="utf-8-sig")  # a BOM is no part of it
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, body = _split_header(text)
    check_article_text(body)
    when = published if published is not None else header.get("published")
    if when is None or (isinstance(when, str) and not when.strip()):
        raise DataError(
            "no publication date: give --published YYYY-MM-DD or a 'Published:' header line"
        )
    date = when if isinstance(when, dt.date) else parse_published(when)
    return Article(
        text=body,
        published=date,
        outlet=outlet or header.get("outlet", ""),
        url=url or header.get("url") or None,
        title=title or header.get("title", ""),
    )
