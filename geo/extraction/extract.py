"""Extract source claims (one per reported event) and aggregate statements from a report.

The extractor reads an English report sentence by sentence:

1. **Event mentions** are found by their nouns and verbs ("air strike", "drone strike",
   "raid", "struck", elliptical "the second, on Sept. 24, ..."). A plural with a count ("four
   strikes", "nearly 500 strikes") or a total ("in all, the strikes killed 43") is an
   *aggregate*, kept as such. A singular with a definite article ("the strike") refers back to
   the event being told; an indefinite one ("a drone strike") or one with a new date opens a
   new event, unless the article already told an event of that date and place (a lead and
   its recap are one claim).
2. Each event takes its **date** from the clause (relative dates resolved against the
   publication date, "five days later" against the previous event), its **place** from the
   geoparser's toponyms in the clause ("in Murzuq", "near Jilib", "100 miles southwest of
   Sirte" as an offset point, "southwest Libya" as a region, "the same area" as the previous
   event's place), its **figures** ("killing eight", "at least 11 militants were killed"),
   and its actor, target group, platform, base and attribution.
3. Hedged attribution ("social media reports said", "would not confirm") lowers the claim's
   confidence; every claim keeps the reasons for its place, date and confidence.

Input is checked first: empty, binary, non-English or oversized text is refused with a
:class:`~gazetteer.errors.DataError` naming the problem.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, cast

from gazetteer.errors import DataError
from gazetteer.geodesy import KM_PER_MILE, destination, farthest_km, geodesic_distance
from geo.extraction.regions import bearing_of, direction_of, directional_region
from geo.extraction.reldates import DateMention, find_dates, resolve_offset
from geo.extraction.sentences import (
    CLAUSE_MARK,
    Marks,
    blank_line_between,
    clause_break,
    country_headings,
    dateline_end,
    head,
    paragraph_breaks,
    sentences,
    tail,
)
from geo.extraction.spans import SpanIndex, any_between
from geo.extraction.textnum import Quantity, find_quantities, parse_number_word
from geo.extraction.vocab import (
    ACTORS,
    ATTRIBUTIONS,
    DRONE_PLATFORMS,
    GROUPS,
    PLATFORMS,
    Term,
    find_terms,
)
from geo.model.claims import (
    AggregateClaim,
    Claim,
    ClaimedPlace,
    DistanceCheck,
    Extraction,
    Quote,
    content_hash,
)
from geo.model.records import MAX_COUNT, DatePrecision, LocationPrecision

if TYPE_CHECKING:
    from gazetteer.geoparse.toponyms import ToponymMatch
    from gazetteer.model import Candidate, Place
    from gazetteer.search import Gazetteer
    from geo.extraction.regions import Region

__all__ = ["MAX_ARTICLE_BYTES", "Extraction", "check_article_text", "extract_claims", "sentences"]

#: Longest report accepted (UTF-8 bytes): long-form pieces run to ~100 kB.
MAX_ARTICLE_BYTES = 1_000_000

#: Farthest offset from a town read as a place ("600 miles south of Tripoli"): no two points
#: on Earth lie farther apart.
MAX_OFFSET_KM = 20_000.0

# --- input checks ---------------------------------------------------------------------------

_ENGLISH = frozenset(
    "the of and to in a is was were on for that with by at from as said has have had it its "
    "an be this are which who after killed strike strikes their they he she not".split()
)


# Control characters and lone surrogates (Unicode categories Cc and Cs), less the whitespace
# ones a text may hold: one pass of the regex engine instead of a lookup per character.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check_article_text(text: object) -> str:
    """Return ``text`` if it can be read as an English report, else raise ``DataError``.

    Examples
    --------
    >>> check_article_text("   ")
    Traceback (most recent call last):
    ...
    gazetteer.errors.DataError: the report is empty
    """
    if not isinstance(text, str):
        raise DataError(f"a report must be text, got {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_ARTICLE_BYTES:
        raise DataError(
            f"the report is {size / 1e6:.1f} MB; reports over {MAX_ARTICLE_BYTES / 1e6:.0f} MB "
            "are refused (split it into its articles)"
        )
    if not text.strip():
        raise DataError("the report is empty")
    surrogate = _SURROGATE.search(text)
    if surrogate:  # only a Python caller can pass one: no UTF-8 file holds it
        raise DataError(
            f"the report holds a lone surrogate {surrogate.group()!r} at character "
            f"{surrogate.start()}; it is not Unicode text"
        )
    controls = len(_CONTROLS.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 1000):
        raise DataError("the report looks like binary data, not text")
    words = re.findall(r"[^\W\d_]+", text.lower())
    letters = sum(len(w) for w in words)
    latin = sum(len(w) if w.isascii() else sum(ch.isascii() for ch in w) for w in words)
    english = sum(1 for w in words if w in _ENGLISH)
    if (
        letters
        and latin / letters < 0.8
        or (len(words) >= 12 and english / len(words) < 0.08)
        or (words and len(words) < 12 and english == 0)
    ):
        raise DataError("the report does not look like English text (strikemap reads English)")
    if not words:
        raise DataError("the report has no words")
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


# --- event mentions -------------------------------------------------------------------------

_TRIGGER = re.compile(
    r"\b(?P<mod>(?:drone|air|aerial|missile|precision|u\.s\.|us|american|french|coalition)"
    r"[\s-]+)?(?P<noun>air\s*strikes?|airstrikes?|strikes?|air\s*raids?|raids?|bombings?|"
    r"bombardments?|air\s+operations?)\b"
    r"|\b(?P<verb>struck|bombed|raided|targeted\s+with\s+(?:a\s+)?(?:drone|air)|"
    r"(?:was|were)\s+(?:engaged|struck|bombed|neutrali[sz]ed)\s+(?:by\s+(?:the\s+)?air|from\s+the\s+air|"
    r"(?=[.,;]))|target\s+was\s+engaged)\b"
    r"|\b(?P<target>(?:car|vehicle|truck|pickup|convoy|house|compound|building|camp|"
    r"checkpoint|position|hideout|motorcycle|farmhouse|farm|tanker|fighters|militants|"
    r"gathering|group)s?\s+(?:\w+\s+){0,5}?(?:was|were)\s+"
    r"(?:hit|struck|targeted|bombed))\b"
    r"|\b(?P<agent>(?:armed\s+)?drones?|aircraft|(?:fighter\s+)?jets|warplanes|helicopters?|"
    r"bombers?|gunships?|reapers?|missiles?|bombs?|rockets?|operations?)\s+"
    r"(?:had\s+|have\s+|has\s+)?"
    r"(?:killed|hit|destroyed|struck|tore|fell|slammed|landed|exploded|targeted|engaged)\b"
    r"|\bby\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}(?P<passive>drones?|aircraft|jets|warplanes?|"
    r"helicopters?|air\s*strikes?|airstrikes?)\b",
    re.IGNORECASE,
)
_TRIGGER_GROUPS = ("noun", "verb", "target", "agent", "passive")
_NOT_EVENT = re.compile(
    r"(hunger|general|labou?r|workers'?|teachers'?|lucky|pre-?emptive|counter)[\s-]+strike"
    r"|on\s+strike|strike\s+(?:force|group|team|package|aircraft|capabilit\w+|fighter)"
    r"|(?:could|would|will|may|might|can|threaten\w*|vow\w*|plans?\s+to|planned\s+to|ready\s+to)"
    r"\s+(?:\w+\s+){0,2}(?:strikes?|raids?|bomb\w*)\b|\bto\s+(?:strike|raid|bomb)\b"
    r"|\b(?:when|whenever|if|each\s+time|every\s+time)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:strikes?|raids?)\b"
    r"|\b(?:any|every|no|each|future|possible|further)\s+(?:\w+\s+)?(?:air\s*)?strikes?\b"
    r"|\bnot\s+(?:an?\s+)?(?:air\s*|drone\s+)?strikes?\b",
    re.IGNORECASE,
)
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
}
_ELLIPTIC = re.compile(
    r"\b(?:the|a)\s+(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|latest|last)"
    r"(?=\s*(?:,|one\b|on\b|in\b|killed\b|hit\b|came\b|was\b|\u2014|-))",
    re.IGNORECASE,
)
_DEFINITE = re.compile(
    r"(?:\bthe|\bthis|\bits|'s|\u2019s|\blatest|\bsame)\s+(?:\w+[\s-]+){0,2}$|\bthat\s+$",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(r"(?:\ban?|\bone|\banother|\bnew)\s+(?:[\w.]+[\s-]+){0,3}$", re.IGNORECASE)
_TOTAL = re.compile(
    r"\b(?:in all|in total|altogether|combined|together|all told|total of|a total|overall|"
    r"since|so far|to date|campaign|this year|last year|in recent (?:years|months))\b",
    re.IGNORECASE,
)
#: At most three words between a count and its trigger ("four more US strikes").
_FEW_WORDS = re.compile(r"\s*(?:(?:[\w.'’-]+)\s+){0,3}")
#: Words that cannot stand between a count and the strikes it counts ("fifteen militants in
#: strikes" counts militants).
_NOT_MODIFIER = re.compile(
    r"\b(?:in|on|of|by|from|with|for|at|near|militants?|fighters?|people|men|civilians|"
    r"members|killed|dead)\b",
    re.IGNORECASE,
)
_KILL_AFTER = re.compile(
    r"\b(?:killed|killing|kills|kill|left|leaving|claimed the lives of|killing of|deaths? of)"
    r"\s*:?\s+"
    r"(?:(?:what|as many as)\s+)?$",
    re.IGNORECASE,
)


def _killed_within(words: int) -> re.Pattern[str]:
    """A number followed, within ``words`` words, by "(were) killed", "dead", "died"."""
    return re.compile(
        rf"^(?:[\s,]+(?:[\w'’-]+\s+){{0,{words}}}?)?"
        r"(?:(?:were|was|have been|had been|are|being)\s+)?"
        r"(?:\w+\s+)?(?:killed|dead|died|slain)\b",
        re.IGNORECASE,
    )


_KILL_BEFORE = _killed_within(9)
_KILL_BEFORE_NEAR = _killed_within(4)
_ALL_KILLED = re.compile(
    r"^\s+(?:[\w'’-]+\s+){0,4}?[\w'’-]+,?\s+(?:all|both|each)\s+(?:of\s+(?:whom|them)\s+)?"
    r"(?:were\s+|was\s+)?(?:killed|died|dead)\b",
    re.IGNORECASE,
)
_KILLED_NAMED = re.compile(
    r"\b(?:killing|killed)\s+(?P<name>(?:[A-Z][\w'’-]+\s+){1,4}(?:al-[A-Z][\w'’-]+|[A-Z][\w'’-]+))"
    r"(?=,\s+(?:an?|the)\s)"
)
_DEATH_TOLL = re.compile(r"\b(?:death toll|toll)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_INJURE_AFTER = re.compile(r"\b(?:wounded|injured|wounding|injuring)\s+$", re.IGNORECASE)
_INJURE_BEFORE = re.compile(
    r"^(?:\s+(?:[\w'-]+\s+){0,4}?)?(?:(?:were|was|have been)\s+)?(?:wounded|injured)\b",
    re.IGNORECASE,
)
_SAME_AREA = re.compile(
    r"\b(?:the\s+same\s+(?:area|location|region|place|village|town|compound|district|spot|"
    r"vicinity)|nearby|the\s+same\s+\w+\s+area)\b",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"\b(?:near|outside|close to|around|on the outskirts of|outskirts of|just outside|"
    r"not far from|in the vicinity of|north of|south of|east of|west of|northeast of|"
    r"northwest of|southeast of|southwest of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_NOT_SITE = re.compile(
    r"\b(?:from|based\s+in|based\s+at|headquartered\s+in|stationed\s+in|active\s+in|born\s+in|"
    r"launched\s+from|flown\s+from|flew\s+from|took\s+off\s+from|operating\s+(?:out\s+)?of|"
    r"operates\s+from|deployed\s+(?:to|in)|built\s+in|fled\s+to|moved\s+to|recruiter|"
    r"travell?ed\s+to|capital|operated\s+from|flying\s+from|flown\s+out\s+of)\s+"
    r"(?:(?!(?:in|near|at|outside|on)\b)[\w,'’-]+\s+){0,5}$"
    r"|\b(?:from|out\s+of)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}(?:air\s*base|base|airport|airfield|"
    r"air\s+station)\s+(?:in|at|near)\s+$"
    r"|\bheadquarter(?:s|ed)\s+(?:\w+\s+){0,2}(?:in|at)\s+$"
    r"|\b(?:road|route|highway|leads?|leading|heading|headed|bound)\s+(?:\w+\s+){0,2}"
    r"(?:to|for|towards|toward|between)\s+(?:the\s+)?$"
    r"|\b(?:by|officials?|residents?|spokes(?:man|woman|person)|sources?|doctors?|journalists?|"
    r"monitors?|elders?|activists?|lawmakers?)\s+(?:in|from)?\s*$",
    re.IGNORECASE,
)
_BASED = re.compile(
    r"\b(?:based\s+(?:in|at)|launched\s+from|flown\s+from|flew\s+from|took\s+off\s+from|"
    r"operating\s+(?:out\s+)?of|from\s+a\s+base\s+in|from\s+(?:the\s+)?(?:air\s+base|base))\s+"
    r"(?:the\s+)?(?P<rest>.{0,60})",
    re.IGNORECASE,
)
_UNIT = r"(?P<unit>miles?|mi|kilometres?|kilometers?|km|kms)"
# A value never starts inside a word, nor at a digit that a digit (or a digit and a comma or
# full stop) comes just before: the run's start is tried first and whatever the rest of the
# run could match, it matches too. A figure runs to the end of its digits, commas and full
# stops (a unit cannot start with one of them), and at most 41 of them make a figure: a
# longer run is no distance. So "1,1,1,..." is not scanned again from each of its characters.
_RELATIVE_TAIL = (
    _UNIT
    + r"\s+(?:\((?:[^)]{0,20})\)\s+)?(?:to\s+the\s+)?(?P<dir>(?:north|south)?(?:-?(?:east|west))?"
    r"(?:ern)?)\s+of\s+"
)
_RELATIVE = re.compile(
    r"(?P<num>(?:about|some|roughly|around|approximately|nearly|almost|more than|over|"
    r"less than|just)\s+)?"
    r"(?P<value>(?<!\d)(?<!\d[,.])\d[\d,.]{0,40}(?![\d,.])|(?<![a-z])[a-z]+(?:[\s-][a-z]+)?)"
    r"[\s-]*" + _RELATIVE_TAIL,
    re.IGNORECASE,
)
# Every match of _RELATIVE ends with this ("km south of "): a stretch without it is not
# searched from each of its words.
_HAS_RELATIVE = re.compile(_RELATIVE_TAIL, re.IGNORECASE)
_DIRECTIONAL = re.compile(
    r"\b(?P<dir>(?:north|south)(?:[\s-]?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central)"
    r"\s+(?:parts?\s+of\s+|regions?\s+of\s+)?$",
    re.IGNORECASE,
)
_POSSESSIVE_DIR = re.compile(
    r"^(?:'s|\u2019s)\s+(?:far\s+)?(?P<dir>(?:north|south)(?:[\s-]?(?:east|west))?|east|west)"
    r"(?:ern)?(?:\s+(?:region|desert|regions))?\b",
    re.IGNORECASE,
)
_COUNTRY_WIDE_DIR = re.compile(
    r"\bthe\s+(?:country's\s+|country\u2019s\s+)?(?P<dir>(?:north|south)(?:[\s-]?(?:east|west))?"
    r"|east|west)(?:ern)?\s+(?:desert|region|regions|part of the country|provinces)\b",
    re.IGNORECASE,
)
#: Between a named place and a distance phrase that describes it.
_APPOSITION = re.compile(r"^(?:,[^;]*|\s+(?:is|lies|sits|located|situated)\b[^;]*)$", re.IGNORECASE)
#: A country named as the one acting ("the United States carried out", "France said").
_ACTING_AFTER = re.compile(
    r"(?:'s|\u2019s)?\s+(?:has|have|had|carried|conducted|launched|said|says|struck|"
    r"announced|confirmed|denied|will|would|is|was)\b",
    re.IGNORECASE,
)
_COMPASS_OF = re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)\s+of\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_NAME = (
    r"(?P<name>[A-Z][\w'’]+(?:[\s-](?:(?:al|el|ad|ar|as|an|ash|at|az|ed|er|es|ibn|bin|bani|"
    r"beni|de|du|la)[\s-])?[A-Z][\w'’]+){0,2})"
)
#: A capitalised name after a location cue, for :meth:`_Extractor._variant_names`.
_CUED_NAME = re.compile(
    r"\b(?i:near|in|outside|at|around|of|close\s+to)\s+(?:the\s+(?:town|village|city|"
    r"settlement|hamlet)\s+of\s+)?" + _NAME
)
#: "Salahuddin province", "Shabwa governorate": a division named by its kind.
_DIVISION_NAME = re.compile(
    r"(?:^|(?<=[.,;]\s))" + _NAME + r"(?=\s+(?:province|governorate|region|district|state)\b)"
)
_VARIANT_REASONS = ("spelling variant", "close spelling", "exact name", "alternate name")
#: Places a distance can be stated for ("Murzuq, 600 miles south of Tripoli").
_POINT_KINDS = frozenset({"city", "oasis", "airport", "airfield", "air base", "military base"})
_AREA_KINDS = frozenset({"admin1", "admin2", "region", "desert", "mountains", "valley"})
_PRECISION_RANK = {p: n for n, p in enumerate(LocationPrecision)}
_PRECISION_RANK[LocationPrecision.NEAR_TOWN] = _PRECISION_RANK[LocationPrecision.TOWN]
_DIVISION_AFTER = re.compile(
    r"\s+(?:province|governorate|region|district|state|prefecture|wilaya|county)\b", re.I
)
#: A figure followed by a unit is a measure, not a count of people or strikes.
_MEASURE = re.compile(
    r"[\s-]*(?:miles?|mi|kilomet\w*|km|kms|metres?|meters?|feet|ft|kg|tons?|tonnes?|percent|"
    r"per\s+cent|%|years?|months?|weeks?|days?|hours?|minutes?|million|billion|dollars?)\b",
    re.IGNORECASE,
)
_DATE_RANK = {p: n for n, p in enumerate(DatePrecision)}
_IN_BEFORE = re.compile(r"\b(?:in|near|at|outside|on|around|of)\s+(?:the\s+)?$", re.IGNORECASE)
#: A place name used as an attribute ("a US air strike", "Somali forces", "Mali-based").
_ATTRIBUTE_AFTER = re.compile(
    r"(?:'s|\u2019s)?[\s-]*(?:based\b|led\b|backed\b|(?:air\s*|drone\s+|military\s+)?(?:"
    r"strikes?|airstrikes?|raids?|military|forces|troops|army|officials?|aircraft|drones?|"
    r"jets|warplanes|government|authorities|command|officers?|soldiers|special|"
    r"(?:africa|central|european|indo-pacific|special\s+operations)\s+command|"
    r"(?:defen[cs]e\s+|foreign\s+|interior\s+)?ministry|air\s+force|president|spokes\w+)\b)",
    re.IGNORECASE,
)
_DEADLINE = re.compile(r"\b(?:by|until|till|since|before|as of)\s+$", re.IGNORECASE)
#: A place named as the reference of a distance ("95 km southeast of the city of X").
_ANCHOR_BEFORE = re.compile(
    r"(?:km|kms|kilomet\w*|miles?|mi)\s+(?:to\s+the\s+)?[a-z-]+\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|village|provincial\s+capital|capital)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)
_SAME_DIVISION = re.compile(
    r"\b(?:elsewhere\s+in|in\s+another\s+part\s+of|in|across|also\s+in)\s+the\s+same\s+"
    r"(?:province|governorate|region|district|state)\b|\belsewhere\s+in\s+the\s+"
    r"(?:province|governorate|region|district|state)\b",
    re.IGNORECASE,
)
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|announced|confirmed|stated|reported|statement|told|added|released)\s+"
    r"(?:[\w\u00e9]+\s+){0,4}$",
    re.IGNORECASE,
)

_SPECIFIC = {
    "air base": 6,
    "military base": 6,
    "airport": 6,
    "airfield": 6,
    "city": 5,
    "admin2": 4,
    "admin1": 3,
    "oasis": 5,
    "region": 2,
    "desert": 2,
    "mountains": 2,
    "valley": 2,
    "country": 1,
}


@dataclass(slots=True)
class _Mention:
    """An event (or aggregate) mention within a sentence."""

    sentence: Quote
    start: int  # of the trigger, absolute
    end: int
    lo: int  # the clause the mention owns, absolute
    hi: int
    noun: str
    plural: bool
    drone: bool
    ordinal: int | None = None
    definite: bool = False
    count: Quantity | None = None
    aggregate: bool = False
    elliptic: bool = False


@dataclass(slots=True)
class _Draft:
    """A claim being assembled."""

    index: int
    quotes: list[Quote]
    event_type: str
    date: DateMention | None
    date_reason: str
    place: ClaimedPlace | None
    place_explicit: bool
    fat_low: int | None = None
    fat_high: int | None = None
    injured: int | None = None
    actor: str = ""
    target: str = ""
    platform: str = ""
    base: str = ""
    attribution: str = ""
    confidence: float = 0.8
    reasons: list[str] = field(default_factory=list)
    ordinal: int | None = None
    last_sentence: int = 0


class _Quotes(list[Quote]):
    """A draft's quotes: a list that answers ``in`` at once and knows its last end.

    A draft that many mentions tell of (one strike retold sentence after sentence) gathers
    many quotes; asking whether it quotes a sentence, or where its last quote ends, must not
    cost their number each time. Every quote's start also goes into ``quoted``, the set of
    sentences some draft quotes.
    """

    def __init__(self, quotes: Iterable[Quote], quoted: set[int]) -> None:
        super().__init__()
        self._spans: set[tuple[int, int]] = set()
        self._quoted = quoted
        self.last_end = -1
        for quote in quotes:
            self.append(quote)

    def append(self, quote: Quote) -> None:
        super().append(quote)
        self._spans.add((quote.start, quote.end))
        self._quoted.add(quote.start)
        self.last_end = max(self.last_end, quote.end)

    def __contains__(self, quote: object) -> bool:
        # a sentence of the report is known by its offsets (its text follows from them)
        if isinstance(quote, Quote):
            return (quote.start, quote.end) in self._spans
        return super().__contains__(quote)


# A draft's date range longer than this is not broken into days in _DraftDays: the few such
# drafts are looked through one by one.
_BUCKET_DAYS = 62


class _DraftDays:
    """The drafts by their dates, kept current as a draft's date changes.

    Answers, in the order a scan of the drafts would give: the drafts whose day-precise date
    may share a day with a date (a superset, each to be checked with ``_same_day``); those
    whose date starts up to some days before a date, latest told first; and the n-th draft in
    date order (undated last, ties in the order told).
    """

    def __init__(self) -> None:
        self._drafts: list[_Draft] = []  # by index, as told
        self._indexed: dict[int, DateMention | None] = {}  # draft index -> date as indexed
        self._by_start: dict[dt.date, list[int]] = {}
        self._by_day: dict[dt.date, set[int]] = {}
        self._wide: set[int] = set()
        self._ranked: list[tuple[dt.date, int]] = []

    def add(self, draft: _Draft) -> None:
        assert draft.index == len(self._drafts)
        self._drafts.append(draft)
        self._insert(draft.index, draft.date)

    def update(self, draft: _Draft) -> None:
        old = self._indexed.get(draft.index)
        if old is draft.date:
            return
        self._remove(draft.index, old)
        self._insert(draft.index, draft.date)

    @staticmethod
    def _days(date: DateMention | None) -> list[dt.date] | None:
        """Each day of a day-precise date (None if too long to list); [] if not day-precise."""
        if date is None or date.precision is not DatePrecision.DAY or date.date_start is None:
            return []
        assert date.date_end is not None
        span = (date.date_end - date.date_start).days
        if span > _BUCKET_DAYS:
            return None
        return [date.date_start + dt.timedelta(days=k) for k in range(span + 1)]

    def _insert(self, index: int, date: DateMention | None) -> None:
        self._indexed[index] = date
        start = date.date_start if date is not None else None
        insort(self._ranked, (start or dt.date.max, index))
        if start is not None:
            insort(self._by_start.setdefault(start, []), index)
        days = self._days(date)
        if days is None:
            self._wide.add(index)
        for day in days or ():
            self._by_day.setdefault(day, set()).add(index)

    def _remove(self, index: int, date: DateMention | None) -> None:
        start = date.date_start if date is not None else None
        self._ranked.remove((start or dt.date.max, index))
        if start is not None:
            self._by_start[start].remove(index)
        days = self._days(date)
        if days is None:
            self._wide.discard(index)
        for day in days or ():
            self._by_day[day].discard(index)

    def same_day(self, date: DateMention) -> list[_Draft]:
        """The drafts that may share a day with ``date``, in the order told."""
        days = self._days(date)
        if days is None:
            return list(self._drafts)
        found = set(self._wide)
        for day in days:
            found.update(self._by_day.get(day, ()))
        return [self._drafts[i] for i in sorted(found)]

    def started_within(self, day: dt.date, *, days: int) -> list[_Draft]:
        """The drafts whose date starts ``days`` days before ``day`` or later up to ``day``.

        Latest told first.
        """
        found = [
            i for k in range(days + 1) for i in self._by_start.get(day - dt.timedelta(days=k), ())
        ]
        return [self._drafts[i] for i in sorted(found, reverse=True)]

    def nth_by_date(self, n: int) -> _Draft:
        """The n-th draft (from 0) by date, undated last, ties in the order told."""
        return self._drafts[self._ranked[n][1]]


def extract_claims(
    text: str,
    *,
    published: dt.date,
    outlet: str | None = None,
    url: str | None = None,
    gazetteer: Gazetteer | None = None,
    publication_country: str | None = None,
) -> Extraction:
    """Extract the claims a report makes about individual events, and its aggregates.

    Parameters
    ----------
    text
        The report's body (plain English text, at most :data:`MAX_ARTICLE_BYTES`).
    published
        Its publication date: relative dates ("on Thursday", "last month") count from it.
    outlet, url
        Who published it (kept with the article by the store; not used for extraction).
    gazetteer
        An open gazetteer (default: ``Gazetteer.open()``).
    publication_country
        ISO code of where the report was published, a weak prior for the geoparser.

    Raises
    ------
    DataError
        If the text is empty, binary, not English or too large, or ``published`` is not a
        real date from 1900 to today.
    """
    del outlet, url  # kept by the store with the article
    check_article_text(text)
    if not isinstance(published, dt.date) or isinstance(published, dt.datetime):
        raise DataError(f"the publication date must be a date, got {published!r}")
    if published > dt.date.today() + dt.timedelta(days=1):
        raise DataError(f"the publication date {published} is in the future")
    if published.year < 1900:  # "last month" in year 1 is no date at all
        raise DataError(f"the publication date {published} is before 1900")
    from gazetteer.geoparse.toponyms import find_toponyms
    from gazetteer.search import Gazetteer

    gaz = gazetteer or Gazetteer.open()
    toponyms = [
        t
        for t in find_toponyms(text, gazetteer=gaz, publication_country=publication_country)
        if t.place is not None
    ]
    return _Extractor(text, published, gaz, toponyms).run()


class _Extractor:
    def __init__(
        self, text: str, published: dt.date, gaz: Gazetteer, toponyms: list[ToponymMatch]
    ) -> None:
        self.text = text
        self.published = published
        self.gaz = gaz
        self.memo: dict[tuple[object, ...], object] = {}  # per-document answers (gazetteer ...)
        self.toponyms = sorted([*toponyms, *country_headings(text, gaz)], key=lambda t: t.start)
        toponyms = self.toponyms
        self.dates = find_dates(text, published=published)
        dates = SpanIndex(self.dates)
        self.quantities = [
            q
            for q in find_quantities(text)
            if not dates.overlaps(q.start, q.end)
            and not _MEASURE.match(text, q.end)
            and _countable(q)
        ]
        self.dateline_end = dateline_end(text)
        self.seen_trigger = False
        self.statement_date = False
        self.sentence_no = 0
        self.group_spans = find_terms(text, GROUPS)
        self.sentences = sentences(text)
        self.drafts: list[_Draft] = []
        self.aggregates: list[AggregateClaim] = []
        self.current: _Draft | None = None
        countries = Counter(  # the places told of, not the actors ("U.S. drone", "France said")
            t.place.country_code
            for t in toponyms
            if t.place is not None
            and t.place.country_code
            and t.place.kind.value != "continent"
            and not _ATTRIBUTE_AFTER.match(text, t.end)
            and not _ACTING_AFTER.match(text, t.end)
        )
        self.country = countries.most_common(1)[0][0] if countries else ""
        self.countries_named = {
            t.place.country_code
            for t in toponyms
            if t.place is not None and (t.kind == "demonym" or t.place.kind.value == "country")
        }
        self.toponyms = sorted(
            [*self.toponyms, *self._variant_names()], key=lambda t: (t.start, t.end)
        )
        self.actor = self._dominant(ACTORS)
        self.target = self._dominant(GROUPS)
        self.regions: list[ClaimedPlace] = []  # directional regions the report names
        self._index()

    def _index(self) -> None:
        """Indexes that answer each mention's questions without a scan of the whole report.

        Every question the extractor asks of the report's dates, figures, place names and
        sentences would otherwise cost the report's length per mention: the report's length
        squared in all. Each index returns what the scan returned.
        """
        self.topo_index = SpanIndex(self.toponyms)
        self.group_index = SpanIndex(self.group_spans)
        self.date_index = SpanIndex(self.dates)
        self.quantity_index = SpanIndex(self.quantities)
        self.sentence_ends = [q.end for q in self.sentences]
        self.sentence_starts = [q.start for q in self.sentences]
        self.sentence_numbers = {q.start: n for n, q in enumerate(self.sentences)}
        # the longest place name: how far back a name can start and still end near a point
        self.longest_name = max((t.end - t.start for t in self.toponyms), default=0)
        self.first_with_place: dict[int, ToponymMatch] = {}
        for t in self.toponyms:
            if t.place is not None:
                self.first_with_place.setdefault(id(t.place), t)
        # the names _fallback_place may take the country from, in list order
        self.fallback_names = [
            t
            for t in self.toponyms
            if t.start >= self.dateline_end
            and t.kind == "name"
            and t.place is not None
            and t.place.country_code
            and not self._stray(t.place)
            and not _ATTRIBUTE_AFTER.match(self.text, t.end)
            and not _ACTING_AFTER.match(self.text, t.end)
        ]
        self.fallback_starts = [t.start for t in self.fallback_names]
        # dates that give a day and may anchor an offset ("five days later")
        self.day_dates = [
            d
            for d in self.dates
            if d.date_start is not None
            and d.precision is DatePrecision.DAY
            and d.start >= self.dateline_end
        ]
        self.day_date_ends = [d.end for d in self.day_dates]
        self.clause_marks = Marks(self.text, CLAUSE_MARK)
        self.paragraph_breaks = paragraph_breaks(self.text)
        self.quoted: set[int] = set()  # starts of the sentences some draft quotes
        self.drafts_by_day = _DraftDays()
        self.region_set: set[ClaimedPlace] = set()
        self.widest_region: ClaimedPlace | None = None

    def _variant_names(self) -> list[ToponymMatch]:
        """Town names the geoparser left aside that the gazetteer knows in another spelling.

        Only in sentences that tell of a strike, only after a location cue ("near Qoryoley",
        "north-west of Bulo Burte", "the village of Banibangou"), and only towns in a country
        the report is about: "Qoryoley" is Qoryooley, "Bulo Burte" Buulobarde.
        """
        from gazetteer.geoparse.toponyms import ToponymMatch
        from gazetteer.lexicon import MONTHS, STOP_WORDS, WEEKDAYS
        from gazetteer.names import fold

        countries = self.countries_named | ({self.country} if self.country else set())
        if not countries:
            return []
        out: list[ToponymMatch] = []
        dated = sorted({d.start for d in self.dates if d.precision is DatePrecision.DAY})
        told = [bool(_TRIGGER.search(q.text)) for q in self.sentences]
        settled = SpanIndex(
            t for t in self.toponyms if t.place is not None and not self._stray(t.place)
        )
        groups = SpanIndex(self.group_spans)
        searched: dict[str, list[Candidate] | None] = {}  # one gazetteer query per name
        for n, sentence in enumerate(self.sentences):
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
                    start < self.dateline_end
                    or key in STOP_WORDS
                    or key in MONTHS
                    or key in WEEKDAYS
                    or settled.overlaps(start, end)
                    or groups.overlaps(start, end)
                ):
                    continue
                name = m.group("name")
                if name not in searched:
                    try:
                        searched[name] = self.gaz.search(name, country=sorted(countries), limit=3)
                    except ValueError:
                        searched[name] = None
                found = searched[name]
                if found is None:
                    continue
                kinds = ("admin1", "admin2") if m.re is _DIVISION_NAME else ("city", "oasis")
                best = next(
                    (
                        c
                        for c in found
                        if c.place.country_code in countries
                        and c.place.kind.value in kinds
                        and c.reason.startswith(_VARIANT_REASONS)
                    ),
                    None,
                )
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

    def _all_terms(self, table: dict[str, str] | object) -> list[Term]:
        """``find_terms`` over the whole report, once per vocabulary."""
        key = ("all terms", id(table))
        if key not in self.memo:
            self.memo[key] = find_terms(self.text, table)  # type: ignore[arg-type]
        return cast("list[Term]", self.memo[key])

    def _terms_in(self, table: dict[str, str] | object, lo: int, hi: int) -> list[Term]:
        """``find_terms(self.text[lo:hi], table)``; for a sentence, from the whole report's.

        A sentence is set off by spaces, so the terms found in it alone are those of the
        whole report that lie in it, unless a term runs across its edge ("..U.S. Africa
        Command" split after "U.S."): such sentences are read on their own.
        """
        n = self.sentence_numbers.get(lo)
        if n is None or self.sentences[n].end != hi:
            return find_terms(self.text[lo:hi], table)  # type: ignore[arg-type]
        key = ("term index", id(table))
        if key not in self.memo:
            terms = self._all_terms(table)
            across: set[int] = set()  # sentences a term runs into or out of
            for t in terms:
                first = bisect_right(self.sentence_starts, t.start) - 1
                if first < 0 or t.end > self.sentences[first].end:
                    last = bisect_left(self.sentence_starts, t.end)
                    across.update(range(max(first, 0), last))
            self.memo[key] = (SpanIndex(terms), across)
        index, across = cast("tuple[SpanIndex[Term], set[int]]", self.memo[key])
        if (
            n in across
            or (lo > 0 and _WORDISH.match(self.text, lo - 1))
            or _WORDISH.match(self.text, hi)
        ):
            return find_terms(self.text[lo:hi], table)  # type: ignore[arg-type]
        # offsets from the sentence's start, as when it is read alone
        return [replace(t, start=t.start - lo, end=t.end - lo) for t in index.within(lo, hi)]

    def _dominant(self, table: dict[str, str] | object) -> str:
        terms = self._all_terms(table)
        if not terms:
            return ""
        return Counter(t.label for t in terms).most_common(1)[0][0]

    # --- driver -------------------------------------------------------------------------

    def run(self) -> Extraction:
        distances = self._distance_checks()
        for sentence in self.sentences:
            self._sentence(sentence)
        claims = tuple(self._finish(d) for d in self.drafts)
        return Extraction(content_hash(self.text), claims, tuple(self.aggregates), distances)

    def _distance_checks(self) -> tuple[DistanceCheck, ...]:
        """Statements that put a named place at a distance from another, checked.

        "Murzuq, an oasis town ... nearly 600 miles south of Tripoli": the named place is
        where the event is; the distance is a claim to check against the geodesic.
        """
        self.appositive: set[tuple[int, int]] = set()
        out: list[DistanceCheck] = []
        for sentence in self.sentences:
            if not _HAS_RELATIVE.search(sentence.text):
                continue
            for m in _RELATIVE.finditer(sentence.text):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                parsed = self._relative_parts(m, end)
                if parsed is None:
                    continue
                km, direction, anchor = parsed
                subject = self._subject(sentence, start, anchor)
                if subject is None or subject.place is None:
                    continue
                self.appositive.add((start, end))
                place = subject.place
                geodesic = geodesic_distance((anchor.lat, anchor.lon), (place.lat, place.lon))
                computed, bearing = geodesic.km, geodesic.bearing_deg
                gap = km - computed
                off = abs(gap) / computed if computed else 1.0
                verdict = (
                    f"consistent: stated {km:.0f} km, geodesic {computed:.0f} km"
                    if off <= 0.15
                    else f"off by {abs(gap):.0f} km ({off:.0%}): stated {km:.0f} km "
                    f"({km / KM_PER_MILE:.0f} mi), geodesic {computed:.0f} km "
                    f"({computed / KM_PER_MILE:.0f} mi)"
                )
                turn = abs((bearing - bearing_of(direction) + 180) % 360 - 180)
                if turn > 45:
                    verdict += f"; and the place lies at {bearing:.0f}°, not {direction}"
                out.append(
                    DistanceCheck(
                        index=len(out),
                        sentence=sentence,
                        text=self.text[start:end] + anchor.name,
                        place_name=place.name,
                        anchor_name=anchor.name,
                        stated_km=km,
                        stated_direction=direction,
                        computed_km=computed,
                        computed_bearing_deg=bearing,
                        verdict=verdict,
                    )
                )
        return tuple(out)

    def _subject(self, sentence: Quote, start: int, anchor: Place) -> ToponymMatch | None:
        """The place a distance is stated for: the last point-like name just before it.

        "Murzuq, an oasis town ... nearly 600 miles south of Tripoli": a name in the same
        sentence that ends at most 90 characters before the distance, set off by a comma or
        "is/lies/located".
        """
        # names are sorted by start: before ``earliest`` none can end within 90 characters
        earliest = max(sentence.start, start - 90 - self.longest_name)
        for i in range(self.topo_index.before(start) - 1, -1, -1):
            t = self.toponyms[i]
            if t.start < earliest:
                return None
            if (
                t.end <= start
                and start - t.end <= 90
                and t.place is not None
                and t.place.kind.value in _POINT_KINDS
                and t.place.id != anchor.id
                and _APPOSITION.search(self.text[t.end : start])
            ):
                return t
        return None

    def _stray(self, place: Place) -> bool:
        """Whether a place is a homonym abroad that the report cannot mean.

        A small place or an area in a country the report never names: "Bur" in a Somalia
        story is not in Iran, "Bulo" not in the Philippines.
        """
        code = place.country_code
        return bool(
            self.country
            and code
            and code != self.country
            and code not in self.countries_named
            and place.kind.value != "country"
            and (place.population < 100_000 or place.kind.value in _AREA_KINDS)
        )

    def _relative_parts(self, m: re.Match[str], end: int) -> tuple[float, str, Place] | None:
        direction = direction_of(m.group("dir").replace("-", "")) if m.group("dir") else None
        if direction is None or direction == "central":
            return None
        value = _number(m.group("value"))
        if value is None or value <= 0:
            return None
        anchor = next((t for t in self.topo_index.starting(end, end + 31) if t.place), None)
        if anchor is None or anchor.place is None or self._stray(anchor.place):
            return None
        unit = m.group("unit").lower()
        km = value * (KM_PER_MILE if unit.startswith("mi") else 1.0)
        if not km <= MAX_OFFSET_KM:  # "99999999 miles south of Sabha" places nothing
            return None
        return km, direction, anchor.place

    def _sentence(self, sentence: Quote) -> None:
        self.sentence_no += 1
        mentions = self._mentions(sentence)
        self._note_regions(sentence)
        if not mentions:
            self._orphan_figures(sentence)
            return
        for mention in mentions:
            if mention.aggregate:
                self._aggregate(mention)
            else:
                self._event(mention)
                if self.current is not None:  # the draft the mention told of may have a new date
                    self.drafts_by_day.update(self.current)

    # --- mentions -----------------------------------------------------------------------

    def _mentions(self, sentence: Quote) -> list[_Mention]:
        s = sentence.text
        base = sentence.start
        # "hunger strike", "could strike": stretches where a trigger is no event (in order,
        # not overlapping: the last one starting at or before a trigger is the one to ask)
        excluded = [m.span() for m in _NOT_EVENT.finditer(s)]
        excluded_starts = [a for a, _ in excluded]
        found: list[_Mention] = []
        for m in _TRIGGER.finditer(s):
            which = _TRIGGER_GROUPS[next(k for k, g in enumerate(m.group(*_TRIGGER_GROUPS)) if g)]
            k = bisect_right(excluded_starts, m.start(which)) - 1
            if k >= 0 and m.start(which) < excluded[k][1]:
                continue
            noun = (m.group("noun") or m.group("verb") or "").lower()
            if m.group("target"):
                noun = "struck"
            if m.group("mod") and m.group("mod").strip().lower() in ("air", "aerial"):
                noun = "air " + noun  # "air raids" are air strikes, not ground raids
            agent = (m.group("agent") or m.group("passive") or "").lower()
            if agent:
                noun = "drone strike" if "drone" in agent or "reaper" in agent else "struck"
            plural = bool(m.group("noun")) and noun.endswith("s") and not noun.endswith("ss")
            drone = (
                noun == "drone strike"
                or "drone" in (m.group("mod") or "").lower()
                or "drone" in s[max(0, m.start() - 25) : m.start()].lower()
            )
            found.append(
                _Mention(sentence, base + m.start(), base + m.end(), 0, 0, noun, plural, drone)
            )
        if self.seen_trigger or found:
            self.seen_trigger = True
            starts = [f.start for f in found]  # sorted: triggers, then elliptic ones in order
            elliptic: list[int] = []
            for m in _ELLIPTIC.finditer(s):
                lo, hi = base + m.start(), base + m.end() + 12
                if any_between(starts, lo, hi) or any_between(elliptic, lo, hi):
                    continue
                word = m.group("ord").lower()
                mention = _Mention(
                    sentence, base + m.start(), base + m.end(), 0, 0, "strike", False, False
                )
                mention.ordinal = _ORDINALS.get(word, -1)
                mention.definite = m.group(0).lower().startswith("the")
                mention.elliptic = True
                found.append(mention)
                elliptic.append(mention.start)
        found.sort(key=lambda x: x.start)
        # merge triggers that are one phrase ("drone strike ... struck")
        # and so are two triggers with no clause break between them ("jets killed 24 in a
        # strike on a camp"), unless the second has its own ordinal or count
        merged: list[_Mention] = []
        for mention in found:
            if merged and (
                mention.start - merged[-1].end < 3
                or (
                    not mention.elliptic
                    and not self.clause_marks.between(merged[-1].end, mention.start)
                    and not _counted_before(self.text, merged[-1].end, mention.start)
                )
            ):
                if mention.drone:
                    merged[-1].drone = True
                if merged[-1].noun in ("struck", "bombed", "raided") or merged[-1].noun.startswith(
                    "air operation"
                ):
                    merged[-1].noun, merged[-1].plural = mention.noun, mention.plural
                continue
            merged.append(mention)
        for i, mention in enumerate(merged):
            mention.lo = (
                sentence.start
                if i == 0
                else clause_break(self.text, merged[i - 1].end, mention.start)
            )
            mention.hi = sentence.end
            if i + 1 < len(merged):
                mention.hi = clause_break(self.text, mention.end, merged[i + 1].start)
            self._classify(mention)
        # one event per clause: a verb trigger right after a noun trigger is the same event
        # "six strikes in 2018, the last in November": the ordinal belongs to the aggregate
        out: list[_Mention] = []
        for mention in merged:
            if mention.elliptic and any(o.aggregate and o.count for o in out):
                continue
            if (
                out
                and not mention.aggregate
                and not out[-1].aggregate
                and (mention.noun in ("struck", "bombed", "raided") and mention.ordinal is None)
            ):
                out[-1].hi = mention.hi
                continue
            out.append(mention)
        return out

    def _classify(self, mention: _Mention) -> None:
        before = self.text[max(mention.sentence.start, mention.start - 60) : mention.start]
        ordinal = re.search(
            r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|latest|last|previous|"
            r"earlier|most recent)\s+(?:[\w.-]+\s+){0,2}$",
            before,
            re.IGNORECASE,
        )
        if ordinal and mention.ordinal is None:
            mention.ordinal = _ORDINALS.get(ordinal.group(1).lower(), -1)
        if mention.ordinal is None or mention.definite is False:
            mention.definite = bool(_DEFINITE.search(before)) and not _INDEFINITE.search(
                before[-14:]
            )
        counts = [
            q
            for q in self.quantity_index.within(mention.lo, mention.start)
            if not q.fraction
            and _FEW_WORDS.fullmatch(self.text, q.end, mention.start)
            and not _NOT_MODIFIER.search(self.text[q.end : mention.start])
        ]
        if mention.plural:
            clause = self.text[mention.lo : mention.hi]
            one_day = not re.search(  # "logged between 10 and 16 February" is a span
                r"\b(?:between|from)\b[^.;]{0,40}\b(?:and|to)\b", clause, re.I
            ) and any(
                d.precision is DatePrecision.DAY
                and (d.date_start is None or d.date_start == d.date_end)
                for d in self.date_index.within(mention.lo, mention.hi)
            )
            totals = bool(_TOTAL.search(clause))
            count = counts[-1] if counts else None
            if count is not None and (count.value >= 2 or count.low is None):
                # "two strikes near Jilib on Tuesday" is one event; "four strikes" a tally
                mention.count = count
                mention.aggregate = not (one_day and count.value <= 3 and not totals)
            elif re.search(r"\b(?:dozens|hundreds|several|scores|series)\s+of\s+$", before, re.I):
                mention.aggregate = True
            elif one_day and not totals:
                mention.aggregate = False  # "airstrikes late on Jan. 18 against two camps"
            elif mention.definite and self.current is not None and not totals:
                mention.aggregate = False  # "the strikes killed an estimated 80": that event
            else:
                mention.aggregate = True  # a tally when it gives totals, else background

    # --- events -------------------------------------------------------------------------

    def _event(self, mention: _Mention) -> None:
        lo, hi = mention.lo, mention.hi
        date, date_reason = self._date(mention)
        if date is not None and date.date_start is not None and date.date_start > self.published:
            date, date_reason = None, ""  # "five days later" past publication: no knowable day
        place, explicit = self._place(mention)
        if (
            place is None
            and not mention.definite
            and self.current is not None
            and self._new_paragraph(mention)
        ):
            place = self._place_before(mention)  # "Near Habban. A pickup truck was struck."
            explicit = place is not None
        kill = self._kill(mention)
        target = self._term(GROUPS, lo, hi)
        refer: _Draft | None = None
        if date is None:
            before = self._date_before(mention)
            if before is not None and (
                self.current is None
                or not _same_day(self.current.date, before)
                or self._new_paragraph(mention)
            ):
                # "On Tuesday 20 February, surveillance detected a column ... The target was
                # engaged.": the date of the sentence before, a new event
                date, date_reason = before, f"date from the sentence before, {before.text!r}"
                mention.definite = False
        if self.statement_date and mention.definite and self.current is not None:
            date, date_reason = None, ""  # "AFRICOM said on Tuesday that the strike ..."
        elif self.statement_date and date is not None and date.date_start is not None:
            # the latest draft dated up to three days before, where the statement says
            told = next(
                (
                    d
                    for d in self.drafts_by_day.started_within(date.date_start, days=3)
                    if _places_agree(d.place, place, slack_km=0)
                ),
                None,
            )
            # "CENTCOM said on Wednesday it had killed ... in a strike in northwest Syria"
            if told is not None:
                self._enrich(told, mention, None, "", place, explicit, kill, target)
                self.current = told
                return
        if mention.ordinal is not None and mention.ordinal > 0:
            # the drafts ranked by date (undated last; ties in the order they were told)
            if mention.ordinal <= len(self.drafts):
                nth = self.drafts_by_day.nth_by_date(mention.ordinal - 1)
                if date is None or _same_day(nth.date, date):
                    refer = nth
        elif mention.ordinal == -1 and self.current is not None and date is None:
            refer = self.current
        if (
            refer is None
            and mention.definite
            and not mention.plural
            and self.current is not None
            and (date is None or date.precision is not DatePrecision.DAY)
            and not (place and explicit and not _places_agree(self.current.place, place))
        ):
            refer = self.current
        if refer is None and date is not None:
            refer = next(
                (
                    d
                    for d in self.drafts_by_day.same_day(date)
                    if _same_day(d.date, date) and _places_agree(d.place, place)
                ),
                None,
            )
        if (
            refer is None
            and date is None
            and self.current is not None
            and (
                mention.definite
                or not (place and explicit)
                or _places_agree(self.current.place, place, slack_km=0)
            )
        ):
            refer = self.current  # undated and where the last strike was: the same event
        if (
            refer is None
            and date is None
            and self.current is not None
            and kill is None
            and not (place and explicit)
        ):
            refer = self.current
        if refer is not None:
            self._enrich(refer, mention, date, date_reason, place, explicit, kill, target)
            self.current = refer
            return
        if (
            date is None
            and kill is None
            and not (place and explicit and place.precision is not LocationPrecision.COUNTRY)
        ):
            return  # "the coalition's bombing of cities": background, not a reported event
        if date is None:
            date, date_reason = self._fallback_date(mention)
        if place is None:
            place = self._place_before(mention)
            explicit = place is not None
        if place is None:
            place = self._fallback_place(mention.start)
            explicit = False
        draft = _Draft(
            index=len(self.drafts),
            quotes=_Quotes([mention.sentence], self.quoted),
            event_type="",
            date=date,
            date_reason=date_reason,
            place=place,
            place_explicit=explicit,
            ordinal=mention.ordinal if mention.ordinal and mention.ordinal > 0 else None,
        )
        self._enrich(draft, mention, None, "", None, False, kill, target)
        self.drafts.append(draft)
        self.drafts_by_day.add(draft)
        self.current = draft

    def _enrich(
        self,
        draft: _Draft,
        mention: _Mention,
        date: DateMention | None,
        date_reason: str,
        place: ClaimedPlace | None,
        explicit: bool,
        kill: Quantity | None,
        target: str,
    ) -> None:
        lo, hi = mention.lo, mention.hi
        if mention.sentence not in draft.quotes:
            draft.quotes.append(mention.sentence)
        draft.last_sentence = self.sentence_no
        if date is not None and (draft.date is None or _wider(draft.date, date)):
            draft.date, draft.date_reason = date, date_reason
        if place is not None and (
            draft.place is None
            or not draft.place_explicit
            or (
                explicit
                and _PRECISION_RANK[place.precision] < _PRECISION_RANK[draft.place.precision]
                and geodesic_distance((place.lat, place.lon), (draft.place.lat, draft.place.lon)).km
                <= draft.place.radius_km
            )
        ):
            draft.place, draft.place_explicit = place, explicit
        if kill is not None and draft.fat_low is None and draft.fat_high is None:
            draft.fat_low, draft.fat_high = kill.low, kill.high
            if kill.low is None and kill.high is None:
                draft.fat_low = draft.fat_high = int(kill.value)
            draft.reasons.append(f"toll: {kill.text!r}")
        injured = self._injured(lo, hi)
        if injured is not None and draft.injured is None:
            draft.injured = injured
        draft.target = draft.target or target
        draft.actor = draft.actor or self._term(
            ACTORS, mention.sentence.start, mention.sentence.end
        )
        platform = self._term(PLATFORMS, mention.sentence.start, mention.sentence.end)
        if platform and (not draft.platform or draft.platform == "drone"):
            draft.platform = platform
        event = "raid" if "raid" in mention.noun and "air" not in mention.noun else "air strike"
        if event == "air strike" and (mention.drone or draft.platform in DRONE_PLATFORMS):
            event = "drone strike"
        if not draft.event_type or (draft.event_type == "air strike" and event == "drone strike"):
            draft.event_type = event  # a later "the raid" does not unmake an air strike
        base = self._base(mention.sentence)
        if base and not draft.base:
            draft.base = base
        label, confidence = self._attribution(mention.sentence)
        if label and confidence < draft.confidence + 0.1:
            draft.attribution, draft.confidence = (
                label,
                min(draft.confidence, confidence) if (draft.attribution) else confidence,
            )

    # --- dates --------------------------------------------------------------------------

    def _date(self, mention: _Mention) -> tuple[DateMention | None, str]:
        self.statement_date = False
        found = [
            d
            for d in self.date_index.within(mention.lo, mention.hi)
            if not _DEADLINE.search(self.text[max(0, d.start - 12) : d.start])
            and d.start >= self.dateline_end  # "BAMAKO, March 28 —" is when it was filed
        ]
        if not found:
            return None, ""
        said = [
            d
            for d in found
            if _SAID_BEFORE.search(tail(self.text, mention.sentence.start, d.start))
            and self.text[d.end : d.end + 2] not in ("'s", "\u2019s")  # "said Thursday's strike"
        ]
        own = [d for d in found if d not in said] or said
        self.statement_date = own is said
        pick = min(
            own,
            key=lambda d: (
                d.date_start is None and d.offset_days is None,
                _DATE_RANK[d.precision],
                abs(d.start - mention.start),
            ),
        )
        reason = f"date from {pick.text!r}"
        if pick.date_start is None:
            earlier = [
                d
                for d in self.date_index.starting(mention.sentence.start, pick.start)
                if d.date_start is not None
            ]
            previous = self.current.date if self.current else None
            if earlier:  # "said yesterday ... the previous night": from the date just given
                anchor, whence = earlier[-1].date_start, f"{earlier[-1].text!r}"
            elif previous is not None and previous.date_start is not None:
                anchor, whence = previous.date_start, "the previous strike"
            else:
                # the last day-precise date that ends before the offset (dates do not overlap,
                # so their ends are in order too)
                k = bisect_right(self.day_date_ends, pick.start)
                if k == 0:
                    return None, ""
                last = self.day_dates[k - 1]
                anchor, whence = last.date_start, f"{last.text!r} told before it"
            assert anchor is not None
            offset = pick.offset_days or 0
            if mention.start - pick.end <= 30 and re.search(
                r"\b(?:after|later than)\s*$", pick.text, re.I
            ):
                # "yesterday, two days after a similar strike": this strike is the earlier one
                pick = replace(pick, offset_days=-offset)
            pick = resolve_offset(pick, anchor)
            reason = f"{pick.text!r} counted from {whence} ({anchor})"
        elif self.statement_date:
            reason += " (the date of the statement)"
        if pick.note:
            reason += f": {pick.note}"
        return pick, reason

    def _fallback_date(self, mention: _Mention) -> tuple[DateMention, str]:
        k = bisect_right(self.sentence_ends, mention.sentence.start)  # sentences before it
        if k > 0:
            sentence = self.sentences[k - 1]
            dates = [
                d
                for d in self.date_index.starting(sentence.start, sentence.end)
                if d.date_start is not None
            ]
            if dates:
                d = dates[-1]
                return d, f"no date in the sentence; the previous sentence's {d.text!r}"
        start = self.published - dt.timedelta(days=7)
        mention_date = DateMention(
            mention.start, mention.start, "", start, self.published, DatePrecision.WEEK, True
        )
        return mention_date, "no date given: the week before publication"

    # --- places -------------------------------------------------------------------------

    def _place(self, mention: _Mention) -> tuple[ClaimedPlace | None, bool]:
        lo, hi = mention.lo, mention.hi
        clause = self.text[lo:hi]
        relative = self._relative(lo, hi)
        if relative is not None:
            return relative, True
        same = _SAME_AREA.search(clause)
        division = _SAME_DIVISION.search(clause)
        if division and self.current is not None and self.current.place is not None:
            found = self._division_of(self.current.place, division.group(0))
            if found is not None:
                return found, True
        names = [
            t for t in self.topo_index.within(lo, hi) if t.kind == "name" and t.place is not None
        ]
        usable = []
        for t in names:
            if t.start < self.dateline_end or self.group_index.contains(t.start, t.end):
                continue
            before = self.text[max(mention.sentence.start, t.start - 60) : t.start]
            after = self.text[t.end : t.end + 12]
            if (
                _NOT_SITE.search(before)
                or _ATTRIBUTE_AFTER.match(after)
                or _ANCHOR_BEFORE.search(before)
            ):
                continue
            if self._stray(t.place):  # type: ignore[arg-type]
                continue
            if t.place.kind.value == "continent":  # type: ignore[union-attr]
                continue
            usable.append(t)
        if usable:
            claimed = [(self._claimed(t, mention), t) for t in usable]
            best = max(
                claimed,
                key=lambda pt: (
                    -_PRECISION_RANK[pt[0].precision],
                    bool(_IN_BEFORE.search(self.text[max(lo, pt[1].start - 12) : pt[1].start])),
                    -abs(pt[1].start - mention.end) / 1000,
                ),
            )
            return best[0], True
        if same and self.current is not None and self.current.place is not None:
            prev = self.current.place
            precision = (
                LocationPrecision.NEAR_TOWN
                if prev.precision in (LocationPrecision.TOWN, LocationPrecision.EXACT_SITE)
                else prev.precision
            )
            return (
                replace(
                    prev,
                    precision=precision,
                    radius_km=max(prev.radius_km, precision.default_radius_km),
                    reason=f"{same.group(0)!r}: the place of the previous strike ({prev.name})",
                ),
                True,
            )
        wide = _COUNTRY_WIDE_DIR.search(clause)
        if wide and self.country:
            region = self._region(self.country, wide.group("dir"), wide.group(0))
            if region is not None:
                return region, True
        return None, False

    def _claimed(self, t: ToponymMatch, mention: _Mention) -> ClaimedPlace:
        place = t.place
        assert place is not None
        kind = place.kind.value
        before = self.text[max(mention.sentence.start, t.start - 40) : t.start]
        after = self.text[t.end : t.end + 40]
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
                region = self._region(place.country_code, m.group("dir"), t.text)
                if region is not None:
                    return region
            p = _POSSESSIVE_DIR.match(after)
            if p and kind == "country":
                region = self._region(place.country_code, p.group("dir"), t.text)
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
        if precision is LocationPrecision.NEAR_TOWN and _COMPASS_OF.search(before):
            radius = 75.0  # "in the desert south of Hasakah": no distance given
        if around_town:
            precision, radius = LocationPrecision.DISTRICT, 100.0
        if precision is LocationPrecision.COUNTRY:
            radius = _country_radius(place.country_code, radius)
        elif kind == "admin1":
            radius = _division_radius(place.id, place.lat, place.lon) or radius
        reason = f"{t.text!r} resolved to {place.label} ({t.reason})"
        if precision is LocationPrecision.NEAR_TOWN:
            reason = f"near {place.name}: " + reason
        if around_town:
            reason = f"the {place.name} region, taken as 100 km around the town: " + reason
        return ClaimedPlace(
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            country_code=place.country_code,
            precision=precision,
            radius_km=radius,
            place_id=place.id,
            reason=reason,
        )

    def _division_of(self, place: ClaimedPlace, phrase: str) -> ClaimedPlace | None:
        key = ("reverse", place.lat, place.lon)
        if key not in self.memo:
            try:
                self.memo[key] = self.gaz.reverse(place.lat, place.lon).admin1
            except (LookupError, ValueError):
                self.memo[key] = None
        admin1 = cast("Place | None", self.memo[key])
        if admin1 is None:
            return None
        return ClaimedPlace(
            name=admin1.name,
            lat=admin1.lat,
            lon=admin1.lon,
            country_code=admin1.country_code,
            precision=LocationPrecision.DISTRICT,
            radius_km=_division_radius(admin1.id, admin1.lat, admin1.lon)
            or LocationPrecision.DISTRICT.default_radius_km,
            place_id=admin1.id,
            reason=f"{phrase!r}: the division of the previous strike ({place.name}), {admin1.name}",
        )

    def _division(self, name: str, country: str) -> Place | None:
        key = ("division", name, country)
        if key not in self.memo:
            try:
                found = self.gaz.search(
                    name, country=country or None, kinds=["admin1", "admin2"], limit=1
                )
            except ValueError:
                found = []
            self.memo[key] = found[0].place if found else None
        return cast("Place | None", self.memo[key])

    def _region(self, country: str, word: str, surface: str) -> ClaimedPlace | None:
        direction = direction_of(word.replace(" ", "").replace("-", ""))
        if direction is None:
            return None
        key = ("region", country, direction)
        if key not in self.memo:
            try:
                name = self.gaz.country(country).name
                self.memo[key] = (name, directional_region(country, direction, name))
            except (LookupError, ValueError):
                self.memo[key] = None
        if self.memo[key] is None:
            return None
        name, region = cast("tuple[str, Region]", self.memo[key])
        place = ClaimedPlace(
            name=region.name,
            lat=region.lat,
            lon=region.lon,
            country_code=region.country_code,
            precision=LocationPrecision.REGION,
            radius_km=region.radius_km,
            reason=f"{surface!r} read as the {direction} of {name} (a region; radius covers it)",
        )
        if place not in self.region_set:
            self.region_set.add(place)
            self.regions.append(place)
            if self.widest_region is None or place.radius_km > self.widest_region.radius_km:
                self.widest_region = place  # the first of the widest, as max() gives
        return place

    def _relative(self, lo: int, hi: int) -> ClaimedPlace | None:
        if not _HAS_RELATIVE.search(self.text, lo, hi):
            return None
        clause = self.text[lo:hi]
        for m in _RELATIVE.finditer(clause):
            if (lo + m.start(), lo + m.end()) in self.appositive:
                continue  # "in Murzuq, nearly 600 miles south of Tripoli": Murzuq is the place
            parsed = self._relative_parts(m, lo + m.end())
            if parsed is None:
                continue
            km, direction, anchor_place = parsed
            anchor = self.first_with_place[id(anchor_place)]
            assert anchor.place is not None
            lat2, lon2 = destination(
                (anchor.place.lat, anchor.place.lon), bearing_of(direction), km
            )
            precision = LocationPrecision.NEAR_TOWN if km <= 60 else LocationPrecision.DISTRICT
            return ClaimedPlace(
                name=f"{m.group(0).strip()} {anchor.text}",
                lat=lat2,
                lon=lon2,
                country_code=anchor.place.country_code,
                precision=precision,
                radius_km=max(5.0, km * 0.4),
                place_id="",
                anchor=anchor.place.name,
                offset_km=round(km, 1),
                bearing_deg=bearing_of(direction),
                reason=f"{km:.0f} km {direction} of {anchor.place.label}; radius covers the "
                "vagueness of a compass direction",
            )
        return None

    def _new_paragraph(self, mention: _Mention) -> bool:
        """Whether the mention opens a paragraph after the current event's last sentence."""
        if self.current is None:
            return True
        quotes = self.current.quotes
        last = quotes.last_end if isinstance(quotes, _Quotes) else max(q.end for q in quotes)
        return last <= mention.start and blank_line_between(
            self.paragraph_breaks, last, mention.start
        )

    def _sentences_before(self, mention: _Mention) -> list[Quote]:
        """Up to four sentences just before, nearest first, in the same paragraph.

        Only sentences no claim quotes: a bulletin's "14 March. Near Nisab, Shabwa province.
        A strike hit a house."
        """
        n = self.sentence_numbers[mention.sentence.start]
        out: list[Quote] = []
        after = mention.sentence
        for before in reversed(self.sentences[max(0, n - 4) : n]):
            if "\n" in self.text[before.end : after.start] or before.start in self.quoted:
                break
            out.append(before)
            after = before
        return out

    def _date_before(self, mention: _Mention) -> DateMention | None:
        for before in self._sentences_before(mention):
            found = [
                d
                for d in self.date_index.starting(before.start, before.end)
                if d.date_start is not None
                and d.precision is DatePrecision.DAY
                and d.start >= self.dateline_end
                # "the strike" after "we counted the bodies this morning" is the event told;
                # a bulletin entry's date heading ("14 March.") is not
                and (not mention.definite or not d.relative or self._date_heading(before, d))
            ]
            if found:
                return found[0]
        return None

    def _date_heading(self, sentence: Quote, d: DateMention) -> bool:
        """Whether the sentence is little more than the date (at most three other words)."""
        key = ("heading", sentence.start, d.text)
        if key not in self.memo:
            self.memo[key] = len(sentence.text.replace(d.text, "").split()) <= 3
        return cast(bool, self.memo[key])

    def _place_before(self, mention: _Mention) -> ClaimedPlace | None:
        """The place of the sentence just before, in the same paragraph, if it told of no strike.

        "Surveillance detected a column 15 km north of Goundam. The target was engaged."
        """
        for before in self._sentences_before(mention):
            # the same sentence is asked again by each mention after it: its place changes
            # only with the current event's ("the same area")
            key = ("place", before.start, self.current.place if self.current else None)
            if key not in self.memo:
                probe = _Mention(
                    before, before.end, before.end, before.start, before.end, "", False, False
                )
                self.memo[key] = self._place(probe)
            place, explicit = cast("tuple[ClaimedPlace | None, bool]", self.memo[key])
            if place is not None and explicit and place.precision is not LocationPrecision.COUNTRY:
                return replace(place, reason=f"from the sentence before: {place.reason}")
        return None

    def _fallback_place(self, at: int) -> ClaimedPlace | None:
        """No place in the clause: the widest region named, else the country being told of.

        The country is the one of the last place named before ``at`` (a bulletin's "YEMEN"
        heading, a feature's change of scene), else the report's most named country.
        """
        if self.widest_region is not None:
            widest = self.widest_region
            return replace(
                widest,
                reason=f"no place in the sentence: the widest region the report names, "
                f"{widest.name}",
            )
        last = ""
        # the last such name that ends by ``at``: only names that start by ``at`` can, and of
        # those only the few that straddle ``at`` are passed over
        for i in range(bisect_right(self.fallback_starts, at) - 1, -1, -1):
            t = self.fallback_names[i]
            if t.end <= at:
                assert t.place is not None
                last = t.place.country_code
                break
        code = last or self.country
        if code:
            key = ("country", code)
            if key not in self.memo:
                try:
                    self.memo[key] = self.gaz.country(code)
                except LookupError:
                    self.memo[key] = None
            if self.memo[key] is None:
                return None
            country = cast("Place", self.memo[key])
            return ClaimedPlace(
                name=country.name,
                lat=country.lat,
                lon=country.lon,
                country_code=country.country_code,
                precision=LocationPrecision.COUNTRY,
                radius_km=_country_radius(country.country_code, 600.0),
                place_id=country.id,
                reason="no place in the sentence: the country being told of",
            )
        return None

    def _note_regions(self, sentence: Quote) -> None:
        for t in self.topo_index.starting(sentence.start, sentence.end):
            if t.place and t.place.kind.value == "country":
                before = self.text[max(sentence.start, t.start - 30) : t.start]
                m = _DIRECTIONAL.search(before)
                if m:
                    self._region(t.place.country_code, m.group("dir"), t.text)
        if self.country:
            for m in _COUNTRY_WIDE_DIR.finditer(sentence.text):
                self._region(self.country, m.group("dir"), m.group(0))

    # --- figures and terms --------------------------------------------------------------

    def _kill(self, mention: _Mention) -> Quantity | None:
        """The toll in the mention's clause, the most reliable pattern first.

        "killed eight"; "eight ... were killed" (few words between, then more); "six men,
        all of whom died"; "killing <a named person>" (one).
        """
        inside = [q for q in self.quantity_index.within(mention.lo, mention.hi) if not q.fraction]
        for q in inside:
            before = tail(self.text, mention.lo, q.start)
            if _KILL_AFTER.search(before) or _DEATH_TOLL.search(before):
                return q
        for pattern in (_KILL_BEFORE_NEAR, _KILL_BEFORE, _ALL_KILLED):
            for q in inside:
                after = self.text[q.end : min(mention.hi, q.end + 90)]
                hit = pattern.match(after)
                if hit and (
                    re.search(r"\bamong\b", hit.group(0), re.I)
                    or re.match(r"\s+of\s+(?:them|those|the\s+(?:dead|victims))\b", after, re.I)
                ):
                    continue  # "two farmers were among the dead", "two of them were killed"
                if hit and not re.match(r"\s*(?:strikes?|airstrikes?|raids?)\b", after, re.I):
                    return q
        both = re.compile(r"\b(?:killing|killed)\s+both\b", re.I).search(
            self.text, mention.lo, mention.hi
        )
        if both:
            return Quantity(both.start(), both.end(), both.group(0), 2.0, 2, 2, False, "")
        # "killing Khalid al-Shami, a senior official": one named person
        for m in _KILLED_NAMED.finditer(self.text, mention.lo, mention.hi):
            name = m.group("name")
            if self.topo_index.covers(m.start("name")) or self.group_index.covers(m.start("name")):
                continue
            return Quantity(m.start("name"), m.end("name"), name, 1.0, 1, 1, False, "")
        return None

    def _injured(self, lo: int, hi: int) -> int | None:
        for q in self.quantity_index.within(lo, hi):
            if not q.fraction:
                if _INJURE_AFTER.search(tail(self.text, lo, q.start)) or _INJURE_BEFORE.match(
                    head(self.text, q.end, hi)
                ):
                    return int(q.value)
        return None

    def _term(self, table: dict[str, str] | object, lo: int, hi: int) -> str:
        # asked again and again of the same sentence (actor, platform) by its mentions
        key = ("term", id(table), lo, hi)
        if key not in self.memo:
            terms = self._terms_in(table, lo, hi)
            self.memo[key] = terms[0].label if terms else ""
        return cast(str, self.memo[key])

    def _base(self, sentence: Quote) -> str:
        key = ("base", sentence.start)
        if key not in self.memo:
            self.memo[key] = self._find_base(sentence)
        return cast(str, self.memo[key])

    def _find_base(self, sentence: Quote) -> str:
        m = _BASED.search(sentence.text)
        if not m:
            return ""
        at = sentence.start + m.start("rest")
        t = next((t for t in self.topo_index.starting(at, at + 41) if t.place), None)
        return t.place.name if t and t.place else ""

    def _attribution(self, sentence: Quote) -> tuple[str, float]:
        key = ("attribution", sentence.start)
        if key not in self.memo:
            terms = self._terms_in(ATTRIBUTIONS, sentence.start, sentence.end)
            if not terms:
                self.memo[key] = ("", 0.8)
            else:
                best = min(terms, key=lambda t: ATTRIBUTIONS[t.text.lower()][1])
                self.memo[key] = ATTRIBUTIONS[best.text.lower()]
        return cast("tuple[str, float]", self.memo[key])

    def _orphan_figures(self, sentence: Quote) -> None:
        """A sentence with no trigger may still give the current event's toll ("It killed 17")."""
        if self.current is None or self.current.fat_low is not None:
            return
        if self.sentence_no - self.current.last_sentence > 2:
            return
        mention = _Mention(
            sentence, sentence.start, sentence.start, sentence.start, sentence.end, "", False, False
        )
        kill = self._kill(mention)
        if kill is not None:
            self._enrich(self.current, mention, None, "", None, False, kill, "")

    # --- aggregates ---------------------------------------------------------------------

    def _aggregate(self, mention: _Mention) -> None:
        lo, hi = mention.lo, mention.hi
        kill = self._kill(mention)
        if mention.count is None and (kill is None or not _TOTAL.search(self.text[lo:hi])):
            return  # "US strikes have continued": background, nothing to keep
        if (
            mention.count is not None
            and mention.count.value <= 3
            and kill is None
            and (mention.count.low is not None)
        ):
            return  # "the two strikes": the article's own strikes, each told on its own
        dates = [d for d in self.date_index.within(lo, hi) if d.date_start]
        places = [
            t
            for t in self.topo_index.within(lo, hi)
            if t.place and t.kind == "name" and not self.group_index.contains(t.start, t.end)
        ]
        after = [
            t
            for t in places
            if t.start >= mention.end
            and re.search(
                r"\b(?:in|on|across|over|around|near|against)\s+(?:the\s+)?$",
                self.text[max(lo, t.start - 12) : t.start],
                re.I,
            )
        ]
        place = (
            after[0]  # "16 strikes in Somalia since January, most of them around Jilib"
            if after
            else max(
                places,
                key=lambda t: _SPECIFIC.get(t.place.kind.value, 3),  # type: ignore[union-attr]
                default=None,
            )
        )
        count = mention.count
        covers: tuple[int, ...] = ()
        if count is not None and count.low is not None and count.low == count.high:
            told = len(self.drafts)  # each draft's index is its place in the list
            if told >= count.low:
                covers = tuple(range(told)[-int(count.low) :])
        elif count is None and self.drafts:
            covers = tuple(range(len(self.drafts)))
        phrase = self.text[(count.start if count else mention.start) : mention.end]
        period_start = min((d.date_start for d in dates if d.date_start), default=None)
        period_end = max((d.date_end for d in dates if d.date_end), default=None)
        if period_start is None and covers:
            covered = [date for i in covers if (date := self.drafts[i].date) is not None]
            period_start = min((d.date_start for d in covered if d.date_start), default=None)
            period_end = max((d.date_end for d in covered if d.date_end), default=None)
        self.aggregates.append(
            AggregateClaim(
                index=len(self.aggregates),
                sentence=mention.sentence,
                text=phrase,
                period_start=period_start,
                period_end=period_end,
                place_name=place.place.name if place and place.place else "",
                country_code=(place.place.country_code if place and place.place else self.country),
                strikes_low=None
                if count is None
                else (count.low if count.low is not None else int(count.value)),
                strikes_high=None
                if count is None
                else (count.high if count.high is not None else None),
                fatalities_low=None
                if kill is None
                else (kill.low if kill.low is not None else int(kill.value)),
                fatalities_high=None if kill is None else kill.high,
                covers_claims=covers,
                strikes_stated=None if count is None else int(count.value),
                qualifier="" if count is None else count.qualifier,
            )
        )

    # --- finishing ----------------------------------------------------------------------

    def _finish(self, d: _Draft) -> Claim:
        date = d.date
        assert date is not None and date.date_start is not None and date.date_end is not None
        reasons = [f"date: {d.date_reason}"]
        first, last, precision = date.date_start, date.date_end, date.precision
        if first > self.published:  # no report tells of a strike after it came out
            reasons = [f"date: {first} is after publication; the week before publication"]
            first, last = self.published - dt.timedelta(days=7), self.published
            precision = DatePrecision.WEEK
        if d.place is not None:
            reasons.append(f"place: {d.place.reason}")
        else:
            reasons.append("place: none given")
        reasons.extend(d.reasons)
        if d.attribution:
            reasons.append(f"attribution: {d.attribution} (confidence {d.confidence:.2f})")
        return Claim(
            index=d.index,
            sentences=tuple(sorted(d.quotes, key=lambda q: q.start)),
            event_type=d.event_type or "air strike",
            date_start=first,
            date_end=last,
            date_precision=precision,
            place=d.place,
            fatalities_low=d.fat_low,
            fatalities_high=d.fat_high,
            injured=d.injured,
            actor=d.actor or self.actor,
            target=d.target or self.target,
            platform=d.platform,
            base=d.base,
            attribution=d.attribution,
            confidence=d.confidence,
            reasons=tuple(reasons),
        )


# --- helpers --------------------------------------------------------------------------------


_COUNTED = re.compile(r"\b(?:second|third|fourth|another|two|three|four)\Z", re.I)


def _counted_before(text: str, lo: int, hi: int) -> bool:
    r"""Whether ``text[lo:hi]`` ends with "second", "another", "two" ... and then spaces.

    The same answer as ``re.search(r"\b(?:second|...)\s+$", text[lo:hi], re.I)``, from
    the end of the stretch only.
    """
    end = hi
    while end > lo and text[end - 1].isspace():
        end -= 1
    if end == hi:
        return False
    return bool(_COUNTED.search(text[max(lo, end - 8) : end]))


_WORDISH = re.compile(r"[\w-]")  # what a vocabulary term may not touch


def _same_day(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None or a.date_start is None or b.date_start is None:
        return False
    assert a.date_end is not None and b.date_end is not None
    return (
        a.date_start <= b.date_end
        and b.date_start <= a.date_end
        and (a.precision is DatePrecision.DAY and b.precision is DatePrecision.DAY)
    )


def _wider(current: DateMention, new: DateMention) -> bool:
    if current.date_start is None or new.date_start is None:
        return current.date_start is None
    assert current.date_end is not None and new.date_end is not None
    return (new.date_end - new.date_start) < (current.date_end - current.date_start)


def _places_agree(
    a: ClaimedPlace | None, b: ClaimedPlace | None, *, slack_km: float = 25.0
) -> bool:
    if a is None or b is None:
        return True
    km = geodesic_distance((a.lat, a.lon), (b.lat, b.lon)).km
    return km <= a.radius_km + b.radius_km + slack_km


def _countable(q: Quantity) -> bool:
    """Whether a figure can be a toll or a count of strikes: at most :data:`MAX_COUNT`.

    A toll of 20 million, or of 400 digits, is not a toll; it is no count at all.
    """
    return all(v is None or v <= MAX_COUNT for v in (q.value, q.low, q.high))


def _number(text: str) -> float | None:
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        value = parse_number_word(text)
        return None if value is None else float(value)


def _division_radius(place_id: str, lat: float, lon: float) -> float | None:
    from gazetteer.search import division_radius_km

    return division_radius_km(place_id, lat, lon)


@functools.lru_cache(maxsize=256)
def _country_radius(code: str, default: float) -> float:
    """How far a country's main landmass reaches from a point inside it, in km."""
    import shapely

    from geo.extraction.regions import _mainland

    try:
        land = _mainland(code)
    except LookupError:
        return default
    inside = land.representative_point()
    return farthest_km((inside.y, inside.x), shapely.get_coordinates(land.simplify(0.1)))
