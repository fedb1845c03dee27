"""Consolidation: merging incidents that later evidence shows are one strike.

Extraction is stubbed (tests/factories.py): each article gives the claims the test names, so
these tests pin the pass's rules alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.model.claims import ClaimedPlace
from geo.model.records import DatePrecision, LocationPrecision
from geo.store.consolidation import (
    CONSOLIDATION_WHO,
    ConsolidatedMerge,
    consolidate,
    same_strike,
)
from geo.store.database import IncidentStore
from tests.factories import JILIB, SOUTHWEST, make_article, make_claim, make_store

NEAR_JILIB = ClaimedPlace("near Jilib", 0.50, 42.79, "SO", LocationPrecision.NEAR_TOWN, 25.0)
STATEMENT = ("date: date from 'Tuesday' (the date of the statement): Tuesday",)


def _two(
    tmp_path: Path,
    first: dict,
    second: dict,
    *,
    published: tuple[str, str] = ("2022-10-04", "2022-10-06"),
) -> IncidentStore:
    """A store with two articles (two outlets), one claim each, ingested in this order."""
    defaults = {"place": JILIB, "killed": 27}
    return make_store(
        tmp_path / "inc.sqlite",
        (
            make_article("First report.", published[0], outlet="Wire A"),
            (make_claim(0, **{**defaults, **first}),),
        ),
        (
            make_article("Second report.", published[1], outlet="Wire B"),
            (make_claim(0, **{**defaults, **second}),),
        ),
    )


def _ids(store: IncidentStore) -> list[str]:
    return [i.id for i in store.incidents()]


def test_same_site_and_toll_days_apart_are_merged_audited_on_the_strikes_day(
    tmp_path: Path,
) -> None:
    # the first outlet gives the statement's day (its own publication day), the second the
    # strike's: three days apart, linking keeps them apart; the same site and toll join them
    with _two(tmp_path, {"day": "2022-10-04"}, {"day": "2022-10-01"}) as store:
        assert _ids(store) == ["so-2022-10-01-jilib", "so-2022-10-04-jilib"]
        merges = consolidate(store, _ids(store))
        reason = "one strike: same site (Jilib, 0 km apart) and toll (27), 3 days apart"
        # equally sourced and sure: the first id stays
        assert merges == [ConsolidatedMerge("so-2022-10-01-jilib", "so-2022-10-04-jilib", reason)]
        (merged,) = store.incidents()
        assert merged.id == "so-2022-10-01-jilib"
        assert merged.outlets == ("Wire A", "Wire B")
        # the day the report gives for the strike, not the first report's publication day
        assert (merged.date_start, merged.date_end) == (dt.date(2022, 10, 1),) * 2
        assert merged.fatalities is not None and merged.fatalities.best == 27
        (entry,) = [e for e in store.audit("so-2022-10-01-jilib") if e.action == "merge"]
        assert (entry.who, entry.why) == (CONSOLIDATION_WHO, reason)
        assert entry.what["merged"] == "so-2022-10-04-jilib"
        assert store.incident("so-2022-10-04-jilib").id == "so-2022-10-01-jilib"
        assert consolidate(store, _ids(store)) == []  # nothing more to do


def test_a_statements_day_gives_way_to_the_strikes_day(tmp_path: Path) -> None:
    with _two(
        tmp_path,
        {"day": "2022-10-04", "reasons": STATEMENT},
        {"day": "2022-10-02"},
        published=("2022-10-05", "2022-10-06"),
    ) as store:
        (merge,) = consolidate(store, _ids(store))
        assert merge.reason.endswith("and toll (27), 2 days apart")
        (merged,) = store.incidents()
        assert merged.date_start == dt.date(2022, 10, 2)
        assert merged.conflicts == ("dates disagree",)


@pytest.mark.parametrize(
    ("second", "why"),
    [
        ({"day": "2022-10-01", "killed": 30}, "different tolls"),
        ({"day": "2022-10-01", "killed": 3}, "a small toll is no evidence"),
        ({"day": "2022-10-01", "killed": None}, "no toll: only a day apart may merge"),
        ({"day": "2022-09-27"}, "too far apart in time (7 days)"),
        ({"day": "2022-10-01", "place": SOUTHWEST}, "another country's region"),
        ({"day": "2022-10-04", "event": "raid"}, "a raid is not an air strike"),
    ],
)
def test_what_is_not_merged(tmp_path: Path, second: dict, why: str) -> None:
    with _two(tmp_path, {"day": "2022-10-04", "killed": 3 if "small" in why else 27}, second) as (
        store
    ):
        before = _ids(store)
        assert len(before) == 2, why
        assert consolidate(store, before) == [], why
        assert _ids(store) == before


def test_region_level_incidents_are_never_merged(tmp_path: Path) -> None:
    region = ClaimedPlace("Lower Juba", 0.4, 42.6, "SO", LocationPrecision.REGION, 120.0)
    with _two(tmp_path, {"day": "2022-10-04", "place": region}, {"day": "2022-10-01"}) as store:
        assert consolidate(store, _ids(store)) == []


def test_a_day_apart_when_linking_could_not_tell(tmp_path: Path) -> None:
    # a two-day range no finer than a week and the next day: linking allows a day's slack only
    # between dates given to the day
    with _two(
        tmp_path,
        {"day": "2022-10-01", "end": "2022-10-02", "killed": None, "precision": DatePrecision.WEEK},
        {"day": "2022-10-03", "place": NEAR_JILIB, "killed": 4},
    ) as store:
        assert len(_ids(store)) == 2
        (merge,) = consolidate(store, _ids(store))
        assert merge.reason == (
            "one strike: same site (Jilib, 1 km apart), a day apart, tolls that do not disagree"
        )
        (merged,) = store.incidents()
        assert merged.place == JILIB  # the finer place stands


def test_a_day_apart_with_disagreeing_tolls_stays_apart(tmp_path: Path) -> None:
    with _two(
        tmp_path,
        {"day": "2022-10-01", "end": "2022-10-02", "killed": 1, "precision": DatePrecision.WEEK},
        {"day": "2022-10-03", "killed": 10},
    ) as store:
        assert consolidate(store, _ids(store)) == []


def test_one_articles_claims_are_never_merged(tmp_path: Path) -> None:
    claims = (make_claim(0, "2022-10-01", place=JILIB, killed=27),) + (
        make_claim(1, "2022-10-04", place=JILIB, killed=27),
    )
    with make_store(tmp_path / "inc.sqlite", (make_article(), claims)) as store:
        assert len(_ids(store)) == 2
        assert consolidate(store, _ids(store)) == []


def test_an_analysts_split_is_never_merged_back(tmp_path: Path) -> None:
    with _two(tmp_path, {"day": "2022-10-04"}, {"day": "2022-10-01"}) as store:
        (merge,) = consolidate(store, _ids(store))
        claim = store.incident(merge.keep).claims[-1].id
        store.split(merge.keep, [claim], why="two strikes, says the field team", who="ana")
        assert len(_ids(store)) == 2
        assert consolidate(store, _ids(store)) == []
        assert len(_ids(store)) == 2


def test_a_rejected_incident_is_left_alone(tmp_path: Path) -> None:
    with _two(tmp_path, {"day": "2022-10-04"}, {"day": "2022-10-01"}) as store:
        store.review("so-2022-10-01-jilib", "reject", why="a duplicate", who="ana")
        assert consolidate(store, _ids(store)) == []


def test_unknown_and_merged_away_ids_are_skipped(tmp_path: Path) -> None:
    with _two(tmp_path, {"day": "2022-10-04"}, {"day": "2022-10-01"}) as store:
        ids = _ids(store)
        assert len(consolidate(store, ["no-such-incident", *ids, *ids])) == 1


def test_same_strike_is_symmetric_and_names_the_rule(tmp_path: Path) -> None:
    with _two(tmp_path, {"day": "2022-10-04"}, {"day": "2022-10-01"}) as store:
        a, b = store.incidents()
        assert same_strike(a, b) == same_strike(b, a) is not None
        assert same_strike(a, a) is None


def test_ingest_reports_consolidates_its_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geo.extraction import extract as extraction
    from geo.store.ingest import PendingReport, ingest_reports

    claims = {
        "Wire A": make_claim(0, "2022-10-04", place=JILIB, killed=27),
        "Wire B": make_claim(0, "2022-10-01", place=JILIB, killed=27),
    }

    def fake(text: str, *, outlet: str, **_: object):  # noqa: ANN202
        from geo.model.claims import Extraction

        return Extraction("x", (claims[outlet],), ())

    monkeypatch.setattr(extraction, "extract_claims", fake)
    reports = [
        PendingReport(outlet, lambda o=outlet: make_article(f"{o}.", "2022-10-04", outlet=o))
        for outlet in claims
    ]
    with IncidentStore.open(tmp_path / "inc.sqlite") as store:
        batch = ingest_reports(store, reports, gazetteer=object())  # type: ignore[arg-type]
        assert [m.merged for m in batch.merges] == ["so-2022-10-04-jilib"]
        assert batch.incidents_new == {"so-2022-10-01-jilib"}
        assert batch.summary()["incidents_merged"] == 1
        assert _ids(store) == ["so-2022-10-01-jilib"]
    with IncidentStore.open(tmp_path / "other.sqlite") as store:
        batch = ingest_reports(store, reports, gazetteer=object(), consolidating=False)  # type: ignore[arg-type]
        assert batch.merges == [] and len(_ids(store)) == 2
