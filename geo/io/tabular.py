"""What every export format shares: each incident's row, its geometry and the encoders.

:mod:`geo.io.export` (GeoJSON, CSV), :mod:`geo.io.gpkg` and :mod:`geo.io.kml` render the
same facts: :class:`ExportTable` computes them once per export, vectorised over the
incidents where it can (first-level divisions, the nearest launch site, uncertainty areas,
distance lines), and gives each incident's fields by our names (:meth:`ExportTable.row`).
The rounding (:func:`coordinate`, :func:`tenth`), the JSON encoders (:func:`json_line`,
:func:`json_bytes`), the CSV cell (:func:`csv_cell`) and the handling of text that is not
valid Unicode (:func:`replace_surrogates`) are the ones every format uses.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import enum
import functools
import gc
import json
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import orjson

from gazetteer.geodesy import KM_PER_MILE
from gazetteer.serialization import to_json
from geo.io.acled import iso_countries
from geo.model.filters import DIVISION_PRECISIONS as _DIVISION_PRECISIONS
from geo.model.records import DatePrecision, LocationPrecision, Site, SiteKind, Source, SourceClaim
from geo.store.database import ArticleOrigin, StoredArticle, StoredClaim

if TYPE_CHECKING:
    from geo.io.export import ExportAggregate, ExportData
    from geo.maps.areas import WkbColumn

__all__ = [
    "AREA_PRECISIONS",
    "COORDINATE_DECIMALS",
    "DIVISION_PRECISIONS",
    "ExportTable",
    "Nearest",
    "area_count",
    "coordinate",
    "csv_cell",
    "export_metadata",
    "has_surrogates",
    "in_bulk",
    "json_bytes",
    "json_line",
    "paused_gc",
    "plain",
    "ready",
    "ready_source_entry",
    "replace_surrogates",
    "rounded",
    "said_entry",
    "source_entry",
    "tenth",
    "utf8",
]

#: Decimal places of exported coordinates: 5 places is about 1.1 m at the equator.
COORDINATE_DECIMALS = 5

#: Precise enough that the point lies in the named division (the filters' own, so the
#: ``admin1`` column and a filter by division agree).
DIVISION_PRECISIONS = _DIVISION_PRECISIONS
#: The map draws these as areas; the exports give them uncertainty polygons too.
AREA_PRECISIONS = frozenset(
    {
        LocationPrecision.NEAR_TOWN,
        LocationPrecision.DISTRICT,
        LocationPrecision.REGION,
        LocationPrecision.COUNTRY,
    }
)

# ACLED's codes of each precision, looked up once (the enums' properties build a table a
# call), and the precision sets, by the precisions' values: an enum member's hash is a Python
# call, its value's a field of the string
_TIME_CODE = {p._value_: p.acled_time_precision for p in DatePrecision}
_GEO_CODE = {p._value_: p.acled_geo_precision for p in LocationPrecision}
_DIVISION_VALUES = frozenset(p._value_ for p in DIVISION_PRECISIONS)
_AREA_VALUES = frozenset(p._value_ for p in AREA_PRECISIONS)


# --- garbage collection ----------------------------------------------------------------------


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while an export builds its rows.

    The rows are plain dicts, lists and strings without cycles: reference counting frees
    them. With the collector on, each batch of new objects makes it walk every record loaded
    (a million objects for 100,000 incidents), which doubles the time of a large export.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_F = TypeVar("_F", bound=Callable[..., Any])


def in_bulk(function: _F) -> _F:
    """Run ``function`` with the garbage collector paused (see :func:`paused_gc`)."""

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        with paused_gc():
            return function(*args, **kwargs)

    return cast(_F, paused)


# --- rounding --------------------------------------------------------------------------------


def coordinate(value: float) -> float:
    """A longitude or latitude rounded to :data:`COORDINATE_DECIMALS` places.

    Examples
    --------
    >>> coordinate(13.912345678), coordinate(-0.000001)
    (13.91235, -0.0)
    """
    return round(float(value), COORDINATE_DECIMALS)


def tenth(value: float | None) -> float | None:
    """A distance or radius rounded to 0.1 (``None`` stays ``None``).

    Examples
    --------
    >>> tenth(775.96), tenth(None)
    (776.0, None)
    """
    return None if value is None else round(float(value), 1)


def rounded(values: Any, digits: int) -> list[float]:
    """``round(float(v), digits)`` of each value, as a list, vectorised: the same floats.

    Python's ``round`` is correctly rounded: the decimal nearest to the exact binary value
    (half to even), then the float nearest to that decimal. numpy's ``rint(x * 10**d) /
    10**d`` gives the same float wherever ``x * 10**d`` is clearly away from a half (its
    rounding error cannot move it across one, and the division by an exact power of ten is
    itself correctly rounded); the few values near a half, and any too large or not finite,
    go through ``round`` itself. For the coordinates, distances and radii of a large export
    (about a tenth of the time of ``round`` a value).

    Examples
    --------
    >>> rounded([13.912345678, 2.675, 0.125, -0.000001, float("nan")], 2)
    [13.91, 2.67, 0.12, -0.0, nan]
    >>> rounded([775.96], 1) == [round(775.96, 1)]
    True
    """
    import numpy as np

    x = np.asarray(values, dtype=np.float64).reshape(-1)
    scale = 10.0**digits
    scaled = x * scale
    out = (np.rint(scaled) / scale).tolist()
    with np.errstate(invalid="ignore"):
        # distance from the nearest half, against a bound of the product's rounding error
        away = np.abs(scaled - np.floor(scaled) - 0.5) > np.abs(scaled) * 2.0**-50 + 1e-12
        sure = away & (np.abs(scaled) < 2.0**52)  # false for nan and inf
    for k in np.flatnonzero(~sure).tolist():
        out[k] = round(float(x[k]), digits)
    return out


def area_count(incidents: Sequence[Any]) -> int:
    """How many of the incidents (with a place) are known only to an area (:data:`AREA_PRECISIONS`).

    Counted by the precisions' values (an enum member's hash is a Python call), read in C.

    Examples
    --------
    >>> from types import SimpleNamespace as Record
    >>> near = Record(precision=LocationPrecision.NEAR_TOWN)
    >>> town = Record(precision=LocationPrecision.TOWN)
    >>> area_count([Record(place=near), Record(place=town), Record(place=None), Record(place=near)])
    2
    """
    try:
        values = list(map(operator.attrgetter("place.precision._value_"), incidents))
    except AttributeError:  # an incident without a place
        values = [i.place.precision._value_ for i in incidents if i.place is not None]
    counts = collections.Counter(values)
    return sum(counts[value] for value in _AREA_VALUES)


def _round_each(values: list[Any], digits: int) -> list[Any]:
    """``round(v, digits)`` of each value: by :func:`rounded` when every value is a float.

    Examples
    --------
    >>> _round_each([0.87654, 1.0], 3), _round_each([1, 0.5], 0)
    ([0.877, 1.0], [1, 0.0])
    """
    if set(map(type, values)) == {float}:
        return rounded(values, digits)
    return [round(v, digits) for v in values]


# --- text and encoders -----------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str, replacement: str = "\ufffd") -> str:
    r"""``text`` with each lone surrogate (not valid Unicode) replaced, U+FFFD by default.

    Examples
    --------
    >>> replace_surrogates("Sirte \ud800!")
    'Sirte \ufffd!'
    """
    if text.isascii():
        return text
    return _SURROGATE.sub(replacement, text)


def has_surrogates(text: str) -> bool:
    r"""Whether ``text`` holds a lone surrogate (not valid Unicode; ASCII is looked at no further).

    Examples
    --------
    >>> has_surrogates("Sirte"), has_surrogates("Sabha \u2013"), has_surrogates("\ud800")
    (False, False, True)
    """
    return not text.isascii() and _SURROGATE.search(text) is not None


def utf8(text: str) -> bytes:
    """UTF-8 bytes; a lone surrogate (invalid Unicode) becomes U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return replace_surrogates(text).encode("utf-8")


