"""Report, dataset, database and analyst text never runs: the payload corpus through every field.

Every free-text field carries the whole corpus (``tests/payloads.py``) into each map a user
can make: ``map --offline --dataset``, ``map --db`` after ingesting a hostile report and an
analyst's ``correct place --name``, the toponym map, and the app's pages. Each page must
show the text verbatim (HTML-escaped) and show no sign that a payload ran.
"""

import datetime as dt
import html
import json
from dataclasses import replace
from pathlib import Path

import folium
import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.maps.markup import escape_html, escape_markdown
from tests.payloads import CORPUS, SHELL, assert_inert, shown, strike_data, strike_texts

#: Every payload in one string: it goes into every free-text field at once.
ALL = " ¦ ".join(CORPUS)
PAGES = Path(__file__).resolve().parent.parent / "app_pages"

# Dataset keys whose values are codes, dates or enums (validated; not free text).
_STRUCTURAL = {
    "kind",
    "event_type",
    "country_code",
    "published",
    "published_precision",
    "date_start",
    "date_end",
    "date_precision",
    "location_precision",
    "period_start",
    "period_end",
    "stated_direction",  # a compass word, checked
}
# Keys that hold ids or references to ids: the payload is appended, the same way everywhere.
_REFERENCES = {"id", "source_id", "incident_ids"}
# Free-text keys a map shows (the others are stored but not drawn).
_SHOWN = {
    "outlet",
    "statement",
    "place_name",
    "actor",
    "target",
    "platform",
    "notes",
    "coord_source",
    "name",
    "role",
}


def poison(raw, payload):
    """``raw`` with ``payload`` in every string: free text as ``[key]payload``."""

    def walk(value, key):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if isinstance(value, str) and key not in _STRUCTURAL:
            return f"{value}{payload}" if key in _REFERENCES else f"[{key}]{payload}"
        return value

    return walk(raw, None)


@pytest.mark.parametrize("payload", CORPUS)
def test_escaped_text_is_inert_everywhere_and_reads_back_verbatim(payload):
    escaped = escape_html(payload)
    for syntax in ("{{", "{%", "{#", "<", ">", "`", "${", "\\", "'", '"'):
        assert syntax not in escaped
    assert html.unescape(escaped) == payload


@pytest.mark.parametrize("text", [*CORPUS, ALL, "**bold** _it_ [a](http://x) ![i](http://y)"])
def test_escaped_markdown_renders_as_the_text_itself(text):
    # CommonMark (markdown-it) makes no tag of the escaped text and shows it verbatim.
    rendered = MarkdownIt().renderInline(escape_markdown(text))
    assert "<" not in rendered
    assert html.unescape(rendered) == text


def test_map_from_a_hostile_dataset_shows_every_field_verbatim(
    raw_dataset, write_dataset, tmp_path
):
    for source in raw_dataset["sources"]:
        source["url"] = "https://example.org/report"
    bad = poison(raw_dataset, ALL)
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--offline", "--dataset", str(write_dataset(bad))]) == 0
    page = out.read_text("utf-8")
    assert_inert(page)
    data = strike_texts(page)  # the strikes: data that the browser shows with textContent
    for key in sorted(_SHOWN):
        assert shown(f"[{key}]{ALL}") in page or f"[{key}]{ALL}" in data, key
    # nothing was lost to a template: every strike, site and claim is drawn
    ((*_, fields, columns),) = strike_data(page)
    assert len(columns[0]) == 5
    assert sum(len(claims) for claims in columns[fields.index("claims")]) == 8
    assert page.count("strikemap-site-") == 6
    assert page.count('<li class="strikemap-claim">') == 6  # the sites' claims


@pytest.mark.parametrize("payload", ["{% raw", "{{", "{#", "{%", "}}{{ x", SHELL])
def test_one_bad_field_does_not_break_the_map(raw_dataset, write_dataset, tmp_path, payload):
    """Before the fix, a bare ``{%`` in a note was a TemplateSyntaxError for the whole map."""
    raw_dataset["incidents"][0]["notes"] = payload
    out = tmp_path / "map.html"
    assert (
        main(["map", "-o", str(out), "--offline", "--dataset", str(write_dataset(raw_dataset))])
        == 0
    )
    page = out.read_text("utf-8")
    assert_inert(page)
    ((*_, fields, columns),) = strike_data(page)
    assert columns[fields.index("notes")][0] == payload


