import datetime as dt

import pytest

from geo.extraction.reldates import DateMention, find_dates, resolve_offset
from geo.model.records import DatePrecision

D = dt.date
DAY, WEEK, MONTH, YEAR = (
    DatePrecision.DAY,
    DatePrecision.WEEK,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
)
PUB = D(2019, 11, 8)  # a Friday
NEW_YEAR = D(2019, 1, 3)  # a Thursday


def one(text, published=PUB):
    found = find_dates(text, published=published)
    assert len(found) == 1, found
    d = found[0]
    assert text[d.start : d.end] == d.text
    return d


def summary(d):
    return (d.text, d.date_start, d.date_end, d.precision, d.relative)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # explicit days
        (
            "19 September 2019",
            PUB,
            ("19 September 2019", D(2019, 9, 19), D(2019, 9, 19), DAY, False),
        ),
        (
            "September 19, 2019",
            PUB,
            ("September 19, 2019", D(2019, 9, 19), D(2019, 9, 19), DAY, False),
        ),
        ("on 3 May 2018,", PUB, ("3 May 2018", D(2018, 5, 3), D(2018, 5, 3), DAY, False)),
        ("Sept. 19", PUB, ("Sept. 19", D(2019, 9, 19), D(2019, 9, 19), DAY, True)),
        ("Sep 19", PUB, ("Sep 19", D(2019, 9, 19), D(2019, 9, 19), DAY, True)),
        ("on Sept 24", PUB, ("Sept 24", D(2019, 9, 24), D(2019, 9, 24), DAY, True)),
        ("19 Sept", PUB, ("19 Sept", D(2019, 9, 19), D(2019, 9, 19), DAY, True)),
        ("September 19th", PUB, ("September 19th", D(2019, 9, 19), D(2019, 9, 19), DAY, True)),
        (
            "the 19th of September",
            PUB,
            ("the 19th of September", D(2019, 9, 19), D(2019, 9, 19), DAY, True),
        ),
        ("Dec. 30", NEW_YEAR, ("Dec. 30", D(2018, 12, 30), D(2018, 12, 30), DAY, True)),
        ("Jan 3", NEW_YEAR, ("Jan 3", D(2019, 1, 3), D(2019, 1, 3), DAY, True)),
        ("February 29", PUB, ("February 29", D(2016, 2, 29), D(2016, 2, 29), DAY, True)),
        ("19-20 September", PUB, ("19-20 September", D(2019, 9, 19), D(2019, 9, 20), DAY, True)),
        (
            "the night of 12 to 13 September",
            PUB,
            ("12 to 13 September", D(2019, 9, 12), D(2019, 9, 13), DAY, True),
        ),
        (
            "Sept. 19-21, 2018",
            PUB,
            ("Sept. 19-21, 2018", D(2018, 9, 19), D(2018, 9, 21), DAY, False),
        ),
        (
            "Thursday, Sept. 19, 2019",
            PUB,
            ("Thursday, Sept. 19, 2019", D(2019, 9, 19), D(2019, 9, 19), DAY, False),
        ),
        ("2019-09-24", PUB, ("2019-09-24", D(2019, 9, 24), D(2019, 9, 24), DAY, False)),
        # months
        ("March 2018", PUB, ("March 2018", D(2018, 3, 1), D(2018, 3, 31), MONTH, False)),
        ("in Sept. 2017", PUB, ("Sept. 2017", D(2017, 9, 1), D(2017, 9, 30), MONTH, False)),
        ("in March", PUB, ("March", D(2019, 3, 1), D(2019, 3, 31), MONTH, True)),
        ("in November", PUB, ("November", D(2019, 11, 1), D(2019, 11, 30), MONTH, True)),
        ("in December", PUB, ("December", D(2018, 12, 1), D(2018, 12, 31), MONTH, True)),
        ("since May", PUB, ("May", D(2019, 5, 1), D(2019, 5, 31), MONTH, True)),
        ("last November", PUB, ("last November", D(2018, 11, 1), D(2018, 11, 30), MONTH, True)),
        ("last March", PUB, ("last March", D(2019, 3, 1), D(2019, 3, 31), MONTH, True)),
        (
            "this December",
            NEW_YEAR,
            ("this December", D(2019, 12, 1), D(2019, 12, 31), MONTH, True),
        ),
        # parts of months
        ("early September", PUB, ("early September", D(2019, 9, 1), D(2019, 9, 10), WEEK, True)),
        ("mid-September", PUB, ("mid-September", D(2019, 9, 11), D(2019, 9, 20), WEEK, True)),
        ("late September", PUB, ("late September", D(2019, 9, 21), D(2019, 9, 30), WEEK, True)),
        (
            "late February 2016",
            PUB,
            ("late February 2016", D(2016, 2, 21), D(2016, 2, 29), WEEK, False),
        ),
        (
            "the end of December",
            NEW_YEAR,
            ("the end of December", D(2018, 12, 21), D(2018, 12, 31), WEEK, True),
        ),
        # years and parts of years
        ("in 2016", PUB, ("2016", D(2016, 1, 1), D(2016, 12, 31), YEAR, False)),
        ("during 2016", PUB, ("2016", D(2016, 1, 1), D(2016, 12, 31), YEAR, False)),
        ("since 2014,", PUB, ("2014", D(2014, 1, 1), D(2014, 12, 31), YEAR, False)),
        ("in late 2019", PUB, ("late 2019", D(2019, 9, 1), D(2019, 12, 31), MONTH, False)),
        ("late 2019", PUB, ("late 2019", D(2019, 9, 1), D(2019, 12, 31), MONTH, False)),
        ("early 2018", PUB, ("early 2018", D(2018, 1, 1), D(2018, 4, 30), MONTH, False)),
        ("mid-2018", PUB, ("mid-2018", D(2018, 5, 1), D(2018, 8, 31), MONTH, False)),
        (
            "by the end of 2017",
            PUB,
            ("the end of 2017", D(2017, 9, 1), D(2017, 12, 31), MONTH, False),
        ),
        (
            "between 2014 and 2016",
            PUB,
            ("between 2014 and 2016", D(2014, 1, 1), D(2016, 12, 31), YEAR, False),
        ),
        (
            "from 2014 to 2016",
            PUB,
            ("from 2014 to 2016", D(2014, 1, 1), D(2016, 12, 31), YEAR, False),
        ),
        # weekdays: the latest on or before publication, same day counting
        ("on Thursday", PUB, ("Thursday", D(2019, 11, 7), D(2019, 11, 7), DAY, True)),
        ("Thursday", NEW_YEAR, ("Thursday", D(2019, 1, 3), D(2019, 1, 3), DAY, True)),
        ("on Friday", PUB, ("Friday", D(2019, 11, 8), D(2019, 11, 8), DAY, True)),
        ("on Saturday", PUB, ("Saturday", D(2019, 11, 2), D(2019, 11, 2), DAY, True)),
        ("on Thursday night", PUB, ("Thursday night", D(2019, 11, 7), D(2019, 11, 7), DAY, True)),
        ("Thursday's strike", PUB, ("Thursday", D(2019, 11, 7), D(2019, 11, 7), DAY, True)),
        ("last Thursday", NEW_YEAR, ("last Thursday", D(2018, 12, 27), D(2018, 12, 27), DAY, True)),
        ("last Wednesday", NEW_YEAR, ("last Wednesday", D(2019, 1, 2), D(2019, 1, 2), DAY, True)),
        ("next Monday", PUB, ("next Monday", D(2019, 11, 11), D(2019, 11, 11), DAY, True)),
        # days around publication
        ("yesterday", PUB, ("yesterday", D(2019, 11, 7), D(2019, 11, 7), DAY, True)),
        (
            "yesterday morning",
            PUB,
            ("yesterday morning", D(2019, 11, 7), D(2019, 11, 7), DAY, True),
        ),
        ("today", PUB, ("today", PUB, PUB, DAY, True)),
        ("this morning", PUB, ("this morning", PUB, PUB, DAY, True)),
        ("earlier today", PUB, ("earlier today", PUB, PUB, DAY, True)),
        ("overnight", PUB, ("overnight", D(2019, 11, 7), D(2019, 11, 8), DAY, True)),
        ("last night", PUB, ("last night", D(2019, 11, 7), D(2019, 11, 7), DAY, True)),
        (
            "the day before yesterday",
            PUB,
            ("the day before yesterday", D(2019, 11, 6), D(2019, 11, 6), DAY, True),
        ),
        # weeks, weekends, months, years
        ("last week", PUB, ("last week", D(2019, 11, 1), D(2019, 11, 7), WEEK, True)),
        ("this week", PUB, ("this week", D(2019, 11, 4), PUB, WEEK, True)),
        ("earlier this week", PUB, ("earlier this week", D(2019, 11, 4), PUB, WEEK, True)),
        ("last weekend", PUB, ("last weekend", D(2019, 11, 2), D(2019, 11, 3), WEEK, True)),
        (
            "over the weekend",
            D(2019, 11, 4),
            ("over the weekend", D(2019, 11, 2), D(2019, 11, 3), WEEK, True),
        ),
        (
            "over the weekend",
            D(2019, 11, 3),
            ("over the weekend", D(2019, 11, 2), D(2019, 11, 3), WEEK, True),
        ),
        ("last month", PUB, ("last month", D(2019, 10, 1), D(2019, 10, 31), MONTH, True)),
        ("last month", NEW_YEAR, ("last month", D(2018, 12, 1), D(2018, 12, 31), MONTH, True)),
        ("late last month", PUB, ("late last month", D(2019, 10, 21), D(2019, 10, 31), WEEK, True)),
        ("this month", PUB, ("this month", D(2019, 11, 1), PUB, MONTH, True)),
        ("earlier this month", PUB, ("earlier this month", D(2019, 11, 1), PUB, MONTH, True)),
        ("last year", PUB, ("last year", D(2018, 1, 1), D(2018, 12, 31), YEAR, True)),
        ("late last year", PUB, ("late last year", D(2018, 9, 1), D(2018, 12, 31), MONTH, True)),
        ("this year", PUB, ("this year", D(2019, 1, 1), PUB, YEAR, True)),
        ("earlier this year", PUB, ("earlier this year", D(2019, 1, 1), PUB, YEAR, True)),
        # windows ending at publication
        ("in recent days", PUB, ("in recent days", D(2019, 11, 1), PUB, WEEK, True)),
        ("in recent weeks", PUB, ("in recent weeks", D(2019, 10, 11), PUB, MONTH, True)),
        ("in the past ten days", PUB, ("in the past ten days", D(2019, 10, 29), PUB, WEEK, True)),
        ("over the past week", PUB, ("over the past week", D(2019, 11, 1), PUB, WEEK, True)),
        ("in the last 24 hours", PUB, ("in the last 24 hours", D(2019, 11, 7), PUB, DAY, True)),
        (
            "over the past few days",
            PUB,
            ("over the past few days", D(2019, 11, 1), PUB, WEEK, True),
        ),
        (
            "in the past two months",
            PUB,
            ("in the past two months", D(2019, 9, 8), PUB, MONTH, True),
        ),
        # ago
        ("two days ago", PUB, ("two days ago", D(2019, 11, 6), D(2019, 11, 6), DAY, True)),
        ("a week ago", PUB, ("a week ago", D(2019, 11, 1), D(2019, 11, 1), WEEK, True)),
        ("three months ago", PUB, ("three months ago", D(2019, 8, 1), D(2019, 8, 31), MONTH, True)),
        ("two years ago", PUB, ("two years ago", D(2017, 1, 1), D(2017, 12, 31), YEAR, True)),
        # the 24th
        ("on the 24th", PUB, ("the 24th", D(2019, 10, 24), D(2019, 10, 24), DAY, True)),
        ("on the 4th, jets", PUB, ("the 4th", D(2019, 11, 4), D(2019, 11, 4), DAY, True)),
        ("on the 8th", PUB, ("the 8th", PUB, PUB, DAY, True)),
        ("on the 31st", D(2019, 12, 5), ("the 31st", D(2019, 10, 31), D(2019, 10, 31), DAY, True)),
        (
            "on the 3rd of last month",
            PUB,
            ("the 3rd of last month", D(2019, 10, 3), D(2019, 10, 3), DAY, True),
        ),
    ],
)
def test_dates(text, published, expected):
    assert summary(one(text, published)) == expected


