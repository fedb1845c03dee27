"""Event mentions: where a sentence tells of a strike or raid, and what kind of mention it is.

Scope: finding triggers ("air strike", "drone strike", "a drone attack", "raid", "struck",
"jets killed", "warplanes attacked", "by a drone", "fired a missile", "a missile fired by
... hit", elliptical "the second, on Sept. 24"),
leaving aside the ones that tell of no event ("hunger strike", "could strike", "any
strikes", "future drone attacks"), merging triggers that are one
phrase, giving each mention the clause it owns, and classifying it: an ordinal ("the third
strike"), definite or not ("the strike" refers back), and an *aggregate* when it counts or
totals strikes ("four strikes", "in all, the strikes killed 43"). Which event a mention
tells of is decided by :mod:`geo.extraction.drafts`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gazetteer.lexicon import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES
from gazetteer.wordlists import alternation
from geo.extraction.sentences import clause_break
from geo.extraction.spans import any_between
from geo.extraction.textnum import fold_case, starts_lookahead
from geo.model.records import DatePrecision

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from geo.extraction.document import Document
    from geo.extraction.textnum import Quantity
    from geo.model.claims import Quote

__all__ = [
    "TOTAL",
    "TRIGGER",
    "Mention",
    "find_mentions",
    "sentence_triggers",
    "tells_of_strike",
]

#: The words a trigger starts with (a lookahead that spares trying :data:`TRIGGER` at the
#: other words of a sentence; see :func:`geo.extraction.textnum.starts_lookahead`).
_TRIGGER_STARTS = starts_lookahead(
    ["drone", "air", "aerial", "missile", "precision", "u.s.", "us", "american", "french",
     "coalition", "strike", "raid", "bomb", "struck", "target", "was", "were", "car",
     "vehicle", "truck", "pickup", "convoy", "house", "compound", "building", "camp",
     "checkpoint", "position", "hideout", "motorcycle", "farmhouse", "farm", "tanker",
     "fighter", "militants", "gathering", "group", "armed", "aircraft", "jets", "warplanes",
     "helicopter", "gunship", "reaper", "rocket", "operation", "fired", "launched",
     "released", "dropped", "by"]
)  # fmt: skip
TRIGGER = re.compile(
    _TRIGGER_STARTS + r"(?:"
    r"\b(?P<mod>(?:drone|air|aerial|missile|precision|u\.s\.|us|american|french|coalition)"
    r"[\s-]+)?(?P<noun>air\s*strikes?|airstrikes?|strikes?|air\s*raids?|raids?|bombings?|"
    r"bombardments?|air\s+operations?)\b"
    r"|\b(?P<aerial>(?:drone|air|aerial|missile)[\s-]+attacks?)\b"
    r"|\b(?P<verb>struck|bombed|raided|targeted\s+with\s+(?:a\s+)?(?:drone|air)|"
    r"(?:was|were)\s+(?:engaged|struck|bombed|neutrali[sz]ed)\s+(?:by\s+(?:the\s+)?air|from\s+the\s+air|"
    r"(?=[.,;]))|target\s+was\s+engaged)\b"
    r"|\b(?P<target>(?:car|vehicle|truck|pickup|convoy|house|compound|building|camp|"
    r"checkpoint|position|hideout|motorcycle|farmhouse|farm|tanker|fighters|militants|"
    r"gathering|group)s?\s+(?:\w+\s+){0,5}?(?:was|were)\s+"
    r"(?:hit|struck|targeted|bombed))\b"
    r"|\b(?P<agent>(?:armed\s+)?drones?|aircraft|(?:fighter\s+)?jets|warplanes|helicopters?|"
    r"bombers?|gunships?|reapers?|missiles?|bombs?|rockets?|operations?)\s+"
    # "the missile fired by the United States ... hit its target"
    r"(?:(?:fired|launched|dropped)\s+(?:by|from)\s+(?:[\w.'’-]+\s+){1,10}?)?"
    r"(?:had\s+|have\s+|has\s+)?"
    r"(?:killed|hit|destroyed|struck|tore|fell|slammed|landed|exploded|targeted|engaged|"
    r"attacked|pounded)\b"
    # "forces fired a Hellfire missile at the house", "jets dropped bombs on the camp"
    # (not a ground force's "ballistic missile", "cruise missiles", "anti-ship missile")
    r"|\b(?P<fired>(?:fired|launched|released|dropped)\s+(?:an?\s+|two\s+|three\s+|four\s+|\d+\s+)?"
    r"(?:(?!ballistic|cruise|anti-|surface-|ground-|mortar)[\w-]+\s+)?(?:missiles?|bombs?))\b"
    r"|\bby\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}(?P<passive>drones?|aircraft|jets|warplanes?|"
    r"helicopters?|air\s*strikes?|airstrikes?)\b)",
    re.IGNORECASE,
)
#: Words every :data:`TRIGGER` match holds one of (a noun, a verb, an agent or a weapon), in
#: case-folded text: a sentence without any is not scanned from each of its words.
_TRIGGER_WORDS = ("strike", "raid", "bomb", "operation", "attack", "struck", "targeted",
                  "engaged", "neutrali", "hit", "killed", "destroyed", "tore", "fell", "slammed",
                  "landed", "exploded", "pounded", "missile", "drone", "aircraft", "jets",
                  "warplane", "helicopter")  # fmt: skip
#: A photo caption of wire copy that recalls an older event ("In this ... file photo").
_CAPTION = re.compile(r"\bfile\s+(?:photo|picture|image)\b", re.IGNORECASE)
_TRIGGER_GROUPS = ("noun", "aerial", "verb", "target", "agent", "fired", "passive")
_NOT_EVENT = re.compile(
    r"\b(hunger|general|labou?r|workers'?|teachers'?|lucky|pre-?emptive|counter)[\s-]+strike"
    r"|\b(?:truck|car|suicide|roadside|vehicle|lorry|van|motorcycle|motorbike|bicycle|parcel)"
    r"[\s-]+bomb\w*"  # "the October truck bombing": a ground attack, not a strike
    r"|\bon\s+strike\b|strike\s+(?:force|group|team|package|aircraft|capabilit\w+|fighter)"
    r"|\b(?:could|would|will|may|might|can|threaten\w*|vow\w*|plans?\s+to|planned\s+to|ready\s+to)"
    r"\s+(?:\w+\s+){0,2}(?:strikes?|raids?|bomb\w*|attacks?)\b|\bto\s+(?:strike|raid|bomb)\b"
    r"|\b(?:when|whenever|if|each\s+time|every\s+time)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:strikes?|raids?)\b"
    r"|\b(?:any|every|no|each|future|possible)\s+(?:\w+\s+)?(?:air\s*)?(?:strikes?|attacks?)\b"
    # "further strikes" are to come; "two further strikes" were carried out
    r"|(?<!two\s)(?<!three\s)(?<!four\s)(?<!five\s)(?<!six\s)(?<!\d\s)"
    r"\bfurther\s+(?:\w+\s+)?(?:air\s*)?(?:strikes?|attacks?)\b"
    r"|\bnot\s+(?:an?\s+)?(?:air\s*|drone\s+)?(?:strikes?|attacks?)\b",
    re.IGNORECASE,
)
#: Words every :data:`_NOT_EVENT` match holds one of, in case-folded text.
_NOT_EVENT_WORDS = ("strike", "raid", "bomb", "attack")
#: "and two more on Dec. 16", "and three others near Jilib": more of the strikes just told.
_MORE = re.compile(
    r"\band\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<more>more|further|others?)\b(?=\s+(?:on|in|near|at|around|the\s+(?:next|following))\b)",
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
_ORDINAL_BEFORE = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|latest|last|previous|"
    r"earlier|most recent)\s+(?:[\w.-]+\s+){0,2}$",
    re.IGNORECASE,
)
_DEFINITE = re.compile(
    r"(?:\bthe|\bthis|\bits|'s|\u2019s|\blatest|\bsame)\s+(?:\w+[\s-]+){0,2}$|\bthat\s+$",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(r"(?:\ban?|\bone|\banother|\bnew)\s+(?:[\w.]+[\s-]+){0,3}$", re.IGNORECASE)
#: Words that make a plural mention a total ("in all", "since", "this year").
TOTAL = re.compile(
    r"\b(?:in all|in total|altogether|combined|together|all told|total of|a total|overall|"
    r"since|so far|to date|campaign|this year|last year|in recent (?:years|months))\b",
    re.IGNORECASE,
)
#: The words of :data:`TOTAL` that only name a period (no tally when a day is given).
_PERIOD_TOTALS = frozenset({"this year", "last year", "in recent years", "in recent months"})
#: A toll's total, not a tally of strikes: "killed a total of 28", "deaths totalling 12".
_TOLL_TOTAL = re.compile(
    r"\b(?:killed|killing|kills|left|leaving)\s+(?:a\s+total\s+of|in\s+total|in\s+all)\b",
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
#: "logged between 10 and 16 February", "from Monday to Wednesday", "over several days": a
#: span of days (not "forces from Niger, Chad and Cameroon", whose "and" joins names).
_MONTHS_ALT = alternation(sorted({*MONTH_NAMES, *MONTH_ABBREVIATIONS}))
_DATE_SPAN = re.compile(
    r"\b(?:between|from)\b[^.;]{0,40}\b(?:and|to|until|till)\s+(?:the\s+)?"
    rf"(?:\d|{alternation(sorted({*MONTH_NAMES, *MONTH_ABBREVIATIONS, *WEEKDAY_NAMES}))}\b)"
    # "on Sept. 19, 24, 26 and 29", "on 19 and 24 September": days listed
    rf"|\b(?:{_MONTHS_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,\s*\d{{1,2}})*,?\s+(?:and|,)\s+\d"
    rf"|\b\d{{1,2}}(?:\s*,\s*\d{{1,2}})*,?\s+and\s+\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS_ALT})\b"
    # "strikes over several days", "over the past two weeks"
    r"|\bover\s+(?:the\s+)?(?:several|a\s+few|few|two|three|four|five|six|seven|past|last)"
    r"\s+(?:\w+\s+)?(?:days|weeks|months)\b",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"\b(?:second|third|fourth|another|two|three|four)(?:\s+(?:more|further|other|additional))?\Z",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An event (or aggregate) mention within a sentence.

    Attributes
    ----------
    sentence
        The sentence it is in.
    start, end
        The trigger's offsets in the report.
    lo, hi
        The clause the mention owns, in the report: its date, place and figures are there.
    noun
        What the trigger calls the event ("air strike", "raid", "struck", "drone strike").
    plural, drone
        Whether the trigger is a plural noun; whether it tells of a drone.
    ordinal
        1 for "the first strike" ..., -1 for "the latest", "the previous"; None without one.
    definite
        "the strike", "this raid": refers to an event already told.
    count
        The figure that counts the strikes ("four strikes"), if any.
    aggregate
        A tally or background, not one event.
    elliptic
        A mention without a trigger noun ("the second, on Sept. 24").
    """

    sentence: Quote
    start: int
    end: int
    lo: int
    hi: int
    noun: str
    plural: bool
    drone: bool
    ordinal: int | None = None
    definite: bool = False
    count: Quantity | None = None
    aggregate: bool = False
    elliptic: bool = False

    @classmethod
    def probe(cls, sentence: Quote, at: int, lo: int, hi: int) -> Mention:
        """A mention with no trigger at ``at`` that owns ``text[lo:hi]``: to ask a clause."""
        return cls(sentence, at, at, lo, hi, "", False, False)


