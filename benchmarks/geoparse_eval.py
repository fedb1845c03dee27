"""Geoparsing accuracy and speed on GeoWebNews and GeoVirus, against a population baseline.

Run: .venv/bin/python benchmarks/geoparse_eval.py [--corpus gwn|geovirus|both]
        [--mode gold|e2e|both] [--system strikemap|population|both] [--limit N]
        [--data-dir DIR] [--gwn FILE] [--geovirus FILE] [--json FILE] [--errors FILE]
        [--cv K] [--misses-by-kind [--geonames-dir DIR]]

``--misses-by-kind`` adds the candidate ceiling (the share of gold toponyms one of whose
candidates lies within 161 km) and counts the toponyms no candidate reaches by kind of place
(US county, river, street, town ...; see ``benchmarks/geoparse_misses.py``).

The corpora are never copied into the project: by default they are read from
``../shared/eval/geoparsing/`` next to the repository (``GWN.xml``, ``GeoVirus.xml``). A corpus
that is absent is reported in one line and skipped; with none present the script exits 0.

Systems
-------
``strikemap``
    ``gazetteer.geoparse.toponyms``: ``resolve_toponyms(text, spans, gazetteer=...)`` with gold
    spans, ``find_toponyms(text, gazetteer=...)`` end to end.
``population``
    The baseline. For each gold span, ``Gazetteer.search(surface, limit=10)``; of the
    candidates matched by their exact or an alternate name (``reason`` starting with
    "exact name" or "alternate name"), the most populous. The index holds GeoNames
    populations for cities and countries but none for first-level divisions, regions and
    continents, so those compete with the population at which a town reaches the same
    prominence in the index (a US state counts as about 71,000 people); a pure population
    rule would send "Texas" to a Mexican hamlet. See :func:`baseline_population`. It has no
    recogniser, so it has no end-to-end rows.

Metrics
-------
Gold spans ("resolution"): every gold toponym with coordinates is given to the system with
its span; Acc@161 is the share whose predicted point lies within 161 km (geodesic, WGS-84) of
the gold point, an unresolved toponym counting as a miss; mean and median error in km are over
the resolved toponyms only. GeoWebNews also gets a table by gold type.

End to end: the system finds spans itself. A predicted span is a true positive when it equals
a target gold span exactly (GeoWebNews: type ``Literal`` with coordinates; GeoVirus: every
location). A predicted span that is not a true positive is *ignored* in the lenient precision
when it equals a non-target gold span (another type, or no coordinates), or overlaps one and
overlaps no target span; every other predicted span is a false positive. The strict precision
counts the ignored spans as false positives too. Recall is the same in both. Acc@161 is then
measured over the true positives.

Speed is documents per second through the geoparser calls only (XML parsing, opening the
gazetteer and a warm-up call are excluded and reported apart as cold start), on one CPU (the
process pins itself to one where the OS allows). Peak memory is the process's VmHWM.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ACC_RADIUS_KM = 161.0  # 100 miles: the customary threshold of geoparsing evaluations
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "eval" / "geoparsing"
GWN_FILE = "GWN.xml"
GEOVIRUS_FILE = "GeoVirus.xml"
GWN_E2E_TYPES = frozenset({"Literal"})
BASELINE_MATCHES = ("exact name", "alternate name")
WARM_UP_TEXT = "Fighting was reported near Tripoli, Libya, and in Paris."
WARM_UP_SPANS = [
    (WARM_UP_TEXT.index(name), WARM_UP_TEXT.index(name) + len(name))
    for name in ("Tripoli", "Libya", "Paris")
]

# Published Acc@161 with gold spans: (corpus key, system, figure). Mordecai 3 also reports
# 82.7 % on LGL and 87.3 % on TR-News, corpora not evaluated here.
REFERENCES = [("gwn", "Mordecai 3 (published)", 0.941)]

MODES = ("gold", "e2e")
SYSTEMS = ("strikemap", "population")
SYSTEM_LABELS = {"strikemap": "strikemap", "population": "population baseline"}

Resolver = Callable[..., Sequence[Any]]


# --- corpora --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One gold annotation: a 0-based, end-exclusive span, its type and its point if any."""

    start: int
    end: int
    name: str
    type: str
    lat: float | None = None
    lon: float | None = None
    ref: str = ""  # the gold's own reference: a GeoNames id (GWN), a Wikipedia page (GeoVirus)

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    """A parsed corpus; ``dropped`` says which annotations were left out and why."""

    key: str
    name: str
    path: str
    documents: tuple[Document, ...]
    e2e_types: frozenset[str] | None  # gold types an end-to-end system must find; None: all
    dropped: tuple[str, ...] = ()

    def is_target(self, toponym: GoldToponym) -> bool:
        """Whether end-to-end recognition must find this toponym."""
        return toponym.has_coordinates and (
            self.e2e_types is None or toponym.type in self.e2e_types
        )

    def first(self, limit: int | None) -> Corpus:
        """The corpus cut to its first ``limit`` documents (all if None)."""
        if limit is None:
            return self
        return replace(self, documents=self.documents[:limit])


