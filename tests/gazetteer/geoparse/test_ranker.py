"""The learned candidate ranker: the shipped model, its arithmetic, its switch, abstention."""

import json

import numpy as np
import pytest

from gazetteer.errors import DataError
from gazetteer.geoparse.ranker import (
    DEFAULT_THRESHOLD,
    FEATURES,
    GAP_CAP,
    MODEL_FILE,
    Ranker,
    active_ranker,
    default_ranker,
    ranking,
)
from gazetteer.geoparse.resolve import ABROAD_VARIANT_CONFIDENCE
from gazetteer.geoparse.toponyms import find_toponyms, resolve_toponyms
from gazetteer.resources import data_path


def by_text(matches, text):
    found = [m for m in matches if m.text == text]
    assert found, f"{text!r} not found in {[m.text for m in matches]}"
    return found[0]


def two_trees(**changes):
    """A hand-made model: tree 1 splits on feature 0 at 0.5, tree 2 is one leaf."""
    raw = {
        "features": list(FEATURES),
        "baseline": -1.0,
        "trees": [
            {
                "feature": [0, 0, 0],
                "threshold": [0.5, 0.0, 0.0],
                "left": [1, -1, -1],
                "right": [2, -1, -1],
                "value": [0.0, -2.0, 3.0],
                "leaf": [0, 1, 1],
                "depth": 2,
            },
            {
                "feature": [0],
                "threshold": [0.0],
                "left": [-1],
                "right": [-1],
                "value": [0.25],
                "leaf": [1],
                "depth": 1,
            },
        ],
        "calibration": [2.0, 0.5, 0.25],
    }
    raw.update(changes)
    return raw


def test_the_shipped_model_loads_and_is_small():
    path = data_path(*MODEL_FILE)
    assert path.is_file()
    assert path.stat().st_size < 300_000
    ranker = default_ranker()
    assert ranker.features == FEATURES
    assert len(ranker.roots) >= 50
    assert ranker.meta["trained_on"] == ["GeoWebNews", "GeoVirus"]
    logits = ranker.logits(np.zeros((3, len(FEATURES))))
    assert logits.shape == (3,) and np.isfinite(logits).all()


def test_logits_walk_the_trees():
    ranker = Ranker.from_dict(two_trees())
    rows = np.zeros((3, len(FEATURES)))
    rows[:, 0] = [0.2, 0.5, 0.9]  # left, left (threshold inclusive), right
    assert ranker.logits(rows).tolist() == [-2.75, -2.75, 2.25]
    assert ranker.confidence(0.0, 0.0) == pytest.approx(1 / (1 + np.exp(-0.5)))
    assert ranker.confidence(1.0, 2.0) == pytest.approx(1 / (1 + np.exp(-3.0)))
    assert ranker.confidence(0.0, 100.0) == ranker.confidence(0.0, GAP_CAP)  # capped


def walked(ranker, rows):
    """Logits by the plain walk: at each level, every tree's node steps left or right."""
    node = np.broadcast_to(ranker.roots, (len(rows), len(ranker.roots))).copy()
    which = np.arange(len(rows))[:, None]
    for _ in range(ranker.depth):
        x = rows[which, ranker.feature[node]]
        step = np.where(x <= ranker.threshold[node], ranker.left[node], ranker.right[node])
        node = np.where(ranker.leaf[node], node, step)
    return ranker.baseline + ranker.value[node].sum(axis=1)


@pytest.mark.parametrize("model", ["shipped", "two trees"])
def test_logits_are_those_of_the_plain_walk(model):
    ranker = default_ranker() if model == "shipped" else Ranker.from_dict(two_trees())
    rng = np.random.default_rng(11)
    for n in (1, 2, 5, 8, 40, 300):
        rows = rng.normal(0.0, 2.0, size=(n, len(FEATURES)))
        rows[rng.random(rows.shape) < 0.05] = np.nan  # NaN goes right, as x <= t is false
        rows[:, 0] = rng.choice([0.0, 0.5, 1.0, np.nan], n)
        assert np.array_equal(ranker.logits(rows), walked(ranker, rows), equal_nan=True), n
    # rows that are a view (a column slice): the same logits
    wide = rng.normal(size=(6, 2 * len(FEATURES)))
    assert np.array_equal(
        ranker.logits(wide[:, ::2]), walked(ranker, np.ascontiguousarray(wide[:, ::2]))
    )


def test_logits_of_all_names_at_once_are_each_names_own():
    """resolve_spans scores a document's names in one call: the same logits, bit for bit."""
    from gazetteer.geoparse.resolve import _logits_by_name

    model = default_ranker()
    rng = np.random.default_rng(3)
    rows = [rng.normal(0.0, 2.0, size=(int(n), len(FEATURES))) for n in rng.integers(1, 12, 200)]
    rows += [np.zeros((1, len(FEATURES))), np.full((3, len(FEATURES)), np.nan)]
    together = _logits_by_name(model, rows)
    assert len(together) == len(rows)
    for own, got in zip(rows, together, strict=True):
        assert np.array_equal(model.logits(own), got, equal_nan=True)
    assert _logits_by_name(model, []) == []
    assert _logits_by_name(None, rows[:2]) == [None, None]


