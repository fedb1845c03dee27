"""The export benchmark compares like with like: its pyogrio baseline writes what we write."""

from __future__ import annotations

import pyogrio

from geo.io.export import ExportFormat
from tests.factories import load_benchmark


def test_the_baseline_writes_the_same_geopackage_layers_and_columns(tmp_path):
    bench = load_benchmark("export_bench")
    data = bench.synthetic(40)
    seconds, cpu, size = bench.ours(data, ExportFormat.GPKG, tmp_path)
    assert seconds > 0 and cpu >= 0 and size > 0
    for arrow in (False, True):
        wall, base_cpu = bench.baseline(data, ExportFormat.GPKG, tmp_path, arrow=arrow)
        assert wall > 0 and base_cpu >= 0
        ours, theirs = tmp_path / "ours.gpkg", tmp_path / "baseline.gpkg"
        assert pyogrio.list_layers(ours).tolist() == pyogrio.list_layers(theirs).tolist()
        for layer, _ in pyogrio.list_layers(ours):
            mine, base = (
                pyogrio.read_info(ours, layer=layer),
                pyogrio.read_info(theirs, layer=layer),
            )
            assert mine["features"] == base["features"], layer
            assert mine["fields"].tolist() == base["fields"].tolist(), layer
            assert mine["dtypes"].tolist() == base["dtypes"].tolist(), layer
            assert mine["geometry_type"] == base["geometry_type"], layer
    assert pyogrio.read_info(ours, layer="uncertainty_areas")["features"] > 10


def test_the_baseline_writes_every_incident_and_site_to_geojson(tmp_path):
    import json

    bench = load_benchmark("export_bench")
    data = bench.synthetic(25)
    bench.ours(data, ExportFormat.GEOJSON, tmp_path)
    bench.baseline(data, ExportFormat.GEOJSON, tmp_path)
    ours = json.loads((tmp_path / "ours.geojson").read_text("utf-8"))["features"]
    base = json.loads((tmp_path / "baseline.geojson").read_text("utf-8"))["features"]
    assert len(ours) == len(base) == 25 + len(data.sites)
    assert set(base[0]["properties"]) >= set(ours[0]["properties"]) - {"sources"}