def read_gwn(path: str | Path) -> Corpus:
    """GeoWebNews: ``<article file=..>`` with ``<text>`` and ``<toponyms><toponym>`` children.

    Offsets are 0-based and end-exclusive: ``text[start:end] == extractedName``. Toponyms
    without a point have empty ``<latitude/>``/``<longitude/>`` elements.
    """
    root = ET.parse(path).getroot()
    documents, dropped = [], []
    for number, article in enumerate(root.findall("article")):
        doc_id = article.get("file") or str(number)
        text = article.findtext("text") or ""
        toponyms = []
        for element in article.iterfind("toponyms/toponym"):
            name = element.findtext("extractedName") or ""
            start, end = _offset(element, "start"), _offset(element, "end")
            problem = _span_problem(text, name, start, end)
            if problem is None:
                try:
                    lat, lon = _point(element, "latitude", "longitude")
                except ValueError as exc:
                    problem = str(exc)
            if problem is not None:
                dropped.append(f"GWN document {doc_id}: {name!r} dropped, {problem}")
                continue
            assert start is not None and end is not None
            kind = (element.findtext("type") or "").strip()
            ref = (element.findtext("geonamesID") or "").strip()
            toponyms.append(GoldToponym(start, end, name, kind, lat, lon, ref))
        documents.append(Document(doc_id, text, tuple(toponyms)))
    return Corpus("gwn", "GeoWebNews", str(path), tuple(documents), GWN_E2E_TYPES, tuple(dropped))


def read_geovirus(path: str | Path) -> Corpus:
    """GeoVirus: ``<article>`` with ``<text>`` and ``<locations><location>`` children.

    Offsets are 1-based: ``text[start - 1:end - 1] == name``; they are shifted to 0-based
    here. Every location has ``<lat>``/``<lon>``; continents carry an empty ``<continent/>``
    and get type ``continent`` (the others ``location``). Locations nested inside another
    ``<location>`` (a slip in the published file) are read like the rest.
    """
    root = ET.parse(path).getroot()
    documents, dropped = [], []
    for number, article in enumerate(root.findall("article")):
        doc_id = str(number)
        text = article.findtext("text") or ""
        toponyms = []
        for element in article.iterfind("locations"):
            for location in element.iter("location"):
                name = location.findtext("name") or ""
                start, end = _offset(location, "start"), _offset(location, "end")
                start = None if start is None else start - 1
                end = None if end is None else end - 1
                problem = _span_problem(text, name, start, end)
                if problem is None:
                    try:
                        lat, lon = _point(location, "lat", "lon")
                    except ValueError as exc:
                        problem = str(exc)
                if problem is not None:
                    dropped.append(f"GeoVirus document {doc_id}: {name!r} dropped, {problem}")
                    continue
                assert start is not None and end is not None
                kind = "continent" if location.find("continent") is not None else "location"
                ref = (location.findtext("page") or "").strip()
                toponyms.append(GoldToponym(start, end, name, kind, lat, lon, ref))
        toponyms.sort(key=lambda t: (t.start, t.end))
        documents.append(Document(doc_id, text, tuple(toponyms)))
    return Corpus("geovirus", "GeoVirus", str(path), tuple(documents), None, tuple(dropped))


READERS = {"gwn": (GWN_FILE, read_gwn), "geovirus": (GEOVIRUS_FILE, read_geovirus)}
CORPUS_NAMES = {"gwn": "GeoWebNews", "geovirus": "GeoVirus"}


def _offset(element: ET.Element, tag: str) -> int | None:
    value = (element.findtext(tag) or "").strip()
    try:
        return int(value)
    except ValueError:
        return None


def _span_problem(text: str, name: str, start: int | None, end: int | None) -> str | None:
    if start is None or end is None:
        return "its start or end is not a whole number"
    if not 0 <= start < end <= len(text):
        return f"its offsets {start}-{end} fall outside the text ({len(text)} characters)"
    if text[start:end] != name:
        return f"the text at {start}-{end} reads {text[start:end]!r}"
    return None


def _point(element: ET.Element, lat_tag: str, lon_tag: str) -> tuple[float | None, float | None]:
    lat_text = (element.findtext(lat_tag) or "").strip()
    lon_text = (element.findtext(lon_tag) or "").strip()
    if not lat_text and not lon_text:
        return None, None
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise ValueError(f"its point ({lat_text!r}, {lon_text!r}) is not two numbers") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"its point ({lat}, {lon}) is out of range")
    return lat, lon


# --- systems --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """A resolved span, shaped like ``gazetteer.geoparse.ToponymMatch`` where it counts."""

    start: int
    end: int
    text: str
    place: Any | None  # anything with .lat and .lon, usually a gazetteer Place
    reason: str = ""


def pick_most_populous(candidates: Iterable[Any]) -> Any | None:
    """The baseline's choice among ``Gazetteer.search`` candidates: the most populous.

    Only candidates matched by their exact or an alternate name take part, compared by
    :func:`baseline_population`; ties go to the earlier (better-scored) candidate.
    """
    best, best_population = None, -1.0
    for candidate in candidates:
        if not str(getattr(candidate, "reason", "")).startswith(BASELINE_MATCHES):
            continue
        population = baseline_population(candidate.place)
        if population > best_population:
            best, best_population = candidate, population
    return best


def baseline_population(place: Any) -> float:
    """A place's population; for a place the index gives none, that of a town as prominent.

    Cities and countries carry their GeoNames population. First-level divisions, regions and
    continents carry 0, and a pure population rule would send "Texas" to a Mexican hamlet of
    993 people; so they get the population at which a plain town reaches the same prominence
    prior in the index (``0.75 * log10(population + 1) / 7``): about 71,000 for a US state
    at prominence 0.52, 46,000 for a continent at 0.5.
    """
    if place.population > 0:
        return float(place.population)
    return 10 ** (place.prominence * 7 / 0.75) - 1