def tells_of_strike(text: str, triggers: Sequence[re.Match[str]] | None = None) -> bool:
    """Whether a sentence has a trigger that may tell of a strike.

    A trigger that :func:`find_mentions` leaves aside ("hunger strike", "the truck
    bombing", a photo caption's) does not count. ``triggers``: the sentence's
    :data:`TRIGGER` matches when the caller has them (:func:`sentence_triggers`).

    Examples
    --------
    >>> tells_of_strike("A drone strike hit a car."), tells_of_strike("A truck bombing hit.")
    (True, False)
    """
    if _CAPTION.search(text):
        return False
    if triggers is None:
        triggers = tuple(TRIGGER.finditer(text))
    return next(_event_triggers(text, triggers), None) is not None


def _event_triggers(text: str, triggers: Sequence[re.Match[str]]) -> Iterator[re.Match[str]]:
    """The triggers of a sentence that may tell of an event, in order.

    Those in a stretch where a trigger is no event ("hunger strike", "could strike") are
    left out; the stretches are in order and do not overlap, so the last one starting at or
    before a trigger is the one to ask. Only a sentence with a trigger is searched for them.
    """
    excluded = (
        [m.span() for m in _NOT_EVENT.finditer(text)]
        if triggers and any(w in fold_case(text) for w in _NOT_EVENT_WORDS)
        else []
    )
    excluded_starts = [a for a, _ in excluded]
    for m in triggers:
        which = _TRIGGER_GROUPS[next(k for k, g in enumerate(m.group(*_TRIGGER_GROUPS)) if g)]
        k = bisect_right(excluded_starts, m.start(which)) - 1
        if k < 0 or m.start(which) >= excluded[k][1]:
            yield m


