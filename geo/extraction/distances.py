"""Distances stated in a report: offset places and distance claims to check.

Scope: phrases of the shape "100 miles southwest of Sirte" ("about 95 km to the north of
the city of X", "twenty kilometres east of ..."). Such a phrase is either

- a *distance claim* about a named place just before it ("Murzuq, an oasis town ... nearly
  600 miles south of Tripoli"): :func:`distance_checks` compares it with the geodesic and
  keeps it as a :class:`~geo.model.claims.DistanceCheck`, and the phrase is no place of its
  own (:attr:`Distances.appositive`); or
- an *offset place*: :func:`offset_place` moves the anchor's point along the geodesic, with
  a radius for the vagueness of a compass direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gazetteer.geodesy import KM_PER_MILE, destination, geodesic_distance
from gazetteer.lexicon import COMPASS_WORDS, DISTANCE_UNITS
from gazetteer.model import ToponymKind
from gazetteer.wordlists import alternation
from geo.extraction.regions import bearing_of, direction_of
from geo.extraction.textnum import parse_number_word
from geo.model.claims import DISTANCE_TOLERANCE, ClaimedPlace, DistanceCheck
from geo.model.records import LocationPrecision

if TYPE_CHECKING:
    from gazetteer.geoparse import ToponymMatch
    from gazetteer.model import Place
    from geo.extraction.document import Document
    from geo.model.claims import Quote

__all__ = [
    "MAX_OFFSET_KM",
    "Distances",
    "checked_distance",
    "distance_checks",
    "offset_place",
    "ring_place",
]

#: Farthest offset from a town read as a place ("600 miles south of Tripoli"): no two points
#: on Earth lie farther apart.
MAX_OFFSET_KM = 20_000.0

# the distance units of data/lexicon/units.tsv ("miles", "km", "kilometres" ...)
_UNIT = rf"(?P<unit>{alternation(DISTANCE_UNITS)})"
# the compass words of data/lexicon/compass.tsv written as one word ("south", "south-west",
# "southwestern"; not "south west", not "central")
_DIRECTION = alternation(w for w, d in COMPASS_WORDS.items() if d != "central" and " " not in w)
# A value never starts inside a word, nor at a digit that a digit (or a digit and a comma or
# full stop) comes just before: the run's start is tried first and whatever the rest of the
# run could match, it matches too. A figure runs to the end of its digits, commas and full
# stops (a unit cannot start with one of them), and at most 41 of them make a figure: a
# longer run is no distance. So "1,1,1,..." is not scanned again from each of its characters.
_RELATIVE_TAIL = (
    _UNIT + r"\s+(?:\((?:[^)]{0,20})\)\s+)?(?:to\s+the\s+)?(?P<dir>" + _DIRECTION + r")\s+of\s+"
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
#: A distance with no direction: "150 miles outside the city of X", "40 km from X".
_UNDIRECTED_TAIL = _UNIT + r"\s+(?:\((?:[^)]{0,20})\)\s+)?(?:outside|away\s+from|from)\s+"
_UNDIRECTED = re.compile(
    r"(?P<value>(?<!\d)(?<!\d[,.])\d[\d,.]{0,40}(?![\d,.])|(?<![a-z])[a-z]+(?:[\s-][a-z]+)?)"
    r"[\s-]*" + _UNDIRECTED_TAIL,
    re.IGNORECASE,
)
# Every match of _UNDIRECTED ends with this ("km from "): a clause without it is not searched
# from each of its words.
_HAS_UNDIRECTED = re.compile(_UNDIRECTED_TAIL, re.IGNORECASE)
#: How much wider than its distance a ring place is drawn (the distance is a round figure).
RING_SLACK = 1.2
#: Between a named place and a distance phrase that describes it.
_APPOSITION = re.compile(r"^(?:,[^;]*|\s+(?:is|lies|sits|located|situated)\b[^;]*)$", re.IGNORECASE)
#: Places a distance can be stated for ("Murzuq, 600 miles south of Tripoli").
_POINT_KINDS = frozenset({"city", "oasis", "airport", "airfield", "air base", "military base"})


@dataclass(frozen=True, slots=True)
class Distances:
    """The distance claims of a report, checked, and where their phrases lie.

    Attributes
    ----------
    checks
        One check per claim, in the order told.
    appositive
        The ``(start, end)`` of each distance phrase that describes a named place: it is a
        claim about that place, not a place of its own.
    """

    checks: tuple[DistanceCheck, ...]
    appositive: frozenset[tuple[int, int]]


def distance_checks(doc: Document) -> Distances:
    """Statements that put a named place at a distance from another, checked.

    "Murzuq, an oasis town ... nearly 600 miles south of Tripoli": the named place is
    where the event is; the distance is a claim to check against the geodesic.
    """
    text = doc.text
    appositive: set[tuple[int, int]] = set()
    out: list[DistanceCheck] = []
    for sentence in doc.sentences:
        if not _HAS_RELATIVE.search(sentence.text):
            continue
        for m in _RELATIVE.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            parsed = _offset_parts(doc, m, end)
            if parsed is None:
                continue
            km, direction, anchor = parsed
            subject = _subject(doc, sentence, start, anchor)
            if subject is None or subject.place is None:
                continue
            appositive.add((start, end))
            place = subject.place
            out.append(
                checked_distance(
                    index=len(out),
                    sentence=sentence,
                    text=text[start:end] + anchor.name,
                    place=(place.name, place.lat, place.lon),
                    anchor=(anchor.name, anchor.lat, anchor.lon),
                    stated_km=km,
                    direction=direction,
                )
            )
    return Distances(tuple(out), frozenset(appositive))


def checked_distance(
    *,
    index: int,
    sentence: Quote,
    text: str,
    place: tuple[str, float, float],
    anchor: tuple[str, float, float],
    stated_km: float,
    direction: str,
) -> DistanceCheck:
    """A stated distance from ``anchor`` to ``place`` (``(name, lat, lon)`` each), checked.

    The geodesic (WGS-84) against the statement: the verdict says whether they agree (within
    :data:`~geo.model.claims.DISTANCE_TOLERANCE`) or by how much they differ, and whether the
    place lies more than 45 degrees off the stated direction. Used for the claims found in
    a report and for the curated ones a store seeds.

    Examples
    --------
    >>> from geo.model.claims import Quote
    >>> check = checked_distance(index=0, sentence=Quote(0, 5, "x"), text="600 mi south of T",
    ...     place=("Murzuk", 25.9155, 13.9184), anchor=("Tripoli", 32.8874, 13.1873),
    ...     stated_km=965.6, direction="south")
    >>> check.verdict
    'off by 190 km (24%): stated 966 km (600 mi), geodesic 776 km (482 mi)'
    """
    place_name, place_lat, place_lon = place
    anchor_name, anchor_lat, anchor_lon = anchor
    km = stated_km
    geodesic = geodesic_distance((anchor_lat, anchor_lon), (place_lat, place_lon))
    computed, bearing = geodesic.km, geodesic.bearing_deg
    gap = km - computed
    off = abs(gap) / computed if computed else 1.0
    verdict = (
        f"consistent: stated {km:.0f} km, geodesic {computed:.0f} km"
        if off <= DISTANCE_TOLERANCE
        else f"off by {abs(gap):.0f} km ({off:.0%}): stated {km:.0f} km "
        f"({km / KM_PER_MILE:.0f} mi), geodesic {computed:.0f} km "
        f"({computed / KM_PER_MILE:.0f} mi)"
    )
    turn = abs((bearing - bearing_of(direction) + 180) % 360 - 180)
    if turn > 45:
        verdict += f"; and the place lies at {bearing:.0f}°, not {direction}"
    return DistanceCheck(
        index=index,
        sentence=sentence,
        text=text,
        place_name=place_name,
        anchor_name=anchor_name,
        stated_km=km,
        stated_direction=direction,
        computed_km=computed,
        computed_bearing_deg=bearing,
        verdict=verdict,
        place_lat=place_lat,
        place_lon=place_lon,
        anchor_lat=anchor_lat,
        anchor_lon=anchor_lon,
    )


def _subject(doc: Document, sentence: Quote, start: int, anchor: Place) -> ToponymMatch | None:
    """The place a distance is stated for: the last point-like name just before it.

    "Murzuq, an oasis town ... nearly 600 miles south of Tripoli": a name in the same
    sentence that ends at most 90 characters before the distance, set off by a comma or
    "is/lies/located".
    """
    # names are sorted by start: before ``earliest`` none can end within 90 characters
    earliest = max(sentence.start, start - 90 - doc.longest_name)
    for i in range(doc.toponym_index.before(start) - 1, -1, -1):
        t = doc.toponyms[i]
        if t.start < earliest:
            return None
        if (
            t.end <= start
            and start - t.end <= 90
            and t.place is not None
            and t.place.kind.value in _POINT_KINDS
            and t.place.id != anchor.id
            and _APPOSITION.search(doc.text[t.end : start])
        ):
            return t
    return None


def _offset_parts(doc: Document, m: re.Match[str], end: int) -> tuple[float, str, Place] | None:
    """The distance in km, the compass direction and the anchor of a distance phrase."""
    direction = direction_of(m.group("dir").replace("-", "")) if m.group("dir") else None
    if direction is None or direction == "central":
        return None
    value = _number(m.group("value"))
    if value is None or value <= 0:
        return None
    # "of Sirte"; "of the Somali capital, Mogadishu": a demonym or a country names no point
    # to measure from when a town follows
    near = [
        t
        for t in doc.toponym_index.starting(end, end + 45)
        if t.place and t.kind is not ToponymKind.DEMONYM
    ]
    anchor = next(
        (t for t in near if t.place is not None and t.place.kind.value != "country"),
        next((t for t in near if t.start < end + 31), None),
    )
    if anchor is None or anchor.place is None or doc.stray(anchor.place):
        return None
    unit = DISTANCE_UNITS[m.group("unit").lower()]
    km = value * (KM_PER_MILE if unit == "mi" else 1.0)
    if not km <= MAX_OFFSET_KM:  # "99999999 miles south of Sabha" places nothing
        return None
    return km, direction, anchor.place


def offset_place(
    doc: Document, lo: int, hi: int, *, appositive: frozenset[tuple[int, int]]
) -> ClaimedPlace | None:
    """The first offset place stated in ``doc.text[lo:hi]`` ("100 miles southwest of Sirte").

    The anchor's point moved along the geodesic; within 60 km it is near a town, farther a
    district; the radius (40 % of the distance, at least 5 km) covers the vagueness of a
    compass direction. Phrases in ``appositive`` describe a named place and are passed over.
    """
    text = doc.text
    if not _HAS_RELATIVE.search(text, lo, hi):
        return None
    clause = text[lo:hi]
    for m in _RELATIVE.finditer(clause):
        if (lo + m.start(), lo + m.end()) in appositive:
            continue  # "in Murzuq, nearly 600 miles south of Tripoli": Murzuq is the place
        parsed = _offset_parts(doc, m, lo + m.end())
        if parsed is None:
            continue
        km, direction, anchor_place = parsed
        anchor = doc.first_with_place[id(anchor_place)]
        assert anchor.place is not None
        lat2, lon2 = destination((anchor.place.lat, anchor.place.lon), bearing_of(direction), km)
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


def ring_place(doc: Document, lo: int, hi: int) -> ClaimedPlace | None:
    """The place of a distance with no direction in ``doc.text[lo:hi]`` ("150 miles outside X").

    The event lies on a ring around the anchor, which no point stands for: the place is
    the anchor with a radius that holds the ring (the distance times :data:`RING_SLACK`),
    a district or region by its size, never a point near the anchor. Tried after
    :func:`offset_place` (a compass direction gives a point).

    A distance phrase that describes a named place just before it ("Murzuq, 600 miles from
    Tripoli") is no place of its own.
    """
    text = doc.text
    if not _HAS_UNDIRECTED.search(text, lo, hi):
        return None
    for m in _UNDIRECTED.finditer(text, lo, hi):
        if any(
            t.end <= m.start()
            and m.start() - t.end <= 90
            and t.place is not None
            and t.place.kind.value in _POINT_KINDS
            and _APPOSITION.search(text[t.end : m.start()])
            for t in doc.toponym_index.within(max(lo, m.start() - 90 - doc.longest_name), m.start())
        ):
            continue  # "in Jilib, 40 km from Kismayo": Jilib is the place
        value = _number(m.group("value"))
        if value is None or value <= 0:
            continue
        near = [
            t
            for t in doc.toponym_index.starting(m.end(), m.end() + 45)
            if t.place and t.kind is not ToponymKind.DEMONYM
        ]
        anchor = next(
            (t for t in near if t.place is not None and t.place.kind.value != "country"), None
        )
        if anchor is None or anchor.place is None or doc.stray(anchor.place):
            continue
        unit = DISTANCE_UNITS[m.group("unit").lower()]
        km = value * (KM_PER_MILE if unit == "mi" else 1.0)
        if not km <= MAX_OFFSET_KM:
            continue
        radius = max(5.0, km * RING_SLACK)
        if radius <= 60:
            precision = LocationPrecision.NEAR_TOWN
        elif radius <= 150:
            precision = LocationPrecision.DISTRICT
        else:
            precision = LocationPrecision.REGION
        place = anchor.place
        return ClaimedPlace(
            name=f"{m.group(0).strip()} {anchor.text}",
            lat=place.lat,
            lon=place.lon,
            country_code=place.country_code,
            precision=precision,
            radius_km=radius,
            place_id="",
            anchor=place.name,
            offset_km=round(km, 1),
            bearing_deg=None,
            reason=f"{km:.0f} km from {place.label}, no direction given: the radius holds "
            "the ring around it",
        )
    return None


def _number(text: str) -> float | None:
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        value = parse_number_word(text)
        return None if value is None else float(value)
