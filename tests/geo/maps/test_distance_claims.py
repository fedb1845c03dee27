"""A distance claim ("nearly 600 miles south of Tripoli") checked and drawn on the map."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from gazetteer.geodesy import geodesic_distance
from geo.cli import main
from geo.maps.render import build_incident_map, distance_claim_label, render_map_html
from geo.model.claims import DistanceCheck, Quote

REPORTS = Path(__file__).resolve().parents[2] / "corpus" / "incidents" / "reports"
TRIPOLI, MURZUQ = (32.88743, 13.18733), (25.91552, 13.91839)

# the claim lines folium writes: L.polyline([[lat, lon], ...], {... className ...})
_CLAIM_LINE = re.compile(
    r"L\.polyline\(\s*(\[\[[-\d.,\s\[\]e]*?\]\]),\s*\{[^}]*\"className\": \"strikemap-distance-claim\"",
    re.S,
)
_CLAIM_LABEL = re.compile(
    r"strikemap-distance-claim-label (strikemap-claim-\w+)\\\"\\u003e(.*?)\\u003c"
)


def _check(stated_km, *, anchor_name="Tripoli", place_name="Murzuq", text=None):
    measured = geodesic_distance(TRIPOLI, MURZUQ)
    return DistanceCheck(
        index=0,
        sentence=Quote(0, 10, "a sentence"),
        text=text or f"{stated_km:.0f} km south of {anchor_name}",
        place_name=place_name,
        anchor_name=anchor_name,
        stated_km=stated_km,
        stated_direction="south",
        computed_km=measured.km,
        computed_bearing_deg=measured.bearing_deg,
        verdict="",
        place_lat=MURZUQ[0],
        place_lon=MURZUQ[1],
        anchor_lat=TRIPOLI[0],
        anchor_lon=TRIPOLI[1],
    )


def _drawn(page):
    lines = [json.loads(found) for found in _CLAIM_LINE.findall(page)]
    labels = _CLAIM_LABEL.findall(page)
    return lines, labels


@pytest.mark.usefixtures("gazetteer_index")
def test_the_reports_claim_is_drawn_from_tripoli_to_murzuq_with_its_check(tmp_path, capsys):
    db = tmp_path / "case.sqlite"
    assert main(["ingest", "--db", str(db), str(REPORTS / "ly-02-longform-2019-11-09.txt")]) == 0
    out = tmp_path / "map.html"
    assert main(["map", "--db", str(db), "--offline", "-o", str(out)]) == 0
    capsys.readouterr()
    (line,), ((kind, label),) = _drawn(out.read_text("utf-8"))
    # from the reference place (Tripoli) to the place (Murzuq, as the gazetteer spells it)
    assert geodesic_distance(line[0], TRIPOLI).km < 5
    assert geodesic_distance(line[-1], MURZUQ).km < 5
    # the line is the geodesic: its length is the measured 776 km
    length = sum(geodesic_distance(a, b).km for a, b in zip(line, line[1:], strict=False))
    assert length == pytest.approx(776, abs=3)
    assert kind == "strikemap-claim-disagrees"
    assert label == (
        "Tripoli \\u2192 Murzuk: claimed 966 km (600 mi), measured 776 km (482 mi): "
        "disagrees (24% off)"
    )
    assert "Distance claims checked (1)" in out.read_text("utf-8")


def test_a_claim_within_the_tolerance_agrees():
    check = _check(800.0)  # 3 % more than the geodesic
    assert check.agrees and not _check(600.0).agrees
    page = render_map_html(
        build_incident_map(_dataset(), offline=True, distance_checks=[check]), offline=True
    )
    ((line,), ((kind, label),)) = _drawn(page)
    assert kind == "strikemap-claim-agrees"
    assert label == (
        "Tripoli \\u2192 Murzuq: claimed 800 km (497 mi), measured 776 km (482 mi): agrees"
    )
    assert len(line) == 33  # 32 geodesic segments


def test_checks_stored_without_points_are_not_drawn():
    old = DistanceCheck.from_dict(
        {
            key: value
            for key, value in _check(966.0).as_dict().items()
            if not key.endswith(("_lat", "_lon"))
        }
    )
    assert old.points_latlon is None
    page = render_map_html(
        build_incident_map(_dataset(), offline=True, distance_checks=[old]), offline=True
    )
    assert _drawn(page) == ([], [])
    assert "Distance claims checked" not in page


def test_a_check_with_half_its_points_is_refused():
    with pytest.raises(ValueError, match=r"give all four of place_lat, place_lon, anchor_lat"):
        replace(_check(966.0), anchor_lat=None)


def test_claim_text_on_the_map_is_escaped():
    hostile = "<img src=x onerror=alert(1)>{{7*7}}"
    check = _check(966.0, anchor_name=hostile, place_name="</script><b>", text=hostile)
    page = render_map_html(
        build_incident_map(_dataset(), offline=True, distance_checks=[check]), offline=True
    )
    assert "<img src=x" not in page and "</script><b>" not in page and "{{7*7}}" not in page
    escaped = "&lt;img src=x onerror=alert(1)&gt;&#123;&#123;7*7&#125;&#125;"
    # the line's tooltip quotes the claim and gives the check, escaped
    assert f"“{escaped}”: {escaped} → &lt;/script&gt;&lt;b&gt;: claimed 966 km" in page
    # the label, escaped, inside the icon's JSON (where & < > are \u escapes as well)
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page
    assert distance_claim_label(check).startswith(hostile + " → </script><b>: claimed 966 km")


def _dataset():
    from geo import load_default_dataset

    return load_default_dataset()


def test_the_default_database_draws_the_founding_claim_before_any_report(tmp_path, capsys):
    """A new default database holds the curated claim: its map has the line from the start."""
    from geo.store.database import IncidentStore

    db = tmp_path / "default.sqlite"
    IncidentStore.open(db, seed=True).close()  # as the app's first run makes it
    out = tmp_path / "map.html"
    assert main(["map", "--db", str(db), "--offline", "-o", str(out)]) == 0
    capsys.readouterr()
    (line,), ((kind, label),) = _drawn(out.read_text("utf-8"))
    assert line[0] == pytest.approx(list(TRIPOLI)) and line[-1] == pytest.approx(list(MURZUQ))
    assert kind == "strikemap-claim-disagrees"
    assert label == (
        "Tripoli \\u2192 Murzuq: claimed 966 km (600 mi), measured 776 km (482 mi): "
        "disagrees (24% off)"
    )
    assert "Distance claims checked (1)" in out.read_text("utf-8")