def sentence_triggers(doc: Document, sentence: Quote) -> tuple[re.Match[str], ...]:
    """The :data:`TRIGGER` matches in a sentence's text, in order (once per report).

    Every step that asks which words of a sentence may tell of a strike reads them here:
    the sentence's text is scanned once, however many steps ask.
    """
    text = sentence.text

    def find() -> tuple[re.Match[str], ...]:
        folded = fold_case(text)
        if not any(w in folded for w in _TRIGGER_WORDS):
            return ()
        return tuple(TRIGGER.finditer(text))

    return doc.cached_for_text(("triggers", text), find)


def find_mentions(
    doc: Document, sentence: Quote, *, after_trigger: bool, telling: bool
) -> list[Mention]:
    """The event and aggregate mentions of ``sentence``, in order, each with its clause.

    A wire photo caption ("In this Aug. 25, 2017 file photo, ...") has none.

    Parameters
    ----------
    doc
        The report.
    sentence
        One of its sentences.
    after_trigger
        Whether an earlier sentence had a mention: only then does "the second, on Sept. 24"
        tell of a strike.
    telling
        Whether an event is being told: "the strikes killed 80" then refers to it rather
        than being background.
    """
    s = sentence.text
    base = sentence.start
    if _CAPTION.search(s):
        return []  # "In this Aug. 25, 2017 file photo, ...": a picture of an older event
    found: list[Mention] = []
    for m in _event_triggers(s, sentence_triggers(doc, sentence)):
        noun = (m.group("noun") or m.group("verb") or "").lower()
        if m.group("target") or m.group("fired"):
            noun = "struck"
        aerial = (m.group("aerial") or "").lower()
        if aerial:  # "a drone attack", "air attacks": a strike from the air
            kind = "drone strike" if aerial.startswith("drone") else "air strike"
            noun = kind + "s" if aerial.endswith("s") else kind
        if m.group("mod") and m.group("mod").strip().lower() in ("air", "aerial"):
            noun = "air " + noun  # "air raids" are air strikes, not ground raids
        agent = (m.group("agent") or m.group("passive") or "").lower()
        if agent:
            noun = "drone strike" if "drone" in agent or "reaper" in agent else "struck"
        plural = bool(m.group("noun") or aerial) and noun.endswith("s") and not noun.endswith("ss")
        drone = (
            noun.startswith("drone strike")
            or "drone" in (m.group("mod") or "").lower()
            or "drone" in s[max(0, m.start() - 25) : m.start()].lower()
        )
        found.append(Mention(sentence, base + m.start(), base + m.end(), 0, 0, noun, plural, drone))
    if any(f.plural for f in found):
        # "four strikes on Dec. 15 ... and two more on Dec. 16": more strikes, another day
        for m in _MORE.finditer(s):
            at = base + m.start("more")
            if any(f.start <= at < f.end for f in found) or not any(f.end <= at for f in found):
                continue
            found.append(Mention(sentence, at, base + m.end(), 0, 0, "strikes", True, False))
    if after_trigger or found:
        starts = [f.start for f in found]  # sorted: triggers, then elliptic ones in order
        elliptic: list[int] = []
        for m in _ELLIPTIC.finditer(s):
            lo, hi = base + m.start(), base + m.end() + 12
            if any_between(starts, lo, hi) or any_between(elliptic, lo, hi):
                continue
            word = m.group("ord").lower()
            mention = Mention(
                sentence,
                base + m.start(),
                base + m.end(),
                0,
                0,
                "strike",
                False,
                False,
                ordinal=_ORDINALS.get(word, -1),
                definite=m.group(0).lower().startswith("the"),
                elliptic=True,
            )
            found.append(mention)
            elliptic.append(mention.start)
    found.sort(key=lambda x: x.start)
    return _one_per_clause(doc, sentence, _merged(doc, found), telling=telling)


