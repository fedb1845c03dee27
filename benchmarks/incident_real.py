"""Incident extraction scored on real articles: the JSON corpora of ``../shared/eval/incidents``.

Used by ``benchmarks/incident_eval.py --real [FILE ...]`` (see its ``--help``); benchmarks/ is
not a package, so that script puts this folder on ``sys.path`` and imports this module.

Corpus
------
A JSON list of articles ``{id, published, outlet, url, text, notes, gold}``; ``gold`` lists the
strikes the article reports, ``{date, lat, lon, tol_km, killed: [lo, hi] | null, group,
secondary?}``. Items that share a ``group`` are one real strike reported by several articles.
The texts are third-party: they are read at run time, written only to a temporary folder that
is deleted afterwards, and never printed except as the short quotes of ``--errors`` (stdout);
the ``--json`` metrics carry ids and figures, no text.

Pipeline
--------
Every article becomes a report file ``<id>.txt`` in a temporary folder, headed by the
``Outlet:``, ``Published:`` and ``URL:`` lines taken from the JSON (the header ``strikemap
ingest`` reads from any report file), and one ``strikemap ingest --db NEW --json FILE...``
ingests them all into a new database, in chronological order (``published``, then ``id``).
``strikemap incidents --db NEW --json`` gives the incidents that are scored. An article the
command refuses is reported and has produced nothing.

Matching
--------
A gold *strike* is a group. An extracted incident is *compatible* with a strike when:

1. **date**: the rule of the corpus benchmark (:func:`incident_eval.date_check`): the incident's
   range overlaps the strike's day and is at most one day wider (two days at most): one day of
   slack for time zones and night-time strikes, no more ("last week" never matches a day);
2. **place**: the geodesic (WGS-84) distance from the incident's point to the gold point is at
   most the gold ``tol_km``. The incident's own radius is *not* added: a country-level incident
   would otherwise match every strike in the country. An incident without a point never matches.

Tolls do not take part in matching; they are scored on the matched pairs. Matching is one to one
and optimal: the largest number of (strike, incident) pairs among compatible ones (the Hungarian
algorithm, :func:`assign_one_to_one`), and among assignments of that size the one preferring,
for each strike, the incident carrying more of the strike's articles, then the closer date, then
the closer point. A second incident for a strike is therefore a false positive (a *duplicate*).

A *secondary* strike is a group whose every item is ``secondary`` (only recalled in passing): an
incident matched to it is neither a true nor a false positive, and it is not required for
recall. A group reported as news by one article and only recalled by another is primary.

Metrics
-------
- precision = incidents matched to primary strikes / (incidents - incidents matched to
  secondary strikes); recall = primary strikes matched / primary strikes.
- linking, over the primary strikes *reported* (not only recalled) by two or more articles:
  the share whose matched incident carries claims from all of those articles ("all") and from
  more than half of them ("most"); an unmatched strike is not linked. A matched incident is
  *over-linked* when it carries claims from an article that has no gold item for its strike.
- toll, over the matched strikes whose gold gives a toll: the share of incidents whose
  [low, high] lies within the strike's gold range, the union of its articles' ranges
  (``[min lo, max hi]``, an open ``hi`` = open-ended). An incident without a toll disagrees.
  Per claim: each claim (in a matched incident) from an article whose own gold item for that
  strike has a toll, judged against that article's range.
- false alarms: incidents carrying claims from the articles whose gold is empty.
- the headline figures are at the default confidence threshold: incidents whose status is
  ``candidate`` (confidence below ``geo.store.linking.CANDIDATE_THRESHOLD``) are left out, as
  maps and exports leave them out; "with candidates" repeats precision and recall over every
  incident. The precision-recall curve sweeps the incident's ``confidence`` (as ``strikemap
  incidents --json`` prints it; the highest of its claims' for output without one) over
  0.0, 0.1 ... 0.9, candidates included; also by the number of articles.

Held-out protocol
-----------------
The corpus is split by strike: when no group crosses files, each file is a split (``real-dev-a``
and ``real-dev-b``: ``a`` and ``b``); otherwise, or with a single file, articles are joined
through the groups they share and the joined sets are dealt into ``--folds`` folds
(deterministic: the largest first, equal sizes in the order of a hash of their ids, each to
the smallest fold). Each split is ingested into its own new database and scored alone; ``all``
ingests everything into one. When rules or models are tuned on one split (``--tuned-on``), the
others are its held-out figures; the held-out splits are also pooled (their counts summed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import incident_eval as ie

REAL_DIR = ie.REPO_ROOT.parent / "shared" / "eval" / "incidents"
DEFAULT_REAL_FILES = (REAL_DIR / "real-dev-a.json", REAL_DIR / "real-dev-b.json")
ALL = "all"
CANDIDATE = "candidate"  # the status of an incident below the confidence threshold
QUOTE_CHARS = 220

Toll = tuple[int, int | None]


class CorpusError(ValueError):
    """A real corpus file is missing, not JSON, or not in the expected shape."""


# --- the corpus -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldStrike:
    """One gold item: what one article reports of one strike."""

    article: str
    group: str
    date: dt.date
    lat: float
    lon: float
    tol_km: float
    killed: Toll | None
    secondary: bool


@dataclass(frozen=True, slots=True)
class RealArticle:
    """One article of a real corpus (``source``: the file it came from)."""

    id: str
    published: dt.date
    outlet: str
    url: str
    text: str
    gold: tuple[GoldStrike, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Strike:
    """A real strike: the gold items of one group, across articles.

    ``reporting``: the articles with a non-secondary item; ``recalling``: those that only
    recall it; ``killed``: each article's gold toll (None when it gives none).
    """

    group: str
    date: dt.date
    lat: float
    lon: float
    tol_km: float
    reporting: frozenset[str]
    recalling: frozenset[str]
    killed: Mapping[str, Toll | None]

    @property
    def secondary(self) -> bool:
        """No article reports it as news: every item only recalls it."""
        return not self.reporting

    @property
    def articles(self) -> frozenset[str]:
        """Every article with a gold item for the strike."""
        return self.reporting | self.recalling

    @property
    def toll_range(self) -> Toll | None:
        """The union of the articles' gold ranges, or None when none gives a toll."""
        tolls = [t for t in self.killed.values() if t is not None]
        if not tolls:
            return None
        highs = [t[1] for t in tolls]
        return min(t[0] for t in tolls), None if None in highs else max(
            h for h in highs if h is not None
        )


