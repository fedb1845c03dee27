"""Incident extraction accuracy on our own corpora and on real articles.

Run: .venv/bin/python benchmarks/incident_eval.py [--corpus DIR] [--json FILE] [--errors]
        [--extracted FILE] [--strikemap EXE] [--only REPORT ...] [--founding]
     .venv/bin/python benchmarks/incident_eval.py --real [FILE.json ...] [--split NAME]
        [--folds K] [--tuned-on NAME] [--errors] [--json FILE] [--extracted FILE]

``--real`` (or a ``--corpus`` that is a JSON file of articles) scores the real development
corpus, ``../shared/eval/incidents/real-dev-a.json`` and ``real-dev-b.json`` by default: see
``benchmarks/incident_real.py`` for its matching rules (one-to-one precision, secondary strikes,
linking, toll agreement, the held-out splits). The rest of this docstring is about our own
corpora (``tests/corpus/*``: report files and a ``gold.json``).

``--only REPORT ...`` ingests only those report files of the corpus and scores them against the
gold restricted to them (:func:`restrict_gold`); ``--founding`` is ``--corpus
tests/corpus/incidents --only`` the two reports written in the manner of the founding articles.

By default the script runs the whole pipeline through the command line: it creates a temporary
database, ingests every ``reports/*.txt`` of the corpus with ``strikemap ingest --db TMP
FILE...`` (the command reads Outlet/Published/Title/URL from each file's header), prints the
incidents with ``strikemap incidents --db TMP --json`` and scores them against ``gold.json``.
The ingest is timed (reports per second). ``--extracted FILE`` scores an existing
``strikemap incidents --json`` output instead and runs nothing.

Matching rule
-------------
An extracted incident matches a gold incident when all three criteria hold:

1. **date**: its range ``[date_start, date_end]`` overlaps the gold range and is no wider than
   the gold range plus one day (a one-day gold incident accepts a two-day extracted range that
   contains it; "September 2019" never matches a one-day incident). A missing ``date_end``
   means a one-day range; a missing ``date_start`` never matches.
2. **place**: the geodesic distance (pyproj ``Geod(ellps="WGS84")``) between the two points is
   at most 25 km; or, when the gold ``location_precision`` is ``region`` or ``country``, the
   extracted ``place.country_code`` equals the gold country and the distance is at most the
   gold ``radius_km``. An extracted incident whose ``place`` is null never matches.
3. **fatalities**: the extracted ``low`` and ``high`` equal the gold ``low`` and ``high``
   (``best`` is not compared); a null gold toll matches only a null extracted toll.

Matching is one to one and greedy: among the pairs that pass all three criteria, the pair with
the smallest date difference (days between the starts plus days between the ends), then the
smallest distance, is taken first. For every gold incident left unmatched the nearest extracted
incident (and for every extracted incident left unmatched the nearest gold incident) is reported
with the criteria it fails, so misses can be explained.

Metrics
-------
precision = matched / extracted incidents; recall = matched / gold incidents; F1 their harmonic
mean (0 when a denominator is 0). ``matched_date_place`` repeats the matching without the
fatalities criterion. Linking: a matched incident is *linked* when the set of its claims'
article file names equals the gold ``reports``. Aggregates: a gold aggregate is *found* when an
extracted aggregate comes from the same report, has the same country and a strikes figure equal
to the gold one (``strikes_low``, ``strikes_high`` or ``strikes_stated``, the figure as written:
gold records "more than 60 strikes" as 60; when the gold strikes figure is null, the fatalities
figure instead); extracted aggregates left over are *spurious*. Aggregate *leakage*
counts the gold aggregates that turn up as incidents: some extracted incident has a claim from
the aggregate's report whose sentence(s) contain the aggregate's text, or whose fatalities equal
one of the aggregate's figures when that figure is not the toll of a gold incident in that
report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pyproj import Geod

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / "tests" / "corpus" / "incidents"
FOUNDING_REPORTS = ("ly-01-wire-2019-09-27.txt", "ly-02-longform-2019-11-09.txt")
PLACE_RADIUS_KM = 25.0
AREA_PRECISIONS = frozenset({"region", "country"})
CRITERIA = ("date", "place", "fatalities")

_GEOD = Geod(ellps="WGS84")


# --- the three criteria ---------------------------------------------------------------------


def _parse_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def date_range(item: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The ``(start, end)`` dates of an incident, or None without a start.

    Parameters
    ----------
    item
        A gold or extracted incident with ``date_start`` and optionally ``date_end``.

    Returns
    -------
    tuple of datetime.date or None
        ``end`` is ``start`` when ``date_end`` is missing.
    """
    start = _parse_date(item.get("date_start"))
    if start is None:
        return None
    end = _parse_date(item.get("date_end")) or start
    return (start, end) if end >= start else (end, start)