def json_line(value: Any) -> str:
    r"""Compact JSON with sorted keys, on one line (orjson: about 20 times the stdlib's speed).

    Text that is not valid Unicode (a lone surrogate, which orjson refuses) is written with
    the surrogate as a ``\uXXXX`` escape: the JSON stays valid UTF-8 and reads back the same.

    Examples
    --------
    >>> json_line({"b": [1, 2.5], "a": "Murzuq"})
    '{"a":"Murzuq","b":[1,2.5]}'
    >>> json_line({"text": "lone \ud800"})
    '{"text":"lone \\ud800"}'
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except orjson.JSONEncodeError:
        text = json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=plain
        )
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_bytes(value: Any) -> bytes:
    """:func:`json_line` as UTF-8 bytes."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return json_line(value).encode("utf-8")


def csv_cell(value: Any) -> str:
    """A value as a CSV or KML text cell.

    ``None`` is empty, booleans are ``true``/``false``, floats their ``repr`` (the shortest
    text that reads back the same).

    Examples
    --------
    >>> [csv_cell(v) for v in (None, True, 0.1, 8, "Murzuq")]
    ['', 'true', '0.1', '8', 'Murzuq']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


_AS_IS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """``value`` as plain JSON values, exactly as :func:`gazetteer.serialization.to_json`.

    The same rules (records by their fields and JSON options, enums as their values, dates
    in ISO, tuples as lists), several times faster on records: each record class gets an
    encoder made once from its fields (:func:`_record_encoder`), and plain values return at
    once. An export encodes every source claim of every incident with it.

    Examples
    --------
    >>> from geo.model.claims import Quote
    >>> plain((Quote(0, 6, "Murzuq"), dt.date(2019, 9, 19), DatePrecision.DAY))
    [{'start': 0, 'end': 6, 'text': 'Murzuq'}, '2019-09-19', 'day']
    """
    kind = value.__class__
    if kind in _AS_IS:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


def _items(value: Any) -> list[Any]:
    return [v if v.__class__ in _AS_IS else plain(v) for v in value]


# each class's converter for plain(), made on first use
_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


def _converter(kind: type) -> Callable[[Any], Any]:
    if issubclass(kind, tuple | list) and not dataclasses.is_dataclass(kind):
        return _items if kind in (tuple, list) else to_json
    encoder = _record_encoder(kind)
    if encoder is not None:
        return encoder
    if issubclass(kind, enum.Enum):
        return operator.attrgetter("_value_")
    if issubclass(kind, dt.date):
        return kind.isoformat  # type: ignore[no-any-return]
    return to_json  # mappings and anything else: the serializer's own rule


def _record_encoder(kind: type) -> Callable[[Any], dict[str, Any]] | None:
    """A function that encodes a ``kind`` record as :func:`plain` does (``None``: no record).

    Made once per class (:func:`plain` keeps it) from its fields and their JSON options
    (``round``, ``omit_default``, ``flatten``): one function without a loop over the fields.
    The generated source holds field names only (identifiers of our own record classes),
    never data.
    """
    if not dataclasses.is_dataclass(kind):
        return None
    lines = ["def encode(value):", "    out = {}"]
    defaults: dict[str, Any] = {}
    for n, f in enumerate(dataclasses.fields(kind)):
        if not f.name.isidentifier():  # pragma: no cover - dataclass fields always are
            raise TypeError(f"field {f.name!r} of {kind.__name__} is not an identifier")
        options = f.metadata.get("json")
        get = f"item = value.{f.name}"
        simple = "item if item.__class__ in AS_IS else plain(item)"
        if options is None:
            lines += [f"    {get}", f"    out[{f.name!r}] = {simple}"]
            continue
        lines.append(f"    {get}")
        indent = "    "
        if options["omit_default"]:
            defaults[f"default_{n}"] = f.default
            lines.append(f"    if not item == default_{n}:")
            indent = "        "
        if options["flatten"]:
            lines.append(f"{indent}if item is not None: out.update(plain(item))")
        elif options["round"] is not None:
            lines += [
                f"{indent}if isinstance(item, (float, int)):",
                f"{indent}    out[{f.name!r}] = round(item, {int(options['round'])})",
                f"{indent}else:",
                f"{indent}    out[{f.name!r}] = {simple}",
            ]
        else:
            lines.append(f"{indent}out[{f.name!r}] = {simple}")
    lines.append("    return out")
    namespace: dict[str, Any] = {"AS_IS": _AS_IS, "plain": plain, **defaults}
    exec(compile("\n".join(lines), f"<encoder of {kind.__qualname__}>", "exec"), namespace)  # noqa: S102
    return cast(Callable[[Any], dict[str, Any]], namespace["encode"])


# --- orjson-ready records ---------------------------------------------------------------------

#: Values orjson writes as :func:`plain` would have them: enums by value, dates in ISO.
_READY_TYPES = (str, int, float, bool, type(None))


def ready(value: Any) -> Any:
    """``value`` ready for orjson: the JSON :func:`plain` gives, but enums and dates kept.

    orjson writes an enum as its value, a date in ISO and a tuple as an array, as
    :func:`plain` does, so a record's encoder leaves those to it and builds only the
    records' dicts (each class's encoder made once from its fields' types,
    :func:`_ready_encoder`; an enum field of its declared class is given as its value,
    ``_value_``, which spares orjson a call of the enum's ``value`` property):
    :func:`json_line` of the result is the same text as of :func:`plain`'s, made in about a
    fifth less time. Not for the standard library's ``json`` but through
    :func:`json_line`/:func:`json_bytes` (their fallback converts what is left).

    Examples
    --------
    >>> from geo.model.claims import Quote
    >>> ready((Quote(0, 6, "Murzuq"), DatePrecision.DAY))
    [{'start': 0, 'end': 6, 'text': 'Murzuq'}, <DatePrecision.DAY: 'day'>]
    >>> json_line(ready(Quote(0, 6, "Murzuq"))) == json_line(plain(Quote(0, 6, "Murzuq")))
    True
    """
    kind = value.__class__
    encode = _READY.get(kind)
    if encode is None:
        encode = _READY[kind] = _ready_encoder(kind) or _ready_fallback(kind)
    return encode(value)


def _ready_fallback(kind: type) -> Callable[[Any], Any]:
    if kind in _AS_IS or issubclass(kind, enum.Enum) or kind is dt.date:
        return _identity
    if kind in (tuple, list):
        return lambda items: [ready(v) for v in items]
    return plain


def _identity(value: Any) -> Any:
    return value


_READY: dict[type, Callable[[Any], Any]] = {}


def _ready_expression(
    hint: Any, get: str, namespace: dict[str, Any], depth: int = 0, *, sort: bool = False
) -> str:
    """Python source that makes a value orjson-ready, from the field's type ``hint``.

    ``get`` is the source that reads the value (``value.place``); the expression reads it
    once, into a local name of its own (an assignment expression). A nested record whose
    fields need no statement (no field omitted when default, none flattened) is built in
    place, as a dict display (:func:`_inline_record`), not through a call of :func:`ready`.
    An enum of the declared class is given as its value (``_value_``, what orjson writes, read
    without the enum's ``value`` property that orjson would call). ``sort``: for
    :func:`_sorted_entry_encoder`, whose JSON orjson writes with :data:`_SOURCES_OPTIONS`:
    nested records' displays in the order of their keys, rounded numbers through the
    export's memo, dates in ISO, and values of a JSON type (text, numbers, booleans, ``None``
    and tuples of them) as they are, unchecked: orjson writes any of those as :func:`ready`
    would have them, and refuses a record or a date where one is not expected (the caller
    then takes :func:`ready`'s way).
    """
    import types
    import typing

    fallback = "ready"
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if get.isidentifier():  # a local name already: read it as it is
        local, bind = get, get
    else:
        local = _local_name(namespace)
        bind = f"({local} := {get})"
    if origin in (types.UnionType, typing.Union):
        kinds = [a for a in args if a is not type(None)]
        if len(kinds) == 1:  # X | None
            inner = _ready_expression(kinds[0], local, namespace, depth, sort=sort)
            if inner == local:
                return get
            return f"(None if {bind} is None else {inner})"
        return f"{fallback}({get})"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        kind = _name_of(hint, namespace)
        return f"({local}._value_ if {bind}.__class__ is {kind} else {fallback}({local}))"
    if sort and hint in _READY_TYPES:
        return get
    if sort and hint is dt.date:
        kind = _name_of(hint, namespace)
        return f"({local}.isoformat() if {bind}.__class__ is {kind} else {fallback}({local}))"
    if hint in _READY_TYPES or hint is dt.date:
        # a value of another class than declared still goes through ready()
        kind = _name_of(hint, namespace)
        return f"({local} if {bind}.__class__ is {kind} else {fallback}({local}))"
    if sort and origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] in _READY_TYPES:
            return get  # tuple[str, ...]: orjson writes the tuple as an array
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # tuple[X, ...]
        item = _local_name(namespace)
        inner = _ready_expression(args[0], item, namespace, depth, sort=sort)
        return f"[{inner} for {item} in {get}]"
    inline = _inline_record(hint, local, namespace, depth, sort=sort)
    if inline is not None:
        kind = _name_of(hint, namespace)
        return f"({inline} if {bind}.__class__ is {kind} else {fallback}({local}))"
    return f"{fallback}({get})"  # records and anything else


def _rounding(get: str, digits: int, namespace: dict[str, Any], *, sort: bool) -> str:
    """Source that rounds the number ``get`` reads as a field's ``round`` option says.

    ``sort``: a float is looked up in the export's memo of its digits (``memo_<digits>``,
    :func:`_round_into` fills it): Python's ``round`` to a number of places is slow (a
    correctly rounded decimal conversion) and an export rounds the same coordinates, radii
    and confidences again and again.
    """
    local = _local_name(namespace)
    if not sort:
        return (
            f"(round({local}, {digits}) if isinstance({local} := {get}, (float, int)) "
            f"else ready({local}))"
        )
    memo, hit = f"memo_{digits}", _local_name(namespace)
    namespace.setdefault("__digits__", set()).add(digits)
    return (
        f"({hit} if ({local} := {get}).__class__ is float and "
        f"({hit} := {memo}.get({local})) is not None else "
        f"round_into({local}, {digits}, {memo}))"
    )


def _inline_record(
    kind: Any, name: str, namespace: dict[str, Any], depth: int, *, sort: bool = False
) -> str | None:
    """A dict display of the record ``name`` (of class ``kind``) as :func:`ready` gives it.

    ``None`` when it cannot be one expression: not a record, a field omitted when default or
    flattened, type hints that do not resolve, or records nested more than two deep.
    ``sort``: the keys in order (see :func:`_ready_expression`).
    """
    import typing

    if depth >= 2 or not isinstance(kind, type) or not dataclasses.is_dataclass(kind):
        return None
    fields = dataclasses.fields(kind)
    options = [f.metadata.get("json") or {} for f in fields]
    if any(o.get("flatten") or o.get("omit_default") for o in options):
        return None
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError):  # pragma: no cover - our records' hints resolve
        return None
    entries = {}
    for f, option in zip(fields, options, strict=True):
        if not f.name.isidentifier():  # pragma: no cover - dataclass fields always are
            raise TypeError(f"field {f.name!r} of {kind.__name__} is not an identifier")
        get = f"{name}.{f.name}"
        if option.get("round") is not None:
            expr = _rounding(get, int(option["round"]), namespace, sort=sort)
        else:
            expr = _ready_expression(hints[f.name], get, namespace, depth + 1, sort=sort)
        entries[f.name] = expr
    names = sorted(entries) if sort else list(entries)
    return "{" + ", ".join(f"{n!r}: {entries[n]}" for n in names) + "}"


def _local_name(namespace: dict[str, Any]) -> str:
    """A local variable name for generated code, new in ``namespace``'s function."""
    count = namespace["__locals__"] = namespace.get("__locals__", 0) + 1
    return f"v_{count}"