def _need(item: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in item:
        raise CorpusError(f"{where}: no {key!r}")
    return item[key]


def _killed(value: Any, where: str) -> Toll | None:
    if value is None:
        return None
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and (value[1] is None or (isinstance(value[1], int) and value[1] >= value[0]))
    )
    if not ok:
        raise CorpusError(
            f"{where}: killed must be null or [lo, hi] (hi null or >= lo), got {value!r}"
        )
    return int(value[0]), None if value[1] is None else int(value[1])


def _date(value: Any, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CorpusError(f"{where}: not a YYYY-MM-DD date: {value!r}") from None


def _one_line(value: Any, where: str) -> str:
    text = "" if value is None else str(value).strip()
    if "\n" in text or "\r" in text:
        raise CorpusError(f"{where}: must be one line, got {text!r}")
    return text


_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def parse_articles(raw: Any, source: str) -> list[RealArticle]:
    """Articles from a decoded real-corpus JSON document.

    Raises
    ------
    CorpusError
        If the document is not a list of articles in the expected shape.
    """
    if not isinstance(raw, list):
        raise CorpusError(f"{source}: expected a JSON list of articles, got {type(raw).__name__}")
    articles = []
    for n, item in enumerate(raw):
        where = f"{source}: article {n}"
        if not isinstance(item, dict):
            raise CorpusError(f"{where}: expected an object, got {type(item).__name__}")
        aid = str(_need(item, "id", where))
        where = f"{source}: article {aid!r}"
        if not _SAFE_ID.match(aid):
            raise CorpusError(f"{where}: an id must be a plain file name (letters, digits, ._-)")
        gold = _need(item, "gold", where)
        if not isinstance(gold, list):
            raise CorpusError(f"{where}: gold must be a list, got {gold!r}")
        items = []
        for k, g in enumerate(gold):
            gwhere = f"{where}, gold {k}"
            if not isinstance(g, dict):
                raise CorpusError(f"{gwhere}: expected an object, got {g!r}")
            tol = float(_need(g, "tol_km", gwhere))
            if not tol > 0:
                raise CorpusError(f"{gwhere}: tol_km must be positive, got {tol!r}")
            items.append(
                GoldStrike(
                    article=aid,
                    group=str(_need(g, "group", gwhere)),
                    date=_date(_need(g, "date", gwhere), gwhere),
                    lat=float(_need(g, "lat", gwhere)),
                    lon=float(_need(g, "lon", gwhere)),
                    tol_km=tol,
                    killed=_killed(g.get("killed"), gwhere),
                    secondary=bool(g.get("secondary", False)),
                )
            )
        articles.append(
            RealArticle(
                id=aid,
                published=_date(_need(item, "published", where), f"{where}, published"),
                outlet=_one_line(item.get("outlet"), f"{where}, outlet"),
                url=_one_line(item.get("url"), f"{where}, url"),
                text=str(_need(item, "text", where)),
                gold=tuple(items),
                source=source,
            )
        )
    return articles


def load_articles(paths: Sequence[Path]) -> list[RealArticle]:
    """Read real-corpus files (ids must be unique across them).

    Raises
    ------
    CorpusError
        If a file is missing or malformed, or an id repeats.
    """
    articles: list[RealArticle] = []
    for path in paths:
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CorpusError(f"cannot read {path}: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path} is not JSON: {exc}") from None
        articles.extend(parse_articles(raw, Path(path).name))
    seen: dict[str, str] = {}
    for a in articles:
        if a.id in seen:
            raise CorpusError(f"article id {a.id!r} is in both {seen[a.id]} and {a.source}")
        seen[a.id] = a.source
    return articles


def build_strikes(articles: Iterable[RealArticle]) -> tuple[dict[str, Strike], list[str]]:
    """The strikes (gold groups) of the articles, and warnings about inconsistent groups.

    A group's date, point and tolerance are its first item's; an item that disagrees is warned
    about (the gold should give one strike one place and one day).
    """
    items: dict[str, list[GoldStrike]] = {}
    for article in articles:
        for g in article.gold:
            items.setdefault(g.group, []).append(g)
    strikes: dict[str, Strike] = {}
    warnings: list[str] = []
    for group, gs in items.items():
        first = gs[0]
        for other in gs[1:]:
            if (other.date, other.lat, other.lon, other.tol_km) != (
                first.date,
                first.lat,
                first.lon,
                first.tol_km,
            ):
                warnings.append(
                    f"group {group}: {other.article} gives {other.date} ({other.lat}, "
                    f"{other.lon}) ±{other.tol_km:g} km, {first.article} {first.date} "
                    f"({first.lat}, {first.lon}) ±{first.tol_km:g} km; using the latter"
                )
        reporting = frozenset(g.article for g in gs if not g.secondary)
        killed: dict[str, Toll | None] = {}
        for g in gs:  # an article with two items for one group: the first toll given
            if killed.get(g.article) is None:
                killed[g.article] = g.killed
        strikes[group] = Strike(
            group=group,
            date=first.date,
            lat=first.lat,
            lon=first.lon,
            tol_km=first.tol_km,
            reporting=reporting,
            recalling=frozenset(g.article for g in gs) - reporting,
            killed=killed,
        )
    return strikes, warnings


# --- splits -----------------------------------------------------------------------------------


def _split_names(sources: Sequence[str]) -> list[str]:
    stems = [Path(s).stem for s in sources]
    prefix = os.path.commonprefix(stems)
    names = [stem[len(prefix) :] for stem in stems]
    if any(not n for n in names) or len(set(names)) < len(names) or ALL in names:
        return stems
    return names


def make_splits(
    articles: Sequence[RealArticle], folds: int = 2
) -> tuple[dict[str, list[RealArticle]], str]:
    """Split the articles by strike into held-out halves (or folds).

    Parameters
    ----------
    articles
        The corpus, in file order.
    folds
        How many folds when the files cannot be the splits.

    Returns
    -------
    tuple of (dict, str)
        Split name -> its articles (in corpus order), and one line saying how it was split.
    """
    sources = list(dict.fromkeys(a.source for a in articles))
    file_of_group: dict[str, set[str]] = {}
    for a in articles:
        for g in a.gold:
            file_of_group.setdefault(g.group, set()).add(a.source)
    crossing = sorted(g for g, files in file_of_group.items() if len(files) > 1)
    if len(sources) > 1 and not crossing:
        names = _split_names(sources)
        by_source = dict(zip(sources, names, strict=True))
        splits: dict[str, list[RealArticle]] = {n: [] for n in names}
        for a in articles:
            splits[by_source[a.source]].append(a)
        described = ", ".join(f"{n} = {s}" for s, n in by_source.items())
        return splits, f"split by file, no strike group crosses files: {described}"
    if folds < 2:
        raise CorpusError(f"--folds must be at least 2, got {folds!r}")
    # join articles that share a group (union-find), then deal the joined sets into folds
    parent = {a.id: a.id for a in articles}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_of_group: dict[str, str] = {}
    for a in articles:
        for g in a.gold:
            other = first_of_group.setdefault(g.group, a.id)
            parent[root(a.id)] = root(other)
    components: dict[str, list[str]] = {}
    for a in articles:
        components.setdefault(root(a.id), []).append(a.id)
    order = sorted(  # the largest first (for balance), then by a hash of their ids
        components.values(),
        key=lambda ids: (-len(ids), hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()),
    )
    sizes = [0] * folds
    fold_of: dict[str, int] = {}
    for ids in order:
        k = min(range(folds), key=lambda i: (sizes[i], i))
        sizes[k] += len(ids)
        fold_of.update(dict.fromkeys(ids, k))
    splits = {f"fold{k + 1}": [a for a in articles if fold_of[a.id] == k] for k in range(folds)}
    why = (
        f"{len(crossing)} strike group(s) cross files" if crossing else "one file"
    ) + f": {folds} folds by strike group (articles sharing a group stay together)"
    return splits, why


# --- one-to-one assignment --------------------------------------------------------------------


def _hungarian(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row of a matrix with rows <= columns.

    The shortest-augmenting-path form of the Hungarian algorithm, O(rows² x columns).
    """
    n, m = len(cost), len(cost[0])
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)  # owner[j]: the row holding column j (1-based)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        minv, used = [math.inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], math.inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]


def assign_one_to_one(weights: Mapping[tuple[Any, Any], float]) -> list[tuple[Any, Any]]:
    """The one-to-one set of pairs with the largest total weight.

    Parameters
    ----------
    weights
        ``(row, column) -> weight > 0`` for the allowed pairs only.

    Returns
    -------
    list of tuple
        The chosen ``(row, column)`` pairs, sorted. Each connected set of pairs is solved apart
        with the Hungarian algorithm.

    Examples
    --------
    >>> assign_one_to_one({("g1", "a"): 2.0, ("g1", "b"): 1.0, ("g2", "a"): 1.5})
    [('g1', 'b'), ('g2', 'a')]
    """
    if any(not w > 0 for w in weights.values()):
        raise ValueError("weights must be positive")
    parent: dict[tuple[str, Any], tuple[str, Any]] = {}

    def root(x: tuple[str, Any]) -> tuple[str, Any]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r, c in weights:
        parent[root(("r", r))] = root(("c", c))
    components: dict[tuple[str, Any], list[tuple[Any, Any]]] = {}
    for pair in weights:
        components.setdefault(root(("r", pair[0])), []).append(pair)
    chosen: list[tuple[Any, Any]] = []
    for pairs in components.values():
        rows = sorted({r for r, _ in pairs}, key=repr)
        cols = sorted({c for _, c in pairs}, key=repr)
        transpose = len(rows) > len(cols)
        a, b = (cols, rows) if transpose else (rows, cols)
        cost = [
            [
                -weights.get((y, x) if transpose else (x, y), 0.0)  # absent pair: cost 0
                for y in b
            ]
            for x in a
        ]
        for i, j in _hungarian(cost):
            pair = (b[j], a[i]) if transpose else (a[i], b[j])
            if pair in weights:
                chosen.append(pair)
    return sorted(chosen, key=repr)


# --- scoring ----------------------------------------------------------------------------------


def _article_index(articles: Sequence[RealArticle]) -> tuple[dict[str, str], dict[str, str]]:
    return {a.id: a.id for a in articles}, {a.url: a.id for a in articles if a.url}


def claim_article(
    claim: Mapping[str, Any], by_id: Mapping[str, str], by_url: Mapping[str, str]
) -> str:
    """The corpus id of a claim's article: its file's stem, else its URL; ``?`` when unknown."""
    article = claim.get("article") or {}
    stem = Path(str(article.get("path") or "")).stem
    if stem in by_id:
        return by_id[stem]
    return by_url.get(str(article.get("url") or ""), "?")


def incident_confidence(incident: Mapping[str, Any]) -> float:
    """The incident's confidence; without one, its claims' highest (1.0 when none gives one)."""
    if incident.get("confidence") is not None:
        return float(incident["confidence"])
    values = [float(c["confidence"]) for c in incident.get("claims") or [] if "confidence" in c]
    return max(values) if values else 1.0


def _incident_point(incident: Mapping[str, Any]) -> tuple[float, float] | None:
    place = incident.get("place") or {}
    if place.get("lat") is None or place.get("lon") is None:
        return None
    return float(place["lat"]), float(place["lon"])


def compare_strike(incident: Mapping[str, Any], strike: Strike) -> dict[str, Any]:
    """Date and place criteria for one (incident, strike) pair.

    Returns
    -------
    dict
        ``ok``, ``date`` and ``place`` booleans, ``why`` (failure reasons), ``distance_km``
        (None without a point), ``date_gap_days`` and ``date_diff_days``.
    """
    rng = ie.date_range(dict(incident))
    gold = (strike.date, strike.date)
    date_ok, date_why = ie.date_check(rng, gold)
    point = _incident_point(incident)
    km = None if point is None else ie.distance_km(point[0], point[1], strike.lat, strike.lon)
    if point is None:
        place_ok, place_why = False, "no place" if not incident.get("place") else "no point"
    elif km is not None and km > strike.tol_km:
        place_ok, place_why = False, f"{km:.0f} km away > {strike.tol_km:g} km"
    else:
        place_ok, place_why = True, ""
    why = {}
    if not date_ok:
        why["date"] = date_why
    if not place_ok:
        why["place"] = place_why
    return {
        "ok": date_ok and place_ok,
        "date": date_ok,
        "place": place_ok,
        "why": why,
        "distance_km": None if km is None else round(km, 1),
        "date_gap_days": ie.date_gap(rng, gold),
        "date_diff_days": ie.date_difference(rng, gold),
    }


def within(toll: Toll | None, gold: Toll) -> bool:
    """Whether a ``(low, high)`` toll lies within a gold ``[lo, hi]`` (hi None: open-ended).

    >>> within((8, 8), (8, 8)), within((5, None), (5, None)), within((5, None), (5, 6))
    (True, True, False)
    """
    if toll is None or toll[0] is None:
        return False
    low, high = toll
    lo, hi = gold
    if low < lo:
        return False
    if hi is None:
        return True
    return high is not None and high <= hi


def _ratio(n: int, d: int) -> float:
    return n / d if d else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pair_weight(comparison: Mapping[str, Any], carried: float, strike: Strike, rows: int) -> float:
    """1 per pair (so the largest matching wins), plus a preference below 1 / rows."""
    km = comparison["distance_km"] or 0.0
    preference = (
        0.6 * carried
        + 0.25 / (1 + comparison["date_diff_days"])
        + 0.15 * max(0.0, 1 - km / strike.tol_km)
    )
    return 1.0 + 0.999 * preference / (rows + 1)


def _match(
    arts: Sequence[frozenset[str]],
    strikes: Mapping[str, Strike],
    comparisons: Mapping[tuple[str, int], Mapping[str, Any]],
) -> dict[str, int]:
    """Strike group -> the index of its matched incident (see :func:`assign_one_to_one`)."""
    weights = {}
    for (group, i), c in comparisons.items():
        if c["ok"]:
            strike = strikes[group]
            carried = _ratio(len(arts[i] & strike.articles), len(strike.articles))
            weights[(group, i)] = _pair_weight(c, carried, strike, len(strikes))
    return dict(assign_one_to_one(weights))


def _counts(matched: Mapping[str, int], kept: int, strikes: Mapping[str, Strike]) -> dict[str, Any]:
    """Precision and recall of a matching over ``kept`` incidents."""
    primary = sum(not s.secondary for s in strikes.values())
    tp = sum(not strikes[g].secondary for g in matched)
    secondary = len(matched) - tp
    precision, recall = _ratio(tp, kept - secondary), _ratio(tp, primary)
    return {
        "incidents": kept,
        "matched": tp,
        "secondary_matches": secondary,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(_f1(precision, recall), 4),
    }


@dataclass(frozen=True, slots=True)
class _Scoring:
    """What every part of one scoring reads: the incidents, the strikes and the matching."""

    articles: Sequence[RealArticle]
    strikes: Mapping[str, Strike]
    incidents: Sequence[Mapping[str, Any]]
    arts: Sequence[frozenset[str]]  # per incident: the corpus ids of its claims' articles
    comparisons: Mapping[tuple[str, int], Mapping[str, Any]]
    matched: Mapping[str, int]  # strike group -> incident index
    by_id: Mapping[str, str]
    by_url: Mapping[str, str]

    @property
    def incident_of(self) -> dict[int, str]:
        return {i: g for g, i in self.matched.items()}

    @property
    def empty(self) -> set[str]:
        """The articles whose gold is empty (they report no specific strike)."""
        return {a.id for a in self.articles if not a.gold}

    def brief(self, i: int) -> dict[str, Any]:
        return incident_brief(self.incidents[i], self.arts[i])

    def article_of(self, claim: Mapping[str, Any]) -> str:
        return claim_article(claim, self.by_id, self.by_url)

    def claims(self, i: int) -> list[Mapping[str, Any]]:
        return list(self.incidents[i].get("claims") or [])


def _scoring(
    articles: Sequence[RealArticle],
    strikes: Mapping[str, Strike],
    incidents: Sequence[Mapping[str, Any]],
) -> _Scoring:
    """Compare every incident with every strike and match them one to one."""
    by_id, by_url = _article_index(articles)
    arts = [
        frozenset(claim_article(c, by_id, by_url) for c in inc.get("claims") or [])
        for inc in incidents
    ]
    comparisons = {
        (g, i): compare_strike(inc, s)
        for g, s in strikes.items()
        for i, inc in enumerate(incidents)
    }
    return _Scoring(
        articles=articles,
        strikes=strikes,
        incidents=incidents,
        arts=arts,
        comparisons=comparisons,
        matched=_match(arts, strikes, comparisons),
        by_id=by_id,
        by_url=by_url,
    )


def score_real(extracted: Mapping[str, Any], articles: Sequence[RealArticle]) -> dict[str, Any]:
    """Score ``strikemap incidents --json`` output against the articles' gold strikes.

    Parameters
    ----------
    extracted
        ``{"incidents": [...]}`` as the command prints it; a claim's article is recognised by
        its file name (``<id>.txt``) or its URL.
    articles
        The articles that were ingested.

    Returns
    -------
    dict
        ``counts`` (articles, strikes), ``incidents`` (precision, recall, ...), ``linking``,
        ``toll``, ``false_alarms``, ``curve``, ``warnings``, ``matches`` and ``errors`` (rows
        for :func:`format_real_errors`; they hold the quotes).
    """
    strikes, warnings = build_strikes(articles)
    everything: list[Mapping[str, Any]] = list(extracted.get("incidents") or [])
    # the headline figures are at the default threshold: candidates (below it) are what a map
    # or an export leaves out; the curve and the "all incidents" figures count them too
    incidents = [inc for inc in everything if inc.get("status") != CANDIDATE]
    sc = _scoring(articles, strikes, incidents)
    sc_all = sc if len(incidents) == len(everything) else _scoring(articles, strikes, everything)
    counts = _counts(sc.matched, len(incidents), strikes)
    counts_all = _counts(sc_all.matched, len(everything), strikes)
    false_positives = _false_positives(sc)
    event_types: dict[str, int] = {}
    for row in false_positives:
        event_types[str(row["event"])] = event_types.get(str(row["event"]), 0) + 1
    linking, over, under = _linking(sc)
    toll, toll_rows = _tolls(sc)
    alarms, alarm_rows = _false_alarms(sc)
    primary = sum(not s.secondary for s in strikes.values())
    return {
        "counts": {
            "articles": len(articles),
            "no_strike_articles": len(sc.empty),
            "strikes": primary,
            "secondary_strikes": len(strikes) - primary,
            "multi_article_strikes": linking["strikes"],
        },
        "incidents": {
            "extracted": len(incidents),
            "matched": counts["matched"],
            "secondary_matches": counts["secondary_matches"],
            "false_positives": len(false_positives),
            "duplicates": sum(row["kind"] == "duplicate" for row in false_positives),
            "precision": counts["precision"],
            "recall": counts["recall"],
            "f1": counts["f1"],
            "false_positive_event_types": dict(sorted(event_types.items())),
            "candidates": len(everything) - len(incidents),
            "with_candidates": {
                k: counts_all[k] for k in ("incidents", "matched", "precision", "recall", "f1")
            },
        },
        "linking": linking,
        "toll": toll,
        "false_alarms": alarms,
        "curve": _curves(sc_all),
        "warnings": warnings,
        "matches": _match_rows(sc),
        "errors": {
            "false_positives": false_positives,
            "misses": _misses(sc),
            "over_linked": over,
            "under_linked": under,
            "toll": toll_rows,
            "false_alarms": alarm_rows,
        },
    }


def _match_rows(sc: _Scoring) -> list[dict[str, Any]]:
    rows = []
    for g, i in sorted(sc.matched.items()):
        s, c = sc.strikes[g], sc.comparisons[(g, i)]
        rows.append(
            {
                "strike": g,
                "incident": sc.incidents[i].get("id"),
                "secondary": s.secondary,
                "distance_km": c["distance_km"],
                "date_diff_days": c["date_diff_days"],
                "articles_carried": len(sc.arts[i] & s.reporting),
                "articles_reporting": len(s.reporting),
                "missing_articles": sorted(s.reporting - sc.arts[i]),
                "foreign_articles": sorted(sc.arts[i] - s.articles),
            }
        )
    return rows


def _false_positives(sc: _Scoring) -> list[dict[str, Any]]:
    """Unmatched incidents, each with why: a duplicate, from a no-strike article, or no strike."""
    rows = []
    taken = sc.incident_of
    for i in range(len(sc.incidents)):
        if i in taken:
            continue
        row = sc.brief(i)
        compatible = [g for g in sc.strikes if sc.comparisons[(g, i)]["ok"]]
        if compatible:
            row.update(
                kind="duplicate",
                strike=compatible[0],
                taken_by=sc.incidents[sc.matched[compatible[0]]].get("id"),
            )
        elif sc.arts[i] and sc.arts[i] <= sc.empty:
            row["kind"] = "no-strike article"
        else:
            row["kind"] = "no such strike"
        near = _nearest_strike(i, sc.strikes, sc.comparisons)
        if near is not None:
            row["nearest"] = {"strike": near, **_why(sc.comparisons[(near, i)])}
        rows.append(row)
    return rows


def _misses(sc: _Scoring) -> list[dict[str, Any]]:
    """Unmatched primary strikes, with the closest incident and those from their articles."""
    rows = []
    taken = sc.incident_of
    for g, s in sc.strikes.items():
        if s.secondary or g in sc.matched:
            continue
        row: dict[str, Any] = {
            "strike": g,
            "date": s.date.isoformat(),
            "point": [s.lat, s.lon],
            "tol_km": s.tol_km,
            "killed": s.toll_range,
            "articles": sorted(s.reporting),
        }

        def described(i: int, g: str = g) -> dict[str, Any]:
            return {**sc.brief(i), **_why(sc.comparisons[(g, i)]), "matched_to": taken.get(i)}

        near = _nearest_incident(g, range(len(sc.incidents)), sc.comparisons)
        if near is not None:
            row["nearest"] = described(near)
        own = [i for i in range(len(sc.incidents)) if sc.arts[i] & s.articles]
        row["from_its_articles"] = [described(i) for i in own]
        rows.append(row)
    return rows


def _linking(sc: _Scoring) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Linking figures over multi-article strikes, and the over- and under-linked rows."""
    multi = [g for g, s in sc.strikes.items() if len(s.reporting) >= 2]
    link_all = link_most = link_exact = 0
    over, under = [], []
    for g, i in sorted(sc.matched.items()):
        s = sc.strikes[g]
        foreign = sorted(sc.arts[i] - s.articles)
        missing = sorted(s.reporting - sc.arts[i])
        if foreign:
            gold_of = {a.id: a.gold for a in sc.articles}
            over.append(
                {
                    "strike": g,
                    **sc.brief(i),
                    "foreign": [
                        {"article": a, "its_strikes": sorted({x.group for x in gold_of.get(a, ())})}
                        for a in foreign
                    ],
                }
            )
        if g not in multi:
            continue
        link_all += not missing
        link_most += len(sc.arts[i] & s.reporting) * 2 > len(s.reporting)
        link_exact += not missing and not foreign
        if missing:
            elsewhere = {
                a: sorted(
                    str(sc.incidents[j].get("id"))
                    for j in range(len(sc.incidents))
                    if a in sc.arts[j]
                )
                for a in missing
            }
            under.append({"strike": g, **sc.brief(i), "missing": elsewhere})
    figures = {
        "strikes": len(multi),
        "matched": sum(g in sc.matched for g in multi),
        "all": link_all,
        "most": link_most,
        "exact": link_exact,
        "rate_all": round(_ratio(link_all, len(multi)), 4),
        "rate_most": round(_ratio(link_most, len(multi)), 4),
        "over_linked": len(over),
        "under_linked": len(under),
    }
    return figures, over, under


def _tolls(sc: _Scoring) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Toll agreement of the matched incidents (and of their claims), and the disagreements."""
    rows = []
    with_toll = agree = best_agree = no_toll = judged = claims_agree = 0
    for g, i in sorted(sc.matched.items()):
        s = sc.strikes[g]
        gold = s.toll_range
        if gold is None:
            continue
        with_toll += 1
        fat = sc.incidents[i].get("fatalities")
        toll = None if not fat else (fat.get("low"), fat.get("high"))
        ok = within(toll, gold)
        agree += ok
        no_toll += toll is None
        best = None if not fat else fat.get("best")
        best_agree += best is not None and within((best, best), gold)
        for claim in sc.claims(i):
            own = s.killed.get(sc.article_of(claim))
            if own is not None:
                judged += 1
                claims_agree += within(
                    (claim.get("fatalities_low"), claim.get("fatalities_high")), own
                )
        if not ok:
            rows.append(
                {
                    "strike": g,
                    **sc.brief(i),
                    "gold": gold,
                    "per_article": dict(sorted(s.killed.items())),
                    "claims": [
                        {
                            "article": sc.article_of(c),
                            "killed": [c.get("fatalities_low"), c.get("fatalities_high")],
                        }
                        for c in sc.claims(i)
                    ],
                }
            )
    figures = {
        "matched_with_gold_toll": with_toll,
        "within": agree,
        "best_within": best_agree,
        "no_toll": no_toll,
        "rate": round(_ratio(agree, with_toll), 4),
        "best_rate": round(_ratio(best_agree, with_toll), 4),
        "claims_judged": judged,
        "claims_within": claims_agree,
        "claims_rate": round(_ratio(claims_agree, judged), 4),
    }
    return figures, rows


def _false_alarms(sc: _Scoring) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the articles that report no strike produced."""
    empty = sc.empty
    rows, claims = [], 0
    for a in sorted(empty):
        hit = [i for i in range(len(sc.incidents)) if a in sc.arts[i]]
        claims += sum(sc.article_of(c) == a for i in hit for c in sc.claims(i))
        if hit:
            rows.append(
                {
                    "article": a,
                    "incidents": [
                        {
                            **sc.brief(i),
                            "matched_strike": sc.incident_of.get(i),
                            "quote": _quote_from(sc, i, a),
                        }
                        for i in hit
                    ],
                }
            )
    touched = [i for i in range(len(sc.incidents)) if sc.arts[i] & empty]
    figures = {
        "articles": len(empty),
        "articles_with_claims": len(rows),
        "claims": claims,
        "incidents": len(touched),
        "incidents_only_from_them": sum(sc.arts[i] <= empty for i in touched),
    }
    return figures, rows


def _curves(sc: _Scoring) -> dict[str, list[dict[str, Any]]]:
    """Precision and recall when only the incidents at or above a threshold are kept."""

    def sweep(values: Sequence[float], grid: Sequence[float] | None = None) -> list[dict[str, Any]]:
        rows = []
        for t in grid if grid is not None else sorted(set(values)):
            keep = {i for i, v in enumerate(values) if v >= t}
            sub = {(g, i): c for (g, i), c in sc.comparisons.items() if i in keep}
            matched = _match(sc.arts, sc.strikes, sub)
            rows.append({"threshold": t, **_counts(matched, len(keep), sc.strikes)})
        return rows

    confidences = [incident_confidence(inc) for inc in sc.incidents]
    articles = [float(min(len(a), 4)) for a in sc.arts]  # 1, 2, 3, 4 or more
    grid = [k / 10 for k in range(10)]
    return {"confidence": sweep(confidences, grid), "articles": sweep(articles)}


def _why(comparison: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "fails": dict(comparison["why"]),
        "distance_km": comparison["distance_km"],
        "date_gap_days": comparison["date_gap_days"],
    }


def _closeness(c: Mapping[str, Any]) -> tuple[Any, ...]:
    km = c["distance_km"]
    return (len(c["why"]), c["date_gap_days"], math.inf if km is None else km)


def _nearest_strike(
    i: int, strikes: Mapping[str, Strike], comparisons: Mapping[tuple[str, int], Any]
) -> str | None:
    return min(strikes, key=lambda g: _closeness(comparisons[(g, i)]), default=None)


def _nearest_incident(
    g: str, indices: Iterable[int], comparisons: Mapping[tuple[str, int], Any]
) -> int | None:
    return min(indices, key=lambda i: _closeness(comparisons[(g, i)]), default=None)


def _shorten(text: str, width: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _quote_from(sc: _Scoring, i: int, aid: str) -> str:
    """The quote of incident ``i``'s first claim from article ``aid``."""
    for claim in sc.claims(i):
        if sc.article_of(claim) == aid:
            return _shorten(ie.claim_text(claim))
    return ""


def incident_brief(incident: Mapping[str, Any], arts: Iterable[str]) -> dict[str, Any]:
    """An incident in one line's worth of fields (the first claim's quote included)."""
    place = incident.get("place") or {}
    fat = incident.get("fatalities")
    where = "no place"
    if place:
        radius = place.get("radius_km")
        where = (
            f"{place.get('name')} ({place.get('country_code') or '?'}, "
            f"{place.get('precision') or '?'}"
            + (f", r {float(radius):.0f} km" if radius is not None else "")
            + ")"
        )
    killed = "no toll"
    if fat:
        high = fat.get("high")
        killed = f"{fat.get('low')}/{fat.get('best')}/{'open' if high is None else high}"
    start, end = incident.get("date_start"), incident.get("date_end")
    return {
        "incident": incident.get("id"),
        "event": incident.get("event_type"),
        "dates": f"{start}" if end in (None, start) else f"{start}..{end}",
        "where": where,
        "killed": killed,
        "articles": sorted(arts),
        "quote": _shorten(ie.claim_text((incident.get("claims") or [{}])[0])),
    }


# --- output -----------------------------------------------------------------------------------


def _toll_text(toll: Any) -> str:
    if toll is None or (toll[0] is None and toll[1] is None):
        return "none"
    lo, hi = toll
    return f"{lo}-{'open' if hi is None else hi}"


def _fails(row: Mapping[str, Any]) -> str:
    fails = row.get("fails") or {}
    text = "; ".join(f"{k}: {v}" for k, v in fails.items())
    if text:
        return text
    if row.get("matched_to"):
        return f"compatible, but matched to {row['matched_to']}"
    return "compatible"


def _inc_line(row: Mapping[str, Any]) -> str:
    return (
        f"{row['incident']} [{row['event']}] {row['dates']} {row['where']} killed "
        f"{row['killed']} from {', '.join(row['articles']) or '?'}"
    )


def format_real_errors(metrics: Mapping[str, Any]) -> str:
    """The errors, grouped by kind, with quotes (for stdout only, never a file in the repo)."""
    err = metrics["errors"]
    lines: list[str] = []
    for row in err["false_positives"]:
        what = row["kind"]
        if what == "duplicate":
            what += f" of {row['strike']} (matched by {row['taken_by']})"
        lines.append(f"FALSE+   {_inc_line(row)}: {what}")
        if "nearest" in row and row["kind"] != "duplicate":
            lines.append(
                f"         nearest strike {row['nearest']['strike']}: {_fails(row['nearest'])}"
            )
        lines.append(f'         "{row["quote"]}"')
    for row in err["misses"]:
        lines.append(
            f"MISSED   {row['strike']} {row['date']} ({row['point'][0]:.3f}, "
            f"{row['point'][1]:.3f}) ±{row['tol_km']:g} km killed {_toll_text(row['killed'])} "
            f"in {', '.join(row['articles'])}"
        )
        if "nearest" in row:
            lines.append(f"         nearest: {_inc_line(row['nearest'])}: {_fails(row['nearest'])}")
        for own in row["from_its_articles"]:
            lines.append(f"         from its articles: {_inc_line(own)}: {_fails(own)}")
            lines.append(f'           "{own["quote"]}"')
        if not row["from_its_articles"]:
            lines.append("         its articles produced no incident")
    for row in err["over_linked"]:
        foreign = "; ".join(
            f"{f['article']} ({', '.join(f['its_strikes']) or 'no strike'})" for f in row["foreign"]
        )
        lines.append(f"OVERLINK {row['strike']} <- {_inc_line(row)}: also carries {foreign}")
    for row in err["under_linked"]:
        missing = "; ".join(
            f"{a} in {', '.join(ids) or 'no incident'}" for a, ids in row["missing"].items()
        )
        lines.append(f"UNDERLNK {row['strike']} <- {row['incident']}: missing {missing}")
    for row in err["toll"]:
        per = ", ".join(f"{a} {_toll_text(t)}" for a, t in row["per_article"].items())
        said = ", ".join(f"{c['article']} {_toll_text(c['killed'])}" for c in row["claims"])
        lines.append(
            f"TOLL     {row['strike']} <- {row['incident']} killed {row['killed']}, gold "
            f"{_toll_text(row['gold'])} ({per}); claims: {said}"
        )
    for row in err["false_alarms"]:
        for inc in row["incidents"]:
            matched = f" (matched {inc['matched_strike']})" if inc["matched_strike"] else ""
            lines.append(f"ALARM    {row['article']} (no strike): {_inc_line(inc)}{matched}")
            lines.append(f'         "{inc["quote"]}"')
    for warning in metrics.get("warnings", []):
        lines.append(f"GOLD     {warning}")
    return "\n".join(lines) if lines else "no errors"


def _curve_text(rows: Sequence[Mapping[str, Any]], label: str) -> str:
    return f"{label}: " + "  ".join(
        f">={r['threshold']:g} {r['incidents']} inc P {r['precision']:.2f} R {r['recall']:.2f}"
        for r in rows
    )


def format_real_table(runs: Sequence[Mapping[str, Any]]) -> str:
    """One row per run (split), then each run's details."""
    head = (
        f"{'split':<8} {'role':<9} {'articles':>8} {'strikes':>9} {'incidents':>9} "
        f"{'matched':>7} {'precision':>9} {'recall':>6} {'F1':>5} {'linking all/most':>18} "
        f"{'toll':>11} {'alarms':>6} {'art/s':>6}"
    )
    lines = [head, "-" * len(head)]
    for run in runs:
        m, t = run["metrics"], run.get("timing") or {}
        inc, link, toll, c = m["incidents"], m["linking"], m["toll"], m["counts"]
        strikes = f"{c['strikes']}+{c['secondary_strikes']}s"
        linking = f"{link['all']}/{link['most']} of {link['strikes']}"
        tolls = f"{toll['within']}/{toll['matched_with_gold_toll']}"
        speed = f"{t['reports_per_s']:.1f}" if t.get("reports_per_s") else "–"
        lines.append(
            f"{run['split']:<8} {run['role']:<9} {c['articles']:>8} {strikes:>9} "
            f"{inc['extracted']:>9} {inc['matched']:>7} {inc['precision']:>9.3f} "
            f"{inc['recall']:>6.3f} {inc['f1']:>5.3f} {linking:>18} {tolls:>11} "
            f"{m['false_alarms']['incidents']:>6} {speed:>6}"
        )
    for run in runs:
        m = run["metrics"]
        inc, link, toll, fa = m["incidents"], m["linking"], m["toll"], m["false_alarms"]
        lines += [
            "",
            f"[{run['split']}] precision {inc['precision']:.3f} = {inc['matched']} / "
            f"({inc['extracted']} incidents - {inc['secondary_matches']} matching secondary "
            f"strikes); false positives {inc['false_positives']} ({inc['duplicates']} duplicates "
            f"of a matched strike; by type "
            + ", ".join(f"{k} {v}" for k, v in inc["false_positive_event_types"].items())
            + ")",
            f"  recall {inc['recall']:.3f} = {inc['matched']} / {m['counts']['strikes']} strikes "
            f"({m['counts']['secondary_strikes']} secondary strikes not required)",
            f"  candidates (below the confidence threshold, left out above): "
            f"{inc.get('candidates', 0)}; with them: "
            + (
                "P {precision:.3f} R {recall:.3f} F1 {f1:.3f} ({incidents} incidents, "
                "{matched} matched)".format(**inc["with_candidates"])
                if inc.get("with_candidates")
                else "–"
            ),
            f"  linking: one incident carries all reporting articles for {link['all']} of "
            f"{link['strikes']} multi-article strikes ({link['rate_all']:.3f}), most for "
            f"{link['most']} ({link['rate_most']:.3f}), exactly them for {link['exact']}; "
            f"matched {link['matched']}; over-linked incidents {link['over_linked']}, "
            f"under-linked strikes {link['under_linked']}",
            f"  toll: incident low..high within gold {toll['within']}/"
            f"{toll['matched_with_gold_toll']} ({toll['rate']:.3f}), best within "
            f"{toll['best_within']} ({toll['best_rate']:.3f}), no toll {toll['no_toll']}; per "
            f"claim {toll['claims_within']}/{toll['claims_judged']} ({toll['claims_rate']:.3f})",
            f"  no-strike articles: {fa['articles_with_claims']} of {fa['articles']} produced "
            f"{fa['claims']} claim(s) in {fa['incidents']} incident(s), "
            f"{fa['incidents_only_from_them']} of them only from such articles",
        ]
        if m["curve"]["confidence"]:
            lines += [
                "  " + _curve_text(m["curve"]["confidence"], "by incident confidence"),
                "  " + _curve_text(m["curve"]["articles"], "by articles carried"),
            ]
        timing = run.get("timing")
        if timing:
            lines.append(
                f"  speed: ingest {timing['ingest_s']:.2f} s for {timing['reports']} articles "
                f"({timing['reports_per_s']:.1f} articles/s, process start and gazetteer "
                f"opening included)"
            )
        if run.get("failed"):
            lines.append(f"  refused by ingest: {'; '.join(run['failed'])}")
    return "\n".join(lines)


def pooled(runs: Sequence[Mapping[str, Any]], name: str, role: str) -> dict[str, Any]:
    """The sum of several runs' counts (each split scored in its own database)."""
    keys = {
        "counts": (
            "articles",
            "no_strike_articles",
            "strikes",
            "secondary_strikes",
            "multi_article_strikes",
        ),
        "incidents": (
            "extracted",
            "matched",
            "secondary_matches",
            "false_positives",
            "duplicates",
            "candidates",
        ),
        "linking": ("strikes", "matched", "all", "most", "exact", "over_linked", "under_linked"),
        "toll": (
            "matched_with_gold_toll",
            "within",
            "best_within",
            "no_toll",
            "claims_judged",
            "claims_within",
        ),
        "false_alarms": (
            "articles",
            "articles_with_claims",
            "claims",
            "incidents",
            "incidents_only_from_them",
        ),
    }
    m: dict[str, Any] = {
        part: {k: sum(r["metrics"][part][k] for r in runs) for k in names}
        for part, names in keys.items()
    }
    inc = m["incidents"]
    p = _ratio(inc["matched"], inc["extracted"] - inc["secondary_matches"])
    r = _ratio(inc["matched"], m["counts"]["strikes"])
    types: dict[str, int] = {}
    for run in runs:
        for k, v in run["metrics"]["incidents"]["false_positive_event_types"].items():
            types[k] = types.get(k, 0) + v
    inc.update(
        precision=round(p, 4),
        recall=round(r, 4),
        f1=round(_f1(p, r), 4),
        false_positive_event_types=dict(sorted(types.items())),
    )
    link, toll = m["linking"], m["toll"]
    link.update(
        rate_all=round(_ratio(link["all"], link["strikes"]), 4),
        rate_most=round(_ratio(link["most"], link["strikes"]), 4),
    )
    toll.update(
        rate=round(_ratio(toll["within"], toll["matched_with_gold_toll"]), 4),
        best_rate=round(_ratio(toll["best_within"], toll["matched_with_gold_toll"]), 4),
        claims_rate=round(_ratio(toll["claims_within"], toll["claims_judged"]), 4),
    )
    m["curve"] = {"confidence": [], "articles": []}
    ingest_s = sum((run.get("timing") or {}).get("ingest_s", 0.0) for run in runs)
    n = sum((run.get("timing") or {}).get("reports", 0) for run in runs)
    timing = (
        {"reports": n, "ingest_s": round(ingest_s, 3), "reports_per_s": round(n / ingest_s, 2)}
        if ingest_s
        else None
    )
    return {"split": name, "role": role, "metrics": m, "timing": timing, "pooled": True}


# --- running ----------------------------------------------------------------------------------


def write_reports(articles: Sequence[RealArticle], folder: Path) -> list[Path]:
    """One report file per article (header from the JSON), in chronological order."""
    files = []
    for a in sorted(articles, key=lambda a: (a.published, a.id)):
        header = [f"Outlet: {a.outlet}", f"Published: {a.published.isoformat()}"]
        if a.url:
            header.append(f"URL: {a.url}")
        path = folder / f"{a.id}.txt"
        path.write_text("\n".join(header) + "\n\n" + a.text, encoding="utf-8")
        files.append(path)
    return files


def run_articles(
    exe: str, articles: Sequence[RealArticle]
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Ingest the articles into a new database; its incidents, the timing and refused files.

    Raises
    ------
    incident_eval.PipelineError
        If a command fails other than by refusing some files.
    """
    with tempfile.TemporaryDirectory(prefix="strikemap-real-eval-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        files = write_reports(articles, folder)
        db = str(Path(tmp) / "incidents.db")
        command = [exe, "ingest", "--db", db, "--json", *map(str, files)]
        t0 = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        ingest_s = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
            raise ie.PipelineError(
                f"`strikemap ingest` exited {proc.returncode}: {tail or 'no output'}"
            )
        try:
            summary = json.loads(proc.stdout)
        except json.JSONDecodeError as exc:
            raise ie.PipelineError(f"`strikemap ingest --json` printed no JSON ({exc})") from exc
        failed = [
            f"{Path(str(row.get('path'))).stem}: {row.get('error')}"
            for row in summary.get("files", [])
            if row.get("status") == "error"
        ]
        t0 = time.perf_counter()
        out = ie._run([exe, "incidents", "--db", db, "--json"])  # noqa: SLF001
        incidents_s = time.perf_counter() - t0
    try:
        extracted = json.loads(out.stdout)
    except json.JSONDecodeError as exc:
        raise ie.PipelineError(f"`strikemap incidents --json` printed no JSON ({exc})") from exc
    timing = {
        "reports": len(files),
        "ingest_s": round(ingest_s, 3),
        "reports_per_s": round(len(files) / ingest_s, 2) if ingest_s > 0 else 0.0,
        "incidents_s": round(incidents_s, 3),
    }
    return extracted, timing, failed


def public_metrics(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """The metrics without the error rows (which hold quotes): safe to write to a file."""
    return {k: v for k, v in metrics.items() if k != "errors"}


def main_real(
    paths: Sequence[Path],
    *,
    exe: str,
    split: str | None = None,
    folds: int = 2,
    tuned_on: str | None = None,
    errors: bool = False,
    json_path: Path | None = None,
    extracted_path: Path | None = None,
) -> int:
    """Score the real corpus files; print the table (and the errors); 0 on success, 1 if not."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        print(
            f"real corpus file(s) not found: {', '.join(missing)} (they live in "
            f"../shared/eval/incidents beside the repository; see its README)",
            file=sys.stderr,
        )
        return 1
    try:
        articles = load_articles(paths)
        splits, how = make_splits(articles, folds)
    except CorpusError as exc:
        print(f"bad real corpus: {exc}", file=sys.stderr)
        return 1
    names = [ALL, *splits]
    if split is not None and split not in names:
        print(f"--split must be one of {', '.join(names)}, got {split!r}", file=sys.stderr)
        return 1
    if tuned_on is not None and tuned_on not in splits:
        print(f"--tuned-on must be one of {', '.join(splits)}, got {tuned_on!r}", file=sys.stderr)
        return 1
    print(f"real corpus: {', '.join(Path(p).name for p in paths)}; {how}")
    if tuned_on is None:
        print("nothing is fitted on this corpus: every split is held out, 'all' is their union")

    def role(name: str) -> str:
        if tuned_on is None:
            return "held-out" if name != ALL else "whole"
        return "fitted" if name in (tuned_on, ALL) else "held-out"

    runs: list[dict[str, Any]] = []
    if extracted_path is not None:
        with open(extracted_path, encoding="utf-8") as fh:
            extracted = json.load(fh)
        runs.append(
            {
                "split": ALL,
                "role": "given",
                "metrics": score_real(extracted, articles),
                "timing": None,
            }
        )
    else:
        wanted = [split] if split is not None else names
        for name in wanted:
            subset = articles if name == ALL else splits[name]
            try:
                extracted, timing, failed = run_articles(exe, subset)
            except (ie.PipelineError, OSError) as exc:
                print(f"the pipeline failed on {name}: {exc}", file=sys.stderr)
                return 1
            runs.append(
                {
                    "split": name,
                    "role": role(name),
                    "metrics": score_real(extracted, subset),
                    "timing": timing,
                    "failed": failed,
                }
            )
        held = [r for r in runs if r["split"] != ALL and r["role"] == "held-out"]
        if len(held) > 1:
            runs.append(pooled(held, "+".join(r["split"] for r in held), "held-out"))
    print(format_real_table(runs))
    if errors:
        for run in runs:
            if run.get("pooled"):
                continue
            print(f"\n=== errors: {run['split']} ===")
            print(format_real_errors(run["metrics"]))
    if json_path is not None:
        payload = {
            "files": [str(p) for p in paths],
            "splits": {name: [a.id for a in subset] for name, subset in splits.items()},
            "protocol": how,
            "tuned_on": tuned_on,
            "runs": [
                {
                    **{k: v for k, v in run.items() if k != "metrics"},
                    "metrics": public_metrics(run["metrics"]),
                }
                for run in runs
            ],
        }
        Path(json_path).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


__all__ = [
    "CorpusError",
    "GoldStrike",
    "RealArticle",
    "Strike",
    "assign_one_to_one",
    "build_strikes",
    "claim_article",
    "compare_strike",
    "format_real_errors",
    "format_real_table",
    "incident_confidence",
    "load_articles",
    "main_real",
    "make_splits",
    "parse_articles",
    "pooled",
    "run_articles",
    "score_real",
    "within",
    "write_reports",
]
