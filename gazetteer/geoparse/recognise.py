"""Recognition: the place names in a text, found with the gazetteer (see :mod:`.toponyms`).

Runs of capitalised words (with the connectors place names use) are looked up, longest match
first, in one batch query; words capitalised for other reasons are set aside, and demonyms
and adjectives ("Libyan") are marked as country-level references. The spans found carry the
cues and qualifiers that resolution (:mod:`.resolve`) weighs.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from gazetteer import lexicon
from gazetteer.model import Place, PlaceKind, ToponymKind
from gazetteer.names import US_STATE_ABBREVIATIONS, expand_abbreviations, fold
from gazetteer.search import Gazetteer

__all__ = [
    "CHUNK_CHARS",
    "CONTINENT_ADJECTIVES",
    "FACILITY_HEADS",
    "FACILITY_STARTS",
    "LONE_IN_COUNTRY_PROMINENCE",
    "LONE_MIN_PROMINENCE",
    "MAX_NAME_TOKENS",
    "Reason",
    "ReasonKind",
    "Span",
    "attach_qualifiers",
    "demonym_place",
    "demonym_reference",
    "recognise_spans",
]


# A lone one-word name with no supporting context must name a place at least this prominent
# (a city of about a million, a country, a large division); or this prominent when the text
# names its country. Measured on GeoWebNews: below these, nine in ten such words were not
# toponyms (people, brands, ordinary words).
LONE_MIN_PROMINENCE = 0.75
LONE_IN_COUNTRY_PROMINENCE = 0.45
MAX_NAME_TOKENS = 6
CHUNK_CHARS = 200_000  # recognition works chunk by chunk: memory stays bounded

# Recognition folds every word and run of words it considers, most of them many times over
# (the same names recur through a report, and each run's spans are folded twice).
_fold = functools.lru_cache(maxsize=1 << 16)(fold)
# Dotted abbreviations ("U.S.", "D.C.") are one token; so are words with inner apostrophes
# or hyphens ("Ra's", "ez-Zor") and numbers ("201").
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+")
_ABBREVIATED = frozenset({"St", "Ste", "Ft", "Mt", "Pt"})
_CONNECTORS = frozenset(
    "of de del della di da do dos das du des la le les el al ul bin ibn bint abu "
    "ez es upon am sur y".split()
)
_SENTENCE_MARKS = '.!?…\n:;"“”'
_SENTENCE_MARK = re.compile("[" + re.escape(_SENTENCE_MARKS) + "]")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez)[\-‑]\w", re.I)


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    capital: bool
    sentence_start: bool
    index: int  # in the chunk's tokens


class ReasonKind(enum.Enum):
    """What a reason attached to a found name says, for the code that weighs it."""

    NOTE = "note"  # shown with the answer
    FOLLOWED_BY = "followed by"  # the name right after ("X, Libya"): dropped with the pair


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason attached to a found name: ``text`` for display, ``kind`` to branch on."""

    text: str
    kind: ReasonKind = ReasonKind.NOTE


@dataclass(slots=True)
class Span:
    """A name the recogniser found, with what resolution needs to know of it (mutable).

    ``start``/``end`` are offsets into the text, ``key`` the folded name, ``kind`` a place
    name or a demonym; the other fields are filled in as recognition and resolution go.
    """

    start: int
    end: int
    text: str
    key: str
    kind: ToponymKind
    country: str = ""  # for demonyms
    qualifier: str = ""  # key of a country/division named right after ("X, Libya")
    cue: bool = False
    prominence: float = 1.0  # of the most prominent place the name can mean
    home: str = ""  # that place's country
    reasons: list[Reason] = field(default_factory=list)
    facility: bool = False  # a street, building or feature named by its pattern
    group: int = -1  # the list ("A, B and C") this name belongs to, if any
    namesake: bool = False  # resolved through the name of a county's namesake town
    top: int = -1  # row id of that most prominent place (-1: not looked up)


def _tokens(text: str, offset: int) -> list[_Token]:
    out: list[_Token] = []
    previous_end = 0
    for m in _TOKEN.finditer(text):
        word, end = m.group(), m.end()
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":  # possessive: Niger's
            word, end = word[:-2], end - 2
        capital = word[0].isupper() or bool(_ARTICLE_PREFIX.match(word)) or word.isdigit()
        # a sentence mark in the gap since the previous word
        sentence_start = not out or bool(_SENTENCE_MARK.search(text, previous_end, m.start()))
        out.append(
            _Token(offset + m.start(), offset + end, word, capital, sentence_start, len(out))
        )
        previous_end = m.end()
    return out


