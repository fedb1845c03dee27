r"""Untrusted input: show it safely on a terminal, quote it safely in errors, parse it safely.

Text from reports, datasets and the command line may carry terminal escape sequences
(``"\x1b]0;pwned\x07"`` retitles a window), bidirectional overrides that make a line read
differently from what it holds, megabytes of one value, or JSON nested ten thousand deep.

- :func:`printable` shows every control character visibly, for any text the CLI prints.
- :func:`short_repr` is the ``repr`` for error messages: bounded in length and depth.
- :func:`load_json` parses JSON text with a depth limit and no ``NaN``/``Infinity``.
"""

from __future__ import annotations

import json
import re
import reprlib
from typing import Any

from gazetteer.errors import DataError, StrikemapError

__all__ = [
    "MAX_JSON_DEPTH",
    "internal_error",
    "json_depth",
    "load_json",
    "printable",
    "printable_json",
    "short_repr",
]

MAX_JSON_DEPTH = 100

# C0 controls (tab and newline too: a printed field stays one field on one line), DEL, C1
# controls, the invisible characters that reorder or hide text (bidi embeddings, overrides,
# isolates and marks, line/paragraph separators, zero-width and BOM) and lone surrogates
# (from command-line arguments or file names that are not UTF-8, or JSON "\\ud800").
_CONTROLS = [
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x061C,
    *range(0x200B, 0x2010),
    *range(0x2028, 0x202F),
    *range(0x2060, 0x2070),
    *range(0xD800, 0xE000),  # lone surrogates: a UTF-8 stream cannot even carry them
    0xFEFF,
]
_VISIBLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROLS}
_JSON_VISIBLE = {c: f"\\u{c:04x}" for c in _CONTROLS if c >= 0x7F}  # json escapes C0 itself


def printable(text: object) -> str:
    r"""``text`` with every control, bidi and invisible format character shown as an escape.

    Use it on anything from a report, a dataset or the command line that goes to a terminal.

    Examples
    --------
    >>> printable("Gulf News\x1b]0;pwned\x07")
    'Gulf News\\x1b]0;pwned\\x07'
    >>> printable("evil\u202etxt.exe"), printable("tab\there")
    ('evil\\u202etxt.exe', 'tab\\x09here')
    >>> printable("Agadès, Niger — 110 km")
    'Agadès, Niger — 110 km'
    """
    text = str(text)
    if text.isascii() and text.isprintable():  # no control character: the common case, fast
        return text
    return text.translate(_VISIBLE)


def printable_json(data: Any, **options: Any) -> str:
    r"""``json.dumps(data, ensure_ascii=False, **options)`` with control characters escaped.

    ``json`` escapes C0 controls itself; this also escapes DEL, C1 controls (``\x9b`` is a
    one-byte CSI) and bidi overrides, as ``\uXXXX`` inside the strings, so it stays valid JSON.

    Examples
    --------
    >>> printable_json({"outlet": "A\x9b2J\u202e"})
    '{"outlet": "A\\u009b2J\\u202e"}'
    """
    return json.dumps(data, ensure_ascii=False, **options).translate(_JSON_VISIBLE)


class _Repr(reprlib.Repr):
    def repr_dict(self, x: dict[Any, Any], level: int) -> str:
        """Keys in their order, as ``repr`` shows them (``reprlib`` sorts them)."""
        if not x:
            return "{}"
        if level <= 0:
            return "{...}"
        shown = [
            f"{self.repr1(k, level - 1)}: {self.repr1(v, level - 1)}"
            for k, v in list(x.items())[: self.maxdict]
        ]
        more = ", ..." if len(x) > self.maxdict else ""
        return "{" + ", ".join(shown) + more + "}"


_REPR = _Repr()
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlong = 40
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6


def short_repr(value: object) -> str:
    r"""``repr(value)`` for an error message: at most about 80 characters, 3 levels deep.

    Examples
    --------
    >>> short_repr("x" * 500)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"
    >>> short_repr(10**400)
    '100000000000...0000 (401 digits)'
    >>> short_repr([[[[[1]]]]]), short_repr(float("inf")), short_repr("\x1b[2J")
    ('[[[[...]]]]', 'inf', "'\\x1b[2J'")
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        if value.bit_length() > 14_000:  # str() refuses more than 4,300 digits
            return f"<a whole number of about {value.bit_length() * 0.30103:,.0f} digits>"
        text = str(value)
        return f"{text[:12]}...{text[-4:]} ({len(text.lstrip('-')):,} digits)"
    return printable(_REPR.repr(value))  # reprlib copes with a failing __repr__


# A string (with its escapes; unterminated, it runs to the end), or one bracket: enough to
# measure nesting in one linear pass.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]+|\\.)*"?|[\[\]{}]', re.DOTALL)


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of JSON ``text`` nest (0 for a scalar).

    Examples
    --------
    >>> json_depth('{"a": [1, [2]], "b": "[[[["}')
    3
    """
    depth = deepest = 0
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_json(
    text: str,
    where: str = "",
    *,
    max_depth: int = MAX_JSON_DEPTH,
    error: type[StrikemapError] = DataError,
) -> Any:
    """Parse JSON ``text``, refusing what strict JSON refuses and nesting beyond ``max_depth``.

    ``where`` (a file name, ``"batch.jsonl:3"``) starts the error message when given.

    Raises
    ------
    DataError
        (or ``error``) naming ``where``: invalid JSON, ``NaN``/``Infinity``, a number with
        more than 4,300 digits, or arrays/objects nested more than ``max_depth`` deep.

    Examples
    --------
    >>> load_json('{"spans": [[0, 5]]}', "line 1")
    {'spans': [[0, 5]]}
    >>> load_json("[" * 101 + "]" * 101, "line 2")
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: line 2: JSON nested 101 levels deep; at most 100 are allowed
    >>> load_json("[0, Infinity]", "line 3")
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: line 3: not valid JSON: Infinity is not a JSON number
    """
    at = f"{where}: " if where else ""
    depth = json_depth(text)
    if depth > max_depth:
        raise error(f"{at}JSON nested {depth} levels deep; at most {max_depth} are allowed")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:  # unreachable after the depth check; kept as a guard
        raise error(f"{at}JSON nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, NaN/Infinity, a 5,000-digit number
        raise error(f"{at}not valid JSON: {printable(exc)}") from None


def internal_error(exc: BaseException) -> str:
    """One line for an unexpected exception: a bug, said to be one, with its type and text.

    Batches report it for the item that raised it and go on with the next item.

    Examples
    --------
    >>> internal_error(KeyError(("russian", "georgia")))
    "internal error (a bug in strikemap; please report it): KeyError: ('russian', 'georgia')"
    """
    detail = printable(" ".join(str(exc).split()))
    if len(detail) > 300:
        detail = detail[:299] + "…"
    return f"internal error (a bug in strikemap; please report it): {type(exc).__name__}: {detail}"