@pytest.mark.parametrize(
    ("text", "offset", "precision"),
    [
        ("five days later", 5, DAY),
        ("two days later", 2, DAY),
        ("a day later", 1, DAY),
        ("one day after", 1, DAY),
        ("the next day", 1, DAY),
        ("the following day", 1, DAY),
        ("the following morning", 1, DAY),
        ("the day after", 1, DAY),
        ("a week later", 7, WEEK),
        ("the following week", 7, WEEK),
        ("two days earlier", -2, DAY),
        ("three days before", -3, DAY),
        ("the previous day", -1, DAY),
        ("the day before", -1, DAY),
        ("the night before", -1, DAY),
        ("the same day", 0, DAY),
        ("later that day", 0, DAY),
    ],
)
def test_offsets(text, offset, precision):
    d = one(text)
    assert (d.text, d.date_start, d.date_end, d.offset_days, d.precision, d.relative) == (
        text,
        None,
        None,
        offset,
        precision,
        True,
    )
    resolved = resolve_offset(d, D(2019, 9, 14))
    day = D(2019, 9, 14) + dt.timedelta(days=offset)
    assert (resolved.date_start, resolved.date_end, resolved.relative) == (day, day, True)
    assert resolved.offset_days == offset and resolved.text == text
    assert "2019-09-14" in resolved.note