def _name_of(kind: type, namespace: dict[str, Any]) -> str:
    name = f"class_{len(namespace)}"
    namespace[name] = kind
    return name


def _field_expressions(
    kind: type, fields: Sequence[dataclasses.Field[Any]], namespace: dict[str, Any], *, sort: bool
) -> list[tuple[str, str, str | None]] | None:
    """Each field's name, encoding expression and ``omit_default`` default (namespace name).

    The expression encodes ``value.<name>`` by the field's ``round`` option, else by
    :func:`_ready_expression` of its type hint; the default's name is None without
    ``omit_default``.

    None when a field is flattened or the hints do not resolve (the record then goes through
    :func:`plain` or :func:`ready`). Shared by :func:`_ready_encoder` and
    :func:`_sorted_entry_encoder`.
    """
    import typing

    if any((f.metadata.get("json") or {}).get("flatten") for f in fields):
        return None
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError):  # pragma: no cover - our records' hints resolve
        return None
    planned = []
    for f in fields:
        if not f.name.isidentifier():  # pragma: no cover - dataclass fields always are
            raise TypeError(f"field {f.name!r} of {kind.__name__} is not an identifier")
        options = f.metadata.get("json") or {}
        get = f"value.{f.name}"
        if options.get("round") is not None:
            expr = _rounding(get, int(options["round"]), namespace, sort=sort)
        else:
            expr = _ready_expression(hints[f.name], get, namespace, sort=sort)
        default = None
        if options.get("omit_default"):
            default = f"default_{len(namespace)}"
            namespace[default] = f.default
        planned.append((f.name, expr, default))
    return planned


