"""Patterns compiled on first use answer as the compiled pattern, and only texts that need
them compile them."""

import json
import random
import re
import subprocess
import sys

import pytest

from geo.extraction import dates, textnum
from geo.extraction.patterns import LazyPattern

_SOURCES = [
    (r"(?P<n>\d+)\s+(?:killed|dead)", re.IGNORECASE),
    (r"\b(?:between|from)\s+\w+", 0),
    (r"^\s*$", re.MULTILINE),
]
_TEXTS = ["", "  ", "4 killed", "From 3 to 5 DEAD between them", "x\n\n12 Killed\n"]


@pytest.mark.parametrize(("source", "flags"), _SOURCES)
def test_a_lazy_pattern_answers_as_the_compiled_pattern(source, flags):
    lazy, compiled = LazyPattern(source, flags), re.compile(source, flags)
    assert lazy.compiled is None and lazy.pattern == source
    for text in _TEXTS:
        for pos, endpos in [(0, len(text)), (1, len(text)), (0, max(0, len(text) - 3))]:
            for method in ("search", "match", "fullmatch"):
                got = getattr(lazy, method)(text, pos, endpos)
                want = getattr(compiled, method)(text, pos, endpos)
                assert (got and (got.span(), got.groupdict())) == (
                    want and (want.span(), want.groupdict())
                ), (method, text, pos, endpos)
            assert [m.span() for m in lazy.finditer(text, pos, endpos)] == [
                m.span() for m in compiled.finditer(text, pos, endpos)
            ]
    assert lazy.compiled is compiled  # re's own cache: the one compiled pattern


def test_a_lazy_pattern_compiles_once():
    lazy = LazyPattern(r"\bstrike\w*")
    assert lazy.search("airstrikes") is None and lazy.compiled is not None
    first = lazy.compiled
    assert lazy.finditer("strikes, striker").__next__().group() == "strikes"
    assert lazy.compiled is first


def test_the_number_rules_answer_as_compiled_at_import():
    # the rules' patterns, compiled now, give find_quantities' answers on many texts
    rng = random.Random(3)
    words = ["between", "and", "from", "to", "or", "3", "40", "1,200", "-", " ", "percent",
             "%", "a", "third", "half", "dozens", "a few", "hundred", "twelve", "twenty",
             "-five", "about", "more than", "killed", "people", "."]  # fmt: skip
    compiled = [(re.compile(p.pattern, textnum._FLAGS), build) for p, build in textnum._RULES]
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        eager = sorted(
            (q.start, -q.end, q.text)
            for p, build in compiled
            for m in p.finditer(text)
            if (q := build(m))
        )
        lazy = sorted(
            (q.start, -q.end, q.text)
            for p, build in textnum._RULES
            for m in p.finditer(text)
            if (q := build(m))
        )
        assert lazy == eager, text
    assert textnum.parse_number_word("two hundred and five") == 205


def test_a_report_compiles_only_the_rules_it_needs():
    # in a fresh interpreter: a text with a count and "between", "from", "to" and "or", but no
    # range, fraction or percentage
    probe = (
        "import json\n"
        "from geo.extraction import dates, textnum\n"
        "before = [p.compiled is not None for p, _ in textnum._RULES]\n"
        "text = 'Four people were killed between Kabul and Ghazni, from noon to dusk or later.'\n"
        "found = [q.text for q in textnum.find_quantities(text)]\n"
        "after = [p.compiled is not None for p, _ in textnum._RULES]\n"
        "print(json.dumps([before, found, after, dates._OTHER_REFERENCE.compiled is None]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    before, found, after, no_reference = json.loads(done.stdout)
    assert before == [False] * 8
    assert found == ["Four"]
    assert after == [True, False, False, False, False, False, False, False]  # numbers only
    assert no_reference
    assert dates._OTHER_REFERENCE.pattern.startswith(r"\s+(?:to\s+)?")


_NUMBERS = ["3", "40", "1,200", "2.5", "a", "A", "half a dozen", "a dozen", "Dozen", "12 dozen",
            "a hundred", "A Thousand", "2 million", "zero", "one", "Twelve", "twenty",
            "Twenty-five", "ninety-nine", "one hundred and five", "two thousand", "Seventeen"]  # fmt: skip
_NOISE = ["between", "and", "from", "to", "or", "TO", "Or", "From", "BETWEEN", "-", "–", " ",
          "\n", ",", ".", "(", "percent", "%", "per cent", "half", "about", "some", "nearly",
          "killed", "people", "Kabul", "x", "tone", "often", *_NUMBERS]  # fmt: skip


def _text(rng):
    """A range-like phrase ("between a dozen and 40") in noise, or noise alone."""
    noise = " ".join(rng.choice(_NOISE) for _ in range(rng.randint(0, 4)))
    if rng.random() < 0.3:
        return noise
    head = rng.choice(["", "between ", "from ", "Between ", "FROM ", "about "])
    joint = rng.choice([" and ", " to ", " or ", "-", " – ", " TO ", "  or  "])
    phrase = f"{head}{rng.choice(_NUMBERS)}{joint}{rng.choice(_NUMBERS)}"
    return rng.choice([f"{noise} {phrase}", f"{phrase}, {noise}", phrase])


@pytest.mark.parametrize("seed", range(4))
def test_a_rule_is_skipped_only_where_it_cannot_match(seed):
    # every text a rule's pattern matches holds what _NEEDS asks for: number words in any
    # case, hyphenated, after qualifiers, next to "to", "or", "from" and "between"
    rng = random.Random(seed)
    matched = dict.fromkeys(textnum._NEEDS, 0)
    for _ in range(3000):
        text = _text(rng)
        for pattern, need in textnum._NEEDS.items():
            if pattern.search(text):
                matched[pattern] += 1
                assert need(text, textnum.fold_case(text)), (pattern.pattern[-60:], text)
    assert all(matched[p] > 10 for p in textnum._RANGE_RES), matched  # the ranges are tried
