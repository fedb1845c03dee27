"""gazetteer.untrusted: showing, quoting and parsing text that nobody vouches for."""

import json
import time

import pytest

from gazetteer.errors import DataError, InvalidQueryError
from gazetteer.untrusted import (
    internal_error,
    json_depth,
    load_json,
    printable,
    printable_json,
    short_repr,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),  # OSC: retitles the window; BEL ends it
        ("\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred"),  # CSI: clears the screen, colours
        ("a\x00b", "a\\x00b"),  # NUL
        ("\x07", "\\x07"),  # BEL
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),  # right-to-left override
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # bidi isolates
        ("\x9b31m", "\\x9b31m"),  # the one-byte C1 CSI
        ("a\x7fb\x85c", "a\\x7fb\\x85c"),  # DEL, NEL
        ("line\nbreak\ttab\rcr", "line\\x0abreak\\x09tab\\x0dcr"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("lone \ud800", "lone \\ud800"),
        ("Agadès — Niamey, 110 km «ok» 東京", "Agadès — Niamey, 110 km «ok» 東京"),
        ("{{7*7}} `$x` \\", "{{7*7}} `$x` \\"),
    ],
)
def test_printable_shows_every_control_visibly(text, shown):
    assert printable(text) == shown
    assert printable(shown) == shown  # already visible: unchanged


def test_printable_json_stays_valid_json_and_escapes_what_json_leaves():
    data = {"outlet": "A\x1b]0;x\x07\x9b\u202e\ud800\x7f", "n": 1}
    text = printable_json(data)
    assert text == '{"outlet": "A\\u001b]0;x\\u0007\\u009b\\u202e\\ud800\\u007f", "n": 1}'
    assert json.loads(text) == data
    assert printable_json(["Agadès"]) == '["Agadès"]'


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10**400, "100000000000...0000 (401 digits)"),
        (-(10**400), "-10000000000...0000 (401 digits)"),
        (float("inf"), "inf"),
        (float("nan"), "nan"),
        ("\x1b[2J", "'\\x1b[2J'"),
        ([[[[[1]]]]], "[[[[...]]]]"),
        ({"b": 1, "a": 2}, "{'b': 1, 'a': 2}"),
        (list(range(100)), "[0, 1, 2, 3, 4, 5, ...]"),
    ],
)
def test_short_repr(value, shown):
    assert short_repr(value) == shown


def test_short_repr_of_a_number_too_long_for_str():
    assert short_repr(10**5000) == "<a whole number of about 5,000 digits>"


def test_short_repr_of_deep_and_long_values_is_short():
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    assert short_repr(deep) == "[[[[...]]]]"
    assert len(short_repr("x" * 1_000_000)) < 100


def test_short_repr_of_a_broken_object():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no")

    assert short_repr(Broken()).startswith("<Broken instance at 0x")


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "\\"[[["]', 1),  # brackets inside strings and escaped quotes do not count
        ('"unterminated [[[[', 0),
    ],
)
def test_json_depth(text, depth):
    assert json_depth(text) == depth


def test_json_depth_is_linear():
    started = time.perf_counter()
    json_depth('"\\"' * 300_000)  # a string that never closes, full of escaped quotes
    json_depth("[" * 1_000_000)
    assert time.perf_counter() - started < 5  # quadratic would take minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[" * 101 + "]" * 101,
            "batch.jsonl:3: JSON nested 101 levels deep; at most 100 are allowed",
        ),
        ("[" * 100_000, "batch.jsonl:3: JSON nested 100000 levels deep; at most 100 are allowed"),
        ("[1, NaN]", "batch.jsonl:3: not valid JSON: NaN is not a JSON number"),
        ("[Infinity]", "batch.jsonl:3: not valid JSON: Infinity is not a JSON number"),
        (
            "{",
            "batch.jsonl:3: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
    ],
)
def test_load_json_refuses(text, message):
    with pytest.raises(InvalidQueryError) as info:
        load_json(text, "batch.jsonl:3", error=InvalidQueryError)
    assert str(info.value) == message


def test_load_json_accepts_what_is_json():
    assert load_json("[" * 100 + "]" * 100) is not None
    assert load_json('{"a": 1e400}') == {"a": float("inf")}  # a huge float: refused by the caller
    with pytest.raises(DataError, match=r"^not valid JSON: Exceeds the limit \(4300 digits\)"):
        load_json("9" * 5000)


def test_internal_error_is_one_line_that_says_it_is_a_bug():
    assert internal_error(KeyError(("russian", "georgia"))) == (
        "internal error (a bug in strikemap; please report it): KeyError: ('russian', 'georgia')"
    )
    long = internal_error(ValueError("line one\nline two\x1b[2J " + "x" * 1000))
    assert "\n" not in long and "\x1b" not in long and len(long) < 400
    assert long.startswith(
        "internal error (a bug in strikemap; please report it): ValueError: line one line two\\x1b[2J x"
    )
