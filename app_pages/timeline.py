"""The map page's time histogram: strikes per week or month, brushed to set the date filter.

:func:`strikes_per_period` and :func:`date_range_from_brush` are plain functions (tested
without a browser); :func:`time_histogram` draws the Vega-Lite chart (an interval selection
on the time axis) and, on a brush, writes the range into the shared filter's date widgets,
so it reaches the map, the table, the downloads and the URL query (``since``, ``until``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from gazetteer.errors import InvalidQueryError
from geo.model.records import Incident

__all__ = [
    "PERIODS",
    "date_range_from_brush",
    "default_period",
    "period_bounds",
    "strikes_per_period",
    "time_histogram",
]

#: The histogram's bins.
PERIODS = ("week", "month")
#: The name of the chart's interval selection.
BRUSH = "brush"


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise InvalidQueryError(f"period must be 'week' or 'month', got {period!r}")


def period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the week (Monday to Sunday) or month holding ``day``.

    Examples
    --------
    >>> period_bounds(dt.date(2019, 9, 19), "week")
    (datetime.date(2019, 9, 16), datetime.date(2019, 9, 22))
    >>> period_bounds(dt.date(2020, 2, 10), "month")
    (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))
    """
    _check_period(period)
    if period == "week":
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def default_period(incidents: Sequence[Incident]) -> str:
    """``week`` when the incidents span half a year or less, else ``month``."""
    if not incidents:
        return "month"
    days = (max(i.date_start for i in incidents) - min(i.date_start for i in incidents)).days
    return "week" if days <= 183 else "month"


def strikes_per_period(incidents: Sequence[Incident], period: str) -> pd.DataFrame:
    """Incidents per week or month by their first day: columns ``start``, ``end`` (the
    period's first day and the day after its last, as timestamps) and ``strikes``, one row
    per period from the first to the last (empty periods count 0)."""
    _check_period(period)
    columns = ["start", "end", "strikes"]
    if not incidents:
        return pd.DataFrame(columns=columns)
    counts: dict[dt.date, int] = {}
    for incident in incidents:
        first, _ = period_bounds(incident.date_start, period)
        counts[first] = counts.get(first, 0) + 1
    rows = []
    day, last = min(counts), max(counts)
    while day <= last:
        _, end = period_bounds(day, period)
        after = end + dt.timedelta(days=1)
        rows.append((pd.Timestamp(day), pd.Timestamp(after), counts.get(day, 0)))
        day = after
    return pd.DataFrame(rows, columns=columns)


def _day(value: Any) -> dt.date:
    if isinstance(value, int | float):  # Vega-Lite gives a time as milliseconds since 1970
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    return pd.Timestamp(value).date()


def date_range_from_brush(
    selection: Mapping[str, Any] | None, period: str
) -> tuple[dt.date, dt.date] | None:
    """The date range a brush on the histogram selects, widened to whole periods.

    ``selection`` is the chart's selection state (``{"brush": {"start": [low, high]}}``,
    times as milliseconds since 1970 UTC or ISO dates); ``None`` when nothing is brushed.
    The end is the last day of the period the brush ends in: a period's bar spans up to the
    start of the next, so a brush ending exactly there does not take in the next period.

    Examples
    --------
    >>> date_range_from_brush({"brush": {"start": [1568592000000, 1569801600000]}}, "week")
    (datetime.date(2019, 9, 16), datetime.date(2019, 9, 29))
    >>> date_range_from_brush({"brush": {}}, "week") is None
    True
    """
    brush = (selection or {}).get(BRUSH) or {}
    values = brush.get("start") if isinstance(brush, Mapping) else None
    if not values or len(values) != 2:
        return None
    low, high = sorted(_day(v) for v in values)
    since, _ = period_bounds(low, period)
    first_of_high, _ = period_bounds(high, period)
    if high == first_of_high and high > since:  # the brush stops on a period's first day
        high -= dt.timedelta(days=1)
    _, until = period_bounds(high, period)
    return since, until


def time_histogram(  # pragma: no cover - drawn by the app and browser tests
    incidents: Sequence[Incident], *, since: dt.date | None, until: dt.date | None
) -> None:
    """Draw the histogram of ``incidents`` (the filter's matches but for the dates).

    The periods inside the filter's date range are drawn dark, the rest light. A brush sets
    the shared filter's ``From`` and ``To`` dates (keys ``f_since``, ``f_until``); clearing
    the brush clears them.
    """
    import altair as alt
    import streamlit as st

    if not incidents:
        return
    period = st.session_state.get("time_period") or default_period(incidents)
    frame = strikes_per_period(incidents, period)
    frame = frame[frame["strikes"] > 0]  # no bar where there is no strike
    frame["shown"] = [
        (since is None or end.date() > since) and (until is None or start.date() <= until)
        for start, end in zip(frame["start"], frame["end"], strict=True)
    ]
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("start:T", title=None, scale=alt.Scale(padding=8)),
            x2="end:T",
            y=alt.Y("strikes:Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
            y2=alt.datum(0),  # a bar from zero (with x2, a bar is otherwise a range on x)
            color=alt.condition(
                alt.datum.shown, alt.value("#b2182b"), alt.value("#d9b8b8"), legend=None
            ),
            tooltip=[
                alt.Tooltip("start:T", title=f"{period} from"),
                alt.Tooltip("strikes:Q", title="strikes"),
            ],
        )
        .add_params(brush)
        .properties(
            height=120, title=f"Strikes per {period}: drag across the bars to choose the dates"
        )
    )

    def brushed() -> None:
        state = st.session_state.get("time_brush") or {}
        chosen = date_range_from_brush(state.get("selection"), period)
        st.session_state["f_since"], st.session_state["f_until"] = chosen or (None, None)

    st.altair_chart(chart, height=170, on_select=brushed, selection_mode=BRUSH, key="time_brush")
    st.radio(
        "Strikes per",
        PERIODS,
        index=PERIODS.index(period),
        horizontal=True,
        key="time_period",
        label_visibility="collapsed",
    )
