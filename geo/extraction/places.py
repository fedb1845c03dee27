"""Event places: where a mentioned strike happened, and how precisely that is known.

Scope: the place a clause claims for its event, from the geoparser's names in it ("in
Murzuq" a town, "near Jilib" near a town, "Aleppo province" a district, "southwest Libya" a
directional region, "the same area" the previous event's place, "elsewhere in the same
province" its division, an offset from :mod:`geo.extraction.distances`), leaving aside the
names that are not the site ("flown from Sigonella", "Somali forces", "officials in
Mogadishu", homonyms abroad); the fallbacks (the place of the sentence before, the widest
region the report names, the country being told of); and, before reading, the country the
report is about (:func:`report_country`) and the town names the geoparser left aside that
the gazetteer knows in another spelling (:func:`variant_names`). Each place is a
:class:`~geo.model.claims.ClaimedPlace` with its precision, radius and reason.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gazetteer.geodesy import farthest_km, geodesic_distance
from gazetteer.lexicon import COMPASS_WORDS, DISTANCE_UNIT_PATTERN
from gazetteer.model import MatchKind, ToponymKind
from gazetteer.wordlists import alternation
from geo.extraction.distances import offset_place, ring_place
from geo.extraction.mentions import TRIGGER, Mention, sentence_triggers, tells_of_strike
from geo.extraction.regions import direction_of, directional_region
from geo.extraction.sentences import HEADING_REASON
from geo.extraction.spans import SpanIndex, any_between
from geo.model.claims import ClaimedPlace
from geo.model.records import DatePrecision, LocationPrecision

if TYPE_CHECKING:
    from gazetteer.errors import InvalidQueryError
    from gazetteer.geoparse import ToponymMatch
    from gazetteer.model import Candidate, Place
    from geo.extraction.document import Document
    from geo.extraction.regions import Region
    from geo.extraction.reldates import DateMention
    from geo.model.claims import Quote

__all__ = [
    "PlaceFinding",
    "PlaceReader",
    "RegionsNamed",
    "countries_named",
    "finer",
    "places_agree",
    "report_country",
    "variant_names",
]

# The compass words are gazetteer.lexicon's (data/lexicon/compass.tsv): the spellings of the
# eight directions (not the middle), and of those the nouns ("north", "north-east", "north
# east"; not "northern").
_POINTS = [word for word, direction in COMPASS_WORDS.items() if direction != "central"]
_NOUNS = [word for word in _POINTS if not word.endswith("ern")]


def _compass(words: Iterable[str]) -> str:
    """An alternation of compass words, longest first, a space in them any one whitespace."""
    return alternation(words).replace(r"\ ", r"\s")


#: A place name used as an attribute ("a US air strike", "Somali forces", "Mali-based").
_ATTRIBUTE_AFTER = re.compile(
    r"(?:'s|\u2019s)?[\s-]*(?:based\b|led\b|backed\b|(?:air\s*|drone\s+|military\s+)?(?:"
    r"strikes?|airstrikes?|raids?|military|forces|troops|army|officials?|aircraft|drones?|"
    r"jets|warplanes|government|authorities|command|officers?|soldiers|special|governors?|"
    r"mayors?|lawmakers?|senators?|"
    r"(?:africa|african|central|european|indo-pacific|special\s+operations)\s+command|"
    r"(?:defen[cs]e\s+|foreign\s+|interior\s+)?ministry|air\s+force|president|spokes\w+)\b)",
    re.IGNORECASE,
)
#: A country named as the one acting ("the United States carried out", "France said").
_ACTING_AFTER = re.compile(
    r"(?:'s|\u2019s)?\s+(?:has|have|had|carried|conducted|launched|said|says|struck|"
    r"announced|confirmed|denied|will|would|is|was|reported|claimed|admitted|acknowledged|"
    r"stated|insisted|blamed|accused|promised|stepped|began|started)\b",
    re.IGNORECASE,
)
#: A country named as a border ("near the border with Niger", "along the Kenyan-Somali
#: frontier", "the Niger border"): the strike is near that border, not in that country. The
#: name before (:data:`_BORDER_BEFORE`) or after (:data:`_BORDER_AFTER`) such words.
_BORDER_BEFORE = re.compile(
    r"\b(?:borders?|frontiers?|boundary)\s+(?:with|of)\s+(?:the\s+)?$", re.IGNORECASE
)
_BORDER_AFTER = re.compile(
    r"^(?:'s|\u2019s)?(?:[\s-]+[A-Z][\w'\u2019]+)?[\s-]+(?i:borders?|frontiers?|boundary)\b"
)
_SAME_AREA = re.compile(
    r"\b(?:the\s+same\s+(?:area|location|region|place|village|town|compound|district|spot|"
    r"vicinity)|nearby|the\s+same\s+\w+\s+area)\b",
    re.IGNORECASE,
)
# the words that name a division after its name ("Salahuddin province")
_DIVISIONS = r"province|governorate|region|district|state"
_SAME_DIVISION = re.compile(
    r"\b(?:elsewhere\s+in|in\s+another\s+part\s+of|in|across|also\s+in)\s+the\s+same\s+"
    rf"(?:{_DIVISIONS})\b|\belsewhere\s+in\s+the\s+"
    rf"(?:{_DIVISIONS})\b",
    re.IGNORECASE,
)
# Between a cue and its name: a word at most ("near the town of Jilib" is "near" + "the" +
# "town of"), or a few before a word that names a kind of place and "of" ("near the coastal
# city of Sirte", "southwest of their former bastion of Sirte").
_CUE_TO_NAME = (
    r"(?:the\s+)?(?:[\w'’-]+\s+)?(?:of\s+)?$|(?:the\s+)?(?:[\w'’-]+\s+){0,3}"
    r"(?:city|town|village|bastion|stronghold|hometown|capital|settlement|hamlet|port|oasis)"
    r"\s+of\s+$"
)
_NEAR = re.compile(
    r"\b(?:near|outside|close to|around|on the outskirts of|outskirts of|just outside|"
    r"not far from|in the vicinity of|"
    rf"(?:{_compass(w for w in _NOUNS if w.isalpha())}) of)\s+(?:" + _CUE_TO_NAME + ")",
    re.IGNORECASE,
)
_COMPASS_OF = re.compile(
    rf"\b(?:{_compass(w for w in _NOUNS if ' ' not in w)})\s+of\s+(?:" + _CUE_TO_NAME + ")",
    re.IGNORECASE,
)
#: A settlement the gazetteer does not know, placed by a bare direction from a town ("the
#: village of al-Jina, southwest of Atarib"): a place near that town, not anywhere on that
#: side of it.
_NAMED_SITE_BEFORE = re.compile(
    r"\b(?:village|town|hamlet|settlement|community|locality)\s+of\s+[\w'’-]+(?:\s+[A-Z][\w'’-]+)?,\s+"
    rf"(?:{_compass(w for w in _NOUNS if ' ' not in w)})\s+of\s+(?:the\s+)?$",
)
#: Between a place and a town that a bare direction describes it by ("Nangarhar province
#: east of Kabul", "Bounti, north of Mopti"): the town is no site of its own.
_DESCRIBED_BY = re.compile(
    rf"^(?:\s+(?:{_DIVISIONS}|area|county|prefecture))?,?\s+"
    rf"(?:{_compass(w for w in _NOUNS if ' ' not in w)})\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_SITE = re.compile(
    r"\b(?:from|based\s+in|based\s+at|headquartered\s+in|stationed\s+in|active\s+in|born\s+in|"
    r"launched\s+from|flown\s+from|flew\s+from|took\s+off\s+from|operating\s+(?:out\s+)?of|"
    r"operates\s+from|deployed\s+(?:to|in)|built\s+in|fled\s+to|moved\s+to|recruiter|"
    r"travell?(?:ed|ing)\s+to|capital|operated\s+from|flying\s+from|flown\s+out\s+of|"
    r"visit(?:ing|ed|s)?|visits?\s+to|trip\s+to|tour\s+of|toured|arrived\s+(?:in|at))\s+"
    r"(?:(?!(?:in|near|at|outside|on)\b)[\w,'’-]+\s+){0,5}$"
    r"|\b(?:from|out\s+of)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}(?:air\s*base|base|airport|airfield|"
    r"air\s+station)\s+(?:in|at|near)\s+$"
    r"|\bheadquarter(?:s|ed)\s+(?:\w+\s+){0,2}(?:in|at)\s+$"
    # where officials sit: "at the Government House in Lafia", "the presidential palace in"
    r"|\b(?:(?:government|state|presidential|white)\s+house|palace|parliament|embassy|"
    r"ministry|secretariat)\s+(?:in|at)\s+(?:the\s+)?$"
    r"|\b(?:hospitals?|clinics?|morgues?|mortuar(?:y|ies))(?:\s+beds?)?\s+(?:in|at|of)\s+"
    r"(?:the\s+)?"
    r"(?:\(?nearby\)?\s+)?$"
    r"|\b(?:road|route|highway|leads?|leading|heading|headed|bound)\s+(?:\w+\s+){0,2}"
    r"(?:to|for|towards|toward|between)\s+(?:the\s+)?$"
    r"|\b(?:by|officials?|residents?|spokes(?:man|woman|person)|sources?|doctors?|journalists?|"
    r"monitors?|elders?|activists?|lawmakers?|troops|soldiers|personnel)\s+(?:in|from)?\s*$",
    re.IGNORECASE,
)
#: Words that join two events in one sentence ("the strikes follow an attack on a base in
#: Kirkuk", "the deaths in Musa Qala, which come a week after a drone strike in Nangarhar",
#: "in response to the killing of a contractor in X"): a name on the other side of them from
#: a mention's trigger is the other event's place.
_OTHER_EVENT = re.compile(
    r"\b(?:comes?|came|coming)\s+(?:[\w-]+\s+){0,4}?(?:after|before|amid)\b"
    r"|\b(?:follow(?:s|ed|ing)?|after|in\s+(?:response|retaliation|reprisal|revenge)\s+"
    r"(?:to|for)|in\s+the\s+wake\s+of|retaliat\w+\s+for)\s+"
    r"(?:(?:an?|the|last|this|that|[\w-]+['’]s)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:attacks?|assaults?|ambush(?:es)?|bombings?|killings?|rockets?|massacres?|"
    r"shelling|offensive|incursions?)\b",
    re.IGNORECASE,
)
#: A place named as the reference of a distance ("95 km southeast of the city of X").
_ANCHOR_BEFORE = re.compile(
    rf"(?:{DISTANCE_UNIT_PATTERN})\s+(?:\([^)]{{0,20}}\)\s+)?"
    r"(?:(?:to\s+the\s+)?[a-z-]+\s+of|outside|away\s+from|from)\s+(?:the\s+)?"
    r"(?:[a-z]+\s+(?=(?:city|town|village|provincial\s+capital|capital)\b))?"
    r"(?:(?:city|town|village|provincial\s+capital|capital)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)
#: A country named as a place, not as a subject ("near Janaale, Somalia", "in Somalia",
#: "the tribal areas of Pakistan"; not "since the United States began").
_AS_PLACE_BEFORE = re.compile(
    r"(?:,|\b(?:in|of|across|inside|within|near))\s+(?:the\s+)?$", re.IGNORECASE
)
#: Between a demonym and the name it qualifies ("Pakistani town of", "Syrian city of").
_KIND_OF = re.compile(
    r"\s+(?:border\s+)?(?:town|village|city|port|district|province|region|capital|hamlet)"
    r"\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
#: Words before a country that make it a place however a verb follows ("a strike in southern
#: Libya killed", "across Somalia has").
_PLACE_WORDS_BEFORE = re.compile(
    rf"(?:\b(?:in|near|at|across|inside|within|of|over)\s+(?:the\s+)?|{_compass(_NOUNS)}(?:ern)?\s+)$",
    re.IGNORECASE,
)
#: The kinds of place that may be a report's only site (:meth:`PlaceReader.scene`).
_SCENE_KINDS = frozenset({"city", "oasis", "admin1", "admin2"})
#: A capitalised name after a location cue ("in the Middle Shabelle region", "near Bounti").
_SITE_CUE = re.compile(
    r"\b(?:in|near|at|outside|around|close\s+to)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})"
)
#: A location cue just before a name ("in Musa Qala", "at Mantari", "in the Mopti region").
_SITE_CUE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|around)\s+(?:the\s+)?"
    rf"(?:(?:far\s+)?(?:{_compass([*_POINTS, 'central'])})\s+)?$",
    re.IGNORECASE,
)
#: How many days before publication a strike may be and still be the news of the report.
SCENE_DAYS = 7
_IN_BEFORE = re.compile(r"\b(?:in|near|at|outside|on|around|of)\s+(?:the\s+)?$", re.IGNORECASE)
#: The word for a division after its name ("Aleppo province", "Doma Local Government Area",
#: "Maru LGA"), or after a list of names ("Nasarawa and Benue states").
_DIVISION_WORDS = rf"{_DIVISIONS}|prefecture|wilaya|county|local\s+government\s+area|lga"
_DIVISION_AFTER = re.compile(
    rf"\s+(?:{_DIVISION_WORDS})\b"
    r"|(?:\s*,\s*(?-i:[A-Z])[\w'’-]+)*,?\s+and\s+(?-i:[A-Z])[\w'’-]+\s+"
    rf"(?:{_DIVISION_WORDS})s\b",
    re.I,
)
#: "southwest Libya", "southern parts of Somalia", "central Mali" (the word before a country).
_DIRECTIONAL = re.compile(
    rf"\b(?P<dir>{_compass([*_POINTS, 'central'])})"
    r"\s+(?:parts?\s+of\s+|regions?\s+of\s+)?$",
    re.IGNORECASE,
)
#: "Libya's southwest", "Niger's far north-western desert" (after a country).
_POSSESSIVE_DIR = re.compile(
    rf"^(?:'s|\u2019s)\s+(?:far\s+)?(?P<dir>{_compass(_NOUNS)})"
    r"(?:ern)?(?:\s+(?:region|desert|regions))?\b",
    re.IGNORECASE,
)
#: "the southern desert", "the country's north-east region" (the country being told of).
_COUNTRY_WIDE_DIR = re.compile(
    r"\bthe\s+(?:country's\s+|country\u2019s\s+)?"
    rf"(?P<dir>{_compass(_NOUNS)})"
    r"(?:ern)?\s+(?:desert|region|regions|part of the country|provinces)\b",
    re.IGNORECASE,
)
_PRECISION_RANK = {p: n for n, p in enumerate(LocationPrecision)}
_PRECISION_RANK[LocationPrecision.NEAR_TOWN] = _PRECISION_RANK[LocationPrecision.TOWN]


def _across_event(
    text: str, lo: int, hi: int, trigger: tuple[int, int], name: tuple[int, int]
) -> bool:
    """Whether words that join two events (:data:`_OTHER_EVENT`) part a name from a trigger.

    In ``text[lo:hi]``: the joining words stand between the trigger and the name (either way
    round), or open the sentence's other event before both ("After an attack on a base in
    X, jets struck Y"): the name is the other event's place. Not when a trigger stands
    between the joining words and the name: "the strike came two days after an air raid
    near Saakow" tells of that raid too (one mention of both), and Saakow is its place.
    """
    for m in _OTHER_EVENT.finditer(text, lo, hi):
        a, b = m.start(), m.end()
        if trigger[1] <= a and b <= name[0] or b <= name[0] and name[1] <= trigger[0]:
            # "the strikes follow an attack on a base in Kirkuk"; "after an attack in
            # Baidoa, jets struck"
            if not TRIGGER.search(text, b, name[0]):
                return True
        elif name[1] <= a and b <= trigger[0] and not TRIGGER.search(text, name[1], a):
            return True  # "the deaths in Musa Qala, which come a week after a drone strike"
    return False


#: Between two names of a list: "Abyan, Baida and Shabwa" (a name the gazetteer lacks may
#: stand between them).
_LIST_JOIN = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:[A-Z][\w'\u2019-]+(?:\s*,\s*(?:and\s+)?|\s+and\s+))?"
)


def _rank(place: ClaimedPlace) -> int:
    """How wide a claimed place is, for choosing among a clause's names (smaller: finer).

    A region of no one country and no recorded extent ("the Sahel", "the Sahara") spans
    several countries: wider than a country the clause names ("Barkhane in the Sahel struck
    in Mali"), however its precision reads.
    """
    if place.precision is LocationPrecision.REGION and not place.country_code:
        return _PRECISION_RANK[LocationPrecision.COUNTRY] + 1
    return _PRECISION_RANK[place.precision]


def finer(a: LocationPrecision, b: LocationPrecision) -> bool:
    """Whether precision ``a`` is finer than ``b`` (near a town counts as the town).

    Examples
    --------
    >>> P = LocationPrecision
    >>> finer(P.TOWN, P.DISTRICT), finer(P.NEAR_TOWN, P.TOWN), finer(P.COUNTRY, P.REGION)
    (True, False, False)
    """
    return _PRECISION_RANK[a] < _PRECISION_RANK[b]


def places_agree(a: ClaimedPlace | None, b: ClaimedPlace | None, *, slack_km: float = 25.0) -> bool:
    """Whether two places may be one site: within both radii plus ``slack_km`` (or unknown)."""
    if a is None or b is None:
        return True
    km = geodesic_distance((a.lat, a.lon), (b.lat, b.lon)).km
    return km <= a.radius_km + b.radius_km + slack_km


# --- before reading: the report's country and the names the geoparser left aside -------------


def report_country(text: str, toponyms: Sequence[ToponymMatch]) -> str:
    """The country a report is mostly about: its most named one, not counting actors.

    "U.S. drone", "Somali forces", "France said" name actors, not the places told of.
    """
    countries = Counter(
        t.place.country_code
        for t in toponyms
        if t.place is not None
        and t.place.country_code
        and t.place.kind.value != "continent"
        and not _ATTRIBUTE_AFTER.match(text, t.end)
        and not _ACTING_AFTER.match(text, t.end)
    )
    return countries.most_common(1)[0][0] if countries else ""


def countries_named(toponyms: Sequence[ToponymMatch]) -> frozenset[str]:
    """Every country named as a country or by a demonym ("Libyan")."""
    return frozenset(
        t.place.country_code
        for t in toponyms
        if t.place is not None
        and (t.kind is ToponymKind.DEMONYM or t.place.kind.value == "country")
    )


_NAME = (
    r"(?P<name>[A-Z][\w'’]+(?:[\s-](?:(?:al|el|ad|ar|as|an|ash|at|az|ed|er|es|ibn|bin|bani|"
    r"beni|de|du|la)[\s-])?[A-Z][\w'’]+){0,2})"
)
#: A capitalised name after a location cue, for :func:`variant_names`.
_CUED_NAME = re.compile(
    r"\b(?i:near|in|outside|at|around|of|close\s+to)\s+(?:the\s+(?:town|village|city|"
    r"settlement|hamlet)\s+of\s+)?" + _NAME
)
#: "Salahuddin province", "Shabwa governorate": a division named by its kind.
_DIVISION_NAME = re.compile(r"(?:^|(?<=[.,;]\s))" + _NAME + rf"(?=\s+(?:{_DIVISIONS})\b)")
#: How a variant's name may match a gazetteer name (not through an abbreviation, not a base
#: near a town).
_VARIANT_MATCHES = frozenset(
    {MatchKind.VARIANT, MatchKind.FUZZY, MatchKind.EXACT, MatchKind.ALTERNATE}
)


def variant_names(doc: Document) -> list[ToponymMatch]:
    """Town names the geoparser left aside that the gazetteer knows in another spelling.

    Only in sentences that tell of a strike, only after a location cue ("near Qoryoley",
    "north-west of Bulo Burte", "the village of Banibangou"), and only towns in the
    country the report is mostly about, a country the name's sentence names as a place
    ("near Janaale, Somalia", not "since the United States began") or the country heading
    of its bulletin section: "Qoryoley" is Qoryooley, "Bulo Burte" Buulobarde; "Bariire"
    in a Somalia story is no town in Washington state, however often "the United States
    said". The first MAX_NAMES_IN_CONTEXT distinct names are searched (the geoparser's
    budget).
    """
    from gazetteer.geoparse.match import ToponymMatch
    from gazetteer.geoparse.resolve import MAX_NAMES_IN_CONTEXT
    from gazetteer.lexicon import MONTHS, STOP_WORDS, WEEKDAYS
    from gazetteer.names import fold

    # a spelling the text does not give is weak evidence: only in the countries the report
    # tells of, not those it names as actors ("Bariire" in a Somalia story is no town in
    # Washington state, however often "the United States said")
    named = [
        t
        for t in doc.toponyms
        if t.place is not None
        and t.place.country_code
        and t.kind is not ToponymKind.DEMONYM
        and t.place.kind.value == "country"
        and not _ATTRIBUTE_AFTER.match(doc.text, t.end)
        and not _ACTING_AFTER.match(doc.text, t.end)
    ]
    headings = [t for t in doc.toponyms if t.place is not None and t.reason == HEADING_REASON]
    countries = {t.place.country_code for t in named if t.place is not None}
    countries |= {doc.country} if doc.country else set()
    if not countries:
        return []
    out: list[ToponymMatch] = []
    dated = sorted({d.start for d in doc.dates if d.precision is DatePrecision.DAY})
    told = [bool(sentence_triggers(doc, q)) for q in doc.sentences]
    settled = SpanIndex(t for t in doc.toponyms if t.place is not None and not doc.stray(t.place))
    cued: list[tuple[re.Match[str], int, int, set[str]]] = []
    for n, sentence in enumerate(doc.sentences):
        if not any(told[n : n + 3]) and not any_between(dated, sentence.start, sentence.end):
            continue  # neither tells of a strike nor leads up to one, nor dated
        found_names = [
            *_CUED_NAME.finditer(sentence.text),
            *_DIVISION_NAME.finditer(sentence.text),
        ]
        for m in found_names:
            start = sentence.start + m.start("name")
            end = sentence.start + m.end("name")
            key = fold(m.group("name"))
            if (
                doc.in_dateline(start)
                or key in STOP_WORDS
                or key in MONTHS
                or key in WEEKDAYS
                or settled.overlaps(start, end)
                or doc.group_index.overlaps(start, end)
            ):
                continue
            # where the name may lie: the report's country, a country its sentence names as a
            # place ("near Janaale, Somalia"), the bulletin section's country heading
            local = {doc.country} if doc.country else set(countries)
            local |= {
                t.place.country_code
                for t in named
                if t.place is not None
                and sentence.start <= t.start < sentence.end
                and _AS_PLACE_BEFORE.search(doc.text, max(0, t.start - 24), t.start)
            }
            heading = next((t for t in reversed(headings) if t.start < start), None)
            if heading is not None and heading.place is not None:
                local.add(heading.place.country_code)
            cued.append((m, start, end, local))
    # one gazetteer query per name, all of them read together; the first names only, by
    # the geoparser's budget (a report naming more than MAX_NAMES_IN_CONTEXT distinct
    # places is no news report: README, Guarantees)
    names = list(dict.fromkeys(m.group("name") for m, _, _, _ in cued))[:MAX_NAMES_IN_CONTEXT]
    answers: list[list[Candidate] | InvalidQueryError | None]
    try:
        answers = list(doc.gazetteer.search_many(names, country=sorted(countries), limit=3))
    except ValueError:  # a country code the gazetteer refuses (a place without one)
        answers = [None] * len(names)
    searched = dict(zip(names, answers, strict=True))
    for m, start, end, local in cued:
        found = searched.get(m.group("name"))
        if not isinstance(found, list):
            continue  # a name (or the countries) the gazetteer refuses, or past the budget
        kinds = ("admin1", "admin2") if m.re is _DIVISION_NAME else ("city", "oasis")
        best = next(
            (
                c
                for c in found
                if c.place.country_code in local
                and c.place.kind.value in kinds
                and c.match_kind in _VARIANT_MATCHES
            ),
            None,
        )
        if best is not None and _outside_named_division(doc, best.place, end):
            continue  # "Gezuwa area of Bama LGA of Borno State": no Gezawa of Kano state
        if best is not None:
            out.append(
                ToponymMatch(
                    start,
                    end,
                    m.group("name"),
                    best.place,
                    round(best.score, 3),
                    (),
                    f"not recognised in the text; the gazetteer knows it: {best.reason}",
                )
            )
    return out


#: Between a name and the division said to hold it ("X area of Bama LGA of Borno State",
#: "X, Borno State", "X in Borno"): no sentence end, at most 80 characters.
_HELD_BY = re.compile(r"^(?:[^.;!?]{0,80}?\b(?:of|in)\s+|\s*,\s*)(?:the\s+)?$", re.IGNORECASE)


def _outside_named_division(doc: Document, place: Place, end: int) -> bool:
    """Whether the text says a first-level division holds the name and ``place`` is not in it.

    "Mantari in Gezuwa area of Bama Local Government Area of Borno State": a spelling
    variant that the gazetteer finds in Kano state is not the Gezuwa of Borno.
    """
    if not place.admin1_code:
        return False
    for t in doc.toponym_index.starting(end, end + 100):
        held = t.place
        if (
            held is not None
            and held.kind.value == "admin1"
            and held.country_code == place.country_code
            and _HELD_BY.match(doc.text[end : t.start])
        ):
            return held.admin1_code != place.admin1_code
    return False


# --- while reading --------------------------------------------------------------------------


class RegionsNamed:
    """The directional regions ("southwest Libya") a report has named so far.

    Its :attr:`widest` (the first of the widest) is the place of an event that has none of
    its own, before the country.
    """

    __slots__ = ("_seen", "widest")

    def __init__(self) -> None:
        self._seen: set[ClaimedPlace] = set()
        self.widest: ClaimedPlace | None = None

    def note(self, place: ClaimedPlace) -> None:
        """Count ``place`` as named."""
        if place not in self._seen:
            self._seen.add(place)
            if self.widest is None or place.radius_km > self.widest.radius_km:
                self.widest = place  # the first of the widest, as max() gives


@dataclass(frozen=True, slots=True)
class PlaceFinding:
    """The place a clause claims, and whether the clause states it (not a fallback)."""

    place: ClaimedPlace | None
    explicit: bool


class PlaceReader:
    """The places of a report's event mentions (one reader per report; it keeps answers).

    Parameters
    ----------
    doc
        The report.
    appositive
        The distance phrases that describe a named place
        (:attr:`geo.extraction.distances.Distances.appositive`): no places of their own.
    """

    def __init__(self, doc: Document, appositive: frozenset[tuple[int, int]]) -> None:
        self._doc = doc
        self._appositive = appositive
        text = doc.text
        # the names fallback() may take the country from, in list order
        self._fallback_names = [
            t
            for t in doc.toponyms
            if not doc.in_dateline(t.start)
            and t.kind is ToponymKind.NAME
            and t.place is not None
            and t.place.country_code
            and not doc.stray(t.place)
            and not _ATTRIBUTE_AFTER.match(text, t.end)
            and not _ACTING_AFTER.match(text, t.end)
            # "officials in Mali", "was visiting Ivory Coast": where someone was
            and not _NOT_SITE.search(text, max(0, t.start - 60), t.start)
            and not self.named_as_border(t)
        ]
        self._fallback_starts = [t.start for t in self._fallback_names]

    def in_clause(
        self, mention: Mention, *, previous: ClaimedPlace | None, regions: RegionsNamed
    ) -> PlaceFinding:
        """The place the mention's clause states for its event.

        ``previous`` is the place of the event being told ("the same area", "elsewhere in
        the same province"); a directional region read on the way is noted in ``regions``.
        """
        doc = self._doc
        text = doc.text
        lo, hi = mention.lo, mention.hi
        clause = text[lo:hi]
        relative = offset_place(doc, lo, hi, appositive=self._appositive) or ring_place(doc, lo, hi)
        if relative is not None:
            return PlaceFinding(relative, True)
        same = _SAME_AREA.search(clause)
        division = _SAME_DIVISION.search(clause)
        if division and previous is not None:
            found = self._division_of(previous, division.group(0))
            if found is not None:
                return PlaceFinding(found, True)
        usable = self._usable(mention)
        if usable:
            claimed = [(self._claimed(t, mention, regions), t) for t in usable]
            best = max(
                claimed,
                key=lambda pt: (
                    -_rank(pt[0]),
                    # "near Lake Chad in northern Borno": of two areas, the one in a country
                    bool(pt[0].country_code),
                    bool(_IN_BEFORE.search(text[max(lo, pt[1].start - 12) : pt[1].start])),
                    -abs(pt[1].start - mention.end) / 1000,
                ),
            )
            return PlaceFinding(best[0], True)
        if same and previous is not None:
            precision = (
                LocationPrecision.NEAR_TOWN
                if previous.precision in (LocationPrecision.TOWN, LocationPrecision.EXACT_SITE)
                else previous.precision
            )
            return PlaceFinding(
                replace(
                    previous,
                    precision=precision,
                    radius_km=max(previous.radius_km, precision.default_radius_km),
                    reason=f"{same.group(0)!r}: the place of the previous strike ({previous.name})",
                ),
                True,
            )
        wide = _COUNTRY_WIDE_DIR.search(clause)
        if wide and doc.country:
            region = self.region(doc.country, wide.group("dir"), wide.group(0), regions)
            if region is not None:
                return PlaceFinding(region, True)
        return PlaceFinding(None, False)

    def _describes_another(self, t: ToponymMatch, lo: int) -> bool:
        """Whether ``t`` is the town a bare direction places the name before it by.

        "in Nangarhar province east of Kabul", "the village of Bounti, north of Mopti": a
        place, then a compass word and "of" (no distance): the place is the site, the town
        after it only says where that lies.
        """
        doc = self._doc
        before = [
            d
            for d in doc.toponym_index.within(max(lo, t.start - 60), t.start)
            if d.kind is ToponymKind.NAME and d.place is not None
        ]
        return bool(before) and bool(_DESCRIBED_BY.match(doc.text[before[-1].end : t.start]))

    def listed(self, mention: Mention, regions: RegionsNamed) -> list[ClaimedPlace]:
        """The places a clause lists ("in the governorates of Abyan, Baida and Shabwa").

        Two or more names of places within a country (no country itself) joined only by
        commas and "and"; [] if the clause lists none.
        """
        text = self._doc.text
        best: list[ToponymMatch] = []
        run: list[ToponymMatch] = []
        for t in self._usable(mention):
            if t.place is None or t.place.kind.value in ("country", "continent"):
                run = []
                continue
            if run and not _LIST_JOIN.fullmatch(text, run[-1].end, t.start):
                run = []
            run.append(t)
            if len(run) > len(best):
                best = list(run)
        if len(best) < 2:
            return []
        return [self._claimed(t, mention, regions) for t in best]

    def _usable(self, mention: Mention) -> list[ToponymMatch]:
        """The names of the mention's clause that may be its site, in order."""
        doc = self._doc
        text = doc.text
        lo, hi = mention.lo, mention.hi
        names = [
            t
            for t in doc.toponym_index.within(lo, hi)
            if t.kind is ToponymKind.NAME and t.place is not None
        ]
        usable = []
        for t in names:
            if doc.in_dateline(t.start) or doc.group_index.contains(t.start, t.end):
                continue
            before = text[max(mention.sentence.start, t.start - 60) : t.start]
            after = text[t.end : t.end + 12]
            if (
                _NOT_SITE.search(before)
                or _ATTRIBUTE_AFTER.match(after)
                or _ANCHOR_BEFORE.search(before)
                or (
                    t.place.kind.value == "country"  # type: ignore[union-attr]
                    and _ACTING_AFTER.match(after)
                    and not _PLACE_WORDS_BEFORE.search(before)
                )
            ):
                continue  # "The United States says it struck ...": the actor, not the site
            if doc.stray(t.place):  # type: ignore[arg-type]
                continue
            if t.place.kind.value == "continent":  # type: ignore[union-attr]
                continue
            if self._other_country_said(t) or self.named_as_border(t):
                continue  # "the remote Pakistani town of X"; "near the border with Niger"
            if self._describes_another(t, lo):
                continue  # "Nangarhar province east of Kabul": Kabul places Nangarhar
            if mention.start < mention.end and _across_event(
                text, lo, hi, (mention.start, mention.end), (t.start, t.end)
            ):
                continue  # "the strikes follow an attack on a base in Kirkuk"
            usable.append(t)
        home = doc.country
        if home and any(t.place.country_code == home for t in usable):  # type: ignore[union-attr]
            # "in the Sar Kanda area of Birmil in South Waziristan": beside a place of the
            # report's country, a city abroad in a country the report never names (Sarh,
            # Chad, from "Sar") is a namesake, whatever its size
            usable = [
                t
                for t in usable
                if t.place.country_code in (home, "")  # type: ignore[union-attr]
                or t.place.country_code in doc.countries_named  # type: ignore[union-attr]
            ]
        return usable

    def named_as_border(self, t: ToponymMatch) -> bool:
        """Whether ``t`` is a country named only as a border ("near the border with Niger").

        "Buhari village near the border with Niger", "a camp close to the Niger border": the
        strike lies near that border, not in that country, and not in a division named like
        it (Niger State): the name is no site. Only a name the gazetteer knows as a country's.
        """
        doc = self._doc
        text = doc.text
        if not (
            _BORDER_BEFORE.search(text, max(0, t.start - 30), t.start)
            or _BORDER_AFTER.match(text[t.end : t.end + 40])
        ):
            return False
        place = t.place
        if place is not None and place.kind.value == "country":
            return True
        gaz = doc.gazetteer

        def is_country() -> bool:
            try:
                found = gaz.search(t.text, kinds=["country"], limit=1)
            except ValueError:
                return False
            return bool(found) and found[0].match_kind in (MatchKind.EXACT, MatchKind.ALTERNATE)

        return doc.cached(("country named", t.text), is_country)

    def _other_country_said(self, t: ToponymMatch) -> bool:
        """Whether the words before a name give it another country than its place's.

        "the remote Pakistani town of Ahmad Wal": whatever "Ahmad" resolved to, a town in
        Kuwait is not it.
        """
        doc = self._doc
        place = t.place
        if place is None or not place.country_code:
            return False
        for d in doc.toponym_index.within(max(0, t.start - 40), t.start):
            if (
                d.kind is ToponymKind.DEMONYM
                and d.place is not None
                and d.place.country_code
                and d.place.country_code != place.country_code
                and _KIND_OF.fullmatch(doc.text, d.end, t.start)
            ):
                return True
        return False

    def _claimed(self, t: ToponymMatch, mention: Mention, regions: RegionsNamed) -> ClaimedPlace:
        """The place a name in the mention's clause claims, with its precision and radius."""
        text = self._doc.text
        place = t.place
        assert place is not None
        kind = place.kind.value
        before = text[max(mention.sentence.start, t.start - 60) : t.start]
        after = text[t.end : t.end + 40]
        around_town = False
        if kind != "admin1" and _DIVISION_AFTER.match(after):
            # "Aleppo province", "Marib governorate": the division, not its namesake town
            division = self._division(t.text, place.country_code)
            if division is not None:
                place, kind = division, division.kind.value
            else:
                around_town = kind == "city"  # a division the gazetteer has no outline for
        if kind == "country" or kind == "admin1":
            m = _DIRECTIONAL.search(before)
            if m and kind == "country":
                region = self.region(place.country_code, m.group("dir"), t.text, regions)
                if region is not None:
                    return region
            p = _POSSESSIVE_DIR.match(after)
            if p and kind == "country":
                region = self.region(place.country_code, p.group("dir"), t.text, regions)
                if region is not None:
                    return region
        if kind in ("air base", "military base", "airport", "airfield"):
            precision = LocationPrecision.EXACT_SITE
        elif kind in ("city", "oasis"):
            precision = (
                LocationPrecision.NEAR_TOWN if _NEAR.search(before) else LocationPrecision.TOWN
            )
        elif kind in ("admin1", "admin2"):
            precision = LocationPrecision.DISTRICT
        elif kind == "country":
            precision = LocationPrecision.COUNTRY
        else:
            precision = LocationPrecision.REGION
        radius = precision.default_radius_km
        if (
            precision is LocationPrecision.NEAR_TOWN
            and _COMPASS_OF.search(before)
            and not _NAMED_SITE_BEFORE.search(before)
        ):
            radius = 75.0  # "in the desert south of Hasakah": no distance given
        if around_town:
            precision, radius = LocationPrecision.DISTRICT, 100.0
        if precision is LocationPrecision.COUNTRY:
            radius = _country_radius(place.country_code, radius)
        elif kind == "admin1":
            radius = _division_radius(place.id, place.lat, place.lon) or radius
        elif not around_town and precision is not LocationPrecision.NEAR_TOWN:
            curated = _curated_radius(place.id)  # Puntland, the Sambisa forest, Lake Chad
            if curated is not None:
                radius = curated
                if precision is LocationPrecision.REGION:
                    # a named area whose extent the gazetteer records is bounded as a
                    # division is, not a vague part of a country ("southern Somalia")
                    precision = LocationPrecision.DISTRICT
        reason = f"{t.text!r} resolved to {place.label} ({t.reason})"
        if precision is LocationPrecision.NEAR_TOWN:
            reason = f"near {place.name}: " + reason
        if around_town:
            reason = f"the {place.name} region, taken as 100 km around the town: " + reason
        return _claimed_place(place, precision, radius, reason)

    def _division_of(self, place: ClaimedPlace, phrase: str) -> ClaimedPlace | None:
        """The first-level division that holds ``place`` ("elsewhere in the same province")."""
        gaz = self._doc.gazetteer

        def admin1_of() -> Place | None:
            try:
                return gaz.admin1_at(place.lat, place.lon)
            except (LookupError, ValueError):
                return None

        admin1 = self._doc.cached(("reverse", place.lat, place.lon), admin1_of)
        if admin1 is None:
            return None
        return _claimed_place(
            admin1,
            LocationPrecision.DISTRICT,
            _division_radius(admin1.id, admin1.lat, admin1.lon)
            or LocationPrecision.DISTRICT.default_radius_km,
            f"{phrase!r}: the division of the previous strike ({place.name}), {admin1.name}",
        )

    def _division(self, name: str, country: str) -> Place | None:
        """The division called ``name`` ("Aleppo" in "Aleppo province"), if the gazetteer has it."""
        gaz = self._doc.gazetteer

        def search() -> Place | None:
            try:
                found = gaz.search(
                    name, country=country or None, kinds=["admin1", "admin2"], limit=1
                )
            except ValueError:
                found = []
            return found[0].place if found else None

        return self._doc.cached(("division", name, country), search)

    def region(
        self, country: str, word: str, surface: str, regions: RegionsNamed
    ) -> ClaimedPlace | None:
        """The part of ``country`` a compass ``word`` names ("southwest"), noted in ``regions``."""
        direction = direction_of(word.replace(" ", "").replace("-", ""))
        if direction is None:
            return None
        gaz = self._doc.gazetteer

        def outline() -> tuple[str, Region] | None:
            try:
                name = gaz.country(country).name
                return (name, directional_region(country, direction, name))
            except (LookupError, ValueError):
                return None

        found = self._doc.cached(("region", country, direction), outline)
        if found is None:
            return None
        name, region = found
        place = ClaimedPlace(
            name=region.name,
            lat=region.lat,
            lon=region.lon,
            country_code=region.country_code,
            precision=LocationPrecision.REGION,
            radius_km=region.radius_km,
            reason=f"{surface!r} read as the {direction} of {name} (a region; radius covers it)",
        )
        regions.note(place)
        return place

    def note_regions(self, sentence: Quote, regions: RegionsNamed) -> None:
        """Note the directional regions a sentence names ("in southern Somalia")."""
        doc = self._doc
        for t in doc.toponym_index.starting(sentence.start, sentence.end):
            if t.place and t.place.kind.value == "country":
                before = doc.text[max(sentence.start, t.start - 30) : t.start]
                m = _DIRECTIONAL.search(before)
                if m:
                    self.region(t.place.country_code, m.group("dir"), t.text, regions)
        if doc.country:
            for m in _COUNTRY_WIDE_DIR.finditer(sentence.text):
                self.region(doc.country, m.group("dir"), m.group(0), regions)

    def before(
        self,
        mention: Mention,
        *,
        previous: ClaimedPlace | None,
        quoted: Container[int],
        regions: RegionsNamed,
    ) -> ClaimedPlace | None:
        """The place of a sentence just before, in the same paragraph, that no claim quotes.

        "Surveillance detected a column 15 km north of Goundam. The target was engaged."
        Only a place the sentence states, finer than a country.
        """
        doc = self._doc
        for before in doc.sentences_before(mention.sentence, quoted):
            # the same sentence is asked again by each mention after it: its place changes
            # only with the current event's ("the same area")
            probe = Mention.probe(before, before.end, before.start, before.end)
            found = doc.cached(
                ("place", before.start, previous),
                # called at once, with this loop's probe
                lambda: self.in_clause(probe, previous=previous, regions=regions),  # noqa: B023
            )
            place = found.place
            if (
                place is not None
                and found.explicit
                and place.precision is not LocationPrecision.COUNTRY
            ):
                return replace(place, reason=f"from the sentence before: {place.reason}")
        return None

    def scene(self) -> ClaimedPlace | None:
        """The one site the report's strike sentences name, if they name only one.

        "Four strikes on Dec. 15 killed 34 ... All strikes were in the Gandarshe area": a
        clause without a place of its own in a report that tells of strikes at one place
        only took place there. Every town, oasis or division the sentences that tell of a
        strike name (but a dateline's or a name used as an attribute), even as where someone
        spoke from or a distance's reference, must be one place: within both radii of the
        finest of them. ``None`` when they name none finer than a country, or several.
        """
        return self._doc.cached(("scene",), self._find_scene)

    def _find_scene(self) -> ClaimedPlace | None:
        doc = self._doc
        text = doc.text
        sites: list[ClaimedPlace] = []
        for sentence in doc.sentences:
            matches = sentence_triggers(doc, sentence)
            # a trigger find_mentions leaves aside ("the truck bombing", a photo caption's)
            if not matches or not tells_of_strike(sentence.text, matches):
                continue
            triggers = [(sentence.start + m.start(), sentence.start + m.end()) for m in matches]
            for t in doc.toponym_index.starting(sentence.start, sentence.end):
                if all(
                    _across_event(text, sentence.start, sentence.end, trigger, (t.start, t.end))
                    for trigger in triggers
                ):
                    continue  # another event's place ("comes days after tests at X")
                place = t.place
                if t.kind is not ToponymKind.NAME or place is None:
                    continue
                kind = place.kind.value
                if kind not in _SCENE_KINDS or doc.in_dateline(t.start) or doc.stray(place):
                    continue
                if _ATTRIBUTE_AFTER.match(text, t.end) or doc.group_index.contains(t.start, t.end):
                    continue  # "Mogadishu-based", a group's name: no place at all
                if self.named_as_border(t):
                    continue  # "near the border with Niger": no site (Niger State)
                if kind in ("city", "oasis"):
                    precision = LocationPrecision.NEAR_TOWN
                    radius = precision.default_radius_km
                else:
                    precision = LocationPrecision.DISTRICT
                    radius = (
                        _division_radius(place.id, place.lat, place.lon)
                        if kind == "admin1"
                        else None
                    ) or precision.default_radius_km
                sites.append(
                    _claimed_place(
                        place,
                        precision,
                        radius,
                        f"no place in the sentence: {place.name}, the only site the report's "
                        f"strike sentences name ({t.text!r}: {t.reason})",
                    )
                )
        if not sites:
            return None
        finest = min(sites, key=lambda p: p.radius_km)
        if all(places_agree(finest, p, slack_km=0) for p in sites):
            return finest
        return None

    def sites(self) -> list[tuple[ClaimedPlace, Quote]]:
        """Every site the report states, with its sentence: offsets, towns and divisions.

        A site is an offset place ("150 km northwest of Mopti"), or a town, oasis or
        division named after a location cue ("in Musa Qala", "near Bounti", "in the Mopti
        region") and not left aside as an event's place would be: not a dateline, a group,
        an attribute, where someone spoke from or was, a distance's reference, a town that
        only says where another place lies, nor another event's place ("the strikes follow
        an attack on a base in Kirkuk").
        """
        doc = self._doc
        text = doc.text
        found: list[tuple[ClaimedPlace, Quote]] = []
        for sentence in doc.sentences:
            offset = offset_place(doc, sentence.start, sentence.end, appositive=self._appositive)
            if offset is not None:
                found.append((offset, sentence))
            triggers = [
                (sentence.start + m.start(), sentence.start + m.end())
                for m in sentence_triggers(doc, sentence)
            ]
            for t in doc.toponym_index.starting(sentence.start, sentence.end):
                place = t.place
                if t.kind is not ToponymKind.NAME or place is None:
                    continue
                if place.kind.value not in _SCENE_KINDS or doc.in_dateline(t.start):
                    continue
                before = text[max(sentence.start, t.start - 60) : t.start]
                if not (_SITE_CUE_BEFORE.search(before) or _NEAR.search(before)):
                    continue
                if (
                    doc.stray(place)
                    or doc.group_index.contains(t.start, t.end)
                    or _NOT_SITE.search(before)
                    or _ANCHOR_BEFORE.search(before)
                    or _ATTRIBUTE_AFTER.match(text, t.end)
                    or self._other_country_said(t)
                    or self.named_as_border(t)
                    or self._describes_another(t, sentence.start)
                    or any(
                        _across_event(text, sentence.start, sentence.end, trigger, (t.start, t.end))
                        for trigger in triggers
                    )
                ):
                    continue
                probe = Mention.probe(sentence, t.start, sentence.start, sentence.end)
                found.append((self._claimed(t, probe, RegionsNamed()), sentence))
        return found

    def division_at(self, lat: float, lon: float) -> str | None:
        """The id of the first-level division holding a point, if the gazetteer knows it."""
        gaz = self._doc.gazetteer

        def find() -> str | None:
            try:
                admin1 = gaz.admin1_at(lat, lon)
            except (LookupError, ValueError):
                return None
            return admin1.id if admin1 is not None else None

        return self._doc.cached(("division at", lat, lon), find)

    def unresolved_site(self, sentence: Quote) -> bool:
        """Whether the sentence names a site the gazetteer did not resolve.

        "The second airstrike took place on March 13 in the Middle Shabelle region": a place
        is given, only not one the gazetteer knows; the report's only site is not it.
        """
        doc = self._doc
        from gazetteer.lexicon import MONTHS, STOP_WORDS, WEEKDAYS
        from gazetteer.names import fold

        for m in _SITE_CUE.finditer(sentence.text):
            start = sentence.start + m.start("name")
            end = sentence.start + m.end("name")
            words = [fold(w.removesuffix("'s").removesuffix("’s")) for w in m.group("name").split()]
            if all(w in STOP_WORDS or w in MONTHS or w in WEEKDAYS for w in words):
                continue  # "in The", "on Tuesday's": no name
            if doc.toponym_index.overlaps(start, end) or doc.group_index.overlaps(start, end):
                continue
            return True
        return False

    def fallback(
        self,
        at: int,
        regions: RegionsNamed,
        *,
        date: DateMention | None = None,
        sentence: Quote | None = None,
    ) -> ClaimedPlace | None:
        """No place in the clause: the report's only site, its widest region, or the country.

        The report's only site (:meth:`scene`) is taken for the news only: a strike on a
        given day in the week before publication, not one recalled from months before nor
        one dated only by a statement about it. The country is the one of the last place
        named before ``at`` (a bulletin's "YEMEN" heading, a feature's change of scene), else
        the report's most named country.
        """
        doc = self._doc
        news = (
            date is not None
            and date.precision is DatePrecision.DAY
            and date.date_end is not None
            and date.date_start == date.date_end  # not a statement's day and the day before
            and -1 <= (doc.published - date.date_end).days <= SCENE_DAYS
        )
        scene = (
            self.scene()
            if news and (sentence is None or not self.unresolved_site(sentence))
            else None
        )
        if scene is not None and (
            regions.widest is None or places_agree(scene, regions.widest, slack_km=0)
        ):
            return scene
        if regions.widest is not None:
            widest = regions.widest
            return replace(
                widest,
                reason=f"no place in the sentence: the widest region the report names, "
                f"{widest.name}",
            )
        last = ""
        # the last such name that ends by ``at``: only names that start by ``at`` can, and of
        # those only the few that straddle ``at`` are passed over
        for i in range(bisect_right(self._fallback_starts, at) - 1, -1, -1):
            t = self._fallback_names[i]
            if t.end <= at:
                assert t.place is not None
                last = t.place.country_code
                break
        code = last or doc.country
        if not code:
            return None
        gaz = doc.gazetteer

        def country_of() -> Place | None:
            try:
                return gaz.country(code)
            except LookupError:
                return None

        country = doc.cached(("country", code), country_of)
        if country is None:
            return None
        return _claimed_place(
            country,
            LocationPrecision.COUNTRY,
            _country_radius(country.country_code, 600.0),
            "no place in the sentence: the country being told of",
        )


def _claimed_place(
    place: Place, precision: LocationPrecision, radius_km: float, reason: str
) -> ClaimedPlace:
    """A gazetteer place claimed as an event's, with this precision, radius and reason."""
    return ClaimedPlace(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country_code=place.country_code,
        precision=precision,
        radius_km=radius_km,
        place_id=place.id,
        reason=reason,
    )


def _division_radius(place_id: str, lat: float, lon: float) -> float | None:
    from gazetteer.search import division_radius_km

    return division_radius_km(place_id, lat, lon)


def _curated_radius(place_id: str) -> float | None:
    from gazetteer.search import curated_radius_km

    return curated_radius_km(place_id)


@functools.lru_cache(maxsize=256)
def _country_radius(code: str, default: float) -> float:
    """How far a country's main landmass reaches from a point inside it, in km."""
    import shapely

    from geo.extraction.regions import mainland

    try:
        land = mainland(code)
    except LookupError:
        return default
    inside = land.representative_point()
    return farthest_km((inside.y, inside.x), shapely.get_coordinates(land.simplify(0.1)))