def date_check(
    extracted: tuple[dt.date, dt.date] | None, gold: tuple[dt.date, dt.date]
) -> tuple[bool, str]:
    """Criterion 1: overlap with the gold range, and no wider than it plus one day.

    Parameters
    ----------
    extracted, gold
        ``(start, end)`` ranges; ``extracted`` may be None.

    Returns
    -------
    tuple of (bool, str)
        Whether the criterion holds, and why not when it does not.
    """
    if extracted is None:
        return False, "no date"
    (es, ee), (gs, ge) = extracted, gold
    if es > ge or ee < gs:
        return False, f"{es}..{ee} does not overlap {gs}..{ge}"
    width, gold_width = (ee - es).days, (ge - gs).days
    if width > gold_width + 1:
        return False, f"{es}..{ee} spans {width + 1} days, gold {gold_width + 1}"
    return True, ""


def date_difference(
    extracted: tuple[dt.date, dt.date] | None, gold: tuple[dt.date, dt.date]
) -> int:
    """Days between the starts plus days between the ends (a large number without a date)."""
    if extracted is None:
        return 10**6
    return abs((extracted[0] - gold[0]).days) + abs((extracted[1] - gold[1]).days)


def date_gap(extracted: tuple[dt.date, dt.date] | None, gold: tuple[dt.date, dt.date]) -> int:
    """Days between two ranges, 0 when they overlap (a large number without a date)."""
    if extracted is None:
        return 10**6
    (es, ee), (gs, ge) = extracted, gold
    if es > ge:
        return (es - ge).days
    if ee < gs:
        return (gs - ee).days
    return 0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on the WGS-84 ellipsoid, in km."""
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return metres / 1000.0


def place_distance(extracted: dict[str, Any], gold: dict[str, Any]) -> float:
    """Distance in km between the extracted and the gold point (inf without a point)."""
    place = extracted.get("place")
    if not place or place.get("lat") is None or place.get("lon") is None:
        return math.inf
    return distance_km(
        float(place["lat"]), float(place["lon"]), gold["place"]["lat"], gold["place"]["lon"]
    )


def place_check(extracted: dict[str, Any], gold: dict[str, Any], km: float) -> tuple[bool, str]:
    """Criterion 2: within 25 km, or within the gold radius (same country) for an area.

    Parameters
    ----------
    extracted, gold
        The incidents.
    km
        Their distance, from :func:`place_distance`.

    Returns
    -------
    tuple of (bool, str)
        Whether the criterion holds, and why not when it does not.
    """
    place = extracted.get("place")
    if not place:
        return False, "no place"
    if math.isinf(km):
        return False, "place without coordinates"
    if gold.get("location_precision") in AREA_PRECISIONS and gold.get("radius_km") is not None:
        country = (place.get("country_code") or "").upper()
        if country != str(gold.get("country") or "").upper():
            return False, f"country {country or '?'} is not {gold.get('country')}"
        radius = float(gold["radius_km"])
        if km > radius:
            return False, f"{km:.0f} km from the {gold['location_precision']} point > {radius:g} km"
        return True, ""
    if km > PLACE_RADIUS_KM:
        return False, f"{km:.1f} km away > {PLACE_RADIUS_KM:g} km"
    return True, ""


def _toll(value: dict[str, Any] | None) -> tuple[Any, Any] | None:
    if value is None:
        return None
    return value.get("low"), value.get("high")


def fatalities_check(extracted: dict[str, Any], gold: dict[str, Any]) -> tuple[bool, str]:
    """Criterion 3: extracted low/high equal the gold low/high; null matches only null."""
    got, want = _toll(extracted.get("fatalities")), _toll(gold.get("fatalities"))
    if got == want:
        return True, ""

    def show(toll: tuple[Any, Any] | None) -> str:
        return "none" if toll is None else f"{toll[0]}-{toll[1]}"

    return False, f"killed {show(got)}, gold {show(want)}"


def compare(extracted: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    """All three criteria for one pair, with the figures that order candidate pairs.

    Parameters
    ----------
    extracted, gold
        An extracted and a gold incident.

    Returns
    -------
    dict
        ``date``/``place``/``fatalities`` booleans, a ``why`` dict of failure reasons,
        ``date_diff_days``, ``date_gap_days`` and ``distance_km`` (None when unknown).
    """
    e_range, g_range = date_range(extracted), date_range(gold)
    assert g_range is not None, f"gold incident {gold.get('id')} has no date"
    km = place_distance(extracted, gold)
    results = {
        "date": date_check(e_range, g_range),
        "place": place_check(extracted, gold, km),
        "fatalities": fatalities_check(extracted, gold),
    }
    return {
        **{name: ok for name, (ok, _) in results.items()},
        "why": {name: why for name, (ok, why) in results.items() if not ok},
        "date_diff_days": date_difference(e_range, g_range),
        "date_gap_days": date_gap(e_range, g_range),
        "distance_km": None if math.isinf(km) else round(km, 1),
    }


# --- matching -------------------------------------------------------------------------------


def _sort_km(value: float | None) -> float:
    return math.inf if value is None else value


def greedy_match(
    extracted: Sequence[dict[str, Any]],
    gold: Sequence[dict[str, Any]],
    comparisons: dict[tuple[int, int], dict[str, Any]],
    criteria: Iterable[str] = CRITERIA,
) -> list[tuple[int, int]]:
    """One-to-one matching, greedy on (date difference, distance).

    Parameters
    ----------
    extracted, gold
        The incidents.
    comparisons
        ``(extracted index, gold index) -> compare(...)`` for every pair.
    criteria
        The criteria a pair must pass.

    Returns
    -------
    list of (int, int)
        ``(extracted index, gold index)`` pairs, in the order they were taken.
    """
    needed = tuple(criteria)
    candidates = [
        (c["date_diff_days"], _sort_km(c["distance_km"]), gi, ei)
        for (ei, gi), c in comparisons.items()
        if all(c[name] for name in needed)
    ]
    candidates.sort()
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, ei in candidates:
        if ei in used_e or gi in used_g:
            continue
        used_e.add(ei)
        used_g.add(gi)
        pairs.append((ei, gi))
    return pairs


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _file_name(path: Any) -> str:
    return Path(str(path)).name if path else ""


def claim_reports(incident: dict[str, Any]) -> set[str]:
    """File names of the articles behind an extracted incident's claims."""
    return {
        _file_name((claim.get("article") or {}).get("path"))
        for claim in incident.get("claims") or []
        if (claim.get("article") or {}).get("path")
    }


