"""How likely a claim is to report a real strike of its own, at its date and place.

Scope: a claim's *confidence*, the probability (0-1) that it tells of a specific strike the
report is about, with a day and a place that an analyst can use; not a strike only recalled
in passing, not a headline's vague retelling, not a namesake abroad. It is a logistic
regression over a few general features of the claim and its report (:func:`features`), with
weights fitted by ``tools/train_confidence.py`` on the real development corpus
(``../shared/eval/incidents``) and shipped as ``data/models/claim_confidence.json`` (a few
hundred bytes; no weights are downloaded). Every feature is a property of any report
(how precise the place and the date are, how far the date lies before publication, where
in the report the claim is told, whether the place lies in the report's country), never a
word list fitted to the corpus.

The attribution hedge ("social media reports said") the reading found is one of the
features: a hedged claim scores lower than the same claim stated plainly.

Set ``STRIKEMAP_CLAIM_MODEL`` to another model file to score with it (the held-out
measurements train on one half of the corpus and score the other).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer.errors import DataError
from geo.model.records import DatePrecision, EventType, LocationPrecision

if TYPE_CHECKING:
    from geo.extraction.document import Document
    from geo.model.claims import Claim

__all__ = [
    "FEATURES",
    "MODEL_ENV",
    "ConfidenceModel",
    "default_model",
    "features",
    "score_claims",
]

#: Environment variable naming a model file to use instead of the shipped one.
MODEL_ENV = "STRIKEMAP_CLAIM_MODEL"

#: The features, in the order of the model's weights.
FEATURES = (
    "bias",
    "place_country",
    "place_region",
    "place_district",
    "place_town",
    "place_none",
    "place_abroad",
    "place_from_context",
    "date_day",
    "date_vague",
    "date_not_given",
    "date_statement",
    "date_far_before",
    "log_days_before",
    "toll",
    "first_sentence",
    "position",
    "log_sentences",
    "log_claims",
    "lead",
    "not_strike",
    "hedged",
    "earlier_year_named",
    "counted",
)

_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


def features(claim: Claim, doc: Document, *, claims: int, counted: bool = False) -> list[float]:
    """The claim's feature vector (see :data:`FEATURES`).

    ``claims`` is the report's number of claims; ``counted`` whether one of the report's
    aggregates counts this claim among its strikes ("the four strikes killed 43").

    Examples
    --------
    >>> len(FEATURES)
    24
    """
    place = claim.place
    precision = place.precision if place is not None else None
    place_reason = place.reason if place is not None else ""
    date_reason = next((r for r in claim.reasons if r.startswith("date:")), "")
    days_before = max(0, (doc.published - claim.date_end).days)
    first = claim.sentences[0]
    size = max(1, len(doc.text))
    first_sentence = bool(doc.sentences) and first.start <= doc.sentences[0].start
    years = {int(y) for q in claim.sentences for y in _YEAR.findall(q.text)}
    return [
        1.0,
        float(precision is LocationPrecision.COUNTRY),
        float(precision is LocationPrecision.REGION),
        float(precision is LocationPrecision.DISTRICT),
        float(
            precision
            in (LocationPrecision.TOWN, LocationPrecision.NEAR_TOWN, LocationPrecision.EXACT_SITE)
        ),
        float(place is None),
        float(
            place is not None
            and bool(doc.country)
            and bool(place.country_code)
            and place.country_code != doc.country
        ),
        float(place_reason.startswith(("no place in the sentence", "from the sentence before"))),
        float(claim.date_precision is DatePrecision.DAY),
        # vaguer than a month ("last year", "in 2016"): no day an analyst can use
        float(
            claim.date_precision is DatePrecision.YEAR
            or (claim.date_end - claim.date_start).days + 1 > 31
        ),
        float("no date given" in date_reason or "is after publication" in date_reason),
        float("(the date of the statement)" in date_reason),
        float(days_before > 31),
        math.log1p(days_before),
        float(claim.fatalities_point is not None),
        float(first_sentence),
        first.start / size,
        math.log(len(claim.sentences)),
        math.log(max(1, claims)),
        float(claim.index == 0),
        float(claim.event_type.family is not EventType.STRIKE),
        float(claim.attribution != "" and claim.confidence < 0.8),
        float(any(y < doc.published.year for y in years)),
        float(counted),
    ]


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """A logistic regression over :data:`FEATURES`: one weight per feature, in order."""

    weights: tuple[float, ...]
    trained_on: str = ""

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES) or not all(
            isinstance(w, float) and math.isfinite(w) for w in self.weights
        ):
            raise DataError(
                f"a claim confidence model needs {len(FEATURES)} finite weights "
                f"(one per feature: {', '.join(FEATURES)}), got {len(self.weights)}"
            )

    def probability(self, vector: Sequence[float]) -> float:
        """The model's probability for one feature vector."""
        z = sum(w * x for w, x in zip(self.weights, vector, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_json(cls, data: Mapping[str, object], *, source: str) -> ConfidenceModel:
        """A model from its JSON form (``{"features": [...], "weights": {...}}``).

        Raises
        ------
        DataError
            If the features are not :data:`FEATURES` or a weight is missing or not a number.
        """
        named, listed = data.get("weights"), data.get("features")
        if not isinstance(listed, list) or listed != list(FEATURES) or not isinstance(named, dict):
            raise DataError(
                f"{source}: not a claim confidence model for these features "
                f"({', '.join(FEATURES)}); retrain it with tools/train_confidence.py"
            )
        try:
            weights = tuple(float(named[f]) for f in FEATURES)
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{source}: a weight is missing or not a number ({exc})") from None
        return cls(weights, trained_on=str(data.get("trained_on", "")))

    def to_json(self) -> dict[str, object]:
        """The model's JSON form."""
        return {
            "features": list(FEATURES),
            "weights": {f: round(w, 6) for f, w in zip(FEATURES, self.weights, strict=True)},
            "trained_on": self.trained_on,
        }


@cache
def _load(path: str) -> ConfidenceModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"cannot read the claim confidence model {path!r}: {exc}") from None
    if not isinstance(data, dict):
        raise DataError(f"{path}: a claim confidence model is a JSON object")
    return ConfidenceModel.from_json(data, source=path)


def default_model() -> ConfidenceModel:
    """The model ``$STRIKEMAP_CLAIM_MODEL`` names, else the shipped one."""
    chosen = os.environ.get(MODEL_ENV)
    if chosen:
        return _load(chosen)
    from gazetteer.resources import data_path

    return _load(str(data_path("models", "claim_confidence.json")))


def score_claims(
    claims: Sequence[Claim],
    doc: Document,
    model: ConfidenceModel | None = None,
    *,
    counted: frozenset[int] = frozenset(),
) -> tuple[Claim, ...]:
    """The claims with their confidence set by the model (and the reason added).

    ``counted`` holds the indexes of the claims an aggregate of the report counts.
    """
    model = model or default_model()
    out = []
    for claim in claims:
        vector = features(claim, doc, claims=len(claims), counted=claim.index in counted)
        p = round(model.probability(vector), 3)
        reason = f"confidence {p:.2f}: how likely a claim like this is a strike of its own"
        out.append(replace(claim, confidence=p, reasons=(*claim.reasons, reason)))
    return tuple(out)
