"""The extraction steps one at a time, through the interfaces the split gave them.

What travels between the steps is now an argument or a return value (the statement flag of
a date, the distance phrases that describe a named place, the previous event's place, the
regions named so far, the events told); these tests hand each step those values directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from gazetteer.geoparse.toponyms import find_toponyms
from gazetteer.lexicon import DISTANCE_UNITS
from geo.extraction.aggregates import aggregate_claim
from geo.extraction.dates import DateReader
from geo.extraction.distances import distance_checks, offset_place
from geo.extraction.document import Document
from geo.extraction.extract import read_document
from geo.extraction.mentions import Mention, find_mentions
from geo.extraction.places import PlaceReader, RegionsNamed
from geo.extraction.reldates import DateMention
from geo.extraction.tolls import injured, killed
from geo.model.records import DatePrecision, LocationPrecision
from tests.factories import MURZUQ

FRIDAY = dt.date(2019, 9, 27)


@pytest.fixture
def read(gaz):
    def read(text: str) -> Document:
        names = [t for t in find_toponyms(text, gazetteer=gaz) if t.place is not None]
        return read_document(text, FRIDAY, gaz, names)

    return read


def only_mention(doc: Document, n: int = 0, *, after_trigger: bool = False) -> Mention:
    (mention,) = find_mentions(doc, doc.sentences[n], after_trigger=after_trigger, telling=False)
    return mention


# --- mentions -------------------------------------------------------------------------------


def test_a_counted_plural_is_an_aggregate_and_an_elliptic_ordinal_needs_a_trigger_before(read):
    doc = read("Four strikes hit Jilib in 2018. The second, on Sept. 24, killed two.")
    tally = only_mention(doc)
    assert (tally.noun, tally.plural, tally.aggregate) == ("strikes", True, True)
    assert tally.count is not None and (tally.count.low, tally.count.high) == (4, 4)
    assert find_mentions(doc, doc.sentences[1], after_trigger=False, telling=False) == []
    second = only_mention(doc, 1, after_trigger=True)
    assert (second.ordinal, second.definite, second.elliptic, second.aggregate) == (
        2,
        True,
        True,
        False,
    )
    assert (second.lo, second.hi) == (32, 68)  # the whole second sentence is its clause


def test_a_strike_that_is_no_event_is_no_mention(read):
    doc = read("Dockers began a hunger strike. Officials said they could strike back.")
    for sentence in doc.sentences:
        assert find_mentions(doc, sentence, after_trigger=True, telling=True) == []


# --- dates ----------------------------------------------------------------------------------


def test_a_statement_date_is_returned_as_such(read):
    said = read("AFRICOM said on Tuesday that a strike killed four.")
    found = DateReader(said).in_clause(only_mention(said), previous=None)
    assert found.date is not None and found.date.date_start == dt.date(2019, 9, 24)
    assert found.statement is True
    assert found.reason.startswith("date from 'Tuesday' (the date of the statement)")

    own = read("A strike on Tuesday killed four.")
    found = DateReader(own).in_clause(only_mention(own), previous=None)
    assert found.date is not None and found.date.date_start == dt.date(2019, 9, 24)
    assert found.statement is False
    assert found.reason.startswith("date from 'Tuesday':")


def test_an_offset_counts_from_the_previous_event_given_as_an_argument(read):
    doc = read("Five days later, another strike killed two.")
    previous = DateMention(
        0, 0, "", dt.date(2019, 9, 19), dt.date(2019, 9, 19), DatePrecision.DAY, False
    )
    found = DateReader(doc).in_clause(only_mention(doc), previous=previous)
    assert found.date is not None
    assert (found.date.date_start, found.date.date_end) == (dt.date(2019, 9, 24),) * 2
    assert "counted from the previous strike (2019-09-19)" in found.reason
    # without a previous event there is nothing to count from
    assert DateReader(doc).in_clause(only_mention(doc), previous=None).date is None


def test_no_date_falls_back_to_the_week_before_publication(read):
    doc = read("A strike killed two.")
    found = DateReader(doc).fallback(only_mention(doc))
    assert found.date is not None
    assert (found.date.date_start, found.date.date_end) == (dt.date(2019, 9, 20), FRIDAY)
    assert found.date.precision is DatePrecision.WEEK
    assert found.reason == "no date given: the week before publication"


# --- tolls ----------------------------------------------------------------------------------


def test_killed_and_injured_read_their_own_figures(read):
    doc = read("The strike killed at least 11 militants, officials said. It also wounded four.")
    toll = killed(doc, 0, doc.sentences[0].end)
    assert toll is not None and (toll.low, toll.high, toll.qualifier) == (11, None, "at least")
    assert injured(doc, 0, doc.sentences[0].end) is None
    assert injured(doc, doc.sentences[1].start, doc.sentences[1].end) == 4
    assert killed(doc, doc.sentences[1].start, doc.sentences[1].end) is None


def test_killed_counts_a_named_person_as_one(read):
    doc = read("The raid ended by killing Khalid Barre, a senior commander.")
    toll = killed(doc, 0, len(doc.text))
    assert toll is not None and (toll.text, toll.low, toll.high) == ("Khalid Barre", 1, 1)


# --- distances and places -------------------------------------------------------------------


def test_a_distance_that_describes_a_named_place_is_a_check_not_a_place(read):
    text = "The strike hit Murzuq, an oasis town nearly 600 miles south of Tripoli."
    doc = read(text)
    distances = distance_checks(doc)
    (check,) = distances.checks
    assert (check.anchor_name, check.stated_direction) == ("Tripoli", "south")
    assert check.stated_km == pytest.approx(965.6, abs=0.1)
    assert check.computed_km == pytest.approx(776, abs=5)
    assert distances.appositive == frozenset({(37, 63)})
    assert text[37:63] == "nearly 600 miles south of "
    assert offset_place(doc, 0, len(text), appositive=distances.appositive) is None
    offset = offset_place(doc, 0, len(text), appositive=frozenset())
    assert offset is not None and offset.anchor == "Tripoli"
    assert offset.precision is LocationPrecision.DISTRICT
    assert offset.offset_km == pytest.approx(965.6, abs=0.1)
    assert offset.radius_km == pytest.approx(0.4 * 965.6, abs=0.1)
    # the place the clause claims is the town the distance describes
    found = PlaceReader(doc, distances.appositive).in_clause(
        only_mention(doc), previous=None, regions=RegionsNamed()
    )
    assert found.explicit and found.place is not None
    assert found.place.precision is LocationPrecision.TOWN
    assert (found.place.lat, found.place.lon) == pytest.approx((25.92, 13.92), abs=0.05)


@pytest.mark.parametrize("unit", sorted(DISTANCE_UNITS))
def test_every_distance_unit_of_the_lexicon_places_an_offset(read, unit):
    text = f"A strike hit a camp 50 {unit} north-east of Sirte on Tuesday."
    offset = offset_place(read(text), 0, len(text), appositive=frozenset())
    assert offset is not None and offset.anchor == "Sirte"
    assert offset.offset_km == (80.5 if DISTANCE_UNITS[unit] == "mi" else 50.0)
    assert offset.bearing_deg == 45.0
    assert offset.name == f"50 {unit} north-east of Sirte"


def test_the_same_area_is_the_previous_place_given_as_an_argument(read):
    doc = read("Another strike hit the same area on Friday.")
    murzuq = replace(MURZUQ, radius_km=10.0, reason="test")
    reader = PlaceReader(doc, frozenset())
    found = reader.in_clause(only_mention(doc), previous=murzuq, regions=RegionsNamed())
    assert found.explicit and found.place is not None
    assert (found.place.name, found.place.precision) == ("Murzuq", LocationPrecision.NEAR_TOWN)
    assert found.place.radius_km == max(10.0, LocationPrecision.NEAR_TOWN.default_radius_km)
    assert found.place.reason == "'the same area': the place of the previous strike (Murzuq)"
    assert reader.in_clause(only_mention(doc), previous=None, regions=RegionsNamed()).place is None


def test_regions_named_are_noted_and_the_widest_is_the_fallback(read):
    doc = read("Strikes continue in southwest Libya. Later, in the south of Libya, a strike hit.")
    reader = PlaceReader(doc, frozenset())
    regions = RegionsNamed()
    country = reader.fallback(len(doc.text), regions)  # before any region is noted
    assert country is not None and country.precision is LocationPrecision.COUNTRY
    assert country.reason == "no place in the sentence: the country being told of"
    reader.note_regions(doc.sentences[0], regions)
    assert regions.widest is not None
    assert regions.widest.reason.startswith("'Libya' read as the southwest of Libya")
    fallback = reader.fallback(len(doc.text), regions)
    assert fallback is not None and fallback.precision is LocationPrecision.REGION
    assert fallback.reason == (
        f"no place in the sentence: the widest region the report names, {regions.widest.name}"
    )


# --- aggregates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Told:
    date: DateMention | None


def _day(day: int) -> DateMention:
    return DateMention(
        0, 0, "", dt.date(2019, 9, day), dt.date(2019, 9, day), DatePrecision.DAY, False
    )


def test_an_aggregate_covers_the_last_events_told(read):
    doc = read("In all, the three strikes killed 36 people.")
    told = [_Told(_day(19)), _Told(_day(24)), _Told(_day(26)), _Told(_day(29))]
    claim = aggregate_claim(doc, only_mention(doc), told=told, index=5)
    assert claim is not None
    assert (claim.index, claim.strikes_low, claim.strikes_high) == (5, 3, 3)
    assert (claim.fatalities_low, claim.fatalities_high) == (36, 36)
    assert claim.covers_claims == (1, 2, 3)
    assert (claim.period_start, claim.period_end) == (dt.date(2019, 9, 24), dt.date(2019, 9, 29))
    # too few events told: it covers none, and has no period
    short = aggregate_claim(doc, only_mention(doc), told=told[:2], index=0)
    assert short is not None and short.covers_claims == ()
    assert short.period_start is None


def test_background_plurals_make_no_aggregate(read):
    doc = read("US strikes have continued against the group.")
    mention = only_mention(doc)
    assert mention.aggregate
    assert aggregate_claim(doc, mention, told=[], index=0) is None
