import time

import pytest

from geo.extraction.textnum import Quantity, find_quantities, parse_number_word


def one(text):
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q


def summary(q):
    return (q.text, q.value, q.low, q.high, q.approximate, q.qualifier)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eight", 8),
        ("Eight", 8),
        ("11", 11),
        ("1,200", 1200),
        ("twenty-three", 23),
        ("twenty three", 23),
        ("ninety-nine", 99),
        ("one hundred and fifty", 150),
        ("one hundred fifty", 150),
        ("a hundred", 100),
        ("a thousand", 1000),
        ("two thousand five hundred", 2500),
        ("twenty-five hundred", 2500),
        ("three million", 3_000_000),
        ("1.5 million", 1_500_000),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("two dozen", 24),
        ("zero", 0),
        ("  seventeen ", 17),
        ("one hundred thousand", 100_000),
    ],
)
def test_parse_number_word(text, value):
    assert parse_number_word(text) == value


@pytest.mark.parametrize(
    "text",
    ["a", "", "hundred", "dozens", "eight people", "five six", "1.5", "seventh", "thousands", "x1"],
)
def test_parse_number_word_rejects(text):
    assert parse_number_word(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain numbers: low = high = value
        ("eight people", ("eight", 8, 8, 8, False, "")),
        ("11 civilians", ("11", 11, 11, 11, False, "")),
        ("1,200 homes", ("1,200", 1200, 1200, 1200, False, "")),
        ("a dozen fighters", ("a dozen", 12, 12, 12, False, "")),
        ("one hundred and fifty", ("one hundred and fifty", 150, 150, 150, False, "")),
        ("killed twenty-three", ("twenty-three", 23, 23, 23, False, "")),
        ("2.5 km", ("2.5", 2.5, None, None, False, "")),
        # approximations keep the stated figure
        ("about 40", ("about 40", 40, 40, 40, True, "about")),
        ("around 40", ("around 40", 40, 40, 40, True, "about")),
        ("roughly forty", ("roughly forty", 40, 40, 40, True, "about")),
        ("some 300 people", ("some 300", 300, 300, 300, True, "about")),
        ("approximately 12", ("approximately 12", 12, 12, 12, True, "about")),
        ("an estimated 5,000", ("an estimated 5,000", 5000, 5000, 5000, True, "about")),
        ("estimated 70", ("estimated 70", 70, 70, 70, True, "about")),
        ("nearly 500", ("nearly 500", 500, 500, 500, True, "nearly")),
        ("almost 500", ("almost 500", 500, 500, 500, True, "nearly")),
        ("just under 500", ("just under 500", 500, 500, 500, True, "nearly")),
        ("about a dozen", ("about a dozen", 12, 12, 12, True, "about")),
        # bounds
        ("at least 12", ("at least 12", 12, 12, None, False, "at least")),
        ("no fewer than 12", ("no fewer than 12", 12, 12, None, False, "at least")),
        ("more than 100", ("more than 100", 100, 101, None, False, "more than")),
        ("over 100", ("over 100", 100, 101, None, False, "more than")),
        ("more than a dozen", ("more than a dozen", 12, 13, None, False, "more than")),
        ("over 1.5 million", ("over 1.5 million", 1_500_000, 1_500_001, None, False, "more than")),
        ("just over 100", ("just over 100", 100, 101, None, True, "more than")),
        ("up to 15", ("up to 15", 15, None, 15, False, "up to")),
        ("as many as 15", ("as many as 15", 15, None, 15, False, "up to")),
        ("fewer than 10", ("fewer than 10", 10, None, 9, False, "fewer than")),
        ("less than 10", ("less than 10", 10, None, 9, False, "fewer than")),
        ("under ten", ("under ten", 10, None, 9, False, "fewer than")),
        # ranges
        ("between 5 and 10", ("between 5 and 10", 5, 5, 10, False, "between")),
        ("between five and ten", ("between five and ten", 5, 5, 10, False, "between")),
        ("from 20 to 30", ("from 20 to 30", 20, 20, 30, False, "between")),
        ("five to ten", ("five to ten", 5, 5, 10, False, "between")),
        ("one or two", ("one or two", 1, 1, 2, False, "between")),
        ("20-30 killed", ("20-30", 20, 20, 30, False, "between")),
        ("20–30 killed", ("20–30", 20, 20, 30, False, "between")),
        ("1,500-2,000", ("1,500-2,000", 1500, 1500, 2000, False, "between")),
        ("some 20 to 30", ("some 20 to 30", 20, 20, 30, True, "between")),
        ("two to three thousand", ("two to three thousand", 2000, 2000, 3000, False, "between")),
        # vague amounts
        ("dozens of people", ("dozens", 24, 24, None, True, "dozens")),
        ("several strikes", ("several", 3, 3, 9, True, "several")),
        ("a few strikes", ("a few", 2, 2, 5, True, "a few")),
        ("a handful of", ("a handful", 2, 2, 6, True, "a handful")),
        ("hundreds of", ("hundreds", 200, 200, None, True, "hundreds")),
        ("thousands fled", ("thousands", 2000, 2000, None, True, "thousands")),
        ("scores of dead", ("scores", 40, 40, None, True, "scores")),
        ("tens of thousands", ("tens of thousands", 20000, 20000, None, True, "tens of thousands")),
        ("several dozen", ("several dozen", 36, 36, 108, True, "several")),
        ("a few hundred", ("a few hundred", 200, 200, 500, True, "a few")),
        # "one" is always returned; the caller filters
        ("no one was hurt", ("one", 1, 1, 1, False, "")),
        ("one of them", ("one", 1, 1, 1, False, "")),
    ],
)
def test_quantities(text, expected):
    assert summary(one(text)) == expected


