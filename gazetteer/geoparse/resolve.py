"""Resolution: each name found in a text resolved to a place, using the whole document.

Each distinct name gets the gazetteer's ranked candidates (:class:`_Lookups`); then countries
mentioned in the text (names, demonyms, "Town, Country" and "Town in Country" pairs), the
places already resolved with confidence (spatial coherence, :mod:`.anchors`) and the caller's
publication country re-rank them; one sense per name per document. Past the first
:data:`MAX_NAMES_IN_CONTEXT` distinct names, a name gets the most prominent place of that name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gazetteer.errors import InvalidQueryError
from gazetteer.geoparse.anchors import AnchorIndex
from gazetteer.geoparse.match import ToponymMatch
from gazetteer.geoparse.ranker import (
    DEFAULT_THRESHOLD,
    FEATURES,
    GAP_CAP,
    Ranker,
    active_ranker,
    recorder,
)
from gazetteer.geoparse.recognise import Reason, ReasonKind, Span, demonym_place
from gazetteer.model import Candidate, MatchKind, Place, PlaceKind, ToponymKind
from gazetteer.names import fold
from gazetteer.search import Gazetteer

__all__ = [
    "ABROAD_VARIANT_CONFIDENCE",
    "ABSTAIN_CONFIDENCE",
    "BEYOND_BUDGET_CONFIDENCE",
    "COHERENCE_SCALE_KM",
    "MAIN_PLACE_CONFIDENCE",
    "MAX_NAMES_IN_CONTEXT",
    "NAMESAKE_CONFIDENCE",
    "PUBLICATION_LOGIT",
    "VOTES_TO_ESTABLISH",
    "W_COHERENCE",
    "W_CONTAINS",
    "W_DIVISION",
    "W_COUNTRY_VOTES",
    "W_KIND_HINT",
    "W_PUBLICATION",
    "W_QUALIFIER",
    "W_STRUCTURE",
    "resolve_spans",
]


# The per-document budget (README, Guarantees): the first this many distinct names of a text
# are resolved in context; a name past them gets the most prominent place of that name
# (in a country the text establishes, if any), at most this confident. See _within_budget.
MAX_NAMES_IN_CONTEXT = 1_000
BEYOND_BUDGET_CONFIDENCE = 0.3

# weights of the document context in re-ranking (added to the gazetteer's 0-1 score)
W_COUNTRY_VOTES = 0.18
VOTES_TO_ESTABLISH = 3.0  # mentions that establish a country as the text's (see _share)
W_COHERENCE = 0.12
# A place in a first-level division the other names establish (Orange County beside
# Anaheim and California), on the same 0-1 scale as a country's votes (see _share).
W_DIVISION = 0.1
COHERENCE_SCALE_KM = 400.0
W_PUBLICATION = 0.05
# The same prior for the learned ranker, in log-odds: the training corpora carry no
# publication country, so the model cannot learn what it is worth.
PUBLICATION_LOGIT = 0.5
W_QUALIFIER = 0.25
# A sense the text's own structure asks for: the level shared by the other members of a
# list ("Ohio, New York and Texas"), or the container a "Town, Y" pair names for Y.
W_STRUCTURE = 0.5
# A division that contains a place the document names with confidence ("Victoria" beside
# "Melbourne", "Georgia" beside "Atlanta").
W_CONTAINS = 0.15
# A kind the words before the name give ("the state of Victoria", "the city of Mosul").
W_KIND_HINT = 0.3
# The most a county resolved through its namesake town can be trusted ("Dallas County" is
# around Dallas; "Scott County, Indiana" is nowhere near a town called Scott).
NAMESAKE_CONFIDENCE = 0.3
# The most a place can be trusted that only a spelling variant or a near spelling reached, in
# a country no other name of the text points to (Kibera -> Qabala, Azerbaijan): below the
# ranker's default threshold, so such a guess is never kept as sure.
ABROAD_VARIANT_CONFIDENCE = 0.2
# Below this, the ranker's best candidate, when only a variant or near spelling reached it, is
# not kept: on the news corpora such places were almost never within 161 km. The name stays
# unresolved.
ABSTAIN_CONFIDENCE = 0.15
# A name left unresolved (the gazetteer lacks "Royal Street", or the ranker abstains) gets the
# text's main town as its area (ToponymMatch.area): the most mentioned town resolved at least
# MAIN_PLACE_CONFIDENCE sure. On the news corpora such an area lies within 161 km of the gold
# point about half the time; it is not the name's place.
MAIN_PLACE_CONFIDENCE = 0.5


@dataclass(slots=True)
class _Resolution:
    candidates: list[Candidate]
    chosen: Candidate | None = None
    confidence: float = 0.0
    notes: list[str] = field(default_factory=list)
    preferred: dict[str, str] = field(default_factory=dict)  # place id -> why the text asks
    hinted: dict[PlaceKind, str] = field(default_factory=dict)  # kind -> the words saying so
    most_confidence: float = 1.0  # a cap: a stand-in (a county's namesake) is never sure
    rows: Any = None  # the candidates' feature rows (ranker.FEATURES), in the lookup's order
    looked_up: list[Candidate] = field(default_factory=list)  # the candidates in that order
    abstained: bool = False  # the ranker's best is too unsure (ABSTAIN_CONFIDENCE) to keep


def _is_code(name: str) -> bool:
    """An airport or other code used as a name: ``BUR``, ``DRZD``, ``LICZ``."""
    return 2 <= len(name) <= 4 and name.isupper() and name.isalpha()


_LIMIT = 8


class _Lookups:
    """The gazetteer's answers for one document: each query asked once, many read together.

    A query the gazetteer refuses finds nothing.
    """

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.found: dict[str, list[Candidate]] = {}

    @staticmethod
    def query(name: str, qualifier: str) -> str:
        return f"{name}, {qualifier}" if qualifier else name

    def read(self, queries: Iterable[str]) -> None:
        """Ask all these queries now, in one batch (:meth:`Gazetteer.search_many`)."""
        new = [q for q in dict.fromkeys(queries) if q not in self.found]
        for query, found in zip(new, self.gaz.search_many(new, limit=_LIMIT), strict=True):
            self.found[query] = [] if isinstance(found, InvalidQueryError) else found

    def search(self, name: str, qualifier: str) -> list[Candidate]:
        """``name`` in the gazetteer, within ``qualifier``'s area if given."""
        query = self.query(name, qualifier)
        if query not in self.found:
            try:
                self.found[query] = self.gaz.search(query, limit=_LIMIT)
            except InvalidQueryError:
                self.found[query] = []
        return list(self.found[query])  # a list of its own: callers may change theirs


