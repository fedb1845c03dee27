"""The time histogram above the map: bins, and from a brush to the filter's date range."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.timeline import (
    date_range_from_brush,
    default_period,
    period_bounds,
    strikes_per_period,
)
from gazetteer.errors import InvalidQueryError
from geo import load_default_dataset

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "map_page.py")


def _ms(day: str) -> int:
    return int(pd.Timestamp(day, tz="UTC").timestamp() * 1000)


def test_strikes_per_month_count_every_month_from_the_first_to_the_last():
    incidents = load_default_dataset().incidents
    frame = strikes_per_period(incidents, "month")
    assert len(frame) == 19  # March 2018 to September 2019
    assert frame.iloc[0].tolist() == [pd.Timestamp("2018-03-01"), pd.Timestamp("2018-04-01"), 1]
    assert frame.iloc[-1].tolist() == [pd.Timestamp("2019-09-01"), pd.Timestamp("2019-10-01"), 4]
    assert frame["strikes"].sum() == 5 and (frame["strikes"].iloc[1:-1] == 0).all()


def test_strikes_per_week_start_on_mondays():
    september = [i for i in load_default_dataset().incidents if i.date_start.year == 2019]
    frame = strikes_per_period(september, "week")
    assert [
        (s.date().isoformat(), n) for s, n in zip(frame["start"], frame["strikes"], strict=True)
    ] == [
        ("2019-09-16", 1),  # the 19th
        ("2019-09-23", 3),  # the 24th, 26th and 29th
    ]
    assert default_period(september) == "week"
    assert default_period(load_default_dataset().incidents) == "month"
    assert strikes_per_period([], "week").empty


def test_a_brush_selects_whole_periods():
    brush = {"brush": {"start": [_ms("2019-09-18T13:00"), _ms("2019-09-25")]}}
    assert date_range_from_brush(brush, "week") == (dt.date(2019, 9, 16), dt.date(2019, 9, 29))
    assert date_range_from_brush(brush, "month") == (dt.date(2019, 9, 1), dt.date(2019, 9, 30))
    # ending exactly where the next month's bar starts does not take in that month
    edge = {"brush": {"start": [_ms("2018-12-10"), _ms("2019-02-01")]}}
    assert date_range_from_brush(edge, "month") == (dt.date(2018, 12, 1), dt.date(2019, 1, 31))
    # dragged right to left, or given as ISO dates
    back = {"brush": {"start": ["2019-09-25", "2019-09-18"]}}
    assert date_range_from_brush(back, "week") == (dt.date(2019, 9, 16), dt.date(2019, 9, 29))
    for empty in (None, {}, {"brush": {}}, {"brush": {"start": []}}):
        assert date_range_from_brush(empty, "week") is None


def test_a_period_is_a_week_or_a_month():
    assert period_bounds(dt.date(2019, 12, 31), "month") == (
        dt.date(2019, 12, 1),
        dt.date(2019, 12, 31),
    )
    with pytest.raises(InvalidQueryError, match="^period must be 'week' or 'month', got 'day'$"):
        period_bounds(dt.date(2019, 12, 31), "day")


def test_the_map_page_draws_the_histogram_over_what_the_other_filters_keep(tmp_path, monkeypatch):
    monkeypatch.setenv("STRIKEMAP_DB", str(tmp_path / "incidents.sqlite"))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["since"] = "2019-09-20"
    at.run()
    assert not at.exception and not at.error
    assert at.radio(key="time_period").value == "month"
    assert len(at.dataframe[0].value) == 3  # the table follows the dates
    at.radio(key="time_period").set_value("week").run()
    assert not at.exception and not at.error
    assert len(at.dataframe[0].value) == 3  # switching the bins keeps the range