def _ready_encoder(kind: type) -> Callable[[Any], dict[str, Any]] | None:
    """A function that makes a ``kind`` record orjson-ready (see :func:`ready`).

    Made once per class from its fields, their type hints and JSON options, as
    :func:`_record_encoder` is: one dict display of the fields, each value taken as it is
    when its class is the declared one (text, numbers, enums, dates), nested records and
    tuples converted. ``None``: not a record, or one with a flattened field (those go
    through :func:`plain`).
    """
    if not dataclasses.is_dataclass(kind):
        return None
    namespace: dict[str, Any] = {"ready": ready}
    planned = _field_expressions(kind, dataclasses.fields(kind), namespace, sort=False)
    if planned is None:
        return None
    entries, omitted = [], []
    for name, expr, default in planned:
        if default is not None:
            omitted.append(f"    if not value.{name} == {default}: out[{name!r}] = {expr}")
        else:
            entries.append(f"{name!r}: {expr}")
    lines = [
        "def encode(value):",
        f"    out = {{{', '.join(entries)}}}",
        *omitted,
        "    return out",
    ]
    exec(compile("\n".join(lines), f"<ready encoder of {kind.__qualname__}>", "exec"), namespace)  # noqa: S102
    return cast(Callable[[Any], dict[str, Any]], namespace["encode"])