def _runs(tokens: list[_Token], text: str, offset: int) -> Iterator[list[_Token]]:
    """Maximal runs of capitalised tokens, joined by connectors and single spaces/hyphens."""
    run: list[_Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.capital and not tok.text.isdigit():
            if run and not _adjacent(run[-1], tok, text, offset):
                yield run
                run = []
            run.append(tok)
        elif tok.text.isdigit() and run and _adjacent(run[-1], tok, text, offset):
            run.append(tok)  # "Air Base 201"
        elif (
            run
            and tok.text.lower() in _CONNECTORS
            and i + 1 < len(tokens)
            and tokens[i + 1].capital
            and _adjacent(run[-1], tok, text, offset)
            and _adjacent(tok, tokens[i + 1], text, offset)
        ):
            run.append(tok)
        else:
            if run:
                yield run
            run = []
        i += 1
    if run:
        yield run


def _adjacent(a: _Token, b: _Token, text: str, offset: int) -> bool:
    gap = text[a.end - offset : b.start - offset]
    if gap == ". " and a.text in _ABBREVIATED:  # "St. Louis", "Ft. Worth"
        return True
    return gap in (" ", "-", "‑", " - ", "\u00a0")


def _candidate_spans(run: list[_Token]) -> Iterator[tuple[int, int]]:
    """(i, j) token ranges inside a run, longest first, that start and end on a name word."""
    n = len(run)
    if n == 1:  # most runs: one capitalised word
        if not run[0].text.isdigit() and run[0].text.lower() not in _CONNECTORS:
            yield 0, 1
        return
    for length in range(min(n, MAX_NAME_TOKENS), 0, -1):
        for i in range(0, n - length + 1):
            j = i + length
            first, last = run[i], run[j - 1]
            if first.text.lower() in _CONNECTORS and not _ARTICLE_PREFIX.match(first.text):
                continue
            if first.text.isdigit():
                continue
            if last.text.lower() in _CONNECTORS:
                continue
            yield i, j


def recognise_spans(text: str, gaz: Gazetteer) -> list[Span]:
    """The place names and demonyms of ``text``, in text order, with qualifiers and lists."""
    spans: list[Span] = []
    persons: set[str] = set()  # names used for people somewhere in the text
    for offset, chunk in _chunks(text):
        tokens = _tokens(chunk, offset)
        runs = list(_runs(tokens, chunk, offset))
        keys = {
            _fold(chunk[run[i].start - offset : run[j - 1].end - offset])
            for run in runs
            for i, j in _candidate_spans(run)
        }
        expansions = {key: expand_abbreviations(key) for key in keys}
        known = gaz._known_rows(keys | {e for more in expansions.values() for e in more})
        for key, more in expansions.items():
            if key not in known:
                hit = next((known[e] for e in more if e in known), None)
                if hit is not None:
                    known[key] = hit
        for run in runs:
            previous = spans[-1] if spans else None
            spans.extend(_match_run(run, chunk, offset, known, tokens, persons, previous))
    attach_qualifiers(spans, text)
    spans = [s for n, s in enumerate(spans) if n == 0 or s.start >= spans[n - 1].end]
    _share_cues(spans, text)
    # One sense per name per document: a name once used for a person ("Gen. Noma",
    # "Aliyu Noma said") is a person elsewhere too, unless a location cue says otherwise.
    spans = [s for s in spans if s.cue or s.qualifier or s.key not in persons or " " in s.text]
    return _keep_supported(spans)


_LIST_GAP = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s*and\s+|\s*,\s*or\s+)$")


def _share_cues(spans: list[Span], text: str) -> None:
    """'in Murzuq and Sabha': a cue before the first name of a list covers the others."""
    for a, b in zip(spans, spans[1:], strict=False):
        if a.cue and not b.cue and _LIST_GAP.match(text[a.end : b.start]):
            b.cue = True


