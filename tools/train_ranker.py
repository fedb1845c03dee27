"""Train the geoparser's candidate ranker on GeoWebNews and GeoVirus, and cross-validate it.

Run from the repository root (needs scikit-learn, ``pip install -e .[train]``)::

    STRIKEMAP_GAZETTEER=/path/to/gazetteer.sqlite python -m tools.train_ranker

Each document's gold spans (those with coordinates) are resolved with the rules alone while
:func:`gazetteer.geoparse.ranker.recording` collects every candidate's feature row; a
candidate is a positive when it lies within 161 km of the gold point. A gradient-boosted
classifier (scikit-learn's ``HistGradientBoostingClassifier``) learns them. Folds are split
by document, never by mention: each held-out document is resolved by the whole pipeline with
the fold's model, and its Acc@161 counted exactly as ``benchmarks/geoparse_eval.py`` does.
The winners' raw scores and leads over the runner-up on held-out documents calibrate the
confidence (Platt scaling on those two).
The model is written as JSON (trees as arrays) to ``data/gazetteer/ranker.json``.

The corpora are read from ``../shared/eval/geoparsing`` at training time and never copied.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import geoparse_eval as ge  # noqa: E402

from gazetteer.geoparse.ranker import (  # noqa: E402
    FEATURES,
    GAP_CAP,
    MODEL_FILE,
    Ranker,
    ranking,
    recording,
)

#: A positive is within 161 km of gold and within this of the nearest candidate.
NEAREST_SLACK_KM = 25.0

#: Reliability bins of the confidence (lower edges).
BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)

PARAMS: dict[str, Any] = {
    "max_iter": 120,
    "learning_rate": 0.08,
    "max_leaf_nodes": 8,
    "max_depth": 6,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
    "random_state": 0,
}


@dataclass
class Examples:
    """Feature rows of every candidate of every gold span, with labels and groups."""

    rows: list[np.ndarray] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)
    docs: list[int] = field(default_factory=list)  # per block: document index

    def matrix(self, keep: set[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The rows and labels of the documents in ``keep`` (all if None)."""
        picked = [i for i, d in enumerate(self.docs) if keep is None or d in keep]
        if not picked:
            return np.zeros((0, len(FEATURES))), np.zeros(0)
        return (
            np.vstack([self.rows[i] for i in picked]),
            np.concatenate([self.labels[i] for i in picked]),
        )


def load_documents(data_dir: Path) -> list[tuple[str, ge.Document]]:
    """Every document of both corpora that has gold toponyms with coordinates."""
    out = []
    for key, (filename, reader) in ge.READERS.items():
        path = data_dir / filename
        if not path.is_file():
            raise SystemExit(f"train_ranker: error: corpus not found: {str(path)!r}")
        for doc in reader(path).documents:
            if any(t.has_coordinates for t in doc.toponyms):
                out.append((key, doc))
    return out


def _gold(doc: ge.Document) -> list[ge.GoldToponym]:
    return [t for t in doc.toponyms if t.has_coordinates]


def collect(documents: Sequence[tuple[str, ge.Document]], gazetteer: Any) -> Examples:
    """The candidates' feature rows, labelled within 161 km of gold or not."""
    from gazetteer.geodesy import geodesic_distance
    from gazetteer.geoparse.toponyms import resolve_toponyms

    examples = Examples()
    for index, (_, doc) in enumerate(documents):
        gold = _gold(doc)
        with ranking(None), recording() as records:
            resolve_toponyms(doc.text, [(t.start, t.end) for t in gold], gazetteer=gazetteer)
        by_span = {(start, end): (places, rows) for start, end, places, rows in records}
        for t in gold:
            found = by_span.get((t.start, t.end))
            if found is None or found[1] is None:
                continue
            places, rows = found
            km = np.array([geodesic_distance((t.lat, t.lon), (p.lat, p.lon)).km for p in places])
            # the nearest candidates within 161 km: a city, not the district around it
            labels = ((km <= ge.ACC_RADIUS_KM) & (km <= km.min() + NEAREST_SLACK_KM)).astype(float)
            examples.rows.append(rows)
            examples.labels.append(labels)
            examples.docs.append(index)
    return examples


