"""The claim confidence model: its file, its features and what it makes of claims."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gazetteer.errors import DataError
from geo.extraction import confidence
from geo.extraction.confidence import FEATURES, MODEL_ENV, ConfidenceModel, default_model
from geo.extraction.extract import extract_claims

THURSDAY = dt.date(2021, 5, 13)


def test_the_shipped_model_has_one_finite_weight_per_feature() -> None:
    model = default_model()
    assert len(model.weights) == len(FEATURES)
    assert model.trained_on.startswith("real-dev a+b")
    assert ConfidenceModel.from_json(model.to_json(), source="x").weights == pytest.approx(
        model.weights, abs=1e-6
    )


def test_a_model_file_from_the_environment(tmp_path, monkeypatch) -> None:
    flat = ConfidenceModel(tuple(0.0 for _ in FEATURES), trained_on="flat")
    path = tmp_path / "flat.json"
    path.write_text(json.dumps(flat.to_json()))
    monkeypatch.setenv(MODEL_ENV, str(path))
    assert default_model().trained_on == "flat"
    assert default_model().probability([1.0] * len(FEATURES)) == 0.5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "a claim confidence model is a JSON object"),
        (
            '{"features": ["bias"], "weights": {"bias": 1}}',
            "not a claim confidence model for these features",
        ),
        ("{", "cannot read the claim confidence model"),
    ],
)
def test_a_bad_model_file_is_refused(tmp_path, monkeypatch, content, message) -> None:
    path = tmp_path / f"bad-{abs(hash(content))}.json"
    path.write_text(content)
    monkeypatch.setenv(MODEL_ENV, str(path))
    with pytest.raises(DataError, match=message):
        default_model()


def test_weights_must_match_the_features() -> None:
    with pytest.raises(DataError, match=r"needs 24 finite weights .* got 2$"):
        ConfidenceModel((1.0, 2.0))
    assert len(FEATURES) == 24
    confidence._load.cache_clear()


@pytest.mark.usefixtures("gazetteer_index")
def test_a_dated_strike_at_a_town_outranks_an_undated_one_in_a_country() -> None:
    (town,) = extract_claims(
        "A drone strike killed four fighters near Jilib on Tuesday, officials said.",
        published=THURSDAY,
    ).claims
    (country,) = extract_claims(
        "Officials say a drone strike has killed six fighters in Somalia.", published=THURSDAY
    ).claims
    assert country.date_precision.value == "week"
    assert 0.0 < country.confidence < 0.5 < town.confidence < 1.0
    assert town.reasons[-1].startswith(f"confidence {town.confidence:.2f}: ")


@pytest.mark.usefixtures("gazetteer_index")
def test_a_strike_dated_only_to_a_year_scores_below_one_dated_to_its_month() -> None:
    from geo.extraction.confidence import default_model

    assert default_model().weights[FEATURES.index("date_vague")] < 0
    (month,) = extract_claims(
        "A drone strike killed four fighters near Jilib in March, officials said.",
        published=THURSDAY,
    ).claims
    (year,) = extract_claims(
        "A drone strike killed four fighters near Jilib last year, officials said.",
        published=THURSDAY,
    ).claims
    assert (month.date_precision.value, year.date_precision.value) == ("month", "year")
    assert year.confidence < month.confidence - 0.1