def _keep_supported(spans: list[Span]) -> list[Span]:
    """Drop lone one-word names that nothing in the document supports.

    A single capitalised word that is also the name of some modest town is far more often a
    person, a brand or an ordinary word than a place. It is kept when it names a prominent
    place, when a location cue precedes it ("in", "near", "north of"), when it heads a
    "Town, Country" pair, or when the document names the country of the place it may be.
    """
    countries = {s.country for s in spans if s.kind is ToponymKind.DEMONYM}
    countries |= {s.home for s in spans if s.kind is ToponymKind.NAME and s.prominence >= 1.0}
    supported_keys = {s.key for s in spans if s.cue or s.qualifier}
    kept = []
    for span in spans:
        lone = span.kind is ToponymKind.NAME and " " not in span.text and "-" not in span.text
        if lone and span.key not in supported_keys and span.prominence < LONE_MIN_PROMINENCE:
            if not (span.home in countries and span.prominence >= LONE_IN_COUNTRY_PROMINENCE):
                continue
        kept.append(span)
    return kept


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK_CHARS // 2, end)
            if cut == -1:
                cut = text.rfind(". ", start + CHUNK_CHARS // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


# Words that end the names of streets, buildings and features ("Royal Street", "Colchester
# General Hospital", "Morris County", "Mississippi River") and words that begin some ("Lake
# Chad", "Mount Chaambi"). Such names are places even when the gazetteer lacks them.
FACILITY_HEADS = frozenset(
    "street avenue road boulevard lane drive square bridge hospital church cathedral chapel "
    "basilica mosque temple synagogue stadium arena centre center park castle palace airport "
    "station prison jail theatre theater museum county valley river ocean sea lake mountains "
    "island islands peninsula gulf bay canal lagoon estate racecourse market mall tower "
    "library campus plantation barracks base camp garrison district province governorate "
    "state basin desert".split()
)
FACILITY_STARTS = frozenset("lake mount cape fort port".split())


def _facility_span(
    run: list[_Token], chunk: str, offset: int, org: tuple[int, int] | None
) -> Span | None:
    """The whole run as one place when it has the shape of a street or facility name."""
    if len(run) < 2 or org is not None:
        return None
    start = 1 if run[0].text in ("The", "the") else 0
    if len(run) - start < 2:
        return None
    last, first = _fold(run[-1].text), _fold(run[start].text)
    if last not in FACILITY_HEADS and first not in FACILITY_STARTS:
        return None
    if run[-1].text.isdigit():
        return None
    surface = chunk[run[start].start - offset : run[-1].end - offset]
    key = _fold(surface)
    if lexicon.is_blocked(key):
        return None
    span = Span(run[start].start, run[-1].end, surface, key, ToponymKind.NAME, facility=True)
    pattern = last if last in FACILITY_HEADS else first
    span.reasons.append(Reason(f"named like a place ({pattern})"))
    return span


_SPEECH_AFTER = re.compile(
    r"\s+(?:said|says|told|added|asked|wrote|explained|noted|argued|insisted|replied|"
    r"tweeted|recalled|admitted|claimed|warned|announced|stated|believes|thinks)\b"
)


def _match_run(
    run: list[_Token],
    chunk: str,
    offset: int,
    known: dict[str, tuple[float, str, str, int]],
    tokens: list[_Token],
    persons: set[str],
    previous: Span | None = None,
) -> list[Span]:
    """The place names in one run of capitalised words.

    ``previous`` is the name found before the run: a location cue before it ("in Ohio,")
    covers a list it heads ("in Ohio, Georgia, Washington and Texas").
    """
    taken = [False] * len(run)
    listed = (
        previous is not None
        and previous.cue
        and offset <= previous.end <= run[0].start
        and bool(_LIST_GAP.match(chunk[previous.end - offset : run[0].start - offset]))
    )
    found: list[Span] = []
    org = _organisation_range(run, chunk, offset)
    split = _division_chain(run)
    if split is not None:
        # "Bama Local Government Area of Borno State": the area, then the state holding it
        tail = _facility_span(run[split:], chunk, offset, None)
        if tail is not None:
            found.append(tail)
            taken[split - 1 :] = [True] * (len(run) - split + 1)
    facility = None if split is not None else _facility_span(run, chunk, offset, org)
    if facility is not None:
        found.append(facility)
        return found
    for i, j in _candidate_spans(run):
        if any(taken[i:j]):
            continue
        surface = chunk[run[i].start - offset : run[j - 1].end - offset]
        key = _fold(surface)
        if not key:
            continue
        if org is not None and org[0] <= i and j <= org[1]:
            continue
        demonym = demonym_reference(surface) if j - i <= 2 else None
        if demonym:
            found.append(
                Span(run[i].start, run[j - 1].end, surface, key, ToponymKind.DEMONYM, demonym)
            )
            taken[i:j] = [True] * (j - i)
            continue
        if key not in known or lexicon.is_blocked(key):
            continue
        prominence, kind, home, top = known[key]
        # Acronyms ("TTC", "APC") match airport codes and ISO3 codes: only a country's or a
        # division's short form ("US", "UAE", "NSW") counts.
        if surface.isupper() and len(surface.replace(".", "")) <= 5:
            if kind not in _CODE_KINDS:
                continue
            # ISO 3166 alpha-3 codes ("GTM", "LBY") are not how prose names countries.
            if len(surface) == 3 and key not in _PROSE_ACRONYMS:
                continue
        first = run[i]
        index = first.index
        before = tokens[index - 1] if index > 0 else None
        cue = _is_cue(tokens, index) or (listed and i == 0)
        # "Doma Local Government Area", "Musa Qala District": named as an area
        cue = cue or (j < len(run) and _fold(run[j].text) in _AREA_WORDS)
        # a person: "Gen. Haftar", "President Bazoum", "Barack Obama"
        if before is not None and _fold(before.text) in lexicon.PERSON_TITLES:
            persons.add(key)
            continue
        if i > 0 and not taken[i - 1] and run[i - 1].capital and j - i == 1:
            prev = _fold(run[i - 1].text)
            if prev not in _DIRECTION_WORDS and not lexicon.is_blocked(prev):
                persons.add(key)
                continue
        if j - i == 1 and not cue and _SPEECH_AFTER.match(chunk, run[j - 1].end - offset):
            persons.add(key)  # "Noma said", "Allen told reporters"
            continue
        if j - i == 1 and lexicon.is_ambiguous(key) and not cue and kind != "country":
            continue
        single = j - i == 1
        if single and first.sentence_start and prominence < 0.45 and not cue:
            continue
        if single and prominence < 0.3 and not cue:
            continue
        if single and not cue and _part_of_a_name(run, i, taken):
            persons.add(key)  # "David Hogg", "Henry Howard", "Van Boxtel"
            continue
        if _titled(run, i, tokens):
            persons.add(key)  # "Maulvi Nazir Mir Ali": a title heads the whole name
            continue
        if _runs_on(run, i, j, taken, known, chunk, offset):
            # "Mir Ali Khan", "Aman Committee", "in Sar Kanda": a longer name the gazetteer
            # lacks, a person's, an organisation's or a place's, holds this one
            if not cue:
                persons.add(key)
            continue
        taken[i:j] = [True] * (j - i)
        span = Span(
            first.start,
            run[j - 1].end,
            surface,
            key,
            ToponymKind.NAME,
            cue=cue,
            prominence=prominence,
            home=home,
            top=top,
        )
        found.append(span)
    found.sort(key=lambda s: s.start)  # matched longest first; the text reads left to right
    return found


# Adjectives of continents stand for the continent ("European", "African").
CONTINENT_ADJECTIVES = {
    "african": "Africa",
    "asian": "Asia",
    "european": "Europe",
    "north american": "North America",
    "south american": "South America",
    "antarctic": "Antarctica",
    "oceanian": "Oceania",
}


def demonym_reference(surface: str) -> str | None:
    """Country code (or ``continent:Name``) a demonym or adjective stands for, if it is one."""
    key = _fold(surface)
    if key in CONTINENT_ADJECTIVES:
        return f"continent:{CONTINENT_ADJECTIVES[key]}"
    if " " in key and lexicon.is_blocked(key):  # "Latin American", "Native American"
        return None
    return lexicon.demonym_country(surface)


def demonym_place(gaz: Gazetteer, ref: str) -> Place | None:
    """The country or continent a :func:`demonym_reference` stands for, if the gazetteer has it."""
    if ref.startswith("continent:"):
        found = gaz.search(ref.split(":", 1)[1], kinds=[PlaceKind.CONTINENT], limit=1)
        return found[0].place if found else None
    try:
        return gaz.country(ref)
    except LookupError:
        return None


_PROSE_ACRONYMS = frozenset("usa uae drc nsw prc roc rok ksa car".split())
_CODE_KINDS = frozenset({"country", "admin1", "continent"})
# Words that qualify a place name ("North Darfur", "Upper Nile", "New York"): the compass
# words of the four cardinal directions and "central" (compass.tsv), and these.
_DIRECTION_WORDS = frozenset(
    word
    for word, direction in lexicon.COMPASS_WORDS.items()
    if word.isalpha() and (direction in ("north", "south", "east", "west") or word == "central")
) | frozenset("upper lower greater new old saint st san santa".split())


#: Words that name a kind of area after a place's name ("Bama Local Government Area",
#: "Doma LGA", "Musa Qala District").
_AREA_WORDS = frozenset("local lga district province county state region governorate".split())
#: The last word of an area named before "of" and its division ("... Local Government Area
#: of Borno State", "... District of Helmand Province").
_CHAIN_AREAS = frozenset("area lga district county division municipality council".split())
#: The last word of the division that holds it.
_CHAIN_DIVISIONS = frozenset("state province region governorate county district".split())


def _division_chain(run: list[_Token]) -> int | None:
    """Where the division starts in a run that names an area, "of" and that division.

    "Yunusari Local Government Area of Yobe State" is two places, the second holding the
    first: the index of "Yobe" (after the last "of"), or ``None`` for any other run.
    """
    for k in range(len(run) - 2, 0, -1):
        if run[k].text.lower() != "of":
            continue
        if (
            len(run) - k - 1 >= 2
            and _fold(run[-1].text) in _CHAIN_DIVISIONS
            and _fold(run[k - 1].text) in _CHAIN_AREAS
        ):
            return k + 1
        return None
    return None


def _part_of_a_name(run: list[_Token], i: int, taken: list[bool]) -> bool:
    """Whether a one-word match sits in a longer run of names that is not a place.

    A capitalised neighbour that is neither a direction ("North"), a connector, nor a word
    such as "University" or "Police" (which a place name may qualify) makes the run a
    person's or a company's name.
    """
    for n in (i - 1, i + 1):
        if not 0 <= n < len(run):
            continue
        word = run[n]
        folded = _fold(word.text)
        if word.text.isdigit() or folded in _CONNECTORS or folded in _DIRECTION_WORDS:
            continue
        if lexicon.is_blocked(folded) or lexicon.demonym_country(word.text):
            continue
        if n < i and taken[n]:
            return True  # two one-word names side by side: "Henry Howard"
        if word.capital:
            return True
    return False


#: Nouns that end an organisation's name ("Aman Committee", "Quds Force", "Shura Council"):
#: the capitalised name before one is part of that name, not a place.
_ORGANISATION_NOUNS = frozenset(
    "committee committees council councils brigade brigades battalion battalions front "
    "movement party union alliance federation organisation organization corps force league "
    "association commission assembly shura".split()
)
#: Words for a kind of place, which may follow a place's name in its run ("Jilib District",
#: "Mosul City", "Kabul Airport").
_PLACE_WORDS = _AREA_WORDS | _CHAIN_AREAS | FACILITY_HEADS


def _titled(run: list[_Token], i: int, tokens: list[_Token]) -> bool:
    """Whether a person's title heads the run before its token ``i`` ("Maulvi Nazir Wazir").

    A title right before the run or inside it before the name makes every name after it in
    the run a person's: "Commander Abdul Mir Ali" is no town called Mir Ali.
    """
    first = run[0].index
    before = tokens[first - 1] if first > 0 else None
    words = [before, *run[:i]] if before is not None else run[:i]
    return any(_fold(w.text) in lexicon.PERSON_TITLES for w in words)


def _title_case(run: list[_Token], chunk: str, offset: int) -> bool:
    """Whether the run's line is set in title case ("Strike In Jilib Kills Five").

    Every word of four letters or more is capitalised there, so a name's capitalised
    neighbours say nothing about it.
    """
    start = run[0].start - offset
    lo = chunk.rfind("\n", 0, start) + 1
    hi = chunk.find("\n", start)
    line = chunk[lo : hi if hi != -1 else len(chunk)]
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _runs_on(
    run: list[_Token],
    i: int,
    j: int,
    taken: list[bool],
    known: dict[str, tuple[float, str, str, int]],
    chunk: str,
    offset: int,
) -> bool:
    """Whether the match ``run[i:j]`` is part of a longer capitalised name, cue or not.

    "Mir Ali Khan" (a person), "Aman Committee" (an organisation), "the village of Sar
    Kanda" (a place the gazetteer lacks): a capitalised word right after the match (or, for
    a name of several words, right before it) that is neither a word for a kind of place
    ("Jilib District"), a direction, a date word, a connector, a demonym, another country or
    division ("Sirte Libya"), nor a word that names no place on its own (which a place's
    name may qualify: "Kabul Police"), unless it ends an organisation's name. Not in a line
    set in title case, where every word is capitalised.
    """

    def other_name(word: _Token) -> bool:
        folded = _fold(word.text)
        if not word.capital or word.text.isdigit() or folded in _CONNECTORS:
            return False
        if folded in _ORGANISATION_NOUNS:
            return True
        if folded in _DIRECTION_WORDS or folded in _PLACE_WORDS or lexicon.is_blocked(folded):
            return False
        if lexicon.demonym_country(word.text):
            return False
        hit = known.get(folded)
        return not (hit is not None and hit[1] in _CODE_KINDS)

    after = j < len(run) and other_name(run[j])
    before = j - i > 1 and i > 0 and not taken[i - 1] and other_name(run[i - 1])
    return (after or before) and not _title_case(run, chunk, offset)


def _organisation_range(run: list[_Token], chunk: str, offset: int) -> tuple[int, int] | None:
    n = len(run)
    for length in range(min(n, 5), 0, -1):
        for i in range(0, n - length + 1):
            words = _fold(chunk[run[i].start - offset : run[i + length - 1].end - offset])
            if words in lexicon.ORGANISATIONS:
                return i, i + length
    return None


def _is_cue(tokens: list[_Token], index: int) -> bool:
    """Whether the one or two words before ``tokens[index]`` cue a place ("in", "north of")."""
    one = _fold(tokens[index - 1].text) if index > 0 else ""
    if one == "the" and index > 1:  # "in the Tenenkou area", "near the Jilib road"
        index -= 1
        one = _fold(tokens[index - 1].text)
    two = f"{_fold(tokens[index - 2].text)} {one}" if index > 1 else ""
    return one in lexicon.LOCATION_CUES or two in lexicon.LOCATION_CUES


_PAIR_GAP = re.compile(r"^\s*,\s*$|^\s+in\s+$|^\s*\(\s*$")


_STATE_AFTER = re.compile(
    r",\s*((?:[A-Z]\.){1,2}(?:[A-Z]\.?)?|[A-Z][a-z]{1,4}\.|[A-Z]{2})(?![\w.])"
)


def attach_qualifiers(spans: list[Span], text: str) -> None:
    """'Murzuq, Libya', 'Murzuq in Libya', 'Agadez (Niger)': the second names the first's area.

    A US state abbreviation after a comma joins the name ("Washington, D.C.",
    "Springfield, Ill."): the span grows to cover it and it becomes the qualifier.
    """
    for span in spans:
        m = _STATE_AFTER.match(text, span.end)
        if span.kind is ToponymKind.NAME and m and fold(m.group(1)) in US_STATE_ABBREVIATIONS:
            span.qualifier = m.group(1)
            span.end = m.end()
            span.text = text[span.start : span.end]
            span.reasons.append(Reason(f"with the state abbreviation {m.group(1)!r}"))
    for a, b in zip(spans, spans[1:], strict=False):
        # "Russian, Georgia": a demonym heads no "Town, Country" pair
        if (
            a.kind is ToponymKind.NAME
            and b.kind is ToponymKind.NAME
            and _PAIR_GAP.match(text[a.end : b.start])
        ):
            a.qualifier = b.key
            a.reasons.append(Reason(f"followed by {b.text!r}", ReasonKind.FOLLOWED_BY))
    _mark_lists(spans, text)


def _mark_lists(spans: list[Span], text: str) -> None:
    """Number the lists of three or more names ("Ohio, New York, Texas and Utah")."""
    group: list[Span] = []
    n = 0

    def close() -> None:
        nonlocal n
        if len(group) >= 3:
            for member in group:
                member.group = n
            n += 1

    for span in spans:
        if span.kind is not ToponymKind.NAME:
            close()
            group = []
            continue
        if group and not _LIST_GAP.match(text[group[-1].end : span.start]):
            close()
            group = []
        group.append(span)
    close()
