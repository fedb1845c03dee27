"""Position queries over spans of a text, in logarithmic time.

The extractor asks, for every event mention, which dates, figures and place names lie in its
clause, and whether a position falls inside a group's name. Asked by scanning every span of
the report, those questions cost the report's length each time, and the report's length
squared in all; :class:`SpanIndex` answers them by bisection.

Examples
--------
>>> from geo.model.claims import Quote
>>> index = SpanIndex([Quote(0, 4, "Sirte"), Quote(10, 16, "Murzuq"), Quote(12, 30, "x")])
>>> [q.text for q in index.within(5, 20)]
['Murzuq']
>>> index.covers(13), index.covers(8)
(True, False)
>>> index.overlaps(3, 5), index.overlaps(4, 10)
(True, False)
>>> index.contains(12, 25), index.contains(9, 12)
(True, False)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Generic, Protocol, TypeVar

__all__ = ["SpanIndex", "any_between"]


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


class SpanIndex(Generic[S]):
    """Spans sorted by start (ties in any order), queried by position.

    Every query returns what a scan of the list in its order would: items come back in list
    order, and the yes/no questions hold exactly when some item of the list satisfies them.

    Parameters
    ----------
    items
        The spans, each with integer ``start`` and ``end`` (``start <= end``), sorted by
        ``start``.

    Raises
    ------
    ValueError
        If the items are not sorted by start.
    """

    __slots__ = ("_ends_max", "_starts", "items")

    def __init__(self, items: Iterable[S]) -> None:
        self.items: list[S] = list(items)
        self._starts = [s.start for s in self.items]
        if any(a > b for a, b in zip(self._starts, self._starts[1:], strict=False)):
            raise ValueError("SpanIndex items must be sorted by start")
        # the largest end among the first k items: "does any item up to here reach past x?"
        self._ends_max = list(accumulate((s.end for s in self.items), max))

    def __len__(self) -> int:
        return len(self.items)

    def starting(self, lo: int, hi: int) -> list[S]:
        """The items with ``lo <= start < hi``, in list order."""
        return self.items[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]

    def within(self, lo: int, hi: int) -> list[S]:
        """The items with ``lo <= start`` and ``end <= hi``, in list order."""
        first, last = bisect_left(self._starts, lo), bisect_right(self._starts, hi)
        return [s for s in self.items[first:last] if s.end <= hi]

    def before(self, pos: int) -> int:
        """How many items start at or before ``pos`` (those that may end by ``pos``)."""
        return bisect_right(self._starts, pos)

    def covers(self, pos: int) -> bool:
        """Whether some item has ``start <= pos < end``."""
        k = bisect_right(self._starts, pos)
        return k > 0 and self._ends_max[k - 1] > pos

    def overlaps(self, lo: int, hi: int) -> bool:
        """Whether some item has ``start < hi`` and ``lo < end``."""
        k = bisect_left(self._starts, hi)
        return k > 0 and self._ends_max[k - 1] > lo

    def contains(self, lo: int, hi: int) -> bool:
        """Whether some item has ``start <= lo`` and ``hi <= end``."""
        k = bisect_right(self._starts, lo)
        return k > 0 and self._ends_max[k - 1] >= hi


def any_between(values: Sequence[int], lo: int, hi: int) -> bool:
    """Whether the sorted ``values`` hold one with ``lo <= value < hi``.

    >>> any_between([3, 9, 20], 4, 9), any_between([3, 9, 20], 4, 10)
    (False, True)
    """
    k = bisect_left(values, lo)
    return k < len(values) and values[k] < hi