def fit(x: np.ndarray, y: np.ndarray) -> Any:
    """A gradient-boosted classifier of these rows (:data:`PARAMS`)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(**PARAMS)
    model.fit(x, y)
    return model


def export(
    model: Any, calibration: tuple[float, float, float], meta: dict[str, Any]
) -> dict[str, Any]:
    """The model as a JSON-ready mapping :meth:`Ranker.from_dict` reads."""
    trees = []
    for (predictor,) in model._predictors:  # one tree per iteration for a binary classifier
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            {
                "feature": [int(v) for v in nodes["feature_idx"]],
                "threshold": [round(float(v), 6) for v in nodes["num_threshold"]],
                "left": [-1 if lf else int(v) for v, lf in zip(nodes["left"], leaf, strict=True)],
                "right": [-1 if lf else int(v) for v, lf in zip(nodes["right"], leaf, strict=True)],
                "value": [round(float(v), 6) for v in nodes["value"]],
                "leaf": [int(v) for v in leaf],
                "depth": int(nodes["depth"].max()) + 1,
            }
        )
    return {
        "format": "strikemap-ranker-1",
        "features": list(FEATURES),
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "trees": trees,
        "calibration": list(calibration),
        "meta": meta,
    }


@dataclass
class Fold:
    """What the held-out documents gave, and the winners.

    ``tally`` is per corpus ``[toponyms, correct, correct counting areas from context]``.
    """

    tally: dict[str, list[int]] = field(default_factory=dict)
    # (logit, lead over the runner-up, correct)
    winners: list[tuple[float, float, bool]] = field(default_factory=list)
    matches: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, correct)


def score_documents(
    documents: Sequence[tuple[str, ge.Document]],
    indices: Sequence[int],
    gazetteer: Any,
    ranker: Ranker | None,
    out: Fold,
) -> None:
    """Resolve these documents' gold spans with ``ranker``; count Acc@161 per corpus."""
    from gazetteer.geodesy import geodesic_distance
    from gazetteer.geoparse.toponyms import resolve_toponyms

    for index in indices:
        key, doc = documents[index]
        gold = _gold(doc)
        with ranking(ranker), recording() as records:
            matches = resolve_toponyms(
                doc.text, [(t.start, t.end) for t in gold], gazetteer=gazetteer
            )
        rows = {(s, e): r for s, e, _, r in records}
        tally = out.tally.setdefault(key, [0, 0, 0])
        for t, m in zip(gold, matches, strict=True):
            tally[0] += 1
            ok = (
                m.place is not None
                and geodesic_distance((t.lat, t.lon), (m.place.lat, m.place.lon)).km
                <= ge.ACC_RADIUS_KM
            )
            tally[1] += ok
            tally[2] += ok or (
                m.place is None
                and m.area is not None
                and geodesic_distance((t.lat, t.lon), (m.area.lat, m.area.lon)).km
                <= ge.ACC_RADIUS_KM
            )
            if m.place is not None:
                out.matches.append((m.confidence, ok))
                r = rows.get((t.start, t.end))
                if ranker is not None and r is not None:
                    logits = np.sort(ranker.logits(r))[::-1]
                    lead = float(logits[0] - logits[1]) if len(logits) > 1 else GAP_CAP
                    out.winners.append((float(logits[0]), min(lead, GAP_CAP), ok))