def _lookup(gaz: _Lookups, span: Span, qualifier: str) -> list[Candidate]:
    """The gazetteer's candidates for a span's name, within ``qualifier``'s area if given."""
    found = gaz.search(span.text, qualifier)
    if span.facility:  # a near-spelling of a street name is some other place
        found = [c for c in found if _is_exact(c)]
        words = span.text.split()
        if not found and words[-1].lower() in _DIVISION_HEADS:
            # "Dallas County", "Frederick County": no county in the gazetteer, so the town
            # it is named after, or a division of that name, stands for it
            head = " ".join(words[:-1])
            found = [
                c
                for c in gaz.search(head, qualifier)
                if _is_exact(c) and c.place.kind in _NAMESAKE_KINDS
            ]
            if found:
                span.namesake = True
                why = f"no {words[-1].lower()} of that name: its namesake {head!r}"
                span.reasons.append(Reason(why))
    if not span.text.isupper():  # "Bur" is not the airport code BUR (Burbank)
        found = [c for c in found if not _is_code(c.matched_name)]
    return _without_land_of_a_country(found)


_COUNTRY_LANDS = frozenset({PlaceKind.ISLAND, PlaceKind.ISLANDS, PlaceKind.PENINSULA})


def _without_land_of_a_country(found: list[Candidate]) -> list[Candidate]:
    """Drop the island, islands or peninsula that bears the name of a country found with it.

    "Japan" and "India" are the countries, not the archipelago or the peninsula of that name
    (whose points lie hundreds of km from the countries'). Only when the country bears the
    name exactly, and the land lies in it or in no single country.
    """
    countries = {
        (fold(c.place.name), c.place.country_code)
        for c in found
        if c.place.kind is PlaceKind.COUNTRY and _is_exact(c)
    }
    if not countries:
        return found
    names = {name for name, _ in countries}
    return [
        c
        for c in found
        if not (
            c.place.kind in _COUNTRY_LANDS
            and fold(c.place.name) in names
            and (
                not c.place.country_code or (fold(c.place.name), c.place.country_code) in countries
            )
        )
    ]


# "the state of Victoria", "the city of Mosul": the words before a name say what it is.
_HINTED_KINDS: dict[str, frozenset[PlaceKind]] = {
    "state": frozenset({PlaceKind.ADMIN1}),
    "province": frozenset({PlaceKind.ADMIN1}),
    "governorate": frozenset({PlaceKind.ADMIN1}),
    "region": frozenset({PlaceKind.ADMIN1, PlaceKind.REGION}),
    "district": frozenset({PlaceKind.ADMIN1, PlaceKind.ADMIN2}),
    "county": frozenset({PlaceKind.ADMIN1, PlaceKind.ADMIN2}),
    "city": frozenset({PlaceKind.CITY}),
    "town": frozenset({PlaceKind.CITY}),
    "village": frozenset({PlaceKind.CITY}),
    "port": frozenset({PlaceKind.CITY}),
    "island": frozenset({PlaceKind.ISLAND}),
}
_KIND_BEFORE = re.compile(rf"\b({'|'.join(_HINTED_KINDS)})\s+of\s+$", re.IGNORECASE)


def _kind_hint(text: str, span: Span) -> tuple[frozenset[PlaceKind], str] | None:
    m = _KIND_BEFORE.search(text, max(0, span.start - 20), span.start)
    if m is None:
        return None
    word = m.group(1).lower()
    return _HINTED_KINDS[word], f"after '{m.group(0).strip()}'"


_DIVISION_HEADS = frozenset("county district province governorate parish".split())
_NAMESAKE_KINDS = frozenset({PlaceKind.CITY, PlaceKind.ADMIN1, PlaceKind.ADMIN2})


def _is_exact(candidate: Candidate) -> bool:
    return candidate.match_kind.is_exact


_LIST_LEVELS = (PlaceKind.CONTINENT, PlaceKind.COUNTRY, PlaceKind.ADMIN1)