def _merged(doc: Document, found: list[Mention]) -> list[Mention]:
    """Triggers that are one phrase merged into the first ("drone strike ... struck").

    So are two triggers with no clause break between them ("jets killed 24 in a strike on
    a camp"), unless the second has its own ordinal or count.
    """
    merged: list[Mention] = []
    for mention in found:
        if merged and (
            mention.start - merged[-1].end < 3
            or (
                not mention.elliptic
                and not doc.clause_marks.between(merged[-1].end, mention.start)
                and not _counted_before(doc.text, merged[-1].end, mention.start)
            )
        ):
            first = merged[-1]
            if mention.drone:
                first = replace(first, drone=True)
            if first.noun in ("struck", "bombed", "raided") or first.noun.startswith(
                "air operation"
            ):
                first = replace(first, noun=mention.noun, plural=mention.plural)
            merged[-1] = first
            continue
        merged.append(mention)
    return merged


def _one_per_clause(
    doc: Document, sentence: Quote, merged: list[Mention], *, telling: bool
) -> list[Mention]:
    """Each mention with its clause and classification; one event per clause."""
    classified: list[Mention] = []
    for i, mention in enumerate(merged):
        lo = sentence.start if i == 0 else clause_break(doc.text, merged[i - 1].end, mention.start)
        hi = sentence.end
        if i + 1 < len(merged):
            hi = clause_break(doc.text, mention.end, merged[i + 1].start)
        classified.append(_classify(doc, replace(mention, lo=lo, hi=hi), telling=telling))
    # a verb trigger right after a noun trigger is the same event;
    # "six strikes in 2018, the last in November": the ordinal belongs to the aggregate
    out: list[Mention] = []
    for mention in classified:
        if mention.elliptic and any(o.aggregate and o.count for o in out):
            continue
        if (
            out
            and not mention.aggregate
            and not out[-1].aggregate
            and (mention.noun in ("struck", "bombed", "raided") and mention.ordinal is None)
        ):
            out[-1] = replace(out[-1], hi=mention.hi)
            continue
        out.append(mention)
    return out