def population_resolver(gazetteer: Any) -> Resolver:
    """The baseline as a resolver: ``resolve(text, spans)``; it cannot find spans itself."""
    from gazetteer.errors import InvalidQueryError

    def resolve(text: str, spans: Sequence[tuple[int, int]] | None = None) -> list[Prediction]:
        if spans is None:
            raise NotImplementedError("the population baseline only resolves given spans")
        out = []
        for start, end in spans:
            surface = " ".join(text[start:end].split())
            try:
                candidates = gazetteer.search(surface, limit=10)
            except InvalidQueryError as exc:
                out.append(Prediction(start, end, surface, None, f"query rejected: {exc}"))
                continue
            best = pick_most_populous(candidates)
            if best is None:
                out.append(Prediction(start, end, surface, None, "no exact or alternate name"))
            else:
                out.append(Prediction(start, end, surface, best.place, best.reason))
        return out

    return resolve


def strikemap_resolver(gazetteer: Any) -> Resolver:
    """The project's geoparser: ``resolve(text, spans)`` or, with no spans, ``resolve(text)``."""
    from gazetteer.geoparse.toponyms import find_toponyms, resolve_toponyms

    def resolve(text: str, spans: Sequence[tuple[int, int]] | None = None) -> Sequence[Any]:
        if spans is None:
            return find_toponyms(text, gazetteer=gazetteer)
        return resolve_toponyms(text, list(spans), gazetteer=gazetteer)

    return resolve


# --- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """A miss, for error analysis: gold and prediction side by side."""

    doc_id: str
    start: int
    end: int
    surface: str
    gold_type: str
    gold_lat: float | None
    gold_lon: float | None
    predicted: str
    pred_lat: float | None
    pred_lon: float | None
    error_km: float | None
    miss: str  # unresolved | far | not found | spurious | ignored
    reason: str = ""


@dataclass
class GoldScores:
    """Resolution with gold spans."""

    corpus: str
    system: str
    documents: int = 0
    toponyms: int = 0
    correct: int = 0
    errors_km: list[float] = field(default_factory=list)
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [count, correct]
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    misses: list[Outcome] = field(default_factory=list)
    mode: str = "gold"
    # far misses that name the very country holding the gold point: the corpus places a
    # country's point elsewhere than the system does (a convention, not a wrong country)
    country_elsewhere: int = 0
    # each resolved toponym's confidence (when the system gives one) and whether it is right
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    # unresolved toponyms whose area from context (ToponymMatch.area) lies within 161 km
    area_correct: int = 0

    @property
    def resolved(self) -> int:
        return len(self.errors_km)

    @property
    def unresolved(self) -> int:
        return self.toponyms - self.resolved

    @property
    def acc161(self) -> float | None:
        return _ratio(self.correct, self.toponyms)

    @property
    def acc161_with_areas(self) -> float | None:
        """Acc@161 counting an unresolved toponym's area from context as its answer."""
        return _ratio(self.correct + self.area_correct, self.toponyms)

    @property
    def mean_km(self) -> float | None:
        return statistics.fmean(self.errors_km) if self.errors_km else None

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None

    @property
    def docs_per_s(self) -> float | None:
        return self.documents / self.seconds if self.seconds > 0 else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "system": self.system,
            "mode": self.mode,
            "documents": self.documents,
            "toponyms": self.toponyms,
            "resolved": self.resolved,
            "unresolved": self.unresolved,
            "correct_161km": self.correct,
            "acc161": self.acc161,
            "acc161_with_areas": self.acc161_with_areas,
            "mean_error_km": self.mean_km,
            "median_error_km": self.median_km,
            "by_type": {
                kind: {"count": n, "correct": ok, "acc161": _ratio(ok, n)}
                for kind, (n, ok) in sorted(self.by_type.items())
            },
            "seconds": self.seconds,
            "docs_per_s": self.docs_per_s,
            "failures": self.failures,
            "country_elsewhere": self.country_elsewhere,
            "reliability": reliability(self.confidences),
            "kept_at_threshold": kept_at(self.confidences, self.toponyms),
        }


@dataclass
class EndToEndScores:
    """Recognition and resolution together."""

    corpus: str
    system: str
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    true_positives: int = 0
    false_positives: int = 0
    ignored: int = 0
    correct: int = 0
    errors_km: list[float] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    misses: list[Outcome] = field(default_factory=list)
    mode: str = "e2e"

    @property
    def precision(self) -> float | None:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def precision_strict(self) -> float | None:
        fp = self.false_positives + self.ignored
        return _ratio(self.true_positives, self.true_positives + fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.true_positives, self.gold)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    @property
    def f1_strict(self) -> float | None:
        return _f1(self.precision_strict, self.recall)

    @property
    def acc161_found(self) -> float | None:
        return _ratio(self.correct, self.true_positives)

    @property
    def docs_per_s(self) -> float | None:
        return self.documents / self.seconds if self.seconds > 0 else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "system": self.system,
            "mode": self.mode,
            "documents": self.documents,
            "gold_spans": self.gold,
            "predicted_spans": self.predicted,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "ignored": self.ignored,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "precision_strict": self.precision_strict,
            "f1_strict": self.f1_strict,
            "found_correct_161km": self.correct,
            "found_resolved": len(self.errors_km),
            "acc161_found": self.acc161_found,
            "mean_error_km_found": statistics.fmean(self.errors_km) if self.errors_km else None,
            "median_error_km_found": statistics.median(self.errors_km) if self.errors_km else None,
            "seconds": self.seconds,
            "docs_per_s": self.docs_per_s,
            "failures": self.failures,
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(
    corpus: Corpus, resolver: Resolver, *, mode: str, system: str = ""
) -> GoldScores | EndToEndScores:
    """Score ``resolver`` on ``corpus``.

    ``mode="gold"`` calls ``resolver(text, spans)`` once per document with the spans of its
    gold toponyms that have coordinates (0-based, end-exclusive) and expects one match per
    span, in order. ``mode="e2e"`` calls ``resolver(text)`` and takes every match it returns.
    A match needs ``.start``, ``.end`` and ``.place`` (``None`` or anything with ``.lat`` and
    ``.lon``). A document whose call fails is reported in ``failures`` and its toponyms count
    as unresolved (gold) or not found (e2e); the other documents are scored as usual.
    """
    if mode == "gold":
        return _evaluate_gold(corpus, resolver, system)
    if mode == "e2e":
        return _evaluate_e2e(corpus, resolver, system)
    raise ValueError(f"mode must be 'gold' or 'e2e', got {mode!r}")