def _round_into(value: Any, digits: int, memo: dict[float, float]) -> Any:
    """``round(value, digits)`` as a field's ``round`` option has it, kept in ``memo``.

    Only floats other than zero (whose sign a float key would lose) and NaN are kept, so a
    lookup by a float finds its own rounding.
    """
    if isinstance(value, float | int):
        out = round(value, digits)
        if value.__class__ is float and value and value == value:
            memo[value] = out
        return out
    return ready(value)


#: How :meth:`ExportTable.sources_json` writes the entries of :func:`_sorted_entry_encoder`:
#: keys sorted (they are already, but for a dict :func:`ready` gives for a value of another
#: class than declared), and a record or a date refused (a value the encoder took as it is
#: was not of a JSON type: :func:`ready`'s way is taken then)
_SOURCES_OPTIONS = (
    orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
)

#: Sorted source-entry encoders by article keys, then claim class (None: none can be made)
_SORTED_ENTRY: dict[tuple[str, ...], dict[type, Callable[..., Any] | None]] = {}


def _sorted_entry_encoder(kind: type, article_keys: tuple[str, ...]) -> Callable[..., Any] | None:
    """``encode(claim, article_entry, memos)``: the claim's source entry, keys in order.

    The dict :func:`ready_source_entry` makes (the claim's fields but ``index``, then the
    article's, ``article_keys``), built in the order of its keys, nested records too (so
    orjson's sort, ``OPT_SORT_KEYS``, has nothing to move), with the values of a JSON type
    taken as they are (see :func:`_ready_expression`), dates in ISO, and rounded numbers
    through ``memos`` (digits: memo, see :func:`_round_into`). Written with
    :data:`_SOURCES_OPTIONS`, it is the same JSON as :func:`ready_source_entry`'s through
    :func:`json_bytes`, or orjson refuses it. Made once per claim class and article keys from
    the fields, their type hints and JSON options; the generated source holds field and key
    names only, never data. ``None``: not a record, one with a flattened field, or with a
    field named as an article key.
    """
    if not dataclasses.is_dataclass(kind):
        return None
    fields = [f for f in dataclasses.fields(kind) if f.name != "index"]
    if {f.name for f in fields} & set(article_keys) or not all(
        k.isidentifier() for k in article_keys
    ):
        return None
    namespace: dict[str, Any] = {"ready": ready, "round_into": _round_into}
    planned = _field_expressions(kind, fields, namespace, sort=True)
    if planned is None:
        return None
    entries, omitted = {}, []
    for name, expr, default in planned:
        entries[name] = expr
        if default is not None:  # in its place, and taken out again when default
            omitted.append(f"    if value.{name} == {default}: del out[{name!r}]")
    for key in article_keys:
        entries[key] = f"article[{key!r}]"
    memos = [f"    memo_{d} = memos[{d}]" for d in sorted(namespace.get("__digits__", ()))]
    display = ", ".join(f"{name!r}: {entries[name]}" for name in sorted(entries))
    lines = [
        "def encode(value, article, memos):",
        *memos,
        f"    out = {{{display}}}",
        *omitted,
        "    return out",
    ]
    source = "\n".join(lines)
    exec(compile(source, f"<sorted entry encoder of {kind.__qualname__}>", "exec"), namespace)  # noqa: S102
    return cast(Callable[..., Any], namespace["encode"])


def source_entry(claim: StoredClaim) -> dict[str, Any]:
    """One source claim as exported: its article and everything the claim says.

    The article's outlet, publication date, URL, title, origin and hash (a curated
    article's also its source id, date precision and note), and the claim's
    quoted sentences, date, place, toll, actor and target (:meth:`geo.model.claims.Claim.as_dict`
    without the claim's position in its article, which is the database's own numbering).
    """
    entry = plain(claim.claim)
    del entry["index"]
    entry.update(_article_entry(claim.article))
    return entry


def ready_source_entry(claim: StoredClaim) -> dict[str, Any]:
    """:func:`source_entry` made with :func:`ready`: the same JSON, a fifth faster.

    Enums and dates are left to orjson; write it with :func:`json_line` or
    :func:`json_bytes`.
    """
    entry = ready(claim.claim)
    del entry["index"]
    entry.update(_article_entry(claim.article))
    return entry


def _article_entry(article: StoredArticle) -> dict[str, Any]:
    """What :func:`source_entry` says of a claim's article."""
    entry = {
        "outlet": article.outlet,
        "published": article.published.isoformat(),
        "url": article.url,
        "title": article.title,
        "origin": article.origin.value,
        "article_hash": article.hash,
    }
    if article.origin is ArticleOrigin.CURATED:  # what a curated source says of itself
        entry["source_id"] = article.source_id
        entry["published_precision"] = article.published_precision.value
        entry["note"] = article.note
    return entry


def said_entry(source: Source | None, claim: SourceClaim) -> dict[str, Any]:
    """What a source said of a site or an aggregate, as exported (``None``: source unknown)."""
    return {
        "source_id": claim.source_id,
        "outlet": source.outlet if source else "",
        "published": source.published.isoformat() if source and source.published else None,
        "url": source.url if source else None,
        "title": source.title if source else "",
        "statement": claim.statement,
        "quote": claim.quote,
    }


def export_metadata(data: ExportData) -> dict[str, Any]:
    """What an export says of itself: generator, coordinate and distance conventions, filter."""
    from geo import __version__

    return {
        "generator": f"strikemap {__version__}",
        "coordinates": (
            "WGS 84 longitude, latitude in decimal degrees (RFC 7946), rounded to "
            f"{COORDINATE_DECIMALS} decimal places (about 1.1 m)"
        ),
        "distances": "geodesic on the WGS 84 ellipsoid, km and statute miles, rounded to 0.1",
        "filter": data.incident_filter.as_dict(),
    }


# --- the table -------------------------------------------------------------------------------