def platt(winners: Sequence[tuple[float, float, bool]]) -> tuple[float, float, float]:
    """``a, b, c`` with ``sigmoid(a * logit + b + c * lead)`` the chance the winner is right."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[w, lead] for w, lead, _ in winners])
    y = np.array([ok for _, _, ok in winners], dtype=int)
    lr = LogisticRegression(C=100.0).fit(x, y)
    return float(lr.coef_[0][0]), float(lr.intercept_[0]), float(lr.coef_[0][1])


def reliability(matches: Sequence[tuple[float, bool]]) -> list[dict[str, Any]]:
    """Per confidence bin: its range, how many places, and their Acc@161."""
    out = []
    for i, low in enumerate(BINS):
        high = BINS[i + 1] if i + 1 < len(BINS) else 1.0001
        inside = [ok for c, ok in matches if low <= c < high]
        out.append(
            {
                "bin": f"{low:.1f}-{min(high, 1.0):.1f}",
                "places": len(inside),
                "acc161": sum(inside) / len(inside) if inside else None,
            }
        )
    return out


def cross_validate(
    documents: Sequence[tuple[str, ge.Document]],
    gazetteer: Any,
    examples: Examples,
    k: int = 5,
    calibrated: tuple[float, float, float] | None = None,
) -> tuple[Fold, tuple[float, float, float]]:
    """K folds over documents; each held-out fold resolved by the pipeline with its model.

    Returns the held-out tallies and winners, and the Platt calibration fitted on them
    (``calibrated`` is used for the folds' confidences if given, else a first pass's).
    """
    order = np.random.default_rng(0).permutation(len(documents))
    folds = [sorted(int(i) for i in order[j::k]) for j in range(k)]
    out = Fold()
    models = []
    for held in folds:
        train = set(range(len(documents))) - set(held)
        x, y = examples.matrix(train)
        models.append((held, fit(x, y)))
    calibration = calibrated or (1.0, 0.0, 0.0)
    for held, model in models:
        ranker = Ranker.from_dict(export(model, calibration, {}))
        score_documents(documents, held, gazetteer, ranker, out)
    fitted = platt(out.winners)
    if calibrated is None:  # the folds' confidences with the calibration they gave
        a, b, c = fitted
        out.matches = [
            (1.0 / (1.0 + np.exp(-(a * w + b + c * lead))), ok) for w, lead, ok in out.winners
        ]
    return out, fitted


def acc(tally: dict[str, list[int]], *, with_areas: bool = False) -> dict[str, float]:
    """Acc@161 per corpus from :attr:`Fold.tally` (counting areas from context if asked)."""
    return {key: t[2 if with_areas else 1] / t[0] for key, t in tally.items() if t[0]}


def main(argv: Sequence[str] | None = None) -> int:
    """Train, cross-validate, write the model; print the figures."""
    parser = argparse.ArgumentParser(prog="python -m tools.train_ranker", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ge.DEFAULT_DATA_DIR)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "data" / Path(*MODEL_FILE), help="model file"
    )
    args = parser.parse_args(argv)
    from gazetteer.search import Gazetteer

    t0 = time.perf_counter()
    gazetteer = Gazetteer.open()
    documents = load_documents(args.data_dir)
    examples = collect(documents, gazetteer)
    x, y = examples.matrix()
    print(f"{len(documents)} documents, {len(examples.rows):,} spans, {len(y):,} candidates")
    folds, calibration = cross_validate(documents, gazetteer, examples, args.folds)
    cv = acc(folds.tally)
    cv_areas = acc(folds.tally, with_areas=True)
    model = fit(x, y)
    seconds = time.perf_counter() - t0
    meta = {
        "trained_on": ["GeoWebNews", "GeoVirus"],
        "documents": len(documents),
        "spans": len(examples.rows),
        "candidates": int(len(y)),
        "params": PARAMS,
        "cv_folds_by_document": args.folds,
        "cv_acc161": {k: round(v, 4) for k, v in cv.items()},
        "cv_acc161_with_areas": {k: round(v, 4) for k, v in cv_areas.items()},
        "training_seconds": round(seconds, 1),
    }
    payload = export(model, calibration, meta)
    args.out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    for key, value in cv.items():
        print(
            f"cross-validated by document ({args.folds} folds), {key}: Acc@161 {value:.1%}, "
            f"with areas from context {cv_areas[key]:.1%}"
        )
    print("calibration a={:.3f} b={:.3f} c={:.3f}".format(*calibration))
    for b in reliability(folds.matches):
        a = "-" if b["acc161"] is None else f"{b['acc161']:.1%}"
        print(f"  confidence {b['bin']}: {b['places']:5d} places, Acc@161 {a}")
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1024:.0f} KiB) in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