def _is_list_not_pair(qualified: list[Candidate], bare: list[Candidate]) -> bool:
    """Whether "X, Y" lists two areas rather than naming X inside Y.

    It does when nothing named X lies in Y, or when X is exactly the name of a continent,
    country or division and nothing in Y bears that name exactly.
    """
    if not bare:
        return False
    if not qualified:
        return True
    return not _is_exact(qualified[0]) and _is_exact(bare[0]) and bare[0].place.kind in _LIST_LEVELS


def _level(place: Place) -> tuple[PlaceKind, str] | None:
    """The level a list member sits at: any continent, any country, a country's divisions."""
    if place.kind is PlaceKind.ADMIN1:
        return (place.kind, place.country_code)
    if place.kind in _LIST_LEVELS:
        return (place.kind, "")
    return None


def _prefer_list_level(
    spans: Sequence[Span], table: dict[tuple[str, str], _Resolution], gaz: _Lookups
) -> None:
    """Read every member of a list at the level its unambiguous members share.

    In "Ohio, New York, Georgia and Texas", New York is the state and Georgia the US state,
    not the country. The level needs two members and more than any other level.
    """
    groups: dict[int, list[Span]] = {}
    for span in spans:
        if span.group >= 0 and span.kind is ToponymKind.NAME:
            groups.setdefault(span.group, []).append(span)
    for members in groups.values():
        levels: dict[tuple[PlaceKind, str], int] = {}
        for span in members:
            res = table[(span.key, span.qualifier)]
            top = res.candidates[0] if res.candidates else None
            level = _level(top.place) if top and _is_exact(top) else None
            if level:
                levels[level] = levels.get(level, 0) + 1
        if not levels:
            continue
        ranked = sorted(levels.items(), key=lambda kv: -kv[1])
        level, count = ranked[0]
        if count < 2 or (len(ranked) > 1 and ranked[1][1] == count):
            continue
        what = {
            PlaceKind.CONTINENT: "continents",
            PlaceKind.COUNTRY: "countries",
            PlaceKind.ADMIN1: f"divisions of {level[1]}",
        }[level[0]]
        for span in members:
            if span.qualifier:  # "Washington, Pennsylvania and California": three states
                span.reasons = [r for r in span.reasons if r.kind is not ReasonKind.FOLLOWED_BY]
                span.qualifier = ""
            key = (span.key, "")
            if key not in table:
                table[key] = _Resolution(_lookup(gaz, span, ""))
            res = table[key]
            for cand in res.candidates:
                if _is_exact(cand) and _level(cand.place) == level:
                    res.preferred.setdefault(cand.place.id, f"in a list of {what}")
                    break


def _prefer_named_containers(
    spans: Sequence[Span], table: dict[tuple[str, str], _Resolution]
) -> None:
    """Read a container as the one a "Town, Y" pair used.

    After "Atlanta, Georgia", the Georgia that stands alone is the US state too.
    """
    by_key = {span.key: span for span in spans if span.kind is ToponymKind.NAME}
    for span in spans:
        if span.kind is not ToponymKind.NAME or not span.qualifier or span.qualifier not in by_key:
            continue
        inner = table[(span.key, span.qualifier)].candidates
        container = by_key[span.qualifier]
        res = table.get((container.key, container.qualifier))
        if not inner or res is None:
            continue
        place = inner[0].place
        for cand in res.candidates:
            c = cand.place
            if c.country_code != place.country_code or c.id == place.id:
                continue
            if c.kind is PlaceKind.COUNTRY or (
                c.kind is PlaceKind.ADMIN1
                and c.admin1_code == place.admin1_code
                and not _has_namesake_town(c, res.candidates)
            ):
                res.preferred.setdefault(c.id, f"contains {place.name}, named with it")
                break


def _share(count: float) -> float:
    """How firmly ``count`` mentions establish a country, 0-1.

    A country named three times is as established as one named thirty: a long US story must
    not turn England into a town in Arkansas.
    """
    return max(0.0, min(1.0, count / VOTES_TO_ESTABLISH))


def _has_namesake_town(division: Place, candidates: Sequence[Candidate]) -> bool:
    """Whether the name also means a town inside this division (New York City in New York).

    Then what lies in the division says nothing about which of the two is meant.
    """
    return any(
        c.place.kind not in _AREA_KINDS
        and c.place.country_code == division.country_code
        and c.place.admin1_code == division.admin1_code
        for c in candidates
    )