def _evaluate_gold(corpus: Corpus, resolver: Resolver, system: str) -> GoldScores:
    scores = GoldScores(corpus.key, system)
    for doc in corpus.documents:
        gold = [t for t in doc.toponyms if t.has_coordinates]
        if not gold:
            continue
        spans = [(t.start, t.end) for t in gold]
        t0 = time.perf_counter()
        try:
            matches = list(resolver(doc.text, spans))
        except Exception as exc:  # reported per document, the others still count
            scores.seconds += time.perf_counter() - t0
            scores.failures.append(f"document {doc.id}: {type(exc).__name__}: {exc}")
            matches = [None] * len(gold)
        else:
            scores.seconds += time.perf_counter() - t0
            if len(matches) != len(gold):
                scores.failures.append(
                    f"document {doc.id}: {len(matches)} matches returned for {len(gold)} spans"
                )
                matches = [None] * len(gold)
        scores.documents += 1
        for toponym, match in zip(gold, matches, strict=True):
            scores.toponyms += 1
            tally = scores.by_type.setdefault(toponym.type, [0, 0])
            tally[0] += 1
            point = _predicted_point(match)
            if point is None:
                scores.misses.append(_outcome(doc, toponym, match, None, "unresolved"))
                area = getattr(match, "area", None)
                if area is not None and _error_km(toponym, (area.lat, area.lon)) <= ACC_RADIUS_KM:
                    scores.area_correct += 1
                continue
            error_km = _error_km(toponym, point)
            scores.errors_km.append(error_km)
            confidence = getattr(match, "confidence", None)
            if confidence is not None:
                scores.confidences.append((float(confidence), error_km <= ACC_RADIUS_KM))
            if error_km <= ACC_RADIUS_KM:
                scores.correct += 1
                tally[1] += 1
            else:
                scores.misses.append(_outcome(doc, toponym, match, error_km, "far"))
                if _names_the_country_holding(match, toponym):
                    scores.country_elsewhere += 1
    return scores


def _names_the_country_holding(match: Any, toponym: GoldToponym) -> bool:
    """Whether the prediction is a country, and the gold point lies inside that country."""
    from gazetteer.basemap import country_at

    place = getattr(match, "place", None)
    kind = getattr(getattr(place, "kind", None), "value", getattr(place, "kind", None))
    if kind != "country" or toponym.lat is None or toponym.lon is None:
        return False
    return country_at(toponym.lat, toponym.lon) == getattr(place, "country_code", None)


def _evaluate_e2e(corpus: Corpus, resolver: Resolver, system: str) -> EndToEndScores:
    scores = EndToEndScores(corpus.key, system)
    for doc in corpus.documents:
        targets = {(t.start, t.end): t for t in doc.toponyms if corpus.is_target(t)}
        others = [t for t in doc.toponyms if not corpus.is_target(t)]
        t0 = time.perf_counter()
        try:
            matches = list(resolver(doc.text))
        except Exception as exc:  # reported per document, the others still count
            scores.failures.append(f"document {doc.id}: {type(exc).__name__}: {exc}")
            matches = []
        scores.seconds += time.perf_counter() - t0
        scores.documents += 1
        scores.gold += len(targets)
        found = set()
        for match in matches:
            span = (match.start, match.end)
            if span in found:
                continue
            found.add(span)
            scores.predicted += 1
            toponym = targets.get(span)
            if toponym is not None:
                scores.true_positives += 1
                point = _predicted_point(match)
                if point is None:
                    scores.misses.append(_outcome(doc, toponym, match, None, "unresolved"))
                    continue
                error_km = _error_km(toponym, point)
                scores.errors_km.append(error_km)
                if error_km <= ACC_RADIUS_KM:
                    scores.correct += 1
                else:
                    scores.misses.append(_outcome(doc, toponym, match, error_km, "far"))
                continue
            excuse = _non_target_overlap(span, targets, others)
            spurious = GoldToponym(span[0], span[1], doc.text[span[0] : span[1]], "")
            if excuse is None:
                scores.false_positives += 1
                scores.misses.append(_outcome(doc, spurious, match, None, "spurious"))
            else:
                scores.ignored += 1
                shown = replace(spurious, type=excuse.type)
                scores.misses.append(_outcome(doc, shown, match, None, "ignored"))
        for span, toponym in targets.items():
            if span not in found:
                scores.misses.append(_outcome(doc, toponym, None, None, "not found"))
    return scores


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _non_target_overlap(
    span: tuple[int, int], targets: dict[tuple[int, int], GoldToponym], others: list[GoldToponym]
) -> GoldToponym | None:
    """The non-target gold toponym that excuses a predicted span from the lenient precision.

    Equal to a non-target span, or overlapping one while overlapping no target span.
    """
    for other in others:
        if (other.start, other.end) == span:
            return other
    if any(_overlaps(span, target) for target in targets):
        return None
    for other in others:
        if _overlaps(span, (other.start, other.end)):
            return other
    return None