_NO_SITE: dict[str, Any] = {
    "nearest_launch_site_id": None,
    "nearest_launch_site": None,
    "nearest_launch_site_km": None,
    "nearest_launch_site_mi": None,
}


@dataclass(frozen=True, slots=True)
class Nearest:
    """An incident's nearest launch site and the geodesic distance to it."""

    site: Site
    km: float

    @property
    def miles(self) -> float:
        """The distance in statute miles."""
        return self.km / KM_PER_MILE


# The WGS 84 ellipsoid's length element, against a sphere's of radius 1 in the same
# latitude and longitude, lies between the least meridian radius a(1 - e^2) and the greatest
# radius a / sqrt(1 - e^2); every geodesic distance lies between those multiples of the
# sphere's great-circle distance. (a in metres, e^2 the squared eccentricity.)
_A, _E2 = 6378137.0, 0.0066943799901413165
_SHORTEST, _LONGEST = _A * (1.0 - _E2), _A / (1.0 - _E2) ** 0.5


def _may_be_nearest(
    lats: Any, lons: Any, site_lats: Any, site_lons: Any, *, slack: float = 1.01
) -> Any:
    """For each point (rows) and site (columns), whether the site may be its nearest.

    A site is left out only when its geodesic distance is surely longer than another
    site's: the shortest it can be (great circle times :data:`_SHORTEST`) is over the
    longest the nearest can be (times :data:`_LONGEST`), with ``slack`` (a factor of 1 %,
    far more than the rounding of the great-circle formula) to spare. The nearest site, and
    the first of equally near ones, is always kept.

    Examples
    --------
    >>> import numpy as np
    >>> _may_be_nearest(np.array([0.0]), np.array([0.0]), np.array([0.0, 0.0, 0.0]),
    ...                 np.array([1.0, 1.005, 2.0])).tolist()
    [[True, True, False]]
    """
    import numpy as np

    phi1, phi2 = np.radians(lats)[:, None], np.radians(site_lats)[None, :]
    half_dphi = (phi2 - phi1) / 2.0
    half_dlam = np.radians(site_lons[None, :] - lons[:, None]) / 2.0
    h = np.sin(half_dphi) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(half_dlam) ** 2
    angle = 2.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))  # great circle, radians
    bound = angle.min(axis=1, keepdims=True) * (_LONGEST / _SHORTEST) * slack + 1e-9
    return angle <= bound


#: The fields :class:`ExportTable` reads of each incident and of each place
_INCIDENT_FIELDS = (
    "id",
    "event_type",
    "date_start",
    "date_end",
    "date_precision",
    "fatalities",
    "status",
    "confidence",
    "review",
    "conflicts",
    "actor",
    "target",
    "platform",
    "notes",
    "outlets",
)
_PLACE_FIELDS = (
    "lat",
    "lon",
    "name",
    "country_code",
    "precision",
    "radius_km",
    "place_id",
    "anchor",
    "offset_km",
    "bearing_deg",
    "reason",
)


def _fields(records: Sequence[Any], names: tuple[str, ...]) -> dict[str, list[Any]]:
    """Each field of ``names`` of the records, as a list: one pass over the records.

    Examples
    --------
    >>> _fields([dt.date(2019, 9, 19), dt.date(2020, 1, 2)], ("year", "day"))
    {'year': [2019, 2020], 'day': [19, 2]}
    >>> _fields([dt.date(2019, 9, 19)], ("month",)), _fields([], ("month",))
    ({'month': [9]}, {'month': []})
    """
    if not records:
        return {name: [] for name in names}
    if len(names) == 1:
        return {names[0]: list(map(operator.attrgetter(names[0]), records))}
    rows = list(map(operator.attrgetter(*names), records))  # one tuple a record, in C
    columns = zip(*rows, strict=True)  # the tuples, transposed
    return {name: list(column) for name, column in zip(names, columns, strict=True)}