def resolve_spans(
    every: Sequence[Span], gaz: Gazetteer, publication_country: str | None, text: str
) -> list[ToponymMatch]:
    """One place (or none) for each recognised name, weighed with the whole document."""
    # 0. the budget: the first MAX_NAMES_IN_CONTEXT distinct names are weighed in context
    spans, beyond = _within_budget(every)
    ranker = active_ranker()
    records = recorder()
    mentions: dict[str, int] = {}
    name_text: dict[str, str] = {}
    for span in spans:
        if span.kind is ToponymKind.NAME:
            mentions[span.key] = mentions.get(span.key, 0) + 1
            name_text.setdefault(span.key, span.text)

    # 1. candidates per distinct (name, qualifier): one sense per name per document
    lookups = _Lookups(gaz)
    # the names as written and, for "Town, Y" pairs, alone: all read from the index at once
    lookups.read(
        _Lookups.query(span.text, qualifier)
        for span in spans
        if span.kind is ToponymKind.NAME
        for qualifier in dict.fromkeys([span.qualifier, ""])
    )
    table: dict[tuple[str, str], _Resolution] = {}
    countries: dict[str, Place | None] = {}
    for span in spans:
        if span.kind is ToponymKind.DEMONYM:
            if span.country not in countries:
                countries[span.country] = demonym_place(gaz, span.country)
            continue
        key = (span.key, span.qualifier)
        if key in table:
            continue
        found = _lookup(lookups, span, span.qualifier)
        if span.qualifier and not (found and _is_exact(found[0])):
            bare = _lookup(lookups, span, "")
            if _is_list_not_pair(found, bare):
                # "Zambia, Malawi", "Asia, Europe": a list, not a place and its area
                span.reasons = [r for r in span.reasons if r.kind is not ReasonKind.FOLLOWED_BY]
                span.qualifier = ""
                key = (span.key, "")
                if key in table:
                    continue
                found = bare
        table[key] = _Resolution(found)
        if span.namesake:
            table[key].most_confidence = NAMESAKE_CONFIDENCE
    for span in spans:
        hint = _kind_hint(text, span) if span.kind is ToponymKind.NAME else None
        if hint is not None and (span.key, span.qualifier) in table:
            kinds, words = hint
            for kind in kinds:
                table[(span.key, span.qualifier)].hinted.setdefault(kind, words)
    _prefer_list_level(spans, table, lookups)
    _prefer_named_containers(spans, table)

    # 2. document context: countries named or implied, and confident places
    votes: dict[str, float] = {}
    own: dict[tuple[str, str], float] = {}  # what each name gave its own top country
    # the same for first-level divisions: "Orange County" in a story that names Anaheim and
    # California is the one in California
    division_votes: dict[tuple[str, str], float] = {}
    own_division: dict[tuple[str, str], tuple[tuple[str, str], float]] = {}
    named_divisions: dict[tuple[str, str], Place] = {}  # divisions the text names itself
    for span in spans:
        if span.kind is ToponymKind.DEMONYM:
            votes[span.country] = votes.get(span.country, 0.0) + 1.0
            continue
        res = table[(span.key, span.qualifier)]
        if res.candidates:
            top = res.candidates[0]
            if top.place.kind in (PlaceKind.COUNTRY, PlaceKind.ADMIN1) and top.score >= 0.8:
                vote = 1.0
            elif _margin(res.candidates) > 0.15:
                vote = 0.5
            else:
                continue
            votes[top.place.country_code] = votes.get(top.place.country_code, 0.0) + vote
            key = (span.key, span.qualifier)
            own[key] = own.get(key, 0.0) + vote
            if top.place.admin1_code and top.place.kind is not PlaceKind.COUNTRY:
                division = (top.place.country_code, top.place.admin1_code)
                division_votes[division] = division_votes.get(division, 0.0) + vote
                _, given = own_division.get(key, (division, 0.0))
                own_division[key] = (division, given + vote)
                if top.place.kind is PlaceKind.ADMIN1 and vote >= 1.0:
                    named_divisions.setdefault(division, top.place)
    _look_inside_named_divisions(table, lookups, named_divisions, name_text)

    rival_areas = {
        key
        for key, res in table.items()
        if res.candidates
        and any(
            _is_exact(c)
            and c.place.kind in _LIST_LEVELS
            and c.place.country_code != res.candidates[0].place.country_code
            for c in res.candidates[1:]
        )
    }

    def support(key: tuple[str, str], res: _Resolution, country: str) -> float:
        """How firmly the text establishes ``country`` for this name.

        Where the name means areas in two countries (Georgia the country and the US state),
        it is no evidence for itself: Georgia beside Alabama and Iowa is the state.
        """
        count = votes.get(country, 0.0)
        if res.candidates and res.candidates[0].place.country_code == country:
            if key in rival_areas:
                count -= own.get(key, 0.0)
        return _share(count)

    # Spatial coherence is measured against confidently resolved point-like places only:
    # the point of a country or a large division says little about where its towns are.
    # A place is confident once the countries the text names are counted: Melbourne beside
    # Australia is the Australian city, however close the Florida one comes on its own.
    anchors = []
    for key, r in table.items():
        voted = sorted(
            (
                (c.score + W_COUNTRY_VOTES * support(key, r, c.place.country_code), c)
                for c in r.candidates
            ),
            key=lambda t: -t[0],
        )
        if voted and voted[0][1].place.kind not in _AREA_KINDS:
            if len(voted) == 1 or voted[0][0] - voted[1][0] > 0.15:
                anchors.append((fold(voted[0][1].place.name), voted[0][1].place))

    # 3. re-rank each name's candidates in that context
    anchor_index = AnchorIndex(anchors)
    questions = []
    for (name_key, _), res in table.items():
        if not res.candidates:
            continue
        # When the name is a country's ("Mexico"), nearness to the country's own towns
        # must not hand the name to its capital: no coherence bonus inside that country.
        named_countries = {
            c.place.country_code for c in res.candidates if c.place.kind is PlaceKind.COUNTRY
        }
        # the nearest other anchor matters only to a point-like place outside those countries
        asked = [
            c.place.kind not in _AREA_KINDS and c.place.country_code not in named_countries
            for c in res.candidates
        ]
        questions.append((res.candidates, name_key, asked, named_countries))
    # every name's nearest anchors at once: one pass over the anchor grid
    answers = anchor_index.nearest_many([q[:3] for q in questions])
    by_name = iter(zip(questions, answers, strict=True))
    weighed: list[tuple[str, str, _Resolution, list[tuple[float, Candidate, list[str]]]]] = []
    for (name_key, qualifier), res in table.items():
        if not res.candidates:
            continue
        (_, _, _, named_countries), nearest = next(by_name)
        res.looked_up = list(res.candidates)
        in_division = _division_support(
            res.candidates, division_votes, own_division.get((name_key, qualifier))
        )
        rescored: list[tuple[float, Candidate, list[str]]] = []
        signals = []
        for i, (cand, (d_km, anchor)) in enumerate(zip(res.candidates, nearest, strict=True)):
            place = cand.place
            score = cand.score
            notes = []
            share = support((name_key, qualifier), res, place.country_code)
            if share:
                score += W_COUNTRY_VOTES * share
                notes.append(f"{place.country_code} is named in the text")
            if in_division[i]:
                score += W_DIVISION * in_division[i]
                notes.append(f"its division ({place.admin1_code}) is named in the text")
            published = bool(
                publication_country and place.country_code == publication_country.upper()
            )
            if published:
                score += W_PUBLICATION
            if place.id in res.preferred:
                score += W_STRUCTURE
                notes.append(res.preferred[place.id])
            if place.kind in res.hinted:
                score += W_KIND_HINT
                notes.append(res.hinted[place.kind])
            contains = False
            if place.kind is PlaceKind.ADMIN1 and not _has_namesake_town(place, res.candidates):
                inside = (
                    anchor_index.first_in_division(place.country_code, place.admin1_code, name_key)
                    if place.admin1_code
                    else None
                )
                if inside is not None:
                    contains = True
                    score += W_CONTAINS
                    notes.append(f"contains {inside.name}")
            near_km = -1.0
            if (
                anchor is not None
                and anchor.id != place.id
                and place.kind not in _AREA_KINDS
                and place.country_code not in named_countries
            ):
                near_km = d_km
                score += W_COHERENCE * math.exp(-d_km / COHERENCE_SCALE_KM)
                if d_km < COHERENCE_SCALE_KM:
                    notes.append(f"{d_km:,.0f} km from {anchor.name}")
            rescored.append((score, cand, notes))
            signals.append((share, published, contains, near_km))
        if ranker is not None or records is not None:
            context = _Context(votes, mentions, bool(named_countries), in_division)
            written = name_text.get(name_key, name_key)
            res.rows = _features(res, rescored, signals, name_key, written, qualifier, context)
        weighed.append((name_key, qualifier, res, rescored))
    # the ranker scores every name's candidates at once: one pass down its trees
    scored = _logits_by_name(ranker, [res.rows for _, _, res, _ in weighed])
    for (name_key, qualifier, res, rescored), logits in zip(weighed, scored, strict=True):
        order = sorted(range(len(rescored)), key=lambda i: -rescored[i][0])
        rule_best, _, _ = rescored[order[0]]
        second = rescored[order[1]][0] if len(rescored) > 1 else 0.0
        if ranker is not None:
            if publication_country:  # the corpora have none: a fixed prior, not learned
                logits = logits + PUBLICATION_LOGIT * res.rows[:, _PUBLISHED_COLUMN]
            pick = max(range(len(rescored)), key=lambda i: (logits[i], -order.index(i)))
            exact_country = _country_by_its_name(rescored, pick)
            if exact_country is not None:
                pick = exact_country
            _, best, notes = rescored[pick]
            res.chosen = best
            runner_up = max((logits[i] for i in range(len(logits)) if i != pick), default=None)
            lead = GAP_CAP if runner_up is None else float(logits[pick] - runner_up)
            res.confidence = round(ranker.confidence(float(logits[pick]), lead), 3)
            rest = sorted((i for i in range(len(rescored)) if i != pick), key=lambda i: -logits[i])
            res.candidates = [best, *(rescored[i][1] for i in rest)]
            res.notes = notes
            abroad = _abroad_by_spelling(best, votes, own.get((name_key, qualifier), 0.0))
            # a guess abroad that only spelling reached and the ranker itself doubts is not
            # kept (Karo in a story about Ethiopia is not Cairo), whatever the model's noise
            unsure_abroad = abroad and res.confidence < DEFAULT_THRESHOLD
            if abroad:
                res.confidence = min(res.confidence, ABROAD_VARIANT_CONFIDENCE)
            # a name the place bears is kept however unsure (the Pacific, rare in training)
            res.abstained = (
                res.confidence < ABSTAIN_CONFIDENCE or unsure_abroad
            ) and not _is_exact(best)
        else:
            best_score, best, notes = rescored[order[0]]
            res.chosen = best
            res.confidence = _confidence(rule_best, second, len(rescored))
            res.notes = notes
            if _abroad_by_spelling(best, votes, own.get((name_key, qualifier), 0.0)):
                res.confidence = min(res.confidence, ABROAD_VARIANT_CONFIDENCE)
            res.candidates = [rescored[i][1] for i in order]

    # 4. one match per span
    main_place = _main_place(table, mentions)
    prominent = _beyond_places(gaz, beyond, votes)
    beyond_keys = {s.key for s in beyond}
    out = []
    for span in every:
        if span.kind is ToponymKind.NAME and span.key in beyond_keys:
            out.append(_beyond_budget(span, prominent.get(span.key)))
            continue
        if span.kind is ToponymKind.DEMONYM:
            country = countries.get(span.country)
            out.append(
                ToponymMatch(
                    span.start,
                    span.end,
                    span.text,
                    country,
                    0.9 if country else 0.0,
                    (),
                    f"demonym of {country.name}" if country else f"demonym of {span.country}",
                    ToponymKind.DEMONYM,
                )
            )
            continue
        res = table[(span.key, span.qualifier)]
        if records is not None:
            records.append((span.start, span.end, [c.place for c in res.looked_up], res.rows))
        if res.chosen is None or res.abstained:
            if res.chosen is None:
                missing = "not in the gazetteer"
            else:
                missing = (
                    f"too unsure of {res.chosen.place.label} ({res.confidence:.2f}): "
                    "left unresolved"
                )
            why = "; ".join([missing, *(r.text for r in span.reasons)])
            alternatives = tuple(res.candidates[:3])
            if main_place is not None:
                # a street, a building, a neighbourhood: somewhere in the place the text is about
                why += f"; somewhere around {main_place.name}, the text's main town"
            out.append(
                ToponymMatch(
                    span.start,
                    span.end,
                    span.text,
                    None,
                    0.0,
                    alternatives,
                    why,
                    area=main_place,
                )
            )
            continue
        reason = "; ".join([res.chosen.reason, *(r.text for r in span.reasons), *res.notes])
        out.append(
            ToponymMatch(
                span.start,
                span.end,
                span.text,
                res.chosen.place,
                min(res.confidence, res.most_confidence),
                tuple(res.candidates[1:4]),
                reason,
            )
        )
    return _rivers(text, out)


