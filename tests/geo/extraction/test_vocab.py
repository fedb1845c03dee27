"""The extractor's vocabularies (geo.extraction.vocab), read from data/lexicon/."""

import datetime as dt
import random
import re

import pytest

import gazetteer.lexicon as lexicon
import geo.extraction.regions as regions
import geo.extraction.reldates as reldates
from gazetteer.wordlists import alternation
from geo.extraction import vocab
from geo.extraction.vocab import (
    ACTORS,
    ATTRIBUTIONS,
    DRONE_PLATFORMS,
    GROUPS,
    PLATFORMS,
    find_terms,
)


def test_tables_hold_the_shipped_rows():
    assert (len(ACTORS), len(GROUPS), len(PLATFORMS), len(ATTRIBUTIONS)) == (51, 66, 31, 27)
    assert GROUPS["daesh"] == GROUPS["isis"] == GROUPS["islamic state"] == "Islamic State (ISIS)"
    assert GROUPS["islamic state in libya"] == "Islamic State (ISIS) in Libya"
    assert ACTORS["u.s. africa command"] == ACTORS["africom"] == "US military (AFRICOM)"
    assert PLATFORMS["reapers"] == "MQ-9 Reaper"
    assert ATTRIBUTIONS["social media"] == ("social media reports", 0.5)
    assert ATTRIBUTIONS["would not confirm"] == ("unconfirmed by officials", 0.55)
    assert all(0 < conf <= 1 for _, conf in ATTRIBUTIONS.values())
    assert DRONE_PLATFORMS == {
        "MQ-9 Reaper",
        "MQ-1 Predator",
        "MQ-1C Gray Eagle",
        "Bayraktar TB2",
        "Wing Loong",
        "drone",
    }
    assert DRONE_PLATFORMS <= set(PLATFORMS.values())


def test_find_terms_tries_the_longest_spelling_first():
    terms = find_terms("Al-Qaeda in the Islamic Maghreb and al-Qaeda; IS is here", GROUPS)
    assert [(t.start, t.text, t.label) for t in terms] == [
        (0, "Al-Qaeda in the Islamic Maghreb", "al-Qaeda in the Islamic Maghreb (AQIM)"),
        (36, "al-Qaeda", "al-Qaeda"),
        (46, "IS", "Islamic State (ISIS)"),
    ]
    assert [t.label for t in find_terms("officials said, reportedly", ATTRIBUTIONS)] == [
        "officials",
        "reported",
    ]


# The extractor's compass words and distance units are gazetteer.lexicon's; it still spells
# out its own month names (reldates): until it reads the lexicon's, they must agree.


def test_the_directions_of_regions_are_the_compass_words():
    assert regions.DIRECTIONS is lexicon.COMPASS_WORDS
    assert regions.direction_of("North-Eastern") == "northeast"
    assert regions.direction_of("centre") == "central"
    assert [regions.bearing_of(d) for d in ("north", "east", "southwest")] == [0.0, 90.0, 225.0]


def test_the_months_of_reldates_are_the_lexicon_months():
    assert reldates._MONTHS == dict(lexicon.MONTH_NUMBERS)  # noqa: SLF001
    monday = dt.date(2019, 9, 23)
    for word, number in lexicon.WEEKDAY_NUMBERS.items():
        day = monday + dt.timedelta(days=number)
        assert day.strftime("%A").lower().startswith(word[:3]), word


def test_groups_named_in_south_asian_and_iraqi_copy() -> None:
    text = "Taliban and TTP fighters, the Haqqani network and Kata'ib Hezbollah"
    assert [t.label for t in find_terms(text, GROUPS)] == [
        "Taliban",
        "Tehrik-i-Taliban Pakistan (TTP)",
        "Haqqani network",
        "Kata'ib Hezbollah",
    ]


@pytest.mark.parametrize("name", ["ACTORS", "GROUPS", "PLATFORMS", "ATTRIBUTIONS"])
def test_the_trie_finds_what_the_longest_first_alternation_finds(name):
    """Each table's pattern finds the same terms as the flat alternation, longest first."""
    table = getattr(vocab, name)
    flat = re.compile(rf"(?<![\w-])(?:{alternation(table)})(?![\w-])", re.IGNORECASE)
    trie = vocab._pattern(table)
    assert trie.pattern != flat.pattern
    rng = random.Random(name)
    words = list(table)
    # the words, their beginnings and longer words they begin, in any case, run together
    pieces = [*words, *(w[: rng.randint(1, len(w))] for w in words), "-", " ", ",", "x",
              "s", "'s", "\u212a", "ſ", "ı", "İ", "\n"]  # fmt: skip
    found = 0
    for _ in range(4000):
        text = "".join(
            rng.choice([str.upper, str.lower, str.title, str])(rng.choice(pieces))
            + rng.choice(["", " ", " ", "-", ". "])
            for _ in range(rng.randint(1, 6))
        )
        spans = [m.span() for m in trie.finditer(text)]
        assert spans == [m.span() for m in flat.finditer(text)], text
        found += len(spans)
    assert found > 1000


def test_words_with_other_letters_keep_the_flat_alternation():
    words = ["kılıç", "kilic", "k"]
    assert vocab._alternatives(words) == alternation(words)
    assert vocab._alternatives(["ab", "abc", "b"]) == "(?:ab(?:c)?|b)"