def test_resolve_offset_rejects_plain_dates():
    with pytest.raises(ValueError, match="not an offset"):
        resolve_offset(one("yesterday"), D(2019, 9, 14))


def test_notes_explain_relative_dates():
    assert one("on Thursday").note == "Thursday on or before publication (2019-11-08)"
    assert one("last Thursday").note == "Thursday before publication (2019-11-08)"
    assert "2019-11-08" in one("Sept. 19").note
    assert one("19 September 2019").note == ""


@pytest.mark.parametrize(
    "text",
    [
        "an MQ-9 Reaper",
        "Air Base 201",
        "150 fighters",
        "$110 million",
        "Section 2019",
        "the 2019 offensive",
        "at 10:30",
        "at 10 pm",
        "officials may confirm",
        "troops march on",
        "Theresa May said",
        "May",
        "31 September",
        "2019-13-45",
        "2019-00-10",
        "2019-02-30",
        "between 2016 and 2014",
        "19/09/2019",
        "the 24th Brigade",
        "on the 24th Brigade",
        "the last days of the siege",
        "several days later",
        "Jan Egeland",
    ],
)
def test_not_dates(text):
    assert find_dates(text, published=PUB) == []


def test_month_needs_context_but_may_with_a_day_is_a_date():
    assert one("May 5").date_start == D(2019, 5, 5)
    assert one("May 2019").date_start == D(2019, 5, 1)
    assert one("in May").date_start == D(2019, 5, 1)