def _look_inside_named_divisions(
    table: Mapping[tuple[str, str], _Resolution],
    lookups: _Lookups,
    divisions: Mapping[tuple[str, str], Place],
    name_text: Mapping[str, str],
) -> None:
    """Add the namesakes inside the divisions the text names that the lookup cut off.

    The gazetteer returns a name's :data:`_LIMIT` most prominent places; the country has 18
    Montgomery Counties. When a name's candidates fill that limit and none lies in a division
    the text names itself (Iowa), the places of that name inside it are looked up as well
    ("Montgomery County, Iowa") and join the candidates, last.
    """
    if not divisions:
        return
    wanted: list[tuple[_Resolution, str, tuple[str, str]]] = []
    for (name_key, qualifier), res in table.items():
        if qualifier or len(res.candidates) < _LIMIT:
            continue
        have = {(c.place.country_code, c.place.admin1_code) for c in res.candidates}
        for division, place in divisions.items():
            if division not in have:
                wanted.append(
                    (res, _Lookups.query(name_text.get(name_key, name_key), place.name), division)
                )
    lookups.read(query for _, query, _ in wanted)
    for res, query, division in wanted:
        ids = {c.place.id for c in res.candidates}
        for cand in lookups.found.get(query, []):
            place = cand.place
            if (
                _is_exact(cand)
                and (place.country_code, place.admin1_code) == division
                and place.id not in ids
            ):
                res.candidates.append(cand)
                ids.add(place.id)