def test_logits_refuse_rows_of_the_wrong_width():
    ranker = Ranker.from_dict(two_trees())
    with pytest.raises(ValueError, match=f"rows must be n x {len(FEATURES)}, got shape"):
        ranker.logits(np.zeros((2, 3)))


def test_a_model_for_other_features_is_refused():
    with pytest.raises(DataError, match="trained on other features .2 columns"):
        Ranker.from_dict(two_trees(features=["a", "b"]))


def test_a_malformed_model_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="malformed ranker model: KeyError: 'trees'"):
        Ranker.from_dict({"features": list(FEATURES), "baseline": 0.0})
    path = tmp_path / "ranker.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DataError, match="is not a JSON object"):
        Ranker.load(path)
    with pytest.raises(DataError, match="cannot read the ranker model"):
        Ranker.load(tmp_path / "missing.json")


def test_the_model_round_trips_through_json(tmp_path):
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(two_trees()), encoding="utf-8")
    ranker = Ranker.load(path)
    assert ranker.calibration == (2.0, 0.5, 0.25)
    assert ranker.depth == 2


def test_the_switch(monkeypatch):
    assert active_ranker() is default_ranker()
    with ranking(None):
        assert active_ranker() is None
    own = Ranker.from_dict(two_trees())
    with ranking(own):
        assert active_ranker() is own
    monkeypatch.setenv("STRIKEMAP_RANKER", "off")
    assert active_ranker() is None


def test_ranker_and_rules_agree_on_a_clear_story(gaz):
    text = (
        "An air strike hit Murzuq in southern Libya; officials in Sabha and Tripoli confirmed it."
    )
    learned = find_toponyms(text, gazetteer=gaz)
    with ranking(None):
        rules = find_toponyms(text, gazetteer=gaz)
    assert [m.place.id for m in learned] == [m.place.id for m in rules]
    assert by_text(learned, "Tripoli").place.country_code == "LY"
    assert all(m.confidence >= DEFAULT_THRESHOLD for m in learned)


def test_a_spelling_variant_abroad_is_left_unresolved_with_its_area(gaz):
    # "Karo" reaches Cairo only as a spelling variant; the text is about Ethiopia
    found = find_toponyms("Soldiers entered Karo in Ethiopia near Jinka.", gazetteer=gaz)
    karo = by_text(found, "Karo")
    assert karo.place is None and karo.confidence == 0.0
    assert karo.reason.startswith("too unsure of Cairo, ")
    assert "somewhere around Jinka, the text's main town" in karo.reason
    assert (karo.area.name, karo.area.country_code) == ("Jinka", "ET")
    assert karo.alternatives[0].place.country_code == "EG"  # the guess, for the reader
    assert karo.as_dict()["area"]["name"] == "Jinka"
    assert by_text(found, "Jinka").confidence >= DEFAULT_THRESHOLD


def test_the_rules_cap_a_spelling_variant_abroad(gaz):
    with ranking(None):
        found = find_toponyms("Soldiers entered Karo in Ethiopia near Jinka.", gazetteer=gaz)
    karo = by_text(found, "Karo")
    assert karo.place.country_code == "EG"
    assert karo.confidence <= ABROAD_VARIANT_CONFIDENCE < DEFAULT_THRESHOLD


def test_a_name_the_gazetteer_lacks_gets_the_main_town_as_area(gaz):
    text = (
        "Shells hit Gao on Monday. In Gao, residents near Quartier Plateau-Nord said the "
        "market closed; Timbuktu was calm."
    )
    quarter = (text.index("Quartier"), text.index(" said"))
    gao = text.index("Gao")
    spans = [(gao, gao + 3), (text.index("Gao", gao + 1), text.index("Gao", gao + 1) + 3)]
    spans += [quarter, (text.index("Timbuktu"), text.index("Timbuktu") + 8)]
    found = resolve_toponyms(text, spans, gazetteer=gaz)
    street = found[2]
    assert street.text == "Quartier Plateau-Nord"
    assert street.place is None
    assert street.area.name == "Gao" and street.area.country_code == "ML"


def test_the_publication_country_breaks_the_rankers_ties(gaz):
    # a model that scores every candidate alike: the rules' order decides, unless the
    # publication country's prior (PUBLICATION_LOGIT) lifts one
    flat = Ranker.from_dict(
        two_trees(
            trees=[
                {
                    "feature": [0],
                    "threshold": [0.0],
                    "left": [-1],
                    "right": [-1],
                    "value": [0.0],
                    "leaf": [1],
                    "depth": 1,
                }
            ]
        )
    )
    text = "Protesters gathered in Tripoli on Sunday."
    with ranking(flat):
        plain = find_toponyms(text, gazetteer=gaz)
        lebanese = find_toponyms(text, gazetteer=gaz, publication_country="LB")
    assert plain[0].place.country_code == "LY"
    assert lebanese[0].place.country_code == "LB"
    assert lebanese[0].confidence > plain[0].confidence