def test_left_to_right_non_overlapping_longest():
    text = (
        "The coalition said on Thursday that jets struck Sirte on Sept. 19, 2019, killing 8; "
        "the day before yesterday a drone hit Murzuq, and two days later another struck in "
        "early October. Fighting has continued since 2016 and intensified last month."
    )
    found = find_dates(text, published=PUB)
    assert [d.text for d in found] == [
        "Thursday",
        "Sept. 19, 2019",
        "the day before yesterday",
        "two days later",
        "early October",
        "2016",
        "last month",
    ]
    for d in found:
        assert text[d.start : d.end] == d.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_mention_is_frozen():
    d = one("yesterday")
    assert isinstance(d, DateMention)
    with pytest.raises(AttributeError):
        d.text = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Christmas Eve", D(2019, 12, 28), ("Christmas Eve", D(2019, 12, 24), DAY, True)),
        ("Christmas Eve", PUB, ("Christmas Eve", D(2018, 12, 24), DAY, True)),
        ("on Christmas Day", D(2019, 12, 25), ("Christmas Day", D(2019, 12, 25), DAY, True)),
        ("New Year's Day", NEW_YEAR, ("New Year's Day", D(2019, 1, 1), DAY, True)),
        ("New Year\u2019s Eve", NEW_YEAR, ("New Year\u2019s Eve", D(2018, 12, 31), DAY, True)),
        ("Boxing Day, 2016", PUB, ("Boxing Day, 2016", D(2016, 12, 26), DAY, False)),
    ],
)
def test_feasts_of_fixed_date_are_days(text, published, expected):
    d = one(text, published)
    assert (d.text, d.date_start, d.precision, d.relative) == expected
    assert d.date_end == d.date_start


@pytest.mark.parametrize("text", ["over Christmas", "the Christmas holidays", "new year"])
def test_a_season_is_not_a_feast_day(text):
    assert find_dates(text, published=PUB) == []