def _predicted_point(match: Any) -> tuple[float, float] | None:
    place = getattr(match, "place", None) if match is not None else None
    if place is None:
        return None
    return float(place.lat), float(place.lon)


def _error_km(toponym: GoldToponym, point: tuple[float, float]) -> float:
    from gazetteer.geodesy import geodesic_distance

    assert toponym.lat is not None and toponym.lon is not None
    return geodesic_distance((toponym.lat, toponym.lon), point).km


def _outcome(
    doc: Document, toponym: GoldToponym, match: Any, error_km: float | None, miss: str
) -> Outcome:
    place = getattr(match, "place", None) if match is not None else None
    predicted = ""
    if place is not None:
        label = getattr(place, "label", None) or getattr(place, "name", "")
        pid = getattr(place, "id", "")
        predicted = f"{label} [{pid}]" if pid else str(label)
    return Outcome(
        doc_id=doc.id,
        start=toponym.start,
        end=toponym.end,
        surface=" ".join(doc.text[toponym.start : toponym.end].split()),
        gold_type=toponym.type,
        gold_lat=toponym.lat,
        gold_lon=toponym.lon,
        predicted=predicted,
        pred_lat=None if place is None else float(place.lat),
        pred_lon=None if place is None else float(place.lon),
        error_km=error_km,
        miss=miss,
        reason=" ".join(str(getattr(match, "reason", "") or "").split()),
    )


# --- report ---------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _num(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


#: Lower edges of the confidence bins of the reliability curve.
RELIABILITY_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def reliability(confidences: Sequence[tuple[float, bool]]) -> list[dict[str, Any]]:
    """Per confidence bin: its range, how many resolved toponyms, and their Acc@161."""
    out = []
    for i, low in enumerate(RELIABILITY_BINS):
        last = i + 1 == len(RELIABILITY_BINS)
        high = 1.0 if last else RELIABILITY_BINS[i + 1]
        inside = [ok for c, ok in confidences if low <= c < high or (last and c == 1.0)]
        out.append(
            {
                "bin": f"{low:.1f}-{high:.1f}",
                "places": len(inside),
                "acc161": _ratio(sum(inside), len(inside)),
            }
        )
    return out


def kept_at(confidences: Sequence[tuple[float, bool]], toponyms: int) -> dict[str, Any]:
    """The toponyms kept at the ranker's default threshold: how many, and their Acc@161."""
    from gazetteer.geoparse.ranker import DEFAULT_THRESHOLD

    kept = [ok for c, ok in confidences if c >= DEFAULT_THRESHOLD]
    return {
        "threshold": DEFAULT_THRESHOLD,
        "kept": len(kept),
        "share_of_toponyms": _ratio(len(kept), toponyms),
        "acc161": _ratio(sum(kept), len(kept)),
    }


def cross_validate(corpora: dict[str, Corpus], folds: int) -> dict[str, Any]:
    """The ranker trained on all but one fold of documents, scored on that fold, K times.

    Needs scikit-learn (``pip install -e .[train]``); see ``tools/train_ranker.py``.
    """
    sys.path.insert(0, str(REPO_ROOT))
    from gazetteer.search import Gazetteer
    from tools import train_ranker

    documents = [
        (key, doc)
        for key, corpus in corpora.items()
        for doc in corpus.documents
        if any(t.has_coordinates for t in doc.toponyms)
    ]
    gazetteer = Gazetteer.open()
    examples = train_ranker.collect(documents, gazetteer)
    held, _ = train_ranker.cross_validate(documents, gazetteer, examples, folds)
    return {
        "folds": folds,
        "acc161": train_ranker.acc(held.tally),
        "acc161_with_areas": train_ranker.acc(held.tally, with_areas=True),
        "toponyms": {k: t[0] for k, t in held.tally.items()},
        "reliability": reliability(held.matches),
        "kept_at_threshold": kept_at(held.matches, sum(t[0] for t in held.tally.values())),
    }