def _division_support(
    candidates: Sequence[Candidate],
    division_votes: Mapping[tuple[str, str], float],
    own: tuple[tuple[str, str], float] | None,
) -> list[float]:
    """How firmly the text's other names establish each candidate's first-level division, 0-1.

    ``own`` is the division this name's own top candidate voted for, and how much: a name is
    no evidence for itself. A country has no division.
    """
    own_division, own_vote = own if own is not None else (("", ""), 0.0)
    out = []
    for cand in candidates:
        place = cand.place
        if not place.admin1_code or place.kind is PlaceKind.COUNTRY:
            out.append(0.0)
            continue
        division = (place.country_code, place.admin1_code)
        count = division_votes.get(division, 0.0) - (own_vote if division == own_division else 0.0)
        out.append(_share(count))
    return out


def _main_place(
    table: Mapping[tuple[str, str], _Resolution], mentions: Mapping[str, int]
) -> Place | None:
    """The town the text is about: the most mentioned town resolved with confidence.

    It stands for the names the gazetteer lacks (streets, buildings, neighbourhoods); ties go
    to the one named first. ``None`` when no town is resolved with confidence.
    """
    counts: dict[str, int] = {}
    places: dict[str, Place] = {}
    for (key, _), res in table.items():
        chosen = res.chosen
        if chosen is None or chosen.place.kind is not PlaceKind.CITY:
            continue
        if min(res.confidence, res.most_confidence) < MAIN_PLACE_CONFIDENCE:
            continue
        counts[chosen.place.id] = counts.get(chosen.place.id, 0) + mentions.get(key, 1)
        places.setdefault(chosen.place.id, chosen.place)
    if not counts:
        return None
    return places[max(counts, key=lambda pid: counts[pid])]