def test_date_rules_are_skipped_only_where_they_cannot_match():
    """A rule left aside for a text (its words absent) finds nothing in that text."""
    import random

    from geo.extraction import reldates
    from geo.extraction.textnum import fold_case

    rng = random.Random(11)
    pieces = ["the", "day", "before", "after", "yesterday", "Yesterday", "YESTERDAY", "last",
              "LAST", "this", "This", "night", "overnight", "today", "Tonight", "morning",
              "week", "Week", "weekend", "month", "Month", "year", "YEAR", "ago", "Ago", "3",
              "14th", "the 2nd", "recent", "Recent", "days", "past", "PAST", "two", "later",
              "earlier", "prior", "previously", "next", "following", "same", "that", "on",
              "from", "FROM", "between", "2015", "to", "2017", "Christmas", "Eve", "New Year's",
              "Day", "Boxing", "in", "over", "-", ",", ".", "\n", "\u212a", "ı", "İ", "ſ", "ß",
              "the ſame day", "laſt week", "LAſT", "yeſterday", "Tonıght", "İN RECENT DAYS",
              "two weeks ago", "three days later", "the day before", "the following morning",
              "from 2015 to 2017", "BETWEEN 2010 and 2012", "2019-09-14", "14", "September",
              "september", "Sept.", "SEPT", "Mar", "May", "mid-", "late", "of", "Thursday",
              "THURSDAY", "tueſday", "on Monday", "in 2019", "1998", "20", "March 3, 2018",
              "the 5th of", "Dec 25"]  # fmt: skip
    checked = set()
    for _ in range(6000):
        sep = rng.choice([" ", "  ", "\n"])
        text = sep.join(rng.choice(pieces) for _ in range(rng.randint(1, 7)))
        folded = fold_case(text)
        for pattern, need in reldates._NEEDS.items():
            if pattern.search(text):
                checked.add(pattern)
                assert need(text, folded), (pattern.pattern[:50], text)
    assert checked == set(reldates._NEEDS)  # every need was put to the test


def test_the_start_lookaheads_change_no_match():
    """The rules that first look how a date can start find what they found without it."""
    import random
    import re

    from geo.extraction import reldates

    starts = [
        reldates._DAY_MONTH_START,
        reldates._MONTH_DAY_START,
        reldates._MONTH_START,
        reldates._YEAR_START,
        reldates._WEEKDAY_START,
    ]
    rules = [p for p, _, _ in reldates._RULES if any(h in p.pattern for h in starts)]
    assert len(rules) == 5
    rng = random.Random(13)
    pieces = ["on", "in", "of", "by", "since", "until", "till", "during", "from", "through",
              "throughout", "before", "after", "last", "this", "this past", "next", "past",
              "early", "mid", "late", "the start of", "the end of", "the first few days of",
              "Monday", "friday", "SUNDAY", "Sept.", "September", "May", "march", "March",
              "Dec", "14", "14th", "3rd", "2019", "1998", "20", ",", "-", "to", "the",
              "morning", "night", "\n", "ſince", "Tueſday", "\u212a"]  # fmt: skip
    # every weekday and month as each rule takes it
    for wd in reldates._WD_NAMES:
        pieces += [wd, wd.upper(), f"{wd}, 14 September", f"{wd} May 3", f"last {wd}"]
    for month in reldates._MONTH_WORDS:
        pieces += [month, f"{month} 14", f"14 {month}", f"in {month} 2019", f"early {month}"]
    for ctx in reldates._CTX_NAMES:
        pieces += [f"{ctx} 2019", f"{ctx} late 2017", f"{ctx} the middle of 2016"]
    pieces += ["early 2018", "mid-2015", "the 14th of March", "the 3rd May", "the end of 2019"]
    found = 0
    for rule in rules:
        plain = rule.pattern
        for h in starts:
            plain = plain.replace(h, "")
        without = re.compile(plain, rule.flags)
        for _ in range(2500):
            sep = rng.choice([" ", "  ", "\n", " - "])
            text = sep.join(rng.choice(pieces) for _ in range(rng.randint(1, 7)))
            got = [(m.span(), m.groupdict()) for m in rule.finditer(text)]
            assert got == [(m.span(), m.groupdict()) for m in without.finditer(text)], text
            found += len(got)
    assert found > 1500
