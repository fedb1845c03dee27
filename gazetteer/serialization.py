"""Records to JSON and back: one mechanism over dataclass fields, for every record.

:func:`to_json` turns a dataclass record into plain JSON values, field by field in their
order; :func:`from_json` builds a record from such values, checking each against the field's
annotation and naming the field and the bad value when it does not fit. The record's own
``__post_init__`` then validates the values (ranges, non-empty text, dates in order), as it
does for a record built in code. :class:`JsonRecord` gives a record ``as_dict``/``from_dict``
over the two.

The annotations understood: ``str``, ``int``, ``float``, ``bool``, ``datetime.date`` (ISO
``YYYY-MM-DD``), enums (their value), other dataclass records (a JSON object), ``tuple[X,
...]`` and ``list[X]`` (a JSON list), ``X | None`` and ``Any`` (anything). A ``float`` field
takes a JSON whole number as it is: a file that says ``5`` is written back as ``5``.

Fields may carry options in their metadata (:func:`json_options`):

* ``round=N``: written rounded to ``N`` decimals;
* ``omit_default=True``: not written when it holds its default (the key is optional);
* ``flatten=True``: a nested record's keys are written into the parent object, in place
  (none for ``None``);
* ``items="..."``: how errors name the items of a list ("incident id strings").

A field with ``init=False`` is a value the record derives from its other fields: it is
written, and ignored when read.

Errors are :class:`~gazetteer.errors.DataError`, one line, the value shown with
:func:`~gazetteer.untrusted.short_repr`::

    incident 'ly-1': missing field 'lat'
    incident 'ly-1': field 'lat' must be a number, got '25.9'
    incident 'ly-1': date_start: expected a date as YYYY-MM-DD, got '19/09/2019'
    incident 'ly-1': location_precision: expected one of 'town', 'region', got 'city'
    incident 'ly-1' claims[2] must be a JSON object, got 7
    incident 'ly-1': fatalities must be an object of whole numbers low/best/high, got {...}

Examples
--------
>>> import datetime as dt
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True, slots=True)
... class Sighting(JsonRecord):
...     place: str
...     day: dt.date
...     count: int = 1
>>> Sighting("Murzuq", dt.date(2019, 9, 19)).as_dict()
{'place': 'Murzuq', 'day': '2019-09-19', 'count': 1}
>>> Sighting.from_dict({"place": "Sabha", "day": "2019-09-24"})
Sighting(place='Sabha', day=datetime.date(2019, 9, 24), count=1)
>>> Sighting.from_dict({"place": "Sabha", "day": "24/09"}, owner="sighting 2")
Traceback (most recent call last):
...
gazetteer.errors.DataError: sighting 2: day: expected a date as YYYY-MM-DD, got '24/09'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from gazetteer.errors import DataError
from gazetteer.untrusted import short_repr

__all__ = ["JsonRecord", "from_json", "json_options", "to_json"]

_R = TypeVar("_R")


def json_options(
    *,
    round: int | None = None,  # noqa: A002 - the name says what it does, as in round()
    omit_default: bool = False,
    flatten: bool = False,
    items: str = "",
) -> dict[str, Any]:
    """Field metadata for :func:`to_json`/:func:`from_json`: ``field(metadata=json_options(...))``.

    Examples
    --------
    >>> json_options(round=5)
    {'json': {'round': 5, 'omit_default': False, 'flatten': False, 'items': ''}}
    """
    return {
        "json": {"round": round, "omit_default": omit_default, "flatten": flatten, "items": items}
    }


class JsonRecord:
    """Mixin for dataclass records: :meth:`as_dict` and :meth:`from_dict` by their fields."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready mapping (see :func:`to_json`)."""
        out = to_json(self)
        assert isinstance(out, dict)
        return out

    @classmethod
    def from_dict(cls: type[_R], raw: Any, *, owner: str | None = None) -> _R:
        """The record from a mapping made by :meth:`as_dict` (see :func:`from_json`)."""
        return from_json(cls, raw, owner=owner)