def _country_by_its_name(
    rescored: Sequence[tuple[float, Candidate, list[str]]], pick: int
) -> int | None:
    """The country a name exactly is, when the ranker picked a namesake in an unnamed country.

    "Mali" is the country, not Mali prefecture in Guinea, unless the text points to Guinea
    (its name, a demonym, a town inside the namesake, a list of its divisions): a country's
    own name means the country unless the text gives some reason for the namesake. Returns
    the country's index in ``rescored``, or None to keep ``pick``.
    """
    _, chosen, notes = rescored[pick]
    if chosen.place.kind is PlaceKind.COUNTRY or notes:
        return None  # the text does point to it: its country named, a town it contains ...
    for i, (_, cand, _) in enumerate(rescored):
        if cand.place.kind is PlaceKind.COUNTRY and cand.match_kind is MatchKind.EXACT:
            return i
    return None


def _abroad_by_spelling(chosen: Candidate, votes: Mapping[str, float], own: float) -> bool:
    """Whether a spelling variant or near spelling, not a name, reached a place abroad.

    Abroad: in a country no other name of the text points to (``own`` is the vote this name
    gave its own top country).
    """
    if chosen.match_kind not in (MatchKind.VARIANT, MatchKind.FUZZY):
        return False
    return votes.get(chosen.place.country_code, 0.0) - own < 1.0


@dataclass(frozen=True, slots=True)
class _Context:
    """What the document says, for :func:`_features`."""

    votes: Mapping[str, float]
    mentions: Mapping[str, int]
    names_a_country: bool  # one of the name's candidates is a country
    # per candidate, how firmly the other names establish its first-level division, 0-1
    division_support: Sequence[float] = ()


_PUBLISHED_COLUMN = FEATURES.index("publication_country")
_MATCH_COLUMNS = (
    MatchKind.EXACT,
    MatchKind.ALTERNATE,
    MatchKind.EXPANDED,
    MatchKind.VARIANT,
    MatchKind.NEARBY,
    MatchKind.FUZZY,
)
_FACILITY_KINDS = frozenset(
    {
        PlaceKind.AIRPORT,
        PlaceKind.AIRFIELD,
        PlaceKind.AIR_BASE,
        PlaceKind.MILITARY_BASE,
        PlaceKind.HEADQUARTERS,
        PlaceKind.BORDER_CROSSING,
    }
)
_KIND_COLUMNS = (
    PlaceKind.CONTINENT,
    PlaceKind.COUNTRY,
    PlaceKind.ADMIN1,
    PlaceKind.ADMIN2,
    PlaceKind.CITY,
)


def _features(
    res: _Resolution,
    rescored: Sequence[tuple[float, Candidate, list[str]]],
    signals: Sequence[tuple[float, bool, bool, float]],
    name_key: str,
    span_text: str,
    qualifier: str,
    ctx: _Context,
) -> np.ndarray:
    """The feature rows (:data:`.ranker.FEATURES`) of a name's candidates, in lookup order."""
    n = len(rescored)
    rule = [t[0] for t in rescored]
    by_rule = sorted(range(n), key=lambda i: -rule[i])
    rule_rank = [0] * n
    for rank, i in enumerate(by_rule):
        rule_rank[i] = rank
    best_rule = rule[by_rule[0]]
    exact = [c for _, c, _ in rescored if c.match_kind.is_exact]
    best_exact_pop = max((c.place.population for c in exact), default=0)
    total_votes = sum(ctx.votes.values())
    top_country = max(ctx.votes, key=lambda c: ctx.votes[c]) if ctx.votes else ""
    countries = sum(1 for v in ctx.votes.values() if v >= 1.0)
    words = span_text.split()
    rows = np.zeros((n, len(FEATURES)), dtype=np.float64)
    for i, ((score, cand, _), (share, published, contains, near_km)) in enumerate(
        zip(rescored, signals, strict=True)
    ):
        place = cand.place
        kind = place.kind
        code = place.feature_code
        vote = ctx.votes.get(place.country_code, 0.0)
        row = [
            cand.score,
            float(i),
            *(float(cand.match_kind is m) for m in _MATCH_COLUMNS),
            math.log10(1.0 + max(0, place.population)),
            place.prominence,
            *(float(kind is k) for k in _KIND_COLUMNS),
            float(kind in _FACILITY_KINDS),
            float(kind not in _FACILITY_KINDS and kind not in _KIND_COLUMNS),
            float(code in ("PPLC", "PPLG")),
            float(code.startswith("PPLA")),
            float(place.source == "geonames" or place.id.startswith("geonames:")),
            float(n),
            float(len(exact)),
            (place.population + 1.0) / (best_exact_pop + 1.0),
            float(bool(qualifier)),
            float(res.most_confidence < 1.0),
            float(span_text.isupper()),
            float(ctx.mentions.get(name_key, 1)),
            float(len(words)),
            share,
            vote / total_votes if total_votes else 0.0,
            float(bool(top_country) and place.country_code == top_country),
            float(vote >= 1.0),
            float(published),
            float(countries),
            float(place.id in res.preferred),
            float(kind in res.hinted),
            float(contains),
            math.log10(1.0 + near_km) if near_km >= 0 else -1.0,
            math.exp(-near_km / COHERENCE_SCALE_KM) if near_km >= 0 else 0.0,
            float(ctx.names_a_country),
            ctx.division_support[i] if ctx.division_support else 0.0,
            score,
            float(rule_rank[i]),
            best_rule - score,
        ]
        rows[i] = row
    return rows


