"""The learned candidate ranker: which of a name's gazetteer candidates the text means.

:mod:`.resolve` describes every candidate of every name by :data:`FEATURES` (how its name
matched, its population and kind, the document's country votes, "Town, Y" pairs, list levels,
containment, kind words, the distance to the other names' confident places, and the
hand-written rules' own score and rank). A small gradient-boosted model, trained by
``python -m tools.train_ranker`` on GeoWebNews and GeoVirus and shipped as JSON in
``data/gazetteer/ranker.json`` (trees as arrays, no pickle), scores each candidate with the
probability that it lies within 161 km of the place meant; the best one wins, and that
probability, calibrated on held-out documents, is the match's confidence.

The rules alone are used inside ``with ranking(None):`` or when the environment variable
``STRIKEMAP_RANKER`` is ``off``.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gazetteer.errors import DataError

__all__ = [
    "DEFAULT_THRESHOLD",
    "FEATURES",
    "GAP_CAP",
    "MODEL_FILE",
    "Ranker",
    "active_ranker",
    "default_ranker",
    "ranking",
    "recording",
]

#: The file of the shipped model, below ``data/``.
MODEL_FILE = ("gazetteer", "ranker.json")

#: The most the winner's lead over the runner-up counts in its confidence (log-odds).
GAP_CAP = 6.0

#: The confidence at and above which a place is kept by default (see the README, Geoparsing).
DEFAULT_THRESHOLD = 0.5

#: The features of a candidate, in the model's column order.
FEATURES: tuple[str, ...] = (
    # the gazetteer
    "gaz_score",
    "gaz_rank",
    "match_exact",
    "match_alternate",
    "match_expanded",
    "match_variant",
    "match_nearby",
    "match_fuzzy",
    "log_population",
    "prominence",
    "kind_continent",
    "kind_country",
    "kind_admin1",
    "kind_admin2",
    "kind_city",
    "kind_facility",
    "kind_area",
    "code_capital",
    "code_seat",
    "source_geonames",
    "candidates",
    "exact_candidates",
    "best_exact_population_ratio",
    # the span
    "qualified",
    "namesake",
    "all_caps",
    "mentions",
    "words",
    # the document
    "country_support",
    "country_vote_share",
    "country_is_top",
    "country_named",
    "publication_country",
    "document_countries",
    "structure",
    "kind_hint",
    "contains",
    "anchor_km_log",
    "anchor_near",
    "named_country_of_name",
    "division_support",
    # the rules
    "rule_score",
    "rule_rank",
    "rule_gap",
)


@dataclass(frozen=True, slots=True)
class Ranker:
    """A gradient-boosted candidate scorer read from JSON.

    The trees are held as flat arrays over all trees' nodes: ``feature``, ``threshold``,
    ``left``, ``right``, ``value`` and ``leaf`` (a node is a leaf when ``leaf`` is true),
    ``roots`` the first node of each tree. ``calibration`` ``(a, b, c)`` maps the winner's
    raw score and its lead over the runner-up to its confidence:
    ``sigmoid(a * logit + b + c * min(lead, GAP_CAP))``.
    """

    features: tuple[str, ...]
    baseline: float
    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    leaf: np.ndarray
    depth: int
    calibration: tuple[float, float, float]
    meta: dict[str, Any]
    # the walk's tables (see logits): node i goes to _child[2 * i + (x <= threshold)]
    _child: np.ndarray = field(init=False, repr=False, compare=False)
    _column: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.features != FEATURES:
            raise DataError(
                f"the ranker was trained on other features ({len(self.features)} columns, "
                f"this code computes {len(FEATURES)}); retrain it: python -m tools.train_ranker"
            )
        nodes = np.arange(len(self.feature))
        child = np.empty(2 * len(nodes), dtype=np.int64)
        child[0::2] = np.where(self.leaf, nodes, self.right)  # x > threshold, or x is NaN
        child[1::2] = np.where(self.leaf, nodes, self.left)  # x <= threshold
        object.__setattr__(self, "_child", child)  # a leaf stays where it is
        object.__setattr__(self, "_column", np.where(self.leaf, 0, self.feature))

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Ranker:
        """A ranker from the mapping :meth:`as_dict` wrote.

        Raises
        ------
        DataError
            If a field is missing or malformed.
        """
        try:
            trees = raw["trees"]
            roots: list[int] = []
            feature: list[int] = []
            left: list[int] = []
            right: list[int] = []
            threshold: list[float] = []
            value: list[float] = []
            leaf: list[bool] = []
            depth = 1
            for tree in trees:
                base = len(feature)
                roots.append(base)
                n = len(tree["feature"])
                feature += [int(f) for f in tree["feature"]]
                threshold += [float(t) for t in tree["threshold"]]
                left += [base + int(i) if i >= 0 else base + k for k, i in enumerate(tree["left"])]
                right += [
                    base + int(i) if i >= 0 else base + k for k, i in enumerate(tree["right"])
                ]
                value += [float(v) for v in tree["value"]]
                leaf += [bool(x) for x in tree["leaf"]]
                depth = max(depth, int(tree["depth"]))
                if not all(len(tree[k]) == n for k in ("threshold", "left", "right", "value")):
                    raise ValueError("tree arrays of unequal length")
            a, b, c = raw["calibration"]
            return cls(
                tuple(raw["features"]),
                float(raw["baseline"]),
                np.asarray(roots, dtype=np.int64),
                np.asarray(feature, dtype=np.int64),
                np.asarray(threshold, dtype=np.float64),
                np.asarray(left, dtype=np.int64),
                np.asarray(right, dtype=np.int64),
                np.asarray(value, dtype=np.float64),
                np.asarray(leaf, dtype=bool),
                depth,
                (float(a), float(b), float(c)),
                dict(raw.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"malformed ranker model: {type(exc).__name__}: {exc}") from None

    @classmethod
    def load(cls, path: str | Path) -> Ranker:
        """A ranker from a JSON file.

        Raises
        ------
        DataError
            If the file is missing or not a ranker model.
        """
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataError(f"cannot read the ranker model {str(path)!r}: {exc}") from None
        if not isinstance(raw, dict):
            raise DataError(f"the ranker model {str(path)!r} is not a JSON object")
        return cls.from_dict(raw)

    def logits(self, rows: np.ndarray) -> np.ndarray:
        """The raw score (log-odds) of each row of ``rows`` (n × len(FEATURES))."""
        rows = np.asarray(rows, dtype=np.float64)
        if rows.ndim != 2 or rows.shape[1] != len(self.features):
            raise ValueError(
                f"rows must be n x {len(self.features)}, got shape {getattr(rows, 'shape', None)}"
            )
        n, width = rows.shape
        flat = np.ascontiguousarray(rows).ravel()
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        start = (np.arange(n) * width)[:, None]  # where each row begins in ``flat``
        for _ in range(self.depth):
            goes_left = flat[start + self._column[node]] <= self.threshold[node]
            node = self._child[2 * node + goes_left]
        return self.baseline + self.value[node].sum(axis=1)

    def confidence(self, logit: float, lead: float = GAP_CAP) -> float:
        """The calibrated chance that the winner is right.

        ``logit`` is its raw score, ``lead`` how far it is ahead of the runner-up (the cap
        when it has none).
        """
        a, b, c = self.calibration
        z = a * logit + b + c * min(lead, GAP_CAP)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


@functools.cache
def default_ranker() -> Ranker:
    """The shipped model (``data/gazetteer/ranker.json``), read once."""
    from gazetteer.resources import data_path

    return Ranker.load(data_path(*MODEL_FILE))


_DEFAULT = object()
_ACTIVE: contextvars.ContextVar[Any] = contextvars.ContextVar("strikemap_ranker", default=_DEFAULT)
_RECORDER: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "strikemap_ranker_recorder", default=None
)


def active_ranker() -> Ranker | None:
    """The ranker resolution uses now: set by :func:`ranking`, else the shipped one.

    ``None`` (the hand-written rules alone) inside ``ranking(None)`` or when
    ``STRIKEMAP_RANKER`` is ``off``.
    """
    chosen = _ACTIVE.get()
    if chosen is not _DEFAULT:
        return chosen  # type: ignore[no-any-return]
    if os.environ.get("STRIKEMAP_RANKER", "").strip().lower() in ("off", "0", "rules", "no"):
        return None
    return default_ranker()


@contextlib.contextmanager
def ranking(ranker: Ranker | None) -> Iterator[None]:
    """Resolve with ``ranker`` (``None``: the rules alone) inside the block."""
    token = _ACTIVE.set(ranker)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@contextlib.contextmanager
def recording() -> Iterator[list[Any]]:
    """Collect, for training, each span's candidates and feature rows inside the block.

    Each item is ``(start, end, places, rows)``: the span's offsets, its candidates' places
    and their feature matrix (``None`` for a span resolved without candidates).
    """
    records: list[Any] = []
    token = _RECORDER.set(records)
    try:
        yield records
    finally:
        _RECORDER.reset(token)


def recorder() -> list[Any] | None:
    """The list :func:`recording` collects into, if any."""
    return _RECORDER.get()
