"""The word lists shipped as data (``data/lexicon/*.tsv``) and the one reader for them.

Every vocabulary strikemap matches text against (months, stop words, person titles, compass
words, distance units, armed groups, actors, platforms, attribution cues ...) lives in exactly
one file of ``data/lexicon/``; :data:`LISTS` names each file and its columns. The modules that
use them (:mod:`gazetteer.lexicon`, :mod:`geo.extraction.vocab`) read them here, once per
process.

File format
-----------
UTF-8, tab-separated, no quoting. The first line that is neither blank nor a comment is the
header and must name the list's columns exactly; every later such line is one row with one
field per column. Lines starting with ``#`` are comments (provenance, the reasons for an
entry, section titles) and blank lines are skipped, wherever they are. A field has no space
before or after it. The first column is the row's key: it is never empty, and it appears once
per file (unless the reader is told otherwise, as for the demonyms, whose keys are unique once
folded).

Errors name the file and the line: a wrong header, a row with too many or too few fields, an
empty or padded field, a key listed twice, a ``yes``/``no`` or number column that holds
something else. A missing file raises :class:`FileNotFoundError`.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gazetteer.errors import DataError
from gazetteer.resources import data_path

__all__ = [
    "LEXICON_DIR",
    "LISTS",
    "WordTable",
    "alternation",
    "lexicon_path",
    "read_table",
    "read_words",
]

#: The folder that holds the word lists, ``lexicon/`` in strikemap's shipped data
#: (:func:`gazetteer.resources.data_path`): the one place their location is spelled out.
LEXICON_DIR = data_path("lexicon")

#: Every shipped list: its name (the file ``data/lexicon/<name>.tsv``) and its columns.
LISTS: dict[str, tuple[str, ...]] = {
    "actors": ("spelling", "actor", "organisation"),
    "ambiguous_words": ("word",),
    "attributions": ("cue", "label", "confidence"),
    "compass": ("word", "direction", "form", "bearing_deg"),
    "demonyms": ("demonym", "country_code", "kind"),
    "drone_platforms": ("platform",),
    "groups": ("spelling", "group", "organisation"),
    "location_cues": ("cue",),
    "months": ("word", "month", "form"),
    "organisations": ("name",),
    "person_titles": ("title",),
    "platforms": ("spelling", "platform"),
    "stop_words": ("word", "family"),
    "units": ("word", "unit"),
    "weekdays": ("word", "weekday", "form"),
}

_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True, slots=True)
class WordTable:
    """One list as read: its rows in file order, and the line each came from.

    ``rows[i]`` holds one string per column (empty for an empty field); ``lines[i]`` is its
    1-based line number in ``path``, for error messages.
    """

    path: Path
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]

    def column(self, name: str) -> tuple[str, ...]:
        """The values of one column, in file order.

        Raises
        ------
        KeyError
            If the table has no column `name`.

        Examples
        --------
        >>> read_table("months").column("word")[:3]
        ('january', 'february', 'march')
        """
        return tuple(row[self._index(name)] for row in self.rows)

    def flags(self, name: str) -> tuple[bool, ...]:
        """The values of a ``yes``/``no`` column as booleans.

        Raises
        ------
        gazetteer.errors.DataError
            If a value is neither ``yes`` nor ``no``; the message gives the file and line.

        Examples
        --------
        >>> dict(zip(read_table("groups").column("spelling"), read_table("groups").flags(
        ...     "organisation")))["islamic state in libya"]
        False
        """
        out = []
        index = self._index(name)
        for n, row in enumerate(self.rows):
            if row[index] not in ("yes", "no"):
                raise self.error(n, f"{name} {row[index]!r} is not 'yes' or 'no'")
            out.append(row[index] == "yes")
        return tuple(out)

    def numbers(
        self, name: str, *, low: float, high: float, empty: bool = False
    ) -> tuple[float | None, ...]:
        """The values of a number column, each checked to lie in ``[low, high]``.

        Parameters
        ----------
        name : str
            The column.
        low, high : float
            The bounds, both included.
        empty : bool, default False
            Whether an empty field is allowed (it gives ``None``).

        Raises
        ------
        gazetteer.errors.DataError
            If a value is not a finite number in range (or is empty when not allowed); the
            message gives the file and line.

        Examples
        --------
        >>> read_table("attributions").numbers("confidence", low=0, high=1)[:2]
        (0.5, 0.5)
        """
        out: list[float | None] = []
        index = self._index(name)
        for n, row in enumerate(self.rows):
            text = row[index]
            if not text and empty:
                out.append(None)
                continue
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not (math.isfinite(value) and low <= value <= high):
                raise self.error(n, f"{name} {text!r} is not a number from {low:g} to {high:g}")
            out.append(value)
        return tuple(out)

    def error(self, row: int, message: str) -> DataError:
        """A :class:`~gazetteer.errors.DataError` about row ``row``, naming file and line.

        Examples
        --------
        >>> table = read_table("units")
        >>> str(table.error(0, "bad")).endswith("units.tsv: line 5: bad")
        True
        """
        return DataError(f"{self.path}: line {self.lines[row]}: {message}")

    def _index(self, name: str) -> int:
        try:
            return self.columns.index(name)
        except ValueError:
            raise KeyError(
                f"{self.path.name} has no column {name!r}; it has {self.columns}"
            ) from None


def lexicon_path(name: str) -> Path:
    """The file of a shipped list.

    Examples
    --------
    >>> lexicon_path("compass").parts[-2:]
    ('lexicon', 'compass.tsv')
    """
    return LEXICON_DIR / f"{name}.tsv"


def read_table(
    source: str | os.PathLike[str],
    columns: Sequence[str] | None = None,
    *,
    unique: bool = True,
) -> WordTable:
    """Read a word list: a shipped one by name, or any file in the same format.

    Each file is parsed once per process (for the same columns and `unique`); later calls
    return the same table.

    Parameters
    ----------
    source : str or os.PathLike
        The name of a shipped list (a key of :data:`LISTS`, e.g. ``"groups"``), or the path
        of a file.
    columns : sequence of str, optional
        The columns the header must name, in order. Required for a path; for a shipped list
        it defaults to the list's columns and, if given, must equal them.
    unique : bool, default True
        Whether the first column's values must be distinct.

    Returns
    -------
    WordTable

    Raises
    ------
    KeyError
        If `source` is a string that names no shipped list.
    ValueError
        If `columns` is missing for a path, or disagrees with a shipped list's columns.
    FileNotFoundError
        If the file does not exist.
    gazetteer.errors.DataError
        If the file is empty, its header is wrong, or a row is malformed (see the module
        notes). The message gives the file and the line.

    Examples
    --------
    >>> table = read_table("units")
    >>> table.columns, table.rows[:2]
    (('word', 'unit'), (('mile', 'mi'), ('miles', 'mi')))
    """
    if isinstance(source, str):
        if not _NAME.fullmatch(source) or source not in LISTS:
            raise KeyError(
                f"no word list is called {source!r}; the lists are {', '.join(sorted(LISTS))} "
                "(pass a pathlib.Path to read another file)"
            )
        expected = LISTS[source]
        if columns is not None and tuple(columns) != expected:
            raise ValueError(
                f"columns {tuple(columns)!r} disagree with the {source!r} list's {expected!r}"
            )
        return _read(lexicon_path(source), expected, unique)
    if columns is None:
        raise ValueError(f"columns are needed to read {os.fspath(source)!r}")
    return _read(Path(source).resolve(), tuple(columns), unique)


def read_words(source: str | os.PathLike[str], column: str | None = None) -> tuple[str, ...]:
    """The entries of a one-column list, in file order.

    Parameters
    ----------
    source : str or os.PathLike
        A shipped list's name, or a path (then `column` names its one column).
    column : str, optional
        The header of the one column; a shipped list's own by default.

    Raises
    ------
    ValueError
        If the list has more than one column.
    FileNotFoundError, gazetteer.errors.DataError
        As :func:`read_table`.

    Examples
    --------
    >>> read_words("drone_platforms")[:2]
    ('MQ-9 Reaper', 'MQ-1 Predator')
    """
    if isinstance(source, str) and column is None and source in LISTS:
        columns = LISTS[source]
    else:
        columns = (column or "word",)
    if len(columns) != 1:
        raise ValueError(f"{source!r} has the columns {columns!r}; use read_table for it")
    return read_table(source, columns).column(columns[0])


def alternation(words: Iterable[str]) -> str:
    r"""A regular-expression alternation of the words, escaped, longest first.

    Words of equal length keep their order. Put it in a group: ``rf"(?:{alternation(w)})"``.

    Examples
    --------
    >>> alternation(["mi", "miles", "km", "kms"])
    'miles|kms|mi|km'
    >>> print(alternation(["us", "u.s."]))
    u\.s\.|us
    """
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _tab(fields: Sequence[str]) -> str:
    return "\t".join(fields)


@functools.lru_cache(maxsize=64)
def _read(path: Path, columns: tuple[str, ...], unique: bool) -> WordTable:
    header: list[str] | None = None
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    first_line: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            if tuple(header) != columns:
                raise DataError(
                    f"{path}: line {number}: header must be {_tab(columns)!r}, got {line!r}; "
                    "fix the first row of the file"
                )
            continue
        if len(fields) != len(columns):
            how = (
                f"separate {', '.join(columns[:-1])} and {columns[-1]} with tabs"
                if len(columns) > 1
                else f"a {columns[0]} holds no tab"
            )
            raise DataError(
                f"{path}: line {number}: expected {len(columns)} tab-separated "
                f"field{'s' if len(columns) > 1 else ''}, got {len(fields)} in {line!r}; {how}"
            )
        for name, value in zip(columns, fields, strict=True):
            if value != value.strip():
                raise DataError(
                    f"{path}: line {number}: {name} {value!r} has spaces around it; remove them"
                )
        key = fields[0]
        if not key:
            raise DataError(f"{path}: line {number}: the {columns[0]} is empty; fill it in")
        if unique:
            if key in first_line:
                raise DataError(
                    f"{path}: line {number}: {columns[0]} {key!r} is listed twice (first on "
                    f"line {first_line[key]}); keep one row"
                )
            first_line[key] = number
        rows.append(tuple(fields))
        lines.append(number)
    if header is None:
        raise DataError(f"{path}: the file is empty; it needs the header {_tab(columns)!r}")
    return WordTable(path, columns, tuple(rows), tuple(lines))