def test_map_from_a_database_with_a_hostile_report_and_correction(
    tmp_path, gazetteer_index, capsys
):
    db = tmp_path / "case.sqlite"
    report = tmp_path / "report.txt"
    report.write_text(
        f"Outlet: Wire {ALL}\nPublished: 2019-09-20\nTitle: Title {ALL}\n\n"
        f"A U.S. drone strike on Thursday killed eight Daesh fighters in a compound in "
        f"Murzuq, in southern Libya, U.S. Africa Command said {SHELL} and {{{{7*7}}}}.\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(report), "--db", str(db), "--json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    (incident_id,) = stored["files"][0]["incidents_new"]
    out = tmp_path / "map.html"
    assert main(["map", "--db", str(db), "-o", str(out), "--offline"]) == 0
    page = out.read_text("utf-8")
    assert_inert(page)
    data = strike_texts(page)
    assert f"Wire {ALL}" in data
    assert f"U.S. Africa Command said {SHELL} and {{{{7*7}}}}." in data

    name = f"Murzuq {ALL}"
    fix = ["correct", "place", incident_id, "--at", "25.9,13.9", "--name", name]
    assert main([*fix, "--country", "LY", "--why", f"why {ALL}", "--db", str(db)]) == 0
    assert main(["map", "--db", str(db), "-o", str(out), "--offline"]) == 0
    page = out.read_text("utf-8")
    assert_inert(page)
    assert name in strike_texts(page).split("\n")  # the popup's and tooltip's place
    assert f"{shown(name)} → " in page  # the distance line's tooltip


def test_toponym_map_shows_hostile_names_and_reasons_verbatim():
    from gazetteer.geoparse import ToponymMatch
    from gazetteer.model import Place, PlaceKind
    from geo.maps.render import build_toponym_map, render_map_html

    place = Place(
        id=f"curated:{ALL}",
        name=f"Murzuq {ALL}",
        kind=next(iter(PlaceKind)),
        feature_code=ALL,
        country_code="LY",
        admin1=ALL,
        lat=25.9,
        lon=13.9,
        population=0,
        prominence=0.5,
        source=ALL,
    )
    matches = [
        ToponymMatch(0, 6, f"text {ALL}", place, 0.9, (), f"reason {ALL}"),
        ToponymMatch(9, 12, f"other {ALL}", place, 0.8, (), f"reason {ALL}"),
    ]
    page = render_map_html(build_toponym_map(matches), offline=True)
    assert_inert(page)
    assert f"<h4>{shown(place.name)}</h4>" in page
    assert f"Named in the text as: {shown('text ' + ALL)}, {shown('other ' + ALL)}" in page
    assert f"<p>{shown('reason ' + ALL)} (confidence 0.90)</p>" in page
    assert shown(f"{place.name} (2×)") in page  # the tooltip


def _elements(element):
    """Every element under ``element``, depth first."""
    for child in element._children.values():
        yield child
        yield from _elements(child)


def test_no_element_of_a_map_compiles_its_text(dataset, gaz):
    """The guard behind escaping: whatever carries text puts it in the page as data.

    folium adds each element's rendered output to the page as ``Element(text)``, which
    compiles ``text`` as a Jinja2 template. A new kind of element in a map fails here until
    it renders once (``geo.maps.render._RenderedOnce``) or joins the few that never carry text
    from a record.
    """
    from folium.elements import ElementAddToElement
    from folium.plugins import MarkerCluster

    from gazetteer.geoparse.toponyms import find_toponyms
    from geo.maps.render import (
        _Legend,
        _Responsive,
        _Verbatim,
        build_incident_map,
        build_toponym_map,
    )

    no_record_text = (
        folium.FeatureGroup,
        MarkerCluster,
        folium.LayerControl,
        folium.FitBounds,
        folium.TileLayer,
        ElementAddToElement,
        _Legend,
        _Responsive,
    )
    many = replace(
        dataset,
        incidents=tuple(replace(dataset.incidents[0], id=f"s{k}") for k in range(60)),
        aggregates=(),
    )
    maps = [
        build_incident_map(dataset, offline=True),
        build_incident_map(many, offline=False),  # clustered, with tiles
        build_toponym_map(find_toponyms("Strikes hit Murzuq and Sabha.", gazetteer=gaz)),
    ]
    checked = 0
    for fmap in maps:
        figure = fmap.get_root()
        figure.render()
        for element in _elements(fmap):
            if isinstance(element, no_record_text):
                continue
            outputs = [
                part._children[element.get_name()]
                for part in (figure.header, figure.html, figure.script)
                if element.get_name() in part._children
            ]
            assert outputs, type(element)
            assert all(isinstance(out, _Verbatim) for out in outputs), type(element)
            checked += 1
    # popups, tooltips, label icons, markers, lines, the country outlines and the strike and
    # area layers (the strikes themselves are one data block each, not elements)
    assert checked > 80  # 93 today


# --- the app ---------------------------------------------------------------------------


def _map_args(at):
    """The arguments of the page's map component (the script that draws it, its HTML)."""
    (component,) = at.get("component_instance")
    return component.proto.json_args


@pytest.fixture
def incident_db(tmp_path, monkeypatch, gazetteer_index):
    path = tmp_path / "incidents.sqlite"
    monkeypatch.setenv("STRIKEMAP_DB", str(path))
    return path


def test_incidents_page_shows_a_hostile_report_verbatim(incident_db):
    at = AppTest.from_file(str(PAGES / "incidents_page.py"), default_timeout=60).run()
    at.text_area[0].set_value(
        "A U.S. drone strike on Thursday killed eight Daesh fighters in a compound in "
        f"Murzuq, in southern Libya, U.S. Africa Command said {SHELL} and {{{{7*7}}}}."
    )
    at.date_input[0].set_value(dt.date(2019, 9, 20))
    at.text_input[0].set_value(f"Wire {ALL}")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "1 claim(s), 0 aggregate(s); 0 new incident(s), 1 updated"
    args = _map_args(at)
    assert_inert(args)
    assert f"Wire {ALL}" in strike_texts(args)

    # an analyst re-places the chosen incident under a hostile name
    at.selectbox[0].set_value("ly-2019-09-19-murzuq").run()
    next(t for t in at.text_input if t.label == "Place name").set_value(f"Murzuq {ALL}")
    at.text_input(key="why_place").set_value("test")
    next(b for b in at.button if b.label == "Save place").click().run()
    assert not at.exception and not at.error
    args = _map_args(at)
    assert_inert(args)
    assert f"Murzuq {ALL}" in strike_texts(args).split("\n")


def test_geoparse_page_map_is_inert_for_hostile_text(gazetteer_index):
    at = AppTest.from_file(str(PAGES / "geoparse_page.py"), default_timeout=60).run()
    at.text_area[0].set_value(f"Strikes hit Murzuq, in Libya. {ALL} Murzuq {SHELL}").run()
    assert not at.exception and not at.error
    args = _map_args(at)
    assert_inert(args)
    assert "strikemap-toponym" in args
    assert list(at.dataframe[0].value["text"])[:2] == ["Murzuq", "Libya"]


def test_map_page_shows_a_hostile_dataset_verbatim(raw_dataset, monkeypatch, tmp_path):
    """The landing map reads the database: here one seeded with a hostile dataset, whose
    bases the page draws too."""
    import streamlit as st

    import geo
    from geo.io.dataset import dataset_from_json
    from geo.store.database import IncidentStore

    hostile = dataset_from_json(poison(raw_dataset, ALL))
    db = tmp_path / "hostile.sqlite"
    with IncidentStore.open(db) as store:
        store.seed(hostile)
    monkeypatch.setenv("STRIKEMAP_DB", str(db))
    monkeypatch.setattr(geo, "load_default_dataset", lambda: hostile)
    st.cache_resource.clear()  # the page caches what it read
    try:
        at = AppTest.from_file(str(PAGES / "map_page.py"), default_timeout=60).run()
    finally:
        st.cache_resource.clear()
    assert not at.exception and not at.error
    args = _map_args(at)
    assert_inert(args)
    texts = strike_texts(args).split("\n")
    assert f"[place_name]{ALL}" in texts
    assert f"[outlet]{ALL}" in texts
    assert json.dumps(shown(f"[name]{ALL}"))[1:-1] in args  # a base's popup


def test_places_page_shows_a_hostile_query_verbatim(gazetteer_index):
    query = "Zzqx **bold** ![img](http://x/y.png) <b>{{7*7}}</b>"
    at = AppTest.from_file(str(PAGES / "places_page.py"), default_timeout=60).run()
    at.text_input[0].set_value(query).run()
    assert not at.exception and not at.error
    rendered = MarkdownIt().renderInline(at.info[0].value)
    assert "<" not in rendered  # no emphasis, image or tag: the text itself
    assert html.unescape(rendered) == f"No place found for {query!r}."
