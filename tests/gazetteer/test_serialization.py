"""One serializer for every record: to_json / from_json over dataclass fields."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

import pytest

from gazetteer.errors import DataError
from gazetteer.serialization import JsonRecord, from_json, json_options, to_json


class Kind(enum.StrEnum):
    TOWN = "town"
    REGION = "region"


@dataclass(frozen=True, slots=True)
class Span(JsonRecord):
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise DataError(f"low {self.low} is above high {self.high}")


@dataclass(frozen=True, slots=True)
class Where(JsonRecord):
    name: str
    lat: float = field(metadata=json_options(round=2))


@dataclass(frozen=True, slots=True)
class Note(JsonRecord):
    text: str
    day: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Event(JsonRecord):
    id: str
    kind: Kind
    day: dt.date
    where: Where | None
    toll: Span | None = None
    tags: tuple[str, ...] = field(default=(), metadata=json_options(items="tag strings"))
    notes: tuple[Note, ...] = ()
    secret: bool = field(default=False, metadata=json_options(omit_default=True))
    extra: Any = None

    def __post_init__(self) -> None:
        if not self.id:
            raise DataError("Event: id must not be empty")


@dataclass(frozen=True, slots=True)
class Shown(JsonRecord):
    event: Event = field(metadata=json_options(flatten=True))
    seen: int
    label: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", f"{self.event.id} ({self.seen})")


EVENT = Event(
    "e1",
    Kind.REGION,
    dt.date(2019, 9, 26),
    Where("southwest Libya", 25.0012),
    Span(17, 19),
    ("a", "b"),
    (Note("first", dt.date(2019, 9, 27)),),
    extra={"any": [1, "thing"]},
)


def test_a_record_becomes_plain_json_values_in_field_order():
    assert to_json(EVENT) == {
        "id": "e1",
        "kind": "region",
        "day": "2019-09-26",
        "where": {"name": "southwest Libya", "lat": 25.0},
        "toll": {"low": 17, "high": 19},
        "tags": ["a", "b"],
        "notes": [{"text": "first", "day": "2019-09-27"}],
        "extra": {"any": [1, "thing"]},
    }
    assert list(to_json(EVENT)) == [
        "id",
        "kind",
        "day",
        "where",
        "toll",
        "tags",
        "notes",
        "extra",
    ]  # secret: omitted while it holds its default
    assert to_json(Event("e", Kind.TOWN, dt.date(2019, 1, 1), None, secret=True))["secret"] is True


def test_reading_back_gives_the_record():
    back = Event.from_dict(EVENT.as_dict())
    assert back == Event(**{**vars_of(EVENT), "where": Where("southwest Libya", 25.0)})
    assert isinstance(back.kind, Kind) and isinstance(back.notes, tuple)
    assert Event.from_dict({"id": "x", "kind": "town", "day": "2019-01-01", "where": None}) == (
        Event("x", Kind.TOWN, dt.date(2019, 1, 1), None)
    )


def vars_of(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def test_a_whole_number_stays_whole_in_a_float_field():
    where = Where.from_dict({"name": "x", "lat": 25})
    assert where.lat == 25 and isinstance(where.lat, int)
    assert where.as_dict() == {"name": "x", "lat": 25}


def test_flattened_records_and_derived_fields():
    shown = Shown(EVENT, 3)
    out = shown.as_dict()
    assert list(out)[:3] == ["id", "kind", "day"] and out["seen"] == 3
    assert out["label"] == "e1 (3)"
    assert Shown.from_dict(out) == Shown(Event.from_dict(EVENT.as_dict()), 3)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (7, "event 1 must be a JSON object, got 7"),
        ({"kind": "town", "day": "2019-01-01", "where": None}, "event 1: missing field 'id'"),
        (
            {"id": 5, "kind": "town", "day": "2019-01-01", "where": None},
            "event 1: field 'id' must be a string, got 5",
        ),
        (
            {"id": "x", "kind": "city", "day": "2019-01-01", "where": None},
            "event 1: kind: expected one of 'town', 'region', got 'city'",
        ),
        (
            {"id": "x", "kind": ["town"], "day": "2019-01-01", "where": None},
            "event 1: kind: expected one of 'town', 'region', got ['town']",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-02-30", "where": None},
            "event 1: day: expected a date as YYYY-MM-DD, got '2019-02-30'",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": {"name": "a", "lat": "1"}},
            "event 1 where: field 'lat' must be a number, got '1'",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": {"name": "a", "lat": True}},
            "event 1 where: field 'lat' must be a number, got True",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": None, "toll": {"low": 1}},
            "event 1: toll must be an object of whole numbers low/high, got {'low': 1}",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": None, "toll": [1, 2]},
            "event 1: toll must be an object of whole numbers low/high, got [1, 2]",
        ),
        (
            {
                "id": "x",
                "kind": "town",
                "day": "2019-01-01",
                "where": None,
                "toll": {"low": 3, "high": 2},
            },
            "event 1: low 3 is above high 2",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": None, "tags": "a"},
            "event 1: field 'tags' must be a list, got 'a'",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": None, "tags": ["a", 2]},
            "event 1: field 'tags' must be a list of tag strings, got ['a', 2]",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": None, "notes": [{}, 3]},
            "event 1 notes[0]: missing field 'text'",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": None, "notes": [3]},
            "event 1 notes[0] must be a JSON object, got 3",
        ),
        (  # the refused item is named by its place in the list, not the first's
            {
                "id": "x",
                "kind": "town",
                "day": "2019-01-01",
                "where": None,
                "notes": [{"text": "a"}, {"text": "b"}, {"text": 7}],
            },
            "event 1 notes[2]: field 'text' must be a string, got 7",
        ),
        (  # a number field takes a whole number, never true or false
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": {"name": "a", "lat": True}},
            "event 1 where: field 'lat' must be a number, got True",
        ),
        (
            {"id": "x", "kind": "town", "day": "2019-01-01", "where": None, "secret": "no"},
            "event 1: field 'secret' must be true or false, got 'no'",
        ),
        (
            {"id": "", "kind": "town", "day": "2019-01-01", "where": None},
            "Event: id must not be empty",
        ),
    ],
)
def test_every_bad_field_is_named_with_its_value(raw, message):
    owner = "Event" if message.startswith("Event") else "event 1"
    with pytest.raises(DataError) as info:
        from_json(Event, raw, owner=owner)
    assert str(info.value) == message


def test_a_whole_number_is_a_number_and_a_list_of_records_keeps_its_order():
    event = Event.from_dict(
        {
            "id": "x",
            "kind": "town",
            "day": "2019-01-01",
            "where": {"name": "a", "lat": 25},
            "notes": [{"text": "a"}, {"text": "b", "day": "2019-09-19"}],
        }
    )
    assert event.where == Where("a", 25) and type(event.where.lat) is int
    assert event.notes == (Note("a"), Note("b", dt.date(2019, 9, 19)))


def test_a_required_field_that_is_null_is_named_and_an_optional_one_takes_its_default():
    with pytest.raises(DataError) as info:
        Event.from_dict({"id": "x", "kind": "town", "day": None, "where": None})
    assert str(info.value) == "Event: day: expected a date as YYYY-MM-DD, got None"
    loaded = Event.from_dict(
        {"id": "x", "kind": "town", "day": "2019-01-01", "where": None, "tags": None}
    )
    assert loaded.tags == () and loaded.secret is False
    assert Note.from_dict({"text": "t", "day": None, "unknown": 1}) == Note("t")


def test_a_huge_value_is_shown_shortened():
    with pytest.raises(DataError) as info:
        Note.from_dict({"text": ["x" * 10_000]})
    assert str(info.value) == (
        f"Note: field 'text' must be a string, got ['{'x' * 37}...{'x' * 38}']"
    )


def test_an_absent_flattened_record_adds_no_keys():
    @dataclass(frozen=True, slots=True)
    class Outcome(JsonRecord):
        path: str
        where: Where | None = field(default=None, metadata=json_options(flatten=True))
        error: str = field(default="", metadata=json_options(omit_default=True))

    assert Outcome("a.txt", Where("x", 1.0)).as_dict() == {"path": "a.txt", "name": "x", "lat": 1.0}
    assert Outcome("b.txt", error="binary").as_dict() == {"path": "b.txt", "error": "binary"}
