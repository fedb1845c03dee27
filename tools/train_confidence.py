"""Train the claim confidence model (:mod:`geo.extraction.confidence`) on real articles.

Run (CPU, a few seconds; numpy only; reads the real development corpus from ``../shared``)::

    .venv/bin/python -m tools.train_confidence [FILE.json ...] [--split a|b|all] [-o MODEL]

Each article is read by the extractor (claims unscored); a claim is labelled 1 when it
matches one of the article's gold strikes by the benchmark's rule (its date range overlaps
the strike's day and spans at most two days, its point lies within the strike's ``tol_km``;
one claim per strike, the closest), 0 when it matches none, and left out when it matches only
a strike the article recalls in passing (``secondary``: neither right nor wrong). The
weights are an L2-regularised logistic regression fitted by Newton's method, deterministic.

``--split a`` trains on the files whose name ends in ``-a.json`` only (the held-out
measurement then scores ``b`` with ``STRIKEMAP_CLAIM_MODEL`` set to the result); the default
``all`` trains on every file given and writes ``data/models/claim_confidence.json``, the
shipped model. The texts are read at training time and never stored: the model file holds
only the weights.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from geo.extraction.confidence import FEATURES, ConfidenceModel, features

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_DIR = REPO_ROOT.parent / "shared" / "eval" / "incidents"
DEFAULT_FILES = (REAL_DIR / "real-dev-a.json", REAL_DIR / "real-dev-b.json")
DEFAULT_OUT = REPO_ROOT / "data" / "models" / "claim_confidence.json"
#: Our own corpora (report files and gold), always part of the training.
OWN_CORPORA = tuple(sorted((REPO_ROOT / "tests" / "corpus").glob("incidents*")))
#: L2 penalty on every weight but the bias.
PENALTY = 1.0


def split_of(path: Path) -> str:
    """The split a corpus file belongs to: the name after its last ``-``.

    >>> split_of(Path("real-dev-b.json"))
    'b'
    """
    return path.stem.rsplit("-", 1)[-1]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from gazetteer.geodesy import geodesic_distance

    return float(geodesic_distance((lat1, lon1), (lat2, lon2)).km)


def label_claims(claims: Sequence[Any], gold: Sequence[dict[str, Any]]) -> list[int | None]:
    """1, 0 or None (left out) for each claim of one article, by the benchmark's rule.

    A gold item gives ``date`` (a day) or ``date_start``/``date_end`` (a range: our corpora's
    month-precise incidents); a claim's range must overlap it and be at most a day wider.
    """
    labels: list[int | None] = [0] * len(claims)
    pairs = []
    for i, c in enumerate(claims):
        for j, g in enumerate(gold):
            first = dt.date.fromisoformat(g.get("date_start") or g["date"])
            last = dt.date.fromisoformat(g.get("date_end") or g.get("date_start") or g["date"])
            if c.date_start > last or c.date_end < first:
                continue
            if (c.date_end - c.date_start).days > (last - first).days + 1:
                continue
            if c.place is None:
                continue
            km = _km(c.place.lat, c.place.lon, float(g["lat"]), float(g["lon"]))
            if km <= float(g["tol_km"]):
                pairs.append((km, i, j))
    taken: set[int] = set()
    for _, i, j in sorted(pairs):
        if gold[j].get("secondary"):
            if labels[i] == 0:
                labels[i] = None
            continue
        if j in taken or labels[i] == 1:
            continue
        labels[i] = 1
        taken.add(j)
    return labels


def own_articles(folder: Path) -> list[dict[str, Any]]:
    """One of our corpora (``tests/corpus/NAME``) as articles in the real corpus's shape.

    Each report's body (after its header) and ``Published`` date; its gold: the corpus's
    incidents that list it, with the benchmark's place tolerance (25 km, or the gold radius
    for a region- or country-level incident).
    """
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["incidents"]
    out = []
    for path in sorted((folder / "reports").glob("*.txt")):
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        published = next(
            line.split(":", 1)[1].strip()
            for line in header.splitlines()
            if line.lower().startswith("published:")
        )
        items = [
            {
                "date_start": g["date_start"],
                "date_end": g.get("date_end") or g["date_start"],
                "lat": g["place"]["lat"],
                "lon": g["place"]["lon"],
                "tol_km": max(25.0, float(g.get("radius_km") or 0.0))
                if g.get("location_precision") in ("region", "country")
                else 25.0,
            }
            for g in gold
            if path.name in g["reports"]
        ]
        out.append({"text": body, "published": published[:10], "gold": items})
    return out


def examples(paths: Sequence[Path], own: Sequence[Path] = ()) -> tuple[np.ndarray, np.ndarray]:
    """The feature matrix and labels of every claim in these corpus files and own corpora."""
    from gazetteer.geoparse import find_toponyms
    from gazetteer.search import Gazetteer
    from geo.extraction.extract import read_claims, read_document

    gaz = Gazetteer.open()
    rows: list[list[float]] = []
    ys: list[int] = []
    articles = [a for p in paths for a in json.loads(p.read_text(encoding="utf-8"))]
    articles += [a for folder in own for a in own_articles(folder)]
    for article in articles:
        text = article["text"]
        published = dt.date.fromisoformat(article["published"])
        toponyms = [t for t in find_toponyms(text, gazetteer=gaz) if t.place is not None]
        doc = read_document(text, published, gaz, toponyms)
        extraction, counted = read_claims(doc)
        claims = extraction.claims
        for claim, y in zip(claims, label_claims(claims, article["gold"]), strict=True):
            if y is not None:
                vector = features(claim, doc, claims=len(claims), counted=claim.index in counted)
                rows.append(vector)
                ys.append(y)
    return np.array(rows, dtype=float), np.array(ys, dtype=float)


def fit(x: np.ndarray, y: np.ndarray, *, penalty: float = PENALTY) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], penalty)
    ridge[0] = 1e-6
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + ridge * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w


def log_loss(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    """Mean log-loss of weights ``w`` on ``(x, y)``."""
    p = np.clip(1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30))), 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def auc(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    """Area under the ROC curve of the scores ``x @ w`` (ties count half)."""
    s = x @ w
    pos, neg = s[y == 1], s[y == 0]
    if not len(pos) or not len(neg):
        return math.nan
    wins = sum(float((p > neg).sum() + 0.5 * (p == neg).sum()) for p in pos)
    return wins / (len(pos) * len(neg))


def main(argv: Sequence[str] | None = None) -> int:
    """Train on the chosen split (and our corpora), report, write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--split", default="all", help="train on this split only (a, b, all)")
    parser.add_argument(
        "--no-own", action="store_true", help="leave our own corpora (tests/corpus) out"
    )
    parser.add_argument("-o", "--output", type=Path, default=None, help="model file to write")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        print(
            f"train_confidence: error: corpus file(s) not found: {', '.join(missing)}",
            file=sys.stderr,
        )
        return 2
    train = [p for p in args.files if args.split == "all" or split_of(p) == args.split]
    rest = [p for p in args.files if p not in train]
    if not train:
        print(f"train_confidence: error: no file of split {args.split!r}", file=sys.stderr)
        return 2
    own = [] if args.no_own else list(OWN_CORPORA)
    x, y = examples(train, own)
    w = fit(x, y)
    label = "+".join(split_of(p) for p in train) + ("" if args.no_own else " + own corpora")
    print(
        f"trained on {label}: {len(y)} claims, {int(y.sum())} right; "
        f"log-loss {log_loss(x, y, w):.3f}, AUC {auc(x, y, w):.3f}"
    )
    if rest:
        hx, hy = examples(rest)
        print(
            f"held out {'+'.join(split_of(p) for p in rest)}: {len(hy)} claims, "
            f"{int(hy.sum())} right; log-loss {log_loss(hx, hy, w):.3f}, "
            f"AUC {auc(hx, hy, w):.3f}"
        )
    model = ConfidenceModel(tuple(float(v) for v in w), trained_on=f"real-dev {label}")
    out = args.output or (
        DEFAULT_OUT if args.split == "all" else Path(f"claim_confidence-{args.split}.json")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    for name, weight in zip(FEATURES, w, strict=True):
        print(f"  {name:20s} {weight:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
