"""The review queue: candidates and contested incidents, accepted, rejected or merged."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.review import Change, apply_verdict, changes, review_queue
from geo.maps.markup import escape_markdown
from geo.store.database import IncidentStore, StoreError
from tests.factories import SABHA, make_article, make_claim, stub
from tests.payloads import CORPUS

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "review_page.py")
CANDIDATE = "ly-2019-12-20-sabha"
CONTESTED = "ly-2019-12-22-murzuq"


def fill(store: IncidentStore, *, outlet: str = "Wire A", sentence: str = "") -> None:
    """The seeded case plus a candidate at Sabha (confidence 0.3) and a contested strike at
    Murzuq (two outlets: 8 killed and 30 killed)."""
    store.ingest(
        make_article("low", outlet=outlet, day="2019-12-21"),
        extract=stub(make_claim(0, "2019-12-20", place=SABHA, confidence=0.3, sentence=sentence)),
    )
    store.ingest(
        make_article("first", outlet="Wire B", day="2019-12-23"),
        extract=stub(make_claim(0, "2019-12-22", killed=8)),
    )
    store.ingest(
        make_article("second", outlet="Wire C", day="2019-12-23"),
        extract=stub(make_claim(0, "2019-12-22", killed=30)),
    )


@pytest.fixture
def review_db(tmp_path, monkeypatch):
    path = tmp_path / "incidents.sqlite"
    monkeypatch.setenv("STRIKEMAP_DB", str(path))
    with IncidentStore.open(path, seed=True) as store:
        fill(store)
    return path


def test_the_queue_lists_candidates_and_contested_least_confident_first(review_db):
    with IncidentStore.open(review_db) as store:
        queue = review_queue(store.incidents(), store.audit())
        assert [(i.id, i.status.value, i.confidence) for i in queue] == [
            (CANDIDATE, "candidate", 0.3),
            (CONTESTED, "contested", 1.0),
        ]
        store.review(CONTESTED, "accept", why="both outlets saw it")
        queue = review_queue(store.incidents(), store.audit())
        assert [i.id for i in queue] == [CANDIDATE]  # accepted: judged, though still contested
        assert store.incident(CONTESTED).status.value == "contested"


def test_a_verdict_says_what_changed(review_db):
    with IncidentStore.open(review_db) as store:
        summary, after, changed = apply_verdict(store, CANDIDATE, "accept", why="seen by two")
        assert summary == f"accepted {CANDIDATE}"
        assert after.status.value == "single source"
        assert changed == [Change("status", "candidate", "single source")]
        summary, after, changed = apply_verdict(
            store, CONTESTED, "merge", why="one strike", into="ly-2019-09-19-murzuq"
        )
        assert summary == f"merged {CONTESTED} into ly-2019-09-19-murzuq"
        assert [c.field for c in changed] == ["status", "claims", "outlets", "killed", "conflicts"]
        assert changed[:2] == [
            Change("status", "corroborated", "contested"),
            Change("claims", "2", "4"),
        ]
        with pytest.raises(StoreError, match="^choose the incident to merge into$"):
            apply_verdict(store, CANDIDATE, "merge", why="x")
        with pytest.raises(
            StoreError, match="^a verdict is one of accept, reject, merge, got 'x'$"
        ):
            apply_verdict(store, CANDIDATE, "x", why="x")


def test_changes_of_an_unchanged_incident_are_none(review_db):
    with IncidentStore.open(review_db) as store:
        incident = store.incident(CANDIDATE)
    assert changes(incident, incident) == []


COLUMNS = {
    "review_queue": "conflicts",
    "review_claims": "why this confidence",
    "review_changes": "field",
    "review_trail": "incident",
}


def table(at, name):
    """The page's table ``name`` (AppTest does not expose a dataframe's key): by a column."""
    (found,) = [d.value for d in at.dataframe if COLUMNS[name] in d.value.columns]
    return found


def _page():
    return AppTest.from_file(PAGE, default_timeout=60).run()


def _verdict(at, verdict, why, into=None):
    at.radio(key="review_verdict").set_value(verdict)
    if into is not None:
        at.selectbox(key="review_into").set_value(into)
    at.text_input(key="review_why").set_value(why)
    [b for b in at.button if b.label == "Record verdict"][0].click().run()


def test_the_page_accepts_a_candidate_and_shows_what_changed(review_db):
    at = _page()
    assert not at.exception and not at.error
    queue = table(at, "review_queue")
    assert list(queue["id"]) == [CANDIDATE, CONTESTED]
    assert list(queue["confidence"]) == [0.3, 1.0]
    assert list(queue["outlets"]) == ["Wire A", "Wire B, Wire C"]
    claims = table(at, "review_claims")
    assert list(claims["outlet"]) == ["Wire A"] and list(claims["confidence"]) == [0.3]

    _verdict(at, "accept", "   ")  # a blank reason is refused, nothing changes
    assert not at.exception
    assert [e.value for e in at.error] == ["say why: every correction needs a reason"]
    assert list(table(at, "review_queue")["id"]) == [CANDIDATE, CONTESTED]

    _verdict(at, "accept", "AFRICOM confirmed it")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [escape_markdown(f"accepted {CANDIDATE}")]
    changed = table(at, "review_changes")
    assert changed.to_dict("records") == [
        {"field": "status", "was": "candidate", "now": "single source"}
    ]
    assert list(table(at, "review_queue")["id"]) == [CONTESTED]
    trail = table(at, "review_trail")
    assert trail.iloc[0][["action", "incident", "why"]].tolist() == [
        "accept",
        CANDIDATE,
        "AFRICOM confirmed it",
    ]


def test_the_page_rejects_and_merges_each_audited(review_db):
    at = _page()
    _verdict(at, "reject", "a training exercise")
    assert not at.exception and not at.error
    assert list(table(at, "review_queue")["id"]) == [CONTESTED]
    with IncidentStore.open(review_db) as store:
        assert store.incident(CANDIDATE).status.value == "rejected"

    _verdict(at, "merge", "the same strike")  # no target chosen
    assert [e.value for e in at.error] == ["choose the incident to merge into"]
    _verdict(at, "merge", "the same strike", into="ly-2019-09-19-murzuq")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        escape_markdown(f"merged {CONTESTED} into ly-2019-09-19-murzuq")
    ]
    changed = table(at, "review_changes")
    assert changed.iloc[0].tolist() == ["status", "corroborated", "contested"]
    assert changed.iloc[1].tolist() == ["claims", "2", "4"]
    # the merge made the target contested (8 and 30 killed): it now waits for a verdict
    assert list(table(at, "review_queue")["id"]) == ["ly-2019-09-19-murzuq"]
    trail = table(at, "review_trail")
    assert trail[["action", "incident", "why"]].values.tolist() == [
        ["merged-into", CONTESTED, "the same strike"],
        ["merge", "ly-2019-09-19-murzuq", "the same strike"],
        ["reject", CANDIDATE, "a training exercise"],
    ]


@pytest.mark.parametrize("payload", CORPUS[:6] + CORPUS[-5:])
def test_hostile_outlets_and_sentences_show_verbatim(tmp_path, monkeypatch, payload):
    path = tmp_path / "incidents.sqlite"
    monkeypatch.setenv("STRIKEMAP_DB", str(path))
    with IncidentStore.open(path, seed=True) as store:
        fill(store, outlet=payload, sentence=f"Strike in Sabha. {payload}")
    at = _page()
    assert not at.exception and not at.error
    assert payload in list(table(at, "review_queue")["outlets"])
    claims = table(at, "review_claims")
    assert list(claims["outlet"]) == [payload]
    _verdict(at, "reject", payload)
    assert not at.exception and not at.error
    assert table(at, "review_trail").iloc[0]["why"] == payload
    for block in at.markdown:  # every Markdown the page wrote is escaped
        assert payload not in block.value or block.value == escape_markdown(payload)


def test_an_empty_queue_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("STRIKEMAP_DB", str(tmp_path / "incidents.sqlite"))  # created, seeded
    at = _page()
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [
        "Nothing waits for review: no candidates, and every contested incident is judged."
    ]
    assert [c.value for c in at.caption][-1] == "No verdicts yet."