def _nearest(
    index: int,
    others: Iterable[int],
    key: Any,
) -> int | None:
    best = None
    best_key: tuple[Any, ...] | None = None
    for other in others:
        k = key(index, other)
        if best_key is None or k < best_key:
            best, best_key = other, k
    return best


def _miss(
    comparison: dict[str, Any] | None, own_id: Any, other_id: Any, other_label: str
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": own_id, other_label: other_id}
    if comparison is None:
        row["failed"] = []
        row["why"] = {"all": f"no {other_label.split('_')[-1]} incident to compare with"}
        return row
    row["failed"] = [name for name in CRITERIA if not comparison[name]]
    row["why"] = comparison["why"]
    row["date_gap_days"] = comparison["date_gap_days"]
    row["distance_km"] = comparison["distance_km"]
    return row


# --- aggregates -----------------------------------------------------------------------------


def _figures(low: Any, high: Any) -> set[int]:
    return {int(v) for v in (low, high) if v is not None}


def _aggregate_matches(extracted: dict[str, Any], gold: dict[str, Any]) -> bool:
    if _file_name((extracted.get("article") or {}).get("path")) != gold["report"]:
        return False
    if str(extracted.get("country_code") or "").upper() != str(gold.get("country")).upper():
        return False
    if gold.get("strikes") is not None:
        wanted = int(gold["strikes"])
        stated = _figures(extracted.get("strikes_low"), extracted.get("strikes_high"))
        stated |= _figures(extracted.get("strikes_stated"), None)
        return wanted in stated
    if gold.get("fatalities") is not None:
        wanted = int(gold["fatalities"])
        got = _figures(extracted.get("fatalities_low"), extracted.get("fatalities_high"))
        return wanted in got
    return True


def claim_text(claim: dict[str, Any]) -> str:
    """The text a claim cites: ``sentence`` (a string or ``{"text": ...}``), else ``sentences``.

    ``strikemap incidents --json`` gives both (``sentence`` is the ``sentences`` joined): the
    text is taken once.

    >>> claim_text({"sentences": [{"text": "A."}, "B."]})
    'A. B.'
    >>> claim_text({"sentence": "A. B.", "sentences": [{"text": "A."}, {"text": "B."}]})
    'A. B.'
    """
    value = claim.get("sentence") or claim.get("sentences")
    parts: list[Any] = value if isinstance(value, list) else [value]
    texts = [part.get("text") if isinstance(part, dict) else part for part in parts]
    return " ".join(str(text) for text in texts if text)


def _claim_figures(claim: dict[str, Any], incident: dict[str, Any]) -> set[int]:
    if "fatalities_low" in claim or "fatalities_high" in claim:
        return _figures(claim.get("fatalities_low"), claim.get("fatalities_high"))
    toll = incident.get("fatalities") or {}
    return _figures(toll.get("low"), toll.get("high"))


def aggregate_leaks(
    extracted_incidents: Sequence[dict[str, Any]],
    gold: dict[str, Any],
) -> list[dict[str, Any]]:
    """Gold aggregates that turned up as incidents, with the incident that shows it.

    Parameters
    ----------
    extracted_incidents
        The extracted incidents.
    gold
        The gold document.

    Returns
    -------
    list of dict
        ``{"report", "text", "incident", "sentence", "reason"}`` for each leaked aggregate
        (each at most once).
    """
    legit: dict[str, set[int]] = {}
    for incident in gold.get("incidents", []):
        for report, toll in (incident.get("per_report_fatalities") or {}).items():
            if toll is not None:
                legit.setdefault(report, set()).add(int(toll))
    leaks = []
    for aggregate in gold.get("aggregates", []):
        text = str(aggregate.get("text") or "").lower()
        figures = _figures(aggregate.get("strikes"), aggregate.get("fatalities"))
        figures -= legit.get(aggregate["report"], set())
        hit = None
        for incident in extracted_incidents:
            for claim in incident.get("claims") or []:
                if _file_name((claim.get("article") or {}).get("path")) != aggregate["report"]:
                    continue
                sentence = claim_text(claim)
                if text and text in sentence.lower():
                    hit = (incident, sentence, "claim sentence holds the aggregate")
                elif figures & _claim_figures(claim, incident):
                    hit = (incident, sentence, "claim toll equals an aggregate figure")
                if hit:
                    break
            if hit:
                break
        if hit:
            leaks.append(
                {
                    "report": aggregate["report"],
                    "text": aggregate.get("text"),
                    "incident": hit[0].get("id"),
                    "sentence": hit[1],
                    "reason": hit[2],
                }
            )
    return leaks


# --- scoring --------------------------------------------------------------------------------


def score(extracted: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    """Score extracted incidents and aggregates against the gold expectations.

    Parameters
    ----------
    extracted
        The output of ``strikemap incidents --json``: ``{"incidents": [...],
        "aggregates": [...]}``.
    gold
        The corpus's ``gold.json``.

    Returns
    -------
    dict
        ``incidents`` (counts, precision, recall, f1, matched_date_place), ``linking``,
        ``aggregates``, ``by_country``, ``matches`` (one row per matched pair) and ``misses``
        (``gold``: unmatched gold incidents with their nearest extracted incident and the
        criteria that pair fails; ``extracted``: the same for unmatched extracted incidents).
    """
    e_items: list[dict[str, Any]] = list(extracted.get("incidents") or [])
    g_items: list[dict[str, Any]] = list(gold.get("incidents") or [])
    comparisons = {
        (ei, gi): compare(e, g) for ei, e in enumerate(e_items) for gi, g in enumerate(g_items)
    }
    pairs = greedy_match(e_items, g_items, comparisons)
    lenient = greedy_match(e_items, g_items, comparisons, criteria=("date", "place"))

    matches = []
    linked = 0
    for ei, gi in pairs:
        e, g, c = e_items[ei], g_items[gi], comparisons[(ei, gi)]
        got, want = claim_reports(e), set(g.get("reports") or [])
        is_linked = got == want
        linked += is_linked
        matches.append(
            {
                "gold": g["id"],
                "extracted": e.get("id"),
                "date_diff_days": c["date_diff_days"],
                "distance_km": c["distance_km"],
                "linked": is_linked,
                "missing_reports": sorted(want - got),
                "extra_reports": sorted(got - want),
            }
        )

    matched_e = {ei for ei, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    free_e = [ei for ei in range(len(e_items)) if ei not in matched_e]
    free_g = [gi for gi in range(len(g_items)) if gi not in matched_g]

    def order(ei: int, gi: int) -> tuple[Any, ...]:
        c = comparisons[(ei, gi)]
        return (c["date_gap_days"], _sort_km(c["distance_km"]), c["date_diff_days"])

    gold_misses = []
    for gi in free_g:
        pool = free_e or range(len(e_items))
        ei = _nearest(gi, pool, lambda g, e: order(e, g))
        gold_misses.append(
            _miss(
                None if ei is None else comparisons[(ei, gi)],
                g_items[gi]["id"],
                None if ei is None else e_items[ei].get("id"),
                "nearest_extracted",
            )
        )
    extracted_misses = []
    for ei in free_e:
        pool = free_g or range(len(g_items))
        gi = _nearest(ei, pool, order)
        extracted_misses.append(
            _miss(
                None if gi is None else comparisons[(ei, gi)],
                e_items[ei].get("id"),
                None if gi is None else g_items[gi]["id"],
                "nearest_gold",
            )
        )
    failed_by_criterion = {
        name: sum(name in row["failed"] for row in gold_misses) for name in CRITERIA
    }

    precision = _ratio(len(pairs), len(e_items))
    recall = _ratio(len(pairs), len(g_items))

    by_country: dict[str, dict[str, int]] = {}
    for gi, g in enumerate(g_items):
        row = by_country.setdefault(
            str(g.get("country")), {"gold": 0, "matched": 0, "extracted": 0}
        )
        row["gold"] += 1
        row["matched"] += gi in matched_g
    for e in e_items:
        country = str(((e.get("place") or {}).get("country_code")) or "?").upper()
        by_country.setdefault(country, {"gold": 0, "matched": 0, "extracted": 0})["extracted"] += 1

    # aggregates: one to one, in gold order
    e_aggs: list[dict[str, Any]] = list(extracted.get("aggregates") or [])
    g_aggs: list[dict[str, Any]] = list(gold.get("aggregates") or [])
    used: set[int] = set()
    found, missed = [], []
    for g in g_aggs:
        hit = next(
            (i for i, e in enumerate(e_aggs) if i not in used and _aggregate_matches(e, g)), None
        )
        if hit is None:
            missed.append({"report": g["report"], "text": g.get("text")})
        else:
            used.add(hit)
            found.append({"report": g["report"], "text": g.get("text")})
    spurious = [
        {
            "report": _file_name((e.get("article") or {}).get("path")),
            "text": e.get("text"),
            "country_code": e.get("country_code"),
            "strikes": [e.get("strikes_low"), e.get("strikes_high")],
        }
        for i, e in enumerate(e_aggs)
        if i not in used
    ]
    leaks = aggregate_leaks(e_items, gold)

    return {
        "incidents": {
            "gold": len(g_items),
            "extracted": len(e_items),
            "matched": len(pairs),
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "matched_date_place": len(lenient),
            "gold_misses_failing": failed_by_criterion,
        },
        "linking": {
            "matched": len(pairs),
            "linked": linked,
            "rate": _ratio(linked, len(pairs)),
        },
        "aggregates": {
            "gold": len(g_aggs),
            "extracted": len(e_aggs),
            "found": len(found),
            "recall": _ratio(len(found), len(g_aggs)),
            "spurious": len(spurious),
            "leaked": len(leaks),
            "missed_list": missed,
            "spurious_list": spurious,
            "leaked_list": leaks,
        },
        "by_country": dict(sorted(by_country.items())),
        "matches": matches,
        "misses": {"gold": gold_misses, "extracted": extracted_misses},
    }


# --- running the pipeline -------------------------------------------------------------------


class PipelineError(RuntimeError):
    """The strikemap command failed."""


def load_gold(corpus: Path) -> dict[str, Any]:
    """Read ``gold.json`` from a corpus folder."""
    with open(corpus / "gold.json", encoding="utf-8") as fh:
        return json.load(fh)


def report_files(corpus: Path, only: Sequence[str] | None = None) -> list[Path]:
    """The corpus's report files, sorted by name (only those named in ``only`` when given)."""
    files = sorted((corpus / "reports").glob("*.txt"))
    if only is not None:
        wanted = set(only)
        files = [f for f in files if f.name in wanted]
    return files


def restrict_gold(gold: dict[str, Any], reports: Iterable[str]) -> dict[str, Any]:
    """The gold a run over only ``reports`` should produce.

    Incidents keep only those reports (an incident none of them describes is dropped) and their
    fatalities become the low/high over those reports' figures; aggregates of other reports are
    dropped.

    Parameters
    ----------
    gold
        A corpus's ``gold.json``.
    reports
        Report file names.

    Returns
    -------
    dict
        A new gold document.
    """
    keep = set(reports)
    incidents = []
    for item in gold.get("incidents", []):
        names = [r for r in item.get("reports") or [] if r in keep]
        if not names:
            continue
        per = {r: v for r, v in (item.get("per_report_fatalities") or {}).items() if r in keep}
        tolls = [int(v) for v in per.values() if v is not None]
        toll = {"low": min(tolls), "high": max(tolls)} if tolls else None
        incidents.append(
            {**item, "reports": names, "per_report_fatalities": per, "fatalities": toll}
        )
    aggregates = [a for a in gold.get("aggregates", []) if a.get("report") in keep]
    return {**gold, "incidents": incidents, "aggregates": aggregates}


def find_strikemap() -> str:
    """The strikemap executable: the repository's venv, else the one on PATH."""
    local = REPO_ROOT / ".venv" / "bin" / "strikemap"
    if local.exists():
        return str(local)
    return shutil.which("strikemap") or "strikemap"


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        tail = " | ".join(detail[-5:]) if detail else "no output"
        raise PipelineError(f"`{' '.join(command[:3])} ...` exited {proc.returncode}: {tail}")
    return proc


def run_pipeline(exe: str, files: Sequence[Path]) -> tuple[dict[str, Any], dict[str, float]]:
    """Ingest the reports into a temporary database and print its incidents as JSON.

    Parameters
    ----------
    exe
        The strikemap executable.
    files
        The report files.

    Returns
    -------
    tuple of (dict, dict)
        The parsed ``strikemap incidents --json`` output and the timings (``ingest_s``,
        ``reports_per_s``, ``incidents_s``).
    """
    with tempfile.TemporaryDirectory(prefix="strikemap-incident-eval-") as tmp:
        db = str(Path(tmp) / "incidents.db")
        t0 = time.perf_counter()
        _run([exe, "ingest", "--db", db, *map(str, files)])
        ingest_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        proc = _run([exe, "incidents", "--db", db, "--json"])
        incidents_s = time.perf_counter() - t0
    try:
        output = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise PipelineError(f"`strikemap incidents --json` printed no JSON ({exc})") from exc
    timing = {
        "reports": len(files),
        "ingest_s": round(ingest_s, 3),
        "reports_per_s": round(len(files) / ingest_s, 2) if ingest_s > 0 else 0.0,
        "incidents_s": round(incidents_s, 3),
    }
    return output, timing


# --- output ---------------------------------------------------------------------------------


def format_summary(metrics: dict[str, Any], timing: dict[str, float] | None = None) -> str:
    """A short plain-text table of the headline metrics."""
    inc, link, agg = metrics["incidents"], metrics["linking"], metrics["aggregates"]
    lines = [
        f"incidents   gold {inc['gold']}  extracted {inc['extracted']}  matched {inc['matched']}",
        f"            precision {inc['precision']:.3f}  recall {inc['recall']:.3f}  "
        f"F1 {inc['f1']:.3f}  (date+place only: {inc['matched_date_place']} matched)",
        f"linking     {link['linked']}/{link['matched']} matched incidents have exactly the "
        f"gold reports ({link['rate']:.3f})",
        f"aggregates  found {agg['found']}/{agg['gold']}  spurious {agg['spurious']}  "
        f"leaked as incidents {agg['leaked']}",
        "by country  "
        + "  ".join(
            f"{cc} {row['matched']}/{row['gold']} (extracted {row['extracted']})"
            for cc, row in metrics["by_country"].items()
        ),
    ]
    shown = metrics.get("at_threshold")
    if shown:
        lines.insert(
            2,
            f"shown       precision {shown['precision']:.3f}  recall {shown['recall']:.3f}  "
            f"F1 {shown['f1']:.3f}  without the {shown['candidates']} candidate(s) below the "
            "confidence threshold (as maps and exports show them)",
        )
    if timing:
        lines.append(
            f"speed       ingest {timing['ingest_s']:.2f} s for {int(timing['reports'])} reports "
            f"({timing['reports_per_s']:.1f} reports/s); incidents {timing['incidents_s']:.2f} s"
        )
    return "\n".join(lines)


def format_errors(metrics: dict[str, Any]) -> str:
    """The misses, one line each, with the criteria the nearest pair fails."""
    lines = []
    for row in metrics["misses"]["gold"]:
        why = "; ".join(f"{k}: {v}" for k, v in row["why"].items())
        lines.append(f"MISSED   {row['id']}  nearest {row['nearest_extracted']}  {why}")
    for row in metrics["misses"]["extracted"]:
        why = "; ".join(f"{k}: {v}" for k, v in row["why"].items())
        lines.append(f"SPURIOUS {row['id']}  nearest gold {row['nearest_gold']}  {why}")
    for row in metrics["matches"]:
        if not row["linked"]:
            lines.append(
                f"UNLINKED {row['gold']} <- {row['extracted']}  missing {row['missing_reports']}"
                f"  extra {row['extra_reports']}"
            )
    agg = metrics["aggregates"]
    for row in agg["missed_list"]:
        lines.append(f"AGG MISS {row['report']}: {row['text']!r}")
    for row in agg["spurious_list"]:
        lines.append(f"AGG XTRA {row['report']}: {row['text']!r} strikes {row['strikes']}")
    for row in agg["leaked_list"]:
        lines.append(f"AGG LEAK {row['report']}: {row['text']!r} as incident {row['incident']}")
    return "\n".join(lines) if lines else "no errors"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="corpus folder (reports/, gold.json), or a JSON file of real articles (as --real)",
    )
    parser.add_argument("--json", type=Path, help="write the metrics to this file")
    parser.add_argument("--errors", action="store_true", help="print the misses")
    parser.add_argument(
        "--extracted", type=Path, help="score this `strikemap incidents --json` output; run nothing"
    )
    parser.add_argument("--strikemap", help="strikemap executable (default: .venv/bin/strikemap)")
    parser.add_argument(
        "--only", nargs="+", metavar="REPORT", help="ingest and score only these report files"
    )
    parser.add_argument(
        "--founding",
        action="store_true",
        help="the founding case: tests/corpus/incidents, reports " + " and ".join(FOUNDING_REPORTS),
    )
    real = parser.add_argument_group("real articles (a JSON list of articles with gold strikes)")
    real.add_argument(
        "--real",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="score these real-corpus JSON files (default: real-dev-a.json and real-dev-b.json "
        "in ../shared/eval/incidents)",
    )
    real.add_argument("--split", help="run only this split ('all': every article in one database)")
    real.add_argument(
        "--folds", type=int, default=2, help="folds when strike groups cross files (default 2)"
    )
    real.add_argument(
        "--tuned-on", metavar="SPLIT", help="the split rules or models were tuned on (labels)"
    )
    return parser


def _real_scoring() -> Any:  # noqa: ANN401 - the module beside this file
    """``benchmarks/incident_real.py`` (benchmarks/ is not a package: put it on the path)."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    if "incident_eval" not in sys.modules and __name__ == "__main__":
        sys.modules["incident_eval"] = sys.modules["__main__"]  # one copy of this module
    import incident_real

    return incident_real


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    corpus: Path = args.corpus
    if args.real is not None or (corpus.is_file() and corpus.suffix.lower() == ".json"):
        real = _real_scoring()
        if args.real is None:
            paths = [corpus]
        else:
            paths = list(args.real) or list(real.DEFAULT_REAL_FILES)
        return int(
            real.main_real(
                paths,
                exe=args.strikemap or find_strikemap(),
                split=args.split,
                folds=args.folds,
                tuned_on=args.tuned_on,
                errors=args.errors,
                json_path=args.json,
                extracted_path=args.extracted,
            )
        )
    only = list(FOUNDING_REPORTS) if args.founding else args.only
    if args.founding:
        corpus = DEFAULT_CORPUS
    try:
        gold = load_gold(corpus)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"cannot read the gold file in {corpus}: {exc}", file=sys.stderr)
        return 1
    if only is not None:
        gold = restrict_gold(gold, only)
    timing: dict[str, float] | None = None
    if args.extracted:
        with open(args.extracted, encoding="utf-8") as fh:
            extracted = json.load(fh)
    else:
        files = report_files(corpus, only)
        unknown = sorted(set(only or ()) - {f.name for f in files})
        if unknown:
            print(
                f"no such report(s) in {corpus / 'reports'}: {', '.join(unknown)}", file=sys.stderr
            )
            return 1
        if not files:
            print(f"no reports in {corpus / 'reports'}", file=sys.stderr)
            return 1
        try:
            extracted, timing = run_pipeline(args.strikemap or find_strikemap(), files)
        except (PipelineError, OSError) as exc:
            print(f"the pipeline failed: {exc}", file=sys.stderr)
            return 1
    metrics = score(extracted, gold)
    # maps and exports leave candidates (confidence below the threshold) out: the same
    # scoring over the incidents they show
    shown = [i for i in extracted.get("incidents") or [] if i.get("status") != "candidate"]
    metrics["at_threshold"] = {
        "candidates": len(extracted.get("incidents") or []) - len(shown),
        **score({**extracted, "incidents": shown}, gold)["incidents"],
    }
    print(format_summary(metrics, timing))
    if args.errors:
        print()
        print(format_errors(metrics))
    if args.json:
        payload = {"corpus": str(corpus), "timing": timing, **metrics}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