def render_reliability(
    results: Sequence[GoldScores | EndToEndScores], cv: dict[str, Any] | None
) -> list[str]:
    """The reliability curve (confidence bins against Acc@161), fitted and cross-validated."""
    rows = [r for r in results if isinstance(r, GoldScores) and r.confidences]
    if not rows:
        return []
    columns = [(f"{CORPUS_NAMES[r.corpus]} (fitted)", reliability(r.confidences)) for r in rows]
    kept = [
        (f"{CORPUS_NAMES[r.corpus]} (fitted)", kept_at(r.confidences, r.toponyms)) for r in rows
    ]
    if cv:
        columns.append(("both, held-out documents", cv["reliability"]))
        kept.append(("both, held-out documents", cv["kept_at_threshold"]))
    lines = [
        "### Reliability: confidence against Acc@161, gold spans",
        "",
        "| Confidence | " + " | ".join(label for label, _ in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for i, first in enumerate(columns[0][1]):
        cells = " | ".join(
            f"{_pct(bins[i]['acc161'])} ({bins[i]['places']:,})" for _, bins in columns
        )
        lines.append(f"| {first['bin']} | {cells} |")
    lines.append("")
    for label, k in kept:
        lines.append(
            f"- {label}: at the default threshold {k['threshold']:g}, {k['kept']:,} places kept "
            f"({_pct(k['share_of_toponyms'])} of the toponyms), Acc@161 {_pct(k['acc161'])}."
        )
    lines.append("")
    return lines


def render_cv(cv: dict[str, Any], results: Sequence[GoldScores | EndToEndScores]) -> list[str]:
    """Cross-validated Acc@161 beside the fitted one (the shipped model)."""
    fitted = {r.corpus: r for r in results if isinstance(r, GoldScores) and r.system == "strikemap"}
    lines = [
        f"### Learned ranker: fitted and cross-validated by document ({cv['folds']} folds)",
        "",
        "| Corpus | Toponyms | Acc@161 fitted (shipped model) | Acc@161 held-out documents "
        "| with areas, fitted | with areas, held-out |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, value in cv["acc161"].items():
        r = fitted.get(key)
        lines.append(
            f"| {CORPUS_NAMES[key]} | {cv['toponyms'][key]:,} | {_pct(r.acc161 if r else None)} "
            f"| {_pct(value)} | {_pct(r.acc161_with_areas if r else None)} "
            f"| {_pct(cv['acc161_with_areas'][key])} |"
        )
    lines.append("")
    return lines


def render_markdown(
    results: Sequence[GoldScores | EndToEndScores],
    corpora: dict[str, Corpus],
    *,
    limit: int | None = None,
    notes: Sequence[str] = (),
    extra: Sequence[str] = (),
) -> str:
    """The tables, in Markdown, ready for the README (``extra``: more lines before notes)."""
    lines: list[str] = []
    gold = [r for r in results if isinstance(r, GoldScores)]
    e2e = [r for r in results if isinstance(r, EndToEndScores)]
    subset = f" (first {limit} documents of each corpus)" if limit is not None else ""
    if gold:
        lines += [
            f"### Toponym resolution with gold spans{subset}",
            "",
            "| Corpus | System | Toponyms | Acc@161 | Acc@161 with areas | Mean error (km) "
            "| Median error (km) | Unresolved | Docs/s |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for key in corpora:
            for r in (r for r in gold if r.corpus == key):
                lines.append(
                    f"| {CORPUS_NAMES[key]} | {SYSTEM_LABELS.get(r.system, r.system)} "
                    f"| {r.toponyms:,} | {_pct(r.acc161)} | {_pct(r.acc161_with_areas)} "
                    f"| {_num(r.mean_km)} "
                    f"| {_num(r.median_km)} | {r.unresolved:,} | {_num(r.docs_per_s, 1)} |"
                )
            for ref_key, label, figure in REFERENCES:
                if ref_key == key:
                    lines.append(
                        f"| {CORPUS_NAMES[key]} | {label} | – | {_pct(figure)} | – "
                        "| – | – | – | – |"
                    )
        lines.append("")
        gwn = [r for r in gold if r.corpus == "gwn"]
        if gwn:
            kinds = sorted(
                {k for r in gwn for k in r.by_type}, key=lambda k: -gwn[0].by_type.get(k, [0])[0]
            )
            header = " | ".join(SYSTEM_LABELS.get(r.system, r.system) for r in gwn)
            lines += [
                f"### GeoWebNews Acc@161 by gold type, gold spans{subset}",
                "",
                f"| Type | Toponyms | {header} |",
                "|---|---:|" + "---:|" * len(gwn),
            ]
            for kind in kinds:
                count = max(r.by_type.get(kind, [0, 0])[0] for r in gwn)
                cells = " | ".join(
                    _pct(_ratio(r.by_type.get(kind, [0, 0])[1], r.by_type.get(kind, [0, 0])[0]))
                    for r in gwn
                )
                lines.append(f"| {kind} | {count:,} | {cells} |")
            lines.append("")
    if e2e:
        lines += [
            f"### End to end: recognition and resolution{subset}",
            "",
            "| Corpus | System | Gold spans | Found | Precision | Recall | F1 "
            "| Precision (strict) | F1 (strict) | Acc@161 of found | Docs/s |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for key in corpora:
            for r in (r for r in e2e if r.corpus == key):
                lines.append(
                    f"| {CORPUS_NAMES[key]} | {SYSTEM_LABELS.get(r.system, r.system)} "
                    f"| {r.gold:,} | {r.true_positives:,} | {_pct(r.precision)} "
                    f"| {_pct(r.recall)} | {_pct(r.f1)} | {_pct(r.precision_strict)} "
                    f"| {_pct(r.f1_strict)} | {_pct(r.acc161_found)} | {_num(r.docs_per_s, 1)} |"
                )
        lines.append("")
    lines += list(extra)
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines).rstrip() + "\n"


ERROR_COLUMNS = [
    "corpus",
    "system",
    "mode",
    "doc_id",
    "start",
    "end",
    "surface",
    "gold_type",
    "gold_lat",
    "gold_lon",
    "predicted",
    "pred_lat",
    "pred_lon",
    "error_km",
    "miss",
    "reason",
]


def write_errors(path: str | Path, results: Sequence[GoldScores | EndToEndScores]) -> int:
    """Write every miss as a TSV row; return how many rows were written."""
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(ERROR_COLUMNS)
        for result in results:
            for m in result.misses:
                writer.writerow(
                    [
                        result.corpus,
                        result.system,
                        result.mode,
                        m.doc_id,
                        m.start,
                        m.end,
                        m.surface,
                        m.gold_type,
                        "" if m.gold_lat is None else m.gold_lat,
                        "" if m.gold_lon is None else m.gold_lon,
                        m.predicted,
                        "" if m.pred_lat is None else m.pred_lat,
                        "" if m.pred_lon is None else m.pred_lon,
                        "" if m.error_km is None else f"{m.error_km:.1f}",
                        m.miss,
                        m.reason,
                    ]
                )
                rows += 1
    return rows


def peak_memory_mb() -> float | None:
    """The process's peak resident memory (VmHWM), in MB; None where /proc is missing."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def pin_to_one_cpu() -> int | None:
    """Pin this process to one CPU, so that docs/s is a one-core figure; return which."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


# --- command line ---------------------------------------------------------------------------


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geoparse_eval.py",
        description="Geoparsing accuracy and speed on GeoWebNews and GeoVirus.",
    )
    parser.add_argument("--corpus", choices=["gwn", "geovirus", "both"], default="both")
    parser.add_argument("--mode", choices=["gold", "e2e", "both"], default="both")
    parser.add_argument("--system", choices=["strikemap", "population", "both"], default="both")
    parser.add_argument(
        "--limit", type=_positive_int, metavar="N", help="only the first N documents"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=DEFAULT_DATA_DIR,
        help=f"folder holding {GWN_FILE} and {GEOVIRUS_FILE} (default ../shared/eval/geoparsing)",
    )
    parser.add_argument(
        "--gwn", type=Path, metavar="FILE", help=f"GeoWebNews file (default DATA_DIR/{GWN_FILE})"
    )
    parser.add_argument(
        "--geovirus",
        type=Path,
        metavar="FILE",
        help=f"GeoVirus file (default DATA_DIR/{GEOVIRUS_FILE})",
    )
    parser.add_argument(
        "--cv",
        type=int,
        metavar="K",
        default=0,
        help="also cross-validate the learned ranker, K folds over documents (needs "
        "scikit-learn: pip install -e .[train])",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write all figures here")
    parser.add_argument("--errors", type=Path, metavar="FILE", help="write a TSV of misses here")
    parser.add_argument(
        "--misses-by-kind",
        action="store_true",
        help="also count the gold toponyms no candidate reaches (the ceiling of Acc@161), by "
        "kind of place (see benchmarks/geoparse_misses.py)",
    )
    parser.add_argument(
        "--geonames-dir",
        type=Path,
        metavar="DIR",
        default=None,
        help="GeoNames tables that tell a gold id's kind for --misses-by-kind (default "
        "../shared/data/geonames)",
    )
    return parser


class CorpusError(ValueError):
    """A corpus file exists but cannot be read as XML."""


def load_corpora(args: argparse.Namespace) -> dict[str, Corpus]:
    """The requested corpora that exist; one line on stdout for each that does not.

    Raises
    ------
    CorpusError
        If a corpus file is not well-formed XML.
    """
    keys = ["gwn", "geovirus"] if args.corpus == "both" else [args.corpus]
    corpora = {}
    for key in keys:
        filename, reader = READERS[key]
        path = getattr(args, key) or args.data_dir / filename
        if not Path(path).is_file():
            print(
                f"{CORPUS_NAMES[key]} corpus not found at {path}: skipped. Pass --{key} FILE "
                f"or --data-dir DIR (see ../shared/eval/README.md)."
            )
            continue
        try:
            corpora[key] = reader(path).first(args.limit)
        except ET.ParseError as exc:
            raise CorpusError(
                f"cannot read {str(path)!r} as a {CORPUS_NAMES[key]} corpus: {exc}"
            ) from None
    return corpora


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        corpora = load_corpora(args)
    except CorpusError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not corpora:
        print("No corpus to evaluate; nothing done.")
        return 0
    systems = list(SYSTEMS) if args.system == "both" else [args.system]
    modes = list(MODES) if args.mode == "both" else [args.mode]
    cpu = pin_to_one_cpu()

    from gazetteer.errors import StrikemapError
    from gazetteer.search import Gazetteer

    notes: list[str] = []
    t0 = time.perf_counter()
    try:
        gazetteer = Gazetteer.open()
    except StrikemapError as exc:
        print(f"cannot open the gazetteer: {exc}", file=sys.stderr)
        return 1
    open_s = time.perf_counter() - t0
    notes.append(f"Opening the gazetteer took {open_s:.2f} s (excluded from docs/s).")

    resolvers: dict[str, Resolver] = {}
    for system in systems:
        factory = strikemap_resolver if system == "strikemap" else population_resolver
        t0 = time.perf_counter()
        try:
            resolver = factory(gazetteer)
        except ImportError as exc:
            print(f"{system}: geoparser unavailable ({exc}); skipped.", file=sys.stderr)
            notes.append(f"{SYSTEM_LABELS[system]}: not evaluated, its import failed ({exc}).")
            continue
        try:
            resolver(WARM_UP_TEXT, WARM_UP_SPANS)
            if system != "population" and "e2e" in modes:
                resolver(WARM_UP_TEXT)
        except Exception as exc:  # a broken geoparser: say so in one line, run the others
            print(
                f"{system}: warm-up call failed ({type(exc).__name__}: {exc}); skipped.",
                file=sys.stderr,
            )
            notes.append(f"{SYSTEM_LABELS[system]}: not evaluated, its warm-up call failed.")
            continue
        resolvers[system] = resolver
        notes.append(
            f"{SYSTEM_LABELS[system]}: import and warm-up {time.perf_counter() - t0:.2f} s "
            "(excluded from docs/s)."
        )
    if not resolvers:
        print("no geoparser to evaluate; try --system population", file=sys.stderr)
        return 1

    results: list[GoldScores | EndToEndScores] = []
    for corpus in corpora.values():
        for system, resolver in resolvers.items():
            for mode in modes:
                if mode == "e2e" and system == "population":
                    continue
                result = evaluate(corpus, resolver, mode=mode, system=system)
                results.append(result)
                print(
                    f"{corpus.name} · {system} · {mode}: {result.documents} documents, "
                    f"{result.seconds:.2f} s in the geoparser",
                    file=sys.stderr,
                )
                for failure in result.failures:
                    print(f"  {corpus.name} {system} {mode}: {failure}", file=sys.stderr)

    if not results:
        print("nothing evaluated: the population baseline has no end-to-end mode", file=sys.stderr)
    peak = peak_memory_mb()
    if "population" in resolvers and "e2e" in modes:
        notes.append("The population baseline only resolves given spans: no end-to-end row.")
    for corpus in corpora.values():
        with_point = sum(t.has_coordinates for d in corpus.documents for t in d.toponyms)
        total = sum(len(d.toponyms) for d in corpus.documents)
        notes.append(
            f"{corpus.name}: {corpus.path}, {len(corpus.documents)} documents, {total:,} gold "
            f"toponyms ({with_point:,} with coordinates); {len(corpus.dropped)} annotations "
            "dropped for offsets that do not match the text."
        )
    if "gwn" in corpora and "gold" in modes:
        notes.append(
            "Mordecai 3 is the published figure on the whole of GeoWebNews with gold spans; it "
            "also reports 82.7 % on LGL and 87.3 % on TR-News, corpora not evaluated here."
        )
    if "gwn" in corpora and "e2e" in modes:
        notes.append(
            "GeoWebNews end to end: targets are gold toponyms of type Literal with coordinates; "
            "a predicted span equal to another gold annotation, or overlapping one and no "
            "target, is left out of the lenient precision and counted as wrong in the strict one."
        )
    for r in results:
        if isinstance(r, GoldScores) and r.country_elsewhere:
            notes.append(
                f"{CORPUS_NAMES[r.corpus]} · {SYSTEM_LABELS.get(r.system, r.system)}: "
                f"{r.country_elsewhere:,} misses ({100 * r.country_elsewhere / r.toponyms:.1f} "
                "points) name the very country that holds the gold point, more than 161 km "
                "from it: the corpus puts that country's point elsewhere."
            )
    if any(r.failures for r in results):
        notes.append(f"{sum(len(r.failures) for r in results)} document calls failed; see stderr.")
    where = f"pinned to CPU {cpu}" if cpu is not None else "not pinned"
    notes.append(
        f"One process, {where}; peak resident memory (VmHWM) {_num(peak)} MB; "
        f"Acc@161 counts errors of at most {ACC_RADIUS_KM:g} km (geodesic, WGS-84)."
    )
    cv = None
    if args.cv and "strikemap" in resolvers and "gold" in modes:
        t0 = time.perf_counter()
        try:
            cv = cross_validate(corpora, args.cv)
        except ImportError as exc:
            notes.append(f"Cross-validation skipped: {exc} (pip install -e .[train]).")
        else:
            notes.append(
                f"Cross-validation by document: {args.cv} folds, each model trained on the "
                f"other folds' documents, {time.perf_counter() - t0:.0f} s."
            )
    misses = None
    if args.misses_by_kind and "strikemap" in resolvers:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import geoparse_misses as gm

        tables = gm.GeoNamesTables.read(args.geonames_dir or gm.GEONAMES_DIR)
        misses = [
            gm.tally_misses(corpus, gazetteer, tables, ACC_RADIUS_KM) for corpus in corpora.values()
        ]
    extra = render_cv(cv, results) if cv else []
    if misses:
        extra += gm.render(misses, CORPUS_NAMES)
    extra += render_reliability(results, cv)
    print(render_markdown(results, corpora, limit=args.limit, notes=notes, extra=extra), end="")

    if args.json:
        payload = {
            "acc_radius_km": ACC_RADIUS_KM,
            "limit": args.limit,
            "corpora": {
                key: {
                    "name": c.name,
                    "path": c.path,
                    "documents": len(c.documents),
                    "toponyms": sum(len(d.toponyms) for d in c.documents),
                    "dropped": list(c.dropped),
                }
                for key, c in corpora.items()
            },
            "results": [r.as_dict() for r in results],
            "references": [
                {"corpus": k, "system": label, "mode": "gold", "acc161": figure}
                for k, label, figure in REFERENCES
            ],
            "gazetteer_open_s": open_s,
            "cpu": cpu,
            "peak_memory_mb": peak,
            "cross_validation": cv,
            "misses_by_kind": [m.as_dict() for m in misses] if misses else None,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if args.errors:
        rows = write_errors(args.errors, results)
        print(f"{rows:,} misses written to {args.errors}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