def _logits_by_name(ranker: Ranker | None, rows: Sequence[np.ndarray]) -> list[Any]:
    """The ranker's logits of each name's feature rows, all scored in one call.

    Each row is scored on its own, so the answer is that of one call per name; one call
    spares the trees' per-call overhead (a document names dozens of places). ``None`` per
    name without a ranker.
    """
    if ranker is None or not rows:
        return [None] * len(rows)
    every = ranker.logits(np.concatenate(rows))
    return np.split(every, np.cumsum([len(r) for r in rows])[:-1])


def _within_budget(spans: Sequence[Span]) -> tuple[list[Span], list[Span]]:
    """The spans whose names are among the first MAX_NAMES_IN_CONTEXT distinct, and the rest.

    Each distinct name costs gazetteer lookups and a place in the document context (votes,
    anchors, nearest-anchor searches), about 0.3 ms; a text naming tens of thousands of
    places (a megabyte listing 80,000 towns) would take half a minute. The names past the
    budget get :func:`_beyond_budget`'s answer. No news report comes near: the longest
    article of the evaluation corpora names 45 places, a 1 MB report of varied strikes 98.
    """
    names: set[str] = set()
    within: list[Span] = []
    beyond: list[Span] = []
    for span in spans:
        if span.kind is ToponymKind.NAME and span.key not in names:
            if len(names) >= MAX_NAMES_IN_CONTEXT:
                beyond.append(span)
                continue
            names.add(span.key)
        within.append(span)
    return within, beyond


def _beyond_places(
    gaz: Gazetteer, beyond: Sequence[Span], votes: Mapping[str, float]
) -> dict[str, tuple[Place, bool]]:
    """For each name past the budget, its place and whether it lies in an established country.

    The most prominent place of that name in a country the text establishes
    (VOTES_TO_ESTABLISH) when there is one, else anywhere. Recognition already found each
    name's most prominent place (``Span.top``): when that one lies in an established
    country, or none is established, it is the answer.
    """
    established = {c for c, n in votes.items() if len(c) == 2 and n >= VOTES_TO_ESTABLISH}
    asked = {s.key for s in beyond if s.top < 0 or (established and s.home not in established)}
    found = gaz.most_prominent(asked, countries=established) if asked else {}
    tops = {s.key: s.top for s in beyond if s.key not in asked}
    places = gaz._places_at(tops.values())
    for key, top in tops.items():
        if top in places:
            found[key] = (places[top], places[top].country_code in established)
    return found


def _beyond_budget(span: Span, found: tuple[Place, bool] | None) -> ToponymMatch:
    """A name past the budget: the most prominent place of that name, not weighed in context.

    In a country the first names establish when there is one; never more than
    BEYOND_BUDGET_CONFIDENCE sure, and no alternatives.
    """
    budget = (
        f"the text names more than {MAX_NAMES_IN_CONTEXT:,} distinct places: "
        "this one is not weighed in context"
    )
    reasons = [r.text for r in span.reasons if r.kind is not ReasonKind.FOLLOWED_BY]  # not weighed
    if found is None:
        why = "; ".join(["not in the gazetteer", *reasons, budget])
        return ToponymMatch(span.start, span.end, span.text, None, 0.0, (), why)
    place, in_countries = found
    where = f" in {place.country_code}, a country the text names" if in_countries else ""
    why = "; ".join([f"the most prominent place named {span.text!r}{where}", *reasons, budget])
    return ToponymMatch(span.start, span.end, span.text, place, BEYOND_BUDGET_CONFIDENCE, (), why)


_AREA_KINDS = frozenset(
    {
        PlaceKind.CONTINENT,
        PlaceKind.COUNTRY,
        PlaceKind.ADMIN1,
        PlaceKind.REGION,
        PlaceKind.DESERT,
        PlaceKind.MOUNTAINS,
        PlaceKind.PLATEAU,
        PlaceKind.BASIN,
        PlaceKind.PLAIN,
        PlaceKind.ISLANDS,
        PlaceKind.PENINSULA,
        PlaceKind.WATER,
    }
)


def _margin(candidates: Sequence[Candidate]) -> float:
    if len(candidates) < 2:
        return 1.0 if candidates else 0.0
    return candidates[0].score - candidates[1].score


def _confidence(best: float, second: float, count: int) -> float:
    """How sure the choice is: high when the winner is clear and well matched."""
    if count == 1:
        return round(min(0.95, 0.6 + 0.35 * best), 3)
    gap = best - second
    return round(max(0.05, min(0.99, 0.5 + 2.5 * gap)) * min(1.0, 0.4 + 0.6 * best), 3)


_RIVER_BEFORE = re.compile(r"\briver\s+$", re.IGNORECASE)


def _rivers(text: str, matches: list[ToponymMatch]) -> list[ToponymMatch]:
    """Mark rivers named after the word 'river' ("the river Niger") as such.

    They are left unresolved (the gazetteer holds no rivers), whatever sense the same name
    has elsewhere in the text ("Niger's army" stays the country).
    """
    out = []
    for m in matches:
        if m.kind is ToponymKind.NAME and _RIVER_BEFORE.search(
            text[max(0, m.start - 12) : m.start]
        ):
            m = ToponymMatch(
                m.start,
                m.end,
                m.text,
                None,
                0.0,
                (),
                "a river (named after 'river'); the gazetteer holds no rivers",
                m.kind,
            )
        out.append(m)
    return out