def _classify(doc: Document, mention: Mention, *, telling: bool) -> Mention:
    """The mention with its ordinal, definiteness, count and aggregate flag."""
    text = doc.text
    before = text[max(mention.sentence.start, mention.start - 60) : mention.start]
    ordinal, definite = mention.ordinal, mention.definite
    count: Quantity | None = None
    aggregate = False
    found = _ORDINAL_BEFORE.search(before)
    if found and ordinal is None:
        ordinal = _ORDINALS.get(found.group(1).lower(), -1)
    if ordinal is None or definite is False:
        definite = bool(_DEFINITE.search(before)) and not _INDEFINITE.search(before[-14:])
    counts = [
        q
        for q in doc.figure_index.within(mention.lo, mention.start)
        if not q.fraction
        and _FEW_WORDS.fullmatch(text, q.end, mention.start)
        and not _NOT_MODIFIER.search(text[q.end : mention.start])
    ]
    if mention.plural:
        clause = text[mention.lo : mention.hi]
        one_day = not _DATE_SPAN.search(clause) and any(
            d.precision is DatePrecision.DAY
            and (d.date_start is None or d.date_start == d.date_end)
            for d in doc.date_index.within(mention.lo, mention.hi)
        )
        # "this year", "last year" make a tally of a plural mention, but not of one dated to
        # a day: "strikes on Friday ... linked to two attacks last year" dates another event;
        # "killed a total of 28" totals the dead, not the strikes
        totals = any(
            not (one_day and t.group(0).lower() in _PERIOD_TOTALS)
            for t in TOTAL.finditer(_TOLL_TOTAL.sub(" ", clause))
        )
        last = counts[-1] if counts else None
        if last is not None and (last.value >= 2 or last.low is None):
            # "two strikes near Jilib on Tuesday" is one event; "four strikes" a tally
            count = last
            # "four strikes on Dec. 15 in which 34 were killed": one day's strikes, one event
            # (as an incident record counts them: one per place and day)
            aggregate = not (one_day and not totals)
        elif re.search(r"\b(?:dozens|hundreds|several|scores|series)\s+of\s+$", before, re.I):
            aggregate = True
        elif not one_day and re.search(
            # "a series of Somalia strikes over several days" (not "a series of precise
            # strikes on Sunday on the position": one day's)
            r"\b(?:series|spate|wave|string)\s+of\s+(?:(?!the\b)[\w.-]+\s+){1,2}$",
            before,
            re.I,
        ):
            aggregate = True
        elif one_day and not totals:
            aggregate = False  # "airstrikes late on Jan. 18 against two camps"
        elif definite and telling and not totals:
            aggregate = False  # "the strikes killed an estimated 80": that event
        else:
            aggregate = True  # a tally when it gives totals, else background
    return replace(mention, ordinal=ordinal, definite=definite, count=count, aggregate=aggregate)


def _counted_before(text: str, lo: int, hi: int) -> bool:
    r"""Whether ``text[lo:hi]`` ends with "second", "another", "two (more)" ... and spaces.

    The same answer as ``re.search(r"\b(?:second|...)\s+$", text[lo:hi], re.I)``, from
    the end of the stretch only.
    """
    end = hi
    while end > lo and text[end - 1].isspace():
        end -= 1
    if end == hi:
        return False
    return bool(_COUNTED.search(text[max(lo, end - 20) : end]))