# --- writing ---------------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """``value`` as plain JSON values: records as objects, enums as their values, dates in ISO.

    Tuples and lists become lists, mappings dicts (with their keys as strings); other values
    are returned as they are.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for name, options, default in _plan(type(value)):
            item = getattr(value, name)
            if options is None:
                out[name] = to_json(item)
                continue
            if options["omit_default"] and item == default:
                continue
            if options["flatten"]:
                out.update(to_json(item) if item is not None else {})
            elif options["round"] is not None and isinstance(item, float | int):
                out[name] = round(item, options["round"])
            else:
                out[name] = to_json(item)
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


@functools.cache
def _plan(kind: type) -> tuple[tuple[str, dict[str, Any] | None, Any], ...]:
    """Each field of a record class: its name, its JSON options and its default."""
    return tuple((f.name, f.metadata.get("json"), f.default) for f in dataclasses.fields(kind))


# --- reading ---------------------------------------------------------------------------------


def from_json(kind: type[_R], raw: Any, *, owner: str | None = None) -> _R:
    """A ``kind`` record from JSON values, each checked against its field's annotation.

    Parameters
    ----------
    kind
        A dataclass record class.
    raw
        A mapping such as :func:`to_json` makes. Keys the record does not have are ignored;
        a field with a default may be missing or null.
    owner
        How errors name the record (``"incident 'ly-1'"``); default its class name.

    Raises
    ------
    DataError
        If a field is missing or of the wrong kind, or the record refuses a value; the
        message names the owner, the field and the bad value.
    """
    decode: Any = _decoder(typing.cast(Any, kind))
    return decode(raw, owner or kind.__name__)  # type: ignore[no-any-return]


_Decode = Callable[[Any, str], Any]
_MAX_LISTED = 8  # enum values an error lists
_KIND_NAMES = {
    str: ("a string", "strings"),
    int: ("a whole number", "whole numbers"),
    float: ("a number", "numbers"),
    bool: ("true or false", "true or false values"),
}


@functools.cache
def _decoder(kind: Any) -> _Decode:
    """The function that reads a record of ``kind`` (built once per class)."""
    hints = typing.get_type_hints(kind)
    steps = []
    for f in dataclasses.fields(kind):
        if not f.init:
            continue
        options = f.metadata.get("json") or {}
        optional = f.default is not dataclasses.MISSING or f.default_factory is not (
            dataclasses.MISSING
        )
        steps.append(
            (
                f.name,
                optional,
                _field_reader(f.name, hints[f.name], options),
                bool(options.get("flatten")),
            )
        )

    def decode(raw: Any, owner: str) -> Any:
        if not isinstance(raw, dict):
            raise DataError(f"{owner} must be a JSON object, got {short_repr(raw)}")
        values = {}
        for name, optional, read, flatten in steps:
            if flatten:
                values[name] = read(raw, owner)
                continue
            value = raw.get(name)
            if value is None and optional:
                continue
            if value is None and name not in raw:
                raise DataError(f"{owner}: missing field {name!r}")
            values[name] = read(value, owner)
        try:
            return kind(**values)
        except DataError as exc:
            message = str(exc)
            if not message.lower().startswith(owner.lower()):
                message = f"{owner}: {message}"
            raise DataError(message) from None

    return decode


@functools.cache
def _plain_record(kind: Any) -> tuple[tuple[str, ...], type] | None:
    """``(names, type)`` when every field of ``kind`` is a required field of one scalar type."""
    hints = typing.get_type_hints(kind)
    fields = dataclasses.fields(kind)
    kinds = {hints[f.name] for f in fields}
    if len(fields) > 1 and len(kinds) == 1 and next(iter(kinds)) in _KIND_NAMES:
        if all(f.default is dataclasses.MISSING for f in fields):
            return tuple(f.name for f in fields), next(iter(kinds))
    return None


def _is(value: Any, kind: type) -> bool:
    """Whether a JSON value is of a scalar kind (a bool is no number; a whole number is one)."""
    if kind is bool:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind is float:
        return isinstance(value, int | float)
    return isinstance(value, kind)