@pytest.mark.parametrize(
    ("text", "surface", "value", "qualifier", "approximate"),
    [
        ("a third of the dead", "a third", 1 / 3, "", False),
        ("one-third of them", "one-third", 1 / 3, "", False),
        ("about one-third", "about one-third", 1 / 3, "about", True),
        ("two-thirds of the town", "two-thirds", 2 / 3, "", False),
        ("two thirds", "two thirds", 2 / 3, "", False),
        ("half of the victims", "half", 0.5, "", False),
        ("more than half", "more than half", 0.5, "more than", False),
        ("a quarter were children", "a quarter", 0.25, "", False),
        ("three quarters", "three quarters", 0.75, "", False),
        ("30 percent", "30 percent", 0.3, "", False),
        ("30 per cent", "30 per cent", 0.3, "", False),
        ("30%", "30%", 0.3, "", False),
        ("nearly 40%", "nearly 40%", 0.4, "nearly", True),
        ("thirty percent", "thirty percent", 0.3, "", False),
    ],
)
def test_fractions(text, surface, value, qualifier, approximate):
    q = one(text)
    assert q.fraction is True
    assert (q.text, q.qualifier, q.approximate, q.low, q.high) == (
        surface,
        qualifier,
        approximate,
        None,
        None,
    )
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "in 2016",
        "during 2019 fighting",
        "at 10:30",
        "at 10 am",
        "at 11 p.m.",
        "on the 24th",
        "an MQ-9 Reaper",
        "F-16 jets",
        "B-52s",
        "Su-24",
        "UN1325",
        "Air Base 201",
        "Route 5",
        "Highway 4",
        "Resolution 2254",
        "No. 7",
        "Flight 17",
        "the 93rd Brigade",
        "Division 10",
        "$110 million",
        "US$5",
        "5 million dollars",
        "£40",
        "a 12-year-old boy",
        "a twenty-three-year-old",
        "a two-day offensive",
        "10km away",
        "2019-09-24",
        "2019-09",
        "1990-2000",
        "between 1990 and 2000",
        "a",
        "a third strike hit",
        "the first half of 2019",
        "the other half",
        "24/7",
        "half-brother",
        "often",
        "someone",
    ],
)
def test_not_quantities(text):
    assert find_quantities(text) == []


def test_ranges_need_a_larger_upper_figure():
    assert [q.text for q in find_quantities("ten to five")] == ["ten", "five"]
    assert [q.text for q in find_quantities("killed 40-30")] == []


def test_percent_ranges_are_not_count_ranges():
    found = find_quantities("10 to 15 percent")
    assert [(q.text, q.fraction) for q in found] == [("10", False), ("15 percent", True)]


def test_qualified_year_like_number_is_a_count():
    q = one("about 2000 people")
    assert (q.value, q.low, q.high, q.approximate) == (2000, 2000, 2000, True)


def test_left_to_right_non_overlapping_longest():
    text = (
        "At least 12 people, including a dozen children, were killed and dozens more wounded "
        "when some 20 to 30 missiles hit; nearly half the 1,200 residents fled, UN said."
    )
    found = find_quantities(text)
    assert [q.text for q in found] == [
        "At least 12",
        "a dozen",
        "dozens",
        "some 20 to 30",
        "nearly half",
        "1,200",
    ]
    for q in found:
        assert text[q.start : q.end] == q.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_quantity_is_frozen():
    q = one("eight")
    assert q == Quantity(0, 5, "eight", 8.0, 8, 8, False, "")
    with pytest.raises(AttributeError):
        q.value = 9  # type: ignore[misc]


def test_fast_enough():
    text = "About 40 people and more than 1,200 homes; several dozen strikes in 2016. " * 400
    t0 = time.perf_counter()
    found = find_quantities(text)
    assert len(found) == 1200
    assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize(
    "text",
    [
        "killed " + "9" * 400,
        "at least " + "9" * 400,  # ceil(inf) raised OverflowError
        "more than " + "9" * 400 + " people",
        "fewer than " + "9" * 309,
        "9" * 400 + " percent",
        "1" + "0" * 305 + " million",  # finite digits, infinite once scaled
    ],
)
def test_numbers_too_large_for_a_float_are_no_quantities(text):
    assert find_quantities(text) == []


def test_the_largest_float_is_still_a_quantity():
    (q,) = find_quantities("about " + "9" * 300)
    assert q.value == float("9" * 300) and q.low == int(float("9" * 300))