class ExportTable:
    """Per-incident values computed once for all formats (vectorised over the incidents).

    ``lats``/``lons`` are the incidents' points (unrounded, as arrays), ``admin1`` each one's
    first-level division (``None`` when the point is too coarse to name one), ``nearest``
    its nearest launch site (``None`` without launch sites).
    """

    def __init__(self, data: ExportData) -> None:
        import numpy as np

        from gazetteer.search import divisions_at

        self.data = data
        incidents = data.incidents
        places = list(map(operator.attrgetter("place"), incidents))
        if None in places:
            raise ValueError("ExportTable: every incident must have a place (see collect_*)")
        self.places = places
        # the records are read field by field once, each in one pass (_fields): a pass over
        # 100,000 records scattered in memory costs about as much whatever it reads
        self._incident_fields = _fields(incidents, _INCIDENT_FIELDS)
        self._place_fields = _fields(places, _PLACE_FIELDS)
        lats = np.array(self._place_fields["lat"], dtype=np.float64)
        lons = np.array(self._place_fields["lon"], dtype=np.float64)
        self.lats, self.lons = lats, lons
        # rounded once, as Python floats, as coordinate() rounds them
        self.lon_list = rounded(lons, COORDINATE_DECIMALS)
        self.lat_list = rounded(lats, COORDINATE_DECIMALS)
        divisions = divisions_at(lats, lons) if len(incidents) else []
        # each place's location precision by its value
        self._precisions = list(
            map(operator.attrgetter("_value_"), self._place_fields["precision"])
        )
        self.admin1 = [
            d if p in _DIVISION_VALUES else None
            for d, p in zip(divisions, self._precisions, strict=True)
        ]
        n = len(incidents)
        launch = data.launch_sites
        self._launch = launch
        # each incident's nearest launch site (its index in ``launch``) and distance in km
        self._near_site: list[int] | None = None
        self._near_km: list[float] = []
        self._site_rows: tuple[Any, Any] = (np.empty(0), np.empty(0))  # (lats, lons) of each
        self._near_columns: dict[str, list[Any]] = {name: [None] * n for name in _NO_SITE}
        if launch and n:
            from pyproj import Geod

            geod = Geod(ellps="WGS84")
            site_lons = np.array([s.lon for s in launch], dtype=np.float64)
            site_lats = np.array([s.lat for s in launch], dtype=np.float64)
            # the geodesic only to the sites that can be nearest (see _may_be_nearest)
            rows, cols = np.nonzero(_may_be_nearest(lats, lons, site_lats, site_lons))
            _, _, metres = geod.inv(lons[rows], lats[rows], site_lons[cols], site_lats[cols])
            km = np.full((n, len(launch)), np.inf)
            km[rows, cols] = np.asarray(metres) / 1000.0
            best = np.argmin(km, axis=1)  # the first of equally near sites (sorted by id)
            near_km = km[np.arange(n), best]
            self._near_site, self._near_km = best.tolist(), near_km.tolist()
            self._site_rows = (site_lats[best], site_lons[best])
            ids = np.array([s.id for s in launch], dtype=object)
            names = np.array([s.name for s in launch], dtype=object)
            self._near_columns = {
                "nearest_launch_site_id": ids[best].tolist(),
                "nearest_launch_site": names[best].tolist(),
                "nearest_launch_site_km": rounded(near_km, 1),
                # Nearest.miles, rounded as tenth() does
                "nearest_launch_site_mi": rounded(near_km / KM_PER_MILE, 1),
            }
        self._columns: dict[str, list[Any]] | None = None
        self._articles: dict[int, dict[str, Any]] = {}
        # each article's part of sources_json and the encoders for its keys, by the id of
        # the article
        self._entry_parts: dict[int, tuple[dict[str, Any], dict[type, Any]]] = {}

    @functools.cached_property
    def nearest(self) -> list[Nearest | None]:
        """Each incident's nearest launch site and its distance (``None``: no launch sites)."""
        if self._near_site is None:
            return [None] * len(self.places)
        launch = self._launch
        return [Nearest(launch[b], d) for b, d in zip(self._near_site, self._near_km, strict=True)]

    def columns(self) -> dict[str, list[Any]]:
        """The incidents' fields by our names, as columns (no geometry, no ``sources``).

        In the order of :meth:`row`, one value per incident; made once, each column in one
        pass over the incidents (faster than a row at a time). The lists are the table's
        own: do not change them.
        """
        if self._columns is not None:
            return self._columns
        n = len(self.places)
        get = operator.attrgetter
        field = {**self._incident_fields, **self._place_fields}
        countries = iso_countries()
        codes = field["country_code"]
        country = {code: (c[0] if (c := countries.get(code)) else "") for code in set(codes)}
        fatalities = field["fatalities"]
        date_precisions = list(map(get("_value_"), field["date_precision"]))
        precisions = self._precisions
        isoformat = operator.methodcaller("isoformat")
        self._columns = {
            "kind": ["incident"] * n,
            "id": field["id"],
            "event_type": list(map(get("_value_"), field["event_type"])),
            "date_start": list(map(isoformat, field["date_start"])),
            "date_end": list(map(isoformat, field["date_end"])),
            "date_precision": date_precisions,
            "acled_time_precision": list(map(_TIME_CODE.__getitem__, date_precisions)),
            "place_name": field["name"],
            "country_code": codes,
            "country": list(map(country.__getitem__, codes)),
            "admin1": self.admin1,
            "location_precision": precisions,
            "acled_geo_precision": list(map(_GEO_CODE.__getitem__, precisions)),
            "uncertainty_radius_km": rounded(field["radius_km"], 1),
            "place_id": field["place_id"],
            "place_anchor": field["anchor"],
            "place_offset_km": field["offset_km"],
            "place_bearing_deg": field["bearing_deg"],
            "place_reason": field["reason"],
            "fatalities_low": [None if f is None else f.low for f in fatalities],
            "fatalities_best": [None if f is None else f.best for f in fatalities],
            "fatalities_high": [None if f is None else f.high for f in fatalities],
            "status": list(map(get("_value_"), field["status"])),
            "confidence": _round_each(field["confidence"], 3),
            "review": ["" if r is None else r._value_ for r in field["review"]],
            "conflicts": list(map(list, field["conflicts"])),
            "actor": field["actor"],
            "target": field["target"],
            "platform": field["platform"],
            "notes": field["notes"],
            **self._near_columns,
            "outlets": list(map(list, field["outlets"])),
        }
        return self._columns

    def sources(self, k: int) -> list[dict[str, Any]]:
        """The incident's source claims as exported (:func:`source_entry`)."""
        out = []
        articles = self._articles
        for claim in self.data.incidents[k].claims:
            entry = ready(claim.claim)
            del entry["index"]
            # an article's part, made once per export (articles back several claims); the
            # data (and so each article) lives as long as the table, so its id is its key
            article = articles.get(id(claim.article))
            if article is None:
                article = articles[id(claim.article)] = _article_entry(claim.article)
            entry.update(article)
            out.append(entry)
        return out

    def sources_json(self) -> Iterator[bytes]:
        """Each incident's :meth:`sources` as :func:`json_bytes` writes them, in order.

        The same bytes, made faster: each claim's entry is built with its keys in order and
        its values of a JSON type unchecked (:func:`_sorted_entry_encoder`), with the
        article's part made once per article and each rounded number looked up in a memo of
        the export (seeded with the incidents' own coordinates, which their claims' places
        mostly share). An incident with a claim of another kind, or whose entries orjson
        refuses (a lone surrogate, or a value of no JSON type: :data:`_SOURCES_OPTIONS`),
        takes :meth:`sources` and :func:`json_bytes`.
        """
        memos: collections.defaultdict[int, dict[float, float]] = collections.defaultdict(dict)
        memos[COORDINATE_DECIMALS].update(
            (v, r)
            for values, rounded_values in (
                (self._place_fields["lat"], self.lat_list),
                (self._place_fields["lon"], self.lon_list),
            )
            for v, r in zip(values, rounded_values, strict=True)
            if v.__class__ is float and v and v == v  # as _round_into keeps them
        )
        parts = self._entry_parts
        dumps, options = orjson.dumps, _SOURCES_OPTIONS
        for k, incident in enumerate(self.data.incidents):
            entries = []
            for stored in incident.claims:
                claim = stored.claim
                part = parts.get(id(stored.article))
                if part is None:
                    entry = _article_entry(stored.article)
                    # the data (and so each article) lives as long as the table: its id is
                    # its key
                    part = parts[id(stored.article)] = (
                        entry,
                        _SORTED_ENTRY.setdefault(tuple(entry), {}),
                    )
                article, encoders = part
                encode = encoders.get(claim.__class__)
                if encode is None:
                    if claim.__class__ in encoders:  # none can be made
                        break
                    encode = encoders[claim.__class__] = _sorted_entry_encoder(
                        claim.__class__, tuple(article)
                    )
                    if encode is None:
                        break
                entries.append(encode(claim, article, memos))
            else:
                try:
                    line = dumps(entries, option=options)
                except orjson.JSONEncodeError:
                    pass
                else:
                    yield line
                    continue
            yield json_bytes(self.sources(k))

    def row(self, k: int) -> dict[str, Any]:
        """The incident's fields by our names (no geometry, sources as a list)."""
        row = {name: column[k] for name, column in self.columns().items()}
        row["sources"] = self.sources(k)
        return row

    def lon_lat(self, k: int) -> tuple[float, float]:
        """The incident's point, ``(lon, lat)`` rounded to :data:`COORDINATE_DECIMALS`."""
        return self.lon_list[k], self.lat_list[k]

    def site_row(self, site: Site) -> dict[str, Any]:
        """A base's or headquarters' fields by our names (sources as a list)."""
        country = iso_countries().get(site.country_code)
        sources = [
            said_entry(self.data.site_sources.get(claim.source_id), claim) for claim in site.claims
        ]
        return {
            "kind": "headquarters" if site.kind is SiteKind.HEADQUARTERS else "base",
            "id": site.id,
            "name": site.name,
            "site_kind": site.kind.value,
            "country_code": site.country_code,
            "country": country[0] if country else "",
            "role": site.role,
            "location_precision": site.location_precision.value,
            "coord_source": site.coord_source,
            "sources": sources,
        }

    def aggregate_row(self, aggregate: ExportAggregate) -> dict[str, Any]:
        """An aggregate statement's fields by our names (lists as lists)."""
        country = iso_countries().get(aggregate.country_code)
        start, end = aggregate.period_start, aggregate.period_end
        return {
            "kind": "aggregate",
            "id": aggregate.id,
            "statement": aggregate.statement,
            "period_start": None if start is None else start.isoformat(),
            "period_end": None if end is None else end.isoformat(),
            "place_name": aggregate.place_name,
            "country_code": aggregate.country_code,
            "country": country[0] if country else "",
            "strikes_low": aggregate.strikes_low,
            "strikes_high": aggregate.strikes_high,
            "fatalities_low": aggregate.fatalities_low,
            "fatalities_high": aggregate.fatalities_high,
            "incident_ids": list(aggregate.incident_ids),
            "check": aggregate.check,
            "sources": [said_entry(source, claim) for source, claim in aggregate.sources],
        }

    def area_indices(self) -> list[int]:
        """The incidents known only to an area (see :data:`AREA_PRECISIONS`)."""
        return [k for k, p in enumerate(self._precisions) if p in _AREA_VALUES]

    def areas(self) -> list[tuple[int, Any]]:
        """``(incident index, polygon)`` for incidents known only to an area."""
        from geo.maps.areas import uncertainty_areas

        chosen = self.area_indices()
        return list(zip(chosen, uncertainty_areas(*self._circles(chosen)), strict=True))

    def areas_wkb(self) -> tuple[list[int], WkbColumn]:
        """:meth:`areas` as the incident indices and the areas' MultiPolygons as WKB."""
        from geo.maps.areas import uncertainty_areas_wkb

        chosen = self.area_indices()
        return chosen, uncertainty_areas_wkb(*self._circles(chosen))

    def _circles(self, chosen: list[int]) -> tuple[Any, Any, list[float]]:
        return (
            self.lats[chosen],
            self.lons[chosen],
            list(map(self._place_fields["radius_km"].__getitem__, chosen)),
        )

    def lines(self) -> list[tuple[int, Any]]:
        """``(incident index, geodesic line)`` to each incident's nearest launch site."""
        from geo.maps.areas import geodesic_lines

        chosen, starts, ends = self._line_ends()
        return list(zip(chosen, geodesic_lines(starts, ends), strict=True))

    def lines_wkb(self) -> tuple[list[int], WkbColumn]:
        """:meth:`lines` as the incident indices and the lines' MultiLineStrings as WKB."""
        from geo.maps.areas import geodesic_lines_wkb

        chosen, starts, ends = self._line_ends()
        return chosen, geodesic_lines_wkb(starts, ends)

    def _line_ends(self) -> tuple[list[int], Any, Any]:
        """The incidents with a nearest launch site, and the ``(lat, lon)`` ends of each line."""
        import numpy as np

        if self._near_site is None:
            return [], np.empty((0, 2)), np.empty((0, 2))
        chosen = list(range(len(self.places)))
        starts = np.column_stack([self.lats, self.lons])
        ends = np.column_stack(self._site_rows)
        return chosen, starts, ends