def _field_reader(name: str, hint: Any, options: Mapping[str, Any]) -> _Decode:
    """The reader of one field's value; ``owner`` is the record's."""
    if options.get("flatten"):
        nested = _decoder(hint)
        return lambda raw, owner: nested(raw, owner)
    return _reader(name, hint, options.get("items") or "")


def _reader(name: str, hint: Any, items: str) -> _Decode:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in args if a is not type(None)]
        (only,) = inner  # X | None: one type besides None
        read = _reader(name, only, items)
        return lambda value, owner: None if value is None else read(value, owner)
    if hint is Any:
        return lambda value, owner: value
    if hint in _KIND_NAMES:
        what = _KIND_NAMES[hint][0]

        # the JSON types that are exactly this kind, checked first (the values a store or
        # a file of ours holds); anything else goes through _is
        exact = (int, float) if hint is float else (hint,)

        def scalar(value: Any, owner: str) -> Any:
            if type(value) in exact or _is(value, hint):
                return value
            raise DataError(f"{owner}: field {name!r} must be {what}, got {short_repr(value)}")

        return scalar
    if hint is dt.date:

        def date(value: Any, owner: str) -> dt.date:
            try:
                if isinstance(value, str):
                    return dt.date.fromisoformat(value)
            except ValueError:
                pass
            raise DataError(
                f"{owner}: {name}: expected a date as YYYY-MM-DD, got {short_repr(value)}"
            )

        return date
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        shown = [repr(m.value) for m in hint]
        allowed = ", ".join(shown)
        if len(shown) > _MAX_LISTED:  # a long vocabulary: its first values and its name
            allowed = f"{', '.join(shown[:_MAX_LISTED])} ... ({len(shown)}: see {hint.__name__})"

        def member(value: Any, owner: str) -> Any:
            try:
                return hint(value)
            except (ValueError, TypeError):  # TypeError: an unhashable list or object
                raise DataError(
                    f"{owner}: {name}: expected one of {allowed}, got {short_repr(value)}"
                ) from None

        return member
    if origin in (tuple, list):
        item_hint = args[0]
        container = tuple if origin is tuple else list
        if dataclasses.is_dataclass(item_hint):
            record = _decoder(typing.cast(Any, item_hint))

            def records(value: Any, owner: str) -> Any:
                _require_list(value, name, owner)
                try:  # each item named only when it is refused: no name made per item
                    return container([record(v, owner) for v in value])
                except DataError:
                    return container(record(v, f"{owner} {name}[{n}]") for n, v in enumerate(value))

            return records
        read_item = _reader(name, item_hint, items)
        plural = items or _plural(item_hint)

        def values(value: Any, owner: str) -> Any:
            _require_list(value, name, owner)
            try:
                return container(read_item(v, owner) for v in value)
            except DataError:
                raise DataError(
                    f"{owner}: field {name!r} must be a list of {plural}, got {short_repr(value)}"
                ) from None

        return values
    if dataclasses.is_dataclass(hint):
        record = _decoder(typing.cast(Any, hint))
        plain = _plain_record(typing.cast(Any, hint))
        if plain is None:
            return lambda value, owner: record(value, f"{owner} {name}")
        # a value record whose fields are all of one kind (low/best/high) is named whole, and
        # what it refuses is said of the record that holds it
        names, kind = plain

        def value_record(value: Any, owner: str) -> Any:
            if not isinstance(value, dict) or not all(_is(value.get(n), kind) for n in names):
                raise DataError(
                    f"{owner}: {name} must be an object of {_KIND_NAMES[kind][1]} "
                    f"{'/'.join(names)}, got {short_repr(value)}"
                )
            return record(value, owner)

        return value_record
    raise TypeError(f"no JSON reading for field {name!r} of type {hint!r}")


def _require_list(value: Any, name: str, owner: str) -> None:
    if not isinstance(value, list):
        raise DataError(f"{owner}: field {name!r} must be a list, got {short_repr(value)}")


def _plural(hint: Any) -> str:
    if hint in _KIND_NAMES:
        return _KIND_NAMES[hint][1]
    return "values"
