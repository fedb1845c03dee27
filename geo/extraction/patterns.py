"""Regular expressions compiled when first used.

Some of the extractor's patterns are long (each number pattern of :mod:`geo.extraction.textnum`
spells out every number word several times: 20-70 ms to compile each) and only the texts that
hold a given word need them (a range needs "between", "from", "to" or "or"; a percentage a "%"
or "per cent"). Compiled at import, they cost every process, a one-report ingest included;
a :class:`LazyPattern` compiles on its first search, once per process.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

__all__ = ["LazyPattern"]


class LazyPattern:
    r"""``re.compile(pattern, flags)``, compiled on first use.

    Examples
    --------
    >>> digits = LazyPattern(r"\d+")
    >>> digits.compiled is None
    True
    >>> [m.group() for m in digits.finditer("4 killed, 12 wounded")]
    ['4', '12']
    >>> digits.compiled.pattern, digits.fullmatch("12a") is None
    ('\\d+', True)
    """

    __slots__ = ("_flags", "_source", "compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = pattern
        self._flags = flags
        self.compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> str:
        """The pattern string, as :attr:`re.Pattern.pattern` (compiles nothing)."""
        return self._source

    def _pattern(self) -> re.Pattern[str]:
        if self.compiled is None:
            self.compiled = re.compile(self._source, self._flags)
        return self.compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """:meth:`re.Pattern.search`."""
        return self._pattern().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """:meth:`re.Pattern.match`."""
        return self._pattern().match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        """:meth:`re.Pattern.fullmatch`."""
        return self._pattern().fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """:meth:`re.Pattern.finditer`."""
        return self._pattern().finditer(string, pos, endpos)
